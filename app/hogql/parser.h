#pragma once

// Recursive-descent HogQL parser: SELECT statements (incl. set operations) and expressions, with error
// recovery. It returns a (possibly partial) AST and every syntax error found.

#include "ast.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hogscope::hogql {

// A syntax error; [begin, end) are byte offsets into the parsed text.
struct SyntaxError
{
    std::string message;
    uint32_t begin = 0;
    uint32_t end = 0;
};

// Outcome of a parse: the root node (SelectQuery, SelectSetQuery or an expression) and all errors.
// On errors `root` holds what could be recovered (may be null).
struct ParseResult
{
    NodePtr root;
    std::vector<SyntaxError> errors;

    bool ok() const { return errors.empty() && root != nullptr; }
};

// Parses a full query: `SELECT ...`, a set of SELECTs, or a parenthesised query; an optional trailing `;`.
ParseResult parseSelect(std::string_view text);

// Parses one expression (`1 + 2`, `properties.$browser = 'Chrome'`).
ParseResult parseExpr(std::string_view text);

} // namespace hogscope::hogql
