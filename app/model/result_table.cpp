#include "model/result_table.h"

#include <QDate>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <bit>
#include <charconv>
#include <cstring>
#include <limits>
#include <mutex>
#include <stdexcept>

#if defined(Q_OS_LINUX)
#include <sys/mman.h>
#include <unistd.h>
#endif

namespace hogscope::model {

namespace detail {

namespace {

constexpr size_t kHugePage = 2 * 1024 * 1024;

#if defined(Q_OS_LINUX)
// Freed cell blocks kept, still mapped, for the next table: re-running a query then writes its
// cells into pages that are already there. Process-wide like malloc's own free lists, and bounded:
// four blocks, 64 MiB at most. (MADV_FREE on them would let the kernel reclaim them, but then every
// page faults again on reuse, which is what the cache is for.)
class BlockCache
{
public:
    static BlockCache& instance()
    {
        // Never destroyed: a table may outlive static destruction.
        static BlockCache* cache = new BlockCache;
        return *cache;
    }

    BlockCache() { m_blocks.reserve(kBlocks); } // give() runs in destructors: it must not allocate

    // A kept block of exactly `length` bytes (trimmed from a larger one), or null.
    void* take(size_t length)
    {
        const std::lock_guard lock(m_mutex);
        auto best = m_blocks.end();
        for (auto it = m_blocks.begin(); it != m_blocks.end(); ++it)
            if (it->second >= length && it->second <= 2 * length &&
                (best == m_blocks.end() || it->second < best->second))
                best = it;
        if (best == m_blocks.end())
            return nullptr;
        auto [data, blockLength] = *best;
        m_blocks.erase(best);
        m_bytes -= blockLength;
        if (blockLength > length)
            munmap(static_cast<char*>(data) + length, blockLength - length);
        return data;
    }

