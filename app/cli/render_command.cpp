#include "cli/render_command.h"

#include "api/api_client.h"
#include "api/api_error.h"
#include "api/insight_results.h"
#include "api/query_scheduler.h"
#include "cli/progress_printer.h"
#include "cli/query_command.h"
#include "model/paths_graph.h"
#include "model/retention_grid_model.h"
#include "model/stickiness_model.h"
#include "ui/charts/chart_exporter.h"
#include "ui/charts/qt_chart_adapter.h"
#include "ui/insights/bar_chart_view.h"
#include "ui/insights/insight_runner.h"
#include "ui/insights/paths_tab.h"
#include "ui/insights/paths_view.h"
#include "ui/insights/retention_grid_view.h"
#include "ui/insights/retention_tab.h"
#include "ui/insights/stickiness_tab.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QRegularExpression>
#include <QTimer>

#include <cstdio>
#include <unistd.h>

namespace hogscope::cli {

namespace {

void printError(const QString& text)
{
    std::fprintf(stderr, "hogscope: %s\n", text.toLocal8Bit().constData());
    std::fflush(stderr);
}

QString kindName(InsightKind kind)
{
    switch (kind) {
    case InsightKind::Retention:
        return QStringLiteral("RetentionQuery");
    case InsightKind::Stickiness:
        return QStringLiteral("StickinessQuery");
    case InsightKind::Paths:
        return QStringLiteral("PathsQuery");
    }
    return QString();
}

} // namespace

QString renderCommandHelp()
{
    return QStringLiteral(
        "Usage: hogscope render (retention | stickiness | paths) --query FILE.json\n"
        "                       [--demo | --host URL --project ID] --out FILE.(png|svg|pdf)\n"
        "\n"
        "Runs one insight query without a window and draws its chart into a file: the retention\n"
        "grid (or curve), the stickiness bars, or the paths diagram, as the insight tabs show them.\n"
        "\n"
        "Query:\n"
        "  --query FILE         A JSON file with the insight query: a RetentionQuery, StickinessQuery\n"
        "                       or PathsQuery node as PostHog takes it (or {\"query\": node}).\n"
        "\n"
        "Connection (one of):\n"
        "  --demo               The built-in demo backend (its data is generated on first use).\n"
        "  --host URL           A PostHog instance (default: $HOGSCOPE_HOST).\n"
        "  --project ID         Project (environment) id on that host (default 1).\n"
        "  The API key comes from $POSTHOG_PERSONAL_API_KEY, else from the system keychain.\n"
        "\n"
        "Output:\n"
        "  --out FILE           The file to write; .png, .svg or .pdf says the format. Titles and\n"
        "                       the query go into the file's metadata.\n"
        "  --chart CHART        retention only: grid (the cohort heatmap, default) or curve.\n"
        "  --size WxH           Size in pixels (default: what suits the chart, e.g. 1200x700).\n"
        "  --dpi N              Resolution of PNG and PDF (default 96).\n"
        "  --title TEXT         The title in the file's metadata (default: the chart's name).\n"
        "  --timeout SECONDS    Give up, and cancel the query on the server, after this long.\n"
        "  -q, --quiet          No progress, only errors.\n"
        "  -h, --help           This text.\n"
        "\n"
        "Exit status: 0 success, 1 query error or a query file that is not such a query,\n"
        "2 usage (bad command line, unreadable query file, unwritable output),\n"
        "3 network, authentication or throttling.\n");
}

ParsedRenderCommand parseRenderCommand(const QStringList& arguments)
{
    ParsedRenderCommand parsed;
    RenderCommandOptions& options = parsed.options;
    QCommandLineParser parser;
    parser.setSingleDashWordOptionMode(QCommandLineParser::ParseAsLongOptions);
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")}, QString());
    const QCommandLineOption query(QStringLiteral("query"), QString(), QStringLiteral("FILE"));
    const QCommandLineOption out({QStringLiteral("o"), QStringLiteral("out")}, QString(),
                                 QStringLiteral("FILE"));
    const QCommandLineOption chart(QStringLiteral("chart"), QString(), QStringLiteral("CHART"));
    const QCommandLineOption size(QStringLiteral("size"), QString(), QStringLiteral("WxH"));
    const QCommandLineOption dpi(QStringLiteral("dpi"), QString(), QStringLiteral("N"));
    const QCommandLineOption title(QStringLiteral("title"), QString(), QStringLiteral("TEXT"));
    const RunTargetOptions target;
    parser.addOptions({help, query, out, chart, size, dpi, title});
    parser.addOptions(target.options());
    parser.addPositionalArgument(QStringLiteral("insight"), QString());
    if (!parser.parse(QStringList{QStringLiteral("hogscope render")} + arguments)) {
        parsed.error = parser.errorText();
        return parsed;
    }
    if (parser.isSet(help)) {
        parsed.action = ParsedRenderCommand::Action::Help;
        return parsed;
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 1) {
        parsed.error = positional.isEmpty()
                           ? QStringLiteral("say what to render: retention, stickiness or paths")
                           : QStringLiteral("one insight only: retention, stickiness or paths");
        return parsed;
    }
    const QString kind = positional.front();
    if (kind == u"retention")
        options.kind = InsightKind::Retention;
    else if (kind == u"stickiness")
        options.kind = InsightKind::Stickiness;
    else if (kind == u"paths")
        options.kind = InsightKind::Paths;
    else {
        parsed.error = QStringLiteral("unknown insight \"%1\" (retention, stickiness or paths)").arg(kind);
        return parsed;
    }

    parsed.error = target.read(parser, options);
    if (!parsed.error.isEmpty())
        return parsed;
    bool ok = true;

    options.outputPath = parser.value(out);
    if (options.outputPath.isEmpty()) {
        parsed.error = QStringLiteral("say where to write the chart: --out FILE.png, .svg or .pdf");
        return parsed;
    }
    ui::ChartFormat format;
    if (!ui::chartFormatFromFileName(options.outputPath, format)) {
        parsed.error =
            QStringLiteral("%1: the file name must end in .png, .svg or .pdf").arg(options.outputPath);
        return parsed;
    }
    options.chart = parser.value(chart);
    if (!options.chart.isEmpty()) {
        if (options.kind != InsightKind::Retention) {
            parsed.error = QStringLiteral("--chart is for retention only (grid or curve)");
            return parsed;
        }
        if (options.chart != u"grid" && options.chart != u"curve") {
            parsed.error = QStringLiteral("unknown chart \"%1\" (grid or curve)").arg(options.chart);
            return parsed;
        }
    }
    if (parser.isSet(size)) {
        static const QRegularExpression pattern(QStringLiteral("^(\\d{2,5})[xX](\\d{2,5})$"));
        const QRegularExpressionMatch match = pattern.match(parser.value(size));
        if (!match.hasMatch()) {
            parsed.error = QStringLiteral("--size needs WIDTHxHEIGHT in pixels, such as 1200x700");
            return parsed;
        }
        options.size = QSize(match.captured(1).toInt(), match.captured(2).toInt());
    }
    if (parser.isSet(dpi)) {
        options.dpi = parser.value(dpi).toInt(&ok);
        if (!ok || options.dpi < 36 || options.dpi > 1200) {
            parsed.error = QStringLiteral("--dpi needs a number from 36 to 1200");
            return parsed;
        }
    }
    options.title = parser.value(title);

    // The query file: unreadable is a usage error; readable but not the right query is exit 1.
    options.queryPath = parser.value(query);
    if (options.queryPath.isEmpty()) {
        parsed.error = QStringLiteral("give the insight query: --query FILE.json");
        return parsed;
    }
    QFile file(options.queryPath);
    if (!file.open(QIODevice::ReadOnly)) {
        parsed.error = QStringLiteral("cannot read %1: %2").arg(options.queryPath, file.errorString());
        return parsed;
    }
    QJsonParseError jsonError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &jsonError);
    parsed.exitCode = kExitQueryError;
    if (jsonError.error != QJsonParseError::NoError) {
        parsed.error = QStringLiteral("%1 is not valid JSON: %2 (at byte %3)")
                           .arg(options.queryPath, jsonError.errorString())
                           .arg(jsonError.offset);
        return parsed;
    }
    QJsonObject node = document.object();
    if (node.value(QStringLiteral("query")).isObject())
        node = node.value(QStringLiteral("query")).toObject();
    const QString expected = kindName(options.kind);
    const QString actual = node.value(QStringLiteral("kind")).toString();
    if (!document.isObject() || actual != expected) {
        parsed.error = QStringLiteral("%1 holds %2, but 'hogscope render %3' needs a %4 (an object with "
                                      "\"kind\": \"%4\")")
                           .arg(options.queryPath,
                                !document.isObject() ? QStringLiteral("no JSON object")
                                : actual.isEmpty()   ? QStringLiteral("a query without a \"kind\"")
                                                     : QStringLiteral("a %1").arg(actual),
                                kind, expected);
        return parsed;
    }
    options.query = node;
    parsed.exitCode = kExitOk;
    parsed.action = ParsedRenderCommand::Action::Run;
    return parsed;
}

