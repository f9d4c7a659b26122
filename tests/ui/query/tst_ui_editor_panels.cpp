// GUI tests of the query tab's panels: placeholders and their values (against the real embedded
// server), the Ask box (the real server's 501, and a small loopback stand-in for a PostHog that
// drafts), and the light/dark editor colours.

#include "ui/ask_box.h"
#include "ui/hogql_editor.h"
#include "ui/hogql_lexer.h"
#include "ui/main_window.h"
#include "ui/query_tab.h"
#include "ui/results_view.h"
#include "ui/theme.h"
#include "ui/variables_panel.h"

#include "api/api_client.h"
#include "api/query_scheduler.h"
#include "local/demo_generator.h"
#include "local/embedded_server.h"
#include "model/result_table_model.h"
#include "workspace/settings.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTableView>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QUrlQuery>

#include <memory>

using namespace hogscope;

namespace {

const QByteArray kToken = QByteArrayLiteral("ui-test-token");
constexpr int kDemoEvents = 2000;
constexpr int kQueryTimeoutMs = 60000;

std::unique_ptr<local::EmbeddedServer> startServer(const QString& store, QUrl* url)
{
    local::ServerOptions options;
    options.databasePath = store;
    options.token = kToken;
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

// A PostHog stand-in on loopback for the one call hogscope-server does not offer: GET
// query/draft_sql/ answers {"sql": ...} (or never answers, to test waiting and cancelling).
class DraftServer : public QObject
{
public:
    explicit DraftServer(QByteArray sql, bool answer = true)
        : m_sql(std::move(sql))
        , m_answer(answer)
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onRead(socket); });
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost); }
    QUrl url() const { return QUrl(QStringLiteral("http://127.0.0.1:%1").arg(m_server.serverPort())); }
    QList<QUrl> requests;

private:
    void onRead(QTcpSocket* socket)
    {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        if (!buffer.contains("\r\n\r\n"))
            return;
        const QList<QByteArray> requestLine = buffer.left(buffer.indexOf("\r\n")).split(' ');
        requests << QUrl(QString::fromLatin1(requestLine.value(1)));
        if (!m_answer)
            return;
        const QByteArray body = QJsonDocument(QJsonObject{{QStringLiteral("sql"), QString::fromUtf8(m_sql)}})
                                    .toJson(QJsonDocument::Compact);
        socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
    }

    QTcpServer m_server;
    QByteArray m_sql;
    bool m_answer = true;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    p.setColor(QPalette::WindowText, QColor(0xe8, 0xe8, 0xe8));
    p.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    p.setColor(QPalette::AlternateBase, QColor(0x26, 0x28, 0x2c));
    p.setColor(QPalette::Text, QColor(0xe8, 0xe8, 0xe8));
    p.setColor(QPalette::Button, QColor(0x33, 0x35, 0x3a));
    p.setColor(QPalette::ButtonText, QColor(0xe8, 0xe8, 0xe8));
    p.setColor(QPalette::Highlight, QColor(0x3b, 0x82, 0xf6));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::PlaceholderText, QColor(0x8b, 0x93, 0xa1));
    p.setColor(QPalette::ToolTipBase, QColor(0x33, 0x35, 0x3a));
    p.setColor(QPalette::ToolTipText, QColor(0xe8, 0xe8, 0xe8));
    p.setColor(QPalette::Link, QColor(0x93, 0xc5, 0xfd));
    p.setColor(QPalette::Mid, QColor(0x44, 0x46, 0x4c));
    p.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1c));
    p.setColor(QPalette::Light, QColor(0x50, 0x52, 0x58));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x70, 0x74, 0x7c));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x70, 0x74, 0x7c));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x70, 0x74, 0x7c));
    return p;
}

// Mean lightness of the opaque pixels of an action's icon (its glyph).
int glyphLightness(const QIcon& icon)
{
    const QImage image = icon.pixmap(QSize(24, 24)).toImage();
    qint64 sum = 0, count = 0;
    for (int y = 0; y < image.height(); ++y) {
        for (int x = 0; x < image.width(); ++x) {
            const QColor c = image.pixelColor(x, y);
            if (c.alpha() > 200) {
                sum += c.lightness();
                ++count;
            }
        }
    }
    return count > 0 ? int(sum / count) : -1;
}

