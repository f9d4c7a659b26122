// Expression half of the HogQL -> SQLite compiler: fields, constants, operators and functions.
// Each place where ClickHouse and SQLite disagree carries a "Rule:" comment saying what is done.

#include "hogql_compiler_p.h"

#include "store_schema.h"
#include "time_format.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace hogscope::local::detail {

using namespace hogql;

namespace {

ValueType type(BaseType base, bool nullable = false)
{
    return ValueType{base, nullable};
}

QString q(const std::string& s)
{
    return QString::fromStdString(s);
}

// Columns of the HogQL `events` table that map directly to store columns.
struct EventColumn
{
    const char* name;
    const char* sql;
    BaseType base;
    bool nullable;
};
constexpr EventColumn kEventColumns[] = {
    {"uuid", "e.uuid", BaseType::Uuid, false},
    {"event", "e.event", BaseType::String, false},
    {"properties", "e.properties", BaseType::String, false},
    {"timestamp", "e.timestamp", BaseType::DateTime, false},
    {"distinct_id", "e.distinct_id", BaseType::String, false},
    {"elements_chain", "e.elements_chain", BaseType::String, false},
    {"created_at", "e.created_at", BaseType::DateTime, false},
    {"$session_id", "e.session_id", BaseType::String, true},
    {"$window_id", "e.window_id", BaseType::String, true},
    {"person_id", "e.person_id", BaseType::Uuid, true},
    {"team_id", "1", BaseType::Int64, false},
};

std::string literalSql(const Constant::Value& v)
{
    if (std::holds_alternative<std::monostate>(v))
        return "NULL";
    if (const bool* b = std::get_if<bool>(&v))
        return *b ? "1" : "0";
    if (const int64_t* i = std::get_if<int64_t>(&v))
        return std::to_string(*i);
    if (const double* d = std::get_if<double>(&v)) {
        char buffer[64];
        std::snprintf(buffer, sizeof buffer, "%.17g", *d);
        std::string s = buffer;
        if (s.find_first_of(".eE") == std::string::npos && s.find_first_of("ni") == std::string::npos)
            s += ".0"; // keep it a REAL in SQLite
        return s;
    }
    return sqlString(std::get<std::string>(v));
}

ValueType literalType(const Constant::Value& v)
{
    if (std::holds_alternative<std::monostate>(v))
        return type(BaseType::Nothing, true);
    if (std::holds_alternative<bool>(v))
        return type(BaseType::Bool);
    if (const int64_t* i = std::get_if<int64_t>(&v))
        return type(*i >= 0 && *i <= 255 ? BaseType::UInt8 : (*i >= 0 ? BaseType::UInt64 : BaseType::Int64));
    if (std::holds_alternative<double>(v))
        return type(BaseType::Float64);
    return type(BaseType::String);
}

// The common type of two branches (if, coalesce), or nullopt when ClickHouse would refuse them.
std::optional<ValueType> commonType(const ValueType& a, const ValueType& b)
{
    const bool nullable = a.nullable || b.nullable;
    if (a.base == BaseType::Nothing)
        return type(b.base, true);
    if (b.base == BaseType::Nothing)
        return type(a.base, true);
    if (a.base == b.base)
        return type(a.base, nullable);
    if (a.isNumeric() && b.isNumeric()) {
        if (a.base == BaseType::Float64 || b.base == BaseType::Float64)
            return type(BaseType::Float64, nullable);
        return type(BaseType::Int64, nullable);
    }
    if ((a.base == BaseType::String || a.base == BaseType::Uuid) &&
        (b.base == BaseType::String || b.base == BaseType::Uuid))
        return type(BaseType::String, nullable);
    if (a.isTemporal() && b.isTemporal())
        return type(BaseType::DateTime, nullable);
    return std::nullopt;
}

bool isStringy(const ValueType& t)
{
    return t.base == BaseType::String || t.base == BaseType::Uuid;
}

// Every column reference of `parts`, unless covered by GROUP BY later.
void mergeFrom(Expr& target, const Expr& part)
{
    target.aggregate = target.aggregate || part.aggregate;
    target.ungrouped.insert(target.ungrouped.end(), part.ungrouped.begin(), part.ungrouped.end());
}

} // namespace

