#pragma once

#include <QString>

#include <cstdint>
#include <optional>
#include <string_view>

namespace hogscope::local::timefmt {

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;

// Days since 1970-01-01 for a proleptic Gregorian date, and back.
int64_t daysFromCivil(int64_t year, unsigned month, unsigned day);
void civilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day);

// Floor division, so instants before 1970 land on the day they belong to.
inline int64_t floorDiv(int64_t a, int64_t b)
{
    const int64_t q = a / b;
    return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}

// The wire format of DateTime64(6, 'UTC') values: "2026-05-01T09:00:00.123456Z" — always six
// fractional digits and 'Z', which is what PostHog's JSON renderer produces for a UTC datetime
// with microseconds (Python isoformat with '+00:00' rewritten to 'Z').
QString formatDateTime(int64_t micros);
// The wire format of Date values: "2026-05-01".
QString formatDate(int64_t micros);

// Parses "2026-05-01", "2026-05-01 09:00:00[.ffffff]", "2026-05-01T09:00:00[.ffffff][Z|+hh:mm]"
// into microseconds UTC; nullopt when the text is not such a date/time.
std::optional<int64_t> parseDateTime(std::string_view text);

// Adds calendar months, clamping the day to the target month's length as ClickHouse does.
int64_t addMonths(int64_t micros, int64_t months);

} // namespace hogscope::local::timefmt
