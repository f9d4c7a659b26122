#pragma once

#include "api/api_error.h"
#include "api/query_job.h"
#include "api/query_result.h"
#include "api/rate_budget.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>
#include <functional>
#include <vector>

namespace hogscope::api {

class ApiClient;
class QueryScheduler;

// Who is waiting for a query: the user's own runs go before look-ups made on their behalf.
enum class QueryPriority
{
    Background, // completion values, schema probes, prefetches
    User,       // the user pressed Run (or a command line asked)
};

// One query to run through the scheduler.
struct QueryRequest
{
    QJsonObject query;   // the query node, e.g. {"kind": "HogQLQuery", "query": "SELECT ..."}
    QString refreshMode; // empty = QueryJob's default (force_async: progress and cancel work)
    std::chrono::milliseconds deadline{606'000};
    QString label; // short description for logs and the status bar
    // The results are not a table (RetentionQuery, StickinessQuery, PathsQuery, ...): the job reads
    // only the status and hands the response over undecoded in QueryResult::body.
    bool keepBody = false;
};

// PostHog's limits as the scheduler applies them (spec/posthog-api.md §1.8 and §2).
struct SchedulerLimits
{
    int maxRunning = 3;      // PostHog's per-team concurrency limit for queries
    int reservedForUser = 1; // slots Background queries may never take, so a Run starts at once
    // `query` throttle (HogQLQueryThrottle): POST /query/ with kind HogQLQuery.
    std::vector<RateLimit> hogqlQueries{{120, std::chrono::hours(1)}};
    // clickhouse_burst + clickhouse_sustained: other query kinds, and every status poll and cancel.
    std::vector<RateLimit> clickhouse{{240, std::chrono::minutes(1)}, {1200, std::chrono::hours(1)}};
    // Resubmits after 429 on submit before the query fails with the throttle error.
    int maxThrottleRetries = 8;
    // Wait after a 429 that names no time (the concurrency limit): doubles per retry up to the cap.
    std::chrono::milliseconds throttleBackoff{2000};
    std::chrono::milliseconds maxThrottleBackoff{60'000};

    // PostHog cloud with a personal API key (the default).
    static SchedulerLimits postHog() { return SchedulerLimits{}; }
    // A server that does not throttle (hogscope-server): concurrency only, no budgets.
    static SchedulerLimits unthrottled();
};

// One budget window for the status bar: "HogQL queries: 117 of 120 per hour left".
struct BudgetWindowStatus
{
    QString name;
    int limit = 0;
    std::chrono::milliseconds period{0};
    int remaining = 0;
};

// What the status bar shows.
struct SchedulerStatus
{
    int running = 0;
    int queued = 0;                          // waiting for a slot, a budget or the end of a throttle pause
    int queuedUser = 0;                      // of which the user's own
    qint64 throttledForMs = 0;               // > 0 while PostHog's last 429 asked us to hold off
    qint64 budgetWaitMs = 0;                 // > 0 when the next queued query waits for a budget window
    std::vector<BudgetWindowStatus> budgets; // empty when unthrottled
};

// The caller's handle on one scheduled query: queued, then run through a QueryJob, retried after
// 429 on submit. Signals mirror QueryJob's. Owned by the `owner` given to submit(); with no owner
// the scheduler owns it and deletes it (deleteLater) after its final signal. Deleting a handle
// cancels its query, on the server too.
class ScheduledQuery : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Queued, // waiting for a slot, a budget, or a throttle pause (also between 429 retries)
        Running,
        Succeeded,
        Failed,
        Cancelled
    };
    Q_ENUM(State)

    ~ScheduledQuery() override;

    State state() const { return m_state; }
    bool isFinished() const
    {
        return m_state == State::Succeeded || m_state == State::Failed || m_state == State::Cancelled;
    }
    QueryPriority priority() const { return m_priority; }
    const QueryRequest& request() const { return m_request; }
    // The job while it runs (and after it ended); null before the first start.
    QueryJob* job() const { return m_job; }
    QString queryId() const;
    int throttleRetries() const { return m_throttleRetries; }

