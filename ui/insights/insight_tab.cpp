#include "insight_tab.h"

#include "ui/theme.h"

#include "date_range_edit.h"
#include "insight_runner.h"

#include "ui/charts/chart_export_dialog.h"

#include "api/definitions_cache.h"
#include "api/query_scheduler.h"
#include "model/result_table.h"

#include <QHBoxLayout>
#include <QJsonDocument>
#include <QLabel>
#include <QMenu>
#include <QPushButton>
#include <QStyle>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>

namespace hogscope::ui {

namespace {

// Form edits wait this long for the next one before the query runs again.
constexpr int kDebounceMs = 400;
// The no-data hint offers this many days up to the latest event.
constexpr int kHintDays = 30;

} // namespace

InsightTab::InsightTab(QWidget* parent)
    : QWidget(parent)
    , m_runner(new InsightRunner(this))
    , m_debounce(new QTimer(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    m_formLayout = new QVBoxLayout;
    m_formLayout->setSpacing(4);
    layout->addLayout(m_formLayout);

    m_sharedRow = new QHBoxLayout;
    m_dateRange = new DateRangeEdit(this);
    m_runButton = new QPushButton(style()->standardIcon(QStyle::SP_MediaPlay), tr("Run"), this);
    m_runButton->setObjectName(QStringLiteral("insightRun"));
    m_runButton->setToolTip(tr("Run the insight now (it also runs by itself when the form changes)"));
    m_cancelButton = new QPushButton(style()->standardIcon(QStyle::SP_MediaStop), tr("Cancel"), this);
    m_cancelButton->setObjectName(QStringLiteral("insightCancel"));
    m_cancelButton->setToolTip(tr("Cancel the running query, on the server too"));
    m_cancelButton->setEnabled(false);
    m_exportButton = new QToolButton(this);
    m_exportButton->setObjectName(QStringLiteral("insightExport"));
    m_exportButton->setText(tr("Export"));
    m_exportButton->setPopupMode(QToolButton::InstantPopup);
    m_exportButton->setMenu(new QMenu(m_exportButton));
    m_exportButton->setEnabled(false);
    m_sharedRow->addWidget(new QLabel(tr("Dates:"), this));
    m_sharedRow->addWidget(m_dateRange);
    m_sharedRow->addStretch(1);
    m_sharedRow->addWidget(m_runButton);
    m_sharedRow->addWidget(m_cancelButton);
    m_sharedRow->addWidget(m_exportButton);
    layout->addLayout(m_sharedRow);

    m_statusLabel = new QLabel(this);
    m_statusLabel->setObjectName(QStringLiteral("insightStatus"));
    m_statusLabel->setForegroundRole(QPalette::PlaceholderText);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("insightError"));
    m_error->setWordWrap(true);
    m_error->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto boxStyle = [](const QColor& background, const QColor& text, const QColor& border) {
        return QStringLiteral(
                   "QLabel { background:%1; color:%2; border:1px solid %3; border-radius:4px; padding:6px; }")
            .arg(background.name(), text.name(), border.name());
    };
    theme::followScheme(m_error, [this, boxStyle](bool dark) {
        const theme::Colors& c = theme::colors(dark);
        m_error->setStyleSheet(boxStyle(c.errorBackground, c.errorText, c.errorBorder));
    });
    m_error->hide();
    m_hint = new QLabel(this);
    m_hint->setObjectName(QStringLiteral("insightHint"));
    m_hint->setWordWrap(true);
    theme::followScheme(m_hint, [this, boxStyle](bool dark) {
        const theme::Colors& c = theme::colors(dark);
        m_hint->setStyleSheet(boxStyle(c.noticeBackground, c.noticeText, c.noticeBorder));
    });
    m_hint->hide();
    layout->addWidget(m_statusLabel);
    layout->addWidget(m_error);
    layout->addWidget(m_hint);
    m_contentLayout = new QVBoxLayout;
    layout->addLayout(m_contentLayout, 1);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(kDebounceMs);
    connect(m_debounce, &QTimer::timeout, this, [this] {
        if (buildQuery() != m_shownQuery || m_status == Status::Failed || m_status == Status::Cancelled)
            run();
    });
    connect(m_dateRange, &DateRangeEdit::changed, this, &InsightTab::formChanged);
    connect(m_runButton, &QPushButton::clicked, this, &InsightTab::run);
    connect(m_cancelButton, &QPushButton::clicked, this, &InsightTab::cancel);
    connect(m_exportButton->menu(), &QMenu::aboutToShow, this, [this] {
        QMenu* menu = m_exportButton->menu();
        menu->clear();
        const QStringList names = exportTargetNames();
        for (int i = 0; i < names.size(); ++i) {
            menu->addAction(tr("Export %1 as PNG, SVG or PDF…").arg(names[i]), this,
                            [this, i] { showExportDialog(i); });
            menu->addAction(tr("Copy %1 to the clipboard").arg(names[i]), this,
                            [this, i] { exporter(i).copyToClipboard(exportSize(i)); });
            menu->addSeparator();
        }
    });

    connect(m_runner, &InsightRunner::progressChanged, this, [this](const QString& text) {
        if (m_status == Status::Running)
            m_statusLabel->setText(text);
    });
    connect(m_runner, &InsightRunner::succeeded, this,
            [this](const QByteArray& body, const QDateTime& runAt, quint64 generation) {
                if (!isCurrent(generation))
                    return;
                m_runningAt = runAt;
                m_statusLabel->setText(tr("Reading the result…"));
                applyBody(body, generation);
            });
    connect(m_runner, &InsightRunner::failed, this, [this](const api::ApiError& error, quint64 generation) {
        if (!isCurrent(generation))
            return;
        showError(error.message.isEmpty() ? api::ApiError::kindName(error.kind) : error.message);
        setStatus(Status::Failed);
    });
    connect(m_runner, &InsightRunner::cancelled, this, [this] {
        if (m_status != Status::Running)
            return;
        m_statusLabel->setText(tr("Cancelled."));
        setStatus(Status::Cancelled);
    });
}

InsightTab::~InsightTab()
{
    delete m_latestLookup.data();
}

void InsightTab::setScheduler(api::QueryScheduler* scheduler, api::DefinitionsCache* definitions)
{
    m_runner->cancel();
    m_scheduler = scheduler;
    m_runner->setScheduler(scheduler);
    delete m_ownDefinitions;
    m_ownDefinitions = nullptr;
    if (!definitions && scheduler) {
        m_ownDefinitions = new api::DefinitionsCache(&scheduler->client(), this);
        definitions = m_ownDefinitions;
    }
    m_definitions = definitions;
    definitionsChanged();
    if (!scheduler)
        m_statusLabel->setText(tr("Not connected."));
    else if (m_status == Status::Idle)
        m_statusLabel->setText(tr("Ready: choose what to look at, the insight runs by itself."));
}

void InsightTab::formChanged()
{
    if (m_autoRun && m_scheduler)
        m_debounce->start();
}

bool InsightTab::isRunning() const
{
    return m_status == Status::Running;
}

bool InsightTab::isCurrent(quint64 generation) const
{
    return generation == m_generation && generation == m_runner->generation();
}

void InsightTab::run()
{
    m_debounce->stop();
    m_error->hide();
    m_hint->hide();
    m_runningQuery = buildQuery();
    setStatus(Status::Running);
    m_statusLabel->setText(tr("Running…"));
    m_generation = m_runner->run(m_runningQuery, title());
}

void InsightTab::cancel()
{
    m_debounce->stop();
    if (m_status == Status::Running)
        m_runner->cancel();
}

void InsightTab::setStatus(Status status)
{
    m_status = status;
    m_cancelButton->setEnabled(status == Status::Running);
    m_exportButton->setEnabled(!m_shownQuery.isEmpty());
    Q_EMIT statusChanged(status);
}

QString InsightTab::errorText() const
{
    return m_error->isVisible() || m_status == Status::Failed ? m_error->text() : QString();
}

QString InsightTab::statusText() const
{
    return m_statusLabel->text();
}

void InsightTab::showError(const QString& message)
{
    m_error->setText(message);
    m_error->show();
    m_statusLabel->setText(tr("The query failed; the chart below still shows the previous result."));
    if (m_shownQuery.isEmpty())
        m_statusLabel->setText(tr("The query failed."));
}

void InsightTab::showDecodeError(quint64 generation, const QString& message)
{
    if (!isCurrent(generation))
        return;
    showError(message);
    setStatus(Status::Failed);
}

void InsightTab::showResult(quint64 generation, bool empty, const QString& summary)
{
    if (!isCurrent(generation))
        return;
    m_shownQuery = m_runningQuery;
    m_shownRunAt = m_runningAt;
    m_statusLabel->setText(summary);
    setStatus(Status::Succeeded);
    if (empty)
        lookUpLatestEvent();
    Q_EMIT resultShown();
}

void InsightTab::lookUpLatestEvent()
{
    // An empty result is often a date range without data (demo data ends on a fixed day): say where
    // the data is, with one click to go there.
    if (!m_scheduler)
        return;
    delete m_latestLookup.data();
    api::QueryRequest request;
    request.query =
        QJsonObject{{QStringLiteral("kind"), QStringLiteral("HogQLQuery")},
                    {QStringLiteral("query"), QStringLiteral("SELECT toDate(max(timestamp)) FROM events")}};
    request.label = tr("latest event");
    m_latestLookup = m_scheduler->submit(request, api::QueryPriority::Background, this);
    const quint64 generation = m_generation;
    connect(m_latestLookup, &api::ScheduledQuery::succeeded, this,
            [this, generation](const api::QueryResult& result) {
                if (generation != m_generation || !result.table || result.table->rowCount() < 1 ||
                    result.table->columnCount() < 1)
                    return;
                const model::ResultTable& table = *result.table;
                const QDate latest =
                    table.cellKind(0, 0) == model::CellKind::DateTime
                        ? QDateTime::fromMSecsSinceEpoch(table.dateTimeMicros(0, 0) / 1000, Qt::UTC).date()
                        : QDate::fromString(table.displayText(0, 0).left(10), Qt::ISODate);
                if (!latest.isValid()) {
                    m_hint->setText(tr("The project has no events yet."));
                    m_hint->show();
                    return;
                }
                m_hint->setText(tr("Nothing in %1. The latest event is from %2: <a href=\"latest\">show the "
                                   "%3 days up to it</a>.")
                                    .arg(m_dateRange->description(), latest.toString(Qt::ISODate))
                                    .arg(kHintDays));
                m_hint->show();
                m_hint->disconnect(this);
                connect(m_hint, &QLabel::linkActivated, this, [this, latest] {
                    m_hint->hide();
                    m_dateRange->setDates(latest.addDays(-(kHintDays - 1)), latest);
                    run();
                });
            });
}

void InsightTab::requestActors(const QJsonObject& fields, const QString& title)
{
    if (m_shownQuery.isEmpty())
        return;
    QJsonObject query{{QStringLiteral("kind"), QStringLiteral("InsightActorsQuery")},
                      {QStringLiteral("source"), m_shownQuery}};
    for (auto it = fields.begin(); it != fields.end(); ++it)
        query.insert(it.key(), it.value());
    Q_EMIT actorsRequested(query, title);
}

QStringList InsightTab::exportTargetNames() const
{
    QStringList names;
    for (const InsightExportTarget& target : exportTargets())
        names << target.name;
    return names;
}

QSize InsightTab::exportSize(int target) const
{
    const QList<InsightExportTarget> targets = exportTargets();
    return target >= 0 && target < targets.size() ? targets[target].size : QSize(1200, 700);
}

ChartExporter InsightTab::exporter(int target) const
{
    const QList<InsightExportTarget> targets = exportTargets();
    ChartExportMetadata metadata;
    metadata.query = QString::fromUtf8(QJsonDocument(m_shownQuery).toJson(QJsonDocument::Indented));
    metadata.project = m_project;
    metadata.runAt = m_shownRunAt;
    if (target < 0 || target >= targets.size())
        return ChartExporter([](QPainter&, const QRectF&) {}, metadata);
    metadata.title = tr("%1 · %2").arg(targets[target].name, m_dateRange->description());
    return ChartExporter(targets[target].paint, metadata);
}

void InsightTab::showExportDialog(int target)
{
    auto* dialog = new ChartExportDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog, target] {
        ChartFormat format = ChartFormat::Png;
        chartFormatFromFileName(dialog->fileName(), format);
        const QString error =
            exporter(target).exportToFile(dialog->fileName(), format, dialog->imageSize(), dialog->dpi());
        if (!error.isEmpty())
            showError(error);
        Q_EMIT exported(dialog->fileName(), error);
    });
    dialog->open();
}

} // namespace hogscope::ui
