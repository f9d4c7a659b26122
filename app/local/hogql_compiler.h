#pragma once

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace hogscope::local {

// The value types the compiler tracks; each maps to the ClickHouse type PostHog would report.
enum class BaseType
{
    Nothing, // the NULL literal
    String,
    Uuid,
    Bool,
    UInt8,
    UInt64,
    Int64,
    Float64,
    DateTime, // INTEGER microseconds UTC in SQLite, DateTime64(6, 'UTC') on the wire
    Date,     // INTEGER microseconds at UTC midnight in SQLite, Date on the wire
    Interval, // only inside date arithmetic
};

struct ValueType
{
    BaseType base = BaseType::Nothing;
    bool nullable = false;

    // "String", "Nullable(String)", "UInt64", "DateTime64(6, 'UTC')", ...
    QString clickhouseName() const;
    bool isNumeric() const;
    bool isTemporal() const { return base == BaseType::DateTime || base == BaseType::Date; }
};

struct CompiledColumn
{
    QString name;
    ValueType type;
};

// A HogQL SELECT translated to one SQLite statement over the store.
struct CompiledQuery
{
    std::string sql;
    std::vector<CompiledColumn> columns;
    bool paginated = false; // no LIMIT in the query: `limit` rows + 1 are fetched to compute hasMore
    int64_t limit = 0;      // rows to return (the SQL asks for limit + 1 when paginated)
    int64_t offset = 0;
    QString hogql; // the query as run (with the LIMIT the server applied)
};

// Why a query cannot run. `code` is PostHog's error code: hogql_syntax_error or hogql_query_error.
// [begin, end) are character (code point) offsets into the query, -1 when unknown.
struct CompileError
{
    QString code;
    QString message;
    int begin = -1;
    int end = -1;
};

inline constexpr int64_t kDefaultReturnedRows = 100;
inline constexpr int64_t kMaxSelectReturnedRows = 50000;

struct CompileOptions
{
    QJsonObject values;    // HogQLQuery.values for {name} placeholders
    int64_t nowMicros = 0; // what now() means for this query
    // For query runners that build a HogQL query around user expressions: an SQLite condition over
    // the events row (alias e) ANDed into WHERE (property filters, time bounds), and the cap on an
    // explicit LIMIT (a paginating runner asks for one row more than its 50 000 maximum).
    std::string extraWhereSql;
    int64_t limitCap = kMaxSelectReturnedRows;
};

using CompileResult = std::variant<CompiledQuery, CompileError>;

// One HogQL expression compiled over the events table (alias e).
struct CompiledExpression
{
    std::string sql;
    ValueType type;
    bool aggregate = false; // contains an aggregate function
};
using ExpressionResult = std::variant<CompiledExpression, CompileError>;

// Parses `query` with the HogQL parser and compiles it to SQLite SQL for the events table.
// Anything it cannot translate faithfully is an error naming the construct and its position, never
// a query that would answer differently from PostHog.
CompileResult compileHogQL(const QString& query, const CompileOptions& options);

// Compiles one expression (a HogQL property filter, an EventsQuery column) over the events table.
ExpressionResult compileHogQLExpression(const QString& expression, const CompileOptions& options);

} // namespace hogscope::local
