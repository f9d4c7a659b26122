// Drives a real hogscope-server over HTTP: sync and async queries, progress, cancel, auth and
// errors. Expected numbers come from reading the SQLite store directly with plain SQL, never from
// the server's own compiled SQL.

#include <QDateTime>
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
#include <QTimer>

#include <sqlite3.h>

#include <memory>

namespace {

const QByteArray kToken = "phx_test_token_123";

struct Response
{
    int status = 0;
    QJsonObject body;
    QByteArray raw;
};

// Polls GET /query/:id/ until the status is not 202, chaining single-shot timers (no nested loop).
class Poller : public QObject
{
    Q_OBJECT
public:
    Poller(QNetworkAccessManager* nam, QUrl url, QObject* parent = nullptr)
        : QObject(parent)
        , m_nam(nam)
        , m_url(std::move(url))
    {}
    void start() { poll(); }
    bool done = false;
    int polls = 0;
    Response last;
    bool sawProgress = false;

private:
    void poll()
    {
        QNetworkRequest request(m_url);
        request.setRawHeader("Authorization", "Bearer " + kToken);
        QNetworkReply* reply = m_nam->get(request);
        connect(reply, &QNetworkReply::finished, this, [this, reply] {
            reply->deleteLater();
            ++polls;
            last.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            last.raw = reply->readAll();
            last.body = QJsonDocument::fromJson(last.raw).object();
            const QJsonValue progress = last.body.value(QStringLiteral("query_status"))
                                            .toObject()
                                            .value(QStringLiteral("query_progress"));
            sawProgress = sawProgress || progress.isObject();
            if (last.status == 202)
                QTimer::singleShot(100, this, [this] { poll(); });
            else
                done = true;
        });
    }
    QNetworkAccessManager* m_nam;
    QUrl m_url;
};

} // namespace

class TestServerHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void syncEventCounts();
    void syncMatchesStore_data();
    void syncMatchesStore();
    void defaultLimitAndTimestamps();
    void asyncPollToCompletion();
    void cancelRunningQuery();
    void unauthorized_data();
    void unauthorized();
    void badHogql_data();
    void badHogql();
    void tooDeep_data();
    void tooDeep();
    void unknownQueryId();
    void unknownRoute();

private:
    QUrl startServer(QProcess& process, const QStringList& extra);
    Response send(const QByteArray& method, const QUrl& base, const QString& path,
                  const QJsonObject& body = {}, const QByteArray& token = kToken);
    Response query(const QString& hogql, const QJsonObject& extra = {});
    qint64 storeScalar(const QString& sql);

    QTemporaryDir m_dir;
    QString m_db;
    QProcess m_server;
    QProcess m_slowServer;
    QUrl m_base;
    QUrl m_slowBase;
    QNetworkAccessManager m_nam;
};

QUrl TestServerHttp::startServer(QProcess& process, const QStringList& extra)
{
    process.setProgram(qEnvironmentVariable("HOGSCOPE_SERVER"));
    process.setArguments(QStringList{QStringLiteral("serve"), QStringLiteral("--db"), m_db,
                                     QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--token"),
                                     QString::fromLatin1(kToken)} +
                         extra);
    process.start();
    if (!process.waitForStarted(10000))
        return {};
    QElapsedTimer timer;
    timer.start();
    while (!process.canReadLine() && timer.elapsed() < 10000)
        process.waitForReadyRead(200);
    const QString line = QString::fromUtf8(process.readLine()).trimmed();
    static const QRegularExpression pattern(QStringLiteral("^listening on (http://127\\.0\\.0\\.1:\\d+)$"));
    const auto match = pattern.match(line);
    if (!match.hasMatch()) {
        qWarning("unexpected first line: %s", qPrintable(line));
        return {};
    }
    return QUrl(match.captured(1));
}

