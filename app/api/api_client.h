#pragma once

#include "api/api_error.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <chrono>
#include <functional>
#include <memory>

class QJsonObject;
class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;

namespace hogscope::api {

// Where and as whom to connect.
struct Connection
{
    QUrl baseUrl;      // https://us.posthog.com, a self-hosted host, or the local server
    QByteArray apiKey; // personal API key, sent as "Authorization: Bearer <key>"
    QString projectId = QStringLiteral("1");
};

// The outcome of one HTTP exchange as handed to a callback.
struct HttpResponse
{
    int status = 0; // HTTP status, 0 when no HTTP answer arrived
    QByteArray body;
    int retryAfterSeconds = -1; // the Retry-After header (seconds or an HTTP date), -1 without one
    bool aborted = false;       // cancelled through RequestHandle::abort(); nothing else is set then
    bool networkFailed = false;
    ApiError networkError; // set when networkFailed: what went wrong, for the user
};

// The Retry-After header of a reply in seconds from now (both forms: delta-seconds and HTTP-date),
// -1 when absent or unreadable.
int retryAfterSeconds(const QNetworkReply& reply);

// An error answer as one ApiError: the body decoded (decodeErrorResponse), and for a 429 whose body
// names no wait, the Retry-After header's.
ApiError errorFromResponse(const HttpResponse& response);

// A cancellable handle on a request in flight (it follows the request across the projects fallback).
class RequestHandle
{
public:
    RequestHandle() = default;
    void abort();
    bool isRunning() const;

private:
    friend class ApiClient;
    struct State
    {
        QPointer<QNetworkReply> reply;
        bool aborted = false;
    };
    std::shared_ptr<State> m_state;
};

// Owns the one QNetworkAccessManager; typed calls; sets auth, User-Agent, timeouts. Callbacks only
// run while their context object lives; replies are always deleteLater'd.
class ApiClient : public QObject
{
    Q_OBJECT

public:
    using Handler = std::function<void(const HttpResponse&)>;
    enum class UrlFamily
    {
        Environments,
        Projects
    };

    explicit ApiClient(Connection connection, QObject* parent = nullptr);
    ~ApiClient() override;

    const Connection& connection() const;

    // Inactivity timeout for every transfer (the manager's transferTimeout).
    void setTransferTimeout(std::chrono::milliseconds timeout);
    std::chrono::milliseconds transferTimeout() const;

    // The URL family in use: environments/ first; projects/ once environments/ answered 404.
    UrlFamily urlFamily() const { return m_family; }

    // Project-scoped calls; path is relative to /api/<family>/<projectId>/ ("query/", "query/ID/").
    RequestHandle get(const QString& path, const QUrlQuery& query, QObject* context, Handler handler);
    RequestHandle post(const QString& path, const QJsonObject& body, QObject* context, Handler handler);
    RequestHandle deleteResource(const QString& path, QObject* context, Handler handler);

    QUrl projectUrl(const QString& path, UrlFamily family, const QUrlQuery& query = QUrlQuery()) const;

private:
    struct Call
    {
        QByteArray verb;
        QString path;
        QUrlQuery query;
        QByteArray body;
    };

    void send(const Call& call, UrlFamily family, const std::shared_ptr<RequestHandle::State>& state,
              QPointer<QObject> context, Handler handler);
    QNetworkRequest makeRequest(const QUrl& url) const;
    HttpResponse responseFrom(QNetworkReply* reply, bool aborted) const;

    Connection m_connection;
    QNetworkAccessManager* m_manager = nullptr;
    UrlFamily m_family = UrlFamily::Environments;
    bool m_familyConfirmed = false;
};

} // namespace hogscope::api
