#pragma once

#include <QJsonObject>

namespace hogscope::local::runners {

// Checks a HogQLMetadata node; throws RunError.
void validateMetadataQuery(const QJsonObject& node);

// HogQLMetadata for `language` "hogQL" (a query) or "hogQLExpr" (an expression over events): the
// editor's squiggles. Errors carry [start, end) character offsets into the query as PostHog's
// HogQLNotice does: the first syntax error, or the first resolution error of the compiler. Needs no
// store: a query is checked as the local engine would run it.
QJsonObject runMetadata(const QJsonObject& node, int64_t nowMicros);

} // namespace hogscope::local::runners
