#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

// JSON text of property bags scanned without a parser: member by member, values as their raw text.
// EventIngest reads hot values and $session_id this way, and the importers find the raw text of an
// exported event's `properties`. Meant for text already known to be valid JSON: it checks
// structure, not every token.
namespace hogscope::local::jsontext {

// The text of a JSON string literal (with its quotes), unescaped.
std::string unescapeString(std::string_view raw);
// The same into `out` (cleared first), whose buffer is reused: for callers that unescape many keys.
void unescapeInto(std::string_view raw, std::string& out);

inline bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// End (exclusive) of the JSON value starting at `i`, or npos when malformed.
size_t skipValue(std::string_view s, size_t i);

// Calls `visit(key, rawValue)` for every member of a top-level JSON object; false when malformed.
template <typename Visit>
bool forEachMember(std::string_view s, Visit&& visit)
{
    size_t i = 0;
    auto ws = [&] {
        while (i < s.size() && isSpace(s[i]))
            ++i;
    };
    ws();
    if (i >= s.size() || s[i] != '{')
        return false;
    ++i;
    ws();
    if (i < s.size() && s[i] == '}')
        return true;
    while (i < s.size()) {
        ws();
        const size_t keyEnd = skipValue(s, i);
        if (keyEnd == std::string_view::npos || s[i] != '"')
            return false;
        const std::string_view rawKey = s.substr(i, keyEnd - i);
        i = keyEnd;
        ws();
        if (i >= s.size() || s[i] != ':')
            return false;
        ++i;
        ws();
        const size_t valueEnd = skipValue(s, i);
        if (valueEnd == std::string_view::npos)
            return false;
        const std::string_view value = s.substr(i, valueEnd - i);
        if (rawKey.find('\\') == std::string_view::npos)
            visit(rawKey.substr(1, rawKey.size() - 2), value);
        else
            visit(std::string_view(unescapeString(rawKey)), value);
        i = valueEnd;
        ws();
        if (i < s.size() && s[i] == ',') {
            ++i;
            continue;
        }
        return i < s.size() && s[i] == '}';
    }
    return false;
}

// JSON text without insignificant whitespace, as SQLite's `->` renders objects and arrays.
std::string minified(std::string_view raw);

// hs_prop's rendering of a raw JSON member value: strings unescaped, objects and arrays minified,
// other values as written; nullopt for null.
std::optional<std::string> propertyText(std::string_view raw);

} // namespace hogscope::local::jsontext
