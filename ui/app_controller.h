#pragma once

// Brings a session up and switches it: the connection chosen on the command line, a saved profile or
// the local demo, wired into the main window.

#include "api/discovery_client.h" // ProjectInfo, complete for the signal
#include "api/query_scheduler.h"
#include "workspace/connection_profiles.h"
#include "workspace/settings.h"

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

namespace hogscope::api {
class ApiClient;
struct Connection;
} // namespace hogscope::api
namespace hogscope::local {
class DemoBackend;
} // namespace hogscope::local
namespace hogscope::workspace {
class KeyStore;
} // namespace hogscope::workspace

namespace hogscope::ui {

class ConnectionDialog;
class MainWindow;
class SidebarFeeder;

// What the command line asked for.
struct LaunchOptions
{
    bool demo = false;
    QString demoStorePath;     // empty = workspace::AppPaths::demoStorePath()
    qint64 demoEvents = 50000; // size of a newly generated demo store
    QUrl host;                 // PostHog instance; empty with demo = false means "not connected"
    QString projectId = QStringLiteral("1");
    QByteArray apiKey; // personal API key (from POSTHOG_PERSONAL_API_KEY)
};

// Connects the application: with `demo`, a local::DemoBackend generates the demo store if missing
// (progress in the window's banner, no freeze) and starts the embedded server, and an ApiClient is
// pointed at it; with `host`, builds an ApiClient for PostHog; with neither, reconnects the last
// connection chosen in the connection dialog, else shows how to connect. Later the session switches
// to another profile, the demo or another project of the same key: queries still running are
// cancelled, the old client and scheduler go (once their cancels have reached the server), the
// tabs stay and follow the new client. Owns the backend, the client, the sidebar's feeder and the
// connection dialog.
class AppController : public QObject
{
    Q_OBJECT
public:
    AppController(LaunchOptions options, workspace::Settings& settings, MainWindow& window,
                  QObject* parent = nullptr);
    ~AppController() override; // stops demo generation and the embedded server

    void start();
    api::ApiClient* client() const;

    // Switches the session to a saved profile with its key, or to the local demo.
    void connectProfile(const workspace::ConnectionProfile& profile, const QByteArray& key);
    void connectDemo();
    // Same host and key, another project; a profile remembers it.
    void switchProject(const QString& projectId);

    // Shows the connection dialog (non-modal), creating it on first use.
    void showConnectionDialog();
    ConnectionDialog* connectionDialog() const;
    SidebarFeeder* sidebarFeeder() const { return m_feeder; }
    workspace::KeyStore* keyStore() const { return m_keys; }
    // ConnectionDialog::demoId(), the profile's name, or empty (command line or not connected).
    QString currentConnection() const { return m_currentId; }

    // The last connection chosen in the dialog ("demo" or "profile:<name>"), reconnected at start.
    static const workspace::SettingKey<QString>& lastConnectionKey();

Q_SIGNALS:
    // The window has a working client.
    void connected();
    // Connecting failed; the window already shows why.
    void connectionFailed(const QString& message);
    // The projects the current key can see have arrived.
    void projectsLoaded(const QList<hogscope::api::ProjectInfo>& projects);

private:
    void startDemo();
    void connectHost();
    void reconnectLast();
    void showNotConnected();
    void fail(const QString& title, const QString& message);
    void useClient(api::ApiClient* client, const api::SchedulerLimits& limits, const QString& description);
    // Takes the current session down: running queries cancelled, the window and sidebar
    // disconnected, the client (and a demo backend when `keepDemo` is false) deleted once idle.
    void retire(bool keepDemo);
    void fetchProjects();
    QString describe(const api::Connection& connection) const;

    LaunchOptions m_options;
    workspace::Settings& m_settings;
    MainWindow& m_window;
    QPointer<api::ApiClient> m_client;
    api::SchedulerLimits m_limits;
    local::DemoBackend* m_demo = nullptr;
    workspace::KeyStore* m_keys = nullptr;
    SidebarFeeder* m_feeder = nullptr;
    QPointer<ConnectionDialog> m_dialog; // a child of the window, which may go first
    QPointer<api::DiscoveryClient> m_discovery;
    QString m_currentId;
    workspace::ConnectionProfile m_profile; // when connected through a profile
    QString m_pendingProfile;               // a profile waiting for its key from the keychain at start
};

} // namespace hogscope::ui
