#include "events_runner.h"

#include "date_range.h"
#include "property_filters.h"
#include "result_table.h"
#include "runner_support.h"

#include "local/hogql_compiler.h"
#include "local/query_runner.h"

#include <QJsonArray>

#include <sqlite3.h>

#include <unordered_map>

namespace hogscope::local::runners {

namespace {

const QString kNode = QStringLiteral("EventsQuery");

// SELECT_STAR_FROM_EVENTS_FIELDS, read as separate columns and put back together as one object.
const char* const kStarFields[] = {"uuid",        "event",          "properties", "timestamp",
                                   "distinct_id", "elements_chain", "created_at"};
constexpr int kStarCount = 7;

QString stripComment(const QString& text)
{
    const qsizetype comment = text.indexOf(QStringLiteral("--"));
    return (comment < 0 ? text : text.left(comment)).trimmed();
}

QString hogqlString(const QString& text)
{
    QString out = text;
    out.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    out.replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + out + QLatin1Char('\'');
}

// One output column: a plain expression (one compiled column), the "*" object (seven), the person
// object (the distinct_id column), or person_display_name (three).
struct Output
{
    enum class Kind
    {
        Plain,
        Star,
        Person,
        DisplayName,
    } kind = Kind::Plain;
    QString name;
    int first = 0; // first compiled column
};

std::vector<QString> stringList(const QJsonObject& node, const QString& key)
{
    const QJsonValue value = node.value(key);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isArray())
        throwFieldError(kNode, key, QStringLiteral("Input should be a valid list"));
    std::vector<QString> out;
    for (const QJsonValue& item : value.toArray()) {
        if (!item.isString())
            throwFieldError(kNode, key, QStringLiteral("Input should be a valid string"));
        out.push_back(item.toString());
    }
    return out;
}

} // namespace

void validateEventsQuery(const QJsonObject& node)
{
    if (!node.value(QStringLiteral("select")).isArray())
        throwFieldError(kNode, QStringLiteral("select"), QStringLiteral("Field required"));
    stringList(node, QStringLiteral("select"));
    stringList(node, QStringLiteral("where"));
    stringList(node, QStringLiteral("orderBy"));
    stringList(node, QStringLiteral("events"));
    optionalString(node, QStringLiteral("event"), kNode);
    optionalString(node, QStringLiteral("before"), kNode);
    optionalString(node, QStringLiteral("after"), kNode);
    const std::optional<int64_t> limit = optionalInteger(node, QStringLiteral("limit"), kNode);
    const std::optional<int64_t> offset = optionalInteger(node, QStringLiteral("offset"), kNode);
    if ((limit && *limit < 0) || (offset && *offset < 0))
        throwFieldError(kNode, limit && *limit < 0 ? QStringLiteral("limit") : QStringLiteral("offset"),
                        QStringLiteral("Input should be greater than or equal to 0"));
    if (!node.value(QStringLiteral("actionId")).isUndefined() &&
        !node.value(QStringLiteral("actionId")).isNull())
        throwUnsupported(QStringLiteral("Events of an action (actions are not stored locally)"));
    if (!node.value(QStringLiteral("source")).isUndefined() && !node.value(QStringLiteral("source")).isNull())
        throwUnsupported(QStringLiteral("The events behind an insight data point (EventsQuery.source)"));
    propertyFiltersSql(node.value(QStringLiteral("properties")), FilterScope::Events);
    propertyFiltersSql(node.value(QStringLiteral("fixedProperties")), FilterScope::Events);
}

