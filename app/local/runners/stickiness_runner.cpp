#include "stickiness_runner.h"

#include "runner_support.h"

#include <QJsonArray>

#include <algorithm>
#include <bit>
#include <unordered_map>

namespace hogscope::local::runners {

namespace {

const QString kNode = QStringLiteral("StickinessQuery");

struct SeriesIntervals
{
    PersonIds persons;
    std::vector<int64_t> intervals; // per person: intervals counted
    int64_t total = 0;              // N: intervals in the range
};

bool criteriaHolds(const StickinessRequest& request, int64_t events)
{
    // Rule: without stickinessCriteria an interval counts when it has at least one event (HAVING
    // count() > 0); with it, when the person's event count in the interval passes the test.
    if (request.criteriaOperator.isEmpty())
        return events > 0;
    if (request.criteriaOperator == QLatin1String("gte"))
        return events >= request.criteriaValue;
    if (request.criteriaOperator == QLatin1String("lte"))
        return events > 0 && events <= request.criteriaValue;
    return events == request.criteriaValue;
}

SeriesIntervals computeSeries(RunContext& context, const StickinessRequest& request,
                              const EventSelector& selector)
{
    const QueryDateRange range(request.dateRange, request.interval, context);
    const std::vector<int64_t> buckets = range.buckets();
    SeriesIntervals out;
    // Rule: N = intervals from date_from's to date_to's, both included.
    out.total = static_cast<int64_t>(buckets.size());
    // Rule: events from date_from (adjusted to its interval's start) to date_to, both inclusive.
    const auto bucketCount = static_cast<uint64_t>(std::max<size_t>(buckets.size(), 1));
    auto bucketOf = [&](int64_t time) -> int64_t {
        const int64_t start = startOfInterval(time, request.interval);
        const auto it = std::lower_bound(buckets.begin(), buckets.end(), start);
        return it == buckets.end() || *it != start ? -1 : it - buckets.begin();
    };
    if (request.criteriaOperator.isEmpty() && bucketCount <= 64) {
        // Without criteria an interval counts once it has an event: one bit per interval and
        // person, counted at the end (the common case, and the hot loop of a stickiness query).
        std::vector<uint64_t> seen;
        forEachActivity(context, selector, range.filterFrom(), range.dateTo() + 1,
                        request.interval != Interval::Hour, out.persons,
                        [&](int person, int64_t time, int64_t) {
                            const int64_t b = bucketOf(time);
                            if (b < 0)
                                return;
                            if (static_cast<size_t>(person) >= seen.size())
                                seen.resize(static_cast<size_t>(person) + 1, 0);
                            seen[static_cast<size_t>(person)] |= uint64_t{1} << b;
                        });
        out.intervals.assign(static_cast<size_t>(out.persons.size()), 0);
        for (size_t p = 0; p < seen.size(); ++p)
            out.intervals[p] = std::popcount(seen[p]);
        return out;
    }
    std::unordered_map<uint64_t, int64_t> counts; // (person, bucket) -> events
    forEachActivity(
        context, selector, range.filterFrom(), range.dateTo() + 1, request.interval != Interval::Hour,
        out.persons, [&](int person, int64_t time, int64_t events) {
            const int64_t b = bucketOf(time);
            if (b >= 0)
                counts[static_cast<uint64_t>(person) * bucketCount + static_cast<uint64_t>(b)] += events;
        });
    out.intervals.assign(static_cast<size_t>(out.persons.size()), 0);
    for (const auto& [key, events] : counts) {
        if (criteriaHolds(request, events))
            ++out.intervals[static_cast<size_t>(key / bucketCount)];
    }
    return out;
}

} // namespace

StickinessRequest parseStickinessQuery(const QJsonObject& node)
{
    StickinessRequest r;
    r.dateRange = node.value(QStringLiteral("dateRange")).toObject();
    if (const auto interval = optionalString(node, QStringLiteral("interval"), kNode)) {
        const std::optional<Interval> parsed = parseInterval(*interval);
        if (!parsed || *interval != interval->toLower())
            throwFieldError(kNode, QStringLiteral("interval"),
                            QStringLiteral("Input should be 'minute', 'hour', 'day', 'week' or 'month'"));
        r.interval = *parsed;
    }
    if (optionalInteger(node, QStringLiteral("intervalCount"), kNode).value_or(1) != 1)
        throwUnsupported(QStringLiteral("intervalCount above 1"));
    const QJsonValue series = node.value(QStringLiteral("series"));
    if (!series.isArray())
        throwFieldError(kNode, QStringLiteral("series"), QStringLiteral("Field required"));
    const QJsonValue properties = node.value(QStringLiteral("properties"));
    for (const QJsonValue& item : series.toArray()) {
        if (!item.isObject())
            throwFieldError(kNode, QStringLiteral("series"), QStringLiteral("Input should be an object"));
        const QJsonObject s = item.toObject();
        const QString math = s.value(QStringLiteral("math")).toString();
        if (!math.isEmpty() && math != QLatin1String("dau") && math != QLatin1String("total"))
            throwUnsupported(QStringLiteral("Stickiness math '%1'").arg(math));
        r.series.push_back({selectorFromNode(s, properties, kNode), s.value(QStringLiteral("custom_name"))});
    }
    const QJsonObject filter = node.value(QStringLiteral("stickinessFilter")).toObject();
    if (const auto computed = optionalString(filter, QStringLiteral("computedAs"), kNode)) {
        if (*computed == QLatin1String("cumulative"))
            r.cumulative = true;
        else if (*computed != QLatin1String("non_cumulative"))
            throwFieldError(kNode, QStringLiteral("stickinessFilter.computedAs"),
                            QStringLiteral("Input should be 'non_cumulative' or 'cumulative'"));
    }
    const QJsonObject criteria = filter.value(QStringLiteral("stickinessCriteria")).toObject();
    if (!criteria.isEmpty()) {
        r.criteriaOperator = criteria.value(QStringLiteral("operator")).toString();
        if (r.criteriaOperator != QLatin1String("gte") && r.criteriaOperator != QLatin1String("lte") &&
            r.criteriaOperator != QLatin1String("exact"))
            throwFieldError(kNode, QStringLiteral("stickinessFilter.stickinessCriteria.operator"),
                            QStringLiteral("Input should be 'gte', 'lte' or 'exact'"));
        r.criteriaValue = optionalInteger(criteria, QStringLiteral("value"), kNode).value_or(1);
    }
    if (node.value(QStringLiteral("compareFilter")).toObject().value(QStringLiteral("compare")).toBool(false))
        throwUnsupported(QStringLiteral("Comparing stickiness to a previous period"));
    return r;
}

QJsonObject runStickiness(RunContext& context, const StickinessRequest& request)
{
    QJsonArray results;
    const QString unit = intervalName(request.interval);
    for (size_t s = 0; s < request.series.size(); ++s) {
        const StickinessRequest::Series& series = request.series[s];
        const SeriesIntervals computed = computeSeries(context, request, series.selector);
        std::vector<int64_t> data(static_cast<size_t>(computed.total), 0);
        for (int64_t n : computed.intervals) {
            if (n >= 1 && n <= computed.total)
                ++data[static_cast<size_t>(n - 1)];
        }
        // Rule: count is the sum of the exact counts (persons active at least once), also when the
        // data is shown cumulatively (data[n-1] = persons active on n or more intervals).
        int64_t count = 0;
        for (int64_t d : data)
            count += d;
        if (request.cumulative) {
            for (size_t i = data.size(); i-- > 1;)
                data[i - 1] += data[i];
        }
        QJsonArray dataJson;
        QJsonArray days;
        QJsonArray labels;
        for (size_t i = 0; i < data.size(); ++i) {
            const int64_t day = static_cast<int64_t>(i) + 1;
            dataJson.append(static_cast<qint64>(data[i]));
            days.append(static_cast<qint64>(day));
            labels.append(QStringLiteral("%1 %2%3%4")
                              .arg(day)
                              .arg(unit, day == 1 ? QString() : QStringLiteral("s"),
                                   request.cumulative ? QStringLiteral(" or more") : QString()));
        }
        const QString label = series.selector.label();
        const QJsonValue id = series.selector.event ? QJsonValue(label) : QJsonValue(QJsonValue::Null);
        results.append(QJsonObject{
            {QStringLiteral("count"), static_cast<qint64>(count)},
            {QStringLiteral("data"), dataJson},
            {QStringLiteral("days"), days},
            {QStringLiteral("label"), label},
            {QStringLiteral("labels"), labels},
            {QStringLiteral("action"),
             QJsonObject{{QStringLiteral("order"), static_cast<qint64>(s)},
                         {QStringLiteral("type"), QStringLiteral("events")},
                         {QStringLiteral("name"), label},
                         {QStringLiteral("id"), id},
                         {QStringLiteral("custom_name"), series.customName.isUndefined()
                                                             ? QJsonValue(QJsonValue::Null)
                                                             : series.customName}}},
        });
        context.mark("./stickiness/series");
    }
    QJsonObject response{{QStringLiteral("results"), results}};
    addResponseMetadata(response, context, QStringLiteral("-- StickinessQuery by %1").arg(unit));
    return response;
}

ActorSet stickinessActors(RunContext& context, const StickinessRequest& request, int64_t day,
                          std::optional<int64_t> series, const QString& op)
{
    ActorSet set;
    std::vector<std::string> seen;
    for (size_t s = 0; s < request.series.size(); ++s) {
        if (series && static_cast<size_t>(*series) != s)
            continue;
        const SeriesIntervals computed = computeSeries(context, request, request.series[s].selector);
        for (int person = 0; person < computed.persons.size(); ++person) {
            const int64_t n = computed.intervals[static_cast<size_t>(person)];
            if (n <= 0)
                continue;
            // Rule: cumulative mode shows persons active on `day` or more intervals; otherwise exactly
            // `day`, unless the StickinessActorsQuery operator says otherwise.
            bool match = n == day;
            if (request.cumulative || op == QLatin1String("gte"))
                match = n >= day;
            else if (op == QLatin1String("lte"))
                match = n <= day;
            if (match)
                seen.push_back(computed.persons.uuid(person));
        }
    }
    std::sort(seen.begin(), seen.end());
    seen.erase(std::unique(seen.begin(), seen.end()), seen.end());
    set.actors = std::move(seen);
    set.values.assign(set.actors.size(), {});
    return set;
}

} // namespace hogscope::local::runners
