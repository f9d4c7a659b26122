#include "model/result_table_model.h"

#include "model/persons_paging.h"
#include "model/result_table.h"

#include <QThreadPool>

#include <algorithm>

#include <utility>

namespace hogscope::model {

namespace {

// Freeing a large table gives hundreds of megabytes back to the system, which takes tens of
// milliseconds; that must not happen on the GUI thread, so the last reference dies on a worker.
constexpr size_t kReleaseOffThreadBytes = 4 * 1024 * 1024;

// A cell is drawn by laying out all of its text, so a JSON blob of megabytes would freeze painting:
// the grid and the tooltip show an excerpt; RawValueRole and export have the whole value.
constexpr qsizetype kMaxDisplayChars = 512;
constexpr qsizetype kMaxToolTipChars = 4096;

void release(std::shared_ptr<const ResultTable> table)
{
    if (!table || table.use_count() > 1 || table->memoryBytes() < kReleaseOffThreadBytes)
        return;
    QThreadPool::globalInstance()->start([table = std::move(table)]() mutable { table.reset(); });
}

} // namespace

ResultTableModel::ResultTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

ResultTableModel::~ResultTableModel()
{
    release(std::move(m_table));
}

void ResultTableModel::setTable(std::shared_ptr<const ResultTable> table)
{
    // O(1) on the GUI thread: the table is shared, not copied, and views only ask for visible cells.
    const ChangeGuard guard(m_changing);
    beginResetModel();
    std::shared_ptr<const ResultTable> previous = std::exchange(m_table, std::move(table));
    m_order.reset();
    m_loaded = std::min(shownRowCount(), kRowChunk);
    endResetModel();
    release(std::move(previous));
}

std::shared_ptr<const ResultTable> ResultTableModel::table() const
{
    return m_table;
}

void ResultTableModel::setRowOrder(std::shared_ptr<const std::vector<int>> rows)
{
    if (!m_table)
        rows.reset();
    if (rows == m_order)
        return;
    const int newCount = rows ? int(rows->size()) : m_table->rowCount();
    const ChangeGuard guard(m_changing);
    if (newCount != shownRowCount()) {
        beginResetModel();
        m_order = std::move(rows);
        m_loaded = std::min(newCount, kRowChunk);
        endResetModel();
        return;
    }
    Q_EMIT layoutAboutToBeChanged({}, QAbstractItemModel::VerticalSortHint);
    const QModelIndexList before = persistentIndexList();
    QModelIndexList after;
    if (!before.isEmpty()) {
        // Where each table row lands in the new order (-1: filtered out).
        std::vector<int> position;
        if (rows) {
            position.assign(size_t(m_table->rowCount()), -1);
            for (size_t i = 0; i < rows->size(); ++i)
                position[size_t((*rows)[i])] = int(i);
        }
        after.reserve(before.size());
        for (const QModelIndex& index : before) {
            const int source = sourceRow(index.row());
            const int row = rows ? position[size_t(source)] : source;
            // Filtered out, or moved beyond the rows loaded so far: the index goes.
            after.push_back(row < 0 || row >= m_loaded ? QModelIndex() : createIndex(row, index.column()));
        }
    }
    m_order = std::move(rows);
    if (!before.isEmpty())
        changePersistentIndexList(before, after);
    Q_EMIT layoutChanged({}, QAbstractItemModel::VerticalSortHint);
}

int ResultTableModel::sourceRowCount() const
{
    return m_table ? m_table->rowCount() : 0;
}

int ResultTableModel::shownRowCount() const
{
    if (!m_table)
        return 0;
    return m_order ? int(m_order->size()) : m_table->rowCount();
}

int ResultTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() || !m_table ? 0 : m_loaded;
}

bool ResultTableModel::canFetchMore(const QModelIndex& parent) const
{
    // Not inside a reset or layout change: views and QAbstractItemModelTester ask from within the
    // about-to signals, and rows inserted then would land in the middle of the change.
    return !parent.isValid() && !m_changing && m_loaded < shownRowCount();
}

void ResultTableModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    const int more = std::min(shownRowCount() - m_loaded, kRowChunk);
    const ChangeGuard guard(m_changing);
    beginInsertRows(QModelIndex(), m_loaded, m_loaded + more - 1);
    m_loaded += more;
    endInsertRows();
}

int ResultTableModel::columnCount(const QModelIndex& parent) const
{
    if (parent.isValid() || !m_table)
        return 0;
    return m_table->columnCount();
}

QVariant ResultTableModel::data(const QModelIndex& index, int role) const
{
    if (!m_table || !index.isValid() || index.row() >= rowCount() || index.column() >= m_table->columnCount())
        return QVariant();
    const int row = sourceRow(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        return m_table->displayText(row, column, kMaxDisplayChars);
    case Qt::ToolTipRole:
        // A person is shown by name; the tooltip has the whole object.
        if (m_table->columnType(column) == ColumnType::Person) {
            const QString json = m_table->value(row, column).toString();
            return json.size() <= kMaxToolTipChars ? json : json.left(kMaxToolTipChars) + QChar(0x2026);
        }
        return m_table->displayText(row, column, kMaxToolTipChars);
    case Qt::TextAlignmentRole:
        if (isNumeric(m_table->columnType(column)))
            return QVariant(int(Qt::AlignRight | Qt::AlignVCenter));
        return QVariant(int(Qt::AlignLeft | Qt::AlignVCenter));
    case RawValueRole:
        return m_table->value(row, column);
    case CellKindRole:
        return int(m_table->cellKind(row, column));
    case IsNullRole:
        return m_table->isNull(row, column);
    default:
        return QVariant();
    }
}

QVariant ResultTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole && m_table && section >= 0 && section < rowCount())
            return section + 1;
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    if (!m_table || section < 0 || section >= m_table->columnCount())
        return QVariant();
    const ColumnInfo& column = m_table->column(section);
    switch (role) {
    case Qt::DisplayRole:
        return column.name;
    case Qt::ToolTipRole:
        return column.clickhouseType.isEmpty()
                   ? columnTypeName(column.type)
                   : QStringLiteral("%1 (%2)").arg(column.name, column.clickhouseType);
    case Qt::TextAlignmentRole:
        return QVariant(int((isNumeric(column.type) ? Qt::AlignRight : Qt::AlignLeft) | Qt::AlignVCenter));
    case RawValueRole:
        return column.clickhouseType;
    case CellKindRole:
        return int(column.type);
    default:
        return QVariant();
    }
}

Qt::ItemFlags ResultTableModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

QHash<int, QByteArray> ResultTableModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractTableModel::roleNames();
    names.insert(RawValueRole, QByteArrayLiteral("rawValue"));
    names.insert(CellKindRole, QByteArrayLiteral("cellKind"));
    names.insert(IsNullRole, QByteArrayLiteral("isNull"));
    return names;
}

} // namespace hogscope::model
