#include "results_view.h"

#include "json_viewer.h"
#include "results_export_dialog.h"

#include "api/query_result.h"
#include "export/clipboard_formats.h"
#include "model/result_table.h"
#include "model/result_table_model.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QPlainTextEdit>
#include <QTabWidget>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace hogscope::ui {

namespace {
// Rows looked at when sizing columns once; ResizeToContents on the whole model would measure every
// row on each layout pass.
constexpr int kSizingSampleRows = 200;
constexpr int kMaxInitialColumnWidth = 360;
// Pause in typing before the filter runs, so each keystroke does not start a pass over the rows.
constexpr int kFilterDelayMs = 200;

using Direction = model::RowOrderSpec::Direction;

QString formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}
} // namespace

ResultsView::ResultsView(QWidget* parent)
    : QWidget(parent)
    , m_model(new model::ResultTableModel(this))
    , m_table(new QTableView(this))
    , m_filter(new QLineEdit(this))
    , m_filterColumn(new QComboBox(this))
    , m_filterDelay(new QTimer(this))
    , m_status(new QLabel(this))
    , m_sqlButton(new QToolButton(this))
    , m_exportButton(new QToolButton(this))
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

    m_filter->setObjectName(QStringLiteral("resultsFilter"));
    m_filter->setPlaceholderText(tr("Filter rows (contains, any case)…"));
    m_filter->setClearButtonEnabled(true);
    m_filterColumn->setObjectName(QStringLiteral("resultsFilterColumn"));
    m_filterColumn->setSizeAdjustPolicy(QComboBox::AdjustToContents);
    m_filterColumn->setMinimumContentsLength(12);
    m_filterColumn->setToolTip(tr("Column the filter looks in"));
    m_filterDelay->setSingleShot(true);
    m_filterDelay->setInterval(kFilterDelayMs);
    connect(m_filter, &QLineEdit::textChanged, m_filterDelay, qOverload<>(&QTimer::start));
    connect(m_filter, &QLineEdit::returnPressed, this, [this] {
        m_filterDelay->stop();
        setFilter(m_filter->text(), m_filterColumn->currentData().toInt());
    });
    connect(m_filterDelay, &QTimer::timeout, this,
            [this] { setFilter(m_filter->text(), m_filterColumn->currentData().toInt()); });
    connect(m_filterColumn, &QComboBox::activated, this,
            [this] { setFilter(m_filter->text(), m_filterColumn->currentData().toInt()); });

    horizontal->setSectionsClickable(true);
    horizontal->setSortIndicatorShown(true);
    horizontal->setSortIndicator(-1, Qt::AscendingOrder);
    connect(horizontal, &QHeaderView::sectionClicked, this, &ResultsView::onHeaderClicked);
    // A header click sorts; QTableView would also select the whole column (hundreds of thousands of
    // cells) on press and drag.
    QObject::disconnect(horizontal, SIGNAL(sectionPressed(int)), m_table, SLOT(selectColumn(int)));
    QObject::disconnect(horizontal, SIGNAL(sectionEntered(int)), m_table, SLOT(_q_selectColumn(int)));

    m_exportAction = new QAction(tr("Export Results…"), this);
    m_exportAction->setObjectName(QStringLiteral("exportResultsAction"));
    m_exportAction->setToolTip(tr("Write the rows shown to CSV, TSV, JSON, JSON Lines or Excel"));
    m_exportAction->setEnabled(false);
    connect(m_exportAction, &QAction::triggered, this, [this] { showExportDialog(); });

    m_status->setObjectName(QStringLiteral("resultsStatus"));
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_sqlButton->setObjectName(QStringLiteral("resultsSqlButton"));
    m_sqlButton->setText(tr("SQL"));
    m_sqlButton->setToolTip(tr("Show the HogQL and ClickHouse SQL the server ran"));
    m_sqlButton->setAutoRaise(true);
    m_sqlButton->setEnabled(false);
    connect(m_sqlButton, &QToolButton::clicked, this, [this] { showSqlDialog(); });
    m_exportButton->setObjectName(QStringLiteral("resultsExportButton"));
    m_exportButton->setDefaultAction(m_exportAction);
    m_exportButton->setAutoRaise(true);

    auto* filterBar = new QWidget(this);
    filterBar->setObjectName(QStringLiteral("resultsFilterBar"));
    auto* filterLayout = new QHBoxLayout(filterBar);
    filterLayout->setContentsMargins(4, 4, 4, 4);
    filterLayout->setSpacing(6);
    filterLayout->addWidget(m_filter, 1);
    auto* inLabel = new QLabel(tr("in"), filterBar);
    filterLayout->addWidget(inLabel);
    filterLayout->addWidget(m_filterColumn);

    auto* statusBar = new QWidget(this);
    auto* statusLayout = new QHBoxLayout(statusBar);
    statusLayout->setContentsMargins(6, 0, 2, 0);
    statusLayout->setSpacing(4);
    statusLayout->addWidget(m_status, 1);
    statusLayout->addWidget(m_sqlButton);
    statusLayout->addWidget(m_exportButton);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(filterBar);
    layout->addWidget(m_table, 1);
    layout->addWidget(statusBar);
    fillFilterColumns();
    clear();
}

