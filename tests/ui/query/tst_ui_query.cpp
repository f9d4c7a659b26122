// GUI tests of the query window: typing, running, cancelling and syntax errors, against a real
// embedded server on loopback with a small generated demo store.

#include "ui/app_controller.h"
#include "ui/charts/chart_panel.h"
#include "ui/command_palette.h"
#include "ui/connection_banner.h"
#include "ui/editor_completion.h"
#include "ui/history_panel.h"
#include "ui/hogql_editor.h"
#include "ui/hogql_lexer.h"
#include "ui/main_window.h"
#include "ui/query_tab.h"
#include "ui/results_view.h"
#include "ui/schema_sidebar.h"
#include "ui/variables_panel.h"

#include "api/api_client.h"
#include "api/query_scheduler.h"
#include "local/demo_generator.h"
#include "local/embedded_server.h"
#include "model/result_table_model.h"
#include "workspace/draft_journal.h"
#include "workspace/run_history.h"
#include "workspace/settings.h"
#include "workspace/workspace_store.h"

#include <QComboBox>
#include <QFile>
#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <QTreeWidgetItemIterator>

#include <limits>

#include <memory>

using namespace hogscope;

namespace {

const QByteArray kToken = QByteArrayLiteral("ui-test-token");
constexpr int kDemoEvents = 3000;
constexpr int kQueryTimeoutMs = 60000;

// Starts an embedded server on the store and waits (through the test's own loop) for its URL.
std::unique_ptr<local::EmbeddedServer> startServer(const QString& store, qint64 throttleMicros, QUrl* url)
{
    local::ServerOptions options;
    options.databasePath = store;
    options.token = kToken;
    options.throttleMicros = throttleMicros;
    auto server = std::make_unique<local::EmbeddedServer>(options);
    QSignalSpy started(server.get(), &local::EmbeddedServer::started);
    QSignalSpy failed(server.get(), &local::EmbeddedServer::failed);
    server->start();
    if (!QTest::qWaitFor([&] { return started.count() > 0 || failed.count() > 0; }, 20000) ||
        started.isEmpty())
        return nullptr;
    *url = started.first().first().toUrl();
    return server;
}

} // namespace

class TestUiQuery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void settingsRoundTrip();
    void runsStatementWithCtrlEnter();
    void escapeCancelsRunningQuery();
    void secondRunWaitsForAFreeSlot();
    void syntaxErrorShowsIndicator_data();
    void syntaxErrorShowsIndicator();
    void serverErrorIsInline();
    void statementAtCursor_data();
    void statementAtCursor();
    void lexerStylesTokens();
    void notConnectedShowsHowToConnect();
    void demoControllerGeneratesAndConnects();
    void runsAreRecordedInHistory();
    void runAllRunsEveryStatementInTurn();
    void savesAndOpensQueryFiles();
    void serverChecksTheStatementWhileTyping();
    void draftsAreRestoredInANewWindow();
    void paletteFindsAndRunsActions();
    void chartFollowsTheCurrentResult();
    void ctrlSpaceCompletesTablesAndFields();
    void ctrlShiftFFormats();
    void sidebarInsertsNames();

private:
    ui::QueryTab* freshTab(const QString& text);

    QTemporaryDir m_dir;
    QString m_store;
    std::unique_ptr<local::EmbeddedServer> m_server;
    QUrl m_url;
    std::unique_ptr<workspace::Settings> m_settings;
    std::unique_ptr<api::ApiClient> m_client;
    std::unique_ptr<api::QueryScheduler> m_scheduler;
    std::unique_ptr<ui::MainWindow> m_window;
};

void TestUiQuery::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(QStringLiteral("demo.sqlite"));
    local::DemoOptions options;
    options.events = kDemoEvents;
    const local::DemoResult result = local::generateDemoStore(m_store, options, {});
    QVERIFY2(result.ok, qPrintable(result.error));
    m_server = startServer(m_store, 0, &m_url);
    QVERIFY(m_server != nullptr);
    QVERIFY(m_url.isValid());
}

void TestUiQuery::cleanupTestCase()
{
    m_server.reset();
}

