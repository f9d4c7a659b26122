#include "trends_runner.h"

#include "property_filters.h"
#include "runner_support.h"

#include "local/hogql_compiler.h"
#include "local/store_schema.h"
#include "local/time_format.h"

#include <QJsonArray>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>
#include <unordered_set>

namespace hogscope::local::runners {

namespace {

const QString kNode = QStringLiteral("TrendsQuery");
const QString kNullLabel = QStringLiteral("$$_posthog_breakdown_null_$$");
const QString kOtherLabel = QStringLiteral("$$_posthog_breakdown_other_$$");
constexpr int64_t kDay = timefmt::kMicrosPerDay;

// The values of one series: per breakdown value (one "" value without breakdown), per bucket.
struct SeriesValues
{
    std::vector<QString> values;                               // breakdown values as PostHog labels them
    std::vector<std::vector<int64_t>> data;                    // [value][bucket]
    std::vector<std::vector<std::unordered_set<int>>> persons; // dau: [value][bucket] person ids
};

// Rule: a null or empty breakdown value is PostHog's null label.
QString breakdownLabel(bool isNull, std::string_view value)
{
    if (isNull || value.empty())
        return kNullLabel;
    return QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()));
}

std::string breakdownSql(const TrendsRequest& request)
{
    if (request.breakdownType == QLatin1String("person"))
        return "(SELECT " + personPropertySql(request.breakdownKey) +
               " FROM persons p WHERE p.id = e.person_id)";
    if (request.breakdownType == QLatin1String("hogql")) {
        const ExpressionResult compiled = compileHogQLExpression(request.breakdownKey, CompileOptions{});
        if (const auto* error = std::get_if<CompileError>(&compiled))
            throwInvalid(error->message, error->code);
        return "CAST(" + std::get<CompiledExpression>(compiled).sql + " AS TEXT)";
    }
    return eventPropertySql(request.breakdownKey);
}

// Buckets the events of one series fall into: index of startOfInterval(time) in `buckets`.
int bucketOf(const std::vector<int64_t>& buckets, int64_t time, Interval interval)
{
    const int64_t start = startOfInterval(time, interval);
    const auto it = std::lower_bound(buckets.begin(), buckets.end(), start);
    return it == buckets.end() || *it != start ? -1 : static_cast<int>(it - buckets.begin());
}

