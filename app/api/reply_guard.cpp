#include "api/reply_guard.h"

#include "api/api_error.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QStringList>
#include <QVariant>

#if QT_CONFIG(ssl)
#include <QSslError>
#endif

namespace hogscope::api {

namespace {

const char* const kRefusedRedirectProperty = "hogscope_refusedRedirect";
const char* const kSslErrorsProperty = "hogscope_sslErrors";

} // namespace

bool sameOrigin(const QUrl& a, const QUrl& b)
{
    return a.scheme() == b.scheme() && a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           a.port(a.scheme() == QLatin1String("https") ? 443 : 80) ==
               b.port(b.scheme() == QLatin1String("https") ? 443 : 80);
}

QNetworkRequest apiRequest(const QUrl& url, const QByteArray& apiKey, const QByteArray& accept)
{
    QNetworkRequest request(url);
    request.setRawHeader(QByteArrayLiteral("Authorization"), QByteArrayLiteral("Bearer ") + apiKey);
    request.setRawHeader(QByteArrayLiteral("Accept"), accept);
    request.setHeader(QNetworkRequest::UserAgentHeader, QByteArrayLiteral("Hogscope/" HOGSCOPE_VERSION));
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::UserVerifiedRedirectPolicy);
    return request;
}

void guardReply(QNetworkReply* reply, const QUrl& origin)
{
    QObject::connect(reply, &QNetworkReply::redirected, reply, [reply, origin](const QUrl& target) {
        if (sameOrigin(origin, target)) {
            Q_EMIT reply->redirectAllowed();
            return;
        }
        // Following would resend the Authorization header to another host.
        reply->setProperty(kRefusedRedirectProperty, target);
        reply->abort();
    });
#if QT_CONFIG(ssl)
    QObject::connect(reply, &QNetworkReply::sslErrors, reply, [reply](const QList<QSslError>& errors) {
        // Reported, never ignored: the handshake then fails and the user sees why.
        QStringList texts;
        for (const QSslError& error : errors)
            texts << error.errorString();
        reply->setProperty(kSslErrorsProperty, texts.join(QStringLiteral("; ")));
    });
#endif
}

QUrl refusedRedirect(const QNetworkReply& reply)
{
    return reply.property(kRefusedRedirectProperty).toUrl();
}

ApiError transportError(const QNetworkReply& reply, std::chrono::milliseconds transferTimeout)
{
    ApiError error;
    error.kind = ApiError::Kind::Network;
    const QString host = reply.url().host();
    if (const QUrl refused = refusedRedirect(reply); !refused.isEmpty()) {
        error.code = QStringLiteral("redirect_refused");
        error.message =
            QStringLiteral("The server redirected to another host (%1). Hogscope does not follow it, "
                           "so your API key is not sent there; use that address as the server URL "
                           "if you trust it.")
                .arg(refused.host());
        return error;
    }
    switch (reply.error()) {
    case QNetworkReply::OperationCanceledError:
    case QNetworkReply::TimeoutError:
        error.code = QStringLiteral("timeout");
        error.message = QStringLiteral("%1 did not answer within %2 seconds.")
                            .arg(host)
                            .arg(transferTimeout.count() / 1000);
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
        const QString sslErrors = reply.property(kSslErrorsProperty).toString();
        error.code = QStringLiteral("tls");
        error.message = QStringLiteral("The secure connection to %1 failed: %2. Hogscope does not accept "
                                       "untrusted certificates.")
                            .arg(host, sslErrors.isEmpty() ? reply.errorString() : sslErrors);
        break;
    }
    default:
        error.code = QStringLiteral("network");
        error.message = QStringLiteral("Network error talking to %1: %2.").arg(host, reply.errorString());
        break;
    }
    return error;
}

} // namespace hogscope::api
