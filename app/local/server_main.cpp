// hogscope-server: the local PostHog-compatible backend as a command-line program.
//   hogscope-server demo  --db FILE [--events N] [--seed S] [--end-date YYYY-MM-DD]
//   hogscope-server import --db FILE [--events FILE] [--persons FILE] [--skip-bad]
//   hogscope-server serve --db FILE [--port N] [--token T] [--workers N] [--listen-any]
//                         [--fault-latency-ms N] [--fault-5xx-rate R] [--fault-drop-rate R]
//                         [--fault-truncate-rate R] [--fault-malformed-rate R] [--fault-slow-body-ms N]
//                         [--rate-limit-per-minute N] [--rate-limit-window-ms N] [--fault-seed S]
//                         [--no-event-volumes]
// `serve` prints exactly one line on stdout, "listening on http://127.0.0.1:PORT", and nothing else.

#include "demo_generator.h"
#include "embedded_server.h"
#include "import_command.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QRandomGenerator>
#include <QSocketNotifier>

#include <csignal>
#include <cstdio>
#include <sys/socket.h>
#include <unistd.h>

using namespace hogscope::local;

namespace {

int signalPipe[2] = {-1, -1};

void onSignal(int)
{
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(signalPipe[1], &byte, 1);
}

void err(const QString& text)
{
    std::fprintf(stderr, "%s\n", text.toLocal8Bit().constData());
    std::fflush(stderr);
}

int runDemo(const QCommandLineParser& parser)
{
    const QString db = parser.value(QStringLiteral("db"));
    if (db.isEmpty()) {
        err(QStringLiteral("demo: --db FILE is required"));
        return 2;
    }
    DemoOptions options;
    bool ok = true;
    if (parser.isSet(QStringLiteral("events")))
        options.events = parser.value(QStringLiteral("events")).toLongLong(&ok);
    if (!ok || options.events < 0) {
        err(QStringLiteral("demo: --events needs a non-negative number"));
        return 2;
    }
    if (parser.isSet(QStringLiteral("seed")))
        options.seed = parser.value(QStringLiteral("seed")).toULongLong(&ok);
    if (!ok) {
        err(QStringLiteral("demo: --seed needs a number"));
        return 2;
    }
    if (parser.isSet(QStringLiteral("end-date"))) {
        options.endDate = QDate::fromString(parser.value(QStringLiteral("end-date")), Qt::ISODate);
        if (!options.endDate.isValid()) {
            err(QStringLiteral("demo: --end-date needs YYYY-MM-DD"));
            return 2;
        }
    }
    int lastPercent = -1;
    const DemoResult result = generateDemoStore(db, options, [&](qint64 done, qint64 total) {
        const int percent = total > 0 ? static_cast<int>(done * 100 / total) : 100;
        if (percent / 10 != lastPercent / 10) {
            err(QStringLiteral("demo: %1/%2 events").arg(done).arg(total));
            lastPercent = percent;
        }
        return true;
    });
    if (!result.ok) {
        err(QStringLiteral("demo: %1").arg(result.error));
        return 1;
    }
    err(QStringLiteral("demo: wrote %1").arg(db));
    return 0;
}

int runImport(const QCommandLineParser& parser)
{
    ImportOptions options;
    options.databasePath = parser.value(QStringLiteral("db"));
    options.eventsPath = parser.value(QStringLiteral("events"));
    options.personsPath = parser.value(QStringLiteral("persons"));
    options.skipBad = parser.isSet(QStringLiteral("skip-bad"));
    if (options.databasePath.isEmpty()) {
        err(QStringLiteral("import: --db FILE is required"));
        return 2;
    }
    if (options.eventsPath.isEmpty() && options.personsPath.isEmpty()) {
        err(QStringLiteral("import: give --events FILE, --persons FILE or both"));
        return 2;
    }
    options.progress = [](const QString& file, qint64 records) {
        err(QStringLiteral("import: %1: %2 records").arg(file).arg(records));
    };
    options.phase = [](const QString& message) { err(QStringLiteral("import: %1").arg(message)); };
    const ImportReport report = importIntoStore(options);
    if (!report.ok) {
        err(report.error);
        err(QStringLiteral("import: nothing imported, the store is unchanged"));
        return 1;
    }
    std::fputs(report.summary().toUtf8().constData(), stdout);
    std::fflush(stdout);
    const qint64 events = report.events.imported + report.events.duplicate;
    auto rate = [events](double seconds) {
        return seconds > 0 ? static_cast<qint64>(static_cast<double>(events) / seconds) : 0;
    };
    err(QStringLiteral("import: %1: rows committed in %2 s (%3 events/s), indexed in %4 s (%5 events/s)%6")
            .arg(options.databasePath)
            .arg(report.committedSeconds, 0, 'f', 2)
            .arg(rate(report.committedSeconds))
            .arg(report.seconds, 0, 'f', 2)
            .arg(rate(report.seconds))
            .arg(report.createdStore     ? QStringLiteral(", new store")
                 : report.rebuiltIndexes ? QStringLiteral(", indexes rebuilt")
                                         : QString()));
    err(QStringLiteral("import: %1").arg(report.phases()));
    if (!report.indexError.isEmpty()) {
        err(QStringLiteral("import: %1").arg(report.indexError));
        return 3;
    }
    return 0;
}

constexpr qsizetype kMinListenAnyTokenLength = 16;

bool readRate(const QCommandLineParser& parser, const QString& name, double& out)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    out = parser.value(name).toDouble(&ok);
    if (!ok || out < 0 || out > 1) {
        err(QStringLiteral("serve: --%1 needs a number from 0 to 1").arg(name));
        return false;
    }
    return true;
}

