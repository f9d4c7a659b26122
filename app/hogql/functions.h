#pragma once

// The catalogue of HogQL functions (PostHog's registries, shared/posthog/hogql-functions.tsv, embedded at
// build time): names, argument counts, aggregate or not, and a signature line for call tips.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hogscope::hogql {

enum class FunctionKind : uint8_t
{
    Regular,   // ClickHouse-mapped function, window functions and UDFs included
    Aggregate, // count, sum, quantile, sumIf, ...
    HogQL,     // expanded by HogQL itself (matchesAction, sparkline, ...)
};

// "regular" | "aggregate" | "hogql"
const char* functionKindName(FunctionKind kind);

struct FunctionInfo
{
    static constexpr int kUnlimited = -1;

    std::string name;
    int minArgs = 0;
    int maxArgs = 0; // kUnlimited for variadic functions
    FunctionKind kind = FunctionKind::Regular;
    std::string clickhouseName; // what it prints as; a template for rewritten calls
    std::string notes;          // the raw notes column (spec/hogql.md §6)
    int minParams = 0;          // parametric functions: `quantile(0.9)(x)` takes 1..1 parameters
    int maxParams = 0;          // kUnlimited for `params:1-*`; 0 when not parametric
    bool caseInsensitive = false;
    bool internal = false;   // name starts with `_`; not meant for users
    bool deprecated = false; // deprecated alias
    bool window = false;     // window-only function (rank, lagInFrame, ...)
    bool tzAware = false;    // the project timezone is appended as the last argument
    std::string signature;   // for call tips: "toStartOfDay(arg1[, arg2])", "quantile(p)(x)"

    bool isAggregate() const { return kind == FunctionKind::Aggregate; }
    bool isParametric() const { return maxParams != 0; }
    // True when `count` arguments are accepted.
    bool acceptsArgs(int count) const
    {
        return count >= minArgs && (maxArgs == kUnlimited || count <= maxArgs);
    }
};

// Every function, sorted by name (byte order).
const std::vector<FunctionInfo>& functionCatalogue();

// The function called `name`: exact match, else a case-insensitive match for functions flagged
// case-insensitive (`COUNT`, `Sum`); null when unknown.
const FunctionInfo* findFunction(std::string_view name);

} // namespace hogscope::hogql
