#include "api_server.h"

#include "query_service.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QUuid>

namespace hogscope::local {

struct ApiServer::Reply
{
    int status = 200;
    QJsonObject body;
    bool empty = false; // 204
};

namespace {

// PostHog's (drf-exceptions-hog) error body.
QJsonObject errorBody(const QString& type, const QString& code, const QString& detail)
{
    return QJsonObject{{QStringLiteral("type"), type},
                       {QStringLiteral("code"), code},
                       {QStringLiteral("detail"), detail},
                       {QStringLiteral("attr"), QJsonValue(QJsonValue::Null)}};
}

bool constantTimeEquals(const QByteArray& a, const QByteArray& b)
{
    // Compare every byte whatever the contents, so timing says nothing about the token.
    unsigned char diff = a.size() == b.size() ? 0 : 1;
    const qsizetype n = std::max(a.size(), b.size());
    for (qsizetype i = 0; i < n; ++i) {
        const unsigned char x = i < a.size() ? static_cast<unsigned char>(a[i]) : 0;
        const unsigned char y = i < b.size() ? static_cast<unsigned char>(b[i]) : 0;
        diff |= x ^ y;
    }
    return diff == 0;
}

const char* methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return "GET";
    case QHttpServerRequest::Method::Post:
        return "POST";
    case QHttpServerRequest::Method::Put:
        return "PUT";
    case QHttpServerRequest::Method::Delete:
        return "DELETE";
    case QHttpServerRequest::Method::Patch:
        return "PATCH";
    case QHttpServerRequest::Method::Head:
        return "HEAD";
    case QHttpServerRequest::Method::Options:
        return "OPTIONS";
    default:
        return "UNKNOWN";
    }
}

} // namespace

ApiServer::ApiServer(Options options, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_options(std::move(options))
    , m_queries(std::make_unique<QueryService>(
          QueryService::Options{m_options.databasePath, m_options.workers, m_options.throttleMicros}))
{}

ApiServer::~ApiServer()
{
    m_queries.reset(); // interrupt and join the workers while this object is still whole
}

bool ApiServer::authorized(const QHttpServerRequest& request) const
{
    // PostHog takes the personal API key from the Authorization header, or a personal_api_key
    // query parameter.
    const QByteArray header = request.value(QByteArrayLiteral("Authorization")).trimmed();
    if (header.startsWith("Bearer "))
        return constantTimeEquals(header.mid(7).trimmed(), m_options.token);
    const QString param = request.query().queryItemValue(QStringLiteral("personal_api_key"));
    return !param.isEmpty() && constantTimeEquals(param.toUtf8(), m_options.token);
}

bool ApiServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    if (!authorized(request)) {
        const bool given = !request.value(QByteArrayLiteral("Authorization")).isEmpty();
        Reply reply;
        reply.status = 401;
        reply.body =
            given ? errorBody(
                        QStringLiteral("authentication_error"), QStringLiteral("authentication_failed"),
                        QStringLiteral("Personal API key found in request Authorization header is invalid."))
                  : errorBody(QStringLiteral("authentication_error"), QStringLiteral("not_authenticated"),
                              QStringLiteral("Authentication credentials were not provided."));
        send(request, socket, reply);
        return true;
    }
    bool deferred = false;
    const Reply reply = route(request, socket, deferred);
    if (!deferred)
        send(request, socket, reply);
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    Reply reply;
    reply.status = 404;
    reply.body = errorBody(QStringLiteral("invalid_request"), QStringLiteral("not_found"),
                           QStringLiteral("Not found."));
    send(request, socket, reply);
}

void ApiServer::send(const QHttpServerRequest& request, QTcpSocket* socket, const Reply& reply)
{
    QHttpServerResponder responder = makeResponder(request, socket);
    const auto status = static_cast<QHttpServerResponder::StatusCode>(reply.status);
    if (reply.empty) {
        responder.write(status);
        return;
    }
    responder.write(QJsonDocument(reply.body).toJson(QJsonDocument::Compact),
                    QByteArrayLiteral("application/json"), status);
}

