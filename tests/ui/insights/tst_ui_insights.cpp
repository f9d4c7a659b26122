// GUI tests of the insight tabs (retention, stickiness, paths), offscreen, against a real embedded
// server on a small generated demo store. The numbers on screen are compared with the server's own
// answer to the same query, fetched over HTTP; the persons behind a clicked cell, bar, node or link
// are compared with persons computed here, independently, from the store's raw events (spec/
// insight-semantics.md), never with the server's runners.

#include "ui/charts/chart_exporter.h"
#include "ui/insights/bar_chart_view.h"
#include "ui/insights/date_range_edit.h"
#include "ui/insights/event_picker.h"
#include "ui/insights/paths_tab.h"
#include "ui/insights/paths_view.h"
#include "ui/insights/retention_grid_view.h"
#include "ui/insights/retention_tab.h"
#include "ui/insights/stickiness_tab.h"
#include "ui/main_window.h"
#include "ui/persons/persons_tab.h"

#include "api/api_client.h"
#include "api/query_scheduler.h"
#include "local/demo_generator.h"
#include "local/embedded_server.h"
#include "model/paths_graph.h"
#include "model/retention_grid_model.h"
#include "model/stickiness_model.h"
#include "workspace/settings.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QMessageBox>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

#include <sqlite3.h>

#include <map>
#include <memory>
#include <set>

using namespace hogscope;

namespace {

const QByteArray kToken = QByteArrayLiteral("insights-test-token");
constexpr int kDemoEvents = 4000; // 20 days of data, ending 2026-03-31
constexpr int kTimeoutMs = 60000;
constexpr qint64 kDayMicros = 86'400'000'000LL;

struct Event
{
    QString person;
    QString event;
    qint64 micros = 0;
    QString url;
    qint64 day() const { return micros / kDayMicros; }
};

qint64 dayNumber(const QDate& date)
{
    return date.toJulianDay() - QDate(1970, 1, 1).toJulianDay();
}

// Weeks start on Sunday; 1970-01-04 (day 3) was one.
qint64 weekStart(qint64 day)
{
    return day - (day + 4) % 7;
}

QJsonObject range(const char* from, const char* to)
{
    return QJsonObject{{QStringLiteral("date_from"), QString::fromLatin1(from)},
                       {QStringLiteral("date_to"), QString::fromLatin1(to)}};
}

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

QSet<QString> toSet(const std::set<QString>& values)
{
    QSet<QString> out;
    for (const QString& v : values)
        out.insert(v);
    return out;
}

} // namespace

class TestUiInsights : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void cleanup();

    void modelsPassTheTester();
    void retentionShowsTheServersGrid_data();
    void retentionShowsTheServersGrid();
    void stickinessShowsTheServersBars();
    void pathsShowTheServersLinks();
    void exportsAreValidFiles_data();
    void exportsAreValidFiles();
    void errorsAreInline();
    void staleAnswersAreDropped();
    void cancelStopsTheRun();
    void emptyRangePointsToTheData();
    void mainWindowOpensInsightTabs();
    void screenshots();

private:
    QJsonObject post(const QJsonObject& node);
    // Runs an InsightActorsQuery; returns its rows by actor id (columns by name in `columns`).
    std::map<QString, QJsonArray> runActors(const QJsonObject& query, QStringList* columns = nullptr);
    template <typename Tab>
    Tab* showTab();
    bool runAndWait(ui::InsightTab* tab);
    std::vector<const Event*> eventsIn(const QString& event, qint64 fromDay, qint64 toDay) const;
    // Paths of $pageview events as spec §4 cuts them (no start or end point).
    std::vector<std::pair<QString, QStringList>> pageviewPaths(qint64 fromDay, qint64 toDay,
                                                               int stepLimit) const;

    QTemporaryDir m_dir;
    QString m_store;
    std::unique_ptr<local::EmbeddedServer> m_server;
    QUrl m_url;
    std::unique_ptr<api::ApiClient> m_client;
    std::unique_ptr<api::QueryScheduler> m_scheduler;
    QNetworkAccessManager m_network;
    std::vector<Event> m_events; // every event, by person then time
    std::unique_ptr<QWidget> m_tab;
};

void TestUiInsights::initTestCase()
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
    m_client = std::make_unique<api::ApiClient>(api::Connection{m_url, kToken, QStringLiteral("1")});
    m_scheduler = std::make_unique<api::QueryScheduler>(*m_client, api::SchedulerLimits::unthrottled());

    // The raw events, read straight from the store: the person is the owner of the distinct id.
    sqlite3* db = nullptr;
    QCOMPARE(sqlite3_open_v2(m_store.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000); // the server may be opening the store at this moment
    sqlite3_stmt* stmt = nullptr;
    const char* sql =
        "SELECT p.person_id, e.event, e.timestamp, json_extract(e.properties, '$.\"$current_url\"') "
        "FROM events e JOIN person_distinct_ids p ON p.distinct_id = e.distinct_id "
        "ORDER BY p.person_id, e.timestamp";
    QCOMPARE(sqlite3_prepare_v2(db, sql, -1, &stmt, nullptr), SQLITE_OK);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        Event e;
        e.person = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0)));
        e.event = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 1)));
        e.micros = sqlite3_column_int64(stmt, 2);
        if (sqlite3_column_type(stmt, 3) != SQLITE_NULL)
            e.url = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, 3)));
        m_events.push_back(e);
    }
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    QCOMPARE(int(m_events.size()), kDemoEvents);
}

