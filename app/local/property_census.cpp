#include "property_census.h"

#include "import_json_text.h"

#include <algorithm>

namespace hogscope::local {

namespace {

enum class Kind
{
    Text,
    DateText,
    Number,
    Boolean,
    Null,
    Other,
};

class Scanner
{
public:
    explicit Scanner(std::string_view text)
        : m_text(text)
    {}

    bool atEnd() const { return m_pos >= m_text.size(); }
    char peek() const { return atEnd() ? '\0' : m_text[m_pos]; }

    void skipSpace()
    {
        while (!atEnd() && (m_text[m_pos] == ' ' || m_text[m_pos] == '\t' || m_text[m_pos] == '\n' ||
                            m_text[m_pos] == '\r'))
            ++m_pos;
    }

    bool consume(char c)
    {
        skipSpace();
        if (peek() != c)
            return false;
        ++m_pos;
        return true;
    }

    // A string whose opening quote is at the current position: its raw contents (escapes left
    // as written) and whether it holds any escape.
    bool string(std::string_view& raw, bool& escaped)
    {
        if (peek() != '"')
            return false;
        const size_t start = ++m_pos;
        escaped = false;
        while (!atEnd()) {
            const char c = m_text[m_pos];
            if (c == '\\') {
                escaped = true;
                m_pos += 2;
                continue;
            }
            if (c == '"') {
                raw = m_text.substr(start, m_pos - start);
                ++m_pos;
                return true;
            }
            ++m_pos;
        }
        return false;
    }

    // Skips one value and says what kind it was.
    bool value(Kind& kind)
    {
        skipSpace();
        const char c = peek();
        if (c == '"') {
            std::string_view raw;
            bool escaped = false;
            if (!string(raw, escaped))
                return false;
            kind = looksLikeDate(raw) ? Kind::DateText : Kind::Text;
            return true;
        }
        if (c == '{' || c == '[') {
            kind = Kind::Other;
            return skipNested();
        }
        if (literal("true") || literal("false")) {
            kind = Kind::Boolean;
            return true;
        }
        if (literal("null")) {
            kind = Kind::Null;
            return true;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            while (!atEnd() &&
                   std::string_view("0123456789+-.eE").find(m_text[m_pos]) != std::string_view::npos)
                ++m_pos;
            kind = Kind::Number;
            return true;
        }
        return false;
    }

private:
    bool literal(std::string_view word)
    {
        if (m_text.substr(m_pos, word.size()) != word)
            return false;
        m_pos += word.size();
        return true;
    }

    bool skipNested()
    {
        int depth = 0;
        while (!atEnd()) {
            const char c = m_text[m_pos];
            if (c == '"') {
                std::string_view raw;
                bool escaped = false;
                if (!string(raw, escaped))
                    return false;
                continue;
            }
            ++m_pos;
            if (c == '{' || c == '[')
                ++depth;
            else if ((c == '}' || c == ']') && --depth == 0)
                return true;
        }
        return false;
    }

    // Starts as YYYY-MM-DD, as the store's definitions take a DateTime string to.
    static bool looksLikeDate(std::string_view s)
    {
        if (s.size() < 10)
            return false;
        for (size_t i = 0; i < 10; ++i) {
            const bool dash = i == 4 || i == 7;
            if (dash ? s[i] != '-' : (s[i] < '0' || s[i] > '9'))
                return false;
        }
        return true;
    }

    std::string_view m_text;
    size_t m_pos = 0;
};

} // namespace

bool PropertyCensus::add(std::string_view event, std::string_view json)
{
    Scanner scanner(json);
    if (!scanner.consume('{')) {
        ++m_malformed;
        return false;
    }
    if (scanner.consume('}'))
        return true;
    do {
        scanner.skipSpace();
        std::string_view raw;
        bool escaped = false;
        Kind kind = Kind::Null;
        if (!scanner.string(raw, escaped) || !scanner.consume(':') || !scanner.value(kind)) {
            ++m_malformed;
            return false;
        }
        std::string_view key = raw;
        if (escaped) {
            // `raw` is what lies between the quotes, which are in the text around it.
            jsontext::unescapeInto(std::string_view(raw.data() - 1, raw.size() + 2), m_key);
            key = m_key;
        }
        auto it = m_entries.find(key);
        if (it == m_entries.end())
            it = m_entries.emplace(std::string(key), Entry{}).first;
        Entry& entry = it->second;
        switch (kind) {
        case Kind::Text:
            ++entry.kinds.text;
            break;
        case Kind::DateText:
            ++entry.kinds.text;
            ++entry.kinds.dateText;
            break;
        case Kind::Number:
            ++entry.kinds.numeric;
            break;
        case Kind::Boolean:
            ++entry.kinds.boolean;
            break;
        case Kind::Other:
            ++entry.kinds.other;
            break;
        case Kind::Null:
            break;
        }
        // The event just seen is almost always the last one recorded for the key.
        if (!event.empty() && (entry.events.empty() || entry.events.back() != event) &&
            std::find(entry.events.begin(), entry.events.end(), event) == entry.events.end())
            entry.events.emplace_back(event);
    } while (scanner.consume(','));
    if (!scanner.consume('}')) {
        ++m_malformed;
        return false;
    }
    return true;
}

} // namespace hogscope::local
