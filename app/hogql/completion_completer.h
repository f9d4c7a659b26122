#pragma once

// Internal to completion: the Completer decides, from the tokens before the cursor and the scope of
// the query there, what may be typed at the cursor and fills a CompletionContext. Positions (which
// clause, after which token) are in completion.cpp; scope and item building in completion_items.cpp.

#include "completion.h"
#include "completion_scope.h"

#include <initializer_list>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

namespace hogscope::hogql::completion {

inline constexpr size_t npos = SIZE_MAX;

inline constexpr std::string_view kJoinPhrases[] = {"JOIN",       "INNER JOIN",      "LEFT JOIN",
                                                    "RIGHT JOIN", "FULL OUTER JOIN", "CROSS JOIN"};

class Completer
{
public:
    // `tokens`: the statement's tokens without comments; `cursorToken`: how many of them precede the word
    // (or string) at the cursor; `match`: the prefix candidates must start with (quotes stripped).
    Completer(std::string_view script, const Schema& schema, CompletionContext& ctx,
              std::vector<Token> tokens, size_t cursorToken, std::string match);

    void run();

private:
    // positions (completion.cpp)
    void member(size_t dot);
    void stringContext();
    void withList(size_t p);
    void fromClause(size_t p);
    void limitClause(size_t p, size_t clauseAt);
    // An expression position: its start (fields, functions, ...) or after a complete operand.
    void expression(Clause clause, bool nested, size_t scanFrom);

    // scope and token predicates (completion_items.cpp)
    void buildScope();
    void addOuterCtes(size_t lb, size_t le, size_t at, std::vector<CteDef>& visible);
    Clause clauseBefore(size_t c, size_t* at = nullptr) const;
    bool inFromRegion(size_t i) const;
    bool isSetOp(size_t i) const;
    bool templateBrace(size_t i) const;
    bool structural(size_t i) const;
    bool joinModifier(size_t i) const;
    bool endsExpression(size_t p) const;
    // The chain of names whose last element ends just before token `end`: `e.properties`, `x['k']`.
    std::vector<std::string> chainBefore(size_t end, size_t* startOut = nullptr) const;
    PropertyContext propertyOf(const Resolved& r, const std::vector<std::string>& names) const;

    // items (completion_items.cpp)
    void allow(CompletionKind kind);
    void add(CompletionKind kind, std::string_view name, std::string_view type, std::string_view detail);
    void keywords(std::initializer_list<std::string_view> words);
    void addField(const SchemaTable* owner, const SchemaField& f, int groupIndex, std::string_view source);
    static const char* columnType(const Column& c);
    void addFieldsOf(const Resolved& r);
    void addFunctions();
    void expressionStart(bool distinct);
    void clausesAfter(Clause clause);
    void afterTable(bool offerAs, bool offerConstraint);
    void tableSlot();

    const Schema& m_schema;
    CompletionContext& m_ctx;
    Statement m_st;
    size_t m_c;
    std::string m_match;
    std::vector<size_t> m_enc;
    Part m_part;
    QueryScope m_scope;
    std::unordered_set<std::string> m_seen;
};

} // namespace hogscope::hogql::completion
