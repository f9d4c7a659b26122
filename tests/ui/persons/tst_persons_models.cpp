// The persons browser's models (paging, stale pages, columns, sorting, the JSON tree) and the persons
// client's pure functions (ActorsQuery and EventsQuery nodes, reading their answers, the legacy
// drill-down mapping and pages), without a server.

#include "api/persons_client.h"
#include "model/event_timeline_model.h"
#include "model/persons_model.h"
#include "model/persons_property_tree.h"
#include "model/result_table.h"

#include <QAbstractItemModelTester>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>
#include <QUrlQuery>

using namespace hogscope;
using namespace Qt::Literals::StringLiterals;
using model::PagingState;
using model::PersonRecord;
using model::PersonsModel;

namespace {

PersonRecord person(const QString& uuid, const QString& email, int age)
{
    PersonRecord p;
    p.uuid = uuid;
    p.properties = QJsonObject{{QStringLiteral("email"), email}, {QStringLiteral("age"), age}};
    p.name = model::personDisplayName(p.properties, {}, uuid);
    p.createdAt = QDateTime(QDate(2026, 3, 1), QTime(12, 30), Qt::UTC);
    return p;
}

QList<PersonRecord> page(int first, int count)
{
    QList<PersonRecord> rows;
    for (int i = first; i < first + count; ++i)
        rows.push_back(person(QStringLiteral("uuid-%1").arg(i), QStringLiteral("p%1@example.com").arg(i), i));
    return rows;
}

QJsonObject json(const char* text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

} // namespace

class TestPersonsModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void displayNameRule_data();
    void displayNameRule();
    void pagesThroughGenerations();
    void failureStopsFetchingUntilRetry();
    void columnsKeepRows();
    void sortAsksTheServer();
    void propertyTreeNestsAndFinds();
    void timelinePages();
    void actorsQueryNodes();
    void personsFromActorsTable();
    void eventsFromTable();
    void legacyMapping_data();
    void legacyMapping();
    void legacyPages();
};

void TestPersonsModels::displayNameRule_data()
{
    QTest::addColumn<QJsonObject>("properties");
    QTest::addColumn<QStringList>("distinctIds");
    QTest::addColumn<QString>("expected");
    QTest::newRow("email") << json(R"({"email":"a@x.io","name":"A"})") << QStringList{u"u1"_s} << u"a@x.io"_s;
    QTest::newRow("name") << json(R"({"email":"","name":"Ann"})") << QStringList{u"u1"_s} << u"Ann"_s;
    QTest::newRow("username") << json(R"({"username":"ann1"})") << QStringList() << u"ann1"_s;
    QTest::newRow("identified id first")
        << QJsonObject() << QStringList{u"0191aaaa-1111-7000-8000-00000000aaaa"_s, u"alice"_s} << u"alice"_s;
    QTest::newRow("anonymous id") << QJsonObject() << QStringList{u"0191aaaa-1111-7000-8000-00000000aaaa"_s}
                                  << u"0191aaaa-1111-7000-8000-00000000aaaa"_s;
    QTest::newRow("uuid") << QJsonObject() << QStringList() << u"the-uuid"_s;
}

void TestPersonsModels::displayNameRule()
{
    QFETCH(QJsonObject, properties);
    QFETCH(QStringList, distinctIds);
    QFETCH(QString, expected);
    QCOMPARE(model::personDisplayName(properties, distinctIds, u"the-uuid"_s), expected);
}

