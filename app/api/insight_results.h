#pragma once

#include "api/api_error.h"
#include "api/query_result.h"

#include <QByteArrayView>
#include <QDateTime>
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <optional>
#include <vector>

// Typed results of the insight queries (TrendsQuery, RetentionQuery, StickinessQuery, PathsQuery),
// decoded from the shapes in spec/posthog-api.md §4 and spec/insight-semantics.md. Pure functions:
// no network, callable from any thread. Insight bodies are small (series x intervals), so they are
// read with QJsonDocument; wrong or missing fields give an ApiError naming the field.
namespace hogscope::api {

// The series a result belongs to: PostHog's "action" object.
struct InsightSeries
{
    QString id;   // event name, or an action id as text
    QString type; // "events", "actions", ...
    int order = 0;
    QString name;
    QString customName;
    QString math; // "total", "dau", ... (empty when absent)
};

// One return interval of a retention cohort.
struct RetentionValue
{
    qint64 count = 0;                       // distinct persons
    QString label;                          // "Day 3"
    std::optional<double> aggregationValue; // with sum/avg aggregation
};

// One cohort (a start interval, per breakdown value).
struct RetentionCohort
{
    QDateTime date;                     // start of the cohort's interval, UTC
    QString label;                      // "Day 0", "Week 2"
    QJsonValue breakdownValue;          // null without a breakdown
    std::vector<RetentionValue> values; // value 0 is the cohort size
};

struct RetentionResult
{
    std::vector<RetentionCohort> cohorts;
};

// One stickiness series: data[i] actors active on days[i] intervals (or more, when cumulative).
struct StickinessSeries
{
    QString label;
    qint64 count = 0;
    std::vector<qint64> data;
    std::vector<int> days;
    QStringList labels; // "1 day", "2 days", ...
    InsightSeries action;
    bool compare = false;
    QString compareLabel; // "current" / "previous" with compare
};

struct StickinessResult
{
    std::vector<StickinessSeries> series;
};

// One paths edge between nodes "<step>_<item>".
struct PathEdge
{
    QString source;
    QString target;
    int sourceStep = 0; // 1-based; 0 when the node has no step prefix
    QString sourceItem;
    int targetStep = 0;
    QString targetItem;
    qint64 value = 0;                   // traversals of the edge
    double averageConversionTimeMs = 0; // mean time between the two steps
};

struct PathsResult
{
    std::vector<PathEdge> edges;
};

// One trends series (per series x breakdown value x compare period).
struct TrendsSeries
{
    QString label;
    double count = 0;
    std::vector<double> data;
    QStringList labels;          // formatted interval labels
    std::vector<QDateTime> days; // interval starts, UTC
    InsightSeries action;
    QJsonValue breakdownValue;
    std::optional<double> aggregatedValue; // total-value displays
    bool compare = false;
    QString compareLabel;
};

struct TrendsResult
{
    std::vector<TrendsSeries> series;
};

// What an insight body says: the typed result, or that the query still runs, or why it failed.
template <typename T>
struct InsightResponse
{
    enum class Outcome
    {
        Completed, // result holds the typed result
        Running,   // an async query is still going; queryId and progress are set
        Failed,    // error is set
    };
    Outcome outcome = Outcome::Failed;
    QString queryId;
    QueryProgress progress;
    T result;
    bool hasMore = false; // Trends: more breakdown values exist
    QString hogql;
    std::vector<QueryTiming> timings;
    ApiError error;
};

// Each accepts a synchronous response body or a {"query_status": {...}} wrapper (202 or a poll).
InsightResponse<TrendsResult> decodeTrendsResponse(QByteArrayView body);
InsightResponse<RetentionResult> decodeRetentionResponse(QByteArrayView body);
InsightResponse<StickinessResult> decodeStickinessResponse(QByteArrayView body);
InsightResponse<PathsResult> decodePathsResponse(QByteArrayView body);

} // namespace hogscope::api
