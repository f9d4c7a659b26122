// The discovery endpoints of a real hogscope-server over HTTP: property and event definitions
// (types, search, filters, paging, detail), the current user and the project, on both URL families,
// on the hand-written store of persons_test_store.h. Every expected answer is written out by hand.

#include "server_test_support.h"

#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

class TestServerDiscovery : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void propertyDefinitions_data();
    void propertyDefinitions();
    void propertyDefinitionTypes();
    void propertyDefinitionsSeenOnEvents();
    void definitionsPaging_data();
    void definitionsPaging();
    void definitionErrors_data();
    void definitionErrors();
    void eventDefinitions_data();
    void eventDefinitions();
    void eventDefinitionFields();
    void definitionDetail();
    void userAndProjects_data();
    void userAndProjects();

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

Response TestServerDiscovery::get(const QString& pathAndQuery)
{
    return get(pathAndQuery, kToken);
}

Response TestServerDiscovery::get(const QString& pathAndQuery, const QByteArray& token)
{
    return send(m_nam, "GET", urlFor(m_base, pathAndQuery), token);
}

QList<QJsonObject> TestServerDiscovery::follow(const QString& first)
{
    return personstest::follow(m_nam, m_base, first);
}

void TestServerDiscovery::initTestCase()
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

void TestServerDiscovery::cleanupTestCase()
{
    m_server.stop();
}

void TestServerDiscovery::propertyDefinitions_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("events by default") << QString() << kEventProperties;
    QTest::newRow("type=event") << QStringLiteral("type=event") << kEventProperties;
    QTest::newRow("type=person") << QStringLiteral("type=person")
                                 << QStringList{QStringLiteral("age"),      QStringLiteral("beta"),
                                                QStringLiteral("company"),  QStringLiteral("email"),
                                                QStringLiteral("logins"),   QStringLiteral("name"),
                                                QStringLiteral("plan"),     QStringLiteral("signup"),
                                                QStringLiteral("username"), QStringLiteral("we\"ird")};
    QTest::newRow("search") << QStringLiteral("search=re")
                            << QStringList{QStringLiteral("$current_url"), QStringLiteral("recipients"),
                                           QStringLiteral("referral"), QStringLiteral("shared_at")};
    QTest::newRow("search words") << QStringLiteral("search=SHA%20at")
                                  << QStringList{QStringLiteral("shared_at")};
    QTest::newRow("search person") << QStringLiteral("type=person&search=AN")
                                   << QStringList{QStringLiteral("company"), QStringLiteral("plan")};
    QTest::newRow("search nothing") << QStringLiteral("search=zzz") << QStringList{};
    QTest::newRow("numerical") << QStringLiteral("is_numerical=true")
                               << QStringList{QStringLiteral("ratio"), QStringLiteral("recipients"),
                                              QStringLiteral("trial_days")};
    QTest::newRow("named") << QStringLiteral("properties=plan,ratio,nosuch")
                           << QStringList{QStringLiteral("plan"), QStringLiteral("ratio")};
    QStringList withoutTwo = kEventProperties;
    withoutTwo.removeAll(QStringLiteral("plan"));
    withoutTwo.removeAll(QStringLiteral("obj"));
    QTest::newRow("excluded")
        << QStringLiteral("excluded_properties=%1").arg(encoded(QStringLiteral(R"(["plan","obj"])")))
        << withoutTwo;
    QTest::newRow("core excluded") << QStringLiteral("exclude_core_properties=true")
                                   << kEventProperties.mid(4);
    QTest::newRow("sessions") << QStringLiteral("type=session") << QStringList{};
    QTest::newRow("groups") << QStringLiteral("type=group&group_type_index=0") << QStringList{};
}

void TestServerDiscovery::propertyDefinitions()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    for (const QString& family : {QStringLiteral("environments"), QStringLiteral("projects")}) {
        const Response r = get(QStringLiteral("/api/%1/1/property_definitions/?%2").arg(family, query));
        QVERIFY2(r.status == 200, r.raw.constData());
        QCOMPARE(r.body.value(QStringLiteral("count")).toInt(), expected.size());
        QCOMPARE(field(r.body.value(QStringLiteral("results")).toArray(), QStringLiteral("name")), expected);
        QVERIFY(r.body.value(QStringLiteral("next")).isNull());
        QVERIFY(r.body.value(QStringLiteral("previous")).isNull());
    }
}

