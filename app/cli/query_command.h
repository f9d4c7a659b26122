#pragma once

#include "cli/output_format.h"
#include "cli/run_target.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <memory>
#include <optional>

class QFileDevice;
class QTimer;

namespace hogscope::api {
class ApiClient;
class QueryScheduler;
class ScheduledQuery;
struct ApiError;
struct Connection;
struct QueryResult;
struct SchedulerLimits;
} // namespace hogscope::api
namespace hogscope::cli {

class InterruptNotifier;
class ProgressPrinter;

// Exit statuses of `hogscope query` (documented in its --help).
enum ExitCode : int
{
    kExitOk = 0,
    kExitQueryError = 1, // the query failed: syntax or semantic error, server error, output not written
    kExitUsage = 2,      // bad command line, unreadable query file, unwritable output
    kExitConnection = 3, // network, authentication, throttling, backend that did not start
    kExitInterrupted = 130,
};

// Everything `hogscope query` was asked to do.
struct QueryCommandOptions : RunTarget
{
    std::optional<OutputFormat> format; // nullopt = from --output's extension, else table/tsv
    QString outputPath;                 // empty = stdout
    QString query;
    OutputOptions output;
};

struct ParsedQueryCommand
{
    enum class Action
    {
        Run,
        Help,
        Error,
    };
    Action action = Action::Error;
    QString error; // for Error: what is wrong, one line
    QueryCommandOptions options;
};

// Parses the arguments after "query" (environment: HOGSCOPE_HOST as default --host). Reads the
// query from --file or stdin ("-") here, so a missing file is a usage error before any network.
ParsedQueryCommand parseQueryCommand(const QStringList& arguments);
QString queryCommandHelp();

// Where in the query an error points, for "line 2, column 8" and a caret: the server's offsets,
// the "(at character N)" of hogscope-server's messages, else our own parser's first syntax error.
// Offsets count code points. nullopt when nothing points anywhere.
std::optional<int> errorOffset(const api::ApiError& error, const QString& query);
// "  line 1, column 8:\n  SELECT FROM events\n         ^" for an offset into `query`.
QString errorLocation(const QString& query, int offset);
int exitCodeFor(const api::ApiError& error);

// One run of `hogscope query`: connect (demo backend or PostHog with a key), submit through the
// QueryScheduler, show progress on stderr, write the result, and finish with an ExitCode. Ctrl-C
// cancels the query on the server and finishes with 130 once the server confirmed (or after 2 s).
class QueryCommand : public QObject
{
    Q_OBJECT
public:
    explicit QueryCommand(QueryCommandOptions options, QObject* parent = nullptr);
    ~QueryCommand() override;

    void start();
    int exitCode() const { return m_exitCode; }

Q_SIGNALS:
    void finished(int exitCode);

private:
    bool openOutput();
    void run(const api::Connection& connection, const api::SchedulerLimits& limits);
    void onSucceeded(const api::QueryResult& result);
    void onFailed(const api::ApiError& error);
    void onInterrupted(int count);
    void fail(int exitCode, const QString& message);
    void finish(int exitCode);

    QueryCommandOptions m_options;
    OutputFormat m_format = OutputFormat::Tsv;
    std::unique_ptr<QFileDevice> m_output; // stdout or a QSaveFile; null for XLSX to a file
    ProgressPrinter* m_printer = nullptr;
    InterruptNotifier* m_interrupts = nullptr;
    RunTargetConnector* m_connector = nullptr; // owns the demo backend: deleted after the client
    api::ApiClient* m_client = nullptr;
    api::QueryScheduler* m_scheduler = nullptr;
    QPointer<api::ScheduledQuery> m_query;
    QTimer* m_cancelTimeout = nullptr;
    int m_exitCode = -1;
};

// `hogscope query ...` on a QCoreApplication: parses, runs the event loop, returns the exit code.
int runQueryCommand(const QStringList& arguments);

} // namespace hogscope::cli
