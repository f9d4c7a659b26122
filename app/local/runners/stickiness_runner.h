#pragma once

#include "activity.h"
#include "actor_set.h"
#include "date_range.h"

#include <QJsonObject>

#include <optional>
#include <vector>

namespace hogscope::local::runners {

class RunContext;

// A StickinessQuery (posthog/hogql_queries/insights/stickiness_query_runner.py); see
// spec/insight-semantics.md §3.
struct StickinessRequest
{
    struct Series
    {
        EventSelector selector;
        QJsonValue customName;
    };
    QJsonObject dateRange;
    Interval interval = Interval::Day;
    std::vector<Series> series;
    bool cumulative = false;
    // stickinessCriteria: an (operator, value) test on a person's events per interval that decides
    // whether the interval counts (default: at least one event).
    QString criteriaOperator;
    int64_t criteriaValue = 0;
};

StickinessRequest parseStickinessQuery(const QJsonObject& node);
QJsonObject runStickiness(RunContext& context, const StickinessRequest& request);

// The persons active on exactly `day` intervals (on `day` or more when cumulative; `operator`
// "gte"/"lte"/"exact" overrides) for series `series` (all series when nullopt).
ActorSet stickinessActors(RunContext& context, const StickinessRequest& request, int64_t day,
                          std::optional<int64_t> series, const QString& op);

} // namespace hogscope::local::runners