std::string sqlString(std::string_view text)
{
    std::string out = "'";
    for (char c : text) {
        if (c == '\'')
            out += '\'';
        out += c;
    }
    out += '\'';
    return out;
}

int Compiler::charOffset(uint32_t byteOffset) const
{
    int chars = 0;
    for (uint32_t i = 0; i < byteOffset && i < m_text.size(); ++i) {
        if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80)
            ++chars;
    }
    return chars;
}

QString Compiler::sourceText(const Node* node) const
{
    if (!node || !node->positioned || node->end > m_text.size() || node->begin >= node->end)
        return QString();
    return QString::fromUtf8(m_text.data() + node->begin, static_cast<qsizetype>(node->end - node->begin));
}

void Compiler::fail(const Node* node, const QString& message) const
{
    CompileError error;
    error.code = QStringLiteral("hogql_query_error");
    error.message = message;
    if (node && node->positioned) {
        error.begin = charOffset(node->begin);
        error.end = charOffset(node->end);
        error.message += QStringLiteral(" (at character %1)").arg(error.begin);
    }
    throw Failure{error};
}

Expr Compiler::finish(Expr e) const
{
    if (m_checkGrouping && !e.ungrouped.empty() && m_groupSet.count(e.sql) > 0)
        e.ungrouped.clear();
    return e;
}

Expr Compiler::expr(const Node* node, Context ctx)
{
    if (!node)
        fail(nullptr, QStringLiteral("Missing expression"));
    switch (node->kind) {
    case NodeKind::Constant:
        return constant(*node->as<Constant>());
    case NodeKind::Field:
        return finish(field(*node->as<Field>(), ctx));
    case NodeKind::Placeholder:
        return placeholder(*node->as<Placeholder>(), ctx);
    case NodeKind::Alias:
        return expr(node->as<Alias>()->expr.get(),
                    ctx); // an alias nested in an expression names nothing else
    case NodeKind::ArithmeticOperation:
        return finish(arithmetic(*node->as<ArithmeticOperation>(), ctx));
    case NodeKind::CompareOperation:
        return finish(compare(*node->as<CompareOperation>(), ctx));
    case NodeKind::And:
        return finish(logical(node->as<And>()->exprs, " AND ", ctx));
    case NodeKind::Or:
        return finish(logical(node->as<Or>()->exprs, " OR ", ctx));
    case NodeKind::Not: {
        Expr inner = expr(node->as<Not>()->expr.get(), ctx);
        if (!inner.type.isNumeric() && inner.type.base != BaseType::Nothing)
            fail(node,
                 QStringLiteral("NOT needs a boolean or number, not %1").arg(inner.type.clickhouseName()));
        Expr out;
        out.sql = "(NOT " + inner.sql + ")";
        out.type = type(BaseType::UInt8, inner.type.nullable);
        mergeFrom(out, inner);
        return finish(out);
    }
    case NodeKind::Call:
        return finish(call(*node->as<Call>(), ctx));
    case NodeKind::ArrayAccess: {
        // properties['$browser'] is the same property access as properties.$browser
        const auto* access = node->as<ArrayAccess>();
        std::vector<std::string> path;
        const Node* cursor = node;
        while (const auto* a = cursor->as<ArrayAccess>()) {
            const auto* key = a->property ? a->property->as<Constant>() : nullptr;
            const std::string* text = key ? std::get_if<std::string>(&key->value) : nullptr;
            if (!text)
                fail(a, QStringLiteral("Only constant string keys can index properties"));
            path.insert(path.begin(), *text);
            cursor = a->array.get();
        }
        const auto* base = cursor->as<Field>();
        if (base) {
            std::vector<std::string> chain = base->chain;
            chain.insert(chain.end(), path.begin(), path.end());
            Field synthetic;
            synthetic.chain = chain;
            synthetic.begin = access->begin;
            synthetic.end = access->end;
            synthetic.positioned = access->positioned;
            return finish(field(synthetic, ctx));
        }
        fail(node, QStringLiteral("Indexing is available only on properties"));
    }
    case NodeKind::Tuple:
        fail(node, QStringLiteral("Tuples are available only on the right of IN"));
    default:
        break;
    }
    fail(node, QStringLiteral("%1 expressions are outside what the local engine can run")
                   .arg(QString::fromLatin1(nodeKindName(node->kind))));
}

