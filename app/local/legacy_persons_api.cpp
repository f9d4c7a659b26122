#include "legacy_persons_api.h"

#include "query_runner.h"
#include "runners/paths_runner.h"
#include "runners/result_table.h"
#include "runners/retention_runner.h"
#include "runners/runner_support.h"
#include "runners/stickiness_runner.h"
#include "time_format.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace hogscope::local::legacy {

namespace {

using runners::RunContext;
using runners::RunError;
using runners::Statement;

constexpr qint64 kPageSize = 100;

// The legacy filter: query-string parameters, overridden by the keys of a JSON body (POST).
class Params
{
public:
    Params(const QUrl& url, const QByteArray& body)
        : m_query(url)
    {
        if (!body.trimmed().isEmpty()) {
            QJsonParseError error{};
            const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
            if (error.error != QJsonParseError::NoError || !doc.isObject())
                runners::throwInvalid(QStringLiteral("JSON parse error - %1").arg(error.errorString()),
                                      QStringLiteral("parse_error"));
            m_body = doc.object();
        }
    }
    // The raw value: a body value as is, a query item as a string.
    QJsonValue value(const QString& key) const
    {
        if (m_body.contains(key))
            return m_body.value(key);
        if (m_query.hasQueryItem(key))
            return m_query.queryItemValue(key, QUrl::FullyDecoded);
        return QJsonValue(QJsonValue::Undefined);
    }
    QString text(const QString& key, const QString& fallback = QString()) const
    {
        const QJsonValue v = value(key);
        if (v.isString())
            return v.toString();
        if (v.isDouble())
            return QString::number(v.toInteger());
        return fallback;
    }
    std::optional<qint64> integer(const QString& key) const
    {
        const QJsonValue v = value(key);
        if (v.isDouble())
            return v.toInteger();
        bool ok = false;
        const qint64 n = text(key).toLongLong(&ok);
        if (!ok && v.isString() && !v.toString().isEmpty())
            runners::throwInvalid(QStringLiteral("%1 must be a number").arg(key));
        return ok ? std::optional<qint64>(n) : std::nullopt;
    }
    // A JSON-valued parameter (given as JSON text in the query string).
    QJsonValue json(const QString& key) const
    {
        const QJsonValue v = value(key);
        if (!v.isString())
            return v;
        if (v.toString().isEmpty())
            return QJsonValue(QJsonValue::Undefined);
        QJsonParseError error{};
        const QJsonDocument doc = QJsonDocument::fromJson(v.toString().toUtf8(), &error);
        if (error.error != QJsonParseError::NoError)
            runners::throwInvalid(QStringLiteral("%1 is not valid JSON: %2").arg(key, error.errorString()));
        return doc.isArray() ? QJsonValue(doc.array()) : QJsonValue(doc.object());
    }
    QJsonObject dateRange() const
    {
        QJsonObject range;
        if (!text(QStringLiteral("date_from")).isEmpty())
            range.insert(QStringLiteral("date_from"), text(QStringLiteral("date_from")));
        if (!text(QStringLiteral("date_to")).isEmpty())
            range.insert(QStringLiteral("date_to"), text(QStringLiteral("date_to")));
        return range;
    }

private:
    QUrlQuery m_query;
    QJsonObject m_body;
};

// PostHog's ANONYMOUS_REGEX: generated ids (UUIDs among them) sort after identified ones.
bool looksAnonymous(const QString& distinctId)
{
    static const QRegularExpression anonymous(QStringLiteral("^([a-z0-9]+\\-){4}([a-z0-9]+)$"));
    return anonymous.match(distinctId).hasMatch();
}

// The serialized person of the legacy endpoints (the list shape of persons/).
QJsonObject serializedPerson(RunContext& context, const std::string& uuid)
{
    Statement person(context, "SELECT created_at, properties, is_identified FROM persons WHERE id = ?1");
    person.bind(1, std::string_view(uuid));
    if (!person.step())
        return {};
    const QJsonObject properties =
        QJsonDocument::fromJson(
            QByteArray(person.text(1).data(), static_cast<qsizetype>(person.text(1).size())))
            .object();
    QStringList ids;
    Statement distinct(context,
                       "SELECT distinct_id FROM person_distinct_ids WHERE person_id = ?1 ORDER BY rowid");
    distinct.bind(1, std::string_view(uuid));
    while (distinct.step())
        ids.append(distinct.qtext(0));
    std::stable_partition(ids.begin(), ids.end(), [](const QString& id) { return !looksAnonymous(id); });
    const QString id = QString::fromStdString(uuid);
    QString name;
    for (const QString& key : {QStringLiteral("email"), QStringLiteral("name"), QStringLiteral("username")}) {
        const QJsonValue v = properties.value(key);
        if (v.isString() && !v.toString().isEmpty()) {
            name = v.toString();
            break;
        }
    }
    if (name.isEmpty())
        name = !ids.isEmpty() && !looksAnonymous(ids.front()) ? ids.front() : id;
    return QJsonObject{{QStringLiteral("type"), QStringLiteral("person")},
                       {QStringLiteral("id"), id},
                       {QStringLiteral("uuid"), id},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("distinct_ids"), QJsonArray::fromStringList(ids)},
                       {QStringLiteral("properties"), properties},
                       {QStringLiteral("is_identified"), person.integer(2) != 0},
                       {QStringLiteral("created_at"), timefmt::formatDateTime(person.integer(0))},
                       {QStringLiteral("matched_recordings"), QJsonArray{}},
                       {QStringLiteral("value_at_data_point"), QJsonValue(QJsonValue::Null)}};
}

