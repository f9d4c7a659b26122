#include "model/result_table.h"

#include <QDate>
#include <QDateTime>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace hogscope::model {

namespace {

constexpr qint64 kMicrosPerSecond = 1'000'000;
constexpr qint64 kMicrosPerDay = 86'400 * kMicrosPerSecond;

// Howard Hinnant's days_from_civil / civil_from_days: exact for the proleptic Gregorian calendar.
qint64 daysFromCivil(qint64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    const qint64 era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = unsigned(y - era * 400);
    const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + qint64(doe) - 719468;
}

void civilFromDays(qint64 z, qint64* y, unsigned* m, unsigned* d)
{
    z += 719468;
    const qint64 era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = unsigned(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp < 10 ? mp + 3 : mp - 9;
    *y = qint64(yoe) + era * 400 + (*m <= 2);
}

bool digits(std::string_view text, size_t pos, size_t count, int* value)
{
    if (pos + count > text.size())
        return false;
    int v = 0;
    for (size_t i = pos; i < pos + count; ++i) {
        const char c = text[i];
        if (c < '0' || c > '9')
            return false;
        v = v * 10 + (c - '0');
    }
    *value = v;
    return true;
}

void appendPadded(std::string& out, qint64 value, int width)
{
    char buffer[24];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value < 0 ? -value : value);
    Q_UNUSED(ec);
    if (value < 0)
        out.push_back('-');
    for (int pad = width - int(end - buffer); pad > 0; --pad)
        out.push_back('0');
    out.append(buffer, end);
}

void appendNumber(std::string& out, qint64 value)
{
    char buffer[24];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    Q_UNUSED(ec);
    out.append(buffer, end);
}

void appendNumber(std::string& out, double value)
{
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    Q_UNUSED(ec);
    out.append(buffer, end);
}

} // namespace

bool parseIsoDateTime(std::string_view text, qint64* microsUtc)
{
    int year, month, day, hour = 0, minute = 0, second = 0;
    if (!digits(text, 0, 4, &year) || text.size() < 10 || text[4] != '-' || !digits(text, 5, 2, &month) ||
        text[7] != '-' || !digits(text, 8, 2, &day))
        return false;
    if (month < 1 || month > 12 || day < 1 || day > 31)
        return false;
    size_t pos = 10;
    qint64 fraction = 0;
    qint64 offsetSeconds = 0;
    if (pos < text.size()) {
        if ((text[pos] != 'T' && text[pos] != ' ') || !digits(text, pos + 1, 2, &hour) ||
            text.size() < pos + 9 || text[pos + 3] != ':' || !digits(text, pos + 4, 2, &minute) ||
            text[pos + 6] != ':' || !digits(text, pos + 7, 2, &second))
            return false;
        if (hour > 23 || minute > 59 || second > 60)
            return false;
        pos += 9;
        if (pos < text.size() && text[pos] == '.') {
            ++pos;
            qint64 scale = 100000;
            const size_t start = pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
                fraction += (text[pos] - '0') * scale; // digits past microseconds are dropped
                scale /= 10;
                ++pos;
            }
            if (pos == start)
                return false;
        }
        if (pos < text.size()) {
            const char sign = text[pos];
            if (sign == 'Z' && pos + 1 == text.size()) {
                pos += 1;
            } else if (sign == '+' || sign == '-') {
                int oh = 0, om = 0;
                if (!digits(text, pos + 1, 2, &oh))
                    return false;
                size_t next = pos + 3;
                if (next < text.size() && text[next] == ':')
                    ++next;
                if (next < text.size()) {
                    if (!digits(text, next, 2, &om))
                        return false;
                    next += 2;
                }
                if (next != text.size() || oh > 23 || om > 59)
                    return false;
                offsetSeconds = (oh * 3600 + om * 60) * (sign == '-' ? -1 : 1);
                pos = next;
            } else {
                return false;
            }
        }
    }
    if (pos != text.size())
        return false;
    const qint64 days = daysFromCivil(year, unsigned(month), unsigned(day));
    *microsUtc = days * kMicrosPerDay +
                 (qint64(hour) * 3600 + minute * 60 + second - offsetSeconds) * kMicrosPerSecond + fraction;
    return true;
}