Expr Compiler::constant(const Constant& node) const
{
    if (node.numberText)
        fail(&node, QStringLiteral("The number %1 cannot be represented exactly").arg(q(*node.numberText)));
    Expr e;
    e.sql = literalSql(node.value);
    e.type = literalType(node.value);
    e.literal = node.value;
    return e;
}

Expr Compiler::placeholder(const Placeholder& node, Context)
{
    const auto* name = node.expr ? node.expr->as<Field>() : nullptr;
    if (!name || name->chain.size() != 1)
        fail(&node,
             QStringLiteral("Placeholder %1 is not available here; only {name} with a value in \"values\"")
                 .arg(sourceText(&node)));
    const QString key = q(name->chain.front());
    if (!m_options.values.contains(key))
        fail(&node, QStringLiteral("Placeholder {%1} has no value in \"values\"").arg(key));
    const QJsonValue value = m_options.values.value(key);
    Constant c;
    c.begin = node.begin;
    c.end = node.end;
    switch (value.type()) {
    case QJsonValue::Null:
        c.value = std::monostate{};
        break;
    case QJsonValue::Bool:
        c.value = value.toBool();
        break;
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::floor(d) == d && std::fabs(d) < 9.0e15)
            c.value = static_cast<int64_t>(d);
        else
            c.value = d;
        break;
    }
    case QJsonValue::String:
        c.value = value.toString().toStdString();
        break;
    default:
        fail(&node, QStringLiteral("Placeholder {%1} must be a string, number, boolean or null").arg(key));
    }
    return constant(c);
}

Expr Compiler::propertyChain(const Node* node, const std::string& column,
                             const std::vector<std::string>& path, size_t from)
{
    // Rule: a property is a Nullable(String) — see hs_prop for how each JSON kind is rendered.
    std::string jsonPath = "$";
    for (size_t i = from; i < path.size(); ++i) {
        if (path[i].find('"') != std::string::npos)
            fail(node, QStringLiteral("Property names containing '\"' cannot be read"));
        jsonPath += ".\"" + path[i] + "\"";
    }
    Expr e;
    e.sql = "hs_prop(" + column + " -> " + sqlString(jsonPath) + ")";
    // A hot event property reads its hot column instead: the same value (EventIngest writes what
    // hs_prop reads, triggers fill it for other writers; store_schema.cpp), but indexed.
    if (column == "e.properties" && from + 1 == path.size()) {
        if (const auto hot = store::hotPropertyIndex(path[from]))
            e.sql = "e.\"" + std::string(store::kHotProperties[*hot].column) + "\"";
    }
    e.type = type(BaseType::String, true);
    e.ungrouped.push_back(node);
    return e;
}

