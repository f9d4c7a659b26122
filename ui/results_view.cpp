#include "results_view.h"

#include "json_viewer.h"

#include "api/query_result.h"
#include "export/clipboard_formats.h"
#include "model/result_table.h"
#include "model/result_table_model.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFontMetrics>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QTableView>
#include <QVBoxLayout>

namespace hogscope::ui {

namespace {
// Rows looked at when sizing columns once; ResizeToContents on the whole model would measure every
// row on each layout pass.
constexpr int kSizingSampleRows = 200;
constexpr int kMaxInitialColumnWidth = 360;
} // namespace

ResultsView::ResultsView(QWidget* parent)
    : QWidget(parent)
    , m_model(new model::ResultTableModel(this))
    , m_table(new QTableView(this))
    , m_status(new QLabel(this))
{
    m_table->setModel(m_model);
    m_table->setObjectName(QStringLiteral("resultsTable"));
    m_table->setAlternatingRowColors(true);
    m_table->setSelectionBehavior(QAbstractItemView::SelectItems);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setWordWrap(false);
    m_table->setCornerButtonEnabled(true);

    QHeaderView* vertical = m_table->verticalHeader();
    vertical->setSectionResizeMode(QHeaderView::Fixed);
    vertical->setDefaultSectionSize(QFontMetrics(m_table->font()).height() + 8);
    vertical->setMinimumSectionSize(vertical->defaultSectionSize());

    QHeaderView* horizontal = m_table->horizontalHeader();
    horizontal->setSectionResizeMode(QHeaderView::Interactive);
    horizontal->setDefaultSectionSize(140);
    horizontal->setResizeContentsPrecision(kSizingSampleRows);
    horizontal->setHighlightSections(false);
    horizontal->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);

    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(m_table, &QWidget::customContextMenuRequested, this, &ResultsView::showContextMenu);
    connect(m_table, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex& index) {
        if (personIdAt(index).isEmpty()) // person cells open the person (activated) instead
            openJsonViewer(index);
    });
    connect(m_table, &QAbstractItemView::activated, this, [this](const QModelIndex& index) {
        const QString person = personIdAt(index);
        if (!person.isEmpty())
            Q_EMIT personActivated(person);
    });
    auto* copy = new QAction(tr("Copy"), m_table);
    copy->setShortcut(QKeySequence::Copy);
    copy->setShortcutContext(Qt::WidgetShortcut);
    connect(copy, &QAction::triggered, this,
            [this] { copySelection(int(exporting::CopyFormat::Tsv), false); });
    m_table->addAction(copy);

    m_status->setObjectName(QStringLiteral("resultsStatus"));
    m_status->setContentsMargins(6, 2, 6, 2);
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_status);
    clear();
}

ResultsView::~ResultsView() = default;

void ResultsView::clear()
{
    m_model->setTable(nullptr);
    m_status->setText(tr("No results yet. Press Ctrl+Enter to run the statement at the cursor."));
}

void ResultsView::setStatusText(const QString& text)
{
    m_status->setText(text);
}

QString ResultsView::statusText() const
{
    return m_status->text();
}

void ResultsView::setResult(const api::QueryResult& result)
{
    m_model->setTable(result.table);
    sizeColumns();
    const QLocale locale;
    const int rows = m_model->rowCount();
    QString text = rows == 1 ? tr("1 row") : tr("%1 rows").arg(locale.toString(rows));
    if (result.hasMore)
        text += tr(" (more available: add a LIMIT to see others)");
    text += tr(" · %1 columns").arg(m_model->columnCount());
    text += tr(" · %1 s").arg(locale.toString(result.elapsedSeconds, 'f', 2));
    if (result.cached)
        text += tr(" · cached");
    m_status->setText(text);
}

