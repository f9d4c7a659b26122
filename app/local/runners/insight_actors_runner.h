#pragma once

#include "actor_set.h"

#include <QJsonObject>

namespace hogscope::local::runners {

class RunContext;

// Checks an InsightActorsQuery / StickinessActorsQuery node and its source insight; throws RunError.
void validateInsightActorsQuery(const QJsonObject& node);

// The persons behind the data point the node names: a retention cohort (`interval`), a stickiness
// bar (`day`, `series`, `operator`), a paths step (the source's pathStartKey/pathEndKey/
// pathDropoffKey), or a trends point (`day`, `series`, `breakdown`).
ActorSet insightActors(RunContext& context, const QJsonObject& node);

// The node run on its own: one row per actor, `actor_id` and the insight's extra columns
// (PostHog answers with an ActorsQueryResponse-shaped HogQL result).
QJsonObject runInsightActors(RunContext& context, const QJsonObject& node);

} // namespace hogscope::local::runners
