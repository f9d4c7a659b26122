// GUI tests of connecting: the connection dialog (profiles, key storage, Test connection, errors
// inline), switching the session and the project, the schema sidebar filled from the connection's
// definitions, and the messages panel jumping to a message's range in its editor. Against a real
// hogscope-server process on a generated demo store, offscreen, with isolated settings.

#include "tests/integration/server/server_test_support.h"

#include "ui/app_controller.h"
#include "ui/connection_banner.h"
#include "ui/connection_dialog.h"
#include "ui/hogql_editor.h"
#include "ui/main_window.h"
#include "ui/messages_dock.h"
#include "ui/query_tab.h"
#include "ui/schema_sidebar.h"
#include "ui/sidebar_feeder.h"

#include "api/api_client.h"
#include "api/definitions_cache.h"
#include "api/query_scheduler.h"
#include "local/demo_generator.h"
#include "workspace/connection_profiles.h"
#include "workspace/key_store.h"
#include "workspace/settings.h"

#include <QApplication>
#include <QComboBox>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMouseEvent>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>
#include <QTreeWidget>

#include <cstdlib>
#include <memory>

using namespace hogscope;

namespace {

const QByteArray kToken = QByteArrayLiteral("connection-test-token-0123456789");
constexpr int kDemoEvents = 2000;
constexpr int kTimeoutMs = 30000;

QTreeWidgetItem* sectionItem(ui::SchemaSidebar* sidebar, const QString& title)
{
    QTreeWidget* tree = sidebar->tree();
    for (int i = 0; i < tree->topLevelItemCount(); ++i) {
        if (tree->topLevelItem(i)->text(0) == title)
            return tree->topLevelItem(i);
    }
    return nullptr;
}

// Where screenshots of the dialog and the sidebar go, for people to look at.
QString screenshotPath(const QString& name)
{
    const QString dir = qEnvironmentVariableIsSet("HOGSCOPE_SCREENSHOT_DIR")
                            ? qEnvironmentVariable("HOGSCOPE_SCREENSHOT_DIR")
                            : QDir::tempPath();
    return QDir(dir).filePath(name);
}

} // namespace

class TestUiConnection : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void dialogIsNonModalAndListsTheDemo();
    void validationErrorsAreInline_data();
    void validationErrorsAreInline();
    void testConnectionListsProjects();
    void testConnectionErrorsAreInline_data();
    void testConnectionErrorsAreInline();
    void connectSwitchesClientAndFillsSidebar();
    void keyIsNeverStoredInPlainText();
    void switchingKeepsTabsAndRetiresOldClient();
    void projectSwitchRepointsClientAndShowsFailure();
    void sidebarRefreshFetchesAgain();
    void sidebarVolumesFromDefinitionsOrACount();
    void reconnectsLastConnectionAtStart();
    void profileWithoutStoredKeyAsksForIt();
    void messageJumpSelectsServerErrorRange();
    void messageJumpSelectsFormatErrorRange();

private:
    void startController();
    // Fills the dialog's form for a new profile on the test server and clicks Save.
    void addServerProfile(const QString& name, const QByteArray& key);
    void connectProfile(const QString& name, const QByteArray& key);

    QTemporaryDir m_dir;
    QString m_store;
    QString m_demoStore;
    servertest::ServerProcess m_server;
    QUrl m_url;
    QStringList m_eventNames; // distinct events of the store
    int m_settingsCounter = 0;
    std::unique_ptr<workspace::Settings> m_settings;
    std::unique_ptr<ui::MainWindow> m_window;
    std::unique_ptr<ui::AppController> m_controller;
};

void TestUiConnection::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_store = m_dir.filePath(QStringLiteral("demo.sqlite"));
    local::DemoOptions options;
    options.events = kDemoEvents;
    // Data up to today, so that the last 30 days (the sidebar's volumes) hold events.
    options.endDate = QDateTime::currentDateTimeUtc().date();
    const local::DemoResult result = local::generateDemoStore(m_store, options, {});
    QVERIFY2(result.ok, qPrintable(result.error));
    // "Local demo" runs on a copy: the server process has the original open.
    m_demoStore = m_dir.filePath(QStringLiteral("demo-copy.sqlite"));
    QVERIFY(QFile::copy(m_store, m_demoStore));
    m_url = m_server.start(m_store, kToken);
    QVERIFY2(m_url.isValid(), qPrintable(m_server.lastError));

    // The store's event names, straight from the server, to compare the sidebar against.
    QNetworkAccessManager nam;
    const servertest::Response response = servertest::send(
        nam, "POST", servertest::urlFor(m_url, QStringLiteral("/api/projects/1/query/")), kToken,
        R"({"query":{"kind":"HogQLQuery","query":"SELECT DISTINCT event FROM events"}})");
    QCOMPARE(response.status, 200);
    for (const QJsonValue& row : response.body.value(QStringLiteral("results")).toArray())
        m_eventNames << row.toArray().first().toString();
    QVERIFY(m_eventNames.size() >= 3);
}

