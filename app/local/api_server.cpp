#include "api_server.h"

#include "api_reply.h"
#include "definitions_api.h"
#include "legacy_persons_api.h"
#include "persons_api.h"
#include "query_service.h"
#include "request_size_guard.h"
#include "store_readers.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QJsonDocument>
#include <QPointer>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>
#include <QUuid>

#include <chrono>

namespace hogscope::local {

// One request in flight, from its arrival to its answer (which may come from another thread).
struct ApiServer::Exchange
{
    const QHttpServerRequest* request = nullptr; // owned by QHttpServer; lives as long as its socket
    QPointer<QTcpSocket> socket;
    QElapsedTimer started;
    FaultInjector::Decision fault;
    QByteArray method;
    QUrl url; // absolute, from the Host header: the base of next/previous links
};

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get:
        return QByteArrayLiteral("GET");
    case QHttpServerRequest::Method::Post:
        return QByteArrayLiteral("POST");
    case QHttpServerRequest::Method::Put:
        return QByteArrayLiteral("PUT");
    case QHttpServerRequest::Method::Delete:
        return QByteArrayLiteral("DELETE");
    case QHttpServerRequest::Method::Patch:
        return QByteArrayLiteral("PATCH");
    case QHttpServerRequest::Method::Head:
        return QByteArrayLiteral("HEAD");
    case QHttpServerRequest::Method::Options:
        return QByteArrayLiteral("OPTIONS");
    default:
        return QByteArrayLiteral("UNKNOWN");
    }
}

QByteArray digest(const QByteArray& token)
{
    return QCryptographicHash::hash(token, QCryptographicHash::Sha256);
}

// Compares two SHA-256 digests touching every byte whatever they hold, so the time taken says
// nothing about the token (hashing first also hides its length).
bool constantTimeEquals(const QByteArray& a, const QByteArray& b)
{
    if (a.size() != b.size())
        return false;
    unsigned char diff = 0;
    for (qsizetype i = 0; i < a.size(); ++i)
        diff |= static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i]);
    return diff == 0;
}

QUrl absoluteUrl(const QHttpServerRequest& request, const QTcpSocket* socket)
{
    QUrl url = request.url();
    url.setScheme(QStringLiteral("http"));
    const QByteArray host = request.value(QByteArrayLiteral("Host")).trimmed();
    url.setAuthority(QString::fromLatin1(host));
    if (host.isEmpty() || !url.isValid() || url.host().isEmpty()) {
        url.setAuthority(QString());
        url.setHost(socket->localAddress().toString());
        url.setPort(socket->localPort());
    }
    return url;
}

const char* reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 202:
        return "Accepted";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 405:
        return "Method Not Allowed";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    default:
        return "Status";
    }
}

// The status line and headers of an answer written straight to the socket (the faults that must
// control exactly what goes on the wire).
QByteArray rawHead(const ApiReply& reply, qsizetype bodySize, const QByteArray& fault)
{
    QByteArray head =
        "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) + "\r\n";
    if (!reply.empty)
        head += "Content-Type: application/json\r\nContent-Length: " + QByteArray::number(bodySize) + "\r\n";
    for (const auto& [name, value] : reply.headers)
        head += name + ": " + value + "\r\n";
    if (!fault.isEmpty())
        head += "X-Hogscope-Fault: " + fault + "\r\n";
    return head + "\r\n";
}

constexpr int kSlowBodyPieces = 8;

// --fault-slow-body-ms: writes the next of `piecesLeft` pieces of `rest` and schedules the one
// after. The socket may go (client gone, server stopping) between two pieces: the chain then ends.
void trickle(QObject* context, QPointer<QTcpSocket> socket, QByteArray rest, int piecesLeft, int intervalMs)
{
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return;
    const qsizetype size = piecesLeft <= 1 ? rest.size() : rest.size() / piecesLeft;
    socket->write(rest.left(size));
    socket->flush();
    rest.remove(0, size);
    if (piecesLeft <= 1)
        return;
    QTimer::singleShot(std::chrono::milliseconds(intervalMs), Qt::PreciseTimer, context,
                       [context, socket, rest = std::move(rest), piecesLeft, intervalMs] {
                           trickle(context, socket, rest, piecesLeft - 1, intervalMs);
                       });
}

QJsonObject tooLargeBody(qint64 maxBytes)
{
    return apiErrorBody(QStringLiteral("invalid_request"), QStringLiteral("request_too_large"),
                        QStringLiteral("Request body is larger than the %1 bytes allowed.").arg(maxBytes));
}

