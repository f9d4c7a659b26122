// Queries: one clause per line at the top level; a subquery is one group that stays on one line when it
// fits and otherwise breaks like a top-level query, indented inside its parentheses.

#include "formatter_impl.h"

namespace hogscope::hogql::fmt {

namespace {

// The operator as written to parse back to the same SetOperator (ast.cpp's text is PostHog's
// normalised spelling, which turns a plain UNION into UNION DISTINCT).
const char* setOperatorKeyword(SetOperator op)
{
    switch (op) {
    case SetOperator::UnionAll:
        return "UNION ALL";
    case SetOperator::UnionDistinct:
        return "UNION DISTINCT";
    case SetOperator::Union:
        return "UNION";
    case SetOperator::IntersectAll:
        return "INTERSECT ALL";
    case SetOperator::IntersectDistinct:
        return "INTERSECT DISTINCT";
    case SetOperator::Intersect:
        return "INTERSECT";
    case SetOperator::ExceptAll:
        return "EXCEPT ALL";
    case SetOperator::ExceptDistinct:
        return "EXCEPT DISTINCT";
    case SetOperator::Except:
        return "EXCEPT";
    }
    return "UNION ALL";
}

std::string names(const std::vector<std::string>& list)
{
    std::string out;
    for (const std::string& n : list)
        out += (out.empty() ? "" : ", ") + name(n, NameContext::Name);
    return out;
}

} // namespace

Doc Printer::query(const Node& n, bool topLevel)
{
    Doc out;
    if (n.kind == NodeKind::SelectQuery)
        out = selectQuery(static_cast<const SelectQuery&>(n), topLevel);
    else if (n.kind == NodeKind::SelectSetQuery)
        out = selectSet(static_cast<const SelectSetQuery&>(n), topLevel);
    else
        return expr(n, LAlias); // a placeholder, a HogQLX tag
    printed(n);
    return out;
}

Doc Printer::subquery(const Node& n)
{
    Doc out = text("(");
    Doc inner = brk(softline(), at(&n));
    inner += query(n, false);
    out += nest(m_options.indent, inner);
    out += brk(softline(), closer());
    out += text(")");
    return group(out);
}

Doc Printer::clause(const char* keyword, const Node& contents)
{
    Doc out = text(keyword);
    Doc inner = brk(line(), at(&contents));
    inner += expr(contents, LAlias);
    out += nest(m_options.indent, inner);
    return group(out);
}

Doc Printer::clauseList(const char* keyword, size_t count, const std::function<const Node*(size_t)>& anchor,
                        const std::function<Doc(size_t)>& item)
{
    Doc out = text(keyword);
    out += nest(m_options.indent, items(count, anchor, item, line()));
    return group(out);
}

Doc Printer::selectQuery(const SelectQuery& q, bool topLevel)
{
    const Doc separator = topLevel ? hardline() : line();
    Doc out;
    bool first = true;
    auto next = [&](uint32_t contentAt) {
        if (!first)
            out += brk(separator, clauseAt(contentAt));
        first = false;
    };
    auto list = [&](const char* keyword, const NodeList& l) {
        next(l.empty() ? 0 : at(l[0].get()));
        out += clauseList(
            keyword, l.size(), [&](size_t i) { return l[i].get(); },
            [&](size_t i) { return expr(*l[i], LAlias); });
    };
    auto single = [&](const char* keyword, const NodePtr& n) {
        if (!n)
            return;
        next(at(n.get()));
        out += clause(keyword, *n);
    };

    if (q.ctes && !q.ctes->empty()) {
        const auto& ctes = *q.ctes;
        next(at(ctes[0].second.get()));
        out += clauseList(
            q.recursiveCtes ? "WITH RECURSIVE" : "WITH", ctes.size(),
            [&](size_t i) { return ctes[i].second.get(); },
            [&](size_t i) {
                const Node& c = *ctes[i].second;
                Doc d = c.kind == NodeKind::CTE ? cte(static_cast<const CTE&>(c)) : expr(c, LAlias);
                printed(c);
                return d;
            });
    }
    list(q.distinct && *q.distinct ? "SELECT DISTINCT" : "SELECT", q.select);
    if (q.selectFrom) {
        next(at(q.selectFrom.get()));
        out += text("FROM ");
        if (q.selectFrom->kind == NodeKind::JoinExpr)
            out += joinChain(static_cast<const JoinExpr&>(*q.selectFrom), separator);
        else
            out += expr(*q.selectFrom, LAlias);
    }
    if (q.arrayJoinList)
        list(q.arrayJoinOp ? q.arrayJoinOp->c_str() : "ARRAY JOIN", *q.arrayJoinList);
    single("PREWHERE", q.prewhere);
    single("WHERE", q.where);
    if (q.groupByMode == "all") {
        const uint32_t all = findToken(m_lastEnd, "ALL", 3);
        next(all);
        out += text("GROUP BY ALL");
        if (all)
            advanceTo(all + 3);
    } else if (q.groupBy) {
        const NodeList& g = *q.groupBy;
        if (q.groupByMode == "rollup" || q.groupByMode == "cube" || q.groupByMode == "grouping_sets") {
            next(g.empty() ? 0 : at(g[0].get()));
            out += text(q.groupByMode == "rollup" ? "GROUP BY ROLLUP"
                        : q.groupByMode == "cube" ? "GROUP BY CUBE"
                                                  : "GROUP BY GROUPING SETS ");
            out += bracketedList("(", g, ")");
        } else {
            list("GROUP BY", g);
        }
    }
    single("HAVING", q.having);
    single("QUALIFY", q.qualify);
    if (q.windowExprs && !q.windowExprs->empty()) {
        const auto& windows = *q.windowExprs;
        next(at(windows[0].second.get()));
        out += clauseList(
            "WINDOW", windows.size(), [&](size_t i) { return windows[i].second.get(); },
            [&](size_t i) {
                Doc d = text(name(windows[i].first, NameContext::Name) + " AS ");
                const Node& w = *windows[i].second;
                d += w.kind == NodeKind::WindowExpr ? windowSpec(static_cast<const WindowExpr&>(w)) : node(w);
                printed(w);
                return d;
            });
    }
    if (q.orderBy)
        list("ORDER BY", *q.orderBy);
    if (q.limitBy) {
        next(at(q.limitBy.get()));
        out += q.limitBy->kind == NodeKind::LimitByExpr ? limitBy(static_cast<const LimitByExpr&>(*q.limitBy))
                                                        : node(*q.limitBy);
        printed(*q.limitBy);
    }
    if (q.limit) {
        next(at(q.limit.get()));
        out += text("LIMIT ");
        out += expr(*q.limit, LAlias);
        if (q.limitWithTies && *q.limitWithTies)
            out += text(" WITH TIES");
    }
    if (q.offset) {
        next(at(q.offset.get()));
        out += text("OFFSET ");
        out += expr(*q.offset, LAlias);
    }
    if (q.settings && !q.settings->empty()) {
        const auto& settings = *q.settings;
        next(at(settings[0].second.get()));
        out += clauseList(
            "SETTINGS", settings.size(), [&](size_t i) { return settings[i].second.get(); },
            [&](size_t i) {
                Doc d = text(name(settings[i].first, NameContext::Name) + " = ");
                d += expr(*settings[i].second, LAlias);
                return d;
            });
    }
    return topLevel ? out : group(out);
}

Doc Printer::selectSet(const SelectSetQuery& s, bool topLevel)
{
    const Doc separator = topLevel ? hardline() : line();
    // a set inside a set keeps its parentheses, or its operands would join the outer set
    auto operand = [&](const Node& q) {
        return q.kind == NodeKind::SelectSetQuery ? subquery(q) : query(q, topLevel);
    };
    Doc out;
    if (s.initialSelectQuery)
        out += operand(*s.initialSelectQuery);
    for (const SelectSetNode& next : s.subsequentSelectQueries) {
        if (!next.selectQuery)
            continue;
        out += brk(separator, clauseAt(at(next.selectQuery.get())));
        out += text(std::string(setOperatorKeyword(next.setOperator)) + (next.byName ? " BY NAME" : ""));
        out += brk(separator, at(next.selectQuery.get()));
        out += operand(*next.selectQuery);
    }
    return topLevel ? out : group(out);
}

Doc Printer::joinChain(const JoinExpr& first, const Doc& separator)
{
    Doc out = tableExpr(first);
    for (const Node* n = first.nextJoin.get(); n; n = static_cast<const JoinExpr*>(n)->nextJoin.get()) {
        if (n->kind != NodeKind::JoinExpr)
            break;
        const auto& j = static_cast<const JoinExpr&>(*n);
        out += brk(separator, clauseAt(at(&j)));
        out += text((j.joinType ? *j.joinType : std::string("JOIN")) + " ");
        out += tableExpr(j);
    }
    return out;
}

Doc Printer::tableExpr(const JoinExpr& j)
{
    Doc out = leading(at(&j));
    if (j.tableArgs) {
        // a table function: its name cannot be quoted (a quoted name followed by `(` is not a call)
        const auto* f = j.table ? j.table->as<Field>() : nullptr;
        std::string fn;
        if (f) {
            for (const std::string& part : f->chain)
                fn += (fn.empty() ? "" : ".") + part;
        }
        out += text(fn);
        out += bracketedList("(", *j.tableArgs, ")");
    } else if (j.table) {
        out += tableSource(*j.table);
    }
    if (j.alias) {
        std::string alias = " AS " + name(*j.alias, NameContext::Name);
        if (j.columnAliases && !j.columnAliases->empty())
            alias += "(" + names(*j.columnAliases) + ")";
        out += text(alias);
    }
    if (j.tableFinal && *j.tableFinal)
        out += text(" FINAL");
    printed(j);
    if (j.sample) {
        out += text(" ");
        out += node(*j.sample);
        printed(*j.sample);
    }
    if (j.constraint) {
        Doc c = brk(line(), at(j.constraint.get()));
        c += j.constraint->kind == NodeKind::JoinConstraint
                 ? joinConstraint(static_cast<const JoinConstraint&>(*j.constraint))
                 : node(*j.constraint);
        printed(*j.constraint);
        out += nest(m_options.indent, c);
    }
    return group(out);
}

Doc Printer::tableSource(const Node& table)
{
    if (isQuery(&table))
        return subquery(table);
    if (const auto* f = table.as<Field>()) {
        Doc out = leading(at(f));
        std::string chain;
        for (const std::string& part : f->chain)
            chain += (chain.empty() ? "" : ".") + name(part, NameContext::Name);
        out += text(chain);
        printed(*f);
        return out;
    }
    if (const auto* j = table.as<JoinExpr>()) // an aliased table under PIVOT
        return tableExpr(*j);
    return expr(table, LAlias);
}

Doc Printer::aliasedList(const NodeList& list)
{
    // items are `expr [AS alias]` with expr parsed above the alias level
    return bracketed(
        "(", ")", list.size(), [&](size_t i) { return list[i].get(); },
        [&](size_t i) { return expr(*list[i], list[i]->kind == NodeKind::Alias ? LAlias : LTernary); });
}

Doc Printer::pivot(const PivotExpr& p)
{
    Doc out;
    if (p.table)
        out += tableSource(*p.table);
    out += text(" PIVOT (");
    Doc inner = brk(softline(), p.aggregates.empty() ? 0 : at(p.aggregates[0].get()));
    inner += items(
        p.aggregates.size(), [&](size_t i) { return p.aggregates[i].get(); },
        [&](size_t i) {
            return expr(*p.aggregates[i], p.aggregates[i]->kind == NodeKind::Alias ? LAlias : LTernary);
        },
        Doc());
    // FOR once, then each `column IN (values)`
    for (size_t i = 0; i < p.columns.size(); ++i) {
        const auto* column = p.columns[i]->as<PivotColumn>();
        const uint32_t anchor =
            i == 0 ? findToken(m_lastEnd, "FOR", 4) : (column ? at(column->column.get()) : 0);
        inner += brk(line(), anchor);
        if (i == 0)
            inner += text("FOR ");
        inner += node(*p.columns[i]);
    }
    if (p.groupBy) {
        inner += brk(line(), findToken(m_lastEnd, "GROUP", 4));
        inner += text("GROUP BY ");
        inner += group(nest(m_options.indent, nodeItems(*p.groupBy, Doc())));
    }
    out += nest(m_options.indent, inner);
    out += brk(softline(), closer());
    out += text(")");
    return group(out);
}

Doc Printer::pivotColumn(const PivotColumn& c)
{
    Doc out;
    if (c.column)
        out += expr(*c.column, LCompare + 1);
    out += text(" IN ");
    out += aliasedList(c.values);
    return out;
}

Doc Printer::unpivot(const UnpivotExpr& u)
{
    Doc out;
    if (u.table)
        out += tableSource(*u.table);
    out += text(u.includeNulls ? " UNPIVOT INCLUDE NULLS (" : " UNPIVOT (");
    Doc inner;
    for (size_t i = 0; i < u.columns.size(); ++i) {
        const auto* column = u.columns[i]->as<UnpivotColumn>();
        inner += brk(i == 0 ? softline() : line(), column ? at(column->valueColumns.get()) : 0);
        inner += node(*u.columns[i]);
    }
    out += nest(m_options.indent, inner);
    out += brk(softline(), closer());
    out += text(")");
    return group(out);
}

Doc Printer::unpivotColumn(const UnpivotColumn& c)
{
    Doc out;
    if (c.valueColumns)
        out += expr(*c.valueColumns, LCompare + 1);
    out += text(" FOR ");
    if (c.nameColumns)
        out += expr(*c.nameColumns, LCompare + 1);
    out += text(" IN ");
    out += aliasedList(c.unpivotValues);
    return out;
}

Doc Printer::joinConstraint(const JoinConstraint& c)
{
    if (c.constraintType == "USING") {
        Doc out = text("USING ");
        if (const auto* t = c.expr ? c.expr->as<Tuple>() : nullptr) {
            out += bracketedList("(", t->exprs, ")");
        } else if (c.expr) {
            out += text("(");
            out += expr(*c.expr, LAlias);
            out += text(")");
        }
        return out;
    }
    Doc out = text("ON ");
    if (c.expr)
        out += expr(*c.expr, LAlias);
    return out;
}

Doc Printer::ratio(const RatioExpr& r)
{
    Doc out;
    if (r.left)
        out += expr(*r.left, LUnary);
    if (r.right) {
        out += text("/");
        out += expr(*r.right, LUnary);
    }
    return out;
}

Doc Printer::sample(const SampleExpr& s)
{
    Doc out = text("SAMPLE ");
    if (s.sampleValue)
        out += node(*s.sampleValue);
    if (s.offsetValue) {
        out += text(" OFFSET ");
        out += node(*s.offsetValue);
    }
    return out;
}

Doc Printer::cte(const CTE& c)
{
    if (c.cteType == "subquery" || (c.expr && isQuery(c.expr.get()) && c.cteType != "column")) {
        std::string head = name(c.name, NameContext::Name);
        if (c.columns && !c.columns->empty())
            head += "(" + names(*c.columns) + ")";
        if (c.usingKey)
            head += " USING KEY (" + names(*c.usingKey) + ")";
        head += " AS ";
        if (c.materialized)
            head += *c.materialized ? "MATERIALIZED " : "NOT MATERIALIZED ";
        Doc out = text(head);
        if (c.expr)
            out += subquery(*c.expr);
        return out;
    }
    Doc out;
    if (c.expr)
        out += expr(*c.expr, LTernary);
    out += text(" AS " + name(c.name, NameContext::Name));
    return out;
}

Doc Printer::limitBy(const LimitByExpr& l)
{
    Doc out = text("LIMIT ");
    if (l.n)
        out += expr(*l.n, LAlias);
    if (l.offsetValue) {
        out += text(" OFFSET ");
        out += expr(*l.offsetValue, LAlias);
    }
    out += text(" BY");
    out += nest(m_options.indent, items(
                                      l.exprs.size(), [&](size_t i) { return l.exprs[i].get(); },
                                      [&](size_t i) { return expr(*l.exprs[i], LAlias); }, line()));
    return group(out);
}

Doc Printer::values(const ValuesQuery& v)
{
    Doc rows;
    for (size_t i = 0; i < v.rows.size(); ++i) {
        if (i) {
            rows += text(",");
            rows += line();
        }
        rows += bracketedList("(", v.rows[i], ")");
    }
    Doc out = text("(VALUES");
    out += nest(m_options.indent, line() + rows);
    out += softline();
    out += text(")");
    return group(out);
}

} // namespace hogscope::hogql::fmt
