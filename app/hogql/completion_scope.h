#pragma once

// Internal to completion: the token-level reading of one statement (query levels, clauses, FROM sources,
// CTEs) and the resolution of name chains against the tables in scope. Tokens are used rather than the
// parser's AST for the structure because the text at the cursor is usually broken, and the parser drops
// a whole FROM clause on an error inside it; the parser is used for the pieces whose shape matters
// (select lists of subqueries and CTEs, select aliases).

#include "lexer.h"
#include "schema.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hogscope::hogql::completion {

// Clauses of a SELECT in the order they may appear (SetOp: UNION/INTERSECT/EXCEPT after them).
enum class Clause : uint8_t
{
    None, // before SELECT: the WITH list
    Select,
    From,
    ArrayJoin,
    Prewhere,
    Where,
    GroupBy,
    Having,
    Qualify,
    Window,
    OrderBy,
    Limit,
    Offset,
    Settings,
    SetOp,
};

struct Column;

// Where a name chain leads: a table (fields follow), the columns of a subquery, a scalar field, or a JSON
// field with keys after it.
struct Resolved
{
    enum class What : uint8_t
    {
        Nothing,
        Table,
        Columns,
        Field,
        Json,
    };
    What what = What::Nothing;
    const SchemaTable* table = nullptr;           // Table: its fields; Field / Json: the owning table
    const SchemaField* field = nullptr;           // Field / Json
    const std::vector<Column>* columns = nullptr; // Columns
    int groupIndex = -1;
    std::vector<std::string> path; // Json: keys after the field
};

// A column of a subquery or CTE; `origin` types it when it is a plain field of a known table.
struct Column
{
    std::string name;
    Resolved origin; // never What::Columns (that would point into a scope that is gone)
};

struct CteDef
{
    std::string name;
    bool subquery = false;
    size_t bodyBegin = 0; // token range of the body (subquery CTEs)
    size_t bodyEnd = 0;
    std::vector<std::string> columnNames; // `name (a, b) AS (...)`
};

struct Source
{
    std::string alias; // alias, else the table name
    std::string table; // schema table / CTE name
    std::string kind;  // "table" | "cte" | "subquery" | "function" | "unknown"
    const SchemaTable* schemaTable = nullptr;
    std::vector<Column> columns; // subqueries and CTEs
};

struct QueryScope
{
    std::vector<Source> sources;
    std::vector<CteDef> ctes;         // visible at the cursor, outer first
    std::vector<std::string> aliases; // select aliases, ARRAY JOIN aliases, WITH expression names
};

// One SELECT of a query level (the operands of UNION are parts of one level).
struct Part
{
    size_t begin = 0;
    size_t end = 0;
    size_t selectAt = SIZE_MAX;                     // the SELECT keyword
    size_t fromAt = SIZE_MAX;                       // the FROM keyword
    size_t fromEnd = 0;                             // end of the FROM region (next clause start)
    std::vector<std::pair<size_t, Clause>> clauses; // clause keywords at the top level, in order
    std::vector<CteDef> ctes;
};

class Statement
{
public:
    Statement(std::string_view script, const Schema& schema, std::vector<Token> tokens);

    const std::vector<Token>& tokens() const { return m_toks; }
    size_t size() const { return m_toks.size(); }
    std::string_view text(size_t i) const { return m_toks[i].text(m_script); }
    const Schema& schema() const { return m_schema; }

    bool isKw(size_t i, std::string_view kw) const;
    bool isPunct(size_t i, std::string_view p) const; // punctuation or operator with this exact text
    bool isOpener(size_t i) const;
    bool identifierLike(size_t i) const; // identifier, quoted identifier, or a keyword usable as a name
    std::string name(size_t i) const;    // identifier text, unquoted
    size_t match(size_t i) const;        // index of the bracket closing opener `i`, or size() when unclosed
    bool startsSubquery(size_t opener) const; // `(` followed by SELECT / WITH

    // Open brackets enclosing token position `c` (tokens [0, c) read), outermost first.
    std::vector<size_t> enclosing(size_t c) const;
    // The query level around position c: token range of the innermost enclosing subquery, or the statement.
    std::pair<size_t, size_t> levelAround(size_t c, const std::vector<size_t>& enclosing) const;
    // The part of level [begin, end) containing position c (c may equal end).
    Part partAround(size_t begin, size_t end, size_t c) const;
    Part analyzePart(size_t begin, size_t end) const;

    // Scope of a part: its FROM sources, with CTEs from `visible` (outer levels) and its own WITH.
    QueryScope scopeOf(const Part& part, const std::vector<CteDef>& visible, int depth);
    // Columns of the SELECT whose tokens are [begin, end).
    std::vector<Column> columnsOf(size_t begin, size_t end, const std::vector<CteDef>& visible, int depth);
    // Aliases of the part's select list (except the one at character offset `exceptAt`) and ARRAY JOIN.
    std::vector<std::string> selectAliases(const Part& part, uint32_t exceptAt) const;

    Resolved resolve(const QueryScope& scope, const std::vector<std::string>& chain) const;
    Resolved step(const Resolved& from, const std::string& name, int depth = 0) const;
    Resolved fieldState(const SchemaTable* owner, const SchemaField* field, int groupIndex, int depth) const;

    // Top-level tokens of [begin, end): brackets are visited as their opener only.
    template <typename F>
    void forTopLevel(size_t begin, size_t end, F&& visit) const
    {
        for (size_t i = begin; i < end && i < m_toks.size();) {
            if (!visit(i))
                return;
            i = isOpener(i) ? (m_match[i] >= m_toks.size() ? end : m_match[i] + 1) : i + 1;
        }
    }

private:
    std::vector<Source> readFrom(size_t begin, size_t end, const std::vector<CteDef>& ctes, int depth);
    std::vector<CteDef> readWith(size_t begin, size_t end) const;
    size_t joinEnd(size_t i, size_t end) const; // after `[modifiers] JOIN` starting at i, else 0
    bool startsSubqueryShallow(size_t opener) const;

    std::string_view m_script;
    const Schema& m_schema;
    std::vector<Token> m_toks;
    std::vector<size_t> m_match;
    int m_budget = 48; // subquery / CTE analyses per completion: bounds work on hostile input
};

} // namespace hogscope::hogql::completion