    // Queued: leaves the queue (nothing was sent). Running: QueryJob::cancel() (DELETE on the
    // server) and serverCancelFinished() follows. Returns true when a DELETE went out.
    bool cancel();

Q_SIGNALS:
    void stateChanged(hogscope::api::ScheduledQuery::State state);
    void progressChanged(const hogscope::api::QueryProgress& progress);
    void succeeded(const hogscope::api::QueryResult& result);
    void failed(const hogscope::api::ApiError& error);
    void cancelled();
    // PostHog answered 429 to the submit; the query is queued again and resubmitted after `wait`.
    void throttled(const hogscope::api::ApiError& error, std::chrono::milliseconds wait);
    // The server answered the DELETE of a cancel (see QueryJob::serverCancelFinished).
    void serverCancelFinished(bool confirmed);

private:
    friend class QueryScheduler;
    ScheduledQuery(QueryScheduler* scheduler, QueryRequest request, QueryPriority priority, quint64 sequence,
                   QObject* parent);
    void setState(State state);
    void run(ApiClient* client);
    void finish(State state);
    void onJobFailed(const ApiError& error);

    QPointer<QueryScheduler> m_scheduler;
    QueryRequest m_request;
    QueryPriority m_priority;
    quint64 m_sequence;
    State m_state = State::Queued;
    QueryJob* m_job = nullptr; // child
    bool m_submitting = false; // the job's current run has not been accepted yet (429 = retry)
    bool m_autoDelete = false;
    int m_throttleRetries = 0;
};

// Runs queries against one ApiClient (one key, one project) within PostHog's limits: at most
// maxRunning at once, a queue ordered by priority then arrival, client-side copies of the rate
// throttles so we wait instead of earning 429s, and a pause of the announced length after a 429.
// No globals: make one per client.
class QueryScheduler : public QObject
{
    Q_OBJECT

public:
    // Milliseconds on a monotonic clock; replaceable for tests.
    using Clock = std::function<qint64()>;

    explicit QueryScheduler(ApiClient& client, SchedulerLimits limits = SchedulerLimits::postHog(),
                            QObject* parent = nullptr);
    // Cancels what still runs (DELETE on the server) and what is queued.
    ~QueryScheduler() override;

    // Queues a query; it may start before this returns. See ScheduledQuery for ownership.
    ScheduledQuery* submit(QueryRequest request, QueryPriority priority, QObject* owner = nullptr);

    SchedulerStatus status() const;
    const SchedulerLimits& limits() const { return m_limits; }
    // New limits apply to what starts next; the budgets' history is kept.
    void setLimits(SchedulerLimits limits);
    void setClock(Clock clock);
    ApiClient& client() const { return m_client; }

    // "Request was throttled. Expected available in 37 seconds." or a Retry-After value: the wait
    // to honour; a 429 that names none (the concurrency limit) backs off by `attempt` (1-based).
    std::chrono::milliseconds throttleWait(const ApiError& error, int attempt) const;

Q_SIGNALS:
    // Running or queued counts, a budget or the throttle pause changed: re-read status().
    void stateChanged();

private:
    friend class ScheduledQuery;

    qint64 now() const;
    static bool isHogQL(const QueryRequest& request);
    RateBudget& budgetFor(const QueryRequest& request);
    const RateBudget& budgetFor(const QueryRequest& request) const;
    void enqueue(ScheduledQuery* query);
    void pump();
    void armWake(qint64 delayMs);
    void onPollSent();
    void onCancelSent();
    void onFinished(ScheduledQuery* query);
    void onThrottled(ScheduledQuery* query, qint64 waitMs);
    void forget(ScheduledQuery* query);
    int runningBackground() const;

    ApiClient& m_client;
    SchedulerLimits m_limits;
    RateBudget m_hogqlBudget;
    RateBudget m_clickhouseBudget;
    Clock m_clock;
    QElapsedTimer m_elapsed;
    std::vector<ScheduledQuery*> m_queue; // ordered: priority, then sequence
    std::vector<ScheduledQuery*> m_running;
    quint64 m_nextSequence = 0;
    qint64 m_throttledUntil = 0;
    QTimer m_wake;
    bool m_pumping = false;
    bool m_pumpAgain = false;
};

} // namespace hogscope::api
