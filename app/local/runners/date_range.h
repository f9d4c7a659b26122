#pragma once

// Date ranges of insight queries, as PostHog's QueryDateRange and QueryDateRangeWithIntervals
// (posthog/hogql_queries/utils/query_date_range.py) compute them, for a team in UTC whose weeks
// start on Sunday. All instants are microseconds since the epoch, UTC.

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <optional>
#include <vector>

namespace hogscope::local::runners {

class RunContext;

enum class Interval
{
    Hour,
    Day,
    Week,
    Month,
};

// "hour", "day", "week", "month" (any case); nullopt otherwise.
std::optional<Interval> parseInterval(const QString& name);
QString intervalName(Interval interval);  // "day"
QString intervalTitle(Interval interval); // "Day"

// Rule: weeks start on Sunday (a team without week_start_day; ClickHouse toStartOfWeek mode 0).
int64_t startOfInterval(int64_t micros, Interval interval);
// Whole intervals added; months clamp the day as dateutil's relativedelta does (Jan 31 + 1 month =
// Feb 28).
int64_t addIntervals(int64_t micros, Interval interval, int64_t count);
// The UTC day number (days since 1970-01-01) and its Sunday-based week start.
int64_t sundayOfDay(int64_t day);

// A date of a request: ISO date or datetime, or PostHog's relative form (-7d, -2w, -1m, -1y, -3h,
// -1mStart, -1yStart, dStart, ...). `relative` tells which; `hours` that the relative delta was in
// hours (which decides how PostHog truncates it).
struct ParsedDate
{
    int64_t micros = 0;
    bool relative = false;
    bool hours = false;
};
// relative_date_parse: an unparseable text is "now", as in PostHog (its regex finds no unit).
ParsedDate parseDate(const QString& text, int64_t now, bool alwaysTruncate);

// QueryDateRange: the instants an insight covers, from the request's dateRange.
class QueryDateRange
{
public:
    // `dateRange` is {date_from, date_to, explicitDate}; `context` answers "all" (earliest event).
    QueryDateRange(const QJsonObject& dateRange, Interval interval, RunContext& context);
    QueryDateRange(const QJsonObject& dateRange, Interval interval, int64_t now, int64_t earliest);

    Interval interval() const { return m_interval; }
    int64_t dateFrom() const { return m_from; } // inclusive
    int64_t dateTo() const { return m_to; }     // inclusive (…23:59:59.999999 for day and longer)
    // The lower bound insight runners filter on (date_from_with_adjusted_start_of_interval): the
    // start of date_from's interval, except for weeks (date_from's day) and explicit dates.
    int64_t filterFrom() const;
    // Interval starts from date_from's interval to date_to (all_values).
    std::vector<int64_t> buckets() const;

private:
    void compute(const QJsonObject& dateRange, int64_t now, int64_t earliest);

    Interval m_interval;
    int64_t m_from = 0;
    int64_t m_to = 0;
    bool m_explicit = false;
    bool m_useStartOfInterval = true;
};

// QueryDateRangeWithIntervals, for RetentionQuery: period boundaries instead of instants.
class RetentionDateRange
{
public:
    RetentionDateRange(const QJsonObject& dateRange, Interval period, int64_t totalIntervals,
                       RunContext& context);
    RetentionDateRange(const QJsonObject& dateRange, Interval period, int64_t totalIntervals, int64_t now,
                       int64_t earliest);

    Interval period() const { return m_period; }
    int64_t start() const { return m_start; }     // start of the first cohort's period
    int64_t end() const { return m_end; }         // exclusive: start of the period after date_to's
    int64_t periods() const { return m_periods; } // intervals_between: the number of cohorts
    int64_t periodStart(int64_t index) const { return addIntervals(m_start, m_period, index); }
    // The cohort index of an instant (may be negative or >= periods()).
    int64_t periodIndex(int64_t micros) const;

private:
    Interval m_period;
    int64_t m_start = 0;
    int64_t m_end = 0;
    int64_t m_periods = 0;
};

// Trends labels: "1-Mar-2026" (day), "1-Mar 13:00" (hour), "Mar 2026" (month), and for weeks the
// days of the week inside the range: "1–7 Mar", "26-Feb – 4-Mar", ...
QString trendsLabel(int64_t bucket, const QueryDateRange& range);
// Trends `days`: "2026-03-01", or "2026-03-01 13:00:00" for hours.
QString trendsDay(int64_t bucket, Interval interval);

} // namespace hogscope::local::runners
