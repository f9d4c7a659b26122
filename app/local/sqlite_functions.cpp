#include "sqlite_functions.h"

#include "import_json_text.h"
#include "time_format.h"

#include <QString>

#include <sqlite3.h>

#include <charconv>
#include <cmath>
#include <cstring>
#include <string>
#include <string_view>

namespace hogscope::local {

namespace {

std::string_view textArg(sqlite3_value* value)
{
    const auto* text = reinterpret_cast<const char*>(sqlite3_value_text(value));
    return text ? std::string_view(text, static_cast<size_t>(sqlite3_value_bytes(value)))
                : std::string_view();
}

// hs_prop(json -> path): a JSON property as HogQL returns it. PostHog extracts properties with
// JSONExtractRaw and strips the quotes of strings, so: strings come back unescaped, numbers as their
// source text ("1.50" stays "1.50"), booleans as 'true'/'false', objects/arrays as JSON text, and
// JSON null or a missing key as NULL. SQLite's json_extract would instead turn true into 1 and
// re-format numbers, hence this function over the raw `->` text.
void propFunction(sqlite3_context* ctx, int, sqlite3_value** argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const std::string_view raw = textArg(argv[0]);
    if (raw == "null") {
        sqlite3_result_null(ctx);
        return;
    }
    if (raw.empty() || raw.front() != '"') {
        sqlite3_result_text(ctx, raw.data(), static_cast<int>(raw.size()), SQLITE_TRANSIENT);
        return;
    }
    const std::string out = jsontext::unescapeString(raw);
    sqlite3_result_text(ctx, out.data(), static_cast<int>(out.size()), SQLITE_TRANSIENT);
}

bool likeMatch(const QString& s, qsizetype si, const QString& p, qsizetype pi)
{
    while (pi < p.size()) {
        const QChar c = p.at(pi);
        if (c == QLatin1Char('%')) {
            while (pi < p.size() && p.at(pi) == QLatin1Char('%'))
                ++pi;
            if (pi == p.size())
                return true;
            for (qsizetype k = si; k <= s.size(); ++k) {
                if (likeMatch(s, k, p, pi))
                    return true;
            }
            return false;
        }
        if (si >= s.size())
            return false;
        if (c == QLatin1Char('_')) {
            ++si;
            ++pi;
            continue;
        }
        QChar literal = c;
        if (c == QLatin1Char('\\') && pi + 1 < p.size())
            literal = p.at(++pi);
        if (s.at(si) != literal)
            return false;
        ++si;
        ++pi;
    }
    return si == s.size();
}

// hs_like(s, pattern, case_insensitive): ClickHouse LIKE is case-sensitive (SQLite's is not, for
// ASCII), '_' is one character, '%' any run, '\' escapes; ILIKE folds case for all of Unicode.
void likeFunction(sqlite3_context* ctx, int, sqlite3_value** argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const std::string_view s = textArg(argv[0]);
    const std::string_view p = textArg(argv[1]);
    QString subject = QString::fromUtf8(s.data(), static_cast<qsizetype>(s.size()));
    QString pattern = QString::fromUtf8(p.data(), static_cast<qsizetype>(p.size()));
    if (sqlite3_value_int(argv[2]) != 0) {
        subject = subject.toCaseFolded();
        pattern = pattern.toCaseFolded();
    }
    sqlite3_result_int(ctx, likeMatch(subject, 0, pattern, 0) ? 1 : 0);
}

bool isNumeric(sqlite3_value* v)
{
    const int t = sqlite3_value_type(v);
    return t == SQLITE_INTEGER || t == SQLITE_FLOAT;
}

// hs_div(a, b): ClickHouse '/' is always floating point (5 / 2 = 2.5, 1 / 0 = inf), where SQLite
// truncates integers and returns NULL on division by zero. 0 / 0 is NaN in ClickHouse, which
// SQLite can only store as NULL.
void divFunction(sqlite3_context* ctx, int, sqlite3_value** argv)
{
    if (!isNumeric(argv[0]) || !isNumeric(argv[1])) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_double(ctx, sqlite3_value_double(argv[0]) / sqlite3_value_double(argv[1]));
}

// hs_mod(a, b): ClickHouse integer modulo by zero is an error ("Division by zero"), not NULL;
// the sign follows the dividend as in C (and SQLite). Floats use fmod (SQLite would truncate them).
void modFunction(sqlite3_context* ctx, int, sqlite3_value** argv)
{
    if (!isNumeric(argv[0]) || !isNumeric(argv[1])) {
        sqlite3_result_null(ctx);
        return;
    }
    if (sqlite3_value_type(argv[0]) == SQLITE_INTEGER && sqlite3_value_type(argv[1]) == SQLITE_INTEGER) {
        const sqlite3_int64 b = sqlite3_value_int64(argv[1]);
        if (b == 0) {
            sqlite3_result_error(ctx, "Division by zero", -1);
            return;
        }
        const sqlite3_int64 a = sqlite3_value_int64(argv[0]);
        sqlite3_result_int64(ctx, b == -1 ? 0 : a % b);
        return;
    }
    sqlite3_result_double(ctx, std::fmod(sqlite3_value_double(argv[0]), sqlite3_value_double(argv[1])));
}

// hs_floor_time(micros, unit, offset): start of the fixed-length period (minute, hour, day, week)
// holding `micros`; floor division so instants before 1970 round down like ClickHouse does.
void floorTimeFunction(sqlite3_context* ctx, int, sqlite3_value** argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const sqlite3_int64 x = sqlite3_value_int64(argv[0]);
    const sqlite3_int64 unit = sqlite3_value_int64(argv[1]);
    const sqlite3_int64 offset = sqlite3_value_int64(argv[2]);
    sqlite3_result_int64(ctx, timefmt::floorDiv(x - offset, unit) * unit + offset);
}

// hs_start_of_month(micros) / hs_start_of_year(micros): calendar periods.
void startOfMonthFunction(sqlite3_context* ctx, int, sqlite3_value** argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    timefmt::civilFromDays(timefmt::floorDiv(sqlite3_value_int64(argv[0]), timefmt::kMicrosPerDay), year,
                           month, day);
    const bool wholeYear = sqlite3_user_data(ctx) != nullptr;
    sqlite3_result_int64(ctx,
                         timefmt::daysFromCivil(year, wholeYear ? 1 : month, 1) * timefmt::kMicrosPerDay);
}

// hs_add_months(micros, n): month arithmetic clamps the day (Jan 31 + 1 month = Feb 28/29), as
// ClickHouse's addMonths does.
void addMonthsFunction(sqlite3_context* ctx, int, sqlite3_value** argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL || sqlite3_value_type(argv[1]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_int64(ctx, timefmt::addMonths(sqlite3_value_int64(argv[0]), sqlite3_value_int64(argv[1])));
}

// hs_parse_datetime(text): PostHog maps toDate/toDateTime of strings to the ...OrNull variants, so
// text that is not a date gives NULL rather than an error.
void parseDateTimeFunction(sqlite3_context* ctx, int, sqlite3_value** argv)
{
    if (sqlite3_value_type(argv[0]) == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    const auto parsed = timefmt::parseDateTime(textArg(argv[0]));
    if (parsed)
        sqlite3_result_int64(ctx, *parsed);
    else
        sqlite3_result_null(ctx);
}

// hs_to_number(x, as_float): toFloat/toInt of text are the ...OrNull variants in PostHog: text
// that is not a whole number gives NULL (SQLite's CAST would give 0 or a prefix).
void toNumberFunction(sqlite3_context* ctx, int, sqlite3_value** argv)
{
    const bool asFloat = sqlite3_value_int(argv[1]) != 0;
    const int type = sqlite3_value_type(argv[0]);
    if (type == SQLITE_NULL) {
        sqlite3_result_null(ctx);
        return;
    }
    if (type == SQLITE_INTEGER || type == SQLITE_FLOAT) {
        if (asFloat)
            sqlite3_result_double(ctx, sqlite3_value_double(argv[0]));
        else
            sqlite3_result_int64(ctx, static_cast<sqlite3_int64>(std::trunc(sqlite3_value_double(argv[0]))));
        return;
    }
    std::string_view text = textArg(argv[0]);
    while (!text.empty() && text.front() == ' ')
        text.remove_prefix(1);
    while (!text.empty() && text.back() == ' ')
        text.remove_suffix(1);
    if (!text.empty() && text.front() == '+')
        text.remove_prefix(1);
    if (asFloat) {
        double v = 0;
        const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
        if (ec == std::errc() && ptr == text.data() + text.size() && !text.empty())
            sqlite3_result_double(ctx, v);
        else
            sqlite3_result_null(ctx);
        return;
    }
    sqlite3_int64 v = 0;
    const auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (ec == std::errc() && ptr == text.data() + text.size() && !text.empty())
        sqlite3_result_int64(ctx, v);
    else
        sqlite3_result_null(ctx);
}

} // namespace

bool registerHogqlFunctions(sqlite3* db)
{
    struct Def
    {
        const char* name;
        int args;
        void (*fn)(sqlite3_context*, int, sqlite3_value**);
        void* data;
    };
    static int yearMarker = 0;
    const Def defs[] = {
        {"hs_prop", 1, propFunction, nullptr},
        {"hs_like", 3, likeFunction, nullptr},
        {"hs_div", 2, divFunction, nullptr},
        {"hs_mod", 2, modFunction, nullptr},
        {"hs_floor_time", 3, floorTimeFunction, nullptr},
        {"hs_start_of_month", 1, startOfMonthFunction, nullptr},
        {"hs_start_of_year", 1, startOfMonthFunction, &yearMarker},
        {"hs_add_months", 2, addMonthsFunction, nullptr},
        {"hs_parse_datetime", 1, parseDateTimeFunction, nullptr},
        {"hs_to_number", 2, toNumberFunction, nullptr},
    };
    for (const Def& def : defs) {
        if (sqlite3_create_function_v2(db, def.name, def.args, SQLITE_UTF8 | SQLITE_DETERMINISTIC, def.data,
                                       def.fn, nullptr, nullptr, nullptr) != SQLITE_OK)
            return false;
    }
    return true;
}

} // namespace hogscope::local
