#include "cli/query_command.h"

#include "api/api_client.h"
#include "api/api_error.h"
#include "api/query_scheduler.h"
#include "cli/interrupt_notifier.h"
#include "cli/progress_printer.h"
#include "hogql/parser.h"
#include "model/result_table.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QSaveFile>
#include <QTextStream>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

namespace hogscope::cli {

namespace {

// Ctrl-C waits this long for the server to confirm the cancel before exiting anyway.
constexpr int kCancelGraceMs = 2000;

void printError(const QString& text)
{
    std::fprintf(stderr, "hogscope: %s\n", text.toLocal8Bit().constData());
    std::fflush(stderr);
}

QString kindText(api::ApiError::Kind kind)
{
    switch (kind) {
    case api::ApiError::Kind::Network:
        return QStringLiteral("network error");
    case api::ApiError::Kind::Auth:
        return QStringLiteral("authentication failed");
    case api::ApiError::Kind::Query:
        return QStringLiteral("query error");
    case api::ApiError::Kind::Server:
        return QStringLiteral("server error");
    case api::ApiError::Kind::Expired:
        return QStringLiteral("query expired");
    case api::ApiError::Kind::Throttled:
        return QStringLiteral("throttled");
    case api::ApiError::Kind::Cancelled:
        return QStringLiteral("cancelled");
    case api::ApiError::Kind::Decode:
        return QStringLiteral("unreadable answer");
    }
    return QStringLiteral("error");
}

} // namespace

QString queryCommandHelp()
{
    return QStringLiteral(
        "Usage: hogscope query [--demo | --host URL --project ID] [--format FORMAT] [--output FILE]\n"
        "                      (QUERY | --file FILE | -)\n"
        "\n"
        "Runs one HogQL query without a window and prints or saves the result. Progress goes to\n"
        "stderr; Ctrl-C cancels the query on the server.\n"
        "\n"
        "Connection (one of):\n"
        "  --demo               The built-in demo backend (its data is generated on first use).\n"
        "  --host URL           A PostHog instance: https://us.posthog.com, https://eu.posthog.com or\n"
        "                       a self-hosted URL (default: $HOGSCOPE_HOST).\n"
        "  --project ID         Project (environment) id on that host (default 1).\n"
        "  The API key comes from $POSTHOG_PERSONAL_API_KEY, else from the system keychain\n"
        "  (service \"Hogscope\", the host name as key).\n"
        "\n"
        "Query (one of):\n"
        "  QUERY                The HogQL text as one argument.\n"
        "  --file FILE          Read the query from FILE.\n"
        "  -                    Read the query from standard input.\n"
        "\n"
        "Output:\n"
        "  --format FORMAT      table, csv, tsv, json, jsonl or xlsx (default: from --output's\n"
        "                       extension, else table on a terminal and tsv otherwise).\n"
        "  --output FILE        Write to FILE instead of standard output (replaced only on success).\n"
        "  --no-formula-escape  Keep cells starting with = + - @ as they are in csv, tsv and xlsx\n"
        "                       (by default they get a ' so spreadsheets do not run them).\n"
        "  --max-width N        table: widest cell in columns (default 40).\n"
        "  --timeout SECONDS    Give up (and cancel on the server) after this long (default 606).\n"
        "  -q, --quiet          No progress, only errors.\n"
        "  -h, --help           This text.\n"
        "\n"
        "Exit status: 0 success, 1 query error (with the position in the query), 2 usage,\n"
        "3 network, authentication or throttling, 130 cancelled with Ctrl-C.\n");
}

ParsedQueryCommand parseQueryCommand(const QStringList& arguments)
{
    ParsedQueryCommand parsed;
    QueryCommandOptions& options = parsed.options;
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QString());
    const QCommandLineOption format(QStringLiteral("format"), QString(), QStringLiteral("FORMAT"));
    const QCommandLineOption output({QStringLiteral("o"), QStringLiteral("output")}, QString(),
                                    QStringLiteral("FILE"));
    const QCommandLineOption file({QStringLiteral("f"), QStringLiteral("file")}, QString(),
                                  QStringLiteral("FILE"));
    const QCommandLineOption noEscape(QStringLiteral("no-formula-escape"), QString());
    const QCommandLineOption maxWidth(QStringLiteral("max-width"), QString(), QStringLiteral("N"));
    const RunTargetOptions target;
    parser.addOptions({help, format, output, file, noEscape, maxWidth});
    parser.addOptions(target.options());
    parser.addPositionalArgument(QStringLiteral("query"), QString());

