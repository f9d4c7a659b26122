#pragma once

#include <QAbstractHttpServer>
#include <QByteArray>
#include <QJsonObject>

#include <memory>

class QHttpServerRequest;
class QTcpSocket;

namespace hogscope::local {

class QueryService;

// The PostHog-compatible HTTP API over a local store: routing, bearer-token auth, PostHog's error
// bodies, and the query endpoints. Lives on one thread; query work runs on QueryService's workers.
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
    };

    explicit ApiServer(Options options, QObject* parent = nullptr);
    ~ApiServer() override;

protected:
    bool handleRequest(const QHttpServerRequest& request, QTcpSocket* socket) override;
    void missingHandler(const QHttpServerRequest& request, QTcpSocket* socket) override;

private:
    struct Reply;
    bool authorized(const QHttpServerRequest& request) const;
    Reply route(const QHttpServerRequest& request, QTcpSocket* socket, bool& deferred);
    Reply postQuery(const QHttpServerRequest& request, QTcpSocket* socket, const QString& pathKind,
                    bool& deferred);
    void send(const QHttpServerRequest& request, QTcpSocket* socket, const Reply& reply);

    Options m_options;
    std::unique_ptr<QueryService> m_queries;
};

} // namespace hogscope::local
