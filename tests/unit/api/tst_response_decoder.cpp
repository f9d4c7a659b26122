// Unit tests of the pure response decoders, fed with PostHog-shaped bodies.
#include "api/response_decoder.h"
#include "model/result_table.h"

#include <QTest>

using namespace hogscope;
using namespace hogscope::api;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(hogscope::api::ApiError::Kind)
Q_DECLARE_METATYPE(hogscope::api::QueryResponse::Outcome)

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
        QCOMPARE(response.result.table->columnType(0), model::ColumnType::Json);
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
        QTest::newRow("plain text") << 503 << QByteArray("upstream connect error") << ApiError::Kind::Server
                                    << QString()
                                    << u"The server failed (HTTP 503): upstream connect error."_s;
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
};

QTEST_GUILESS_MAIN(TestResponseDecoder)
#include "tst_response_decoder.moc"
