// Insight queries of hogscope-server over real HTTP, on a tiny store written by hand through the
// ingest path: six persons with events on known days across three weeks (a Sunday boundary
// included). Every expected grid, count, edge and person list below was worked out by hand from
// the event list in initTestCase, never by running SQL over the store.

#include "local/event_ingest.h"
#include "local/sqlite_connection.h"
#include "local/store_schema.h"
#include "local/time_format.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

#include <sqlite3.h>

#include <memory>

using namespace hogscope::local;

namespace {

const QByteArray kToken = "phx_insights_token";

// Person UUIDs: P1 ... P6.
QString person(int n)
{
    return QStringLiteral("00000000-0000-4000-8000-00000000000%1").arg(n);
}

int64_t at(const char* when)
{
    return *timefmt::parseDateTime(when);
}

struct Response
{
    int status = 0;
    QJsonObject body;
    QByteArray raw;
};

QJsonArray ints(std::initializer_list<qint64> values)
{
    QJsonArray out;
    for (qint64 v : values)
        out.append(v);
    return out;
}

QJsonObject events(const char* event)
{
    return QJsonObject{{QStringLiteral("id"), QString::fromLatin1(event)},
                       {QStringLiteral("type"), QStringLiteral("events")}};
}

QJsonObject eventsNode(const char* event, const char* math = nullptr)
{
    QJsonObject node{{QStringLiteral("kind"), QStringLiteral("EventsNode")},
                     {QStringLiteral("event"), QString::fromLatin1(event)}};
    if (math)
        node.insert(QStringLiteral("math"), QString::fromLatin1(math));
    return node;
}

QJsonObject range(const char* from, const char* to)
{
    return QJsonObject{{QStringLiteral("date_from"), QString::fromLatin1(from)},
                       {QStringLiteral("date_to"), QString::fromLatin1(to)}};
}

// The counts of each cohort of a RetentionQuery response.
QList<QJsonArray> grid(const QJsonObject& body)
{
    QList<QJsonArray> rows;
    for (const QJsonValue& cohort : body.value(QStringLiteral("results")).toArray()) {
        QJsonArray counts;
        for (const QJsonValue& value : cohort.toObject().value(QStringLiteral("values")).toArray())
            counts.append(value.toObject().value(QStringLiteral("count")).toInteger());
        rows.append(counts);
    }
    return rows;
}

} // namespace

class TestServerInsights : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void rollupsMatchEvents();
    void retentionGrid_data();
    void retentionGrid();
    void retentionShape();
    void retentionCohortActors();
    void stickiness_data();
    void stickiness();
    void stickinessActors();
    void paths_data();
    void paths();
    void pathsActors_data();
    void pathsActors();
    void trends_data();
    void trends();
    void trendsBreakdown();
    void trendsActors();
    void actorsSearch_data();
    void actorsSearch();
    void actorsPaging();
    void eventsQuery();
    void eventsQueryObjects();
    void metadata_data();
    void metadata();
    void asyncInsight();
    void legacyRetention();
    void legacyStickiness();
    void legacyPath();
    void errors_data();
    void errors();

private:
    Response send(const QByteArray& method, const QString& path, const QJsonObject& body = {});
    Response query(const QJsonObject& node, const QJsonObject& extra = {});

    QTemporaryDir m_dir;
    QString m_db;
    QProcess m_server;
    QUrl m_base;
    QNetworkAccessManager m_nam;
};

void TestServerInsights::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_db = m_dir.filePath(QStringLiteral("insights.db"));
    SqliteConnection db;
    QVERIFY2(db.open(m_db, SqliteConnection::Mode::Create), qPrintable(db.errorString()));
    QString error;
    QVERIFY2(store::createSchema(db, &error), qPrintable(error));
    auto ingestPointer = std::make_unique<EventIngest>(db.handle());
    EventIngest& ingest = *ingestPointer;
    QVERIFY2(ingest.begin(), qPrintable(ingest.errorString()));

    // Persons; P1 also owns the anonymous id it browsed with before signing up.
    struct P
    {
        int n;
        const char* created;
        const char* properties;
        std::vector<std::string_view> ids;
    };
    const P persons[] = {
        {1, "2026-02-20 12:00:00", R"({"email":"ada@example.com","name":"Ada"})", {"anon1", "d1"}},
        {2, "2026-03-01 09:00:00", R"({"email":"ben@example.com"})", {"d2"}},
        {3, "2026-03-02 12:00:00", R"({"name":"Chloe"})", {"d3"}},
        {4, "2026-03-03 15:00:00", R"({"email":"dev@filedrop.io"})", {"d4"}},
        {5, "2026-03-04 15:00:00", R"({})", {"d5"}},
        {6, "2026-03-02 09:00:00", R"({"email":"farid@example.com","plan":"pro"})", {"d6"}},
    };
    for (const P& p : persons) {
        const std::string id = person(p.n).toStdString();
        IngestPerson record;
        record.id = id;
        record.createdAt = at(p.created);
        record.properties = p.properties;
        record.identified = true;
        record.distinctIds = p.ids;
        QVERIFY2(ingest.addPerson(record), qPrintable(ingest.errorString()));
    }

    // Events: distinct id, event, time, URL, browser (none for d5). Day numbers in comments count
    // from Sunday 2026-03-01 (day 0); weeks start on Sundays Mar 1, Mar 8, Mar 15.
    struct E
    {
        const char* distinctId;
        const char* event;
        const char* when;
        const char* url;
        const char* browser;
    };
    const E list[] = {
        {"anon1", "$pageview", "2026-02-20 12:00:00", "https://app.x/files", "Chrome"}, // P1 before the range
        {"d1", "$pageview", "2026-03-01 10:00:00", "https://app.x/", "Chrome"},         // P1 day 0, session 1
        {"d1", "$pageview", "2026-03-01 10:01:00", "https://app.x/pricing/", "Chrome"},
        {"d1", "$pageview", "2026-03-01 10:02:00", "https://app.x/pricing", "Chrome"},
        {"d1", "$pageview", "2026-03-01 10:05:00", "https://app.x/signup", "Chrome"},
        {"d1", "$pageview", "2026-03-01 11:00:00", "https://app.x/", "Chrome"}, // session 2 (55 min gap)
        {"d1", "$pageview", "2026-03-01 11:10:00", "https://app.x/pricing", "Chrome"},
        {"d1", "$pageview", "2026-03-02 15:00:00", "https://app.x/files", "Chrome"}, // day 1
        {"d1", "$pageview", "2026-03-04 15:00:00", "https://app.x/files", "Chrome"}, // day 3
        {"d1", "$pageview", "2026-03-11 15:00:00", "https://app.x/files", "Chrome"}, // week 1
        {"d1", "$pageview", "2026-03-22 15:00:00", "https://app.x/files", "Chrome"}, // after week 2
        {"d2", "$pageview", "2026-03-01 09:00:00", "https://app.x/", "Safari"},      // P2 day 0
        {"d2", "$pageview", "2026-03-01 09:20:00", "https://app.x/pricing", "Safari"},
        {"d2", "$pageview", "2026-03-01 09:49:59", "https://app.x/signup", "Safari"}, // 29:59 later
        {"d2", "$pageview", "2026-03-03 15:00:00", "https://app.x/files", "Safari"},  // day 2
        {"d2", "$pageview", "2026-03-08 00:00:00", "https://app.x/files", "Safari"},  // Sunday: week 1
        {"d3", "$pageview", "2026-03-02 12:00:00", "https://app.x/docs", "Chrome"},   // P3 day 1
        {"d3", "$pageview", "2026-03-02 12:30:00", "https://app.x/", "Chrome"},       // exactly 30 min
        {"d3", "signup", "2026-03-02 13:00:00", nullptr, "Chrome"},
        {"d3", "$pageview", "2026-03-03 15:00:00", "https://app.x/files", "Chrome"},  // day 2
        {"d3", "$pageview", "2026-03-05 15:00:00", "https://app.x/files", "Chrome"},  // day 4
        {"d3", "$pageview", "2026-03-12 15:00:00", "https://app.x/files", "Chrome"},  // week 1
        {"d3", "$pageview", "2026-03-20 15:00:00", "https://app.x/files", "Chrome"},  // week 2
        {"d4", "$pageview", "2026-03-03 15:00:00", "https://app.x/files", "Firefox"}, // P4 day 2
        {"d4", "$pageview", "2026-03-07 23:59:59", "https://app.x/files", "Firefox"}, // Saturday: week 0
        {"d5", "$pageview", "2026-03-04 15:00:00", "https://app.x/files", nullptr},   // P5 day 3
        {"d5", "$pageview", "2026-03-05 15:00:00", "https://app.x/files", nullptr},   // day 4
        {"d5", "$pageview", "2026-03-16 15:00:00", "https://app.x/files", nullptr},   // week 2
        {"d6", "signup", "2026-03-02 09:00:00", nullptr, "Chrome"},                   // P6 day 1
    };
    for (const E& e : list) {
        QJsonObject properties;
        if (e.url) {
            properties.insert(QStringLiteral("$current_url"), QString::fromLatin1(e.url));
            properties.insert(QStringLiteral("$pathname"), QUrl(QString::fromLatin1(e.url)).path());
        }
        if (e.browser)
            properties.insert(QStringLiteral("$browser"), QString::fromLatin1(e.browser));
        const std::string json = QJsonDocument(properties).toJson(QJsonDocument::Compact).toStdString();
        IngestEvent event;
        event.event = e.event;
        event.distinctId = e.distinctId;
        event.timestamp = at(e.when);
        event.properties = json;
        QVERIFY2(ingest.addEvent(event), qPrintable(ingest.errorString()));
    }
    QVERIFY2(ingest.commit(), qPrintable(ingest.errorString()));
    ingestPointer.reset(); // its statements go, so closing checkpoints the store
    db.close();

    m_server.setProgram(qEnvironmentVariable("HOGSCOPE_SERVER"));
    m_server.setArguments({QStringLiteral("serve"), QStringLiteral("--db"), m_db, QStringLiteral("--port"),
                           QStringLiteral("0"), QStringLiteral("--token"), QString::fromLatin1(kToken)});
    m_server.start();
    QVERIFY(m_server.waitForStarted(10000));
    QElapsedTimer timer;
    timer.start();
    while (!m_server.canReadLine() && timer.elapsed() < 10000)
        m_server.waitForReadyRead(200);
    const QString line = QString::fromUtf8(m_server.readLine()).trimmed();
    static const QRegularExpression pattern(QStringLiteral("^listening on (http://127\\.0\\.0\\.1:\\d+)$"));
    const auto match = pattern.match(line);
    QVERIFY2(match.hasMatch(), qPrintable(line));
    m_base = QUrl(match.captured(1));
}

