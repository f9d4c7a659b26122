#include "embedded_server.h"

#include "api_server.h"
#include "sqlite_connection.h"
#include "store_schema.h"

#include <QFileInfo>
#include <QHostAddress>
#include <QThread>

namespace hogscope::local {

EmbeddedServer::EmbeddedServer(ServerOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{}

EmbeddedServer::~EmbeddedServer()
{
    if (!m_thread)
        return;
    if (m_context) {
        // Delete the server on its own thread: it owns sockets and joins the query workers.
        QMetaObject::invokeMethod(
            m_context, [this] { delete m_context; }, Qt::BlockingQueuedConnection);
        m_context = nullptr;
    }
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
}

void EmbeddedServer::start()
{
    if (m_thread)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("hogscope-http"));
    m_context = new QObject;
    m_context->moveToThread(m_thread);
    m_thread->start();
    QMetaObject::invokeMethod(
        m_context, [this] { startOnThread(); }, Qt::QueuedConnection);
}

void EmbeddedServer::startOnThread()
{
    if (!QFileInfo::exists(m_options.databasePath)) {
        Q_EMIT failed(QStringLiteral("store %1 does not exist").arg(m_options.databasePath));
        return;
    }
    {
        // Fail early and clearly on a file that is not a store, rather than on the first query.
        SqliteConnection probe;
        QString error;
        if (!probe.open(m_options.databasePath, SqliteConnection::Mode::ReadOnly) ||
            !store::checkSchema(probe, &error)) {
            Q_EMIT failed(error.isEmpty() ? probe.errorString() : error);
            return;
        }
    }
    if (m_options.token.isEmpty()) {
        Q_EMIT failed(QStringLiteral("a token is required"));
        return;
    }
    ApiServer::Options serverOptions;
    serverOptions.databasePath = m_options.databasePath;
    serverOptions.token = m_options.token;
    serverOptions.workers = m_options.workers;
    serverOptions.throttleMicros = m_options.throttleMicros;
    serverOptions.faults = m_options.faults;
    serverOptions.eventVolumes = m_options.eventVolumes;
    m_server = new ApiServer(serverOptions, m_context);
    const QHostAddress address =
        m_options.listenAny ? QHostAddress(QHostAddress::Any) : QHostAddress(QHostAddress::LocalHost);
    const quint16 port = m_server->listenGuarded(address, m_options.port);
    if (port == 0) {
        Q_EMIT failed(QStringLiteral("cannot listen on %1:%2").arg(address.toString()).arg(m_options.port));
        return;
    }
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(port);
    {
        QMutexLocker lock(&m_mutex);
        m_baseUrl = url;
    }
    Q_EMIT started(url);
}

QUrl EmbeddedServer::baseUrl() const
{
    QMutexLocker lock(&m_mutex);
    return m_baseUrl;
}

} // namespace hogscope::local
