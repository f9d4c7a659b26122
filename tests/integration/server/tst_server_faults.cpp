// The security and fault-injection behaviour of a real hogscope-server: loopback-only listening,
// --listen-any demanding a token, token checks, and each fault flag observed from the client side
// (latency measured, 5xx bodies, connections dropped without an answer, bodies cut short, whole
// bodies that are not JSON, bodies that trickle in, PostHog's 429 throttle). Raw sockets are used where a
// test must see exactly what arrives on the wire.

#include "local/sqlite_connection.h"
#include "local/store_schema.h"
#include "server_test_support.h"

#include <QJsonArray>
#include <QNetworkInterface>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace servertest;

namespace {

const QByteArray kToken = "phx_faults_test_token_0123456789";
const QString kPersons = QStringLiteral("/api/projects/1/persons/");

} // namespace

class TestServerFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void latency_data();
    void latency();
    void serverErrors();
    void drops();
    void truncation();
    void malformed();
    void slowBody();
    void partialRates();
    void rateLimit();
    void listenAnyNeedsToken_data();
    void listenAnyNeedsToken();
    void loopbackOnly();
    void tokens_data();
    void tokens();
    void badFlags_data();
    void badFlags();

private:
    QUrl start(ServerProcess& server, const QStringList& extra)
    {
        const QUrl base = server.start(m_db, kToken, extra);
        if (!base.isValid())
            qWarning("server did not start: %s", qPrintable(server.lastError));
        return base;
    }
    // The answer every working request for kPersons gets from this store, written by hand.
    static bool isPersonsPage(const QJsonObject& body)
    {
        const QJsonArray results = body.value(QStringLiteral("results")).toArray();
        return results.size() == 2 &&
               results[0].toObject().value(QStringLiteral("name")).toString() ==
                   QStringLiteral("new@example.com") &&
               results[1].toObject().value(QStringLiteral("name")).toString() == QStringLiteral("old-user");
    }

    QTemporaryDir m_dir;
    QString m_db;
    ServerProcess m_plain; // no faults
    QUrl m_plainBase;
    QNetworkAccessManager m_nam;
};

void TestServerFaults::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(!qEnvironmentVariable("HOGSCOPE_SERVER").isEmpty(),
             "HOGSCOPE_SERVER must name the server binary");
    m_db = m_dir.filePath(QStringLiteral("faults.db"));
    hogscope::local::SqliteConnection db;
    QVERIFY(db.open(m_db, hogscope::local::SqliteConnection::Mode::Create));
    QString error;
    QVERIFY2(hogscope::local::store::createSchema(db, &error), qPrintable(error));
    QVERIFY2(db.exec(R"sql(
        INSERT INTO persons (id, created_at, properties, is_identified) VALUES
            ('01900000-0000-7000-8000-0000000000a1', 1767225600000000, '{"email":"new@example.com"}', 1),
            ('01900000-0000-7000-8000-0000000000a2', 1767139200000000, '{}', 1);
        INSERT INTO person_distinct_ids (distinct_id, person_id) VALUES
            ('new-user', '01900000-0000-7000-8000-0000000000a1'),
            ('old-user', '01900000-0000-7000-8000-0000000000a2');
        INSERT INTO events (uuid, event, distinct_id, timestamp, created_at, properties, person_id) VALUES
            ('e1', '$pageview', 'new-user', 1767225700000000, 1767225700000000, '{"$browser":"Chrome"}',
             '01900000-0000-7000-8000-0000000000a1');
    )sql"),
             qPrintable(db.errorString()));
    m_plainBase = start(m_plain, {});
    QVERIFY(m_plainBase.isValid());
}

void TestServerFaults::latency_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("status");
    QTest::newRow("persons") << QByteArray("GET") << kPersons << kToken << 200;
    QTest::newRow("definitions") << QByteArray("GET") << QStringLiteral("/api/projects/1/event_definitions/")
                                 << kToken << 200;
    QTest::newRow("query") << QByteArray("POST") << QStringLiteral("/api/projects/1/query/") << kToken << 200;
    QTest::newRow("unauthenticated") << QByteArray("GET") << kPersons << QByteArray() << 401;
    QTest::newRow("not found") << QByteArray("GET") << QStringLiteral("/api/projects/1/nope/") << kToken
                               << 404;
}