void TestUiInsights::cleanupTestCase()
{
    m_scheduler.reset();
    m_client.reset();
    m_server.reset();
}

void TestUiInsights::cleanup()
{
    m_tab.reset();
}

QJsonObject TestUiInsights::post(const QJsonObject& node)
{
    QUrl url = m_url;
    url.setPath(QStringLiteral("/api/environments/1/query/"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("Authorization", "Bearer " + kToken);
    QNetworkReply* reply =
        m_network.post(request, QJsonDocument(QJsonObject{{QStringLiteral("query"), node}}).toJson());
    QSignalSpy done(reply, &QNetworkReply::finished);
    if (!reply->isFinished())
        done.wait(kTimeoutMs);
    const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    if (status != 200)
        qWarning() << "HTTP" << status << body;
    return body;
}

std::map<QString, QJsonArray> TestUiInsights::runActors(const QJsonObject& query, QStringList* columns)
{
    const QJsonObject body = post(query);
    std::map<QString, QJsonArray> rows;
    if (columns) {
        columns->clear();
        for (const QJsonValue& c : body.value(QStringLiteral("columns")).toArray())
            *columns << c.toString();
    }
    for (const QJsonValue& row : body.value(QStringLiteral("results")).toArray())
        rows[row.toArray().at(0).toString()] = row.toArray();
    return rows;
}

template <typename Tab>
Tab* TestUiInsights::showTab()
{
    auto* tab = new Tab;
    m_tab.reset(tab);
    tab->setAutoRun(false);
    tab->setScheduler(m_scheduler.get());
    tab->resize(1400, 950);
    tab->show();
    if (!QTest::qWaitForWindowExposed(tab))
        return nullptr;
    return tab;
}

bool TestUiInsights::runAndWait(ui::InsightTab* tab)
{
    QSignalSpy shown(tab, &ui::InsightTab::resultShown);
    tab->run();
    if (!QTest::qWaitFor([&] { return shown.count() > 0 || tab->status() == ui::InsightTab::Status::Failed; },
                         kTimeoutMs))
        return false;
    if (tab->status() != ui::InsightTab::Status::Succeeded) {
        qWarning() << "insight failed:" << tab->errorText();
        return false;
    }
    QApplication::processEvents();
    return true;
}

std::vector<const Event*> TestUiInsights::eventsIn(const QString& event, qint64 fromDay, qint64 toDay) const
{
    std::vector<const Event*> out;
    for (const Event& e : m_events) {
        if (e.event == event && e.day() >= fromDay && e.day() <= toDay)
            out.push_back(&e);
    }
    return out;
}

std::vector<std::pair<QString, QStringList>> TestUiInsights::pageviewPaths(qint64 fromDay, qint64 toDay,
                                                                           int stepLimit) const
{
    std::vector<std::pair<QString, QStringList>> paths;
    const std::vector<const Event*> events = eventsIn(QStringLiteral("$pageview"), fromDay, toDay);
    QStringList session;
    const Event* previous = nullptr;
    auto flush = [&] {
        if (!session.isEmpty() && previous) {
            QStringList steps;
            for (const QString& item : std::as_const(session)) {
                if (steps.isEmpty() || steps.back() != item)
                    steps << item;
            }
            paths.emplace_back(previous->person, steps.mid(0, stepLimit));
        }
        session.clear();
    };
    for (const Event* e : events) {
        // Sessions end at a new person or a gap of 30 minutes or more.
        if (previous && (previous->person != e->person || e->micros - previous->micros >= 1800'000'000LL))
            flush();
        QString item = e->url;
        if (item.size() > 1 && item.endsWith(QLatin1Char('/')))
            item.chop(1);
        session << item;
        previous = e;
    }
    flush();
    return paths;
}

void TestUiInsights::modelsPassTheTester()
{
    model::RetentionGridModel grid;
    QAbstractItemModelTester gridTester(&grid, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model::RetentionGrid data;
    data.period = QStringLiteral("Day");
    data.targetEvent = data.returningEvent = QStringLiteral("$pageview");
    const QDateTime start(QDate(2026, 3, 1), QTime(0, 0), Qt::UTC);
    data.cohorts = {{start, QStringLiteral("Day 0"), {10, 5, 2}, 0, QJsonValue()},
                    {start.addDays(1), QStringLiteral("Day 1"), {4, 1, 0}, 1, QJsonValue()},
                    {start.addDays(2), QStringLiteral("Day 2"), {0, 0, 0}, 2, QJsonValue()}};
    grid.setGrid(data);
    QCOMPARE(grid.rowCount(), 3);
    QCOMPARE(grid.columnCount(), model::RetentionGridModel::kFirstIntervalColumn + 3);
    QCOMPARE(grid.index(0, 3).data().toString(), QStringLiteral("50%"));
    QCOMPARE(grid.index(0, 3).data(model::RetentionGridModel::PercentRole).toDouble(), 50.0);
    QCOMPARE(grid.index(1, 4).data(model::RetentionGridModel::FutureRole).toBool(), true);
    QVERIFY(grid.index(1, 4).data().toString().isEmpty());
    QVERIFY(grid.index(0, 3)
                .data(Qt::ToolTipRole)
                .toString()
                .contains(QStringLiteral("came back to do $pageview")));
    grid.setDisplay(model::RetentionGridModel::Display::Count);
    QCOMPARE(grid.index(0, 3).data().toString(), QStringLiteral("5"));
    const QList<double> weighted = model::meanRetention(grid.grid(), model::RetentionMean::Weighted);
    QCOMPARE(weighted.value(1), 100.0 * 6 / 14); // (5 + 1) / (10 + 4); the empty cohort does not count
    const QList<double> simple = model::meanRetention(grid.grid(), model::RetentionMean::Simple);
    QCOMPARE(simple.value(1), (50.0 + 25.0) / 2);
    grid.setGrid({});
    QCOMPARE(grid.rowCount(), 0);

    model::StickinessModel stickiness;
    QAbstractItemModelTester stickinessTester(&stickiness,
                                              QAbstractItemModelTester::FailureReportingMode::QtTest);
    model::StickinessData sticky;
    sticky.series = {{QStringLiteral("$pageview"), 6, {3, 2, 1}, {1, 2, 3}, {}},
                     {QStringLiteral("signup"), 1, {1, 0, 0}, {1, 2, 3}, {}}};
    stickiness.setStickiness(sticky);
    QCOMPARE(stickiness.rowCount(), 3);
    QCOMPARE(stickiness.columnCount(), 3);
    QCOMPARE(stickiness.index(1, 1).data(model::StickinessModel::CountRole).toLongLong(), 2);
    QCOMPARE(stickiness.index(2, 0).data().toString(), QStringLiteral("3 days"));
    QVERIFY(
        stickiness.index(1, 1).data(Qt::ToolTipRole).toString().contains(QStringLiteral("exactly 2 days")));

    model::PathsLinksModel links;
    QAbstractItemModelTester linksTester(&links, QAbstractItemModelTester::FailureReportingMode::QtTest);
    links.setGraph(model::PathsGraph::build(
        {{QStringLiteral("1_https://x.io/"), QStringLiteral("2_https://x.io/a"), 5, 1000},
         {QStringLiteral("2_https://x.io/a"), QStringLiteral("3_https://x.io/b"), 3, 2000},
         {QStringLiteral("1_https://x.io/"), QStringLiteral("2_https://x.io/b"), 2, 500}}));
    QCOMPARE(links.rowCount(), 3);
    QCOMPARE(links.graph().nodes.size(), 4);
    QCOMPARE(links.graph().commonHost, QStringLiteral("https://x.io"));
    const int a = links.graph().findNode(QStringLiteral("2_https://x.io/a"));
    QCOMPARE(links.graph().nodes[a].inflow, 5);
    QCOMPARE(links.graph().nodes[a].dropoff(), 2);
    QCOMPARE(links.index(0, 1).data().toString(), QStringLiteral("2. /a"));
}

void TestUiInsights::retentionShowsTheServersGrid_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("period");
    QTest::addColumn<int>("cohort");
    QTest::addColumn<int>("interval");
    QTest::newRow("recurring by day")
        << QStringLiteral("retention_recurring") << QStringLiteral("Day") << 2 << 3;
    QTest::newRow("first time by day")
        << QStringLiteral("retention_first_time") << QStringLiteral("Day") << 1 << 2;
    QTest::newRow("recurring by week")
        << QStringLiteral("retention_recurring") << QStringLiteral("Week") << 0 << 1;
}

void TestUiInsights::retentionShowsTheServersGrid()
{
    QFETCH(QString, type);
    QFETCH(QString, period);
    QFETCH(int, cohort);
    QFETCH(int, interval);
    auto* tab = showTab<ui::RetentionTab>();
    QVERIFY(tab);
    tab->typeBox()->setCurrentIndex(tab->typeBox()->findData(type));
    tab->periodBox()->setCurrentIndex(tab->periodBox()->findData(period));
    tab->intervalsBox()->setValue(period == u"Week" ? 3 : 6);
    tab->dateRangeEdit()->setDates(QDate(2026, 3, 12), QDate(2026, 3, 31));
    QVERIFY(runAndWait(tab));
    // The event pickers list the project's event definitions.
    QTRY_VERIFY_WITH_TIMEOUT(tab->targetPicker()->findText(QStringLiteral("$autocapture")) >= 0, kTimeoutMs);
    QVERIFY(tab->returningPicker()->findText(QStringLiteral("$autocapture")) >= 0);

    // The grid equals the server's answer to the query on screen.
    const QJsonObject answer = post(tab->shownQuery());
    const QJsonArray cohorts = answer.value(QStringLiteral("results")).toArray();
    const model::RetentionGridModel* grid = tab->gridModel();
    QCOMPARE(grid->rowCount(), int(cohorts.size()));
    QVERIFY(grid->rowCount() > 2);
    for (int s = 0; s < cohorts.size(); ++s) {
        const QJsonArray values = cohorts[s].toObject().value(QStringLiteral("values")).toArray();
        QCOMPARE(grid->index(s, model::RetentionGridModel::kSizeColumn)
                     .data(model::RetentionGridModel::CountRole)
                     .toLongLong(),
                 values[0].toObject().value(QStringLiteral("count")).toInteger());
        for (int k = 0; k < values.size(); ++k) {
            const QModelIndex index = grid->index(s, model::RetentionGridModel::kFirstIntervalColumn + k);
            if (index.data(model::RetentionGridModel::FutureRole).toBool())
                continue;
            QCOMPARE(index.data(model::RetentionGridModel::CountRole).toLongLong(),
                     values[k].toObject().value(QStringLiteral("count")).toInteger());
        }
    }

    // Cohorts worked out from the raw events.
    const bool week = period == u"Week";
    const qint64 first = week ? weekStart(dayNumber(QDate(2026, 3, 12))) : dayNumber(QDate(2026, 3, 12));
    const qint64 last = week ? weekStart(dayNumber(QDate(2026, 3, 31))) : dayNumber(QDate(2026, 3, 31));
    const qint64 periods = (last - first) / (week ? 7 : 1) + 1;
    QCOMPARE(grid->rowCount(), int(periods));
    auto periodOf = [&](qint64 day) { return ((week ? weekStart(day) : day) - first) / (week ? 7 : 1); };
    std::map<QString, std::set<qint64>> active; // person -> periods with $pageview in the range
    std::map<QString, qint64> firstEver;        // person -> day of the first $pageview ever
    for (const Event& e : m_events) {
        if (e.event != u"$pageview")
            continue;
        auto [it, inserted] = firstEver.try_emplace(e.person, e.day());
        if (!inserted)
            it->second = std::min(it->second, e.day());
        const qint64 p = periodOf(e.day());
        if (e.day() >= first && p >= 0 && p < periods)
            active[e.person].insert(p);
    }
    auto members = [&](qint64 s) {
        std::set<QString> out;
        if (type == u"retention_first_time") {
            for (const auto& [person, day] : firstEver) {
                if (day >= first && periodOf(day) == s)
                    out.insert(person);
            }
        } else {
            for (const auto& [person, periodsActive] : active) {
                if (periodsActive.count(s))
                    out.insert(person);
            }
        }
        return out;
    };
    auto returned = [&](qint64 s, qint64 k) {
        std::set<QString> out;
        for (const QString& person : members(s)) {
            if (s + k < periods && active[person].count(s + k))
                out.insert(person);
        }
        return out;
    };
    for (int s = 0; s < grid->rowCount(); ++s) {
        QCOMPARE(grid->index(s, model::RetentionGridModel::kSizeColumn)
                     .data(model::RetentionGridModel::CountRole)
                     .toLongLong(),
                 qint64(members(s).size()));
        for (int k = 1;
             s + k < periods && k < grid->columnCount() - model::RetentionGridModel::kFirstIntervalColumn;
             ++k)
            QCOMPARE(grid->index(s, model::RetentionGridModel::kFirstIntervalColumn + k)
                         .data(model::RetentionGridModel::CountRole)
                         .toLongLong(),
                     qint64(returned(s, k).size()));
    }

    // Clicking a cell asks for its cohort, as PostHog does: InsightActorsQuery {interval: cohort}.
    QSignalSpy requested(tab, &ui::InsightTab::actorsRequested);
    ui::RetentionGridView* view = tab->gridView();
    view->scrollTo(grid->index(cohort, model::RetentionGridModel::kFirstIntervalColumn + interval));
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->cellRect(cohort, interval).center());
    QCOMPARE(requested.count(), 1);
    const QJsonObject actors = requested.first().at(0).toJsonObject();
    QCOMPARE(actors.value(QStringLiteral("kind")).toString(), QStringLiteral("InsightActorsQuery"));
    QCOMPARE(actors.value(QStringLiteral("interval")).toInt(-1), cohort);
    QCOMPARE(actors.value(QStringLiteral("source")).toObject(), tab->shownQuery());
    QVERIFY(requested.first().at(1).toString().contains(QStringLiteral("came back")));

    // Running it gives exactly the cohort, and the persons counted in the cell are those whose
    // appearances hold the cell's period.
    QStringList columns;
    const std::map<QString, QJsonArray> rows = runActors(actors, &columns);
    std::set<QString> got;
    std::set<QString> gotInCell;
    const int appearancesColumn = int(columns.indexOf(QStringLiteral("appearances")));
    QVERIFY(appearancesColumn > 0);
    for (const auto& [person, row] : rows) {
        got.insert(person);
        if (row.at(appearancesColumn).toArray().contains(QJsonValue(interval)))
            gotInCell.insert(person);
    }
    QCOMPARE(toSet(got), toSet(members(cohort)));
    QCOMPARE(toSet(gotInCell), toSet(returned(cohort, interval)));
    QCOMPARE(qint64(gotInCell.size()),
             grid->index(cohort, model::RetentionGridModel::kFirstIntervalColumn + interval)
                 .data(model::RetentionGridModel::CountRole)
                 .toLongLong());
}

void TestUiInsights::stickinessShowsTheServersBars()
{
    auto* tab = showTab<ui::StickinessTab>();
    QVERIFY(tab);
    tab->setEvents({QStringLiteral("$pageview"), QStringLiteral("$autocapture")});
    tab->dateRangeEdit()->setDates(QDate(2026, 3, 18), QDate(2026, 3, 31));
    QVERIFY(runAndWait(tab));
    QCOMPARE(tab->shownQuery().value(QStringLiteral("series")).toArray().size(), 2);

    const QJsonArray series = post(tab->shownQuery()).value(QStringLiteral("results")).toArray();
    QCOMPARE(series.size(), 2);
    const model::ChartData& bars = tab->chart()->painter().data();
    QCOMPARE(bars.series.size(), 2);
    for (int s = 0; s < 2; ++s) {
        const QJsonArray data = series[s].toObject().value(QStringLiteral("data")).toArray();
        QCOMPARE(bars.categories.size(), data.size());
        QCOMPARE(data.size(), 14); // 14 days in the range
        for (int i = 0; i < data.size(); ++i) {
            QCOMPARE(bars.series[s].values[i], data[i].toDouble());
            QCOMPARE(tab->tableModel()->index(i, s + 1).data(model::StickinessModel::CountRole).toLongLong(),
                     data[i].toInteger());
        }
    }

    // Persons active on exactly N days, from the raw events.
    const qint64 from = dayNumber(QDate(2026, 3, 18));
    const qint64 to = dayNumber(QDate(2026, 3, 31));
    auto activeOn = [&](const QString& event, int days) {
        std::map<QString, std::set<qint64>> seen;
        for (const Event* e : eventsIn(event, from, to))
            seen[e->person].insert(e->day());
        std::set<QString> out;
        for (const auto& [person, set] : seen) {
            if (int(set.size()) == days)
                out.insert(person);
        }
        return out;
    };
    for (int s = 0; s < 2; ++s) {
        const QString event = s == 0 ? QStringLiteral("$pageview") : QStringLiteral("$autocapture");
        for (int i = 0; i < 14; ++i)
            QCOMPARE(bars.series[s].values[i], double(activeOn(event, i + 1).size()));
    }

    // Clicking bar "3 days" of the second series.
    QSignalSpy requested(tab, &ui::InsightTab::actorsRequested);
    QTest::mouseClick(tab->chart(), Qt::LeftButton, {}, tab->chart()->barRect(1, 2).center());
    QCOMPARE(requested.count(), 1);
    const QJsonObject actors = requested.first().at(0).toJsonObject();
    QCOMPARE(actors.value(QStringLiteral("kind")).toString(), QStringLiteral("InsightActorsQuery"));
    QCOMPARE(actors.value(QStringLiteral("day")).toInt(), 3);
    QCOMPARE(actors.value(QStringLiteral("series")).toInt(), 1);
    QCOMPARE(actors.value(QStringLiteral("source")).toObject(), tab->shownQuery());
    std::set<QString> got;
    for (const auto& [person, row] : runActors(actors))
        got.insert(person);
    const std::set<QString> expected = activeOn(QStringLiteral("$autocapture"), 3);
    QVERIFY(!expected.empty());
    QCOMPARE(toSet(got), toSet(expected));
    QCOMPARE(double(got.size()), bars.series[1].values[2]);
}

void TestUiInsights::pathsShowTheServersLinks()
{
    auto* tab = showTab<ui::PathsTab>();
    QVERIFY(tab);
    tab->dateRangeEdit()->setDates(QDate(2026, 3, 25), QDate(2026, 3, 31));
    QVERIFY(runAndWait(tab));

    const QJsonArray edges = post(tab->shownQuery()).value(QStringLiteral("results")).toArray();
    const model::PathsGraph& graph = tab->linksModel()->graph();
    QCOMPARE(graph.links.size(), edges.size());
    QVERIFY(graph.links.size() > 3);
    // Traversals of each link, from the raw events.
    const qint64 from = dayNumber(QDate(2026, 3, 25));
    const qint64 to = dayNumber(QDate(2026, 3, 31));
    const auto paths = pageviewPaths(from, to, 5);
    std::map<std::pair<QString, QString>, qint64> traversals;
    for (const auto& [person, steps] : paths) {
        for (qsizetype i = 1; i < steps.size(); ++i)
            ++traversals[{QStringLiteral("%1_%2").arg(i).arg(steps[i - 1]),
                          QStringLiteral("%1_%2").arg(i + 1).arg(steps[i])}];
    }
    for (int l = 0; l < edges.size(); ++l) {
        const QJsonObject edge = edges[l].toObject();
        const model::PathsLink& link = graph.links[l];
        QCOMPARE(graph.nodes[link.source].id, edge.value(QStringLiteral("source")).toString());
        QCOMPARE(graph.nodes[link.target].id, edge.value(QStringLiteral("target")).toString());
        QCOMPARE(link.value, edge.value(QStringLiteral("value")).toInteger());
        QCOMPARE(tab->linksModel()->index(l, 2).data(model::PathsLinksModel::ValueRole).toLongLong(),
                 link.value);
        const std::pair<QString, QString> key(graph.nodes[link.source].id, graph.nodes[link.target].id);
        QCOMPARE(link.value, traversals[key]);
    }

    auto reached = [&](const QString& nodeId) {
        std::set<QString> out;
        for (const auto& [person, steps] : paths) {
            for (qsizetype i = 0; i < steps.size(); ++i) {
                if (QStringLiteral("%1_%2").arg(i + 1).arg(steps[i]) == nodeId)
                    out.insert(person);
            }
        }
        return out;
    };
    auto went = [&](const QString& sourceId, const QString& targetId) {
        std::set<QString> out;
        for (const auto& [person, steps] : paths) {
            for (qsizetype i = 1; i < steps.size(); ++i) {
                if (QStringLiteral("%1_%2").arg(i).arg(steps[i - 1]) == sourceId &&
                    QStringLiteral("%1_%2").arg(i + 1).arg(steps[i]) == targetId)
                    out.insert(person);
            }
        }
        return out;
    };

    // Clicking a node of step 2: the persons who reached it (pathEndKey).
    ui::PathsScene* scene = tab->scene();
    ui::PathsView* view = tab->view();
    int node = -1;
    for (int n = 0; n < graph.nodes.size() && node < 0; ++n) {
        if (graph.nodes[n].step == 2)
            node = n;
    }
    QVERIFY(node >= 0);
    view->centerOn(scene->nodeRect(node).center());
    QSignalSpy requested(tab, &ui::InsightTab::actorsRequested);
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {},
                      view->mapFromScene(scene->nodeRect(node).center()));
    QCOMPARE(requested.count(), 1);
    QJsonObject actors = requested.first().at(0).toJsonObject();
    QCOMPARE(actors.value(QStringLiteral("kind")).toString(), QStringLiteral("InsightActorsQuery"));
    QJsonObject filter =
        actors.value(QStringLiteral("source")).toObject().value(QStringLiteral("pathsFilter")).toObject();
    QCOMPARE(filter.value(QStringLiteral("pathEndKey")).toString(), graph.nodes[node].id);
    QVERIFY(!filter.contains(QStringLiteral("pathStartKey")));
    std::set<QString> got;
    for (const auto& [person, row] : runActors(actors))
        got.insert(person);
    QVERIFY(!got.empty());
    QCOMPARE(toSet(got), toSet(reached(graph.nodes[node].id)));

    // Clicking the biggest link: the persons who went that way (pathStartKey + pathEndKey).
    const int link = 0;
    view->centerOn(scene->linkPoint(link));
    requested.clear();
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, view->mapFromScene(scene->linkPoint(link)));
    QCOMPARE(requested.count(), 1);
    actors = requested.first().at(0).toJsonObject();
    filter =
        actors.value(QStringLiteral("source")).toObject().value(QStringLiteral("pathsFilter")).toObject();
    const QString start = filter.value(QStringLiteral("pathStartKey")).toString();
    const QString end = filter.value(QStringLiteral("pathEndKey")).toString();
    // The click may land on a band crossing the biggest one; whichever link it hit must be a link.
    bool isLink = false;
    for (const model::PathsLink& l : graph.links)
        isLink = isLink || (graph.nodes[l.source].id == start && graph.nodes[l.target].id == end);
    QVERIFY2(isLink, qPrintable(start + QStringLiteral(" -> ") + end));
    got.clear();
    for (const auto& [person, row] : runActors(actors))
        got.insert(person);
    QVERIFY(!got.empty());
    QCOMPARE(toSet(got), toSet(went(start, end)));

    // The links table asks for the same as the diagram.
    requested.clear();
    tab->activateLink(1);
    QCOMPARE(requested.count(), 1);
    filter = requested.first()
                 .at(0)
                 .toJsonObject()
                 .value(QStringLiteral("source"))
                 .toObject()
                 .value(QStringLiteral("pathsFilter"))
                 .toObject();
    QCOMPARE(filter.value(QStringLiteral("pathStartKey")).toString(), graph.nodes[graph.links[1].source].id);
    QCOMPARE(filter.value(QStringLiteral("pathEndKey")).toString(), graph.nodes[graph.links[1].target].id);
}

