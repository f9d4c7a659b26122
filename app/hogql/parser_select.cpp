#include "parser_impl.h"

#include <algorithm>
#include <array>

namespace hogscope::hogql::detail {

namespace {

// Keywords that begin a clause of a SELECT: where recovery resumes after an error.
constexpr std::array<std::string_view, 16> kClauseKeywords = {
    "FROM",  "WHERE",  "PREWHERE", "GROUP",  "HAVING",    "QUALIFY", "WINDOW",   "ORDER",
    "LIMIT", "OFFSET", "UNION",    "EXCEPT", "INTERSECT", "ARRAY",   "SETTINGS", "SELECT",
};

} // namespace

// ---- FROM --------------------------------------------------------------------------------------

class JoinParser
{
public:
    explicit JoinParser(Parser& p)
        : m_p(p)
    {}

    // joinExpr: a chain of tables; returns the first JoinExpr with the rest hanging off nextJoin.
    NodePtr parseJoinChain()
    {
        NodePtr first = parseTableWithModifiers();
        JoinExpr* last = static_cast<JoinExpr*>(first.get());
        while (true) {
            while (last->nextJoin)
                last = static_cast<JoinExpr*>(last->nextJoin.get());
            if (m_p.acceptOp(",")) {
                NodePtr next = parseTableWithModifiers();
                static_cast<JoinExpr*>(next.get())->joinType = "CROSS JOIN";
                last->nextJoin = std::move(next);
                continue;
            }
            if (m_p.isKw("CROSS") && m_p.isKw(m_p.at(1), "JOIN")) {
                m_p.advance();
                m_p.advance();
                NodePtr next = parseTableWithModifiers();
                static_cast<JoinExpr*>(next.get())->joinType = "CROSS JOIN";
                last->nextJoin = std::move(next);
                continue;
            }
            std::optional<std::string> joinType = parseJoinOp();
            if (!joinType)
                break;
            NodePtr next = parseTableWithModifiers();
            auto* nextJoin = static_cast<JoinExpr*>(next.get());
            nextJoin->joinType = *joinType;
            const uint32_t cBegin = m_p.curBegin();
            if (m_p.acceptKw("ON")) {
                auto constraint = makeNode<JoinConstraint>(cBegin, 0);
                constraint->constraintType = "ON";
                NodeList exprs = m_p.parseExprList();
                if (exprs.size() > 1)
                    m_p.failAt("Unsupported: JOIN ... ON with multiple expressions", cBegin, m_p.prevEnd());
                constraint->expr = std::move(exprs.front());
                constraint->end = m_p.prevEnd();
                nextJoin->constraint = std::move(constraint);
            } else if (m_p.acceptKw("USING")) {
                auto constraint = makeNode<JoinConstraint>(cBegin, 0);
                constraint->constraintType = "USING";
                const bool parens = m_p.isOp("(");
                if (parens)
                    m_p.advance();
                NodeList exprs = m_p.parseExprList();
                if (parens)
                    m_p.expectOp(")");
                if (exprs.size() == 1) {
                    constraint->expr = std::move(exprs.front());
                } else {
                    auto tuple = std::make_unique<Tuple>();
                    tuple->positioned = false;
                    tuple->exprs = std::move(exprs);
                    constraint->expr = std::move(tuple);
                }
                constraint->end = m_p.prevEnd();
                nextJoin->constraint = std::move(constraint);
            }
            last->nextJoin = std::move(next);
        }
        return first;
    }

private:
    bool isJoinWord(const Token& t, std::string_view w) const { return m_p.isKw(t, w); }

    // [side] [OUTER] [strictness] JOIN in any of the orders ClickHouse allows; nullopt if no join here.
    std::optional<std::string> parseJoinOp()
    {
        size_t i = 0;
        std::string side;
        std::string strictness;
        bool outer = false;
        for (; i < 5; ++i) {
            const Token& t = m_p.at(i);
            if (m_p.isKw(t, "JOIN"))
                break;
            if ((m_p.isKw(t, "LEFT") || m_p.isKw(t, "RIGHT") || m_p.isKw(t, "FULL") ||
                 m_p.isKw(t, "INNER")) &&
                side.empty()) {
                side = toUpper(m_p.text(t));
            } else if (m_p.isKw(t, "OUTER") && !outer) {
                outer = true;
            } else if ((m_p.isKw(t, "ALL") || m_p.isKw(t, "ANY") || m_p.isKw(t, "ASOF") ||
                        m_p.isKw(t, "SEMI") || m_p.isKw(t, "ANTI")) &&
                       strictness.empty()) {
                strictness = toUpper(m_p.text(t));
            } else {
                return std::nullopt;
            }
        }
        if (!m_p.isKw(m_p.at(i), "JOIN"))
            return std::nullopt;
        for (size_t k = 0; k <= i; ++k)
            m_p.advance();
        std::string out;
        auto add = [&out](const std::string& w) {
            if (w.empty())
                return;
            if (!out.empty())
                out += ' ';
            out += w;
        };
        // PostHog's spelling: `LEFT [OUTER] ANY JOIN`, but `ANY INNER JOIN` (a bare strictness implies INNER)
        if (side.empty() || side == "INNER") {
            add(strictness);
            add(strictness.empty() ? side : std::string("INNER"));
        } else {
            add(side);
            if (outer)
                add("OUTER");
            add(strictness);
        }
        add("JOIN");
        return out;
    }

