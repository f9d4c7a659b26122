#include "results_view.h"

#include "api/query_result.h"
#include "model/result_table.h"
#include "model/result_table_model.h"

#include <QFontMetrics>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
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
