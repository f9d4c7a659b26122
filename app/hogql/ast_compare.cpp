#include "ast_compare.h"

#include <cmath>
#include <vector>

namespace hogscope::hogql {

namespace {

// Walks two trees in step; the first difference found is kept with its path.
class Comparer
{
public:
    // `label` names the field that holds the pair ("where", "exprs[1]"); the path is only spelled out
    // when a difference is found, so deep trees cost no more than a walk.
    bool node(const Node* a, const Node* b, std::string label)
    {
        m_path.push_back(std::move(label));
        const bool equal = nodeHere(a, b);
        m_path.pop_back();
        return equal;
    }

    std::string difference;

private:
    std::vector<std::string> m_path; // labels and node kinds from the root down

    bool nodeHere(const Node* a, const Node* b)
    {
        if (!a || !b) {
            if (a == b)
                return true;
            return fail(std::string(a ? "a node" : "null") + " != " + (b ? "a node" : "null"));
        }
        if (a->kind != b->kind)
            return fail(std::string(nodeKindName(a->kind)) + " != " + nodeKindName(b->kind));
        m_path.emplace_back(nodeKindName(a->kind));
        const bool equal = fields(*a, *b);
        m_path.pop_back();
        return equal;
    }

    bool fail(const std::string& what)
    {
        if (!difference.empty())
            return false;
        std::string path;
        for (const std::string& part : m_path) {
            if (part.empty())
                continue;
            path += (path.empty() ? "" : ".") + part;
        }
        difference = (path.empty() ? std::string("root") : path) + ": " + what;
        return false;
    }

    template <typename T>
    bool eq(const T& a, const T& b, const char* field)
    {
        if (a == b)
            return true;
        return fail(std::string(field) + " differs");
    }

    bool str(const std::string& a, const std::string& b, const char* field)
    {
        if (a == b)
            return true;
        return fail(std::string(field) + " '" + a + "' != '" + b + "'");
    }

    bool optStr(const std::optional<std::string>& a, const std::optional<std::string>& b, const char* field)
    {
        if (a.has_value() != b.has_value())
            return fail(std::string(field) + (a ? " set" : " unset") + " vs" + (b ? " set" : " unset"));
        return !a || str(*a, *b, field);
    }

    bool list(const NodeList& a, const NodeList& b, const char* field)
    {
        if (a.size() != b.size())
            return fail(std::string(field) + " has " + std::to_string(a.size()) + " vs " +
                        std::to_string(b.size()) + " items");
        for (size_t i = 0; i < a.size(); ++i) {
            if (!node(a[i].get(), b[i].get(), std::string(field) + "[" + std::to_string(i) + "]"))
                return false;
        }
        return true;
    }

    bool optList(const std::optional<NodeList>& a, const std::optional<NodeList>& b, const char* field)
    {
        if (a.has_value() != b.has_value())
            return fail(std::string(field) + (a ? " set" : " unset") + " vs" + (b ? " set" : " unset"));
        return !a || list(*a, *b, field);
    }

    bool child(const NodePtr& a, const NodePtr& b, const char* field)
    {
        return node(a.get(), b.get(), field);
    }

    bool named(const std::vector<std::pair<std::string, NodePtr>>& a,
               const std::vector<std::pair<std::string, NodePtr>>& b, const char* field)
    {
        if (a.size() != b.size())
            return fail(std::string(field) + " has " + std::to_string(a.size()) + " vs " +
                        std::to_string(b.size()) + " items");
        for (size_t i = 0; i < a.size(); ++i) {
            if (!str(a[i].first, b[i].first, field) ||
                !node(a[i].second.get(), b[i].second.get(), std::string(field) + "[" + a[i].first + "]"))
                return false;
        }
        return true;
    }