bool readCount(const QCommandLineParser& parser, const QString& name, int& out)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    out = parser.value(name).toInt(&ok);
    if (!ok || out < 0) {
        err(QStringLiteral("serve: --%1 needs a non-negative number").arg(name));
        return false;
    }
    return true;
}

bool readFaults(const QCommandLineParser& parser, FaultInjector::Options& faults)
{
    if (!readCount(parser, QStringLiteral("fault-latency-ms"), faults.latencyMs) ||
        !readRate(parser, QStringLiteral("fault-5xx-rate"), faults.errorRate) ||
        !readRate(parser, QStringLiteral("fault-drop-rate"), faults.dropRate) ||
        !readRate(parser, QStringLiteral("fault-truncate-rate"), faults.truncateRate) ||
        !readRate(parser, QStringLiteral("fault-malformed-rate"), faults.malformedRate) ||
        !readCount(parser, QStringLiteral("fault-slow-body-ms"), faults.slowBodyMs) ||
        !readCount(parser, QStringLiteral("rate-limit-per-minute"), faults.ratePerMinute) ||
        !readCount(parser, QStringLiteral("rate-limit-window-ms"), faults.rateWindowMs))
        return false;
    if (faults.errorRate + faults.dropRate + faults.truncateRate + faults.malformedRate > 1 + 1e-9) {
        // One draw decides each request's fate, so the shares cannot add up to more than all of them
        // (the margin forgives rounding, as in 0.1 + 0.2 + 0.7).
        err(QStringLiteral("serve: --fault-5xx-rate, --fault-drop-rate, --fault-truncate-rate and "
                           "--fault-malformed-rate add up to more than 1"));
        return false;
    }
    if (parser.isSet(QStringLiteral("fault-seed"))) {
        bool ok = false;
        faults.seed = parser.value(QStringLiteral("fault-seed")).toULongLong(&ok);
        if (!ok) {
            err(QStringLiteral("serve: --fault-seed needs a number"));
            return false;
        }
    }
    return true;
}