void TestServerFaults::latency()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, token);
    QFETCH(int, status);
    constexpr int kLatencyMs = 400;
    ServerProcess server;
    const QUrl base = start(server, {QStringLiteral("--fault-latency-ms"), QString::number(kLatencyMs)});
    QVERIFY(base.isValid());
    const QByteArray body = method == "POST"
                                ? QByteArray(R"({"query":{"kind":"HogQLQuery","query":"SELECT 40 + 2"}})")
                                : QByteArray();
    for (int i = 0; i < 3; ++i) {
        QElapsedTimer timer;
        timer.start();
        const Response r = send(m_nam, method, urlFor(base, path), token, body);
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(r.status, status);
        QVERIFY2(elapsed >= kLatencyMs, qPrintable(QStringLiteral("answered after %1 ms").arg(elapsed)));
        if (path == kPersons && status == 200)
            QVERIFY(isPersonsPage(r.body));
        if (method == "POST")
            QCOMPARE(r.body.value(QStringLiteral("results")).toArray(), (QJsonArray{QJsonArray{42}}));
    }
}

void TestServerFaults::serverErrors()
{
    ServerProcess server;
    const QUrl base = start(server, {QStringLiteral("--fault-5xx-rate"), QStringLiteral("1"),
                                     QStringLiteral("--fault-seed"), QStringLiteral("7")});
    QVERIFY(base.isValid());
    const QMap<int, QString> codes = {{500, QStringLiteral("error")},
                                      {502, QStringLiteral("bad_gateway")},
                                      {503, QStringLiteral("service_unavailable")}};
    const QStringList paths = {kPersons, QStringLiteral("/api/environments/1/property_definitions/"),
                               QStringLiteral("/api/users/@me/"),
                               QStringLiteral("/api/projects/1/query/abc/")};
    QSet<int> seen;
    for (int i = 0; i < 40; ++i) {
        // Every request fails, whatever it asks and whoever asks.
        const Response r = send(m_nam, "GET", urlFor(base, paths[i % paths.size()]),
                                i % 5 == 4 ? QByteArray("wrong") : kToken);
        QVERIFY2(codes.contains(r.status), qPrintable(QString::number(r.status)));
        seen.insert(r.status);
        QCOMPARE(r.body.keys(), (QStringList{QStringLiteral("attr"), QStringLiteral("code"),
                                             QStringLiteral("detail"), QStringLiteral("type")}));
        QCOMPARE(r.body.value(QStringLiteral("type")).toString(), QStringLiteral("server_error"));
        QCOMPARE(r.body.value(QStringLiteral("code")).toString(), codes.value(r.status));
        QVERIFY(!r.body.value(QStringLiteral("detail")).toString().isEmpty());
        QVERIFY(r.body.value(QStringLiteral("attr")).isNull());
    }
    QCOMPARE(seen.size(), 3);
}

void TestServerFaults::drops()
{
    ServerProcess server;
    const QUrl base = start(server, {QStringLiteral("--fault-drop-rate"), QStringLiteral("1")});
    QVERIFY(base.isValid());
    for (int i = 0; i < 5; ++i) {
        const RawResponse raw = rawExchange(base, rawGet(base, kPersons.toLatin1(), kToken));
        QVERIFY(raw.closedByServer);
        QCOMPARE(raw.bytes, QByteArray()); // not one byte of an answer
    }
    const Response r = send(m_nam, "GET", urlFor(base, kPersons), kToken);
    QCOMPARE(r.status, 0);
    QVERIFY2(r.error == QNetworkReply::RemoteHostClosedError ||
                 r.error == QNetworkReply::ConnectionRefusedError,
             qPrintable(QString::number(r.error)));
}

void TestServerFaults::truncation()
{
    ServerProcess server;
    const QUrl base = start(server, {QStringLiteral("--fault-truncate-rate"), QStringLiteral("1")});
    QVERIFY(base.isValid());
    for (const QByteArray& path :
         {kPersons.toLatin1(), QByteArray("/api/projects/1/property_definitions/")}) {
        const RawResponse raw = rawExchange(base, rawGet(base, path, kToken), 5000, false);
        QVERIFY(raw.closedByServer);
        QCOMPARE(raw.status(), 200);
        const qint64 promised = raw.header("Content-Length").toLongLong();
        QVERIFY(promised > 10);
        QCOMPARE(raw.body().size(), promised / 2); // cut short, then closed
        QVERIFY(QJsonDocument::fromJson(raw.body()).isNull());
    }
    const Response r = send(m_nam, "GET", urlFor(base, kPersons), kToken);
    QVERIFY(r.error != QNetworkReply::NoError);
}