    // QCommandLineParser wants the program name first.
    if (!parser.parse(QStringList{QStringLiteral("hogscope query")} + arguments)) {
        parsed.error = parser.errorText();
        return parsed;
    }
    if (parser.isSet(help)) {
        parsed.action = ParsedQueryCommand::Action::Help;
        return parsed;
    }

    parsed.error = target.read(parser, options);
    if (!parsed.error.isEmpty())
        return parsed;
    bool ok = true;

    if (parser.isSet(format)) {
        options.format = parseOutputFormat(parser.value(format));
        if (!options.format) {
            parsed.error = QStringLiteral("unknown format \"%1\" (table, csv, tsv, json, jsonl or xlsx)")
                               .arg(parser.value(format));
            return parsed;
        }
    }
    options.outputPath = parser.value(output);
    if (options.outputPath == u"-")
        options.outputPath.clear();
    if (!options.format && !options.outputPath.isEmpty())
        options.format = outputFormatForFile(options.outputPath);
    if (parser.isSet(maxWidth)) {
        options.output.maxColumnWidth = parser.value(maxWidth).toInt(&ok);
        if (!ok || options.output.maxColumnWidth < 3) {
            parsed.error = QStringLiteral("--max-width needs a number of at least 3");
            return parsed;
        }
    }
    options.output.escapeFormulas = !parser.isSet(noEscape);

    // Exactly one query source.
    const QStringList positional = parser.positionalArguments();
    const int sources = int(positional.size()) + (parser.isSet(file) ? 1 : 0);
    if (sources == 0) {
        parsed.error = QStringLiteral("no query: give it as an argument, with --file FILE, or - for stdin");
        return parsed;
    }
    if (sources > 1) {
        parsed.error = positional.size() > 1
                           ? QStringLiteral("one query only (quote it: hogscope query \"SELECT ...\")")
                           : QStringLiteral("a query argument and --file exclude each other");
        return parsed;
    }
    if (parser.isSet(file)) {
        QFile in(parser.value(file));
        if (!in.open(QIODevice::ReadOnly)) {
            parsed.error = QStringLiteral("cannot read %1: %2").arg(parser.value(file), in.errorString());
            return parsed;
        }
        options.query = QString::fromUtf8(in.readAll());
    } else if (positional.front() == u"-") {
        QFile in;
        if (!in.open(stdin, QIODevice::ReadOnly)) {
            parsed.error = QStringLiteral("cannot read the query from standard input");
            return parsed;
        }
        options.query = QString::fromUtf8(in.readAll());
    } else {
        options.query = positional.front();
    }
    if (options.query.trimmed().isEmpty()) {
        parsed.error = QStringLiteral("the query is empty");
        return parsed;
    }
    parsed.action = ParsedQueryCommand::Action::Run;
    return parsed;
}

std::optional<int> errorOffset(const api::ApiError& error, const QString& query)
{
    if (error.start >= 0)
        return error.start;
    static const QRegularExpression atCharacter(QStringLiteral(R"(\bat character (\d+)\b)"));
    const QRegularExpressionMatch match = atCharacter.match(error.message);
    if (match.hasMatch())
        return match.captured(1).toInt();
    if (error.code != u"hogql_syntax_error")
        return std::nullopt;
    // PostHog's error bodies carry no position (spec §1.8): ask our own parser where it stumbles.
    const QByteArray utf8 = query.toUtf8();
    const hogql::ParseResult parsed =
        hogql::parseSelect(std::string_view(utf8.constData(), size_t(utf8.size())));
    if (parsed.errors.empty())
        return std::nullopt;
    const uint32_t bytes = std::min<uint32_t>(parsed.errors.front().begin, uint32_t(utf8.size()));
    int chars = 0;
    for (uint32_t i = 0; i < bytes; ++i)
        if ((static_cast<unsigned char>(utf8[qsizetype(i)]) & 0xC0) != 0x80)
            ++chars;
    return chars;
}