void TestUiQuery::init()
{
    m_settings = std::make_unique<workspace::Settings>(m_dir.filePath(QStringLiteral("settings.ini")));
    m_client = std::make_unique<api::ApiClient>(api::Connection{m_url, kToken, QStringLiteral("1")});
    m_scheduler = std::make_unique<api::QueryScheduler>(*m_client, api::SchedulerLimits::unthrottled());
    m_window = std::make_unique<ui::MainWindow>(*m_settings);
    m_window->setClient(m_client.get(), m_scheduler.get(), QStringLiteral("test server"));
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestUiQuery::cleanup()
{
    m_window.reset();
    m_scheduler.reset();
    m_client.reset();
    m_settings.reset();
}

ui::QueryTab* TestUiQuery::freshTab(const QString& text)
{
    ui::QueryTab* tab = m_window->newTab();
    ui::HogqlEditor* editor = tab->editor();
    editor->setFocus();
    // keyClicks cannot type '\n'; line breaks are Return presses, as a user types them.
    const QStringList lines = text.split(QLatin1Char('\n'));
    for (qsizetype i = 0; i < lines.size(); ++i) {
        if (i > 0)
            QTest::keyClick(editor, Qt::Key_Return);
        QTest::keyClicks(editor, lines[i]);
    }
    return tab;
}

void TestUiQuery::settingsRoundTrip()
{
    workspace::Settings& settings = *m_settings;
    settings.reset(workspace::keys::lastHost);
    QCOMPARE(settings.value(workspace::keys::lastHost), QString());
    QCOMPARE(settings.value(workspace::keys::lastProject), QStringLiteral("1"));
    QSignalSpy changed(&settings, &workspace::Settings::changed);
    settings.setValue(workspace::keys::lastHost, QStringLiteral("https://eu.posthog.com"));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().first().toString(), QStringLiteral("connection/lastHost"));
    settings.setValue(workspace::keys::lastHost, QStringLiteral("https://eu.posthog.com"));
    QCOMPARE(changed.count(), 1); // unchanged value: no signal
    settings.sync();

    workspace::Settings reread(settings.filePath());
    QCOMPARE(reread.value(workspace::keys::lastHost), QStringLiteral("https://eu.posthog.com"));

    m_window->saveLayout();
    workspace::Settings layout(settings.filePath());
    QVERIFY(!layout.value(workspace::keys::windowState).isEmpty());
    QVERIFY(!layout.value(workspace::keys::windowGeometry).isEmpty());
    QVERIFY(!QStandardPaths::writableLocation(QStandardPaths::AppDataLocation).isEmpty());
}

void TestUiQuery::runsStatementWithCtrlEnter()
{
    const QString query =
        QStringLiteral("SELECT event, count() AS n FROM events GROUP BY event ORDER BY n DESC");
    ui::QueryTab* tab = freshTab(query);
    ui::HogqlEditor* editor = tab->editor();
    QCOMPARE(editor->text(), query);

    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(tab->status(), ui::QueryTab::Status::Running);
    QCOMPARE(editor->text(), query); // the key ran the query instead of inserting a line break
    QTRY_COMPARE_WITH_TIMEOUT(tab->status(), ui::QueryTab::Status::Succeeded, kQueryTimeoutMs);

    const QTableView* grid = tab->resultsView()->tableView();
    const QAbstractItemModel* model = grid->model();
    QTRY_VERIFY(model->rowCount() > 0);
    QCOMPARE(model->columnCount(), 2);
    QCOMPARE(model->headerData(0, Qt::Horizontal).toString(), QStringLiteral("event"));
    QCOMPARE(model->headerData(1, Qt::Horizontal).toString(), QStringLiteral("n"));
    qint64 total = 0;
    qint64 previous = std::numeric_limits<qint64>::max();
    for (int row = 0; row < model->rowCount(); ++row) {
        const qint64 n = model->index(row, 1).data(model::ResultTableModel::RawValueRole).toLongLong();
        QVERIFY(n > 0);
        QVERIFY(n <= previous); // ORDER BY n DESC
        previous = n;
        total += n;
        QVERIFY(!model->index(row, 0).data().toString().isEmpty());
    }
    QCOMPARE(total, qint64(kDemoEvents));
    QVERIFY(tab->resultsView()->statusText().contains(QString::number(model->rowCount())));
    QCOMPARE(grid->verticalHeader()->sectionResizeMode(0), QHeaderView::Fixed);
    QVERIFY(tab->errorText().isEmpty());
}

