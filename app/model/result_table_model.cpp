#include "model/result_table_model.h"

#include "model/result_table.h"

#include <QThreadPool>

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
    beginResetModel();
    std::shared_ptr<const ResultTable> previous = std::exchange(m_table, std::move(table));
    endResetModel();
    release(std::move(previous));
}

std::shared_ptr<const ResultTable> ResultTableModel::table() const
{
    return m_table;
}

int ResultTableModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() || !m_table)
        return 0;
    return m_table->rowCount();
}

int ResultTableModel::columnCount(const QModelIndex& parent) const
{
    if (parent.isValid() || !m_table)
        return 0;
    return m_table->columnCount();
}

QVariant ResultTableModel::data(const QModelIndex& index, int role) const
{
    if (!m_table || !index.isValid() || index.row() >= m_table->rowCount() ||
        index.column() >= m_table->columnCount())
        return QVariant();
    const int row = index.row();
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
        if (role == Qt::DisplayRole && m_table && section >= 0 && section < m_table->rowCount())
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