struct Page
{
    std::vector<size_t> rows; // indexes into the actor set
    QJsonValue next = QJsonValue(QJsonValue::Null);
};

// One page of `order` (actor indexes): `offset` from the request, kPageSize rows, `next` when the
// page is full.
Page page(const std::vector<size_t>& order, const Params& params, const QUrl& url)
{
    Page p;
    const qint64 offset = std::max<qint64>(0, params.integer(QStringLiteral("offset")).value_or(0));
    for (size_t i = static_cast<size_t>(offset);
         i < order.size() && p.rows.size() < static_cast<size_t>(kPageSize); ++i)
        p.rows.push_back(order[i]);
    if (p.rows.size() == static_cast<size_t>(kPageSize) &&
        order.size() > static_cast<size_t>(offset + kPageSize)) {
        QUrl next = url;
        QUrlQuery query(url);
        query.removeAllQueryItems(QStringLiteral("offset"));
        query.addQueryItem(QStringLiteral("offset"), QString::number(offset + kPageSize));
        next.setQuery(query);
        p.next = next.toString(QUrl::FullyEncoded);
    }
    return p;
}

QJsonObject eventEntity(const QJsonValue& value)
{
    QJsonObject entity = value.toObject();
    if (entity.value(QStringLiteral("type")).toString(QStringLiteral("events")) != QLatin1String("events"))
        runners::throwUnsupported(QStringLiteral("An action entity"));
    return entity;
}

