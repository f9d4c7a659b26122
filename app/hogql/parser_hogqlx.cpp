// HogQLX tags: JSX-like markup inside HogQL (`<Sparkline data={x} />`, `<Foo>text {expr}</Foo>`).
// Text between tags is raw source, not tokens, so the parser reads it from the text and re-lexes
// after it when the token stream does not line up (an apostrophe in the text opens no string).

#include "parser_impl.h"

namespace hogscope::hogql::detail {

void Parser::retokenizeFrom(uint32_t offset)
{
    // cheap case: some token begins exactly at `offset` and the ones before it end before it
    size_t k = m_pos;
    while (k + 1 < m_tokens.size() && m_tokens[k].begin < offset && m_tokens[k].end <= offset)
        ++k;
    if (m_tokens[k].begin == offset || (m_tokens[k].kind == TokenKind::End && offset >= m_text.size())) {
        m_pos = k;
        return;
    }
    m_tokens.resize(m_pos);
    for (Token t : tokenize(m_text.substr(offset))) {
        if (t.kind == TokenKind::Comment)
            continue;
        t.begin += offset;
        t.end += offset;
        m_tokens.push_back(t);
    }
}

NodePtr Parser::parseHogQLXTag()
{
    DepthGuard guard(*this);
    const uint32_t begin = curBegin();
    expectOp("<");
    if (cur().kind != TokenKind::Identifier && cur().kind != TokenKind::Keyword)
        fail("Expected a tag name after '<', got " + describeCurrent());
    auto tag = makeNode<HogQLXTag>(begin, 0);
    tag->tagKind = std::string(text(advance()));

    // attributes: name='text' | name={expr}
    while (identifierLike(cur()) && cur().kind != TokenKind::QuotedIdentifier) {
        const uint32_t aBegin = curBegin();
        auto attr = makeNode<HogQLXAttribute>(aBegin, 0);
        attr->name = identifierText(advance());
        expectOp("=");
        if (cur().kind == TokenKind::String) {
            auto c = makeNode<Constant>(curBegin(), cur().end);
            c->value = unquote(text(advance()));
            attr->value = std::move(c);
        } else if (acceptOp("{")) {
            attr->value = parseExpr();
            expectOp("}");
        } else {
            fail("Expected a quoted string or {expression} as the value of attribute '" + attr->name +
                 "', got " + describeCurrent());
        }
        attr->end = prevEnd();
        tag->attributes.push_back(std::move(attr));
    }
    if (isOp("/>") || (isOp("/") && isOp(at(1), ">") && at(1).begin == cur().end)) {
        if (!acceptOp("/>")) {
            advance();
            advance();
        }
        tag->end = prevEnd();
        return tag;
    }
    expectOp(">");

    // children until the matching </Name>
    NodeList children;
    while (true) {
        const uint32_t textBegin = prevEnd();
        uint32_t p = textBegin;
        while (p < m_text.size() && m_text[p] != '<' && m_text[p] != '{')
            ++p;
        if (p >= m_text.size())
            failAt("Unclosed HogQLX tag <" + tag->tagKind + ">, expected </" + tag->tagKind + ">",
                   static_cast<uint32_t>(m_text.size()), static_cast<uint32_t>(m_text.size()));
        if (p > textBegin) {
            auto c = makeNode<Constant>(textBegin, p);
            c->value = std::string(m_text.substr(textBegin, p - textBegin));
            children.push_back(std::move(c));
        }
        retokenizeFrom(p);
        if (isOp("{")) {
            advance();
            children.push_back(parseExpr());
            expectOp("}");
            continue;
        }
        if (isOp("</") || (isOp("<") && isOp(at(1), "/"))) {
            const uint32_t closeBegin = curBegin();
            if (!acceptOp("</")) {
                advance();
                advance();
            }
            const std::string closing = identifierLike(cur()) ? std::string(text(advance())) : std::string();
            expectOp(">");
            if (closing != tag->tagKind)
                failAt("Opening and closing HogQLX tags must match. Got " + tag->tagKind + " and " + closing,
                       begin, prevEnd());
            (void)closeBegin;
            break;
        }
        children.push_back(parseHogQLXTag());
    }
    if (!children.empty()) {
        auto attr = std::make_unique<HogQLXAttribute>();
        attr->positioned = false;
        attr->name = "children";
        attr->valueList = std::move(children);
        tag->attributes.push_back(std::move(attr));
    }
    tag->end = prevEnd();
    return tag;
}

} // namespace hogscope::hogql::detail