void TestUiConnection::init()
{
    // A settings file per test: profiles and the last connection must not leak between tests.
    m_settings = std::make_unique<workspace::Settings>(
        m_dir.filePath(QStringLiteral("settings-%1.ini").arg(++m_settingsCounter)));
    m_window = std::make_unique<ui::MainWindow>(*m_settings);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
}

void TestUiConnection::cleanup()
{
    m_controller.reset();
    m_window.reset();
    m_settings.reset();
}

void TestUiConnection::startController()
{
    ui::LaunchOptions options;
    options.demoStorePath = m_demoStore; // what "Local demo" opens
    m_controller = std::make_unique<ui::AppController>(options, *m_settings, *m_window);
    m_controller->start();
}

void TestUiConnection::addServerProfile(const QString& name, const QByteArray& key)
{
    ui::ConnectionDialog* dialog = m_controller->connectionDialog();
    QVERIFY(dialog != nullptr);
    QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("addConnection")), Qt::LeftButton);
    QVERIFY(dialog->selectedId().isEmpty()); // the new, unsaved entry
    dialog->nameField()->clear();
    QTest::keyClicks(dialog->nameField(), name);
    dialog->hostChoice()->setCurrentIndex(dialog->hostChoice()->findData(QString()));
    QVERIFY(dialog->customHostField()->isVisible());
    QTest::keyClicks(dialog->customHostField(), m_url.toString());
    QTest::keyClicks(dialog->keyField(), QString::fromLatin1(key));
    QTest::keyClicks(dialog->projectChoice()->lineEdit(), QStringLiteral("1"));
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QVERIFY2(dialog->formStatus()->isHidden(), qPrintable(dialog->formStatus()->text()));
    QCOMPARE(dialog->selectedId(), name);
}

void TestUiConnection::connectProfile(const QString& name, const QByteArray& key)
{
    workspace::ConnectionProfile profile{name, m_url.toString(), QStringLiteral("1")};
    workspace::ConnectionProfiles(*m_settings).upsert(profile);
    m_controller->connectProfile(profile, key);
    QVERIFY(m_window->client() != nullptr);
}

void TestUiConnection::dialogIsNonModalAndListsTheDemo()
{
    startController();
    QVERIFY(m_window->client() == nullptr);
    QVERIFY(!m_window->connectionBanner()->isHidden());
    QVERIFY(m_window->connectionBanner()->body().contains(QStringLiteral("Connect…")));

    // The sidebar's switch button opens it.
    QTest::mouseClick(m_window->schemaSidebar()->switchButton(), Qt::LeftButton);
    ui::ConnectionDialog* dialog = m_controller->connectionDialog();
    QVERIFY(dialog != nullptr);
    QVERIFY(dialog->isVisible());
    QVERIFY(!dialog->isModal());
    QCOMPARE(QApplication::activeModalWidget(), nullptr); // no nested loop, nothing blocked
    QCOMPARE(dialog->profileList()->count(), 1);
    QCOMPARE(dialog->selectedId(), ui::ConnectionDialog::demoId());
    QVERIFY(!dialog->deleteButton()->isEnabled());

    // So does the menu action.
    dialog->hide();
    m_window->connectAction()->trigger();
    QVERIFY(dialog->isVisible());

    // Choosing the demo connects to the embedded backend on the test store.
    QSignalSpy connected(m_controller.get(), &ui::AppController::connected);
    QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    QVERIFY(dialog->isHidden());
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeoutMs);
    QCOMPARE(m_controller->currentConnection(), ui::ConnectionDialog::demoId());
    QCOMPARE(m_settings->value(ui::AppController::lastConnectionKey()), ui::ConnectionDialog::demoId());
    QVERIFY(m_window->connectionBanner()->isHidden());
    QTRY_COMPARE_WITH_TIMEOUT(m_window->schemaSidebar()->sectionSize(QStringLiteral("events")),
                              int(m_eventNames.size()), kTimeoutMs);
}

