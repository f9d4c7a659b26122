// The hogscope executable: `hogscope query ...` runs the window-less verb on a QCoreApplication;
// anything else is the desktop app (command line in, window and controller out).

#include "cli/query_command.h"
#include "cli/render_command.h"
#include "ui/app_controller.h"
#include "ui/main_window.h"
#include "ui/screenshot_runner.h"
#include "workspace/settings.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QIcon>

#include <cstring>
#include <memory>

int main(int argc, char* argv[])
{
    // The same names for both: the demo store and settings live in the same places.
    QCoreApplication::setOrganizationName(QStringLiteral("hogscope"));
    QCoreApplication::setOrganizationDomain(QStringLiteral("hogscope.io"));
    QCoreApplication::setApplicationName(QStringLiteral("hogscope"));
    QCoreApplication::setApplicationVersion(QStringLiteral(HOGSCOPE_VERSION));

    if (argc > 1 && std::strcmp(argv[1], "query") == 0) {
        // No display needed: a terminal, a script or a CI job.
        QCoreApplication app(argc, argv);
        return hogscope::cli::runQueryCommand(QCoreApplication::arguments().mid(2));
    }
    if (argc > 1 && std::strcmp(argv[1], "render") == 0) {
        // Charts are drawn with Qt's painters (and Qt Charts' widgets) but never shown: no display.
        if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
            qputenv("QT_QPA_PLATFORM", "offscreen");
        QApplication app(argc, argv);
        return hogscope::cli::runRenderCommand(QCoreApplication::arguments().mid(2));
    }

    QApplication::setApplicationDisplayName(QStringLiteral("Hogscope"));
    QApplication::setDesktopFileName(QStringLiteral("io.hogscope.Hogscope"));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Native desktop explorer for PostHog data.\n\n"
                       "Without a window: hogscope query [--demo | --host URL --project ID] QUERY\n"
                       "(see hogscope query --help), and\n"
                       "hogscope render (retention|stickiness|paths) --query FILE.json --out FILE\n"
                       "(see hogscope render --help)."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption demo(QStringLiteral("demo"),
                                  QStringLiteral("Run on the embedded backend with generated demo data."));
    const QCommandLineOption host(
        QStringLiteral("host"),
        QStringLiteral("PostHog instance, e.g. https://eu.posthog.com (API key from "
                       "POSTHOG_PERSONAL_API_KEY)."),
        QStringLiteral("URL"));
    const QCommandLineOption project(QStringLiteral("project"), QStringLiteral("Project (environment) id."),
                                     QStringLiteral("ID"), QStringLiteral("1"));
    const QCommandLineOption screenshot(QStringLiteral("screenshot"),
                                        QStringLiteral("Once connected (and --run-query done), save the "
                                                       "window as PNG to FILE and quit."),
                                        QStringLiteral("FILE"));
    const QCommandLineOption runQuery(QStringLiteral("run-query"),
                                      QStringLiteral("With --screenshot: the HogQL query to run first."),
                                      QStringLiteral("HOGQL"));
    const QCommandLineOption screenshotView(
        QStringLiteral("screenshot-view"),
        QStringLiteral("With --screenshot: open this view first instead of running a query: persons, "
                       "retention, stickiness or paths."),
        QStringLiteral("VIEW"));
    parser.addOptions({demo, host, project, screenshot, runQuery, screenshotView});
    // --help and --version must work without a display: answer them from a QCoreApplication.
    for (int i = 1; i < argc; ++i) {
        const QByteArray arg(argv[i]);
        if (arg == "-h" || arg == "--help" || arg == "--help-all" || arg == "-v" || arg == "--version") {
            QCoreApplication core(argc, argv);
            parser.process(core);
            return 0;
        }
    }

    QApplication app(argc, argv);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/hogscope.svg")));
    parser.process(app); // after QApplication has taken its own options (-platform, -style, ...)

    hogscope::ui::LaunchOptions options;
    options.demo = parser.isSet(demo);
    if (parser.isSet(host))
        options.host = QUrl::fromUserInput(parser.value(host));
    options.projectId = parser.value(project);
    options.apiKey = qgetenv("POSTHOG_PERSONAL_API_KEY");

    hogscope::workspace::Settings settings;
    hogscope::ui::MainWindow window(settings);
    hogscope::ui::AppController controller(options, settings, window);

    std::unique_ptr<hogscope::ui::ScreenshotRunner> runner;
    if (parser.isSet(screenshot)) {
        runner = std::make_unique<hogscope::ui::ScreenshotRunner>(
            controller, window, parser.value(screenshot), parser.value(runQuery),
            parser.isSet(screenshotView) ? parser.value(screenshotView) + QStringLiteral("Action")
                                         : QString());
        QObject::connect(runner.get(), &hogscope::ui::ScreenshotRunner::done, &app,
                         [](int exitCode) { QCoreApplication::exit(exitCode); });
    }

    window.show();
    controller.start();
    return QApplication::exec();
}
