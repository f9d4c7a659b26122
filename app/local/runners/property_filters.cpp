#include "property_filters.h"

#include "runner_support.h"

#include "local/hogql_compiler.h"
#include "local/store_schema.h"
#include "local/time_format.h"

#include <QJsonArray>
#include <QJsonObject>

#include <cmath>

namespace hogscope::local::runners {

namespace {

std::string jsonPath(const QString& key)
{
    if (key.contains(QLatin1Char('"')))
        throwUnsupported(QStringLiteral("A property name containing '\"' (%1)").arg(key));
    return sqlQuote("$.\"" + key.toStdString() + "\"");
}

// The text PostHog compares a filter value as: strings as they are, numbers as their JSON text,
// booleans as 'true'/'false' (properties are strings in HogQL).
std::string valueText(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return value.toBool() ? "true" : "false";
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::floor(d) == d && std::fabs(d) < 9.0e15)
            return std::to_string(static_cast<int64_t>(d));
        return QString::number(d, 'g', 17).toStdString();
    }
    case QJsonValue::String:
        return value.toString().toStdString();
    default:
        throwInvalid(QStringLiteral("Property filter values must be strings, numbers or booleans"));
    }
}

std::vector<std::string> valueList(const QJsonValue& value)
{
    std::vector<std::string> out;
    if (value.isArray()) {
        for (const QJsonValue& v : value.toArray())
            out.push_back(valueText(v));
    } else if (!value.isNull() && !value.isUndefined()) {
        out.push_back(valueText(value));
    }
    return out;
}

std::string numberSql(const QJsonValue& value)
{
    bool ok = false;
    const double d = value.isDouble() ? value.toDouble() : value.toString().toDouble(&ok);
    if (!value.isDouble() && !ok)
        throwInvalid(QStringLiteral("The value %1 is not a number").arg(value.toString()));
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%.17g", d);
    std::string s = buffer;
    if (s.find_first_of(".eEn") == std::string::npos)
        s += ".0";
    return s;
}

std::string inList(const std::vector<std::string>& values)
{
    std::string out = "(";
    for (size_t i = 0; i < values.size(); ++i)
        out += (i ? ", " : "") + sqlQuote(values[i]);
    return out + ")";
}

