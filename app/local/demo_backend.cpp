#include "demo_backend.h"

#include "demo_generator.h"
#include "embedded_server.h"

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QThread>
#include <QTimer>

namespace hogscope::local {

DemoBackend::DemoBackend(DemoBackendOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{}

DemoBackend::~DemoBackend()
{
    if (m_generator) {
        m_cancel = true;
        m_generator->wait();
        delete m_generator;
    }
    delete m_server; // stops listening, interrupts queries, joins its thread
}

QByteArray DemoBackend::randomToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(bytes.data()), bytes.size() / 4);
    return bytes.toHex();
}

void DemoBackend::start()
{
    if (m_generator || m_server)
        return;
    const QString& path = m_options.storePath;
    if (QFileInfo::exists(path)) {
        startServer();
        return;
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        Q_EMIT failed(tr("Demo backend unavailable"),
                      tr("Cannot create the folder %1.").arg(QFileInfo(path).absolutePath()));
        return;
    }
    generate();
}

void DemoBackend::generate()
{
    Q_EMIT generating(m_options.storePath, m_options.events);
    m_progressTimer = new QTimer(this);
    m_progressTimer->setInterval(100);
    connect(m_progressTimer, &QTimer::timeout, this,
            [this] { Q_EMIT generationProgress(m_done.load(), m_total.load()); });
    m_progressTimer->start();

    DemoOptions options;
    options.events = m_options.events;
    options.seed = m_options.seed;
    const QString path = m_options.storePath;
    // The worker only touches the atomics and the two result members, which this thread reads
    // after QThread::finished.
    m_generator = QThread::create([this, path, options] {
        const DemoResult result = generateDemoStore(path, options, [this](qint64 done, qint64 total) {
            m_done = done;
            m_total = total;
            return !m_cancel.load();
        });
        m_generationOk = result.ok;
        m_generationError = result.error;
    });
    m_generator->setObjectName(QStringLiteral("hogscope-demo"));
    connect(m_generator, &QThread::finished, this, &DemoBackend::onGenerated);
    m_generator->start();
}

void DemoBackend::onGenerated()
{
    m_progressTimer->stop();
    m_generator->wait();
    m_generator->deleteLater();
    m_generator = nullptr;
    if (!m_generationOk) {
        Q_EMIT failed(tr("Demo data could not be generated"), m_generationError);
        return;
    }
    Q_EMIT generationProgress(m_options.events, m_options.events);
    Q_EMIT generated(m_options.storePath, m_options.events);
    startServer();
}

void DemoBackend::startServer()
{
    Q_EMIT starting(m_options.storePath);
    ServerOptions options;
    options.databasePath = m_options.storePath;
    options.token = randomToken();
    m_token = options.token;
    m_server = new EmbeddedServer(options, this);
    connect(m_server, &EmbeddedServer::started, this, [this](const QUrl& baseUrl) {
        m_baseUrl = baseUrl;
        Q_EMIT ready(baseUrl, m_token);
    });
    connect(m_server, &EmbeddedServer::failed, this,
            [this](const QString& message) { Q_EMIT failed(tr("The demo backend did not start"), message); });
    m_server->start();
}

} // namespace hogscope::local