void TestUiInsights::exportsAreValidFiles_data()
{
    QTest::addColumn<QString>("kind");
    QTest::addColumn<int>("target");
    QTest::newRow("retention grid") << QStringLiteral("retention") << 0;
    QTest::newRow("retention curve") << QStringLiteral("retention") << 1;
    QTest::newRow("stickiness bars") << QStringLiteral("stickiness") << 0;
    QTest::newRow("paths diagram") << QStringLiteral("paths") << 0;
}

void TestUiInsights::exportsAreValidFiles()
{
    QFETCH(QString, kind);
    QFETCH(int, target);
    ui::InsightTab* tab = nullptr;
    if (kind == u"retention")
        tab = showTab<ui::RetentionTab>();
    else if (kind == u"stickiness")
        tab = showTab<ui::StickinessTab>();
    else
        tab = showTab<ui::PathsTab>();
    QVERIFY(tab);
    tab->setProjectDescription(QStringLiteral("test server"));
    tab->dateRangeEdit()->setDates(QDate(2026, 3, 20), QDate(2026, 3, 31));
    QVERIFY(runAndWait(tab));
    QVERIFY(target < tab->exportTargetNames().size());
    const ui::ChartExporter exporter = tab->exporter(target);
    const QString base = m_dir.filePath(QStringLiteral("%1_%2").arg(kind).arg(target));

    QCOMPARE(exporter.exportToFile(base + QStringLiteral(".png"), ui::ChartFormat::Png, QSize(900, 600), 96),
             QString());
    const QImage image(base + QStringLiteral(".png"));
    QCOMPARE(image.size(), QSize(900, 600));
    std::set<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    QVERIFY2(colours.size() > 8, "the PNG is (nearly) blank");
    QVERIFY(image.text(QStringLiteral("Description")).contains(tab->queryKind()));

    QCOMPARE(exporter.exportToFile(base + QStringLiteral(".svg"), ui::ChartFormat::Svg, QSize(900, 600)),
             QString());
    QFile svg(base + QStringLiteral(".svg"));
    QVERIFY(svg.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&svg);
    QString title;
    QString description;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == u"title" && title.isEmpty())
            title = xml.readElementText();
        else if (xml.isStartElement() && xml.name() == u"desc" && description.isEmpty())
            description = xml.readElementText();
    }
    QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
    QVERIFY2(title.startsWith(tab->exportTargetNames().at(target)), qPrintable(title));
    QVERIFY(description.contains(tab->queryKind()));
    QVERIFY(description.contains(QStringLiteral("test server")));

    QCOMPARE(exporter.exportToFile(base + QStringLiteral(".pdf"), ui::ChartFormat::Pdf, QSize(900, 600), 96),
             QString());
    QFile pdf(base + QStringLiteral(".pdf"));
    QVERIFY(pdf.open(QIODevice::ReadOnly));
    const QByteArray bytes = pdf.readAll();
    QVERIFY(bytes.startsWith("%PDF-"));
    QVERIFY(bytes.contains("/Type /Page"));
    QVERIFY(bytes.trimmed().endsWith("%%EOF"));
}