SeriesValues computeSeries(RunContext& context, const TrendsRequest& request,
                           const TrendsRequest::Series& series, const QueryDateRange& range,
                           const std::vector<int64_t>& buckets)
{
    SeriesValues out;
    std::unordered_map<QString, size_t> valueIndex;
    auto slot = [&](const QString& value) {
        const auto [it, inserted] = valueIndex.try_emplace(value, out.values.size());
        if (inserted) {
            out.values.push_back(value);
            out.data.emplace_back(buckets.size(), 0);
            if (series.uniquePersons)
                out.persons.emplace_back(buckets.size());
        }
        return it->second;
    };
    // Rule: events from date_from (adjusted to its interval's start) to date_to, both inclusive,
    // bucketed by the start of their interval (Sunday weeks).
    const int64_t from = range.filterFrom();
    const int64_t to = range.dateTo() + 1;
    const bool wholeDays = from % kDay == 0 && to % kDay == 0 && request.interval != Interval::Hour;
    const bool noFilters = series.selector.filterSql.empty();
    const std::optional<size_t> hot = request.breakdownType == QLatin1String("event")
                                          ? store::hotPropertyIndex(request.breakdownKey.toStdString())
                                          : std::nullopt;

    if (!series.uniquePersons && wholeDays && noFilters && request.breakdownKey.isEmpty()) {
        // Events per day from the rollup.
        Statement stmt(
            context,
            series.selector.event
                ? "SELECT day, events FROM rollup_event_days WHERE event = ?1 AND day >= ?2 AND day < ?3"
                : "SELECT day, sum(events) FROM rollup_event_days WHERE day >= ?2 AND day < ?3 "
                  "GROUP BY day");
        if (series.selector.event)
            stmt.bind(1, std::string_view(*series.selector.event));
        stmt.bind(2, from / kDay).bind(3, to / kDay);
        const size_t v = slot(QString());
        while (stmt.step()) {
            const int b = bucketOf(buckets, stmt.integer(0) * kDay, request.interval);
            if (b >= 0)
                out.data[v][static_cast<size_t>(b)] += stmt.integer(1);
        }
        return out;
    }
    if (!series.uniquePersons && wholeDays && noFilters && hot) {
        // Events per day per value of a hot property, from the rollup.
        std::string sql =
            "SELECT day, value_is_null, value, sum(events) FROM rollup_property_days WHERE property = ?4 "
            "AND day >= ?2 AND day < ?3";
        if (series.selector.event)
            sql += " AND event = ?1";
        sql += " GROUP BY day, value_is_null, value";
        Statement stmt(context, sql);
        if (series.selector.event)
            stmt.bind(1, std::string_view(*series.selector.event));
        const std::string property = request.breakdownKey.toStdString();
        stmt.bind(2, from / kDay).bind(3, to / kDay).bind(4, std::string_view(property));
        while (stmt.step()) {
            const int b = bucketOf(buckets, stmt.integer(0) * kDay, request.interval);
            if (b < 0)
                continue;
            out.data[slot(breakdownLabel(stmt.integer(1) != 0, stmt.text(2)))][static_cast<size_t>(b)] +=
                stmt.integer(3);
        }
        return out;
    }
    if (series.uniquePersons && request.breakdownKey.isEmpty() && wholeDays && noFilters) {
        // Unique persons per interval, counted by SQLite over the activity rollup (one row per
        // person per day per event): the day's rows for a day; distinct persons over the week's
        // (Sunday) or the month's days otherwise.
        std::string bucket = "day";
        if (request.interval == Interval::Week)
            bucket = "day - (((day + 4) % 7) + 7) % 7";
        else if (request.interval == Interval::Month)
            bucket =
                "CAST(julianday(date(day * 86400, 'unixepoch', 'start of month')) - 2440587.5 AS INTEGER)";
        const bool rowsArePersons = request.interval == Interval::Day && series.selector.event;
        std::string sql =
            "SELECT " + bucket + " AS bucket, " +
            (rowsArePersons ? std::string("count(*)") : std::string("count(DISTINCT person_id)")) +
            " FROM rollup_person_days WHERE day >= ?2 AND day < ?3";
        if (series.selector.event)
            sql += " AND event = ?1";
        sql += " GROUP BY bucket";
        Statement stmt(context, sql);
        if (series.selector.event)
            stmt.bind(1, std::string_view(*series.selector.event));
        stmt.bind(2, from / kDay).bind(3, to / kDay);
        const size_t v = slot(QString());
        while (stmt.step()) {
            const int b = bucketOf(buckets, stmt.integer(0) * kDay, request.interval);
            if (b >= 0)
                out.data[v][static_cast<size_t>(b)] += stmt.integer(1);
        }
        return out;
    }
    if (series.uniquePersons && request.breakdownKey.isEmpty()) {
        // Unique persons per interval from the events (filtered, or hourly).
        PersonIds persons;
        const size_t v = slot(QString());
        forEachActivity(context, series.selector, from, to, request.interval != Interval::Hour, persons,
                        [&](int person, int64_t time, int64_t) {
                            const int b = bucketOf(buckets, time, request.interval);
                            if (b >= 0)
                                out.persons[v][static_cast<size_t>(b)].insert(person);
                        });
        for (size_t b = 0; b < buckets.size(); ++b)
            out.data[v][b] = static_cast<int64_t>(out.persons[v][b].size());
        return out;
    }
    // The general case: read the events.
    std::string sql = "SELECT e.timestamp, e.person_id";
    sql += request.breakdownKey.isEmpty() ? ", NULL" : ", " + breakdownSql(request);
    sql += " FROM events e WHERE e.timestamp >= ?2 AND e.timestamp < ?3";
    if (series.selector.event)
        sql += " AND e.event = ?1";
    if (!noFilters)
        sql += " AND (" + series.selector.filterSql + ")";
    Statement stmt(context, sql);
    if (series.selector.event)
        stmt.bind(1, std::string_view(*series.selector.event));
    stmt.bind(2, from).bind(3, to);
    PersonIds persons;
    int64_t rows = 0;
    while (stmt.step()) {
        const int b = bucketOf(buckets, stmt.integer(0), request.interval);
        if (b < 0)
            continue;
        const size_t v = request.breakdownKey.isEmpty() ? slot(QString())
                                                        : slot(breakdownLabel(stmt.isNull(2), stmt.text(2)));
        if (series.uniquePersons) {
            if (!stmt.isNull(1))
                out.persons[v][static_cast<size_t>(b)].insert(persons.id(stmt.text(1)));
        } else {
            ++out.data[v][static_cast<size_t>(b)];
        }
        if (++rows % 65536 == 0)
            context.check();
    }
    if (series.uniquePersons) {
        for (size_t v = 0; v < out.values.size(); ++v) {
            for (size_t b = 0; b < buckets.size(); ++b)
                out.data[v][b] = static_cast<int64_t>(out.persons[v][b].size());
        }
    }
    return out;
}

