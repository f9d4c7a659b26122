#include "paths_runner.h"

#include "activity.h"
#include "date_range.h"
#include "property_filters.h"
#include "runner_support.h"

#include <QJsonArray>

#include <algorithm>
#include <functional>
#include <map>
#include <set>
#include <unordered_map>

namespace hogscope::local::runners {

namespace {

const QString kNode = QStringLiteral("PathsQuery");
constexpr int64_t kSessionGapMicros = 30 * 60 * 1'000'000LL; // SESSION_TIME_THRESHOLD_DEFAULT_SECONDS

// Path items as dense ids (id 0 is the "..." placeholder of start+end paths).
class Items
{
public:
    Items() { id("..."); }
    int id(std::string_view text)
    {
        const auto [it, inserted] = m_ids.try_emplace(std::string(text), static_cast<int>(m_texts.size()));
        if (inserted)
            m_texts.emplace_back(text);
        return it->second;
    }
    const std::string& text(int id) const { return m_texts[static_cast<size_t>(id)]; }
    std::optional<int> find(const std::string& text) const
    {
        const auto it = m_ids.find(text);
        return it == m_ids.end() ? std::nullopt : std::optional<int>(it->second);
    }

private:
    std::unordered_map<std::string, int> m_ids;
    std::vector<std::string> m_texts;
};

struct Step
{
    int item;
    int64_t time;
};

// Rule: a path point has one trailing slash removed ("https://x/" -> "https://x"; a lone "/" stays),
// as replaceRegexpAll(url, '(.)/$', '\\1') does.
std::string stripTrailingSlash(std::string_view text)
{
    if (text.size() > 1 && text.back() == '/')
        text.remove_suffix(1);
    return std::string(text);
}

// Visits every limited session path of every person: `visit(person, steps)`.
void forEachPath(RunContext& context, const PathsRequest& request,
                 const std::function<void(int person, const std::vector<Step>& steps)>& visit,
                 PersonIds& persons, Items& items)
{
    const QueryDateRange range(request.dateRange, Interval::Day, context);
    auto shouldQuery = [&](const QString& event) {
        if (request.allEvents)
            return !request.excludeEvents.contains(event);
        return (event == QLatin1String("$pageview") && request.pageviews) ||
               (event == QLatin1String("$screen") && request.screens);
    };
    const bool pageviewItems = shouldQuery(QStringLiteral("$pageview"));
    const bool screenItems = shouldQuery(QStringLiteral("$screen"));

    std::string sql = "SELECT e.person_id, e.timestamp, e.event, e.\"mat_$current_url\", "
                      "hs_prop(e.properties -> '$.\"$screen_name\"') FROM events e "
                      "WHERE e.timestamp >= ?1 AND e.timestamp <= ?2 AND e.person_id IS NOT NULL";
    if (!request.allEvents) {
        std::string types;
        auto add = [&](const std::string& condition) { types += (types.empty() ? "" : " OR ") + condition; };
        if (request.pageviews)
            add("e.event = '$pageview'");
        if (request.screens)
            add("e.event = '$screen'");
        if (request.customEvents)
            add("substr(e.event, 1, 1) <> '$'");
        if (!types.empty())
            sql += " AND (" + types + ")";
    }
    const std::string filters = propertyFiltersSql(request.properties, FilterScope::Events);
    if (!filters.empty())
        sql += " AND (" + filters + ")";
    Statement stmt(context, sql);
    // Rule: from the start of date_from's day to date_to (inclusive).
    stmt.bind(1, range.filterFrom()).bind(2, range.dateTo());
    std::set<std::string> excluded;
    if (!request.allEvents) {
        // excludeEvents filters path items, and only when event types are listed.
        for (const QString& e : request.excludeEvents)
            excluded.insert(e.toStdString());
    }
    struct Row
    {
        int person;
        int64_t time;
        int64_t order;
        int item;
    };
    std::vector<Row> rows;
    int64_t order = 0;
    while (stmt.step()) {
        const std::string_view event = stmt.text(2);
        std::string item;
        if (pageviewItems && event == "$pageview")
            item = stripTrailingSlash(stmt.text(3));
        else if (screenItems && event == "$screen")
            item = std::string(stmt.text(4));
        else
            item = std::string(event);
        if (!excluded.empty() && excluded.count(item))
            continue;
        rows.push_back({persons.id(stmt.text(0)), stmt.integer(1), order++, items.id(item)});
        if (order % 65536 == 0)
            context.check();
    }
    context.mark("./paths/load");
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        return a.person != b.person ? a.person < b.person
                                    : (a.time != b.time ? a.time < b.time : a.order < b.order);
    });

