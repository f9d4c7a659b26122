#include "date_range.h"

#include "runner_support.h"

#include "local/time_format.h"

#include <QDate>
#include <QRegularExpression>

#include <algorithm>

namespace hogscope::local::runners {

namespace {

using timefmt::kMicrosPerDay;
constexpr int64_t kMicrosPerHour = 3600 * timefmt::kMicrosPerSecond;

struct Civil
{
    int64_t year = 1970;
    unsigned month = 1;
    unsigned day = 1;
    int64_t timeOfDay = 0; // microseconds since midnight
};

Civil toCivil(int64_t micros)
{
    Civil c;
    const int64_t days = timefmt::floorDiv(micros, kMicrosPerDay);
    timefmt::civilFromDays(days, c.year, c.month, c.day);
    c.timeOfDay = micros - days * kMicrosPerDay;
    return c;
}

int64_t fromCivil(const Civil& c)
{
    return timefmt::daysFromCivil(c.year, c.month, c.day) * kMicrosPerDay + c.timeOfDay;
}

unsigned daysInMonth(int64_t year, unsigned month)
{
    static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : kDays[month - 1];
}

// dateutil's relativedelta, the parts PostHog's relative dates use: relative years/months/days/
// hours/minutes/seconds and absolute month/day/hour/minute/second/microsecond.
struct RelativeDelta
{
    int64_t years = 0;
    int64_t months = 0;
    int64_t days = 0;
    int64_t hours = 0;
    int64_t minutes = 0;
    int64_t seconds = 0;
    std::optional<unsigned> month;
    std::optional<unsigned> day;
    std::optional<int64_t> hour;
    std::optional<int64_t> minute;
    std::optional<int64_t> second;
    std::optional<int64_t> microsecond;