void TestUiQuery::escapeCancelsRunningQuery()
{
    // A second server whose query workers are slowed down, so the query is still running on the
    // server when Esc is pressed.
    QUrl slowUrl;
    std::unique_ptr<local::EmbeddedServer> slow = startServer(m_store, 100000, &slowUrl);
    QVERIFY(slow != nullptr);
    api::ApiClient slowClient(api::Connection{slowUrl, kToken, QStringLiteral("1")});
    api::QueryScheduler slowScheduler(slowClient, api::SchedulerLimits::unthrottled());
    m_window->setClient(&slowClient, &slowScheduler, QStringLiteral("slow server"));

    ui::QueryTab* tab = freshTab(QStringLiteral("SELECT event, count() FROM events GROUP BY event"));
    ui::HogqlEditor* editor = tab->editor();
    QTest::keyClick(editor, Qt::Key_Return, Qt::ControlModifier);
    QCOMPARE(tab->status(), ui::QueryTab::Status::Running);
    QVERIFY(m_window->cancelAction()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!tab->queryId().isEmpty(), 20000); // submitted, now polling

    const QString before = editor->text();
    QTest::keyClick(editor, Qt::Key_Escape);
    QTRY_COMPARE_WITH_TIMEOUT(tab->status(), ui::QueryTab::Status::Cancelled, 20000);
    QCOMPARE(editor->text(), before);
    QCOMPARE(tab->resultsView()->tableView()->model()->rowCount(), 0);
    QVERIFY(!m_window->cancelAction()->isEnabled());
    m_window->setClient(m_client.get(), m_scheduler.get(), QStringLiteral("test server"));
}

void TestUiQuery::secondRunWaitsForAFreeSlot()
{
    // One slot: the second tab's run waits in the scheduler's queue, says so, and starts when the
    // first ends; the status bar counts both.
    QUrl slowUrl;
    std::unique_ptr<local::EmbeddedServer> slow = startServer(m_store, 20000, &slowUrl);
    QVERIFY(slow != nullptr);
    api::ApiClient slowClient(api::Connection{slowUrl, kToken, QStringLiteral("1")});
    api::SchedulerLimits limits = api::SchedulerLimits::unthrottled();
    limits.maxRunning = 1;
    limits.reservedForUser = 0;
    api::QueryScheduler scheduler(slowClient, limits);
    m_window->setClient(&slowClient, &scheduler, QStringLiteral("slow server"));
    auto* label = m_window->findChild<QLabel*>(QStringLiteral("schedulerStatus"));
    QVERIFY(label != nullptr);
    QVERIFY(label->isVisible());
    QCOMPARE(label->text(), QStringLiteral("0 running"));

    ui::QueryTab* first = freshTab(QStringLiteral("SELECT event, count() FROM events GROUP BY event"));
    first->run();
    ui::QueryTab* second = freshTab(QStringLiteral("SELECT count() FROM events"));
    second->run();
    QCOMPARE(first->status(), ui::QueryTab::Status::Running);
    QCOMPARE(second->status(), ui::QueryTab::Status::Running);
    QVERIFY2(second->progressSummary().startsWith(QStringLiteral("Queued")),
             qPrintable(second->progressSummary()));
    QCOMPARE(label->text(), QStringLiteral("1 running · 1 queued"));
    QVERIFY(label->toolTip().contains(QStringLiteral("this server does not throttle")));

    QTRY_COMPARE_WITH_TIMEOUT(first->status(), ui::QueryTab::Status::Succeeded, 60000);
    QTRY_VERIFY_WITH_TIMEOUT(second->progressSummary().startsWith(QStringLiteral("Running")) ||
                                 second->status() == ui::QueryTab::Status::Succeeded,
                             20000);
    QTRY_COMPARE_WITH_TIMEOUT(second->status(), ui::QueryTab::Status::Succeeded, 60000);
    QCOMPARE(second->resultsView()->tableView()->model()->index(0, 0).data().toLongLong(),
             qint64(kDemoEvents));
    QTRY_COMPARE(label->text(), QStringLiteral("0 running"));
    m_window->setClient(m_client.get(), m_scheduler.get(), QStringLiteral("test server"));
}

void TestUiQuery::syntaxErrorShowsIndicator_data()
{
    QTest::addColumn<QString>("query");
    QTest::newRow("operator without operand") << QStringLiteral("SELECT event FROM events WHERE = 1");
    QTest::newRow("unclosed call") << QStringLiteral("SELECT count( FROM events");
    QTest::newRow("missing table") << QStringLiteral("SELECT event FROM");
    QTest::newRow("second statement") << QStringLiteral("SELECT 1;\nSELECT 1 +");
}

void TestUiQuery::syntaxErrorShowsIndicator()
{
    QFETCH(QString, query);
    ui::QueryTab* tab = freshTab(query);
    ui::HogqlEditor* editor = tab->editor();
    // Debounced: nothing is checked synchronously while typing.
    QTRY_VERIFY(!editor->syntaxErrors().isEmpty());
    const ui::EditorDiagnostic error = editor->syntaxErrors().first();
    QVERIFY(error.end > error.begin);
    QVERIFY(error.end <= query.toUtf8().size());
    QVERIFY(editor->hasErrorIndicatorAt(error.begin));
    QVERIFY(!editor->diagnosticAt(error.begin).isEmpty());
    if (query.contains(QLatin1Char(';')))
        QVERIFY(error.begin >= query.indexOf(QLatin1Char(';'))); // the first statement is valid

    editor->selectAll();
    QTest::keyClicks(editor, QStringLiteral("SELECT event FROM events"));
    QTRY_VERIFY(editor->syntaxErrors().isEmpty());
    for (int position = 0; position < editor->length(); ++position)
        QVERIFY(!editor->hasErrorIndicatorAt(position));
}