void TestServerInsights::cleanupTestCase()
{
    if (m_server.state() != QProcess::NotRunning) {
        m_server.terminate();
        if (!m_server.waitForFinished(5000))
            m_server.kill();
    }
}

Response TestServerInsights::send(const QByteArray& method, const QString& path, const QJsonObject& body)
{
    QUrl url = m_base;
    const qsizetype question = path.indexOf(QLatin1Char('?'));
    url.setPath(question < 0 ? path : path.left(question));
    if (question >= 0)
        url.setQuery(path.mid(question + 1));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setRawHeader("Authorization", "Bearer " + kToken);
    QNetworkReply* reply = m_nam.sendCustomRequest(
        request, method, body.isEmpty() ? QByteArray() : QJsonDocument(body).toJson());
    QSignalSpy finished(reply, &QNetworkReply::finished);
    Response response;
    if (!finished.wait(30000) && !reply->isFinished()) {
        reply->abort();
        reply->deleteLater();
        return response;
    }
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.raw = reply->readAll();
    response.body = QJsonDocument::fromJson(response.raw).object();
    reply->deleteLater();
    return response;
}

Response TestServerInsights::query(const QJsonObject& node, const QJsonObject& extra)
{
    QJsonObject body = extra;
    body.insert(QStringLiteral("query"), node);
    return send("POST", QStringLiteral("/api/environments/1/query/"), body);
}

void TestServerInsights::rollupsMatchEvents()
{
    // The rollups kept at ingest equal the ones recomputed from the events by plain SQL.
    SqliteConnection db;
    QVERIFY(db.open(m_db, SqliteConnection::Mode::ReadOnly));
    auto rows = [&](const char* sql) {
        QStringList out;
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db.handle(), sql, -1, &stmt, nullptr) != SQLITE_OK)
            return QStringList{QString::fromUtf8(sqlite3_errmsg(db.handle()))};
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            QStringList cells;
            for (int c = 0; c < sqlite3_column_count(stmt); ++c)
                cells.append(QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, c))));
            out.append(cells.join(QLatin1Char('|')));
        }
        sqlite3_finalize(stmt);
        return out;
    };
    // P3 on day 1 (2026-03-02 = day 20514): two pageviews and one signup, two rollup rows.
    QCOMPARE(rows("SELECT event, events FROM rollup_person_days WHERE person_id = "
                  "'00000000-0000-4000-8000-000000000003' "
                  "AND day = 20514 ORDER BY event"),
             (QStringList{QStringLiteral("$pageview|2"), QStringLiteral("signup|1")}));
    // The anonymous id's event belongs to P1.
    QCOMPARE(rows("SELECT person_id FROM events WHERE distinct_id = 'anon1'"), QStringList{person(1)});
    QCOMPARE(rows("SELECT sum(events) FROM rollup_event_days"), QStringList{QStringLiteral("29")});
    QCOMPARE(
        rows("SELECT value_is_null || value || ':' || sum(events) FROM rollup_property_days WHERE property = "
             "'$browser' GROUP BY value_is_null, value ORDER BY 1"),
        (QStringList{QStringLiteral("0Chrome:19"), QStringLiteral("0Firefox:2"), QStringLiteral("0Safari:5"),
                     QStringLiteral("1:3")}));
    // And a rebuild from the events by SQL gives the same tables.
    const QStringList personDays = rows("SELECT * FROM rollup_person_days ORDER BY 1, 2, 3");
    const QStringList propertyDays = rows("SELECT * FROM rollup_property_days ORDER BY 1, 2, 3, 4, 5");
    const QString copy = m_dir.filePath(QStringLiteral("copy.db"));
    QVERIFY(db.exec(QStringLiteral("VACUUM INTO '%1'").arg(copy).toUtf8().constData()));
    db.close();
    SqliteConnection writable;
    QVERIFY(writable.open(copy, SqliteConnection::Mode::ReadWrite));
    QString error;
    QVERIFY2(store::rebuildRollups(writable.handle(), &error), qPrintable(error));
    db = std::move(writable);
    QCOMPARE(rows("SELECT * FROM rollup_person_days ORDER BY 1, 2, 3"), personDays);
    QCOMPARE(rows("SELECT * FROM rollup_property_days ORDER BY 1, 2, 3, 4, 5"), propertyDays);
}

