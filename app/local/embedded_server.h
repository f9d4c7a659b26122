#pragma once

#include "fault_injector.h"

#include <QByteArray>
#include <QMutex>
#include <QObject>
#include <QString>
#include <QUrl>

class QThread;

namespace hogscope::local {

class ApiServer;

struct ServerOptions
{
    QString databasePath;          // SQLite store (must exist)
    quint16 port = 0;              // 0 = pick a free port
    QByteArray token;              // required Bearer token
    bool listenAny = false;        // loopback only unless set (then a token is all that guards the store)
    int workers = 2;               // query worker threads (each with its own read-only connection)
    qint64 throttleMicros = 0;     // test fault injection: slows every query (see QueryExecution)
    FaultInjector::Options faults; // test fault injection at the HTTP level (all off by default)
    bool eventVolumes = true;      // event definitions carry volume_30_day (false: null, as some plans)
};

// Runs the PostHog-compatible HTTP server (and its query workers) on its own thread.
class EmbeddedServer : public QObject
{
    Q_OBJECT
public:
    explicit EmbeddedServer(ServerOptions options, QObject* parent = nullptr);
    ~EmbeddedServer() override; // stops listening, interrupts running queries, joins its thread
    void start();               // returns at once; emits started() or failed()
    QUrl baseUrl() const;       // http://127.0.0.1:PORT, valid after started()

Q_SIGNALS:
    void started(const QUrl& baseUrl);
    void failed(const QString& message);

private:
    void startOnThread();

    ServerOptions m_options;
    QThread* m_thread = nullptr;
    QObject* m_context = nullptr; // lives on m_thread; owns the ApiServer
    ApiServer* m_server = nullptr;
    mutable QMutex m_mutex;
    QUrl m_baseUrl;
};

} // namespace hogscope::local