void TestUiConnection::validationErrorsAreInline_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QString>("url");
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("project");
    QTest::addColumn<QString>("expected");
    QTest::newRow("no name") << QString() << QStringLiteral("http://127.0.0.1:1") << QStringLiteral("k")
                             << QStringLiteral("1") << QStringLiteral("needs a name");
    QTest::newRow("plain http elsewhere")
        << QStringLiteral("x") << QStringLiteral("http://posthog.example.com") << QStringLiteral("k")
        << QStringLiteral("1") << QStringLiteral("unencrypted");
    QTest::newRow("no project") << QStringLiteral("x") << QStringLiteral("http://127.0.0.1:1")
                                << QStringLiteral("k") << QString() << QStringLiteral("project");
    QTest::newRow("no key") << QStringLiteral("x") << QStringLiteral("http://127.0.0.1:1") << QString()
                            << QStringLiteral("1") << QStringLiteral("API key");
    QTest::newRow("reserved name") << QStringLiteral("demo") << QStringLiteral("http://127.0.0.1:1")
                                   << QStringLiteral("k") << QStringLiteral("1")
                                   << QStringLiteral("reserved");
}

void TestUiConnection::validationErrorsAreInline()
{
    QFETCH(QString, name);
    QFETCH(QString, url);
    QFETCH(QString, key);
    QFETCH(QString, project);
    QFETCH(QString, expected);
    startController();
    m_controller->showConnectionDialog();
    ui::ConnectionDialog* dialog = m_controller->connectionDialog();
    dialog->addProfile();
    QTest::keyClicks(dialog->nameField(), name);
    dialog->hostChoice()->setCurrentIndex(dialog->hostChoice()->findData(QString()));
    QTest::keyClicks(dialog->customHostField(), url);
    QTest::keyClicks(dialog->keyField(), key);
    QTest::keyClicks(dialog->projectChoice()->lineEdit(), project);
    QTest::mouseClick(dialog->saveButton(), Qt::LeftButton);
    QVERIFY(dialog->formStatus()->isVisible());
    QVERIFY2(dialog->formStatus()->text().contains(expected, Qt::CaseInsensitive),
             qPrintable(dialog->formStatus()->text()));
    QVERIFY(workspace::ConnectionProfiles(*m_settings).all().isEmpty()); // nothing saved
    QCOMPARE(QApplication::activeModalWidget(), nullptr);                // inline, no message box
}

void TestUiConnection::testConnectionListsProjects()
{
    startController();
    m_controller->showConnectionDialog();
    ui::ConnectionDialog* dialog = m_controller->connectionDialog();
    dialog->addProfile();
    QTest::keyClicks(dialog->nameField(), QStringLiteral("Local server"));
    dialog->hostChoice()->setCurrentIndex(dialog->hostChoice()->findData(QString()));
    QTest::keyClicks(dialog->customHostField(), m_url.toString());
    QTest::keyClicks(dialog->keyField(), QString::fromLatin1(kToken));
    QTest::mouseClick(dialog->testButton(), Qt::LeftButton);
    QVERIFY(dialog->isTesting());
    QVERIFY(!dialog->testButton()->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isTesting(), kTimeoutMs);
    QVERIFY2(dialog->testStatus()->text().contains(QStringLiteral("local@hogscope.invalid")),
             qPrintable(dialog->testStatus()->text()));
    QVERIFY(dialog->testStatus()->text().contains(QStringLiteral("1 project")));
    QCOMPARE(dialog->projectChoice()->count(), 1);
    QCOMPARE(dialog->projectChoice()->itemData(0).toString(), QStringLiteral("1"));
    QCOMPARE(dialog->projectChoice()->currentIndex(), 0); // chosen, as the only one

    dialog->grab().save(screenshotPath(QStringLiteral("hogscope-connection-dialog.png")));

    // Connect saves the profile with the chosen project and switches the window to it.
    QSignalSpy connected(m_controller.get(), &ui::AppController::connected);
    QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    QCOMPARE(connected.count(), 1);
    const std::optional<workspace::ConnectionProfile> saved =
        workspace::ConnectionProfiles(*m_settings).find(QStringLiteral("Local server"));
    QVERIFY(saved.has_value());
    QCOMPARE(saved->project, QStringLiteral("1"));
    QCOMPARE(QUrl(saved->host), m_url.adjusted(QUrl::StripTrailingSlash));
    QCOMPARE(m_window->client()->connection().baseUrl, QUrl(saved->host));
    QCOMPARE(m_window->client()->connection().projectId, QStringLiteral("1"));
}

