#include "time_format.h"

#include <cctype>

namespace hogscope::local::timefmt {

// Howard Hinnant's civil calendar algorithms (public domain).
int64_t daysFromCivil(int64_t year, unsigned month, unsigned day)
{
    year -= month <= 2;
    const int64_t era = (year >= 0 ? year : year - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(year - era * 400);
    const unsigned doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void civilFromDays(int64_t days, int64_t& year, unsigned& month, unsigned& day)
{
    days += 719468;
    const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(days - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    day = doy - (153 * mp + 2) / 5 + 1;
    month = mp < 10 ? mp + 3 : mp - 9;
    year = static_cast<int64_t>(yoe) + era * 400 + (month <= 2);
}

QString formatDateTime(int64_t micros)
{
    const int64_t days = floorDiv(micros, kMicrosPerDay);
    int64_t rest = micros - days * kMicrosPerDay;
    int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    civilFromDays(days, year, month, day);
    const int64_t secondsOfDay = rest / kMicrosPerSecond;
    const int64_t fraction = rest % kMicrosPerSecond;
    char buffer[64];
    const int n =
        std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
                      static_cast<long long>(year), month, day, static_cast<long long>(secondsOfDay / 3600),
                      static_cast<long long>(secondsOfDay / 60 % 60),
                      static_cast<long long>(secondsOfDay % 60), static_cast<long long>(fraction));
    return QString::fromLatin1(buffer, n);
}

QString formatDate(int64_t micros)
{
    int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    civilFromDays(floorDiv(micros, kMicrosPerDay), year, month, day);
    char buffer[32];
    const int n =
        std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02u", static_cast<long long>(year), month, day);
    return QString::fromLatin1(buffer, n);
}

namespace {

bool readDigits(std::string_view text, size_t& pos, size_t count, int64_t& out)
{
    out = 0;
    for (size_t i = 0; i < count; ++i, ++pos) {
        if (pos >= text.size() || !std::isdigit(static_cast<unsigned char>(text[pos])))
            return false;
        out = out * 10 + (text[pos] - '0');
    }
    return true;
}

bool expect(std::string_view text, size_t& pos, char c)
{
    if (pos < text.size() && text[pos] == c) {
        ++pos;
        return true;
    }
    return false;
}

unsigned daysInMonth(int64_t year, unsigned month)
{
    static constexpr unsigned lengths[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    const bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    return month == 2 && leap ? 29 : lengths[month - 1];
}

} // namespace

std::optional<int64_t> parseDateTime(std::string_view text)
{
    size_t pos = 0;
    int64_t year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, micros = 0;
    if (!readDigits(text, pos, 4, year) || !expect(text, pos, '-') || !readDigits(text, pos, 2, month) ||
        !expect(text, pos, '-') || !readDigits(text, pos, 2, day))
        return std::nullopt;
    if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, static_cast<unsigned>(month)))
        return std::nullopt;
    int64_t offsetMinutes = 0;
    if (pos < text.size()) {
        if (text[pos] != 'T' && text[pos] != ' ')
            return std::nullopt;
        ++pos;
        if (!readDigits(text, pos, 2, hour) || !expect(text, pos, ':') || !readDigits(text, pos, 2, minute))
            return std::nullopt;
        if (expect(text, pos, ':') && !readDigits(text, pos, 2, second))
            return std::nullopt;
        if (expect(text, pos, '.')) {
            int digits = 0;
            while (pos < text.size() && std::isdigit(static_cast<unsigned char>(text[pos]))) {
                if (digits < 6) {
                    micros = micros * 10 + (text[pos] - '0');
                    ++digits;
                }
                ++pos;
            }
            if (digits == 0)
                return std::nullopt;
            for (; digits < 6; ++digits)
                micros *= 10;
        }
        if (hour > 23 || minute > 59 || second > 59)
            return std::nullopt;
        if (expect(text, pos, 'Z')) {
        } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
            const int sign = text[pos] == '-' ? -1 : 1;
            ++pos;
            int64_t oh = 0, om = 0;
            if (!readDigits(text, pos, 2, oh))
                return std::nullopt;
            expect(text, pos, ':');
            if (!readDigits(text, pos, 2, om))
                return std::nullopt;
            offsetMinutes = sign * (oh * 60 + om);
        }
    }
    if (pos != text.size())
        return std::nullopt;
    const int64_t days = daysFromCivil(year, static_cast<unsigned>(month), static_cast<unsigned>(day));
    const int64_t seconds = days * 86400 + hour * 3600 + minute * 60 + second - offsetMinutes * 60;
    return seconds * kMicrosPerSecond + micros;
}

int64_t addMonths(int64_t micros, int64_t months)
{
    const int64_t days = floorDiv(micros, kMicrosPerDay);
    const int64_t timeOfDay = micros - days * kMicrosPerDay;
    int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    civilFromDays(days, year, month, day);
    const int64_t total = year * 12 + (month - 1) + months;
    const int64_t newYear = floorDiv(total, 12);
    const unsigned newMonth = static_cast<unsigned>(total - newYear * 12) + 1;
    const unsigned newDay = std::min(day, daysInMonth(newYear, newMonth));
    return daysFromCivil(newYear, newMonth, newDay) * kMicrosPerDay + timeOfDay;
}

} // namespace hogscope::local::timefmt
