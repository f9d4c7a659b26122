// The persons endpoints of a real hogscope-server over HTTP (list, search, filters, paging, detail,
// values), the error bodies of every route, the 1 MiB body limit and 20 concurrent clients, on the
// hand-written store of persons_test_store.h. Every expected answer is written out by hand from
// that data, never computed by the server's own SQL.

#include "server_test_support.h"

#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <algorithm>
#include <functional>
#include <memory>

class TestServerPersons : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void listShape_data();
    void listShape();
    void paging_data();
    void paging();
    void pagingKeepsFilters();
    void search_data();
    void search();
    void exactParameters_data();
    void exactParameters();
    void propertyFilters_data();
    void propertyFilters();
    void badFilters_data();
    void badFilters();
    void detail_data();
    void detail();
    void detailErrors_data();
    void detailErrors();
    void values_data();
    void values();
    void errors_data();
    void errors();
    void bodyTooLarge();
    void concurrentClients();

private:
    servertest::Response get(const QString& pathAndQuery);
    servertest::Response get(const QString& pathAndQuery, const QByteArray& token);
    QList<QJsonObject> follow(const QString& first);

    QTemporaryDir m_dir;
    servertest::ServerProcess m_server;
    QUrl m_base;
    QNetworkAccessManager m_nam;
};

// Included after the class: moc, reading this header, would otherwise take the class to be inside
// its namespace.
#include "persons_test_store.h"

using namespace personstest;

Response TestServerPersons::get(const QString& pathAndQuery)
{
    return get(pathAndQuery, kToken);
}

Response TestServerPersons::get(const QString& pathAndQuery, const QByteArray& token)
{
    return send(m_nam, "GET", urlFor(m_base, pathAndQuery), token);
}

QList<QJsonObject> TestServerPersons::follow(const QString& first)
{
    return personstest::follow(m_nam, m_base, first);
}

void TestServerPersons::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY2(!qEnvironmentVariable("HOGSCOPE_SERVER").isEmpty(),
             "HOGSCOPE_SERVER must name the server binary");
    const QString db = m_dir.filePath(QStringLiteral("persons.db"));
    const QString error = writeStore(db);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    m_base = m_server.start(db, kToken);
    QVERIFY2(m_base.isValid(), qPrintable(m_server.lastError));
}

void TestServerPersons::cleanupTestCase()
{
    m_server.stop();
}

void TestServerPersons::listShape_data()
{
    QTest::addColumn<QString>("family");
    QTest::newRow("environments") << QStringLiteral("environments");
    QTest::newRow("projects") << QStringLiteral("projects");
}

void TestServerPersons::listShape()
{
    QFETCH(QString, family);
    const Response r = get(personsPath(family));
    QCOMPARE(r.status, 200);
    QVERIFY(!r.body.contains(QStringLiteral("count"))); // only with include_total
    QVERIFY(r.body.value(QStringLiteral("next")).isNull());
    QVERIFY(r.body.value(QStringLiteral("previous")).isNull());
    const QJsonArray results = r.body.value(QStringLiteral("results")).toArray();
    QCOMPARE(field(results, QStringLiteral("id")), uuidsOf(kListOrder));
    for (qsizetype i = 0; i < results.size(); ++i) {
        const PersonData& p = people()[kListOrder[i]];
        const QJsonObject o = results[i].toObject();
        QStringList keys = o.keys();
        QCOMPARE(keys,
                 (QStringList{QStringLiteral("created_at"), QStringLiteral("distinct_ids"),
                              QStringLiteral("id"), QStringLiteral("is_identified"),
                              QStringLiteral("last_seen_at"), QStringLiteral("matched_recordings"),
                              QStringLiteral("name"), QStringLiteral("properties"), QStringLiteral("type"),
                              QStringLiteral("uuid"), QStringLiteral("value_at_data_point")}));
        QCOMPARE(o.value(QStringLiteral("type")).toString(), QStringLiteral("person"));
        QCOMPARE(o.value(QStringLiteral("uuid")).toString(), p.uuid);
        QCOMPARE(o.value(QStringLiteral("name")).toString(), p.name);
        QCOMPARE(o.value(QStringLiteral("distinct_ids")).toArray(),
                 QJsonArray::fromStringList(p.expectedDistinctIds));
        QCOMPARE(o.value(QStringLiteral("properties")).toObject(),
                 QJsonDocument::fromJson(p.properties.toUtf8()).object());
        QCOMPARE(o.value(QStringLiteral("is_identified")).toBool(), p.identified);
        QCOMPARE(o.value(QStringLiteral("created_at")).toString(),
                 iso(QDateTime::fromString(p.created, Qt::ISODateWithMs)));
        QCOMPARE(o.value(QStringLiteral("last_seen_at")).toString(), iso(kLastSeen[kListOrder[i]]));
        QCOMPARE(o.value(QStringLiteral("matched_recordings")).toArray(), QJsonArray());
        QVERIFY(o.value(QStringLiteral("value_at_data_point")).isNull());
    }
    // Written out once by hand, to pin the format itself.
    QCOMPARE(results[1].toObject().value(QStringLiteral("created_at")).toString(),
             QStringLiteral("2026-01-04T09:30:00.250000Z"));
    const Response total = get(personsPath(family, QStringLiteral("include_total=true")));
    QCOMPARE(total.body.value(QStringLiteral("count")).toInt(), 5);
}

