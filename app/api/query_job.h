#pragma once

#include "api/api_client.h"
#include "api/api_error.h"
#include "api/query_result.h"

#include <QElapsedTimer>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <chrono>

namespace hogscope::api {

struct QueryResponse;

// One query run: submit -> poll (300 ms, x1.25, max 3 s) -> done/failed/cancelled.
// Late replies from an earlier run, a cancel or a destroyed job are dropped by a generation counter.
class QueryJob : public QObject
{
    Q_OBJECT

public:
    enum class State
    {
        Idle,
        Submitting,
        Polling,
        Succeeded,
        Failed,
        Cancelled
    };
    Q_ENUM(State)

    QueryJob(ApiClient* client, QJsonObject queryNode /* e.g. {"kind":"HogQLQuery","query":"..."} */,
             QObject* parent = nullptr);
    // Cancels a running query on the server too (DELETE /query/:id/).
    ~QueryJob() override;

    void setRefreshMode(const QString& mode); // default "force_async" so progress and cancel work
    QString refreshMode() const { return m_refreshMode; }
    // Wall-clock budget for the whole run; PostHog's frontend gives up after 606 s.
    void setDeadline(std::chrono::milliseconds deadline) { m_deadline = deadline; }
    // Results that are not a table (insight queries): QueryResult::body instead of a decoded table.
    void setKeepBody(bool keep) { m_keepBody = keep; }

    void start();
    void cancel(); // aborts in-flight request and sends DELETE /query/:id/
    State state() const { return m_state; }
    QString queryId() const { return m_queryId; }
    // How many status polls of this run failed (network, 5xx, 429) and were sent again.
    int pollRetries() const { return m_pollRetries; }

    // The poll delays PostHog's frontend uses: 300 ms, then x1.25 up to 3 s.
    static std::chrono::milliseconds pollDelay(int pollIndex);
    // Retry delay after the n-th (1-based) failed poll: exponential with jitter.
    static std::chrono::milliseconds retryDelay(int attempt);
    static constexpr int kMaxPollRetries = 5;

Q_SIGNALS:
    void stateChanged(hogscope::api::QueryJob::State state);
    void progressChanged(const hogscope::api::QueryProgress& progress);
    void succeeded(const hogscope::api::QueryResult& result);
    void failed(const hogscope::api::ApiError& error);
    void cancelled();
    // A status poll went out: polls spend PostHog's rate budget too (the scheduler counts them).
    void pollSent();
    // The server answered the DELETE sent by cancel(): `confirmed` is false on a network failure or
    // an unexpected status. Lets a command line wait for the far end before it exits.
    void serverCancelFinished(bool confirmed);

private:
    bool isRunning() const { return m_state == State::Submitting || m_state == State::Polling; }
    void setState(State state);
    void onSubmitted(const HttpResponse& response);
    void poll();
    void onPolled(const HttpResponse& response);
    void decodeInBackground(QByteArray body);
    void onDecoded(const QueryResponse& response);
    void schedulePoll(std::chrono::milliseconds delay);
    void retryPoll(const ApiError& error, std::chrono::milliseconds delay);
    static bool reportsFailedQuery(const QByteArray& body);
    void fail(ApiError error);
    void cancelOnServer();

    QPointer<ApiClient> m_client;
    QJsonObject m_queryNode;
    QString m_refreshMode = QStringLiteral("force_async");
    std::chrono::milliseconds m_deadline{606'000};
    bool m_keepBody = false;
    State m_state = State::Idle;
    QString m_queryId;
    quint64 m_generation = 0;
    RequestHandle m_request;
    QTimer m_pollTimer;
    QElapsedTimer m_clock;
    int m_pollIndex = 0;
    int m_retries = 0;     // failed polls in a row: five end the job
    int m_pollRetries = 0; // failed polls in this run, for diagnostics and tests
};

} // namespace hogscope::api