void TestUiConnection::testConnectionErrorsAreInline_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QString>("expected");
    // An unused port: bind one, then free it.
    QTcpServer probe;
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const QString closed = QStringLiteral("http://127.0.0.1:%1").arg(probe.serverPort());
    probe.close();
    QTest::newRow("wrong key") << QString() << QByteArrayLiteral("wrong-key") << QStringLiteral("key");
    QTest::newRow("nothing listening") << closed << kToken << QStringLiteral("127.0.0.1");
}

void TestUiConnection::testConnectionErrorsAreInline()
{
    QFETCH(QString, url);
    QFETCH(QByteArray, key);
    QFETCH(QString, expected);
    startController();
    m_controller->showConnectionDialog();
    ui::ConnectionDialog* dialog = m_controller->connectionDialog();
    dialog->addProfile();
    QTest::keyClicks(dialog->nameField(), QStringLiteral("Broken"));
    dialog->hostChoice()->setCurrentIndex(dialog->hostChoice()->findData(QString()));
    QTest::keyClicks(dialog->customHostField(), url.isEmpty() ? m_url.toString() : url);
    QTest::keyClicks(dialog->keyField(), QString::fromLatin1(key));
    QTest::mouseClick(dialog->testButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isTesting(), kTimeoutMs);
    const QString text = dialog->testStatus()->text();
    QVERIFY2(text.contains(expected, Qt::CaseInsensitive), qPrintable(text));
    QVERIFY(!text.startsWith(QStringLiteral("✓")));
    QVERIFY(dialog->testStatus()->styleSheet().contains(QStringLiteral("#dc2626"))); // shown as an error
    QCOMPARE(dialog->projectChoice()->count(), 0);
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
    QVERIFY(dialog->testButton()->isEnabled());
}

void TestUiConnection::connectSwitchesClientAndFillsSidebar()
{
    startController();
    m_controller->showConnectionDialog();
    addServerProfile(QStringLiteral("Local server"), kToken);
    ui::ConnectionDialog* dialog = m_controller->connectionDialog();
    QCOMPARE(dialog->profileList()->count(), 2);
    QVERIFY(dialog->deleteButton()->isEnabled());

    QSignalSpy connected(m_controller.get(), &ui::AppController::connected);
    QTest::mouseClick(dialog->connectButton(), Qt::LeftButton);
    QCOMPARE(connected.count(), 1);
    QVERIFY(dialog->isHidden());
    api::ApiClient* client = m_window->client();
    QVERIFY(client != nullptr);
    QCOMPARE(client->connection().baseUrl, m_url.adjusted(QUrl::StripTrailingSlash));
    QCOMPARE(client->connection().apiKey, kToken);
    QCOMPARE(m_controller->currentConnection(), QStringLiteral("Local server"));
    QCOMPARE(m_settings->value(ui::AppController::lastConnectionKey()),
             QStringLiteral("profile:Local server"));

    // The sidebar fills with the store's events (with their volumes) and both kinds of properties.
    ui::SchemaSidebar* sidebar = m_window->schemaSidebar();
    QVERIFY(sidebar->switchButton()->isVisible());
    QTRY_COMPARE_WITH_TIMEOUT(sidebar->sectionSize(QStringLiteral("events")), int(m_eventNames.size()),
                              kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!m_controller->sidebarFeeder()->isLoading(), kTimeoutMs);
    QTreeWidgetItem* events = sectionItem(sidebar, QStringLiteral("Events"));
    QVERIFY(events != nullptr);
    qint64 total = 0;
    qint64 previous = std::numeric_limits<qint64>::max();
    for (int i = 0; i < events->childCount(); ++i) {
        QVERIFY(m_eventNames.contains(events->child(i)->text(0)));
        const qint64 volume = QLocale().toLongLong(events->child(i)->text(1));
        QVERIFY2(volume >= 0 && !events->child(i)->text(1).isEmpty(), qPrintable(events->child(i)->text(1)));
        QVERIFY(volume <= previous); // most used first
        previous = volume;
        total += volume;
    }
    QVERIFY(total > 0 && total <= kDemoEvents); // the last 30 days of the store
    QVERIFY(sidebar->sectionSize(QStringLiteral("event")) > 0);
    QVERIFY(sidebar->sectionSize(QStringLiteral("person")) > 0);
    QTreeWidgetItem* personProperties = sectionItem(sidebar, QStringLiteral("Person properties"));
    bool typed = false;
    for (int i = 0; i < personProperties->childCount(); ++i)
        typed = typed || !personProperties->child(i)->text(1).isEmpty();
    QVERIFY(typed);
    QVERIFY(sidebar->statusText().isEmpty());
    // Project 1 is the only one the key sees: no switcher.
    QTRY_COMPARE_WITH_TIMEOUT(sidebar->projectSwitcher()->count(), 1, kTimeoutMs);
    QVERIFY(!sidebar->projectSwitcher()->isVisible());

    sectionItem(sidebar, QStringLiteral("Tables"))->setExpanded(false);
    events->setExpanded(true);
    sectionItem(sidebar, QStringLiteral("Event properties"))->setExpanded(true);
    m_window->resize(1280, 820);
    QTest::qWait(50); // the new size laid out
    sidebar->parentWidget()->grab().save(screenshotPath(QStringLiteral("hogscope-sidebar.png")));
    m_controller->showConnectionDialog();
    dialog->grab().save(screenshotPath(QStringLiteral("hogscope-connection-dialog-saved.png")));
}