void TestPersonsModels::pagesThroughGenerations()
{
    // No QAbstractItemModelTester here: it fetches more as a view does, and this test counts requests
    // (the other tests run the models under it).
    PersonsModel model;
    QSignalSpy requests(&model, &PersonsModel::fetchMoreRequested);
    QCOMPARE(model.state(), PagingState::Inactive);
    QVERIFY(!model.canFetchMore(QModelIndex()));

    const quint64 first = model.restart();
    QCOMPARE(model.state(), PagingState::Loading);
    QVERIFY(model.canFetchMore(QModelIndex()));
    model.fetchMore(QModelIndex());
    QCOMPARE(requests.count(), 1);
    QCOMPARE(requests.last().at(0).value<quint64>(), first);
    QCOMPARE(requests.last().at(1).toInt(), 0);
    QVERIFY(!model.canFetchMore(QModelIndex())); // one request at a time
    model.fetchMore(QModelIndex());
    QCOMPARE(requests.count(), 1);

    QVERIFY(model.appendPage(first, 0, page(0, 3), true));
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.state(), PagingState::Ready);
    QVERIFY(!model.appendPage(first, 3, page(3, 3), true)); // nothing was asked
    model.fetchMore(QModelIndex());
    QCOMPARE(requests.last().at(1).toInt(), 3);

    // A new search: the reply of the old one is dropped, the new one lands.
    const quint64 second = model.restart();
    QVERIFY(second != first);
    QCOMPARE(model.rowCount(), 0);
    model.fetchMore(QModelIndex());
    QVERIFY(!model.appendPage(first, 3, page(3, 3), true));
    QVERIFY(!model.appendPage(second, 5, page(0, 2), false)); // wrong offset
    QVERIFY(model.appendPage(second, 0, page(10, 2), false));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.state(), PagingState::Complete);
    QVERIFY(!model.canFetchMore(QModelIndex()));
    QCOMPARE(model.data(model.index(0, 0)).toString(), u"p10@example.com"_s);
    QCOMPARE(model.data(model.index(1, 0), PersonsModel::PersonUuidRole).toString(), u"uuid-11"_s);
    QCOMPARE(model.data(model.index(0, model.columnCount() - 1)).toString(), u"2026-03-01 12:30"_s);

    model.restart();
    model.fetchMore(QModelIndex());
    QVERIFY(model.appendPage(model.generation(), 0, {}, false));
    QCOMPARE(model.state(), PagingState::Empty);
    model.deactivate();
    QCOMPARE(model.state(), PagingState::Inactive);
    QVERIFY(!model.canFetchMore(QModelIndex()));
}

void TestPersonsModels::failureStopsFetchingUntilRetry()
{
    PersonsModel model;
    QSignalSpy states(&model, &PersonsModel::stateChanged);
    const quint64 generation = model.restart();
    model.fetchMore(QModelIndex());
    QVERIFY(model.appendPage(generation, 0, page(0, 2), true));
    model.fetchMore(QModelIndex());
    QVERIFY(!model.failPage(generation + 1, u"stale"_s));
    QVERIFY(model.failPage(generation, u"HTTP 500"_s));
    QCOMPARE(model.state(), PagingState::Failed);
    QCOMPARE(model.errorText(), u"HTTP 500"_s);
    QVERIFY(!model.canFetchMore(QModelIndex())); // no retry loop from the view
    QCOMPARE(states.last().first().value<PagingState>(), PagingState::Failed);
    model.retry();
    QVERIFY(model.canFetchMore(QModelIndex()));
    QCOMPARE(model.state(), PagingState::Ready);
    QCOMPARE(model.rowCount(), 2);
}

