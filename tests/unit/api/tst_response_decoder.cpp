// Unit tests of the pure response decoders, fed with PostHog-shaped bodies.
#include "api/api_client.h"
#include "api/response_decoder.h"
#include "model/result_table.h"

#include <QDateTime>
#include <QTest>

using namespace hogscope;
using namespace hogscope::api;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(hogscope::api::ApiError::Kind)
Q_DECLARE_METATYPE(hogscope::api::QueryResponse::Outcome)
Q_DECLARE_METATYPE(hogscope::model::ColumnType)
Q_DECLARE_METATYPE(hogscope::model::CellKind)

namespace {

const char* const kSyncBody = R"j({
  "results": [["$pageview", 1523, 0.5, "2026-05-02T10:11:12.345000Z", null, {"$browser": "Chrome"}, ["a", "b"], true],
              ["$autocapture", 988, 1, "2026-05-01T00:00:00Z", "x", {}, [], false]],
  "columns": ["event", "n", "ratio", "ts", "maybe", "props", "tags", "flag"],
  "types": [["event", "String"], ["n", "UInt64"], ["ratio", "Float64"], ["ts", "DateTime64(6, 'UTC')"],
            ["maybe", "Nullable(String)"], ["props", "Map(String, String)"], ["tags", "Array(String)"], ["flag", "Bool"]],
  "hasMore": true, "limit": 100, "offset": 0,
  "hogql": "SELECT event, count() AS n FROM events LIMIT 101",
  "clickhouse": "SELECT events.event AS event FROM events",
  "timings": [{"k": "./parse_select", "t": 0.004}, {"k": "./clickhouse_execute", "t": 0.120}, {"k": ".", "t": 0.2}],
  "modifiers": {"personsOnEventsMode": "person_id_override_properties_on_events"},
  "is_cached": true, "last_refresh": "2026-05-02T10:11:12.345Z", "timezone": "UTC", "query_status": null
})j";

// A one-column HogQL response with `types` before or (as PostHog orders keys) after the rows.
QByteArray oneColumn(const QByteArray& type, const QByteArray& cells, bool typesFirst)
{
    const QByteArray types = "\"types\": [[\"c\", \"" + type + "\"]]";
    const QByteArray results = R"("results": [)" + cells + "]";
    return "{\"columns\": [\"c\"], " + (typesFirst ? types + ", " + results : results + ", " + types) + "}";
}

// A body over several stage-1 windows: commas and brackets inside strings (cuts must be retried),
// JSON kept in strings, nested values, a string longer than a window, and escapes everywhere.
QByteArray windowedBody(int rows, QByteArray* longText)
{
    *longText = QByteArray(1536 * 1024, 'x');
    for (qsizetype i = 0; i < longText->size(); i += 1000)
        (*longText)[i] = ',';
    QByteArray body = R"({"columns": ["i", "text", "json", "nested", "when"], "results": [)";
    for (int i = 0; i < rows; ++i) {
        if (i)
            body += ", ";
        body += "[" + QByteArray::number(i) + ", ";
        if (i == rows / 2)
            body += '"' + *longText + '"';
        else
            body += "\"row " + QByteArray::number(i) + ", with \\\"quotes\\\"], [commas} and \\u00fc\"";
        body += ", \"{\\\"a\\\": [1, 2], \\\"b\\\": \\\"c, d\\\"}\", {\"k\": [1, {\"z\": null}], \"s\": \"x, "
                "y\"}, \"";
        body += "2026-05-02T10:11:" + QByteArray::number(10 + i % 50) + ".5Z\"]";
    }
    body += R"j(], "types": [["i", "Int64"], ["text", "String"], ["json", "String"],)j"
            R"j( ["nested", "Tuple(Array(UInt8))"], ["when", "DateTime64(3, 'UTC')"]]})j";
    return body;
}

} // namespace