    static std::string toUpper(std::string_view s)
    {
        std::string out(s);
        for (char& c : out)
            c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        return out;
    }

    NodePtr parseRatio()
    {
        const uint32_t begin = m_p.curBegin();
        auto ratio = makeNode<RatioExpr>(begin, 0);
        ratio->left = m_p.parseExpr(LUnary);
        if (ratio->left->kind != NodeKind::Constant && ratio->left->kind != NodeKind::Placeholder)
            m_p.failAt("Expected a number in SAMPLE", ratio->left->begin, ratio->left->end);
        if (m_p.acceptOp("/"))
            ratio->right = m_p.parseExpr(LUnary);
        ratio->end = m_p.prevEnd();
        return ratio;
    }

    NodePtr parseTableWithModifiers()
    {
        const uint32_t begin = m_p.curBegin();
        NodePtr table = parseTableExpr();
        std::unique_ptr<JoinExpr> join;
        if (table->kind == NodeKind::JoinExpr) {
            join.reset(static_cast<JoinExpr*>(table.release()));
        } else {
            join = makeNode<JoinExpr>(begin, m_p.prevEnd());
            join->table = std::move(table);
        }
        // a JoinExpr made by an aliased table or a table function keeps its span
        const bool extend = join->table.get() && join->begin == begin && !join->alias && !join->tableArgs;
        if (m_p.acceptKw("FINAL")) {
            join->tableFinal = true;
            if (extend)
                join->end = m_p.prevEnd();
        }
        const uint32_t sBegin = m_p.curBegin();
        if (m_p.acceptKw("SAMPLE")) {
            auto sample = makeNode<SampleExpr>(sBegin, 0);
            sample->sampleValue = parseRatio();
            if (m_p.acceptKw("OFFSET"))
                sample->offsetValue = parseRatio();
            sample->end = m_p.prevEnd();
            join->sample = std::move(sample);
            if (extend)
                join->end = m_p.prevEnd();
        }
        return join;
    }

    NodePtr parseTableExpr()
    {
        const uint32_t begin = m_p.curBegin();
        NodePtr table;
        std::unique_ptr<JoinExpr> functionJoin;
        if (m_p.isOp("(")) {
            if (!m_p.startsSelect(1))
                m_p.fail("Expected a subquery after '(', got '" + std::string(m_p.text(m_p.at(1))) + "'");
            m_p.advance();
            table = m_p.parseSelectSet();
            m_p.expectOp(")");
        } else if (m_p.isOp("{")) {
            const uint32_t b = m_p.curBegin();
            m_p.advance();
            auto ph = makeNode<Placeholder>(b, 0);
            ph->expr = m_p.parseExpr();
            m_p.expectOp("}");
            ph->end = m_p.prevEnd();
            table = std::move(ph);
        } else if (m_p.identifierLike(m_p.cur())) {
            if (m_p.isOp(m_p.at(1), "(") && m_p.cur().kind != TokenKind::QuotedIdentifier) {
                functionJoin = makeNode<JoinExpr>(begin, 0);
                auto name = std::make_unique<Field>();
                name->positioned = false;
                name->chain.push_back(m_p.identifierText(m_p.advance()));
                m_p.advance(); // (
                NodeList args;
                if (!m_p.isOp(")"))
                    args = m_p.parseExprList();
                m_p.expectOp(")");
                functionJoin->end = m_p.prevEnd();
                functionJoin->table = std::move(name);
                functionJoin->tableArgs = std::move(args);
            } else {
                auto field = makeNode<Field>(begin, m_p.cur().end);
                field->chain.push_back(m_p.identifierText(m_p.advance()));
                while (m_p.isOp(".") && m_p.identifierLike(m_p.at(1))) {
                    m_p.advance();
                    field->end = m_p.cur().end;
                    field->chain.push_back(m_p.identifierText(m_p.advance()));
                }
                table = std::move(field);
            }
        } else {
            m_p.fail("Expected a table name, subquery or placeholder, got " + m_p.describeCurrent());
        }

        // alias: `AS name` or a bare identifier
        std::optional<std::string> alias;
        if (m_p.acceptKw("AS")) {
            alias = m_p.parseIdentifier("a table alias after AS");
        } else if (m_p.cur().kind == TokenKind::Identifier || m_p.cur().kind == TokenKind::QuotedIdentifier ||
                   m_p.isKw("DATE") || m_p.isKw("FIRST") || m_p.isKw("ID") || m_p.isKw("KEY")) {
            alias = m_p.identifierText(m_p.advance());
        }
        if (alias) {
            const std::string low = [&] {
                std::string s = *alias;
                for (char& c : s)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                return s;
            }();
            if (low == "true" || low == "false" || low == "null" || low == "team_id")
                m_p.failAt("\"" + *alias + "\" cannot be an alias or identifier, as it's a reserved keyword",
                           begin, m_p.prevEnd());
        }
        if (functionJoin) {
            if (alias) {
                functionJoin->alias = std::move(alias);
                functionJoin->columnAliases = std::vector<std::string>{};
                functionJoin->hasColumnAliasesField = true;
            }
            return functionJoin;
        }
        if (alias) {
            auto join = makeNode<JoinExpr>(begin, m_p.prevEnd());
            join->table = std::move(table);
            join->alias = std::move(alias);
            join->hasColumnAliasesField = true;
            return join;
        }
        return table;
    }

