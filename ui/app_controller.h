#pragma once

// Brings a session up: the connection chosen on the command line, wired into the main window.

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

namespace hogscope::api {
class ApiClient;
struct SchedulerLimits;
} // namespace hogscope::api
namespace hogscope::local {
class DemoBackend;
} // namespace hogscope::local
namespace hogscope::workspace {
class Settings;
}

namespace hogscope::ui {

class MainWindow;

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
// pointed at it; with `host`, builds an ApiClient for PostHog; otherwise shows how to connect. Owns
// the backend and the client.
class AppController : public QObject
{
    Q_OBJECT
public:
    AppController(LaunchOptions options, workspace::Settings& settings, MainWindow& window,
                  QObject* parent = nullptr);
    ~AppController() override; // stops demo generation and the embedded server

    void start();
    api::ApiClient* client() const;

Q_SIGNALS:
    // The window has a working client.
    void connected();
    // Connecting failed; the window already shows why.
    void connectionFailed(const QString& message);

private:
    void startDemo();
    void connectHost();
    void showNotConnected();
    void fail(const QString& title, const QString& message);
    void useClient(api::ApiClient* client, const api::SchedulerLimits& limits, const QString& description);

    LaunchOptions m_options;
    workspace::Settings& m_settings;
    MainWindow& m_window;
    QPointer<api::ApiClient> m_client;
    local::DemoBackend* m_demo = nullptr;
};

} // namespace hogscope::ui
