#pragma once

#include "activity.h"
#include "actor_set.h"
#include "date_range.h"

#include <QJsonObject>

#include <optional>
#include <vector>

namespace hogscope::local::runners {

class RunContext;

// A TrendsQuery with total-count or unique-person (dau) series, an interval and an optional
// breakdown by one property (posthog/hogql_queries/insights/trends/trends_query_runner.py).
struct TrendsRequest
{
    struct Series
    {
        EventSelector selector;
        bool uniquePersons = false; // math "dau"
        QJsonObject node;
    };
    QJsonObject dateRange;
    Interval interval = Interval::Day;
    std::vector<Series> series;
    // Breakdown by one property; empty key = no breakdown.
    QString breakdownKey;
    QString breakdownType = QStringLiteral("event"); // event | person | hogql
    int64_t breakdownLimit = 25;
};

TrendsRequest parseTrendsQuery(const QJsonObject& node);
QJsonObject runTrends(RunContext& context, const TrendsRequest& request);

// The persons behind one point: series `series`, the interval starting at `day`, and the breakdown
// value `breakdown` (when the query has a breakdown).
ActorSet trendsActors(RunContext& context, const TrendsRequest& request, const QJsonValue& day,
                      int64_t series, const QJsonValue& breakdown);

} // namespace hogscope::local::runners