void TestUiInsights::errorsAreInline()
{
    auto* tab = showTab<ui::RetentionTab>();
    QVERIFY(tab);
    // A retention breakdown is outside the embedded backend: the server answers with an error.
    QJsonObject query = tab->buildQuery();
    query.insert(QStringLiteral("breakdownFilter"),
                 QJsonObject{{QStringLiteral("breakdown"), QStringLiteral("$browser")}});
    tab->setQuery(query);
    tab->run();
    QTRY_COMPARE_WITH_TIMEOUT(tab->status(), ui::InsightTab::Status::Failed, kTimeoutMs);
    QVERIFY2(tab->errorText().contains(QStringLiteral("breakdown"), Qt::CaseInsensitive),
             qPrintable(tab->errorText()));
    auto* label = tab->findChild<QLabel*>(QStringLiteral("insightError"));
    QVERIFY(label && label->isVisible());
    for (QWidget* widget : QApplication::topLevelWidgets())
        QVERIFY(!qobject_cast<QMessageBox*>(widget) || !widget->isVisible());
}

void TestUiInsights::staleAnswersAreDropped()
{
    auto* tab = showTab<ui::StickinessTab>();
    QVERIFY(tab);
    QSignalSpy shown(tab, &ui::InsightTab::resultShown);
    tab->dateRangeEdit()->setDates(QDate(2026, 3, 12), QDate(2026, 3, 31));
    tab->run();
    tab->dateRangeEdit()->setDates(QDate(2026, 3, 25), QDate(2026, 3, 31));
    tab->run();
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, kTimeoutMs);
    QTest::qWait(300);
    QCOMPARE(shown.count(), 1); // the first run's answer never reached the screen
    QCOMPARE(tab->shownQuery().value(QStringLiteral("dateRange")).toObject(),
             range("2026-03-25", "2026-03-31"));
    QCOMPARE(tab->chart()->painter().data().categories.size(), 7);
}

