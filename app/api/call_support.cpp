#include "api/call_support.h"

#include "api/response_decoder.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QRegularExpression>
#if QT_CONFIG(ssl)
#include <QSslError>
#endif

namespace hogscope::api {

namespace {

const char* const kRefusedRedirectProperty = "hogscope_refusedRedirect";
const char* const kSslErrorsProperty = "hogscope_sslErrors";

int defaultPort(const QUrl& url)
{
    return url.port(url.scheme() == QLatin1String("https") ? 443 : 80);
}

bool sameOrigin(const QUrl& a, const QUrl& b)
{
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           defaultPort(a) == defaultPort(b);
}

} // namespace

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

    QNetworkRequest request(url);
    const Connection& connection = m_client->connection();
    request.setRawHeader(QByteArrayLiteral("Authorization"),
                         QByteArrayLiteral("Bearer ") + connection.apiKey);
    request.setRawHeader(QByteArrayLiteral("Accept"),
                         onChunk ? QByteArrayLiteral("text/event-stream, application/json")
                                 : QByteArrayLiteral("application/json"));
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Hogscope/" HOGSCOPE_VERSION));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
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
    connect(reply, &QNetworkReply::redirected, reply, [reply, origin = url](const QUrl& target) {
        if (sameOrigin(origin, target)) {
            Q_EMIT reply->redirectAllowed();
            return;
        }
        reply->setProperty(kRefusedRedirectProperty, target);
        reply->abort();
    });
#if QT_CONFIG(ssl)
    connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError>& errors) {
        QStringList texts;
        for (const QSslError& error : errors)
            texts << error.errorString();
        reply->setProperty(kSslErrorsProperty, texts.join(QStringLiteral("; ")));
    });
#endif
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
    connect(reply, &QNetworkReply::finished, context,
            [self = QPointer<DirectRequests>(this), reply, state, handler] {
                if (!self)
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
    const QUrl refused = reply->property(kRefusedRedirectProperty).toUrl();
    if (refused.isEmpty() && (response.status != 0 || reply->error() == QNetworkReply::NoError))
        return response;

    response.status = 0;
    response.networkFailed = true;
    ApiError& error = response.networkError;
    error.kind = ApiError::Kind::Network;
    const QString host = reply->url().host();
    if (!refused.isEmpty()) {
        error.code = QStringLiteral("redirect_refused");
        error.message = QStringLiteral("The server redirected to another host (%1). Hogscope does not follow "
                                       "it, so your API key is not sent there.")
                            .arg(refused.host());
        return response;
    }
    switch (reply->error()) {
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        error.code = QStringLiteral("timeout");
        error.message = QStringLiteral("%1 did not answer within %2 seconds.")
                            .arg(host)
                            .arg(m_client ? m_client->transferTimeout().count() / 1000 : 0);
        break;
    case QNetworkReply::ConnectionRefusedError:
        error.code = QStringLiteral("connection_refused");
        error.message =
            QStringLiteral("Could not connect to %1: the connection was refused. Is the server running?")
                .arg(host);
        break;
    case QNetworkReply::HostNotFoundError:
        error.code = QStringLiteral("host_not_found");
        error.message = QStringLiteral("The host %1 was not found. Check the server URL.").arg(host);
        break;
    case QNetworkReply::SslHandshakeFailedError: {
        const QString sslErrors = reply->property(kSslErrorsProperty).toString();
        error.code = QStringLiteral("tls");
        error.message = QStringLiteral("The secure connection to %1 failed: %2. Hogscope does not accept "
                                       "untrusted certificates.")
                            .arg(host, sslErrors.isEmpty() ? reply->errorString() : sslErrors);
        break;
    }
    default:
        error.code = QStringLiteral("network");
        error.message = QStringLiteral("Network error talking to %1: %2.").arg(host, reply->errorString());
        break;
    }
    return response;
}

} // namespace hogscope::api