void TestServerInsights::retentionGrid_data()
{
    QTest::addColumn<QJsonObject>("filter");
    QTest::addColumn<QJsonObject>("dateRange");
    QTest::addColumn<QList<QJsonArray>>("expected");

    const QJsonObject days = range("2026-03-01", "2026-03-05");
    QTest::newRow("day recurring") << QJsonObject{{QStringLiteral("period"), QStringLiteral("Day")},
                                                  {QStringLiteral("totalIntervals"), 4},
                                                  {QStringLiteral("retentionType"),
                                                   QStringLiteral("retention_recurring")}}
                                   << days
                                   << QList<QJsonArray>{ints({2, 1, 1, 1}), ints({2, 1, 1, 1}),
                                                        ints({3, 0, 1, 0}), ints({2, 1, 0, 0}),
                                                        ints({2, 0, 0, 0})};
    // P1's first pageview (Feb 20) is before the range: P1 is in no first-time cohort.
    QTest::newRow("day first time") << QJsonObject{{QStringLiteral("period"), QStringLiteral("Day")},
                                                   {QStringLiteral("totalIntervals"), 4},
                                                   {QStringLiteral("retentionType"),
                                                    QStringLiteral("retention_first_time")}}
                                    << days
                                    << QList<QJsonArray>{ints({1, 0, 1, 0}), ints({1, 1, 0, 1}),
                                                         ints({1, 0, 0, 0}), ints({1, 1, 0, 0}),
                                                         ints({0, 0, 0, 0})};
    // Wednesday to Wednesday: Sunday weeks Mar 1, 8, 15. P4's Saturday 23:59:59 is week 0, P2's
    // Sunday 00:00:00 week 1.
    const QJsonObject weeks = range("2026-03-04", "2026-03-18");
    QTest::newRow("week recurring") << QJsonObject{{QStringLiteral("period"), QStringLiteral("Week")},
                                                   {QStringLiteral("totalIntervals"), 3}}
                                    << weeks
                                    << QList<QJsonArray>{ints({5, 3, 2}), ints({3, 1, 0}), ints({2, 0, 0})};
    QTest::newRow("week first time") << QJsonObject{{QStringLiteral("period"), QStringLiteral("Week")},
                                                    {QStringLiteral("totalIntervals"), 3},
                                                    {QStringLiteral("retentionType"),
                                                     QStringLiteral("retention_first_time")}}
                                     << weeks
                                     << QList<QJsonArray>{ints({4, 2, 2}), ints({0, 0, 0}), ints({0, 0, 0})};
    // Target signup (P3 and P6 on day 1), returning pageview.
    QTest::newRow("target differs") << QJsonObject{{QStringLiteral("period"), QStringLiteral("Day")},
                                                   {QStringLiteral("totalIntervals"), 4},
                                                   {QStringLiteral("targetEntity"), events("signup")},
                                                   {QStringLiteral("returningEntity"), events("$pageview")}}
                                    << days
                                    << QList<QJsonArray>{ints({0, 0, 0, 0}), ints({2, 1, 0, 1}),
                                                         ints({0, 0, 0, 0}), ints({0, 0, 0, 0}),
                                                         ints({0, 0, 0, 0})};
    QTest::newRow("day cumulative") << QJsonObject{{QStringLiteral("period"), QStringLiteral("Day")},
                                                   {QStringLiteral("totalIntervals"), 4},
                                                   {QStringLiteral("cumulative"), true}}
                                    << days
                                    << QList<QJsonArray>{ints({2, 2, 2, 1}), ints({2, 2, 2, 1}),
                                                         ints({3, 1, 1, 0}), ints({2, 1, 0, 0}),
                                                         ints({2, 0, 0, 0})};
}

void TestServerInsights::retentionGrid()
{
    QFETCH(QJsonObject, filter);
    QFETCH(QJsonObject, dateRange);
    QFETCH(QList<QJsonArray>, expected);
    const Response r = query(QJsonObject{{QStringLiteral("kind"), QStringLiteral("RetentionQuery")},
                                         {QStringLiteral("dateRange"), dateRange},
                                         {QStringLiteral("retentionFilter"), filter}});
    QCOMPARE(r.status, 200);
    QCOMPARE(grid(r.body), expected);
}

void TestServerInsights::retentionShape()
{
    const Response r = query(QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("RetentionQuery")},
        {QStringLiteral("dateRange"), range("2026-03-04", "2026-03-18")},
        {QStringLiteral("retentionFilter"), QJsonObject{{QStringLiteral("period"), QStringLiteral("Week")},
                                                        {QStringLiteral("totalIntervals"), 3}}}});
    QCOMPARE(r.status, 200);
    const QJsonArray results = r.body.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 3);
    const QJsonObject second = results[1].toObject();
    QCOMPARE(second.value(QStringLiteral("label")).toString(), QStringLiteral("Week 1"));
    QCOMPARE(second.value(QStringLiteral("date")).toString(), QStringLiteral("2026-03-08T00:00:00Z"));
    QVERIFY(second.value(QStringLiteral("breakdown_value")).isNull());
    const QJsonArray values = second.value(QStringLiteral("values")).toArray();
    QCOMPARE(values[2].toObject().value(QStringLiteral("label")).toString(), QStringLiteral("Week 2"));
    QCOMPARE(results[0].toObject().value(QStringLiteral("date")).toString(),
             QStringLiteral("2026-03-01T00:00:00Z"));
    QVERIFY(r.body.value(QStringLiteral("timings")).isArray());
    QCOMPARE(r.body.value(QStringLiteral("is_cached")).toBool(true), false);
}

void TestServerInsights::retentionCohortActors()
{
    // Cohort Day 2 (recurring): P2 [0], P3 [0, 2], P4 [0]; ordered as the frontend orders them.
    const QJsonObject source{
        {QStringLiteral("kind"), QStringLiteral("RetentionQuery")},
        {QStringLiteral("dateRange"), range("2026-03-01", "2026-03-05")},
        {QStringLiteral("retentionFilter"), QJsonObject{{QStringLiteral("period"), QStringLiteral("Day")},
                                                        {QStringLiteral("totalIntervals"), 4}}}};
    const Response r = query(QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("ActorsQuery")},
        {QStringLiteral("select"), QJsonArray{QStringLiteral("person"), QStringLiteral("appearances"),
                                              QStringLiteral("day_0"), QStringLiteral("day_2")}},
        {QStringLiteral("orderBy"),
         QJsonArray{QStringLiteral("length(appearances) DESC"), QStringLiteral("actor_id")}},
        {QStringLiteral("source"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("InsightActorsQuery")},
                                               {QStringLiteral("interval"), 2},
                                               {QStringLiteral("source"), source}}}});
    QCOMPARE(r.status, 200);
    const QJsonArray rows = r.body.value(QStringLiteral("results")).toArray();
    QCOMPARE(rows.size(), 3);
    QCOMPARE(rows[0][0].toObject().value(QStringLiteral("id")).toString(), person(3));
    QCOMPARE(rows[0][1].toArray(), ints({0, 2}));
    QCOMPARE(rows[0][2].toBool(), true);
    QCOMPARE(rows[0][3].toBool(), true);
    QCOMPARE(rows[1][0].toObject().value(QStringLiteral("id")).toString(), person(2));
    QCOMPARE(rows[1][1].toArray(), ints({0}));
    QCOMPARE(rows[1][3].toBool(), false);
    QCOMPARE(rows[2][0].toObject().value(QStringLiteral("id")).toString(), person(4));
    // The person object carries the person's distinct ids and properties.
    const QJsonObject p3 = rows[0][0].toObject();
    QCOMPARE(p3.value(QStringLiteral("distinct_ids")).toArray(), QJsonArray{QStringLiteral("d3")});
    QCOMPARE(p3.value(QStringLiteral("properties")).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("Chloe"));
    QCOMPARE(r.body.value(QStringLiteral("columns")).toArray().size(), 4);

    // First-time week cohort 0 run directly as an InsightActorsQuery: P2, P3, P4, P5.
    const Response direct =
        query(QJsonObject{{QStringLiteral("kind"), QStringLiteral("InsightActorsQuery")},
                          {QStringLiteral("interval"), 0},
                          {QStringLiteral("source"),
                           QJsonObject{{QStringLiteral("kind"), QStringLiteral("RetentionQuery")},
                                       {QStringLiteral("dateRange"), range("2026-03-04", "2026-03-18")},
                                       {QStringLiteral("retentionFilter"),
                                        QJsonObject{{QStringLiteral("period"), QStringLiteral("Week")},
                                                    {QStringLiteral("totalIntervals"), 3},
                                                    {QStringLiteral("retentionType"),
                                                     QStringLiteral("retention_first_time")}}}}}});
    QCOMPARE(direct.status, 200);
    QStringList ids;
    for (const QJsonValue& row : direct.body.value(QStringLiteral("results")).toArray())
        ids.append(row[0].toString());
    ids.sort();
    QCOMPARE(ids, (QStringList{person(2), person(3), person(4), person(5)}));
    QCOMPARE(direct.body.value(QStringLiteral("columns")).toArray().first().toString(),
             QStringLiteral("actor_id"));
}