void TestServerHttp::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const QString server = qEnvironmentVariable("HOGSCOPE_SERVER");
    QVERIFY2(!server.isEmpty(), "HOGSCOPE_SERVER must name the server binary");
    m_db = m_dir.filePath(QStringLiteral("demo.db"));
    QProcess demo;
    demo.start(server, {QStringLiteral("demo"), QStringLiteral("--db"), m_db, QStringLiteral("--events"),
                        QStringLiteral("3000"), QStringLiteral("--seed"), QStringLiteral("11")});
    QVERIFY(demo.waitForFinished(60000));
    QCOMPARE(demo.exitCode(), 0);
    QVERIFY(QFile::exists(m_db));
    QVERIFY(!QFile::exists(m_db + QStringLiteral(".partial")));
    QCOMPARE(storeScalar(QStringLiteral("SELECT count(*) FROM events")), 3000);

    m_base = startServer(m_server, {});
    QVERIFY(m_base.isValid());
    // A second server made slow by fault injection, with one worker, for progress and cancel.
    m_slowBase = startServer(m_slowServer, {QStringLiteral("--throttle-us"), QStringLiteral("20000"),
                                            QStringLiteral("--workers"), QStringLiteral("1")});
    QVERIFY(m_slowBase.isValid());
}

void TestServerHttp::cleanupTestCase()
{
    for (QProcess* p : {&m_server, &m_slowServer}) {
        if (p->state() != QProcess::NotRunning) {
            p->terminate();
            if (!p->waitForFinished(5000))
                p->kill();
            // Only the one line was printed on stdout.
            QCOMPARE(p->readAllStandardOutput().trimmed(), QByteArray());
        }
    }
}

