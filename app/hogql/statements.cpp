#include "statements.h"

#include "lexer.h"

#include <algorithm>
#include <cctype>
#include <cstddef>

namespace hogscope::hogql {

namespace {

// HogQLX tags (`<Sparkline data={x} />`, `<a>text -- not a comment; not a split</a>`) hold raw text
// the lexer does not know about, so the splitter measures a tag on the text itself. The rules
// follow the parser (parser_hogqlx.cpp): a tag starts where an expression may start with `<` and a
// name; an opening that is not followed by attributes, `>` or `/>` is a comparison after all.
class TagScanner
{
public:
    explicit TagScanner(std::string_view text)
        : m_text(text)
    {}

    // End offset of the tag opening at `pos` (on `<`), or 0 when no tag opens there.
    size_t tagEnd(size_t pos, int depth = 0) const
    {
        if (depth > 200)
            return 0;
        size_t p = pos + 1;
        const size_t name = p;
        while (p < m_text.size() && isNameChar(m_text[p]))
            ++p;
        if (p == name || !std::isalpha(static_cast<unsigned char>(m_text[name])))
            return 0;
        const std::string_view tagName = m_text.substr(name, p - name);
        // attributes: name='text' | name="text" | name={expr}
        while (true) {
            p = skipSpace(p);
            if (p >= m_text.size())
                return 0;
            if (m_text.compare(p, 2, "/>") == 0)
                return p + 2;
            if (m_text[p] == '>')
                break;
            const size_t attr = p;
            while (p < m_text.size() && isNameChar(m_text[p]))
                ++p;
            if (p == attr)
                return 0;
            p = skipSpace(p);
            if (p >= m_text.size() || m_text[p] != '=')
                return 0;
            p = skipSpace(p + 1);
            if (p >= m_text.size())
                return 0;
            if (m_text[p] == '\'' || m_text[p] == '"')
                p = skipQuoted(p);
            else if (m_text[p] == '{')
                p = skipBraces(p, depth);
            else
                return 0;
        }
        // children: text, {expr} and tags, up to </name>
        ++p;
        while (p < m_text.size()) {
            if (m_text.compare(p, 2, "</") == 0) {
                size_t q = p + 2;
                while (q < m_text.size() && isNameChar(m_text[q]))
                    ++q;
                if (m_text.substr(p + 2, q - p - 2) == tagName) {
                    q = skipSpace(q);
                    return q < m_text.size() && m_text[q] == '>' ? q + 1 : m_text.size();
                }
                ++p;
            } else if (m_text[p] == '<') {
                const size_t inner = tagEnd(p, depth + 1);
                p = inner != 0 ? inner : p + 1;
            } else if (m_text[p] == '{') {
                p = skipBraces(p, depth);
            } else {
                ++p;
            }
        }
        return m_text.size(); // unclosed: the tag runs to the end, as the parser reads it
    }

private:
    static bool isNameChar(char c)
    {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.' || c == ':';
    }
    size_t skipSpace(size_t p) const
    {
        while (p < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[p])))
            ++p;
        return p;
    }
    size_t skipQuoted(size_t p) const
    {
        const char quote = m_text[p++];
        while (p < m_text.size() && m_text[p] != quote)
            p += m_text[p] == '\\' ? 2 : 1;
        return std::min(p + 1, m_text.size());
    }
    // From `{` to just after its matching `}`, over strings, comments and nested tags.
    size_t skipBraces(size_t p, int depth) const
    {
        int open = 0;
        while (p < m_text.size()) {
            const char c = m_text[p];
            if (c == '{') {
                ++open;
                ++p;
            } else if (c == '}') {
                ++p;
                if (--open == 0)
                    return p;
            } else if (c == '\'' || c == '"' || c == '`') {
                p = skipQuoted(p);
            } else if (m_text.compare(p, 2, "--") == 0 || m_text.compare(p, 2, "//") == 0) {
                while (p < m_text.size() && m_text[p] != '\n')
                    ++p;
            } else if (m_text.compare(p, 2, "/*") == 0) {
                const size_t close = m_text.find("*/", p + 2);
                p = close == std::string_view::npos ? m_text.size() : close + 2;
            } else if (c == '<' && p + 1 < m_text.size() &&
                       std::isalpha(static_cast<unsigned char>(m_text[p + 1]))) {
                const size_t inner = tagEnd(p, depth + 1);
                p = inner != 0 ? inner : p + 1;
            } else {
                ++p;
            }
        }
        return p;
    }

    std::string_view m_text;
};

const Token kOperand{TokenKind::Identifier, 0, 0};

