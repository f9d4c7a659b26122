#include "functions.h"

#include <algorithm>
#include <cctype>
#include <charconv>

namespace hogscope::hogql {

namespace detail {
extern const std::string_view kFunctionsTsv; // functions_data.cpp, generated from data/hogql-functions.tsv
}

const char* functionKindName(FunctionKind kind)
{
    switch (kind) {
    case FunctionKind::Regular:
        return "regular";
    case FunctionKind::Aggregate:
        return "aggregate";
    case FunctionKind::HogQL:
        return "hogql";
    }
    return "regular";
}

namespace {

std::vector<std::string_view> split(std::string_view s, char sep)
{
    std::vector<std::string_view> out;
    size_t start = 0;
    while (true) {
        const size_t at = s.find(sep, start);
        if (at == std::string_view::npos) {
            out.push_back(s.substr(start));
            return out;
        }
        out.push_back(s.substr(start, at - start));
        start = at + 1;
    }
}

// "3" -> 3, "*" -> unlimited, anything else -> fallback
int parseCount(std::string_view s, int fallback)
{
    if (s == "*")
        return FunctionInfo::kUnlimited;
    int value = fallback;
    const auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), value);
    if (ec != std::errc() || ptr != s.data() + s.size())
        return fallback;
    return value;
}

std::string lowered(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// `arg1, arg2[, arg3]` for min 2, max 3; `arg1, ...` for variadic functions
std::string argumentList(int minArgs, int maxArgs, const char* stem)
{
    std::string out;
    const int shown = maxArgs == FunctionInfo::kUnlimited ? minArgs : maxArgs;
    for (int i = 1; i <= shown && i <= 12; ++i) {
        const bool optional = i > minArgs;
        if (optional)
            out += '[';
        if (i > 1)
            out += ", ";
        out += stem;
        if (shown > 1 || maxArgs == FunctionInfo::kUnlimited)
            out += std::to_string(i);
        if (optional)
            out += ']';
    }
    if (maxArgs == FunctionInfo::kUnlimited)
        out += out.empty() ? "..." : ", ...";
    return out;
}

std::string signatureOf(const FunctionInfo& f)
{
    std::string args;
    const size_t explicitArgs = f.notes.find("args:(");
    if (explicitArgs != std::string::npos) {
        const size_t close = f.notes.find(')', explicitArgs);
        if (close != std::string::npos) {
            args = f.notes.substr(explicitArgs + 6, close - explicitArgs - 6);
            std::string spaced;
            for (char c : args) {
                spaced += c;
                if (c == ',')
                    spaced += ' ';
            }
            args = spaced;
        }
    } else if (f.minArgs == 1 && f.maxArgs == 1) {
        const size_t oneArg = f.notes.find("arg:");
        if (oneArg != std::string::npos) {
            const size_t end = f.notes.find(';', oneArg);
            args =
                f.notes.substr(oneArg + 4, end == std::string::npos ? std::string::npos : end - oneArg - 4);
        }
    }
    if (args.empty())
        args = argumentList(f.minArgs, f.maxArgs, f.maxArgs == 1 ? "x" : "arg");
    std::string out = f.name;
    if (f.isParametric()) {
        std::string params = argumentList(f.minParams, f.maxParams, "p");
        out += '(' + params + ')';
    }
    out += '(' + args + ')';
    if (f.notes.find("requires-WITHIN-GROUP") != std::string::npos)
        out += " WITHIN GROUP (ORDER BY x)";
    return out;
}

std::vector<FunctionInfo> loadCatalogue()
{
    std::vector<FunctionInfo> out;
    out.reserve(1200);
    for (std::string_view line : split(detail::kFunctionsTsv, '\n')) {
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        const std::vector<std::string_view> cols = split(line, '\t');
        if (cols.size() < 5 || cols[0].empty() || cols[0] == "name")
            continue;
        FunctionInfo f;
        f.name = std::string(cols[0]);
        f.minArgs = std::max(0, parseCount(cols[1], 0));
        f.maxArgs = parseCount(cols[2], f.minArgs);
        if (f.maxArgs != FunctionInfo::kUnlimited && f.maxArgs < f.minArgs)
            f.maxArgs = f.minArgs;
        f.kind = cols[3] == "aggregate"        ? FunctionKind::Aggregate
                 : cols[3] == "hogql-specific" ? FunctionKind::HogQL
                                               : FunctionKind::Regular;
        f.clickhouseName = std::string(cols[4]);
        if (cols.size() > 5)
            f.notes = std::string(cols[5]);
        for (std::string_view note : split(f.notes, ';')) {
            if (note == "case-insensitive")
                f.caseInsensitive = true;
            else if (note == "internal")
                f.internal = true;
            else if (note == "deprecated-alias")
                f.deprecated = true;
            else if (note == "window")
                f.window = true;
            else if (note == "tz-aware")
                f.tzAware = true;
            else if (note.substr(0, 7) == "params:") {
                const std::string_view range = note.substr(7);
                const size_t dash = range.find('-');
                const std::string_view lo = range.substr(0, dash);
                const std::string_view hi = dash == std::string_view::npos ? lo : range.substr(dash + 1);
                f.minParams = std::max(0, parseCount(lo, 0));
                f.maxParams = parseCount(hi, f.minParams);
                if (f.maxParams == 0)
                    f.maxParams = 1; // `params:0-0` would not be parametric; keep the marker
            }
        }
        if (!f.name.empty() && f.name[0] == '_')
            f.internal = true;
        f.signature = signatureOf(f);
        out.push_back(std::move(f));
    }
    std::sort(out.begin(), out.end(),
              [](const FunctionInfo& a, const FunctionInfo& b) { return a.name < b.name; });
    return out;
}

} // namespace

const std::vector<FunctionInfo>& functionCatalogue()
{
    static const std::vector<FunctionInfo> catalogue = loadCatalogue();
    return catalogue;
}

const FunctionInfo* findFunction(std::string_view name)
{
    const std::vector<FunctionInfo>& all = functionCatalogue();
    const auto it = std::lower_bound(all.begin(), all.end(), name,
                                     [](const FunctionInfo& f, std::string_view n) { return f.name < n; });
    if (it != all.end() && it->name == name)
        return &*it;
    const std::string low = lowered(name);
    for (const FunctionInfo& f : all) {
        if (f.caseInsensitive && lowered(f.name) == low)
            return &f;
    }
    return nullptr;
}

} // namespace hogscope::hogql
