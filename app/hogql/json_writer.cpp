#include "json_writer.h"

#include "json_text.h"

#include "lexer.h"
#include "parser.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <unordered_map>
#include <utility>
#include <vector>

namespace hogscope::hogql {

namespace {

std::string quote(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + 2);
    appendJsonString(out, s);
    return out;
}

std::string number(double v)
{
    if (std::isinf(v))
        return v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
    if (std::isnan(v))
        return "\"NaN\"";
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", v);
    std::string s(buf);
    if (s.find_first_of(".eEn") == std::string::npos)
        s += ".0";
    return s;
}

// Collects one object's members and prints them with sorted keys, as the reference does.
class Obj
{
public:
    void add(std::string key, std::string json) { m_members.emplace_back(std::move(key), std::move(json)); }
    std::string str()
    {
        std::sort(m_members.begin(), m_members.end(),
                  [](const auto& a, const auto& b) { return a.first < b.first; });
        std::string out = "{";
        bool first = true;
        for (const auto& [k, v] : m_members) {
            if (!first)
                out += ',';
            first = false;
            out += quote(k);
            out += ':';
            out += v;
        }
        out += '}';
        return out;
    }

private:
    std::vector<std::pair<std::string, std::string>> m_members;
};

class Writer
{
public:
    explicit Writer(std::string_view source)
        : m_source(source)
    {
        // code point index of every byte offset, and the line/column of each
        m_cp.resize(source.size() + 1);
        m_line.resize(source.size() + 1);
        m_col.resize(source.size() + 1);
        uint32_t cp = 0;
        uint32_t line = 1;
        uint32_t col = 0;
        for (size_t i = 0; i <= source.size(); ++i) {
            const bool continuation =
                i < source.size() && (static_cast<unsigned char>(source[i]) & 0xC0) == 0x80;
            m_cp[i] = cp;
            m_line[i] = line;
            m_col[i] = col;
            if (i == source.size())
                break;
            if (!continuation) {
                ++cp;
                if (source[i] == '\n') {
                    ++line;
                    col = 0;
                } else {
                    ++col;
                }
            }
        }
        for (const Token& t : tokenize(source)) {
            if (t.kind != TokenKind::End)
                m_tokenStartByEnd[t.end] = t.begin;
        }
    }

    std::string position(uint32_t byte) const
    {
        byte = std::min<uint32_t>(byte, static_cast<uint32_t>(m_source.size()));
        Obj o;
        o.add("line", std::to_string(m_line[byte]));
        o.add("column", std::to_string(m_col[byte]));
        o.add("offset", std::to_string(m_cp[byte]));
        return o.str();
    }

    std::string endPosition(uint32_t byte) const
    {
        byte = std::min<uint32_t>(byte, static_cast<uint32_t>(m_source.size()));
        // ANTLR: line and column of the stop token's start, plus the token's length in bytes
        auto it = m_tokenStartByEnd.find(byte);
        const uint32_t start = it != m_tokenStartByEnd.end() ? it->second : byte;
        Obj o;
        o.add("line", std::to_string(m_line[start]));
        o.add("column", std::to_string(m_col[start] + (byte - start)));
        o.add("offset", std::to_string(m_cp[byte]));
        return o.str();
    }

    std::string errorPosition(uint32_t byte) const
    {
        byte = std::min<uint32_t>(byte, static_cast<uint32_t>(m_source.size()));
        Obj o;
        o.add("line", "0");
        o.add("column", "0");
        o.add("offset", std::to_string(m_cp[byte]));
        return o.str();
    }

    std::string write(const Node* n) const
    {
        if (!n)
            return "null";
        Obj o;
        o.add("node", quote(nodeKindName(n->kind)));
        if (n->positioned) {
            o.add("start", position(n->begin));
            o.add("end", endPosition(n->end));
        }
        fill(o, *n);
        return o.str();
    }

private:
    std::string list(const NodeList& l) const
    {
        std::string out = "[";
        for (size_t i = 0; i < l.size(); ++i) {
            if (i)
                out += ',';
            out += write(l[i].get());
        }
        return out + "]";
    }
    std::string optList(const std::optional<NodeList>& l) const { return l ? list(*l) : "null"; }
    static std::string optStr(const std::optional<std::string>& s) { return s ? quote(*s) : "null"; }
    static std::string optBool(const std::optional<bool>& b) { return b ? (*b ? "true" : "false") : "null"; }
    static std::string strList(const std::vector<std::string>& l)
    {
        std::string out = "[";
        for (size_t i = 0; i < l.size(); ++i) {
            if (i)
                out += ',';
            out += quote(l[i]);
        }
        return out + "]";
    }