QString errorLocation(const QString& query, int offset)
{
    const QList<uint> text = query.toUcs4();
    offset = std::clamp<int>(offset, 0, int(text.size()));
    int lineStart = 0;
    int line = 1;
    for (int i = 0; i < offset; ++i) {
        if (text[i] == '\n') {
            ++line;
            lineStart = i + 1;
        }
    }
    int lineEnd = lineStart;
    while (lineEnd < text.size() && text[lineEnd] != '\n' && text[lineEnd] != '\r')
        ++lineEnd;
    const int column = offset - lineStart + 1;
    // Long lines: a window of the line around the position.
    constexpr int kBefore = 60;
    constexpr int kAfter = 40;
    const int from = std::max(lineStart, offset - kBefore);
    const int to = std::min(lineEnd, offset + kAfter);
    QString shown;
    QString caret;
    if (from > lineStart) {
        shown += QStringLiteral("…");
        caret += QLatin1Char(' ');
    }
    for (int i = from; i < to; ++i) {
        const char32_t c = text[i];
        shown += QString::fromUcs4(&c, 1);
        if (i < offset)
            caret += c == '\t' ? QLatin1Char('\t') : QLatin1Char(' ');
    }
    if (to < lineEnd)
        shown += QStringLiteral("…");
    caret += QLatin1Char('^');
    return QStringLiteral("  line %1, column %2:\n    %3\n    %4").arg(line).arg(column).arg(shown, caret);
}

int exitCodeFor(const api::ApiError& error)
{
    switch (error.kind) {
    case api::ApiError::Kind::Network:
    case api::ApiError::Kind::Auth:
    case api::ApiError::Kind::Throttled:
        return kExitConnection;
    case api::ApiError::Kind::Cancelled:
        return kExitInterrupted;
    case api::ApiError::Kind::Query:
    case api::ApiError::Kind::Server:
    case api::ApiError::Kind::Expired:
    case api::ApiError::Kind::Decode:
        return kExitQueryError;
    }
    return kExitQueryError;
}

// --- QueryCommand -----------------------------------------------------------------------------

