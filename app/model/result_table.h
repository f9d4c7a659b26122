#pragma once

#include "model/column_type.h"

#include <QString>
#include <QVariant>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hogscope::model {

// What one cell holds. Typed values are stored inline; Text and Json point into one shared buffer.
enum class CellKind : quint8
{
    Null,
    Integer,  // qint64
    Float,    // double
    Boolean,  // bool
    DateTime, // microseconds since 1970-01-01T00:00:00Z
    Text,     // UTF-8 slice of the table's text buffer
    Json,     // UTF-8 slice holding a JSON array/object as the server sent it
};

class ResultTableBuilder;

// A query result: columnar and immutable once built, shared as std::shared_ptr<const ResultTable>.
// Cell text is written once into a single buffer; QStrings are only made when asked for.
class ResultTable
{
public:
    ResultTable() = default;

    int rowCount() const { return m_rowCount; }
    int columnCount() const { return int(m_columns.size()); }
    const ColumnInfo& column(int column) const { return m_columns[size_t(column)]; }
    const std::vector<ColumnInfo>& columns() const { return m_columns; }
    QString columnName(int column) const { return m_columns[size_t(column)].name; }
    ColumnType columnType(int column) const { return m_columns[size_t(column)].type; }

    CellKind cellKind(int row, int column) const { return cell(row, column).kind; }
    bool isNull(int row, int column) const { return cell(row, column).kind == CellKind::Null; }
    // Typed accessors; each is only meaningful for the matching CellKind.
    qint64 integer(int row, int column) const { return cell(row, column).i; }
    double real(int row, int column) const { return cell(row, column).d; }
    bool boolean(int row, int column) const { return cell(row, column).i != 0; }
    qint64 dateTimeMicros(int row, int column) const { return cell(row, column).i; }
    // UTF-8 bytes of a Text or Json cell (empty for other kinds); valid while the table lives.
    std::string_view text(int row, int column) const;

    // Text shown in the grid: numbers plainly, date/times as "2026-05-02 10:11:12.345" (UTC), null empty.
    QString displayText(int row, int column) const;
    // The typed value: qint64, double, bool, QDateTime (UTC), QDate, QString; a null QVariant for null.
    QVariant value(int row, int column) const;
    // Appends the canonical export text of a cell (ISO 8601 with Z for date/times, shortest
    // round-trip numbers, true/false, nothing for null).
    void appendExportText(int row, int column, std::string& out) const;

    // Bytes of cell text held, for diagnostics and memory accounting.
    size_t textBytes() const { return m_text.size(); }

private:
    friend class ResultTableBuilder;

    struct Cell
    {
        union {
            qint64 i;
            double d;
            quint64 offset;
        };
        quint32 length;
        CellKind kind;
    };
    static_assert(sizeof(Cell) == 16);

    const Cell& cell(int row, int column) const { return m_cells[size_t(column)][size_t(row)]; }

    std::vector<ColumnInfo> m_columns;
    std::vector<std::vector<Cell>> m_cells; // one vector per column
    std::string m_text;
    int m_rowCount = 0;
};

// Builds a ResultTable row by row, as a decoder reads it; the column count is fixed by the first
// row (or by setColumns()).
class ResultTableBuilder
{
public:
    ResultTableBuilder();

    // Column metadata; may be given before, between or after the rows (JSON key order is free).
    void setColumns(std::vector<ColumnInfo> columns);
    // Capacity hints: rows per column and bytes of cell text (avoid regrowth of large results).
    void reserveRows(size_t rows);
    void reserveText(size_t bytes);

    void beginRow();
    void appendNull();
    void appendInteger(qint64 value);
    void appendFloat(double value);
    void appendBool(bool value);
    void appendText(std::string_view utf8);
    void appendJson(std::string_view utf8);
    // Returns false (and sets error()) when the row has a different number of cells than the first.
    bool endRow();

    // Checks the shape, folds untyped columns from their values, turns ISO date/time text in
    // DateTime columns into instants. Returns null and sets error() when the shape is wrong.
    std::shared_ptr<const ResultTable> finish();
    QString error() const { return m_error; }

private:
    ResultTable::Cell& nextCell();

    std::unique_ptr<ResultTable> m_table;
    std::vector<ColumnInfo> m_declaredColumns;
    bool m_haveDeclaredColumns = false;
    size_t m_column = 0;
    size_t m_reservedRows = 0;
    size_t m_width = 0;
    bool m_widthKnown = false;
    QString m_error;
};

// Parses "2026-05-02T10:11:12.345678Z", "2026-05-02 10:11:12", "...+02:00" into microseconds
// since the epoch in UTC (no offset means UTC). Returns false when the text is not such a time.
bool parseIsoDateTime(std::string_view text, qint64* microsUtc);
// Formats microseconds since the epoch as ISO 8601 in UTC; sep is 'T' for export, ' ' for display.
void appendIsoDateTime(qint64 microsUtc, char separator, bool zulu, std::string& out);

} // namespace hogscope::model
