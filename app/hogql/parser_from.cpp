// FROM clauses: table sources (names, subqueries, VALUES, table functions, placeholders, HogQLX tags),
// aliases with column lists, FINAL / SAMPLE, PIVOT / UNPIVOT, and join chains.

#include "parser_impl.h"

#include <cctype>

namespace hogscope::hogql::detail {

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
        if (m_p.isKw("POSITIONAL") && m_p.isKw(m_p.at(1), "JOIN")) {
            m_p.advance();
            m_p.advance();
            return std::string("POSITIONAL JOIN");
        }
        // NATURAL joins on the shared column names; PostHog records only the join kind
        const size_t natural = m_p.isKw("NATURAL") ? 1 : 0;
        i = natural;
        for (; i < 5 + natural; ++i) {
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
                break;
            }
        }
        if (!m_p.isKw(m_p.at(i), "JOIN")) {
            if (natural) {
                m_p.advance();
                m_p.fail("Expected JOIN after NATURAL, got " + m_p.describeCurrent());
            }
            return std::nullopt;
        }
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
        if (m_p.isKw("PIVOT") || m_p.isKw("UNPIVOT"))
            table = parsePivots(std::move(table), begin);
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
        if (m_p.isOp("(") && m_p.isKw(m_p.at(1), "VALUES")) {
            table = parseValues();
        } else if (m_p.isOp("(") && !m_p.startsSelect(1)) {
            // a parenthesised table expression, `(t FINAL)` / `(t PIVOT (...))`: a JoinExpr spanning the
            // inside of the parentheses, which takes no alias after them
            m_p.advance();
            NodePtr inner = parseTableWithModifiers();
            m_p.expectOp(")");
            return inner;
        } else if (m_p.isOp("(")) {
            m_p.advance();
            table = m_p.parseSelectSet();
            m_p.expectOp(")");
        } else if (m_p.isOp("<") && m_p.identifierLike(m_p.at(1))) {
            table = m_p.parseHogQLXTag();
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
        std::optional<std::vector<std::string>> columnAliases;
        if (alias && m_p.isOp("(") && m_p.identifierLike(m_p.at(1))) {
            m_p.advance();
            columnAliases.emplace();
            do {
                columnAliases->push_back(m_p.parseIdentifier("a column alias"));
            } while (m_p.acceptOp(","));
            m_p.expectOp(")");
        }
        if (functionJoin) {
            if (alias) {
                functionJoin->alias = std::move(alias);
                functionJoin->columnAliases =
                    columnAliases ? std::move(*columnAliases) : std::vector<std::string>{};
                functionJoin->hasColumnAliasesField = true;
            }
            return functionJoin;
        }
        if (alias) {
            auto join = makeNode<JoinExpr>(begin, m_p.prevEnd());
            join->table = std::move(table);
            join->alias = std::move(alias);
            join->columnAliases = std::move(columnAliases);
            join->hasColumnAliasesField = true;
            return join;
        }
        return table;
    }

    // `(VALUES (1, 'a'), (2, 'b'))`: each row a parenthesised list
    NodePtr parseValues()
    {
        const uint32_t begin = m_p.curBegin();
        m_p.advance(); // (
        auto values = makeNode<ValuesQuery>(m_p.curBegin(), 0);
        m_p.advance(); // VALUES
        do {
            m_p.expectOp("(");
            values->rows.push_back(m_p.parseExprList());
            m_p.expectOp(")");
        } while (m_p.acceptOp(","));
        values->end = m_p.prevEnd();
        m_p.expectOp(")");
        (void)begin;
        return values;
    }

    // a list of `expr [AS alias]`
    NodeList parseAliasedList()
    {
        NodeList list;
        do {
            const uint32_t b = m_p.curBegin();
            NodePtr expr = m_p.parseExpr(LTernary);
            if (m_p.acceptKw("AS")) {
                auto alias = makeNode<Alias>(b, 0);
                alias->alias = m_p.parseIdentifier("an alias after AS");
                alias->expr = std::move(expr);
                alias->end = m_p.prevEnd();
                expr = std::move(alias);
            }
            list.push_back(std::move(expr));
        } while (m_p.acceptOp(","));
        return list;
    }

    // `table PIVOT (aggs FOR col IN (values) [GROUP BY ...])` / `table UNPIVOT [INCLUDE NULLS] (...)`
    NodePtr parsePivots(NodePtr table, uint32_t begin)
    {
        while (m_p.isKw("PIVOT") || m_p.isKw("UNPIVOT")) {
            if (auto* aliased = table->as<JoinExpr>())
                aliased->bare = true;
            if (m_p.acceptKw("PIVOT")) {
                auto pivot = makeNode<PivotExpr>(begin, 0);
                pivot->table = std::move(table);
                m_p.expectOp("(");
                pivot->aggregates = parseAliasedList();
                const uint32_t cBegin = m_p.curBegin();
                m_p.expectKw("FOR");
                (void)cBegin;
                do { // FOR y IN (...) z IN (...): one PivotColumn each
                    auto column = std::make_unique<PivotColumn>();
                    column->positioned = false;
                    column->column = m_p.parseExpr(LCompare + 1);
                    m_p.expectKw("IN");
                    m_p.expectOp("(");
                    column->values = parseAliasedList();
                    m_p.expectOp(")");
                    pivot->columns.push_back(std::move(column));
                } while (!m_p.isOp(")") && !m_p.isKw("GROUP") && !m_p.atEnd());
                if (m_p.isKw("GROUP") && m_p.isKw(m_p.at(1), "BY")) {
                    m_p.advance();
                    m_p.advance();
                    pivot->groupBy = m_p.parseExprList();
                }
                m_p.expectOp(")");
                pivot->end = m_p.prevEnd();
                table = std::move(pivot);
            } else {
                m_p.advance(); // UNPIVOT
                auto unpivot = makeNode<UnpivotExpr>(begin, 0);
                unpivot->table = std::move(table);
                if (m_p.acceptKw("INCLUDE")) {
                    m_p.expectKw("NULLS");
                    unpivot->includeNulls = true;
                } else if (m_p.acceptKw("EXCLUDE")) {
                    m_p.expectKw("NULLS");
                }
                m_p.expectOp("(");
                auto column = std::make_unique<UnpivotColumn>();
                column->positioned = false;
                column->valueColumns = m_p.parseExpr(LCompare + 1);
                m_p.expectKw("FOR");
                column->nameColumns = m_p.parseExpr(LCompare + 1);
                // PostHog builds the column tuples without positions
                for (Node* side : {column->valueColumns.get(), column->nameColumns.get()}) {
                    if (side->kind == NodeKind::Tuple)
                        side->positioned = false;
                }
                m_p.expectKw("IN");
                m_p.expectOp("(");
                column->unpivotValues = parseAliasedList();
                m_p.expectOp(")");
                unpivot->columns.push_back(std::move(column));
                m_p.expectOp(")");
                unpivot->end = m_p.prevEnd();
                table = std::move(unpivot);
            }
        }
        return table;
    }

    Parser& m_p;
};

NodePtr Parser::parseJoinChain()
{
    JoinParser joins(*this);
    return joins.parseJoinChain();
}

} // namespace hogscope::hogql::detail