ApiReply notImplementedAi()
{
    return apiError(501, QStringLiteral("server_error"), QStringLiteral("not_implemented"),
                    QStringLiteral("PostHog AI (query/chat, query/draft_sql) is not available on the local "
                                   "server."));
}

// A query status record as a reply: a finished row-shaped result exists only as bytes (rawBody).
ApiReply statusReply(const QueryService::StatusReply& status)
{
    ApiReply reply;
    reply.status = status.httpStatus;
    reply.body = status.body;
    reply.raw = status.rawBody;
    return reply;
}

// The error a query node gets before it runs (PostHog's schema validation), or nullopt.
std::optional<ApiReply> checkQueryNode(const QJsonObject& node)
{
    if (const std::optional<QueryOutcome> invalid = QueryRunner::validate(node))
        return apiError(400, QStringLiteral("validation_error"), invalid->code, invalid->message);
    return std::nullopt;
}

// The answer of a blocking query; built on the worker, where serializing a large result costs the
// HTTP thread nothing.
ApiReply outcomeReply(const QueryOutcome& outcome)
{
    switch (outcome.status) {
    case QueryOutcome::Status::Ok: {
        ApiReply reply;
        reply.raw = outcome.responseJson();
        return reply;
    }
    case QueryOutcome::Status::Invalid:
    case QueryOutcome::Status::Cancelled:
        return apiError(400, QStringLiteral("validation_error"), outcome.code, outcome.message);
    case QueryOutcome::Status::TimedOut:
        return apiError(504, QStringLiteral("server_error"), outcome.code, outcome.message);
    case QueryOutcome::Status::Failed:
        break;
    }
    return apiError(500, QStringLiteral("server_error"), QStringLiteral("error"), outcome.message);
}

} // namespace

ApiServer::ApiServer(Options options, QObject* parent)
    : QAbstractHttpServer(parent)
    , m_options(std::move(options))
    , m_faults(m_options.faults)
    , m_tokenDigest(digest(m_options.token))
    , m_queries(std::make_unique<QueryService>(
          QueryService::Options{m_options.databasePath, m_options.workers, m_options.throttleMicros}))
    , m_definitions(std::make_unique<DefinitionsApi>(
          DefinitionsApi::Options{m_options.databasePath, m_options.eventVolumes}))
    , m_readers(std::make_unique<StoreReaders>(StoreReaders::Options{
          m_options.databasePath, std::max(2, m_options.workers), persons::registerFunctions}))
{
    // Derive the definitions now rather than on the first request for them.
    m_readers->run([this](sqlite3* db, const QString&) {
        if (db)
            m_definitions->warm(db);
    });
}

ApiServer::~ApiServer()
{
    // Join the threads while this object is still whole: their answers are queued to it.
    m_readers.reset();
    m_queries.reset();
}

quint16 ApiServer::listenGuarded(const QHostAddress& address, quint16 port)
{
    auto* server = new RequestSizeGuard(
        m_options.maxBodyBytes,
        QJsonDocument(tooLargeBody(m_options.maxBodyBytes)).toJson(QJsonDocument::Compact), this);
    if (!server->listen(address, port)) {
        delete server;
        return 0;
    }
    bind(server);
    return server->serverPort();
}

bool ApiServer::authorized(const QHttpServerRequest& request) const
{
    // PostHog takes the personal API key from the Authorization header, or a personal_api_key
    // query parameter.
    const QByteArray header = request.value(QByteArrayLiteral("Authorization")).trimmed();
    if (header.startsWith("Bearer "))
        return constantTimeEquals(digest(header.mid(7).trimmed()), m_tokenDigest);
    const QString param =
        request.query().queryItemValue(QStringLiteral("personal_api_key"), QUrl::FullyDecoded);
    return !param.isEmpty() && constantTimeEquals(digest(param.toUtf8()), m_tokenDigest);
}