QColor styleBack(ui::HogqlEditor* editor, int style)
{
    const long bgr = editor->SendScintilla(QsciScintillaBase::SCI_STYLEGETBACK, style);
    return QColor(int(bgr & 0xff), int((bgr >> 8) & 0xff), int((bgr >> 16) & 0xff));
}

QColor styleFore(ui::HogqlEditor* editor, int style)
{
    const long bgr = editor->SendScintilla(QsciScintillaBase::SCI_STYLEGETFORE, style);
    return QColor(int(bgr & 0xff), int((bgr >> 8) & 0xff), int((bgr >> 16) & 0xff));
}

} // namespace

class TestUiEditorPanels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void placeholdersFound_data();
    void placeholdersFound();
    void panelListsPlaceholdersOfTheStatementAtTheCursor();
    void runSendsValuesAndTheServerUsesThem();
    void unfilledPlaceholderBlocksTheRun_data();
    void unfilledPlaceholderBlocksTheRun();
    void variablesAreSentById();
    void askShowsTheServers501Inline();
    void askDraftIsInsertedAsOneUndoStep_data();
    void askDraftIsInsertedAsOneUndoStep();
    void askCanBeCancelled();
    void darkPaletteSwitchesEditorColours();
    void lexerMarksPlaceholders();

private:
    ui::QueryTab* freshTab(const QString& text);
    void typeValue(ui::QueryTab* tab, const QString& name, const QString& type, const QString& value);
    void screenshot(const QString& name);

    QTemporaryDir m_dir;
    QString m_store;
    std::unique_ptr<local::EmbeddedServer> m_server;
    QUrl m_url;
    std::unique_ptr<workspace::Settings> m_settings;
    std::unique_ptr<api::ApiClient> m_client;
    std::unique_ptr<api::QueryScheduler> m_scheduler;
    std::unique_ptr<ui::MainWindow> m_window;
    QPalette m_lightPalette;
};

void TestUiEditorPanels::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_lightPalette = QApplication::palette();
    QVERIFY(!ui::theme::isDark(m_lightPalette)); // the offscreen platform starts light
    m_store = m_dir.filePath(QStringLiteral("demo.sqlite"));
    local::DemoOptions options;
    options.events = kDemoEvents;
    const local::DemoResult result = local::generateDemoStore(m_store, options, {});
    QVERIFY2(result.ok, qPrintable(result.error));
    m_server = startServer(m_store, &m_url);
    QVERIFY(m_server != nullptr);
}

void TestUiEditorPanels::cleanupTestCase()
{
    m_server.reset();
}

void TestUiEditorPanels::init()
{
    m_settings = std::make_unique<workspace::Settings>(m_dir.filePath(QStringLiteral("settings.ini")));
    m_client = std::make_unique<api::ApiClient>(api::Connection{m_url, kToken, QStringLiteral("1")});
    m_scheduler = std::make_unique<api::QueryScheduler>(*m_client, api::SchedulerLimits::unthrottled());
    m_window = std::make_unique<ui::MainWindow>(*m_settings);
    m_window->resize(1200, 800);
    m_window->setClient(m_client.get(), m_scheduler.get(), QStringLiteral("test server"));
    m_window->show();
    m_window->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
}

void TestUiEditorPanels::cleanup()
{
    QApplication::setPalette(m_lightPalette);
    m_window.reset();
    m_scheduler.reset();
    m_client.reset();
    m_settings.reset();
}

ui::QueryTab* TestUiEditorPanels::freshTab(const QString& text)
{
    // The text is set rather than typed: these tests are about the panels, and a typed `{` would
    // open the completion list (typing is covered by tst_ui_query and tst_ui_theme).
    ui::QueryTab* tab = m_window->newTab();
    ui::HogqlEditor* editor = tab->editor();
    editor->setFocus();
    editor->setText(text);
    editor->setCursorPosition(editor->lines() - 1, editor->text(editor->lines() - 1).size());
    tab->refreshPlaceholders();
    return tab;
}

// Chooses the type and types the value into the row of `name`, as a user does.
void TestUiEditorPanels::typeValue(ui::QueryTab* tab, const QString& name, const QString& type,
                                   const QString& value)
{
    auto* combo = tab->variablesPanel()->findChild<QComboBox*>(QStringLiteral("placeholderType:") + name);
    QVERIFY2(combo != nullptr, qPrintable(name));
    const int index = combo->findText(type);
    QVERIFY(index >= 0);
    combo->setCurrentIndex(index);
    auto* edit = tab->variablesPanel()->findChild<QLineEdit*>(QStringLiteral("placeholderValue:") + name);
    QVERIFY(edit != nullptr);
    QVERIFY(edit->isVisible());
    edit->setFocus();
    QTest::keyClicks(edit, value);
}