ResultsView::~ResultsView()
{
    cancelOrder();
}

void ResultsView::clear()
{
    cancelOrder();
    m_haveResult = false;
    m_result = api::QueryResult();
    m_progress = api::QueryProgress();
    m_statusHeld = false;
    m_model->setTable(nullptr);
    m_exportAction->setEnabled(false);
    m_sqlButton->setEnabled(false);
    if (m_exportDialog)
        m_exportDialog->close();
    m_status->setText(tr("No results yet. Press Ctrl+Enter to run the statement at the cursor."));
}

void ResultsView::setStatusText(const QString& text)
{
    m_statusHeld = true;
    m_status->setText(text);
}

QString ResultsView::statusText() const
{
    return m_status->text();
}

void ResultsView::setResult(const api::QueryResult& result, const api::QueryProgress& progress)
{
    cancelOrder();
    // The metadata only: this view must not hold a reference to the table besides the model's,
    // which frees a large table off the GUI thread.
    const QStringList previousColumns = [this] {
        QStringList names;
        for (int c = 0; c < m_model->columnCount(); ++c)
            names.push_back(m_model->headerData(c, Qt::Horizontal).toString());
        return names;
    }();
    m_result = result;
    m_result.table.reset();
    m_result.body.clear();
    m_progress = progress;
    m_statusHeld = false;
    m_haveResult = result.table != nullptr;
    m_model->setTable(result.table);
    sizeColumns();

    // A sort or filter column carries over when the new result has a column of that name there.
    const auto sameColumn = [&](int column) {
        return column >= 0 && column < previousColumns.size() && column < m_model->columnCount() &&
               m_model->headerData(column, Qt::Horizontal).toString() == previousColumns[column];
    };
    if (!sameColumn(m_spec.sortColumn)) {
        m_spec.sortColumn = -1;
        m_spec.direction = Direction::None;
    }
    if (m_spec.filterColumn >= 0 && !sameColumn(m_spec.filterColumn))
        m_spec.filterColumn = -1;
    fillFilterColumns();
    updateSortIndicator();
    m_exportAction->setEnabled(m_haveResult);
    m_sqlButton->setEnabled(!m_result.hogql.isEmpty() || !m_result.clickhouse.isEmpty());
    if (m_sqlDialog)
        m_sqlDialog->close();
    requestOrder();
}

void ResultsView::setSort(int column, Direction direction)
{
    if (column < 0 || direction == Direction::None) {
        column = -1;
        direction = Direction::None;
    }
    m_spec.sortColumn = column;
    m_spec.direction = direction;
    updateSortIndicator();
    requestOrder();
}

void ResultsView::setFilter(const QString& text, int column)
{
    if (m_filter->text() != text) {
        const QSignalBlocker blocker(m_filter);
        m_filter->setText(text);
    }
    m_filterDelay->stop();
    const int index = m_filterColumn->findData(column);
    m_filterColumn->setCurrentIndex(index >= 0 ? index : 0);
    m_spec.filterText = text;
    m_spec.filterColumn = index > 0 ? column : -1;
    requestOrder();
}

void ResultsView::onHeaderClicked(int section)
{
    // ascending, then descending, then back to result order
    Direction next = Direction::Ascending;
    if (section == m_spec.sortColumn) {
        next = m_spec.direction == Direction::Ascending    ? Direction::Descending
               : m_spec.direction == Direction::Descending ? Direction::None
                                                           : Direction::Ascending;
    }
    setSort(section, next);
}

void ResultsView::updateSortIndicator()
{
    // The header flips its own indicator on a click; this view's state is what counts.
    QHeaderView* header = m_table->horizontalHeader();
    if (m_spec.sorts())
        header->setSortIndicator(m_spec.sortColumn, m_spec.direction == Direction::Ascending
                                                        ? Qt::AscendingOrder
                                                        : Qt::DescendingOrder);
    else
        header->setSortIndicator(-1, Qt::AscendingOrder);
}

void ResultsView::fillFilterColumns()
{
    const QSignalBlocker blocker(m_filterColumn);
    m_filterColumn->clear();
    m_filterColumn->addItem(tr("All columns"), -1);
    for (int c = 0; c < m_model->columnCount(); ++c)
        m_filterColumn->addItem(m_model->headerData(c, Qt::Horizontal).toString(), c);
    const int index = m_filterColumn->findData(m_spec.filterColumn);
    m_filterColumn->setCurrentIndex(index >= 0 ? index : 0);
}

void ResultsView::cancelOrder()
{
    ++m_generation;
    if (m_cancel)
        m_cancel->store(true);
    m_cancel.reset();
    m_ordering = false;
}

