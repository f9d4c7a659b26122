#include "api/api_client.h"

#include "api/reply_guard.h"
#include "api/response_decoder.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <algorithm>

namespace hogscope::api {

Q_LOGGING_CATEGORY(lcApi, "hogscope.api")

namespace {

// No byte for this long fails the transfer. Blocking queries may think for a minute on the server
// (PostHog's default max_execution_time is 60 s), so leave room beyond that.
constexpr std::chrono::milliseconds kDefaultTransferTimeout{90'000};

// At least simdjson's SIMDJSON_PADDING (64); the api headers do not expose simdjson.
constexpr qsizetype kDecoderPadding = 128;

} // namespace

void RequestHandle::abort()
{
    if (!m_state)
        return;
    m_state->aborted = true;
    if (m_state->reply)
        m_state->reply->abort();
}

bool RequestHandle::isRunning() const
{
    return m_state && m_state->reply && m_state->reply->isRunning();
}

ApiClient::ApiClient(Connection connection, QObject* parent)
    : QObject(parent)
    , m_connection(std::move(connection))
    , m_manager(new QNetworkAccessManager(this))
{
    m_manager->setTransferTimeout(int(kDefaultTransferTimeout.count()));
    // Redirects are verified one by one (see send()) so the key never travels to another host.
    m_manager->setRedirectPolicy(QNetworkRequest::UserVerifiedRedirectPolicy);
}

ApiClient::~ApiClient() = default;

const Connection& ApiClient::connection() const
{
    return m_connection;
}

void ApiClient::setTransferTimeout(std::chrono::milliseconds timeout)
{
    m_manager->setTransferTimeout(int(timeout.count()));
}

std::chrono::milliseconds ApiClient::transferTimeout() const
{
    return std::chrono::milliseconds(m_manager->transferTimeout());
}

QUrl ApiClient::projectUrl(const QString& path, UrlFamily family, const QUrlQuery& query) const
{
    QUrl url = m_connection.baseUrl;
    QString base = url.path();
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const QString familyName =
        family == UrlFamily::Environments ? QStringLiteral("environments") : QStringLiteral("projects");
    url.setPath(
        QStringLiteral("%1/api/%2/%3/%4")
            .arg(base, familyName, QString::fromUtf8(QUrl::toPercentEncoding(m_connection.projectId)), path),
        QUrl::TolerantMode);
    url.setQuery(query);
    return url;
}

QNetworkRequest ApiClient::makeRequest(const QUrl& url) const
{
    return apiRequest(url, m_connection.apiKey);
}

RequestHandle ApiClient::get(const QString& path, const QUrlQuery& query, QObject* context, Handler handler)
{
    RequestHandle handle;
    handle.m_state = std::make_shared<RequestHandle::State>();
    send(Call{QByteArrayLiteral("GET"), path, query, {}}, m_family, handle.m_state, context,
         std::move(handler));
    return handle;
}

RequestHandle ApiClient::post(const QString& path, const QJsonObject& body, QObject* context, Handler handler)
{
    RequestHandle handle;
    handle.m_state = std::make_shared<RequestHandle::State>();
    send(Call{QByteArrayLiteral("POST"), path, {}, QJsonDocument(body).toJson(QJsonDocument::Compact)},
         m_family, handle.m_state, context, std::move(handler));
    return handle;
}

RequestHandle ApiClient::deleteResource(const QString& path, QObject* context, Handler handler)
{
    RequestHandle handle;
    handle.m_state = std::make_shared<RequestHandle::State>();
    send(Call{QByteArrayLiteral("DELETE"), path, {}, {}}, m_family, handle.m_state, context,
         std::move(handler));
    return handle;
}

void ApiClient::send(const Call& call, UrlFamily family, const std::shared_ptr<RequestHandle::State>& state,
                     QPointer<QObject> context, Handler handler)
{
    if (!context)
        return;
    const QUrl url = projectUrl(call.path, family, call.query);
    QNetworkRequest request = makeRequest(url);
    QNetworkReply* reply = nullptr;
    if (call.verb == "POST") {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        reply = m_manager->post(request, call.body);
    } else if (call.verb == "DELETE") {
        reply = m_manager->deleteResource(request);
    } else {
        reply = m_manager->get(request);
    }
    state->reply = reply;

    // Disposal first and unconditionally, whether or not anyone still listens.
    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    // A dead context means nobody wants the answer: stop the transfer.
    connect(context.data(), &QObject::destroyed, reply, &QNetworkReply::abort);
    guardReply(reply, url);
    connect(reply, &QNetworkReply::finished, context.data(),
            [this, self = QPointer<ApiClient>(this), reply, call, family, state, context, handler] {
                if (!self)
                    return; // the client is being destroyed and takes its replies with it
                // The context is being destroyed: its destroyed() signal aborted the reply, and
                // finished() arrives while the connection still stands but the handler's object is
                // half torn down (UBSan caught one). Nobody is left to tell.
                if (!context)
                    return;
                const HttpResponse response = responseFrom(reply, state->aborted);
                if (!response.aborted && !response.networkFailed) {
                    if (response.status == 404 && family == UrlFamily::Environments && !m_familyConfirmed) {
                        // Older or differently routed servers only know /api/projects/.
                        qCInfo(lcApi) << "environments/ answered 404; retrying under projects/";
                        m_family = UrlFamily::Projects;
                        send(call, UrlFamily::Projects, state, context, handler);
                        return;
                    }
                    if (response.status != 404) {
                        m_family = family;
                        m_familyConfirmed = true;
                    } else if (family == UrlFamily::Projects && !m_familyConfirmed) {
                        m_family =
                            UrlFamily::Environments; // neither answered: the project id is likely wrong
                    }
                }
                handler(response);
            });
}

int retryAfterSeconds(const QNetworkReply& reply)
{
    const QByteArray value = reply.rawHeader(QByteArrayLiteral("Retry-After")).trimmed();
    if (value.isEmpty())
        return -1;
    bool ok = false;
    const int seconds = value.toInt(&ok);
    if (ok)
        return seconds >= 0 ? seconds : -1;
    // An HTTP-date (RFC 9110 IMF-fixdate), e.g. "Wed, 21 Oct 2015 07:28:00 GMT".
    const QDateTime when = QDateTime::fromString(QString::fromLatin1(value), Qt::RFC2822Date);
    if (!when.isValid())
        return -1;
    return int(std::max<qint64>(0, QDateTime::currentDateTimeUtc().secsTo(when)));
}

ApiError errorFromResponse(const HttpResponse& response)
{
    ApiError error = decodeErrorResponse(response.status, response.body);
    if (error.kind == ApiError::Kind::Throttled && error.retryAfterSeconds < 0 &&
        response.retryAfterSeconds >= 0)
        error.retryAfterSeconds = response.retryAfterSeconds;
    return error;
}

HttpResponse ApiClient::responseFrom(QNetworkReply* reply, bool aborted) const
{
    HttpResponse response;
    if (aborted) {
        response.aborted = true;
        return response;
    }
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.retryAfterSeconds = retryAfterSeconds(*reply);
    if (reply->isOpen()) {
        // Read into a buffer with spare capacity so the JSON decoder (which needs padding past the
        // end) can use it in place instead of copying a body of possibly hundreds of megabytes.
        const qint64 available = reply->bytesAvailable();
        response.body.reserve(qsizetype(available) + kDecoderPadding);
        response.body.resize(qsizetype(available));
        const qint64 read = reply->read(response.body.data(), available);
        response.body.resize(qsizetype(std::max<qint64>(read, 0)));
    }
    const QUrl refused = refusedRedirect(*reply);
    // Errors below ProxyConnectionRefusedError are the transport's: with a status they mean the head
    // arrived but the body did not (connection closed or timed out mid-body), so the body is partial.
    const bool transportFailed = reply->error() != QNetworkReply::NoError &&
                                 reply->error() < QNetworkReply::ProxyConnectionRefusedError;
    // Qt 6.4 may also end a body the server cut off with no error at all when the close is seen
    // before the error: less than the Content-Length arrived. (Compressed bodies are decoded, so
    // their length says nothing about what arrived; the decoder still notices the cut there.)
    const QVariant promisedLength = reply->header(QNetworkRequest::ContentLengthHeader);
    const QByteArray encoding = reply->rawHeader(QByteArrayLiteral("Content-Encoding")).trimmed();
    const bool cutShort = response.status != 0 && promisedLength.isValid() &&
                          (encoding.isEmpty() || encoding.compare("identity", Qt::CaseInsensitive) == 0) &&
                          response.body.size() < promisedLength.toLongLong();
    if (response.status != 0 && refused.isEmpty() && !transportFailed && !cutShort)
        return response;
    if (reply->error() == QNetworkReply::NoError && refused.isEmpty() && !cutShort)
        return response;

    const int partialStatus = response.status;
    response.status = 0;
    response.networkFailed = true;
    if (refused.isEmpty() &&
        (cutShort || (partialStatus != 0 && reply->error() == QNetworkReply::RemoteHostClosedError))) {
        const qint64 promised = promisedLength.toLongLong();
        ApiError& error = response.networkError;
        error.kind = ApiError::Kind::Network;
        error.code = QStringLiteral("incomplete");
        error.message =
            promised > 0
                ? QStringLiteral("The answer from %1 was cut short: the connection closed after %2 of %3 "
                                 "bytes. Try again.")
                      .arg(reply->url().host())
                      .arg(response.body.size())
                      .arg(promised)
                : QStringLiteral("The answer from %1 was cut short: the connection closed before it was "
                                 "complete. Try again.")
                      .arg(reply->url().host());
        response.body.clear();
        return response;
    }
    response.networkError = transportError(*reply, transferTimeout());
    return response;
}

} // namespace hogscope::api