void TestUiEditorPanels::screenshot(const QString& name)
{
    // HOGSCOPE_SCREENSHOT_DIR set: keep a picture of the window for a person to look at.
    const QString dir = qEnvironmentVariable("HOGSCOPE_SCREENSHOT_DIR");
    if (dir.isEmpty())
        return;
    QDir().mkpath(dir);
    QVERIFY(m_window->grab().save(QDir(dir).filePath(name + QStringLiteral(".png"))));
}

void TestUiEditorPanels::placeholdersFound_data()
{
    QTest::addColumn<QString>("statement");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("codeNames");
    QTest::newRow("one") << QStringLiteral("SELECT {days}") << QStringList{QStringLiteral("days")}
                         << QStringList{QString()};
    QTest::newRow("order, once each")
        << QStringLiteral("SELECT {b}, {a} FROM events WHERE x = {b} AND y = {variables.country}")
        << QStringList{QStringLiteral("b"), QStringLiteral("a"), QStringLiteral("variables.country")}
        << QStringList{QString(), QString(), QStringLiteral("country")};
    QTest::newRow("strings, template strings and comments do not count")
        << QStringLiteral("SELECT '{a}', f'{b}', f'x{c}y{d}z', f'q\\'{e}', \"{f}\" -- {g}\n/* {h} */ {i}")
        << QStringList{QStringLiteral("i")} << QStringList{QString()};
    QTest::newRow("keywords as names, constants not")
        << QStringLiteral("SELECT {second}, {rows}, {null}, {true}")
        << QStringList{QStringLiteral("second"), QStringLiteral("rows")} << QStringList{QString(), QString()};
    QTest::newRow("dict literal is no placeholder")
        << QStringLiteral("SELECT {'k': 1}, {k: 2}, {}") << QStringList{} << QStringList{};
    QTest::newRow("filters is PostHog's own")
        << QStringLiteral("SELECT count() FROM events WHERE {filters} AND event = {ev}")
        << QStringList{QStringLiteral("ev")} << QStringList{QString()};
    QTest::newRow("spaces inside braces") << QStringLiteral("SELECT { n }, { variables . v }")
                                          << QStringList{QStringLiteral("n"), QStringLiteral("variables.v")}
                                          << QStringList{QString(), QStringLiteral("v")};
    QTest::newRow("unfinished statement") << QStringLiteral("SELECT {a} FROM WHERE {")
                                          << QStringList{QStringLiteral("a")} << QStringList{QString()};
}

void TestUiEditorPanels::placeholdersFound()
{
    QFETCH(QString, statement);
    QFETCH(QStringList, names);
    QFETCH(QStringList, codeNames);
    const QList<ui::PlaceholderRef> found = ui::placeholdersIn(statement);
    QStringList foundNames, foundCodes;
    for (const ui::PlaceholderRef& ref : found) {
        foundNames << ref.name;
        foundCodes << ref.codeName;
    }
    QCOMPARE(foundNames, names);
    QCOMPARE(foundCodes, codeNames);
}

void TestUiEditorPanels::panelListsPlaceholdersOfTheStatementAtTheCursor()
{
    ui::QueryTab* tab = freshTab(QStringLiteral("SELECT {first};\nSELECT {second}, {third}"));
    ui::VariablesPanel* panel = tab->variablesPanel();
    QVERIFY(panel->isVisible());
    QCOMPARE(panel->placeholders().size(), 2); // the cursor is in the second statement
    QVERIFY(panel->findChild<QLabel*>(QStringLiteral("placeholderName:second")) != nullptr);
    QVERIFY(panel->findChild<QLabel*>(QStringLiteral("placeholderName:first")) == nullptr);

    // Moving the cursor relists after the pause (no explicit refresh here).
    tab->editor()->setCursorPosition(0, 3);
    QTRY_COMPARE(panel->placeholders().size(), 1);
    QCOMPARE(panel->placeholders().front().name, QStringLiteral("first"));

    // A statement without placeholders hides the panel; a value typed earlier is kept for the name.
    typeValue(tab, QStringLiteral("first"), QStringLiteral("Text"), QStringLiteral("kept"));
    tab->editor()->setText(QStringLiteral("SELECT 1"));
    QTRY_VERIFY(panel->isHidden());
    tab->editor()->setText(QStringLiteral("SELECT {first}"));
    QTRY_VERIFY(panel->isVisible());
    auto* edit = panel->findChild<QLineEdit*>(QStringLiteral("placeholderValue:first"));
    QVERIFY(edit != nullptr);
    QCOMPARE(edit->text(), QStringLiteral("kept"));
    screenshot(QStringLiteral("placeholders-light"));
}