void runEvents(RunContext& context, const QJsonObject& node, QueryOutcome& outcome)
{
    validateEventsQuery(node);
    std::vector<QString> selectRaw = stringList(node, QStringLiteral("select"));
    if (selectRaw.empty())
        selectRaw = {QStringLiteral("*")};
    const int64_t limitValue = optionalInteger(node, QStringLiteral("limit"), kNode).value_or(100);
    const int64_t limit = std::min<int64_t>(limitValue > 0 ? limitValue : 100, kMaxSelectReturnedRows);
    const int64_t offset = optionalInteger(node, QStringLiteral("offset"), kNode).value_or(0);

    // The select list as HogQL.
    std::vector<Output> outputs;
    QStringList items;
    for (const QString& raw : selectRaw) {
        Output out;
        out.name = raw;
        out.first = static_cast<int>(items.size());
        const QString expression = stripComment(raw);
        if (raw == QLatin1String("*")) {
            out.kind = Output::Kind::Star;
            for (const char* field : kStarFields)
                items.append(QString::fromLatin1(field));
        } else if (expression == QLatin1String("person")) {
            out.kind = Output::Kind::Person;
            items.append(QStringLiteral("distinct_id"));
        } else if (expression == QLatin1String("person_display_name")) {
            out.kind = Output::Kind::DisplayName;
            items.append(QStringLiteral("coalesce(person.properties.email, person.properties.name, "
                                        "person.properties.username, distinct_id)"));
            items.append(QStringLiteral("toString(person.id)"));
            items.append(QStringLiteral("distinct_id"));
        } else {
            items.append(expression);
        }
        outputs.push_back(out);
    }

    // Which columns aggregate: then the others are the GROUP BY.
    CompileOptions options;
    options.nowMicros = context.now();
    std::vector<bool> aggregate;
    for (const QString& item : items) {
        const ExpressionResult compiled = compileHogQLExpression(item, options);
        if (const auto* error = std::get_if<CompileError>(&compiled))
            throwInvalid(error->message, error->code);
        aggregate.push_back(std::get<CompiledExpression>(compiled).aggregate);
    }
    const bool anyAggregate = std::find(aggregate.begin(), aggregate.end(), true) != aggregate.end();

    // WHERE: the HogQL conditions and the event names in the query; property filters, the person
    // and the time bounds as SQL beside them.
    QStringList where;
    for (const QString& condition : stringList(node, QStringLiteral("where")))
        where.append(QLatin1Char('(') + condition + QLatin1Char(')'));
    QStringList events;
    if (const auto event = optionalString(node, QStringLiteral("event"), kNode); event && !event->isEmpty())
        events.append(*event);
    for (const QString& event : stringList(node, QStringLiteral("events"))) {
        if (!event.isEmpty())
            events.append(event);
    }
    if (events.size() == 1) {
        where.append(QStringLiteral("event = %1").arg(hogqlString(events.front())));
    } else if (events.size() > 1) {
        QStringList quoted;
        for (const QString& e : events)
            quoted.append(hogqlString(e));
        where.append(QStringLiteral("event IN (%1)").arg(quoted.join(QStringLiteral(", "))));
    }
    std::string extra;
    auto addExtra = [&](const std::string& condition) {
        if (!condition.empty())
            extra += (extra.empty() ? "(" : " AND (") + condition + ")";
    };
    addExtra(propertyFiltersSql(node.value(QStringLiteral("properties")), FilterScope::Events));
    addExtra(propertyFiltersSql(node.value(QStringLiteral("fixedProperties")), FilterScope::Events));
    if (const auto person = optionalString(node, QStringLiteral("personId"), kNode);
        person && !person->isEmpty())
        addExtra("e.distinct_id IN (SELECT distinct_id FROM person_distinct_ids WHERE person_id = " +
                 sqlQuote(person->toStdString()) + ")");
    // Rule: before defaults to now + 5 seconds (no future events by accident), after to -24h.
    const QString before = optionalString(node, QStringLiteral("before"), kNode).value_or(QString());
    const int64_t beforeMicros =
        before.isEmpty() ? context.now() + 5'000'000 : parseDate(before, context.now(), false).micros;
    addExtra("e.timestamp < " + std::to_string(beforeMicros));
    const QString after =
        optionalString(node, QStringLiteral("after"), kNode).value_or(QStringLiteral("-24h"));
    if (after != QLatin1String("all"))
        addExtra("e.timestamp > " + std::to_string(parseDate(after, context.now(), false).micros));

    // ORDER BY: as asked; else count() DESC, the first aggregate DESC, timestamp DESC, or the first
    // column ascending.
    QStringList orderBy;
    for (const QString& o : stringList(node, QStringLiteral("orderBy")))
        orderBy.append(o);
    if (!node.contains(QStringLiteral("orderBy")) || node.value(QStringLiteral("orderBy")).isNull()) {
        const auto aggregateIt = std::find(aggregate.begin(), aggregate.end(), true);
        if (std::find(selectRaw.begin(), selectRaw.end(), QStringLiteral("count()")) != selectRaw.end())
            orderBy = {QStringLiteral("count() DESC")};
        else if (aggregateIt != aggregate.end())
            orderBy = {items[static_cast<qsizetype>(aggregateIt - aggregate.begin())] +
                       QStringLiteral(" DESC")};
        else if (std::find(selectRaw.begin(), selectRaw.end(), QStringLiteral("timestamp")) !=
                 selectRaw.end())
            orderBy = {QStringLiteral("timestamp DESC")};
        else if (!items.isEmpty())
            orderBy = {items.front() + QStringLiteral(" ASC")};
    }

    QString hogql =
        QStringLiteral("SELECT ") + items.join(QStringLiteral(", ")) + QStringLiteral(" FROM events");
    if (!where.isEmpty())
        hogql += QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND "));
    if (anyAggregate) {
        QStringList group;
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (!aggregate[static_cast<size_t>(i)])
                group.append(items[i]);
        }
        if (!group.isEmpty())
            hogql += QStringLiteral(" GROUP BY ") + group.join(QStringLiteral(", "));
    }
    if (!orderBy.isEmpty())
        hogql += QStringLiteral(" ORDER BY ") + orderBy.join(QStringLiteral(", "));
    hogql += QStringLiteral(" LIMIT %1").arg(limit + 1);
    if (offset > 0)
        hogql += QStringLiteral(" OFFSET %1").arg(offset);

    options.extraWhereSql = extra;
    options.limitCap = kMaxSelectReturnedRows + 1;
    CompileResult compiled = compileHogQL(hogql, options);
    if (const auto* error = std::get_if<CompileError>(&compiled))
        throwInvalid(error->message, error->code);
    const CompiledQuery& plan = std::get<CompiledQuery>(compiled);
    context.mark("./events/compile");

    Statement stmt(context, plan.sql);
    Statement personOf(context, "SELECT p.id, p.created_at, p.properties FROM person_distinct_ids d "
                                "JOIN persons p ON p.id = d.person_id WHERE d.distinct_id = ?1");
    std::unordered_map<std::string, std::string> personJson; // distinct id -> person cell
    auto table = std::make_shared<ResultTable>(static_cast<int>(outputs.size()));
    std::string scratch;
    size_t rows = 0;
    while (stmt.step()) {
        if (++rows > static_cast<size_t>(limit))
            break;
        for (const Output& out : outputs) {
            const int c = out.first;
            switch (out.kind) {
            case Output::Kind::Plain:
                addSqliteCell(*table, stmt.get(), c, plan.columns[static_cast<size_t>(c)].type);
                break;
            case Output::Kind::Star: {
                scratch = "{\"uuid\":";
                appendJsonString(scratch, stmt.text(c));
                scratch += ",\"event\":";
                appendJsonString(scratch, stmt.text(c + 1));
                scratch += ",\"properties\":";
                scratch += stmt.text(c + 2);
                scratch += ",\"timestamp\":\"";
                appendDateTime(scratch, stmt.integer(c + 3));
                scratch += "\",\"team_id\":1,\"distinct_id\":";
                appendJsonString(scratch, stmt.text(c + 4));
                scratch += ",\"elements_chain\":";
                appendJsonString(scratch, stmt.text(c + 5));
                scratch += ",\"created_at\":\"";
                appendDateTime(scratch, stmt.integer(c + 6));
                scratch += "\",\"person_mode\":\"full\"}";
                table->addJson(scratch);
                break;
            }
            case Output::Kind::Person: {
                // The person owning the event's distinct id now (PostHog reads it from Postgres).
                const std::string distinctId(stmt.text(c));
                auto it = personJson.find(distinctId);
                if (it == personJson.end()) {
                    std::string json;
                    personOf.reset();
                    personOf.bind(1, std::string_view(distinctId));
                    if (personOf.step()) {
                        json = "{\"uuid\":";
                        appendJsonString(json, personOf.text(0));
                        json += ",\"created_at\":\"";
                        appendDateTime(json, personOf.integer(1));
                        json += "\",\"properties\":";
                        json += personOf.text(2);
                        json += ",\"distinct_id\":";
                    } else {
                        json = "{\"distinct_id\":";
                    }
                    appendJsonString(json, distinctId);
                    json += '}';
                    it = personJson.emplace(distinctId, std::move(json)).first;
                }
                table->addJson(it->second);
                break;
            }
            case Output::Kind::DisplayName:
                scratch = "{\"display_name\":";
                appendJsonString(scratch, stmt.text(c));
                scratch += ",\"id\":";
                appendJsonString(scratch, stmt.text(c + 1));
                scratch += ",\"distinct_id\":";
                appendJsonString(scratch, stmt.text(c + 2));
                scratch += '}';
                table->addJson(scratch);
                break;
            }
        }
        if (rows % 4096 == 0)
            context.check();
    }
    context.mark("./events/execute");

    QJsonArray columns;
    QJsonArray types;
    for (const Output& out : outputs) {
        columns.append(out.name);
        switch (out.kind) {
        case Output::Kind::Plain:
            types.append(plan.columns[static_cast<size_t>(out.first)].type.clickhouseName());
            break;
        case Output::Kind::Star:
            types.append(
                QStringLiteral("Tuple(UUID, String, String, DateTime64(6, 'UTC'), Int64, String, String, "
                               "DateTime64(6, 'UTC'), String)"));
            break;
        case Output::Kind::Person:
            types.append(QStringLiteral("String"));
            break;
        case Output::Kind::DisplayName:
            types.append(QStringLiteral("Tuple(String, String, String)"));
            break;
        }
    }
    QJsonObject& r = outcome.response;
    r.insert(QStringLiteral("columns"), columns);
    r.insert(QStringLiteral("types"), types);
    r.insert(QStringLiteral("hasMore"), rows > static_cast<size_t>(limit));
    r.insert(QStringLiteral("limit"), static_cast<qint64>(limit));
    r.insert(QStringLiteral("offset"), static_cast<qint64>(offset));
    r.insert(QStringLiteral("nextCursor"), QJsonValue(QJsonValue::Null));
    addResponseMetadata(r, context, hogql);
    outcome.table = std::move(table);
}

} // namespace hogscope::local::runners