void TestServerInsights::stickiness_data()
{
    QTest::addColumn<QString>("computedAs");
    QTest::addColumn<QJsonArray>("data");
    QTest::addColumn<QString>("firstLabel");
    // Days active Mar 1-7: P1 3, P2 2, P3 3, P4 2, P5 2 (several events on one day count once).
    QTest::newRow("exact") << QStringLiteral("non_cumulative") << ints({0, 3, 2, 0, 0, 0, 0})
                           << QStringLiteral("1 day");
    QTest::newRow("cumulative") << QStringLiteral("cumulative") << ints({5, 5, 2, 0, 0, 0, 0})
                                << QStringLiteral("1 day or more");
}

void TestServerInsights::stickiness()
{
    QFETCH(QString, computedAs);
    QFETCH(QJsonArray, data);
    QFETCH(QString, firstLabel);
    const Response r = query(QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("StickinessQuery")},
        {QStringLiteral("series"), QJsonArray{eventsNode("$pageview")}},
        {QStringLiteral("interval"), QStringLiteral("day")},
        {QStringLiteral("dateRange"), range("2026-03-01", "2026-03-07")},
        {QStringLiteral("stickinessFilter"), QJsonObject{{QStringLiteral("computedAs"), computedAs}}}});
    QCOMPARE(r.status, 200);
    const QJsonObject series = r.body.value(QStringLiteral("results")).toArray().first().toObject();
    QCOMPARE(series.value(QStringLiteral("data")).toArray(), data);
    QCOMPARE(series.value(QStringLiteral("count")).toInteger(), 5);
    QCOMPARE(series.value(QStringLiteral("days")).toArray(), ints({1, 2, 3, 4, 5, 6, 7}));
    QCOMPARE(series.value(QStringLiteral("labels")).toArray().first().toString(), firstLabel);
    QCOMPARE(series.value(QStringLiteral("label")).toString(), QStringLiteral("$pageview"));
    QCOMPARE(series.value(QStringLiteral("action")).toObject().value(QStringLiteral("id")).toString(),
             QStringLiteral("$pageview"));
}

void TestServerInsights::stickinessActors()
{
    const QJsonObject source{{QStringLiteral("kind"), QStringLiteral("StickinessQuery")},
                             {QStringLiteral("series"), QJsonArray{eventsNode("$pageview")}},
                             {QStringLiteral("dateRange"), range("2026-03-01", "2026-03-07")}};
    auto actorsOf = [&](const QJsonObject& insightActors) {
        const Response r = query(QJsonObject{{QStringLiteral("kind"), QStringLiteral("ActorsQuery")},
                                             {QStringLiteral("select"), QJsonArray{QStringLiteral("id")}},
                                             {QStringLiteral("source"), insightActors}});
        QStringList ids;
        for (const QJsonValue& row : r.body.value(QStringLiteral("results")).toArray())
            ids.append(row[0].toString());
        ids.sort();
        return ids;
    };
    QCOMPARE(actorsOf(QJsonObject{{QStringLiteral("kind"), QStringLiteral("InsightActorsQuery")},
                                  {QStringLiteral("day"), 2},
                                  {QStringLiteral("series"), 0},
                                  {QStringLiteral("source"), source}}),
             (QStringList{person(2), person(4), person(5)}));
    QCOMPARE(actorsOf(QJsonObject{{QStringLiteral("kind"), QStringLiteral("StickinessActorsQuery")},
                                  {QStringLiteral("day"), 3},
                                  {QStringLiteral("operator"), QStringLiteral("gte")},
                                  {QStringLiteral("source"), source}}),
             (QStringList{person(1), person(3)}));
}

void TestServerInsights::paths_data()
{
    QTest::addColumn<QJsonObject>("filter");
    QTest::addColumn<QJsonArray>("edges"); // [source, target, value, average ms]
    // Sessions (gap >= 30 min splits; runs collapse, keeping the last event's time):
    //   P1: [x 10:00, pricing 10:02, signup 10:05], [x 11:00, pricing 11:10]; P2: [x 09:00,
    //   pricing 09:20, signup 09:49:59]; P3: [docs 12:00], [x 12:30] (exactly 30 min apart).
    QTest::newRow("pageviews")
        << QJsonObject{{QStringLiteral("includeEventTypes"), QJsonArray{QStringLiteral("$pageview")}}}
        << QJsonArray{QJsonArray{QStringLiteral("1_https://app.x"), QStringLiteral("2_https://app.x/pricing"),
                                 3, 640000.0},
                      QJsonArray{QStringLiteral("2_https://app.x/pricing"),
                                 QStringLiteral("3_https://app.x/signup"), 2, 989500.0}};
    QTest::newRow("start point")
        << QJsonObject{{QStringLiteral("includeEventTypes"), QJsonArray{QStringLiteral("$pageview")}},
                       {QStringLiteral("startPoint"), QStringLiteral("https://app.x/pricing/")}}
        << QJsonArray{QJsonArray{QStringLiteral("1_https://app.x/pricing"),
                                 QStringLiteral("2_https://app.x/signup"), 2, 989500.0}};
    QTest::newRow("step limit 2") << QJsonObject{{QStringLiteral("includeEventTypes"),
                                                  QJsonArray{QStringLiteral("$pageview")}},
                                                 {QStringLiteral("stepLimit"), 2}}
                                  << QJsonArray{QJsonArray{QStringLiteral("1_https://app.x"),
                                                           QStringLiteral("2_https://app.x/pricing"), 3,
                                                           640000.0}};
    // Custom events only: P3's signup alone, P6's signup alone: no edges.
    QTest::newRow("custom events") << QJsonObject{{QStringLiteral("includeEventTypes"),
                                                   QJsonArray{QStringLiteral("custom_event")}}}
                                   << QJsonArray{};
}

void TestServerInsights::paths()
{
    QFETCH(QJsonObject, filter);
    QFETCH(QJsonArray, edges);
    const Response r = query(QJsonObject{{QStringLiteral("kind"), QStringLiteral("PathsQuery")},
                                         {QStringLiteral("dateRange"), range("2026-03-01", "2026-03-07")},
                                         {QStringLiteral("pathsFilter"), filter}});
    QCOMPARE(r.status, 200);
    QJsonArray got;
    for (const QJsonValue& edge : r.body.value(QStringLiteral("results")).toArray()) {
        const QJsonObject e = edge.toObject();
        got.append(QJsonArray{e.value(QStringLiteral("source")), e.value(QStringLiteral("target")),
                              e.value(QStringLiteral("value")).toInteger(),
                              e.value(QStringLiteral("average_conversion_time")).toDouble()});
    }
    QCOMPARE(got, edges);
}

void TestServerInsights::pathsActors_data()
{
    QTest::addColumn<QJsonObject>("keys");
    QTest::addColumn<QStringList>("persons");
    QTest::addColumn<QJsonArray>("eventCounts");
    QTest::newRow("step 2 pricing") << QJsonObject{{QStringLiteral("pathEndKey"),
                                                    QStringLiteral("2_https://app.x/pricing")}}
                                    << QStringList{person(1), person(2)} << ints({2, 1});
    QTest::newRow("edge pricing to signup")
        << QJsonObject{{QStringLiteral("pathStartKey"), QStringLiteral("2_https://app.x/pricing")},
                       {QStringLiteral("pathEndKey"), QStringLiteral("3_https://app.x/signup")}}
        << QStringList{person(1), person(2)} << ints({1, 1});
    QTest::newRow("drop-off at step 2")
        << QJsonObject{{QStringLiteral("pathDropoffKey"), QStringLiteral("2_https://app.x/pricing")}}
        << QStringList{person(1)} << ints({1});
}