void TestServerPersons::paging_data()
{
    QTest::addColumn<int>("limit");
    QTest::addColumn<int>("requests");
    // PostHog gives a next link after every full page, so a count that divides evenly ends on an
    // empty page.
    QTest::newRow("1") << 1 << 6;
    QTest::newRow("2") << 2 << 3;
    QTest::newRow("3") << 3 << 2;
    QTest::newRow("4") << 4 << 2;
    QTest::newRow("5") << 5 << 2;
    QTest::newRow("6") << 6 << 1;
}

void TestServerPersons::paging()
{
    QFETCH(int, limit);
    QFETCH(int, requests);
    const QList<QJsonObject> pages =
        follow(personsPath(QStringLiteral("projects"), QStringLiteral("limit=%1").arg(limit)));
    QCOMPARE(pages.size(), requests);
    QStringList ids;
    for (qsizetype i = 0; i < pages.size(); ++i) {
        const QJsonArray results = pages[i].value(QStringLiteral("results")).toArray();
        QVERIFY(results.size() <= limit);
        ids << field(results, QStringLiteral("id"));
        const QJsonValue previous = pages[i].value(QStringLiteral("previous"));
        if (i == 0) {
            QVERIFY(previous.isNull());
        } else {
            const QUrlQuery query{QUrl(previous.toString())};
            QCOMPARE(query.queryItemValue(QStringLiteral("offset")).toInt(), (i - 1) * limit);
            QCOMPARE(QUrl(previous.toString()).host(), m_base.host());
        }
    }
    QCOMPARE(ids, uuidsOf(kListOrder));
    QVERIFY(pages.back().value(QStringLiteral("next")).isNull());
}

void TestServerPersons::pagingKeepsFilters()
{
    const QString filter =
        encoded(QStringLiteral(R"([{"key":"plan","value":"free","operator":"is_not","type":"person"}])"));
    const QList<QJsonObject> pages = follow(
        personsPath(QStringLiteral("environments"), QStringLiteral("properties=%1&limit=2").arg(filter)));
    QCOMPARE(pages.size(), 2);
    QCOMPARE(field(pages[0].value(QStringLiteral("results")).toArray(), QStringLiteral("id")),
             uuidsOf({0, 4}));
    QCOMPARE(field(pages[1].value(QStringLiteral("results")).toArray(), QStringLiteral("id")), uuidsOf({3}));
}

void TestServerPersons::search_data()
{
    QTest::addColumn<QString>("search");
    QTest::addColumn<QList<int>>("expected");
    QTest::newRow("email, any case") << QStringLiteral("ALICE") << QList<int>{0};
    QTest::newRow("email domain") << QStringLiteral("example.org") << QList<int>{1};
    QTest::newRow("name") << QStringLiteral("chen") << QList<int>{2};
    QTest::newRow("surname") << QStringLiteral("archer") << QList<int>{0};
    QTest::newRow("distinct id") << QStringLiteral("dave-dev") << QList<int>{3};
    QTest::newRow("anonymous distinct id") << QStringLiteral("EEEE") << QList<int>{4};
    QTest::newRow("person id") << QStringLiteral("0000000000c3") << QList<int>{2};
    QTest::newRow("shared by all ids") << QStringLiteral("01900000-0000") << kListOrder;
    QTest::newRow("other properties are not searched") << QStringLiteral("Ümlaut") << QList<int>{};
    QTest::newRow("nothing") << QStringLiteral("zzz") << QList<int>{};
}