    Parser& m_p;
};

// ---- SELECT ------------------------------------------------------------------------------------

NodePtr Parser::parseSelectSet()
{
    DepthGuard guard(*this);
    const uint32_t begin = curBegin();
    NodePtr first = parseSelectWithParens();
    std::unique_ptr<SelectSetQuery> set;
    while (isKw("UNION") || isKw("INTERSECT") || isKw("EXCEPT")) {
        const std::string base(text(advance()));
        std::string op;
        for (char c : base)
            op += static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
        SetOperator setOp;
        if (op == "EXCEPT" && isKw("DISTINCT"))
            fail("Set operator must be one of UNION ALL, UNION DISTINCT, INTERSECT, INTERSECT ALL, INTERSECT "
                 "DISTINCT, EXCEPT, and EXCEPT ALL");
        if (acceptKw("ALL")) {
            setOp = op == "UNION"       ? SetOperator::UnionAll
                    : op == "INTERSECT" ? SetOperator::IntersectAll
                                        : SetOperator::ExceptAll;
        } else if (acceptKw("DISTINCT")) {
            setOp = op == "UNION"       ? SetOperator::UnionDistinct
                    : op == "INTERSECT" ? SetOperator::IntersectDistinct
                                        : SetOperator::ExceptDistinct;
        } else {
            setOp = op == "UNION"       ? SetOperator::Union
                    : op == "INTERSECT" ? SetOperator::Intersect
                                        : SetOperator::Except;
        }
        if (setOp == SetOperator::ExceptDistinct)
            failAt(
                "Set operator must be one of UNION ALL, UNION DISTINCT, INTERSECT, INTERSECT ALL, INTERSECT "
                "DISTINCT, EXCEPT, and EXCEPT ALL",
                begin, prevEnd());
        if (!set) {
            set = makeNode<SelectSetQuery>(begin, 0);
            set->initialSelectQuery = std::move(first);
        }
        SelectSetNode next;
        next.setOperator = setOp;
        next.selectQuery = parseSelectWithParens();
        set->subsequentSelectQueries.push_back(std::move(next));
        set->end = prevEnd();
    }
    if (set)
        return set;
    return first;
}

NodePtr Parser::parseSelectWithParens()
{
    if (isOp("(")) {
        advance();
        NodePtr inner = parseSelectSet();
        expectOp(")");
        return inner;
    }
    if (isOp("{")) {
        const uint32_t begin = curBegin();
        advance();
        auto ph = makeNode<Placeholder>(begin, 0);
        ph->expr = parseExpr();
        expectOp("}");
        ph->end = prevEnd();
        return ph;
    }
    return parseSelectCore();
}

NodePtr Parser::parseSelectCore()
{
    const uint32_t begin = curBegin();
    auto q = makeNode<SelectQuery>(begin, 0);

    if (acceptKw("WITH")) {
        q->ctes.emplace();
        if (acceptKw("RECURSIVE"))
            q->recursiveCtes = true;
        do {
            const uint32_t cBegin = curBegin();
            // `name AS (SELECT ...)` is a subquery CTE; anything else is `expr AS name`
            if (identifierLike(cur()) && isKw(at(1), "AS") && isOp(at(2), "(") && startsSelect(3)) {
                auto cte = makeNode<CTE>(cBegin, 0);
                cte->name = identifierText(advance());
                advance(); // AS
                advance(); // (
                cte->expr = parseSelectSet();
                expectOp(")");
                cte->end = prevEnd();
                cte->cteType = "subquery";
                const std::string name = cte->name;
                q->ctes->emplace_back(name, std::move(cte));
            } else {
                NodePtr expr = parseExpr(LTernary);
                expectKw("AS");
                auto cte = makeNode<CTE>(cBegin, 0);
                cte->name = parseIdentifier("a name for the WITH expression");
                cte->end = prevEnd();
                cte->expr = std::move(expr);
                cte->cteType = "column";
                const std::string name = cte->name;
                q->ctes->emplace_back(name, std::move(cte));
            }
        } while (acceptOp(","));
    }

    expectKw("SELECT");
    if (acceptKw("DISTINCT"))
        q->distinct = true;
    if (isKw("TOP") && at(1).kind == TokenKind::Number)
        failAt("Unsupported: SelectStmt.topClause()", curBegin(), at(1).end);
    if (isKw("FROM"))
        fail("Expected a column expression after SELECT, got 'FROM'");
    do {
        if (isKw("FROM") && !q->select.empty())
            break; // trailing comma before FROM
        try {
            m_implicitAliasDepth = m_depth + 1;
            q->select.push_back(parseExpr());
            m_implicitAliasDepth = -1;
        } catch (const ParseAbort&) {
            m_implicitAliasDepth = -1;
            recover(true);
            if (!isOp(","))
                break;
        }
    } while (acceptOp(","));

    auto clause = [&](auto&& body) {
        try {
            body();
        } catch (const ParseAbort&) {
            recover();
        }
    };

    if (isKw("FROM")) {
        clause([&] {
            advance();
            JoinParser joins(*this);
            q->selectFrom = joins.parseJoinChain();
        });
    }
    if (isKw("ARRAY") && isKw(at(1), "JOIN")) {
        clause([&] {
            advance();
            advance();
            q->arrayJoinOp = "ARRAY JOIN";
            q->arrayJoinList = parseExprList();
            for (const auto& e : *q->arrayJoinList) {
                if (e->kind != NodeKind::Alias)
                    failAt("ARRAY JOIN arrays must have an alias", e->begin, e->end);
            }
        });
    } else if ((isKw("LEFT") || isKw("INNER")) && isKw(at(1), "ARRAY") && isKw(at(2), "JOIN")) {
        clause([&] {
            q->arrayJoinOp = isKw("LEFT") ? "LEFT ARRAY JOIN" : "INNER ARRAY JOIN";
            advance();
            advance();
            advance();
            q->arrayJoinList = parseExprList();
            for (const auto& e : *q->arrayJoinList) {
                if (e->kind != NodeKind::Alias)
                    failAt("ARRAY JOIN arrays must have an alias", e->begin, e->end);
            }
        });
    }
    if (isKw("PREWHERE"))
        clause([&] {
            advance();
            q->prewhere = parseExpr();
        });
    if (isKw("WHERE"))
        clause([&] {
            advance();
            q->where = parseExpr();
        });
    if (isKw("GROUP") && isKw(at(1), "BY")) {
        clause([&] {
            advance();
            advance();
            if ((isKw("ROLLUP") || isKw("CUBE")) && isOp(at(1), "(")) {
                q->groupByMode = isKw("ROLLUP") ? "rollup" : "cube";
                advance();
                advance();
                q->groupBy = parseExprList();
                expectOp(")");
            } else {
                q->groupBy = parseExprList();
            }
            if (isKw("WITH") && (isKw(at(1), "ROLLUP") || isKw(at(1), "CUBE"))) {
                advance(); // the reference accepts `WITH ROLLUP|CUBE` but does not record it
                advance();
            }
            if (isKw("WITH") && isKw(at(1), "TOTALS")) {
                advance();
                advance();
            }
        });
    }
    if (isKw("HAVING"))
        clause([&] {
            advance();
            q->having = parseExpr();
        });
    if (isKw("QUALIFY"))
        clause([&] {
            advance();
            q->qualify = parseExpr();
        });
    if (isKw("WINDOW")) {
        clause([&] {
            advance();
            q->windowExprs.emplace();
            do {
                std::string name = parseIdentifier("a window name");
                expectKw("AS");
                const uint32_t wBegin = curBegin();
                expectOp("(");
                NodePtr w = parseWindowExpr(wBegin);
                expectOp(")");
                q->windowExprs->emplace_back(std::move(name), std::move(w));
            } while (acceptOp(","));
        });
    }
    if (isKw("ORDER") && isKw(at(1), "BY")) {
        clause([&] {
            advance();
            advance();
            q->orderBy = parseOrderList();
        });
    }
    if (isKw("LIMIT") || isKw("OFFSET")) {
        clause([&] { parseLimitClauses(*q); });
    }
    if (isKw("SETTINGS"))
        failAt("Unsupported: SelectStmt.settingsClause()", curBegin(), cur().end);
    q->end = m_selectEndOverride ? m_selectEndOverride : prevEnd();
    m_selectEndOverride = 0;
    return q;
}

void Parser::parseLimitClauses(SelectQuery& q)
{
    // LIMIT n [OFFSET m | , m] BY exprs  — then LIMIT n [, m] [WITH TIES] | LIMIT n [WITH TIES] OFFSET m |
    // OFFSET m
    if (isKw("LIMIT")) {
        const uint32_t lBegin = curBegin();
        size_t save = m_pos;
        advance();
        NodePtr n = parseExpr();
        NodePtr offset;
        bool comma = false;
        if (acceptOp(",")) {
            comma = true;
            offset = parseExpr();
        } else if (isKw("OFFSET")) {
            const size_t beforeOffset = m_pos;
            advance();
            offset = parseExpr();
            if (!isKw("BY")) {
                m_pos = beforeOffset;
                offset.reset();
            }
        }
        if (acceptKw("BY")) {
            auto by = makeNode<LimitByExpr>(lBegin, 0);
            if (comma) {
                by->n = std::move(offset); // LIMIT offset, n BY
                by->offsetValue = std::move(n);
            } else {
                by->n = std::move(n);
                by->offsetValue = std::move(offset);
            }
            by->exprs = parseExprList();
            by->end = prevEnd();
            q.limitBy = std::move(by);
        } else {
            m_pos = save;
        }
    }
    if (acceptKw("LIMIT")) {
        q.limit = parseExpr();
        if (acceptOp(",")) {
            q.offset = parseExpr();
        }
        if (isKw("WITH") && isKw(at(1), "TIES")) {
            advance();
            advance();
            q.limitWithTies = true;
        }
        if (!q.offset && isKw("OFFSET")) {
            m_selectEndOverride = prevEnd(); // the reference ends the SELECT before `OFFSET m`
            advance();
            q.offset = parseExpr();
        }
    } else if (acceptKw("OFFSET")) {
        q.offset = parseExpr();
    }
}

void Parser::recover(bool stopAtComma)
{
    // skip to the next clause keyword at paren depth 0 (or the end)
    int depth = 0;
    while (!atEnd()) {
        if (isOp("(") || isOp("[") || isOp("{"))
            ++depth;
        else if (isOp(")") || isOp("]") || isOp("}")) {
            if (depth == 0)
                return;
            --depth;
        } else if (depth == 0 && stopAtComma && isOp(",")) {
            return;
        } else if (depth == 0 && cur().kind == TokenKind::Keyword) {
            for (const auto kw : kClauseKeywords) {
                if (isKw(kw))
                    return;
            }
        }
        advance();
    }
}

// ---- roots -------------------------------------------------------------------------------------

NodePtr Parser::parseSelectRoot()
{
    NodePtr root;
    try {
        root = parseSelectSet();
        acceptOp(";");
        if (!atEnd())
            fail("Unexpected " + describeCurrent() + " after the end of the query");
    } catch (const ParseAbort&) {
    }
    return root;
}

NodePtr Parser::parseExprRoot()
{
    NodePtr root;
    try {
        root = parseExpr();
        if (!atEnd())
            fail("Unexpected " + describeCurrent() + " after the end of the expression");
    } catch (const ParseAbort&) {
    }
    return root;
}

} // namespace hogscope::hogql::detail

namespace hogscope::hogql {

ParseResult parseSelect(std::string_view text)
{
    detail::Parser parser(text);
    ParseResult result;
    result.root = parser.parseSelectRoot();
    result.errors = parser.takeErrors();
    return result;
}

ParseResult parseExpr(std::string_view text)
{
    detail::Parser parser(text);
    ParseResult result;
    result.root = parser.parseExprRoot();
    result.errors = parser.takeErrors();
    return result;
}

} // namespace hogscope::hogql