void TestServerInsights::pathsActors()
{
    QFETCH(QJsonObject, keys);
    QFETCH(QStringList, persons);
    QFETCH(QJsonArray, eventCounts);
    QJsonObject filter = keys;
    filter.insert(QStringLiteral("includeEventTypes"), QJsonArray{QStringLiteral("$pageview")});
    const Response r = query(QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("ActorsQuery")},
        {QStringLiteral("select"), QJsonArray{QStringLiteral("id"), QStringLiteral("event_count")}},
        {QStringLiteral("orderBy"), QJsonArray{QStringLiteral("id")}},
        {QStringLiteral("source"),
         QJsonObject{{QStringLiteral("kind"), QStringLiteral("InsightActorsQuery")},
                     {QStringLiteral("source"),
                      QJsonObject{{QStringLiteral("kind"), QStringLiteral("PathsQuery")},
                                  {QStringLiteral("dateRange"), range("2026-03-01", "2026-03-07")},
                                  {QStringLiteral("pathsFilter"), filter}}}}}});
    QCOMPARE(r.status, 200);
    QStringList ids;
    QJsonArray counts;
    for (const QJsonValue& row : r.body.value(QStringLiteral("results")).toArray()) {
        ids.append(row[0].toString());
        counts.append(row[1].toInteger());
    }
    QCOMPARE(ids, persons);
    QCOMPARE(counts, eventCounts);
}

void TestServerInsights::trends_data()
{
    QTest::addColumn<QJsonObject>("node");
    QTest::addColumn<QJsonArray>("data");
    QTest::addColumn<QStringList>("labels");
    const QJsonObject days = range("2026-03-01", "2026-03-07");
    const QStringList dayLabels{QStringLiteral("1-Mar-2026"), QStringLiteral("2-Mar-2026"),
                                QStringLiteral("3-Mar-2026"), QStringLiteral("4-Mar-2026"),
                                QStringLiteral("5-Mar-2026"), QStringLiteral("6-Mar-2026"),
                                QStringLiteral("7-Mar-2026")};
    QTest::newRow("total per day") << QJsonObject{{QStringLiteral("series"),
                                                   QJsonArray{eventsNode("$pageview")}},
                                                  {QStringLiteral("dateRange"), days}}
                                   << ints({9, 3, 3, 2, 2, 0, 1}) << dayLabels;
    QTest::newRow("dau per day") << QJsonObject{{QStringLiteral("series"),
                                                 QJsonArray{eventsNode("$pageview", "dau")}},
                                                {QStringLiteral("dateRange"), days}}
                                 << ints({2, 2, 3, 2, 2, 0, 1}) << dayLabels;
    QTest::newRow("dau per week")
        << QJsonObject{{QStringLiteral("series"), QJsonArray{eventsNode("$pageview", "dau")}},
                       {QStringLiteral("interval"), QStringLiteral("week")},
                       {QStringLiteral("dateRange"), range("2026-03-01", "2026-03-21")}}
        << ints({5, 3, 2})
        << QStringList{QStringLiteral("1\u20137 Mar"), QStringLiteral("8\u201314 Mar"),
                       QStringLiteral("15\u201321 Mar")};
    QJsonObject chrome = eventsNode("$pageview");
    chrome.insert(QStringLiteral("properties"),
                  QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("$browser")},
                                         {QStringLiteral("value"), QJsonArray{QStringLiteral("Chrome")}},
                                         {QStringLiteral("operator"), QStringLiteral("exact")},
                                         {QStringLiteral("type"), QStringLiteral("event")}}});
    QTest::newRow("filtered by a property")
        << QJsonObject{{QStringLiteral("series"), QJsonArray{chrome}}, {QStringLiteral("dateRange"), days}}
        << ints({6, 3, 1, 1, 1, 0, 0}) << dayLabels;
    QJsonObject nobody = eventsNode("$pageview");
    nobody.insert(QStringLiteral("properties"),
                  QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("email")},
                                         {QStringLiteral("value"), QStringLiteral("filedrop")},
                                         {QStringLiteral("operator"), QStringLiteral("icontains")},
                                         {QStringLiteral("type"), QStringLiteral("person")}}});
    QTest::newRow("filtered by a person property")
        << QJsonObject{{QStringLiteral("series"), QJsonArray{nobody}}, {QStringLiteral("dateRange"), days}}
        << ints({0, 0, 1, 0, 0, 0, 1}) << dayLabels;
}

void TestServerInsights::trends()
{
    QFETCH(QJsonObject, node);
    QFETCH(QJsonArray, data);
    QFETCH(QStringList, labels);
    node.insert(QStringLiteral("kind"), QStringLiteral("TrendsQuery"));
    const Response r = query(node);
    QCOMPARE(r.status, 200);
    const QJsonArray results = r.body.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 1);
    const QJsonObject series = results.first().toObject();
    QCOMPARE(series.value(QStringLiteral("data")).toArray(), data);
    QStringList gotLabels;
    for (const QJsonValue& l : series.value(QStringLiteral("labels")).toArray())
        gotLabels.append(l.toString());
    QCOMPARE(gotLabels, labels);
    qint64 sum = 0;
    for (const QJsonValue& d : data)
        sum += d.toInteger();
    QCOMPARE(series.value(QStringLiteral("count")).toDouble(), static_cast<double>(sum));
    QCOMPARE(series.value(QStringLiteral("days")).toArray().first().toString(), QStringLiteral("2026-03-01"));
}

void TestServerInsights::trendsBreakdown()
{
    const QJsonObject node{{QStringLiteral("kind"), QStringLiteral("TrendsQuery")},
                           {QStringLiteral("series"), QJsonArray{eventsNode("$pageview")}},
                           {QStringLiteral("dateRange"), range("2026-03-01", "2026-03-07")},
                           {QStringLiteral("breakdownFilter"),
                            QJsonObject{{QStringLiteral("breakdown"), QStringLiteral("$browser")},
                                        {QStringLiteral("breakdown_type"), QStringLiteral("event")},
                                        {QStringLiteral("breakdown_limit"), 2}}}};
    const Response r = query(node);
    QCOMPARE(r.status, 200);
    const QJsonArray results = r.body.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 3);
    QCOMPARE(results[0].toObject().value(QStringLiteral("breakdown_value")).toString(),
             QStringLiteral("Chrome"));
    QCOMPARE(results[0].toObject().value(QStringLiteral("data")).toArray(), ints({6, 3, 1, 1, 1, 0, 0}));
    QCOMPARE(results[0].toObject().value(QStringLiteral("label")).toString(),
             QStringLiteral("$pageview - Chrome"));
    QCOMPARE(results[1].toObject().value(QStringLiteral("breakdown_value")).toString(),
             QStringLiteral("Safari"));
    QCOMPARE(results[1].toObject().value(QStringLiteral("data")).toArray(), ints({3, 0, 1, 0, 0, 0, 0}));
    // Firefox (P4) and the events without $browser (P5) are merged into "other".
    QCOMPARE(results[2].toObject().value(QStringLiteral("breakdown_value")).toString(),
             QStringLiteral("$$_posthog_breakdown_other_$$"));
    QCOMPARE(results[2].toObject().value(QStringLiteral("data")).toArray(), ints({0, 0, 1, 1, 1, 0, 1}));
    QCOMPARE(r.body.value(QStringLiteral("hasMore")).toBool(), true);

    // Unique persons by browser (read from the events, not the rollup): the null value has its label.
    QJsonObject dau = node;
    dau.insert(QStringLiteral("series"), QJsonArray{eventsNode("$pageview", "dau")});
    dau.insert(QStringLiteral("breakdownFilter"),
               QJsonObject{{QStringLiteral("breakdown"), QStringLiteral("$browser")}});
    const Response u = query(dau);
    QCOMPARE(u.status, 200);
    QMap<QString, QJsonArray> byValue;
    for (const QJsonValue& s : u.body.value(QStringLiteral("results")).toArray())
        byValue.insert(s.toObject().value(QStringLiteral("breakdown_value")).toString(),
                       s.toObject().value(QStringLiteral("data")).toArray());
    QCOMPARE(byValue.value(QStringLiteral("Chrome")), ints({1, 2, 1, 1, 1, 0, 0}));
    QCOMPARE(byValue.value(QStringLiteral("$$_posthog_breakdown_null_$$")), ints({0, 0, 0, 1, 1, 0, 0}));
    QCOMPARE(byValue.size(), 4);
}

