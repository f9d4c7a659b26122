#include "api/call_support.h"

#include "api/reply_guard.h"
#include "api/response_decoder.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>

namespace hogscope::api {

ApiError errorFromResponse(const HttpResponse& response, const QString& scope)
{
    if (response.networkFailed)
        return response.networkError;
    if (response.aborted) {
        ApiError error;
        error.kind = ApiError::Kind::Cancelled;
        error.message = QStringLiteral("The request was cancelled.");
        return error;
    }
    ApiError error = errorFromResponse(response);
    // The shared decoder names the query scope; these calls need another one.
    if (response.status == 403 && !scope.isEmpty())
        error.message.replace(QStringLiteral("query:read"), scope);
    return error;
}

ApiError decodeError(const QString& what, const QString& detail)
{
    ApiError error;
    error.kind = ApiError::Kind::Decode;
    error.code = QStringLiteral("decode");
    error.message =
        detail.isEmpty()
            ? QStringLiteral("The server's answer to %1 could not be read.").arg(what)
            : QStringLiteral("The server's answer to %1 could not be read: %2.").arg(what, detail);
    return error;
}

void addQueryValue(QUrlQuery& query, const QString& key, const QString& value)
{
    QString encoded = query.query(QUrl::FullyEncoded);
    if (!encoded.isEmpty())
        encoded += QLatin1Char('&');
    encoded += QString::fromLatin1(QUrl::toPercentEncoding(key)) + QLatin1Char('=') +
               QString::fromLatin1(QUrl::toPercentEncoding(value));
    query.setQuery(encoded);
}

std::optional<RelativeLink> projectRelativeLink(const QUrl& next)
{
    // Not anchored at the start: a self-hosted instance may live under a path prefix.
    static const QRegularExpression projectPath(QStringLiteral("/api/(?:environments|projects)/[^/]+/(.+)$"));
    if (!next.isValid() || next.isEmpty())
        return std::nullopt;
    const QRegularExpressionMatch match = projectPath.match(next.path());
    if (!match.hasMatch())
        return std::nullopt;
    return RelativeLink{match.captured(1), QUrlQuery(next)};
}

void DirectRequests::Handle::abort()
{
    if (!m_state)
        return;
    m_state->aborted = true;
    if (m_state->reply)
        m_state->reply->abort();
}

bool DirectRequests::Handle::isRunning() const
{
    return m_state && m_state->reply && m_state->reply->isRunning();
}

DirectRequests::DirectRequests(const ApiClient& client, QObject* parent)
    : QObject(parent)
    , m_client(&client)
    , m_manager(new QNetworkAccessManager(this))
{
    m_manager->setRedirectPolicy(QNetworkRequest::UserVerifiedRedirectPolicy);
}

DirectRequests::~DirectRequests() = default;

QUrl DirectRequests::rootUrl(const QString& apiPath, const QUrlQuery& query) const
{
    if (!m_client)
        return QUrl();
    QUrl url = m_client->connection().baseUrl;
    QString base = url.path();
    if (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    url.setPath(QStringLiteral("%1/api/%2").arg(base, apiPath), QUrl::TolerantMode);
    url.setQuery(query);
    return url;
}

bool DirectRequests::isOwnOrigin(const QUrl& url) const
{
    return m_client && url.isValid() && sameOrigin(url, m_client->connection().baseUrl);
}

DirectRequests::Handle DirectRequests::get(const QUrl& url, QObject* context, ApiClient::Handler handler)
{
    return send(QByteArrayLiteral("GET"), url, QByteArray(), context, std::move(handler), {});
}

DirectRequests::Handle DirectRequests::post(const QUrl& url, const QByteArray& json, QObject* context,
                                            ApiClient::Handler handler, ChunkHandler onChunk)
{
    return send(QByteArrayLiteral("POST"), url, json, context, std::move(handler), std::move(onChunk));
}

DirectRequests::Handle DirectRequests::send(const QByteArray& verb, const QUrl& url, const QByteArray& body,
                                            QObject* context, ApiClient::Handler handler,
                                            ChunkHandler onChunk)
{
    Handle handle;
    handle.m_state = std::make_shared<Handle::State>();
    if (!context || !m_client)
        return handle;
    if (!isOwnOrigin(url)) {
        // Never send the key to a host the user did not connect to, even when a server links there.
        HttpResponse refused;
        refused.networkFailed = true;
        refused.networkError.kind = ApiError::Kind::Network;
        refused.networkError.code = QStringLiteral("foreign_link");
        refused.networkError.message =
            QStringLiteral(
                "The server pointed to another host (%1); Hogscope does not send your API key there.")
                .arg(url.host());
        QMetaObject::invokeMethod(
            context, [handler, refused] { handler(refused); }, Qt::QueuedConnection);
        return handle;
    }

    QNetworkRequest request = apiRequest(url, m_client->connection().apiKey,
                                         onChunk ? QByteArrayLiteral("text/event-stream, application/json")
                                                 : QByteArrayLiteral("application/json"));
    request.setTransferTimeout(int(m_client->transferTimeout().count()));

    QNetworkReply* reply = nullptr;
    if (verb == "POST") {
        request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        reply = m_manager->post(request, body);
    } else {
        reply = m_manager->get(request);
    }
    handle.m_state->reply = reply;
    const auto state = handle.m_state;

    connect(reply, &QNetworkReply::finished, reply, &QObject::deleteLater);
    connect(context, &QObject::destroyed, reply, &QNetworkReply::abort);
    guardReply(reply, url);
    if (onChunk) {
        // Only a successful answer is streamed; an error body is kept whole for the error decoder.
        connect(reply, &QNetworkReply::readyRead, context, [reply, state, onChunk] {
            if (state->aborted)
                return;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (status < 200 || status >= 300)
                return;
            const QByteArray chunk = reply->readAll();
            if (!chunk.isEmpty())
                onChunk(chunk);
        });
    }
    connect(
        reply, &QNetworkReply::finished, context,
        [self = QPointer<DirectRequests>(this), alive = QPointer<QObject>(context), reply, state, handler] {
            // A context being destroyed aborts the reply, whose finished() then comes while its
            // object is half torn down: nobody is left to tell.
            if (!self || !alive)
                return;
            const QByteArray rest = reply->isOpen() ? reply->readAll() : QByteArray();
            handler(self->responseFrom(reply, state->aborted, rest));
        });
    return handle;
}

HttpResponse DirectRequests::responseFrom(QNetworkReply* reply, bool aborted, QByteArray body) const
{
    HttpResponse response;
    if (aborted) {
        response.aborted = true;
        return response;
    }
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.retryAfterSeconds = retryAfterSeconds(*reply);
    response.body = std::move(body);
    if (refusedRedirect(*reply).isEmpty() &&
        (response.status != 0 || reply->error() == QNetworkReply::NoError))
        return response;
    response.status = 0;
    response.networkFailed = true;
    response.networkError =
        transportError(*reply, m_client ? m_client->transferTimeout() : std::chrono::milliseconds(0));
    return response;
}

} // namespace hogscope::api