// One filter.
std::string filterSql(const QJsonObject& filter, FilterScope scope)
{
    const QString type = filter.value(QStringLiteral("type")).toString(QStringLiteral("event"));
    const QString key = filter.value(QStringLiteral("key")).toString();
    const QString op = filter.value(QStringLiteral("operator")).toString(QStringLiteral("exact"));
    const QJsonValue value = filter.value(QStringLiteral("value"));

    if (type == QLatin1String("hogql")) {
        if (scope != FilterScope::Events)
            throwUnsupported(QStringLiteral("A HogQL property filter on persons"));
        CompileOptions options;
        const ExpressionResult compiled = compileHogQLExpression(key, options);
        if (const auto* error = std::get_if<CompileError>(&compiled))
            throwInvalid(error->message, error->code);
        return "coalesce(" + std::get<CompiledExpression>(compiled).sql + ", 0)";
    }
    std::string field;
    if (type == QLatin1String("event")) {
        if (scope != FilterScope::Events)
            throwInvalid(QStringLiteral("Event property filters cannot apply to persons"));
        field = eventPropertySql(key);
    } else if (type == QLatin1String("person")) {
        field = scope == FilterScope::Persons
                    ? personPropertySql(key)
                    : "(SELECT " + personPropertySql(key) + " FROM persons p WHERE p.id = e.person_id)";
    } else {
        throwUnsupported(QStringLiteral("A property filter of type '%1'").arg(type));
    }

    // Rule: a positive test on a missing (NULL) property is false, a negative one true.
    if (op == QLatin1String("exact")) {
        const std::vector<std::string> values = valueList(value);
        if (values.empty())
            return "0";
        return "coalesce(" + field + " IN " + inList(values) + ", 0)";
    }
    if (op == QLatin1String("is_not")) {
        const std::vector<std::string> values = valueList(value);
        if (values.empty())
            return "1";
        return "coalesce(" + field + " NOT IN " + inList(values) + ", 1)";
    }
    if (op == QLatin1String("icontains") || op == QLatin1String("not_icontains")) {
        const std::string pattern = sqlQuote("%" + valueText(value) + "%");
        const std::string test = "hs_like(" + field + ", " + pattern + ", 1)";
        return op == QLatin1String("icontains") ? "coalesce(" + test + ", 0)"
                                                : "coalesce(NOT " + test + ", 1)";
    }
    if (op == QLatin1String("is_set"))
        return field + " IS NOT NULL";
    if (op == QLatin1String("is_not_set"))
        return field + " IS NULL";
    if (op == QLatin1String("gt") || op == QLatin1String("gte") || op == QLatin1String("lt") ||
        op == QLatin1String("lte")) {
        const char* sqlOp = op == QLatin1String("gt")    ? ">"
                            : op == QLatin1String("gte") ? ">="
                            : op == QLatin1String("lt")  ? "<"
                                                         : "<=";
        // Rule: order comparisons read the property as a number (toFloat), NULL when it is not one.
        return "coalesce(hs_to_number(" + field + ", 1) " + sqlOp + " " + numberSql(value) + ", 0)";
    }
    if (op == QLatin1String("between") || op == QLatin1String("not_between")) {
        const QJsonArray bounds = value.toArray();
        if (bounds.size() != 2)
            throwInvalid(QStringLiteral("A between filter needs two values"));
        const std::string test =
            "hs_to_number(" + field + ", 1) BETWEEN " + numberSql(bounds[0]) + " AND " + numberSql(bounds[1]);
        return op == QLatin1String("between") ? "coalesce(" + test + ", 0)"
                                              : "coalesce(NOT (" + test + "), 1)";
    }
    if (op == QLatin1String("is_date_exact") || op == QLatin1String("is_date_before") ||
        op == QLatin1String("is_date_after")) {
        const auto when = timefmt::parseDateTime(valueText(value));
        if (!when)
            throwInvalid(QStringLiteral("Cannot parse '%1' as a date").arg(value.toString()));
        const char* sqlOp = op == QLatin1String("is_date_exact")    ? "="
                            : op == QLatin1String("is_date_before") ? "<"
                                                                    : ">";
        return "coalesce(hs_parse_datetime(" + field + ") " + sqlOp + " " + std::to_string(*when) + ", 0)";
    }
    throwUnsupported(QStringLiteral("The property filter operator '%1'").arg(op));
}

std::string groupSql(const QJsonValue& node, FilterScope scope)
{
    if (node.isNull() || node.isUndefined())
        return {};
    if (node.isArray()) {
        std::string out;
        for (const QJsonValue& item : node.toArray()) {
            const std::string part = groupSql(item, scope);
            if (!part.empty())
                out += (out.empty() ? "(" : " AND (") + part + ")";
        }
        return out;
    }
    if (!node.isObject())
        throwInvalid(QStringLiteral("properties must be a list of property filters or a property group"));
    const QJsonObject object = node.toObject();
    const QString type = object.value(QStringLiteral("type")).toString();
    if ((type == QLatin1String("AND") || type == QLatin1String("OR")) &&
        object.contains(QStringLiteral("values"))) {
        std::string out;
        const char* join = type == QLatin1String("AND") ? " AND (" : " OR (";
        for (const QJsonValue& item : object.value(QStringLiteral("values")).toArray()) {
            const std::string part = groupSql(item, scope);
            if (!part.empty())
                out += (out.empty() ? "(" : join) + part + ")";
        }
        return out;
    }
    return filterSql(object, scope);
}

} // namespace

std::string eventPropertySql(const QString& key)
{
    if (const auto hot = store::hotPropertyIndex(key.toStdString()))
        return "e.\"" + std::string(store::kHotProperties[*hot].column) + "\"";
    return "hs_prop(e.properties -> " + jsonPath(key) + ")";
}

std::string personPropertySql(const QString& key)
{
    return "hs_prop(p.properties -> " + jsonPath(key) + ")";
}

std::string propertyFiltersSql(const QJsonValue& filters, FilterScope scope)
{
    return groupSql(filters, scope);
}

} // namespace hogscope::local::runners