    const std::string startPoint = stripTrailingSlash(request.startPoint.toStdString());
    const std::string endPoint = stripTrailingSlash(request.endPoint.toStdString());
    const std::optional<int> startItem =
        startPoint.empty() ? std::nullopt : std::optional<int>(items.id(startPoint));
    const std::optional<int> endItem =
        endPoint.empty() ? std::nullopt : std::optional<int>(items.id(endPoint));
    const size_t limit = static_cast<size_t>(request.stepLimit);

    std::vector<Step> session;
    std::vector<Step> compact;
    auto finishSession = [&](int person) {
        if (session.empty())
            return;
        // Rule: a run of the same item is one step, keeping the time of the run's last event.
        compact.clear();
        for (size_t i = 0; i < session.size(); ++i) {
            if (i + 1 == session.size() || session[i].item != session[i + 1].item)
                compact.push_back(session[i]);
        }
        session.clear();
        auto indexOf = [](const std::vector<Step>& steps, int item, size_t from) -> std::optional<size_t> {
            for (size_t i = from; i < steps.size(); ++i) {
                if (steps[i].item == item)
                    return i;
            }
            return std::nullopt;
        };
        std::vector<Step> limited;
        if (startItem && endItem) {
            // Rule: from the first start point, up to the first end point after it; a longer path
            // keeps its first and last stepLimit/2 steps around a "..." step.
            const auto s = indexOf(compact, *startItem, 0);
            if (!s)
                return;
            const auto e = indexOf(compact, *endItem, *s);
            if (!e)
                return;
            const std::vector<Step> filtered(compact.begin() + static_cast<ptrdiff_t>(*s),
                                             compact.begin() + static_cast<ptrdiff_t>(*e) + 1);
            if (filtered.size() > limit) {
                const size_t half = limit / 2;
                limited.assign(filtered.begin(), filtered.begin() + static_cast<ptrdiff_t>(half));
                limited.push_back({0, filtered[half].time});
                limited.insert(limited.end(), filtered.end() - static_cast<ptrdiff_t>(half), filtered.end());
            } else {
                limited = filtered;
            }
        } else if (startItem) {
            // Rule: sessions that never reach the start point are dropped; the path starts there.
            const auto s = indexOf(compact, *startItem, 0);
            if (!s)
                return;
            limited.assign(compact.begin() + static_cast<ptrdiff_t>(*s), compact.end());
            if (limited.size() > limit)
                limited.resize(limit);
        } else if (endItem) {
            // Rule: the path ends at the first end point and keeps its last stepLimit steps.
            const auto e = indexOf(compact, *endItem, 0);
            if (!e)
                return;
            limited.assign(compact.begin(), compact.begin() + static_cast<ptrdiff_t>(*e) + 1);
            if (limited.size() > limit)
                limited.erase(limited.begin(), limited.end() - static_cast<ptrdiff_t>(limit));
        } else {
            // Rule: only the first stepLimit steps are kept.
            limited = compact;
            if (limited.size() > limit)
                limited.resize(limit);
        }
        visit(person, limited);
    };
    for (size_t i = 0; i < rows.size(); ++i) {
        // Rule: a gap of 30 minutes or more between selected events starts a new session.
        const bool newPerson = i == 0 || rows[i].person != rows[i - 1].person;
        if (!newPerson && rows[i].time - rows[i - 1].time >= kSessionGapMicros)
            finishSession(rows[i - 1].person);
        else if (newPerson && i > 0)
            finishSession(rows[i - 1].person);
        session.push_back({rows[i].item, rows[i].time});
    }
    if (!rows.empty())
        finishSession(rows.back().person);
}

} // namespace