void TestServerFaults::malformed()
{
    ServerProcess server;
    const QUrl base = start(server, {QStringLiteral("--fault-malformed-rate"), QStringLiteral("1")});
    QVERIFY(base.isValid());
    const RawResponse whole = rawExchange(m_plainBase, rawGet(m_plainBase, kPersons.toLatin1(), kToken));
    QVERIFY(whole.complete());
    const QByteArray realBody = whole.body();
    for (int i = 0; i < 3; ++i) {
        // Whole as far as HTTP goes: the promised length arrives and the connection stays usable.
        const RawResponse raw = rawExchange(base, rawGet(base, kPersons.toLatin1(), kToken));
        QVERIFY(raw.complete());
        QCOMPARE(raw.status(), 200);
        const qint64 promised = raw.header("Content-Length").toLongLong();
        QCOMPARE(raw.body().size(), promised);
        QCOMPARE(raw.body(), realBody.left(realBody.size() / 2));
        QCOMPARE(raw.header("X-Hogscope-Fault"), QByteArray("malformed"));
        QJsonParseError error{};
        QJsonDocument::fromJson(raw.body(), &error);
        QVERIFY(error.error != QJsonParseError::NoError);
    }
    // The status is the real one: an unauthenticated request still gets 401 (with a broken body).
    const Response r = send(m_nam, "GET", urlFor(base, kPersons), QByteArray("wrong"));
    QCOMPARE(r.error, QNetworkReply::AuthenticationRequiredError);
    QCOMPARE(r.status, 401);
    QVERIFY(!r.raw.isEmpty());
    QVERIFY(QJsonDocument::fromJson(r.raw).isNull());
}

void TestServerFaults::slowBody()
{
    constexpr int kSlowMs = 1200;
    ServerProcess server;
    const QUrl base = start(server, {QStringLiteral("--fault-slow-body-ms"), QString::number(kSlowMs)});
    QVERIFY(base.isValid());
    for (const QByteArray& method : {QByteArray("GET"), QByteArray("POST")}) {
        QElapsedTimer timer;
        timer.start();
        QNetworkReply* reply =
            method == "GET" ? sendAsync(m_nam, method, urlFor(base, kPersons), kToken)
                            : sendAsync(m_nam, method, urlFor(base, QStringLiteral("/api/projects/1/query/")),
                                        kToken, R"({"query":{"kind":"HogQLQuery","query":"SELECT 40 + 2"}})");
        // The body comes in several pieces, not at once.
        int pieces = 0;
        QObject::connect(reply, &QNetworkReply::readyRead, reply, [&pieces] { ++pieces; });
        const Response r = finished(reply, 10000);
        const qint64 elapsed = timer.elapsed();
        QCOMPARE(r.error, QNetworkReply::NoError);
        QCOMPARE(r.status, 200);
        QVERIFY2(elapsed >= kSlowMs, qPrintable(QStringLiteral("answered after %1 ms").arg(elapsed)));
        QVERIFY2(elapsed < kSlowMs + 5000, qPrintable(QStringLiteral("answered after %1 ms").arg(elapsed)));
        QVERIFY2(pieces >= 3, qPrintable(QStringLiteral("%1 pieces").arg(pieces)));
        if (method == "GET")
            QVERIFY(isPersonsPage(r.body));
        else
            QCOMPARE(r.body.value(QStringLiteral("results")).toArray(), (QJsonArray{QJsonArray{42}}));
    }
}

void TestServerFaults::partialRates()
{
    // Half the connections dropped: some are, some are not, and the others are answered right.
    ServerProcess server;
    const QUrl base = start(server, {QStringLiteral("--fault-drop-rate"), QStringLiteral("0.5"),
                                     QStringLiteral("--fault-seed"), QStringLiteral("3")});
    QVERIFY(base.isValid());
    int dropped = 0;
    int answered = 0;
    for (int i = 0; i < 40; ++i) {
        const RawResponse raw = rawExchange(base, rawGet(base, kPersons.toLatin1(), kToken));
        if (raw.bytes.isEmpty()) {
            QVERIFY(raw.closedByServer);
            ++dropped;
            continue;
        }
        QCOMPARE(raw.status(), 200);
        QVERIFY(isPersonsPage(QJsonDocument::fromJson(raw.body()).object()));
        ++answered;
    }
    QVERIFY2(dropped >= 8 && answered >= 8,
             qPrintable(QStringLiteral("%1 dropped, %2 answered").arg(dropped).arg(answered)));
}

