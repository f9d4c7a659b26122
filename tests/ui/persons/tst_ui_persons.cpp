// GUI tests of the Persons tab and the person detail against a real embedded server on a generated demo
// store, offscreen. Expected answers come from the store itself (plain SQLite reads) or from the
// server's own InsightActorsQuery answer, never from the code under test.

#include "ui/command_palette.h"
#include "ui/main_window.h"
#include "ui/persons/column_chooser.h"
#include "ui/persons/person_detail_view.h"
#include "ui/persons/persons_fetcher.h"
#include "ui/persons/persons_settings.h"
#include "ui/persons/persons_tab.h"
#include "ui/persons/property_filter_bar.h"
#include "ui/query_tab.h"
#include "ui/results_view.h"

#include "persons_ui_support.h"

#include "api/api_client.h"
#include "api/query_result.h"
#include "api/query_scheduler.h"
#include "local/demo_generator.h"
#include "local/embedded_server.h"
#include "model/event_timeline_model.h"
#include "model/persons_model.h"
#include "model/persons_property_tree.h"
#include "model/result_table.h"
#include "model/result_table_model.h"
#include "workspace/settings.h"

#include <QAbstractItemModelTester>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QCompleter>
#include <QDialog>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QStringListModel>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace hogscope;
using namespace Qt::Literals::StringLiterals;
using model::PagingState;
using personstest::RefusingProxy;
using personstest::Store;

namespace {

const QByteArray kToken = QByteArrayLiteral("persons-ui-test-token");
constexpr int kDemoEvents = 3000;
constexpr int kTimeoutMs = 60000;
const QString kRange = u"\"dateRange\":{\"date_from\":\"2026-03-17\",\"date_to\":\"2026-03-31\"}"_s;

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

QSet<QString> uuids(const model::PersonsModel& model)
{
    QSet<QString> out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.insert(model.person(row).uuid);
    return out;
}

QStringList uuidList(const model::PersonsModel& model)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out.push_back(model.person(row).uuid);
    return out;
}

bool finished(PagingState state)
{
    return state == PagingState::Complete || state == PagingState::Empty || state == PagingState::Failed;
}

// Scrolls the list down, as a user would, until every page is in (or it failed).
bool scrollToEnd(QTableView* view, const std::function<PagingState()>& state)
{
    return QTest::qWaitFor(
        [&] {
            if (finished(state()))
                return true;
            view->scrollToBottom();
            return false;
        },
        kTimeoutMs);
}

} // namespace

class TestUiPersons : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void init();
    void cleanup();

    void listsEveryPersonPageByPage();
    void searchNarrows_data();
    void searchNarrows();
    void propertyFilter_data();
    void propertyFilter();
    void filterCompletesKeysAndValues();
    void sortsOnTheServer();
    void columnsPersistAcrossTabs();
    void cancelAndRetry();
    void errorsShowInline();
    void personDetail();
    void insightActors_data();
    void insightActors();
    void mainWindowWiring();
    void grabForReview();

private:
    std::unique_ptr<ui::PersonsTab> newTab(int pageSize = 10);
    bool waitLoaded(ui::PersonsTab* tab) const;
    QSet<QString> searchExpected(const QString& text) const;
    QJsonObject postQuery(const QUrl& base, const QJsonObject& query) const;

    QTemporaryDir m_dir;
    QString m_storePath;
    Store m_store;
    std::unique_ptr<local::EmbeddedServer> m_server;
    QUrl m_url;
    std::unique_ptr<workspace::Settings> m_settings;
    std::unique_ptr<api::ApiClient> m_client;
    std::unique_ptr<api::QueryScheduler> m_scheduler;
};

void TestUiPersons::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    QVERIFY(m_dir.isValid());
    m_storePath = m_dir.filePath(u"demo.sqlite"_s);
    local::DemoOptions options;
    options.events = kDemoEvents;
    const local::DemoResult result = local::generateDemoStore(m_storePath, options, {});
    QVERIFY2(result.ok, qPrintable(result.error));
    QVERIFY(m_store.open(m_storePath));
    m_server = startServer(m_storePath, &m_url);
    QVERIFY(m_server != nullptr);
    // Enough persons for several pages of 10.
    QVERIFY(m_store.column("SELECT count(*) FROM persons").value(0).toInt() > 50);
}

void TestUiPersons::cleanupTestCase()
{
    m_server.reset();
}

void TestUiPersons::init()
{
    QFile::remove(m_dir.filePath(u"settings.ini"_s));
    m_settings = std::make_unique<workspace::Settings>(m_dir.filePath(u"settings.ini"_s));
    m_client = std::make_unique<api::ApiClient>(api::Connection{m_url, kToken, u"1"_s});
    m_scheduler = std::make_unique<api::QueryScheduler>(*m_client, api::SchedulerLimits::unthrottled());
}

void TestUiPersons::cleanup()
{
    m_scheduler.reset();
    m_client.reset();
    m_settings.reset();
}

