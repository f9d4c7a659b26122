// Unit tests of the HogQL completion context, the schema and the function catalogue.

#include "hogql/completion.h"
#include "hogql/functions.h"
#include "hogql/schema.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QtTest>

#include <algorithm>

using namespace hogscope::hogql;
using namespace Qt::StringLiterals;

namespace {

// The cursor marker in test scripts: U+2038 CARET, which no query contains.
const QString kCursor = u"\u2038"_s;

// Splits a script with one cursor marker into its UTF-8 text and the byte offset of the marker.
std::pair<std::string, uint32_t> withCursor(const QString& script)
{
    const qsizetype at = script.indexOf(kCursor);
    const QByteArray before = script.left(at < 0 ? script.size() : at).toUtf8();
    QString text = script;
    if (at >= 0)
        text.remove(at, kCursor.size());
    return {text.toStdString(), static_cast<uint32_t>(before.size())};
}

QString kindsOf(const CompletionContext& ctx)
{
    QStringList kinds;
    for (const CompletionKind k : ctx.kinds)
        kinds << QString::fromLatin1(completionKindName(k));
    kinds.sort();
    return kinds.join(u',');
}

QString sorted(const QString& list)
{
    QStringList parts = list.split(u',', Qt::SkipEmptyParts);
    parts.sort();
    return parts.join(u',');
}

// "table/type/group/chain/path/key": the property context in one comparable string.
QString propertyOf(const CompletionContext& ctx)
{
    if (!ctx.property)
        return {};
    const PropertyContext& p = *ctx.property;
    auto join = [](const std::vector<std::string>& v) {
        QStringList out;
        for (const std::string& s : v)
            out << QString::fromStdString(s);
        return out.join(u'.');
    };
    return QString::fromStdString(p.table) + u'/' + QString::fromStdString(p.propertyType) + u'/' +
           (p.groupTypeIndex < 0 ? QString() : QString::number(p.groupTypeIndex)) + u'/' + join(p.chain) +
           u'/' + join(p.path) + u'/' + QString::fromStdString(p.key);
}

} // namespace

