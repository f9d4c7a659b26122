// Unit tests of the typed insight decoders, fed with bodies shaped as spec/posthog-api.md §4 and
// spec/insight-semantics.md describe them.
#include "api/insight_results.h"

#include <QTest>

using namespace hogscope::api;
using namespace Qt::StringLiterals;

namespace {

const char* const kRetention = R"j({"results": [
  {"date": "2026-04-01T00:00:00Z", "label": "Day 0", "breakdown_value": null,
   "values": [{"count": 120, "label": "Day 0"}, {"count": 40, "label": "Day 1"}, {"count": 31, "label": "Day 2"}]},
  {"date": "2026-04-02T00:00:00Z", "label": "Day 1", "breakdown_value": null,
   "values": [{"count": 98, "label": "Day 0"}, {"count": 35, "label": "Day 1"}]}
], "hogql": "SELECT ...", "timings": [{"k": ".", "t": 0.3}]})j";

const char* const kStickiness = R"j({"results": [
  {"label": "$pageview", "count": 412,
   "data": [250, 90, 40, 20, 12], "days": [1, 2, 3, 4, 5],
   "labels": ["1 day", "2 days", "3 days", "4 days", "5 days"],
   "action": {"order": 0, "type": "events", "name": "$pageview", "id": "$pageview", "custom_name": null}}
]})j";

const char* const kPaths = R"j({"results": [
  {"source": "1_/", "target": "2_/pricing", "value": 53, "average_conversion_time": 41000.0},
  {"source": "2_/pricing", "target": "3_/signup", "value": 20, "average_conversion_time": 65000.0}
]})j";

const char* const kTrends = R"j({"results": [
  {"data": [3, 0, 5.5], "labels": ["1-Apr-2026", "2-Apr-2026", "3-Apr-2026"],
   "days": ["2026-04-01", "2026-04-02", "2026-04-03"], "count": 8.5, "label": "$pageview",
   "action": {"id": "$pageview", "type": "events", "order": 0, "name": "$pageview", "custom_name": "Views", "math": "total"},
   "breakdown_value": "Chrome", "compare": true, "compare_label": "current", "filter": {}},
  {"data": [1], "labels": ["1-Apr-2026"], "days": ["2026-04-01 00:00:00"], "count": 1, "label": "signed up",
   "action": {"id": 12, "type": "actions", "order": 1, "name": "signed up"}, "breakdown_value": ["a", 1],
   "aggregated_value": 17}
], "hasMore": true})j";

} // namespace