    // dt - delta: the absolute fields replace (the day clamped to the month), then the negated
    // relative fields are added, exactly as relativedelta.__add__ of the negated delta does.
    int64_t subtractFrom(int64_t micros) const
    {
        Civil c = toCivil(micros);
        int64_t year = c.year - years;
        int64_t month0 = static_cast<int64_t>(this->month.value_or(c.month)) - 1 - months;
        year += timefmt::floorDiv(month0, 12);
        month0 -= timefmt::floorDiv(month0, 12) * 12;
        const unsigned m = static_cast<unsigned>(month0) + 1;
        const unsigned d = std::min(daysInMonth(year, m), this->day.value_or(c.day));
        int64_t h = c.timeOfDay / kMicrosPerHour;
        int64_t mi = c.timeOfDay / (60 * timefmt::kMicrosPerSecond) % 60;
        int64_t s = c.timeOfDay / timefmt::kMicrosPerSecond % 60;
        int64_t us = c.timeOfDay % timefmt::kMicrosPerSecond;
        h = hour.value_or(h);
        mi = minute.value_or(mi);
        s = second.value_or(s);
        us = microsecond.value_or(us);
        Civil out{year, m, d, ((h * 60 + mi) * 60 + s) * timefmt::kMicrosPerSecond + us};
        return fromCivil(out) - (days * kMicrosPerDay + hours * kMicrosPerHour +
                                 (minutes * 60 + seconds) * timefmt::kMicrosPerSecond);
    }
};

// get_delta_mapping_for: the delta of one relative-date unit.
std::optional<RelativeDelta> deltaFor(QChar kind, const QString& number, const QString& position)
{
    RelativeDelta d;
    const int64_t n = number.isEmpty() ? 0 : number.toLongLong();
    const bool start = position == QLatin1String("Start");
    const bool end = position == QLatin1String("End");
    switch (kind.unicode()) {
    case 'h':
        d.hours = n;
        if (start) {
            d.minute = 0;
            d.second = 0;
            d.microsecond = 0;
        } else if (end) {
            d.minute = 59;
            d.second = 59;
            d.microsecond = 999999;
        }
        return d;
    case 'd':
        d.days = n;
        if (start) {
            d.hour = 0;
            d.minute = 0;
            d.second = 0;
            d.microsecond = 0;
        } else if (end) {
            d.hour = 23;
            d.minute = 59;
            d.second = 59;
            d.microsecond = 999999;
        }
        return d;
    case 'w':
        d.days = 7 * n;
        return d;
    case 'm':
        d.months = n;
        if (start)
            d.day = 1;
        else if (end)
            d.day = 31;
        return d;
    case 'M':
        d.minutes = n;
        return d;
    case 's':
        d.seconds = n;
        return d;
    case 'q':
        d.days = 7 * 13 * n;
        return d;
    case 'y':
        d.years = n;
        if (start) {
            d.month = 1;
            d.day = 1;
        } else if (end) {
            d.day = 31;
        }
        return d;
    default:
        return RelativeDelta{}; // a unit the regex accepts but no mapping handles: now itself
    }
}

int64_t truncateToDay(int64_t micros)
{
    return timefmt::floorDiv(micros, kMicrosPerDay) * kMicrosPerDay;
}

int64_t truncateToHour(int64_t micros)
{
    return timefmt::floorDiv(micros, kMicrosPerHour) * kMicrosPerHour;
}

const char* const kMonthNames[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

QString dayMonthYear(int64_t micros) // "%-d-%b-%Y"
{
    const Civil c = toCivil(micros);
    return QStringLiteral("%1-%2-%3").arg(c.day).arg(QLatin1String(kMonthNames[c.month - 1])).arg(c.year);
}

QString dayMonth(int64_t micros) // "%-d-%b"
{
    const Civil c = toCivil(micros);
    return QStringLiteral("%1-%2").arg(c.day).arg(QLatin1String(kMonthNames[c.month - 1]));
}

} // namespace

std::optional<Interval> parseInterval(const QString& name)
{
    const QString n = name.toLower();
    if (n == QLatin1String("hour"))
        return Interval::Hour;
    if (n == QLatin1String("day"))
        return Interval::Day;
    if (n == QLatin1String("week"))
        return Interval::Week;
    if (n == QLatin1String("month"))
        return Interval::Month;
    return std::nullopt;
}

QString intervalName(Interval interval)
{
    switch (interval) {
    case Interval::Hour:
        return QStringLiteral("hour");
    case Interval::Day:
        return QStringLiteral("day");
    case Interval::Week:
        return QStringLiteral("week");
    case Interval::Month:
        return QStringLiteral("month");
    }
    return QStringLiteral("day");
}

QString intervalTitle(Interval interval)
{
    QString name = intervalName(interval);
    name[0] = name[0].toUpper();
    return name;
}

int64_t sundayOfDay(int64_t day)
{
    // 1970-01-01 was a Thursday: (day + 4) mod 7 is 0 on Sundays.
    const int64_t weekday = ((day + 4) % 7 + 7) % 7;
    return day - weekday;
}

int64_t startOfInterval(int64_t micros, Interval interval)
{
    switch (interval) {
    case Interval::Hour:
        return truncateToHour(micros);
    case Interval::Day:
        return truncateToDay(micros);
    case Interval::Week:
        return sundayOfDay(timefmt::floorDiv(micros, kMicrosPerDay)) * kMicrosPerDay;
    case Interval::Month: {
        Civil c = toCivil(micros);
        c.day = 1;
        c.timeOfDay = 0;
        return fromCivil(c);
    }
    }
    return micros;
}

int64_t addIntervals(int64_t micros, Interval interval, int64_t count)
{
    switch (interval) {
    case Interval::Hour:
        return micros + count * kMicrosPerHour;
    case Interval::Day:
        return micros + count * kMicrosPerDay;
    case Interval::Week:
        return micros + count * 7 * kMicrosPerDay;
    case Interval::Month:
        return timefmt::addMonths(micros, count);
    }
    return micros;
}

ParsedDate parseDate(const QString& text, int64_t now, bool alwaysTruncate)
{
    ParsedDate out;
    // ISO dates and datetimes (a datetime without an offset is in the project timezone, UTC).
    if (const auto iso = timefmt::parseDateTime(text.trimmed().toStdString())) {
        out.micros = *iso;
        return out;
    }
    const QDate loose = QDate::fromString(text.trimmed(), QStringLiteral("yyyy-M-d"));
    if (loose.isValid()) {
        out.micros = timefmt::daysFromCivil(loose.year(), static_cast<unsigned>(loose.month()),
                                            static_cast<unsigned>(loose.day())) *
                     kMicrosPerDay;
        return out;
    }
    // Relative: the first unit anywhere in the text (re.search), with an optional count and an
    // optional Start/End position.
    static const QRegularExpression relative(QStringLiteral("\\-?(?<number>[0-9]+)?(?<kind>[hdwmqysHDWMQY])"
                                                            "(?<position>Start|End)?"));
    out.micros = now;
    const QRegularExpressionMatch match = relative.match(text);
    if (!match.hasMatch())
        return out; // PostHog answers "now" for text it cannot read
    out.relative = true;
    const std::optional<RelativeDelta> delta =
        deltaFor(match.captured(QStringLiteral("kind")).front(), match.captured(QStringLiteral("number")),
                 match.captured(QStringLiteral("position")));
    out.hours = match.captured(QStringLiteral("kind")) == QLatin1String("h") &&
                !match.captured(QStringLiteral("number")).isEmpty();
    out.micros = delta->subtractFrom(now);
    if (alwaysTruncate)
        out.micros = out.hours ? truncateToHour(out.micros) : truncateToDay(out.micros);
    return out;
}

QueryDateRange::QueryDateRange(const QJsonObject& dateRange, Interval interval, RunContext& context)
    : m_interval(interval)
{
    const bool all = dateRange.value(QStringLiteral("date_from")).toString() == QLatin1String("all");
    compute(dateRange, context.now(), all ? context.earliestTimestamp() : 0);
}

QueryDateRange::QueryDateRange(const QJsonObject& dateRange, Interval interval, int64_t now, int64_t earliest)
    : m_interval(interval)
{
    compute(dateRange, now, earliest);
}

void QueryDateRange::compute(const QJsonObject& dateRange, int64_t now, int64_t earliest)
{
    m_explicit = dateRange.value(QStringLiteral("explicitDate")).toBool(false);
    const QJsonValue fromValue = dateRange.value(QStringLiteral("date_from"));
    const QJsonValue toValue = dateRange.value(QStringLiteral("date_to"));

    // date_to: now when absent; then (unless explicit) the end of its day, or for hourly ranges
    // with a relative end, the end of its hour.
    ParsedDate to;
    to.micros = now;
    to.relative = true;
    if (toValue.isString() && !toValue.toString().isEmpty())
        to = parseDate(toValue.toString(), now, false);
    m_to = to.micros;
    if (!m_explicit) {
        if (m_interval != Interval::Hour)
            m_to = truncateToDay(m_to) + kMicrosPerDay - 1;
        else if (to.relative)
            m_to = truncateToHour(m_to) + kMicrosPerHour - 1;
    }

    // date_from: "all" is the first event; a text is parsed and truncated (to the hour for an hours
    // delta, else to the day); absent is 00:00 seven days ago (DEFAULT_DATE_FROM_DAYS).
    m_useStartOfInterval = true;
    if (fromValue.isString() && fromValue.toString() == QLatin1String("all")) {
        m_from = earliest;
    } else if (fromValue.isString() && !fromValue.toString().isEmpty()) {
        const ParsedDate from = parseDate(fromValue.toString(), now, true);
        m_from = from.micros;
        if (m_explicit)
            m_useStartOfInterval = false;
        else if (from.relative &&
                 (m_interval == Interval::Hour || (m_interval == Interval::Day && from.hours)))
            m_useStartOfInterval = false;
    } else {
        m_from = truncateToDay(now) - 7 * kMicrosPerDay;
    }
}

int64_t QueryDateRange::filterFrom() const
{
    if (!m_useStartOfInterval)
        return m_from;
    if (m_interval == Interval::Week)
        return truncateToDay(m_from);
    return startOfInterval(m_from, m_interval);
}

std::vector<int64_t> QueryDateRange::buckets() const
{
    std::vector<int64_t> out;
    for (int64_t t = startOfInterval(m_from, m_interval); t <= m_to; t = addIntervals(t, m_interval, 1))
        out.push_back(t);
    return out;
}

RetentionDateRange::RetentionDateRange(const QJsonObject& dateRange, Interval period, int64_t totalIntervals,
                                       RunContext& context)
    : RetentionDateRange(dateRange, period, totalIntervals, context.now(),
                         dateRange.value(QStringLiteral("date_from")).toString() == QLatin1String("all")
                             ? context.earliestTimestamp()
                             : 0)
{}

RetentionDateRange::RetentionDateRange(const QJsonObject& dateRange, Interval period, int64_t totalIntervals,
                                       int64_t now, int64_t earliest)
    : m_period(period)
{
    const QueryDateRange base(dateRange, period, now, earliest);
    // Rule: the end is the start of the period after date_to's (date_to plus one period, truncated),
    // and it is exclusive.
    m_end = startOfInterval(addIntervals(base.dateTo(), period, 1), period);
    // Rule: the start is date_from snapped to the start of its period; without date_from, it is
    // totalIntervals periods before the end (queries from before January 2025).
    const QJsonValue from = dateRange.value(QStringLiteral("date_from"));
    if (from.isString() && !from.toString().isEmpty())
        m_start = startOfInterval(base.dateFrom(), period);
    else
        m_start = startOfInterval(addIntervals(m_end, period, -totalIntervals), period);
    // intervals_between: periods from the start until the end is reached.
    m_periods = 0;
    for (int64_t t = m_start; t < m_end; t = addIntervals(t, period, 1))
        ++m_periods;
}

int64_t RetentionDateRange::periodIndex(int64_t micros) const
{
    switch (m_period) {
    case Interval::Hour:
        return timefmt::floorDiv(micros - m_start, kMicrosPerHour);
    case Interval::Day:
        return timefmt::floorDiv(micros - m_start, kMicrosPerDay);
    case Interval::Week:
        return timefmt::floorDiv(micros - m_start, 7 * kMicrosPerDay);
    case Interval::Month: {
        const Civil a = toCivil(m_start);
        const Civil b = toCivil(micros);
        return (b.year - a.year) * 12 + static_cast<int64_t>(b.month) - static_cast<int64_t>(a.month);
    }
    }
    return 0;
}

QString trendsLabel(int64_t bucket, const QueryDateRange& range)
{
    switch (range.interval()) {
    case Interval::Day:
        return dayMonthYear(bucket);
    case Interval::Hour: {
        const Civil c = toCivil(bucket);
        return QStringLiteral("%1 %2:00")
            .arg(dayMonth(bucket))
            .arg(c.timeOfDay / kMicrosPerHour, 2, 10, QLatin1Char('0'));
    }
    case Interval::Month: {
        const Civil c = toCivil(bucket);
        return QStringLiteral("%1 %2").arg(QLatin1String(kMonthNames[c.month - 1])).arg(c.year);
    }
    case Interval::Week: {
        // The days of the week that lie inside the range.
        int64_t start = startOfInterval(bucket, Interval::Week);
        int64_t end = start + 6 * kMicrosPerDay;
        start = std::max(start, truncateToDay(range.dateFrom()));
        end = std::min(end, truncateToDay(range.dateTo()));
        end = std::max(end, start);
        if (start == end)
            return dayMonthYear(start);
        const Civil a = toCivil(start);
        const Civil b = toCivil(end);
        if (a.year != b.year)
            return QStringLiteral("%1 \u2013 %2").arg(dayMonthYear(start), dayMonthYear(end));
        if (a.month != b.month)
            return QStringLiteral("%1 \u2013 %2").arg(dayMonth(start), dayMonth(end));
        return QStringLiteral("%1\u2013%2 %3")
            .arg(a.day)
            .arg(b.day)
            .arg(QLatin1String(kMonthNames[b.month - 1]));
    }
    }
    return dayMonthYear(bucket);
}

QString trendsDay(int64_t bucket, Interval interval)
{
    if (interval == Interval::Hour) {
        const QString t = timefmt::formatDateTime(bucket); // 2026-03-01T13:00:00.000000Z
        return t.left(10) + QLatin1Char(' ') + t.mid(11, 8);
    }
    return timefmt::formatDate(bucket);
}

} // namespace hogscope::local::runners
