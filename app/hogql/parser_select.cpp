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

// ---- SELECT ------------------------------------------------------------------------------------

bool Parser::subqueryCteAhead() const
{
    if (!identifierLike(cur()))
        return false;
    size_t i = 1;
    auto skipNameList = [&] {
        if (!isOp(at(i), "("))
            return true;
        ++i;
        while (identifierLike(at(i)) && isOp(at(i + 1), ","))
            i += 2;
        if (!identifierLike(at(i)) || !isOp(at(i + 1), ")"))
            return false;
        i += 2;
        return true;
    };
    if (!skipNameList())
        return false;
    if (isKw(at(i), "USING")) {
        if (!isKw(at(i + 1), "KEY"))
            return false;
        i += 2;
        if (!isOp(at(i), "(") || !skipNameList())
            return false;
    }
    if (!isKw(at(i), "AS"))
        return false;
    ++i;
    if ((isKw(at(i), "NOT") && isKw(at(i + 1), "MATERIALIZED")) || isKw(at(i), "MATERIALIZED"))
        return true; // only a subquery CTE can be MATERIALIZED: report a missing `(` there
    return isOp(at(i), "(") && startsSelect(i + 1);
}

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
        if (acceptKw("BY")) {
            expectKw("NAME");
            next.byName = true;
        }
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
            // `name [(cols)] [USING KEY (cols)] AS [NOT] [MATERIALIZED] (SELECT ...)` is a subquery CTE;
            // anything else is `expr AS name`
            if (subqueryCteAhead()) {
                auto cte = makeNode<CTE>(cBegin, 0);
                cte->name = identifierText(advance());
                auto nameList = [this](const char* what) {
                    std::vector<std::string> names;
                    expectOp("(");
                    do {
                        names.push_back(parseIdentifier(what));
                    } while (acceptOp(","));
                    expectOp(")");
                    return names;
                };
                if (isOp("("))
                    cte->columns = nameList("a column name of the CTE");
                if (acceptKw("USING")) {
                    expectKw("KEY");
                    cte->usingKey = nameList("a key column");
                }
                expectKw("AS");
                if (acceptKw("NOT")) {
                    expectKw("MATERIALIZED");
                    cte->materialized = false;
                } else if (acceptKw("MATERIALIZED")) {
                    cte->materialized = true;
                }
                expectOp("(");
                cte->expr = parseSelectSet();
                expectOp(")");
                cte->end = prevEnd();
                cte->cteType = "subquery";
                cte->recursive = q->recursiveCtes;
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
        if (isOp("(") && startsSelect()) {
            // `WITH a AS (...) (SELECT ...)`: the CTEs belong to the parenthesised query
            advance();
            NodePtr inner = parseSelectSet();
            expectOp(")");
            if (auto* innerSelect = inner->as<SelectQuery>()) {
                if (innerSelect->ctes) {
                    for (auto& cte : *innerSelect->ctes)
                        q->ctes->push_back(std::move(cte));
                }
                innerSelect->ctes = std::move(q->ctes);
                innerSelect->recursiveCtes = innerSelect->recursiveCtes || q->recursiveCtes;
            } else {
                failAt("A WITH clause before a parenthesised set of queries is not supported", begin,
                       prevEnd());
            }
            return inner;
        }
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
            if (identifierLike(cur()) && isOp(at(1), ":")) {
                // `alias: expr` (prefix alias)
                const uint32_t aBegin = curBegin();
                auto alias = makeNode<Alias>(aBegin, 0);
                alias->alias = identifierText(advance());
                advance(); // :
                alias->expr = parseExpr();
                alias->end = prevEnd();
                q->select.push_back(std::move(alias));
                continue;
            }
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
            q->selectFrom = parseJoinChain();
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
            if (isKw("ALL") && !isOp(at(1), "(") && !isOp(at(1), ".")) {
                advance();
                q->groupByMode = "all";
            } else if (isKw("GROUPING") && isKw(at(1), "SETS")) {
                advance();
                advance();
                q->groupByMode = "grouping_sets";
                q->groupBy.emplace();
                expectOp("(");
                do {
                    const uint32_t setBegin = curBegin();
                    expectOp("(");
                    auto set = makeNode<GroupingSet>(setBegin, 0);
                    if (!isOp(")"))
                        set->exprs = parseExprList();
                    expectOp(")");
                    set->end = prevEnd();
                    q->groupBy->push_back(std::move(set));
                } while (acceptOp(","));
                expectOp(")");
            } else if ((isKw("ROLLUP") || isKw("CUBE")) && isOp(at(1), "(")) {
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