void TestUiInsights::cancelStopsTheRun()
{
    // A server that takes its time with every query, so there is something to cancel.
    QUrl slowUrl;
    auto slow = startServer(m_store, 3'000'000, &slowUrl);
    QVERIFY(slow);
    api::ApiClient client(api::Connection{slowUrl, kToken, QStringLiteral("1")});
    api::QueryScheduler scheduler(client, api::SchedulerLimits::unthrottled());
    auto* tab = showTab<ui::PathsTab>();
    QVERIFY(tab);
    tab->setScheduler(&scheduler);
    QSignalSpy shown(tab, &ui::InsightTab::resultShown);
    tab->run();
    QCOMPARE(tab->status(), ui::InsightTab::Status::Running);
    QVERIFY(tab->cancelButton()->isEnabled());
    QTest::qWait(300);
    QTest::mouseClick(tab->cancelButton(), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(tab->status(), ui::InsightTab::Status::Cancelled, 5000);
    QVERIFY(!tab->cancelButton()->isEnabled());
    QTest::qWait(500);
    QCOMPARE(shown.count(), 0);
    tab->setScheduler(nullptr);
}

void TestUiInsights::emptyRangePointsToTheData()
{
    // "Last 30 days" of a demo store that ends in March 2026: nothing there, and the tab says where
    // the data is, with a link that moves the range to it.
    auto* tab = showTab<ui::RetentionTab>();
    QVERIFY(tab);
    tab->dateRangeEdit()->setDateRange(QJsonObject{{QStringLiteral("date_from"), QStringLiteral("-30d")}});
    QVERIFY(!tab->dateRangeEdit()->isCustom());
    QVERIFY(runAndWait(tab));
    auto* hint = tab->findChild<QLabel*>(QStringLiteral("insightHint"));
    QVERIFY(hint);
    QTRY_VERIFY_WITH_TIMEOUT(hint->isVisible(), kTimeoutMs);
    // The latest event, from the raw events (a session late on the last day may run past midnight).
    qint64 latestDay = 0;
    for (const Event& e : m_events)
        latestDay = std::max(latestDay, e.day());
    const QDate latest = QDate(1970, 1, 1).addDays(latestDay);
    QVERIFY2(hint->text().contains(latest.toString(Qt::ISODate)), qPrintable(hint->text()));
    QSignalSpy shown(tab, &ui::InsightTab::resultShown);
    Q_EMIT hint->linkActivated(QStringLiteral("latest"));
    QTRY_COMPARE_WITH_TIMEOUT(shown.count(), 1, kTimeoutMs);
    QCOMPARE(tab->shownQuery().value(QStringLiteral("dateRange")).toObject(),
             (QJsonObject{{QStringLiteral("date_from"), latest.addDays(-29).toString(Qt::ISODate)},
                          {QStringLiteral("date_to"), latest.toString(Qt::ISODate)}}));
    QCOMPARE(tab->gridModel()->rowCount(), 30);
    QVERIFY(tab->gridModel()
                ->index(28, model::RetentionGridModel::kSizeColumn)
                .data(model::RetentionGridModel::CountRole)
                .toLongLong() > 0);
}

void TestUiInsights::mainWindowOpensInsightTabs()
{
    workspace::Settings settings(m_dir.filePath(QStringLiteral("settings.ini")));
    ui::MainWindow window(settings);
    window.setClient(m_client.get(), m_scheduler.get(), QStringLiteral("test server"));
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto* tabs = window.findChild<QTabWidget*>(QStringLiteral("queryTabs"));
    QVERIFY(tabs);
    for (const QString& name : {QStringLiteral("retentionAction"), QStringLiteral("stickinessAction"),
                                QStringLiteral("pathsAction")}) {
        auto* action = window.findChild<QAction*>(name);
        QVERIFY2(action, qPrintable(name));
        const int before = tabs->count();
        action->trigger();
        QCOMPARE(tabs->count(), before + 1);
        auto* tab = qobject_cast<ui::InsightTab*>(tabs->currentWidget());
        QVERIFY(tab);
        QCOMPARE(tab->scheduler(), m_scheduler.get());
        QCOMPARE(tabs->tabText(tabs->currentIndex()), tab->title());
        // Opened connected, it runs at once (here on "last 30 days").
        QTRY_VERIFY_WITH_TIMEOUT(tab->status() == ui::InsightTab::Status::Succeeded, kTimeoutMs);
        if (qEnvironmentVariableIsSet("HOGSCOPE_SCREENSHOT_DIR")) {
            QTest::qWait(300); // the no-data hint's look-up
            window.grab().save(QDir(qEnvironmentVariable("HOGSCOPE_SCREENSHOT_DIR"))
                                   .filePath(QStringLiteral("insight_window_%1.png").arg(name)));
        }
    }
    // A drill-down opens the persons of the data point in a Persons tab.
    auto* paths = qobject_cast<ui::InsightTab*>(tabs->currentWidget());
    const int before = tabs->count();
    Q_EMIT paths->actorsRequested(QJsonObject{{QStringLiteral("kind"), QStringLiteral("InsightActorsQuery")},
                                              {QStringLiteral("source"), paths->shownQuery()}},
                                  QStringLiteral("Persons on these paths"));
    QCOMPARE(tabs->count(), before + 1);
    QVERIFY(qobject_cast<ui::PersonsTab*>(tabs->currentWidget()));
    // Insight tabs close like any other tab.
    tabs->tabCloseRequested(tabs->indexOf(paths));
    QCOMPARE(tabs->count(), before);
}

void TestUiInsights::screenshots()
{
    // Each tab with a result, grabbed as a person would see it (HOGSCOPE_SCREENSHOT_DIR keeps them).
    const QString dir = qEnvironmentVariableIsSet("HOGSCOPE_SCREENSHOT_DIR")
                            ? qEnvironmentVariable("HOGSCOPE_SCREENSHOT_DIR")
                            : m_dir.path();
    QDir().mkpath(dir);
    for (const QString& kind :
         {QStringLiteral("retention"), QStringLiteral("stickiness"), QStringLiteral("paths")}) {
        ui::InsightTab* tab = nullptr;
        if (kind == u"retention")
            tab = showTab<ui::RetentionTab>();
        else if (kind == u"stickiness")
            tab = showTab<ui::StickinessTab>();
        else
            tab = showTab<ui::PathsTab>();
        QVERIFY(tab);
        if (auto* retention = qobject_cast<ui::RetentionTab*>(tab))
            retention->setCurveCohorts({0, 5});
        if (auto* stickiness = qobject_cast<ui::StickinessTab*>(tab))
            stickiness->setEvents({QStringLiteral("$pageview"), QStringLiteral("$autocapture")});
        tab->dateRangeEdit()->setDates(QDate(2026, 3, 18), QDate(2026, 3, 31));
        QVERIFY(runAndWait(tab));
        QTest::qWait(100);
        const QImage image = tab->grab().toImage();
        QVERIFY(!image.isNull());
        QVERIFY(image.save(QDir(dir).filePath(QStringLiteral("insight_%1.png").arg(kind))));
    }
}

QTEST_MAIN(TestUiInsights)
#include "tst_ui_insights.moc"