bool ApiServer::handleRequest(const QHttpServerRequest& request, QTcpSocket* socket)
{
    auto exchange = std::make_shared<Exchange>();
    exchange->request = &request;
    exchange->socket = socket;
    exchange->started.start();
    exchange->fault = m_faults.decide();
    exchange->method = methodName(request.method());
    exchange->url = absoluteUrl(request, socket);

    // Injected faults stand for the network or a gateway in front of PostHog: they come first.
    if (exchange->fault.action == FaultInjector::Action::ServerError) {
        finish(exchange, FaultInjector::serverError(exchange->fault.status));
        return true;
    }
    if (exchange->fault.action == FaultInjector::Action::Drop) {
        finish(exchange, ApiReply{});
        return true;
    }
    if (request.body().size() > m_options.maxBodyBytes) {
        ApiReply reply;
        reply.status = 413;
        reply.body = tooLargeBody(m_options.maxBodyBytes);
        finish(exchange, std::move(reply));
        return true;
    }
    if (!authorized(request)) {
        const bool given = !request.value(QByteArrayLiteral("Authorization")).isEmpty();
        finish(
            exchange,
            given ? apiError(
                        401, QStringLiteral("authentication_error"), QStringLiteral("authentication_failed"),
                        QStringLiteral("Personal API key found in request Authorization header is invalid."))
                  : apiError(401, QStringLiteral("authentication_error"), QStringLiteral("not_authenticated"),
                             QStringLiteral("Authentication credentials were not provided.")));
        return true;
    }
    // As DRF: throttles are checked after authentication, and only count allowed requests.
    if (const int wait = m_faults.throttle(m_tokenDigest, QDateTime::currentMSecsSinceEpoch())) {
        finish(exchange, FaultInjector::throttled(wait));
        return true;
    }
    if (std::optional<ApiReply> reply = route(exchange))
        finish(exchange, std::move(*reply));
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest& request, QTcpSocket* socket)
{
    auto exchange = std::make_shared<Exchange>();
    exchange->request = &request;
    exchange->socket = socket;
    exchange->started.start();
    write(*exchange, apiNotFound());
}

void ApiServer::finish(const ExchangePtr& exchange, ApiReply reply)
{
    const qint64 remaining = m_options.faults.latencyMs - exchange->started.elapsed();
    if (remaining > 0) {
        QTimer::singleShot(std::chrono::milliseconds(remaining), this,
                           [this, exchange, reply = std::move(reply)] { write(*exchange, reply); });
        return;
    }
    write(*exchange, reply);
}

void ApiServer::write(const Exchange& exchange, const ApiReply& reply)
{
    QTcpSocket* socket = exchange.socket.data();
    if (!socket || socket->state() != QAbstractSocket::ConnectedState)
        return; // the client has gone
    if (exchange.fault.action == FaultInjector::Action::Drop) {
        socket->abort();
        return;
    }
    const QByteArray body = reply.empty            ? QByteArray()
                            : !reply.raw.isEmpty() ? reply.raw
                                                   : QJsonDocument(reply.body).toJson(QJsonDocument::Compact);
    if (exchange.fault.action == FaultInjector::Action::Truncate && body.size() > 1) {
        // The head promises the whole body; half of it arrives, then the connection closes.
        socket->write(
            "HTTP/1.1 " + QByteArray::number(reply.status) + ' ' + reasonPhrase(reply.status) +
            "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size()) +
            "\r\nX-Hogscope-Fault: truncated\r\n\r\n" + body.left(body.size() / 2));
        socket->disconnectFromHost();
        return;
    }
    const bool malformed = exchange.fault.action == FaultInjector::Action::Malformed && body.size() > 1;
    const int slowMs = m_options.faults.slowBodyMs;
    if (malformed || (slowMs > 0 && !body.isEmpty())) {
        // Malformed: the first half of the body, announced as exactly that long, so the exchange
        // itself is flawless and only the JSON is broken (a strict prefix of a JSON object never
        // parses). Slow: the head at once, the body in pieces spread over slowMs.
        const QByteArray sent = malformed ? body.left(body.size() / 2) : body;
        socket->write(rawHead(reply, sent.size(), malformed ? QByteArrayLiteral("malformed") : QByteArray()));
        if (slowMs > 0 && !sent.isEmpty()) {
            trickle(this, socket, sent, kSlowBodyPieces, slowMs / (kSlowBodyPieces - 1) + 1);
            return;
        }
        socket->write(sent);
        return;
    }
    QHttpServerResponder responder = makeResponder(*exchange.request, socket);
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(reply.status));
    if (!reply.empty) {
        responder.writeHeader(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json"));
        responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(body.size()));
    }
    for (const auto& [name, value] : reply.headers)
        responder.writeHeader(name, value);
    responder.writeBody(body);
}

template <typename Work>
std::optional<ApiReply> ApiServer::onReader(const ExchangePtr& exchange, Work work)
{
    m_readers->run([this, exchange, work = std::move(work)](sqlite3* db, const QString& error) {
        ApiReply reply = db ? work(db)
                            : apiError(500, QStringLiteral("server_error"), QStringLiteral("error"),
                                       QStringLiteral("Cannot open the store: %1").arg(error));
        QMetaObject::invokeMethod(
            this,
            [this, exchange, reply = std::move(reply)]() mutable { finish(exchange, std::move(reply)); },
            Qt::QueuedConnection);
    });
    return std::nullopt;
}