ApiReply retention(RunContext& context, const Params& params, const QUrl& url)
{
    // The legacy retention filter: period, retention_type, total_intervals (default 11),
    // target/returning entity (JSON, default $pageview events), selected_interval (the cohort).
    const qint64 total = params.integer(QStringLiteral("total_intervals")).value_or(11);
    const qint64 selected = params.integer(QStringLiteral("selected_interval")).value_or(0);
    QJsonObject filter{
        {QStringLiteral("period"), params.text(QStringLiteral("period"), QStringLiteral("Day"))},
        {QStringLiteral("totalIntervals"), total},
        {QStringLiteral("retentionType"),
         params.text(QStringLiteral("retention_type"), QStringLiteral("retention_recurring"))}};
    for (const auto& [legacyKey, key] :
         {std::pair{QStringLiteral("target_entity"), QStringLiteral("targetEntity")},
          std::pair{QStringLiteral("returning_entity"), QStringLiteral("returningEntity")}}) {
        const QJsonValue entity = params.json(legacyKey);
        if (entity.isObject())
            filter.insert(key, eventEntity(entity));
    }
    const QJsonObject node{{QStringLiteral("kind"), QStringLiteral("RetentionQuery")},
                           {QStringLiteral("dateRange"), params.dateRange()},
                           {QStringLiteral("retentionFilter"), filter},
                           {QStringLiteral("properties"), params.json(QStringLiteral("properties"))}};
    const runners::ActorSet set =
        runners::retentionActors(context, runners::parseRetentionQuery(node), selected);
    // Rule: appearances[i] is 1 when the person counted in interval i of the cohort, for the
    // intervals from the cohort to the last one (total_intervals - selected_interval of them).
    const int appearancesColumn = set.columnIndex(QStringLiteral("appearances"));
    std::vector<std::vector<int>> appearances;
    for (const auto& values : set.values) {
        std::vector<int> flags(static_cast<size_t>(std::max<qint64>(0, total - selected)), 0);
        for (const QJsonValue& k : values[static_cast<size_t>(appearancesColumn)].toArray()) {
            if (k.toInteger() < static_cast<qint64>(flags.size()))
                flags[static_cast<size_t>(k.toInteger())] = 1;
        }
        appearances.push_back(std::move(flags));
    }
    // Most returning first, then by person.
    std::vector<size_t> order(set.actors.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const int ca = static_cast<int>(std::count(appearances[a].begin(), appearances[a].end(), 1));
        const int cb = static_cast<int>(std::count(appearances[b].begin(), appearances[b].end(), 1));
        return ca != cb ? ca > cb : set.actors[a] < set.actors[b];
    });
    const Page p = page(order, params, url);
    QJsonArray result;
    for (size_t i : p.rows) {
        QJsonArray flags;
        for (int f : appearances[i])
            flags.append(f);
        result.append(QJsonObject{{QStringLiteral("person"), serializedPerson(context, set.actors[i])},
                                  {QStringLiteral("appearances"), flags}});
    }
    ApiReply reply;
    reply.body = QJsonObject{{QStringLiteral("result"), result},
                             {QStringLiteral("next"), p.next},
                             {QStringLiteral("missing_persons"), 0}};
    return reply;
}