void ResultsView::requestOrder()
{
    cancelOrder();
    const std::shared_ptr<const model::ResultTable> table = m_model->table();
    if (!table || m_spec.isIdentity()) {
        const bool changed = m_model->rowOrder() != nullptr;
        m_model->setRowOrder(nullptr);
        updateStatus();
        if (changed)
            Q_EMIT rowOrderApplied();
        return;
    }
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    m_cancel = cancel;
    m_ordering = true;
    updateStatus();
    const quint64 generation = m_generation;
    const model::RowOrderSpec spec = m_spec;
    using Answer = std::optional<std::vector<int>>;
    auto* watcher = new QFutureWatcher<Answer>(this);
    connect(watcher, &QFutureWatcher<Answer>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation) // a newer request or a new result came in meanwhile
            return;
        Answer rows = watcher->result();
        m_ordering = false;
        m_cancel.reset();
        if (rows)
            m_model->setRowOrder(std::make_shared<const std::vector<int>>(std::move(*rows)));
        updateStatus();
        Q_EMIT rowOrderApplied();
    });
    watcher->setFuture(QtConcurrent::run(
        [table, spec, cancel]() -> Answer { return model::computeRowOrder(*table, spec, cancel.get()); }));
}

void ResultsView::updateStatus()
{
    // An open export dialog exports what the grid shows now (a running export keeps its snapshot).
    if (m_exportDialog && m_model->table())
        m_exportDialog->setSource(m_model->table(), m_model->rowOrder());

    if (!m_haveResult || m_statusHeld)
        return;
    const QLocale locale;
    const int shown = m_model->shownRowCount();
    const int total = m_model->sourceRowCount();
    QString text;
    if (m_model->rowOrder() && shown != total)
        text = tr("%1 of %2 rows").arg(locale.toString(shown), locale.toString(total));
    else
        text = total == 1 ? tr("1 row") : tr("%1 rows").arg(locale.toString(total));
    if (m_result.hasMore)
        text += tr(" (more available: add a LIMIT to see others)");
    text += tr(" · %1 columns").arg(m_model->columnCount());
    text += tr(" · %1 s").arg(locale.toString(m_result.elapsedSeconds, 'f', 2));
    if (m_progress.rowsRead > 0 || m_progress.bytesRead > 0)
        text += tr(" · %1 rows read · %2")
                    .arg(locale.toString(m_progress.rowsRead), formatBytes(m_progress.bytesRead));
    text += m_result.cached ? tr(" · cached") : tr(" · fresh");
    if (m_ordering)
        text += m_spec.sorts() ? tr(" · Sorting…") : tr(" · Filtering…");
    m_status->setText(text);
}

ResultsExportDialog* ResultsView::showExportDialog()
{
    const std::shared_ptr<const model::ResultTable> table = m_model->table();
    if (!table)
        return nullptr;
    if (!m_exportDialog) {
        m_exportDialog = new ResultsExportDialog(m_settings, this);
        m_exportDialog->setAttribute(Qt::WA_DeleteOnClose);
    }
    // A snapshot: the table is immutable and the order vector is never changed once shown.
    m_exportDialog->setSource(table, m_model->rowOrder());
    m_exportDialog->show();
    m_exportDialog->raise();
    m_exportDialog->activateWindow();
    return m_exportDialog;
}

QWidget* ResultsView::showSqlDialog()
{
    if (m_sqlDialog) {
        m_sqlDialog->raise();
        return m_sqlDialog;
    }
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("resultsSqlDialog"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(tr("SQL of the last query"));
    auto* tabs = new QTabWidget(dialog);
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    const auto addPage = [&](const QString& title, const QString& text, const QString& name) {
        auto* edit = new QPlainTextEdit(tabs);
        edit->setObjectName(name);
        edit->setReadOnly(true);
        edit->setFont(fixed);
        edit->setLineWrapMode(QPlainTextEdit::NoWrap);
        edit->setPlainText(text.isEmpty() ? tr("(the server did not report it)") : text);
        tabs->addTab(edit, title);
    };
    addPage(tr("HogQL"), m_result.hogql, QStringLiteral("sqlHogql"));
    addPage(tr("ClickHouse"), m_result.clickhouse, QStringLiteral("sqlClickhouse"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto* layout = new QVBoxLayout(dialog);
    layout->addWidget(tabs, 1);
    layout->addWidget(buttons);
    dialog->resize(720, 420);
    dialog->show();
    m_sqlDialog = dialog;
    return dialog;
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
    menu->addSeparator();
    menu->addAction(m_exportAction);
    const QModelIndex index = m_table->indexAt(pos);
    if (index.isValid()) {
        menu->addSeparator();
        if (const QString person = personIdAt(index); !person.isEmpty())
            menu->addAction(tr("Open Person"), this, [this, person] { Q_EMIT personActivated(person); });
        // Persistent: a sort, filter or new result may land while the menu is open.
        QAction* json = menu->addAction(tr("View JSON…"), this, [this, cell = QPersistentModelIndex(index)] {
            if (cell.isValid())
                openJsonViewer(cell);
        });
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