ApiServer::Reply ApiServer::route(const QHttpServerRequest& request, QTcpSocket* socket, bool& deferred)
{
    static const QRegularExpression queryRoot(
        QStringLiteral("^/api/(environments|projects)/([^/]+)/query/(.*)$"));
    const QString path = request.url().path();
    const QRegularExpressionMatch match = queryRoot.match(path);
    Reply reply;
    auto notFound = [&](const QString& detail) {
        reply.status = 404;
        reply.body = errorBody(QStringLiteral("invalid_request"), QStringLiteral("not_found"), detail);
        return reply;
    };
    auto methodNotAllowed = [&] {
        reply.status = 405;
        reply.body = errorBody(
            QStringLiteral("invalid_request"), QStringLiteral("method_not_allowed"),
            QStringLiteral("Method \"%1\" not allowed.").arg(QLatin1String(methodName(request.method()))));
        return reply;
    };
    if (!match.hasMatch())
        return notFound(QStringLiteral("Not found."));
    const QString team = match.captured(2);
    if (team != QLatin1String("1") && team != QLatin1String("@current"))
        return notFound(QStringLiteral("Project %1 not found.").arg(team));
    const QString rest = match.captured(3);
    const auto method = request.method();
    if (rest.isEmpty()) {
        if (method != QHttpServerRequest::Method::Post)
            return methodNotAllowed();
        return postQuery(request, socket, QString(), deferred);
    }
    if (!rest.endsWith(QLatin1Char('/')) || rest.count(QLatin1Char('/')) != 1)
        return notFound(QStringLiteral("Not found."));
    const QString segment = rest.chopped(1);
    if (segment == QLatin1String("check_auth_for_async")) {
        if (method != QHttpServerRequest::Method::Post)
            return methodNotAllowed();
        reply.body = QJsonObject{{QStringLiteral("user"), QStringLiteral("ok")}};
        return reply;
    }
    if (method == QHttpServerRequest::Method::Post && !segment.isEmpty() && segment.front().isUpper())
        return postQuery(request, socket, segment, deferred);
    if (method == QHttpServerRequest::Method::Get) {
        const QUrlQuery query = request.query();
        const bool progress =
            query.queryItemValue(QStringLiteral("show_progress")) == QLatin1String("true") ||
            query.queryItemValue(QStringLiteral("showProgress")) == QLatin1String("true");
        const auto status = m_queries->status(segment, progress);
        if (!status)
            return notFound(QStringLiteral("Query %1 not found for team 1").arg(segment));
        reply.status = status->httpStatus;
        reply.body = status->body;
        return reply;
    }
    if (method == QHttpServerRequest::Method::Delete) {
        switch (m_queries->cancel(segment)) {
        case QueryService::CancelResult::NotFound:
            return notFound(QStringLiteral("Query %1 not found for team 1").arg(segment));
        case QueryService::CancelResult::AlreadyComplete:
        case QueryService::CancelResult::Cancelled:
            reply.status = 204;
            reply.empty = true;
            return reply;
        }
    }
    return methodNotAllowed();
}