void TestUiEditorPanels::runSendsValuesAndTheServerUsesThem()
{
    ui::QueryTab* tab =
        freshTab(QStringLiteral("SELECT event, count() AS n FROM events WHERE event = {ev} AND "
                                "timestamp > toDateTime({since}) GROUP BY event LIMIT {rows}"));
    QCOMPARE(tab->variablesPanel()->placeholders().size(), 3);
    typeValue(tab, QStringLiteral("ev"), QStringLiteral("Text"), QStringLiteral("$pageview"));
    typeValue(tab, QStringLiteral("rows"), QStringLiteral("Number"), QStringLiteral("5"));
    auto* combo = tab->variablesPanel()->findChild<QComboBox*>(QStringLiteral("placeholderType:since"));
    QVERIFY(combo != nullptr);
    combo->setCurrentIndex(combo->findText(QStringLiteral("Date")));
    auto* date = tab->variablesPanel()->findChild<QDateEdit*>(QStringLiteral("placeholderDate:since"));
    QVERIFY(date != nullptr);
    QVERIFY(date->isVisible());
    date->setDate(QDate(2000, 1, 1));

    tab->editor()->setFocus();
    QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier);
    QTRY_COMPARE_WITH_TIMEOUT(tab->status(), ui::QueryTab::Status::Succeeded, kQueryTimeoutMs);

    const QJsonObject node = tab->lastQueryNode();
    QCOMPARE(node.value(QStringLiteral("kind")).toString(), QStringLiteral("HogQLQuery"));
    const QJsonObject values = node.value(QStringLiteral("values")).toObject();
    QCOMPARE(values.value(QStringLiteral("ev")), QJsonValue(QStringLiteral("$pageview")));
    QCOMPARE(values.value(QStringLiteral("rows")), QJsonValue(5));
    QVERIFY(values.value(QStringLiteral("rows")).isDouble());
    QCOMPARE(values.value(QStringLiteral("since")), QJsonValue(QStringLiteral("2000-01-01")));
    QVERIFY(!node.contains(QStringLiteral("variables")));
    QVERIFY(node.value(QStringLiteral("query")).toString().contains(QStringLiteral("{ev}"))); // not pasted in

    // The server substituted them: only $pageview rows.
    const QAbstractItemModel* model = tab->resultsView()->tableView()->model();
    QTRY_COMPARE(model->rowCount(), 1);
    QCOMPARE(model->index(0, 0).data(model::ResultTableModel::RawValueRole).toString(),
             QStringLiteral("$pageview"));
    QVERIFY(model->index(0, 1).data(model::ResultTableModel::RawValueRole).toLongLong() > 0);

    // Null goes as JSON null.
    auto* null = tab->variablesPanel()->findChild<QCheckBox*>(QStringLiteral("placeholderNull:ev"));
    QVERIFY(null != nullptr);
    null->setChecked(true);
    tab->run();
    QTRY_VERIFY_WITH_TIMEOUT(tab->status() != ui::QueryTab::Status::Running, kQueryTimeoutMs);
    QVERIFY(
        tab->lastQueryNode().value(QStringLiteral("values")).toObject().value(QStringLiteral("ev")).isNull());
}

void TestUiEditorPanels::unfilledPlaceholderBlocksTheRun_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("number"); // typed into {n} as a number first ("" = nothing)
    QTest::addColumn<QString>("expected");
    QTest::newRow("empty") << QStringLiteral("SELECT {days}") << QString() << QStringLiteral("{days}");
    QTest::newRow("second of two") << QStringLiteral("SELECT {n}, {label}") << QStringLiteral("3")
                                   << QStringLiteral("{label}");
    QTest::newRow("not a number") << QStringLiteral("SELECT {n}") << QStringLiteral("3..")
                                  << QStringLiteral("not a number");
}

