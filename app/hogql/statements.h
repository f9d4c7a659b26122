#pragma once

// Splits a script into its statements at top-level semicolons, so the editor can run or format the
// statement under the cursor and completion can look at one statement only.

#include <cstdint>
#include <string_view>
#include <vector>

namespace hogscope::hogql {

// One statement: [begin, end) are byte offsets of its text without the terminating `;` and without
// the whitespace and comments around it. `terminator` is the offset of its `;`, or npos when the
// statement runs to the end of the script.
struct StatementRange
{
    static constexpr uint32_t npos = UINT32_MAX;
    uint32_t begin = 0;
    uint32_t end = 0;
    uint32_t terminator = npos;
};

// Every non-empty statement of `script`, in order. Semicolons inside strings, comments and brackets
// do not split.
std::vector<StatementRange> splitStatements(std::string_view script);

// Index into `statements` of the statement under `offset`: the one whose span (including its `;`)
// contains it, else the nearest one before it; -1 when there is none.
int statementAt(const std::vector<StatementRange>& statements, uint32_t offset);

} // namespace hogscope::hogql
