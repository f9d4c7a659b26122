#pragma once

#include "model/column_type.h"

#include <QByteArray>
#include <QString>
#include <QVariant>

#include <cstdlib>
#include <cstring>
#include <memory>
#include <new>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
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
    Json,     // UTF-8 slice holding a JSON array/object as compact JSON text
};

namespace detail {

// Maps the pages of [begin, begin + bytes) for writing in one call. A large table is written once,
// front to back, and the first write to each fresh 4 KiB page faults; mapping them in bulk first
// is cheaper (measured in a VM, writing 32 MiB of fresh memory: 330 ms, or 20 + 175 ms with this).
void populateForWrite(void* begin, size_t bytes);

// Memory for cell arrays. Large blocks are mappings of their own, aligned and advised for
// transparent huge pages, remapped rather than copied when they grow; the last few freed ones are
// kept, still mapped, for the next table. Fresh 4 KiB pages cost a fault each (in that VM: writing
// 32 MiB of cells took 195 ms on small pages, 7 ms on huge pages, 3 ms on reused pages). Small
// blocks come from malloc.
void* resizeCells(void* data, size_t oldBytes, size_t newBytes);

// A growable array of trivially copyable cells.
template <typename T>
class CellArray
{
    static_assert(std::is_trivially_copyable_v<T>);

public:
    CellArray() = default;
    CellArray(const CellArray&) = delete;
    CellArray& operator=(const CellArray&) = delete;
    CellArray(CellArray&& other) noexcept
        : m_data(std::exchange(other.m_data, nullptr))
        , m_capacity(std::exchange(other.m_capacity, 0))
    {}
    CellArray& operator=(CellArray&& other) noexcept
    {
        std::swap(m_data, other.m_data);
        std::swap(m_capacity, other.m_capacity);
        return *this;
    }
    ~CellArray() { resizeCells(m_data, m_capacity * sizeof(T), 0); }

    T* data() const { return m_data; }
    size_t capacity() const { return m_capacity; }
    // Grows or shrinks to exactly `capacity` elements; new elements are uninitialised.
    void resize(size_t capacity)
    {
        if (capacity == m_capacity)
            return;
        m_data = static_cast<T*>(resizeCells(m_data, m_capacity * sizeof(T), capacity * sizeof(T)));
        m_capacity = capacity;
    }

private:
    T* m_data = nullptr;
    size_t m_capacity = 0;
};

} // namespace detail

class ResultTableBuilder;

// A query result: columnar and immutable once built, shared as std::shared_ptr<const ResultTable>.
// Each column is one array of 8-byte cells (numbers, instants, or offset+length into the text
// buffer) plus, only for columns that mix kinds, one byte of kind per cell. Cell text is written
// once into a single buffer; QStrings are only made when asked for.
class ResultTable
{
public:
    // Text up to this many bytes keeps its length in the cell; longer text has it in a side list.
    static constexpr size_t kMaxInlineTextLength = 0xFFFFFE;

    ResultTable() = default;

    int rowCount() const { return m_rowCount; }
    int columnCount() const { return int(m_columns.size()); }
    const ColumnInfo& column(int column) const { return m_columns[size_t(column)]; }
    const std::vector<ColumnInfo>& columns() const { return m_columns; }
    QString columnName(int column) const { return m_columns[size_t(column)].name; }
    ColumnType columnType(int column) const { return m_columns[size_t(column)].type; }

    CellKind cellKind(int row, int column) const
    {
        const Column& c = m_data[size_t(column)];
        return c.kinds.data() ? c.kinds.data()[row] : c.kind;
    }
    bool isNull(int row, int column) const { return cellKind(row, column) == CellKind::Null; }
    // Typed accessors; each is only meaningful for the matching CellKind.
    qint64 integer(int row, int column) const { return qint64(raw(row, column)); }
    double real(int row, int column) const;
    bool boolean(int row, int column) const { return raw(row, column) != 0; }
    qint64 dateTimeMicros(int row, int column) const { return qint64(raw(row, column)); }
    // UTF-8 bytes of a Text or Json cell (empty for other kinds); valid while the table lives.
    std::string_view text(int row, int column) const;

    // Text shown in the grid: numbers plainly, date/times as "2026-05-02 10:11:12.345" (UTC), null
    // empty, a person by email, name or distinct id. With maxChars >= 0, longer text is cut there
    // and ends in "…" (without converting the rest).
    QString displayText(int row, int column, qsizetype maxChars = -1) const;
    // The typed value: qint64, double, bool, QDateTime (UTC), QDate, QString; a null QVariant for null.
    QVariant value(int row, int column) const;
    // Appends the canonical export text of a cell (ISO 8601 with Z for date/times, shortest
    // round-trip numbers, true/false, nothing for null).
    void appendExportText(int row, int column, std::string& out) const;

