#include "api/query_job.h"

#include "api/raw_query_response.h"
#include "api/response_decoder.h"

#include <QFutureWatcher>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QUuid>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <cmath>

namespace hogscope::api {

Q_LOGGING_CATEGORY(lcJob, "hogscope.api.job")

namespace {

QString statusPath(const QString& id)
{
    return QStringLiteral("query/%1/").arg(QString::fromUtf8(QUrl::toPercentEncoding(id)));
}

} // namespace

QueryJob::QueryJob(ApiClient* client, QJsonObject queryNode, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_queryNode(std::move(queryNode))
{
    m_pollTimer.setSingleShot(true);
    connect(&m_pollTimer, &QTimer::timeout, this, &QueryJob::poll);
}

QueryJob::~QueryJob()
{
    if (isRunning()) {
        // Nothing will read the result any more; free the server's worker too.
        ++m_generation;
        m_request.abort();
        cancelOnServer();
    }
}

void QueryJob::setRefreshMode(const QString& mode)
{
    m_refreshMode = mode;
}

std::chrono::milliseconds QueryJob::pollDelay(int pollIndex)
{
    double delay = 300.0 * std::pow(1.25, pollIndex);
    return std::chrono::milliseconds(qint64(std::min(delay, 3000.0)));
}

std::chrono::milliseconds QueryJob::retryDelay(int attempt)
{
    const qint64 base = std::min<qint64>(500LL << std::clamp(attempt - 1, 0, 5), 8000);
    // Jitter spreads out clients that lost the network at the same moment.
    const qint64 jitter = QRandomGenerator::global()->bounded(base / 2 + 1);
    return std::chrono::milliseconds(base + jitter);
}

void QueryJob::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void QueryJob::start()
{
    if (isRunning())
        cancel();
    if (!m_client) {
        ApiError error;
        error.kind = ApiError::Kind::Network;
        error.message = QStringLiteral("There is no connection to run the query on.");
        fail(error);
        return;
    }
    ++m_generation;
    m_pollIndex = 0;
    m_retries = 0;
    m_pollRetries = 0;
    m_clock.start();
    // Our own id, known before the POST returns, so a cancel can always name the query.
    m_queryId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    QJsonObject body;
    body.insert(QStringLiteral("query"), m_queryNode);
    body.insert(QStringLiteral("refresh"), m_refreshMode);
    body.insert(QStringLiteral("client_query_id"), m_queryId);
    setState(State::Submitting);
    const quint64 generation = m_generation;
    m_request = m_client->post(QStringLiteral("query/"), body, this,
                               [this, generation](const HttpResponse& response) {
                                   if (generation != m_generation || response.aborted)
                                       return;
                                   onSubmitted(response);
                               });
}

void QueryJob::onSubmitted(const HttpResponse& response)
{
    if (response.networkFailed) {
        fail(response.networkError);
        return;
    }
    if (response.status == 200 || response.status == 202) {
        decodeInBackground(response.body); // shares the buffer; the decoder copies only if it must
        return;
    }
    fail(errorFromResponse(response));
}

void QueryJob::decodeInBackground(QByteArray body)
{
    const quint64 generation = m_generation;
    auto* watcher = new QFutureWatcher<QueryResponse>(this);
    connect(watcher, &QFutureWatcher<QueryResponse>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_generation)
            return;
        onDecoded(watcher->result());
    });
    // The task owns its copy of the body and returns a value, so it never touches this object.
    watcher->setFuture(QtConcurrent::run([body = std::move(body), raw = m_keepBody]() mutable {
        return raw ? decodeRawQueryResponse(body) : decodeQueryResponse(std::move(body));
    }));
}

void QueryJob::onDecoded(const QueryResponse& response)
{
    switch (response.outcome) {
    case QueryResponse::Outcome::Completed: {
        QueryResult result = response.result;
        if (result.elapsedSeconds <= 0)
            result.elapsedSeconds = double(m_clock.elapsed()) / 1000.0;
        setState(State::Succeeded);
        Q_EMIT succeeded(result);
        return;
    }
    case QueryResponse::Outcome::Running: {
        // The submit answer names the id to poll (PostHog echoes client_query_id); polls keep it.
        if (m_state == State::Submitting && !response.queryId.isEmpty())
            m_queryId = response.queryId;
        setState(State::Polling);
        QueryProgress progress = response.progress;
        if (progress.elapsedSeconds <= 0)
            progress.elapsedSeconds = double(m_clock.elapsed()) / 1000.0;
        Q_EMIT progressChanged(progress);
        schedulePoll(pollDelay(m_pollIndex++));
        return;
    }
    case QueryResponse::Outcome::Failed:
        fail(response.error);
        return;
    }
}

