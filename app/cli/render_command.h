#pragma once

// `hogscope render (retention|stickiness|paths) --query FILE.json --out FILE.(png|svg|pdf)`: runs
// one insight query (demo backend or PostHog) and draws its chart into a file without a window,
// with the same painters and exporter as the insight tabs. Needs a QApplication (offscreen is fine).

#include "cli/run_target.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QSize>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <memory>

namespace hogscope::api {
class ApiClient;
class QueryScheduler;
struct ApiError;
struct Connection;
struct SchedulerLimits;
} // namespace hogscope::api
namespace hogscope::ui {
class InsightRunner;
}

namespace hogscope::cli {

class ProgressPrinter;

enum class InsightKind
{
    Retention,
    Stickiness,
    Paths,
};

struct RenderCommandOptions : RunTarget
{
    InsightKind kind = InsightKind::Retention;
    QJsonObject query; // the insight node from --query
    QString queryPath;
    QString outputPath;
    QString chart; // retention: "grid" (default) or "curve"
    QSize size;    // empty = the chart's own default
    int dpi = 96;
    QString title;
};

struct ParsedRenderCommand
{
    enum class Action
    {
        Run,
        Help,
        Error,
    };
    Action action = Action::Error;
    int exitCode = 2; // for Error: 2 for the command line, 1 for a query file that is not a query
    QString error;
    RenderCommandOptions options;
};

ParsedRenderCommand parseRenderCommand(const QStringList& arguments);
QString renderCommandHelp();

class RenderCommand : public QObject
{
    Q_OBJECT
public:
    explicit RenderCommand(RenderCommandOptions options, QObject* parent = nullptr);
    ~RenderCommand() override;

    void start();
    int exitCode() const { return m_exitCode; }

Q_SIGNALS:
    void finished(int exitCode);

private:
    void run(const api::Connection& connection, const api::SchedulerLimits& limits, const QString& project);
    void render(const QByteArray& body, const QDateTime& runAt);
    void onFailed(const api::ApiError& error);
    void fail(int exitCode, const QString& message);
    void finish(int exitCode);

    RenderCommandOptions m_options;
    ProgressPrinter* m_printer = nullptr;
    RunTargetConnector* m_connector = nullptr; // owns the demo backend: deleted after the client
    api::ApiClient* m_client = nullptr;
    api::QueryScheduler* m_scheduler = nullptr;
    ui::InsightRunner* m_runner = nullptr;
    QString m_project;
    int m_exitCode = -1;
};

// `hogscope render ...`: parses, runs the event loop of the QApplication, returns the exit code.
int runRenderCommand(const QStringList& arguments);

} // namespace hogscope::cli
