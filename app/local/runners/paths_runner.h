#pragma once

#include "actor_set.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>

#include <cstdint>
#include <optional>

namespace hogscope::local::runners {

class RunContext;

// A PathsQuery (posthog/hogql_queries/insights/paths/paths_query_runner.py); see
// spec/insight-semantics.md §4.
struct PathsRequest
{
    QJsonObject dateRange;
    bool pageviews = false;    // includeEventTypes has $pageview
    bool screens = false;      // ... $screen
    bool customEvents = false; // ... custom_event
    bool allEvents = true;     // includeEventTypes empty
    QStringList excludeEvents;
    QString startPoint;
    QString endPoint;
    int64_t stepLimit = 5;
    int64_t edgeLimit = 50;
    std::optional<int64_t> minEdgeWeight;
    std::optional<int64_t> maxEdgeWeight;
    QJsonValue properties;
    // Actors keys (InsightActorsQuery): node ids like "2_https://x/pricing".
    QString pathStartKey;
    QString pathEndKey;
    QString pathDropoffKey;
};

PathsRequest parsePathsQuery(const QJsonObject& node);
QJsonObject runPaths(RunContext& context, const PathsRequest& request);

// The persons whose paths match pathStartKey / pathEndKey / pathDropoffKey, with `event_count`.
ActorSet pathsActors(RunContext& context, const PathsRequest& request);

} // namespace hogscope::local::runners
