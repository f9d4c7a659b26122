#pragma once

// Serialises an AST to JSON in exactly the node shapes of PostHog's own parser (@posthog/hogql-parser):
// keys sorted, positions as {"line", "column", "offset"} counted in Unicode code points.

#include "ast.h"

#include <string>
#include <string_view>

namespace hogscope::hogql {

struct SyntaxError;

// `source` is the text the node was parsed from (to convert byte offsets to code points).
std::string toJson(const Node& node, std::string_view source);

// {"error": true, "type": "SyntaxError", "message": ..., "start": {...}, "end": {...}}
std::string errorToJson(const SyntaxError& error, std::string_view source);

} // namespace hogscope::hogql
