#pragma once

#include <QJsonObject>

namespace hogscope::local {
struct QueryOutcome;
}

namespace hogscope::local::runners {

class RunContext;

// Checks an EventsQuery node; throws RunError.
void validateEventsQuery(const QJsonObject& node);

// EventsQuery (posthog/hogql_queries/events_query_runner.py): `select` HogQL expressions (with "*"
// as the event object and "person" as the person object), `where`, `properties`/
// `fixedProperties`, `event`/`events`, `personId`, `before` (default now + 5 s), `after` (default
// -24h; "all" for none), `orderBy`, `limit`/`offset`. Built as one HogQL query and compiled.
void runEvents(RunContext& context, const QJsonObject& node, QueryOutcome& outcome);

} // namespace hogscope::local::runners