std::optional<ApiReply> ApiServer::route(const ExchangePtr& exchange)
{
    static const QRegularExpression teamRoot(QStringLiteral("^/api/(environments|projects)/([^/]+)/(.*)$"));
    const QString path = exchange->request->url().path();
    const bool get = exchange->method == "GET";
    const QUrl url = exchange->url;
    if (path == QLatin1String("/api/users/@me/")) {
        if (!get)
            return apiMethodNotAllowed(exchange->method);
        return onReader(exchange, [this](sqlite3* db) { return m_definitions->currentUser(db); });
    }
    if (path == QLatin1String("/api/projects/")) {
        if (!get)
            return apiMethodNotAllowed(exchange->method);
        return onReader(exchange, [this, url](sqlite3* db) { return m_definitions->projects(db, url); });
    }
    const QRegularExpressionMatch match = teamRoot.match(path);
    if (!match.hasMatch())
        return apiNotFound();
    const QString team = match.captured(2);
    if (team != QLatin1String("1") && team != QLatin1String("@current"))
        return apiNotFound(QStringLiteral("Project %1 not found.").arg(team));
    const QString rest = match.captured(3);
    if (rest.isEmpty()) {
        if (!get)
            return apiMethodNotAllowed(exchange->method);
        return onReader(exchange, [this](sqlite3* db) { return m_definitions->project(db); });
    }
    if (rest.startsWith(QLatin1String("query/")))
        return routeQuery(exchange, rest.mid(6));
    return routeTeam(exchange, rest);
}

std::optional<ApiReply> ApiServer::routeTeam(const ExchangePtr& exchange, const QString& rest)
{
    if (!rest.endsWith(QLatin1Char('/')))
        return apiNotFound(); // PostHog does not append slashes
    const QStringList segments = rest.chopped(1).split(QLatin1Char('/'));
    if (segments.size() > 2 || segments.contains(QString()))
        return apiNotFound();
    const QString& resource = segments.front();
    const QString item = segments.size() == 2 ? segments[1] : QString();
    const bool get = exchange->method == "GET";
    const QUrl url = exchange->url;
    if (resource == QLatin1String("persons")) {
        // --- insights engine (legacy_persons_api.h): persons/retention/, persons/stickiness/ and
        // persons/path/, the legacy insight drill-downs, run by the insight runners on a query worker.
        if (legacy::isLegacyPersonsEndpoint(item)) {
            if (!get && !(exchange->method == "POST" && item == QLatin1String("path")))
                return apiMethodNotAllowed(exchange->method);
            const QByteArray body = exchange->request->body();
            m_queries->runWork([this, exchange, item, url, body](sqlite3* db, QueryExecution& execution,
                                                                 const QString& error) {
                ApiReply reply =
                    db ? legacy::personsEndpoint(db, execution, item, url, body)
                       : apiError(500, QStringLiteral("server_error"), QStringLiteral("error"), error);
                QMetaObject::invokeMethod(
                    this,
                    [this, exchange, reply = std::move(reply)]() mutable {
                        finish(exchange, std::move(reply));
                    },
                    Qt::QueuedConnection);
            });
            return std::nullopt;
        }
        // --- end insights engine
        if (!get)
            return apiMethodNotAllowed(exchange->method); // the store is read-only here
        if (item.isEmpty())
            return onReader(exchange, [url](sqlite3* db) { return persons::list(db, url); });
        if (item == QLatin1String("values"))
            return onReader(exchange, [url](sqlite3* db) { return persons::values(db, QUrlQuery(url)); });
        return onReader(exchange, [item](sqlite3* db) { return persons::detail(db, item); });
    }
    if (resource == QLatin1String("property_definitions") || resource == QLatin1String("event_definitions")) {
        if (!get)
            return apiMethodNotAllowed(exchange->method);
        const bool properties = resource == QLatin1String("property_definitions");
        if (item.isEmpty())
            return onReader(exchange, [this, url, properties](sqlite3* db) {
                return properties ? m_definitions->propertyDefinitions(db, url)
                                  : m_definitions->eventDefinitions(db, url);
            });
        return onReader(exchange, [this, item, properties](sqlite3* db) {
            return properties ? m_definitions->propertyDefinition(db, item)
                              : m_definitions->eventDefinition(db, item);
        });
    }
    return apiNotFound();
}