void TestUiQuery::serverErrorIsInline()
{
    // Valid syntax, unknown table: only the server can tell.
    ui::QueryTab* tab = freshTab(QStringLiteral("SELECT nope FROM no_such_table"));
    QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(tab->status(), ui::QueryTab::Status::Failed, kQueryTimeoutMs);
    QVERIFY(!tab->errorText().isEmpty());
    QVERIFY(m_window->messagesDock()->messageCount() > 0);
    QVERIFY(m_window->messagesDock()
                ->messageText(m_window->messagesDock()->messageCount() - 1)
                .contains(tab->errorText().left(20)));
}

void TestUiQuery::statementAtCursor_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("cursor");
    QTest::addColumn<QString>("expected");
    const QString two = QStringLiteral("SELECT 1;\n-- second\nSELECT 2;\n\n");
    QTest::newRow("first") << two << 3 << QStringLiteral("SELECT 1");
    QTest::newRow("right after ;") << two << 9 << QStringLiteral("SELECT 1");
    QTest::newRow("comment skipped") << two << 12 << QStringLiteral("SELECT 2");
    QTest::newRow("trailing blank") << two << int(two.size()) << QStringLiteral("SELECT 2");
    QTest::newRow("single") << QStringLiteral("  SELECT event FROM events  ") << 0
                            << QStringLiteral("SELECT event FROM events");
    QTest::newRow("semicolon in string")
        << QStringLiteral("SELECT 'a;b'; SELECT 3") << 2 << QStringLiteral("SELECT 'a;b'");
}

void TestUiQuery::statementAtCursor()
{
    QFETCH(QString, text);
    QFETCH(int, cursor);
    QFETCH(QString, expected);
    ui::HogqlEditor editor;
    editor.setText(text);
    editor.SendScintilla(QsciScintilla::SCI_GOTOPOS, cursor);
    QCOMPARE(editor.textOfRange(editor.statementToRun()), expected);
}

void TestUiQuery::lexerStylesTokens()
{
    ui::HogqlEditor editor;
    const QString text = QStringLiteral("SELECT count(x), 'a;b' -- note\n/* multi\nline */ 42");
    editor.setText(text);
    editor.SendScintilla(QsciScintilla::SCI_COLOURISE, 0, -1);
    const auto styleAt = [&](const QString& needle, int offset = 0) {
        return int(editor.SendScintilla(QsciScintilla::SCI_GETSTYLEAT,
                                        static_cast<unsigned long>(text.indexOf(needle) + offset)));
    };
    QCOMPARE(styleAt(QStringLiteral("SELECT")), int(ui::HogqlLexer::Keyword));
    QCOMPARE(styleAt(QStringLiteral("count")), int(ui::HogqlLexer::Function));
    QCOMPARE(styleAt(QStringLiteral("x)")), int(ui::HogqlLexer::Identifier));
    QCOMPARE(styleAt(QStringLiteral("'a;b'"), 2), int(ui::HogqlLexer::String));
    QCOMPARE(styleAt(QStringLiteral("-- note"), 3), int(ui::HogqlLexer::Comment));
    QCOMPARE(styleAt(QStringLiteral("line */")), int(ui::HogqlLexer::Comment));
    QCOMPARE(styleAt(QStringLiteral("42")), int(ui::HogqlLexer::Number));

    // Closing the block comment early restyles the text after it, though Scintilla only asks for
    // the lines from the edit onwards.
    editor.setSelection(1, 2, 1, 2); // after "/* " on line 1 ("/* multi")
    editor.insert(QStringLiteral("*/ SELECT"));
    editor.SendScintilla(QsciScintilla::SCI_COLOURISE, 0, -1);
    const QString changed = editor.text();
    const auto inserted = static_cast<unsigned long>(changed.indexOf(QStringLiteral("SELECT"), 10));
    QCOMPARE(int(editor.SendScintilla(QsciScintilla::SCI_GETSTYLEAT, inserted)),
             int(ui::HogqlLexer::Keyword));
}

