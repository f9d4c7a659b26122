#include "json_text.h"

#include <cstdio>

namespace hogscope::hogql {

namespace {

// Which bytes need escaping in a JSON string: '"', '\\' and the control characters.
struct EscapeTable
{
    bool escape[256] = {};
    constexpr EscapeTable()
    {
        for (int c = 0; c < 0x20; ++c)
            escape[c] = true;
        escape[static_cast<unsigned char>('"')] = true;
        escape[static_cast<unsigned char>('\\')] = true;
    }
};
constexpr EscapeTable kEscape;

} // namespace

void appendJsonString(std::string& out, std::string_view text)
{
    out += '"';
    size_t start = 0;
    for (size_t i = 0; i < text.size(); ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (!kEscape.escape[c])
            continue;
        out.append(text.data() + start, i - start);
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default: {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
            out += buffer;
        }
        }
        start = i + 1;
    }
    out.append(text.data() + start, text.size() - start);
    out += '"';
}

} // namespace hogscope::hogql
