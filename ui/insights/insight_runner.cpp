#include "insight_runner.h"

#include "api/query_scheduler.h"

#include <QLocale>

namespace hogscope::ui {

InsightRunner::InsightRunner(QObject* parent)
    : QObject(parent)
{}

InsightRunner::~InsightRunner()
{
    drop();
}

void InsightRunner::setScheduler(api::QueryScheduler* scheduler)
{
    if (scheduler == m_scheduler)
        return;
    drop();
    m_scheduler = scheduler;
}

bool InsightRunner::isRunning() const
{
    return m_query && !m_query->isFinished();
}

void InsightRunner::drop()
{
    ++m_generation;
    m_progressText.clear();
    // Deleting the handle cancels its query, on the server too.
    delete m_query.data();
}

quint64 InsightRunner::run(const QJsonObject& query, const QString& label)
{
    drop();
    const quint64 generation = m_generation;
    if (!m_scheduler) {
        api::ApiError error;
        error.kind = api::ApiError::Kind::Network;
        error.message =
            tr("Not connected: start Hogscope with --demo, or with --host and a personal API key.");
        // Queued, so a caller that connects after run() still hears it.
        QMetaObject::invokeMethod(
            this, [this, error, generation] { Q_EMIT failed(error, generation); }, Qt::QueuedConnection);
        return generation;
    }
    api::QueryRequest request;
    request.query = query;
    request.keepBody = true;
    request.label = label;
    request.deadline = m_deadline;
    m_runAt = QDateTime::currentDateTimeUtc();
    m_progressText = tr("Running…");
    m_query = m_scheduler->submit(request, api::QueryPriority::User, this);
    api::ScheduledQuery* scheduled = m_query;
    connect(scheduled, &api::ScheduledQuery::stateChanged, this,
            [this, generation](api::ScheduledQuery::State state) {
                if (generation != m_generation)
                    return;
                if (state == api::ScheduledQuery::State::Queued) {
                    m_progressText = tr("Waiting for a free query slot…");
                    Q_EMIT progressChanged(m_progressText);
                }
            });
    connect(scheduled, &api::ScheduledQuery::progressChanged, this,
            [this, generation](const api::QueryProgress& progress) {
                if (generation != m_generation)
                    return;
                const QLocale locale;
                m_progressText =
                    progress.rowsRead > 0
                        ? tr("Running… %1 s, %2 rows read")
                              .arg(QString::number(progress.elapsedSeconds, 'f', 1),
                                   locale.toString(progress.rowsRead))
                        : tr("Running… %1 s").arg(QString::number(progress.elapsedSeconds, 'f', 1));
                Q_EMIT progressChanged(m_progressText);
            });
    connect(scheduled, &api::ScheduledQuery::throttled, this,
            [this, generation](const api::ApiError&, std::chrono::milliseconds wait) {
                if (generation != m_generation)
                    return;
                m_progressText = tr("PostHog asked to wait; retrying in %1 s…")
                                     .arg(QString::number(wait.count() / 1000.0, 'f', 0));
                Q_EMIT progressChanged(m_progressText);
            });
    connect(scheduled, &api::ScheduledQuery::succeeded, this,
            [this, generation](const api::QueryResult& result) {
                if (generation != m_generation)
                    return;
                m_progressText.clear();
                Q_EMIT succeeded(result.body, m_runAt, generation);
            });
    connect(scheduled, &api::ScheduledQuery::failed, this, [this, generation](const api::ApiError& error) {
        if (generation != m_generation)
            return;
        m_progressText.clear();
        Q_EMIT failed(error, generation);
    });
    connect(scheduled, &api::ScheduledQuery::cancelled, this, [this, generation] {
        if (generation != m_generation)
            return;
        m_progressText.clear();
        Q_EMIT cancelled(generation);
    });
    Q_EMIT started(generation);
    Q_EMIT progressChanged(m_progressText);
    return generation;
}

void InsightRunner::cancel()
{
    if (!isRunning())
        return;
    const quint64 generation = m_generation;
    m_query->cancel();
    if (generation == m_generation && m_query && !m_query->isFinished()) {
        // Not every path says "cancelled" at once (a DELETE still on its way): tell the tab now.
        drop();
        Q_EMIT cancelled(generation);
    }
}

} // namespace hogscope::ui