class TstHogqlCompletion : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void contexts_data()
    {
        QTest::addColumn<QString>("script");      // U+2038 marks the cursor
        QTest::addColumn<QString>("kinds");       // exact set of kinds, comma separated
        QTest::addColumn<QStringList>("present"); // items that must be offered
        QTest::addColumn<QStringList>("absent");  // items that must not be offered
        QTest::addColumn<QString>("prefix");      // the prefix text to replace
        QTest::addColumn<QString>("property");    // propertyOf(), empty when none

        const QString expr = u"alias,field,function,keyword,table"_s;
        const QString exprNoAlias = u"field,function,keyword,table"_s;

        // statement start, empty text, cursor at 0
        QTest::newRow("empty text") << u""_s << u"keyword"_s << QStringList{u"SELECT"_s, u"WITH"_s}
                                    << QStringList{u"FROM"_s} << u""_s << u""_s;
        QTest::newRow("cursor at 0") << u"\u2038SELECT 1"_s << u"keyword"_s << QStringList{u"SELECT"_s}
                                     << QStringList{} << u""_s << u""_s;
        QTest::newRow("typing select") << u"sel\u2038"_s << u"keyword"_s << QStringList{u"SELECT"_s}
                                       << QStringList{u"WITH"_s} << u"sel"_s << u""_s;

        // tables
        QTest::newRow("after FROM")
            << u"SELECT * FROM \u2038"_s << u"table"_s
            << QStringList{u"events"_s, u"persons"_s, u"sessions"_s, u"groups"_s, u"person_distinct_ids"_s,
                           u"numbers"_s}
            << QStringList{u"events.poe"_s, u"persons_pdi"_s, u"count"_s} << u""_s << u""_s;
        QTest::newRow("table prefix") << u"SELECT * FROM ev\u2038"_s << u"table"_s << QStringList{u"events"_s}
                                      << QStringList{u"persons"_s} << u"ev"_s << u""_s;
        QTest::newRow("after JOIN") << u"SELECT * FROM events e JOIN \u2038"_s << u"table"_s
                                    << QStringList{u"persons"_s} << QStringList{u"WHERE"_s} << u""_s << u""_s;
        QTest::newRow("LEFT JOIN prefix") << u"SELECT * FROM events e LEFT JOIN pers\u2038 p ON 1"_s
                                          << u"table"_s << QStringList{u"persons"_s, u"person_distinct_ids"_s}
                                          << QStringList{u"events"_s} << u"pers"_s << u""_s;
        QTest::newRow("comma join") << u"SELECT * FROM events, \u2038"_s << u"table"_s
                                    << QStringList{u"groups"_s} << QStringList{} << u""_s << u""_s;
        QTest::newRow("after LEFT") << u"SELECT * FROM events e LEFT \u2038"_s << u"keyword"_s
                                    << QStringList{u"JOIN"_s, u"OUTER JOIN"_s, u"ARRAY JOIN"_s}
                                    << QStringList{u"WHERE"_s} << u""_s << u""_s;

        // aliases and fields
        QTest::newRow("alias dot") << u"SELECT e.\u2038 FROM events e"_s << u"field"_s
                                   << QStringList{u"event"_s, u"properties"_s, u"person"_s, u"timestamp"_s}
                                   << QStringList{u"count"_s, u"SELECT"_s} << u""_s << u""_s;
        QTest::newRow("alias dot prefix")
            << u"SELECT e.ev\u2038 FROM events AS e"_s << u"field"_s << QStringList{u"event"_s}
            << QStringList{u"uuid"_s} << u"ev"_s << u""_s;
        QTest::newRow("second table alias")
            << u"SELECT p.\u2038 FROM events e JOIN persons p ON e.person_id = p.id"_s << u"field"_s
            << QStringList{u"is_identified"_s, u"id"_s} << QStringList{u"event"_s} << u""_s << u""_s;
        QTest::newRow("alias in broken ON")
            << u"SELECT * FROM events e JOIN persons p ON p.\u2038"_s << u"field"_s << QStringList{u"id"_s}
            << QStringList{u"event"_s} << u""_s << u""_s;
        QTest::newRow("ON expression")
            << u"SELECT * FROM events e JOIN persons p ON e.person_id = \u2038"_s << exprNoAlias
            << QStringList{u"e"_s, u"p"_s, u"is_identified"_s} << QStringList{u"WHERE"_s} << u""_s << u""_s;
        QTest::newRow("fields after WHERE")
            << u"SELECT * FROM events WHERE \u2038"_s << exprNoAlias
            << QStringList{u"event"_s, u"timestamp"_s, u"toStartOfDay"_s, u"NOT"_s}
            << QStringList{u"WHERE"_s, u"persons"_s} << u""_s << u""_s;
        QTest::newRow("quoted identifier prefix")
            << u"SELECT `ev\u2038` FROM events"_s << exprNoAlias << QStringList{u"event"_s}
            << QStringList{u"uuid"_s} << u"`ev"_s << u""_s;

        // CTEs and subqueries
        QTest::newRow("CTE name as table")
            << u"WITH top AS (SELECT event FROM events) SELECT * FROM \u2038"_s << u"cte,table"_s
            << QStringList{u"top"_s, u"events"_s} << QStringList{} << u""_s << u""_s;
        QTest::newRow("CTE columns")
            << u"WITH top AS (SELECT event, count() AS n FROM events GROUP BY event) SELECT top.\u2038 FROM top"_s
            << u"field"_s << QStringList{u"event"_s, u"n"_s} << QStringList{u"timestamp"_s} << u""_s << u""_s;
        QTest::newRow("CTE column list")
            << u"WITH t (a, b) AS (SELECT event, timestamp FROM events) SELECT t.\u2038 FROM t"_s
            << u"field"_s << QStringList{u"a"_s, u"b"_s} << QStringList{u"event"_s} << u""_s << u""_s;
        QTest::newRow("CTE columns unqualified")
            << u"WITH t AS (SELECT event AS name1 FROM events) SELECT \u2038 FROM t"_s << exprNoAlias
            << QStringList{u"name1"_s, u"t"_s, u"DISTINCT"_s} << QStringList{u"timestamp"_s} << u""_s
            << u""_s;
        QTest::newRow("subquery columns")
            << u"SELECT s.\u2038 FROM (SELECT a, b AS c FROM events) s"_s << u"field"_s
            << QStringList{u"a"_s, u"c"_s} << QStringList{u"b"_s} << u""_s << u""_s;
        QTest::newRow("subquery star") << u"SELECT s.\u2038 FROM (SELECT * FROM persons) AS s"_s << u"field"_s
                                       << QStringList{u"id"_s, u"properties"_s, u"is_identified"_s}
                                       << QStringList{u"pdi"_s} << u""_s << u""_s;
        QTest::newRow("subquery json column")
            << u"SELECT s.properties.\u2038 FROM (SELECT properties FROM events) s"_s << u"property_key"_s
            << QStringList{} << QStringList{} << u""_s << u"events/event//s.properties//"_s;
        QTest::newRow("scope of IN subquery")
            << u"SELECT * FROM events WHERE person_id IN (SELECT \u2038 FROM persons)"_s << exprNoAlias
            << QStringList{u"is_identified"_s} << QStringList{u"event"_s} << u""_s << u""_s;
        QTest::newRow("scope of FROM subquery")
            << u"SELECT * FROM (SELECT \u2038 FROM sessions)"_s << exprNoAlias
            << QStringList{u"$session_duration"_s} << QStringList{u"event"_s} << u""_s << u""_s;
        QTest::newRow("scope of second UNION operand")
            << u"SELECT event FROM events UNION ALL SELECT \u2038 FROM persons"_s << exprNoAlias
            << QStringList{u"is_identified"_s} << QStringList{u"event"_s} << u""_s << u""_s;
        QTest::newRow("table function") << u"SELECT n.\u2038 FROM numbers(10) n"_s << u"field"_s
                                        << QStringList{u"number"_s} << QStringList{} << u""_s << u""_s;

        // lazy joins
        QTest::newRow("person lazy join") << u"SELECT person.\u2038 FROM events"_s << u"field"_s
                                          << QStringList{u"properties"_s, u"id"_s, u"created_at"_s}
                                          << QStringList{u"event"_s} << u""_s << u""_s;
        QTest::newRow("session lazy join")
            << u"SELECT session.$sess\u2038 FROM events"_s << u"field"_s
            << QStringList{u"$session_duration"_s} << QStringList{u"id"_s} << u"$sess"_s << u""_s;
        QTest::newRow("pdi person") << u"SELECT pdi.person.\u2038 FROM events"_s << u"field"_s
                                    << QStringList{u"is_identified"_s} << QStringList{} << u""_s << u""_s;

        // property chains
        QTest::newRow("event properties")
            << u"SELECT properties.\u2038 FROM events"_s << u"property_key"_s << QStringList{}
            << QStringList{} << u""_s << u"events/event//properties//"_s;
        QTest::newRow("event properties $")
            << u"SELECT properties.$\u2038 FROM events"_s << u"property_key"_s << QStringList{}
            << QStringList{} << u"$"_s << u"events/event//properties//"_s;
        QTest::newRow("aliased properties")
            << u"SELECT e.properties.$br\u2038 FROM events e"_s << u"property_key"_s << QStringList{}
            << QStringList{} << u"$br"_s << u"events/event//e.properties//"_s;
        QTest::newRow("person properties")
            << u"SELECT person.properties.em\u2038 FROM events"_s << u"property_key"_s << QStringList{}
            << QStringList{} << u"em"_s << u"persons/person//person.properties//"_s;
        QTest::newRow("events.person.properties")
            << u"SELECT events.person.properties.\u2038 FROM events"_s << u"property_key"_s << QStringList{}
            << QStringList{} << u""_s << u"persons/person//events.person.properties//"_s;
        QTest::newRow("persons table properties")
            << u"SELECT properties.\u2038 FROM persons"_s << u"property_key"_s << QStringList{}
            << QStringList{} << u""_s << u"persons/person//properties//"_s;
        QTest::newRow("group properties")
            << u"SELECT group_2.properties.\u2038 FROM events"_s << u"property_key"_s << QStringList{}
            << QStringList{} << u""_s << u"groups/group/2/group_2.properties//"_s;
        QTest::newRow("nested property")
            << u"SELECT properties.$set.\u2038 FROM events"_s << u"property_key"_s << QStringList{}
            << QStringList{} << u""_s << u"events/event//properties/$set/"_s;
        QTest::newRow("bracket property key")
            << u"SELECT properties['$br\u2038'] FROM events"_s << u"property_key"_s << QStringList{}
            << QStringList{} << u"$br"_s << u"events/event//properties//"_s;

        // strings: property values, event names, plain strings
        QTest::newRow("property value")
            << u"SELECT * FROM events WHERE properties.$browser = '\u2038"_s << u"property_value"_s
            << QStringList{} << QStringList{} << u""_s << u"events/event//properties/$browser/$browser"_s;
        QTest::newRow("property value prefix")
            << u"SELECT * FROM events WHERE properties.$browser = 'Chr\u2038' LIMIT 1"_s
            << u"property_value"_s << QStringList{} << QStringList{} << u"Chr"_s
            << u"events/event//properties/$browser/$browser"_s;
        QTest::newRow("person property value in list")
            << u"SELECT * FROM events WHERE person.properties.plan IN ('free', '\u2038')"_s
            << u"property_value"_s << QStringList{} << QStringList{} << u""_s
            << u"persons/person//person.properties/plan/plan"_s;
        QTest::newRow("unicode property value")
            << u"SELECT * FROM events WHERE properties.city = 'Zürich\u2038"_s << u"property_value"_s
            << QStringList{} << QStringList{} << u"Zürich"_s << u"events/event//properties/city/city"_s;
        QTest::newRow("event name") << u"SELECT * FROM events WHERE event = '$page\u2038"_s << u"event_name"_s
                                    << QStringList{} << QStringList{} << u"$page"_s << u""_s;
        QTest::newRow("plain string") << u"SELECT 'hello \u2038world'"_s << u""_s << QStringList{}
                                      << QStringList{u"SELECT"_s} << u"hello "_s << u""_s;

        // comments
        QTest::newRow("line comment")
            << u"SELECT 1 -- note \u2038"_s << u""_s << QStringList{} << QStringList{} << u""_s << u""_s;
        QTest::newRow("block comment")
            << u"/* \u2038 */ SELECT 1"_s << u""_s << QStringList{} << QStringList{} << u""_s << u""_s;
        QTest::newRow("after block comment") << u"SELECT * /* c */ FROM \u2038"_s << u"table"_s
                                             << QStringList{u"events"_s} << QStringList{} << u""_s << u""_s;

        // functions
        QTest::newRow("function prefix")
            << u"SELECT toStart\u2038"_s << u"function,keyword"_s
            << QStringList{u"toStartOfDay"_s, u"toStartOfHour"_s, u"toStartOfMonth"_s}
            << QStringList{u"toDate"_s, u"_toDate"_s} << u"toStart"_s << u""_s;
        QTest::newRow("inside aggregate call")
            << u"SELECT count(\u2038) FROM events"_s << exprNoAlias << QStringList{u"DISTINCT"_s, u"event"_s}
            << QStringList{u"FROM"_s} << u""_s << u""_s;
        QTest::newRow("inside regular call")
            << u"SELECT lower(\u2038) FROM events"_s << exprNoAlias << QStringList{u"event"_s}
            << QStringList{u"DISTINCT"_s} << u""_s << u""_s;

        // clause keywords
        QTest::newRow("after table") << u"SELECT a FROM t \u2038"_s << u"keyword"_s
                                     << QStringList{u"WHERE"_s, u"GROUP BY"_s,  u"ORDER BY"_s, u"LIMIT"_s,
                                                    u"JOIN"_s,  u"LEFT JOIN"_s, u"AS"_s,       u"UNION ALL"_s}
                                     << QStringList{u"SELECT"_s, u"FROM"_s} << u""_s << u""_s;
        QTest::newRow("after alias") << u"SELECT a FROM t x \u2038"_s << u"keyword"_s
                                     << QStringList{u"WHERE"_s, u"JOIN"_s} << QStringList{u"AS"_s, u"ON"_s}
                                     << u""_s << u""_s;
        QTest::newRow("after joined table")
            << u"SELECT * FROM events e JOIN persons p \u2038"_s << u"keyword"_s
            << QStringList{u"ON"_s, u"USING"_s, u"WHERE"_s} << QStringList{} << u""_s << u""_s;
        QTest::newRow("after WHERE expression")
            << u"SELECT a FROM t WHERE x = 1 \u2038"_s << u"keyword"_s
            << QStringList{u"AND"_s, u"OR"_s, u"GROUP BY"_s, u"ORDER BY"_s, u"LIMIT"_s}
            << QStringList{u"WHERE"_s, u"JOIN"_s, u"FROM"_s} << u""_s << u""_s;
        QTest::newRow("clause already present")
            << u"SELECT a FROM t \u2038 WHERE x = 1"_s << u"keyword"_s
            << QStringList{u"PREWHERE"_s, u"JOIN"_s} << QStringList{u"WHERE"_s} << u""_s << u""_s;
        QTest::newRow("select list continuation")
            << u"SELECT event fr\u2038"_s << u"keyword"_s << QStringList{u"FROM"_s} << QStringList{u"WHERE"_s}
            << u"fr"_s << u""_s;
        QTest::newRow("GROUP then BY") << u"SELECT * FROM events GROUP \u2038"_s << u"keyword"_s
                                       << QStringList{u"BY"_s} << QStringList{u"WHERE"_s} << u""_s << u""_s;
        QTest::newRow("ORDER BY item") << u"SELECT * FROM events ORDER BY timestamp \u2038"_s << u"keyword"_s
                                       << QStringList{u"DESC"_s, u"ASC"_s, u"LIMIT"_s}
                                       << QStringList{u"WHERE"_s, u"GROUP BY"_s} << u""_s << u""_s;
        QTest::newRow("after LIMIT n")
            << u"SELECT * FROM events LIMIT 10 \u2038"_s << u"keyword"_s << QStringList{u"OFFSET"_s, u"BY"_s}
            << QStringList{u"WHERE"_s} << u""_s << u""_s;
        QTest::newRow("IS") << u"SELECT * FROM events WHERE x IS \u2038"_s << u"keyword"_s
                            << QStringList{u"NULL"_s, u"NOT NULL"_s} << QStringList{u"event"_s} << u""_s
                            << u""_s;
        QTest::newRow("CASE") << u"SELECT CASE WHEN x \u2038"_s << u"keyword"_s
                              << QStringList{u"THEN"_s, u"AND"_s} << QStringList{u"FROM"_s} << u""_s << u""_s;
        QTest::newRow("UNION") << u"SELECT 1 UNION \u2038"_s << u"keyword"_s
                               << QStringList{u"ALL"_s, u"DISTINCT"_s} << QStringList{} << u""_s << u""_s;
        QTest::newRow("select alias in ORDER BY")
            << u"SELECT count() AS total FROM events ORDER BY t\u2038"_s << expr
            << QStringList{u"total"_s, u"timestamp"_s} << QStringList{u"event"_s} << u"t"_s << u""_s;
        QTest::newRow("interval unit") << u"SELECT now() - INTERVAL 7 \u2038"_s << u"keyword"_s
                                       << QStringList{u"DAY"_s, u"HOUR"_s} << QStringList{} << u""_s << u""_s;

        // placeholders
        QTest::newRow("placeholder") << u"SELECT * FROM events WHERE {\u2038"_s << u"placeholder"_s
                                     << QStringList{u"filters"_s, u"variables"_s} << QStringList{u"event"_s}
                                     << u""_s << u""_s;
        QTest::newRow("variables") << u"SELECT {variables.\u2038}"_s << u"variable"_s << QStringList{}
                                   << QStringList{} << u""_s << u""_s;
        QTest::newRow("template string expression")
            << u"SELECT f'{\u2038}' FROM events"_s << exprNoAlias << QStringList{u"event"_s}
            << QStringList{u"filters"_s} << u""_s << u""_s;

        // scripts
        QTest::newRow("second statement") << u"SELECT 1;\nSELECT e.\u2038 FROM events e"_s << u"field"_s
                                          << QStringList{u"event"_s} << QStringList{} << u""_s << u""_s;
        QTest::newRow("first of two statements")
            << u"SELECT p.\u2038 FROM persons p; SELECT 2"_s << u"field"_s << QStringList{u"is_identified"_s}
            << QStringList{u"event"_s} << u""_s << u""_s;
        QTest::newRow("between statements")
            << u"SELECT 1; \u2038"_s << u"keyword"_s << QStringList{u"SELECT"_s, u"WITH"_s} << QStringList{}
            << u""_s << u""_s;
        QTest::newRow("unicode before cursor")
            << u"SELECT 'ünïcødé ✓ 🦔' AS s, e.\u2038 FROM events e"_s << u"field"_s
            << QStringList{u"event"_s} << QStringList{} << u""_s << u""_s;
        QTest::newRow("cursor at end")
            << u"SELECT * FROM events WHERE properties.$browser = 'x' AND \u2038"_s << exprNoAlias
            << QStringList{u"event"_s} << QStringList{} << u""_s << u""_s;
    }

    void contexts()
    {
        QFETCH(QString, script);
        QFETCH(QString, kinds);
        QFETCH(QStringList, present);
        QFETCH(QStringList, absent);
        QFETCH(QString, prefix);
        QFETCH(QString, property);

        const auto [text, offset] = withCursor(script);
        const CompletionContext ctx = complete(text, offset);
        QCOMPARE(ctx.offset, offset);
        QCOMPARE(ctx.prefixEnd, offset);
        QCOMPARE(kindsOf(ctx), sorted(kinds));
        QCOMPARE(QString::fromStdString(ctx.prefix), prefix);
        QCOMPARE(QString::fromStdString(text.substr(ctx.prefixBegin, ctx.prefixEnd - ctx.prefixBegin)),
                 prefix);
        QCOMPARE(propertyOf(ctx), property);
        for (const QString& name : present)
            QVERIFY2(ctx.item(name.toStdString()), qPrintable(u"missing: "_s + name));
        for (const QString& name : absent)
            QVERIFY2(!ctx.item(name.toStdString()), qPrintable(u"unexpected: "_s + name));
    }

    void itemsCarryTypesAndDetails()
    {
        const auto [text, offset] = withCursor(u"SELECT \u2038 FROM events"_s);
        const CompletionContext ctx = complete(text, offset);
        const CompletionItem* ts = ctx.item("timestamp");
        QVERIFY(ts);
        QCOMPARE(ts->kind, CompletionKind::Field);
        QCOMPARE(ts->type, std::string("datetime"));
        const CompletionItem* person = ctx.item("person");
        QVERIFY(person);
        QCOMPARE(person->type, std::string("lazy_join"));
        QVERIFY(QString::fromStdString(person->detail).contains(u"persons"_s));
        QCOMPARE(ctx.item("person_id")->type, std::string("uuid")); // through the traverser pdi.person_id
        QCOMPARE(ctx.item("properties")->type, std::string("json"));
        const CompletionItem* day = ctx.item("toStartOfDay");
        QVERIFY(day);
        QCOMPARE(day->kind, CompletionKind::Function);
        QCOMPARE(day->detail, std::string("toStartOfDay(arg1[, arg2])"));
        QCOMPARE(ctx.item("count")->type, std::string("aggregate"));
        // fields come before functions, functions before keywords
        const auto index = [&](std::string_view n) { return ctx.item(n) - ctx.items.data(); };
        QVERIFY(index("event") < index("count"));
        QVERIFY(index("count") < index("CASE"));
    }

    void prefixAndWordRanges()
    {
        const std::string text = "SELECT e.properties.$browser FROM events e";
        const CompletionContext ctx = complete(text, 23); // SELECT e.properties.$br|owser
        QCOMPARE(ctx.prefixBegin, 20u);
        QCOMPARE(ctx.wordEnd, 28u);
        QCOMPARE(ctx.prefix, std::string("$br"));

        const std::string quoted = "SELECT properties['$os'] FROM events";
        const CompletionContext q = complete(quoted, 20); // inside '$o|s'
        QVERIFY(q.inString);
        QCOMPARE(q.prefixBegin, 19u);
        QCOMPARE(q.wordEnd, 22u);
        QVERIFY(q.allows(CompletionKind::PropertyKey));
    }

    void statements()
    {
        const std::string text = "SELECT 1;\n  SELECT e. FROM events e ; SELECT 3";
        const CompletionContext ctx = complete(text, 21);
        QCOMPARE(ctx.statementIndex, 1);
        QCOMPARE(ctx.statement.begin, 12u);
        QCOMPARE(ctx.statement.end, 35u);
        QCOMPARE(ctx.scope.size(), size_t(1));
        QCOMPARE(ctx.scope.front().alias, std::string("e"));
        QCOMPARE(ctx.scope.front().table, std::string("events"));

        const CompletionContext gap = complete(text, 10); // after `;` and the newline
        QCOMPARE(gap.statementIndex, -1);
        QCOMPARE(gap.statement.begin, 10u);
        QCOMPARE(gap.statement.end, 10u);
        QVERIFY(gap.item("SELECT"));

        const CompletionContext last = complete(text, static_cast<uint32_t>(text.size()));
        QCOMPARE(last.statementIndex, 2);
    }

    void offsetsAreClamped()
    {
        const std::string text = "SELECT * FROM ";
        const CompletionContext past = complete(text, 1000);
        QCOMPARE(past.offset, static_cast<uint32_t>(text.size()));
        QVERIFY(past.item("events"));

        const CompletionContext max = complete(text, UINT32_MAX);
        QCOMPARE(max.offset, static_cast<uint32_t>(text.size()));

        const std::string utf8 = "SELECT 'é' FROM events"; // é is two bytes: 8 and 9
        const CompletionContext mid = complete(utf8, 9);
        QCOMPARE(mid.offset, 8u);

        const CompletionContext empty = complete({}, 5);
        QCOMPARE(empty.offset, 0u);
        QVERIFY(empty.item("SELECT"));
    }

    void functionCatalogueIsComplete()
    {
        const std::vector<FunctionInfo>& all = functionCatalogue();
        QCOMPARE(all.size(), size_t(1149)); // spec/hogql.md §6: 632 regular, 487 aggregate, 30 HogQL
        const auto count = [&](FunctionKind k) {
            return std::count_if(all.begin(), all.end(), [k](const FunctionInfo& f) { return f.kind == k; });
        };
        QCOMPARE(count(FunctionKind::Regular), 632);
        QCOMPARE(count(FunctionKind::Aggregate), 487);
        QCOMPARE(count(FunctionKind::HogQL), 30);
        QVERIFY(std::is_sorted(all.begin(), all.end(),
                               [](const FunctionInfo& a, const FunctionInfo& b) { return a.name < b.name; }));

        const FunctionInfo* count1 = findFunction("COUNT");
        QVERIFY(count1);
        QCOMPARE(count1->name, std::string("count"));
        QVERIFY(count1->isAggregate());
        QVERIFY(!findFunction("TOSTARTOFDAY")); // case-sensitive function
        QVERIFY(!findFunction("noSuchFunction"));

        const FunctionInfo* quantile = findFunction("quantile");
        QVERIFY(quantile && quantile->isParametric());
        QCOMPARE(quantile->signature, std::string("quantile(p)(x)"));
        QCOMPARE(findFunction("coalesce")->maxArgs, FunctionInfo::kUnlimited);
        QCOMPARE(findFunction("coalesce")->signature, std::string("coalesce(arg1, ...)"));
        QCOMPARE(findFunction("now")->signature, std::string("now([x])"));
        QCOMPARE(findFunction("convertCurrency")->signature,
                 std::string("convertCurrency(from_currency, to_currency, amount[, timestamp])"));
        QVERIFY(findFunction("lagInFrame")->window);
        QVERIFY(findFunction("_toDate")->internal);
        QVERIFY(findFunction("toStartOfDay")->acceptsArgs(2));
        QVERIFY(!findFunction("toStartOfDay")->acceptsArgs(3));
    }

    void schemaLookups()
    {
        const Schema& s = defaultSchema();
        const SchemaTable* events = s.table("events");
        QVERIFY(events);
        QCOMPARE(events->field("person")->type, FieldType::FieldTraverser);
        QCOMPARE(events->field("person")->target, std::string("pdi.person"));
        QCOMPARE(events->field("session")->target, std::string("sessions"));
        QCOMPARE(events->field("group_3")->groupIndex, 3);
        QCOMPARE(events->field("properties")->propertyType, std::string("event"));
        QVERIFY(events->field("$virt_is_bot")->hidden);
        for (const SchemaTable& t : s.tables()) {
            for (const SchemaField& f : t.fields) {
                if (f.type == FieldType::LazyJoin || f.type == FieldType::VirtualTable) {
                    QVERIFY2(f.target.empty() || s.table(f.target),
                             qPrintable(QString::fromStdString(f.name)));
                }
            }
        }
        Schema custom = defaultSchema();
        SchemaTable charges;
        charges.name = "stripe.charges";
        charges.fields.push_back(SchemaField{"amount", FieldType::Float, {}, {}, {}, -1, false, false});
        custom.addTable(charges);
        const auto [text, offset] = withCursor(u"SELECT c.\u2038 FROM stripe.charges c"_s);
        const CompletionContext ctx = complete(text, offset, custom);
        QVERIFY(ctx.item("amount"));
        const auto [text2, offset2] = withCursor(u"SELECT * FROM stripe.\u2038"_s);
        QVERIFY(complete(text2, offset2, custom).item("charges"));
    }

    void everyOffsetOfTheCorpus()
    {
        QFile file(QStringLiteral(HOGQL_CORPUS));
        QVERIFY2(file.open(QIODevice::ReadOnly), qPrintable(file.fileName()));
        std::vector<std::string> queries;
        while (!file.atEnd()) {
            const QJsonObject o = QJsonDocument::fromJson(file.readLine()).object();
            if (o.contains(u"query"_s))
                queries.push_back(o.value(u"query"_s).toString().toStdString());
        }
        QVERIFY(queries.size() > 500);
        QElapsedTimer timer;
        timer.start();
        size_t calls = 0;
        size_t items = 0;
        for (const std::string& q : queries) {
            for (uint32_t off = 0; off <= q.size(); ++off) {
                const CompletionContext ctx = complete(q, off);
                QVERIFY(ctx.offset <= q.size());
                QVERIFY(ctx.prefixBegin <= ctx.prefixEnd && ctx.prefixEnd == ctx.offset &&
                        ctx.offset <= ctx.wordEnd);
                QVERIFY(ctx.wordEnd <= q.size());
                items += ctx.items.size();
                ++calls;
            }
        }
        const qint64 ms = timer.elapsed();
        qInfo("corpus: %zu queries, %zu completions, %zu items, %lld ms (%.1f us per completion)",
              queries.size(), calls, items, static_cast<long long>(ms),
              calls ? 1000.0 * double(ms) / double(calls) : 0.0);
        // speed is measured (printed above), not asserted: sanitizer builds on a loaded machine are slow
    }

    void hostileInputs()
    {
        const std::vector<std::string> inputs = {
            std::string(3000, '('),
            std::string(3000, '{'),
            "WITH a AS (SELECT * FROM a) SELECT a. FROM a",
            "WITH a AS (SELECT * FROM b), b AS (SELECT * FROM a) SELECT * FROM a JOIN b ON a.",
            "SELECT " + std::string(2000, '.'),
            "SELECT ''''''''''' \\",
            "SELECT `unterminated FROM events WHERE",
            "SELECT f'{{{{' FROM",
            "))))]]]}}}} SELECT FROM FROM JOIN ON ON USING",
            std::string("SELECT \0\xff\xfe FROM events", 22),
        };
        for (const std::string& in : inputs) {
            for (uint32_t off = 0; off <= in.size(); off += in.size() > 200 ? 97 : 1) {
                const CompletionContext ctx = complete(in, off);
                QVERIFY(ctx.offset <= in.size());
            }
        }
        const auto [text, offset] = withCursor(u"WITH a AS (SELECT * FROM a) SELECT a.\u2038 FROM a"_s);
        QVERIFY(complete(text, offset).kinds.size() <= 1); // self-reference: bounded, no crash
    }

    void tool()
    {
        const QString toolPath = qEnvironmentVariable("HOGQL_TOOL");
        if (toolPath.isEmpty() || !QFileInfo::exists(toolPath))
            QSKIP("HOGQL_TOOL not set");
        QProcess p;
        p.start(toolPath, {u"complete"_s, u"--offset"_s, u"9"_s, u"-"_s});
        QVERIFY(p.waitForStarted());
        p.write("SELECT e. FROM events e");
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(10000));
        QCOMPARE(p.exitCode(), 0);
        QJsonParseError error;
        const QJsonObject o = QJsonDocument::fromJson(p.readAllStandardOutput(), &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        QCOMPARE(o.value(u"offset"_s).toInt(), 9);
        QCOMPARE(o.value(u"kinds"_s).toArray(), QJsonArray{u"field"_s});
        QCOMPARE(o.value(u"prefix"_s).toObject().value(u"begin"_s).toInt(), 9);
        QCOMPARE(o.value(u"statement"_s).toObject().value(u"end"_s).toInt(), 23);
        QCOMPARE(o.value(u"scope"_s).toArray().first().toObject().value(u"table"_s).toString(), u"events"_s);
        bool found = false;
        for (const QJsonValue item : o.value(u"items"_s).toArray()) {
            const QJsonObject i = item.toObject();
            if (i.value(u"name"_s) == u"timestamp"_s) {
                found = true;
                QCOMPARE(i.value(u"kind"_s).toString(), u"field"_s);
                QCOMPARE(i.value(u"type"_s).toString(), u"datetime"_s);
            }
        }
        QVERIFY(found);

        QProcess prop;
        prop.start(toolPath, {u"complete"_s, u"--offset=31"_s});
        QVERIFY(prop.waitForStarted());
        prop.write("SELECT person.properties.$ FROM events"); // after `$`, 26 bytes; 31 is inside FROM
        prop.closeWriteChannel();
        QVERIFY(prop.waitForFinished(10000));
        QCOMPARE(prop.exitCode(), 0);

        for (const QStringList& bad :
             {QStringList{u"complete"_s}, QStringList{u"complete"_s, u"--offset"_s},
              QStringList{u"complete"_s, u"--offset"_s, u"x1"_s},
              QStringList{u"complete"_s, u"--offset"_s, u"-4"_s}, QStringList{u"complete"_s, u"--bogus"_s}}) {
            QProcess usage;
            usage.start(toolPath, bad);
            QVERIFY(usage.waitForStarted());
            usage.closeWriteChannel();
            QVERIFY(usage.waitForFinished(10000));
            QCOMPARE(usage.exitCode(), 2);
        }
    }
};

QTEST_GUILESS_MAIN(TstHogqlCompletion)
#include "tst_hogql_completion.moc"