void TestServerPersons::search()
{
    QFETCH(QString, search);
    QFETCH(QList<int>, expected);
    for (const QString& family : {QStringLiteral("environments"), QStringLiteral("projects")}) {
        const Response r = get(personsPath(family, QStringLiteral("search=%1").arg(encoded(search))));
        QCOMPARE(r.status, 200);
        QCOMPARE(field(r.body.value(QStringLiteral("results")).toArray(), QStringLiteral("id")),
                 uuidsOf(expected));
    }
}

void TestServerPersons::exactParameters_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QList<int>>("expected");
    QTest::newRow("distinct_id") << QStringLiteral("distinct_id=bob") << QList<int>{1};
    QTest::newRow("anonymous distinct_id")
        << QStringLiteral("distinct_id=0191aaaa-1111-7000-8000-00000000aaaa") << QList<int>{0};
    QTest::newRow("distinct_id is exact") << QStringLiteral("distinct_id=bo") << QList<int>{};
    QTest::newRow("email") << QStringLiteral("email=alice%40example.com") << QList<int>{0};
    QTest::newRow("email is exact") << QStringLiteral("email=ALICE%40example.com") << QList<int>{};
}

void TestServerPersons::exactParameters()
{
    QFETCH(QString, query);
    QFETCH(QList<int>, expected);
    const Response r = get(personsPath(QStringLiteral("projects"), query));
    QCOMPARE(r.status, 200);
    QCOMPARE(field(r.body.value(QStringLiteral("results")).toArray(), QStringLiteral("id")),
             uuidsOf(expected));
}

void TestServerPersons::propertyFilters_data()
{
    QTest::addColumn<QString>("properties");
    QTest::addColumn<QList<int>>("expected");
    auto row = [](const char* name, const char* json, QList<int> expected) {
        QTest::newRow(name) << QString::fromUtf8(json) << expected;
    };
    row("exact", R"([{"key":"plan","value":"free","operator":"exact","type":"person"}])", {1, 2});
    row("exact by default", R"([{"key":"plan","value":"pro","type":"person"}])", {0});
    row("exact, type left out", R"([{"key":"plan","value":"pro"}])", {0});
    row("exact any of", R"([{"key":"plan","value":["pro","business"],"operator":"exact","type":"person"}])",
        {0, 3});
    row("exact number", R"([{"key":"age","value":31,"operator":"exact","type":"person"}])", {0});
    row("exact number vs text", R"([{"key":"age","value":27,"operator":"exact","type":"person"}])", {2});
    row("exact boolean", R"([{"key":"beta","value":true,"operator":"exact","type":"person"}])", {0});
    row("is_not keeps missing", R"([{"key":"plan","value":"free","operator":"is_not","type":"person"}])",
        {0, 4, 3});
    row("is_not none of", R"([{"key":"plan","value":["free","pro"],"operator":"is_not","type":"person"}])",
        {4, 3});
    row("icontains", R"([{"key":"email","value":"EXAMPLE","operator":"icontains","type":"person"}])", {0, 1});
    row("icontains unicode", R"([{"key":"company","value":"ümlaut","operator":"icontains","type":"person"}])",
        {2});
    row("icontains any of",
        R"([{"key":"name","value":["alice","carol"],"operator":"icontains","type":"person"}])", {0, 2});
    row("not_icontains keeps missing",
        R"([{"key":"email","value":"example.com","operator":"not_icontains","type":"person"}])",
        {1, 2, 4, 3});
    row("not_icontains none of",
        R"([{"key":"name","value":["alice","carol"],"operator":"not_icontains","type":"person"}])",
        {1, 4, 3});
    row("regex", R"([{"key":"email","value":"^b.*\\.org$","operator":"regex","type":"person"}])", {1});
    row("not_regex keeps missing",
        R"([{"key":"name","value":"^[AB]","operator":"not_regex","type":"person"}])", {2, 4, 3});
    row("is_set", R"([{"key":"email","operator":"is_set","type":"person"}])", {0, 1});
    row("is_not_set", R"([{"key":"email","operator":"is_not_set","type":"person"}])", {2, 4, 3});
    row("gt", R"([{"key":"age","value":40,"operator":"gt","type":"person"}])", {1, 3});
    row("gt text number", R"([{"key":"age","value":"40","operator":"gt","type":"person"}])", {1, 3});
    row("lt reads text numbers", R"([{"key":"age","value":30,"operator":"lt","type":"person"}])", {2});
    row("gte", R"([{"key":"logins","value":10,"operator":"gte","type":"person"}])", {0});
    row("lte", R"([{"key":"logins","value":3,"operator":"lte","type":"person"}])", {1});
    row("is_date_before",
        R"([{"key":"signup","value":"2025-12-01","operator":"is_date_before","type":"person"}])", {1});
    row("is_date_after",
        R"([{"key":"signup","value":"2025-12-01","operator":"is_date_after","type":"person"}])", {0});
    row("key with a quote", R"([{"key":"we\"ird","value":"yes","type":"person"}])", {4});
    row("and", R"([{"key":"plan","value":"free","type":"person"},{"key":"age","value":30,"operator":"gt"}])",
        {1});
    row("or group",
        R"({"type":"OR","values":[{"key":"plan","value":"pro","type":"person"},)"
        R"({"key":"username","operator":"is_set","type":"person"}]})",
        {0, 3});
    row("nested groups",
        R"({"type":"AND","values":[{"type":"OR","values":[{"key":"plan","value":"pro"},)"
        R"({"key":"plan","value":"business"}]},{"key":"age","value":40,"operator":"gt"}]})",
        {3});
    row("empty list", R"([])", kListOrder);
}

