#include "app_controller.h"

#include "connection_banner.h"
#include "main_window.h"

#include "api/api_client.h"
#include "local/demo_generator.h"
#include "local/embedded_server.h"
#include "workspace/app_paths.h"
#include "workspace/settings.h"

#include <QDir>
#include <QFileInfo>
#include <QRandomGenerator>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

namespace hogscope::ui {

namespace {

// 32 random bytes from the OS, hex encoded: the embedded server's bearer token for this run.
QByteArray randomToken()
{
    QByteArray bytes(32, Qt::Uninitialized);
    QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(bytes.data()), bytes.size() / 4);
    return bytes.toHex();
}

} // namespace

AppController::AppController(LaunchOptions options, workspace::Settings& settings, MainWindow& window,
                             QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_settings(settings)
    , m_window(window)
{}

AppController::~AppController()
{
    if (m_demoWatcher != nullptr) {
        m_demoCancel = true;
        m_demoWatcher->waitForFinished();
    }
    // The window may outlive us; it must not keep a client that is about to go.
    if (m_client != nullptr && m_window.client() == m_client)
        m_window.setClient(nullptr, QString());
    delete m_client.data();
    delete m_server; // stops listening, interrupts queries, joins its thread
}

void AppController::start()
{
    if (m_options.demo)
        startDemo();
    else if (!m_options.host.isEmpty())
        connectHost();
    else
        showNotConnected();
}

void AppController::showNotConnected()
{
    const QString lastHost = m_settings.value(workspace::keys::lastHost);
    QString body =
        tr("<p>Hogscope talks to PostHog's query API. To explore data, start it one of two ways:</p>"
           "<p><b>Demo data, no account:</b> <code>hogscope --demo</code> starts the built-in "
           "backend with a generated demo project.</p>"
           "<p><b>Your PostHog project:</b> set <code>POSTHOG_PERSONAL_API_KEY=phx_…</code> (a "
           "personal API key with query read access), then run <code>hogscope --host "
           "https://eu.posthog.com --project 12345</code> (or https://us.posthog.com, or your "
           "self-hosted URL).</p>");
    if (!lastHost.isEmpty()) {
        body += tr("<p>Last used: <code>--host %1 --project %2</code></p>")
                    .arg(lastHost.toHtmlEscaped(),
                         m_settings.value(workspace::keys::lastProject).toHtmlEscaped());
    }
    m_window.connectionBanner()->showNotice(ConnectionBanner::Kind::Hint, tr("Not connected"), body);
}

void AppController::fail(const QString& title, const QString& message)
{
    m_window.connectionBanner()->showNotice(ConnectionBanner::Kind::Error, title, message.toHtmlEscaped());
    m_window.addMessage(MessageSeverity::Error, tr("Connection"), message);
    Q_EMIT connectionFailed(message);
}

void AppController::useClient(api::ApiClient* client, const QString& description)
{
    m_client = client;
    m_window.setClient(client, description);
    m_window.addMessage(MessageSeverity::Info, tr("Connection"), tr("Connected to %1").arg(description));
    Q_EMIT connected();
}

void AppController::connectHost()
{
    if (!m_options.host.isValid() || m_options.host.scheme().isEmpty()) {
        fail(tr("Invalid host"),
             tr("“%1” is not a URL such as https://eu.posthog.com.").arg(m_options.host.toString()));
        return;
    }
    if (m_options.apiKey.isEmpty()) {
        fail(tr("No API key"), tr("Set POSTHOG_PERSONAL_API_KEY to a personal API key of %1 and start "
                                  "Hogscope again.")
                                   .arg(m_options.host.toString()));
        return;
    }
    m_settings.setValue(workspace::keys::lastHost, m_options.host.toString());
    m_settings.setValue(workspace::keys::lastProject, m_options.projectId);
    api::Connection connection;
    connection.baseUrl = m_options.host;
    connection.apiKey = m_options.apiKey;
    connection.projectId = m_options.projectId;
    useClient(new api::ApiClient(connection, this),
              tr("%1 · project %2").arg(m_options.host.host(), m_options.projectId));
}

void AppController::startDemo()
{
    const QString path =
        m_options.demoStorePath.isEmpty() ? workspace::AppPaths::demoStorePath() : m_options.demoStorePath;
    if (QFileInfo::exists(path)) {
        startServer(path);
        return;
    }
    if (!QDir().mkpath(QFileInfo(path).absolutePath())) {
        fail(tr("Demo backend unavailable"),
             tr("Cannot create the folder %1.").arg(QFileInfo(path).absolutePath()));
        return;
    }
    generateDemoStore(path);
}

void AppController::generateDemoStore(const QString& path)
{
    m_demoPath = path;
    m_window.connectionBanner()->showNotice(
        ConnectionBanner::Kind::Progress, tr("Generating demo data"),
        tr("First start: writing %1 demo events to <code>%2</code>. This happens once; the editor is "
           "ready meanwhile.")
            .arg(QLocale().toString(m_options.demoEvents), path.toHtmlEscaped()));
    m_window.connectionBanner()->setProgress(0, m_options.demoEvents);

    m_demoProgressTimer = new QTimer(this);
    m_demoProgressTimer->setInterval(100);
    connect(m_demoProgressTimer, &QTimer::timeout, this,
            [this] { m_window.connectionBanner()->setProgress(m_demoDone.load(), m_demoTotal.load()); });
    m_demoProgressTimer->start();

    m_demoWatcher = new QFutureWatcher<local::DemoResult>(this);
    connect(m_demoWatcher, &QFutureWatcher<local::DemoResult>::finished, this,
            &AppController::onDemoGenerated);
    local::DemoOptions options;
    options.events = m_options.demoEvents;
    // The worker only touches the atomics; the GUI thread reads them on its timer.
    m_demoWatcher->setFuture(QtConcurrent::run([this, path, options] {
        return local::generateDemoStore(path, options, [this](qint64 done, qint64 total) {
            m_demoDone = done;
            m_demoTotal = total;
            return !m_demoCancel.load();
        });
    }));
}

void AppController::onDemoGenerated()
{
    m_demoProgressTimer->stop();
    const local::DemoResult result = m_demoWatcher->result();
    m_demoWatcher->deleteLater();
    m_demoWatcher = nullptr;
    if (!result.ok) {
        fail(tr("Demo data could not be generated"), result.error);
        return;
    }
    m_window.addMessage(
        MessageSeverity::Info, tr("Demo"),
        tr("Generated %1 demo events in %2").arg(QLocale().toString(m_options.demoEvents), m_demoPath));
    startServer(m_demoPath);
}

void AppController::startServer(const QString& path)
{
    m_window.connectionBanner()->showNotice(ConnectionBanner::Kind::Progress, tr("Starting the demo backend"),
                                            tr("Opening <code>%1</code>…").arg(path.toHtmlEscaped()));
    m_window.connectionBanner()->setProgress(0, 0);
    local::ServerOptions options;
    options.databasePath = path;
    options.token = randomToken();
    const QByteArray token = options.token;
    m_server = new local::EmbeddedServer(options, this);
    connect(m_server, &local::EmbeddedServer::started, this, [this, token](const QUrl& baseUrl) {
        api::Connection connection;
        connection.baseUrl = baseUrl;
        connection.apiKey = token;
        connection.projectId = QStringLiteral("1");
        useClient(new api::ApiClient(connection, this),
                  tr("Demo backend · %1:%2").arg(baseUrl.host()).arg(baseUrl.port()));
    });
    connect(m_server, &local::EmbeddedServer::failed, this,
            [this](const QString& message) { fail(tr("The demo backend did not start"), message); });
    m_server->start();
}

api::ApiClient* AppController::client() const
{
    return m_client;
}

} // namespace hogscope::ui
