#include "activity.h"

#include "property_filters.h"
#include "runner_support.h"

#include "local/time_format.h"

#include <QJsonArray>

namespace hogscope::local::runners {

namespace {

constexpr int64_t kDay = timefmt::kMicrosPerDay;

bool wholeDay(int64_t micros)
{
    return micros % kDay == 0;
}

} // namespace

int PersonIds::id(std::string_view uuid)
{
    if (const auto it = m_ids.find(uuid); it != m_ids.end())
        return it->second;
    const int id = static_cast<int>(m_uuids.size());
    m_ids.emplace(std::string(uuid), id);
    m_uuids.emplace_back(uuid);
    return id;
}

EventSelector selectorFromNode(const QJsonObject& node, const QJsonValue& extraFilters, const QString& where)
{
    EventSelector selector;
    const QString kind = node.value(QStringLiteral("kind")).toString();
    const QString type = node.value(QStringLiteral("type")).toString();
    if (kind == QLatin1String("ActionsNode") || type == QLatin1String("actions"))
        throwUnsupported(QStringLiteral("An action series (actions are not stored locally)"));
    if (!kind.isEmpty() && kind != QLatin1String("EventsNode"))
        throwUnsupported(QStringLiteral("A series of kind %1").arg(kind));
    // EventsNode names its event in `event`; a retention entity in `id`. null means all events.
    const QJsonValue event = node.contains(QStringLiteral("event")) ? node.value(QStringLiteral("event"))
                                                                    : node.value(QStringLiteral("id"));
    if (event.isString())
        selector.event = event.toString().toStdString();
    else if (!event.isNull() && !event.isUndefined())
        throwFieldError(where, QStringLiteral("event"), QStringLiteral("Input should be a valid string"));
    const std::string own = propertyFiltersSql(node.value(QStringLiteral("properties")), FilterScope::Events);
    const std::string shared = propertyFiltersSql(extraFilters, FilterScope::Events);
    selector.filterSql = own;
    if (!shared.empty())
        selector.filterSql = own.empty() ? shared : "(" + own + ") AND (" + shared + ")";
    return selector;
}

void forEachActivity(RunContext& context, const EventSelector& selector, int64_t from, int64_t to,
                     bool dayResolution, PersonIds& persons, const ActivityVisitor& visit)
{
    if (from >= to)
        return;
    int64_t rows = 0;
    if (dayResolution && selector.filterSql.empty() && wholeDay(from) && wholeDay(to)) {
        // The rollup: one row per person per day (per event; summed when all events count).
        const std::string sql = selector.event ? "SELECT person_id, day, events FROM rollup_person_days "
                                                 "WHERE event = ?1 AND day >= ?2 AND day < ?3"
                                               : "SELECT person_id, day, sum(events) FROM rollup_person_days "
                                                 "WHERE day >= ?2 AND day < ?3 GROUP BY day, person_id";
        Statement stmt(context, sql);
        if (selector.event)
            stmt.bind(1, std::string_view(*selector.event));
        stmt.bind(2, from / kDay).bind(3, to / kDay);
        while (stmt.step()) {
            visit(persons.id(stmt.text(0)), stmt.integer(1) * kDay, stmt.integer(2));
            if (++rows % 65536 == 0)
                context.check();
        }
        return;
    }
    std::string sql =
        "SELECT e.person_id, e.timestamp FROM events e WHERE e.timestamp >= ?2 AND e.timestamp < ?3 "
        "AND e.person_id IS NOT NULL";
    if (selector.event)
        sql += " AND e.event = ?1";
    if (!selector.filterSql.empty())
        sql += " AND (" + selector.filterSql + ")";
    Statement stmt(context, sql);
    if (selector.event)
        stmt.bind(1, std::string_view(*selector.event));
    stmt.bind(2, from).bind(3, to);
    while (stmt.step()) {
        visit(persons.id(stmt.text(0)), stmt.integer(1), 1);
        if (++rows % 65536 == 0)
            context.check();
    }
}

void forEachFirstActivity(RunContext& context, const EventSelector& selector, bool dayResolution,
                          PersonIds& persons, const std::function<void(int person, int64_t time)>& visit)
{
    std::string sql;
    bool fromRollup = dayResolution && selector.filterSql.empty();
    if (fromRollup) {
        sql = selector.event
                  ? "SELECT person_id, min(day) FROM rollup_person_days WHERE event = ?1 GROUP BY person_id"
                  : "SELECT person_id, min(day) FROM rollup_person_days GROUP BY person_id";
    } else {
        sql = "SELECT e.person_id, min(e.timestamp) FROM events e WHERE e.person_id IS NOT NULL";
        if (selector.event)
            sql += " AND e.event = ?1";
        if (!selector.filterSql.empty())
            sql += " AND (" + selector.filterSql + ")";
        sql += " GROUP BY e.person_id";
    }
    Statement stmt(context, sql);
    if (selector.event)
        stmt.bind(1, std::string_view(*selector.event));
    int64_t rows = 0;
    while (stmt.step()) {
        visit(persons.id(stmt.text(0)), fromRollup ? stmt.integer(1) * kDay : stmt.integer(1));
        if (++rows % 65536 == 0)
            context.check();
    }
}

} // namespace hogscope::local::runners