void TestServerDiscovery::propertyDefinitionTypes()
{
    const QMap<QString, QJsonValue> eventTypes = {
        {QStringLiteral("$anon_distinct_id"), QStringLiteral("String")},
        {QStringLiteral("$browser"), QStringLiteral("String")},
        {QStringLiteral("$current_url"), QStringLiteral("String")},
        {QStringLiteral("$pathname"), QStringLiteral("String")},
        {QStringLiteral("mixed"), QStringLiteral("String")}, // a number once, a string once
        {QStringLiteral("obj"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("plan"), QStringLiteral("String")},
        {QStringLiteral("ratio"), QStringLiteral("Numeric")},
        {QStringLiteral("recipients"), QStringLiteral("Numeric")},
        {QStringLiteral("referral"), QStringLiteral("Boolean")},
        {QStringLiteral("shared_at"), QStringLiteral("DateTime")},
        {QStringLiteral("trial_days"), QStringLiteral("Numeric")}};
    const QMap<QString, QJsonValue> personTypes = {
        {QStringLiteral("age"), QStringLiteral("String")}, // 31, 45, 52.5 and "27"
        {QStringLiteral("beta"), QStringLiteral("Boolean")},
        {QStringLiteral("company"), QStringLiteral("String")},
        {QStringLiteral("email"), QStringLiteral("String")},
        {QStringLiteral("logins"), QStringLiteral("Numeric")},
        {QStringLiteral("name"), QStringLiteral("String")},
        {QStringLiteral("plan"), QStringLiteral("String")},
        {QStringLiteral("signup"), QStringLiteral("DateTime")},
        {QStringLiteral("username"), QStringLiteral("String")},
        {QStringLiteral("we\"ird"), QStringLiteral("String")}};
    for (const auto& [type, expected] :
         {std::pair{QStringLiteral("event"), eventTypes}, std::pair{QStringLiteral("person"), personTypes}}) {
        const Response r = get(QStringLiteral("/api/projects/1/property_definitions/?type=%1").arg(type));
        QCOMPARE(r.status, 200);
        const QJsonArray results = r.body.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), expected.size());
        for (const QJsonValue& v : results) {
            const QJsonObject o = v.toObject();
            const QString name = o.value(QStringLiteral("name")).toString();
            QCOMPARE(o.keys(),
                     (QStringList{QStringLiteral("id"), QStringLiteral("is_numerical"),
                                  QStringLiteral("is_seen_on_filtered_events"), QStringLiteral("name"),
                                  QStringLiteral("property_type"), QStringLiteral("tags")}));
            QVERIFY2(o.value(QStringLiteral("property_type")) == expected.value(name), qPrintable(name));
            QCOMPARE(o.value(QStringLiteral("is_numerical")).toBool(),
                     expected.value(name) == QJsonValue(QStringLiteral("Numeric")));
            QVERIFY(!QUuid::fromString(o.value(QStringLiteral("id")).toString()).isNull());
            QCOMPARE(o.value(QStringLiteral("tags")).toArray(), QJsonArray());
            QVERIFY(o.value(QStringLiteral("is_seen_on_filtered_events")).isNull());
        }
    }
}

void TestServerDiscovery::propertyDefinitionsSeenOnEvents()
{
    const QString names = encoded(QStringLiteral(R"(["signed_up"])"));
    const Response r = get(QStringLiteral("/api/projects/1/property_definitions/?event_names=%1").arg(names));
    QCOMPARE(r.status, 200);
    const QJsonArray results = r.body.value(QStringLiteral("results")).toArray();
    QStringList seen{QStringLiteral("plan"), QStringLiteral("referral"), QStringLiteral("trial_days")};
    QStringList rest = kEventProperties;
    for (const QString& s : seen)
        rest.removeAll(s);
    QCOMPARE(field(results, QStringLiteral("name")), seen + rest);
    for (qsizetype i = 0; i < results.size(); ++i)
        QCOMPARE(results[i].toObject().value(QStringLiteral("is_seen_on_filtered_events")).toBool(), i < 3);
    const Response only =
        get(QStringLiteral("/api/projects/1/property_definitions/?event_names=%1&filter_by_event_names=true")
                .arg(names));
    QCOMPARE(field(only.body.value(QStringLiteral("results")).toArray(), QStringLiteral("name")), seen);
    QCOMPARE(only.body.value(QStringLiteral("count")).toInt(), 3);
}

