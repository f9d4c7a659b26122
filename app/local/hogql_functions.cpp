// Function half of the HogQL -> SQLite compiler: aggregates, dates and a small set of scalars.

#include "hogql_compiler_p.h"

#include "time_format.h"

#include <algorithm>

namespace hogscope::local::detail {

using namespace hogql;

namespace {

ValueType type(BaseType base, bool nullable = false)
{
    return ValueType{base, nullable};
}

std::string lowerName(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

void absorb(Expr& target, const Expr& part)
{
    target.aggregate = target.aggregate || part.aggregate;
    target.ungrouped.insert(target.ungrouped.end(), part.ungrouped.begin(), part.ungrouped.end());
}

// ClickHouse's default value of a type, what min/max of an empty set return for non-Nullable input.
std::string defaultValueSql(const ValueType& t)
{
    switch (t.base) {
    case BaseType::String:
        return "''";
    case BaseType::Uuid:
        return "'00000000-0000-0000-0000-000000000000'";
    case BaseType::Float64:
        return "0.0";
    default:
        return "0";
    }
}

struct IntervalUnit
{
    const char* function;
    int64_t micros;
    int64_t months;
};
constexpr IntervalUnit kIntervalUnits[] = {
    {"tointervalsecond", timefmt::kMicrosPerSecond, 0},
    {"tointervalminute", 60 * timefmt::kMicrosPerSecond, 0},
    {"tointervalhour", 3600 * timefmt::kMicrosPerSecond, 0},
    {"tointervalday", timefmt::kMicrosPerDay, 0},
    {"tointervalweek", 7 * timefmt::kMicrosPerDay, 0},
    {"tointervalmonth", 0, 1},
    {"tointervalquarter", 0, 3},
    {"tointervalyear", 0, 12},
};

} // namespace

Expr Compiler::aggregateCall(const Call& node, const std::string& name, Context ctx)
{
    if (!ctx.allowAggregates)
        fail(&node,
             QStringLiteral("Aggregation '%1' is not allowed here (WHERE and GROUP BY are evaluated per row)")
                 .arg(QString::fromStdString(node.name)));
    if (ctx.insideAggregate)
        fail(&node, QStringLiteral("Aggregation '%1' cannot be nested inside another aggregation")
                        .arg(QString::fromStdString(node.name)));
    if (node.params)
        fail(&node, QStringLiteral("'%1' takes no parameters").arg(QString::fromStdString(node.name)));
    if (node.orderBy || node.filterExpr)
        fail(&node, QStringLiteral("ORDER BY / FILTER inside '%1' are outside what the local engine can run")
                        .arg(QString::fromStdString(node.name)));
    Context inner{false, true};
    std::vector<Expr> args;
    for (const NodePtr& arg : node.args)
        args.push_back(expr(arg.get(), inner));
    Expr out;
    out.aggregate = true; // column references inside an aggregate never need GROUP BY cover
    auto arity = [&](size_t lo, size_t hi) {
        if (args.size() < lo || args.size() > hi)
            fail(&node, QStringLiteral("'%1' takes %2 argument(s), got %3")
                            .arg(QString::fromStdString(node.name))
                            .arg(lo == hi ? QString::number(lo) : QStringLiteral("%1 to %2").arg(lo).arg(hi))
                            .arg(args.size()));
    };
    auto numeric = [&](size_t i) {
        if (!args[i].type.isNumeric() && args[i].type.base != BaseType::Nothing)
            fail(node.args[i].get(),
                 QStringLiteral("'%1' needs a number, not %2 (use toFloat for properties)")
                     .arg(QString::fromStdString(node.name), args[i].type.clickhouseName()));
    };
    auto condition = [&](size_t i) {
        numeric(i);
        return args[i].sql;
    };
    const std::string distinct = node.distinct ? "DISTINCT " : "";
    if (name == "count" || name == "countdistinct" || name == "uniq" || name == "uniqexact") {
        const bool countAll = name == "count" && args.empty();
        if (!countAll)
            arity(1, name == "count" ? 1 : 16);
        // Rule: count() is UInt64 and counts rows; count(x) skips NULLs like SQL. uniq is approximate in
        // ClickHouse (exact below ~65k distinct values); here it is the exact count(DISTINCT x), which is
        // what uniq returns at the sizes a local store holds. Several arguments count distinct tuples.
        const bool distinctCount = node.distinct || name != "count";
        if (countAll) {
            out.sql = "count(*)";
        } else if (args.size() == 1) {
            out.sql = std::string("count(") + (distinctCount ? "DISTINCT " : "") + args[0].sql + ")";
        } else {
            std::string tuple;
            for (const Expr& a : args)
                tuple += (tuple.empty() ? "" : ", ") + a.sql;
            out.sql = "count(DISTINCT json_array(" + tuple + "))";
        }
        out.type = type(BaseType::UInt64);
        return out;
    }
    if (name == "countif") {
        arity(1, 1);
        out.sql = "count(CASE WHEN " + condition(0) + " THEN 1 END)";
        out.type = type(BaseType::UInt64);
        return out;
    }
    if (name == "sum" || name == "sumif") {
        arity(name == "sum" ? 1 : 2, name == "sum" ? 1 : 2);
        numeric(0);
        const std::string value =
            name == "sum" ? args[0].sql : "CASE WHEN " + condition(1) + " THEN " + args[0].sql + " END";
        // Rule: ClickHouse sum over no rows (or only NULLs) is 0, SQLite's is NULL.
        const bool floating = args[0].type.base == BaseType::Float64;
        out.sql = "coalesce(sum(" + distinct + value + "), " + (floating ? "0.0" : "0") + ")";
        out.type = type(floating ? BaseType::Float64 : BaseType::Int64);
        return out;
    }
    if (name == "avg" || name == "avgif") {
        arity(name == "avg" ? 1 : 2, name == "avg" ? 1 : 2);
        numeric(0);
        const std::string value =
            name == "avg" ? args[0].sql : "CASE WHEN " + condition(1) + " THEN " + args[0].sql + " END";
        // Rule: avg over no rows is NaN in ClickHouse; JSON has no NaN, and PostHog renders it as null,
        // which is SQLite's answer too. The type stays Float64 as ClickHouse reports it.
        out.sql = "avg(" + distinct + value + ")";
        out.type = type(BaseType::Float64, args[0].type.nullable);
        return out;
    }
    if (name == "min" || name == "max") {
        arity(1, 1);
        if (args[0].type.base == BaseType::Interval)
            fail(&node,
                 QStringLiteral("'%1' of an INTERVAL is meaningless").arg(QString::fromStdString(node.name)));
        // Rule: min/max of an empty set of a non-Nullable type give the type's default value
        // (0, '', 1970-01-01) in ClickHouse, NULL in SQLite. With GROUP BY no group is empty.
        out.sql = name + "(" + args[0].sql + ")";
        if (!args[0].type.nullable)
            out.sql = "coalesce(" + out.sql + ", " + defaultValueSql(args[0].type) + ")";
        out.type = args[0].type;
        return out;
    }
    fail(&node, QStringLiteral("Unknown aggregation '%1'").arg(QString::fromStdString(node.name)));
}

Expr Compiler::dateCall(const Call& node, const std::string& name, std::vector<Expr>& args)
{
    Expr out;
    for (const Expr& a : args)
        absorb(out, a);
    auto timeArg = [&](size_t i) -> Expr {
        Expr a = args[i];
        if (a.type.base == BaseType::String || a.type.base == BaseType::Nothing) {
            // Rule: PostHog maps toDate/toDateTime of text to the ...OrNull variants (NULL, not an error).
            if (const std::string* text = a.literal ? std::get_if<std::string>(&*a.literal) : nullptr) {
                const auto micros = timefmt::parseDateTime(*text);
                if (!micros)
                    fail(node.args[i].get(), QStringLiteral("Cannot parse '%1' as a date or date-time")
                                                 .arg(QString::fromStdString(*text)));
                a.sql = std::to_string(*micros);
                a.type = type(BaseType::DateTime);
            } else {
                a.sql = "hs_parse_datetime(" + a.sql + ")";
                a.type = type(BaseType::DateTime, true);
            }
            return a;
        }
        if (!a.type.isTemporal())
            fail(node.args[i].get(), QStringLiteral("'%1' needs a date or date-time, not %2")
                                         .arg(QString::fromStdString(node.name), a.type.clickhouseName()));
        return a;
    };
    const std::string day = std::to_string(timefmt::kMicrosPerDay);
    if (name == "toDate" || name == "toStartOfDay") {
        const Expr a = timeArg(0);
        out.sql = "hs_floor_time(" + a.sql + ", " + day + ", 0)";
        // Rule: toStartOfDay keeps a date-time (DateTime64 in, DateTime64 out); toDate makes a Date.
        out.type = type(name == "toDate" ? BaseType::Date : BaseType::DateTime, a.type.nullable);
        return out;
    }
    if (name == "toDateTime") {
        const Expr a = timeArg(0);
        out.sql = a.sql;
        out.type = type(BaseType::DateTime, a.type.nullable);
        return out;
    }
    if (name == "toStartOfHour" || name == "toStartOfMinute") {
        const Expr a = timeArg(0);
        const int64_t unit = (name == "toStartOfHour" ? 3600 : 60) * timefmt::kMicrosPerSecond;
        out.sql = "hs_floor_time(" + a.sql + ", " + std::to_string(unit) + ", 0)";
        out.type = type(BaseType::DateTime, a.type.nullable);
        return out;
    }
    if (name == "toStartOfWeek") {
        const Expr a = timeArg(0);
        int64_t mode = 0;
        if (args.size() == 2) {
            const int64_t* m = args[1].literal ? std::get_if<int64_t>(&*args[1].literal) : nullptr;
            if (!m || (*m != 0 && *m != 1))
                fail(node.args[1].get(),
                     QStringLiteral("toStartOfWeek mode must be the constant 0 (Sunday) or 1 (Monday)"));
            mode = *m;
        }
        // Rule: ClickHouse weeks start on Sunday in mode 0 (the default) and Monday in mode 1; the
        // result is a Date. 1970-01-04 was a Sunday, 1970-01-05 a Monday.
        const int64_t offset = (mode == 0 ? 3 : 4) * timefmt::kMicrosPerDay;
        out.sql = "hs_floor_time(" + a.sql + ", " + std::to_string(7 * timefmt::kMicrosPerDay) + ", " +
                  std::to_string(offset) + ")";
        out.type = type(BaseType::Date, a.type.nullable);
        return out;
    }
    if (name == "toStartOfMonth" || name == "toStartOfYear") {
        const Expr a = timeArg(0);
        out.sql = (name == "toStartOfMonth" ? "hs_start_of_month(" : "hs_start_of_year(") + a.sql + ")";
        out.type = type(BaseType::Date, a.type.nullable);
        return out;
    }
    fail(&node, QStringLiteral("Unknown function '%1'").arg(QString::fromStdString(node.name)));
}

Expr Compiler::call(const Call& node, Context ctx)
{
    const std::string lname = lowerName(node.name);
    static const std::set<std::string> aggregates = {"count", "countif",   "sum",          "sumif",
                                                     "avg",   "avgif",     "min",          "max",
                                                     "uniq",  "uniqexact", "countdistinct"};
    if (aggregates.count(lname) > 0)
        return aggregateCall(node, lname, ctx);
    if (node.distinct)
        fail(&node, QStringLiteral("DISTINCT is allowed only inside aggregations, not in '%1'")
                        .arg(QString::fromStdString(node.name)));
    if (node.params)
        fail(&node, QStringLiteral("'%1' takes no parameters").arg(QString::fromStdString(node.name)));
    std::vector<Expr> args;
    for (const NodePtr& arg : node.args)
        args.push_back(expr(arg.get(), ctx));
    auto arity = [&](size_t lo, size_t hi) {
        if (args.size() < lo || args.size() > hi)
            fail(&node, QStringLiteral("'%1' takes %2 argument(s), got %3")
                            .arg(QString::fromStdString(node.name))
                            .arg(lo == hi ? QString::number(lo) : QStringLiteral("%1 to %2").arg(lo).arg(hi))
                            .arg(args.size()));
    };
    Expr out;
    for (const Expr& a : args) {
        out.aggregate = out.aggregate || a.aggregate;
        out.ungrouped.insert(out.ungrouped.end(), a.ungrouped.begin(), a.ungrouped.end());
    }
    for (const IntervalUnit& unit : kIntervalUnits) {
        if (lname == unit.function) {
            arity(1, 1);
            if (!args[0].type.isNumeric())
                fail(&node, QStringLiteral("INTERVAL needs a number of units, not %1")
                                .arg(args[0].type.clickhouseName()));
            out.sql = args[0].sql;
            out.type = type(BaseType::Interval);
            out.intervalMicros = unit.micros;
            out.intervalMonths = unit.months;
            return out;
        }
    }
    if (lname == "now" || lname == "now64") {
        arity(0, 0);
        // Rule: now() is evaluated once per query in ClickHouse; it is fixed when the query starts.
        out.sql = std::to_string(m_options.nowMicros);
        out.type = type(BaseType::DateTime);
        return out;
    }
    if (lname == "today") {
        arity(0, 0);
        out.sql = std::to_string(timefmt::floorDiv(m_options.nowMicros, timefmt::kMicrosPerDay) *
                                 timefmt::kMicrosPerDay);
        out.type = type(BaseType::Date);
        return out;
    }
    static const std::set<std::string> dateFunctions = {"toDate",         "toStartOfDay",    "toDateTime",
                                                        "toStartOfHour",  "toStartOfMinute", "toStartOfWeek",
                                                        "toStartOfMonth", "toStartOfYear"};
    if (dateFunctions.count(node.name) > 0) {
        arity(1, node.name == "toStartOfWeek" ? 2 : 1);
        return dateCall(node, node.name, args);
    }
    auto requireString = [&](size_t i) {
        if (args[i].type.base != BaseType::String && args[i].type.base != BaseType::Uuid &&
            args[i].type.base != BaseType::Nothing)
            fail(node.args[i].get(),
                 QStringLiteral("'%1' needs a string, not %2")
                     .arg(QString::fromStdString(node.name), args[i].type.clickhouseName()));
    };
    if (node.name == "lower" || node.name == "upper") {
        arity(1, 1);
        requireString(0);
        // Rule: ClickHouse lower/upper change ASCII letters only (lowerUTF8 is the Unicode one), as do
        // SQLite's built-ins without ICU.
        out.sql = node.name + "(" + args[0].sql + ")";
        out.type = type(BaseType::String, args[0].type.nullable);
        return out;
    }
    if (node.name == "length") {
        arity(1, 1);
        requireString(0);
        // Rule: ClickHouse length() of a String counts bytes; SQLite's counts characters.
        out.sql = "length(CAST(" + args[0].sql + " AS BLOB))";
        out.type = type(BaseType::UInt64, args[0].type.nullable);
        return out;
    }
    if (node.name == "concat") {
        if (args.size() < 2)
            arity(2, 64);
        bool nullable = false;
        std::string sql;
        for (size_t i = 0; i < args.size(); ++i) {
            requireString(i);
            nullable = nullable || args[i].type.nullable;
            sql += (i ? " || " : "") + args[i].sql;
        }
        // Rule: concat with a NULL argument is NULL in ClickHouse, like SQLite's ||.
        out.sql = "(" + sql + ")";
        out.type = type(BaseType::String, nullable);
        return out;
    }
    if (lname == "coalesce" || lname == "ifnull") {
        arity(lname == "ifnull" ? 2 : 1, lname == "ifnull" ? 2 : 64);
        ValueType t = args[0].type;
        std::string sql;
        for (size_t i = 0; i < args.size(); ++i) {
            if (i > 0) {
                const bool nullable = t.nullable && args[i].type.nullable;
                if (t.base == BaseType::Nothing)
                    t = args[i].type;
                else if (args[i].type.base != BaseType::Nothing && args[i].type.base != t.base &&
                         !(t.isNumeric() && args[i].type.isNumeric()))
                    fail(node.args[i].get(), QStringLiteral("'%1' arguments must share a type: %2 and %3")
                                                 .arg(QString::fromStdString(node.name), t.clickhouseName(),
                                                      args[i].type.clickhouseName()));
                t.nullable = nullable;
            }
            sql += (i ? ", " : "") + args[i].sql;
        }
        out.sql = "coalesce(" + sql + ")";
        out.type = t;
        return out;
    }
    if (lname == "if") {
        arity(3, 3);
        if (!args[0].type.isNumeric())
            fail(node.args[0].get(),
                 QStringLiteral("if() needs a boolean condition, not %1").arg(args[0].type.clickhouseName()));
        ValueType t = args[1].type;
        if (t.base == BaseType::Nothing)
            t = {args[2].type.base, true};
        else if (args[2].type.base == BaseType::Nothing)
            t.nullable = true;
        else if (args[2].type.base != t.base && !(t.isNumeric() && args[2].type.isNumeric()))
            fail(&node, QStringLiteral("if() branches must share a type: %1 and %2")
                            .arg(args[1].type.clickhouseName(), args[2].type.clickhouseName()));
        else
            t.nullable = t.nullable || args[2].type.nullable;
        out.sql = "(CASE WHEN " + args[0].sql + " THEN " + args[1].sql + " ELSE " + args[2].sql + " END)";
        out.type = t;
        return out;
    }
    if (lname == "isnull" || lname == "isnotnull") {
        arity(1, 1);
        out.sql = "(" + args[0].sql + (lname == "isnull" ? " IS NULL)" : " IS NOT NULL)");
        out.type = type(BaseType::UInt8);
        return out;
    }
    if (node.name == "toFloat" || node.name == "toInt" || node.name == "toFloat64" ||
        node.name == "toInt64") {
        arity(1, 1);
        const bool asFloat = node.name.rfind("toFloat", 0) == 0;
        if (!args[0].type.isNumeric() && args[0].type.base != BaseType::String &&
            args[0].type.base != BaseType::Nothing)
            fail(&node, QStringLiteral("'%1' needs a number or string, not %2")
                            .arg(QString::fromStdString(node.name), args[0].type.clickhouseName()));
        out.sql = "hs_to_number(" + args[0].sql + (asFloat ? ", 1)" : ", 0)");
        // Rule: PostHog maps toFloat/toInt to toFloat64OrNull/toInt64OrNull, hence Nullable for text.
        out.type = type(asFloat ? BaseType::Float64 : BaseType::Int64,
                        args[0].type.nullable || args[0].type.base == BaseType::String);
        return out;
    }
    if (node.name == "toString") {
        arity(1, 1);
        const BaseType b = args[0].type.base;
        if (b != BaseType::String && b != BaseType::Uuid && b != BaseType::Int64 && b != BaseType::UInt64 &&
            b != BaseType::UInt8)
            fail(&node, QStringLiteral("toString of %1 is outside what the local engine can run")
                            .arg(args[0].type.clickhouseName()));
        out.sql = "CAST(" + args[0].sql + " AS TEXT)";
        out.type = type(BaseType::String, args[0].type.nullable);
        return out;
    }
    if (lname == "abs") {
        arity(1, 1);
        if (!args[0].type.isNumeric())
            fail(&node, QStringLiteral("abs needs a number, not %1").arg(args[0].type.clickhouseName()));
        out.sql = "abs(" + args[0].sql + ")";
        out.type = args[0].type;
        return out;
    }
    fail(&node, QStringLiteral("Unknown or unavailable function '%1' in the local engine")
                    .arg(QString::fromStdString(node.name)));
}

} // namespace hogscope::local::detail