void TestServerPersons::propertyFilters()
{
    QFETCH(QString, properties);
    QFETCH(QList<int>, expected);
    for (const QString& family : {QStringLiteral("environments"), QStringLiteral("projects")}) {
        const Response r = get(personsPath(family, QStringLiteral("properties=%1").arg(encoded(properties))));
        QVERIFY2(r.status == 200, r.raw.constData());
        QCOMPARE(field(r.body.value(QStringLiteral("results")).toArray(), QStringLiteral("id")),
                 uuidsOf(expected));
    }
}

void TestServerPersons::badFilters_data()
{
    QTest::addColumn<QString>("properties");
    QTest::addColumn<QString>("detail");
    QTest::newRow("not json") << QStringLiteral(R"([{"key":"plan")")
                              << QStringLiteral("Properties are unparsable!");
    QTest::newRow("not a filter") << QStringLiteral("42") << QStringLiteral("Properties are unparsable!");
    QTest::newRow("unknown operator")
        << QStringLiteral(R"([{"key":"plan","value":"x","operator":"sounds_like"}])")
        << QStringLiteral("Unknown property filter operator 'sounds_like'.");
    QTest::newRow("event filter") << QStringLiteral(R"([{"key":"plan","value":"x","type":"event"}])")
                                  << QStringLiteral("event");
    QTest::newRow("bad regex") << QStringLiteral(R"([{"key":"email","value":"(","operator":"regex"}])")
                               << QStringLiteral("Invalid regular expression");
    QTest::newRow("no key") << QStringLiteral(R"([{"value":"x"}])") << QStringLiteral("key");
    QTest::newRow("bad date") << QStringLiteral(
                                     R"([{"key":"signup","value":"soon","operator":"is_date_before"}])")
                              << QStringLiteral("not a date");
}

void TestServerPersons::badFilters()
{
    QFETCH(QString, properties);
    QFETCH(QString, detail);
    const Response r = get(
        personsPath(QStringLiteral("projects"), QStringLiteral("properties=%1").arg(encoded(properties))));
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body.value(QStringLiteral("type")).toString(), QStringLiteral("validation_error"));
    QCOMPARE(r.body.value(QStringLiteral("code")).toString(), QStringLiteral("invalid_input"));
    QVERIFY2(r.body.value(QStringLiteral("detail")).toString().contains(detail), r.raw.constData());
    QVERIFY(r.body.contains(QStringLiteral("attr")));
}

void TestServerPersons::detail_data()
{
    QTest::addColumn<QString>("family");
    QTest::addColumn<int>("person");
    for (int i = 0; i < 5; ++i) {
        QTest::addRow("environments %d", i + 1) << QStringLiteral("environments") << i;
        QTest::addRow("projects %d", i + 1) << QStringLiteral("projects") << i;
    }
}