void TestServerDiscovery::definitionsPaging_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("limit");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("properties by 5") << QStringLiteral("/api/projects/1/property_definitions/") << 5
                                     << kEventProperties;
    QTest::newRow("properties by 12")
        << QStringLiteral("/api/environments/1/property_definitions/") << 12 << kEventProperties;
    const QStringList eventsInOrder = {QStringLiteral("$pageview"), QStringLiteral("signed_up"),
                                       QStringLiteral("file_shared"), QStringLiteral("$identify"),
                                       QStringLiteral("custom event")};
    QTest::newRow("events by 2") << QStringLiteral("/api/projects/1/event_definitions/") << 2
                                 << eventsInOrder;
    QTest::newRow("events by 1") << QStringLiteral("/api/environments/1/event_definitions/") << 1
                                 << eventsInOrder;
}

void TestServerDiscovery::definitionsPaging()
{
    QFETCH(QString, path);
    QFETCH(int, limit);
    QFETCH(QStringList, expected);
    const QList<QJsonObject> pages = follow(QStringLiteral("%1?limit=%2").arg(path).arg(limit));
    QCOMPARE(pages.size(), (expected.size() + limit - 1) / limit); // DRF: no link to an empty page
    QStringList names;
    for (qsizetype i = 0; i < pages.size(); ++i) {
        QCOMPARE(pages[i].value(QStringLiteral("count")).toInt(), expected.size());
        names << field(pages[i].value(QStringLiteral("results")).toArray(), QStringLiteral("name"));
        const QJsonValue previous = pages[i].value(QStringLiteral("previous"));
        if (i == 0) {
            QVERIFY(previous.isNull());
            continue;
        }
        const QUrlQuery query{QUrl(previous.toString())};
        QCOMPARE(query.queryItemValue(QStringLiteral("limit")).toInt(), limit);
        // DRF drops the offset from the link back to the first page.
        if (i == 1)
            QVERIFY(!query.hasQueryItem(QStringLiteral("offset")));
        else
            QCOMPARE(query.queryItemValue(QStringLiteral("offset")).toInt(), (i - 1) * limit);
    }
    QCOMPARE(names, expected);
}

void TestServerDiscovery::definitionErrors_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<QString>("attr");
    QTest::newRow("unknown type") << QStringLiteral("property_definitions/?type=bogus")
                                  << QStringLiteral("invalid_choice")
                                  << QStringLiteral("\"bogus\" is not a valid choice.")
                                  << QStringLiteral("type");
    QTest::newRow("group without index")
        << QStringLiteral("property_definitions/?type=group") << QStringLiteral("invalid_input")
        << QStringLiteral("`group_type_index` must be set for `group` type") << QString();
    QTest::newRow("index without group")
        << QStringLiteral("property_definitions/?type=person&group_type_index=1")
        << QStringLiteral("invalid_input")
        << QStringLiteral("`group_type_index` can only set for `group` type") << QString();
    QTest::newRow("event names on persons")
        << QStringLiteral("property_definitions/?type=person&event_names=%5B%5D1")
        << QStringLiteral("invalid_input") << QStringLiteral("`event_names` can only be set for `event` type")
        << QString();
    QTest::newRow("event names not json")
        << QStringLiteral("property_definitions/?event_names=signed_up") << QStringLiteral("invalid_input")
        << QStringLiteral("`event_names` must be a JSON array of event names")
        << QStringLiteral("event_names");
    QTest::newRow("unknown event type")
        << QStringLiteral("event_definitions/?event_type=bogus") << QStringLiteral("invalid_choice")
        << QStringLiteral("\"bogus\" is not a valid choice.") << QStringLiteral("event_type");
}

void TestServerDiscovery::definitionErrors()
{
    QFETCH(QString, query);
    QFETCH(QString, code);
    QFETCH(QString, detail);
    QFETCH(QString, attr);
    const Response r = get(QStringLiteral("/api/projects/1/") + query);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.body.value(QStringLiteral("type")).toString(), QStringLiteral("validation_error"));
    QCOMPARE(r.body.value(QStringLiteral("code")).toString(), code);
    QCOMPARE(r.body.value(QStringLiteral("detail")).toString(), detail);
    QCOMPARE(r.body.value(QStringLiteral("attr")),
             attr.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(attr));
}

