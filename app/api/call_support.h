#pragma once

// Support shared by the "other calls" (discovery, definitions, persons, metadata, AI): a result type
// for callbacks, error mapping with the right scope name, following PostHog's absolute `next` links,
// and the two kinds of request ApiClient does not make: URLs outside the project (/api/users/@me/,
// /api/projects/) and POSTs whose body is read while it streams in.

#include "api/api_client.h"
#include "api/api_error.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>
#include <QUrlQuery>

#include <functional>
#include <memory>
#include <optional>

class QNetworkAccessManager;
class QNetworkReply;

namespace hogscope::api {

// A value or the error that prevented it; handed to callbacks.
template <typename T>
struct ApiResult
{
    T value{};
    std::optional<ApiError> error;
    bool ok() const { return !error.has_value(); }

    static ApiResult success(T v) { return ApiResult{std::move(v), std::nullopt}; }
    static ApiResult failure(ApiError e) { return ApiResult{T{}, std::move(e)}; }
};

// The ApiError for a failed exchange: the network error as is, else the decoded error body. `scope`
// names the API-key scope the call needs ("person:read"), so a 403 tells the user which one to add.
ApiError errorFromResponse(const HttpResponse& response, const QString& scope);

// An ApiError of kind Decode for a body that is not the expected response.
ApiError decodeError(const QString& what, const QString& detail);

// Appends key=value with every reserved character percent-encoded. QUrlQuery::addQueryItem leaves
// '+' as is, which Django (PostHog) reads as a space: "jane+test@example.com" would arrive as
// "jane test@example.com".
void addQueryValue(QUrlQuery& query, const QString& key, const QString& value);

// PostHog's `next` links are absolute URLs. For a project-scoped list, returns the path relative to
// /api/<family>/<id>/ and the query, so the page is asked through ApiClient (which owns the
// environments/projects choice); nullopt for a link that does not look like one.
struct RelativeLink
{
    QString path;
    QUrlQuery query;
};
std::optional<RelativeLink> projectRelativeLink(const QUrl& next);

// Requests beyond ApiClient's project-scoped calls, with the same rules: the bearer key, the client's
// transfer timeout, redirects followed only within the same origin (the key never goes to another
// host), TLS errors reported and never ignored, every reply deleteLater'd, callbacks only while the
// context object lives.
class DirectRequests : public QObject
{
    Q_OBJECT

public:
    // Called with each piece of a 2xx body as it arrives; the final handler then gets what remains.
    using ChunkHandler = std::function<void(const QByteArray& chunk)>;

    class Handle
    {
    public:
        void abort();
        bool isRunning() const;

    private:
        friend class DirectRequests;
        struct State
        {
            QPointer<QNetworkReply> reply;
            bool aborted = false;
        };
        std::shared_ptr<State> m_state;
    };

    explicit DirectRequests(const ApiClient& client, QObject* parent = nullptr);
    ~DirectRequests() override;

    // <base>/api/<apiPath> ("users/@me/", "projects/").
    QUrl rootUrl(const QString& apiPath, const QUrlQuery& query = QUrlQuery()) const;
    // Only URLs on the connection's own origin are requested; any other fails without a request.
    bool isOwnOrigin(const QUrl& url) const;

    Handle get(const QUrl& url, QObject* context, ApiClient::Handler handler);
    Handle post(const QUrl& url, const QByteArray& json, QObject* context, ApiClient::Handler handler,
                ChunkHandler onChunk = {});

private:
    Handle send(const QByteArray& verb, const QUrl& url, const QByteArray& body, QObject* context,
                ApiClient::Handler handler, ChunkHandler onChunk);
    HttpResponse responseFrom(QNetworkReply* reply, bool aborted, QByteArray body) const;

    QPointer<const ApiClient> m_client;
    QNetworkAccessManager* m_manager = nullptr;
};

} // namespace hogscope::api
