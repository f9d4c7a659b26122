#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hogscope::local {

// How many values of each kind one property has had.
struct ValueKinds
{
    int64_t numeric = 0;
    int64_t boolean = 0;
    int64_t text = 0;
    int64_t dateText = 0; // strings that start like an ISO date (also counted in `text`)
    int64_t other = 0;    // objects and arrays (nulls are not counted)

    void merge(const ValueKinds& o)
    {
        numeric += o.numeric;
        boolean += o.boolean;
        text += o.text;
        dateText += o.dateText;
        other += o.other;
    }
};

// The properties found in JSON object texts (event or person property bags): every top-level key,
// the kinds of its values, and for events the event names it was seen on. Reading the keys with a
// small scanner instead of SQLite's json_each and GROUP BY is what makes a census of a million
// events take seconds rather than a minute: there is no row per property to sort.
class PropertyCensus
{
public:
    struct Entry
    {
        ValueKinds kinds;
        std::vector<std::string> events; // distinct, in the order first seen
    };

    struct Hash
    {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    using Entries = std::unordered_map<std::string, Entry, Hash, std::equal_to<>>;

    // Counts the top-level members of `json`, seen on `event` (empty for persons). Returns false
    // when the text is not a well-formed JSON object; members before the fault are still counted.
    bool add(std::string_view event, std::string_view json);

    const Entries& entries() const { return m_entries; }
    int64_t malformed() const { return m_malformed; }

private:
    Entries m_entries;
    std::string m_key; // scratch for keys with escapes
    int64_t m_malformed = 0;
};

} // namespace hogscope::local
