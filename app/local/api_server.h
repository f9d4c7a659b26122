#pragma once

#include "fault_injector.h"

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QHostAddress>
#include <QJsonObject>

#include <memory>
#include <optional>

class QHttpServerRequest;
class QTcpSocket;

namespace hogscope::local {

class DefinitionsApi;
class QueryService;
class StoreReaders;
struct ApiReply;

// The PostHog-compatible HTTP API over a local store: routing, bearer-token auth, PostHog's error
// bodies, the query, persons and discovery endpoints, and fault injection for client tests. Lives
// on one thread; query work runs on QueryService's workers, persons and definitions on
// StoreReaders' threads.
class ApiServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    struct Options
    {
        QString databasePath;
        QByteArray token;
        int workers = 2;
        qint64 throttleMicros = 0;
        FaultInjector::Options faults;
        qint64 maxBodyBytes = 1024 * 1024; // larger request bodies are answered 413
        bool eventVolumes = true;          // event definitions carry volume_30_day (false: null)
    };

    explicit ApiServer(Options options, QObject* parent = nullptr);
    ~ApiServer() override;

    // Listens behind RequestSizeGuard; returns the port, or 0 when it cannot listen.
    quint16 listenGuarded(const QHostAddress& address, quint16 port);

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    struct Exchange;
    using ExchangePtr = std::shared_ptr<Exchange>;

    bool authorized(const QHttpServerRequest& request) const;
    std::optional<ApiReply> route(const ExchangePtr& exchange);
    std::optional<ApiReply> routeTeam(const ExchangePtr& exchange, const QString& rest);
    std::optional<ApiReply> routeQuery(const ExchangePtr& exchange, const QString& rest);
    std::optional<ApiReply> postQuery(const ExchangePtr& exchange, const QString& pathKind);
    // Runs `work` on a reader thread and finishes the exchange with its reply; returns nullopt.
    template <typename Work>
    std::optional<ApiReply> onReader(const ExchangePtr& exchange, Work work);
    // Sends `reply` (or the fault drawn for the exchange) once the injected latency has passed.
    void finish(const ExchangePtr& exchange, ApiReply reply);
    void write(const Exchange& exchange, const ApiReply& reply);

    Options m_options;
    FaultInjector m_faults;
    QByteArray m_tokenDigest;
    std::unique_ptr<QueryService> m_queries;
    std::unique_ptr<DefinitionsApi> m_definitions;
    std::unique_ptr<StoreReaders> m_readers;
};

} // namespace hogscope::local