// Whether an expression may start after `previous` (so `<name` opens a tag, not a comparison).
bool expressionMayStartAfter(const Token* previous, std::string_view script)
{
    if (previous == nullptr)
        return true;
    const std::string_view text = previous->text(script);
    switch (previous->kind) {
    case TokenKind::Operator:
    case TokenKind::Keyword:
        return true;
    case TokenKind::Punctuation:
        return text == "(" || text == "[" || text == "{" || text == ",";
    default:
        return false;
    }
}

// The lexer's brace depth after `t` (template strings keep state on that stack).
int depthAfter(int depth, const Token& t, std::string_view script)
{
    if (t.kind != TokenKind::Punctuation)
        return depth;
    const std::string_view text = t.text(script);
    if (text == "{")
        return depth + 1;
    if (text == "}")
        return std::max(0, depth - 1);
    return depth;
}

bool isSemicolon(const Token& t, std::string_view script)
{
    return t.kind == TokenKind::Punctuation && t.text(script) == ";";
}

} // namespace

std::vector<StatementRange> splitStatements(std::string_view script)
{
    std::vector<StatementRange> out;
    const TagScanner tags(script);
    int depth = 0;
    bool open = false;
    StatementRange current;
    Token previous{TokenKind::Punctuation, 0, 0};
    bool hasPrevious = false;

    // The script is lexed in windows rather than at once, because a HogQLX tag's text is not tokens
    // (an apostrophe there would open a string running to the end): after a tag, lexing starts
    // again behind it. A window is used up to its last `;` outside braces, where the lexer has no
    // state (elsewhere it may be inside template-string text), so each byte is lexed about once.
    size_t pos = 0;
    size_t firstWindow = 16384;
    while (pos < script.size()) {
        std::vector<Token> window;
        size_t usable = 0;
        bool toEnd = false;
        for (size_t size = firstWindow;; size *= 4) {
            const size_t length = std::min(size, script.size() - pos);
            window = tokenize(script.substr(pos, length));
            for (Token& t : window) {
                t.begin += static_cast<uint32_t>(pos);
                t.end += static_cast<uint32_t>(pos);
            }
            toEnd = length == script.size() - pos;
            if (toEnd) {
                usable = window.size();
                break;
            }
            int braces = 0;
            usable = 0;
            for (size_t i = 0; i + 1 < window.size(); ++i) { // the last one may be cut
                if (braces == 0 && isSemicolon(window[i], script))
                    usable = i + 1;
                braces = depthAfter(braces, window[i], script);
            }
            if (usable > 0)
                break;
        }

        size_t next = toEnd ? script.size() : window[usable - 1].end;
        firstWindow = 16384;
        for (size_t i = 0; i < usable; ++i) {
            const Token tok = window[i];
            if (tok.kind == TokenKind::End)
                break;
            if (tok.kind == TokenKind::Comment)
                continue;
            const std::string_view text = tok.text(script);
            if (tok.kind == TokenKind::Operator && text == "<" &&
                expressionMayStartAfter(hasPrevious ? &previous : nullptr, script)) {
                if (const size_t end = tags.tagEnd(tok.begin); end != 0) {
                    if (!open) {
                        current = StatementRange{tok.begin, tok.end, StatementRange::npos};
                        open = true;
                    }
                    current.end = static_cast<uint32_t>(end);
                    previous = kOperand; // a tag is an operand: a `<` after it compares
                    hasPrevious = true;
                    next = end; // lex again behind the tag, a statement's worth first
                    firstWindow = 512;
                    break;
                }
            }
            previous = tok;
            hasPrevious = true;
            if (tok.kind == TokenKind::Punctuation && text == ";" && depth <= 0) {
                if (open) {
                    current.terminator = tok.begin;
                    out.push_back(current);
                }
                open = false;
                depth = 0;
                continue;
            }
            if (tok.kind == TokenKind::Punctuation) {
                if (text == "(" || text == "[" || text == "{")
                    ++depth;
                else if (text == ")" || text == "]" || text == "}")
                    --depth;
            }
            if (!open) {
                current = StatementRange{tok.begin, tok.end, StatementRange::npos};
                open = true;
            }
            current.end = tok.end;
        }
        pos = next;
    }
    if (open)
        out.push_back(current);
    return out;
}

int statementAt(const std::vector<StatementRange>& statements, uint32_t offset)
{
    int best = -1;
    for (size_t i = 0; i < statements.size(); ++i) {
        const StatementRange& s = statements[i];
        const uint32_t last = s.terminator == StatementRange::npos ? s.end : s.terminator + 1;
        if (offset >= s.begin && offset <= last)
            return static_cast<int>(i);
        if (s.begin <= offset)
            best = static_cast<int>(i);
    }
    return best;
}

} // namespace hogscope::hogql
