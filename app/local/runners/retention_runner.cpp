#include "retention_runner.h"

#include "runner_support.h"

#include <QJsonArray>

#include <algorithm>

namespace hogscope::local::runners {

namespace {

const QString kNode = QStringLiteral("RetentionQuery");

// Who starts which cohort and who returns when, as period indexes of the date range.
struct Cohorts
{
    RetentionDateRange range;
    int64_t lookahead = 0;
    PersonIds persons;
    std::vector<std::vector<int32_t>> starts;  // per person: cohort indexes, sorted, unique
    std::vector<std::vector<int32_t>> returns; // per person: return period indexes, sorted, unique
};

void addUnique(std::vector<std::vector<int32_t>>& sets, int person, int32_t value)
{
    if (static_cast<size_t>(person) >= sets.size())
        sets.resize(static_cast<size_t>(person) + 1);
    sets[static_cast<size_t>(person)].push_back(value);
}

void normalise(std::vector<std::vector<int32_t>>& sets)
{
    for (auto& set : sets) {
        std::sort(set.begin(), set.end());
        set.erase(std::unique(set.begin(), set.end()), set.end());
    }
}

bool sameSelector(const EventSelector& a, const EventSelector& b)
{
    return a.event == b.event && a.filterSql == b.filterSql;
}

Cohorts computeCohorts(RunContext& context, const RetentionRequest& request)
{
    Cohorts c{RetentionDateRange(request.dateRange, request.period, request.totalIntervals, context),
              request.totalIntervals,
              {},
              {},
              {}};
    const RetentionDateRange& range = c.range;
    // The rollup holds whole UTC days, enough for Day, Week and Month periods.
    const bool dayResolution = request.period != Interval::Hour;
    auto inRange = [&](int64_t index) { return index >= 0 && index < range.periods(); };

    // Return periods: the returning event inside the range.
    auto collectReturns = [&](int person, int64_t time, int64_t) {
        const int64_t index = range.periodIndex(time);
        if (inRange(index))
            addUnique(c.returns, person, static_cast<int32_t>(index));
    };
    forEachActivity(context, request.returning, range.start(), range.end(), dayResolution, c.persons,
                    collectReturns);
    context.mark("./retention/returning");

    if (request.firstTime) {
        // Rule (first_time): the person's first target event over all time decides; when its period
        // is not inside the range, the person starts no cohort at all.
        forEachFirstActivity(context, request.target, dayResolution, c.persons,
                             [&](int person, int64_t time) {
                                 const int64_t index = range.periodIndex(time);
                                 if (time >= range.start() && time < range.end() && inRange(index))
                                     addUnique(c.starts, person, static_cast<int32_t>(index));
                             });
    } else if (sameSelector(request.target, request.returning)) {
        // Rule (recurring): the person starts a cohort in every period with the target event.
        c.starts = c.returns;
    } else {
        forEachActivity(context, request.target, range.start(), range.end(), dayResolution, c.persons,
                        [&](int person, int64_t time, int64_t) {
                            const int64_t index = range.periodIndex(time);
                            if (inRange(index))
                                addUnique(c.starts, person, static_cast<int32_t>(index));
                        });
    }
    context.mark("./retention/target");
    normalise(c.starts);
    normalise(c.returns);
    c.starts.resize(static_cast<size_t>(c.persons.size()));
    c.returns.resize(static_cast<size_t>(c.persons.size()));
    return c;
}

// The intervals k in which `person` counts for `cohort`: 0 always (the cohort size is driven by the
// target event), and k >= 1 when the returning event happened in period cohort + k inside the range
// (cumulative: every k up to the furthest return).
std::vector<int32_t> appearances(const Cohorts& c, int person, int32_t cohort, bool cumulative)
{
    std::vector<int32_t> out{0};
    for (int32_t period : c.returns[static_cast<size_t>(person)]) {
        const int64_t k = period - cohort;
        if (k >= 1 && k < c.lookahead)
            out.push_back(static_cast<int32_t>(k));
    }
    if (cumulative && out.size() > 1) {
        const int32_t furthest = out.back();
        out.clear();
        for (int32_t k = 0; k <= furthest; ++k)
            out.push_back(k);
    }
    return out;
}

EventSelector entity(const QJsonObject& filter, const QString& key, const QJsonValue& properties)
{
    const QJsonValue value = filter.value(key);
    if (value.isUndefined() || value.isNull()) {
        // DEFAULT_ENTITY: $pageview events.
        return selectorFromNode(QJsonObject{{QStringLiteral("id"), QStringLiteral("$pageview")},
                                            {QStringLiteral("type"), QStringLiteral("events")}},
                                properties, kNode);
    }
    if (!value.isObject())
        throwFieldError(kNode, QStringLiteral("retentionFilter.") + key,
                        QStringLiteral("Input should be an object"));
    return selectorFromNode(value.toObject(), properties, kNode);
}

} // namespace

RetentionRequest parseRetentionQuery(const QJsonObject& node)
{
    RetentionRequest r;
    const QJsonValue filterValue = node.value(QStringLiteral("retentionFilter"));
    if (!filterValue.isObject())
        throwFieldError(kNode, QStringLiteral("retentionFilter"), QStringLiteral("Field required"));
    const QJsonObject filter = filterValue.toObject();
    r.dateRange = node.value(QStringLiteral("dateRange")).toObject();

    if (const auto period = optionalString(filter, QStringLiteral("period"), kNode)) {
        const std::optional<Interval> parsed = parseInterval(*period);
        if (!parsed || period->front().isLower())
            throwFieldError(kNode, QStringLiteral("retentionFilter.period"),
                            QStringLiteral("Input should be 'Hour', 'Day', 'Week' or 'Month'"));
        r.period = *parsed;
    }
    // The schema's default is 8 intervals; an explicit null or 0 falls back to the runner's 7.
    if (filter.contains(QStringLiteral("totalIntervals"))) {
        const std::optional<int64_t> total = optionalInteger(filter, QStringLiteral("totalIntervals"), kNode);
        r.totalIntervals = total && *total > 0 ? *total : 7;
        if (r.totalIntervals > 1000)
            throwFieldError(kNode, QStringLiteral("retentionFilter.totalIntervals"),
                            QStringLiteral("Input should be less than or equal to 1000"));
    }
    if (const auto type = optionalString(filter, QStringLiteral("retentionType"), kNode)) {
        if (*type == QLatin1String("retention_first_time"))
            r.firstTime = true;
        else if (*type == QLatin1String("retention_first_ever_occurrence"))
            throwUnsupported(QStringLiteral("retentionType retention_first_ever_occurrence"));
        else if (*type != QLatin1String("retention_recurring"))
            throwFieldError(kNode, QStringLiteral("retentionFilter.retentionType"),
                            QStringLiteral("Input should be 'retention_recurring', 'retention_first_time' or "
                                           "'retention_first_ever_occurrence'"));
    }
    r.cumulative = filter.value(QStringLiteral("cumulative")).toBool(false);
    if (filter.value(QStringLiteral("retentionCustomBrackets")).toArray().size() > 0)
        throwUnsupported(QStringLiteral("retentionCustomBrackets"));
    if (filter.value(QStringLiteral("timeWindowMode")).toString() == QLatin1String("24_hour_windows"))
        throwUnsupported(QStringLiteral("timeWindowMode 24_hour_windows"));
    const QString aggregation =
        filter.value(QStringLiteral("aggregationType")).toString(QStringLiteral("count"));
    if (aggregation != QLatin1String("count"))
        throwUnsupported(QStringLiteral("aggregationType %1").arg(aggregation));
    if (filter.value(QStringLiteral("minimumOccurrences")).toInt(1) > 1)
        throwUnsupported(QStringLiteral("minimumOccurrences above 1"));
    const QJsonObject breakdown = node.value(QStringLiteral("breakdownFilter")).toObject();
    if (!breakdown.value(QStringLiteral("breakdown")).isNull() &&
        !breakdown.value(QStringLiteral("breakdown")).isUndefined())
        throwUnsupported(QStringLiteral("A retention breakdown"));
    if (!breakdown.value(QStringLiteral("breakdowns")).toArray().isEmpty())
        throwUnsupported(QStringLiteral("A retention breakdown"));
    if (!node.value(QStringLiteral("aggregation_group_type_index")).isNull() &&
        !node.value(QStringLiteral("aggregation_group_type_index")).isUndefined())
        throwUnsupported(QStringLiteral("Group aggregation"));

    const QJsonValue properties = node.value(QStringLiteral("properties"));
    r.target = entity(filter, QStringLiteral("targetEntity"), properties);
    r.returning = entity(filter, QStringLiteral("returningEntity"), properties);
    return r;
}

QJsonObject runRetention(RunContext& context, const RetentionRequest& request)
{
    const Cohorts c = computeCohorts(context, request);
    const int64_t periods = c.range.periods();
    std::vector<std::vector<int64_t>> counts(static_cast<size_t>(periods),
                                             std::vector<int64_t>(static_cast<size_t>(c.lookahead), 0));
    for (int person = 0; person < c.persons.size(); ++person) {
        for (int32_t cohort : c.starts[static_cast<size_t>(person)]) {
            for (int32_t k : appearances(c, person, cohort, request.cumulative))
                ++counts[static_cast<size_t>(cohort)][static_cast<size_t>(k)];
        }
    }
    context.mark("./retention/count");

    const QString title = intervalTitle(request.period);
    QJsonArray results;
    for (int64_t s = 0; s < periods; ++s) {
        QJsonArray values;
        for (int64_t k = 0; k < c.lookahead; ++k) {
            values.append(
                QJsonObject{{QStringLiteral("count"),
                             static_cast<qint64>(counts[static_cast<size_t>(s)][static_cast<size_t>(k)])},
                            {QStringLiteral("label"), QStringLiteral("%1 %2").arg(title).arg(k)}});
        }
        results.append(QJsonObject{{QStringLiteral("values"), values},
                                   {QStringLiteral("label"), QStringLiteral("%1 %2").arg(title).arg(s)},
                                   {QStringLiteral("date"), isoSeconds(c.range.periodStart(s))},
                                   {QStringLiteral("breakdown_value"), QJsonValue(QJsonValue::Null)}});
    }
    QJsonObject response{{QStringLiteral("results"), results}};
    addResponseMetadata(
        response, context,
        QStringLiteral("-- RetentionQuery: %1 %2 over %3 %4 periods from %5")
            .arg(request.firstTime ? QStringLiteral("first-time") : QStringLiteral("recurring"),
                 request.target.label())
            .arg(periods)
            .arg(intervalName(request.period), isoSeconds(c.range.start())));
    response.insert(QStringLiteral("resolved_date_range"),
                    QJsonObject{{QStringLiteral("date_from"), isoSeconds(c.range.start())},
                                {QStringLiteral("date_to"), isoSeconds(c.range.end())}});
    return response;
}

ActorSet retentionActors(RunContext& context, const RetentionRequest& request, int64_t interval)
{
    const Cohorts c = computeCohorts(context, request);
    ActorSet set;
    const QString prefix = intervalName(request.period);
    set.columns.push_back({QStringLiteral("appearance_intervals"), QStringLiteral("Array(Int64)")});
    set.columns.push_back({QStringLiteral("appearances"), QStringLiteral("Array(Int64)")});
    for (int64_t k = 0; k < c.lookahead; ++k)
        set.columns.push_back({QStringLiteral("%1_%2").arg(prefix).arg(k), QStringLiteral("UInt8")});
    for (int person = 0; person < c.persons.size(); ++person) {
        const auto& starts = c.starts[static_cast<size_t>(person)];
        if (!std::binary_search(starts.begin(), starts.end(), static_cast<int32_t>(interval)))
            continue;
        const std::vector<int32_t> ks =
            appearances(c, person, static_cast<int32_t>(interval), request.cumulative);
        QJsonArray list;
        for (int32_t k : ks)
            list.append(k);
        std::vector<QJsonValue> row{list, list};
        for (int64_t k = 0; k < c.lookahead; ++k)
            row.push_back(std::binary_search(ks.begin(), ks.end(), static_cast<int32_t>(k)));
        set.actors.push_back(c.persons.uuid(person));
        set.values.push_back(std::move(row));
    }
    return set;
}

} // namespace hogscope::local::runners