void TestServerPersons::detail()
{
    QFETCH(QString, family);
    QFETCH(int, person);
    const PersonData& p = people()[person];
    const Response r = get(QStringLiteral("/api/%1/1/persons/%2/").arg(family, p.uuid));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body.keys(),
             (QStringList{QStringLiteral("created_at"), QStringLiteral("distinct_ids"), QStringLiteral("id"),
                          QStringLiteral("last_seen_at"), QStringLiteral("name"),
                          QStringLiteral("properties"), QStringLiteral("uuid")}));
    QCOMPARE(r.body.value(QStringLiteral("id")).toInt(), person + 1); // stored in this order: rowid 1..5
    QCOMPARE(r.body.value(QStringLiteral("uuid")).toString(), p.uuid);
    QCOMPARE(r.body.value(QStringLiteral("name")).toString(), p.name);
    QCOMPARE(r.body.value(QStringLiteral("distinct_ids")).toArray(),
             QJsonArray::fromStringList(p.expectedDistinctIds));
    QCOMPARE(r.body.value(QStringLiteral("properties")).toObject(),
             QJsonDocument::fromJson(p.properties.toUtf8()).object());
    QCOMPARE(r.body.value(QStringLiteral("last_seen_at")).toString(), iso(kLastSeen[person]));
    // The numeric id and an upper-case UUID find the same person.
    QCOMPARE(get(QStringLiteral("/api/%1/1/persons/%2/").arg(family).arg(person + 1)).body, r.body);
    QCOMPARE(get(QStringLiteral("/api/%1/1/persons/%2/").arg(family, p.uuid.toUpper())).body, r.body);
}

void TestServerPersons::detailErrors_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("code");
    QTest::newRow("unknown uuid") << QStringLiteral("01900000-0000-7000-8000-0000000000ff") << 404
                                  << QStringLiteral("invalid_request") << QStringLiteral("not_found");
    QTest::newRow("nil uuid") << QStringLiteral("00000000-0000-0000-0000-000000000000") << 404
                              << QStringLiteral("invalid_request") << QStringLiteral("not_found");
    QTest::newRow("unknown number") << QStringLiteral("999") << 404 << QStringLiteral("invalid_request")
                                    << QStringLiteral("not_found");
    QTest::newRow("distinct id") << QStringLiteral("alice") << 400 << QStringLiteral("validation_error")
                                 << QStringLiteral("invalid_input");
}

void TestServerPersons::detailErrors()
{
    QFETCH(QString, id);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(QString, code);
    const Response r = get(QStringLiteral("/api/projects/1/persons/%1/").arg(id));
    QCOMPARE(r.status, status);
    QCOMPARE(r.body.value(QStringLiteral("type")).toString(), type);
    QCOMPARE(r.body.value(QStringLiteral("code")).toString(), code);
    QVERIFY(r.body.value(QStringLiteral("attr")).isNull());
    if (status == 404)
        QCOMPARE(r.body.value(QStringLiteral("detail")).toString(), QStringLiteral("Not found."));
    else
        QVERIFY(r.body.value(QStringLiteral("detail")).toString().contains(QStringLiteral("distinct_id")));
}

void TestServerPersons::values_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QJsonArray>("expected");
    auto item = [](const QJsonValue& name, int count) {
        return QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("count"), count}};
    };
    QTest::newRow("plan") << QStringLiteral("key=plan")
                          << QJsonArray{item(QStringLiteral("free"), 2), item(QStringLiteral("business"), 1),
                                        item(QStringLiteral("pro"), 1)};
    QTest::newRow("plan containing r")
        << QStringLiteral("key=plan&value=R")
        << QJsonArray{item(QStringLiteral("free"), 2), item(QStringLiteral("pro"), 1)};
    // Numbers stay numbers; the string "27" stays a string.
    QTest::newRow("age") << QStringLiteral("key=age")
                         << QJsonArray{item(QStringLiteral("27"), 1), item(31, 1), item(45, 1),
                                       item(52.5, 1)};
    QTest::newRow("booleans as text")
        << QStringLiteral("key=beta")
        << QJsonArray{item(QStringLiteral("false"), 1), item(QStringLiteral("true"), 1)};
    QTest::newRow("email") << QStringLiteral("key=email&value=ALICE")
                           << QJsonArray{item(QStringLiteral("alice@example.com"), 1)};
    QTest::newRow("key with a quote") << QStringLiteral("key=%1").arg(encoded(QStringLiteral("we\"ird")))
                                      << QJsonArray{item(QStringLiteral("yes"), 1)};
    QTest::newRow("unknown key") << QStringLiteral("key=nosuch") << QJsonArray{};
    QTest::newRow("no key") << QStringLiteral("value=x") << QJsonArray{};
    QTest::newRow("virtual key") << QStringLiteral("key=%24virt_initial_channel_type") << QJsonArray{};
}