void TestServerDiscovery::eventDefinitions_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected");
    const QString pv = QStringLiteral("$pageview"), su = QStringLiteral("signed_up"),
                  fs = QStringLiteral("file_shared"), id = QStringLiteral("$identify"),
                  ce = QStringLiteral("custom event");
    // By default: the day last seen, newest first, then the name ($pageview and signed_up were both
    // last seen yesterday).
    QTest::newRow("default") << QString() << QStringList{pv, su, fs, id, ce};
    QTest::newRow("by name") << QStringLiteral("ordering=name") << QStringList{id, pv, ce, fs, su};
    QTest::newRow("by name descending")
        << QStringLiteral("ordering=-name") << QStringList{su, fs, ce, pv, id};
    QTest::newRow("last seen first") << QStringLiteral("ordering=-last_seen_at")
                                     << QStringList{pv, su, fs, id, ce};
    QTest::newRow("last seen last") << QStringLiteral("ordering=last_seen_at")
                                    << QStringList{ce, id, fs, su, pv};
    QTest::newRow("posthog events") << QStringLiteral("event_type=event_posthog") << QStringList{pv, id};
    QTest::newRow("custom events") << QStringLiteral("event_type=event_custom") << QStringList{su, fs, ce};
    QTest::newRow("search") << QStringLiteral("search=SIGN") << QStringList{su};
    QTest::newRow("search words") << QStringLiteral("search=ev%20cust") << QStringList{ce};
    QTest::newRow("excluded")
        << QStringLiteral("excluded_properties=%1").arg(encoded(QStringLiteral(R"(["$pageview"])")))
        << QStringList{su, fs, id, ce};
}

void TestServerDiscovery::eventDefinitions()
{
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    for (const QString& family : {QStringLiteral("environments"), QStringLiteral("projects")}) {
        const Response r = get(QStringLiteral("/api/%1/1/event_definitions/?%2").arg(family, query));
        QVERIFY2(r.status == 200, r.raw.constData());
        QCOMPARE(r.body.value(QStringLiteral("count")).toInt(), expected.size());
        QCOMPARE(field(r.body.value(QStringLiteral("results")).toArray(), QStringLiteral("name")), expected);
    }
}

void TestServerDiscovery::eventDefinitionFields()
{
    struct Expected
    {
        QString name;
        int volume30;
        QDateTime first;
        QDateTime last;
    };
    // Counted by hand from the events table: within 30 days are those 20 days old or newer.
    const QList<Expected> expected = {{QStringLiteral("$pageview"), 5, at(60, 7), at(1, 12)},
                                      {QStringLiteral("signed_up"), 2, at(35, 10), at(1, 10)},
                                      {QStringLiteral("file_shared"), 3, at(70, 15), at(3, 15)},
                                      {QStringLiteral("$identify"), 0, at(41, 9), at(40, 9)},
                                      {QStringLiteral("custom event"), 0, at(55, 9), at(50, 9)}};
    const Response r = get(QStringLiteral("/api/projects/1/event_definitions/"));
    QCOMPARE(r.status, 200);
    const QJsonArray results = r.body.value(QStringLiteral("results")).toArray();
    QCOMPARE(results.size(), expected.size());
    for (qsizetype i = 0; i < results.size(); ++i) {
        const QJsonObject o = results[i].toObject();
        QCOMPARE(o.value(QStringLiteral("name")).toString(), expected[i].name);
        QCOMPARE(o.value(QStringLiteral("volume_30_day")).toInt(), expected[i].volume30);
        QCOMPARE(o.value(QStringLiteral("created_at")).toString(), iso(expected[i].first));
        QCOMPARE(o.value(QStringLiteral("last_seen_at")).toString(), iso(expected[i].last));
        QVERIFY(!QUuid::fromString(o.value(QStringLiteral("id")).toString()).isNull());
        QCOMPARE(o.value(QStringLiteral("is_action")).toBool(true), false);
        QVERIFY(o.contains(QStringLiteral("query_usage_30_day")));
        QCOMPARE(o.value(QStringLiteral("tags")).toArray(), QJsonArray());
    }
}