    // Keeps the block (its pages given back lazily) or unmaps it.
    void give(void* data, size_t length)
    {
        if (length <= kLimit) {
            const std::lock_guard lock(m_mutex);
            while (!m_blocks.empty() && (m_bytes + length > kLimit || m_blocks.size() >= kBlocks)) {
                munmap(m_blocks.front().first, m_blocks.front().second);
                m_bytes -= m_blocks.front().second;
                m_blocks.erase(m_blocks.begin());
            }
            m_blocks.emplace_back(data, length);
            m_bytes += length;
            return;
        }
        munmap(data, length);
    }

private:
    static constexpr size_t kLimit = 64 * 1024 * 1024;
    static constexpr size_t kBlocks = 4;
    std::mutex m_mutex;
    std::vector<std::pair<void*, size_t>> m_blocks; // oldest first
    size_t m_bytes = 0;
};
#endif

} // namespace

void populateForWrite(void* begin, size_t bytes)
{
#if defined(Q_OS_LINUX) && defined(MADV_POPULATE_WRITE)
    // Small ranges fault in quickly enough; the call itself is not free.
    constexpr size_t kMinimum = 256 * 1024;
    if (bytes < kMinimum)
        return;
    static const uintptr_t page = uintptr_t(sysconf(_SC_PAGESIZE));
    const uintptr_t first = (uintptr_t(begin) + page - 1) & ~(page - 1);
    const uintptr_t last = (uintptr_t(begin) + bytes) & ~(page - 1);
    // Best effort: kernels before 5.14 answer EINVAL and the pages fault in as they are written.
    if (last > first)
        madvise(reinterpret_cast<void*>(first), last - first, MADV_POPULATE_WRITE);
#else
    Q_UNUSED(begin);
    Q_UNUSED(bytes);
#endif
}

void* resizeCells(void* data, size_t oldBytes, size_t newBytes)
{
#if defined(Q_OS_LINUX)
    // From here on a block gets pages of its own, aligned for huge pages.
    constexpr size_t kMapped = 1024 * 1024;
    const auto mappedBytes = [](size_t bytes) { return (bytes + kHugePage - 1) / kHugePage * kHugePage; };
    const bool wasMapped = oldBytes >= kMapped;
    const bool mapped = newBytes >= kMapped;
    // Large blocks ask for 2 MiB pages (transparent huge pages in "madvise" mode): one fault and one
    // page-table entry per 512 small pages. The whole mapping gets the advice, so that it stays one
    // mapping that mremap can move. Measured here: writing 32 MiB of fresh cells took 195 ms on
    // 4 KiB pages, 7 ms on 2 MiB pages.
    const auto preferHugePages = [](void* block, size_t length) { madvise(block, length, MADV_HUGEPAGE); };
    if (wasMapped && mapped) {
        void* moved = mremap(data, mappedBytes(oldBytes), mappedBytes(newBytes), MREMAP_MAYMOVE);
        if (moved == MAP_FAILED)
            throw std::bad_alloc();
        preferHugePages(moved, mappedBytes(newBytes));
        if (newBytes > oldBytes)
            populateForWrite(static_cast<char*>(moved) + oldBytes, newBytes - oldBytes);
        return moved;
    }
    if (mapped) {
        const size_t length = mappedBytes(newBytes);
        char* fresh = static_cast<char*>(BlockCache::instance().take(length));
        if (!fresh) {
            // Over-map by one huge page and trim, so the block starts on a huge-page boundary.
            char* raw = static_cast<char*>(mmap(nullptr, length + kHugePage, PROT_READ | PROT_WRITE,
                                                MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
            if (raw == MAP_FAILED)
                throw std::bad_alloc();
            fresh = reinterpret_cast<char*>((uintptr_t(raw) + kHugePage - 1) & ~uintptr_t(kHugePage - 1));
            if (fresh > raw)
                munmap(raw, size_t(fresh - raw));
            if (raw + length + kHugePage > fresh + length)
                munmap(fresh + length, size_t(raw + length + kHugePage - (fresh + length)));
            preferHugePages(fresh, length);
        }
        populateForWrite(fresh, newBytes);
        if (oldBytes > 0)
            std::memcpy(fresh, data, oldBytes);
        std::free(data);
        return fresh;
    }
    if (wasMapped) {
        void* small = newBytes > 0 ? std::malloc(newBytes) : nullptr;
        if (newBytes > 0 && !small)
            throw std::bad_alloc();
        if (newBytes > 0)
            std::memcpy(small, data, newBytes);
        BlockCache::instance().give(data, mappedBytes(oldBytes));
        return small;
    }
#else
    Q_UNUSED(oldBytes);
#endif
    if (newBytes == 0) {
        std::free(data);
        return nullptr;
    }
    void* grown = std::realloc(data, newBytes);
    if (!grown)
        throw std::bad_alloc();
    return grown;
}

} // namespace detail

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
    static constexpr int kDaysInMonth[] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12 || day < 1 || day > kDaysInMonth[month - 1])
        return false;
    if (month == 2 && day == 29 && (year % 4 != 0 || (year % 100 == 0 && year % 400 != 0)))
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

namespace {

constexpr quint64 kLongTextMark = 0xFFFFFF; // length field of a cell whose length is in m_longTexts
constexpr qint64 kNoInstant = std::numeric_limits<qint64>::min();
constexpr quint64 kMaxTextOffset = quint64(1) << 40;

// The name PostHog shows for a person object: an email or name property, else a distinct id.
QString personDisplayName(std::string_view json)
{
    const QJsonObject person =
        QJsonDocument::fromJson(QByteArray::fromRawData(json.data(), qsizetype(json.size()))).object();
    if (person.isEmpty())
        return QString::fromUtf8(json.data(), qsizetype(json.size()));
    const QJsonObject properties = person.value(QLatin1StringView("properties")).toObject();
    for (const char* key : {"email", "name", "username"}) {
        const QString value = properties.value(QLatin1StringView(key)).toString();
        if (!value.isEmpty())
            return value;
    }
    const QJsonArray distinctIds = person.value(QLatin1StringView("distinct_ids")).toArray();
    if (!distinctIds.isEmpty() && distinctIds.first().isString())
        return distinctIds.first().toString();
    for (const char* key : {"distinct_id", "id", "uuid"}) {
        const QString value = person.value(QLatin1StringView(key)).toString();
        if (!value.isEmpty())
            return value;
    }
    return QString::fromUtf8(json.data(), qsizetype(json.size()));
}

QString toQString(std::string_view utf8)
{
    return QString::fromUtf8(utf8.data(), qsizetype(utf8.size()));
}

// At most maxChars characters of the text, then "…"; only the bytes needed are converted.
QString excerpt(std::string_view utf8, qsizetype maxChars)
{
    // A character takes at most 4 bytes of UTF-8 and at most 2 UTF-16 units.
    size_t cut = std::min(utf8.size(), size_t(maxChars) * 4);
    while (cut < utf8.size() && cut > 0 && (uchar(utf8[cut]) & 0xC0) == 0x80)
        --cut; // not inside a multi-byte sequence
    QString text = toQString(utf8.substr(0, cut));
    if (cut == utf8.size() && text.size() <= maxChars)
        return text;
    qsizetype keep = std::min(text.size(), maxChars);
    if (keep > 0 && text[keep - 1].isHighSurrogate())
        --keep;
    text.truncate(keep);
    text += QChar(0x2026); // …
    return text;
}

ColumnType typeOfKind(CellKind kind)
{
    switch (kind) {
    case CellKind::Null:
        return ColumnType::Unknown;
    case CellKind::Integer:
        return ColumnType::Integer;
    case CellKind::Float:
        return ColumnType::Float;
    case CellKind::Boolean:
        return ColumnType::Boolean;
    case CellKind::DateTime:
        return ColumnType::DateTime;
    case CellKind::Json:
        return ColumnType::Json;
    case CellKind::Text:
        return ColumnType::String;
    }
    return ColumnType::Unknown;
}

} // namespace

double ResultTable::real(int row, int column) const
{
    return std::bit_cast<double>(raw(row, column));
}

std::string_view ResultTable::textOf(quint64 cell) const
{
    const quint64 offset = cell >> 24;
    quint64 length = cell & kLongTextMark;
    if (length == kLongTextMark) {
        const auto it =
            std::lower_bound(m_longTexts.begin(), m_longTexts.end(), std::pair(offset, quint64(0)));
        length = it != m_longTexts.end() && it->first == offset ? it->second : 0;
    }
    return std::string_view(m_text.constData() + offset, size_t(length));
}

std::string_view ResultTable::text(int row, int column) const
{
    const CellKind kind = cellKind(row, column);
    if (kind != CellKind::Text && kind != CellKind::Json)
        return {};
    return textOf(raw(row, column));
}

QString ResultTable::displayText(int row, int column, qsizetype maxChars) const
{
    const quint64 cell = raw(row, column);
    switch (cellKind(row, column)) {
    case CellKind::Null:
        return QString();
    case CellKind::Integer:
        return QString::number(qint64(cell));
    case CellKind::Boolean:
        return cell ? QStringLiteral("true") : QStringLiteral("false");
    case CellKind::Json:
        if (m_columns[size_t(column)].type == ColumnType::Person)
            return personDisplayName(textOf(cell));
        [[fallthrough]];
    case CellKind::Text:
        return maxChars < 0 ? toQString(textOf(cell)) : excerpt(textOf(cell), maxChars);
    case CellKind::Float:
    case CellKind::DateTime: {
        std::string out;
        if (cellKind(row, column) == CellKind::Float)
            appendNumber(out, std::bit_cast<double>(cell));
        else
            appendIsoDateTime(qint64(cell), ' ', false, out);
        return QString::fromLatin1(out.data(), qsizetype(out.size()));
    }
    }
    return QString();
}

QVariant ResultTable::value(int row, int column) const
{
    const quint64 cell = raw(row, column);
    switch (cellKind(row, column)) {
    case CellKind::Null:
        return QVariant();
    case CellKind::Integer:
        return QVariant::fromValue(qint64(cell));
    case CellKind::Float:
        return QVariant(std::bit_cast<double>(cell));
    case CellKind::Boolean:
        return QVariant(cell != 0);
    case CellKind::DateTime:
        return QVariant(QDateTime::fromMSecsSinceEpoch(qint64(cell) / 1000, Qt::UTC));
    case CellKind::Text: {
        const std::string_view utf8 = textOf(cell);
        if (m_columns[size_t(column)].type == ColumnType::Date) {
            const QDate date =
                QDate::fromString(QLatin1StringView(utf8.data(), qsizetype(utf8.size())), Qt::ISODate);
            if (date.isValid())
                return QVariant(date);
        }
        return QVariant(QString::fromUtf8(utf8.data(), qsizetype(utf8.size())));
    }
    case CellKind::Json: {
        const std::string_view utf8 = textOf(cell);
        return QVariant(QString::fromUtf8(utf8.data(), qsizetype(utf8.size())));
    }
    }
    return QVariant();
}

void ResultTable::appendExportText(int row, int column, std::string& out) const
{
    const quint64 cell = raw(row, column);
    switch (cellKind(row, column)) {
    case CellKind::Null:
        return;
    case CellKind::Integer:
        appendNumber(out, qint64(cell));
        return;
    case CellKind::Float:
        appendNumber(out, std::bit_cast<double>(cell));
        return;
    case CellKind::Boolean:
        out.append(cell ? "true" : "false");
        return;
    case CellKind::DateTime:
        appendIsoDateTime(qint64(cell), 'T', true, out);
        return;
    case CellKind::Text:
    case CellKind::Json:
        out.append(textOf(cell));
        return;
    }
}

size_t ResultTable::memoryBytes() const
{
    size_t bytes = sizeof(ResultTable) + size_t(m_text.capacity()) +
                   m_longTexts.capacity() * sizeof(std::pair<quint64, quint64>);
    bytes += m_cells.capacity() * sizeof(quint64);
    for (const Column& column : m_data)
        bytes += sizeof(Column) + column.kinds.capacity();
    for (const ColumnInfo& info : m_columns)
        bytes += sizeof(ColumnInfo) + size_t(info.name.capacity() + info.clickhouseType.capacity()) * 2;
    return bytes;
}

ResultTableBuilder::ResultTableBuilder()
    : m_table(std::make_unique<ResultTable>())
{}

ResultTableBuilder::~ResultTableBuilder() = default;

void ResultTableBuilder::setColumns(std::vector<ColumnInfo> columns)
{
    m_declaredColumns = std::move(columns);
    m_haveDeclaredColumns = true;
}

void ResultTableBuilder::reserveRows(size_t rows)
{
    if (rows > m_table->m_rowCapacity)
        growRows(rows);
}

void ResultTableBuilder::growRows(size_t rows)
{
    // Columns live in one block, `rows` cells apart; growing moves each column once.
    ResultTable& table = *m_table;
    const size_t width = table.m_data.size();
    if (width > 0) {
        detail::CellArray<quint64> cells;
        cells.resize(width * rows);
        const size_t filled = size_t(table.m_rowCount);
        for (size_t c = 0; c < width; ++c) {
            if (filled > 0)
                std::memcpy(cells.data() + c * rows, table.m_data[c].values, filled * sizeof(quint64));
            table.m_data[c].values = cells.data() + c * rows;
        }
        table.m_cells = std::move(cells);
    }
    for (ResultTable::Column& column : table.m_data)
        if (column.kinds.data())
            column.kinds.resize(rows);
    for (detail::CellArray<qint64>& instants : m_instants)
        if (instants.data())
            instants.resize(rows);
    table.m_rowCapacity = rows;
}

void ResultTableBuilder::reserveText(size_t bytes)
{
    if (bytes > m_textSize)
        ensureText(bytes - m_textSize);
}

void ResultTableBuilder::adoptTextBuffer(QByteArray buffer, size_t used)
{
    m_text = std::move(buffer);
    m_textSize = used;
}

void ResultTableBuilder::ensureText(size_t bytes)
{
    const size_t needed = m_textSize + bytes;
    const size_t capacity = size_t(m_text.size());
    if (needed <= capacity)
        return;
    const size_t grown = std::max({needed, capacity * 2, size_t(256)});
    m_text.resize(qsizetype(grown));
    detail::populateForWrite(m_text.data() + capacity, grown - capacity);
}

void ResultTableBuilder::commitText(size_t length, CellKind kind)
{
    const quint64 offset = m_textSize;
    quint64 storedLength = length;
    if (length > ResultTable::kMaxInlineTextLength) [[unlikely]] {
        // Over 16 MiB in one cell: rare enough for a side list searched by offset.
        m_table->m_longTexts.emplace_back(offset, length);
        storedLength = kLongTextMark;
    }
    if (offset >= kMaxTextOffset) [[unlikely]]
        throw std::length_error("result text exceeds 1 TiB");
    put((offset << 24) | storedLength, kind);
    m_textSize += length;
}

void ResultTableBuilder::commitTextWithInstant(size_t length, qint64 microsUtc)
{
    const size_t column = m_column;
    const size_t row = size_t(m_table->m_rowCount);
    commitText(length, CellKind::Text);
    if (column >= m_table->m_data.size())
        return; // a ragged row, reported by endRow()
    if (m_instants.size() <= column) {
        m_instants.resize(column + 1);
        m_instantRows.resize(column + 1, 0);
    }
    detail::CellArray<qint64>& instants = m_instants[column];
    if (instants.capacity() < m_table->m_rowCapacity)
        instants.resize(m_table->m_rowCapacity);
    std::fill(instants.data() + m_instantRows[column], instants.data() + row, kNoInstant);
    instants.data()[row] = microsUtc;
    m_instantRows[column] = row + 1;
}

void ResultTableBuilder::appendCopy(std::string_view utf8, CellKind kind)
{
    ensureText(utf8.size());
    if (!utf8.empty())
        std::memcpy(textEnd(), utf8.data(), utf8.size());
    commitText(utf8.size(), kind);
}

void ResultTableBuilder::appendFloat(double value)
{
    put(std::bit_cast<quint64>(value), CellKind::Float);
}

void ResultTableBuilder::beginRow()
{
    m_column = 0;
    const size_t capacity = m_table->m_rowCapacity;
    if (size_t(m_table->m_rowCount) >= capacity) [[unlikely]]
        growRows(std::max(size_t(64), capacity * 2));
}

bool ResultTableBuilder::addColumn()
{
    // Only the first row may widen the table; later rows are checked in endRow().
    if (m_widthKnown)
        return false;
    // In the first row, so the block holds one row per column so far: make room for one more.
    ResultTable& table = *m_table;
    const size_t width = table.m_data.size() + 1;
    table.m_cells.resize(width * table.m_rowCapacity);
    table.m_data.emplace_back();
    for (size_t c = 0; c < width; ++c)
        table.m_data[c].values = table.m_cells.data() + c * table.m_rowCapacity;
    return true;
}

void ResultTableBuilder::mixKinds(ResultTable::Column& column, size_t row, CellKind kind)
{
    if (row == 0) {
        column.kind = kind;
        return;
    }
    column.kinds.resize(m_table->m_rowCapacity);
    std::memset(column.kinds.data(), int(column.kind), row);
    column.kinds.data()[row] = kind;
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

int ResultTableBuilder::rowCount() const
{
    return m_table->m_rowCount;
}

std::shared_ptr<const ResultTable> ResultTableBuilder::finish()
{
    ResultTable& table = *m_table;
    const size_t rows = size_t(table.m_rowCount);
    const size_t width = m_haveDeclaredColumns ? m_declaredColumns.size() : table.m_data.size();
    if (rows > 0 && m_haveDeclaredColumns && table.m_data.size() != width) {
        m_error = QStringLiteral("The response names %1 columns but its rows have %2 values.")
                      .arg(width)
                      .arg(table.m_data.size());
        return nullptr;
    }
    if (m_haveDeclaredColumns) {
        table.m_columns = std::move(m_declaredColumns);
    } else {
        table.m_columns.resize(width);
        for (size_t i = 0; i < width; ++i)
            table.m_columns[i].name = QStringLiteral("column_%1").arg(i + 1);
    }
    table.m_data.resize(width);
    // Give back what the doubling growth reserved; large blocks shrink in place.
    m_text.resize(qsizetype(m_textSize));
    m_text.squeeze();
    table.m_text = std::move(m_text);
    m_textSize = 0;

    // Give back what the growth reserved when it is more than a little: one more copy of the cells.
    if (table.m_rowCapacity > rows + rows / 16 + 64 || rows == 0)
        growRows(rows);
    for (size_t c = 0; c < width; ++c) {
        ColumnInfo& info = table.m_columns[c];
        ResultTable::Column& column = table.m_data[c];
        if (column.kinds.data())
            column.kinds.resize(rows);
        quint64* values = column.values;
        CellKind* kinds = column.kinds.data();
        auto kindAt = [&](size_t row) { return kinds ? kinds[row] : column.kind; };

        if (info.type == ColumnType::Unknown) {
            // No declared type: take it from the first non-null value.
            for (size_t row = 0; row < rows; ++row) {
                if (kindAt(row) != CellKind::Null) {
                    info.type = typeOfKind(kindAt(row));
                    break;
                }
            }
        }
        if (info.type == ColumnType::DateTime && (kinds || column.kind == CellKind::Text)) {
            // Rows came before "types" (PostHog writes keys in alphabetical order), so ISO text
            // becomes an instant now, mostly from what the decoder read while the text was hot.
            // The text stays in the buffer: moving it would cost a copy.
            const qint64* instants = c < m_instants.size() ? m_instants[c].data() : nullptr;
            const size_t instantRows = instants ? m_instantRows[c] : 0;
            for (size_t row = 0; row < rows; ++row) {
                const CellKind kind = kindAt(row);
                qint64 micros = row < instantRows ? instants[row] : kNoInstant;
                if (kind == CellKind::Text &&
                    (micros != kNoInstant || parseIsoDateTime(table.textOf(values[row]), &micros))) {
                    values[row] = quint64(micros);
                    if (kinds)
                        kinds[row] = CellKind::DateTime;
                } else if (!kinds) {
                    // A uniform text column with one cell that is no time: it now mixes kinds.
                    column.kinds.resize(rows);
                    kinds = column.kinds.data();
                    std::memset(kinds, int(CellKind::DateTime), row);
                    std::memset(kinds + row, int(column.kind), rows - row);
                }
            }
            if (!kinds)
                column.kind = CellKind::DateTime;
        } else if (info.type == ColumnType::Float && (kinds || column.kind == CellKind::Integer)) {
            // Float columns may carry whole numbers that JSON wrote without a point.
            for (size_t row = 0; row < rows; ++row) {
                if (kindAt(row) == CellKind::Integer) {
                    values[row] = std::bit_cast<quint64>(double(qint64(values[row])));
                    if (kinds)
                        kinds[row] = CellKind::Float;
                }
            }
            if (!kinds)
                column.kind = CellKind::Float;
        }
        if (info.name == QLatin1StringView("person") &&
            (info.type == ColumnType::Json || info.type == ColumnType::Unknown ||
             info.type == ColumnType::String)) {
            // ActorsQuery/EventsQuery person cells are objects; show them by name.
            for (size_t row = 0; row < rows; ++row) {
                if (kindAt(row) == CellKind::Null)
                    continue;
                if (kindAt(row) == CellKind::Json && table.textOf(values[row]).starts_with('{'))
                    info.type = ColumnType::Person;
                break;
            }
        }
    }
    m_instants.clear();
    m_instantRows.clear();
    return std::shared_ptr<const ResultTable>(m_table.release());
}

} // namespace hogscope::model
