#include "lexer.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <string>

namespace hogscope::hogql {

namespace {

constexpr std::array<std::string_view, 138> kKeywords = {
    "ALL",          "AND",       "ANTI",     "ANY",        "ARRAY",      "AS",        "ASC",
    "ASCENDING",    "ASOF",      "BETWEEN",  "BOTH",       "BY",         "CASE",      "CAST",
    "CATCH",        "COHORT",    "COLLATE",  "COLUMNS",    "CROSS",      "CUBE",      "CURRENT",
    "DATE",         "DAY",       "DESC",     "DESCENDING", "DISTINCT",   "ELSE",      "END",
    "EXCEPT",       "EXCLUDE",   "EXTRACT",  "FALSE",      "FILL",       "FILTER",    "FINAL",
    "FINALLY",      "FIRST",     "FN",       "FOLLOWING",  "FOR",        "FROM",      "FULL",
    "FUN",          "GROUP",     "GROUPING", "HAVING",     "HOUR",       "ID",        "IF",
    "IGNORE",       "ILIKE",     "IN",       "INCLUDE",    "INF",        "INFINITY",  "INNER",
    "INTERPOLATE",  "INTERSECT", "INTERVAL", "IS",         "JOIN",       "KEY",       "LAMBDA",
    "LAST",         "LEADING",   "LEFT",     "LET",        "LIKE",       "LIMIT",     "LOCAL",
    "MATERIALIZED", "MINUTE",    "MONTH",    "NAME",       "NAN",        "NATURAL",   "NOT",
    "NULL",         "NULLS",     "OFFSET",   "ON",         "OR",         "ORDER",     "OUTER",
    "OVER",         "PARTITION", "PERCENT",  "PIVOT",      "POSITIONAL", "PRECEDING", "PREWHERE",
    "QUALIFY",      "QUARTER",   "RANGE",    "RECURSIVE",  "REPLACE",    "RETURN",    "RIGHT",
    "ROLLUP",       "ROW",       "ROWS",     "SAMPLE",     "SECOND",     "SELECT",    "SEMI",
    "SETS",         "SETTINGS",  "STEP",     "SUBSTRING",  "THEN",       "THROW",     "TIES",
    "TIME",         "TIMESTAMP", "TO",       "TOP",        "TOTALS",     "TRAILING",  "TRIM",
    "TRUE",         "TRUNCATE",  "TRY",      "TRY_CAST",   "UNBOUNDED",  "UNION",     "UNPIVOT",
    "USING",        "VALUES",    "WEEK",     "WHEN",       "WHERE",      "WHILE",     "WINDOW",
    "WITH",         "WITHIN",    "YEAR",     "YYYY",       "ZONE",
};

bool isIdentStart(unsigned char c)
{
    return std::isalpha(c) || c == '_' || c == '$';
}

bool isIdentChar(unsigned char c)
{
    return std::isalnum(c) || c == '_' || c == '$';
}

bool isDigit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

bool isHex(unsigned char c)
{
    return std::isxdigit(c) != 0;
}

// Length in bytes of a Unicode white space character at `pos` (ASCII or UTF-8 encoded), else 0.
size_t whitespaceLength(std::string_view s, size_t pos)
{
    const auto c = static_cast<unsigned char>(s[pos]);
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f')
        return 1;
    if (c < 0x80 || pos + 1 >= s.size())
        return 0;
    const auto c1 = static_cast<unsigned char>(s[pos + 1]);
    if (c == 0xC2 && (c1 == 0x85 || c1 == 0xA0))
        return 2; // NEL, NBSP
    if (pos + 2 >= s.size())
        return 0;
    const auto c2 = static_cast<unsigned char>(s[pos + 2]);
    if (c == 0xE1 && c1 == 0x9A && c2 == 0x80)
        return 3; // OGHAM SPACE MARK
    if (c == 0xE2 && c1 == 0x80 && (c2 <= 0x8A || c2 == 0xA8 || c2 == 0xA9 || c2 == 0xAF))
        return 3; // EN QUAD .. HAIR SPACE, LINE/PARAGRAPH SEPARATOR, NNBSP
    if (c == 0xE2 && c1 == 0x81 && c2 == 0x9F)
        return 3; // MEDIUM MATHEMATICAL SPACE
    if (c == 0xE3 && c1 == 0x80 && c2 == 0x80)
        return 3; // IDEOGRAPHIC SPACE
    if (c == 0xEF && c1 == 0xBB && c2 == 0xBF)
        return 3; // BOM
    return 0;
}

// Length of one UTF-8 encoded code point starting with byte `c` (1 for invalid bytes).
size_t utf8Length(unsigned char c)
{
    if (c >= 0xF0 && c < 0xF8)
        return 4;
    if (c >= 0xE0)
        return c < 0xF0 ? 3 : 1;
    if (c >= 0xC0)
        return 2;
    return 1;
}

class Lexer
{
public:
    explicit Lexer(std::string_view text)
        : m_text(text)
    {}

