#include "app_controller.h"

#include "connection_banner.h"
#include "main_window.h"

#include "api/api_client.h"
#include "api/query_scheduler.h"
#include "local/demo_backend.h"
#include "workspace/app_paths.h"
#include "workspace/settings.h"

#include <QLocale>

namespace hogscope::ui {

AppController::AppController(LaunchOptions options, workspace::Settings& settings, MainWindow& window,
                             QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_settings(settings)
    , m_window(window)
{}

AppController::~AppController()
{
    // The window may outlive us; it must not keep a client that is about to go.
    if (m_client != nullptr && m_window.client() == m_client)
        m_window.setClient(nullptr, nullptr, QString());
    delete m_client.data();
    delete m_demo; // stops demo generation and the embedded server (joins their threads)
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

void AppController::useClient(api::ApiClient* client, const api::SchedulerLimits& limits,
                              const QString& description)
{
    m_client = client;
    // One scheduler per client, dying with it: PostHog's limits are per key and project.
    auto* scheduler = new api::QueryScheduler(*client, limits, client);
    m_window.setClient(client, scheduler, description);
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
    useClient(new api::ApiClient(connection, this), api::SchedulerLimits::postHog(),
              tr("%1 · project %2").arg(m_options.host.host(), m_options.projectId));
}

void AppController::startDemo()
{
    local::DemoBackendOptions options;
    options.storePath =
        m_options.demoStorePath.isEmpty() ? workspace::AppPaths::demoStorePath() : m_options.demoStorePath;
    options.events = m_options.demoEvents;
    m_demo = new local::DemoBackend(options, this);
    ConnectionBanner* banner = m_window.connectionBanner();
    connect(m_demo, &local::DemoBackend::generating, this,
            [this, banner](const QString& path, qint64 events) {
                banner->showNotice(
                    ConnectionBanner::Kind::Progress, tr("Generating demo data"),
                    tr("First start: writing %1 demo events to <code>%2</code>. This happens once; the "
                       "editor is ready meanwhile.")
                        .arg(QLocale().toString(events), path.toHtmlEscaped()));
                banner->setProgress(0, events);
            });
    connect(m_demo, &local::DemoBackend::generationProgress, this,
            [banner](qint64 done, qint64 total) { banner->setProgress(done, total); });
    connect(m_demo, &local::DemoBackend::generated, this, [this](const QString& path, qint64 events) {
        m_window.addMessage(MessageSeverity::Info, tr("Demo"),
                            tr("Generated %1 demo events in %2").arg(QLocale().toString(events), path));
    });
    connect(m_demo, &local::DemoBackend::starting, this, [banner](const QString& path) {
        banner->showNotice(ConnectionBanner::Kind::Progress, tr("Starting the demo backend"),
                           tr("Opening <code>%1</code>…").arg(path.toHtmlEscaped()));
        banner->setProgress(0, 0);
    });
    connect(m_demo, &local::DemoBackend::ready, this, [this](const QUrl& baseUrl, const QByteArray& token) {
        api::Connection connection;
        connection.baseUrl = baseUrl;
        connection.apiKey = token;
        connection.projectId = m_demo->projectId();
        // The embedded backend does not throttle: only the concurrency limit applies.
        useClient(new api::ApiClient(connection, this), api::SchedulerLimits::unthrottled(),
                  tr("Demo backend · %1:%2").arg(baseUrl.host()).arg(baseUrl.port()));
    });
    connect(m_demo, &local::DemoBackend::failed, this,
            [this](const QString& title, const QString& message) { fail(title, message); });
    m_demo->start();
}

api::ApiClient* AppController::client() const
{
    return m_client;
}

} // namespace hogscope::ui