void TestUiQuery::notConnectedShowsHowToConnect()
{
    ui::MainWindow window(*m_settings);
    ui::AppController controller(ui::LaunchOptions{}, *m_settings, window);
    controller.start();
    QVERIFY(window.client() == nullptr);
    QVERIFY(!window.connectionBanner()->isHidden());
    QVERIFY(window.connectionBanner()->body().contains(QStringLiteral("--demo")));
    QVERIFY(window.connectionBanner()->body().contains(QStringLiteral("POSTHOG_PERSONAL_API_KEY")));

    ui::QueryTab* tab = window.currentTab();
    QVERIFY(tab != nullptr);
    tab->run();
    QCOMPARE(tab->status(), ui::QueryTab::Status::Failed);
    QVERIFY(tab->errorText().contains(QStringLiteral("Not connected")));
}

void TestUiQuery::demoControllerGeneratesAndConnects()
{
    ui::MainWindow window(*m_settings);
    ui::LaunchOptions options;
    options.demo = true;
    options.demoStorePath = m_dir.filePath(QStringLiteral("controller/demo.sqlite"));
    options.demoEvents = 500;
    ui::AppController controller(options, *m_settings, window);
    QSignalSpy connected(&controller, &ui::AppController::connected);
    controller.start();
    QVERIFY(connected.isEmpty()); // generation runs on a worker thread, not in start()
    QVERIFY(!window.connectionBanner()->isHidden());
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, 60000);
    QVERIFY(QFileInfo::exists(options.demoStorePath));
    QVERIFY(window.client() != nullptr);
    QVERIFY(window.connectionBanner()->isHidden());

    ui::QueryTab* tab = window.currentTab();
    tab->editor()->setText(QStringLiteral("SELECT count() AS c FROM events"));
    tab->run();
    QTRY_COMPARE_WITH_TIMEOUT(tab->status(), ui::QueryTab::Status::Succeeded, kQueryTimeoutMs);
    QCOMPARE(tab->resultsView()->model()->rowCount(), 1);
    QCOMPARE(
        tab->resultsView()->model()->index(0, 0).data(model::ResultTableModel::RawValueRole).toLongLong(),
        qint64(500));
}

QTEST_MAIN(TestUiQuery)
#include "tst_ui_query.moc"