int runServe(QCoreApplication& app, const QCommandLineParser& parser)
{
    ServerOptions options;
    options.databasePath = parser.value(QStringLiteral("db"));
    if (options.databasePath.isEmpty()) {
        err(QStringLiteral("serve: --db FILE is required"));
        return 2;
    }
    bool ok = true;
    if (parser.isSet(QStringLiteral("port"))) {
        const uint port = parser.value(QStringLiteral("port")).toUInt(&ok);
        if (!ok || port > 65535) {
            err(QStringLiteral("serve: --port needs 0..65535"));
            return 2;
        }
        options.port = static_cast<quint16>(port);
    }
    if (parser.isSet(QStringLiteral("workers"))) {
        options.workers = parser.value(QStringLiteral("workers")).toInt(&ok);
        if (!ok || options.workers < 1) {
            err(QStringLiteral("serve: --workers needs a positive number"));
            return 2;
        }
    }
    if (parser.isSet(QStringLiteral("throttle-us")))
        options.throttleMicros = parser.value(QStringLiteral("throttle-us")).toLongLong();
    options.eventVolumes = !parser.isSet(QStringLiteral("no-event-volumes"));
    if (!readFaults(parser, options.faults))
        return 2;
    options.token = parser.value(QStringLiteral("token")).toUtf8();
    options.listenAny = parser.isSet(QStringLiteral("listen-any"));
    if (options.listenAny) {
        // Beyond loopback the token is all that guards the store: it must be chosen, and long.
        if (options.token.size() < kMinListenAnyTokenLength) {
            err(QStringLiteral("serve: --listen-any needs --token with at least %1 characters")
                    .arg(kMinListenAnyTokenLength));
            return 2;
        }
        err(QStringLiteral("serve: listening on all interfaces"));
    }
    if (options.token.isEmpty()) {
        QByteArray random(24, Qt::Uninitialized);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(random.data()), random.size() / 4);
        options.token = "phx_local_" + random.toHex();
        err(QStringLiteral("token: %1").arg(QString::fromLatin1(options.token)));
    }

    EmbeddedServer server(options);
    int exitCode = 0;
    QObject::connect(&server, &EmbeddedServer::started, &app, [](const QUrl& url) {
        std::printf("listening on %s\n", url.toString().toUtf8().constData());
        std::fflush(stdout);
    });
    QObject::connect(&server, &EmbeddedServer::failed, &app, [&app, &exitCode](const QString& message) {
        err(QStringLiteral("serve: %1").arg(message));
        exitCode = 1;
        app.exit(1);
    });

    // SIGINT/SIGTERM end the event loop so the server shuts down cleanly (queries interrupted).
    if (::socketpair(AF_UNIX, SOCK_STREAM, 0, signalPipe) == 0) {
        auto* notifier = new QSocketNotifier(signalPipe[0], QSocketNotifier::Read, &app);
        QObject::connect(notifier, &QSocketNotifier::activated, &app, [&app] { app.quit(); });
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
    }
    server.start();
    const int rc = app.exec();
    return exitCode != 0 ? exitCode : rc;
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("hogscope-server"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HOGSCOPE_VERSION));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Local PostHog-compatible server over a SQLite event store.\n\n"
        "Commands:\n"
        "  demo    Generate a deterministic demo store (--db, --events, --seed, --end-date)\n"
        "  import  Add PostHog export files (JSON Lines or CSV) to a store, created when missing\n"
        "          (--db, --events, --persons, --skip-bad); all or nothing unless --skip-bad\n"
        "  serve   Serve the PostHog API on 127.0.0.1 (--db, --port, --token, --workers, --listen-any,\n"
        "          and, for tests, fault injection and a request rate limit)"));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("command"), QStringLiteral("demo, import or serve"));
    parser.addOptions({
        {QStringLiteral("db"), QStringLiteral("SQLite store file."), QStringLiteral("file")},
        {QStringLiteral("events"),
         QStringLiteral("demo: number of events (default 50000). import: the events export file."),
         QStringLiteral("n|file")},
        {QStringLiteral("persons"),
         QStringLiteral("import: the persons export file (imported before the events)."),
         QStringLiteral("file")},
        {QStringLiteral("skip-bad"),
         QStringLiteral("import: leave out bad lines and report them, instead of importing nothing.")},
        {QStringLiteral("seed"), QStringLiteral("demo: random seed (default 1)."), QStringLiteral("s")},
        {QStringLiteral("end-date"), QStringLiteral("demo: last day of data (default 2026-03-31)."),
         QStringLiteral("date")},
        {QStringLiteral("port"), QStringLiteral("serve: TCP port, 0 = any free port (default 0)."),
         QStringLiteral("port")},
        {QStringLiteral("token"),
         QStringLiteral("serve: Bearer token clients must send (default: random, printed "
                        "on stderr)."),
         QStringLiteral("token")},
        {QStringLiteral("workers"), QStringLiteral("serve: query worker threads (default 2)."),
         QStringLiteral("n")},
        {QStringLiteral("throttle-us"),
         QStringLiteral("serve, for tests: sleep this many microseconds every 1000 SQLite steps."),
         QStringLiteral("us")},
        {QStringLiteral("listen-any"),
         QStringLiteral(
             "serve: listen on all interfaces, not only 127.0.0.1 (needs --token, 16+ characters).")},
        {QStringLiteral("fault-latency-ms"),
         QStringLiteral("serve, for tests: answer no sooner than this many milliseconds."),
         QStringLiteral("ms")},
        {QStringLiteral("fault-5xx-rate"),
         QStringLiteral("serve, for tests: share of requests answered 500, 502 or 503 (0..1)."),
         QStringLiteral("rate")},
        {QStringLiteral("fault-drop-rate"),
         QStringLiteral("serve, for tests: share of connections closed without an answer (0..1)."),
         QStringLiteral("rate")},
        {QStringLiteral("fault-truncate-rate"),
         QStringLiteral("serve, for tests: share of answers cut short (0..1)."), QStringLiteral("rate")},
        {QStringLiteral("fault-malformed-rate"),
         QStringLiteral("serve, for tests: share of answers sent whole but with a body that is not valid "
                        "JSON (0..1)."),
         QStringLiteral("rate")},
        {QStringLiteral("fault-slow-body-ms"),
         QStringLiteral("serve, for tests: send every body in pieces spread over this many milliseconds."),
         QStringLiteral("ms")},
        {QStringLiteral("rate-limit-per-minute"),
         QStringLiteral("serve, for tests: requests allowed per minute, then 429 as PostHog (0 = no limit)."),
         QStringLiteral("n")},
        {QStringLiteral("rate-limit-window-ms"),
         QStringLiteral("serve, for tests: the window of --rate-limit-per-minute in milliseconds (default "
                        "60000, PostHog's minute), so a test can wait out a 429."),
         QStringLiteral("ms")},
        {QStringLiteral("fault-seed"), QStringLiteral("serve, for tests: seed of the fault draws."),
         QStringLiteral("s")},
        {QStringLiteral("no-event-volumes"),
         QStringLiteral(
             "serve, for tests: event definitions say volume_30_day null, as PostHog does on plans "
             "without it.")},
    });
    parser.process(app);
    const QStringList args = parser.positionalArguments();
    if (args.size() != 1) {
        err(QStringLiteral("expected one command: demo, import or serve (see --help)"));
        return 2;
    }
    if (args.front() == QLatin1String("demo"))
        return runDemo(parser);
    if (args.front() == QLatin1String("import"))
        return runImport(parser);
    if (args.front() == QLatin1String("serve"))
        return runServe(app, parser);
    err(QStringLiteral("unknown command '%1' (see --help)").arg(args.front()));
    return 2;
}