void TestServerInsights::trendsActors()
{
    const Response r = query(QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("ActorsQuery")},
        {QStringLiteral("select"), QJsonArray{QStringLiteral("id"), QStringLiteral("event_count")}},
        {QStringLiteral("orderBy"), QJsonArray{QStringLiteral("event_count DESC")}},
        {QStringLiteral("source"),
         QJsonObject{{QStringLiteral("kind"), QStringLiteral("InsightActorsQuery")},
                     {QStringLiteral("day"), QStringLiteral("2026-03-01")},
                     {QStringLiteral("series"), 0},
                     {QStringLiteral("source"),
                      QJsonObject{{QStringLiteral("kind"), QStringLiteral("TrendsQuery")},
                                  {QStringLiteral("series"), QJsonArray{eventsNode("$pageview")}},
                                  {QStringLiteral("dateRange"), range("2026-03-01", "2026-03-07")}}}}}});
    QCOMPARE(r.status, 200);
    const QJsonArray rows = r.body.value(QStringLiteral("results")).toArray();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0][0].toString(), person(1));
    QCOMPARE(rows[0][1].toInteger(), 6);
    QCOMPARE(rows[1][0].toString(), person(2));
    QCOMPARE(rows[1][1].toInteger(), 3);
}

void TestServerInsights::actorsSearch_data()
{
    QTest::addColumn<QJsonObject>("filters");
    QTest::addColumn<QStringList>("persons");
    QTest::newRow("email") << QJsonObject{{QStringLiteral("search"), QStringLiteral("EXAMPLE.com")}}
                           << QStringList{person(1), person(2), person(6)};
    QTest::newRow("name") << QJsonObject{{QStringLiteral("search"), QStringLiteral("chl")}}
                          << QStringList{person(3)};
    QTest::newRow("distinct id") << QJsonObject{{QStringLiteral("search"), QStringLiteral("anon1")}}
                                 << QStringList{person(1)};
    QTest::newRow("uuid") << QJsonObject{{QStringLiteral("search"), QStringLiteral("000000000004")}}
                          << QStringList{person(4)};
    QTest::newRow("property") << QJsonObject{{QStringLiteral("properties"),
                                              QJsonArray{QJsonObject{
                                                  {QStringLiteral("key"), QStringLiteral("plan")},
                                                  {QStringLiteral("value"), QStringLiteral("pro")},
                                                  {QStringLiteral("type"), QStringLiteral("person")}}}}}
                              << QStringList{person(6)};
    QTest::newRow("property not set")
        << QJsonObject{{QStringLiteral("properties"),
                        QJsonArray{QJsonObject{{QStringLiteral("key"), QStringLiteral("email")},
                                               {QStringLiteral("operator"), QStringLiteral("is_not_set")},
                                               {QStringLiteral("type"), QStringLiteral("person")}}}}}
        << QStringList{person(3), person(5)};
}

void TestServerInsights::actorsSearch()
{
    QFETCH(QJsonObject, filters);
    QFETCH(QStringList, persons);
    QJsonObject node = filters;
    node.insert(QStringLiteral("kind"), QStringLiteral("ActorsQuery"));
    node.insert(QStringLiteral("select"), QJsonArray{QStringLiteral("person"), QStringLiteral("id")});
    node.insert(QStringLiteral("orderBy"), QJsonArray{QStringLiteral("id ASC")});
    const Response r = query(node);
    QCOMPARE(r.status, 200);
    QStringList ids;
    for (const QJsonValue& row : r.body.value(QStringLiteral("results")).toArray())
        ids.append(row[1].toString());
    QCOMPARE(ids, persons);
}

void TestServerInsights::actorsPaging()
{
    // Newest first: P5 (Mar 4), P4 (Mar 3), P3 (Mar 2 12:00), P6 (Mar 2 09:00), P2 (Mar 1), P1 (Feb 20).
    auto page = [&](int offset) {
        return query(QJsonObject{
            {QStringLiteral("kind"), QStringLiteral("ActorsQuery")},
            {QStringLiteral("select"), QJsonArray{QStringLiteral("id"), QStringLiteral("created_at"),
                                                  QStringLiteral("properties.email")}},
            {QStringLiteral("orderBy"), QJsonArray{QStringLiteral("created_at DESC")}},
            {QStringLiteral("limit"), 2},
            {QStringLiteral("offset"), offset}});
    };
    const Response first = page(0);
    QCOMPARE(first.status, 200);
    QCOMPARE(first.body.value(QStringLiteral("hasMore")).toBool(), true);
    QCOMPARE(first.body.value(QStringLiteral("limit")).toInteger(), 2);
    const QJsonArray rows = first.body.value(QStringLiteral("results")).toArray();
    QCOMPARE(rows.size(), 2);
    QCOMPARE(rows[0][0].toString(), person(5));
    QCOMPARE(rows[0][1].toString(), QStringLiteral("2026-03-04T15:00:00.000000Z"));
    QVERIFY(rows[0][2].isNull());
    QCOMPARE(rows[1][0].toString(), person(4));
    QCOMPARE(rows[1][2].toString(), QStringLiteral("dev@filedrop.io"));
    QCOMPARE(first.body.value(QStringLiteral("types")).toArray()[1].toString(),
             QStringLiteral("DateTime64(6, 'UTC')"));
    const Response last = page(4);
    QCOMPARE(last.body.value(QStringLiteral("hasMore")).toBool(), false);
    QCOMPARE(last.body.value(QStringLiteral("results")).toArray().size(), 2);
    QCOMPARE(last.body.value(QStringLiteral("results")).toArray()[1].toArray()[0].toString(), person(1));
}

void TestServerInsights::eventsQuery()
{
    const Response r = query(QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("EventsQuery")},
        {QStringLiteral("select"), QJsonArray{QStringLiteral("event"), QStringLiteral("timestamp"),
                                              QStringLiteral("properties.$browser -- Browser")}},
        {QStringLiteral("event"), QStringLiteral("$pageview")},
        {QStringLiteral("after"), QStringLiteral("2026-03-01")},
        {QStringLiteral("before"), QStringLiteral("2026-03-02")},
        {QStringLiteral("orderBy"), QJsonArray{QStringLiteral("timestamp ASC")}},
        {QStringLiteral("limit"), 5}});
    QCOMPARE(r.status, 200);
    const QJsonArray rows = r.body.value(QStringLiteral("results")).toArray();
    QCOMPARE(rows.size(), 5);
    QCOMPARE(r.body.value(QStringLiteral("hasMore")).toBool(), true);
    QCOMPARE(rows[0][1].toString(), QStringLiteral("2026-03-01T09:00:00.000000Z"));
    QCOMPARE(rows[0][2].toString(), QStringLiteral("Safari"));
    QCOMPARE(rows[1][2].toString(), QStringLiteral("Safari"));
    QCOMPARE(rows[2][2].toString(), QStringLiteral("Safari"));
    QCOMPARE(rows[3][1].toString(), QStringLiteral("2026-03-01T10:00:00.000000Z"));
    QCOMPARE(r.body.value(QStringLiteral("columns")).toArray()[2].toString(),
             QStringLiteral("properties.$browser -- Browser"));
    QCOMPARE(r.body.value(QStringLiteral("types")).toArray()[0].toString(), QStringLiteral("String"));

    // Aggregation: GROUP BY the other columns, ordered by count() DESC.
    const Response counts = query(QJsonObject{
        {QStringLiteral("kind"), QStringLiteral("EventsQuery")},
        {QStringLiteral("select"), QJsonArray{QStringLiteral("event"), QStringLiteral("count()")}},
        {QStringLiteral("after"), QStringLiteral("all")},
        {QStringLiteral("before"), QStringLiteral("2027-01-01")}});
    QCOMPARE(counts.status, 200);
    QCOMPARE(
        counts.body.value(QStringLiteral("results")).toArray(),
        (QJsonArray{QJsonArray{QStringLiteral("$pageview"), 27}, QJsonArray{QStringLiteral("signup"), 2}}));
}