RenderCommand::RenderCommand(RenderCommandOptions options, QObject* parent)
    : QObject(parent)
    , m_options(std::move(options))
{}

RenderCommand::~RenderCommand()
{
    // The query first (it may still send a DELETE through the client), then the client, then the backend.
    delete m_runner;
    delete m_scheduler;
    delete m_client;
    delete m_connector;
}

void RenderCommand::start()
{
    m_printer = new ProgressPrinter(stderr, ::isatty(STDERR_FILENO) == 1, m_options.quiet, this);
    // Fail before the query when the output cannot be written.
    const QFileInfo info(m_options.outputPath);
    const QFileInfo dir(info.absolutePath());
    if (!dir.isDir() || !dir.isWritable() || (info.exists() && !info.isWritable())) {
        fail(kExitUsage, QStringLiteral("cannot write %1").arg(m_options.outputPath));
        return;
    }
    m_connector = new RunTargetConnector(m_options, m_printer, this);
    connect(m_connector, &RunTargetConnector::connected, this, &RenderCommand::run);
    connect(m_connector, &RunTargetConnector::failed, this,
            [this](const QString& message) { fail(kExitConnection, message); });
    m_connector->start();
}

void RenderCommand::run(const api::Connection& connection, const api::SchedulerLimits& limits,
                        const QString& project)
{
    if (m_exitCode >= 0)
        return;
    m_project = project;
    m_client = new api::ApiClient(connection, this);
    m_scheduler = new api::QueryScheduler(*m_client, limits, this);
    m_runner = new ui::InsightRunner(this);
    m_runner->setScheduler(m_scheduler);
    m_runner->setDeadline(m_options.timeout);
    connect(m_runner, &ui::InsightRunner::progressChanged, this,
            [this](const QString& text) { m_printer->status(text); });
    connect(m_runner, &ui::InsightRunner::succeeded, this,
            [this](const QByteArray& body, const QDateTime& runAt, quint64) { render(body, runAt); });
    connect(m_runner, &ui::InsightRunner::failed, this,
            [this](const api::ApiError& error, quint64) { onFailed(error); });
    m_runner->run(m_options.query, QStringLiteral("hogscope render"));
}

