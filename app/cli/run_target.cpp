#include "cli/run_target.h"

#include "api/api_client.h"
#include "api/query_scheduler.h"
#include "cli/api_key_source.h"
#include "cli/progress_printer.h"
#include "local/demo_backend.h"
#include "workspace/app_paths.h"

#include <QCommandLineParser>

namespace hogscope::cli {

RunTargetOptions::RunTargetOptions()
    : m_demo(QStringLiteral("demo"), QString())
    , m_host(QStringLiteral("host"), QString(), QStringLiteral("URL"))
    , m_project(QStringLiteral("project"), QString(), QStringLiteral("ID"))
    , m_timeout(QStringLiteral("timeout"), QString(), QStringLiteral("SECONDS"))
    , m_quiet({QStringLiteral("q"), QStringLiteral("quiet")}, QString())
    , m_demoStore(QStringLiteral("demo-store"), QString(), QStringLiteral("FILE"))
    , m_demoEvents(QStringLiteral("demo-events"), QString(), QStringLiteral("N"))
{}

QList<QCommandLineOption> RunTargetOptions::options() const
{
    return {m_demo, m_host, m_project, m_timeout, m_quiet, m_demoStore, m_demoEvents};
}

QString RunTargetOptions::read(const QCommandLineParser& parser, RunTarget& target) const
{
    target.demo = parser.isSet(m_demo);
    QString hostText = parser.value(m_host);
    if (hostText.isEmpty() && !target.demo)
        hostText = qEnvironmentVariable("HOGSCOPE_HOST");
    if (target.demo && parser.isSet(m_host))
        return QStringLiteral("--demo and --host exclude each other");
    if (!target.demo) {
        if (hostText.isEmpty())
            return QStringLiteral("say where to run the query: --demo, or --host URL --project ID");
        target.host = QUrl::fromUserInput(hostText);
        if (!target.host.isValid() || target.host.host().isEmpty() ||
            (target.host.scheme() != u"http" && target.host.scheme() != u"https"))
            return QStringLiteral("\"%1\" is not a URL such as https://eu.posthog.com").arg(hostText);
    }
    if (parser.isSet(m_project)) {
        target.projectId = parser.value(m_project).trimmed();
        if (target.projectId.isEmpty())
            return QStringLiteral("--project needs an id");
    }
    if (parser.isSet(m_demoStore))
        target.demoStorePath = parser.value(m_demoStore);
    bool ok = true;
    if (parser.isSet(m_demoEvents)) {
        target.demoEvents = parser.value(m_demoEvents).toLongLong(&ok);
        if (!ok || target.demoEvents < 1)
            return QStringLiteral("--demo-events needs a positive number");
    }
    if (parser.isSet(m_timeout)) {
        const double seconds = parser.value(m_timeout).toDouble(&ok);
        if (!ok || seconds <= 0)
            return QStringLiteral("--timeout needs a positive number of seconds");
        target.timeout = std::chrono::milliseconds(qint64(seconds * 1000));
    }
    target.quiet = parser.isSet(m_quiet);
    return QString();
}

RunTargetConnector::RunTargetConnector(RunTarget target, ProgressPrinter* printer, QObject* parent)
    : QObject(parent)
    , m_target(std::move(target))
    , m_printer(printer)
{}

RunTargetConnector::~RunTargetConnector()
{
    delete m_demo; // stops the embedded server now, not whenever the parent gets to it
}

void RunTargetConnector::start()
{
    if (m_target.demo)
        startDemo();
    else
        lookUpKey();
}

void RunTargetConnector::startDemo()
{
    local::DemoBackendOptions options;
    options.storePath =
        m_target.demoStorePath.isEmpty() ? workspace::AppPaths::demoStorePath() : m_target.demoStorePath;
    options.events = m_target.demoEvents;
    m_demo = new local::DemoBackend(options, this);
    connect(m_demo, &local::DemoBackend::generating, this, [this](const QString& path, qint64 events) {
        m_printer->line(QStringLiteral("First use of the demo backend: generating %1 events in %2 (once).")
                            .arg(events)
                            .arg(path));
    });
    connect(m_demo, &local::DemoBackend::generationProgress, this, [this](qint64 done, qint64 total) {
        m_printer->progress(QStringLiteral("generating demo data"), done, total, QStringLiteral("events"));
    });
    connect(m_demo, &local::DemoBackend::starting, this,
            [this](const QString&) { m_printer->status(QStringLiteral("starting the demo backend")); });
    connect(m_demo, &local::DemoBackend::ready, this, [this](const QUrl& baseUrl, const QByteArray& token) {
        api::Connection connection;
        connection.baseUrl = baseUrl;
        connection.apiKey = token;
        connection.projectId = m_demo->projectId();
        // hogscope-server does not throttle: only the concurrency limit applies.
        Q_EMIT connected(connection, api::SchedulerLimits::unthrottled(), QStringLiteral("Demo backend"));
    });
    connect(m_demo, &local::DemoBackend::failed, this, [this](const QString& title, const QString& message) {
        Q_EMIT failed(QStringLiteral("%1: %2").arg(title, message));
    });
    m_demo->start();
}

void RunTargetConnector::lookUpKey()
{
    m_keys = new ApiKeySource(this);
    connect(m_keys, &ApiKeySource::found, this, [this](const QByteArray& key, const QString&) {
        api::Connection connection;
        connection.baseUrl = m_target.host;
        connection.apiKey = key;
        connection.projectId = m_target.projectId;
        Q_EMIT connected(connection, api::SchedulerLimits::postHog(),
                         QStringLiteral("%1 · project %2").arg(m_target.host.host(), m_target.projectId));
    });
    connect(m_keys, &ApiKeySource::notFound, this,
            [this](const QString& message) { Q_EMIT failed(message); });
    if (qEnvironmentVariableIsEmpty(ApiKeySource::kEnvironmentVariable))
        m_printer->status(QStringLiteral("reading the API key from the keychain"));
    m_keys->lookUp(m_target.host);
}

} // namespace hogscope::cli
