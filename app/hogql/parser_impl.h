#pragma once

// Internal: the recursive-descent parser shared by parser_expr.cpp and parser_select.cpp.

#include "ast.h"
#include "lexer.h"
#include "parser.h"

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace hogscope::hogql::detail {

// Thrown to abandon the current clause after an error has been recorded.
struct ParseAbort
{};

// Binding levels, loosest first (PostHog's grammar order).
enum Level : int
{
    LAlias = 0,
    LTernary,
    LOr,
    LAnd,
    LNot,
    LBetween,
    LNullish,
    LIsNull,
    LCompare,
    LAdd,
    LMul,
    LUnary,
    LPostfix,
};

class Parser
{
public:
    explicit Parser(std::string_view text);

    NodePtr parseSelectRoot();
    NodePtr parseExprRoot();
    std::vector<SyntaxError> takeErrors() { return std::move(m_errors); }

    // expressions (parser_expr.cpp)
    NodePtr parseExpr(int minLevel = LAlias);
    NodeList parseExprList(); // comma separated, at least one
    NodePtr parseOrderExpr();
    NodeList parseOrderList();
    NodePtr parseWindowExpr(uint32_t begin);
    std::string parseIdentifier(const char* what);

    NodePtr parseHogQLXTag(); // <Tag attr={expr} ...>children</Tag> (parser_hogqlx.cpp)

    // queries (parser_select.cpp, parser_from.cpp)
    NodePtr parseJoinChain();
    NodePtr parseSelectSet();
    NodePtr parseSelectWithParens();
    NodePtr parseSelectCore();
    bool subqueryCteAhead() const; // at `name [(cols)] [USING KEY (..)] AS [[NOT] MATERIALIZED] (SELECT`
    void parseLimitClauses(SelectQuery& q);
    void recover(bool stopAtComma = false); // skip to the next clause keyword (or comma) after an error

    // tokens
    const Token& cur() const { return m_tokens[m_pos]; }
    const Token& at(size_t ahead) const;
    std::string_view text(const Token& t) const { return t.text(m_text); }
    bool atEnd() const { return cur().kind == TokenKind::End; }
    bool isKw(const Token& t, std::string_view kw) const;
    bool isKw(std::string_view kw) const { return isKw(cur(), kw); }
    bool isOp(const Token& t, std::string_view op) const;
    bool isOp(std::string_view op) const { return isOp(cur(), op); }
    bool acceptKw(std::string_view kw);
    bool acceptOp(std::string_view op);
    void expectKw(std::string_view kw);
    void expectOp(std::string_view op);
    uint32_t prevEnd() const { return m_pos > 0 ? m_tokens[m_pos - 1].end : 0; }
    uint32_t curBegin() const { return cur().begin; }
    const Token& advance() { return m_tokens[m_pos < m_tokens.size() - 1 ? m_pos++ : m_pos]; }

    [[noreturn]] void fail(const std::string& message);
    [[noreturn]] void failAt(const std::string& message, uint32_t begin, uint32_t end);
    std::string describeCurrent() const;
    bool startsSelect(size_t ahead = 0) const; // SELECT / WITH / ( ... SELECT
    bool identifierLike(const Token& t) const; // identifier, quoted identifier, or keyword usable as one
    std::string identifierText(const Token& t) const;

    int m_depth = 0;
    int m_chainDepth = 0; // links of operator chains in the parseExpr frames still open
    uint32_t m_selectEndOverride = 0;
    int m_implicitAliasDepth = -1; // nesting depth at which `expr alias` (no AS) is allowed

private:
    NodePtr parsePrefix();
    bool castHasAs() const;
    NodePtr parsePrimary();
    NodePtr parseNumber(bool negative, uint32_t begin);
    NodePtr parseIdentifierExpr();
    NodePtr parseCall(std::string name, uint32_t begin);
    NodePtr parseTrim(uint32_t begin);
    NodePtr parseParenExpr();
    NodePtr parseCase(uint32_t begin);
    NodePtr parseCast(uint32_t begin, bool tryCast);
    NodePtr parseInterval(uint32_t begin);
    NodePtr parseTemplateString();
    NodePtr parseBraces();
    NodePtr parseLambdaBody(std::vector<std::string> args, uint32_t begin);
    NodePtr parseColumnsExpr(uint32_t begin);      // COLUMNS('re') / COLUMNS(a, b) / COLUMNS(* EXCLUDE ...)
    void parseStarModifiers(ColumnsExpr& columns); // EXCLUDE (...) REPLACE (...) after `*`
    void retokenizeFrom(uint32_t offset);          // re-lex the rest of the text from a byte offset
    std::string parseTypeName();
    NodePtr applyPostfix(NodePtr left, uint32_t begin);

    std::string_view m_text;
    std::vector<Token> m_tokens; // comments removed, End last
    size_t m_pos = 0;
    std::vector<SyntaxError> m_errors;

    friend class DepthGuard;
};

// Limits nesting so hostile input cannot overflow the stack.
class DepthGuard
{
public:
    explicit DepthGuard(Parser& p);
    ~DepthGuard() { --m_parser.m_depth; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

private:
    Parser& m_parser;
};

// Shared helpers (parser_expr.cpp).
std::string lower(std::string_view s);
bool iequals(std::string_view a, std::string_view b);
void replaceAll(std::string& s, std::string_view from, std::string_view to);
std::string unescapeText(std::string s);             // the backslash escapes every literal form shares
const char* intervalFunction(std::string_view unit); // DAY -> toIntervalDay
const char* intervalFromWord(std::string_view word); // 'days' -> toIntervalDay
std::unique_ptr<Constant> positionless(Constant::Value value);
std::unique_ptr<Call> sugarCall(std::string name, uint32_t begin, uint32_t end);

// Unquotes a string literal or quoted identifier (the token text including its quotes).
std::string unquote(std::string_view literal);

template <typename T>
std::unique_ptr<T> node(uint32_t begin, uint32_t end)
{
    return makeNode<T>(begin, end);
}

} // namespace hogscope::hogql::detail
