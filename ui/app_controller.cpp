#include "app_controller.h"

#include "connection_banner.h"
#include "connection_dialog.h"
#include "main_window.h"
#include "query_tab.h"
#include "schema_sidebar.h"
#include "sidebar_feeder.h"

#include "api/api_client.h"
#include "api/discovery_client.h"
#include "api/query_scheduler.h"
#include "local/demo_backend.h"
#include "workspace/app_paths.h"
#include "workspace/key_store.h"
#include "workspace/settings.h"

#include <QElapsedTimer>
#include <QLocale>
#include <QNetworkReply>
#include <QTimer>

#include <memory>
#include <utility>

namespace hogscope::ui {

namespace {

const QString kProfilePrefix = QStringLiteral("profile:");
// How long a retired client may keep its last requests (the cancels of running queries) in flight.
constexpr qint64 kRetireGraceMs = 5000;

// The keychain account of a profile: its host's base URL (as the connection dialog files it).
QString accountFor(const QString& host)
{
    return QUrl(host.trimmed()).adjusted(QUrl::StripTrailingSlash).toString();
}

} // namespace

const workspace::SettingKey<QString>& AppController::lastConnectionKey()
{
    static const workspace::SettingKey<QString> key{QLatin1StringView("connection/lastUsed"), QString()};
    return key;
}

AppController::AppController(LaunchOptions options, workspace::Settings& settings, MainWindow& window,
                             QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
    , m_settings(settings)
    , m_window(window)
    , m_keys(new workspace::KeyStore(this))
    , m_feeder(new SidebarFeeder(window.schemaSidebar(), this))
{
    connect(m_feeder, &SidebarFeeder::message, this, [this](MessageSeverity severity, const QString& text) {
        m_window.addMessage(severity, tr("Schema"), text);
    });
    connect(&m_window, &MainWindow::connectionDialogRequested, this, &AppController::showConnectionDialog);
    connect(m_window.schemaSidebar(), &SchemaSidebar::projectSwitchRequested, this,
            &AppController::switchProject);
    connect(m_keys, &workspace::KeyStore::keyRead, this,
            [this](const QString& account, const QByteArray& key) {
                if (m_pendingProfile.isEmpty() || account != accountFor(m_profile.host))
                    return;
                m_pendingProfile.clear();
                connectProfile(m_profile, key);
            });
    connect(m_keys, &workspace::KeyStore::keyMissing, this,
            [this](const QString& account, const QString& message) {
                if (m_pendingProfile.isEmpty() || account != accountFor(m_profile.host))
                    return;
                const QString name = std::exchange(m_pendingProfile, QString());
                m_currentId.clear();
                fail(tr("No API key for “%1”").arg(name),
                     tr("%1 Choose File → Connect… (Ctrl+Shift+O) and enter it.").arg(message));
            });
}

AppController::~AppController()
{
    delete m_dialog.data(); // it uses the key store
    m_feeder->setConnection(nullptr, nullptr);
    // The window may outlive us; it must not keep a client that is about to go.
    if (m_client != nullptr && m_window.client() == m_client)
        m_window.setClient(nullptr, nullptr, QString());
    delete m_client.data();
    delete m_demo; // stops demo generation and the embedded server (joins their threads)
}

ConnectionDialog* AppController::connectionDialog() const
{
    return m_dialog;
}

void AppController::start()
{
    if (m_options.demo)
        startDemo();
    else if (!m_options.host.isEmpty())
        connectHost();
    else
        reconnectLast();
}

void AppController::reconnectLast()
{
    const QString last = m_settings.value(lastConnectionKey());
    if (last == ConnectionDialog::demoId()) {
        m_currentId = ConnectionDialog::demoId();
        startDemo();
        return;
    }
    if (last.startsWith(kProfilePrefix)) {
        const QString name = last.mid(kProfilePrefix.size());
        if (const std::optional<workspace::ConnectionProfile> profile =
                workspace::ConnectionProfiles(m_settings).find(name)) {
            m_profile = *profile;
            m_pendingProfile = name;
            m_window.connectionBanner()->showNotice(
                ConnectionBanner::Kind::Progress, tr("Connecting to %1").arg(name.toHtmlEscaped()),
                tr("Reading the API key for <code>%1</code> from the keychain…")
                    .arg(profile->host.toHtmlEscaped()));
            m_window.connectionBanner()->setProgress(0, 0);
            m_keys->readKey(accountFor(profile->host));
            return;
        }
    }
    showNotConnected();
}

void AppController::showNotConnected()
{
    const QString lastHost = m_settings.value(workspace::keys::lastHost);
    QString body =
        tr("<p>Hogscope talks to PostHog's query API. <b>File → Connect…</b> (Ctrl+Shift+O, or "
           "<i>Switch…</i> in the schema sidebar) lists your saved connections and the local demo. "
           "From the command line:</p>"
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

QString AppController::describe(const api::Connection& connection) const
{
    if (m_currentId == ConnectionDialog::demoId() || (m_demo != nullptr && m_currentId.isEmpty()))
        return tr("Demo backend · %1:%2").arg(connection.baseUrl.host()).arg(connection.baseUrl.port());
    if (!m_currentId.isEmpty())
        return tr("%1 · project %2").arg(m_currentId, connection.projectId);
    return tr("%1 · project %2").arg(connection.baseUrl.host(), connection.projectId);
}

void AppController::useClient(api::ApiClient* client, const api::SchedulerLimits& limits,
                              const QString& description)
{
    m_client = client;
    m_limits = limits;
    // One scheduler per client, dying with it: PostHog's limits are per key and project.
    auto* scheduler = new api::QueryScheduler(*client, limits, client);
    m_window.setClient(client, scheduler, description);
    m_feeder->setConnection(client, scheduler);
    m_window.addMessage(MessageSeverity::Info, tr("Connection"), tr("Connected to %1").arg(description));
    fetchProjects();
    if (m_dialog)
        m_dialog->setCurrent(m_currentId);
    Q_EMIT connected();
}

void AppController::fetchProjects()
{
    SchemaSidebar* sidebar = m_window.schemaSidebar();
    const QString current = m_client->connection().projectId;
    sidebar->setProjects({}, current);
    // A child of the client: it goes with it.
    m_discovery = new api::DiscoveryClient(*m_client, m_client);
    connect(m_discovery, &api::DiscoveryClient::projectsLoaded, this,
            [this, sidebar, current](const QList<api::ProjectInfo>& projects) {
                QList<QPair<QString, QString>> choices;
                for (const api::ProjectInfo& project : projects)
                    choices.append({project.id, project.name});
                sidebar->setProjects(choices, current);
                Q_EMIT projectsLoaded(projects);
            });
    connect(m_discovery, &api::DiscoveryClient::failed, this,
            [this](api::DiscoveryClient::Request, const api::ApiError& error) {
                m_window.addMessage(MessageSeverity::Warning, tr("Connection"),
                                    tr("Could not list the projects of this key: %1").arg(error.message));
            });
    m_discovery->fetchProjects();
}

void AppController::retire(bool keepDemo)
{
    // Queries still running in the tabs are cancelled while their client can still tell the server.
    for (int i = 0; i < m_window.tabCount(); ++i) {
        if (QueryTab* queryTab = m_window.tab(i); queryTab != nullptr && queryTab->isRunning())
            queryTab->cancel();
    }
    m_pendingProfile.clear();
    if (m_discovery)
        m_discovery->cancel();
    m_feeder->setConnection(nullptr, nullptr);
    api::ApiClient* old = m_client;
    m_client = nullptr;
    if (old != nullptr && m_window.client() == old)
        m_window.setClient(nullptr, nullptr, QString());
    local::DemoBackend* oldDemo = keepDemo ? nullptr : std::exchange(m_demo, nullptr);
    if (oldDemo != nullptr)
        oldDemo->disconnect(this); // its late signals belong to the old session
    if (old == nullptr) {
        delete oldDemo;
        return;
    }
    // The scheduler cancels what it still holds (DELETEs go out through the client); the client
    // stays until those requests are answered, or a grace period passes, and takes the backend
    // they went to along.
    delete old->findChild<api::QueryScheduler*>(QString(), Qt::FindDirectChildrenOnly);
    QPointer<local::DemoBackend> demo(oldDemo);
    auto* timer = new QTimer(old);
    timer->setInterval(50);
    auto elapsed = std::make_shared<QElapsedTimer>();
    elapsed->start();
    connect(timer, &QTimer::timeout, old, [old, timer, demo, elapsed] {
        if (!old->findChildren<QNetworkReply*>().isEmpty() && elapsed->elapsed() < kRetireGraceMs)
            return;
        timer->stop();
        old->deleteLater();
        if (demo)
            demo->deleteLater();
    });
    timer->start();
}

void AppController::connectProfile(const workspace::ConnectionProfile& profile, const QByteArray& key)
{
    retire(false);
    m_profile = profile;
    m_currentId = profile.name;
    m_settings.setValue(lastConnectionKey(), kProfilePrefix + profile.name);
    m_settings.setValue(workspace::keys::lastHost, profile.host);
    m_settings.setValue(workspace::keys::lastProject, profile.project);
    api::Connection connection;
    connection.baseUrl = QUrl(profile.host);
    connection.apiKey = key;
    connection.projectId = profile.project;
    useClient(new api::ApiClient(connection, this), api::SchedulerLimits::postHog(), describe(connection));
}

void AppController::connectDemo()
{
    if (m_currentId == ConnectionDialog::demoId() && (m_client || m_demo))
        return; // already there, or on the way
    retire(false);
    m_currentId = ConnectionDialog::demoId();
    m_settings.setValue(lastConnectionKey(), ConnectionDialog::demoId());
    startDemo();
}

void AppController::switchProject(const QString& projectId)
{
    if (!m_client || projectId.isEmpty() || projectId == m_client->connection().projectId)
        return;
    api::Connection connection = m_client->connection();
    connection.projectId = projectId;
    if (!m_profile.name.isEmpty() && m_currentId == m_profile.name) {
        // The profile as saved now (it may have been edited since connecting); a deleted one stays
        // deleted.
        workspace::ConnectionProfiles profiles(m_settings);
        if (std::optional<workspace::ConnectionProfile> saved = profiles.find(m_profile.name)) {
            saved->project = projectId;
            profiles.upsert(*saved);
            m_profile = *saved;
        }
    }
    if (m_currentId != ConnectionDialog::demoId())
        m_settings.setValue(workspace::keys::lastProject, projectId);
    retire(true);
    useClient(new api::ApiClient(connection, this), m_limits, describe(connection));
}

void AppController::showConnectionDialog()
{
    if (!m_dialog) {
        m_dialog = new ConnectionDialog(m_settings, *m_keys, &m_window);
        connect(m_dialog, &ConnectionDialog::demoRequested, this, &AppController::connectDemo);
        connect(m_dialog, &ConnectionDialog::profileRequested, this, &AppController::connectProfile);
        connect(m_dialog, &ConnectionDialog::notice, this,
                [this](MessageSeverity severity, const QString& text) {
                    m_window.addMessage(severity, tr("Connections"), text);
                });
    }
    m_dialog->setCurrent(m_currentId);
    m_dialog->show();
    m_dialog->raise();
    m_dialog->activateWindow();
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
    auto* demo = new local::DemoBackend(options, this);
    m_demo = demo;
    ConnectionBanner* banner = m_window.connectionBanner();
    connect(demo, &local::DemoBackend::generating, this, [this, banner](const QString& path, qint64 events) {
        banner->showNotice(
            ConnectionBanner::Kind::Progress, tr("Generating demo data"),
            tr("First start: writing %1 demo events to <code>%2</code>. This happens once; the "
               "editor is ready meanwhile.")
                .arg(QLocale().toString(events), path.toHtmlEscaped()));
        banner->setProgress(0, events);
    });
    connect(demo, &local::DemoBackend::generationProgress, this,
            [banner](qint64 done, qint64 total) { banner->setProgress(done, total); });
    connect(demo, &local::DemoBackend::generated, this, [this](const QString& path, qint64 events) {
        m_window.addMessage(MessageSeverity::Info, tr("Demo"),
                            tr("Generated %1 demo events in %2").arg(QLocale().toString(events), path));
    });
    connect(demo, &local::DemoBackend::starting, this, [banner](const QString& path) {
        banner->showNotice(ConnectionBanner::Kind::Progress, tr("Starting the demo backend"),
                           tr("Opening <code>%1</code>…").arg(path.toHtmlEscaped()));
        banner->setProgress(0, 0);
    });
    connect(demo, &local::DemoBackend::ready, this,
            [this, demo](const QUrl& baseUrl, const QByteArray& token) {
                api::Connection connection;
                connection.baseUrl = baseUrl;
                connection.apiKey = token;
                connection.projectId = demo->projectId();
                // The embedded backend does not throttle: only the concurrency limit applies.
                useClient(new api::ApiClient(connection, this), api::SchedulerLimits::unthrottled(),
                          describe(connection));
            });
    connect(demo, &local::DemoBackend::failed, this,
            [this](const QString& title, const QString& message) { fail(title, message); });
    demo->start();
}

api::ApiClient* AppController::client() const
{
    return m_client;
}

} // namespace hogscope::ui
