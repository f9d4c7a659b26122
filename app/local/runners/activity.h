#pragma once

// Who was active when: the input of retention, stickiness and unique-user trends. Read from the
// rollup of activity per person per day per event when the question allows it (whole UTC days, no
// property filters), else from the events themselves.

#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hogscope::local::runners {

class RunContext;

// Person UUIDs as dense indexes.
class PersonIds
{
public:
    int id(std::string_view uuid);
    const std::string& uuid(int id) const { return m_uuids[static_cast<size_t>(id)]; }
    int size() const { return static_cast<int>(m_uuids.size()); }

private:
    // Heterogeneous lookup: a row's UUID is found without building a std::string for it.
    struct Hash
    {
        using is_transparent = void;
        size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
    };
    std::unordered_map<std::string, int, Hash, std::equal_to<>> m_ids;
    std::vector<std::string> m_uuids;
};

// Which events count: one event name or all, plus property filters.
struct EventSelector
{
    std::optional<std::string> event; // nullopt: all events
    std::string filterSql;            // a condition over `events e`, or empty
    QString label() const { return event ? QString::fromStdString(*event) : QStringLiteral("All events"); }
};

// An EventsNode / retention entity of a request: {"kind":"EventsNode","event":...,"properties":[...]}
// or {"id":..., "type":"events"}; actions are outside the local engine. `extraFilters` are the
// query-level properties.
EventSelector selectorFromNode(const QJsonObject& node, const QJsonValue& extraFilters, const QString& where);

using ActivityVisitor = std::function<void(int person, int64_t time, int64_t events)>;

// Calls `visit` for activity of `selector` in [from, to): from the rollup one call per (person,
// UTC day) with `time` = the day's start and `events` = that day's count, when `dayResolution` is
// enough and the bounds are whole days and there are no filters; otherwise one call per event with
// its exact timestamp and `events` = 1.
void forEachActivity(RunContext& context, const EventSelector& selector, int64_t from, int64_t to,
                     bool dayResolution, PersonIds& persons, const ActivityVisitor& visit);

// Calls `visit(person, time)` with each person's first activity of `selector` over all time (the day
// start from the rollup when `dayResolution`, else the exact timestamp).
void forEachFirstActivity(RunContext& context, const EventSelector& selector, bool dayResolution,
                          PersonIds& persons, const std::function<void(int person, int64_t time)>& visit);

} // namespace hogscope::local::runners