void TestServerInsights::eventsQueryObjects()
{
    const Response r = query(
        QJsonObject{{QStringLiteral("kind"), QStringLiteral("EventsQuery")},
                    {QStringLiteral("select"), QJsonArray{QStringLiteral("*"), QStringLiteral("person")}},
                    {QStringLiteral("where"), QJsonArray{QStringLiteral("distinct_id = 'anon1'")}},
                    {QStringLiteral("after"), QStringLiteral("all")},
                    {QStringLiteral("before"), QStringLiteral("2027-01-01")}});
    QCOMPARE(r.status, 200);
    const QJsonArray rows = r.body.value(QStringLiteral("results")).toArray();
    QCOMPARE(rows.size(), 1);
    const QJsonObject event = rows[0][0].toObject();
    QCOMPARE(event.value(QStringLiteral("event")).toString(), QStringLiteral("$pageview"));
    QCOMPARE(event.value(QStringLiteral("timestamp")).toString(),
             QStringLiteral("2026-02-20T12:00:00.000000Z"));
    QCOMPARE(
        event.value(QStringLiteral("properties")).toObject().value(QStringLiteral("$browser")).toString(),
        QStringLiteral("Chrome"));
    QCOMPARE(event.value(QStringLiteral("distinct_id")).toString(), QStringLiteral("anon1"));
    const QJsonObject owner = rows[0][1].toObject();
    QCOMPARE(owner.value(QStringLiteral("uuid")).toString(), person(1));
    QCOMPARE(owner.value(QStringLiteral("distinct_id")).toString(), QStringLiteral("anon1"));
    QCOMPARE(owner.value(QStringLiteral("properties")).toObject().value(QStringLiteral("email")).toString(),
             QStringLiteral("ada@example.com"));
}

void TestServerInsights::metadata_data()
{
    QTest::addColumn<QString>("language");
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("start");
    QTest::addColumn<int>("end");
    QTest::newRow("valid") << QStringLiteral("hogQL") << QStringLiteral("SELECT event FROM events") << true
                           << -1 << -1;
    QTest::newRow("unknown field") << QStringLiteral("hogQL") << QStringLiteral("SELECT evnt FROM events")
                                   << false << 7 << 11;
    // Offsets are characters, not bytes: "é" is two bytes.
    QTest::newRow("unknown field after accent")
        << QStringLiteral("hogQL") << QStringLiteral("SELECT 'é', evnt FROM events") << false << 12 << 16;
    QTest::newRow("syntax") << QStringLiteral("hogQL") << QStringLiteral("SELECT event FROM events WHERE")
                            << false << 30 << 30;
    QTest::newRow("expression") << QStringLiteral("hogQLExpr")
                                << QStringLiteral("properties.$browser = 'Chrome'") << true << -1 << -1;
    QTest::newRow("bad expression") << QStringLiteral("hogQLExpr") << QStringLiteral("1 + nothing_here")
                                    << false << 4 << 16;
}

void TestServerInsights::metadata()
{
    QFETCH(QString, language);
    QFETCH(QString, text);
    QFETCH(bool, valid);
    QFETCH(int, start);
    QFETCH(int, end);
    const Response r = query(QJsonObject{{QStringLiteral("kind"), QStringLiteral("HogQLMetadata")},
                                         {QStringLiteral("language"), language},
                                         {QStringLiteral("query"), text}});
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.value(QStringLiteral("isValid")).toBool(), valid);
    const QJsonArray errors = r.body.value(QStringLiteral("errors")).toArray();
    QCOMPARE(errors.isEmpty(), valid);
    QVERIFY(r.body.value(QStringLiteral("warnings")).isArray());
    QVERIFY(r.body.value(QStringLiteral("notices")).isArray());
    QCOMPARE(r.body.value(QStringLiteral("query")).toString(), text);
    if (!valid) {
        const QJsonObject error = errors.first().toObject();
        QCOMPARE(error.value(QStringLiteral("start")).toInt(), start);
        QCOMPARE(error.value(QStringLiteral("end")).toInt(), end);
        QVERIFY(!error.value(QStringLiteral("message")).toString().isEmpty());
        QVERIFY(error.contains(QStringLiteral("fix")));
    }
}

void TestServerInsights::asyncInsight()
{
    // An insight run asynchronously: 202, then the status carries the whole response.
    const Response started =
        query(QJsonObject{{QStringLiteral("kind"), QStringLiteral("StickinessQuery")},
                          {QStringLiteral("series"), QJsonArray{eventsNode("$pageview")}},
                          {QStringLiteral("dateRange"), range("2026-03-01", "2026-03-07")}},
              QJsonObject{{QStringLiteral("refresh"), QStringLiteral("force_async")},
                          {QStringLiteral("client_query_id"), QStringLiteral("insights-async-1")}});
    QCOMPARE(started.status, 202);
    Response status;
    for (int i = 0; i < 100; ++i) {
        status = send("GET", QStringLiteral("/api/environments/1/query/insights-async-1/"));
        if (status.status != 202)
            break;
        QTest::qWait(50);
    }
    QCOMPARE(status.status, 200);
    const QJsonObject results = status.body.value(QStringLiteral("query_status"))
                                    .toObject()
                                    .value(QStringLiteral("results"))
                                    .toObject();
    QCOMPARE(results.value(QStringLiteral("results"))
                 .toArray()
                 .first()
                 .toObject()
                 .value(QStringLiteral("data"))
                 .toArray(),
             ints({0, 3, 2, 0, 0, 0, 0}));

    // A row-shaped result too (its rows are written by the fast writer into the status body).
    const Response actors =
        query(QJsonObject{{QStringLiteral("kind"), QStringLiteral("ActorsQuery")},
                          {QStringLiteral("select"), QJsonArray{QStringLiteral("id")}},
                          {QStringLiteral("orderBy"), QJsonArray{QStringLiteral("id")}}},
              QJsonObject{{QStringLiteral("refresh"), QStringLiteral("force_async")},
                          {QStringLiteral("client_query_id"), QStringLiteral("insights-async-2")}});
    QCOMPARE(actors.status, 202);
    for (int i = 0; i < 100; ++i) {
        status = send("GET", QStringLiteral("/api/environments/1/query/insights-async-2/"));
        if (status.status != 202)
            break;
        QTest::qWait(50);
    }
    QCOMPARE(status.status, 200);
    const QJsonObject rows = status.body.value(QStringLiteral("query_status"))
                                 .toObject()
                                 .value(QStringLiteral("results"))
                                 .toObject();
    QCOMPARE(rows.value(QStringLiteral("results")).toArray().size(), 6);
    QCOMPARE(rows.value(QStringLiteral("results")).toArray().first().toArray().first().toString(), person(1));
}

void TestServerInsights::legacyRetention()
{
    QUrlQuery params;
    params.addQueryItem(QStringLiteral("date_from"), QStringLiteral("2026-03-01"));
    params.addQueryItem(QStringLiteral("date_to"), QStringLiteral("2026-03-05"));
    params.addQueryItem(QStringLiteral("period"), QStringLiteral("Day"));
    params.addQueryItem(QStringLiteral("total_intervals"), QStringLiteral("4"));
    params.addQueryItem(QStringLiteral("selected_interval"), QStringLiteral("2"));
    params.addQueryItem(QStringLiteral("target_entity"),
                        QStringLiteral(R"({"id":"$pageview","type":"events"})"));
    const Response r = send("GET", QStringLiteral("/api/projects/1/persons/retention/?") +
                                       params.toString(QUrl::FullyEncoded));
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.contains(QStringLiteral("result")));
    QVERIFY(r.body.value(QStringLiteral("next")).isNull());
    QCOMPARE(r.body.value(QStringLiteral("missing_persons")).toInt(-1), 0);
    QMap<QString, QJsonArray> byPerson;
    for (const QJsonValue& row : r.body.value(QStringLiteral("result")).toArray()) {
        const QJsonObject p = row.toObject().value(QStringLiteral("person")).toObject();
        QCOMPARE(p.value(QStringLiteral("type")).toString(), QStringLiteral("person"));
        QCOMPARE(p.value(QStringLiteral("id")).toString(), p.value(QStringLiteral("uuid")).toString());
        byPerson.insert(p.value(QStringLiteral("id")).toString(),
                        row.toObject().value(QStringLiteral("appearances")).toArray());
    }
    // Cohort Day 2: appearances over the two intervals from the cohort to the last.
    QCOMPARE(byPerson.keys(), (QStringList{person(2), person(3), person(4)}));
    QCOMPARE(byPerson.value(person(3)), ints({1, 0}));
    QCOMPARE(byPerson.value(person(2)), ints({1, 0}));
    const QJsonObject first = r.body.value(QStringLiteral("result")).toArray().first().toObject();
    QCOMPARE(first.value(QStringLiteral("person")).toObject().value(QStringLiteral("name")).toString(),
             QStringLiteral("ben@example.com"));
}