std::optional<ApiReply> ApiServer::routeQuery(const ExchangePtr& exchange, const QString& rest)
{
    const QByteArray& method = exchange->method;
    if (rest.isEmpty()) {
        if (method != "POST")
            return apiMethodNotAllowed(method);
        return postQuery(exchange, QString());
    }
    if (!rest.endsWith(QLatin1Char('/')) || rest.count(QLatin1Char('/')) != 1)
        return apiNotFound();
    const QString segment = rest.chopped(1);
    if (segment == QLatin1String("chat")) // the historical AI chat (POST)
        return method == "POST" ? notImplementedAi() : apiMethodNotAllowed(method);
    if (segment == QLatin1String("draft_sql")) // natural language to SQL (GET)
        return method == "GET" ? notImplementedAi() : apiMethodNotAllowed(method);
    if (segment == QLatin1String("check_auth_for_async")) {
        if (method != "POST")
            return apiMethodNotAllowed(method);
        ApiReply reply;
        reply.body = QJsonObject{{QStringLiteral("user"), QStringLiteral("ok")}};
        return reply;
    }
    if (method == "POST" && !segment.isEmpty() && segment.front().isUpper())
        return postQuery(exchange, segment);
    if (method == "GET") {
        const QUrlQuery query(exchange->url);
        const bool progress =
            query.queryItemValue(QStringLiteral("show_progress")) == QLatin1String("true") ||
            query.queryItemValue(QStringLiteral("showProgress")) == QLatin1String("true");
        const auto status = m_queries->status(segment, progress);
        if (!status)
            return apiNotFound(QStringLiteral("Query %1 not found for team 1").arg(segment));
        return statusReply(*status);
    }
    if (method == "DELETE") {
        switch (m_queries->cancel(segment)) {
        case QueryService::CancelResult::NotFound:
            return apiNotFound(QStringLiteral("Query %1 not found for team 1").arg(segment));
        case QueryService::CancelResult::AlreadyComplete:
        case QueryService::CancelResult::Cancelled: {
            ApiReply reply;
            reply.status = 204;
            reply.empty = true;
            return reply;
        }
        }
    }
    return apiMethodNotAllowed(method);
}

std::optional<ApiReply> ApiServer::postQuery(const ExchangePtr& exchange, const QString& pathKind)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(exchange->request->body(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return apiError(400, QStringLiteral("invalid_request"), QStringLiteral("parse_error"),
                        QStringLiteral("JSON parse error - %1").arg(parseError.errorString()));
    if (!document.isObject())
        return apiError(400, QStringLiteral("invalid_request"), QStringLiteral("parse_error"),
                        QStringLiteral("JSON parse error - the body must be an object"));
    const QJsonObject body = document.object();
    const QJsonValue queryValue = body.value(QStringLiteral("query"));
    if (!queryValue.isObject())
        return apiValidationError(QStringLiteral("This field is required."), QStringLiteral("required"),
                                  QStringLiteral("query"));
    const QJsonObject queryNode = queryValue.toObject();
    const QString kind = queryNode.value(QStringLiteral("kind")).toString();
    if (!pathKind.isEmpty() && pathKind != kind)
        return apiValidationError(QStringLiteral("Query kind mismatch: %1 != %2").arg(pathKind, kind));
    if (std::optional<ApiReply> invalid = checkQueryNode(queryNode))
        return invalid;

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
        return apiValidationError(QStringLiteral("Unknown refresh mode '%1'").arg(refresh));
    const bool async = asyncModes.contains(refresh) || body.value(QStringLiteral("async")).toBool();
    const bool forced = refresh.startsWith(QLatin1String("force_"));

    QString id = body.value(QStringLiteral("client_query_id")).toString();
    if (id.isEmpty())
        id = QUuid::createUuid().toString(QUuid::Id128);

    // Re-posting a client_query_id that has a status record returns that record.
    if (!forced && async && m_queries->exists(id)) {
        if (const auto status = m_queries->status(id, false))
            return statusReply(*status);
    }

    if (async) {
        ApiReply reply;
        reply.status = 202;
        reply.body = m_queries->start(id, queryNode, true, {});
        return reply;
    }

    // Blocking: the worker builds the answer and hands it to this (the HTTP) thread to send.
    m_queries->start(id, queryNode, false, [this, exchange](const QueryOutcome& outcome) {
        ApiReply reply = outcomeReply(outcome);
        QMetaObject::invokeMethod(
            this,
            [this, exchange, reply = std::move(reply)]() mutable { finish(exchange, std::move(reply)); },
            Qt::QueuedConnection);
    });
    return std::nullopt;
}

} // namespace hogscope::local