    void fill(Obj& o, const Node& n) const
    {
        switch (n.kind) {
        case NodeKind::Constant: {
            const auto& c = static_cast<const Constant&>(n);
            if (c.numberText) {
                o.add("value", quote(*c.numberText));
                o.add("value_type", quote("number"));
                break;
            }
            std::visit(
                [&](const auto& v) {
                    using T = std::decay_t<decltype(v)>;
                    if constexpr (std::is_same_v<T, std::monostate>)
                        o.add("value", "null");
                    else if constexpr (std::is_same_v<T, bool>)
                        o.add("value", v ? "true" : "false");
                    else if constexpr (std::is_same_v<T, int64_t>)
                        o.add("value", std::to_string(v));
                    else if constexpr (std::is_same_v<T, double>)
                        o.add("value", number(v));
                    else
                        o.add("value", quote(v));
                },
                c.value);
            break;
        }
        case NodeKind::Field:
            o.add("chain", strList(static_cast<const Field&>(n).chain));
            break;
        case NodeKind::Placeholder:
            o.add("expr", write(static_cast<const Placeholder&>(n).expr.get()));
            break;
        case NodeKind::Alias: {
            const auto& a = static_cast<const Alias&>(n);
            o.add("alias", quote(a.alias));
            o.add("expr", write(a.expr.get()));
            if (a.hidden)
                o.add("hidden", "true");
            break;
        }
        case NodeKind::ArithmeticOperation: {
            const auto& a = static_cast<const ArithmeticOperation&>(n);
            o.add("op", quote(arithmeticOpText(a.op)));
            o.add("left", write(a.left.get()));
            o.add("right", write(a.right.get()));
            break;
        }
        case NodeKind::CompareOperation: {
            const auto& a = static_cast<const CompareOperation&>(n);
            o.add("op", quote(compareOpText(a.op)));
            o.add("left", write(a.left.get()));
            o.add("right", write(a.right.get()));
            if (a.isNullStyle)
                o.add("is_null_comparison_style", "true");
            break;
        }
        case NodeKind::IsDistinctFrom: {
            const auto& a = static_cast<const IsDistinctFrom&>(n);
            o.add("left", write(a.left.get()));
            o.add("right", write(a.right.get()));
            o.add("negated", a.negated ? "true" : "false");
            break;
        }
        case NodeKind::And:
            o.add("exprs", list(static_cast<const And&>(n).exprs));
            break;
        case NodeKind::Or:
            o.add("exprs", list(static_cast<const Or&>(n).exprs));
            break;
        case NodeKind::Not:
            o.add("expr", write(static_cast<const Not&>(n).expr.get()));
            break;
        case NodeKind::BetweenExpr: {
            const auto& b = static_cast<const BetweenExpr&>(n);
            o.add("expr", write(b.expr.get()));
            o.add("low", write(b.low.get()));
            o.add("high", write(b.high.get()));
            o.add("negated", b.negated ? "true" : "false");
            break;
        }
        case NodeKind::Tuple:
            o.add("exprs", list(static_cast<const Tuple&>(n).exprs));
            break;
        case NodeKind::Array:
            o.add("exprs", list(static_cast<const Array&>(n).exprs));
            break;
        case NodeKind::Dict: {
            std::string items = "[";
            const auto& d = static_cast<const Dict&>(n);
            for (size_t i = 0; i < d.items.size(); ++i) {
                if (i)
                    items += ',';
                items += "[" + write(d.items[i].first.get()) + "," + write(d.items[i].second.get()) + "]";
            }
            o.add("items", items + "]");
            break;
        }
        case NodeKind::Lambda: {
            const auto& l = static_cast<const Lambda&>(n);
            o.add("args", strList(l.args));
            o.add("expr", write(l.expr.get()));
            break;
        }
        case NodeKind::ArrayAccess: {
            const auto& a = static_cast<const ArrayAccess&>(n);
            o.add("array", write(a.array.get()));
            o.add("property", write(a.property.get()));
            if (a.hasNullishField)
                o.add("nullish", a.nullish ? "true" : "false");
            break;
        }
        case NodeKind::TupleAccess: {
            const auto& a = static_cast<const TupleAccess&>(n);
            o.add("tuple", write(a.tuple.get()));
            o.add("index", std::to_string(a.index));
            if (a.hasNullishField)
                o.add("nullish", a.nullish ? "true" : "false");
            break;
        }
        case NodeKind::Call: {
            const auto& c = static_cast<const Call&>(n);
            o.add("name", quote(c.name));
            o.add("args", list(c.args));
            if (c.withinGroup) { // PostHog builds these calls with name, args, params and within_group only
                o.add("params", optList(c.params));
                o.add("distinct", c.distinct ? "true" : "false");
                o.add("within_group", list(*c.withinGroup));
            } else if (!c.sugar) {
                o.add("params", optList(c.params));
                o.add("distinct", c.distinct ? "true" : "false");
                o.add("order_by", optList(c.orderBy));
                o.add("filter_expr", write(c.filterExpr.get()));
            }
            break;
        }
        case NodeKind::ExprCall: {
            const auto& c = static_cast<const ExprCall&>(n);
            o.add("expr", write(c.expr.get()));
            o.add("args", list(c.args));
            break;
        }
        case NodeKind::NamedArgument: {
            const auto& a = static_cast<const NamedArgument&>(n);
            o.add("name", quote(a.name));
            o.add("value", write(a.value.get()));
            break;
        }
        case NodeKind::TypeCast: {
            const auto& c = static_cast<const TypeCast&>(n);
            o.add("expr", write(c.expr.get()));
            o.add("type_name", quote(c.typeName));
            break;
        }
        case NodeKind::TryCast: {
            const auto& c = static_cast<const TryCast&>(n);
            o.add("expr", write(c.expr.get()));
            o.add("type_name", quote(c.typeName));
            break;
        }
        case NodeKind::PositionalRef:
            o.add("index", std::to_string(static_cast<const PositionalRef&>(n).index));
            break;
        case NodeKind::OrderExpr: {
            const auto& e = static_cast<const OrderExpr&>(n);
            o.add("expr", write(e.expr.get()));
            o.add("order", quote(e.order));
            break;
        }
        case NodeKind::WindowFrameExpr: {
            const auto& f = static_cast<const WindowFrameExpr&>(n);
            o.add("frame_type", quote(f.frameType));
            if (f.frameType != "CURRENT ROW")
                o.add("frame_value", f.frameValue ? frameValue(*f.frameValue) : "null");
            break;
        }
        case NodeKind::WindowExpr: {
            const auto& w = static_cast<const WindowExpr&>(n);
            o.add("partition_by", optList(w.partitionBy));
            o.add("order_by", optList(w.orderBy));
            if (w.frameMethod)
                o.add("frame_method", quote(*w.frameMethod));
            o.add("frame_start", write(w.frameStart.get()));
            o.add("frame_end", write(w.frameEnd.get()));
            break;
        }
        case NodeKind::WindowFunction: {
            const auto& w = static_cast<const WindowFunction&>(n);
            o.add("name", quote(w.name));
            o.add("args", optList(w.args));
            o.add("exprs", optList(w.exprs));
            if (w.overExpr)
                o.add("over_expr", write(w.overExpr.get()));
            if (w.overIdentifier)
                o.add("over_identifier", quote(*w.overIdentifier));
            break;
        }
        case NodeKind::ColumnsExpr: {
            const auto& c = static_cast<const ColumnsExpr&>(n);
            if (c.regex)
                o.add("regex", quote(*c.regex));
            if (!c.columns.empty())
                o.add("columns", list(c.columns));
            if (c.all)
                o.add("all_columns", "true");
            if (!c.exclude.empty())
                o.add("exclude", strList(c.exclude));
            if (!c.replace.empty()) {
                Obj r;
                for (const auto& [expr, name] : c.replace)
                    r.add(name, write(expr.get()));
                o.add("replace", r.str());
            }
            break;
        }
        case NodeKind::SpreadExpr:
            o.add("expr", write(static_cast<const SpreadExpr&>(n).expr.get()));
            break;
        case NodeKind::HogQLXTag: {
            const auto& t = static_cast<const HogQLXTag&>(n);
            o.add("kind", quote(t.tagKind));
            o.add("attributes", list(t.attributes));
            break;
        }
        case NodeKind::HogQLXAttribute: {
            const auto& a = static_cast<const HogQLXAttribute&>(n);
            o.add("name", quote(a.name));
            o.add("value", a.valueList ? list(*a.valueList) : write(a.value.get()));
            break;
        }
        case NodeKind::ValuesQuery: {
            const auto& v = static_cast<const ValuesQuery&>(n);
            std::string rows = "[";
            for (size_t i = 0; i < v.rows.size(); ++i) {
                if (i)
                    rows += ',';
                rows += list(v.rows[i]);
            }
            o.add("rows", rows + "]");
            break;
        }
        case NodeKind::GroupingSet:
            o.add("exprs", list(static_cast<const GroupingSet&>(n).exprs));
            break;
        case NodeKind::PivotExpr: {
            const auto& p = static_cast<const PivotExpr&>(n);
            o.add("table", write(p.table.get()));
            o.add("aggregates", list(p.aggregates));
            o.add("columns", list(p.columns));
            if (p.groupBy)
                o.add("group_by", list(*p.groupBy));
            break;
        }
        case NodeKind::PivotColumn: {
            const auto& p = static_cast<const PivotColumn&>(n);
            o.add("column", write(p.column.get()));
            o.add("values", list(p.values));
            break;
        }
        case NodeKind::UnpivotExpr: {
            const auto& u = static_cast<const UnpivotExpr&>(n);
            o.add("table", write(u.table.get()));
            o.add("columns", list(u.columns));
            o.add("include_nulls", u.includeNulls ? "true" : "false");
            break;
        }
        case NodeKind::UnpivotColumn: {
            const auto& u = static_cast<const UnpivotColumn&>(n);
            o.add("value_columns", write(u.valueColumns.get()));
            o.add("name_columns", write(u.nameColumns.get()));
            o.add("unpivot_values", list(u.unpivotValues));
            break;
        }
        case NodeKind::RatioExpr: {
            const auto& r = static_cast<const RatioExpr&>(n);
            o.add("left", write(r.left.get()));
            o.add("right", write(r.right.get()));
            break;
        }
        case NodeKind::SampleExpr: {
            const auto& s = static_cast<const SampleExpr&>(n);
            o.add("sample_value", write(s.sampleValue.get()));
            o.add("offset_value", write(s.offsetValue.get()));
            break;
        }
        case NodeKind::JoinConstraint: {
            const auto& c = static_cast<const JoinConstraint&>(n);
            o.add("expr", write(c.expr.get()));
            o.add("constraint_type", quote(c.constraintType));
            break;
        }
        case NodeKind::JoinExpr: {
            const auto& j = static_cast<const JoinExpr&>(n);
            if (j.joinType)
                o.add("join_type", quote(*j.joinType));
            o.add("table", write(j.table.get()));
            if (j.tableArgs)
                o.add("table_args", list(*j.tableArgs));
            o.add("alias", optStr(j.alias));
            if (j.hasColumnAliasesField)
                o.add("column_aliases",
                      j.columnAliases && !j.columnAliases->empty() ? strList(*j.columnAliases) : "null");
            if (!j.bare)
                o.add("table_final", optBool(j.tableFinal));
            if (j.constraint || (j.joinType && *j.joinType != "CROSS JOIN"))
                o.add("constraint", write(j.constraint.get()));
            o.add("next_join", write(j.nextJoin.get()));
            if (!j.bare)
                o.add("sample", write(j.sample.get()));
            break;
        }
        case NodeKind::CTE: {
            const auto& c = static_cast<const CTE&>(n);
            o.add("name", quote(c.name));
            o.add("expr", write(c.expr.get()));
            o.add("cte_type", quote(c.cteType));
            if (c.cteType == "subquery") {
                o.add("columns", c.columns ? strList(*c.columns) : "null");
                o.add("materialized", optBool(c.materialized));
                o.add("using_key", c.usingKey ? strList(*c.usingKey) : "null");
                if (c.recursive)
                    o.add("recursive", "true");
            }
            break;
        }
        case NodeKind::LimitByExpr: {
            const auto& l = static_cast<const LimitByExpr&>(n);
            o.add("n", write(l.n.get()));
            o.add("offset_value", write(l.offsetValue.get()));
            o.add("exprs", list(l.exprs));
            break;
        }
        case NodeKind::SelectQuery:
            fillSelect(o, static_cast<const SelectQuery&>(n));
            break;
        case NodeKind::SelectSetQuery: {
            const auto& s = static_cast<const SelectSetQuery&>(n);
            o.add("initial_select_query", write(s.initialSelectQuery.get()));
            std::string subs = "[";
            for (size_t i = 0; i < s.subsequentSelectQueries.size(); ++i) {
                if (i)
                    subs += ',';
                Obj sn;
                sn.add("node", quote("SelectSetNode"));
                sn.add("select_query", write(s.subsequentSelectQueries[i].selectQuery.get()));
                const SelectSetNode& setNode = s.subsequentSelectQueries[i];
                std::string op = setOperatorText(setNode.setOperator);
                if (setNode.byName)
                    op += " BY NAME";
                sn.add("set_operator", quote(op));
                subs += sn.str();
            }
            o.add("subsequent_select_queries", subs + "]");
            break;
        }
        }
    }

