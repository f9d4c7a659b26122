#include "parser_impl.h"

#include <cerrno>
#include <cstdlib>
#include <limits>

// Literal forms of the expression grammar: numbers, strings, f-strings, CASE, CAST, INTERVAL, braces.

namespace hogscope::hogql::detail {

NodePtr Parser::parseNumber(bool negative, uint32_t begin)
{
    auto c = makeNode<Constant>(begin, 0);
    if (isKw("INF") || isKw("NAN")) {
        const bool inf = isKw("INF");
        c->end = advance().end;
        c->numberText = inf ? (negative ? "-Infinity" : "Infinity") : "NaN";
        c->value = inf ? (negative ? -std::numeric_limits<double>::infinity()
                                   : std::numeric_limits<double>::infinity())
                       : std::numeric_limits<double>::quiet_NaN();
        return c;
    }
    std::string literal;
    if (isOp(".")) { // `.5`
        advance();
        literal = "0." + std::string(text(advance()));
    } else {
        const Token& tok = advance();
        literal = std::string(text(tok));
        const bool plainDecimal = literal.find_first_not_of("0123456789") == std::string::npos;
        if (plainDecimal && isOp(".")) {
            const Token& after = at(1);
            if (after.kind == TokenKind::Number &&
                text(after).find_first_not_of("0123456789") == std::string_view::npos) {
                advance();
                literal += "." + std::string(text(advance()));
            } else if (!identifierLike(after)) {
                advance();
                literal += ".";
            }
        }
    }
    c->end = prevEnd();
    const std::string lowered = lower(literal);
    if (lowered.size() > 2 && lowered[0] == '0' && lowered[1] == 'o')
        failAt("HogQL does not support `0o`-prefixed octal integer literals; got `" + literal +
                   "`. Use a plain decimal literal instead.",
               begin, c->end);
    const bool isHex = lowered.size() > 2 && lowered[0] == '0' && lowered[1] == 'x';
    const bool isBin = lowered.size() > 2 && lowered[0] == '0' && lowered[1] == 'b';
    const bool isFloat =
        isHex ? (lowered.find('.') != std::string::npos || lowered.find('p') != std::string::npos)
              : lowered.find_first_of(".e") != std::string::npos;
    if (isFloat) {
        double v = std::strtod(literal.c_str(), nullptr);
        c->value = negative ? -v : v;
        return c;
    }
    errno = 0;
    const char* digits = literal.c_str() + ((isHex || isBin) ? 2 : 0);
    const unsigned long long u = std::strtoull(digits, nullptr, isHex ? 16 : isBin ? 2 : 10);
    const bool overflow =
        errno == ERANGE || u > static_cast<unsigned long long>(std::numeric_limits<int64_t>::max());
    if (overflow) {
        c->numberText = (negative ? "-" : "") + literal;
        c->value = std::strtod(literal.c_str(), nullptr) * (negative ? -1 : 1);
        return c;
    }
    c->value = negative ? -static_cast<int64_t>(u) : static_cast<int64_t>(u);
    return c;
}

NodePtr Parser::parseCase(uint32_t begin)
{
    NodePtr subject;
    if (!isKw("WHEN"))
        subject = parseExpr();
    NodeList whens;
    NodeList thens;
    while (acceptKw("WHEN")) {
        whens.push_back(parseExpr());
        expectKw("THEN");
        thens.push_back(parseExpr());
    }
    if (whens.empty())
        fail("Expected WHEN in CASE, got " + describeCurrent());
    NodePtr otherwise;
    if (acceptKw("ELSE"))
        otherwise = parseExpr();
    expectKw("END");
    const uint32_t end = prevEnd();
    if (!otherwise)
        otherwise = positionless(std::monostate{});
    if (subject) {
        auto call = sugarCall("_caseWithExpression", begin, end);
        call->args.push_back(std::move(subject));
        for (size_t i = 0; i < whens.size(); ++i) {
            call->args.push_back(std::move(whens[i]));
            call->args.push_back(std::move(thens[i]));
        }
        call->args.push_back(std::move(otherwise));
        return call;
    }
    auto call = sugarCall(whens.size() == 1 ? "if" : "multiIf", begin, end);
    for (size_t i = 0; i < whens.size(); ++i) {
        call->args.push_back(std::move(whens[i]));
        call->args.push_back(std::move(thens[i]));
    }
    call->args.push_back(std::move(otherwise));
    return call;
}

std::string Parser::parseTypeName()
{
    // a column type: Name, Name(args...), Name(Name(...)), `TIME WITH TIME ZONE`, `INTEGER[]`; kept as
    // lower-cased text
    const uint32_t begin = curBegin();
    if (!identifierLike(cur()))
        fail("Expected a type name, got " + describeCurrent());
    advance();
    while (identifierLike(cur()) && !isKw("AS"))
        advance();
    if (isOp("(")) {
        int depth = 0;
        do {
            if (isOp("("))
                ++depth;
            else if (isOp(")"))
                --depth;
            if (atEnd())
                fail("Expected ')' to close the type, got end of input");
            advance();
        } while (depth > 0);
    }
    while (isOp("[") && isOp(at(1), "]")) {
        advance();
        advance();
    }
    return lower(m_text.substr(begin, prevEnd() - begin));
}

NodePtr Parser::parseCast(uint32_t begin, bool tryCast)
{
    expectOp("(");
    NodePtr expr = parseExpr(LTernary);
    expectKw("AS");
    std::string type = parseTypeName();
    expectOp(")");
    if (tryCast) {
        auto cast = makeNode<TryCast>(begin, prevEnd());
        cast->expr = std::move(expr);
        cast->typeName = std::move(type);
        return cast;
    }
    auto cast = makeNode<TypeCast>(begin, prevEnd());
    cast->expr = std::move(expr);
    cast->typeName = std::move(type);
    return cast;
}

NodePtr Parser::parseInterval(uint32_t begin)
{
    if (cur().kind == TokenKind::String && !intervalFunction(text(at(1)))) {
        const Token& tok = advance();
        const std::string value = unquote(text(tok));
        const size_t space = value.find(' ');
        if (space == std::string::npos)
            failAt("Unsupported interval type: must be in the format '<count> <unit>'", begin, tok.end);
        const std::string count = value.substr(0, space);
        const std::string unit = value.substr(space + 1);
        if (count.empty() || count.find_first_not_of("0123456789") != std::string::npos)
            failAt("Unsupported interval count: '" + count + "'", begin, tok.end);
        const char* fn = intervalFromWord(unit);
        if (!fn)
            failAt("Unsupported interval unit: " + unit, begin, tok.end);
        auto call = sugarCall(fn, begin, tok.end);
        call->args.push_back(positionless(static_cast<int64_t>(std::strtoll(count.c_str(), nullptr, 10))));
        return call;
    }
    NodePtr amount = parseExpr(LUnary);
    const char* fn = intervalFunction(text(cur()));
    if (!fn || cur().kind != TokenKind::Keyword)
        fail("Expected an interval unit (SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR), got " +
             describeCurrent());
    advance();
    auto call = sugarCall(fn, begin, prevEnd());
    call->args.push_back(std::move(amount));
    return call;
}

NodePtr Parser::parseTemplateString()
{
    const uint32_t begin = curBegin();
    NodeList parts;
    while (true) {
        if (cur().kind != TokenKind::TemplateString)
            fail("Expected template string text, got " + describeCurrent());
        const Token& piece = advance();
        std::string_view raw = text(piece);
        uint32_t textBegin = piece.begin;
        const bool opens = raw.size() >= 2 && (raw[0] == 'f' || raw[0] == 'F') && raw[1] == '\'' &&
                           piece.begin == begin && parts.empty();
        if (opens) {
            raw.remove_prefix(2);
            textBegin += 2;
        }
        // a piece closes the literal when it ends in an unescaped quote not followed by `{`
        const bool closes = !isOp("{") || cur().begin != piece.end;
        if (closes && !raw.empty())
            raw.remove_suffix(1);
        if (!raw.empty()) {
            std::string value(raw);
            replaceAll(value, "\\{", "{");
            replaceAll(value, "''", "'");
            replaceAll(value, "\\'", "'");
            auto c = makeNode<Constant>(textBegin, textBegin + static_cast<uint32_t>(raw.size()));
            c->value = unescapeText(std::move(value));
            parts.push_back(std::move(c));
        }
        if (closes)
            break;
        advance(); // {
        parts.push_back(parseExpr());
        expectOp("}");
    }
    const uint32_t end = prevEnd();
    if (parts.empty()) {
        auto c = makeNode<Constant>(begin, end);
        c->value = std::string();
        return c;
    }
    if (parts.size() == 1)
        return std::move(parts.front());
    auto call = sugarCall("concat", begin, end);
    call->args = std::move(parts);
    return call;
}

NodePtr Parser::parseBraces()
{
    const uint32_t begin = curBegin();
    advance(); // {
    auto dict = makeNode<Dict>(begin, 0);
    if (acceptOp("}")) {
        dict->end = prevEnd();
        return dict;
    }
    NodePtr first = parseExpr();
    if (acceptOp("}")) {
        auto ph = makeNode<Placeholder>(begin, prevEnd());
        ph->expr = std::move(first);
        return ph;
    }
    expectOp(":");
    NodePtr value = parseExpr();
    dict->items.emplace_back(std::move(first), std::move(value));
    while (acceptOp(",")) {
        if (isOp("}"))
            break;
        NodePtr key = parseExpr();
        expectOp(":");
        dict->items.emplace_back(std::move(key), parseExpr());
    }
    expectOp("}");
    dict->end = prevEnd();
    return dict;
}

bool Parser::castHasAs() const
{
    int depth = 0;
    for (size_t i = 1; at(i).kind != TokenKind::End; ++i) {
        if (isOp(at(i), "(") || isOp(at(i), "[") || isOp(at(i), "{"))
            ++depth;
        else if (isOp(at(i), ")") || isOp(at(i), "]") || isOp(at(i), "}")) {
            if (--depth == 0)
                return false;
        } else if (depth == 1 && isKw(at(i), "AS")) {
            return true;
        }
    }
    return false;
}

std::string unquote(std::string_view literal)
{
    if (literal.size() < 2)
        return std::string(literal);
    const char q = literal.front();
    std::string s(literal.substr(1, literal.size() - 2));
    if (q == '`') {
        replaceAll(s, "``", "`");
        replaceAll(s, "\\`", "`");
    } else if (q == '"') {
        replaceAll(s, "\"\"", "\"");
        replaceAll(s, "\\\"", "\"");
    } else {
        replaceAll(s, "''", "'");
        replaceAll(s, "\\'", "'");
    }
    return unescapeText(std::move(s));
}

} // namespace hogscope::hogql::detail
