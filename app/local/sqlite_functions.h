#pragma once

struct sqlite3;

namespace hogscope::local {

// Registers the scalar functions the HogQL compiler emits (hs_prop, hs_like, hs_div, ...) on one
// connection. Each one implements a ClickHouse rule that SQLite's built-ins do not follow; the rule
// is written next to its implementation.
bool registerHogqlFunctions(sqlite3* db);

} // namespace hogscope::local