void TestServerPersons::values()
{
    QFETCH(QString, query);
    QFETCH(QJsonArray, expected);
    for (const QString& family : {QStringLiteral("environments"), QStringLiteral("projects")}) {
        const Response r = get(QStringLiteral("/api/%1/1/persons/values/?%2").arg(family, query));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.body.value(QStringLiteral("results")).toArray(), expected);
        QCOMPARE(r.body.value(QStringLiteral("refreshing")).toBool(true), false);
        QCOMPARE(r.header("Cache-Control"), QByteArray("max-age=10"));
    }
}

void TestServerPersons::errors_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("detail");
    const QString auth = QStringLiteral("authentication_error"), invalid = QStringLiteral("invalid_request");
    const QString p1 = people()[0].uuid;
    QTest::newRow("no token") << QByteArray("GET") << QStringLiteral("/api/projects/1/persons/")
                              << QByteArray() << 401 << auth << QStringLiteral("not_authenticated")
                              << QStringLiteral("Authentication credentials were not provided.");
    QTest::newRow("wrong token") << QByteArray("GET")
                                 << QStringLiteral("/api/environments/1/property_definitions/")
                                 << QByteArray("phx_persons_test_token_012345678") << 401 << auth
                                 << QStringLiteral("authentication_failed")
                                 << QStringLiteral(
                                        "Personal API key found in request Authorization header is invalid.");
    QTest::newRow("longer token") << QByteArray("GET") << QStringLiteral("/api/users/@me/")
                                  << QByteArray(kToken + "0") << 401 << auth
                                  << QStringLiteral("authentication_failed") << QString();
    QTest::newRow("unknown route") << QByteArray("GET") << QStringLiteral("/api/projects/1/nothing/")
                                   << kToken << 404 << invalid << QStringLiteral("not_found")
                                   << QStringLiteral("Not found.");
    QTest::newRow("no trailing slash")
        << QByteArray("GET") << QStringLiteral("/api/projects/1/persons") << kToken << 404 << invalid
        << QStringLiteral("not_found") << QString();
    QTest::newRow("too deep") << QByteArray("GET") << QStringLiteral("/api/projects/1/persons/a/b/") << kToken
                              << 404 << invalid << QStringLiteral("not_found") << QString();
    QTest::newRow("other project") << QByteArray("GET") << QStringLiteral("/api/projects/7/persons/")
                                   << kToken << 404 << invalid << QStringLiteral("not_found")
                                   << QStringLiteral("Project 7 not found.");
    QTest::newRow("other project itself")
        << QByteArray("GET") << QStringLiteral("/api/environments/2/") << kToken << 404 << invalid
        << QStringLiteral("not_found") << QStringLiteral("Project 2 not found.");
    const QList<std::pair<QByteArray, QString>> notAllowed = {
        {"POST", QStringLiteral("/api/projects/1/persons/")},
        {"DELETE", QStringLiteral("/api/projects/1/persons/") + p1 + QLatin1Char('/')},
        {"PATCH", QStringLiteral("/api/environments/1/persons/") + p1 + QLatin1Char('/')},
        {"POST", QStringLiteral("/api/projects/1/persons/values/")},
        {"POST", QStringLiteral("/api/projects/1/property_definitions/")},
        {"PUT", QStringLiteral("/api/environments/1/event_definitions/")},
        {"POST", QStringLiteral("/api/users/@me/")},
        {"POST", QStringLiteral("/api/projects/")},
        {"DELETE", QStringLiteral("/api/projects/1/")},
        {"GET", QStringLiteral("/api/projects/1/query/chat/")},
        {"POST", QStringLiteral("/api/environments/1/query/draft_sql/")},
    };
    for (const auto& [method, path] : notAllowed)
        QTest::addRow("%s %s", method.constData(), qPrintable(path))
            << method << path << kToken << 405 << invalid << QStringLiteral("method_not_allowed")
            << QStringLiteral("Method \"%1\" not allowed.").arg(QString::fromLatin1(method));
    QTest::newRow("AI chat") << QByteArray("POST") << QStringLiteral("/api/environments/1/query/chat/")
                             << kToken << 501 << QStringLiteral("server_error")
                             << QStringLiteral("not_implemented") << QString();
    QTest::newRow("AI draft_sql") << QByteArray("GET")
                                  << QStringLiteral("/api/projects/1/query/draft_sql/?prompt=x") << kToken
                                  << 501 << QStringLiteral("server_error")
                                  << QStringLiteral("not_implemented") << QString();
}