ApiReply stickiness(RunContext& context, const Params& params, const QUrl& url)
{
    // The entity: entity_id/entity_type, or the first of the `events` list.
    QJsonObject entity;
    if (!params.text(QStringLiteral("entity_id")).isEmpty()) {
        entity = eventEntity(QJsonObject{
            {QStringLiteral("id"), params.text(QStringLiteral("entity_id"))},
            {QStringLiteral("type"), params.text(QStringLiteral("entity_type"), QStringLiteral("events"))}});
    } else {
        const QJsonArray events = params.json(QStringLiteral("events")).toArray();
        if (!params.json(QStringLiteral("actions")).toArray().isEmpty())
            runners::throwUnsupported(QStringLiteral("An action entity"));
        if (events.isEmpty())
            runners::throwInvalid(
                QStringLiteral("An entity is required: entity_id and entity_type, or events"));
        entity = eventEntity(events.first());
    }
    const std::optional<qint64> day = params.integer(QStringLiteral("stickiness_days"));
    if (!day)
        runners::throwInvalid(QStringLiteral("stickiness_days is required"), QStringLiteral("required"));
    QJsonObject series{{QStringLiteral("kind"), QStringLiteral("EventsNode")},
                       {QStringLiteral("event"), entity.value(QStringLiteral("id"))}};
    if (entity.contains(QStringLiteral("properties")))
        series.insert(QStringLiteral("properties"), entity.value(QStringLiteral("properties")));
    const QJsonObject node{
        {QStringLiteral("kind"), QStringLiteral("StickinessQuery")},
        {QStringLiteral("series"), QJsonArray{series}},
        {QStringLiteral("interval"), params.text(QStringLiteral("interval"), QStringLiteral("day"))},
        {QStringLiteral("dateRange"), params.dateRange()},
        {QStringLiteral("properties"), params.json(QStringLiteral("properties"))}};
    const runners::ActorSet set = runners::stickinessActors(context, runners::parseStickinessQuery(node),
                                                            *day, std::nullopt, QString());
    std::vector<size_t> order(set.actors.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    const Page p = page(order, params, url);
    QJsonArray people;
    for (size_t i : p.rows)
        people.append(serializedPerson(context, set.actors[i]));
    ApiReply reply;
    reply.body = QJsonObject{
        {QStringLiteral("results"), QJsonArray{QJsonObject{{QStringLiteral("people"), people},
                                                           {QStringLiteral("count"), people.size()}}}},
        {QStringLiteral("next"), p.next}};
    return reply;
}

ApiReply path(RunContext& context, const Params& params, const QUrl& url)
{
    if (!params.value(QStringLiteral("funnel_filter")).isUndefined() &&
        !params.json(QStringLiteral("funnel_filter")).toObject().isEmpty())
        runners::throwUnsupported(QStringLiteral("Funnel paths"));
    QJsonObject filter;
    QJsonValue types = params.json(QStringLiteral("include_event_types"));
    if (!types.isArray() && !params.text(QStringLiteral("path_type")).isEmpty())
        types = QJsonArray{params.text(QStringLiteral("path_type"))};
    if (types.isArray())
        filter.insert(QStringLiteral("includeEventTypes"), types);
    const std::pair<const char*, const char*> textKeys[] = {{"start_point", "startPoint"},
                                                            {"end_point", "endPoint"},
                                                            {"path_start_key", "pathStartKey"},
                                                            {"path_end_key", "pathEndKey"},
                                                            {"path_dropoff_key", "pathDropoffKey"}};
    for (const auto& [legacyKey, key] : textKeys) {
        const QString value = params.text(QString::fromLatin1(legacyKey));
        if (!value.isEmpty())
            filter.insert(QString::fromLatin1(key), value);
    }
    if (const auto steps = params.integer(QStringLiteral("step_limit")))
        filter.insert(QStringLiteral("stepLimit"), *steps);
    if (params.json(QStringLiteral("exclude_events")).isArray())
        filter.insert(QStringLiteral("excludeEvents"), params.json(QStringLiteral("exclude_events")));
    const QJsonObject node{{QStringLiteral("kind"), QStringLiteral("PathsQuery")},
                           {QStringLiteral("dateRange"), params.dateRange()},
                           {QStringLiteral("pathsFilter"), filter},
                           {QStringLiteral("properties"), params.json(QStringLiteral("properties"))}};
    const runners::ActorSet set = runners::pathsActors(context, runners::parsePathsQuery(node));
    // Most matching steps first, then by person.
    std::vector<size_t> order(set.actors.size());
    for (size_t i = 0; i < order.size(); ++i)
        order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const qint64 ca = set.values[a][0].toInteger();
        const qint64 cb = set.values[b][0].toInteger();
        return ca != cb ? ca > cb : set.actors[a] < set.actors[b];
    });
    const Page p = page(order, params, url);
    QJsonArray people;
    for (size_t i : p.rows)
        people.append(serializedPerson(context, set.actors[i]));
    ApiReply reply;
    reply.body = QJsonObject{
        {QStringLiteral("results"), QJsonArray{QJsonObject{{QStringLiteral("people"), people},
                                                           {QStringLiteral("count"), people.size()}}}},
        {QStringLiteral("next"), p.next},
        {QStringLiteral("initial"), url.toString(QUrl::FullyEncoded)},
        {QStringLiteral("missing_persons"), 0},
        {QStringLiteral("is_cached"), false},
        {QStringLiteral("last_refresh"), timefmt::formatDateTime(context.now())}};
    return reply;
}

} // namespace

bool isLegacyPersonsEndpoint(const QString& name)
{
    return name == QLatin1String("retention") || name == QLatin1String("stickiness") ||
           name == QLatin1String("path");
}

ApiReply personsEndpoint(sqlite3* db, QueryExecution& execution, const QString& name, const QUrl& url,
                         const QByteArray& body)
{
    try {
        const Params params(url, name == QLatin1String("path") ? body : QByteArray());
        RunContext context(db, execution, QDateTime::currentMSecsSinceEpoch() * 1000);
        if (name == QLatin1String("retention"))
            return retention(context, params, url);
        if (name == QLatin1String("stickiness"))
            return stickiness(context, params, url);
        return path(context, params, url);
    } catch (const RunError& error) {
        switch (error.status) {
        case QueryOutcome::Status::Invalid:
            return apiValidationError(error.message, error.code);
        case QueryOutcome::Status::Cancelled:
        case QueryOutcome::Status::TimedOut:
        case QueryOutcome::Status::Failed:
        case QueryOutcome::Status::Ok:
            break;
        }
        return apiError(500, QStringLiteral("server_error"), QStringLiteral("error"), error.message);
    }
}

} // namespace hogscope::local::legacy