Expr Compiler::field(const Field& node, Context ctx)
{
    std::vector<std::string> chain = node.chain;
    if (chain.empty())
        fail(&node, QStringLiteral("Empty field"));
    if (chain.size() == 1 && !m_expanding.count(chain[0])) {
        const auto alias = m_aliases.find(chain[0]);
        if (alias != m_aliases.end()) {
            m_expanding.insert(chain[0]);
            Expr e = expr(alias->second, ctx);
            m_expanding.erase(chain[0]);
            return e;
        }
    }
    if (chain.size() > 1 && (chain[0] == "events" || (!m_tableAlias.empty() && chain[0] == m_tableAlias)))
        chain.erase(chain.begin());
    if (!m_hasFrom)
        fail(&node, QStringLiteral("Unable to resolve field: %1 (the query has no FROM)").arg(q(chain[0])));
    if (chain[0] == "*")
        fail(&node, QStringLiteral("* is available only as a whole SELECT column"));
    if (chain[0] == "properties" && chain.size() > 1)
        return propertyChain(&node, "e.properties", chain, 1);
    if (chain[0] == "person" || chain[0] == "pdi" || chain[0] == "poe") {
        // The person is joined through persons-on-events: events.person_id is the person's id.
        if (chain.size() == 2 && chain[1] == "id") {
            Expr e;
            e.sql = "e.person_id";
            e.type = type(BaseType::Uuid, true);
            e.ungrouped.push_back(&node);
            return e;
        }
        if (chain.size() >= 3 && chain[1] == "properties") {
            Expr inner = propertyChain(&node, "p.properties", chain, 2);
            inner.sql = "(SELECT " + inner.sql + " FROM persons p WHERE p.id = e.person_id)";
            return inner;
        }
        if (chain.size() == 2 && chain[1] == "created_at") {
            Expr e;
            e.sql = "(SELECT p.created_at FROM persons p WHERE p.id = e.person_id)";
            e.type = type(BaseType::DateTime, true);
            e.ungrouped.push_back(&node);
            return e;
        }
    }
    if (chain.size() == 1) {
        for (const EventColumn& column : kEventColumns) {
            if (chain[0] == column.name) {
                Expr e;
                e.sql = column.sql;
                e.type = type(column.base, column.nullable);
                if (chain[0] != "team_id")
                    e.ungrouped.push_back(&node);
                else
                    e.literal = int64_t{1};
                return e;
            }
        }
    }
    std::string joined;
    for (const std::string& part : node.chain)
        joined += (joined.empty() ? "" : ".") + part;
    fail(&node, QStringLiteral("Unable to resolve field: %1").arg(q(joined)));
}

Expr Compiler::coerceToTime(const Expr& value, const Expr& other, const Node* at) const
{
    // Rule: ClickHouse compares a DateTime with a string constant by parsing the string as a
    // DateTime (Date for a Date column), so `timestamp > '2026-01-01'` works; the string is parsed
    // here once. Any other string never compares with a date.
    if (!other.type.isTemporal() || !isStringy(value.type))
        return value;
    const std::string* text = value.literal ? std::get_if<std::string>(&*value.literal) : nullptr;
    if (!text)
        fail(at, QStringLiteral("Cannot compare %1 with %2")
                     .arg(other.type.clickhouseName(), value.type.clickhouseName()));
    const auto micros = timefmt::parseDateTime(*text);
    if (!micros)
        fail(at, QStringLiteral("Cannot parse '%1' as a date or date-time").arg(q(*text)));
    Expr e;
    e.sql = std::to_string(*micros);
    e.type = type(other.type.base);
    e.literal = *micros;
    return e;
}

