#include "model/column_type.h"

namespace hogscope::model {

namespace {

bool startsWith(std::string_view text, std::string_view prefix)
{
    return text.substr(0, prefix.size()) == prefix;
}

// Removes one "Wrapper(...)" layer; returns false when text is not wrapped that way.
bool unwrap(std::string_view& text, std::string_view wrapper)
{
    if (!startsWith(text, wrapper) || text.size() < wrapper.size() + 2 || text[wrapper.size()] != '(' ||
        text.back() != ')')
        return false;
    text = text.substr(wrapper.size() + 1, text.size() - wrapper.size() - 2);
    return true;
}

std::string_view trimmed(std::string_view text)
{
    while (!text.empty() && (text.front() == ' ' || text.front() == '\t'))
        text.remove_prefix(1);
    while (!text.empty() && (text.back() == ' ' || text.back() == '\t'))
        text.remove_suffix(1);
    return text;
}

} // namespace

ColumnType columnTypeFromClickHouse(std::string_view type, bool* nullable)
{
    type = trimmed(type);
    bool isNullable = false;
    // LowCardinality(Nullable(String)) and Nullable(LowCardinality(...)) both occur.
    for (bool changed = true; changed;) {
        changed = false;
        if (unwrap(type, "Nullable")) {
            isNullable = true;
            changed = true;
        } else if (unwrap(type, "LowCardinality")) {
            changed = true;
        }
        type = trimmed(type);
    }
    if (nullable)
        *nullable = isNullable;
    if (type.empty())
        return ColumnType::Unknown;
    if (startsWith(type, "Int") || startsWith(type, "UInt"))
        return ColumnType::Integer;
    if (startsWith(type, "Float") || startsWith(type, "Decimal"))
        return ColumnType::Float;
    if (type == "Bool" || type == "Boolean")
        return ColumnType::Boolean;
    if (startsWith(type, "DateTime"))
        return ColumnType::DateTime;
    if (startsWith(type, "Date"))
        return ColumnType::Date;
    if (startsWith(type, "Array") || startsWith(type, "Tuple") || startsWith(type, "Map") ||
        startsWith(type, "JSON") || startsWith(type, "Object") || startsWith(type, "Nested"))
        return ColumnType::Json;
    if (type == "Nothing")
        return ColumnType::Unknown;
    return ColumnType::String;
}

QString columnTypeName(ColumnType type)
{
    switch (type) {
    case ColumnType::Unknown:
        return QStringLiteral("unknown");
    case ColumnType::Integer:
        return QStringLiteral("integer");
    case ColumnType::Float:
        return QStringLiteral("number");
    case ColumnType::Boolean:
        return QStringLiteral("boolean");
    case ColumnType::DateTime:
        return QStringLiteral("date/time");
    case ColumnType::Date:
        return QStringLiteral("date");
    case ColumnType::String:
        return QStringLiteral("text");
    case ColumnType::Json:
        return QStringLiteral("JSON");
    case ColumnType::Person:
        return QStringLiteral("person");
    }
    return QString();
}

} // namespace hogscope::model
