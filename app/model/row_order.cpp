#include "model/row_order.h"

#include "model/result_table.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>

namespace hogscope::model {

namespace {

// Rows between two looks at the cancellation flag, and rows sorted in one run before the runs are
// merged (each run and each merge is a point where a newer request can stop this one).
constexpr int kCancelCheckRows = 4096;
constexpr size_t kSortRunRows = size_t(1) << 15;

bool isCancelled(const std::atomic<bool>* cancelled)
{
    return cancelled && cancelled->load(std::memory_order_relaxed);
}

// Ranks of kinds across a column that mixes them; NULL is handled apart (always last).
enum Rank : quint8
{
    NumberRank,
    DateTimeRank,
    TextRank,
    JsonRank,
    NullRank,
};

// The sort key of one row: its cell reduced to what comparisons need, so that sorting touches one
// contiguous array instead of the table's columns.
struct Key
{
    std::string_view text;
    qint64 integer = 0;
    double real = 0;
    int row = 0;
    quint8 rank = NullRank;
    bool exact = false; // integer holds the value exactly (Integer, Boolean, DateTime)
};

char foldAscii(char c)
{
    return (c >= 'A' && c <= 'Z') ? char(c - 'A' + 'a') : c;
}

// Case-insensitive (ASCII letters) order of UTF-8 text, then bytewise so the order is total.
int compareText(std::string_view a, std::string_view b)
{
    const size_t n = std::min(a.size(), b.size());
    for (size_t i = 0; i < n; ++i) {
        const auto x = static_cast<unsigned char>(foldAscii(a[i]));
        const auto y = static_cast<unsigned char>(foldAscii(b[i]));
        if (x != y)
            return x < y ? -1 : 1;
    }
    if (a.size() != b.size())
        return a.size() < b.size() ? -1 : 1;
    return a.compare(b) < 0 ? -1 : (a.compare(b) > 0 ? 1 : 0);
}

int compareReal(double a, double b)
{
    // NaN after every number, so the order stays total.
    const bool nanA = std::isnan(a);
    const bool nanB = std::isnan(b);
    if (nanA || nanB)
        return nanA == nanB ? 0 : (nanA ? 1 : -1);
    return a < b ? -1 : (a > b ? 1 : 0);
}

// Compares two non-null keys of the same column, ascending.
int compareKeys(const Key& a, const Key& b)
{
    if (a.rank != b.rank)
        return a.rank < b.rank ? -1 : 1;
    switch (a.rank) {
    case NumberRank:
        if (a.exact && b.exact)
            return a.integer < b.integer ? -1 : (a.integer > b.integer ? 1 : 0);
        return compareReal(a.real, b.real);
    case DateTimeRank:
        return a.integer < b.integer ? -1 : (a.integer > b.integer ? 1 : 0);
    case TextRank:
    case JsonRank:
        return compareText(a.text, b.text);
    default:
        return 0;
    }
}

// Finds the ASCII-lowercased `needle` in `haystack`, ignoring ASCII case.
bool containsFolded(std::string_view haystack, std::string_view needle)
{
    if (needle.size() > haystack.size())
        return false;
    const size_t last = haystack.size() - needle.size();
    for (size_t i = 0; i <= last; ++i) {
        if (foldAscii(haystack[i]) != needle[0])
            continue;
        size_t j = 1;
        while (j < needle.size() && foldAscii(haystack[i + j]) == needle[j])
            ++j;
        if (j == needle.size())
            return true;
    }
    return false;
}

// Matches cells against the filter text as the grid shows them.
class CellMatcher
{
public:
    CellMatcher(const ResultTable& table, const QString& needle)
        : m_table(table)
        , m_needle(needle)
    {
        m_ascii = std::all_of(needle.begin(), needle.end(), [](QChar c) { return c.unicode() < 0x80; });
        if (m_ascii)
            m_folded = needle.toLower().toStdString();
    }

