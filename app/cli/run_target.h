#pragma once

// Where a window-less verb (`hogscope query`, `hogscope render`) runs, and how it gets there: the
// options that say so and the step that turns them into a working connection. One place, so the
// two verbs cannot drift apart in what they accept or how they connect.

#include <QCommandLineOption>
#include <QList>
#include <QObject>
#include <QString>
#include <QUrl>

#include <chrono>

class QCommandLineParser;

namespace hogscope::api {
struct Connection;
struct SchedulerLimits;
} // namespace hogscope::api
namespace hogscope::local {
class DemoBackend;
}

namespace hogscope::cli {

class ApiKeySource;
class ProgressPrinter;

// The connection part of a verb's options.
struct RunTarget
{
    bool demo = false;
    QString demoStorePath; // empty = workspace::AppPaths::demoStorePath()
    qint64 demoEvents = 50000;
    QUrl host;
    QString projectId = QStringLiteral("1");
    std::chrono::milliseconds timeout{606'000}; // PostHog's frontend gives up after 606 s
    bool quiet = false;
};

// --demo | --host URL (default: $HOGSCOPE_HOST) --project ID, --timeout SECONDS, -q/--quiet, and,
// not in --help, --demo-store FILE and --demo-events N (tests and benchmarks).
class RunTargetOptions
{
public:
    RunTargetOptions();

    QList<QCommandLineOption> options() const;
    // Reads what `parser` parsed into `target`: an error for the user (one line), or empty.
    QString read(const QCommandLineParser& parser, RunTarget& target) const;

private:
    QCommandLineOption m_demo;
    QCommandLineOption m_host;
    QCommandLineOption m_project;
    QCommandLineOption m_timeout;
    QCommandLineOption m_quiet;
    QCommandLineOption m_demoStore;
    QCommandLineOption m_demoEvents;
};

// Turns a RunTarget into a connection: starts the demo backend (generating its store on first use,
// with progress on the printer) or looks up the personal API key for the host. Owns the backend,
// so it must outlive every client pointed at it.
class RunTargetConnector : public QObject
{
    Q_OBJECT
public:
    RunTargetConnector(RunTarget target, ProgressPrinter* printer, QObject* parent = nullptr);
    ~RunTargetConnector() override; // stops the demo backend

    void start();

Q_SIGNALS:
    // `description` names the place for messages ("Demo backend", "eu.posthog.com · project 12").
    void connected(const hogscope::api::Connection& connection, const hogscope::api::SchedulerLimits& limits,
                   const QString& description);
    // The backend did not start or no key was found: a connection failure (exit code 3).
    void failed(const QString& message);

private:
    void startDemo();
    void lookUpKey();

    RunTarget m_target;
    ProgressPrinter* m_printer = nullptr;
    local::DemoBackend* m_demo = nullptr;
    ApiKeySource* m_keys = nullptr;
};

} // namespace hogscope::cli