void TestServerDiscovery::definitionDetail()
{
    for (const QString& kind :
         {QStringLiteral("property_definitions"), QStringLiteral("event_definitions")}) {
        const Response list = get(QStringLiteral("/api/projects/1/%1/").arg(kind));
        const QJsonArray results = list.body.value(QStringLiteral("results")).toArray();
        QVERIFY(!results.isEmpty());
        for (const QJsonValue& v : results) {
            const QString id = v.toObject().value(QStringLiteral("id")).toString();
            const Response one = get(QStringLiteral("/api/environments/1/%1/%2/").arg(kind, id));
            QCOMPARE(one.status, 200);
            QCOMPARE(one.body, v.toObject());
        }
        const Response missing =
            get(QStringLiteral("/api/projects/1/%1/01900000-0000-7000-8000-0000000000ff/").arg(kind));
        QCOMPARE(missing.status, 404);
        QCOMPARE(missing.body.value(QStringLiteral("code")).toString(), QStringLiteral("not_found"));
    }
    // Ids are stable from one call to the next.
    QCOMPARE(get(QStringLiteral("/api/projects/1/event_definitions/")).body,
             get(QStringLiteral("/api/projects/1/event_definitions/")).body);
}

void TestServerDiscovery::userAndProjects_data()
{
    QTest::addColumn<QString>("path");
    QTest::newRow("projects/1") << QStringLiteral("/api/projects/1/");
    QTest::newRow("environments/1") << QStringLiteral("/api/environments/1/");
    QTest::newRow("projects/@current") << QStringLiteral("/api/projects/@current/");
}

void TestServerDiscovery::userAndProjects()
{
    QFETCH(QString, path);
    const Response team = get(path);
    QCOMPARE(team.status, 200);
    QCOMPARE(team.body.value(QStringLiteral("id")).toInt(), 1);
    QCOMPARE(team.body.value(QStringLiteral("project_id")).toInt(), 1);
    QCOMPARE(team.body.value(QStringLiteral("timezone")).toString(), QStringLiteral("UTC"));
    QCOMPARE(team.body.value(QStringLiteral("ingested_event")).toBool(), true);
    QCOMPARE(team.body.value(QStringLiteral("name")).toString(), QStringLiteral("Hogscope local: persons"));
    QCOMPARE(team.body.value(QStringLiteral("person_display_name_properties")).toArray(),
             (QJsonArray{QStringLiteral("email"), QStringLiteral("name"), QStringLiteral("username")}));

    const Response projects = get(QStringLiteral("/api/projects/"));
    QCOMPARE(projects.status, 200);
    QCOMPARE(projects.body.value(QStringLiteral("count")).toInt(), 1);
    QVERIFY(projects.body.value(QStringLiteral("next")).isNull());
    QVERIFY(projects.body.value(QStringLiteral("previous")).isNull());
    const QJsonObject project = projects.body.value(QStringLiteral("results")).toArray().at(0).toObject();
    QCOMPARE(project.value(QStringLiteral("id")).toInt(), 1);
    QCOMPARE(project.value(QStringLiteral("uuid")), team.body.value(QStringLiteral("uuid")));
    QCOMPARE(project.value(QStringLiteral("api_token")), team.body.value(QStringLiteral("api_token")));

    const Response me = get(QStringLiteral("/api/users/@me/"));
    QCOMPARE(me.status, 200);
    QCOMPARE(me.body.value(QStringLiteral("team")).toObject().value(QStringLiteral("id")).toInt(), 1);
    const QJsonObject organization = me.body.value(QStringLiteral("organization")).toObject();
    QCOMPARE(organization.value(QStringLiteral("teams"))
                 .toArray()
                 .at(0)
                 .toObject()
                 .value(QStringLiteral("id"))
                 .toInt(),
             1);
    QCOMPARE(me.body.value(QStringLiteral("organizations")).toArray().size(), 1);
    QCOMPARE(
        me.body.value(QStringLiteral("organizations")).toArray().at(0).toObject().value(QStringLiteral("id")),
        organization.value(QStringLiteral("id")));
    QVERIFY(!me.body.value(QStringLiteral("uuid")).toString().isEmpty());
    QVERIFY(!me.body.value(QStringLiteral("email")).toString().isEmpty());
    QCOMPARE(me.body.value(QStringLiteral("date_joined")).toString(), iso(at(70, 15))); // the first event
}

QTEST_GUILESS_MAIN(TestServerDiscovery)
#include "tst_server_discovery.moc"
