#pragma once

// Sorting and filtering of a result table as a row permutation, computed off the GUI thread.

#include <QString>

#include <atomic>
#include <memory>
#include <optional>
#include <vector>

namespace hogscope::model {

class ResultTable;

// What the grid shows: an optional sort by one column and an optional case-insensitive substring
// filter over one column or all of them.
struct RowOrderSpec
{
    enum class Direction
    {
        None,
        Ascending,
        Descending,
    };
    int sortColumn = -1;
    Direction direction = Direction::None;
    QString filterText;    // empty: every row
    int filterColumn = -1; // -1: any column

    bool sorts() const { return sortColumn >= 0 && direction != Direction::None; }
    bool filters() const { return !filterText.isEmpty(); }
    // True when the spec keeps every row in result order (no permutation needed).
    bool isIdentity() const { return !sorts() && !filters(); }
    bool operator==(const RowOrderSpec&) const = default;
};

// The rows of `table` that pass the filter, in sort order (ties keep result order). Sorting is by
// typed value: numbers numerically (integers exactly), date/times by instant, text
// case-insensitively (ASCII) then bytewise; across kinds numbers < date/times < text < JSON, and
// NULL always last in either direction. The filter matches a cell's display text. Returns nullopt
// once `*cancelled` turns true (checked every few thousand rows and between sort runs).
std::optional<std::vector<int>> computeRowOrder(const ResultTable& table, const RowOrderSpec& spec,
                                                const std::atomic<bool>* cancelled = nullptr);

// A copy of `table` holding only `rows`, in that order (for exports of the visible order). Null when
// cancelled or when the copy cannot be built.
std::shared_ptr<const ResultTable> reorderedTable(const ResultTable& table, const std::vector<int>& rows,
                                                  const std::atomic<bool>* cancelled = nullptr);

} // namespace hogscope::model
