#pragma once

#include "activity.h"
#include "actor_set.h"
#include "date_range.h"

#include <QJsonObject>

namespace hogscope::local::runners {

class RunContext;

// A RetentionQuery as the runner understands it (posthog/hogql_queries/insights/
// retention_query_runner.py); see spec/insight-semantics.md §2.
struct RetentionRequest
{
    QJsonObject dateRange;
    Interval period = Interval::Day;
    int64_t totalIntervals = 8;
    bool firstTime = false; // retention_first_time; else retention_recurring
    bool cumulative = false;
    EventSelector target;
    EventSelector returning;
};

// Parses and validates the node; throws RunError with PostHog's 400 for a bad field.
RetentionRequest parseRetentionQuery(const QJsonObject& node);

// The RetentionQueryResponse.
QJsonObject runRetention(RunContext& context, const RetentionRequest& request);

// The persons of cohort `interval` with their `appearances` and the <period>_k flags.
ActorSet retentionActors(RunContext& context, const RetentionRequest& request, int64_t interval);

} // namespace hogscope::local::runners
