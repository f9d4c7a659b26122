// Weaving the source's comments into the document. Each comment is printed at the first place, in
// printing order, that comes after it in the source:
// - an end-of-line comment (code before it on its line) stays at the end of the line of the code before
//   it: at a possible line break it forces that break, elsewhere it ends the line where it is;
// - a comment on a line of its own prints on a line of its own before the code that followed it;
// - a block comment with code after it on its line prints inline before that code.

#include "formatter_impl.h"

#include <algorithm>

namespace hogscope::hogql::fmt {

std::vector<Comment> collectComments(std::string_view source, const std::vector<Token>& tokens, uint32_t from,
                                     uint32_t to)
{
    std::vector<Comment> out;
    const auto first = std::lower_bound(tokens.begin(), tokens.end(), from,
                                        [](const Token& t, uint32_t off) { return t.begin < off; });
    auto gapHasNewline = [&](uint32_t a, uint32_t b) {
        return a >= b || source.substr(a, b - a).find_first_of("\n\r") != std::string_view::npos;
    };
    for (auto i = static_cast<size_t>(first - tokens.begin()); i < tokens.size() && tokens[i].begin < to;
         ++i) {
        const Token& t = tokens[i];
        if (t.kind != TokenKind::Comment)
            continue;
        Comment c;
        c.begin = t.begin;
        c.end = t.end;
        c.text = std::string(t.text(source));
        c.lineComment = !(c.text.size() >= 2 && c.text[0] == '/' && c.text[1] == '*');
        // "code" is any token on the same line, another comment included
        c.codeBefore = i > 0 && !gapHasNewline(tokens[i - 1].end, t.begin);
        c.codeAfter = i + 1 < tokens.size() && tokens[i + 1].kind != TokenKind::End &&
                      !gapHasNewline(t.end, tokens[i + 1].begin);
        out.push_back(std::move(c));
    }
    return out;
}

std::vector<Token> codeTokens(const std::vector<Token>& tokens)
{
    std::vector<Token> out;
    out.reserve(tokens.size());
    for (const Token& t : tokens) {
        if (t.kind != TokenKind::Comment && t.kind != TokenKind::End)
            out.push_back(t);
    }
    return out;
}

uint32_t Printer::at(const Node* n) const
{
    if (!n || !m_hasSource || n->end <= n->begin)
        return 0;
    return m_base + n->begin;
}

uint32_t Printer::endOf(const Node* n) const
{
    if (!n || !m_hasSource || n->end <= n->begin)
        return 0;
    return m_base + n->end;
}

uint32_t Printer::tokenFrom(uint32_t offset) const
{
    if (!m_hasSource || offset == 0)
        return 0;
    const auto it = std::lower_bound(m_tokens.begin(), m_tokens.end(), offset,
                                     [](const Token& t, uint32_t off) { return t.begin < off; });
    return it == m_tokens.end() ? static_cast<uint32_t>(m_source.size()) : it->begin;
}

uint32_t Printer::clauseAt(uint32_t contentAt) const
{
    if (contentAt == 0)
        return 0;
    const uint32_t keyword = tokenFrom(std::max<uint32_t>(m_lastEnd, 1));
    return keyword != 0 && keyword < contentAt ? keyword : contentAt;
}

void Printer::printed(const Node& n)
{
    m_lastEnd = std::max(m_lastEnd, endOf(&n));
}

std::string_view Printer::sourceOf(const Node& n) const
{
    const uint32_t b = at(&n);
    const uint32_t e = endOf(&n);
    if (b == 0 && e == 0)
        return {};
    return m_source.substr(b, e - b);
}

uint32_t Printer::findToken(uint32_t from, std::string_view word, int maxTokens) const
{
    auto it = std::lower_bound(m_tokens.begin(), m_tokens.end(), from,
                               [](const Token& t, uint32_t off) { return t.begin < off; });
    for (int i = 0; it != m_tokens.end() && i < maxTokens; ++it, ++i) {
        if (iequal(it->text(m_source), word))
            return it->begin;
    }
    return 0;
}

void Printer::advanceTo(uint32_t offset)
{
    m_lastEnd = std::max(m_lastEnd, offset);
}

void Printer::consume(uint32_t begin, uint32_t end)
{
    for (Comment& c : m_comments) {
        if (c.begin >= begin && c.begin < end)
            c.consumed = true;
    }
}

namespace {

Doc ownLine(const Comment& c)
{
    Doc d = hardline();
    d += commentText(c.text, c.lineComment);
    d += hardline();
    return d;
}

Doc inlineBlock(const Comment& c)
{
    Doc d = commentText(c.text, false);
    d += text(" ");
    return d;
}

} // namespace

// Two comments never share a line unless the first is an inline block comment: a second end-of-line
// comment on the same line would become part of the first.

Doc Printer::brk(const Doc& lineDoc, uint32_t next)
{
    Doc out;
    bool afterComment = false;
    while (m_next < m_comments.size() && (m_comments[m_next].consumed || (m_comments[m_next].begin < next &&
                                                                          m_comments[m_next].trailing()))) {
        const Comment& c = m_comments[m_next++];
        if (c.consumed)
            continue;
        if (afterComment)
            out += hardline(); // the previous one ends its line, this one gets a line of its own
        out += lineSuffix(" " + c.text, c.lineComment);
        out += breakParent();
        afterComment = true;
    }
    out += lineDoc;
    out += leading(next);
    return out;
}

Doc Printer::leading(uint32_t next)
{
    Doc out;
    bool afterComment = false; // the current line already ends in a comment
    while (m_next < m_comments.size() && m_comments[m_next].begin < next) {
        const Comment& c = m_comments[m_next++];
        if (c.consumed)
            continue;
        if (c.trailing() && !afterComment) {
            // ends the current line here: another end-of-line comment may follow before the next break
            out += lineSuffix(" " + c.text, c.lineComment);
            out += hardline();
            afterComment = true;
        } else if (c.inlineBlock()) {
            out += inlineBlock(c);
            afterComment = false;
        } else {
            out += ownLine(c);
            afterComment = true;
        }
    }
    return out;
}

Doc Printer::rest()
{
    // After the last code only comments remain: they continue the last line (so nothing after them
    // changes how the lines before break) until a line comment or a comment of its own line.
    Doc out;
    bool lineEnded = false; // the current line ends in a line comment or holds only comments
    while (m_next < m_comments.size()) {
        const Comment& c = m_comments[m_next++];
        if (c.consumed)
            continue;
        if ((c.trailing() || c.inlineBlock()) && !lineEnded) {
            out += lineSuffix(" " + c.text, c.lineComment);
            lineEnded = c.lineComment;
        } else {
            out += hardline();
            out += commentText(c.text, c.lineComment);
            lineEnded = true; // a comment on its own line keeps it
        }
    }
    return out;
}

Doc Printer::commentsOnly()
{
    return rest();
}

} // namespace hogscope::hogql::fmt
