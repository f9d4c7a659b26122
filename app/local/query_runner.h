#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QMutex>
#include <QString>

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>

struct sqlite3;

namespace hogscope::local {

namespace runners {
class RunContext;
class ResultTable;
} // namespace runners

// Live state of one query run, shared between the worker executing it and the HTTP thread that
// reports progress or cancels it.
class QueryExecution
{
public:
    QueryExecution() = default;
    QueryExecution(const QueryExecution&) = delete;
    QueryExecution& operator=(const QueryExecution&) = delete;

    // Stops the run within one SQLite progress tick (sqlite3_interrupt); safe from any thread.
    void interrupt();
    bool interrupted() const { return m_interrupted.load(); }
    bool timedOut() const { return m_timedOut.load(); }
    double timeLimit() const { return m_timeLimitSeconds; }

    // {rows_read, bytes_read, estimated_rows_total, time_elapsed, active_cpu_time} as PostHog reports.
    QJsonObject progressJson() const;

    // Seconds after which the run is stopped as timed out (PostHog: 60 s blocking, 600 s async).
    void setTimeLimit(double seconds) { m_timeLimitSeconds = seconds; }
    // Test fault injection: sleep this long every progress tick, to make queries observably slow.
    void setThrottleMicros(int64_t micros) { m_throttleMicros = micros; }

private:
    friend class runners::RunContext;
    void attach(sqlite3* db);
    void detach();

    mutable QMutex m_mutex;
    sqlite3* m_db = nullptr; // set while a statement runs, under m_mutex
    std::atomic<bool> m_interrupted{false};
    std::atomic<bool> m_timedOut{false};
    std::atomic<int64_t> m_rowsRead{0};
    std::atomic<int64_t> m_bytesRead{0};
    std::atomic<int64_t> m_estimatedRows{0};
    std::atomic<int64_t> m_startMicros{0}; // monotonic clock; 0 = not started
    std::atomic<int64_t> m_cpuMicros{0};
    int64_t m_startCpuNanos = 0;
    double m_timeLimitSeconds = 600;
    int64_t m_throttleMicros = 0;
};

// What became of a run: a response body, or an error in PostHog's terms.
struct QueryOutcome
{
    enum class Status
    {
        Ok,
        Invalid,   // 400: the query is wrong (syntax, resolution, runtime error of the query itself)
        Cancelled, // interrupted by DELETE
        TimedOut,  // ran past its time limit
        Failed,    // 500: the store failed
    };
    Status status = Status::Ok;
    // The response when Ok. For row-shaped responses (HogQLQuery, EventsQuery, ActorsQuery) the
    // rows are in `table` instead of response["results"]: they are written straight to JSON bytes,
    // which a QJsonObject of 50 000 rows could not be at any useful speed.
    QJsonObject response;
    std::shared_ptr<const runners::ResultTable> table;
    QString code; // PostHog error code (hogql_syntax_error, hogql_query_error, ...)
    QString message;

    // The whole response body: `response` plus `"results": table` when there is a table.
    QByteArray responseJson() const;
    // The whole response as an object (slow for big tables; for callers that edit it).
    QJsonObject responseObject() const;
};

// Runs PostHog query nodes on one read-only store connection.
class QueryRunner
{
public:
    // Dispatches on `query.kind`: HogQLQuery, HogQLMetadata, EventsQuery, ActorsQuery,
    // InsightActorsQuery, RetentionQuery, StickinessQuery, PathsQuery, TrendsQuery.
    static QueryOutcome run(sqlite3* db, const QJsonObject& query, QueryExecution& execution);

    // The checks PostHog makes before a query runs (schema validation of the node): an unknown kind,
    // a missing or mistyped field, a value outside its enum. nullopt when the node may run. Cheap;
    // the HTTP layer calls it before answering 202 to an async request.
    static std::optional<QueryOutcome> validate(const QJsonObject& query);

    // True for every kind run() understands.
    static bool isSupportedKind(const QString& kind);

    // `query` is the HogQLQuery node ({"kind":"HogQLQuery","query":"...","values":{...}}).
    static QueryOutcome runHogQL(sqlite3* db, const QJsonObject& query, QueryExecution& execution);
};

} // namespace hogscope::local