// Rule: the top breakdown_limit values by their total (ties by value) are kept; the rest become
// one "other" series. Returns the kept value indexes in order and whether anything was merged.
std::vector<size_t> rankValues(SeriesValues& values, int64_t limit, bool uniquePersons, bool& hasMore)
{
    std::vector<size_t> order(values.values.size());
    std::vector<int64_t> totals(values.values.size(), 0);
    for (size_t v = 0; v < order.size(); ++v) {
        order[v] = v;
        for (int64_t d : values.data[v])
            totals[v] += d;
    }
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        if (totals[a] != totals[b])
            return totals[a] > totals[b];
        return values.values[a] < values.values[b];
    });
    hasMore = order.size() > static_cast<size_t>(limit);
    if (!hasMore)
        return order;
    const size_t buckets = values.data.front().size();
    std::vector<int64_t> other(buckets, 0);
    std::vector<std::unordered_set<int>> otherPersons(uniquePersons ? buckets : 0);
    for (size_t i = static_cast<size_t>(limit); i < order.size(); ++i) {
        for (size_t b = 0; b < buckets; ++b) {
            if (uniquePersons)
                otherPersons[b].insert(values.persons[order[i]][b].begin(),
                                       values.persons[order[i]][b].end());
            else
                other[b] += values.data[order[i]][b];
        }
    }
    order.resize(static_cast<size_t>(limit));
    values.values.push_back(kOtherLabel);
    if (uniquePersons) {
        for (size_t b = 0; b < buckets; ++b)
            other[b] = static_cast<int64_t>(otherPersons[b].size());
    }
    values.data.push_back(std::move(other));
    order.push_back(values.values.size() - 1);
    return order;
}

} // namespace

TrendsRequest parseTrendsQuery(const QJsonObject& node)
{
    TrendsRequest r;
    r.dateRange = node.value(QStringLiteral("dateRange")).toObject();
    if (const auto interval = optionalString(node, QStringLiteral("interval"), kNode)) {
        if (*interval == QLatin1String("minute") || *interval == QLatin1String("second"))
            throwUnsupported(QStringLiteral("The interval '%1'").arg(*interval));
        const std::optional<Interval> parsed = parseInterval(*interval);
        if (!parsed || *interval != interval->toLower())
            throwFieldError(
                kNode, QStringLiteral("interval"),
                QStringLiteral("Input should be 'second', 'minute', 'hour', 'day', 'week' or 'month'"));
        r.interval = *parsed;
    }
    const QJsonValue series = node.value(QStringLiteral("series"));
    if (!series.isArray())
        throwFieldError(kNode, QStringLiteral("series"), QStringLiteral("Field required"));
    const QJsonValue properties = node.value(QStringLiteral("properties"));
    for (const QJsonValue& item : series.toArray()) {
        if (!item.isObject())
            throwFieldError(kNode, QStringLiteral("series"), QStringLiteral("Input should be an object"));
        const QJsonObject s = item.toObject();
        const QString math = s.value(QStringLiteral("math")).toString(QStringLiteral("total"));
        if (math != QLatin1String("total") && math != QLatin1String("dau"))
            throwUnsupported(QStringLiteral("Trends math '%1'").arg(math));
        r.series.push_back({selectorFromNode(s, properties, kNode), math == QLatin1String("dau"), s});
    }
    const QJsonObject breakdown = node.value(QStringLiteral("breakdownFilter")).toObject();
    QJsonValue key = breakdown.value(QStringLiteral("breakdown"));
    QString type = breakdown.value(QStringLiteral("breakdown_type")).toString(QStringLiteral("event"));
    const QJsonArray many = breakdown.value(QStringLiteral("breakdowns")).toArray();
    if (many.size() > 1)
        throwUnsupported(QStringLiteral("More than one breakdown"));
    if (many.size() == 1) {
        key = many.first().toObject().value(QStringLiteral("property"));
        type = many.first().toObject().value(QStringLiteral("type")).toString(QStringLiteral("event"));
    }
    if (key.isString() && !key.toString().isEmpty()) {
        if (type != QLatin1String("event") && type != QLatin1String("person") &&
            type != QLatin1String("hogql"))
            throwUnsupported(QStringLiteral("A breakdown of type '%1'").arg(type));
        r.breakdownKey = key.toString();
        r.breakdownType = type;
        const QJsonValue bins = breakdown.value(QStringLiteral("breakdown_histogram_bin_count"));
        if (breakdown.value(QStringLiteral("breakdown_normalize_url")).toBool(false) ||
            (!bins.isNull() && !bins.isUndefined()))
            throwUnsupported(QStringLiteral("URL normalisation and histogram breakdowns"));
    } else if (!key.isNull() && !key.isUndefined() && !(key.isString() && key.toString().isEmpty())) {
        throwUnsupported(QStringLiteral("A breakdown that is not one property"));
    }
    r.breakdownLimit = optionalInteger(breakdown, QStringLiteral("breakdown_limit"), kNode).value_or(25);
    if (r.breakdownLimit < 1)
        throwFieldError(kNode, QStringLiteral("breakdownFilter.breakdown_limit"),
                        QStringLiteral("Input should be greater than 0"));
    const QJsonObject trendsFilter = node.value(QStringLiteral("trendsFilter")).toObject();
    if (!trendsFilter.value(QStringLiteral("formula")).toString().isEmpty() ||
        !trendsFilter.value(QStringLiteral("formulaNodes")).toArray().isEmpty())
        throwUnsupported(QStringLiteral("Trends formulas"));
    if (node.value(QStringLiteral("compareFilter")).toObject().value(QStringLiteral("compare")).toBool(false))
        throwUnsupported(QStringLiteral("Comparing trends to a previous period"));
    return r;
}