void TestServerInsights::legacyStickiness()
{
    const Response r = send(
        "GET", QStringLiteral("/api/projects/1/persons/stickiness/?date_from=2026-03-01&date_to=2026-03-07"
                              "&interval=day&stickiness_days=2&entity_id=%24pageview&entity_type=events"));
    QCOMPARE(r.status, 200);
    const QJsonArray results = r.body.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), 1);
    const QJsonObject bucket = results.first().toObject();
    QCOMPARE(bucket.value(QStringLiteral("count")).toInt(), 3);
    QStringList ids;
    for (const QJsonValue& p : bucket.value(QStringLiteral("people")).toArray())
        ids.append(p.toObject().value(QStringLiteral("uuid")).toString());
    ids.sort();
    QCOMPARE(ids, (QStringList{person(2), person(4), person(5)}));
    QVERIFY(r.body.value(QStringLiteral("next")).isNull());
    // P1's distinct ids: the identified one first.
    const Response three =
        send("GET",
             QStringLiteral("/api/projects/1/persons/stickiness/?date_from=2026-03-01&date_to="
                            "2026-03-07&stickiness_days=3&events=%5B%7B%22id%22%3A%22%24pageview%22%7D%5D"));
    QCOMPARE(three.status, 200);
    for (const QJsonValue& p : three.body.value(QStringLiteral("results"))
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value(QStringLiteral("people"))
                                   .toArray()) {
        if (p.toObject().value(QStringLiteral("uuid")).toString() == person(1))
            QCOMPARE(p.toObject().value(QStringLiteral("distinct_ids")).toArray(),
                     (QJsonArray{QStringLiteral("anon1"), QStringLiteral("d1")}));
    }
}

void TestServerInsights::legacyPath()
{
    const Response get = send(
        "GET",
        QStringLiteral(
            "/api/projects/1/persons/path/?date_from=2026-03-01&date_to=2026-03-07"
            "&include_event_types=%5B%22%24pageview%22%5D&path_end_key=2_https%3A%2F%2Fapp.x%2Fpricing"));
    QCOMPARE(get.status, 200);
    const QJsonObject bucket = get.body.value(QStringLiteral("results")).toArray().first().toObject();
    QCOMPARE(bucket.value(QStringLiteral("count")).toInt(), 2);
    // P1 took the step twice, P2 once: most first.
    const QJsonArray people = bucket.value(QStringLiteral("people")).toArray();
    QCOMPARE(people[0].toObject().value(QStringLiteral("id")).toString(), person(1));
    QCOMPARE(people[1].toObject().value(QStringLiteral("id")).toString(), person(2));
    for (const char* key : {"next", "initial", "missing_persons", "is_cached", "last_refresh"})
        QVERIFY2(get.body.contains(QString::fromLatin1(key)), key);
    // The same filter as a POST body.
    const Response post =
        send("POST", QStringLiteral("/api/projects/1/persons/path/"),
             QJsonObject{{QStringLiteral("date_from"), QStringLiteral("2026-03-01")},
                         {QStringLiteral("date_to"), QStringLiteral("2026-03-07")},
                         {QStringLiteral("include_event_types"), QJsonArray{QStringLiteral("$pageview")}},
                         {QStringLiteral("path_dropoff_key"), QStringLiteral("2_https://app.x/pricing")}});
    QCOMPARE(post.status, 200);
    const QJsonArray dropped = post.body.value(QStringLiteral("results"))
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value(QStringLiteral("people"))
                                   .toArray();
    QCOMPARE(dropped.size(), 1);
    QCOMPARE(dropped[0].toObject().value(QStringLiteral("id")).toString(), person(1));
}

void TestServerInsights::errors_data()
{
    QTest::addColumn<QJsonObject>("node");
    QTest::addColumn<QString>("refresh");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("detailPart");
    QTest::newRow("unknown kind") << QJsonObject{{QStringLiteral("kind"), QStringLiteral("FunnelsQueryX")}}
                                  << QStringLiteral("blocking") << QStringLiteral("invalid_input")
                                  << QStringLiteral("FunnelsQueryX");
    QTest::newRow("unknown kind async")
        << QJsonObject{{QStringLiteral("kind"), QStringLiteral("FunnelsQueryX")}}
        << QStringLiteral("force_async") << QStringLiteral("invalid_input")
        << QStringLiteral("does not match any of the expected tags");
    QTest::newRow("bad interval") << QJsonObject{{QStringLiteral("kind"), QStringLiteral("StickinessQuery")},
                                                 {QStringLiteral("series"),
                                                  QJsonArray{eventsNode("$pageview")}},
                                                 {QStringLiteral("interval"), QStringLiteral("fortnight")}}
                                  << QStringLiteral("blocking") << QStringLiteral("invalid_input")
                                  << QStringLiteral("interval");
    QTest::newRow("bad period async")
        << QJsonObject{{QStringLiteral("kind"), QStringLiteral("RetentionQuery")},
                       {QStringLiteral("retentionFilter"),
                        QJsonObject{{QStringLiteral("period"), QStringLiteral("Fortnight")}}}}
        << QStringLiteral("force_async") << QStringLiteral("invalid_input")
        << QStringLiteral("retentionFilter.period");
    QTest::newRow("missing retentionFilter")
        << QJsonObject{{QStringLiteral("kind"), QStringLiteral("RetentionQuery")}}
        << QStringLiteral("blocking") << QStringLiteral("invalid_input") << QStringLiteral("Field required");
    QTest::newRow("unknown actors column")
        << QJsonObject{{QStringLiteral("kind"), QStringLiteral("ActorsQuery")},
                       {QStringLiteral("select"), QJsonArray{QStringLiteral("nonsense_column")}}}
        << QStringLiteral("blocking") << QStringLiteral("hogql_query_error")
        << QStringLiteral("nonsense_column");
    QTest::newRow("bad events where")
        << QJsonObject{{QStringLiteral("kind"), QStringLiteral("EventsQuery")},
                       {QStringLiteral("select"), QJsonArray{QStringLiteral("event")}},
                       {QStringLiteral("where"), QJsonArray{QStringLiteral("event = ")}}}
        << QStringLiteral("blocking") << QStringLiteral("hogql_syntax_error") << QString();
}

void TestServerInsights::errors()
{
    QFETCH(QJsonObject, node);
    QFETCH(QString, refresh);
    QFETCH(QString, code);
    QFETCH(QString, detailPart);
    const Response r = query(node, QJsonObject{{QStringLiteral("refresh"), refresh}});
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body.value(QStringLiteral("type")).toString(), QStringLiteral("validation_error"));
    QCOMPARE(r.body.value(QStringLiteral("code")).toString(), code);
    QVERIFY2(r.body.value(QStringLiteral("detail")).toString().contains(detailPart),
             qPrintable(r.body.value(QStringLiteral("detail")).toString()));
    QVERIFY(r.body.contains(QStringLiteral("attr")));
}

QTEST_MAIN(TestServerInsights)
#include "tst_server_insights.moc"