    std::vector<Token> run()
    {
        while (true) {
            skipWhitespace();
            if (m_pos >= m_text.size())
                break;
            if (!m_braces.empty() && m_braces.back() && peek() == '}') {
                m_braces.pop_back();
                emit(TokenKind::Punctuation, m_pos, m_pos + 1);
                ++m_pos;
                lexTemplateText(m_pos);
                continue;
            }
            lexOne();
        }
        const auto size = static_cast<uint32_t>(m_text.size());
        m_tokens.push_back(Token{TokenKind::End, size, size});
        return std::move(m_tokens);
    }

private:
    char peek(size_t ahead = 0) const { return m_pos + ahead < m_text.size() ? m_text[m_pos + ahead] : '\0'; }

    void emit(TokenKind kind, size_t begin, size_t end)
    {
        m_tokens.push_back(Token{kind, static_cast<uint32_t>(begin), static_cast<uint32_t>(end)});
    }

    void skipWhitespace()
    {
        while (m_pos < m_text.size()) {
            const size_t n = whitespaceLength(m_text, m_pos);
            if (n == 0)
                return;
            m_pos += n;
        }
    }

    // Template text after `f'` or after a `}` closing an embedded expression, up to `{` or the closing quote.
    void lexTemplateText(size_t begin)
    {
        size_t i = m_pos;
        while (i < m_text.size()) {
            const char c = m_text[i];
            if (c == '\\' && i + 1 < m_text.size()) {
                i += 2;
                continue;
            }
            if (c == '\'') {
                if (i + 1 < m_text.size() && m_text[i + 1] == '\'') {
                    i += 2;
                    continue;
                }
                emit(TokenKind::TemplateString, begin, i + 1);
                m_pos = i + 1;
                return;
            }
            if (c == '{') {
                if (i > begin)
                    emit(TokenKind::TemplateString, begin, i);
                emit(TokenKind::Punctuation, i, i + 1);
                m_braces.push_back(true);
                m_pos = i + 1;
                return;
            }
            ++i;
        }
        emit(TokenKind::Error, begin, m_text.size()); // unterminated template string
        m_pos = m_text.size();
    }

    // A quoted literal (string or identifier) with backslash escapes and a doubled quote.
    void lexQuoted(char quote, TokenKind kind)
    {
        const size_t begin = m_pos;
        size_t i = m_pos + 1;
        while (i < m_text.size()) {
            const char c = m_text[i];
            if (c == '\\') {
                if (i + 1 >= m_text.size())
                    break;
                const char e = m_text[i + 1];
                const bool known =
                    std::string_view("bfrnt0av\\'\"`").find(e) != std::string_view::npos ||
                    (e == 'x' && i + 3 < m_text.size() && isHex(m_text[i + 2]) && isHex(m_text[i + 3]));
                if (!known) {
                    emit(TokenKind::Error, begin,
                         begin + 1); // invalid escape: the quote cannot start a literal
                    m_pos = begin + 1;
                    return;
                }
                i += e == 'x' ? 4 : 2;
                continue;
            }
            if (c == quote) {
                if (i + 1 < m_text.size() && m_text[i + 1] == quote) {
                    i += 2;
                    continue;
                }
                emit(kind, begin, i + 1);
                m_pos = i + 1;
                return;
            }
            ++i;
        }
        emit(TokenKind::Error, begin, m_text.size()); // unterminated
        m_pos = m_text.size();
    }

    void lexNumber()
    {
        const size_t begin = m_pos;
        size_t i = m_pos;
        auto exponent = [&](size_t at, bool allowP) -> size_t {
            // returns the end of an exponent part starting at `at`, or 0 if none
            if (at >= m_text.size())
                return 0;
            const char e = m_text[at];
            if (!(e == 'e' || e == 'E' || (allowP && (e == 'p' || e == 'P'))))
                return 0;
            size_t j = at + 1;
            if (j < m_text.size() && (m_text[j] == '+' || m_text[j] == '-'))
                ++j;
            if (j >= m_text.size() || !isDigit(m_text[j]))
                return 0;
            while (j < m_text.size() && isDigit(m_text[j]))
                ++j;
            return j;
        };
        if (peek() == '.') { // `.5e3` is one literal; `.5` is DOT + number in the grammar
            size_t j = i + 1;
            while (j < m_text.size() && isDigit(m_text[j]))
                ++j;
            if (const size_t e = exponent(j, false)) {
                emit(TokenKind::Number, begin, e);
                m_pos = e;
                return;
            }
            emit(TokenKind::Punctuation, begin, begin + 1);
            m_pos = begin + 1;
            return;
        }
        if (peek() == '0' && (peek(1) == 'x' || peek(1) == 'X') && isHex(peek(2))) {
            i += 2;
            while (i < m_text.size() && isHex(m_text[i]))
                ++i;
            size_t j = i;
            if (j < m_text.size() && m_text[j] == '.') {
                ++j;
                while (j < m_text.size() && isHex(m_text[j]))
                    ++j;
                if (const size_t e = exponent(j, true))
                    i = e;
            } else if (const size_t e = exponent(j, true)) {
                i = e;
            }
        } else if (peek() == '0' && (peek(1) == 'b' || peek(1) == 'B') &&
                   (peek(2) == '0' || peek(2) == '1')) {
            i += 2;
            while (i < m_text.size() && (m_text[i] == '0' || m_text[i] == '1'))
                ++i;
        } else if (peek() == '0' && (peek(1) == 'o' || peek(1) == 'O') && isDigit(peek(2))) {
            i += 2; // `0o17`: lexed as one number so the parser can reject it by name
            while (i < m_text.size() && isDigit(m_text[i]))
                ++i;
        } else {
            while (i < m_text.size() && isDigit(m_text[i]))
                ++i;
            if (i < m_text.size() && m_text[i] == '.') {
                size_t j = i + 1;
                while (j < m_text.size() && isDigit(m_text[j]))
                    ++j;
                if (const size_t e = exponent(j, false))
                    i = e;
            } else if (const size_t e = exponent(i, false)) {
                i = e;
            }
        }
        emit(TokenKind::Number, begin, i);
        m_pos = i;
    }