    std::string frameValue(const Node& v) const
    {
        if (const auto* c = v.as<Constant>()) {
            if (const auto* i = std::get_if<int64_t>(&c->value))
                return std::to_string(*i);
        }
        return write(&v);
    }

    void fillSelect(Obj& o, const SelectQuery& q) const
    {
        if (q.ctes) {
            std::string ctes = "[";
            for (size_t i = 0; i < q.ctes->size(); ++i) {
                if (i)
                    ctes += ',';
                ctes += write((*q.ctes)[i].second.get());
            }
            o.add("ctes", ctes + "]");
        } else {
            o.add("ctes", "null");
        }
        o.add("select", list(q.select));
        o.add("distinct", optBool(q.distinct));
        o.add("select_from", write(q.selectFrom.get()));
        o.add("where", write(q.where.get()));
        o.add("prewhere", write(q.prewhere.get()));
        o.add("having", write(q.having.get()));
        o.add("qualify", write(q.qualify.get()));
        o.add("group_by", optList(q.groupBy));
        if (q.groupByMode)
            o.add("group_by_mode", quote(*q.groupByMode));
        if (q.arrayJoinOp)
            o.add("array_join_op", quote(*q.arrayJoinOp));
        if (q.arrayJoinList)
            o.add("array_join_list", list(*q.arrayJoinList));
        if (q.windowExprs) {
            Obj w;
            for (const auto& [name, expr] : *q.windowExprs)
                w.add(name, write(expr.get()));
            o.add("window_exprs", w.str());
        }
        if (q.orderBy)
            o.add("order_by", list(*q.orderBy));
        if (q.limit)
            o.add("limit", write(q.limit.get()));
        if (q.limitBy)
            o.add("limit_by", write(q.limitBy.get()));
        if (q.limitWithTies)
            o.add("limit_with_ties", *q.limitWithTies ? "true" : "false");
        if (q.offset)
            o.add("offset", write(q.offset.get()));
    }

    std::string_view m_source;
    std::vector<uint32_t> m_cp;
    std::vector<uint32_t> m_line;
    std::vector<uint32_t> m_col;
    std::unordered_map<uint32_t, uint32_t> m_tokenStartByEnd;
};

} // namespace

std::string toJson(const Node& node, std::string_view source)
{
    return Writer(source).write(&node);
}

std::string errorToJson(const SyntaxError& error, std::string_view source)
{
    Writer w(source);
    Obj o;
    o.add("error", "true");
    o.add("type", quote("SyntaxError"));
    o.add("message", quote(error.message));
    o.add("start", w.errorPosition(error.begin));
    o.add("end", w.errorPosition(error.end));
    return o.str();
}

} // namespace hogscope::hogql