Expr Compiler::arithmetic(const ArithmeticOperation& node, Context ctx)
{
    Expr left = expr(node.left.get(), ctx);
    Expr right = expr(node.right.get(), ctx);
    Expr out;
    mergeFrom(out, left);
    mergeFrom(out, right);
    const bool nullable = left.type.nullable || right.type.nullable;
    const bool additive = node.op == ArithmeticOp::Add || node.op == ArithmeticOp::Sub;
    // Date arithmetic: DateTime +/- INTERVAL.
    if (additive && (left.type.isTemporal() || right.type.isTemporal())) {
        const Expr* time = left.type.isTemporal() ? &left : &right;
        const Expr* interval = left.type.isTemporal() ? &right : &left;
        if (interval->type.base != BaseType::Interval || (node.op == ArithmeticOp::Sub && time != &left))
            fail(&node,
                 QStringLiteral("Date arithmetic needs a date %1 an INTERVAL, not %2")
                     .arg(node.op == ArithmeticOp::Add ? QStringLiteral("plus") : QStringLiteral("minus"),
                          sourceText(&node)));
        const std::string sign = node.op == ArithmeticOp::Sub ? "-" : "";
        if (interval->intervalMonths != 0) {
            out.sql = "hs_add_months(" + time->sql + ", " + sign + "(" + interval->sql + ") * " +
                      std::to_string(interval->intervalMonths) + ")";
        } else {
            out.sql = "(" + time->sql + (sign.empty() ? " + " : " - ") + "(" + interval->sql + ") * " +
                      std::to_string(interval->intervalMicros) + ")";
        }
        // Rule: Date +/- an interval of days stays a Date in ClickHouse; with hours it becomes DateTime.
        const bool staysDate =
            time->type.base == BaseType::Date &&
            (interval->intervalMonths != 0 || interval->intervalMicros % timefmt::kMicrosPerDay == 0);
        out.type = type(staysDate ? BaseType::Date : BaseType::DateTime, nullable);
        return out;
    }
    if (!left.type.isNumeric() && left.type.base != BaseType::Nothing)
        fail(node.left.get(), QStringLiteral("Arithmetic needs numbers; %1 is %2")
                                  .arg(sourceText(node.left.get()), left.type.clickhouseName()));
    if (!right.type.isNumeric() && right.type.base != BaseType::Nothing)
        fail(node.right.get(), QStringLiteral("Arithmetic needs numbers; %1 is %2")
                                   .arg(sourceText(node.right.get()), right.type.clickhouseName()));
    const bool floating = left.type.base == BaseType::Float64 || right.type.base == BaseType::Float64;
    switch (node.op) {
    case ArithmeticOp::Add:
    case ArithmeticOp::Sub:
    case ArithmeticOp::Mult:
        out.sql = "(" + left.sql +
                  (node.op == ArithmeticOp::Add   ? " + "
                   : node.op == ArithmeticOp::Sub ? " - "
                                                  : " * ") +
                  right.sql + ")";
        out.type = type(floating ? BaseType::Float64 : BaseType::Int64, nullable);
        break;
    case ArithmeticOp::Div:
        out.sql = "hs_div(" + left.sql + ", " + right.sql + ")";
        out.type = type(BaseType::Float64, nullable);
        break;
    case ArithmeticOp::Mod:
        out.sql = "hs_mod(" + left.sql + ", " + right.sql + ")";
        out.type = type(floating ? BaseType::Float64 : BaseType::Int64, nullable);
        break;
    }
    return out;
}

Expr Compiler::logical(const NodeList& exprs, const char* op, Context ctx)
{
    // Rule: and/or follow SQL three-valued logic in both engines; the result is UInt8.
    Expr out;
    out.type = type(BaseType::UInt8);
    out.sql = "(";
    bool first = true;
    for (const NodePtr& child : exprs) {
        Expr e = expr(child.get(), ctx);
        if (!e.type.isNumeric() && e.type.base != BaseType::Nothing)
            fail(child.get(), QStringLiteral("%1 needs boolean operands; %2 is %3")
                                  .arg(QString::fromLatin1(op).trimmed(), sourceText(child.get()),
                                       e.type.clickhouseName()));
        out.sql += (first ? "" : op) + e.sql;
        out.type.nullable = out.type.nullable || e.type.nullable;
        mergeFrom(out, e);
        first = false;
    }
    out.sql += ")";
    return out;
}

Expr Compiler::inList(const Expr& left, const Node* right, Context ctx, const Node* at)
{
    std::vector<const Node*> items;
    if (const auto* tuple = right->as<Tuple>()) {
        for (const NodePtr& item : tuple->exprs)
            items.push_back(item.get());
    } else if (const auto* array = right->as<Array>()) {
        for (const NodePtr& item : array->exprs)
            items.push_back(item.get());
    } else if (right->kind == NodeKind::SelectQuery || right->kind == NodeKind::SelectSetQuery) {
        fail(right, QStringLiteral("IN (SELECT ...) subqueries are outside what the local engine can run"));
    } else {
        items.push_back(right);
    }
    Expr out;
    mergeFrom(out, left);
    std::string list;
    bool hasNull = false;
    for (const Node* item : items) {
        Expr e = coerceToTime(expr(item, ctx), left, item);
        if (e.type.base == BaseType::Nothing) {
            hasNull = true;
            continue;
        }
        if (!commonType(left.type, e.type))
            fail(item, QStringLiteral("Cannot compare %1 with %2 in IN")
                           .arg(left.type.clickhouseName(), e.type.clickhouseName()));
        mergeFrom(out, e);
        list += (list.empty() ? "" : ", ") + e.sql;
    }
    // Rule: PostHog runs ClickHouse with transform_null_in = 1, so NULL IN (...) is true exactly when
    // the list holds NULL, and never NULL itself; SQLite's IN would yield NULL.
    std::string test = list.empty() ? "0" : "coalesce(" + left.sql + " IN (" + list + "), 0)";
    if (hasNull)
        test = "(" + test + " OR " + left.sql + " IS NULL)";
    out.sql = test;
    out.type = type(BaseType::UInt8);
    (void)at;
    return out;
}