void TestUiEditorPanels::unfilledPlaceholderBlocksTheRun()
{
    QFETCH(QString, query);
    QFETCH(QString, number);
    QFETCH(QString, expected);
    ui::QueryTab* tab = freshTab(query);
    if (!number.isEmpty())
        typeValue(tab, QStringLiteral("n"), QStringLiteral("Number"), number);
    QSignalSpy started(tab, &ui::QueryTab::runStarted);
    tab->editor()->setFocus();
    QTest::keyClick(tab->editor(), Qt::Key_Return, Qt::ControlModifier);
    QVERIFY(tab->status() != ui::QueryTab::Status::Running);
    QCOMPARE(started.count(), 0);
    QVERIFY(tab->queryId().isEmpty());
    QVERIFY2(tab->errorText().contains(expected), qPrintable(tab->errorText()));
    QVERIFY(tab->progressSummary().contains(QStringLiteral("placeholder")));
    // The field to fill has the focus and is on screen (the panel is never squeezed away).
    QWidget* focused = QApplication::focusWidget();
    QVERIFY(focused != nullptr);
    QVERIFY2(focused->objectName().startsWith(QStringLiteral("placeholderValue:")),
             qPrintable(focused->objectName()));
    QVERIFY(expected == QStringLiteral("not a number") ||
            expected.contains(focused->objectName().section(QLatin1Char(':'), 1)));
    QVERIFY(focused->isVisible());
    QTRY_VERIFY(!focused->visibleRegion().isEmpty() &&
                focused->visibleRegion().boundingRect().height() >= focused->height() / 2);
    if (QTest::currentDataTag() == QByteArrayLiteral("empty"))
        screenshot(QStringLiteral("placeholder-unfilled-light"));
}

void TestUiEditorPanels::variablesAreSentById()
{
    ui::QueryTab* tab = freshTab(QStringLiteral("SELECT count() FROM events WHERE properties.$browser = "
                                                "{variables.browser}"));
    ui::VariablesPanel* panel = tab->variablesPanel();
    QCOMPARE(panel->placeholders().size(), 1);
    QVERIFY(panel->placeholders().front().isVariable());
    typeValue(tab, QStringLiteral("variables.browser"), QStringLiteral("Text"), QStringLiteral("Chrome"));

    // Without the variable's id PostHog cannot resolve it: the run says so instead of sending.
    tab->run();
    QVERIFY(tab->status() != ui::QueryTab::Status::Running);
    QVERIFY2(tab->errorText().contains(QStringLiteral("id of the project's SQL variable")),
             qPrintable(tab->errorText()));

    const QString id = QStringLiteral("0192a3b4-c5d6-7e8f-9a0b-1c2d3e4f5a6b");
    auto* idEdit = panel->findChild<QLineEdit*>(QStringLiteral("placeholderVariableId:variables.browser"));
    QVERIFY(idEdit != nullptr);
    idEdit->setFocus();
    QTest::keyClicks(idEdit, id);
    tab->run();
    const QJsonObject variables = tab->lastQueryNode().value(QStringLiteral("variables")).toObject();
    QCOMPARE(variables.keys(), QStringList{id});
    const QJsonObject variable = variables.value(id).toObject();
    QCOMPARE(variable.value(QStringLiteral("variableId")).toString(), id);
    QCOMPARE(variable.value(QStringLiteral("code_name")).toString(), QStringLiteral("browser"));
    QCOMPARE(variable.value(QStringLiteral("value")).toString(), QStringLiteral("Chrome"));
    QCOMPARE(variable.value(QStringLiteral("isNull")).toBool(), false);
    QVERIFY(!tab->lastQueryNode().contains(QStringLiteral("values")));

    // hogscope-server has no SQL variables: it answers with an error naming the placeholder.
    QTRY_COMPARE_WITH_TIMEOUT(tab->status(), ui::QueryTab::Status::Failed, kQueryTimeoutMs);
    QVERIFY2(tab->errorText().contains(QStringLiteral("variables.browser")), qPrintable(tab->errorText()));
}