PathsRequest parsePathsQuery(const QJsonObject& node)
{
    PathsRequest r;
    r.dateRange = node.value(QStringLiteral("dateRange")).toObject();
    const QJsonValue filterValue = node.value(QStringLiteral("pathsFilter"));
    if (!filterValue.isObject() && !filterValue.isUndefined() && !filterValue.isNull())
        throwFieldError(kNode, QStringLiteral("pathsFilter"), QStringLiteral("Input should be an object"));
    const QJsonObject filter = filterValue.toObject();
    for (const QJsonValue& type : filter.value(QStringLiteral("includeEventTypes")).toArray()) {
        const QString t = type.toString();
        if (t == QLatin1String("$pageview"))
            r.pageviews = true;
        else if (t == QLatin1String("$screen"))
            r.screens = true;
        else if (t == QLatin1String("custom_event"))
            r.customEvents = true;
        else if (t == QLatin1String("hogql"))
            throwUnsupported(QStringLiteral("includeEventTypes hogql"));
        else
            throwFieldError(
                kNode, QStringLiteral("pathsFilter.includeEventTypes"),
                QStringLiteral("Input should be '$pageview', '$screen', 'custom_event' or 'hogql'"));
        r.allEvents = false;
    }
    for (const QJsonValue& e : filter.value(QStringLiteral("excludeEvents")).toArray())
        r.excludeEvents.append(e.toString());
    r.startPoint = optionalString(filter, QStringLiteral("startPoint"), kNode).value_or(QString());
    r.endPoint = optionalString(filter, QStringLiteral("endPoint"), kNode).value_or(QString());
    // Rule: stepLimit defaults to 5 and edgeLimit to 50 (also when given as 0/null).
    r.stepLimit = optionalInteger(filter, QStringLiteral("stepLimit"), kNode).value_or(0);
    if (r.stepLimit <= 0)
        r.stepLimit = 5;
    r.edgeLimit = optionalInteger(filter, QStringLiteral("edgeLimit"), kNode).value_or(0);
    if (r.edgeLimit <= 0)
        r.edgeLimit = 50;
    r.minEdgeWeight = optionalInteger(filter, QStringLiteral("minEdgeWeight"), kNode);
    r.maxEdgeWeight = optionalInteger(filter, QStringLiteral("maxEdgeWeight"), kNode);
    if (!filter.value(QStringLiteral("pathGroupings")).toArray().isEmpty() ||
        !filter.value(QStringLiteral("localPathCleaningFilters")).toArray().isEmpty() ||
        filter.value(QStringLiteral("pathReplacements")).toBool(false))
        throwUnsupported(QStringLiteral("Path groupings and cleaning"));
    if (node.contains(QStringLiteral("funnelPathsFilter")) &&
        !node.value(QStringLiteral("funnelPathsFilter")).isNull())
        throwUnsupported(QStringLiteral("Funnel paths"));
    r.properties = node.value(QStringLiteral("properties"));
    r.pathStartKey = filter.value(QStringLiteral("pathStartKey")).toString();
    r.pathEndKey = filter.value(QStringLiteral("pathEndKey")).toString();
    r.pathDropoffKey = filter.value(QStringLiteral("pathDropoffKey")).toString();
    return r;
}

