#include "import_json_text.h"

#include <charconv>
#include <cstdint>

namespace hogscope::local::jsontext {

namespace {

void appendUtf8(std::string& out, uint32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

} // namespace

std::string unescapeString(std::string_view raw)
{
    std::string out;
    unescapeInto(raw, out);
    return out;
}

void unescapeInto(std::string_view raw, std::string& out)
{
    out.clear();
    out.reserve(raw.size());
    for (size_t i = 1; i + 1 < raw.size(); ++i) {
        const char c = raw[i];
        if (c != '\\' || i + 2 >= raw.size()) {
            out += c;
            continue;
        }
        const char e = raw[++i];
        switch (e) {
        case 'n':
            out += '\n';
            break;
        case 't':
            out += '\t';
            break;
        case 'r':
            out += '\r';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'u': {
            auto hex = [&](size_t at, uint32_t& v) {
                return at + 4 <= raw.size() &&
                       std::from_chars(raw.data() + at, raw.data() + at + 4, v, 16).ptr ==
                           raw.data() + at + 4;
            };
            uint32_t cp = 0;
            if (!hex(i + 1, cp)) {
                out += e;
                break;
            }
            i += 4;
            uint32_t low = 0;
            if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < raw.size() && raw[i + 1] == '\\' &&
                raw[i + 2] == 'u' && hex(i + 3, low) && low >= 0xDC00 && low < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
            }
            appendUtf8(out, cp);
            break;
        }
        default:
            out += e; // \" \\ \/
            break;
        }
    }
}

// End (exclusive) of the JSON value starting at `i`, or npos when malformed.
size_t skipValue(std::string_view s, size_t i)
{
    if (i >= s.size())
        return std::string_view::npos;
    if (s[i] == '"') {
        for (++i; i < s.size(); ++i) {
            if (s[i] == '\\')
                ++i;
            else if (s[i] == '"')
                return i + 1;
        }
        return std::string_view::npos;
    }
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        for (; i < s.size(); ++i) {
            const char c = s[i];
            if (c == '"') {
                const size_t end = skipValue(s, i);
                if (end == std::string_view::npos)
                    return end;
                i = end - 1;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return i + 1;
            }
        }
        return std::string_view::npos;
    }
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !isSpace(s[i]))
        ++i;
    return i;
}

// JSON text without insignificant whitespace, as SQLite's `->` renders objects and arrays.
std::string minified(std::string_view raw)
{
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '"') {
            const size_t end = skipValue(raw, i);
            const size_t stop = end == std::string_view::npos ? raw.size() : end;
            out.append(raw.substr(i, stop - i));
            i = stop - 1;
        } else if (!isSpace(raw[i])) {
            out += raw[i];
        }
    }
    return out;
}

// hs_prop's rendering of a raw JSON member value; nullopt for null.
std::optional<std::string> propertyText(std::string_view raw)
{
    if (raw == "null")
        return std::nullopt;
    if (!raw.empty() && raw.front() == '"')
        return unescapeString(raw);
    if (!raw.empty() && (raw.front() == '{' || raw.front() == '['))
        return minified(raw);
    return std::string(raw);
}

} // namespace hogscope::local::jsontext