    // Bytes of cell text held, for diagnostics.
    size_t textBytes() const { return size_t(m_text.size()); }
    // Every byte the table holds for its cells: cell arrays, kind arrays and the text buffer.
    size_t memoryBytes() const;

private:
    friend class ResultTableBuilder;

    struct Column
    {
        quint64* values = nullptr;         // this column's rows in m_cells
        detail::CellArray<CellKind> kinds; // empty while every cell of the column is `kind`
        CellKind kind = CellKind::Null;
    };

    quint64 raw(int row, int column) const { return m_data[size_t(column)].values[row]; }
    std::string_view textOf(quint64 cell) const;

    std::vector<ColumnInfo> m_columns;
    std::vector<Column> m_data;
    detail::CellArray<quint64> m_cells; // one block, column after column, m_rowCapacity apart
    size_t m_rowCapacity = 0;
    QByteArray m_text;
    std::vector<std::pair<quint64, quint64>> m_longTexts; // (offset, length), by offset
    int m_rowCount = 0;
};

// Builds a ResultTable row by row, as a decoder reads it; the column count is fixed by the first
// row. Column metadata may be given before, between or after the rows (JSON key order is free).
class ResultTableBuilder
{
public:
    ResultTableBuilder();
    ~ResultTableBuilder();
    ResultTableBuilder(const ResultTableBuilder&) = delete;
    ResultTableBuilder& operator=(const ResultTableBuilder&) = delete;

    void setColumns(std::vector<ColumnInfo> columns);
    // Capacity hints: rows per column and bytes of cell text (avoid regrowth of large results).
    void reserveRows(size_t rows);
    void reserveText(size_t bytes);

    // For decoders that write cell text themselves: the buffer the text goes to, of which the first
    // `used` bytes are taken. It may be the response body, compacted in place as it is read.
    void adoptTextBuffer(QByteArray buffer, size_t used = 0);
    // Where the next cell's text goes; valid until text is appended or the buffer grows.
    char* textEnd() { return m_text.data() + m_textSize; }
    size_t textSize() const { return m_textSize; }
    size_t textCapacity() const { return size_t(m_text.size()); }
    // Makes room for `bytes` more bytes of text.
    void ensureText(size_t bytes);
    // Appends a Text or Json cell of the `length` bytes the caller wrote at textEnd().
    void commitText(size_t length, CellKind kind);

    // A Text cell (as commitText) that the decoder also read as the instant `microsUtc`: should the
    // column turn out to be a DateTime column (its type often comes after the rows), the cell
    // becomes that instant without its text being read again.
    void commitTextWithInstant(size_t length, qint64 microsUtc);

    void beginRow();
    void appendNull() { put(0, CellKind::Null); }
    void appendInteger(qint64 value) { put(quint64(value), CellKind::Integer); }
    void appendFloat(double value);
    void appendBool(bool value) { put(value ? 1 : 0, CellKind::Boolean); }
    void appendDateTime(qint64 microsUtc) { put(quint64(microsUtc), CellKind::DateTime); }
    void appendText(std::string_view utf8) { appendCopy(utf8, CellKind::Text); }
    void appendJson(std::string_view utf8) { appendCopy(utf8, CellKind::Json); }
    // Returns false (and sets error()) when the row has a different number of cells than the first.
    bool endRow();
    int rowCount() const;

    // Checks the shape, folds untyped columns from their values, turns ISO date/time text in
    // DateTime columns into instants. Returns null and sets error() when the shape is wrong.
    std::shared_ptr<const ResultTable> finish();
    QString error() const { return m_error; }

private:
    void put(quint64 value, CellKind kind)
    {
        auto& columns = m_table->m_data;
        if (m_column >= columns.size()) [[unlikely]] {
            if (!addColumn()) {
                ++m_column; // a ragged later row: counted, reported by endRow()
                return;
            }
        }
        ResultTable::Column& column = columns[m_column++];
        const size_t row = size_t(m_table->m_rowCount);
        column.values[row] = value;
        if (column.kinds.data())
            column.kinds.data()[row] = kind;
        else if (kind != column.kind) [[unlikely]]
            mixKinds(column, row, kind);
    }
    void appendCopy(std::string_view utf8, CellKind kind);
    bool addColumn();
    void mixKinds(ResultTable::Column& column, size_t row, CellKind kind);
    void growRows(size_t rows);

    // Instants read from Text cells, per column, for rows [0, m_instantRows[column]).
    std::vector<detail::CellArray<qint64>> m_instants;
    std::vector<size_t> m_instantRows;
    std::unique_ptr<ResultTable> m_table;
    QByteArray m_text;
    size_t m_textSize = 0;
    std::vector<ColumnInfo> m_declaredColumns;
    bool m_haveDeclaredColumns = false;
    size_t m_column = 0;
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