QJsonObject runPaths(RunContext& context, const PathsRequest& request)
{
    struct Edge
    {
        int64_t count = 0;
        double seconds = 0;
    };
    // (step of the target, source item, target item) -> traversals.
    std::map<std::tuple<size_t, int, int>, Edge> edges;
    PersonIds persons;
    Items items;
    forEachPath(
        context, request,
        [&](int, const std::vector<Step>& steps) {
            // Rule: each consecutive pair of steps is one traversal (value counts traversals, not
            // persons), timed from the first step's time to the second's.
            for (size_t i = 1; i < steps.size(); ++i) {
                Edge& edge = edges[{i + 1, steps[i - 1].item, steps[i].item}];
                ++edge.count;
                edge.seconds += static_cast<double>(steps[i].time - steps[i - 1].time) / 1e6;
            }
        },
        persons, items);
    struct Row
    {
        std::string source;
        std::string target;
        int64_t count;
        double average;
    };
    std::vector<Row> rows;
    for (const auto& [key, edge] : edges) {
        const auto& [step, source, target] = key;
        if (request.minEdgeWeight && *request.minEdgeWeight != 0 && edge.count < *request.minEdgeWeight)
            continue;
        if (request.maxEdgeWeight && *request.maxEdgeWeight != 0 && edge.count > *request.maxEdgeWeight)
            continue;
        rows.push_back({std::to_string(step - 1) + "_" + items.text(source),
                        std::to_string(step) + "_" + items.text(target), edge.count,
                        edge.seconds / static_cast<double>(edge.count)});
    }
    // Rule: ordered by value DESC, source, target (byte order); the first edgeLimit are kept.
    std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
        if (a.count != b.count)
            return a.count > b.count;
        if (a.source != b.source)
            return a.source < b.source;
        return a.target < b.target;
    });
    if (rows.size() > static_cast<size_t>(request.edgeLimit))
        rows.resize(static_cast<size_t>(request.edgeLimit));
    // Rule: then every edge whose source cannot be reached from a "1_" node through kept edges goes.
    std::unordered_map<std::string, std::vector<std::string>> children;
    std::vector<std::string> stack;
    for (const Row& row : rows) {
        children[row.source].push_back(row.target);
        if (row.source.rfind("1_", 0) == 0)
            stack.push_back(row.source);
    }
    std::set<std::string> seen;
    while (!stack.empty()) {
        const std::string node = stack.back();
        stack.pop_back();
        seen.insert(node);
        for (const std::string& child : children[node]) {
            if (!seen.count(child))
                stack.push_back(child);
        }
    }
    QJsonArray results;
    for (const Row& row : rows) {
        if (!seen.count(row.source))
            continue;
        results.append(QJsonObject{{QStringLiteral("source"), QString::fromStdString(row.source)},
                                   {QStringLiteral("target"), QString::fromStdString(row.target)},
                                   {QStringLiteral("value"), static_cast<qint64>(row.count)},
                                   {QStringLiteral("average_conversion_time"), row.average * 1000.0}});
    }
    context.mark("./paths/edges");
    QJsonObject response{{QStringLiteral("results"), results}};
    addResponseMetadata(response, context,
                        QStringLiteral("-- PathsQuery, step limit %1").arg(request.stepLimit));
    return response;
}

ActorSet pathsActors(RunContext& context, const PathsRequest& request)
{
    std::map<std::string, int64_t> counts; // person uuid -> matching steps
    PersonIds persons;
    Items items;
    const std::string startKey = request.pathStartKey.toStdString();
    const std::string endKey = request.pathEndKey.toStdString();
    const std::string dropoffKey = request.pathDropoffKey.toStdString();
    forEachPath(
        context, request,
        [&](int person, const std::vector<Step>& steps) {
            for (size_t i = 0; i < steps.size(); ++i) {
                const std::string key = std::to_string(i + 1) + "_" + items.text(steps[i].item);
                bool match = true;
                if (!dropoffKey.empty()) {
                    // Rule: a drop-off is the last step of a path.
                    match = i + 1 == steps.size() && key == dropoffKey;
                } else {
                    if (!startKey.empty())
                        match = i > 0 && std::to_string(i) + "_" + items.text(steps[i - 1].item) == startKey;
                    if (!endKey.empty())
                        match = match && key == endKey;
                }
                if (match)
                    ++counts[persons.uuid(person)];
            }
        },
        persons, items);
    ActorSet set;
    set.columns = {{QStringLiteral("event_count"), QStringLiteral("UInt64")}};
    for (const auto& [person, count] : counts) {
        set.actors.push_back(person);
        set.values.push_back({static_cast<qint64>(count)});
    }
    return set;
}

} // namespace hogscope::local::runners