    bool optNamed(const std::optional<std::vector<std::pair<std::string, NodePtr>>>& a,
                  const std::optional<std::vector<std::pair<std::string, NodePtr>>>& b, const char* field)
    {
        if (a.has_value() != b.has_value())
            return fail(std::string(field) + (a ? " set" : " unset") + " vs" + (b ? " set" : " unset"));
        return !a || named(*a, *b, field);
    }

    static std::string valueText(const Constant::Value& v)
    {
        switch (v.index()) {
        case 0:
            return "NULL";
        case 1:
            return std::get<bool>(v) ? "true" : "false";
        case 2:
            return std::to_string(std::get<int64_t>(v));
        case 3:
            return std::to_string(std::get<double>(v));
        default:
            return "'" + std::get<std::string>(v) + "'";
        }
    }

    bool constant(const Constant& a, const Constant& b)
    {
        if (!optStr(a.numberText, b.numberText, "numberText"))
            return false;
        bool same = a.value.index() == b.value.index();
        if (same) {
            if (const auto* da = std::get_if<double>(&a.value)) {
                const double db = std::get<double>(b.value);
                // the same double, bit for bit, except that every NaN is the same NaN
                same = (std::isnan(*da) && std::isnan(db)) ||
                       (*da == db && std::signbit(*da) == std::signbit(db));
            } else {
                same = a.value == b.value;
            }
        }
        if (same)
            return true;
        return fail("value " + valueText(a.value) + " != " + valueText(b.value));
    }