qint64 TestServerHttp::storeScalar(const QString& sql)
{
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(m_db.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        return -1;
    }
    sqlite3_busy_timeout(db, 5000); // the server may be opening the store at this moment
    sqlite3_stmt* stmt = nullptr;
    qint64 value = -1;
    if (sqlite3_prepare_v2(db, sql.toUtf8().constData(), -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        value = sqlite3_column_int64(stmt, 0);
    else
        qWarning("store query failed: %s", sqlite3_errmsg(db));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return value;
}

Response TestServerHttp::send(const QByteArray& method, const QUrl& base, const QString& path,
                              const QJsonObject& body, const QByteArray& token)
{
    QUrl url = base;
    const qsizetype question = path.indexOf(QLatin1Char('?'));
    url.setPath(question < 0 ? path : path.left(question));
    if (question >= 0)
        url.setQuery(path.mid(question + 1));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
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

Response TestServerHttp::query(const QString& hogql, const QJsonObject& extra)
{
    QJsonObject body = extra;
    body.insert(QStringLiteral("query"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("HogQLQuery")},
                                                     {QStringLiteral("query"), hogql}});
    return send("POST", m_base, QStringLiteral("/api/environments/1/query/"), body);
}

void TestServerHttp::syncEventCounts()
{
    const Response r =
        query(QStringLiteral("SELECT event, count() AS n FROM events GROUP BY event ORDER BY n DESC, event"));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.value(QStringLiteral("columns")).toArray(),
             (QJsonArray{QStringLiteral("event"), QStringLiteral("n")}));
    QCOMPARE(r.body.value(QStringLiteral("types")).toArray(),
             (QJsonArray{QJsonArray{QStringLiteral("event"), QStringLiteral("String")},
                         QJsonArray{QStringLiteral("n"), QStringLiteral("UInt64")}}));
    const QJsonArray rows = r.body.value(QStringLiteral("results")).toArray();
    QCOMPARE(rows.size(), storeScalar(QStringLiteral("SELECT count(DISTINCT event) FROM events")));
    qint64 total = 0;
    qint64 previous = std::numeric_limits<qint64>::max();
    for (const QJsonValue& row : rows) {
        const QString event = row[0].toString();
        const qint64 n = row[1].toInteger();
        QCOMPARE(n, storeScalar(QStringLiteral("SELECT count(*) FROM events WHERE event = '%1'").arg(event)));
        QVERIFY(n <= previous);
        previous = n;
        total += n;
    }
    QCOMPARE(total, 3000);
    QCOMPARE(r.body.value(QStringLiteral("is_cached")).toBool(true), false);
    QVERIFY(r.body.value(QStringLiteral("query_status")).isNull());
    QCOMPARE(r.body.value(QStringLiteral("hasMore")).toBool(true),
             false); // no LIMIT: paginated, all rows fit
}

void TestServerHttp::syncMatchesStore_data()
{
    QTest::addColumn<QString>("hogql");
    QTest::addColumn<QString>("storeSql");
    const qint64 cutoff = QDateTime(QDate(2026, 3, 25), QTime(0, 0), Qt::UTC).toMSecsSinceEpoch() * 1000;
    QTest::newRow("property equals")
        << QStringLiteral("SELECT count() FROM events WHERE properties.$browser = 'Chrome'")
        << QStringLiteral(
               "SELECT count(*) FROM events WHERE json_extract(properties, '$.\"$browser\"') = 'Chrome'");
    QTest::newRow("time and event")
        << QStringLiteral(
               "SELECT count() FROM events WHERE event = '$pageview' AND timestamp >= '2026-03-25'")
        << QStringLiteral("SELECT count(*) FROM events WHERE event = '$pageview' AND timestamp >= %1")
               .arg(cutoff);
    QTest::newRow("interval arithmetic")
        << QStringLiteral(
               "SELECT count() FROM events WHERE timestamp > toDateTime('2026-03-27') - INTERVAL 2 DAY")
        << QStringLiteral("SELECT count(*) FROM events WHERE timestamp > %1").arg(cutoff);
    QTest::newRow("uniq with IN")
        << QStringLiteral(
               "SELECT uniq(distinct_id) FROM events WHERE event IN ('file_uploaded', 'file_shared')")
        << QStringLiteral("SELECT count(DISTINCT distinct_id) FROM events WHERE event IN ('file_uploaded', "
                          "'file_shared')");
    QTest::newRow("like is case-sensitive")
        << QStringLiteral("SELECT count(DISTINCT person_id) FROM events WHERE properties.$os LIKE 'mac%'")
        << QStringLiteral("SELECT 0");
    QTest::newRow("like prefix")
        << QStringLiteral("SELECT count(DISTINCT person_id) FROM events WHERE properties.$os LIKE 'Mac%'")
        << QStringLiteral("SELECT count(DISTINCT person_id) FROM events WHERE json_extract(properties, "
                          "'$.\"$os\"') GLOB 'Mac*'");
    QTest::newRow("days with data")
        << QStringLiteral("SELECT count(DISTINCT toStartOfDay(timestamp)) FROM events")
        << QStringLiteral("SELECT count(DISTINCT timestamp / 86400000000) FROM events");
    QTest::newRow("values substitution")
        << QStringLiteral("SELECT count() FROM events WHERE event = {ev}")
        << QStringLiteral("SELECT count(*) FROM events WHERE event = 'file_shared'");
    QTest::newRow("sum of numbers")
        << QStringLiteral("SELECT sum(toInt(properties.recipients)) FROM events WHERE event = 'file_shared'")
        << QStringLiteral("SELECT total(json_extract(properties, '$.recipients')) FROM events WHERE event = "
                          "'file_shared'");
}

void TestServerHttp::syncMatchesStore()
{
    QFETCH(QString, hogql);
    QFETCH(QString, storeSql);
    QJsonObject node{
        {QStringLiteral("kind"), QStringLiteral("HogQLQuery")},
        {QStringLiteral("query"), hogql},
        {QStringLiteral("values"), QJsonObject{{QStringLiteral("ev"), QStringLiteral("file_shared")}}}};
    const Response r = send("POST", m_base, QStringLiteral("/api/projects/1/query/"),
                            QJsonObject{{QStringLiteral("query"), node}});
    QVERIFY2(r.status == 200, r.raw.constData());
    const QJsonArray rows = r.body.value(QStringLiteral("results")).toArray();
    QCOMPARE(rows.size(), 1);
    const qint64 expected = storeScalar(storeSql);
    QVERIFY(expected >= 0);
    QCOMPARE(rows[0][0].toInteger(), expected);
}

void TestServerHttp::defaultLimitAndTimestamps()
{
    const Response r = query(
        QStringLiteral("SELECT uuid, timestamp, toDate(timestamp) FROM events ORDER BY timestamp, uuid"));
    QCOMPARE(r.status, 200);
    const QJsonArray rows = r.body.value(QStringLiteral("results")).toArray();
    QCOMPARE(rows.size(), 100);
    QCOMPARE(r.body.value(QStringLiteral("hasMore")).toBool(), true);
    QCOMPARE(r.body.value(QStringLiteral("limit")).toInt(), 100);
    QCOMPARE(r.body.value(QStringLiteral("offset")).toInt(), 0);
    const QJsonArray types = r.body.value(QStringLiteral("types")).toArray();
    QCOMPARE(types[1].toArray()[1].toString(), QStringLiteral("DateTime64(6, 'UTC')"));
    QCOMPARE(types[2].toArray()[1].toString(), QStringLiteral("Date"));
    // The first timestamp, formatted here from the stored microseconds.
    const qint64 micros = storeScalar(QStringLiteral("SELECT min(timestamp) FROM events"));
    const QDateTime dt = QDateTime::fromMSecsSinceEpoch(micros / 1000, Qt::UTC);
    const QString expected = dt.toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss")) +
                             QStringLiteral(".%1Z").arg(micros % 1000000, 6, 10, QLatin1Char('0'));
    QCOMPARE(rows[0][1].toString(), expected);
    QCOMPARE(rows[0][2].toString(), dt.toString(QStringLiteral("yyyy-MM-dd")));

    const Response limited = query(QStringLiteral("SELECT event FROM events LIMIT 7 OFFSET 3"));
    QCOMPARE(limited.status, 200);
    QCOMPARE(limited.body.value(QStringLiteral("results")).toArray().size(), 7);
    QVERIFY(limited.body.value(QStringLiteral("hasMore")).isNull());
}

void TestServerHttp::asyncPollToCompletion()
{
    const Response r =
        query(QStringLiteral("SELECT count() AS n FROM events WHERE event = '$pageview'"),
              QJsonObject{{QStringLiteral("refresh"), QStringLiteral("force_async")},
                          {QStringLiteral("client_query_id"), QStringLiteral("async-test-1")}});
    QCOMPARE(r.status, 202);
    const QJsonObject status = r.body.value(QStringLiteral("query_status")).toObject();
    QCOMPARE(status.value(QStringLiteral("id")).toString(), QStringLiteral("async-test-1"));
    QCOMPARE(status.value(QStringLiteral("query_async")).toBool(), true);
    QCOMPARE(status.value(QStringLiteral("complete")).toBool(true), false);
    QVERIFY(!status.value(QStringLiteral("expiration_time")).toString().isEmpty());

    QUrl url = m_base;
    url.setPath(QStringLiteral("/api/environments/1/query/async-test-1/"));
    url.setQuery(QStringLiteral("show_progress=true"));
    Poller poller(&m_nam, url);
    poller.start();
    QTRY_VERIFY_WITH_TIMEOUT(poller.done, 30000);
    QCOMPARE(poller.last.status, 200);
    const QJsonObject finished = poller.last.body.value(QStringLiteral("query_status")).toObject();
    QCOMPARE(finished.value(QStringLiteral("complete")).toBool(), true);
    QCOMPARE(finished.value(QStringLiteral("error")).toBool(true), false);
    const QJsonObject results = finished.value(QStringLiteral("results")).toObject();
    QCOMPARE(results.value(QStringLiteral("columns")).toArray(), QJsonArray{QStringLiteral("n")});
    QCOMPARE(results.value(QStringLiteral("results")).toArray()[0][0].toInteger(),
             storeScalar(QStringLiteral("SELECT count(*) FROM events WHERE event = '$pageview'")));
}

void TestServerHttp::cancelRunningQuery()
{
    QJsonObject body{
        {QStringLiteral("query"),
         QJsonObject{{QStringLiteral("kind"), QStringLiteral("HogQLQuery")},
                     {QStringLiteral("query"), QStringLiteral("SELECT count() FROM events WHERE "
                                                              "properties.$current_url LIKE '%files%'")}}},
        {QStringLiteral("refresh"), QStringLiteral("force_async")},
        {QStringLiteral("client_query_id"), QStringLiteral("slow-1")}};
    const Response started = send("POST", m_slowBase, QStringLiteral("/api/environments/1/query/"), body);
    QCOMPARE(started.status, 202);

    // Progress shows up while it runs.
    Response progress;
    QTRY_VERIFY_WITH_TIMEOUT(
        (progress =
             send("GET", m_slowBase, QStringLiteral("/api/environments/1/query/slow-1/?show_progress=true")),
         progress.body.value(QStringLiteral("query_status"))
                 .toObject()
                 .value(QStringLiteral("query_progress"))
                 .toObject()
                 .value(QStringLiteral("rows_read"))
                 .toInteger() > 0),
        10000);
    QCOMPARE(progress.status, 202);
    const QJsonObject p = progress.body.value(QStringLiteral("query_status"))
                              .toObject()
                              .value(QStringLiteral("query_progress"))
                              .toObject();
    QCOMPARE(p.value(QStringLiteral("estimated_rows_total")).toInteger(), 3000);
    QVERIFY(p.contains(QStringLiteral("bytes_read")));
    QVERIFY(p.contains(QStringLiteral("time_elapsed")));
    QVERIFY(p.contains(QStringLiteral("active_cpu_time")));

    const Response cancelled =
        send("DELETE", m_slowBase, QStringLiteral("/api/environments/1/query/slow-1/"));
    QVERIFY(cancelled.status == 204 || cancelled.status == 200);
    const Response gone = send("GET", m_slowBase, QStringLiteral("/api/environments/1/query/slow-1/"));
    QCOMPARE(gone.status, 404);
    QCOMPARE(gone.body.value(QStringLiteral("code")).toString(), QStringLiteral("not_found"));
    QCOMPARE(gone.body.value(QStringLiteral("type")).toString(), QStringLiteral("invalid_request"));

    // The single worker is free again at once: the cancelled query really stopped.
    QElapsedTimer timer;
    timer.start();
    QJsonObject quick{{QStringLiteral("query"),
                       QJsonObject{{QStringLiteral("kind"), QStringLiteral("HogQLQuery")},
                                   {QStringLiteral("query"), QStringLiteral("SELECT 1 + 1 AS two")}}}};
    const Response after = send("POST", m_slowBase, QStringLiteral("/api/environments/1/query/"), quick);
    QCOMPARE(after.status, 200);
    QCOMPARE(after.body.value(QStringLiteral("results")).toArray()[0][0].toInteger(), 2);
    QVERIFY2(timer.elapsed() < 1500, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
}

void TestServerHttp::unauthorized_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("code");
    QTest::newRow("missing") << QByteArray() << QStringLiteral("not_authenticated");
    QTest::newRow("wrong") << QByteArray("phx_test_token_124") << QStringLiteral("authentication_failed");
    QTest::newRow("prefix") << QByteArray("phx_test_token_12") << QStringLiteral("authentication_failed");
}

void TestServerHttp::unauthorized()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, code);
    const Response r = send("POST", m_base, QStringLiteral("/api/environments/1/query/"),
                            QJsonObject{{QStringLiteral("query"),
                                         QJsonObject{{QStringLiteral("kind"), QStringLiteral("HogQLQuery")},
                                                     {QStringLiteral("query"), QStringLiteral("SELECT 1")}}}},
                            token);
    QCOMPARE(r.status, 401);
    QCOMPARE(r.body.value(QStringLiteral("type")).toString(), QStringLiteral("authentication_error"));
    QCOMPARE(r.body.value(QStringLiteral("code")).toString(), code);
    QVERIFY(!r.body.value(QStringLiteral("detail")).toString().isEmpty());
    QVERIFY(r.body.contains(QStringLiteral("attr")));
}

