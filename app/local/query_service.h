#pragma once

#include "query_runner.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace hogscope::local {

class IndexCompletion;
class SqliteConnection;

// Runs queries on a pool of worker threads (one read-only store connection each) and keeps their
// status records — PostHog's QueryStatus — for 20 minutes. Thread-safe.
class QueryService
{
public:
    struct Options
    {
        QString databasePath;
        int workers = 2;
        int64_t throttleMicros = 0; // test fault injection, see QueryExecution::setThrottleMicros
    };

    // A status answer: the HTTP status PostHog uses for this state, and the body. `rawBody` is the
    // same body as JSON bytes: a finished row-shaped result is only there (see QueryOutcome::table),
    // so a server sends `rawBody` when it is not empty.
    struct StatusReply
    {
        int httpStatus = 200;
        QJsonObject body;
        QByteArray rawBody;
    };

    enum class CancelResult
    {
        NotFound,
        Cancelled,
        AlreadyComplete,
    };

    using Done = std::function<void(const QueryOutcome& outcome)>;
    // Work other than a query node that needs a store connection on a worker (the legacy persons
    // endpoints): `db` is null when no connection could be opened, and `error` says why.
    using Work = std::function<void(sqlite3* db, QueryExecution& execution, const QString& error)>;

    explicit QueryService(Options options);
    ~QueryService(); // interrupts running queries and joins the workers
    QueryService(const QueryService&) = delete;
    QueryService& operator=(const QueryService&) = delete;

    // Starts `queryNode` under `id`. `done` (may be empty) runs on the worker thread when it ends.
    // Returns the initial status record ({"query_status": ...} body).
    QJsonObject start(const QString& id, const QJsonObject& queryNode, bool async, Done done);

    // Runs `work` on a worker with a store connection of the current schema (no status record; a
    // 60 s time limit, interrupted when the service shuts down).
    void runWork(Work work);

    // True while a record for `id` exists (running, or finished less than 20 minutes ago).
    bool exists(const QString& id);

    std::optional<StatusReply> status(const QString& id, bool showProgress);
    CancelResult cancel(const QString& id);

    static constexpr int kStatusTtlSeconds = 20 * 60;

private:
    struct Job;
    std::unique_ptr<SqliteConnection> acquireConnection(QString* error);
    bool ensureCurrentSchema(QString* error);
    void releaseConnection(std::unique_ptr<SqliteConnection> connection);
    void run(const std::shared_ptr<Job>& job, const QJsonObject& queryNode, const Done& done);
    QJsonObject statusJson(const Job& job, bool showProgress) const;
    void purgeExpired();

    Options m_options;
    QThreadPool m_pool;
    QMutex m_mutex; // guards m_jobs, m_idle and every Job's status fields
    QHash<QString, std::shared_ptr<Job>> m_jobs;
    std::vector<std::unique_ptr<SqliteConnection>> m_idle;
    QMutex m_upgradeMutex;
    std::vector<QueryExecution*> m_workExecutions;      // under m_mutex: runWork() runs, for shutdown
    bool m_schemaChecked = false;                       // under m_upgradeMutex
    std::unique_ptr<IndexCompletion> m_indexCompletion; // under m_upgradeMutex: builds missing indexes
};

} // namespace hogscope::local