class TestInsightResults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void retention()
    {
        const auto response = decodeRetentionResponse(kRetention);
        QCOMPARE(response.outcome, InsightResponse<RetentionResult>::Outcome::Completed);
        const auto& cohorts = response.result.cohorts;
        QCOMPARE(cohorts.size(), size_t(2));
        QCOMPARE(cohorts[0].date, QDateTime(QDate(2026, 4, 1), QTime(0, 0), Qt::UTC));
        QCOMPARE(cohorts[1].label, u"Day 1"_s);
        QVERIFY(cohorts[0].breakdownValue.isNull());
        QCOMPARE(cohorts[0].values.size(), size_t(3));
        QCOMPARE(cohorts[0].values[0].count, qint64(120));
        QCOMPARE(cohorts[0].values[2].label, u"Day 2"_s);
        QVERIFY(!cohorts[0].values[1].aggregationValue);
        QCOMPARE(cohorts[1].values.size(), size_t(2)); // older servers cut the triangle short
        QCOMPARE(response.hogql, u"SELECT ..."_s);
        QCOMPARE(response.timings.size(), size_t(1));
    }

    void retentionAggregation()
    {
        const auto response = decodeRetentionResponse(
            R"j({"results": [{"date": "2026-04-05", "label": "Week 0", "breakdown_value": "Chrome",
                 "values": [{"count": 4, "label": "Week 0", "aggregation_value": 12.5}]}]})j");
        QCOMPARE(response.outcome, InsightResponse<RetentionResult>::Outcome::Completed);
        QCOMPARE(response.result.cohorts[0].breakdownValue.toString(), u"Chrome"_s);
        QCOMPARE(response.result.cohorts[0].values[0].aggregationValue.value_or(0), 12.5);
        QCOMPARE(response.result.cohorts[0].date.date(), QDate(2026, 4, 5));
    }

    void stickiness()
    {
        const auto response = decodeStickinessResponse(kStickiness);
        QCOMPARE(response.outcome, InsightResponse<StickinessResult>::Outcome::Completed);
        QCOMPARE(response.result.series.size(), size_t(1));
        const StickinessSeries& series = response.result.series[0];
        QCOMPARE(series.label, u"$pageview"_s);
        QCOMPARE(series.count, qint64(412));
        QCOMPARE(series.data, (std::vector<qint64>{250, 90, 40, 20, 12}));
        QCOMPARE(series.days, (std::vector<int>{1, 2, 3, 4, 5}));
        QCOMPARE(series.labels.size(), 5);
        QCOMPARE(series.labels[1], u"2 days"_s);
        QCOMPARE(series.action.id, u"$pageview"_s);
        QCOMPARE(series.action.type, u"events"_s);
        QVERIFY(series.action.customName.isEmpty());
        QVERIFY(!series.compare);
    }

    void paths()
    {
        const auto response = decodePathsResponse(kPaths);
        QCOMPARE(response.outcome, InsightResponse<PathsResult>::Outcome::Completed);
        const auto& edges = response.result.edges;
        QCOMPARE(edges.size(), size_t(2));
        QCOMPARE(edges[0].source, u"1_/"_s);
        QCOMPARE(edges[0].sourceStep, 1);
        QCOMPARE(edges[0].sourceItem, u"/"_s);
        QCOMPARE(edges[0].targetStep, 2);
        QCOMPARE(edges[0].targetItem, u"/pricing"_s);
        QCOMPARE(edges[0].value, qint64(53));
        QCOMPARE(edges[1].averageConversionTimeMs, 65000.0);
    }

    void pathsFullUrlItems()
    {
        // Items are full URLs or event names and may contain underscores themselves.
        const auto response =
            // (A plain literal: moc reads "//" in a raw string as a comment.)
            decodePathsResponse(
                "{\"results\": [{\"source\": \"1_https://x/a_b\", \"target\": \"2_signed_up\", "
                "\"value\": 2}]}");
        QCOMPARE(response.outcome, InsightResponse<PathsResult>::Outcome::Completed);
        QCOMPARE(response.result.edges[0].sourceItem, u"https://x/a_b"_s);
        QCOMPARE(response.result.edges[0].targetItem, u"signed_up"_s);
        QCOMPARE(response.result.edges[0].averageConversionTimeMs, 0.0);
    }

    void trends()
    {
        const auto response = decodeTrendsResponse(kTrends);
        QCOMPARE(response.outcome, InsightResponse<TrendsResult>::Outcome::Completed);
        QVERIFY(response.hasMore);
        const auto& series = response.result.series;
        QCOMPARE(series.size(), size_t(2));
        QCOMPARE(series[0].data, (std::vector<double>{3, 0, 5.5}));
        QCOMPARE(series[0].labels[2], u"3-Apr-2026"_s);
        QCOMPARE(series[0].days[1], QDateTime(QDate(2026, 4, 2), QTime(0, 0), Qt::UTC));
        QCOMPARE(series[0].count, 8.5);
        QCOMPARE(series[0].action.customName, u"Views"_s);
        QCOMPARE(series[0].action.math, u"total"_s);
        QCOMPARE(series[0].breakdownValue.toString(), u"Chrome"_s);
        QVERIFY(series[0].compare);
        QCOMPARE(series[0].compareLabel, u"current"_s);
        QVERIFY(!series[0].aggregatedValue);
        QCOMPARE(series[1].action.id, u"12"_s);
        QCOMPARE(series[1].action.order, 1);
        QVERIFY(series[1].breakdownValue.isArray());
        QCOMPARE(series[1].aggregatedValue.value_or(0), 17.0);
        QCOMPARE(series[1].days[0], QDateTime(QDate(2026, 4, 1), QTime(0, 0), Qt::UTC));
    }

    void statusWrapper()
    {
        const QByteArray running = R"j({"query_status": {"id": "q1", "complete": false, "error": false,
            "query_progress": {"rows_read": 10, "bytes_read": 20, "estimated_rows_total": 40, "time_elapsed": 1}}})j";
        const auto pending = decodePathsResponse(running);
        QCOMPARE(pending.outcome, InsightResponse<PathsResult>::Outcome::Running);
        QCOMPARE(pending.queryId, u"q1"_s);
        QCOMPARE(pending.progress.estimatedRowsTotal, qint64(40));

        const QByteArray done =
            "{\"query_status\": {\"id\": \"q2\", \"complete\": true, \"error\": false, \"results\": " +
            QByteArray(kStickiness) + "}}";
        const auto complete = decodeStickinessResponse(done);
        QCOMPARE(complete.outcome, InsightResponse<StickinessResult>::Outcome::Completed);
        QCOMPARE(complete.queryId, u"q2"_s);
        QCOMPARE(complete.result.series[0].count, qint64(412));

        const auto failed = decodeRetentionResponse(
            R"j({"query_status": {"id": "q3", "complete": true, "error": true,
                 "error_message": "[ErrorDetail(string='Bad period', code='invalid')]", "error_code": "invalid_input"}})j");
        QCOMPARE(failed.outcome, InsightResponse<RetentionResult>::Outcome::Failed);
        QCOMPARE(failed.error.kind, ApiError::Kind::Query);
        QCOMPARE(failed.error.code, u"invalid_input"_s);
        QCOMPARE(failed.error.message, u"Bad period"_s);
    }

    void malformed_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("not json") << 0 << QByteArray("{\"results\": [") << u"not valid JSON"_s;
        QTest::newRow("not an object") << 1 << QByteArray("[1]") << u"not a JSON object"_s;
        QTest::newRow("no results") << 2 << QByteArray(R"({"hasMore": false})") << u"no \"results\""_s;
        QTest::newRow("results object")
            << 3 << QByteArray(R"({"results": {}})") << u"\"results\" is an object"_s;
        QTest::newRow("retention count string")
            << 0
            << QByteArray(R"({"results": [{"date": "2026-04-01T00:00:00Z", "values": [{"count": "7"}]}]})")
            << u"\"results[0].values[0].count\" is a string where a number was expected"_s;
        QTest::newRow("retention date missing")
            << 0 << QByteArray(R"({"results": [{"label": "Day 0", "values": []}]})")
            << u"\"results[0].date\" is missing"_s;
        QTest::newRow("retention bad date")
            << 0 << QByteArray(R"({"results": [{"date": "yesterday", "values": []}]})")
            << u"\"results[0].date\""_s;
        QTest::newRow("stickiness days mismatch")
            << 1 << QByteArray(R"({"results": [{"label": "x", "data": [1, 2], "days": [1]}]})")
            << u"\"results[0].days\""_s;
        QTest::newRow("stickiness data missing")
            << 1 << QByteArray(R"({"results": [{"label": "x", "days": [1]}]})")
            << u"\"results[0].data\" is missing"_s;
        QTest::newRow("paths value missing")
            << 2 << QByteArray(R"({"results": [{"source": "1_/", "target": "2_/a"}]})")
            << u"\"results[0].value\" is missing"_s;
        QTest::newRow("paths row not object") << 2 << QByteArray(R"({"results": [[1, 2]]})")
                                              << u"\"results[0]\" is a list where an object was expected"_s;
        QTest::newRow("trends labels mismatch")
            << 3 << QByteArray(R"({"results": [{"data": [1, 2], "labels": ["a"]}]})")
            << u"\"results[0].labels\""_s;
        QTest::newRow("trends action wrong")
            << 3 << QByteArray(R"({"results": [{"data": [1], "action": "x"}]})")
            << u"\"results[0].action\" is a string where an object was expected"_s;
        QTest::newRow("status wrong")
            << 3 << QByteArray(R"({"query_status": 5})") << u"\"query_status\" is a number"_s;
    }
    void malformed()
    {
        QFETCH(int, kind);
        QFETCH(QByteArray, body);
        QFETCH(QString, messagePart);
        ApiError error;
        bool failed = false;
        switch (kind) {
        case 0: {
            const auto response = decodeRetentionResponse(body);
            failed = response.outcome == InsightResponse<RetentionResult>::Outcome::Failed;
            error = response.error;
            break;
        }
        case 1: {
            const auto response = decodeStickinessResponse(body);
            failed = response.outcome == InsightResponse<StickinessResult>::Outcome::Failed;
            error = response.error;
            break;
        }
        case 2: {
            const auto response = decodePathsResponse(body);
            failed = response.outcome == InsightResponse<PathsResult>::Outcome::Failed;
            error = response.error;
            break;
        }
        default: {
            const auto response = decodeTrendsResponse(body);
            failed = response.outcome == InsightResponse<TrendsResult>::Outcome::Failed;
            error = response.error;
            break;
        }
        }
        QVERIFY(failed);
        QCOMPARE(error.kind, ApiError::Kind::Decode);
        QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
    }
};

QTEST_GUILESS_MAIN(TestInsightResults)
#include "tst_insight_results.moc"