std::unique_ptr<ui::PersonsTab> TestUiPersons::newTab(int pageSize)
{
    auto tab = std::make_unique<ui::PersonsTab>(*m_settings);
    tab->setPageSize(pageSize);
    tab->setSearchDelay(50);
    tab->resize(900, 500);
    tab->show();
    tab->setConnection(m_client.get(), m_scheduler.get());
    return tab;
}

bool TestUiPersons::waitLoaded(ui::PersonsTab* tab) const
{
    if (scrollToEnd(tab->tableView(), [tab] { return tab->model()->state(); }))
        return true;
    qWarning("not loaded: state %d, %d rows, fetching %d, status '%s'", int(tab->model()->state()),
             tab->model()->rowCount(), int(tab->model()->isFetching()), qPrintable(tab->statusText()));
    return false;
}

QSet<QString> TestUiPersons::searchExpected(const QString& text) const
{
    // ActorsQuery's search: email, name, the uuid or a distinct id contains the text, any case.
    return m_store.set(
        "SELECT p.id FROM persons p WHERE "
        "lower(coalesce(json_extract(p.properties, '$.email'), '')) LIKE '%' || lower(?1) || '%' "
        "OR lower(coalesce(json_extract(p.properties, '$.name'), '')) LIKE '%' || lower(?1) || '%' "
        "OR lower(p.id) LIKE '%' || lower(?1) || '%' "
        "OR EXISTS (SELECT 1 FROM person_distinct_ids d WHERE d.person_id = p.id "
        "AND lower(d.distinct_id) LIKE '%' || lower(?1) || '%')",
        {text});
}

QJsonObject TestUiPersons::postQuery(const QUrl& base, const QJsonObject& query) const
{
    QNetworkAccessManager manager;
    QNetworkRequest request(base.resolved(QUrl(u"/api/projects/1/query/"_s)));
    request.setRawHeader("Authorization", "Bearer " + kToken);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply* reply = manager.post(request, QJsonDocument(QJsonObject{{u"query"_s, query}}).toJson());
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished() && !done.wait(kTimeoutMs))
        return {};
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll()).object();
}