void TestServerHttp::badHogql_data()
{
    QTest::addColumn<QString>("hogql");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("syntax") << QStringLiteral("SELECT event FROM events WHERE")
                            << QStringLiteral("hogql_syntax_error") << QStringLiteral("character");
    QTest::newRow("unknown function") << QStringLiteral("SELECT frobnicate(event) FROM events")
                                      << QStringLiteral("hogql_query_error") << QStringLiteral("frobnicate");
    QTest::newRow("unknown field") << QStringLiteral("SELECT nosuchfield FROM events")
                                   << QStringLiteral("hogql_query_error") << QStringLiteral("nosuchfield");
    QTest::newRow("join") << QStringLiteral("SELECT 1 FROM events e JOIN events f ON e.uuid = f.uuid")
                          << QStringLiteral("hogql_query_error") << QStringLiteral("JOIN");
    QTest::newRow("ungrouped") << QStringLiteral("SELECT event, count() FROM events")
                               << QStringLiteral("hogql_query_error") << QStringLiteral("GROUP BY");
    QTest::newRow("string vs number") << QStringLiteral("SELECT count() FROM events WHERE event = 1")
                                      << QStringLiteral("hogql_query_error") << QStringLiteral("compare");
}

void TestServerHttp::badHogql()
{
    QFETCH(QString, hogql);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    const Response r = query(hogql);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body.value(QStringLiteral("type")).toString(), QStringLiteral("validation_error"));
    QCOMPARE(r.body.value(QStringLiteral("code")).toString(), code);
    const QString detail = r.body.value(QStringLiteral("detail")).toString();
    QVERIFY2(detail.contains(mentions, Qt::CaseInsensitive), qPrintable(detail));
    QVERIFY2(detail.contains(QStringLiteral("character")), qPrintable(detail));
    QVERIFY(r.body.value(QStringLiteral("attr")).isNull());
}