Expr Compiler::compare(const CompareOperation& node, Context ctx)
{
    Expr left = expr(node.left.get(), ctx);
    if (node.op == CompareOp::In || node.op == CompareOp::NotIn || node.op == CompareOp::GlobalIn ||
        node.op == CompareOp::GlobalNotIn) {
        Expr in = inList(left, node.right.get(), ctx, &node);
        if (node.op == CompareOp::NotIn || node.op == CompareOp::GlobalNotIn)
            in.sql = "(NOT " + in.sql + ")";
        return in;
    }
    Expr right = expr(node.right.get(), ctx);
    Expr out;
    out.type = type(BaseType::UInt8);
    switch (node.op) {
    case CompareOp::Like:
    case CompareOp::NotLike:
    case CompareOp::ILike:
    case CompareOp::NotILike: {
        if ((!isStringy(left.type) && left.type.base != BaseType::Nothing) ||
            (!isStringy(right.type) && right.type.base != BaseType::Nothing))
            fail(&node, QStringLiteral("LIKE needs strings, not %1 and %2")
                            .arg(left.type.clickhouseName(), right.type.clickhouseName()));
        const bool ci = node.op == CompareOp::ILike || node.op == CompareOp::NotILike;
        const bool negated = node.op == CompareOp::NotLike || node.op == CompareOp::NotILike;
        const std::string test = "hs_like(" + left.sql + ", " + right.sql + (ci ? ", 1)" : ", 0)");
        // Rule: HogQL prints nullable LIKE as ifNull(like(..), 0) and NOT LIKE as ifNull(notLike(..), 1).
        out.sql = negated ? "coalesce(NOT " + test + ", 1)" : "coalesce(" + test + ", 0)";
        mergeFrom(out, left);
        mergeFrom(out, right);
        return out;
    }
    case CompareOp::Eq:
    case CompareOp::NotEq:
    case CompareOp::Lt:
    case CompareOp::LtEq:
    case CompareOp::Gt:
    case CompareOp::GtEq:
        break;
    default:
        fail(&node, QStringLiteral("The operator '%1' is outside what the local engine can run")
                        .arg(QString::fromLatin1(compareOpText(node.op))));
    }
    left = coerceToTime(left, right, node.left.get());
    right = coerceToTime(right, left, node.right.get());
    mergeFrom(out, left);
    mergeFrom(out, right);
    const bool leftNull = left.type.base == BaseType::Nothing;
    const bool rightNull = right.type.base == BaseType::Nothing;
    if (!leftNull && !rightNull && !commonType(left.type, right.type))
        fail(&node, QStringLiteral("Cannot compare %1 with %2: %3")
                        .arg(left.type.clickhouseName(), right.type.clickhouseName(), sourceText(&node)));
    // Rule: HogQL makes comparisons null-safe: x = NULL is isNull(x), and a nullable operand is
    // wrapped so that NULL = NULL is true, NULL = 'a' is false and NULL != 'a' is true. SQLite's
    // IS / IS NOT are exactly that; ordering comparisons with NULL are false (ifNull(.., 0)).
    const char* op = nullptr;
    switch (node.op) {
    case CompareOp::Eq:
        out.sql = "(" + left.sql + " IS " + right.sql + ")";
        return out;
    case CompareOp::NotEq:
        out.sql = "(" + left.sql + " IS NOT " + right.sql + ")";
        return out;
    case CompareOp::Lt:
        op = " < ";
        break;
    case CompareOp::LtEq:
        op = " <= ";
        break;
    case CompareOp::Gt:
        op = " > ";
        break;
    default:
        op = " >= ";
        break;
    }
    out.sql = "coalesce(" + left.sql + op + right.sql + ", 0)";
    return out;
}

} // namespace hogscope::local::detail
