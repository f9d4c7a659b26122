#pragma once

#include <QString>

#include <string_view>

namespace hogscope::model {

// The kind of values a result column holds, folded from ClickHouse's many type names.
enum class ColumnType : quint8
{
    Unknown,  // no type given and no non-null value seen
    Integer,  // Int8..Int256, UInt8..UInt256
    Float,    // Float32/64, Decimal(...)
    Boolean,  // Bool
    DateTime, // DateTime, DateTime64(...): instants, kept in UTC
    Date,     // Date, Date32: calendar days without a time
    String,   // String, FixedString, UUID, Enum, IPv4/6 and anything textual
    Json,     // Array, Tuple, Map, JSON/Object: nested values kept as JSON text
    Person,   // person objects of ActorsQuery/EventsQuery ("person" column): JSON text, shown by name
};

// Column description: the name PostHog reported, its ClickHouse type (may be empty) and our folding of it.
struct ColumnInfo
{
    QString name;
    QString clickhouseType;
    ColumnType type = ColumnType::Unknown;
    bool nullable = false;
};

// Folds a ClickHouse type name ("Nullable(DateTime64(6, 'UTC'))", "LowCardinality(String)") into a
// ColumnType; sets *nullable when the type is wrapped in Nullable.
ColumnType columnTypeFromClickHouse(std::string_view type, bool* nullable = nullptr);

// True for the types whose values are numbers (aligned right, sorted numerically).
inline bool isNumeric(ColumnType type)
{
    return type == ColumnType::Integer || type == ColumnType::Float;
}

// Short user-facing name of a folded type ("integer", "date/time", ...).
QString columnTypeName(ColumnType type);

} // namespace hogscope::model