void TestServerPersons::errors()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(QByteArray, token);
    QFETCH(int, status);
    QFETCH(QString, type);
    QFETCH(QString, code);
    QFETCH(QString, detail);
    const Response r =
        send(m_nam, method, urlFor(m_base, path), token, method == "GET" ? QByteArray() : "{}");
    QCOMPARE(r.status, status);
    QCOMPARE(r.header("Content-Type"), QByteArray("application/json"));
    QCOMPARE(r.body.keys(), (QStringList{QStringLiteral("attr"), QStringLiteral("code"),
                                         QStringLiteral("detail"), QStringLiteral("type")}));
    QCOMPARE(r.body.value(QStringLiteral("type")).toString(), type);
    QCOMPARE(r.body.value(QStringLiteral("code")).toString(), code);
    QVERIFY(!r.body.value(QStringLiteral("detail")).toString().isEmpty());
    if (!detail.isEmpty())
        QCOMPARE(r.body.value(QStringLiteral("detail")).toString(), detail);
    QVERIFY(r.body.value(QStringLiteral("attr")).isNull());
}

void TestServerPersons::bodyTooLarge()
{
    constexpr int kLimit = 1024 * 1024;
    QByteArray query = R"({"query":{"kind":"HogQLQuery","query":"SELECT 1 + 1"}})";
    // Exactly the limit: accepted and run.
    const QByteArray atLimit = query + QByteArray(kLimit - query.size(), ' ');
    const Response ok =
        send(m_nam, "POST", urlFor(m_base, QStringLiteral("/api/projects/1/query/")), kToken, atLimit);
    QVERIFY2(ok.status == 200, ok.raw.left(300).constData());
    QCOMPARE(ok.body.value(QStringLiteral("results")).toArray(), (QJsonArray{QJsonArray{2}}));
    // One byte more, announced by Content-Length: refused before the body is read.
    const Response big =
        send(m_nam, "POST", urlFor(m_base, QStringLiteral("/api/projects/1/query/")), kToken, atLimit + ' ');
    QCOMPARE(big.status, 413);
    QCOMPARE(big.body.value(QStringLiteral("type")).toString(), QStringLiteral("invalid_request"));
    QCOMPARE(big.body.value(QStringLiteral("code")).toString(), QStringLiteral("request_too_large"));
    QVERIFY(big.body.value(QStringLiteral("attr")).isNull());
    // Without a Content-Length (chunked), refused once read.
    QByteArray chunked =
        "POST /api/projects/1/query/ HTTP/1.1\r\nHost: " + m_base.authority().toLatin1() +
        "\r\nAuthorization: Bearer " + kToken +
        "\r\nTransfer-Encoding: chunked\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n";
    const QByteArray chunk(64 * 1024, ' ');
    for (int i = 0; i < 17; ++i) // 17 x 64 KiB > 1 MiB
        chunked += QByteArray::number(chunk.size(), 16) + "\r\n" + chunk + "\r\n";
    chunked += "0\r\n\r\n";
    const RawResponse raw = rawExchange(m_base, chunked, 10000);
    QCOMPARE(raw.status(), 413);
    QCOMPARE(QJsonDocument::fromJson(raw.body()).object().value(QStringLiteral("code")).toString(),
             QStringLiteral("request_too_large"));
    // The server is still well.
    QCOMPARE(get(personsPath(QStringLiteral("projects"))).status, 200);
}

namespace {

// One of the concurrent clients: its own connection pool, a fixed round of requests, one at a time,
// each answer checked against the hand-written data.
class Client : public QObject
{
public:
    Client(const QUrl& base, int index)
        : m_base(base)
        , m_index(index)
    {}

    void start() { next(); }
    bool done = false;
    QStringList failures;
    int answered = 0;

private:
    struct Step
    {
        QString path;
        std::function<bool(const QJsonObject&)> check;
    };