void TestUiConnection::keyIsNeverStoredInPlainText()
{
    startController();
    m_controller->showConnectionDialog();
    workspace::KeyStore* keys = m_controller->keyStore();
    QSignalSpy written(keys, &workspace::KeyStore::keyWritten);
    addServerProfile(QStringLiteral("Local server"), kToken);
    ui::ConnectionDialog* dialog = m_controller->connectionDialog();
    QTRY_COMPARE_WITH_TIMEOUT(written.count(), 1, kTimeoutMs);
    const bool persisted = written.first().at(1).toBool();
    QCOMPARE(persisted, keys->keychainAvailable());
    QCOMPARE(dialog->keyNotice()->isVisible(), !persisted);
    // Offscreen test machines have no keychain: the key stays in memory and the user is told.
    if (!persisted) {
        QVERIFY(dialog->keyNotice()->text().contains(QStringLiteral("this session only")));
        bool told = false;
        for (int row = 0; row < m_window->messagesDock()->messageCount(); ++row)
            told =
                told || m_window->messagesDock()->messageText(row).contains(QStringLiteral("session only"));
        QVERIFY(told);
    }
    QVERIFY(dialog->keyField()->text().isEmpty());
    m_settings->sync();
    QFile file(m_settings->filePath());
    QVERIFY(file.open(QIODevice::ReadOnly));
    const QByteArray stored = file.readAll();
    QVERIFY(stored.contains("Local server"));
    QVERIFY(!stored.contains(kToken));

    // The stored key is found again for Test connection without typing it.
    dialog->selectEntry(QStringLiteral("demo"));
    dialog->selectEntry(QStringLiteral("Local server"));
    QVERIFY(dialog->keyField()->text().isEmpty());
    QTest::mouseClick(dialog->testButton(), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!dialog->isTesting(), kTimeoutMs);
    QVERIFY2(dialog->testStatus()->text().startsWith(QStringLiteral("✓")),
             qPrintable(dialog->testStatus()->text()));

    // Deleting the profile deletes its key too.
    QSignalSpy deleted(keys, &workspace::KeyStore::keyDeleted);
    QTest::mouseClick(dialog->deleteButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(deleted.count(), 1, kTimeoutMs);
    QCOMPARE(dialog->profileList()->count(), 1);
    QVERIFY(workspace::ConnectionProfiles(*m_settings).all().isEmpty());
}

void TestUiConnection::switchingKeepsTabsAndRetiresOldClient()
{
    startController();
    connectProfile(QStringLiteral("First"), kToken);
    QPointer<api::ApiClient> first = m_window->client();
    QPointer<api::QueryScheduler> firstScheduler = m_window->scheduler();
    m_window->newTab(QStringLiteral("SELECT 2"));
    const int tabs = m_window->tabCount();
    ui::QueryTab* running = m_window->newTab(QStringLiteral("SELECT count() FROM events"));
    running->run();
    QCOMPARE(running->status(), ui::QueryTab::Status::Running);

    connectProfile(QStringLiteral("Second"), kToken);
    QVERIFY(m_window->client() != first);
    QVERIFY(m_window->scheduler() != firstScheduler);
    QCOMPARE(m_window->tabCount(), tabs + 1); // the tabs stay
    QVERIFY(running->status() != ui::QueryTab::Status::Running);
    QVERIFY(firstScheduler.isNull()); // gone at once; its client once its cancels are answered
    QTRY_VERIFY_WITH_TIMEOUT(first.isNull(), 10000);
    QCOMPARE(m_controller->currentConnection(), QStringLiteral("Second"));

    // The new client runs queries.
    running->run();
    QTRY_COMPARE_WITH_TIMEOUT(running->status(), ui::QueryTab::Status::Succeeded, kTimeoutMs);
}

void TestUiConnection::projectSwitchRepointsClientAndShowsFailure()
{
    startController();
    connectProfile(QStringLiteral("Local server"), kToken);
    ui::SchemaSidebar* sidebar = m_window->schemaSidebar();
    QTRY_COMPARE_WITH_TIMEOUT(sidebar->sectionSize(QStringLiteral("events")), int(m_eventNames.size()),
                              kTimeoutMs);
    const int messagesBefore = m_window->messagesDock()->messageCount();

    // A project the server does not have: the client is re-pointed, the profile remembers it, and the
    // sidebar says inline (and in the messages) why it is empty, without a dialog.
    QSignalSpy changed(m_window.get(), &ui::MainWindow::clientChanged);
    Q_EMIT sidebar->projectSwitchRequested(QStringLiteral("2"));
    QVERIFY(changed.count() >= 1);
    QCOMPARE(m_window->client()->connection().projectId, QStringLiteral("2"));
    QCOMPARE(m_window->client()->connection().baseUrl, m_url.adjusted(QUrl::StripTrailingSlash));
    QCOMPARE(workspace::ConnectionProfiles(*m_settings).find(QStringLiteral("Local server"))->project,
             QStringLiteral("2"));
    QTRY_VERIFY_WITH_TIMEOUT(sidebar->statusIsError(), kTimeoutMs);
    QVERIFY2(sidebar->statusText().contains(QStringLiteral("not found"), Qt::CaseInsensitive),
             qPrintable(sidebar->statusText()));
    QCOMPARE(sidebar->sectionSize(QStringLiteral("events")), 0);
    bool reported = false;
    for (int row = messagesBefore; row < m_window->messagesDock()->messageCount(); ++row) {
        reported =
            reported || (m_window->messagesDock()->messageSeverity(row) == ui::MessageSeverity::Error &&
                         m_window->messagesDock()->messageText(row).contains(QStringLiteral("not found"),
                                                                             Qt::CaseInsensitive));
    }
    QVERIFY(reported);
    QCOMPARE(QApplication::activeModalWidget(), nullptr);
    sidebar->grab().save(screenshotPath(QStringLiteral("hogscope-sidebar-error.png")));

    // Back to project 1: the lists come back (from the cache) and the error goes.
    Q_EMIT sidebar->projectSwitchRequested(QStringLiteral("1"));
    QCOMPARE(m_window->client()->connection().projectId, QStringLiteral("1"));
    QTRY_COMPARE_WITH_TIMEOUT(sidebar->sectionSize(QStringLiteral("events")), int(m_eventNames.size()),
                              kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(!sidebar->statusIsError(), kTimeoutMs);
}

void TestUiConnection::sidebarRefreshFetchesAgain()
{
    startController();
    connectProfile(QStringLiteral("Local server"), kToken);
    ui::SchemaSidebar* sidebar = m_window->schemaSidebar();
    QTRY_VERIFY_WITH_TIMEOUT(!m_controller->sidebarFeeder()->isLoading(), kTimeoutMs);
    QCOMPARE(sidebar->sectionSize(QStringLiteral("events")), int(m_eventNames.size()));
    const int requests = m_controller->sidebarFeeder()->definitions()->requestsSent();
    QTest::mouseClick(sidebar->refreshButton(), Qt::LeftButton);
    QVERIFY(m_controller->sidebarFeeder()->isLoading());
    QCOMPARE(sidebar->statusText(), QStringLiteral("Loading events and properties…"));
    QTRY_VERIFY_WITH_TIMEOUT(!m_controller->sidebarFeeder()->isLoading(), kTimeoutMs);
    QVERIFY(m_controller->sidebarFeeder()->definitions()->requestsSent() >= requests + 3);
    QCOMPARE(sidebar->sectionSize(QStringLiteral("events")), int(m_eventNames.size()));
    QVERIFY(sidebar->statusText().isEmpty());
}

void TestUiConnection::sidebarVolumesFromDefinitionsOrACount()
{
    // Event definitions that carry volume_30_day give the sidebar its volumes without a query of the
    // project's rate limit; where they say null (PostHog on plans without it) one background count
    // gives them. Both ways show the same volumes.
    servertest::ServerProcess withoutVolumes;
    const QUrl nullVolumes = withoutVolumes.start(m_store, kToken, {QStringLiteral("--no-event-volumes")});
    QVERIFY2(nullVolumes.isValid(), qPrintable(withoutVolumes.lastError));
    QHash<QString, qint64> shown[2];
    for (int round = 0; round < 2; ++round) {
        api::ApiClient client(api::Connection{round == 0 ? m_url : nullVolumes, kToken, QStringLiteral("1")});
        api::QueryScheduler scheduler(client);
        ui::SchemaSidebar sidebar;
        ui::SidebarFeeder feeder(&sidebar);
        feeder.setConnection(&client, &scheduler);
        QTRY_VERIFY_WITH_TIMEOUT(!feeder.isLoading(), kTimeoutMs);
        QCOMPARE(feeder.volumeSource(), round == 0 ? ui::SidebarFeeder::VolumeSource::Definitions
                                                   : ui::SidebarFeeder::VolumeSource::Count);
        QTreeWidgetItem* events = sectionItem(&sidebar, QStringLiteral("Events"));
        QVERIFY(events != nullptr);
        QCOMPARE(events->childCount(), int(m_eventNames.size()));
        for (int i = 0; i < events->childCount(); ++i)
            shown[round].insert(events->child(i)->text(0), QLocale().toLongLong(events->child(i)->text(1)));
        feeder.setConnection(nullptr, nullptr);
    }
    QCOMPARE(shown[0].keys().size(), shown[1].keys().size());
    qint64 total = 0;
    for (auto it = shown[0].cbegin(); it != shown[0].cend(); ++it) {
        QVERIFY2(shown[1].contains(it.key()), qPrintable(it.key()));
        // The 30-day window moved by the seconds between the rounds: an event may have left it.
        QVERIFY2(std::abs(shown[1].value(it.key()) - it.value()) <= 2, qPrintable(it.key()));
        total += it.value();
    }
    QVERIFY(total > 0);
}

void TestUiConnection::reconnectsLastConnectionAtStart()
{
    m_settings->setValue(ui::AppController::lastConnectionKey(), ui::ConnectionDialog::demoId());
    startController(); // no command-line connection
    QSignalSpy connected(m_controller.get(), &ui::AppController::connected);
    QTRY_COMPARE_WITH_TIMEOUT(connected.count(), 1, kTimeoutMs);
    QCOMPARE(m_controller->currentConnection(), ui::ConnectionDialog::demoId());
    QVERIFY(m_window->client() != nullptr);
}

void TestUiConnection::profileWithoutStoredKeyAsksForIt()
{
    // The last profile's key was kept for a past session only: at start it is missing, and the
    // banner says how to enter it.
    workspace::ConnectionProfiles(*m_settings)
        .upsert({QStringLiteral("Gone"), QStringLiteral("https://gone.example.com"), QStringLiteral("7")});
    m_settings->setValue(ui::AppController::lastConnectionKey(), QStringLiteral("profile:Gone"));
    ui::LaunchOptions options;
    m_controller = std::make_unique<ui::AppController>(options, *m_settings, *m_window);
    m_controller->keyStore()->setKeychainEnabled(false); // never touch a real keychain here
    QSignalSpy failed(m_controller.get(), &ui::AppController::connectionFailed);
    m_controller->start();
    QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, kTimeoutMs);
    QVERIFY(m_window->client() == nullptr);
    QCOMPARE(m_window->connectionBanner()->kind(), ui::ConnectionBanner::Kind::Error);
    QVERIFY(m_window->connectionBanner()->title().contains(QStringLiteral("Gone")));
    QVERIFY(m_window->connectionBanner()->body().contains(QStringLiteral("Connect…")));
}

void TestUiConnection::messageJumpSelectsServerErrorRange()
{
    startController();
    connectProfile(QStringLiteral("Local server"), kToken);
    const QString text = QStringLiteral("SELECT 1;\n\nSELECT event,\n       nosuchcolumn\nFROM events");
    ui::QueryTab* tab = m_window->newTab(text);
    ui::HogqlEditor* editor = tab->editor();
    editor->setCursorPosition(3, 3);
    tab->run();
    QTRY_COMPARE_WITH_TIMEOUT(tab->status(), ui::QueryTab::Status::Failed, kTimeoutMs);

    ui::MessagesDock* messages = m_window->messagesDock();
    const int row = messages->messageCount() - 1;
    QCOMPARE(messages->messageSeverity(row), ui::MessageSeverity::Error);
    const ui::MessagePosition position = messages->messagePosition(row);
    QVERIFY2(position.isValid(), qPrintable(messages->messageText(row)));
    QCOMPARE(position.tabId, tab->id());
    QCOMPARE(position.line, 4);
    QCOMPARE(position.column, 8);
    QCOMPARE(messages->list()->topLevelItem(row)->text(2), QStringLiteral("4:8"));

    // Elsewhere, with the cursor moved: Enter on the message brings the tab back with the range selected.
    m_window->newTab(QStringLiteral("SELECT 3"));
    QVERIFY(m_window->currentTab() != tab);
    editor->setCursorPosition(0, 0);
    messages->show();
    messages->raise();
    messages->list()->setFocus();
    messages->list()->setCurrentItem(messages->list()->topLevelItem(row));
    QTest::keyClick(messages->list(), Qt::Key_Return);
    QCOMPARE(m_window->currentTab(), tab);
    QCOMPARE(editor->selectedText(), QStringLiteral("nosuchcolumn"));

    // Double-click does the same.
    m_window->newTab(QStringLiteral("SELECT 4"));
    editor->setCursorPosition(0, 0);
    QTreeWidget* list = messages->list();
    messages->raise();
    QTRY_VERIFY(list->isVisible());
    const QRect rect = list->visualItemRect(list->topLevelItem(row));
    QVERIFY2(list->viewport()->rect().contains(rect.center()),
             qPrintable(QStringLiteral("%1,%2 %3x%4 in %5x%6")
                            .arg(rect.x())
                            .arg(rect.y())
                            .arg(rect.width())
                            .arg(rect.height())
                            .arg(list->viewport()->width())
                            .arg(list->viewport()->height())));
    // The events a real double-click delivers (press, release, double-click, release): QTest's
    // mouseDClick does not make the offscreen platform report a double-click.
    const QPoint at = rect.center();
    for (const QEvent::Type type : {QEvent::MouseButtonPress, QEvent::MouseButtonRelease,
                                    QEvent::MouseButtonDblClick, QEvent::MouseButtonRelease}) {
        const Qt::MouseButtons buttons = type == QEvent::MouseButtonRelease ? Qt::NoButton : Qt::LeftButton;
        QMouseEvent event(type, at, list->viewport()->mapToGlobal(at), Qt::LeftButton, buttons,
                          Qt::NoModifier);
        QApplication::sendEvent(list->viewport(), &event);
    }
    QCOMPARE(m_window->currentTab(), tab);
    QCOMPARE(editor->selectedText(), QStringLiteral("nosuchcolumn"));

    // Once its tab is closed, a message has nowhere to go.
    const int tabIndex = [&] {
        for (int i = 0; i < m_window->tabCount(); ++i)
            if (m_window->tab(i) == tab)
                return i;
        return -1;
    }();
    m_window->closeTab(tabIndex);
    QVERIFY(!m_window->showPosition(position));
}

void TestUiConnection::messageJumpSelectsFormatErrorRange()
{
    startController();
    ui::QueryTab* tab = m_window->newTab(QStringLiteral("SELECT a\nFROM events WHERE (b"));
    const QString error = tab->format();
    QVERIFY(!error.isEmpty());
    ui::MessagesDock* messages = m_window->messagesDock();
    const int row = messages->messageCount() - 1;
    QCOMPARE(messages->messageSeverity(row), ui::MessageSeverity::Warning);
    const ui::MessagePosition position = messages->messagePosition(row);
    QVERIFY(position.isValid());
    QCOMPARE(position.line, 2);
    m_window->newTab(QStringLiteral("SELECT 5"));
    messages->activateMessage(row);
    QCOMPARE(m_window->currentTab(), tab);
    int line = 0, index = 0;
    tab->editor()->getCursorPosition(&line, &index);
    QCOMPARE(line, 1); // the error is on the second line
}

QTEST_MAIN(TestUiConnection)
#include "tst_ui_connection.moc"