QJsonObject runTrends(RunContext& context, const TrendsRequest& request)
{
    const QueryDateRange range(request.dateRange, request.interval, context);
    const std::vector<int64_t> buckets = range.buckets();
    QJsonArray labels;
    QJsonArray days;
    QJsonArray actionDays;
    for (int64_t b : buckets) {
        labels.append(trendsLabel(b, range));
        days.append(trendsDay(b, request.interval));
        actionDays.append(isoSeconds(b));
    }
    QJsonArray results;
    bool anyMore = false;
    for (size_t s = 0; s < request.series.size(); ++s) {
        const TrendsRequest::Series& series = request.series[s];
        SeriesValues values = computeSeries(context, request, series, range, buckets);
        context.mark("./trends/series");
        bool hasMore = false;
        std::vector<size_t> order;
        if (request.breakdownKey.isEmpty()) {
            if (values.values.empty()) {
                values.values.push_back(QString());
                values.data.emplace_back(buckets.size(), 0);
            }
            order = {0};
        } else {
            order = values.values.empty()
                        ? std::vector<size_t>{}
                        : rankValues(values, request.breakdownLimit, series.uniquePersons, hasMore);
        }
        anyMore = anyMore || hasMore;
        const QString seriesLabel = series.selector.label();
        const QJsonObject action{
            {QStringLiteral("days"), actionDays},
            {QStringLiteral("id"),
             series.selector.event ? QJsonValue(seriesLabel) : QJsonValue(QJsonValue::Null)},
            {QStringLiteral("type"), QStringLiteral("events")},
            {QStringLiteral("order"), static_cast<qint64>(s)},
            {QStringLiteral("name"), seriesLabel},
            {QStringLiteral("custom_name"), series.node.value(QStringLiteral("custom_name")).isUndefined()
                                                ? QJsonValue(QJsonValue::Null)
                                                : series.node.value(QStringLiteral("custom_name"))},
            {QStringLiteral("math"), series.uniquePersons ? QStringLiteral("dau") : QStringLiteral("total")},
            {QStringLiteral("math_property"), QJsonValue(QJsonValue::Null)},
            {QStringLiteral("math_hogql"), QJsonValue(QJsonValue::Null)},
            {QStringLiteral("math_group_type_index"), QJsonValue(QJsonValue::Null)},
            {QStringLiteral("properties"), QJsonObject{}},
        };
        for (size_t v : order) {
            QJsonArray data;
            double count = 0;
            for (int64_t d : values.data[v]) {
                data.append(static_cast<qint64>(d));
                count += static_cast<double>(d);
            }
            QJsonObject object{{QStringLiteral("data"), data},
                               {QStringLiteral("labels"), labels},
                               {QStringLiteral("days"), days},
                               {QStringLiteral("count"), count},
                               {QStringLiteral("label"), seriesLabel},
                               {QStringLiteral("action"), action},
                               {QStringLiteral("order"), static_cast<qint64>(s)},
                               {QStringLiteral("filter"),
                                QJsonObject{{QStringLiteral("insight"), QStringLiteral("TRENDS")},
                                            {QStringLiteral("interval"), intervalName(request.interval)},
                                            {QStringLiteral("date_from"), isoSeconds(range.dateFrom())},
                                            {QStringLiteral("date_to"), isoSeconds(range.dateTo())}}}};
            if (!request.breakdownKey.isEmpty()) {
                // Rule: a breakdown series is labelled "<series> - <value>".
                object.insert(QStringLiteral("breakdown_value"), values.values[v]);
                object.insert(QStringLiteral("label"),
                              QStringLiteral("%1 - %2").arg(seriesLabel, values.values[v]));
            }
            results.append(object);
        }
    }
    QJsonObject response{{QStringLiteral("results"), results}};
    response.insert(QStringLiteral("hasMore"), anyMore);
    addResponseMetadata(response, context,
                        QStringLiteral("-- TrendsQuery by %1%2")
                            .arg(intervalName(request.interval),
                                 request.breakdownKey.isEmpty()
                                     ? QString()
                                     : QStringLiteral(", breakdown by ") + request.breakdownKey));
    response.insert(QStringLiteral("resolved_date_range"),
                    QJsonObject{{QStringLiteral("date_from"), isoSeconds(range.dateFrom())},
                                {QStringLiteral("date_to"), isoSeconds(range.dateTo())}});
    return response;
}