void appendIsoDateTime(qint64 micros, char separator, bool zulu, std::string& out)
{
    qint64 days = micros / kMicrosPerDay;
    qint64 rest = micros % kMicrosPerDay;
    if (rest < 0) {
        rest += kMicrosPerDay;
        --days;
    }
    qint64 year;
    unsigned month, day;
    civilFromDays(days, &year, &month, &day);
    const qint64 seconds = rest / kMicrosPerSecond;
    const qint64 fraction = rest % kMicrosPerSecond;
    appendPadded(out, year, 4);
    out.push_back('-');
    appendPadded(out, month, 2);
    out.push_back('-');
    appendPadded(out, day, 2);
    out.push_back(separator);
    appendPadded(out, seconds / 3600, 2);
    out.push_back(':');
    appendPadded(out, seconds / 60 % 60, 2);
    out.push_back(':');
    appendPadded(out, seconds % 60, 2);
    // Milliseconds when that is exact (PostHog's usual precision), microseconds otherwise.
    if (fraction != 0) {
        out.push_back('.');
        if (fraction % 1000 == 0)
            appendPadded(out, fraction / 1000, 3);
        else
            appendPadded(out, fraction, 6);
    }
    if (zulu)
        out.push_back('Z');
}

std::string_view ResultTable::text(int row, int column) const
{
    const Cell& c = cell(row, column);
    if (c.kind != CellKind::Text && c.kind != CellKind::Json)
        return {};
    return std::string_view(m_text.data() + c.offset, c.length);
}

QString ResultTable::displayText(int row, int column) const
{
    const Cell& c = cell(row, column);
    switch (c.kind) {
    case CellKind::Null:
        return QString();
    case CellKind::Integer:
        return QString::number(c.i);
    case CellKind::Boolean:
        return c.i ? QStringLiteral("true") : QStringLiteral("false");
    case CellKind::Text:
    case CellKind::Json:
        return QString::fromUtf8(m_text.data() + c.offset, qsizetype(c.length));
    case CellKind::Float:
    case CellKind::DateTime: {
        std::string out;
        if (c.kind == CellKind::Float)
            appendNumber(out, c.d);
        else
            appendIsoDateTime(c.i, ' ', false, out);
        return QString::fromLatin1(out.data(), qsizetype(out.size()));
    }
    }
    return QString();
}

QVariant ResultTable::value(int row, int column) const
{
    const Cell& c = cell(row, column);
    switch (c.kind) {
    case CellKind::Null:
        return QVariant();
    case CellKind::Integer:
        return QVariant::fromValue(c.i);
    case CellKind::Float:
        return QVariant(c.d);
    case CellKind::Boolean:
        return QVariant(c.i != 0);
    case CellKind::DateTime:
        return QVariant(QDateTime::fromMSecsSinceEpoch(c.i / 1000, Qt::UTC));
    case CellKind::Text:
        if (m_columns[size_t(column)].type == ColumnType::Date) {
            const QDate date = QDate::fromString(displayText(row, column), Qt::ISODate);
            if (date.isValid())
                return QVariant(date);
        }
        return QVariant(QString::fromUtf8(m_text.data() + c.offset, qsizetype(c.length)));
    case CellKind::Json:
        return QVariant(QString::fromUtf8(m_text.data() + c.offset, qsizetype(c.length)));
    }
    return QVariant();
}

void ResultTable::appendExportText(int row, int column, std::string& out) const
{
    const Cell& c = cell(row, column);
    switch (c.kind) {
    case CellKind::Null:
        return;
    case CellKind::Integer:
        appendNumber(out, c.i);
        return;
    case CellKind::Float:
        appendNumber(out, c.d);
        return;
    case CellKind::Boolean:
        out.append(c.i ? "true" : "false");
        return;
    case CellKind::DateTime:
        appendIsoDateTime(c.i, 'T', true, out);
        return;
    case CellKind::Text:
    case CellKind::Json:
        out.append(m_text.data() + c.offset, c.length);
        return;
    }
}

ResultTableBuilder::ResultTableBuilder()
    : m_table(std::make_unique<ResultTable>())
{}

void ResultTableBuilder::setColumns(std::vector<ColumnInfo> columns)
{
    m_declaredColumns = std::move(columns);
    m_haveDeclaredColumns = true;
}

void ResultTableBuilder::reserveRows(size_t rows)
{
    m_reservedRows = rows;
    for (auto& column : m_table->m_cells)
        column.reserve(rows);
}

void ResultTableBuilder::reserveText(size_t bytes)
{
    m_table->m_text.reserve(bytes);
}

void ResultTableBuilder::beginRow()
{
    m_column = 0;
}