    void lexOne()
    {
        const char c = peek();
        const auto uc = static_cast<unsigned char>(c);
        const size_t begin = m_pos;

        if ((c == 'f' || c == 'F') && peek(1) == '\'') {
            m_pos += 2;
            lexTemplateText(begin);
            return;
        }
        if (isIdentStart(uc)) {
            size_t i = m_pos + 1;
            while (i < m_text.size() && isIdentChar(static_cast<unsigned char>(m_text[i])))
                ++i;
            emit(isKeyword(m_text.substr(begin, i - begin)) ? TokenKind::Keyword : TokenKind::Identifier,
                 begin, i);
            m_pos = i;
            return;
        }
        if (isDigit(uc) || (c == '.' && isDigit(static_cast<unsigned char>(peek(1))))) {
            lexNumber();
            return;
        }
        if (c == '\'') {
            lexQuoted('\'', TokenKind::String);
            return;
        }
        if (c == '`' || c == '"') {
            lexQuoted(c, TokenKind::QuotedIdentifier);
            return;
        }
        // comments
        if ((c == '-' && peek(1) == '-') || (c == '/' && peek(1) == '/')) {
            size_t i = m_pos + 2;
            while (i < m_text.size() && m_text[i] != '\n' && m_text[i] != '\r')
                ++i;
            emit(TokenKind::Comment, begin, i);
            m_pos = i;
            return;
        }
        if (c == '/' && peek(1) == '*') {
            const size_t close = m_text.find("*/", m_pos + 2);
            if (close == std::string_view::npos) {
                emit(TokenKind::Error, begin, m_text.size());
                m_pos = m_text.size();
            } else {
                emit(TokenKind::Comment, begin, close + 2);
                m_pos = close + 2;
            }
            return;
        }
        // operators, longest first
        static constexpr std::array<std::string_view, 30> kOperators = {
            "=~*", "!~*", "->", ":=", "::", "||", "==", "!=", "<>", "<=", ">=", "=~", "!~", "~*", "??",
            "?.",  "</",  "/>", "+",  "-",  "*",  "/",  "%",  "=",  "<",  ">",  "~",  "?",  ":",  "#"};
        for (const auto op : kOperators) {
            if (m_text.substr(m_pos, op.size()) == op) {
                emit(TokenKind::Operator, begin, begin + op.size());
                m_pos += op.size();
                return;
            }
        }
        if (std::string_view("()[]{},.;").find(c) != std::string_view::npos) {
            if (c == '{')
                m_braces.push_back(false);
            else if (c == '}' && !m_braces.empty())
                m_braces.pop_back();
            emit(TokenKind::Punctuation, begin, begin + 1);
            ++m_pos;
            return;
        }
        const size_t n = std::min(utf8Length(uc), m_text.size() - m_pos);
        emit(TokenKind::Error, begin, begin + n);
        m_pos += n;
    }

    std::string_view m_text;
    size_t m_pos = 0;
    std::vector<Token> m_tokens;
    std::vector<bool> m_braces; // open `{`: true for template-string expression braces
};

} // namespace

bool isKeyword(std::string_view word)
{
    if (word.empty() || word.size() > 12)
        return false;
    std::string upper(word);
    for (char& c : upper)
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return std::binary_search(kKeywords.begin(), kKeywords.end(), std::string_view(upper));
}

const std::vector<std::string_view>& keywords()
{
    static const std::vector<std::string_view> list(kKeywords.begin(), kKeywords.end());
    return list;
}

std::vector<Token> tokenize(std::string_view text)
{
    return Lexer(text).run();
}

} // namespace hogscope::hogql