void TestPersonsModels::columnsKeepRows()
{
    PersonsModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    const quint64 generation = model.restart();
    model.fetchMore(QModelIndex());
    model.appendPage(generation, 0, page(0, 4), true);
    QCOMPARE(model.columnCount(), 2); // name, created
    model.setPropertyColumns({u"age"_s, u"email"_s, u"age"_s, QString()});
    QCOMPARE(model.propertyColumns(), (QStringList{u"age"_s, u"email"_s}));
    QCOMPARE(model.columnCount(), 4);
    QCOMPARE(model.rowCount(), 4); // nothing fetched again
    QCOMPARE(model.headerData(1, Qt::Horizontal).toString(), u"age"_s);
    QCOMPARE(model.data(model.index(2, 1)).toString(), u"2"_s);
    QCOMPARE(model.data(model.index(2, 1), PersonsModel::RawValueRole).value<QJsonValue>(), QJsonValue(2));
    QCOMPARE(model.data(model.index(3, 2)).toString(), u"p3@example.com"_s);
    QCOMPARE(model.columnKind(3), PersonsModel::ColumnKind::CreatedAt);
    model.setExtraColumns({u"appearances"_s});
    QCOMPARE(model.columnKind(3), PersonsModel::ColumnKind::Extra);
    QCOMPARE(model.columnOf(PersonsModel::ColumnKind::Property, u"email"_s), 2);
    // A page still in flight lands after the column change.
    model.fetchMore(QModelIndex());
    QList<PersonRecord> more = page(4, 1);
    more[0].extra.insert(u"appearances"_s, QJsonArray{0, 2, 3});
    QVERIFY(model.appendPage(generation, 4, more, false));
    QCOMPARE(model.data(model.index(4, 3)).toString(), u"0, 2, 3"_s);
}

void TestPersonsModels::sortAsksTheServer()
{
    PersonsModel model;
    model.setPropertyColumns({u"email"_s});
    model.setExtraColumns({u"appearances"_s});
    QSignalSpy sorts(&model, &PersonsModel::sortRequested);
    model.sort(1, Qt::DescendingOrder);
    QCOMPARE(sorts.count(), 1);
    QCOMPARE(model.sortColumn(), 1);
    QCOMPARE(model.sortOrder(), Qt::DescendingOrder);
    model.sort(1, Qt::DescendingOrder); // unchanged: no new listing
    QCOMPARE(sorts.count(), 1);
    model.sort(2, Qt::AscendingOrder); // the extra column: not sortable
    QCOMPARE(sorts.count(), 1);
    QVERIFY(!model.isSortable(2));
    // The order follows its column when columns move.
    model.setPropertyColumns({u"age"_s, u"email"_s});
    QCOMPARE(model.sortColumn(), 2);
    model.setPropertyColumns({u"age"_s});
    QCOMPARE(model.sortColumn(), -1);
}

void TestPersonsModels::propertyTreeNestsAndFinds()
{
    model::PropertyTreeModel tree;
    QAbstractItemModelTester tester(&tree, QAbstractItemModelTester::FailureReportingMode::QtTest);
    tree.setObject(json(R"({"email":"a@x.io","$set":{"plan":"pro","tags":["x","y"]},"n":3,"ok":true,)"
                        R"("my key":null})"));
    QCOMPARE(tree.rowCount(), 5);
    const QModelIndex set = tree.indexOfPath(u"$set"_s);
    QVERIFY(set.isValid());
    QCOMPARE(tree.data(set.siblingAtColumn(1)).toString(), u"{2 keys}"_s);
    QCOMPARE(tree.rowCount(set), 2);
    const QModelIndex tags = tree.indexOfPath(u"$set.tags"_s);
    QCOMPARE(tree.data(tags.siblingAtColumn(1)).toString(), u"[2 items]"_s);
    const QModelIndex second = tree.index(1, 1, tags);
    QCOMPARE(tree.data(second).toString(), u"y"_s);
    QCOMPARE(tree.data(second, model::PropertyTreeModel::PathRole).toString(), u"$set.tags[1]"_s);
    QCOMPARE(tree.parent(second), tags.siblingAtColumn(0));
    QCOMPARE(tree.data(tree.indexOfPath(u"\"my key\""_s).siblingAtColumn(1)).toString(), u"null"_s);
    QCOMPARE(tree.data(tree.indexOfPath(u"n"_s).siblingAtColumn(1)).toString(), u"3"_s);
    QCOMPARE(tree.data(tags, model::PropertyTreeModel::CopyTextRole).toString(), u"[\"x\",\"y\"]"_s);
    QVERIFY(tree.flags(tree.indexOfPath(u"email"_s)) & Qt::ItemNeverHasChildren);
    tree.clear();
    QCOMPARE(tree.rowCount(), 0);
}

