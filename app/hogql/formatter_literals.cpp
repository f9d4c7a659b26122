// Spelling of names, strings and numbers so that they read back as the same value.

#include "formatter_impl.h"

#include <array>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace hogscope::hogql::fmt {

namespace {

// Keywords the parser reads as literals wherever a name could stand.
constexpr std::array<std::string_view, 5> kLiteralWords = {"NULL", "TRUE", "FALSE", "INF", "NAN"};

// Keywords that start other syntax when they open an expression: a field named like this must be quoted.
constexpr std::array<std::string_view, 11> kExprStartWords = {
    "CASE", "CAST", "TRY_CAST", "INTERVAL", "ARRAY", "NOT", "SELECT", "WITH", "DISTINCT", "FROM", "ALL",
};

template <size_t N>
bool contains(const std::array<std::string_view, N>& words, std::string_view s)
{
    for (const auto w : words) {
        if (iequal(w, s))
            return true;
    }
    return false;
}

// Escapes `value` between `quote` characters for the literal decoder of the lexer/parser
// (parser_literals.cpp: unquote), which replaces the escapes one kind at a time in a fixed order. A backslash
// is written `\\`; when the next character would pair with the second backslash into an earlier escape (`\\n`
// would read as backslash + newline), a `\0` (which reads as nothing) is put between them.
std::string escapeQuoted(std::string_view value, char quote)
{
    std::string out;
    out.reserve(value.size() + 2);
    out += quote;
    for (size_t i = 0; i < value.size(); ++i) {
        const char c = value[i];
        switch (c) {
        case '\\': {
            out += "\\\\";
            const char next = i + 1 < value.size() ? value[i + 1] : '\0';
            if (next && std::string_view("bfrnt0av").find(next) != std::string_view::npos)
                out += "\\0";
            break;
        }
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
        case '\a':
            out += "\\a";
            break;
        case '\v':
            out += "\\v";
            break;
        default:
            if (c == quote) {
                out += '\\';
                out += quote;
            } else {
                out += c;
            }
        }
    }
    out += quote;
    return out;
}

std::string doubleText(double v)
{
    if (std::isnan(v))
        return "nan";
    if (std::isinf(v))
        return v < 0 ? "-inf" : "inf";
    char buf[40];
    for (int precision = 15; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*g", precision, v);
        if (std::strtod(buf, nullptr) == v)
            break;
    }
    std::string s(buf);
    // it must read back as a float, not an integer
    if (s.find_first_of(".e") == std::string::npos)
        s += ".0";
    return s;
}

} // namespace

bool iequal(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

bool isPlainIdentifier(std::string_view s)
{
    if (s.empty())
        return false;
    auto start = [](unsigned char c) { return std::isalpha(c) || c == '_' || c == '$'; };
    auto rest = [](unsigned char c) { return std::isalnum(c) || c == '_' || c == '$'; };
    if (!start(static_cast<unsigned char>(s.front())))
        return false;
    for (const char c : s.substr(1)) {
        if (!rest(static_cast<unsigned char>(c)))
            return false;
    }
    return true;
}

std::string quoteIdentifier(std::string_view name)
{
    return escapeQuoted(name, '`');
}

std::string quoteString(std::string_view value)
{
    return escapeQuoted(value, '\'');
}

std::string name(std::string_view s, NameContext context)
{
    if (!isPlainIdentifier(s) || contains(kLiteralWords, s))
        return quoteIdentifier(s);
    if (context == NameContext::ExprStart && contains(kExprStartWords, s))
        return quoteIdentifier(s);
    return std::string(s);
}

std::string constantText(const Constant& c)
{
    if (c.numberText) {
        const std::string& t = *c.numberText;
        if (t == "Infinity")
            return "inf";
        if (t == "-Infinity")
            return "-inf";
        if (t == "NaN")
            return "nan";
        return t; // an integer too big for int64: its digits as written
    }
    switch (c.value.index()) {
    case 0:
        return "NULL";
    case 1:
        return std::get<bool>(c.value) ? "TRUE" : "FALSE";
    case 2:
        return std::to_string(std::get<int64_t>(c.value));
    case 3:
        return doubleText(std::get<double>(c.value));
    default:
        return quoteString(std::get<std::string>(c.value));
    }
}

} // namespace hogscope::hogql::fmt