void RenderCommand::onFailed(const api::ApiError& error)
{
    QString text = error.message;
    if (!error.code.isEmpty())
        text = QStringLiteral("%1 (%2)").arg(text, error.code);
    fail(exitCodeFor(error), QStringLiteral("the query failed: %1").arg(text));
}

void RenderCommand::render(const QByteArray& body, const QDateTime& runAt)
{
    if (m_exitCode >= 0)
        return;
    m_printer->clear();
    ui::ChartExportMetadata metadata;
    metadata.query = QString::fromUtf8(QJsonDocument(m_options.query).toJson(QJsonDocument::Indented));
    metadata.project = m_project;
    metadata.runAt = runAt;
    QSize size(1200, 700);
    std::function<void(QPainter&, const QRectF&)> paint;
    // What the painters draw from; kept alive until the export below is done.
    std::unique_ptr<model::RetentionGridModel> grid;
    std::unique_ptr<ui::QtChartAdapter> curve;
    std::unique_ptr<ui::PathsScene> scene;
    ui::BarChartPainter bars;

    switch (m_options.kind) {
    case InsightKind::Retention: {
        const auto response = api::decodeRetentionResponse(body);
        if (response.outcome != decltype(response)::Outcome::Completed)
            return fail(kExitQueryError, response.error.message);
        grid = std::make_unique<model::RetentionGridModel>();
        grid->setGrid(ui::retentionGridFrom(response.result, m_options.query));
        const model::RetentionGrid& g = grid->grid();
        if (m_options.chart == u"curve") {
            metadata.title = QStringLiteral("Retention curve");
            QList<int> none;
            curve = std::make_unique<ui::QtChartAdapter>(nullptr);
            curve->setChart(ui::retentionCurveChart(g, none, model::RetentionMean::Weighted),
                            model::ChartKind::Line,
                            QStringLiteral("Retention curve: % of the cohort counted in each %1")
                                .arg(g.period.toLower()));
            ui::QtChartAdapter* adapter = curve.get();
            paint = [adapter](QPainter& painter, const QRectF& target) { adapter->render(painter, target); };
        } else {
            metadata.title = QStringLiteral("Retention by %1 cohort").arg(g.period.toLower());
            const QString subtitle =
                QStringLiteral(
                    "Persons who did %1%2, and the share of them who came back to do %3 in each %4 after.")
                    .arg(g.targetEvent, g.firstTime ? QStringLiteral(" for the first time") : QString(),
                         g.returningEvent, g.period.toLower());
            model::RetentionGridModel* model = grid.get();
            const QString title = metadata.title;
            paint = [model, title, subtitle](QPainter& painter, const QRectF& target) {
                ui::paintRetentionGrid(painter, target, *model, title, subtitle);
            };
            size = QSize(1200, std::clamp(140 + 30 * grid->rowCount(), 400, 1600));
        }
        break;
    }
    case InsightKind::Stickiness: {
        const auto response = api::decodeStickinessResponse(body);
        if (response.outcome != decltype(response)::Outcome::Completed)
            return fail(kExitQueryError, response.error.message);
        const model::StickinessData data = ui::stickinessDataFrom(response.result, m_options.query);
        metadata.title = data.cumulative
                             ? QStringLiteral("Persons by number of active %1s, or more").arg(data.interval)
                             : QStringLiteral("Persons by number of active %1s").arg(data.interval);
        bars.setData(model::stickinessChart(data), metadata.title, QStringLiteral("Persons"));
        paint = [bars](QPainter& painter, const QRectF& target) { bars.paint(painter, target); };
        break;
    }
    case InsightKind::Paths: {
        const auto response = api::decodePathsResponse(body);
        if (response.outcome != decltype(response)::Outcome::Completed)
            return fail(kExitQueryError, response.error.message);
        scene = std::make_unique<ui::PathsScene>();
        scene->setGraph(ui::pathsGraphFrom(response.result));
        const QString host = scene->graph().commonHost;
        metadata.title =
            host.isEmpty() ? QStringLiteral("Paths") : QStringLiteral("Paths · pages of %1").arg(host);
        scene->setTitle(metadata.title);
        ui::PathsScene* s = scene.get();
        paint = [s](QPainter& painter, const QRectF& target) { s->renderTo(painter, target); };
        size = QSize(std::clamp(int(s->sceneRect().width()) + 16, 600, 4000),
                     std::clamp(int(s->sceneRect().height()) + 48, 400, 4000));
        break;
    }
    }
    if (!m_options.title.isEmpty())
        metadata.title = m_options.title;
    if (m_options.size.isValid())
        size = m_options.size;
    ui::ChartFormat format = ui::ChartFormat::Png;
    ui::chartFormatFromFileName(m_options.outputPath, format);
    const QString error =
        ui::ChartExporter(paint, metadata).exportToFile(m_options.outputPath, format, size, m_options.dpi);
    if (!error.isEmpty())
        return fail(kExitUsage, error);
    m_printer->line(
        QStringLiteral("%1 written (%2×%3)").arg(m_options.outputPath).arg(size.width()).arg(size.height()));
    finish(kExitOk);
}