ApiServer::Reply ApiServer::postQuery(const QHttpServerRequest& request, QTcpSocket* socket,
                                      const QString& pathKind, bool& deferred)
{
    Reply reply;
    auto invalid = [&](const QString& type, const QString& code, const QString& detail) {
        reply.status = 400;
        reply.body = errorBody(type, code, detail);
        return reply;
    };
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(request.body(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return invalid(QStringLiteral("invalid_request"), QStringLiteral("parse_error"),
                       QStringLiteral("JSON parse error - %1").arg(parseError.errorString()));
    if (!document.isObject())
        return invalid(QStringLiteral("invalid_request"), QStringLiteral("parse_error"),
                       QStringLiteral("JSON parse error - the body must be an object"));
    const QJsonObject body = document.object();
    const QJsonValue queryValue = body.value(QStringLiteral("query"));
    if (!queryValue.isObject()) {
        reply.status = 400;
        reply.body = errorBody(QStringLiteral("validation_error"), QStringLiteral("required"),
                               QStringLiteral("This field is required."));
        reply.body.insert(QStringLiteral("attr"), QStringLiteral("query"));
        return reply;
    }
    const QJsonObject queryNode = queryValue.toObject();
    const QString kind = queryNode.value(QStringLiteral("kind")).toString();
    if (!pathKind.isEmpty() && pathKind != kind)
        return invalid(QStringLiteral("validation_error"), QStringLiteral("invalid_input"),
                       QStringLiteral("Query kind mismatch: %1 != %2").arg(pathKind, kind));
    if (kind != QLatin1String("HogQLQuery"))
        return invalid(
            QStringLiteral("validation_error"), QStringLiteral("invalid_input"),
            QStringLiteral("Query kind '%1' is not available on this local server; it runs HogQLQuery")
                .arg(kind));
    if (!queryNode.value(QStringLiteral("query")).isString())
        return invalid(QStringLiteral("validation_error"), QStringLiteral("invalid_input"),
                       QStringLiteral("HogQLQuery needs a \"query\" string"));

    // Execution mode (PostHog ExecutionMode). There is no cache here, so every cache-aware mode
    // behaves as its cache-miss branch.
    const QJsonValue refreshValue = body.value(QStringLiteral("refresh"));
    const QString refresh = refreshValue.isBool() ? (refreshValue.toBool() ? QStringLiteral("force_blocking")
                                                                           : QStringLiteral("blocking"))
                                                  : refreshValue.toString(QStringLiteral("blocking"));
    static const QStringList asyncModes = {QStringLiteral("async"), QStringLiteral("force_async"),
                                           QStringLiteral("lazy_async")};
    static const QStringList knownModes = {QStringLiteral("blocking"),
                                           QStringLiteral("async"),
                                           QStringLiteral("async_except_on_cache_miss"),
                                           QStringLiteral("lazy_async"),
                                           QStringLiteral("force_blocking"),
                                           QStringLiteral("force_async"),
                                           QStringLiteral("force_cache")};
    if (!knownModes.contains(refresh))
        return invalid(QStringLiteral("validation_error"), QStringLiteral("invalid_input"),
                       QStringLiteral("Unknown refresh mode '%1'").arg(refresh));
    const bool async = asyncModes.contains(refresh) || body.value(QStringLiteral("async")).toBool();
    const bool forced = refresh.startsWith(QLatin1String("force_"));

    QString id = body.value(QStringLiteral("client_query_id")).toString();
    if (id.isEmpty())
        id = QUuid::createUuid().toString(QUuid::Id128);

    // Re-posting a client_query_id that has a status record returns that record.
    if (!forced && async && m_queries->exists(id)) {
        if (const auto status = m_queries->status(id, false)) {
            reply.status = status->httpStatus;
            reply.body = status->body;
            return reply;
        }
    }

    if (async) {
        reply.status = 202;
        reply.body = m_queries->start(id, queryNode, true, {});
        return reply;
    }

    // Blocking: answer when the worker is done, from this (the HTTP) thread. The socket may be gone
    // by then, which the QPointer tells; the request object lives as long as its socket.
    deferred = true;
    QPointer<QTcpSocket> guard(socket);
    const QHttpServerRequest* requestPtr = &request;
    m_queries->start(id, queryNode, false, [this, guard, requestPtr](const QueryOutcome& outcome) {
        QMetaObject::invokeMethod(
            this,
            [this, guard, requestPtr, outcome] {
                if (!guard)
                    return;
                Reply done;
                switch (outcome.status) {
                case QueryOutcome::Status::Ok:
                    done.body = outcome.response;
                    break;
                case QueryOutcome::Status::Invalid:
                    done.status = 400;
                    done.body = errorBody(QStringLiteral("validation_error"), outcome.code, outcome.message);
                    break;
                case QueryOutcome::Status::Cancelled:
                    done.status = 400;
                    done.body = errorBody(QStringLiteral("validation_error"), outcome.code, outcome.message);
                    break;
                case QueryOutcome::Status::TimedOut:
                    done.status = 504;
                    done.body = errorBody(QStringLiteral("server_error"), outcome.code, outcome.message);
                    break;
                case QueryOutcome::Status::Failed:
                    done.status = 500;
                    done.body =
                        errorBody(QStringLiteral("server_error"), QStringLiteral("error"), outcome.message);
                    break;
                }
                send(*requestPtr, guard.data(), done);
            },
            Qt::QueuedConnection);
    });
    return reply;
}

} // namespace hogscope::local