void TestUiEditorPanels::askShowsTheServers501Inline()
{
    const QString query = QStringLiteral("SELECT event FROM events LIMIT 3");
    ui::QueryTab* tab = freshTab(query);
    ui::AskBox* ask = tab->askBox();
    QVERIFY(ask->isVisible());

    // Ctrl+Shift+A reaches the box from the editor.
    tab->editor()->setFocus();
    QTest::keyClick(tab->editor(), Qt::Key_A, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_VERIFY(ask->lineEdit()->hasFocus());
    QCOMPARE(tab->editor()->text(), query);
    // The action is in the Query menu (so in the command palette too) with its shortcut.
    QCOMPARE(m_window->askAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    QVERIFY(!m_window->askAction()->associatedObjects().isEmpty());

    QTest::keyClicks(ask->lineEdit(), QStringLiteral("how many pageviews per day"));
    QTest::keyClick(ask->lineEdit(), Qt::Key_Return);
    QVERIFY(ask->isBusy());
    QVERIFY(ask->busyIndicator()->isVisible());
    QVERIFY(ask->cancelButton()->isVisible());
    QTRY_VERIFY_WITH_TIMEOUT(!ask->isBusy(), 20000);
    QVERIFY(!ask->busyIndicator()->isVisible());
    const QString message = ask->messageText();
    QVERIFY2(message.contains(QStringLiteral("does not offer AI SQL drafting")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("501")), qPrintable(message));
    QVERIFY2(message.contains(QStringLiteral("not available on the local server")), qPrintable(message));
    QVERIFY(QApplication::activeModalWidget() == nullptr); // inline, no dialog
    QCOMPARE(tab->editor()->text(), query);
    screenshot(QStringLiteral("ask-501-light"));
}

void TestUiEditorPanels::askDraftIsInsertedAsOneUndoStep_data()
{
    QTest::addColumn<QString>("before");
    QTest::addColumn<bool>("selectFirstLine");
    QTest::addColumn<QString>("after");
    const QString draft = QStringLiteral("SELECT event, count() AS n\nFROM events\nGROUP BY event");
    QTest::newRow("empty editor") << QString() << false << draft;
    QTest::newRow("after the script, closing its statement")
        << QStringLiteral("SELECT 1") << false
        << QStringLiteral("SELECT 1;\n\n") + draft + QStringLiteral("\n");
    QTest::newRow("over the selection")
        << QStringLiteral("SELECT 1\n-- keep") << true << draft + QStringLiteral("\n-- keep");
}

void TestUiEditorPanels::askDraftIsInsertedAsOneUndoStep()
{
    QFETCH(QString, before);
    QFETCH(bool, selectFirstLine);
    QFETCH(QString, after);
    DraftServer drafts(QByteArrayLiteral("SELECT event, count() AS n\nFROM events\nGROUP BY event\n"));
    QVERIFY(drafts.listen());
    api::ApiClient client(api::Connection{drafts.url(), kToken, QStringLiteral("1")});
    api::QueryScheduler scheduler(client, api::SchedulerLimits::unthrottled());
    m_window->setClient(&client, &scheduler, QStringLiteral("drafting server"));

    ui::QueryTab* tab = freshTab(before);
    ui::HogqlEditor* editor = tab->editor();
    if (selectFirstLine)
        editor->setSelection(0, 0, 0, 8);
    QSignalSpy started(tab, &ui::QueryTab::runStarted);
    ui::AskBox* ask = tab->askBox();
    ask->lineEdit()->setFocus();
    QTest::keyClicks(ask->lineEdit(), QStringLiteral("events by count"));
    QTest::keyClick(ask->lineEdit(), Qt::Key_Return);
    QTRY_VERIFY_WITH_TIMEOUT(!ask->isBusy(), 20000);
    QCOMPARE(editor->text(), after);
    QVERIFY2(ask->messageText().contains(QStringLiteral("not been run")), qPrintable(ask->messageText()));
    QCOMPARE(started.count(), 0); // never run
    QCOMPARE(tab->status(), ui::QueryTab::Status::Idle);
    QVERIFY(editor->selectedText().startsWith(QStringLiteral("SELECT event, count()"))); // for review

    // The question went with the statement at the cursor as context.
    QCOMPARE(drafts.requests.size(), 1);
    const QUrl request = drafts.requests.front();
    QVERIFY2(request.path().endsWith(QStringLiteral("/query/draft_sql/")), qPrintable(request.path()));
    const QUrlQuery query(request);
    QCOMPARE(query.queryItemValue(QStringLiteral("prompt"), QUrl::FullyDecoded),
             QStringLiteral("events by count"));
    if (!before.isEmpty())
        QVERIFY(query.hasQueryItem(QStringLiteral("current_query")));

    // One undo step takes the whole draft away.
    editor->undo();
    QCOMPARE(editor->text(), before);
    if (QTest::currentDataTag() == QByteArrayLiteral("after the script, closing its statement")) {
        editor->redo();
        screenshot(QStringLiteral("ask-draft-light"));
    }
    m_window->setClient(m_client.get(), m_scheduler.get(), QStringLiteral("test server"));
}

void TestUiEditorPanels::askCanBeCancelled()
{
    DraftServer silent(QByteArray(), /*answer=*/false);
    QVERIFY(silent.listen());
    api::ApiClient client(api::Connection{silent.url(), kToken, QStringLiteral("1")});
    api::QueryScheduler scheduler(client, api::SchedulerLimits::unthrottled());
    m_window->setClient(&client, &scheduler, QStringLiteral("silent server"));

    const QString query = QStringLiteral("SELECT 1");
    ui::QueryTab* tab = freshTab(query);
    ui::AskBox* ask = tab->askBox();
    ask->lineEdit()->setFocus();
    QTest::keyClicks(ask->lineEdit(), QStringLiteral("anything"));
    QTest::keyClick(ask->lineEdit(), Qt::Key_Return);
    QTRY_COMPARE(silent.requests.size(), 1);
    QVERIFY(ask->isBusy());
    QVERIFY(ask->cancelButton()->isVisible());
    QVERIFY(ask->lineEdit()->isReadOnly());
    screenshot(QStringLiteral("ask-busy-light"));
    QTest::mouseClick(ask->cancelButton(), Qt::LeftButton);
    QVERIFY(!ask->isBusy());
    QVERIFY(!ask->cancelButton()->isVisible());
    QVERIFY(!ask->lineEdit()->isReadOnly());
    QCOMPARE(ask->messageText(), QStringLiteral("Cancelled."));
    QTest::qWait(100);
    QCOMPARE(tab->editor()->text(), query);
    m_window->setClient(m_client.get(), m_scheduler.get(), QStringLiteral("test server"));

    // A connection that goes away under the box leaves it saying so, not sending through it.
    auto gone = std::make_unique<api::ApiClient>(api::Connection{silent.url(), kToken, QStringLiteral("1")});
    auto goneScheduler = std::make_unique<api::QueryScheduler>(*gone, api::SchedulerLimits::unthrottled());
    tab->setScheduler(goneScheduler.get());
    goneScheduler.reset();
    gone.reset();
    QTest::qWait(10);
    ask->ask();
    QVERIFY(!ask->isBusy());
    QVERIFY2(ask->messageText().contains(QStringLiteral("Not connected")), qPrintable(ask->messageText()));
    QCOMPARE(silent.requests.size(), 1);
    tab->setScheduler(m_scheduler.get());
}

void TestUiEditorPanels::darkPaletteSwitchesEditorColours()
{
    ui::QueryTab* tab = freshTab(QStringLiteral("SELECT event, count() AS n -- per event\nFROM events\nWHERE "
                                                "event = {ev} AND toFloat(1.5) > 0\nGROUP BY event"));
    typeValue(tab, QStringLiteral("ev"), QStringLiteral("Text"), QStringLiteral("$pageview"));
    ui::HogqlEditor* editor = tab->editor();
    tab->run();
    QTRY_COMPARE_WITH_TIMEOUT(tab->status(), ui::QueryTab::Status::Succeeded, kQueryTimeoutMs);
    editor->setText(editor->text() + QStringLiteral("\nSELECT FROM"));
    editor->checkSyntaxNow();
    QVERIFY(!editor->syntaxErrors().isEmpty());
    QVERIFY(!editor->isDarkScheme());
    const QColor lightPaper = styleBack(editor, ui::HogqlLexer::Default);
    const QColor lightKeyword = styleFore(editor, ui::HogqlLexer::Keyword);
    QVERIFY(lightPaper.lightness() > 200);
    screenshot(QStringLiteral("editor-light"));

    const int lightGlyph = glyphLightness(m_window->runAction()->icon());
    QVERIFY2(lightGlyph >= 0 && lightGlyph < 100, qPrintable(QString::number(lightGlyph)));
    QApplication::setPalette(darkPalette());
    QTRY_VERIFY(editor->isDarkScheme());
    // The toolbar's black media glyphs turn light on the dark toolbar.
    QTRY_VERIFY(glyphLightness(m_window->runAction()->icon()) > 180);
    QVERIFY(editor->hogqlLexer()->isDark());
    const QColor darkPaper = styleBack(editor, ui::HogqlLexer::Default);
    QVERIFY2(darkPaper.lightness() < 60, qPrintable(darkPaper.name()));
    QCOMPARE(styleBack(editor, ui::HogqlLexer::Comment), darkPaper); // every style, not just the default
    QCOMPARE(editor->hogqlLexer()->paper(ui::HogqlLexer::String), darkPaper);
    const QColor darkKeyword = styleFore(editor, ui::HogqlLexer::Keyword);
    QVERIFY(darkKeyword != lightKeyword);
    QVERIFY2(darkKeyword.lightness() > 150, qPrintable(darkKeyword.name())); // readable on the dark paper
    QVERIFY(styleFore(editor, ui::HogqlLexer::Default).lightness() > 180);
    const QColor caretLine(
        int(editor->SendScintilla(QsciScintillaBase::SCI_GETCARETLINEBACK) & 0xff),
        int((editor->SendScintilla(QsciScintillaBase::SCI_GETCARETLINEBACK) >> 8) & 0xff),
        int((editor->SendScintilla(QsciScintillaBase::SCI_GETCARETLINEBACK) >> 16) & 0xff));
    QVERIFY2(caretLine.lightness() < 80, qPrintable(caretLine.name()));
    QCOMPARE(styleBack(editor, QsciScintillaBase::STYLE_LINENUMBER),
             ui::theme::colors(true).marginBackground);
    const long indicatorFore =
        editor->SendScintilla(QsciScintillaBase::SCI_INDICGETFORE, 8 /* the editor's error indicator */);
    QCOMPARE(QColor(int(indicatorFore & 0xff), int((indicatorFore >> 8) & 0xff),
                    int((indicatorFore >> 16) & 0xff)),
             ui::theme::colors(true).errorIndicator);

    // Inline messages take the dark variant too, including ones shown before the switch.
    tab->askBox()->ask(); // nothing typed: says so inline, no request
    QVERIFY(tab->askBox()->messageText().contains(QStringLiteral("question")));
    auto* askMessage = tab->askBox()->findChild<QLabel*>(QStringLiteral("askMessage"));
    QVERIFY(askMessage != nullptr);
    QVERIFY(askMessage->styleSheet().contains(ui::theme::colors(true).errorBackground.name()));
    screenshot(QStringLiteral("editor-dark"));
    // A new tab opened while dark starts dark.
    ui::QueryTab* second = freshTab(QStringLiteral("SELECT {x}"));
    QVERIFY(second->editor()->isDarkScheme());

    QApplication::setPalette(m_lightPalette);
    QTRY_VERIFY(!editor->isDarkScheme());
    QCOMPARE(glyphLightness(m_window->runAction()->icon()), lightGlyph);
    QCOMPARE(styleBack(editor, ui::HogqlLexer::Default), lightPaper);
    QCOMPARE(styleFore(editor, ui::HogqlLexer::Keyword), lightKeyword);
}

void TestUiEditorPanels::lexerMarksPlaceholders()
{
    ui::HogqlEditor editor;
    const QString text = QStringLiteral("SELECT {ev}, { variables.day }, {'k': 1}, f'{t}', '{s}'");
    editor.setText(text);
    editor.SendScintilla(QsciScintilla::SCI_COLOURISE, 0, -1);
    const auto styleAt = [&](const QString& needle, int offset = 0) {
        return int(editor.SendScintilla(QsciScintilla::SCI_GETSTYLEAT,
                                        static_cast<unsigned long>(text.indexOf(needle) + offset)));
    };
    QCOMPARE(styleAt(QStringLiteral("{ev}")), int(ui::HogqlLexer::Placeholder));
    QCOMPARE(styleAt(QStringLiteral("{ev}"), 3), int(ui::HogqlLexer::Placeholder));
    QCOMPARE(styleAt(QStringLiteral("variables.day")), int(ui::HogqlLexer::Placeholder));
    QCOMPARE(styleAt(QStringLiteral("day }"), 4), int(ui::HogqlLexer::Placeholder));
    QCOMPARE(styleAt(QStringLiteral("{'k'")), int(ui::HogqlLexer::Operator)); // a dict literal
    QCOMPARE(styleAt(QStringLiteral("{t}")), int(ui::HogqlLexer::Operator));  // inside a template string
    QCOMPARE(styleAt(QStringLiteral("{s}")), int(ui::HogqlLexer::String));
    QVERIFY(styleBack(&editor, ui::HogqlLexer::Placeholder) != styleBack(&editor, ui::HogqlLexer::Default));
}

QTEST_MAIN(TestUiEditorPanels)
#include "tst_ui_editor_panels.moc"