void TestServerHttp::tooDeep_data()
{
    QTest::addColumn<int>("terms");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("mentions");
    // Parsed, but deeper than SQLite's parser stack: the query's fault, said so, not a server error.
    QTest::newRow("sqlite limit") << 500 << QStringLiteral("hogql_query_error") << QStringLiteral("deeper");
    // Deeper than the HogQL parser takes at all.
    QTest::newRow("parser limit") << 1500 << QStringLiteral("hogql_syntax_error")
                                  << QStringLiteral("too deeply");
}

void TestServerHttp::tooDeep()
{
    QFETCH(int, terms);
    QFETCH(QString, code);
    QFETCH(QString, mentions);
    QStringList ones(terms, QStringLiteral("1"));
    const Response r =
        query(QStringLiteral("SELECT ") + ones.join(QStringLiteral(" + ")) + QStringLiteral(" AS x"));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body.value(QStringLiteral("code")).toString(), code);
    const QString detail = r.body.value(QStringLiteral("detail")).toString();
    QVERIFY2(detail.contains(mentions), qPrintable(detail));
}

void TestServerHttp::unknownQueryId()
{
    const Response r = send("GET", m_base, QStringLiteral("/api/environments/1/query/no-such-query/"));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.body.value(QStringLiteral("code")).toString(), QStringLiteral("not_found"));
    QCOMPARE(r.body.value(QStringLiteral("detail")).toString(),
             QStringLiteral("Query no-such-query not found for team 1"));
}

void TestServerHttp::unknownRoute()
{
    const Response r = send("GET", m_base, QStringLiteral("/api/environments/1/nothing-here/"));
    QCOMPARE(r.status, 404);
    QCOMPARE(r.body.value(QStringLiteral("type")).toString(), QStringLiteral("invalid_request"));
    QCOMPARE(r.body.value(QStringLiteral("code")).toString(), QStringLiteral("not_found"));
}

QTEST_GUILESS_MAIN(TestServerHttp)
#include "tst_server_http.moc"