QString ResultsView::selectionText(int format, bool withHeader) const
{
    QModelIndexList indexes =
        m_table->selectionModel() ? m_table->selectionModel()->selectedIndexes() : QModelIndexList();
    if (indexes.isEmpty() && m_table->currentIndex().isValid())
        indexes.push_back(m_table->currentIndex());
    if (indexes.isEmpty())
        return QString();
    // the bounding block of the selection, in view order; unselected cells inside it stay empty
    int top = INT_MAX, bottom = -1, left = INT_MAX, right = -1;
    for (const QModelIndex& i : std::as_const(indexes)) {
        top = std::min(top, i.row());
        bottom = std::max(bottom, i.row());
        left = std::min(left, i.column());
        right = std::max(right, i.column());
    }
    QList<QStringList> rows(bottom - top + 1, QStringList(right - left + 1, QString()));
    for (const QModelIndex& i : std::as_const(indexes)) {
        const bool isNull = i.data(model::ResultTableModel::IsNullRole).toBool();
        rows[i.row() - top][i.column() - left] = isNull ? QString() : i.data(Qt::DisplayRole).toString();
    }
    QStringList header;
    if (withHeader) {
        for (int c = left; c <= right; ++c)
            header.push_back(m_model->headerData(c, Qt::Horizontal).toString());
    }
    return exporting::formatCells(header, rows, static_cast<exporting::CopyFormat>(format));
}

void ResultsView::copySelection(int format, bool withHeader)
{
    const QString text = selectionText(format, withHeader);
    if (!text.isEmpty())
        QApplication::clipboard()->setText(text);
}

bool ResultsView::openJsonViewer(const QModelIndex& index)
{
    if (!index.isValid())
        return false;
    const QString text = index.data(Qt::DisplayRole).toString().trimmed();
    const bool json =
        index.data(model::ResultTableModel::CellKindRole).toInt() == int(model::CellKind::Json) ||
        text.startsWith(QLatin1Char('{')) || text.startsWith(QLatin1Char('['));
    if (!json || index.data(model::ResultTableModel::IsNullRole).toBool())
        return false;
    const QString column = m_model->headerData(index.column(), Qt::Horizontal).toString();
    auto* viewer = new JsonViewer(tr("%1 · row %2").arg(column).arg(index.row() + 1), text, this);
    viewer->setObjectName(QStringLiteral("jsonViewer"));
    viewer->show();
    return true;
}

QString ResultsView::personIdAt(const QModelIndex& index) const
{
    const std::shared_ptr<const model::ResultTable> table = m_model->table();
    if (!index.isValid() || !table || index.column() >= table->columnCount() ||
        table->columnType(index.column()) != model::ColumnType::Person)
        return QString();
    const QJsonObject person =
        QJsonDocument::fromJson(index.data(model::ResultTableModel::RawValueRole).toString().toUtf8())
            .object();
    const QString uuid = person.value(QLatin1StringView("uuid")).toString();
    return uuid.isEmpty() ? person.value(QLatin1StringView("id")).toString() : uuid;
}

void ResultsView::showContextMenu(const QPoint& pos)
{
    auto* menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    using exporting::CopyFormat;
    menu->addAction(tr("Copy"), this, [this] { copySelection(int(CopyFormat::Tsv), false); });
    menu->addAction(tr("Copy with column names"), this,
                    [this] { copySelection(int(CopyFormat::Tsv), true); });
    menu->addAction(tr("Copy as CSV"), this, [this] { copySelection(int(CopyFormat::Csv), true); });
    menu->addAction(tr("Copy as Markdown"), this, [this] { copySelection(int(CopyFormat::Markdown), true); });
    const QModelIndex index = m_table->indexAt(pos);
    if (index.isValid()) {
        menu->addSeparator();
        if (const QString person = personIdAt(index); !person.isEmpty())
            menu->addAction(tr("Open Person"), this, [this, person] { Q_EMIT personActivated(person); });
        QAction* json = menu->addAction(tr("View JSON…"), this, [this, index] { openJsonViewer(index); });
        const QString text = index.data().toString().trimmed();
        json->setEnabled(text.startsWith(QLatin1Char('{')) || text.startsWith(QLatin1Char('[')));
    }
    menu->popup(m_table->viewport()->mapToGlobal(pos));
}

void ResultsView::sizeColumns()
{
    if (m_model->columnCount() == 0)
        return;
    // One pass over a bounded sample (setResizeContentsPrecision), then the user is in control.
    m_table->resizeColumnsToContents();
    QHeaderView* header = m_table->horizontalHeader();
    for (int column = 0; column < m_model->columnCount(); ++column) {
        const int width = header->sectionSize(column) + 16;
        header->resizeSection(column, std::min(width, kMaxInitialColumnWidth));
    }
}

} // namespace hogscope::ui