void TestPersonsModels::timelinePages()
{
    model::EventTimelineModel timeline;
    QSignalSpy requests(&timeline, &model::EventTimelineModel::fetchMoreRequested);
    const quint64 generation = timeline.restart();
    timeline.fetchMore(QModelIndex());
    QCOMPARE(requests.count(), 1);
    model::EventRecord event;
    event.uuid = u"e1"_s;
    event.event = u"$pageview"_s;
    event.timestamp = QDateTime(QDate(2026, 3, 31), QTime(23, 1, 2), Qt::UTC);
    event.distinctId = u"d1"_s;
    event.properties = json(R"({"$current_url":"https://x.io/a","$pathname":"/a"})");
    model::EventRecord screen = event;
    screen.uuid = u"e2"_s;
    screen.properties = json(R"({"$screen_name":"Home"})");
    QVERIFY(timeline.appendPage(generation, 0, {event, screen}, true));
    QCOMPARE(timeline.data(timeline.index(0, 0)).toString(), u"2026-03-31 23:01:02"_s);
    QCOMPARE(timeline.data(timeline.index(0, 2)).toString(), u"https://x.io/a"_s);
    QCOMPARE(timeline.data(timeline.index(1, 2)).toString(), u"Home"_s);
    QCOMPARE(timeline.data(timeline.index(1, 0), model::EventTimelineModel::EventUuidRole).toString(),
             u"e2"_s);
    QVERIFY(timeline.canFetchMore(QModelIndex()));
    timeline.fetchMore(QModelIndex());
    QCOMPARE(requests.last().at(1).toInt(), 2);
    QVERIFY(timeline.appendPage(generation, 2, {}, false));
    QCOMPARE(timeline.state(), PagingState::Complete);

    // Under the tester, which asks for pages as a view does.
    model::EventTimelineModel tested;
    QAbstractItemModelTester tester(&tested, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy asked(&tested, &model::EventTimelineModel::fetchMoreRequested);
    tested.restart();
    if (tested.canFetchMore(QModelIndex()))
        tested.fetchMore(QModelIndex());
    QCOMPARE(asked.count(), 1);
    QVERIFY(tested.appendPage(tested.generation(), 0, {event, screen}, true));
    // Nothing is asked from inside the insertion (the tester probes there); the view asks after.
    QCOMPARE(asked.count(), 1);
    QVERIFY(tested.canFetchMore(QModelIndex()));
    tested.fetchMore(QModelIndex());
    QCOMPARE(asked.count(), 2);
    QVERIFY(tested.appendPage(tested.generation(), 2, {event}, false));
    QCOMPARE(tested.rowCount(), 3);
    tested.deactivate();
    QCOMPARE(tested.rowCount(), 0);
}

void TestPersonsModels::actorsQueryNodes()
{
    api::ActorsPageRequest request;
    request.search = u"  ann "_s;
    request.properties =
        QJsonArray{json(R"({"key":"plan","value":["pro"],"operator":"exact","type":"person"})")};
    request.orderBy = {api::personPropertyExpression(u"my `key`"_s) + u" DESC"_s, u"id DESC"_s};
    request.limit = 25;
    request.offset = 50;
    const QJsonObject node = api::actorsQueryNode(request);
    QCOMPARE(node.value(u"kind"_s).toString(), u"ActorsQuery"_s);
    QCOMPARE(node.value(u"select"_s).toArray(), (QJsonArray{u"person"_s, u"id"_s, u"created_at"_s}));
    QCOMPARE(node.value(u"search"_s).toString(), u"ann"_s);
    QCOMPARE(node.value(u"orderBy"_s).toArray().first().toString(), u"properties.`my \\`key\\`` DESC"_s);
    QCOMPARE(node.value(u"limit"_s).toInt(), 25);
    QCOMPARE(node.value(u"offset"_s).toInt(), 50);
    QCOMPARE(node.value(u"properties"_s).toArray().size(), 1);

    const QJsonObject retention = json(
        R"({"kind":"InsightActorsQuery","interval":2,"source":{"kind":"RetentionQuery","retentionFilter":{}}})");
    api::ActorsPageRequest drill;
    drill.source = retention;
    drill.extraSelect = api::insightActorsExtraColumns(retention);
    const QJsonObject drillNode = api::actorsQueryNode(drill);
    QCOMPARE(drillNode.value(u"source"_s).toObject(), retention);
    QCOMPARE(drillNode.value(u"select"_s).toArray(), (QJsonArray{u"person"_s, u"appearances"_s}));
    QVERIFY(!drillNode.contains(u"search"_s));
    QCOMPARE(api::insightActorsOrder(retention).first(), u"length(appearances) DESC"_s);

    const QJsonObject events = api::personEventsQueryNode(u"o'brien"_s, 10, 20);
    QCOMPARE(events.value(u"kind"_s).toString(), u"EventsQuery"_s);
    QCOMPARE(events.value(u"where"_s).toArray().first().toString(), u"person_id = 'o\\'brien'"_s);
    QCOMPARE(events.value(u"after"_s).toString(), u"all"_s);
    QCOMPARE(events.value(u"orderBy"_s).toArray().first().toString(), u"timestamp DESC"_s);
    QVERIFY(api::personEventsHogQL(u"abc"_s).contains(u"WHERE person_id = 'abc'"_s));
}

void TestPersonsModels::personsFromActorsTable()
{
    model::ResultTableBuilder builder;
    std::vector<model::ColumnInfo> columns(3);
    columns[0].name = u"person"_s;
    columns[0].clickhouseType = u"UUID"_s;
    columns[1].name = u"appearances"_s;
    columns[1].clickhouseType = u"Array(Int64)"_s;
    columns[2].name = u"created_at"_s;
    columns[2].clickhouseType = u"DateTime64(6, 'UTC')"_s;
    for (auto& c : columns)
        c.type = model::columnTypeFromClickHouse(c.clickhouseType.toStdString());
    builder.setColumns(std::move(columns));
    builder.beginRow();
    builder.appendJson(R"({"id":"u-1","properties":{"email":"a@x.io","plan":"pro"},"is_identified":true,)"
                       R"("created_at":"2026-03-28T12:58:52.487123Z","distinct_ids":["d1","a-b-c-d-e"]})");
    builder.appendJson("[0,2]");
    builder.appendText("2026-03-28T12:58:52.487123Z");
    QVERIFY(builder.endRow());
    builder.beginRow();
    builder.appendNull(); // a missing actor
    builder.appendJson("[1]");
    builder.appendNull();
    QVERIFY(builder.endRow());
    const auto table = builder.finish();
    QVERIFY2(table, qPrintable(builder.error()));
    const auto persons = api::personRecordsFromActors(*table);
    QVERIFY(persons);
    QCOMPARE(persons->size(), 1);
    const PersonRecord& p = persons->first();
    QCOMPARE(p.uuid, u"u-1"_s);
    QCOMPARE(p.name, u"a@x.io"_s);
    QCOMPARE(p.distinctIds, (QStringList{u"d1"_s, u"a-b-c-d-e"_s}));
    QCOMPARE(p.properties.value(u"plan"_s).toString(), u"pro"_s);
    QVERIFY(p.isIdentified);
    QCOMPARE(p.createdAt, QDateTime(QDate(2026, 3, 28), QTime(12, 58, 52, 487), Qt::UTC));
    QCOMPARE(p.extra.value(u"appearances"_s).toArray(), (QJsonArray{0, 2}));
    QVERIFY(!p.extra.contains(u"created_at"_s));

    model::ResultTableBuilder other;
    other.beginRow();
    other.appendText("x");
    QVERIFY(other.endRow());
    QString error;
    QVERIFY(!api::personRecordsFromActors(*other.finish(), &error));
    QVERIFY(error.contains(u"person"_s));
}

void TestPersonsModels::eventsFromTable()
{
    model::ResultTableBuilder builder;
    std::vector<model::ColumnInfo> columns(1);
    columns[0].name = u"*"_s;
    columns[0].type = model::ColumnType::Json;
    builder.setColumns(std::move(columns));
    builder.beginRow();
    builder.appendJson(R"({"uuid":"e1","event":"$pageview","properties":{"$current_url":"https://x.io"},)"
                       R"("timestamp":"2026-03-31T10:00:00.000001Z","distinct_id":"d1"})");
    QVERIFY(builder.endRow());
    builder.beginRow();
    builder.appendJson(R"({"uuid":"e2","event":"signup","properties":"{\"plan\":\"pro\"}",)"
                       R"("timestamp":"2026-03-30T09:00:00Z","distinct_id":"d2"})");
    QVERIFY(builder.endRow());
    const auto events = api::eventRecordsFromTable(*builder.finish());
    QVERIFY(events);
    QCOMPARE(events->size(), 2);
    QCOMPARE(events->at(0).event, u"$pageview"_s);
    QCOMPARE(events->at(0).timestamp, QDateTime(QDate(2026, 3, 31), QTime(10, 0), Qt::UTC));
    QCOMPARE(events->at(1).properties.value(u"plan"_s).toString(), u"pro"_s); // properties as JSON text
    QCOMPARE(events->at(1).distinctId, u"d2"_s);
}

void TestPersonsModels::legacyMapping_data()
{
    QTest::addColumn<QJsonObject>("query");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QStringList>("expected"); // key=value pairs that must be in the query

    QTest::newRow("retention")
        << json(
               R"({"kind":"InsightActorsQuery","interval":2,"source":{"kind":"RetentionQuery",)"
               R"("dateRange":{"date_from":"2026-03-17","date_to":"2026-03-31"},"properties":[],)"
               R"("retentionFilter":{"period":"Week","totalIntervals":5,"retentionType":"retention_first_time",)"
               R"("targetEntity":{"id":"signup","type":"events"}}}})")
        << u"persons/retention/"_s
        << QStringList{u"date_from=2026-03-17"_s,
                       u"date_to=2026-03-31"_s,
                       u"period=Week"_s,
                       u"total_intervals=5"_s,
                       u"retention_type=retention_first_time"_s,
                       u"selected_interval=2"_s,
                       u"target_entity={\"id\":\"signup\",\"type\":\"events\"}"_s};
    QTest::newRow("retention defaults")
        << json(
               R"({"kind":"InsightActorsQuery","interval":0,"source":{"kind":"RetentionQuery","retentionFilter":{}}})")
        << u"persons/retention/"_s
        << QStringList{u"period=Day"_s, u"total_intervals=8"_s, u"retention_type=retention_recurring"_s,
                       u"selected_interval=0"_s};
    QTest::newRow("stickiness")
        << json(R"({"kind":"InsightActorsQuery","day":3,"series":0,"source":{"kind":"StickinessQuery",)"
                R"("series":[{"kind":"EventsNode","event":"$pageview"}],"dateRange":{"date_from":"-7d"}}})")
        << u"persons/stickiness/"_s
        << QStringList{u"entity_id=$pageview"_s, u"entity_type=events"_s, u"stickiness_days=3"_s,
                       u"interval=day"_s, u"date_from=-7d"_s};
    QTest::newRow("stickiness series filters")
        << json(R"({"kind":"InsightActorsQuery","day":1,"series":1,"source":{"kind":"StickinessQuery",)"
                R"("series":[{"kind":"EventsNode","event":"a"},{"kind":"EventsNode","event":"b",)"
                R"("properties":[{"key":"$browser","value":"Chrome"}]}]}})")
        << u"persons/stickiness/"_s
        << QStringList{
               u"events=[{\"id\":\"b\",\"properties\":[{\"key\":\"$browser\",\"value\":\"Chrome\"}],\"type\":\"events\"}]"_s,
               u"stickiness_days=1"_s};
    QTest::newRow("paths")
        << json(
               R"({"kind":"InsightActorsQuery","source":{"kind":"PathsQuery","dateRange":{"date_from":"-7d"},)"
               R"("pathsFilter":{"includeEventTypes":["$pageview"],"pathEndKey":"2_/pricing","stepLimit":4}}})")
        << u"persons/path/"_s
        << QStringList{u"include_event_types=[\"$pageview\"]"_s, u"path_end_key=2_/pricing"_s,
                       u"step_limit=4"_s, u"date_from=-7d"_s};
    QTest::newRow("trends: none") << json(R"({"kind":"InsightActorsQuery","source":{"kind":"TrendsQuery"}})")
                                  << QString() << QStringList();
    QTest::newRow("cumulative stickiness: none")
        << json(
               R"({"kind":"InsightActorsQuery","day":1,"source":{"kind":"StickinessQuery","series":[{"event":"a"}],)"
               R"("stickinessFilter":{"computedAs":"cumulative"}}})")
        << QString() << QStringList();
    QTest::newRow("retention without interval: none")
        << json(R"({"kind":"InsightActorsQuery","source":{"kind":"RetentionQuery","retentionFilter":{}}})")
        << QString() << QStringList();
}

void TestPersonsModels::legacyMapping()
{
    QFETCH(QJsonObject, query);
    QFETCH(QString, path);
    QFETCH(QStringList, expected);
    QString error;
    const auto request = api::legacyInsightActorsRequest(query, &error);
    if (path.isEmpty()) {
        QVERIFY(!request);
        QVERIFY(!error.isEmpty());
        return;
    }
    QVERIFY2(request, qPrintable(error));
    QCOMPARE(request->path, path);
    for (const QString& pair : expected) {
        const QString key = pair.section(QLatin1Char('='), 0, 0);
        const QString value = pair.section(QLatin1Char('='), 1);
        QCOMPARE(request->query.queryItemValue(key, QUrl::FullyDecoded), value);
    }
}

void TestPersonsModels::legacyPages()
{
    const QByteArray retention =
        R"({"result":[{"person":{"type":"person","id":"u1","uuid":"u1","name":"a@x.io","distinct_ids":["d1"],)"
        R"("properties":{"email":"a@x.io"},"is_identified":true,"created_at":"2026-03-01T00:00:00Z"},)"
        R"("appearances":[1,0,1,1]}],"next":"http://h/api/projects/1/persons/retention/?offset=100"})";
    const auto page = api::decodeLegacyActorsPage(retention);
    QVERIFY(page);
    QCOMPARE(page->persons.size(), 1);
    QCOMPARE(page->persons.first().uuid, u"u1"_s);
    QCOMPARE(page->persons.first().extra.value(u"appearances"_s).toArray(), (QJsonArray{0, 2, 3}));
    QCOMPARE(page->next.path(), u"/api/projects/1/persons/retention/"_s);

    const QByteArray people =
        R"({"results":[{"people":[{"id":"u2","uuid":"u2","distinct_ids":["x"],"properties":{}},)"
        R"({"id":"u3","distinct_ids":[],"properties":{"name":"C"}}],"count":2}],"next":null})";
    const auto second = api::decodeLegacyActorsPage(people);
    QVERIFY(second);
    QCOMPARE(second->persons.size(), 2);
    QCOMPARE(second->persons.at(1).name, u"C"_s);
    QVERIFY(second->next.isEmpty());

    QString error;
    QVERIFY(!api::decodeLegacyActorsPage(R"({"detail":"x"})", &error));
    QVERIFY(!error.isEmpty());
}

QTEST_GUILESS_MAIN(TestPersonsModels)
#include "tst_persons_models.moc"
