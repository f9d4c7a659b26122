#pragma once

#include <QJsonObject>

#include <memory>

namespace hogscope::local {
struct QueryOutcome;
}

namespace hogscope::local::runners {

class RunContext;

// Checks an ActorsQuery node (and its source); throws RunError.
void validateActorsQuery(const QJsonObject& node);

// ActorsQuery over persons (posthog/hogql_queries/actors_query_runner.py with the PersonStrategy of
// actor_strategies.py): `select`, `search`, `properties`/`fixedProperties`, `orderBy`, `limit`/
// `offset`, and a `source` (InsightActorsQuery / StickinessActorsQuery) naming the actors.
// Fills `outcome.response` and `outcome.table`.
void runActors(RunContext& context, const QJsonObject& node, QueryOutcome& outcome);

} // namespace hogscope::local::runners
