#include "result_table.h"

#include "local/hogql_compiler.h"
#include "local/time_format.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <sqlite3.h>

#include <charconv>
#include <cmath>
#include <cstring>

namespace hogscope::local::runners {

namespace {

void appendTwo(char* at, unsigned value)
{
    at[0] = static_cast<char>('0' + value / 10);
    at[1] = static_cast<char>('0' + value % 10);
}

// Renders the date part "YYYY-MM-DD" of a day number into `at` (10 bytes).
void renderDay(char* at, int64_t days)
{
    int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    timefmt::civilFromDays(days, year, month, day);
    if (year >= 0 && year <= 9999) {
        appendTwo(at, static_cast<unsigned>(year / 100));
        appendTwo(at + 2, static_cast<unsigned>(year % 100));
    } else {
        std::memcpy(at, "0000", 4);
    }
    at[4] = '-';
    appendTwo(at + 5, month);
    at[7] = '-';
    appendTwo(at + 8, day);
}

} // namespace

void appendJsonNumber(std::string& out, double value)
{
    if (!std::isfinite(value)) {
        out += "null";
        return;
    }
    char buffer[32];
    const auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, static_cast<size_t>(result.ptr - buffer));
}

void appendDateTime(std::string& out, int64_t micros)
{
    // "2026-03-01T12:00:00.123456Z": 27 bytes, rendered in place.
    const int64_t days = timefmt::floorDiv(micros, timefmt::kMicrosPerDay);
    const int64_t inDay = micros - days * timefmt::kMicrosPerDay;
    const int64_t seconds = inDay / timefmt::kMicrosPerSecond;
    const int64_t fraction = inDay % timefmt::kMicrosPerSecond;
    char buffer[28];
    renderDay(buffer, days);
    buffer[10] = 'T';
    appendTwo(buffer + 11, static_cast<unsigned>(seconds / 3600));
    buffer[13] = ':';
    appendTwo(buffer + 14, static_cast<unsigned>(seconds / 60 % 60));
    buffer[16] = ':';
    appendTwo(buffer + 17, static_cast<unsigned>(seconds % 60));
    buffer[19] = '.';
    int64_t f = fraction;
    for (int i = 25; i >= 20; --i) {
        buffer[i] = static_cast<char>('0' + f % 10);
        f /= 10;
    }
    buffer[26] = 'Z';
    out.append(buffer, 27);
}

void ResultTable::addArena(Kind kind, std::string_view bytes)
{
    Cell cell;
    cell.kind = kind;
    cell.length = static_cast<uint32_t>(bytes.size());
    cell.value = static_cast<int64_t>(m_arena.size());
    m_arena.append(bytes);
    m_cells.push_back(cell);
}

void ResultTable::addNull()
{
    m_cells.push_back(Cell{});
}

void ResultTable::addInt(int64_t value)
{
    m_cells.push_back(Cell{Kind::Int, 0, value});
}

void ResultTable::addReal(double value)
{
    Cell cell{Kind::Real, 0, 0};
    std::memcpy(&cell.value, &value, sizeof value);
    m_cells.push_back(cell);
}

void ResultTable::addBool(bool value)
{
    m_cells.push_back(Cell{Kind::Bool, 0, value ? 1 : 0});
}

void ResultTable::addText(std::string_view text)
{
    addArena(Kind::Text, text);
}

void ResultTable::addJson(std::string_view json)
{
    addArena(Kind::Json, json);
}

void ResultTable::addDateTime(int64_t micros)
{
    m_cells.push_back(Cell{Kind::DateTime, 0, micros});
}

void ResultTable::addDate(int64_t micros)
{
    m_cells.push_back(Cell{Kind::Date, 0, micros});
}

void ResultTable::addValue(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        addNull();
        return;
    case QJsonValue::Bool:
        addBool(value.toBool());
        return;
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::floor(d) == d && std::fabs(d) < 9.0e15)
            addInt(static_cast<int64_t>(d));
        else
            addReal(d);
        return;
    }
    case QJsonValue::String:
        addText(value.toString().toStdString());
        return;
    case QJsonValue::Array:
        addJson(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact).toStdString());
        return;
    case QJsonValue::Object:
        addJson(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact).toStdString());
        return;
    }
}