void TestServerFaults::rateLimit()
{
    ServerProcess server;
    const QUrl base = start(server, {QStringLiteral("--rate-limit-per-minute"), QStringLiteral("3")});
    QVERIFY(base.isValid());
    // Unauthenticated requests are refused before the throttle and do not count.
    for (int i = 0; i < 2; ++i)
        QCOMPARE(send(m_nam, "GET", urlFor(base, kPersons), QByteArray()).status, 401);
    for (int i = 0; i < 3; ++i) {
        const Response r = send(m_nam, "GET", urlFor(base, kPersons), kToken);
        QCOMPARE(r.status, 200);
        QVERIFY(isPersonsPage(r.body));
    }
    static const QRegularExpression detail(
        QStringLiteral("^Request was throttled\\. Expected available in (\\d+) seconds?\\.$"));
    for (int i = 0; i < 2; ++i) {
        const Response r =
            send(m_nam, "GET", urlFor(base, QStringLiteral("/api/projects/1/event_definitions/")), kToken);
        QCOMPARE(r.status, 429);
        QCOMPARE(r.body.keys(), (QStringList{QStringLiteral("attr"), QStringLiteral("code"),
                                             QStringLiteral("detail"), QStringLiteral("type")}));
        QCOMPARE(r.body.value(QStringLiteral("type")).toString(), QStringLiteral("throttled_error"));
        QCOMPARE(r.body.value(QStringLiteral("code")).toString(), QStringLiteral("throttled"));
        QVERIFY(r.body.value(QStringLiteral("attr")).isNull());
        const auto match = detail.match(r.body.value(QStringLiteral("detail")).toString());
        QVERIFY2(match.hasMatch(), qPrintable(r.body.value(QStringLiteral("detail")).toString()));
        const int wait = match.captured(1).toInt();
        QVERIFY(wait >= 55 && wait <= 60); // the first request of the window was moments ago
        QCOMPARE(r.header("Retry-After"), QByteArray::number(wait));
    }
}

void TestServerFaults::listenAnyNeedsToken_data()
{
    QTest::addColumn<QStringList>("tokenArgs");
    QTest::addColumn<bool>("starts");
    QTest::newRow("no token") << QStringList{} << false;
    QTest::newRow("short token") << QStringList{QStringLiteral("--token"), QStringLiteral("short")} << false;
    QTest::newRow("long token") << QStringList{QStringLiteral("--token"), QString::fromLatin1(kToken)}
                                << true;
}

void TestServerFaults::listenAnyNeedsToken()
{
    QFETCH(QStringList, tokenArgs);
    QFETCH(bool, starts);
    ServerProcess server;
    server.process.setProgram(qEnvironmentVariable("HOGSCOPE_SERVER"));
    server.process.setArguments(QStringList{QStringLiteral("serve"), QStringLiteral("--db"), m_db,
                                            QStringLiteral("--port"), QStringLiteral("0"),
                                            QStringLiteral("--listen-any")} +
                                tokenArgs);
    server.process.start();
    QVERIFY(server.process.waitForStarted(10000));
    if (!starts) {
        QVERIFY(server.process.waitForFinished(10000));
        QCOMPARE(server.process.exitCode(), 2);
        QVERIFY(server.process.readAllStandardError().contains("--token"));
        QCOMPARE(server.process.readAllStandardOutput(), QByteArray());
        return;
    }
    QTRY_VERIFY_WITH_TIMEOUT(server.process.canReadLine(), 10000);
    const QString line = QString::fromUtf8(server.process.readLine()).trimmed();
    QVERIFY2(line.startsWith(QStringLiteral("listening on http://127.0.0.1:")), qPrintable(line));
    const QUrl base(line.mid(13));
    QCOMPARE(send(m_nam, "GET", urlFor(base, kPersons), kToken).status, 200);
    QCOMPARE(send(m_nam, "GET", urlFor(base, kPersons), QByteArray("phx_wrong")).status, 401);
}

void TestServerFaults::loopbackOnly()
{
    QHostAddress outside;
    for (const QHostAddress& a : QNetworkInterface::allAddresses()) {
        if (a.protocol() == QAbstractSocket::IPv4Protocol && !a.isLoopback()) {
            outside = a;
            break;
        }
    }
    if (outside.isNull())
        QSKIP("this machine has no non-loopback IPv4 address");
    auto reachable = [&](const QUrl& base) {
        QTcpSocket socket;
        socket.connectToHost(outside, static_cast<quint16>(base.port()));
        return socket.waitForConnected(3000);
    };
    ServerProcess local;
    const QUrl localBase = start(local, {});
    QVERIFY(localBase.isValid());
    QVERIFY2(!reachable(localBase), "the default server must only listen on 127.0.0.1");
    ServerProcess any;
    const QUrl anyBase = start(any, {QStringLiteral("--listen-any")});
    QVERIFY(anyBase.isValid());
    QVERIFY(reachable(anyBase));
}