ActorSet trendsActors(RunContext& context, const TrendsRequest& request, const QJsonValue& day,
                      int64_t series, const QJsonValue& breakdown)
{
    if (series < 0 || static_cast<size_t>(series) >= request.series.size())
        throwInvalid(QStringLiteral("series %1 is not a series of the query").arg(series));
    const QueryDateRange range(request.dateRange, request.interval, context);
    // `day` names the interval: a date or datetime text (or a bucket index).
    int64_t start = 0;
    if (day.isString()) {
        const auto parsed = timefmt::parseDateTime(day.toString().toStdString());
        if (!parsed)
            throwInvalid(QStringLiteral("day '%1' is not a date").arg(day.toString()));
        start = startOfInterval(*parsed, request.interval);
    } else if (day.isDouble()) {
        const std::vector<int64_t> buckets = range.buckets();
        const auto index = static_cast<size_t>(day.toInteger());
        if (index >= buckets.size())
            throwInvalid(QStringLiteral("day %1 is outside the date range").arg(day.toInteger()));
        start = buckets[index];
    } else {
        throwInvalid(QStringLiteral("A trends actors query needs a day"));
    }
    const int64_t from = std::max(start, range.filterFrom());
    const int64_t to = std::min(addIntervals(start, request.interval, 1), range.dateTo() + 1);
    const EventSelector& selector = request.series[static_cast<size_t>(series)].selector;
    std::string sql = "SELECT e.person_id, e.distinct_id";
    sql += request.breakdownKey.isEmpty() ? ", NULL" : ", " + breakdownSql(request);
    sql += " FROM events e WHERE e.timestamp >= ?2 AND e.timestamp < ?3 AND e.person_id IS NOT NULL";
    if (selector.event)
        sql += " AND e.event = ?1";
    if (!selector.filterSql.empty())
        sql += " AND (" + selector.filterSql + ")";
    Statement stmt(context, sql);
    if (selector.event)
        stmt.bind(1, std::string_view(*selector.event));
    stmt.bind(2, from).bind(3, to);
    QString wanted;
    if (!request.breakdownKey.isEmpty()) {
        const QJsonValue value = breakdown.isArray() ? breakdown.toArray().first() : breakdown;
        wanted = value.isString() ? value.toString() : kNullLabel;
    }
    struct Actor
    {
        int64_t events = 0;
        std::set<std::string> distinctIds;
    };
    std::map<std::string, Actor> actors;
    while (stmt.step()) {
        if (!request.breakdownKey.isEmpty()) {
            const QString label = breakdownLabel(stmt.isNull(2), stmt.text(2));
            if (label != wanted)
                continue;
        }
        Actor& actor = actors[std::string(stmt.text(0))];
        ++actor.events;
        if (actor.distinctIds.size() < 100)
            actor.distinctIds.insert(std::string(stmt.text(1)));
    }
    ActorSet set;
    set.columns = {{QStringLiteral("event_count"), QStringLiteral("UInt64")},
                   {QStringLiteral("event_distinct_ids"), QStringLiteral("Array(String)")}};
    for (const auto& [person, actor] : actors) {
        QJsonArray ids;
        for (const std::string& id : actor.distinctIds)
            ids.append(QString::fromStdString(id));
        set.actors.push_back(person);
        set.values.push_back({static_cast<qint64>(actor.events), ids});
    }
    return set;
}

} // namespace hogscope::local::runners