void ResultTable::truncate(size_t rows)
{
    if (rows < this->rows())
        m_cells.resize(rows * static_cast<size_t>(m_columns));
}

void ResultTable::writeJson(std::string& out) const
{
    out += '[';
    const size_t rowCount = rows();
    out.reserve(out.size() + m_arena.size() + m_cells.size() * 12 + rowCount * 4);
    size_t index = 0;
    for (size_t r = 0; r < rowCount; ++r) {
        out += r == 0 ? "[" : ",[";
        for (int c = 0; c < m_columns; ++c, ++index) {
            if (c > 0)
                out += ',';
            const Cell& cell = m_cells[index];
            switch (cell.kind) {
            case Kind::Null:
                out += "null";
                break;
            case Kind::Int: {
                char buffer[24];
                const auto result = std::to_chars(buffer, buffer + sizeof buffer, cell.value);
                out.append(buffer, static_cast<size_t>(result.ptr - buffer));
                break;
            }
            case Kind::Real: {
                double d = 0;
                std::memcpy(&d, &cell.value, sizeof d);
                appendJsonNumber(out, d);
                break;
            }
            case Kind::Bool:
                out += cell.value ? "true" : "false";
                break;
            case Kind::Text:
                appendJsonString(out, std::string_view(m_arena.data() + cell.value, cell.length));
                break;
            case Kind::Json:
                out.append(m_arena.data() + cell.value, cell.length);
                break;
            case Kind::DateTime:
                out += '"';
                appendDateTime(out, cell.value);
                out += '"';
                break;
            case Kind::Date: {
                char buffer[12];
                buffer[0] = '"';
                renderDay(buffer + 1, timefmt::floorDiv(cell.value, timefmt::kMicrosPerDay));
                buffer[11] = '"';
                out.append(buffer, 12);
                break;
            }
            }
        }
        out += ']';
    }
    out += ']';
}

QJsonValue ResultTable::cell(size_t row, int column) const
{
    const Cell& c = m_cells[row * static_cast<size_t>(m_columns) + static_cast<size_t>(column)];
    switch (c.kind) {
    case Kind::Null:
        return QJsonValue(QJsonValue::Null);
    case Kind::Int:
        return static_cast<qint64>(c.value);
    case Kind::Real: {
        double d = 0;
        std::memcpy(&d, &c.value, sizeof d);
        return d;
    }
    case Kind::Bool:
        return c.value != 0;
    case Kind::Text:
        return QString::fromUtf8(m_arena.data() + c.value, c.length);
    case Kind::Json: {
        const QJsonDocument doc = QJsonDocument::fromJson(QByteArray(m_arena.data() + c.value, c.length));
        return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }
    case Kind::DateTime:
        return timefmt::formatDateTime(c.value);
    case Kind::Date:
        return timefmt::formatDate(c.value);
    }
    return QJsonValue(QJsonValue::Null);
}

void addSqliteCell(ResultTable& table, sqlite3_stmt* stmt, int column, const ValueType& type)
{
    const int storage = sqlite3_column_type(stmt, column);
    if (storage == SQLITE_NULL) {
        table.addNull();
        return;
    }
    switch (type.base) {
    case BaseType::DateTime:
        table.addDateTime(sqlite3_column_int64(stmt, column));
        return;
    case BaseType::Date:
        table.addDate(sqlite3_column_int64(stmt, column));
        return;
    case BaseType::Bool:
        table.addBool(sqlite3_column_int64(stmt, column) != 0);
        return;
    case BaseType::UInt8:
    case BaseType::UInt64:
    case BaseType::Int64:
        if (storage == SQLITE_FLOAT)
            table.addReal(sqlite3_column_double(stmt, column));
        else
            table.addInt(sqlite3_column_int64(stmt, column));
        return;
    case BaseType::Float64:
        table.addReal(sqlite3_column_double(stmt, column));
        return;
    default:
        break;
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    table.addText(
        std::string_view(text ? text : "", static_cast<size_t>(sqlite3_column_bytes(stmt, column))));
}

} // namespace hogscope::local::runners
