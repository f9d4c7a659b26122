#include "query_service.h"

#include "index_completion.h"
#include "sqlite_connection.h"
#include "sqlite_functions.h"
#include "store_schema.h"
#include "time_format.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonValue>

#include <sqlite3.h>

#include <algorithm>

namespace hogscope::local {

namespace {

qint64 nowMicros()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

QJsonValue timeOrNull(qint64 micros)
{
    return micros == 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(timefmt::formatDateTime(micros));
}

} // namespace

struct QueryService::Job
{
    QString id;
    bool async = true;
    QueryExecution execution;
    // Status fields, under QueryService::m_mutex.
    qint64 startTime = 0;
    qint64 pickupTime = 0;
    qint64 endTime = 0;
    qint64 expirationTime = 0;
    bool complete = false;
    bool error = false;
    QString errorMessage;
    QString errorCode;
    QueryOutcome outcome; // when complete without error: the response (and its rows)
};

QueryService::QueryService(Options options)
    : m_options(std::move(options))
{
    m_pool.setMaxThreadCount(std::max(1, m_options.workers));
    m_pool.setExpiryTimeout(-1); // keep workers, and so their connections' caches, warm
}

QueryService::~QueryService()
{
    {
        QMutexLocker lock(&m_mutex);
        for (const auto& job : std::as_const(m_jobs))
            job->execution.interrupt();
        for (QueryExecution* execution : m_workExecutions)
            execution->interrupt();
    }
    m_pool.waitForDone();
}

bool QueryService::ensureCurrentSchema(QString* error)
{
    // A store made by an older build is brought up to date once, before the first query: the
    // runners read the rollups and hot-property columns of the current schema.
    QMutexLocker lock(&m_upgradeMutex);
    if (m_schemaChecked)
        return true;
    SqliteConnection probe;
    if (!probe.open(m_options.databasePath, SqliteConnection::Mode::ReadOnly)) {
        *error = probe.errorString();
        return false;
    }
    const std::optional<int> version = store::schemaVersion(probe.handle(), error);
    if (!version)
        return false;
    // A store whose import was killed while it built the indexes (see importIntoStore): its rows are
    // whole, so queries start now, and the indexes are built beside them.
    if (*version == store::kSchemaVersion && !store::missingIndexes(probe.handle()).empty()) {
        m_indexCompletion = std::make_unique<IndexCompletion>(m_options.databasePath);
        m_indexCompletion->start();
    }
    probe.close();
    if (*version < store::kSchemaVersion) {
        SqliteConnection writer;
        if (!writer.open(m_options.databasePath, SqliteConnection::Mode::ReadWrite)) {
            *error = writer.errorString();
            return false;
        }
        if (!store::upgradeSchema(writer.handle(), error))
            return false;
    }
    m_schemaChecked = true;
    return true;
}

std::unique_ptr<SqliteConnection> QueryService::acquireConnection(QString* error)
{
    if (!ensureCurrentSchema(error))
        return nullptr;
    {
        QMutexLocker lock(&m_mutex);
        if (!m_idle.empty()) {
            auto connection = std::move(m_idle.back());
            m_idle.pop_back();
            return connection;
        }
    }
    auto connection = std::make_unique<SqliteConnection>();
    if (!connection->open(m_options.databasePath, SqliteConnection::Mode::ReadOnly) ||
        !store::checkSchema(*connection, error) || !registerHogqlFunctions(connection->handle())) {
        if (error && error->isEmpty())
            *error = connection->errorString();
        return nullptr;
    }
    return connection;
}

void QueryService::releaseConnection(std::unique_ptr<SqliteConnection> connection)
{
    QMutexLocker lock(&m_mutex);
    m_idle.push_back(std::move(connection));
}

QJsonObject QueryService::start(const QString& id, const QJsonObject& queryNode, bool async, Done done)
{
    auto job = std::make_shared<Job>();
    job->id = id;
    job->async = async;
    job->execution.setThrottleMicros(m_options.throttleMicros);
    // PostHog's ClickHouse limits: 60 s for a blocking HogQL query, 600 s in the async context.
    job->execution.setTimeLimit(async ? 600 : 60);
    QJsonObject body;
    {
        QMutexLocker lock(&m_mutex);
        purgeExpired();
        if (auto old = m_jobs.value(id))
            old->execution.interrupt(); // a forced re-run replaces the old record
        job->startTime = nowMicros();
        job->expirationTime = job->startTime + qint64(kStatusTtlSeconds) * 1'000'000;
        m_jobs.insert(id, job);
        body.insert(QStringLiteral("query_status"), statusJson(*job, false));
    }
    m_pool.start([this, job, queryNode, done] { run(job, queryNode, done); });
    return body;
}

void QueryService::runWork(Work work)
{
    m_pool.start([this, work = std::move(work)] {
        QueryExecution execution;
        execution.setTimeLimit(60);
        {
            QMutexLocker lock(&m_mutex);
            m_workExecutions.push_back(&execution);
        }
        QString error;
        std::unique_ptr<SqliteConnection> connection = acquireConnection(&error);
        work(connection ? connection->handle() : nullptr, execution, error);
        if (connection)
            releaseConnection(std::move(connection));
        QMutexLocker lock(&m_mutex);
        m_workExecutions.erase(std::find(m_workExecutions.begin(), m_workExecutions.end(), &execution));
    });
}

void QueryService::run(const std::shared_ptr<Job>& job, const QJsonObject& queryNode, const Done& done)
{
    {
        QMutexLocker lock(&m_mutex);
        job->pickupTime = nowMicros();
    }
    QueryOutcome outcome;
    QString error;
    std::unique_ptr<SqliteConnection> connection;
    if (job->execution.interrupted()) {
        outcome.status = QueryOutcome::Status::Cancelled;
        outcome.code = QStringLiteral("query_cancelled");
        outcome.message = QStringLiteral("Query was cancelled");
    } else if (!(connection = acquireConnection(&error))) {
        outcome.status = QueryOutcome::Status::Failed;
        outcome.code = QStringLiteral("error");
        outcome.message = QStringLiteral("Cannot open the store: %1").arg(error);
    } else {
        outcome = QueryRunner::run(connection->handle(), queryNode, job->execution);
        releaseConnection(std::move(connection));
    }
    {
        QMutexLocker lock(&m_mutex);
        job->endTime = nowMicros();
        job->expirationTime = job->endTime + qint64(kStatusTtlSeconds) * 1'000'000;
        job->complete = true;
        if (outcome.status == QueryOutcome::Status::Ok) {
            job->outcome = outcome;
        } else {
            job->error = true;
            // Only "safe" errors carry a message, as in PostHog; store failures stay generic.
            if (outcome.status != QueryOutcome::Status::Failed)
                job->errorMessage = outcome.message;
            job->errorCode = outcome.code;
        }
        if (outcome.status == QueryOutcome::Status::Cancelled && m_jobs.value(job->id) == job)
            m_jobs.remove(job->id);
    }
    if (done)
        done(outcome);
}

bool QueryService::exists(const QString& id)
{
    QMutexLocker lock(&m_mutex);
    purgeExpired();
    return m_jobs.contains(id);
}

std::optional<QueryService::StatusReply> QueryService::status(const QString& id, bool showProgress)
{
    QMutexLocker lock(&m_mutex);
    purgeExpired();
    const auto job = m_jobs.value(id);
    if (!job)
        return std::nullopt;
    StatusReply reply;
    const QJsonObject status = statusJson(*job, showProgress);
    reply.body.insert(QStringLiteral("query_status"), status);
    if (job->complete && !job->error) {
        // {"query_status": {..., "results": <the whole response>}} with the response's rows
        // written by the fast writer.
        QByteArray head = QJsonDocument(status).toJson(QJsonDocument::Compact);
        head.chop(1); // the closing brace of query_status
        reply.rawBody = "{\"query_status\":" + head + ",\"results\":" + job->outcome.responseJson() + "}}";
        if (!job->outcome.table) {
            QJsonObject withResults = status;
            withResults.insert(QStringLiteral("results"), job->outcome.response);
            reply.body.insert(QStringLiteral("query_status"), withResults);
        }
    }
    if (!job->complete)
        reply.httpStatus = 202;
    else if (!job->error)
        reply.httpStatus = 200;
    else
        reply.httpStatus = job->errorMessage.isEmpty() ? 500 : 400;
    return reply;
}

QueryService::CancelResult QueryService::cancel(const QString& id)
{
    QMutexLocker lock(&m_mutex);
    purgeExpired();
    const auto job = m_jobs.value(id);
    if (!job)
        return CancelResult::NotFound;
    if (job->complete)
        return CancelResult::AlreadyComplete;
    job->execution.interrupt();
    m_jobs.remove(id); // the status record goes at once, so a later GET is a 404
    return CancelResult::Cancelled;
}

void QueryService::purgeExpired()
{
    const qint64 now = nowMicros();
    for (auto it = m_jobs.begin(); it != m_jobs.end();) {
        if ((*it)->complete && (*it)->expirationTime < now)
            it = m_jobs.erase(it);
        else
            ++it;
    }
}

QJsonObject QueryService::statusJson(const Job& job, bool showProgress) const
{
    QJsonObject s;
    s.insert(QStringLiteral("id"), job.id);
    s.insert(QStringLiteral("query_async"), true);
    s.insert(QStringLiteral("team_id"), 1);
    s.insert(QStringLiteral("insight_id"), QJsonValue(QJsonValue::Null));
    s.insert(QStringLiteral("dashboard_id"), QJsonValue(QJsonValue::Null));
    s.insert(QStringLiteral("error"), job.error);
    s.insert(QStringLiteral("complete"), job.complete);
    s.insert(QStringLiteral("error_message"),
             job.errorMessage.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(job.errorMessage));
    s.insert(QStringLiteral("error_code"),
             job.errorCode.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(job.errorCode));
    // A complete result is spliced in by status() (it may hold rows that only exist as bytes).
    if (!job.complete || job.error)
        s.insert(QStringLiteral("results"), QJsonValue(QJsonValue::Null));
    s.insert(QStringLiteral("start_time"), timeOrNull(job.startTime));
    s.insert(QStringLiteral("pickup_time"), timeOrNull(job.pickupTime));
    s.insert(QStringLiteral("end_time"), timeOrNull(job.endTime));
    s.insert(QStringLiteral("expiration_time"), timeOrNull(job.expirationTime));
    s.insert(QStringLiteral("task_id"), job.id);
    s.insert(QStringLiteral("query_progress"), showProgress && !job.complete
                                                   ? QJsonValue(job.execution.progressJson())
                                                   : QJsonValue(QJsonValue::Null));
    s.insert(QStringLiteral("labels"), QJsonValue(QJsonValue::Null));
    return s;
}

} // namespace hogscope::local