    bool fields(const Node& a, const Node& b)
    {
        switch (a.kind) {
        case NodeKind::Constant:
            return constant(static_cast<const Constant&>(a), static_cast<const Constant&>(b));
        case NodeKind::Field: {
            const auto& x = static_cast<const Field&>(a);
            const auto& y = static_cast<const Field&>(b);
            if (x.chain == y.chain)
                return true;
            auto join = [](const std::vector<std::string>& c) {
                std::string s;
                for (const auto& part : c)
                    s += (s.empty() ? "" : ".") + part;
                return s;
            };
            return fail("chain " + join(x.chain) + " != " + join(y.chain));
        }
        case NodeKind::Placeholder:
            return child(static_cast<const Placeholder&>(a).expr, static_cast<const Placeholder&>(b).expr,
                         "expr");
        case NodeKind::Alias: {
            const auto& x = static_cast<const Alias&>(a);
            const auto& y = static_cast<const Alias&>(b);
            return str(x.alias, y.alias, "alias") && eq(x.hidden, y.hidden, "hidden") &&
                   child(x.expr, y.expr, "expr");
        }
        case NodeKind::ArithmeticOperation: {
            const auto& x = static_cast<const ArithmeticOperation&>(a);
            const auto& y = static_cast<const ArithmeticOperation&>(b);
            return eq(x.op, y.op, "op") && child(x.left, y.left, "left") && child(x.right, y.right, "right");
        }
        case NodeKind::CompareOperation: {
            const auto& x = static_cast<const CompareOperation&>(a);
            const auto& y = static_cast<const CompareOperation&>(b);
            return eq(x.op, y.op, "op") && eq(x.isNullStyle, y.isNullStyle, "isNullStyle") &&
                   child(x.left, y.left, "left") && child(x.right, y.right, "right");
        }
        case NodeKind::IsDistinctFrom: {
            const auto& x = static_cast<const IsDistinctFrom&>(a);
            const auto& y = static_cast<const IsDistinctFrom&>(b);
            return eq(x.negated, y.negated, "negated") && child(x.left, y.left, "left") &&
                   child(x.right, y.right, "right");
        }
        case NodeKind::And:
            return list(static_cast<const And&>(a).exprs, static_cast<const And&>(b).exprs, "exprs");
        case NodeKind::Or:
            return list(static_cast<const Or&>(a).exprs, static_cast<const Or&>(b).exprs, "exprs");
        case NodeKind::Not:
            return child(static_cast<const Not&>(a).expr, static_cast<const Not&>(b).expr, "expr");
        case NodeKind::BetweenExpr: {
            const auto& x = static_cast<const BetweenExpr&>(a);
            const auto& y = static_cast<const BetweenExpr&>(b);
            return eq(x.negated, y.negated, "negated") && child(x.expr, y.expr, "expr") &&
                   child(x.low, y.low, "low") && child(x.high, y.high, "high");
        }
        case NodeKind::Tuple:
            return list(static_cast<const Tuple&>(a).exprs, static_cast<const Tuple&>(b).exprs, "exprs");
        case NodeKind::Array:
            return list(static_cast<const Array&>(a).exprs, static_cast<const Array&>(b).exprs, "exprs");
        case NodeKind::Dict: {
            const auto& x = static_cast<const Dict&>(a);
            const auto& y = static_cast<const Dict&>(b);
            if (x.items.size() != y.items.size())
                return fail("items count differs");
            for (size_t i = 0; i < x.items.size(); ++i) {
                const std::string at = "items[" + std::to_string(i) + "]";
                if (!node(x.items[i].first.get(), y.items[i].first.get(), at + ".key") ||
                    !node(x.items[i].second.get(), y.items[i].second.get(), at + ".value"))
                    return false;
            }
            return true;
        }
        case NodeKind::Lambda: {
            const auto& x = static_cast<const Lambda&>(a);
            const auto& y = static_cast<const Lambda&>(b);
            return eq(x.args, y.args, "args") && child(x.expr, y.expr, "expr");
        }
        case NodeKind::ArrayAccess: {
            const auto& x = static_cast<const ArrayAccess&>(a);
            const auto& y = static_cast<const ArrayAccess&>(b);
            return eq(x.nullish, y.nullish, "nullish") &&
                   eq(x.hasNullishField, y.hasNullishField, "hasNullishField") &&
                   child(x.array, y.array, "array") && child(x.property, y.property, "property");
        }
        case NodeKind::TupleAccess: {
            const auto& x = static_cast<const TupleAccess&>(a);
            const auto& y = static_cast<const TupleAccess&>(b);
            return eq(x.index, y.index, "index") && eq(x.nullish, y.nullish, "nullish") &&
                   eq(x.hasNullishField, y.hasNullishField, "hasNullishField") &&
                   child(x.tuple, y.tuple, "tuple");
        }
        case NodeKind::Call: {
            const auto& x = static_cast<const Call&>(a);
            const auto& y = static_cast<const Call&>(b);
            return str(x.name, y.name, "name") && eq(x.sugar, y.sugar, "sugar") &&
                   eq(x.distinct, y.distinct, "distinct") && list(x.args, y.args, "args") &&
                   optList(x.params, y.params, "params") && optList(x.orderBy, y.orderBy, "orderBy") &&
                   child(x.filterExpr, y.filterExpr, "filterExpr") &&
                   optList(x.withinGroup, y.withinGroup, "withinGroup");
        }
        case NodeKind::ExprCall: {
            const auto& x = static_cast<const ExprCall&>(a);
            const auto& y = static_cast<const ExprCall&>(b);
            return child(x.expr, y.expr, "expr") && list(x.args, y.args, "args");
        }
        case NodeKind::NamedArgument: {
            const auto& x = static_cast<const NamedArgument&>(a);
            const auto& y = static_cast<const NamedArgument&>(b);
            return str(x.name, y.name, "name") && child(x.value, y.value, "value");
        }
        case NodeKind::TypeCast: {
            const auto& x = static_cast<const TypeCast&>(a);
            const auto& y = static_cast<const TypeCast&>(b);
            return str(x.typeName, y.typeName, "typeName") && child(x.expr, y.expr, "expr");
        }
        case NodeKind::TryCast: {
            const auto& x = static_cast<const TryCast&>(a);
            const auto& y = static_cast<const TryCast&>(b);
            return str(x.typeName, y.typeName, "typeName") && child(x.expr, y.expr, "expr");
        }
        case NodeKind::PositionalRef:
            return eq(static_cast<const PositionalRef&>(a).index, static_cast<const PositionalRef&>(b).index,
                      "index");
        case NodeKind::WindowFunction: {
            const auto& x = static_cast<const WindowFunction&>(a);
            const auto& y = static_cast<const WindowFunction&>(b);
            return str(x.name, y.name, "name") && optList(x.args, y.args, "args") &&
                   optList(x.exprs, y.exprs, "exprs") && child(x.overExpr, y.overExpr, "overExpr") &&
                   optStr(x.overIdentifier, y.overIdentifier, "overIdentifier") &&
                   child(x.filterExpr, y.filterExpr, "filterExpr") &&
                   eq(x.ignoreNulls, y.ignoreNulls, "ignoreNulls") && eq(x.distinct, y.distinct, "distinct");
        }
        case NodeKind::WindowExpr: {
            const auto& x = static_cast<const WindowExpr&>(a);
            const auto& y = static_cast<const WindowExpr&>(b);
            return optList(x.partitionBy, y.partitionBy, "partitionBy") &&
                   optList(x.orderBy, y.orderBy, "orderBy") &&
                   optStr(x.frameMethod, y.frameMethod, "frameMethod") &&
                   child(x.frameStart, y.frameStart, "frameStart") &&
                   child(x.frameEnd, y.frameEnd, "frameEnd") &&
                   optStr(x.windowName, y.windowName, "windowName");
        }
        case NodeKind::WindowFrameExpr: {
            const auto& x = static_cast<const WindowFrameExpr&>(a);
            const auto& y = static_cast<const WindowFrameExpr&>(b);
            return str(x.frameType, y.frameType, "frameType") &&
                   child(x.frameValue, y.frameValue, "frameValue");
        }
        case NodeKind::OrderExpr: {
            const auto& x = static_cast<const OrderExpr&>(a);
            const auto& y = static_cast<const OrderExpr&>(b);
            return str(x.order, y.order, "order") && optStr(x.nulls, y.nulls, "nulls") &&
                   optStr(x.collate, y.collate, "collate") && child(x.expr, y.expr, "expr");
        }
        case NodeKind::ColumnsExpr: {
            const auto& x = static_cast<const ColumnsExpr&>(a);
            const auto& y = static_cast<const ColumnsExpr&>(b);
            if (!optStr(x.regex, y.regex, "regex") || !list(x.columns, y.columns, "columns") ||
                !eq(x.exclude, y.exclude, "exclude") || !eq(x.all, y.all, "all"))
                return false;
            if (x.replace.size() != y.replace.size())
                return fail("replace count differs");
            for (size_t i = 0; i < x.replace.size(); ++i) {
                if (!str(x.replace[i].second, y.replace[i].second, "replace name") ||
                    !node(x.replace[i].first.get(), y.replace[i].first.get(),
                          "replace[" + std::to_string(i) + "]"))
                    return false;
            }
            return true;
        }
        case NodeKind::SpreadExpr:
            return child(static_cast<const SpreadExpr&>(a).expr, static_cast<const SpreadExpr&>(b).expr,
                         "expr");
        case NodeKind::HogQLXTag: {
            const auto& x = static_cast<const HogQLXTag&>(a);
            const auto& y = static_cast<const HogQLXTag&>(b);
            return str(x.tagKind, y.tagKind, "kind") && list(x.attributes, y.attributes, "attributes");
        }
        case NodeKind::HogQLXAttribute: {
            const auto& x = static_cast<const HogQLXAttribute&>(a);
            const auto& y = static_cast<const HogQLXAttribute&>(b);
            return str(x.name, y.name, "name") && child(x.value, y.value, "value") &&
                   optList(x.valueList, y.valueList, "valueList");
        }
        case NodeKind::SelectQuery: {
            const auto& x = static_cast<const SelectQuery&>(a);
            const auto& y = static_cast<const SelectQuery&>(b);
            return optNamed(x.ctes, y.ctes, "ctes") && eq(x.recursiveCtes, y.recursiveCtes, "recursive") &&
                   eq(x.distinct, y.distinct, "distinct") && list(x.select, y.select, "select") &&
                   child(x.selectFrom, y.selectFrom, "selectFrom") &&
                   optStr(x.arrayJoinOp, y.arrayJoinOp, "arrayJoinOp") &&
                   optList(x.arrayJoinList, y.arrayJoinList, "arrayJoinList") &&
                   child(x.prewhere, y.prewhere, "prewhere") && child(x.where, y.where, "where") &&
                   optList(x.groupBy, y.groupBy, "groupBy") &&
                   optStr(x.groupByMode, y.groupByMode, "groupByMode") &&
                   child(x.having, y.having, "having") && child(x.qualify, y.qualify, "qualify") &&
                   optNamed(x.windowExprs, y.windowExprs, "windowExprs") &&
                   optList(x.orderBy, y.orderBy, "orderBy") && child(x.limitBy, y.limitBy, "limitBy") &&
                   child(x.limit, y.limit, "limit") &&
                   eq(x.limitWithTies, y.limitWithTies, "limitWithTies") &&
                   child(x.offset, y.offset, "offset") && optNamed(x.settings, y.settings, "settings");
        }
        case NodeKind::SelectSetQuery: {
            const auto& x = static_cast<const SelectSetQuery&>(a);
            const auto& y = static_cast<const SelectSetQuery&>(b);
            if (!child(x.initialSelectQuery, y.initialSelectQuery, "initial"))
                return false;
            if (x.subsequentSelectQueries.size() != y.subsequentSelectQueries.size())
                return fail("different number of set operands");
            for (size_t i = 0; i < x.subsequentSelectQueries.size(); ++i) {
                const auto& sx = x.subsequentSelectQueries[i];
                const auto& sy = y.subsequentSelectQueries[i];
                const std::string at = "subsequent[" + std::to_string(i) + "]";
                if (sx.byName != sy.byName)
                    return fail(at + ": BY NAME differs");
                if (sx.setOperator != sy.setOperator)
                    return fail(at + ": set operator " + setOperatorText(sx.setOperator) +
                                " != " + setOperatorText(sy.setOperator));
                if (!node(sx.selectQuery.get(), sy.selectQuery.get(), at))
                    return false;
            }
            return true;
        }
        case NodeKind::JoinExpr: {
            const auto& x = static_cast<const JoinExpr&>(a);
            const auto& y = static_cast<const JoinExpr&>(b);
            return optStr(x.joinType, y.joinType, "joinType") && child(x.table, y.table, "table") &&
                   optStr(x.alias, y.alias, "alias") &&
                   eq(x.columnAliases, y.columnAliases, "columnAliases") &&
                   eq(x.hasColumnAliasesField, y.hasColumnAliasesField, "hasColumnAliasesField") &&
                   eq(x.bare, y.bare, "bare") && eq(x.tableFinal, y.tableFinal, "tableFinal") &&
                   optList(x.tableArgs, y.tableArgs, "tableArgs") && child(x.sample, y.sample, "sample") &&
                   child(x.constraint, y.constraint, "constraint") &&
                   child(x.nextJoin, y.nextJoin, "nextJoin");
        }
        case NodeKind::JoinConstraint: {
            const auto& x = static_cast<const JoinConstraint&>(a);
            const auto& y = static_cast<const JoinConstraint&>(b);
            return str(x.constraintType, y.constraintType, "constraintType") && child(x.expr, y.expr, "expr");
        }
        case NodeKind::SampleExpr: {
            const auto& x = static_cast<const SampleExpr&>(a);
            const auto& y = static_cast<const SampleExpr&>(b);
            return child(x.sampleValue, y.sampleValue, "sampleValue") &&
                   child(x.offsetValue, y.offsetValue, "offsetValue");
        }
        case NodeKind::RatioExpr: {
            const auto& x = static_cast<const RatioExpr&>(a);
            const auto& y = static_cast<const RatioExpr&>(b);
            return child(x.left, y.left, "left") && child(x.right, y.right, "right");
        }
        case NodeKind::CTE: {
            const auto& x = static_cast<const CTE&>(a);
            const auto& y = static_cast<const CTE&>(b);
            return str(x.name, y.name, "name") && str(x.cteType, y.cteType, "cteType") &&
                   eq(x.columns, y.columns, "columns") &&
                   eq(x.materialized, y.materialized, "materialized") &&
                   eq(x.usingKey, y.usingKey, "usingKey") && eq(x.recursive, y.recursive, "recursive") &&
                   child(x.expr, y.expr, "expr");
        }
        case NodeKind::LimitByExpr: {
            const auto& x = static_cast<const LimitByExpr&>(a);
            const auto& y = static_cast<const LimitByExpr&>(b);
            return child(x.n, y.n, "n") && child(x.offsetValue, y.offsetValue, "offsetValue") &&
                   list(x.exprs, y.exprs, "exprs");
        }
        case NodeKind::ValuesQuery: {
            const auto& x = static_cast<const ValuesQuery&>(a);
            const auto& y = static_cast<const ValuesQuery&>(b);
            if (x.rows.size() != y.rows.size())
                return fail("different number of rows");
            for (size_t i = 0; i < x.rows.size(); ++i) {
                const std::string row = "rows[" + std::to_string(i) + "]";
                if (!list(x.rows[i], y.rows[i], row.c_str()))
                    return false;
            }
            return true;
        }
        case NodeKind::GroupingSet:
            return list(static_cast<const GroupingSet&>(a).exprs, static_cast<const GroupingSet&>(b).exprs,
                        "exprs");
        case NodeKind::PivotExpr: {
            const auto& x = static_cast<const PivotExpr&>(a);
            const auto& y = static_cast<const PivotExpr&>(b);
            return child(x.table, y.table, "table") && list(x.aggregates, y.aggregates, "aggregates") &&
                   list(x.columns, y.columns, "columns") && optList(x.groupBy, y.groupBy, "groupBy");
        }
        case NodeKind::PivotColumn: {
            const auto& x = static_cast<const PivotColumn&>(a);
            const auto& y = static_cast<const PivotColumn&>(b);
            return child(x.column, y.column, "column") && list(x.values, y.values, "values");
        }
        case NodeKind::UnpivotExpr: {
            const auto& x = static_cast<const UnpivotExpr&>(a);
            const auto& y = static_cast<const UnpivotExpr&>(b);
            return eq(x.includeNulls, y.includeNulls, "includeNulls") && child(x.table, y.table, "table") &&
                   list(x.columns, y.columns, "columns");
        }
        case NodeKind::UnpivotColumn: {
            const auto& x = static_cast<const UnpivotColumn&>(a);
            const auto& y = static_cast<const UnpivotColumn&>(b);
            return child(x.valueColumns, y.valueColumns, "valueColumns") &&
                   child(x.nameColumns, y.nameColumns, "nameColumns") &&
                   list(x.unpivotValues, y.unpivotValues, "unpivotValues");
        }
        }
        return fail("unknown node kind");
    }
};

} // namespace

bool astEqual(const Node* a, const Node* b)
{
    Comparer c;
    return c.node(a, b, std::string());
}

bool astEqual(const Node* a, const Node* b, std::string& difference)
{
    Comparer c;
    const bool equal = c.node(a, b, std::string());
    difference = equal ? std::string() : c.difference;
    return equal;
}

} // namespace hogscope::hogql