void TestUiQuery::runsAreRecordedInHistory()
{
    workspace::WorkspaceStore store(m_dir.filePath(QStringLiteral("history-ws.sqlite")));
    workspace::RunHistory history(store);
    m_window->setWorkspace(nullptr, &history);
    ui::QueryTab* ok = freshTab(QStringLiteral("SELECT count() FROM events"));
    QTest::keyClick(ok->editor(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(ok->status(), ui::QueryTab::Status::Succeeded, kQueryTimeoutMs);
    ui::QueryTab* bad = freshTab(QStringLiteral("SELECT nosuchcolumn FROM events"));
    QTest::keyClick(bad->editor(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(bad->status(), ui::QueryTab::Status::Failed, kQueryTimeoutMs);

    const auto entries = history.search();
    QCOMPARE(entries.size(), 2);
    QCOMPARE(entries[1].query, QStringLiteral("SELECT count() FROM events"));
    QCOMPARE(entries[1].status, workspace::HistoryEntry::Status::Ok);
    QCOMPARE(entries[1].rowCount.value_or(-1), 1);
    QCOMPARE(entries[1].project, QStringLiteral("1"));
    QVERIFY(entries[1].durationMs.has_value());
    QCOMPARE(entries[0].status, workspace::HistoryEntry::Status::Error);
    QVERIFY(!entries[0].error.isEmpty());

    // the dock lists both, filters as you type, and reopens a run in a new tab
    ui::HistoryPanel* panel = m_window->historyPanel();
    QCOMPARE(panel->list()->topLevelItemCount(), 2);
    panel->searchField()->setText(QStringLiteral("nosuch"));
    QTRY_COMPARE(panel->list()->topLevelItemCount(), 1);
    const int tabsBefore = m_window->tabCount();
    Q_EMIT panel->list()->itemActivated(panel->list()->topLevelItem(0), 0);
    QCOMPARE(m_window->tabCount(), tabsBefore + 1);
    QCOMPARE(m_window->currentTab()->editor()->text(), QStringLiteral("SELECT nosuchcolumn FROM events"));
    m_window->setWorkspace(nullptr, nullptr);
}

void TestUiQuery::runAllRunsEveryStatementInTurn()
{
    workspace::WorkspaceStore store(m_dir.filePath(QStringLiteral("runall-ws.sqlite")));
    workspace::RunHistory history(store);
    m_window->setWorkspace(nullptr, &history);

    // Ctrl+Shift+Enter: all three, in order, each in the history; the grid shows the last.
    ui::QueryTab* tab =
        freshTab(QStringLiteral("SELECT 1 AS a;\nSELECT count() AS b FROM events;\n\nSELECT 3 AS c"));
    QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
    QCOMPARE(tab->status(), ui::QueryTab::Status::Running);
    QCOMPARE(tab->batchTotal(), 3);
    QCOMPARE(tab->batchPosition(), 1);
    QVERIFY2(tab->progressSummary().contains(QStringLiteral("Statement 1 of 3")),
             qPrintable(tab->progressSummary()));
    QTRY_VERIFY_WITH_TIMEOUT(tab->status() == ui::QueryTab::Status::Succeeded && tab->batchTotal() == 0,
                             kQueryTimeoutMs);
    auto entries = history.search();
    QCOMPARE(entries.size(), 3);
    QCOMPARE(entries[2].query, QStringLiteral("SELECT 1 AS a"));
    QCOMPARE(entries[1].query, QStringLiteral("SELECT count() AS b FROM events"));
    QCOMPARE(entries[1].rowCount.value_or(-1), 1);
    QCOMPARE(entries[0].query, QStringLiteral("SELECT 3 AS c"));
    const QAbstractItemModel* model = tab->resultsView()->tableView()->model();
    QCOMPARE(model->headerData(0, Qt::Horizontal).toString(), QStringLiteral("c"));
    QCOMPARE(model->index(0, 0).data(model::ResultTableModel::RawValueRole).toLongLong(), 3);

    // A statement that fails stops the run there, with the error where it belongs.
    ui::QueryTab* failing =
        freshTab(QStringLiteral("SELECT 1 AS a;\nSELECT nosuchcolumn FROM events;\nSELECT 3 AS c"));
    QTest::keyClick(failing->editor(), Qt::Key_Return, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE_WITH_TIMEOUT(failing->status(), ui::QueryTab::Status::Failed, kQueryTimeoutMs);
    QCOMPARE(failing->batchTotal(), 0);
    QTest::qWait(300); // the third statement must not start
    QCOMPARE(failing->status(), ui::QueryTab::Status::Failed);
    entries = history.search();
    QCOMPARE(entries.size(), 5);
    QCOMPARE(entries[0].query, QStringLiteral("SELECT nosuchcolumn FROM events"));
    QCOMPARE(entries[0].status, workspace::HistoryEntry::Status::Error);
    QVERIFY(failing->errorText().contains(QStringLiteral("nosuchcolumn")));
    m_window->setWorkspace(nullptr, nullptr);
}

void TestUiQuery::savesAndOpensQueryFiles()
{
    const QString path = m_dir.filePath(QStringLiteral("top events.hogql"));
    ui::QueryTab* tab = freshTab(QStringLiteral("SELECT event FROM events LIMIT 3"));
    QVERIFY(tab->editor()->isModified());
    QVERIFY(m_window->saveQueryTab(tab, path));
    QCOMPARE(tab->filePath(), path);
    QVERIFY(!tab->editor()->isModified());
    auto* tabs = m_window->findChild<QTabWidget*>();
    QVERIFY(tabs != nullptr);
    QCOMPARE(tabs->tabText(tabs->indexOf(tab)), QStringLiteral("top events.hogql"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(QString::fromUtf8(file.readAll()), QStringLiteral("SELECT event FROM events LIMIT 3"));
    file.close();

    const int tabsBefore = m_window->tabCount();
    ui::QueryTab* opened = m_window->openQueryFile(path);
    QVERIFY(opened != nullptr);
    QCOMPARE(m_window->tabCount(), tabsBefore + 1);
    QCOMPARE(opened->editor()->text(), QStringLiteral("SELECT event FROM events LIMIT 3"));
    QCOMPARE(opened->filePath(), path);

    // What cannot be opened or written says why in the messages panel, and opens nothing.
    const int messagesBefore = m_window->messagesDock()->messageCount();
    QVERIFY(m_window->openQueryFile(m_dir.filePath(QStringLiteral("missing.hogql"))) == nullptr);
    QCOMPARE(m_window->tabCount(), tabsBefore + 1);
    QVERIFY(!m_window->saveQueryTab(opened, m_dir.filePath(QStringLiteral("no/such/dir/x.hogql"))));
    QCOMPARE(opened->filePath(), path);
    QCOMPARE(m_window->messagesDock()->messageCount(), messagesBefore + 2);
}

void TestUiQuery::serverChecksTheStatementWhileTyping()
{
    // "evnt" parses, so only the server's HogQLMetadata check can know it is no field of events: it
    // is underlined after a pause in typing and listed once in the messages panel, with its place.
    ui::MessagesDock* messages = m_window->messagesDock();
    messages->clearMessages();
    ui::QueryTab* tab = freshTab(QStringLiteral("SELECT evnt FROM events"));
    ui::HogqlEditor* editor = tab->editor();
    editor->checkSyntaxNow();
    QVERIFY(editor->syntaxErrors().isEmpty());
    QTRY_VERIFY_WITH_TIMEOUT(editor->hasErrorIndicatorAt(8), 15000);
    QVERIFY(!editor->hasErrorIndicatorAt(1));
    QVERIFY2(editor->diagnosticAt(8).contains(QStringLiteral("evnt")), qPrintable(editor->diagnosticAt(8)));
    QTRY_VERIFY(messages->messageCount() >= 1);
    const int row = messages->messageCount() - 1;
    QVERIFY2(messages->messageText(row).contains(QStringLiteral("evnt")),
             qPrintable(messages->messageText(row)));
    QCOMPARE(messages->messagePosition(row).begin, 7);
    QCOMPARE(messages->messagePosition(row).end, 11);
    // Pauses without a change post nothing new.
    const int count = messages->messageCount();
    editor->setCursorPosition(0, 3);
    QTest::qWait(1500);
    QCOMPARE(messages->messageCount(), count);

    // Fixed: the mark goes with the edit, and the server finds nothing to add.
    editor->setSelection(0, 7, 0, 11);
    QTest::keyClicks(editor, QStringLiteral("event"));
    QVERIFY(!editor->hasErrorIndicatorAt(8));
    QTest::qWait(1500);
    QVERIFY(!editor->hasErrorIndicatorAt(8));
    QCOMPARE(messages->messageCount(), count);
}

void TestUiQuery::draftsAreRestoredInANewWindow()
{
    const QString path = m_dir.filePath(QStringLiteral("drafts-ws.sqlite"));
    {
        workspace::WorkspaceStore store(path);
        workspace::DraftJournal journal(store, 50);
        m_window->setWorkspace(&journal, nullptr);
        ui::QueryTab* tab = freshTab(QStringLiteral("SELECT 'unsaved work' WHERE 1 < {days}"));
        QVERIFY(tab);
        QSignalSpy flushed(&journal, &workspace::DraftJournal::flushed);
        QVERIFY(flushed.wait(2000));
        // A value typed for the placeholder is part of the draft too.
        // (The panel lists the statement's placeholders after a short pause.)
        QLineEdit* value = nullptr;
        QTRY_VERIFY((value = tab->variablesPanel()->findChild<QLineEdit*>(
                         QStringLiteral("placeholderValue:days"))) != nullptr);
        auto* combo = tab->variablesPanel()->findChild<QComboBox*>(QStringLiteral("placeholderType:days"));
        QVERIFY(combo);
        combo->setCurrentIndex(combo->findText(QStringLiteral("Number")));
        value->setFocus();
        QTest::keyClicks(value, QStringLiteral("14"));
        QVERIFY(flushed.wait(2000));
        m_window->setWorkspace(nullptr, nullptr);
        // the window is torn down without any save: only the journal remembers
    }
    m_window.reset();
    workspace::WorkspaceStore store(path);
    workspace::DraftJournal journal(store, 50);
    const int saved = int(journal.load().size());
    QVERIFY(saved >= 2); // the window's first tab and the typed one
    ui::MainWindow window(*m_settings);
    window.setWorkspace(&journal, nullptr);
    QCOMPARE(window.tabCount(), saved);
    ui::QueryTab* restored = nullptr;
    for (int i = 0; i < window.tabCount(); ++i) {
        if (window.tab(i)->editor()->text() == QStringLiteral("SELECT 'unsaved work' WHERE 1 < {days}"))
            restored = window.tab(i);
    }
    QVERIFY(restored);
    // The placeholder's value came back with its type: the run would send {"days": 14}.
    const ui::PlaceholderValues values = restored->variablesPanel()->collect(restored->editor()->text());
    QVERIFY2(values.problems.isEmpty(), qPrintable(values.problems.join(QLatin1Char(' '))));
    QCOMPARE(values.values.value(QStringLiteral("days")).toDouble(), 14.0);
    window.setWorkspace(nullptr, nullptr);
}

void TestUiQuery::paletteFindsAndRunsActions()
{
    const int before = m_window->tabCount();
    m_window->paletteAction()->trigger();
    ui::CommandPalette* palette = m_window->commandPalette();
    QTRY_VERIFY(palette->isVisible());
    QVERIFY(palette->list()->count() >= 5);
    QTest::keyClicks(palette->filterField(), QStringLiteral("new query tab"));
    QCOMPARE(palette->list()->count(), 1);
    QVERIFY(palette->list()->item(0)->text().contains(QStringLiteral("New Query Tab")));
    QTest::keyClick(palette->filterField(), Qt::Key_Return);
    QVERIFY(!palette->isVisible());
    QCOMPARE(m_window->tabCount(), before + 1);
}

void TestUiQuery::chartFollowsTheCurrentResult()
{
    ui::QueryTab* tab =
        freshTab(QStringLiteral("SELECT event, count() AS n FROM events GROUP BY event ORDER BY n DESC"));
    QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(tab->status(), ui::QueryTab::Status::Succeeded, kQueryTimeoutMs);
    ui::ChartPanel* chart = m_window->chartPanel();
    QTRY_VERIFY(!chart->data().isEmpty());
    QCOMPARE(chart->data().series.size(), 1);
    QCOMPARE(chart->data().series.front().name, QStringLiteral("n"));
    QCOMPARE(chart->data().x.size(), tab->resultsView()->tableView()->model()->rowCount());
}

void TestUiQuery::ctrlSpaceCompletesTablesAndFields()
{
    ui::QueryTab* tab = freshTab(QStringLiteral("SELECT * FROM eve"));
    ui::HogqlEditor* editor = tab->editor();
    QTest::keyClick(editor, Qt::Key_Space, Qt::ControlModifier);
    QVERIFY(editor->isListActive());
    QVERIFY(tab->completion()->lastCandidates().contains(QStringLiteral("events")));
    QVERIFY(!tab->completion()->lastCandidates().contains(QStringLiteral("persons"))); // prefix "eve"
    QTest::keyClick(editor, Qt::Key_Return); // choose the first ("events")
    QCOMPARE(editor->text(), QStringLiteral("SELECT * FROM events"));

    // fields of an aliased table
    editor->setText(QStringLiteral("SELECT e. FROM events e"));
    editor->setCursorPosition(0, 9);
    const QStringList fields = tab->completion()->trigger();
    QVERIFY2(fields.contains(QStringLiteral("timestamp")), qPrintable(fields.join(QLatin1Char(','))));
    QVERIFY(fields.contains(QStringLiteral("distinct_id")));
    editor->cancelList();

    // a function's signature as a call tip
    editor->setText(QStringLiteral("SELECT toStartOfDay("));
    editor->setCursorPosition(0, 20);
    QVERIFY(tab->completion()->showCallTip().contains(QStringLiteral("toStartOfDay")));
}

void TestUiQuery::ctrlShiftFFormats()
{
    ui::QueryTab* tab = freshTab(QStringLiteral(
        "select event,count() from events where timestamp>now()-interval 1 day group by event"));
    ui::HogqlEditor* editor = tab->editor();
    QTest::keyClick(editor, Qt::Key_F, Qt::ControlModifier | Qt::ShiftModifier);
    const QString formatted = editor->text();
    QVERIFY2(formatted.startsWith(QStringLiteral("SELECT")), qPrintable(formatted));
    QVERIFY(formatted.contains(QStringLiteral("\nFROM events")));
    QVERIFY(formatted.contains(QStringLiteral("\nGROUP BY event")));
    editor->undo(); // one step back to what was typed
    QCOMPARE(editor->text(),
             QStringLiteral(
                 "select event,count() from events where timestamp>now()-interval 1 day group by event"));

    editor->setText(QStringLiteral("SELECT (1 FROM events"));
    const QString error = tab->format();
    QVERIFY(error.contains(QStringLiteral("line 1")));
    QCOMPARE(editor->text(), QStringLiteral("SELECT (1 FROM events")); // nothing lost
}

void TestUiQuery::sidebarInsertsNames()
{
    ui::QueryTab* tab = freshTab(QStringLiteral("SELECT  FROM events"));
    tab->editor()->setCursorPosition(0, 7);
    ui::SchemaSidebar* sidebar = m_window->schemaSidebar();
    sidebar->searchField()->setText(QStringLiteral("distinct_id"));
    QTreeWidgetItem* found = nullptr;
    for (QTreeWidgetItemIterator it(sidebar->tree(), QTreeWidgetItemIterator::NotHidden); *it; ++it) {
        if ((*it)->text(0) == QStringLiteral("distinct_id") && (*it)->parent() &&
            (*it)->parent()->text(0) == QStringLiteral("events"))
            found = *it;
    }
    QVERIFY(found);
    Q_EMIT sidebar->tree()->itemActivated(found, 0);
    QCOMPARE(tab->editor()->text(), QStringLiteral("SELECT distinct_id FROM events"));
    sidebar->setProperties(QStringLiteral("event"),
                           {{QStringLiteral("$browser"), QStringLiteral("String")},
                            {QStringLiteral("Plan type"), QStringLiteral("String")}});
    sidebar->searchField()->setText(QStringLiteral("plan"));
    int visible = 0;
    for (QTreeWidgetItemIterator it(sidebar->tree(), QTreeWidgetItemIterator::NotHidden); *it; ++it)
        visible += (*it)->parent() != nullptr;
    QCOMPARE(visible, 1);
}