QueryCommand::QueryCommand(QueryCommandOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{}

QueryCommand::~QueryCommand()
{
    // Order: the query (its job may still send a DELETE through the client), then the client,
    // then the backend it talks to.
    delete m_query.data();
    delete m_scheduler;
    delete m_client;
    delete m_connector;
}

void QueryCommand::start()
{
    const bool stdoutIsTerminal = ::isatty(STDOUT_FILENO) == 1;
    m_printer = new ProgressPrinter(stderr, ::isatty(STDERR_FILENO) == 1, m_options.quiet, this);
    m_interrupts = new InterruptNotifier(this);
    connect(m_interrupts, &InterruptNotifier::interrupted, this, &QueryCommand::onInterrupted);

    if (m_options.format)
        m_format = *m_options.format;
    else
        m_format =
            m_options.outputPath.isEmpty() && stdoutIsTerminal ? OutputFormat::Table : OutputFormat::Tsv;
    if (isBinary(m_format) && m_options.outputPath.isEmpty() && stdoutIsTerminal) {
        fail(kExitUsage,
             QStringLiteral("xlsx is a binary format: use --output FILE.xlsx or redirect stdout"));
        return;
    }
    if (!openOutput())
        return;
    m_connector = new RunTargetConnector(m_options, m_printer, this);
    connect(m_connector, &RunTargetConnector::connected, this,
            [this](const api::Connection& connection, const api::SchedulerLimits& limits, const QString&) {
                run(connection, limits);
            });
    connect(m_connector, &RunTargetConnector::failed, this,
            [this](const QString& message) { fail(kExitConnection, message); });
    m_connector->start();
}

bool QueryCommand::openOutput()
{
    if (m_options.outputPath.isEmpty()) {
        auto out = std::make_unique<QFile>();
        if (!out->open(stdout, QIODevice::WriteOnly)) {
            fail(kExitUsage, QStringLiteral("cannot write to standard output"));
            return false;
        }
        m_output = std::move(out);
        return true;
    }
    if (isBinary(m_format)) {
        // libxlsxwriter writes the file itself; check now that it can, before running the query.
        const QFileInfo info(m_options.outputPath);
        const QFileInfo dir(info.absolutePath());
        if (!dir.isDir() || !dir.isWritable() || (info.exists() && !info.isWritable())) {
            fail(kExitUsage, QStringLiteral("cannot write %1").arg(m_options.outputPath));
            return false;
        }
        return true;
    }
    // Written to a temporary file and renamed on success: a failed run leaves no half file.
    auto out = std::make_unique<QSaveFile>(m_options.outputPath);
    if (!out->open(QIODevice::WriteOnly)) {
        fail(kExitUsage, QStringLiteral("cannot write %1: %2").arg(m_options.outputPath, out->errorString()));
        return false;
    }
    m_output = std::move(out);
    return true;
}

void QueryCommand::run(const api::Connection& connection, const api::SchedulerLimits& limits)
{
    if (m_exitCode >= 0)
        return;
    m_client = new api::ApiClient(connection, this);
    m_scheduler = new api::QueryScheduler(*m_client, limits, this);
    api::QueryRequest request;
    request.query = QJsonObject{{QStringLiteral("kind"), QStringLiteral("HogQLQuery")},
                                {QStringLiteral("query"), m_options.query}};
    request.deadline = m_options.timeout;
    request.label = QStringLiteral("hogscope query");
    m_printer->status(QStringLiteral("submitting"));
    m_query = m_scheduler->submit(request, api::QueryPriority::User, this);
    connect(m_query, &api::ScheduledQuery::stateChanged, this, [this](api::ScheduledQuery::State state) {
        if (state == api::ScheduledQuery::State::Queued)
            m_printer->status(QStringLiteral("queued"));
        else if (state == api::ScheduledQuery::State::Running)
            m_printer->status(QStringLiteral("submitting"));
    });
    connect(m_query, &api::ScheduledQuery::progressChanged, m_printer, &ProgressPrinter::queryProgress);
    connect(m_query, &api::ScheduledQuery::throttled, this,
            [this](const api::ApiError& error, std::chrono::milliseconds wait) {
                m_printer->line(QStringLiteral("%1 Retrying in %2 s.")
                                    .arg(error.message)
                                    .arg(double(wait.count()) / 1000.0, 0, 'f', 1));
            });
    connect(m_query, &api::ScheduledQuery::succeeded, this, &QueryCommand::onSucceeded);
    connect(m_query, &api::ScheduledQuery::failed, this, &QueryCommand::onFailed);
}

void QueryCommand::onSucceeded(const api::QueryResult& result)
{
    if (m_exitCode >= 0)
        return;
    m_printer->clear();
    QString error;
    const bool toFile = !m_options.outputPath.isEmpty();
    const QString xlsxPath = toFile && isBinary(m_format) ? m_options.outputPath : QString();
    if (!writeResult(result, m_format, m_options.output, m_output.get(), xlsxPath, &error)) {
        fail(kExitQueryError, error);
        return;
    }
    if (auto* save = dynamic_cast<QSaveFile*>(m_output.get()); save && !save->commit()) {
        fail(kExitQueryError,
             QStringLiteral("cannot save %1: %2").arg(m_options.outputPath, save->errorString()));
        return;
    }
    if (m_output)
        m_output->flush();
    const int rows = result.table ? result.table->rowCount() : 0;
    if (result.hasMore)
        m_printer->line(
            QStringLiteral("hogscope: the server has more rows than these %1; add a LIMIT (PostHog "
                           "returns up to 50000) to get them.")
                .arg(rows),
            true);
    if (m_format != OutputFormat::Table || toFile)
        m_printer->line(
            QStringLiteral("%1 %2 in %3 s%4")
                .arg(rows)
                .arg(rows == 1 ? QStringLiteral("row") : QStringLiteral("rows"))
                .arg(result.elapsedSeconds, 0, 'f', 2)
                .arg(toFile ? QStringLiteral(", written to %1").arg(m_options.outputPath) : QString()));
    finish(kExitOk);
}

void QueryCommand::onFailed(const api::ApiError& error)
{
    if (m_exitCode >= 0)
        return;
    QString text = QStringLiteral("%1: %2").arg(kindText(error.kind), error.message);
    if (!error.code.isEmpty() && error.kind == api::ApiError::Kind::Query)
        text = QStringLiteral("%1 (%2): %3").arg(kindText(error.kind), error.code, error.message);
    if (error.kind == api::ApiError::Kind::Query) {
        if (const std::optional<int> offset = errorOffset(error, m_options.query))
            text += u'\n' + errorLocation(m_options.query, *offset);
    }
    fail(exitCodeFor(error), text);
}

void QueryCommand::onInterrupted(int count)
{
    if (m_exitCode >= 0)
        return;
    if (count > 1 || !m_query || m_query->isFinished()) {
        // Nothing runs on a server (or the user insists): leave now.
        fail(kExitInterrupted, QStringLiteral("interrupted"));
        return;
    }
    m_printer->clear();
    m_printer->line(QStringLiteral("Cancelling query %1 on the server… (Ctrl-C again to quit at once)")
                        .arg(m_query->queryId()),
                    true);
    // Connected before the cancel goes out, so its answer cannot be missed.
    connect(m_query, &api::ScheduledQuery::serverCancelFinished, this, [this](bool confirmed) {
        if (!confirmed)
            m_printer->line(QStringLiteral("The server did not confirm the cancel."), true);
        fail(kExitInterrupted, QStringLiteral("cancelled"));
    });
    if (!m_query->cancel()) {
        fail(kExitInterrupted, QStringLiteral("cancelled")); // it was only queued: nothing to tell
        return;
    }
    m_cancelTimeout = new QTimer(this);
    m_cancelTimeout->setSingleShot(true);
    connect(m_cancelTimeout, &QTimer::timeout, this, [this] {
        m_printer->line(QStringLiteral("No answer to the cancel within 2 s."), true);
        fail(kExitInterrupted, QStringLiteral("cancelled"));
    });
    m_cancelTimeout->start(kCancelGraceMs);
}

void QueryCommand::fail(int exitCode, const QString& message)
{
    if (m_exitCode >= 0)
        return;
    if (m_printer)
        m_printer->clear();
    printError(message);
    finish(exitCode);
}

void QueryCommand::finish(int exitCode)
{
    if (m_exitCode >= 0)
        return;
    m_exitCode = exitCode;
    if (m_printer)
        m_printer->clear();
    if (exitCode != kExitOk) {
        if (auto* save = dynamic_cast<QSaveFile*>(m_output.get()))
            save->cancelWriting();
    }
    Q_EMIT finished(exitCode);
}

int runQueryCommand(const QStringList& arguments)
{
    const ParsedQueryCommand parsed = parseQueryCommand(arguments);
    switch (parsed.action) {
    case ParsedQueryCommand::Action::Help:
        std::fputs(queryCommandHelp().toLocal8Bit().constData(), stdout);
        return kExitOk;
    case ParsedQueryCommand::Action::Error:
        printError(QStringLiteral("%1\nRun 'hogscope query --help' for the options.").arg(parsed.error));
        return kExitUsage;
    case ParsedQueryCommand::Action::Run:
        break;
    }
    // The library's diagnostics are for developers (QT_LOGGING_RULES turns them back on); the user
    // gets the progress and error lines.
    QLoggingCategory::setFilterRules(QStringLiteral("hogscope.*.debug=false\nhogscope.*.info=false"));
    QueryCommand command(parsed.options);
    QObject::connect(&command, &QueryCommand::finished, QCoreApplication::instance(),
                     [](int exitCode) { QCoreApplication::exit(exitCode); });
    QTimer::singleShot(0, &command, &QueryCommand::start);
    const int code = QCoreApplication::exec();
    return command.exitCode() >= 0 ? command.exitCode() : code;
}

} // namespace hogscope::cli