class TestResponseDecoder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void syncResponse()
    {
        const QueryResponse response = decodeQueryResponse(QByteArray(kSyncBody));
        QCOMPARE(response.outcome, QueryResponse::Outcome::Completed);
        const QueryResult& result = response.result;
        QVERIFY(result.table);
        const model::ResultTable& table = *result.table;
        QCOMPARE(table.rowCount(), 2);
        QCOMPARE(table.columnCount(), 8);
        QCOMPARE(table.columnName(3), u"ts"_s);
        QCOMPARE(table.column(1).clickhouseType, u"UInt64"_s);
        QCOMPARE(table.columnType(1), model::ColumnType::Integer);
        QCOMPARE(table.columnType(3), model::ColumnType::DateTime);
        QVERIFY(table.column(4).nullable);
        QCOMPARE(table.integer(0, 1), qint64(1523));
        QCOMPARE(table.real(1, 2), 1.0);
        QCOMPARE(table.cellKind(0, 3), model::CellKind::DateTime);
        QCOMPARE(table.displayText(0, 3), u"2026-05-02 10:11:12.345"_s);
        QVERIFY(table.isNull(0, 4));
        QCOMPARE(table.displayText(1, 4), u"x"_s);
        QCOMPARE(table.cellKind(0, 5), model::CellKind::Json);
        QCOMPARE(table.displayText(0, 5), u"{\"$browser\":\"Chrome\"}"_s);
        QCOMPARE(table.displayText(0, 6), u"[\"a\",\"b\"]"_s);
        QCOMPARE(table.value(1, 7), QVariant(false));
        QVERIFY(result.hasMore);
        QVERIFY(result.cached);
        QCOMPARE(result.hogql, u"SELECT event, count() AS n FROM events LIMIT 101"_s);
        QCOMPARE(result.clickhouse, u"SELECT events.event AS event FROM events"_s);
        QCOMPARE(result.elapsedSeconds, 0.2);
        QCOMPARE(result.timings.size(), size_t(3));
        QCOMPARE(result.timings[1].key, u"./clickhouse_execute"_s);
    }

    void plainTypeStrings()
    {
        // ActorsQuery/EventsQuery strip types down to plain strings; rows may come after metadata.
        const QueryResponse response = decodeQueryResponse(
            R"j({"columns": ["person", "id"], "types": ["Tuple(String)", "UUID"],
                "results": [[{"id": "u1", "distinct_ids": ["d1"]}, "0190a1b2-0000-0000-0000-000000000001"]],
                "hasMore": false})j");
        QCOMPARE(response.outcome, QueryResponse::Outcome::Completed);
        // A "person" column of objects is shown by name; its cells stay JSON text.
        QCOMPARE(response.result.table->columnType(0), model::ColumnType::Person);
        QCOMPARE(response.result.table->cellKind(0, 0), model::CellKind::Json);
        QCOMPARE(response.result.table->displayText(0, 0), u"d1"_s);
        QCOMPARE(response.result.table->value(0, 0).toString(),
                 u"{\"id\":\"u1\",\"distinct_ids\":[\"d1\"]}"_s);
        QCOMPARE(response.result.table->columnType(1), model::ColumnType::String);
        QCOMPARE(response.result.table->columnName(1), u"id"_s);
        QVERIFY(!response.result.hasMore);
    }

    void noTypes()
    {
        const QueryResponse response =
            decodeQueryResponse(R"j({"results": [[1, "a"], [2.5, null]], "columns": ["x", "y"]})j");
        QCOMPARE(response.outcome, QueryResponse::Outcome::Completed);
        QCOMPARE(response.result.table->columnType(0), model::ColumnType::Integer);
        QCOMPARE(response.result.table->columnType(1), model::ColumnType::String);
        QCOMPARE(response.result.table->cellKind(1, 0), model::CellKind::Float);
    }

    void bigIntegers()
    {
        const QueryResponse response = decodeQueryResponse(
            R"j({"results": [[18446744073709551615, -9223372036854775808]], "columns": ["u", "i"],
                "types": [["u", "UInt64"], ["i", "Int64"]]})j");
        QCOMPARE(response.outcome, QueryResponse::Outcome::Completed);
        QCOMPARE(response.result.table->displayText(0, 0), u"18446744073709551615"_s);
        QCOMPARE(response.result.table->integer(0, 1), std::numeric_limits<qint64>::min());
    }

    void emptyResult()
    {
        const QueryResponse response =
            decodeQueryResponse(R"j({"results": [], "columns": ["event"], "types": [["event", "String"]]})j");
        QCOMPARE(response.outcome, QueryResponse::Outcome::Completed);
        QCOMPARE(response.result.table->rowCount(), 0);
        QCOMPARE(response.result.table->columnCount(), 1);
    }

    void columnTypes_data()
    {
        QTest::addColumn<QByteArray>("type");
        QTest::addColumn<QByteArray>("cell");
        QTest::addColumn<model::ColumnType>("columnType");
        QTest::addColumn<model::CellKind>("kind");
        QTest::addColumn<QString>("display");
        using model::CellKind;
        using model::ColumnType;
        QTest::newRow("Int64") << QByteArray("Int64") << QByteArray("-42") << ColumnType::Integer
                               << CellKind::Integer << u"-42"_s;
        QTest::newRow("Int64 min") << QByteArray("Int64") << QByteArray("-9223372036854775808")
                                   << ColumnType::Integer << CellKind::Integer << u"-9223372036854775808"_s;
        QTest::newRow("UInt64 above Int64")
            << QByteArray("UInt64") << QByteArray("18446744073709551615") << ColumnType::Integer
            << CellKind::Text << u"18446744073709551615"_s;
        QTest::newRow("UInt128") << QByteArray("UInt128")
                                 << QByteArray("340282366920938463463374607431768211455")
                                 << ColumnType::Integer << CellKind::Text
                                 << u"340282366920938463463374607431768211455"_s;
        QTest::newRow("Float64") << QByteArray("Float64") << QByteArray("0.1") << ColumnType::Float
                                 << CellKind::Float << u"0.1"_s;
        QTest::newRow("Float64 whole")
            << QByteArray("Float64") << QByteArray("3") << ColumnType::Float << CellKind::Float << u"3"_s;
        QTest::newRow("Float64 exponent") << QByteArray("Float64") << QByteArray("-1.5E-7")
                                          << ColumnType::Float << CellKind::Float << u"-1.5e-07"_s;
        QTest::newRow("Decimal") << QByteArray("Decimal(10, 2)") << QByteArray("12.34") << ColumnType::Float
                                 << CellKind::Float << u"12.34"_s;
        QTest::newRow("Bool") << QByteArray("Bool") << QByteArray("true") << ColumnType::Boolean
                              << CellKind::Boolean << u"true"_s;
        QTest::newRow("DateTime64 micros")
            << QByteArray("DateTime64(6, 'UTC')") << QByteArray(R"("2026-05-02T10:11:12.345678Z")")
            << ColumnType::DateTime << CellKind::DateTime << u"2026-05-02 10:11:12.345678"_s;
        QTest::newRow("DateTime space")
            << QByteArray("DateTime('UTC')") << QByteArray(R"("2026-05-02 10:11:12")") << ColumnType::DateTime
            << CellKind::DateTime << u"2026-05-02 10:11:12"_s;
        QTest::newRow("DateTime offset to UTC")
            << QByteArray("Nullable(DateTime64(3, 'Europe/Berlin'))")
            << QByteArray(R"("2026-05-02T12:11:12.345+02:00")") << ColumnType::DateTime << CellKind::DateTime
            << u"2026-05-02 10:11:12.345"_s;
        QTest::newRow("Date") << QByteArray("Date") << QByteArray(R"("2026-05-02")") << ColumnType::Date
                              << CellKind::Text << u"2026-05-02"_s;
        QTest::newRow("String") << QByteArray("String") << QByteArray(R"("hello")") << ColumnType::String
                                << CellKind::Text << u"hello"_s;
        QTest::newRow("String that reads as a time")
            << QByteArray("String") << QByteArray(R"("2026-05-02T10:11:12Z")") << ColumnType::String
            << CellKind::Text << u"2026-05-02T10:11:12Z"_s;
        QTest::newRow("UUID") << QByteArray("UUID") << QByteArray(R"("0190a1b2-0000-7000-8000-000000000001")")
                              << ColumnType::String << CellKind::Text
                              << u"0190a1b2-0000-7000-8000-000000000001"_s;
        QTest::newRow("null") << QByteArray("Nullable(String)") << QByteArray("null") << ColumnType::String
                              << CellKind::Null << QString();
        QTest::newRow("unicode") << QByteArray("String")
                                 << QByteArray("\"Z\xC3\xBCrich \xE6\x9D\xB1\xE4\xBA\xAC \xF0\x9F\x98\x80\"")
                                 << ColumnType::String << CellKind::Text << u"Zürich 東京 😀"_s;
        QTest::newRow("escapes") << QByteArray("String")
                                 << QByteArray("\"\\u00fc\\ud83d\\ude00\\n\\t\\/\\\\\\\"\\b\\f\\r\"")
                                 << ColumnType::String << CellKind::Text << u"ü😀\n\t/\\\"\b\f\r"_s;
        QTest::newRow("JSON in a string")
            << QByteArray("String") << QByteArray("\"{\\\"$browser\\\": \\\"Chrome\\\", \\\"n\\\": [1, 2]}\"")
            << ColumnType::String << CellKind::Text << u"{\"$browser\": \"Chrome\", \"n\": [1, 2]}"_s;
        QTest::newRow("Array") << QByteArray("Array(String)") << QByteArray(R"([ "a" , "b" ])")
                               << ColumnType::Json << CellKind::Json << u"[\"a\",\"b\"]"_s;
        QTest::newRow("Map") << QByteArray("Map(String, String)")
                             << QByteArray("{\"k\": \"v w\", \"e\": \"\\\"q\\\"\"}") << ColumnType::Json
                             << CellKind::Json << u"{\"k\":\"v w\",\"e\":\"\\\"q\\\"\"}"_s;
        QTest::newRow("Tuple") << QByteArray("Tuple(String, UInt8)") << QByteArray(R"(["x", 1])")
                               << ColumnType::Json << CellKind::Json << u"[\"x\",1]"_s;
        QTest::newRow("JSON object")
            << QByteArray("JSON")
            << QByteArray("{ \"a\" : [1, 2.5e3, true, false, null, -0],\n \"b\": {}, \"c\": [] }")
            << ColumnType::Json << CellKind::Json
            << u"{\"a\":[1,2.5e3,true,false,null,-0],\"b\":{},\"c\":[]}"_s;
    }
    void columnTypes()
    {
        QFETCH(QByteArray, type);
        QFETCH(QByteArray, cell);
        QFETCH(model::ColumnType, columnType);
        QFETCH(model::CellKind, kind);
        QFETCH(QString, display);
        for (bool typesFirst : {false, true}) {
            const QueryResponse response = decodeQueryResponse(oneColumn(type, "[" + cell + "]", typesFirst));
            QVERIFY2(response.outcome == QueryResponse::Outcome::Completed,
                     qPrintable(response.error.message));
            const model::ResultTable& table = *response.result.table;
            QCOMPARE(table.rowCount(), 1);
            QCOMPARE(table.column(0).clickhouseType, QString::fromLatin1(type));
            QCOMPARE(table.columnType(0), columnType);
            QCOMPARE(table.cellKind(0, 0), kind);
            QCOMPARE(table.displayText(0, 0), display);
        }
    }

    void typedValues()
    {
        const QueryResponse response = decodeQueryResponse(
            R"j({"results": [[1, "2026-05-02", "2026-05-02T10:11:12.345Z", 0.25, false]],
                 "columns": ["i", "d", "t", "f", "b"],
                 "types": [["i", "Int8"], ["d", "Date"], ["t", "DateTime"], ["f", "Float32"], ["b", "Bool"]]})j");
        const model::ResultTable& table = *response.result.table;
        QCOMPARE(table.value(0, 0), QVariant::fromValue(qint64(1)));
        QCOMPARE(table.value(0, 1), QVariant(QDate(2026, 5, 2)));
        QCOMPARE(table.value(0, 2), QVariant(QDateTime(QDate(2026, 5, 2), QTime(10, 11, 12, 345), Qt::UTC)));
        QCOMPARE(table.value(0, 3), QVariant(0.25));
        QCOMPARE(table.value(0, 4), QVariant(false));
        std::string out;
        table.appendExportText(0, 2, out);
        QCOMPARE(out, std::string("2026-05-02T10:11:12.345Z"));
    }

    void nullsAndMixedKinds()
    {
        for (bool typesFirst : {false, true}) {
            const QByteArray types =
                R"j("types": [["n", "Nullable(Int64)"], ["t", "Nullable(DateTime64(6, 'UTC'))"]])j";
            const QByteArray rows =
                R"("results": [[1, "2026-05-02T10:11:12Z"], [null, null], [3, "not a time"],
                                                   [4, "2026-05-03 00:00:00"]])";
            const QueryResponse response =
                decodeQueryResponse("{\"columns\": [\"n\", \"t\"], " +
                                    (typesFirst ? types + ", " + rows : rows + ", " + types) + "}");
            QVERIFY2(response.outcome == QueryResponse::Outcome::Completed,
                     qPrintable(response.error.message));
            const model::ResultTable& table = *response.result.table;
            QCOMPARE(table.cellKind(0, 0), model::CellKind::Integer);
            QVERIFY(table.isNull(1, 0));
            QCOMPARE(table.integer(2, 0), qint64(3));
            QCOMPARE(table.cellKind(0, 1), model::CellKind::DateTime);
            QVERIFY(table.isNull(1, 1));
            // A value that is no time stays text rather than being lost.
            QCOMPARE(table.cellKind(2, 1), model::CellKind::Text);
            QCOMPARE(table.displayText(2, 1), u"not a time"_s);
            QCOMPARE(table.cellKind(3, 1), model::CellKind::DateTime);
            QCOMPARE(table.dateTimeMicros(3, 1) - table.dateTimeMicros(0, 1),
                     qint64(86400 - 10 * 3600 - 11 * 60 - 12) * 1000000);
        }
    }

    void personColumn()
    {
        const QueryResponse response = decodeQueryResponse(
            R"j({"columns": ["person", "id", "created_at"], "types": ["Tuple(UUID)", "UUID", "DateTime64(6, 'UTC')"],
                 "results": [[{"id": "0190a1b2", "distinct_ids": ["jane-123", "anon"], "properties": {"email": "jane@example.com"},
                               "is_identified": true, "created_at": "2026-03-01T12:00:00Z"}, "0190a1b2", "2026-03-01T12:00:00Z"],
                             [{"uuid": "0190a1b3", "distinct_id": "bob-1", "properties": {}}, "0190a1b3", null]],
                 "hasMore": false, "missing_actors_count": 0})j");
        QVERIFY2(response.outcome == QueryResponse::Outcome::Completed, qPrintable(response.error.message));
        const model::ResultTable& table = *response.result.table;
        QCOMPARE(table.columnType(0), model::ColumnType::Person);
        QCOMPARE(table.displayText(0, 0), u"jane@example.com"_s);
        QCOMPARE(table.displayText(1, 0), u"bob-1"_s);
        QVERIFY(table.value(0, 0).toString().startsWith(u"{\"id\":\"0190a1b2\""_s));
        QCOMPARE(table.cellKind(0, 2), model::CellKind::DateTime);
    }

    void wrongFields_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("columns not a list")
            << QByteArray(R"({"results": [], "columns": 3})") << u"\"columns\" is a number"_s;
        QTest::newRow("types not a list")
            << QByteArray(R"({"results": [], "types": "String"})") << u"\"types\" is a string"_s;
        QTest::newRow("type entry wrong")
            << QByteArray(R"({"results": [], "types": [42]})") << u"\"types\""_s;
        QTest::newRow("type pair wrong")
            << QByteArray(R"({"results": [], "types": [["a", 1]]})") << u"\"types\""_s;
        QTest::newRow("results object")
            << QByteArray(R"({"results": {"a": 1}})") << u"\"results\" is an object"_s;
        QTest::newRow("results string") << QByteArray(R"({"results": "x"})") << u"\"results\" is a string"_s;
        QTest::newRow("hasMore string")
            << QByteArray(R"({"results": [], "hasMore": "yes"})") << u"\"hasMore\""_s;
        QTest::newRow("status list") << QByteArray(R"({"query_status": []})")
                                     << u"\"query_status\" is a list"_s;
        QTest::newRow("status complete string")
            << QByteArray(R"({"query_status": {"id": "q", "complete": "yes"}})")
            << u"\"query_status.complete\""_s;
        QTest::newRow("status results list")
            << QByteArray(R"({"query_status": {"id": "q", "complete": true, "results": [[1]]}})")
            << u"\"query_status.results\" is a list"_s;
        QTest::newRow("insight rows") << QByteArray(R"({"results": [{"source": "1_/", "target": "2_/a"}]})")
                                      << u"Row 1 of \"results\" is an object"_s;
        QTest::newRow("no results") << QByteArray(R"({"columns": ["a"], "hasMore": false})")
                                    << u"no \"results\""_s;
    }
    void wrongFields()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, messagePart);
        const QueryResponse response = decodeQueryResponse(body);
        QCOMPARE(response.outcome, QueryResponse::Outcome::Failed);
        QCOMPARE(response.error.kind, ApiError::Kind::Decode);
        QVERIFY2(response.error.message.contains(messagePart), qPrintable(response.error.message));
        // A position is given only where it is known: never the meaningless "after byte 0".
        QVERIFY2(!response.error.message.contains(u"after byte 0)"_s), qPrintable(response.error.message));
        QVERIFY2(!response.error.message.contains(u".)."_s), qPrintable(response.error.message));
    }

    void invalidJson_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("leading zero") << QByteArray(R"({"results": [[01]]})") << u"unexpected characters"_s;
        QTest::newRow("bare point") << QByteArray(R"({"results": [[1.]]})") << u"decimal point"_s;
        QTest::newRow("bare minus") << QByteArray(R"({"results": [[-]]})") << u"not valid JSON"_s;
        QTest::newRow("empty exponent") << QByteArray(R"({"results": [[1e]]})") << u"exponent"_s;
        QTest::newRow("bad escape") << QByteArray("{\"results\": [[\"a\\x\"]]}") << u"escape"_s;
        QTest::newRow("lone surrogate") << QByteArray("{\"results\": [[\"\\ud800\"]]}") << u"escape"_s;
        QTest::newRow("bad utf8") << QByteArray("{\"results\": [[\"\xC3\x28\"]]}") << u"UTF-8"_s;
        QTest::newRow("control char") << QByteArray("{\"results\": [[\"a\x01\"]]}") << u"control character"_s;
        QTest::newRow("unclosed string") << QByteArray("{\"results\": [[\"abc]]}") << u"not closed"_s;
        QTest::newRow("junk after string") << QByteArray(R"({"results": [["abc"x]]})") << u"not valid JSON"_s;
        QTest::newRow("missing colon") << QByteArray(R"({"results" [[1]]})") << u"colon"_s;
        QTest::newRow("missing comma") << QByteArray(R"({"results": [[1 2]]})") << u"not valid JSON"_s;
        QTest::newRow("trailing content") << QByteArray(R"({"results": []} {})") << u"more text after"_s;
        QTest::newRow("key not a string") << QByteArray(R"({results: []})") << u"not valid JSON"_s;
        QTest::newRow("truncated") << QByteArray(R"({"results": [["a", 1], ["b")") << u"cut short"_s;
    }
    void invalidJson()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, messagePart);
        const QueryResponse response = decodeQueryResponse(body);
        QCOMPARE(response.outcome, QueryResponse::Outcome::Failed);
        QCOMPARE(response.error.kind, ApiError::Kind::Decode);
        QVERIFY2(response.error.message.contains(u"not valid JSON"_s), qPrintable(response.error.message));
        QVERIFY2(response.error.message.contains(messagePart), qPrintable(response.error.message));
    }

    void truncatedAnywhere()
    {
        // Every prefix of a valid body is an error, never a crash or a half table.
        QByteArray longText;
        const QByteArray bodies[] = {
            QByteArray(kSyncBody), windowedBody(3, &longText).left(2000),
            R"({"query_status": {"id": "q", "complete": true, "results": {"results": [["a", 1.5, [1, {"b": null}]]]}}})"};
        for (const QByteArray& body : bodies) {
            for (qsizetype length = 1; length < body.size(); ++length) {
                const QueryResponse response = decodeQueryResponse(body.left(length));
                QVERIFY2(response.outcome == QueryResponse::Outcome::Failed,
                         qPrintable(QStringLiteral("prefix of %1 bytes decoded").arg(length)));
                QVERIFY(!response.error.message.isEmpty());
            }
        }
    }

    void windowsInPlaceAndShared()
    {
        QByteArray longText;
        const int rows = 4000;
        const QByteArray original = windowedBody(rows, &longText);
        QVERIFY(original.size() > 2 * 1024 * 1024); // several 512 KiB windows
        QByteArray shared = original;
        const QByteArray keep = shared; // a second owner: the decoder must not write into it
        QByteArray owned;
        owned.reserve(original.size() + 128);
        owned.append(original);
        const QueryResponse a = decodeQueryResponse(std::move(owned));
        const QueryResponse b = decodeQueryResponse(shared);
        QCOMPARE(keep, original);
        for (const QueryResponse* response : {&a, &b}) {
            QVERIFY2(response->outcome == QueryResponse::Outcome::Completed,
                     qPrintable(response->error.message));
            const model::ResultTable& table = *response->result.table;
            QCOMPARE(table.rowCount(), rows);
            QCOMPARE(table.columnType(4), model::ColumnType::DateTime);
            for (int row = 0; row < rows; ++row) {
                QCOMPARE(table.integer(row, 0), qint64(row));
                if (row == rows / 2)
                    QCOMPARE(table.text(row, 1),
                             std::string_view(longText.constData(), size_t(longText.size())));
                else
                    QCOMPARE(table.displayText(row, 1),
                             QStringLiteral("row %1, with \"quotes\"], [commas} and ü").arg(row));
                QCOMPARE(table.text(row, 2), std::string_view(R"({"a": [1, 2], "b": "c, d"})"));
                QCOMPARE(table.text(row, 3), std::string_view(R"({"k":[1,{"z":null}],"s":"x, y"})"));
                QCOMPARE(table.cellKind(row, 4), model::CellKind::DateTime);
                QCOMPARE(table.dateTimeMicros(row, 4) % 60'000'000,
                         qint64(10 + row % 50) * 1'000'000 + 500'000);
            }
        }
    }

    void veryLongText()
    {
        // Over 16 MiB in one cell: the length no longer fits the cell and lives in the buffer.
        QByteArray text(17 * 1024 * 1024, 'a');
        text[0] = 'b';
        text[text.size() - 1] = 'z';
        const QueryResponse response = decodeQueryResponse("{\"results\": [[\"x\", \"" + text +
                                                           "\", 7]], \"columns\": [\"a\", \"b\", \"c\"]}");
        QVERIFY2(response.outcome == QueryResponse::Outcome::Completed, qPrintable(response.error.message));
        const model::ResultTable& table = *response.result.table;
        QCOMPARE(table.text(0, 0), std::string_view("x"));
        QCOMPARE(table.text(0, 1).size(), size_t(text.size()));
        QVERIFY(table.text(0, 1) == std::string_view(text.constData(), size_t(text.size())));
        QCOMPARE(table.integer(0, 2), qint64(7));
    }

    void keptMemory()
    {
        // Cells are 8 bytes, the text is the unescaped strings only, and no kind bytes for uniform columns.
        QByteArray body = R"({"columns": ["id", "n"], "results": [)";
        for (int i = 0; i < 1000; ++i)
            body += (i ? ", " : "") + QByteArray(R"(["abcdefgh", )") + QByteArray::number(i) + "]";
        body += R"(], "types": [["id", "String"], ["n", "Int64"]]})";
        const QueryResponse response = decodeQueryResponse(body);
        const model::ResultTable& table = *response.result.table;
        QCOMPARE(table.textBytes(), size_t(8 * 1000));
        QVERIFY2(table.memoryBytes() < size_t(2000 * 8 + 8000 + 1024),
                 qPrintable(QString::number(table.memoryBytes())));
    }

    void statusBodies_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QueryResponse::Outcome>("outcome");
        QTest::addColumn<QString>("queryId");
        QTest::addColumn<qint64>("rowsRead");
        QTest::addColumn<ApiError::Kind>("errorKind");
        QTest::addColumn<QString>("message");

        QTest::newRow("202 submit") << QByteArray(R"j({"cache_key": "cache_3b1f", "query_status": {
            "id": "9f2c3d7e-explorer-0001", "query_async": true, "team_id": 2, "error": false, "complete": false,
            "error_message": null, "results": null, "start_time": "2026-05-02T10:11:12.345Z", "pickup_time": null,
            "end_time": null, "expiration_time": "2026-05-02T10:31:12.345Z", "task_id": "c1e0", "query_progress": null,
            "labels": null}})j") << QueryResponse::Outcome::Running
                                    << u"9f2c3d7e-explorer-0001"_s << qint64(0) << ApiError::Kind::Server
                                    << QString();
        QTest::newRow("poll running with progress")
            << QByteArray(R"j({"query_status": {"id": "q1", "complete": false,
            "error": false, "query_progress": {"bytes_read": 2048, "rows_read": 1200, "estimated_rows_total": 5000,
            "time_elapsed": 2, "active_cpu_time": 1500}}})j")
            << QueryResponse::Outcome::Running << u"q1"_s << qint64(1200) << ApiError::Kind::Server
            << QString();
        QTest::newRow("poll complete")
            << QByteArray(
                   R"j({"query_status": {"id": "q2", "complete": true, "error": false,
            "results": {"results": [["$pageview", 3]], "columns": ["event", "n"],
                        "types": [["event", "String"], ["n", "UInt64"]], "hasMore": false, "hogql": "SELECT 1"}}})j")
            << QueryResponse::Outcome::Completed << u"q2"_s << qint64(0) << ApiError::Kind::Server
            << QString();
        QTest::newRow("poll failed with message")
            << QByteArray(R"j({"query_status": {"id": "q3", "complete": true,
            "error": true, "error_message": "Unable to resolve field: nope", "error_code": "hogql_query_error"}})j")
            << QueryResponse::Outcome::Failed << u"q3"_s << qint64(0) << ApiError::Kind::Query
            << u"Unable to resolve field: nope"_s;
        QTest::newRow("poll failed silently")
            << QByteArray(R"j({"query_status": {"id": "q4", "complete": true,
            "error": true, "error_message": null}})j")
            << QueryResponse::Outcome::Failed << u"q4"_s << qint64(0) << ApiError::Kind::Server
            << u"The query failed on the server, which gave no reason."_s;
        QTest::newRow("stale while revalidate")
            << QByteArray(R"j({"results": [[1]], "columns": ["x"],
            "query_status": {"id": "q5", "complete": false, "error": false}})j")
            << QueryResponse::Outcome::Running << u"q5"_s << qint64(0) << ApiError::Kind::Server << QString();
    }
    void statusBodies()
    {
        QFETCH(QByteArray, body);
        QFETCH(QueryResponse::Outcome, outcome);
        QFETCH(QString, queryId);
        QFETCH(qint64, rowsRead);
        QFETCH(ApiError::Kind, errorKind);
        QFETCH(QString, message);
        const QueryResponse response = decodeQueryResponse(body);
        QCOMPARE(response.outcome, outcome);
        QCOMPARE(response.queryId, queryId);
        QCOMPARE(response.progress.rowsRead, rowsRead);
        if (outcome == QueryResponse::Outcome::Failed) {
            QCOMPARE(response.error.kind, errorKind);
            QCOMPARE(response.error.message, message);
        }
        if (outcome == QueryResponse::Outcome::Completed) {
            QCOMPARE(response.result.table->rowCount(), 1);
            QCOMPARE(response.result.table->integer(0, 1), qint64(3));
            QCOMPARE(response.result.hogql, u"SELECT 1"_s);
        }
        if (QByteArray(QTest::currentDataTag()) == "poll running with progress") {
            QCOMPARE(response.progress.bytesRead, qint64(2048));
            QCOMPARE(response.progress.estimatedRowsTotal, qint64(5000));
            QCOMPARE(response.progress.elapsedSeconds, 2.0);
        }
    }

    void malformed_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("empty") << QByteArray() << u"empty response"_s;
        QTest::newRow("html") << QByteArray("<!DOCTYPE html><html>502 Bad Gateway</html>")
                              << u"not a JSON object"_s;
        QTest::newRow("truncated") << QByteArray(R"j({"results": [["a", 1], ["b")j") << u"not valid JSON"_s;
        QTest::newRow("bad literal") << QByteArray(R"j({"results": [[tru]]})j") << u"not valid JSON"_s;
        QTest::newRow("results not array") << QByteArray(R"j({"results": {"a": 1}})j") << u"malformed"_s;
        QTest::newRow("row not array") << QByteArray(R"j({"results": [{"a": 1}]})j") << u"Row 1"_s;
        QTest::newRow("ragged rows") << QByteArray(R"j({"results": [[1, 2], [3]]})j")
                                     << u"Row 2 has 1 values"_s;
        QTest::newRow("columns mismatch")
            << QByteArray(R"j({"results": [[1, 2]], "columns": ["a"]})j") << u"names 1 columns"_s;
        QTest::newRow("no results") << QByteArray(R"j({"columns": ["a"]})j") << u"no \"results\""_s;
        QTest::newRow("array body") << QByteArray(R"j([1, 2])j") << u"not a JSON object"_s;
    }
    void malformed()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, messagePart);
        const QueryResponse response = decodeQueryResponse(body);
        QCOMPARE(response.outcome, QueryResponse::Outcome::Failed);
        QCOMPARE(response.error.kind, ApiError::Kind::Decode);
        QVERIFY2(response.error.message.contains(messagePart), qPrintable(response.error.message));
    }

    void errorBodies_data()
    {
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<ApiError::Kind>("kind");
        QTest::addColumn<QString>("code");
        QTest::addColumn<QString>("message");

        QTest::newRow("syntax error")
            << 400
            << QByteArray(
                   R"j({"type":"validation_error","code":"hogql_syntax_error","detail":"mismatched input 'FORM' expecting <EOF>","attr":null})j")
            << ApiError::Kind::Query << u"hogql_syntax_error"_s
            << u"mismatched input 'FORM' expecting <EOF>."_s;
        QTest::newRow("field error with attr")
            << 400
            << QByteArray(
                   R"j({"type":"validation_error","code":"required","detail":"This field is required.","attr":"query__kind"})j")
            << ApiError::Kind::Query << u"required"_s << u"query__kind: This field is required."_s;
        QTest::newRow("multiple")
            << 400
            << QByteArray(
                   R"j({"type":"multiple","code":"required","detail":"This field is required.","attr":"query","list":[
                {"type":"validation_error","code":"required","detail":"This field is required.","attr":"query"},
                {"type":"validation_error","code":"invalid_input","detail":"Not a valid string.","attr":"name"}]})j")
            << ApiError::Kind::Query << u"required"_s
            << u"query: This field is required. name: Not a valid string."_s;
        QTest::newRow("bad key")
            << 401
            << QByteArray(
                   R"j({"type":"authentication_error","code":"authentication_failed","detail":"Personal API key found in request Authorization header is invalid.","attr":null})j")
            << ApiError::Kind::Auth << u"authentication_failed"_s
            << u"PostHog did not accept the API key (HTTP 401). Personal API key found in request Authorization header is invalid. Check the personal API key in the connection settings."_s;
        QTest::newRow("missing scope")
            << 403
            << QByteArray(
                   R"j({"type":"authentication_error","code":"permission_denied","detail":"API key missing required scope 'query:read'","attr":null})j")
            << ApiError::Kind::Auth << u"permission_denied"_s
            << u"Permission denied (HTTP 403). API key missing required scope 'query:read'. The key needs the query:read scope and access to this project."_s;
        QTest::newRow("throttled")
            << 429
            << QByteArray(
                   R"j({"type":"throttled_error","code":"throttled","detail":"Request was throttled. Expected available in 37 seconds.","attr":null})j")
            << ApiError::Kind::Throttled << u"throttled"_s
            << u"PostHog is limiting the rate of queries. Request was throttled. Expected available in 37 seconds."_s;
        QTest::newRow("server error")
            << 500
            << QByteArray(
                   R"j({"type":"server_error","code":"error","detail":"ClickHouse error while executing query.","attr":null})j")
            << ApiError::Kind::Server << u"error"_s
            << u"The server failed (HTTP 500): ClickHouse error while executing query."_s;
        QTest::newRow("not found")
            << 404
            << QByteArray(
                   R"j({"type":"invalid_request","code":"not_found","detail":"Query abc not found for team 2","attr":null})j")
            << ApiError::Kind::Server << u"not_found"_s
            << u"Not found (HTTP 404): Query abc not found for team 2."_s;
        QTest::newRow("error shape") << 400 << QByteArray(R"j({"error": "Invalid timestamp"})j")
                                     << ApiError::Kind::Query << QString() << u"Invalid timestamp."_s;
        QTest::newRow("message shape") << 400 << QByteArray(R"j({"message": "Query already complete"})j")
                                       << ApiError::Kind::Query << QString() << u"Query already complete."_s;
        QTest::newRow("ErrorDetail repr")
            << 400
            << QByteArray(
                   R"j({"type":"validation_error","code":"invalid_input","detail":"[ErrorDetail(string='Unknown table `evnts`.', code='invalid')]","attr":null})j")
            << ApiError::Kind::Query << u"invalid_input"_s << u"Unknown table `evnts`."_s;
        QTest::newRow("poll query_status error")
            << 400
            << QByteArray(
                   R"j({"query_status": {"id": "q", "complete": true, "error": true, "error_message": "Division by zero", "error_code": "illegal_division"}})j")
            << ApiError::Kind::Query << u"illegal_division"_s << u"Division by zero."_s;
        QTest::newRow("html gateway")
            << 502 << QByteArray("<html><body>Bad Gateway</body></html>") << ApiError::Kind::Server
            << QString() << u"The server failed with HTTP 502 and gave no details."_s;
        QTest::newRow("quota")
            << 402
            << QByteArray(
                   R"j({"type":"validation_error","code":"quota_limit_exceeded","detail":"You have exceeded your query quota.","attr":null})j")
            << ApiError::Kind::Query << u"quota_limit_exceeded"_s
            << u"The organization's query quota is used up (HTTP 402). You have exceeded your query quota. Queries run again once the quota is raised or renewed."_s;
        QTest::newRow("overloaded")
            << 503
            << QByteArray("{\"type\":\"server_error\",\"code\":\"overloaded\",\"detail\":\"Queries are a "
                          "little too busy right now. We're working to free up resources. Please try again "
                          "later.\",\"attr\":null}")
            << ApiError::Kind::Server << u"overloaded"_s
            << u"PostHog is too busy to run queries right now (HTTP 503). Queries are a little too busy right now. We're working to free up resources. Please try again later. Try again in a minute."_s;
        QTest::newRow("timeout")
            << 504 << QByteArray() << ApiError::Kind::Server << QString()
            << u"The query ran out of time (HTTP 504). Narrow the date range, filter earlier or add a LIMIT."_s;
        QTest::newRow("estimated too long")
            << 512
            << QByteArray(
                   R"j({"type":"server_error","code":"estimated_query_execution_time_too_long","detail":"Estimated query execution time is too long","attr":null})j")
            << ApiError::Kind::Server << u"estimated_query_execution_time_too_long"_s
            << u"PostHog estimates that this query would run too long (HTTP 512). Estimated query execution time is too long. Narrow the date range or filter earlier."_s;
        QTest::newRow("detail list") << 400
                                     << QByteArray(R"j({"detail": ["First problem.", "Second problem."]})j")
                                     << ApiError::Kind::Query << QString()
                                     << u"First problem. Second problem."_s;
        QTest::newRow("plain DRF") << 400 << QByteArray(R"j({"non_field_errors": ["Invalid query."]})j")
                                   << ApiError::Kind::Query << QString() << u"Invalid query."_s;
        QTest::newRow("error object") << 400 << QByteArray(R"j({"error": {"message": "Bad input"}})j")
                                      << ApiError::Kind::Query << QString() << u"Bad input."_s;
        QTest::newRow("plain text")
            << 503 << QByteArray("upstream connect error") << ApiError::Kind::Server << QString()
            << u"PostHog is too busy to run queries right now (HTTP 503). upstream connect error. Try again in a minute."_s;
    }
    void errorBodies()
    {
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(ApiError::Kind, kind);
        QFETCH(QString, code);
        QFETCH(QString, message);
        const ApiError error = decodeErrorResponse(status, body);
        QCOMPARE(error.httpStatus, status);
        QCOMPARE(error.kind, kind);
        QCOMPARE(error.code, code);
        QCOMPARE(error.message, message);
        if (kind == ApiError::Kind::Throttled)
            QCOMPARE(error.retryAfterSeconds, 37);
    }

    void throttleSeconds()
    {
        QCOMPARE(throttleWaitSeconds(u"Request was throttled. Expected available in 1 second."_s), 1);
        QCOMPARE(throttleWaitSeconds(u"Too many concurrent queries"_s), -1);
    }

    // A 429 whose body names no wait takes the Retry-After header's; the body's wins when both do.
    void retryAfterHeader()
    {
        HttpResponse response;
        response.status = 429;
        response.body =
            R"({"type":"throttled_error","code":"throttled","detail":"Too many concurrent queries","attr":null})";
        QCOMPARE(errorFromResponse(response).retryAfterSeconds, -1);
        response.retryAfterSeconds = 7;
        QCOMPARE(errorFromResponse(response).retryAfterSeconds, 7);
        QCOMPARE(errorFromResponse(response).kind, ApiError::Kind::Throttled);
        response.body =
            R"({"type":"throttled_error","code":"throttled","detail":"Request was throttled. Expected available in 37 seconds.","attr":null})";
        QCOMPARE(errorFromResponse(response).retryAfterSeconds, 37);
        response.status = 503; // only a 429 is a throttle
        QCOMPARE(errorFromResponse(response).retryAfterSeconds, -1);
    }
};

QTEST_GUILESS_MAIN(TestResponseDecoder)
#include "tst_response_decoder.moc"