void RenderCommand::fail(int exitCode, const QString& message)
{
    if (m_exitCode >= 0)
        return;
    if (m_printer)
        m_printer->clear();
    printError(message);
    finish(exitCode);
}

void RenderCommand::finish(int exitCode)
{
    if (m_exitCode >= 0)
        return;
    m_exitCode = exitCode;
    if (m_printer)
        m_printer->clear();
    Q_EMIT finished(exitCode);
}

int runRenderCommand(const QStringList& arguments)
{
    const ParsedRenderCommand parsed = parseRenderCommand(arguments);
    switch (parsed.action) {
    case ParsedRenderCommand::Action::Help:
        std::fputs(renderCommandHelp().toLocal8Bit().constData(), stdout);
        return kExitOk;
    case ParsedRenderCommand::Action::Error:
        if (parsed.exitCode == kExitUsage)
            printError(QStringLiteral("%1\nRun 'hogscope render --help' for the options.").arg(parsed.error));
        else
            printError(parsed.error);
        return parsed.exitCode;
    case ParsedRenderCommand::Action::Run:
        break;
    }
    QLoggingCategory::setFilterRules(QStringLiteral("hogscope.*.debug=false\nhogscope.*.info=false"));
    RenderCommand command(parsed.options);
    QObject::connect(&command, &RenderCommand::finished, QCoreApplication::instance(),
                     [](int exitCode) { QCoreApplication::exit(exitCode); });
    QTimer::singleShot(0, &command, &RenderCommand::start);
    const int code = QCoreApplication::exec();
    return command.exitCode() >= 0 ? command.exitCode() : code;
}

} // namespace hogscope::cli