ResultTable::Cell& ResultTableBuilder::nextCell()
{
    auto& cells = m_table->m_cells;
    if (m_column >= cells.size()) {
        // Only the first row may widen the table; later rows are checked in endRow().
        cells.emplace_back();
        cells.back().reserve(std::max(m_reservedRows, size_t(m_table->m_rowCount) + 1));
        cells.back().resize(size_t(m_table->m_rowCount));
        for (auto& cell : cells.back())
            cell.kind = CellKind::Null;
    }
    auto& column = cells[m_column++];
    column.emplace_back();
    return column.back();
}

void ResultTableBuilder::appendNull()
{
    nextCell().kind = CellKind::Null;
}

void ResultTableBuilder::appendInteger(qint64 value)
{
    auto& cell = nextCell();
    cell.i = value;
    cell.kind = CellKind::Integer;
}

void ResultTableBuilder::appendFloat(double value)
{
    auto& cell = nextCell();
    cell.d = value;
    cell.kind = CellKind::Float;
}

void ResultTableBuilder::appendBool(bool value)
{
    auto& cell = nextCell();
    cell.i = value ? 1 : 0;
    cell.kind = CellKind::Boolean;
}

void ResultTableBuilder::appendText(std::string_view utf8)
{
    auto& cell = nextCell();
    cell.offset = m_table->m_text.size();
    cell.length = quint32(utf8.size());
    cell.kind = CellKind::Text;
    m_table->m_text.append(utf8);
}

void ResultTableBuilder::appendJson(std::string_view utf8)
{
    appendText(utf8);
    // appendText advanced m_column; the cell just written is the last of that column.
    m_table->m_cells[m_column - 1].back().kind = CellKind::Json;
}

bool ResultTableBuilder::endRow()
{
    const int row = m_table->m_rowCount;
    if (!m_widthKnown) {
        m_width = m_column;
        m_widthKnown = true;
    } else if (m_column != m_width) {
        m_error = QStringLiteral("Row %1 has %2 values but earlier rows have %3.")
                      .arg(row + 1)
                      .arg(m_column)
                      .arg(m_width);
        return false;
    }
    ++m_table->m_rowCount;
    return true;
}

std::shared_ptr<const ResultTable> ResultTableBuilder::finish()
{
    ResultTable& table = *m_table;
    const size_t width = m_haveDeclaredColumns ? m_declaredColumns.size() : table.m_cells.size();
    if (table.m_rowCount > 0 && m_haveDeclaredColumns && table.m_cells.size() != width) {
        m_error = QStringLiteral("The response names %1 columns but its rows have %2 values.")
                      .arg(width)
                      .arg(table.m_cells.size());
        return nullptr;
    }
    if (m_haveDeclaredColumns) {
        table.m_columns = std::move(m_declaredColumns);
    } else {
        table.m_columns.resize(width);
        for (size_t i = 0; i < width; ++i)
            table.m_columns[i].name = QStringLiteral("column_%1").arg(i + 1);
    }
    table.m_cells.resize(width);
    for (auto& column : table.m_cells)
        column.resize(size_t(table.m_rowCount), ResultTable::Cell{{0}, 0, CellKind::Null});

    for (size_t c = 0; c < width; ++c) {
        ColumnInfo& info = table.m_columns[c];
        auto& cells = table.m_cells[c];
        if (info.type == ColumnType::Unknown) {
            // No declared type: take it from the first non-null value.
            for (const auto& cell : cells) {
                if (cell.kind == CellKind::Null)
                    continue;
                switch (cell.kind) {
                case CellKind::Integer:
                    info.type = ColumnType::Integer;
                    break;
                case CellKind::Float:
                    info.type = ColumnType::Float;
                    break;
                case CellKind::Boolean:
                    info.type = ColumnType::Boolean;
                    break;
                case CellKind::Json:
                    info.type = ColumnType::Json;
                    break;
                default:
                    info.type = ColumnType::String;
                    break;
                }
                break;
            }
        }
        if (info.type == ColumnType::DateTime) {
            for (auto& cell : cells) {
                qint64 micros = 0;
                if (cell.kind == CellKind::Text &&
                    parseIsoDateTime(std::string_view(table.m_text.data() + cell.offset, cell.length),
                                     &micros)) {
                    // The text stays in the buffer unused; rewriting the buffer would cost a copy.
                    cell.i = micros;
                    cell.kind = CellKind::DateTime;
                }
            }
        } else if (info.type == ColumnType::Float) {
            // Float columns may carry whole numbers that JSON wrote without a point.
            for (auto& cell : cells) {
                if (cell.kind == CellKind::Integer) {
                    cell.d = double(cell.i);
                    cell.kind = CellKind::Float;
                }
            }
        }
    }
    return std::shared_ptr<const ResultTable>(m_table.release());
}

} // namespace hogscope::model