    QList<Step> steps() const
    {
        const int person = m_index % 5;
        const int offset = m_index % 4;
        return {
            {QStringLiteral("/api/projects/1/persons/?limit=1&offset=%1").arg(offset),
             [offset](const QJsonObject& b) {
                 return field(b.value(QStringLiteral("results")).toArray(), QStringLiteral("id")) ==
                        uuidsOf({kListOrder[offset]});
             }},
            {QStringLiteral("/api/environments/1/persons/%1/").arg(people()[person].uuid),
             [person](const QJsonObject& b) {
                 return b.value(QStringLiteral("name")).toString() == people()[person].name &&
                        b.value(QStringLiteral("id")).toInt() == person + 1;
             }},
            {QStringLiteral("/api/projects/1/persons/?search=%1")
                 .arg(encoded(people()[person].distinctIds.back())),
             [person](const QJsonObject& b) {
                 return field(b.value(QStringLiteral("results")).toArray(), QStringLiteral("id")) ==
                        uuidsOf({person});
             }},
            {QStringLiteral("/api/projects/1/persons/values/?key=plan"),
             [](const QJsonObject& b) {
                 return field(b.value(QStringLiteral("results")).toArray(), QStringLiteral("name")) ==
                        QStringList{QStringLiteral("free"), QStringLiteral("business"),
                                    QStringLiteral("pro")};
             }},
            {QStringLiteral("/api/environments/1/property_definitions/?limit=4&offset=4"),
             [](const QJsonObject& b) {
                 return field(b.value(QStringLiteral("results")).toArray(), QStringLiteral("name")) ==
                            kEventProperties.mid(4, 4) &&
                        b.value(QStringLiteral("count")).toInt() == 12;
             }},
            {QStringLiteral("/api/projects/1/property_definitions/?type=person&search=e"),
             [](const QJsonObject& b) { return b.value(QStringLiteral("count")).toInt() == 6; }},
            {QStringLiteral("/api/projects/1/event_definitions/"),
             [](const QJsonObject& b) {
                 return field(b.value(QStringLiteral("results")).toArray(), QStringLiteral("name")).front() ==
                        QStringLiteral("$pageview");
             }},
            {QStringLiteral("/api/projects/1/persons/?properties=%1")
                 .arg(encoded(QStringLiteral(R"([{"key":"age","value":40,"operator":"gt"}])"))),
             [](const QJsonObject& b) {
                 return field(b.value(QStringLiteral("results")).toArray(), QStringLiteral("id")) ==
                        uuidsOf({1, 3});
             }},
            {QStringLiteral("/api/users/@me/"),
             [](const QJsonObject& b) { return b.value(QStringLiteral("id")).toInt() == 1; }},
        };
    }

    void next()
    {
        const QList<Step> all = steps();
        if (m_step >= all.size()) {
            done = true;
            return;
        }
        const Step step = all[m_step];
        QNetworkReply* reply = sendAsync(m_nam, "GET", urlFor(m_base, step.path), kToken);
        connect(reply, &QNetworkReply::finished, this, [this, reply, step] {
            reply->deleteLater();
            ++answered;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const QJsonObject body = QJsonDocument::fromJson(reply->readAll()).object();
            if (status != 200 || !step.check(body))
                failures << QStringLiteral("client %1: %2 -> %3").arg(m_index).arg(step.path).arg(status);
            ++m_step;
            next();
        });
    }

    QUrl m_base;
    int m_index;
    int m_step = 0;
    QNetworkAccessManager m_nam;
};

} // namespace

void TestServerPersons::concurrentClients()
{
    constexpr int kClients = 20;
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < kClients; ++i)
        clients.push_back(std::make_unique<Client>(m_base, i));
    QElapsedTimer timer;
    timer.start();
    for (auto& c : clients)
        c->start();
    QTRY_VERIFY_WITH_TIMEOUT(
        std::all_of(clients.begin(), clients.end(), [](const auto& c) { return c->done; }), 60000);
    QStringList failures;
    int answered = 0;
    for (const auto& c : clients) {
        failures << c->failures;
        answered += c->answered;
    }
    QVERIFY2(failures.isEmpty(), qPrintable(failures.join(QLatin1Char('\n'))));
    QCOMPARE(answered, kClients * 9);
    qInfo("%d clients x 9 requests answered correctly in %lld ms", kClients, timer.elapsed());
}

QTEST_GUILESS_MAIN(TestServerPersons)
#include "tst_server_persons.moc"