void TestServerFaults::tokens_data()
{
    QTest::addColumn<QByteArray>("header");
    QTest::addColumn<QString>("query");
    QTest::addColumn<int>("status");
    QTest::newRow("right") << QByteArray("Bearer " + kToken) << QString() << 200;
    QTest::newRow("last character") << QByteArray("Bearer phx_faults_test_token_0123456788") << QString()
                                    << 401;
    QTest::newRow("prefix") << QByteArray("Bearer phx_faults_test_token") << QString() << 401;
    QTest::newRow("longer") << QByteArray("Bearer " + kToken + "9") << QString() << 401;
    QTest::newRow("empty bearer") << QByteArray("Bearer ") << QString() << 401;
    QTest::newRow("not bearer") << QByteArray("Token " + kToken) << QString() << 401;
    QTest::newRow("query parameter") << QByteArray()
                                     << QStringLiteral("personal_api_key=") + QString::fromLatin1(kToken)
                                     << 200;
    QTest::newRow("wrong query parameter")
        << QByteArray() << QStringLiteral("personal_api_key=phx_nope") << 401;
}

void TestServerFaults::tokens()
{
    QFETCH(QByteArray, header);
    QFETCH(QString, query);
    QFETCH(int, status);
    QVERIFY(m_plainBase.isValid());
    QUrl url = urlFor(m_plainBase, kPersons);
    url.setQuery(query);
    QNetworkRequest request(url);
    if (!header.isEmpty())
        request.setRawHeader("Authorization", header);
    const Response r = finished(m_nam.get(request));
    QCOMPARE(r.status, status);
    if (status == 401) {
        QCOMPARE(r.body.value(QStringLiteral("type")).toString(), QStringLiteral("authentication_error"));
        QVERIFY(r.body.value(QStringLiteral("attr")).isNull());
    } else {
        QVERIFY(isPersonsPage(r.body));
    }
}

void TestServerFaults::badFlags_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("rate above 1") << QStringList{QStringLiteral("--fault-5xx-rate"), QStringLiteral("1.5")};
    QTest::newRow("negative rate") << QStringList{QStringLiteral("--fault-drop-rate"),
                                                  QStringLiteral("-0.1")};
    QTest::newRow("rate not a number")
        << QStringList{QStringLiteral("--fault-truncate-rate"), QStringLiteral("x")};
    QTest::newRow("negative latency")
        << QStringList{QStringLiteral("--fault-latency-ms"), QStringLiteral("-5")};
    QTest::newRow("limit not a number")
        << QStringList{QStringLiteral("--rate-limit-per-minute"), QStringLiteral("lots")};
    QTest::newRow("malformed rate above 1")
        << QStringList{QStringLiteral("--fault-malformed-rate"), QStringLiteral("2")};
    QTest::newRow("malformed rate not a number")
        << QStringList{QStringLiteral("--fault-malformed-rate"), QStringLiteral("half")};
    QTest::newRow("negative slow body")
        << QStringList{QStringLiteral("--fault-slow-body-ms"), QStringLiteral("-1")};
    QTest::newRow("slow body not a number")
        << QStringList{QStringLiteral("--fault-slow-body-ms"), QStringLiteral("slow")};
    QTest::newRow("rates above 1 together")
        << QStringList{QStringLiteral("--fault-malformed-rate"), QStringLiteral("0.6"),
                       QStringLiteral("--fault-truncate-rate"), QStringLiteral("0.6")};
}

void TestServerFaults::badFlags()
{
    QFETCH(QStringList, args);
    QProcess process;
    process.start(qEnvironmentVariable("HOGSCOPE_SERVER"),
                  QStringList{QStringLiteral("serve"), QStringLiteral("--db"), m_db,
                              QStringLiteral("--token"), QString::fromLatin1(kToken)} +
                      args);
    QVERIFY(process.waitForFinished(10000));
    QCOMPARE(process.exitCode(), 2);
    QVERIFY(process.readAllStandardError().contains(args.front().mid(2).toLatin1()));
}

QTEST_GUILESS_MAIN(TestServerFaults)
#include "tst_server_faults.moc"
