#pragma once

#include "hogql/json_text.h"

#include <QJsonValue>

struct sqlite3_stmt;

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hogscope::local {
struct ValueType;
}

namespace hogscope::local::runners {

// The rows of a row-shaped response (HogQLQuery, EventsQuery, ActorsQuery), typed and packed, and
// written to JSON directly. Building a QJsonArray per row and serialising it with QJsonDocument runs
// at ~20 MB/s; this writes the same JSON an order of magnitude faster, which is what keeps a
// 50 000-row answer quick.
class ResultTable
{
public:
    explicit ResultTable(int columns = 0)
        : m_columns(columns)
    {}

    int columns() const { return m_columns; }
    size_t rows() const { return m_columns == 0 ? 0 : m_cells.size() / static_cast<size_t>(m_columns); }
    void reserveRows(size_t rows) { m_cells.reserve(rows * static_cast<size_t>(m_columns)); }

    // Appends one cell of the current row; rows are complete after `columns()` cells.
    void addNull();
    void addInt(int64_t value);
    void addReal(double value);
    void addBool(bool value);
    void addText(std::string_view text);
    void addJson(std::string_view json);    // raw JSON (objects, arrays) written as is
    void addDateTime(int64_t micros);       // "2026-03-01T12:00:00.123456Z"
    void addDate(int64_t micros);           // "2026-03-01"
    void addValue(const QJsonValue& value); // slow path, for cells built as JSON

    // Drops rows from the end.
    void truncate(size_t rows);

    // The rows as a JSON array of arrays, appended to `out`.
    void writeJson(std::string& out) const;

    // One cell as a QJsonValue (tests and slow callers).
    QJsonValue cell(size_t row, int column) const;

private:
    enum class Kind : uint8_t
    {
        Null,
        Int,
        Real,
        Bool,
        Text,
        Json,
        DateTime,
        Date,
    };
    struct Cell
    {
        Kind kind = Kind::Null;
        uint32_t length = 0; // Text/Json: bytes in m_arena at `value`
        int64_t value = 0;   // Int/Bool/DateTime/Date value, Text/Json offset, Real bits
    };
    void addArena(Kind kind, std::string_view bytes);

    int m_columns;
    std::vector<Cell> m_cells;
    std::string m_arena;
};

// Appends column `column` of the current row of `stmt` as a cell of HogQL type `type` (DateTime and
// Date are microseconds in the store, rendered as ISO text; Bool as true/false).
void addSqliteCell(ResultTable& table, sqlite3_stmt* stmt, int column, const ValueType& type);

using hogql::appendJsonString; // JSON string literal of `text` appended to `out`
// Shortest round-trip text of a double (null for NaN/inf, which JSON cannot carry).
void appendJsonNumber(std::string& out, double value);
void appendDateTime(std::string& out, int64_t micros);

} // namespace hogscope::local::runners