void QueryJob::schedulePoll(std::chrono::milliseconds delay)
{
    if (m_clock.elapsed() + delay.count() > m_deadline.count()) {
        ApiError error;
        error.kind = ApiError::Kind::Network;
        error.code = QStringLiteral("client_timeout");
        error.message = QStringLiteral("The query did not finish within %1 seconds; it was cancelled.")
                            .arg(m_deadline.count() / 1000);
        cancelOnServer();
        fail(error);
        return;
    }
    m_pollTimer.start(delay);
}

void QueryJob::poll()
{
    if (m_state != State::Polling || !m_client)
        return;
    const quint64 generation = m_generation;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("show_progress"), QStringLiteral("true"));
    Q_EMIT pollSent();
    m_request =
        m_client->get(statusPath(m_queryId), query, this, [this, generation](const HttpResponse& response) {
            if (generation != m_generation || response.aborted)
                return;
            onPolled(response);
        });
}

// A poll answer holding {"query_status": {"error": true, ...}}: the query itself failed. Error
// bodies are small; a large one is not a status and is not parsed here on the GUI thread.
bool QueryJob::reportsFailedQuery(const QByteArray& body)
{
    if (body.size() > 64 * 1024)
        return false;
    const QJsonObject status =
        QJsonDocument::fromJson(body).object().value(QLatin1StringView("query_status")).toObject();
    return status.value(QLatin1StringView("error")).toBool();
}

void QueryJob::retryPoll(const ApiError& error, std::chrono::milliseconds delay)
{
    if (++m_retries > kMaxPollRetries) {
        fail(error);
        return;
    }
    ++m_pollRetries;
    qCInfo(lcJob) << "poll of" << m_queryId << "failed, retry" << m_retries << "in" << delay.count()
                  << "ms:" << error.message;
    schedulePoll(delay);
}

void QueryJob::onPolled(const HttpResponse& response)
{
    if (response.networkFailed) {
        retryPoll(response.networkError, retryDelay(m_retries + 1));
        return;
    }
    switch (response.status) {
    case 200:
    case 202:
        m_retries = 0;
        decodeInBackground(response.body);
        return;
    case 404: {
        ApiError error = errorFromResponse(response);
        error.kind = ApiError::Kind::Expired;
        error.message = QStringLiteral("The server no longer has this query (it expired or was cancelled "
                                       "elsewhere). Run it again.");
        fail(error);
        return;
    }
    case 429: {
        // Polls spend rate budget too; wait as told, then keep polling.
        const ApiError error = errorFromResponse(response);
        const qint64 wait = error.retryAfterSeconds > 0 ? std::min(error.retryAfterSeconds, 60) * 1000LL
                                                        : retryDelay(m_retries + 1).count();
        retryPoll(error, std::chrono::milliseconds(wait));
        return;
    }
    case 500:
        // PostHog answers 500 with the query's status when the query failed without a message: that
        // is the query's end. Any other 500 is the server in trouble on this one read (a worker
        // restarting, a cache node gone), which says nothing about the query: poll again.
        if (reportsFailedQuery(response.body)) {
            fail(errorFromResponse(response));
            return;
        }
        retryPoll(errorFromResponse(response), retryDelay(m_retries + 1));
        return;
    case 502:
    case 503:
    case 504:
        // Gateways hiccup while the query keeps running behind them; a status read is safe to
        // repeat. Five failures in a row end the job with the server's message.
        retryPoll(errorFromResponse(response), retryDelay(m_retries + 1));
        return;
    default: {
        ApiError error = errorFromResponse(response);
        if (response.status == 400)
            error.kind = ApiError::Kind::Query;
        fail(error);
        return;
    }
    }
}

void QueryJob::fail(ApiError error)
{
    ++m_generation;
    m_pollTimer.stop();
    setState(State::Failed);
    Q_EMIT failed(error);
}

void QueryJob::cancel()
{
    if (!isRunning())
        return;
    ++m_generation;
    m_pollTimer.stop();
    m_request.abort();
    cancelOnServer();
    setState(State::Cancelled);
    Q_EMIT cancelled();
}

void QueryJob::cancelOnServer()
{
    if (!m_client || m_queryId.isEmpty())
        return;
    const QString id = m_queryId;
    // The client is the context: the DELETE must outlive this job (the destructor sends it too).
    m_client->deleteResource(
        statusPath(id), m_client, [id, self = QPointer<QueryJob>(this)](const HttpResponse& response) {
            // 200 (newer) or 204 (older) is a cancel; 404 means nothing was left to cancel.
            const bool confirmed = response.status == 200 || response.status == 204 || response.status == 404;
            if (self)
                Q_EMIT self->serverCancelFinished(confirmed);
            if (confirmed)
                return;
            qCWarning(lcJob) << "cancelling query" << id << "on the server failed:"
                             << (response.networkFailed ? response.networkError.message
                                                        : QStringLiteral("HTTP %1").arg(response.status));
        });
}

} // namespace hogscope::api
