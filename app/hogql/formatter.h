#pragma once

// The HogQL formatter: prints queries and expressions in one canonical layout, keeps every comment, and
// guarantees that the result parses back to the same AST (it checks this itself) and that formatting
// the result again changes nothing.
//
// Layout rules:
// - keywords upper case; function names, identifiers and type names keep their spelling; identifiers are
//   quoted with backticks only where HogQL needs it; strings are re-escaped; numbers print in a form that
//   parses back to the same constant (`inf`, `nan` and huge integers keep their text);
// - a top-level query puts each clause (WITH, SELECT, FROM, each JOIN, ARRAY JOIN, PREWHERE, WHERE,
//   GROUP BY, HAVING, QUALIFY, WINDOW, ORDER BY, LIMIT ... BY, LIMIT, OFFSET, SETTINGS, each set
//   operator) on its own line;
// - a clause keeps its contents on the keyword's line when they fit in `maxWidth`; otherwise the keyword
//   stands alone and the contents follow on the next lines, indented by `indent`, one list item per line
//   (conditions break before each AND / OR);
// - a subquery stays on one line when it fits, else it opens `(` at the end of the line, its clauses
//   follow indented, and `)` closes on a line of its own; call arguments, arrays, tuples, window specs
//   and CASE follow the same fits-or-one-per-line rule;
// - syntax sugar prints in one canonical spelling that parses to the same node: `a ? b : c` prints as
//   CASE, `x IS NULL` stays, f-strings print as `||` chains, `INTERVAL '7 days'` as `INTERVAL 7 DAY`;
// - comments stay where they were relative to the code: a comment on a line of its own stays on a line
//   of its own before the code that followed it, a comment after code stays at the end of that line,
//   a block comment inside a line stays inline before the code that followed it.

#include "ast.h"
#include "parser.h"

#include <string>
#include <string_view>
#include <vector>

namespace hogscope::hogql {

struct FormatOptions
{
    int maxWidth = 100; // columns, counted in code points
    int indent = 4;
};

// On success `text` is the formatted text. On errors `text` is the unchanged input, so a caller that
// always takes `text` never loses anything; `errors` holds the syntax errors (byte offsets into the input).
struct FormatResult
{
    std::string text;
    std::vector<SyntaxError> errors;

    bool ok() const { return errors.empty(); }
};

// A script of `;`-separated SELECT statements: each statement is formatted on its own, statements are
// separated by one empty line and keep their `;`; the text ends with one newline. If any statement has
// a syntax error, nothing is formatted.
FormatResult formatScript(std::string_view script, const FormatOptions& options = {});

// One expression (`kind: "expr"`), no trailing newline.
FormatResult formatExpr(std::string_view expression, const FormatOptions& options = {});

// Any node (query, expression or query part) in the canonical layout, without comments; no trailing
// newline. For generated ASTs: what it prints parses back to the node wherever HogQL can spell it.
// Empty for a tree nested more than 1000 levels deep (formatScript / formatExpr report an error).
std::string printNode(const Node& node, const FormatOptions& options = {});

} // namespace hogscope::hogql