void TestUiPersons::listsEveryPersonPageByPage()
{
    auto tab = newTab(10);
    model::PersonsModel* model = tab->model();
    QAbstractItemModelTester tester(model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const QStringList expected = m_store.column("SELECT id FROM persons ORDER BY created_at DESC, id DESC");

    // The first screenful arrives with the total the server counted.
    QTRY_VERIFY_WITH_TIMEOUT(model->rowCount() >= 10, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(tab->fetcher()->totalCount() >= 0, kTimeoutMs);
    QCOMPARE(tab->fetcher()->totalCount(), qint64(expected.size()));
    QVERIFY(model->rowCount() < expected.size());
    QVERIFY(tab->model()->canFetchMore(QModelIndex()) || model->isFetching());

    QVERIFY(waitLoaded(tab.get()));
    QCOMPARE(model->state(), PagingState::Complete);
    QCOMPARE(model->rowCount(), expected.size());
    QCOMPARE(uuidList(*model), expected); // newest first, no person twice or missing across pages
    QCOMPARE(tab->statusText(), u"%1 persons"_s.arg(expected.size()));
    QVERIFY(!tab->isShowingMessage());

    // Each row shows the person as the store has it.
    const model::PersonRecord& first = model->person(0);
    const QString properties =
        m_store.column("SELECT properties FROM persons WHERE id = ?", {first.uuid}).value(0);
    QCOMPARE(first.properties, QJsonDocument::fromJson(properties.toUtf8()).object());
    QCOMPARE(QSet<QString>(first.distinctIds.begin(), first.distinctIds.end()),
             m_store.set("SELECT distinct_id FROM person_distinct_ids WHERE person_id = ?", {first.uuid}));
}

void TestUiPersons::searchNarrows_data()
{
    QTest::addColumn<QString>("text");
    const QString userId = m_store
                               .column("SELECT distinct_id FROM person_distinct_ids WHERE distinct_id LIKE "
                                       "'user_%' ORDER BY distinct_id LIMIT 1")
                               .value(0);
    const QString lastName = m_store
                                 .column("SELECT substr(json_extract(properties, '$.name'), "
                                         "instr(json_extract(properties, '$.name'), ' ') + 1) FROM persons "
                                         "WHERE json_extract(properties, '$.name') IS NOT NULL LIMIT 1")
                                 .value(0);
    QTest::newRow("a last name, other case") << lastName.toUpper();
    QTest::newRow("a distinct id") << userId;
    QTest::newRow("email domain") << u"@example.com"_s;
    QTest::newRow("no one") << u"no-such-person-xyz"_s;
}

void TestUiPersons::searchNarrows()
{
    QFETCH(QString, text);
    const QSet<QString> expected = searchExpected(text);
    auto tab = newTab(10);
    QVERIFY(waitLoaded(tab.get()));
    QTest::keyClicks(tab->searchField(), text); // debounced: one listing once typing pauses
    QTRY_COMPARE_WITH_TIMEOUT(tab->fetcher()->search(), text, kTimeoutMs);
    QVERIFY(waitLoaded(tab.get()));
    QCOMPARE(uuids(*tab->model()), expected);
    if (expected.isEmpty()) {
        QCOMPARE(tab->model()->state(), PagingState::Empty);
        QVERIFY(tab->isShowingMessage());
        QVERIFY(tab->messageText().contains(u"No persons found"_s));
    }
}

void TestUiPersons::propertyFilter_data()
{
    QTest::addColumn<QString>("key");
    QTest::addColumn<QString>("op");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("where");
    QTest::newRow("plan = pro") << u"plan"_s << u"exact"_s << u"pro"_s
                                << u"json_extract(properties, '$.plan') = 'pro'"_s;
    QTest::newRow("plan != free") << u"plan"_s << u"is_not"_s << u"free"_s
                                  << u"coalesce(json_extract(properties, '$.plan'), '') <> 'free'"_s;
    QTest::newRow("email contains") << u"email"_s << u"icontains"_s << u"AR"_s
                                    << u"lower(json_extract(properties, '$.email')) LIKE '%ar%'"_s;
    QTest::newRow("email is set") << u"email"_s << u"is_set"_s << QString()
                                  << u"json_extract(properties, '$.email') IS NOT NULL"_s;
    QTest::newRow("browser") << u"$initial_browser"_s << u"exact"_s << u"Safari"_s
                             << u"json_extract(properties, '$.\"$initial_browser\"') = 'Safari'"_s;
}

void TestUiPersons::propertyFilter()
{
    QFETCH(QString, key);
    QFETCH(QString, op);
    QFETCH(QString, value);
    QFETCH(QString, where);
    const QByteArray sql = (u"SELECT id FROM persons WHERE "_s + where).toUtf8();
    const QSet<QString> expected = m_store.set(sql.constData());
    QVERIFY(!expected.isEmpty());
    auto tab = newTab(10);
    QVERIFY(waitLoaded(tab.get()));
    const int all = tab->model()->rowCount();
    QTest::mouseClick(tab->findChild<QWidget*>(u"addFilterButton"_s), Qt::LeftButton);
    QCOMPARE(tab->filterBar()->rowCount(), 1);
    ui::PropertyFilterRow* row = tab->filterBar()->row(0);
    QTest::keyClicks(row->keyField(), key);
    row->operatorBox()->setCurrentIndex(row->operatorBox()->findData(op));
    QTest::keyClicks(row->valueField(), value);
    QTRY_COMPARE_WITH_TIMEOUT(tab->fetcher()->properties(), tab->filterBar()->filters(), kTimeoutMs);
    QCOMPARE(tab->fetcher()->properties().size(), 1);
    QVERIFY(waitLoaded(tab.get()));
    QCOMPARE(uuids(*tab->model()), expected);
    QVERIFY(tab->model()->rowCount() < all || expected.size() == all);

    // Removing the filter lists everyone again.
    QTest::mouseClick(row->findChild<QWidget*>(u"filterRemove"_s), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(tab->fetcher()->properties().isEmpty(), kTimeoutMs);
    QVERIFY(waitLoaded(tab.get()));
    QCOMPARE(tab->model()->rowCount(), all);
}

void TestUiPersons::filterCompletesKeysAndValues()
{
    auto tab = newTab(10);
    ui::PropertyFilterRow* row = tab->filterBar()->addFilter();
    auto* keys = qobject_cast<QStringListModel*>(row->keyField()->completer()->model());
    QVERIFY(keys != nullptr);
    // Keys: the project's person property definitions.
    QTRY_VERIFY_WITH_TIMEOUT(keys->stringList().contains(u"plan"_s), kTimeoutMs);
    QVERIFY(keys->stringList().contains(u"$initial_browser"_s));
    QVERIFY(!keys->stringList().contains(u"$current_url"_s)); // an event property
    QTest::keyClicks(row->keyField(), u"plan"_s);
    // Values: persons/values for the key, narrowed by what is typed.
    row->valueField()->setFocus();
    QTest::keyClicks(row->valueField(), u"r"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!row->valueSuggestions().isEmpty(), kTimeoutMs);
    const QStringList expected = m_store.column(
        "SELECT json_extract(properties, '$.plan') AS v FROM persons WHERE v LIKE '%r%' GROUP BY v");
    const QStringList suggestions = row->valueSuggestions();
    QCOMPARE(QSet<QString>(suggestions.begin(), suggestions.end()),
             QSet<QString>(expected.begin(), expected.end()));
}

void TestUiPersons::sortsOnTheServer()
{
    auto tab = newTab(15);
    tab->setColumns({u"name"_s, u"email"_s});
    QVERIFY(waitLoaded(tab.get()));
    const int emailColumn = tab->model()->columnOf(model::PersonsModel::ColumnKind::Property, u"email"_s);
    // A click on the header: the server sorts (persons without an email last), paging follows.
    QHeaderView* header = tab->tableView()->horizontalHeader();
    header->setSortIndicator(emailColumn, Qt::AscendingOrder);
    QCOMPARE(tab->model()->sortColumn(), emailColumn);
    QVERIFY(waitLoaded(tab.get()));
    QCOMPARE(uuidList(*tab->model()),
             m_store.column("SELECT id FROM persons ORDER BY json_extract(properties, '$.email') IS NULL, "
                            "json_extract(properties, '$.email'), id"));
    header->setSortIndicator(emailColumn, Qt::DescendingOrder);
    QVERIFY(waitLoaded(tab.get()));
    QCOMPARE(uuidList(*tab->model()),
             m_store.column("SELECT id FROM persons ORDER BY json_extract(properties, '$.email') IS NULL, "
                            "json_extract(properties, '$.email') DESC, id DESC"));
    const int created = tab->model()->columnOf(model::PersonsModel::ColumnKind::CreatedAt);
    header->setSortIndicator(created, Qt::AscendingOrder);
    QVERIFY(waitLoaded(tab.get()));
    QCOMPARE(uuidList(*tab->model()), m_store.column("SELECT id FROM persons ORDER BY created_at, id"));
}

void TestUiPersons::columnsPersistAcrossTabs()
{
    auto first = newTab(50);
    const QStringList defaults{u"name"_s, u"$initial_browser"_s, u"$initial_geoip_country_code"_s};
    QCOMPARE(first->columns(), defaults);
    first->columnChooser()->setChecked(u"plan"_s, true);
    first->columnChooser()->setChecked(u"$initial_browser"_s, false);
    const QStringList chosen{u"name"_s, u"$initial_geoip_country_code"_s, u"plan"_s};
    QCOMPARE(first->columns(), chosen);
    QCOMPARE(first->model()->headerData(3, Qt::Horizontal).toString(), u"plan"_s);
    QVERIFY(waitLoaded(first.get()));
    for (int row = 0; row < first->model()->rowCount(); ++row) {
        const model::PersonRecord& person = first->model()->person(row);
        QCOMPARE(first->model()->index(row, 3).data().toString(),
                 person.properties.value(u"plan"_s).toString());
    }

    // A new tab, and a new session reading the same settings file, start with the chosen columns.
    auto second = newTab(50);
    QCOMPARE(second->columns(), chosen);
    m_settings->sync();
    workspace::Settings reread(m_settings->filePath());
    QCOMPARE(ui::persons::loadColumns(reread), chosen);
    // An open tab follows a change made in another; no columns at all is remembered too.
    first->setColumns({});
    QCOMPARE(second->columns(), QStringList());
    m_settings->sync();
    workspace::Settings empty(m_settings->filePath());
    QCOMPARE(ui::persons::loadColumns(empty), QStringList());
}

void TestUiPersons::cancelAndRetry()
{
    auto tab = newTab(10);
    tab->activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(tab.get()));
    QVERIFY(waitLoaded(tab.get()));
    tab->fetcher()->reload();
    QVERIFY(tab->model()->isFetching());
    tab->tableView()->setFocus();
    QTest::keyClick(tab->tableView(), Qt::Key_Escape);
    QCOMPARE(tab->model()->state(), PagingState::Failed);
    QVERIFY(tab->model()->errorText().contains(u"Cancelled"_s));
    QVERIFY(tab->isShowingMessage());
    QVERIFY(!tab->fetcher()->isBusy());
    auto* button = tab->findChild<QPushButton*>(u"messageButton"_s);
    QCOMPARE(button->text(), u"Retry"_s);
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(waitLoaded(tab.get()));
    QCOMPARE(tab->model()->rowCount(), m_store.column("SELECT count(*) FROM persons").value(0).toInt());
}

void TestUiPersons::errorsShowInline()
{
    auto tab = newTab(10);
    QVERIFY(waitLoaded(tab.get()));
    // The local server refuses property names with a double quote (400): the message shows in place.
    tab->filterBar()->addFilter(u"bad\"key"_s, u"exact"_s, u"x"_s);
    tab->applyFilterNow();
    QTRY_COMPARE_WITH_TIMEOUT(tab->model()->state(), PagingState::Failed, kTimeoutMs);
    QVERIFY(tab->isShowingMessage());
    QVERIFY2(tab->messageText().contains(u"could not be loaded"_s), qPrintable(tab->messageText()));
    QVERIFY2(tab->messageText().contains(u"bad\"key"_s), qPrintable(tab->messageText()));
    for (QWidget* widget : QApplication::topLevelWidgets())
        QVERIFY(!(qobject_cast<QDialog*>(widget) && widget->isVisible())); // nothing modal
}

void TestUiPersons::personDetail()
{
    const QStringList top =
        m_store.column("SELECT e.person_id FROM events e JOIN persons p ON p.id = e.person_id "
                       "WHERE json_extract(p.properties, '$.plan') IS NOT NULL GROUP BY e.person_id ORDER BY "
                       "count(*) DESC LIMIT 1");
    QCOMPARE(top.size(), 1);
    const QString uuid = top.first();
    const QStringList events =
        m_store.column("SELECT uuid FROM events WHERE person_id = ? ORDER BY timestamp DESC", {uuid});
    QVERIFY(events.size() > 12);
    const QJsonObject properties =
        QJsonDocument::fromJson(
            m_store.column("SELECT properties FROM persons WHERE id = ?", {uuid}).value(0).toUtf8())
            .object();

    ui::PersonDetailView view;
    view.setPageSize(5);
    view.resize(1100, 700);
    view.show();
    QAbstractItemModelTester timelineTester(view.timelineModel(),
                                            QAbstractItemModelTester::FailureReportingMode::QtTest);
    QAbstractItemModelTester treeTester(view.propertiesProxy(),
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
    view.setConnection(m_client.get(), m_scheduler.get());
    view.openPerson(uuid);
    QTRY_VERIFY_WITH_TIMEOUT(view.isLoaded(), kTimeoutMs);
    QVERIFY(view.errorText().isEmpty());

    QCOMPARE(view.nameLabel()->text(), properties.value(u"email"_s).toString());
    QCOMPARE(view.title(), u"Person · %1"_s.arg(properties.value(u"email"_s).toString()));
    QCOMPARE(view.propertiesModel()->rowCount(), int(properties.size()));
    for (auto it = properties.begin(); it != properties.end(); ++it) {
        const QModelIndex index = view.propertiesModel()->indexOfPath(it.key());
        QVERIFY2(index.isValid(), qPrintable(it.key()));
        QCOMPARE(index.siblingAtColumn(1).data().toString(), it.value().toString());
    }
    QStringList shownIds;
    for (int i = 0; i < view.distinctIdsList()->count(); ++i)
        shownIds.push_back(view.distinctIdsList()->item(i)->text());
    QCOMPARE(QSet<QString>(shownIds.begin(), shownIds.end()),
             m_store.set("SELECT distinct_id FROM person_distinct_ids WHERE person_id = ?", {uuid}));
    const QString created = m_store
                                .column("SELECT strftime('%Y-%m-%d %H:%M:%S', created_at / 1000000, "
                                        "'unixepoch') FROM persons WHERE id = ?",
                                        {uuid})
                                .value(0);
    QVERIFY2(view.factsLabel()->text().contains(u"Created "_s + created),
             qPrintable(view.factsLabel()->text()));
    const QString lastSeen = m_store
                                 .column("SELECT strftime('%Y-%m-%d %H:%M:%S', max(timestamp) / 1000000, "
                                         "'unixepoch') FROM events WHERE person_id = ?",
                                         {uuid})
                                 .value(0);
    QTRY_VERIFY_WITH_TIMEOUT(view.factsLabel()->text().contains(u"Last seen "_s + lastSeen), kTimeoutMs);

    // Search in the properties tree: matching entries (and their parents) stay.
    view.propertyFilterField()->setText(u"plan"_s);
    QCOMPARE(view.propertiesProxy()->rowCount(), 1);
    QCOMPARE(view.propertiesProxy()->index(0, 0).data().toString(), u"plan"_s);
    view.propertyFilterField()->clear();
    QCOMPARE(view.propertiesProxy()->rowCount(), int(properties.size()));

    // The timeline: newest first, every event once, page by page.
    QVERIFY(scrollToEnd(view.timelineView(), [&view] { return view.timelineModel()->state(); }));
    QCOMPARE(view.timelineModel()->state(), PagingState::Complete);
    QStringList shown;
    for (int row = 0; row < view.timelineModel()->rowCount(); ++row) {
        shown.push_back(view.timelineModel()->event(row).uuid);
        if (row > 0)
            QVERIFY(view.timelineModel()->event(row - 1).timestamp >=
                    view.timelineModel()->event(row).timestamp);
    }
    QCOMPARE(QSet<QString>(shown.begin(), shown.end()), QSet<QString>(events.begin(), events.end()));
    QCOMPARE(shown.size(), events.size());

    // Selecting an event shows its properties.
    view.timelineView()->setCurrentIndex(view.timelineModel()->index(3, 0));
    const model::EventRecord& event = view.timelineModel()->event(3);
    const QJsonObject eventProperties =
        QJsonDocument::fromJson(
            m_store.column("SELECT properties FROM events WHERE uuid = ?", {event.uuid}).value(0).toUtf8())
            .object();
    QCOMPARE(view.eventPropertiesModel()->object(), eventProperties);
    QCOMPARE(view.eventPropertiesModel()->rowCount(), int(eventProperties.size()));

    // Copy id and Open as HogQL.
    QTest::mouseClick(view.findChild<QPushButton*>(u"copyIdButton"_s), Qt::LeftButton);
    QCOMPARE(QApplication::clipboard()->text(), uuid);
    QSignalSpy open(&view, &ui::PersonDetailView::openQueryRequested);
    QTest::mouseClick(view.findChild<QPushButton*>(u"openHogQLButton"_s), Qt::LeftButton);
    QCOMPARE(open.count(), 1);
    QVERIFY(open.first().first().toString().contains(u"person_id = '%1'"_s.arg(uuid)));

    // An unknown person: the error shows in place.
    view.openPerson(u"01900000-0000-7000-8000-00000000dead"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!view.errorText().isEmpty(), kTimeoutMs);
    QVERIFY(view.errorText().contains(u"404"_s));
    QTRY_COMPARE_WITH_TIMEOUT(view.timelineModel()->state(), PagingState::Empty, kTimeoutMs);
}

void TestUiPersons::insightActors_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("appearances");
    QTest::newRow("retention cohort 0")
        << (u"{\"kind\":\"InsightActorsQuery\",\"interval\":0,\"source\":{\"kind\":\"RetentionQuery\","_s +
            kRange +
            u",\"retentionFilter\":{\"period\":\"Day\",\"totalIntervals\":7,"
            "\"targetEntity\":{\"id\":\"$pageview\",\"type\":\"events\"},"
            "\"returningEntity\":{\"id\":\"$pageview\",\"type\":\"events\"}}}}"_s)
        << true;
    QTest::newRow("retention cohort 3")
        << (u"{\"kind\":\"InsightActorsQuery\",\"interval\":3,\"source\":{\"kind\":\"RetentionQuery\","_s +
            kRange + u",\"retentionFilter\":{\"period\":\"Day\",\"totalIntervals\":7}}}"_s)
        << true;
    QTest::newRow("stickiness 2 days")
        << (u"{\"kind\":\"InsightActorsQuery\",\"day\":2,\"series\":0,\"source\":{\"kind\":"
            u"\"StickinessQuery\","
            "\"series\":[{\"kind\":\"EventsNode\",\"event\":\"$pageview\"}],"_s +
            kRange + u"}}"_s)
        << false;
    QTest::newRow("paths step")
        << (u"{\"kind\":\"InsightActorsQuery\",\"source\":{\"kind\":\"PathsQuery\","_s + kRange +
            u",\"pathsFilter\":{\"includeEventTypes\":[\"$pageview\"],"
            "\"pathEndKey\":\"2_https://app.filedrop.io/files/recent\"}}}"_s)
        << false;
}

void TestUiPersons::insightActors()
{
    QFETCH(QString, query);
    QFETCH(bool, appearances);
    const QJsonObject insightActors = QJsonDocument::fromJson(query.toUtf8()).object();
    QVERIFY(!insightActors.isEmpty());

    // The server's own answer to the InsightActorsQuery.
    const QJsonObject answer = postQuery(m_url, insightActors);
    QSet<QString> expected;
    for (const QJsonValue& row : answer.value(u"results"_s).toArray())
        expected.insert(row.toArray().first().toString());
    QVERIFY2(expected.size() > 3, QJsonDocument(answer).toJson().constData());

    // ActorsQuery with the InsightActorsQuery as its source, paged.
    auto tab = newTab(10);
    QAbstractItemModelTester tester(tab->model(), QAbstractItemModelTester::FailureReportingMode::QtTest);
    tab->showInsightActors(insightActors, u"Drill-down"_s);
    QCOMPARE(tab->title(), u"Persons · Drill-down"_s);
    QVERIFY(waitLoaded(tab.get()));
    QCOMPARE(tab->model()->state(), PagingState::Complete);
    QCOMPARE(tab->fetcher()->mode(), ui::PersonsFetcher::Mode::InsightActors);
    QCOMPARE(uuids(*tab->model()), expected);
    QCOMPARE(tab->model()->rowCount(), expected.size());
    QCOMPARE(tab->model()->extraColumns().contains(u"appearances"_s), appearances);
    QHash<QString, QJsonValue> actorsAppearances;
    for (const model::PersonRecord& person : tab->model()->persons())
        actorsAppearances.insert(person.uuid, person.extra.value(u"appearances"_s));

    // A server with only the legacy endpoints: the same persons come from persons/retention|stickiness|path.
    RefusingProxy proxy(m_url);
    QVERIFY(proxy.listen());
    api::ApiClient legacyClient(api::Connection{proxy.url(), kToken, u"1"_s});
    api::QueryScheduler legacyScheduler(legacyClient, api::SchedulerLimits::unthrottled());
    ui::PersonsTab legacy(*m_settings);
    legacy.setPageSize(10);
    legacy.resize(900, 500);
    legacy.show();
    legacy.setConnection(&legacyClient, &legacyScheduler);
    QVERIFY(waitLoaded(&legacy)); // all persons still come through ActorsQuery without a source
    QCOMPARE(legacy.fetcher()->mode(), ui::PersonsFetcher::Mode::AllPersons);
    QCOMPARE(proxy.refused, 0);
    legacy.showInsightActors(insightActors, u"Drill-down"_s);
    QVERIFY(waitLoaded(&legacy));
    QCOMPARE(legacy.model()->state(), PagingState::Complete);
    QCOMPARE(proxy.refused, 1);
    QCOMPARE(legacy.fetcher()->mode(), ui::PersonsFetcher::Mode::LegacyInsightActors);
    QVERIFY(legacy.statusText().contains(u"older persons endpoint"_s));
    QCOMPARE(uuids(*legacy.model()), expected);
    if (appearances) {
        // The legacy flags, read as interval indexes, say what ActorsQuery's appearances say, over the
        // intervals the legacy endpoint covers (from the cohort to the last: 7 - interval of them).
        const int window = 7 - insightActors.value(u"interval"_s).toInt();
        for (const model::PersonRecord& person : legacy.model()->persons()) {
            QJsonArray covered;
            for (const QJsonValue& k : actorsAppearances.value(person.uuid).toArray()) {
                if (k.toInt() < window)
                    covered.append(k);
            }
            QCOMPARE(person.extra.value(u"appearances"_s).toArray(), covered);
        }
    }
    // The legacy order cannot change: a header click leaves the list as it is.
    legacy.tableView()->horizontalHeader()->setSortIndicator(0, Qt::AscendingOrder);
    QCOMPARE(legacy.model()->state(), PagingState::Complete);
    QCOMPARE(proxy.refused, 1);
}

void TestUiPersons::mainWindowWiring()
{
    ui::MainWindow window(*m_settings);
    window.setClient(m_client.get(), m_scheduler.get(), u"test server"_s);
    window.show();
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    auto* tabs = window.findChild<QTabWidget*>(u"queryTabs"_s);
    QVERIFY(tabs != nullptr);
    const int before = tabs->count();

    // The Persons action: in the View menu, with a shortcut, and in the command palette.
    QCOMPARE(window.personsAction()->shortcut(), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    window.commandPalette()->popup();
    QVERIFY(!window.commandPalette()->list()->findItems(u"Persons"_s, Qt::MatchContains).isEmpty());
    window.commandPalette()->hide();
    QTest::keyClick(&window, Qt::Key_P, Qt::ControlModifier | Qt::ShiftModifier);
    QTRY_COMPARE(tabs->count(), before + 1);
    auto* persons = qobject_cast<ui::PersonsTab*>(tabs->currentWidget());
    QVERIFY(persons != nullptr);
    QCOMPARE(tabs->tabText(tabs->currentIndex()), u"Persons"_s);
    QTRY_VERIFY_WITH_TIMEOUT(persons->model()->rowCount() > 0, kTimeoutMs);

    // Enter on a row opens the person's detail in a tab.
    const QString uuid = persons->model()->person(1).uuid;
    persons->tableView()->setFocus();
    persons->tableView()->setCurrentIndex(persons->model()->index(1, 0));
    QTest::keyClick(persons->tableView(), Qt::Key_Return);
    auto* detail = qobject_cast<ui::PersonDetailView*>(tabs->currentWidget());
    QVERIFY(detail != nullptr);
    QCOMPARE(detail->personUuid(), uuid);
    QTRY_VERIFY_WITH_TIMEOUT(detail->isLoaded(), kTimeoutMs);
    QCOMPARE(tabs->tabText(tabs->currentIndex()), detail->title());
    // Opening the same person again goes back to its tab.
    const int withDetail = tabs->count();
    QCOMPARE(window.openPerson(uuid), detail);
    QCOMPARE(tabs->count(), withDetail);

    // Open as HogQL: a query tab with the person's events, which runs.
    QTest::mouseClick(detail->findChild<QPushButton*>(u"openHogQLButton"_s), Qt::LeftButton);
    ui::QueryTab* query = window.currentTab();
    QVERIFY(query != nullptr);
    QVERIFY(query->lastRunText().isEmpty());
    query->run();
    QTRY_COMPARE_WITH_TIMEOUT(query->status(), ui::QueryTab::Status::Succeeded, kTimeoutMs);
    QCOMPARE(
        query->lastRunRowCount(),
        qint64(std::min(
            100,
            m_store.column("SELECT count(*) FROM events WHERE person_id = ?", {uuid}).value(0).toInt())));

    // A person cell of a result grid opens that person.
    const QString other = persons->model()->person(2).uuid;
    model::ResultTableBuilder builder;
    std::vector<model::ColumnInfo> columns(2);
    columns[0].name = u"person"_s;
    columns[0].type = model::ColumnType::Json;
    columns[1].name = u"n"_s;
    columns[1].type = model::ColumnType::Integer;
    builder.setColumns(std::move(columns));
    builder.beginRow();
    const QByteArray cell =
        R"({"id":")" + other.toUtf8() + R"(","properties":{"email":"x@y.z"},"distinct_ids":[]})";
    builder.appendJson(std::string_view(cell.constData(), size_t(cell.size())));
    builder.appendInteger(1);
    QVERIFY(builder.endRow());
    api::QueryResult result;
    result.table = builder.finish();
    QCOMPARE(result.table->columnType(0), model::ColumnType::Person);
    ui::ResultsView* results = query->resultsView();
    results->setResult(result);
    QSignalSpy activated(results, &ui::ResultsView::personActivated);
    results->tableView()->setFocus();
    results->tableView()->setCurrentIndex(results->model()->index(0, 0));
    QTest::keyClick(results->tableView(), Qt::Key_Enter);
    QCOMPARE(activated.count(), 1);
    auto* otherDetail = qobject_cast<ui::PersonDetailView*>(tabs->currentWidget());
    QVERIFY(otherDetail != nullptr);
    QCOMPARE(otherDetail->personUuid(), other);
    // Enter on a plain cell opens nothing.
    tabs->setCurrentWidget(query);
    results->tableView()->setCurrentIndex(results->model()->index(0, 1));
    QTest::keyClick(results->tableView(), Qt::Key_Enter);
    QCOMPARE(activated.count(), 1);

    // A drill-down routed through the window.
    const QJsonObject drill =
        QJsonDocument::fromJson(
            (u"{\"kind\":\"InsightActorsQuery\",\"interval\":1,\"source\":{\"kind\":\"RetentionQuery\","_s +
             kRange + u",\"retentionFilter\":{\"period\":\"Day\",\"totalIntervals\":7}}}"_s)
                .toUtf8())
            .object();
    ui::PersonsTab* drillTab = window.showInsightActors(drill, u"Retention · Day 1"_s);
    QCOMPARE(tabs->currentWidget(), drillTab);
    QCOMPARE(tabs->tabText(tabs->currentIndex()), u"Persons · Retention · Day 1"_s);
    QVERIFY(waitLoaded(drillTab));
    QCOMPARE(drillTab->fetcher()->mode(), ui::PersonsFetcher::Mode::InsightActors);

    // Disconnecting reaches the persons tabs; reconnecting lists again. Closing them is safe.
    window.setClient(nullptr, nullptr, QString());
    QCOMPARE(persons->model()->state(), PagingState::Inactive);
    QVERIFY(persons->isShowingMessage());
    QVERIFY(persons->messageText().contains(u"Not connected"_s));
    window.setClient(m_client.get(), m_scheduler.get(), u"test server"_s);
    QVERIFY(waitLoaded(persons));
    const int count = tabs->count();
    window.closeTab(tabs->indexOf(persons));
    window.closeTab(tabs->indexOf(detail));
    QCOMPARE(tabs->count(), count - 2);
}

void TestUiPersons::grabForReview()
{
    // Pictures of the tab and the detail for a person to look at; only when asked for.
    const QString dir = qEnvironmentVariable("HOGSCOPE_GRAB_DIR");
    if (dir.isEmpty())
        QSKIP("set HOGSCOPE_GRAB_DIR to write PNGs of the persons views");
    ui::MainWindow window(*m_settings);
    window.setClient(m_client.get(), m_scheduler.get(), u"demo"_s);
    window.resize(1400, 900);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    ui::PersonsTab* persons = window.openPersonsTab();
    persons->columnChooser()->setChecked(u"email"_s, true);
    persons->columnChooser()->setChecked(u"plan"_s, true);
    QTRY_VERIFY_WITH_TIMEOUT(persons->model()->rowCount() > 20, kTimeoutMs);
    QTRY_VERIFY_WITH_TIMEOUT(persons->fetcher()->totalCount() > 0, kTimeoutMs);
    QTest::qWait(200);
    QVERIFY(window.grab().save(dir + u"/persons_tab.png"_s));
    persons->columnChooser()->setCandidates({u"$initial_browser"_s, u"$initial_os"_s, u"email"_s, u"name"_s,
                                             u"plan"_s, u"$initial_geoip_country_code"_s});
    persons->columnChooser()->resize(340, 360);
    QVERIFY(persons->columnChooser()->grab().save(dir + u"/persons_columns.png"_s));
    persons->filterBar()->addFilter(u"plan"_s, u"exact"_s, u"pro"_s);
    persons->applyFilterNow();
    QTRY_VERIFY_WITH_TIMEOUT(finished(persons->model()->state()), kTimeoutMs);
    QTest::qWait(200);
    QVERIFY(window.grab().save(dir + u"/persons_filtered.png"_s));
    ui::PersonDetailView* detail = window.openPerson(persons->model()->person(0).uuid);
    QTRY_VERIFY_WITH_TIMEOUT(detail->isLoaded() && detail->timelineModel()->rowCount() > 0, kTimeoutMs);
    QTest::qWait(200);
    QVERIFY(window.grab().save(dir + u"/person_detail.png"_s));
    const QJsonObject drill =
        QJsonDocument::fromJson(
            (u"{\"kind\":\"InsightActorsQuery\",\"interval\":0,\"source\":{\"kind\":\"RetentionQuery\","_s +
             kRange + u",\"retentionFilter\":{\"period\":\"Day\",\"totalIntervals\":7}}}"_s)
                .toUtf8())
            .object();
    ui::PersonsTab* drillTab = window.showInsightActors(drill, u"Retention · Day 0 cohort"_s);
    QTRY_VERIFY_WITH_TIMEOUT(drillTab->model()->rowCount() > 0, kTimeoutMs);
    QTest::qWait(200);
    QVERIFY(window.grab().save(dir + u"/persons_drilldown.png"_s));
    ui::PersonsTab* empty = window.openPersonsTab();
    QTest::keyClicks(empty->searchField(), u"nobody-here"_s);
    empty->applyFilterNow();
    QTRY_COMPARE_WITH_TIMEOUT(empty->model()->state(), PagingState::Empty, kTimeoutMs);
    QTest::qWait(100);
    QVERIFY(window.grab().save(dir + u"/persons_empty.png"_s));
}

QTEST_MAIN(TestUiPersons)
#include "tst_ui_persons.moc"