    bool matches(int row, int column) const
    {
        switch (m_table.cellKind(row, column)) {
        case CellKind::Null:
            return false;
        case CellKind::Integer:
            if (m_ascii) {
                char buffer[24];
                const auto end =
                    std::to_chars(buffer, buffer + sizeof buffer, m_table.integer(row, column)).ptr;
                return containsFolded(std::string_view(buffer, size_t(end - buffer)), m_folded);
            }
            break;
        case CellKind::Json:
            if (m_table.columnType(column) == ColumnType::Person)
                break; // shown by name, not as its JSON
            [[fallthrough]];
        case CellKind::Text:
            if (m_ascii)
                return containsFolded(m_table.text(row, column), m_folded);
            break;
        default:
            break;
        }
        return m_table.displayText(row, column).contains(m_needle, Qt::CaseInsensitive);
    }

private:
    const ResultTable& m_table;
    QString m_needle;
    std::string m_folded;
    bool m_ascii = false;
};

} // namespace

std::optional<std::vector<int>> computeRowOrder(const ResultTable& table, const RowOrderSpec& spec,
                                                const std::atomic<bool>* cancelled)
{
    const int rowCount = table.rowCount();
    const int columnCount = table.columnCount();
    std::vector<int> rows;
    if (spec.filters()) {
        const CellMatcher matcher(table, spec.filterText);
        const bool oneColumn = spec.filterColumn >= 0 && spec.filterColumn < columnCount;
        for (int row = 0; row < rowCount; ++row) {
            if (row % kCancelCheckRows == 0 && isCancelled(cancelled))
                return std::nullopt;
            bool match = false;
            if (oneColumn) {
                match = matcher.matches(row, spec.filterColumn);
            } else {
                for (int column = 0; column < columnCount && !match; ++column)
                    match = matcher.matches(row, column);
            }
            if (match)
                rows.push_back(row);
        }
    } else {
        rows.resize(size_t(rowCount));
        for (int row = 0; row < rowCount; ++row)
            rows[size_t(row)] = row;
    }
    if (!spec.sorts() || spec.sortColumn >= columnCount || rows.size() < 2)
        return rows;

    const int column = spec.sortColumn;
    const bool person = table.columnType(column) == ColumnType::Person;
    std::vector<std::string> names; // persons sort by the name the grid shows
    if (person)
        names.resize(rows.size());
    std::vector<Key> keys(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) {
        if (i % kCancelCheckRows == 0 && isCancelled(cancelled))
            return std::nullopt;
        const int row = rows[i];
        Key& key = keys[i];
        key.row = row;
        switch (table.cellKind(row, column)) {
        case CellKind::Null:
            key.rank = NullRank;
            break;
        case CellKind::Integer:
            key.rank = NumberRank;
            key.exact = true;
            key.integer = table.integer(row, column);
            key.real = double(key.integer);
            break;
        case CellKind::Boolean:
            key.rank = NumberRank;
            key.exact = true;
            key.integer = table.boolean(row, column) ? 1 : 0;
            key.real = double(key.integer);
            break;
        case CellKind::Float:
            key.rank = NumberRank;
            key.real = table.real(row, column);
            break;
        case CellKind::DateTime:
            key.rank = DateTimeRank;
            key.integer = table.dateTimeMicros(row, column);
            break;
        case CellKind::Text:
            key.rank = TextRank;
            key.text = table.text(row, column);
            break;
        case CellKind::Json:
            if (person) {
                key.rank = TextRank;
                names[i] = table.displayText(row, column).toStdString();
                key.text = names[i];
            } else {
                key.rank = JsonRank;
                key.text = table.text(row, column);
            }
            break;
        }
    }

    const bool descending = spec.direction == RowOrderSpec::Direction::Descending;
    const auto less = [descending](const Key& a, const Key& b) {
        const bool nullA = a.rank == NullRank;
        const bool nullB = b.rank == NullRank;
        if (nullA != nullB)
            return nullB; // NULL last in both directions
        if (!nullA) {
            const int c = compareKeys(a, b);
            if (c != 0)
                return descending ? c > 0 : c < 0;
        }
        return a.row < b.row;
    };
    // Sorted runs, then merged pairwise: the same result as one sort, with room to stop between steps.
    const size_t n = keys.size();
    for (size_t begin = 0; begin < n; begin += kSortRunRows) {
        std::sort(keys.begin() + ptrdiff_t(begin),
                  keys.begin() + ptrdiff_t(std::min(n, begin + kSortRunRows)), less);
        if (isCancelled(cancelled))
            return std::nullopt;
    }
    for (size_t width = kSortRunRows; width < n; width *= 2) {
        for (size_t low = 0; low + width < n; low += 2 * width) {
            std::inplace_merge(keys.begin() + ptrdiff_t(low), keys.begin() + ptrdiff_t(low + width),
                               keys.begin() + ptrdiff_t(std::min(n, low + 2 * width)), less);
            if (isCancelled(cancelled))
                return std::nullopt;
        }
    }
    for (size_t i = 0; i < n; ++i)
        rows[i] = keys[i].row;
    return rows;
}

std::shared_ptr<const ResultTable> reorderedTable(const ResultTable& table, const std::vector<int>& rows,
                                                  const std::atomic<bool>* cancelled)
{
    ResultTableBuilder builder;
    builder.setColumns(table.columns());
    builder.reserveRows(rows.size());
    builder.reserveText(table.textBytes());
    const int columnCount = table.columnCount();
    for (size_t i = 0; i < rows.size(); ++i) {
        if (i % kCancelCheckRows == 0 && isCancelled(cancelled))
            return nullptr;
        const int row = rows[i];
        builder.beginRow();
        for (int column = 0; column < columnCount; ++column) {
            switch (table.cellKind(row, column)) {
            case CellKind::Null:
                builder.appendNull();
                break;
            case CellKind::Integer:
                builder.appendInteger(table.integer(row, column));
                break;
            case CellKind::Float:
                builder.appendFloat(table.real(row, column));
                break;
            case CellKind::Boolean:
                builder.appendBool(table.boolean(row, column));
                break;
            case CellKind::DateTime:
                builder.appendDateTime(table.dateTimeMicros(row, column));
                break;
            case CellKind::Text:
                builder.appendText(table.text(row, column));
                break;
            case CellKind::Json:
                builder.appendJson(table.text(row, column));
                break;
            }
        }
        if (!builder.endRow())
            return nullptr;
    }
    return builder.finish();
}

} // namespace hogscope::model
