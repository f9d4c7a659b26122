#include "api/persons_client.h"

#include "model/result_table.h"

#include <QJsonDocument>

namespace hogscope::api {

namespace {

const QString kPersonScope = QStringLiteral("person:read");

QString idText(const QJsonValue& value)
{
    if (value.isDouble())
        return QString::number(qint64(value.toDouble()));
    return value.toString();
}

QDateTime timeFrom(const QJsonValue& value)
{
    return value.isString() ? QDateTime::fromString(value.toString(), Qt::ISODateWithMs) : QDateTime();
}

Person personFrom(const QJsonObject& object)
{
    Person person;
    person.id = idText(object.value(QLatin1StringView("id")));
    person.uuid = object.value(QLatin1StringView("uuid")).toString();
    if (person.uuid.isEmpty())
        person.uuid = person.id; // the list shape: id is the UUID
    person.name = object.value(QLatin1StringView("name")).toString();
    for (const QJsonValue& id : object.value(QLatin1StringView("distinct_ids")).toArray())
        if (id.isString())
            person.distinctIds << id.toString();
    person.properties = object.value(QLatin1StringView("properties")).toObject();
    person.isIdentified = object.value(QLatin1StringView("is_identified")).toBool();
    person.createdAt = timeFrom(object.value(QLatin1StringView("created_at")));
    person.lastSeenAt = timeFrom(object.value(QLatin1StringView("last_seen_at")));
    if (person.name.isEmpty()) {
        // The server's rule, for servers that omit the name: email, name, else a distinct id.
        for (const auto key :
             {QLatin1StringView("email"), QLatin1StringView("name"), QLatin1StringView("username")}) {
            person.name = person.properties.value(key).toString();
            if (!person.name.isEmpty())
                break;
        }
        if (person.name.isEmpty())
            person.name = person.distinctIds.value(0, person.uuid);
    }
    return person;
}

std::optional<QJsonDocument> parse(const QByteArray& body, QString* error)
{
    QJsonParseError parseError{};
    QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = parseError.errorString();
        return std::nullopt;
    }
    return document;
}

template <typename T, typename Handler>
void failLater(QObject* context, const Handler& handler, const QString& message)
{
    if (!context)
        return;
    ApiError error;
    error.kind = ApiError::Kind::Network;
    error.code = QStringLiteral("not_connected");
    error.message = message;
    QMetaObject::invokeMethod(
        context, [handler, error] { handler(ApiResult<T>::failure(error)); }, Qt::QueuedConnection);
}

} // namespace

std::optional<PersonsPage> decodePersonsPage(const QByteArray& body, QString* error)
{
    const auto document = parse(body, error);
    if (!document)
        return std::nullopt;
    const QJsonObject object = document->object();
    if (!document->isObject() || !object.value(QLatin1StringView("results")).isArray()) {
        if (error)
            *error = QStringLiteral("expected {\"results\": [...]}");
        return std::nullopt;
    }
    PersonsPage page;
    const QJsonArray results = object.value(QLatin1StringView("results")).toArray();
    page.persons.reserve(results.size());
    for (const QJsonValue& item : results)
        if (item.isObject())
            page.persons << personFrom(item.toObject());
    page.next = QUrl(object.value(QLatin1StringView("next")).toString());
    const QJsonValue count = object.value(QLatin1StringView("count"));
    if (count.isDouble())
        page.count = qint64(count.toDouble());
    return page;
}

std::optional<Person> decodePerson(const QByteArray& body, QString* error)
{
    const auto document = parse(body, error);
    if (!document)
        return std::nullopt;
    if (!document->isObject()) {
        if (error)
            *error = QStringLiteral("expected a person object");
        return std::nullopt;
    }
    Person person = personFrom(document->object());
    if (person.uuid.isEmpty()) {
        if (error)
            *error = QStringLiteral("the person has no id");
        return std::nullopt;
    }
    return person;
}

std::optional<QList<PropertyValue>> decodePropertyValues(const QByteArray& body, QString* error)
{
    const auto document = parse(body, error);
    if (!document)
        return std::nullopt;
    QJsonArray items;
    if (document->isArray())
        items = document->array();
    else if (document->isObject() && document->object().value(QLatin1StringView("results")).isArray())
        items = document->object().value(QLatin1StringView("results")).toArray();
    else {
        if (error)
            *error = QStringLiteral("expected a list of values");
        return std::nullopt;
    }
    QList<PropertyValue> values;
    values.reserve(items.size());
    for (const QJsonValue& item : items) {
        const QJsonObject object = item.toObject();
        const QJsonValue name = object.value(QLatin1StringView("name"));
        PropertyValue value;
        if (name.isString())
            value.name = name.toString();
        else if (name.isDouble() || name.isBool())
            value.name = name.toVariant().toString(); // numeric and boolean properties
        else
            continue;
        const QJsonValue count = object.value(QLatin1StringView("count"));
        if (count.isDouble())
            value.count = qint64(count.toDouble());
        values << value;
    }
    return values;
}

// ---- ActorsQuery and EventsQuery ---------------------------------------------------------------------

namespace {

const QLatin1StringView kKind("kind");

QDateTime instantFrom(const QJsonValue& value)
{
    if (!value.isString())
        return QDateTime();
    const QByteArray text = value.toString().toUtf8();
    qint64 micros = 0;
    // Six fractional digits (PostHog's timestamps) are more than Qt's ISO parser keeps.
    if (model::parseIsoDateTime(std::string_view(text.constData(), size_t(text.size())), &micros))
        return QDateTime::fromMSecsSinceEpoch(micros / 1000, Qt::UTC);
    return QDateTime::fromString(value.toString(), Qt::ISODateWithMs);
}

QJsonValue cellJson(const model::ResultTable& table, int row, int column)
{
    switch (table.cellKind(row, column)) {
    case model::CellKind::Null:
        return QJsonValue(QJsonValue::Null);
    case model::CellKind::Json: {
        const std::string_view text = table.text(row, column);
        const QJsonDocument document =
            QJsonDocument::fromJson(QByteArray(text.data(), qsizetype(text.size())));
        if (document.isArray())
            return document.array();
        if (document.isObject())
            return document.object();
        return QString::fromUtf8(text.data(), qsizetype(text.size()));
    }
    case model::CellKind::DateTime:
        return table.value(row, column).toDateTime().toString(Qt::ISODateWithMs);
    case model::CellKind::Integer:
    case model::CellKind::Float:
    case model::CellKind::Boolean:
    case model::CellKind::Text:
        break;
    }
    return QJsonValue::fromVariant(table.value(row, column));
}

QString columnName(const model::ResultTable& table, int column)
{
    // "person -- Person": what stands before a comment is the expression.
    QString name = table.columnName(column);
    const qsizetype comment = name.indexOf(QStringLiteral("--"));
    return (comment < 0 ? name : name.left(comment)).trimmed();
}

QString jsonText(const QJsonValue& value)
{
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
}

QString hogqlString(const QString& text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

} // namespace

QString personPropertyExpression(const QString& key)
{
    QString escaped = key;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"));
    escaped.replace(QLatin1Char('`'), QStringLiteral("\\`"));
    return QStringLiteral("properties.`%1`").arg(escaped);
}

QJsonObject actorsQueryNode(const ActorsPageRequest& request)
{
    QJsonObject node{{kKind, QStringLiteral("ActorsQuery")}};
    QJsonArray select{QStringLiteral("person")};
    if (request.source.isEmpty()) {
        select.append(QStringLiteral("id"));
        select.append(QStringLiteral("created_at"));
    } else {
        node.insert(QStringLiteral("source"), request.source);
    }
    for (const QString& column : request.extraSelect)
        select.append(column);
    node.insert(QStringLiteral("select"), select);
    if (!request.search.trimmed().isEmpty())
        node.insert(QStringLiteral("search"), request.search.trimmed());
    if (!request.properties.isEmpty())
        node.insert(QStringLiteral("properties"), request.properties);
    if (!request.orderBy.isEmpty())
        node.insert(QStringLiteral("orderBy"), QJsonArray::fromStringList(request.orderBy));
    node.insert(QStringLiteral("limit"), std::max(1, request.limit));
    node.insert(QStringLiteral("offset"), std::max(0, request.offset));
    return node;
}

QStringList insightActorsExtraColumns(const QJsonObject& insightActorsQuery)
{
    const QString kind =
        insightActorsQuery.value(QLatin1StringView("source")).toObject().value(kKind).toString();
    if (kind == QLatin1StringView("RetentionQuery"))
        return {QStringLiteral("appearances")};
    return {};
}

QStringList insightActorsOrder(const QJsonObject& insightActorsQuery)
{
    const QString kind =
        insightActorsQuery.value(QLatin1StringView("source")).toObject().value(kKind).toString();
    if (kind == QLatin1StringView("RetentionQuery"))
        return {QStringLiteral("length(appearances) DESC"), QStringLiteral("actor_id")};
    return {};
}

model::PersonRecord personRecordFromJson(const QJsonObject& object)
{
    model::PersonRecord person;
    person.uuid = object.value(QLatin1StringView("uuid")).toString();
    if (person.uuid.isEmpty())
        person.uuid = idText(object.value(QLatin1StringView("id")));
    for (const QJsonValue& id : object.value(QLatin1StringView("distinct_ids")).toArray()) {
        if (id.isString())
            person.distinctIds << id.toString();
    }
    if (person.distinctIds.isEmpty() && object.value(QLatin1StringView("distinct_id")).isString())
        person.distinctIds << object.value(QLatin1StringView("distinct_id")).toString();
    const QJsonValue properties = object.value(QLatin1StringView("properties"));
    if (properties.isObject())
        person.properties = properties.toObject();
    else if (properties.isString()) // HogQL may hand properties over as JSON text
        person.properties = QJsonDocument::fromJson(properties.toString().toUtf8()).object();
    person.isIdentified = object.value(QLatin1StringView("is_identified")).toBool();
    person.createdAt = instantFrom(object.value(QLatin1StringView("created_at")));
    person.lastSeenAt = instantFrom(object.value(QLatin1StringView("last_seen_at")));
    person.name = object.value(QLatin1StringView("name")).toString();
    if (person.name.isEmpty())
        person.name = model::personDisplayName(person.properties, person.distinctIds, person.uuid);
    return person;
}

model::PersonRecord toPersonRecord(const Person& person)
{
    model::PersonRecord record;
    record.uuid = person.uuid;
    record.name = person.name.isEmpty()
                      ? model::personDisplayName(person.properties, person.distinctIds, person.uuid)
                      : person.name;
    record.distinctIds = person.distinctIds;
    record.properties = person.properties;
    record.isIdentified = person.isIdentified;
    record.createdAt = person.createdAt.toUTC();
    record.lastSeenAt = person.lastSeenAt.isValid() ? person.lastSeenAt.toUTC() : QDateTime();
    return record;
}

std::optional<QList<model::PersonRecord>> personRecordsFromActors(const model::ResultTable& table,
                                                                  QString* error)
{
    int personColumn = -1;
    for (int c = 0; c < table.columnCount(); ++c) {
        const QString name = columnName(table, c);
        if (name == QLatin1StringView("person") || name == QLatin1StringView("actor")) {
            personColumn = c;
            break;
        }
    }
    if (personColumn < 0) {
        if (error)
            *error = QStringLiteral("the answer has no person column");
        return std::nullopt;
    }
    QList<model::PersonRecord> persons;
    persons.reserve(table.rowCount());
    for (int row = 0; row < table.rowCount(); ++row) {
        const QJsonValue cell = cellJson(table, row, personColumn);
        if (!cell.isObject())
            continue; // a missing actor (deleted person): PostHog counts it in missing_actors_count
        model::PersonRecord person = personRecordFromJson(cell.toObject());
        for (int c = 0; c < table.columnCount(); ++c) {
            const QString name = columnName(table, c);
            if (c == personColumn || name == QLatin1StringView("id") ||
                name == QLatin1StringView("created_at"))
                continue;
            person.extra.insert(name, cellJson(table, row, c));
        }
        persons.push_back(std::move(person));
    }
    return persons;
}

QJsonObject personEventsQueryNode(const QString& personUuid, int limit, int offset)
{
    return QJsonObject{
        {kKind, QStringLiteral("EventsQuery")},
        {QStringLiteral("select"), QJsonArray{QStringLiteral("*")}},
        {QStringLiteral("where"), QJsonArray{QStringLiteral("person_id = %1").arg(hogqlString(personUuid))}},
        // EventsQuery looks at the last 24 hours unless told otherwise; a timeline wants all of it.
        {QStringLiteral("after"), QStringLiteral("all")},
        {QStringLiteral("orderBy"), QJsonArray{QStringLiteral("timestamp DESC")}},
        {QStringLiteral("limit"), std::max(1, limit)},
        {QStringLiteral("offset"), std::max(0, offset)}};
}

QString personEventsHogQL(const QString& personUuid, int limit)
{
    return QStringLiteral("SELECT timestamp, event, distinct_id, properties.$current_url AS url, properties\n"
                          "FROM events\n"
                          "WHERE person_id = %1\n"
                          "ORDER BY timestamp DESC\n"
                          "LIMIT %2\n")
        .arg(hogqlString(personUuid))
        .arg(limit);
}

std::optional<QList<model::EventRecord>> eventRecordsFromTable(const model::ResultTable& table,
                                                               QString* error)
{
    int star = -1;
    for (int c = 0; c < table.columnCount(); ++c) {
        if (columnName(table, c) == QLatin1StringView("*")) {
            star = c;
            break;
        }
    }
    if (star < 0) {
        if (error)
            *error = QStringLiteral("the answer has no \"*\" column");
        return std::nullopt;
    }
    QList<model::EventRecord> events;
    events.reserve(table.rowCount());
    for (int row = 0; row < table.rowCount(); ++row) {
        const QJsonObject object = cellJson(table, row, star).toObject();
        model::EventRecord event;
        event.uuid = object.value(QLatin1StringView("uuid")).toString();
        event.event = object.value(QLatin1StringView("event")).toString();
        event.timestamp = instantFrom(object.value(QLatin1StringView("timestamp")));
        event.distinctId = object.value(QLatin1StringView("distinct_id")).toString();
        const QJsonValue properties = object.value(QLatin1StringView("properties"));
        event.properties = properties.isString()
                               ? QJsonDocument::fromJson(properties.toString().toUtf8()).object()
                               : properties.toObject();
        events.push_back(std::move(event));
    }
    return events;
}

// ---- Legacy drill-down endpoints ------------------------------------------------------------------

namespace {

void addJson(QUrlQuery& query, const QString& key, const QJsonValue& value)
{
    if ((value.isArray() && !value.toArray().isEmpty()) || (value.isObject() && !value.toObject().isEmpty()))
        addQueryValue(query, key, jsonText(value));
}

void addCommon(QUrlQuery& query, const QJsonObject& insight)
{
    const QJsonObject range = insight.value(QLatin1StringView("dateRange")).toObject();
    for (const auto key : {QLatin1StringView("date_from"), QLatin1StringView("date_to")}) {
        const QJsonValue value = range.value(key);
        if (value.isString() && !value.toString().isEmpty())
            addQueryValue(query, key, value.toString());
    }
    addJson(query, QStringLiteral("properties"), insight.value(QLatin1StringView("properties")));
    if (insight.value(QLatin1StringView("filterTestAccounts")).toBool())
        addQueryValue(query, QStringLiteral("filter_test_accounts"), QStringLiteral("true"));
}

QString numberText(const QJsonValue& value)
{
    if (value.isDouble())
        return QString::number(value.toInteger());
    return value.toString();
}

} // namespace

std::optional<LegacyActorsRequest> legacyInsightActorsRequest(const QJsonObject& insightActorsQuery,
                                                              QString* error)
{
    auto fail = [error](const QString& message) -> std::optional<LegacyActorsRequest> {
        if (error)
            *error = message;
        return std::nullopt;
    };
    const QJsonObject insight = insightActorsQuery.value(QLatin1StringView("source")).toObject();
    const QString kind = insight.value(kKind).toString();
    LegacyActorsRequest request;
    addCommon(request.query, insight);
    if (kind == QLatin1StringView("RetentionQuery")) {
        const QJsonValue interval = insightActorsQuery.value(QLatin1StringView("interval"));
        if (!interval.isDouble())
            return fail(QStringLiteral("a retention drill-down needs the cohort's interval"));
        const QJsonObject filter = insight.value(QLatin1StringView("retentionFilter")).toObject();
        request.path = QStringLiteral("persons/retention/");
        addQueryValue(request.query, QStringLiteral("period"),
                      filter.value(QLatin1StringView("period")).toString(QStringLiteral("Day")));
        // The schema's default is 8; an explicit null or 0 means the runner's 7. The legacy default
        // (11) would give other appearance flags.
        const QJsonValue total = filter.value(QLatin1StringView("totalIntervals"));
        const qint64 intervals = total.isUndefined() ? 8 : (total.toInteger() > 0 ? total.toInteger() : 7);
        addQueryValue(request.query, QStringLiteral("total_intervals"), QString::number(intervals));
        addQueryValue(
            request.query, QStringLiteral("retention_type"),
            filter.value(QLatin1StringView("retentionType")).toString(QStringLiteral("retention_recurring")));
        addJson(request.query, QStringLiteral("target_entity"),
                filter.value(QLatin1StringView("targetEntity")));
        addJson(request.query, QStringLiteral("returning_entity"),
                filter.value(QLatin1StringView("returningEntity")));
        addQueryValue(request.query, QStringLiteral("selected_interval"), numberText(interval));
        return request;
    }
    if (kind == QLatin1StringView("StickinessQuery")) {
        const QJsonValue day = insightActorsQuery.value(QLatin1StringView("day"));
        if (numberText(day).isEmpty())
            return fail(QStringLiteral("a stickiness drill-down needs the number of days"));
        if (insight.value(QLatin1StringView("stickinessFilter"))
                .toObject()
                .value(QLatin1StringView("computedAs")) == QLatin1StringView("cumulative"))
            return fail(QStringLiteral("the legacy stickiness endpoint has no cumulative mode"));
        const QJsonArray series = insight.value(QLatin1StringView("series")).toArray();
        const int index = insightActorsQuery.value(QLatin1StringView("series")).toInt(0);
        if (index < 0 || index >= series.size())
            return fail(QStringLiteral("the stickiness query has no series %1").arg(index));
        const QJsonObject node = series.at(index).toObject();
        const bool action = node.value(kKind).toString() == QLatin1StringView("ActionsNode");
        const QString id = action ? numberText(node.value(QLatin1StringView("id")))
                                  : node.value(QLatin1StringView("event")).toString();
        const QString type = action ? QStringLiteral("actions") : QStringLiteral("events");
        request.path = QStringLiteral("persons/stickiness/");
        const QJsonArray seriesProperties = node.value(QLatin1StringView("properties")).toArray();
        if (seriesProperties.isEmpty()) {
            addQueryValue(request.query, QStringLiteral("entity_id"), id);
            addQueryValue(request.query, QStringLiteral("entity_type"), type);
        } else {
            // Only the entity list carries the series' own filters.
            const QJsonObject entity{{QStringLiteral("id"), id},
                                     {QStringLiteral("type"), type},
                                     {QStringLiteral("properties"), seriesProperties}};
            addJson(request.query, type, QJsonArray{entity});
        }
        addQueryValue(request.query, QStringLiteral("interval"),
                      insight.value(QLatin1StringView("interval")).toString(QStringLiteral("day")));
        addQueryValue(request.query, QStringLiteral("stickiness_days"), numberText(day));
        return request;
    }
    if (kind == QLatin1StringView("PathsQuery")) {
        if (!insight.value(QLatin1StringView("funnelPathsFilter")).toObject().isEmpty())
            return fail(QStringLiteral("funnel paths have no legacy persons endpoint here"));
        const QJsonObject filter = insight.value(QLatin1StringView("pathsFilter")).toObject();
        request.path = QStringLiteral("persons/path/");
        addJson(request.query, QStringLiteral("include_event_types"),
                filter.value(QLatin1StringView("includeEventTypes")));
        const std::pair<const char*, const char*> keys[] = {{"startPoint", "start_point"},
                                                            {"endPoint", "end_point"},
                                                            {"pathStartKey", "path_start_key"},
                                                            {"pathEndKey", "path_end_key"},
                                                            {"pathDropoffKey", "path_dropoff_key"}};
        for (const auto& [key, legacyKey] : keys) {
            const QString value = filter.value(QLatin1StringView(key)).toString();
            if (!value.isEmpty())
                addQueryValue(request.query, QString::fromLatin1(legacyKey), value);
        }
        if (filter.value(QLatin1StringView("stepLimit")).isDouble())
            addQueryValue(request.query, QStringLiteral("step_limit"),
                          numberText(filter.value(QLatin1StringView("stepLimit"))));
        addJson(request.query, QStringLiteral("exclude_events"),
                filter.value(QLatin1StringView("excludeEvents")));
        return request;
    }
    return fail(kind.isEmpty() ? QStringLiteral("the drill-down has no insight query")
                               : QStringLiteral("%1 has no legacy persons endpoint").arg(kind));
}

std::optional<LegacyActorsPage> decodeLegacyActorsPage(const QByteArray& body, QString* error)
{
    const auto document = parse(body, error);
    if (!document)
        return std::nullopt;
    const QJsonObject object = document->object();
    LegacyActorsPage page;
    page.next = QUrl(object.value(QLatin1StringView("next")).toString());
    if (object.value(QLatin1StringView("result")).isArray()) {
        // persons/retention/: [{"person": {...}, "appearances": [1, 0, 1]}]
        for (const QJsonValue& item : object.value(QLatin1StringView("result")).toArray()) {
            const QJsonObject entry = item.toObject();
            if (!entry.value(QLatin1StringView("person")).isObject())
                continue;
            model::PersonRecord person =
                personRecordFromJson(entry.value(QLatin1StringView("person")).toObject());
            // The flags become the interval indexes they mark, as ActorsQuery's "appearances".
            QJsonArray appearances;
            const QJsonArray flags = entry.value(QLatin1StringView("appearances")).toArray();
            for (qsizetype i = 0; i < flags.size(); ++i) {
                if (flags.at(i).toInteger() != 0 || flags.at(i).toBool())
                    appearances.append(qint64(i));
            }
            person.extra.insert(QStringLiteral("appearances"), appearances);
            page.persons.push_back(std::move(person));
        }
        return page;
    }
    if (object.value(QLatin1StringView("results")).isArray()) {
        // The others: [{"people": [...], "count": n}]
        for (const QJsonValue& group : object.value(QLatin1StringView("results")).toArray()) {
            for (const QJsonValue& item : group.toObject().value(QLatin1StringView("people")).toArray()) {
                if (item.isObject())
                    page.persons.push_back(personRecordFromJson(item.toObject()));
            }
        }
        return page;
    }
    if (error)
        *error = QStringLiteral("expected {\"result\": [...]} or {\"results\": [{\"people\": [...]}]}");
    return std::nullopt;
}

PersonsClient::PersonsClient(ApiClient* client, QObject* parent)
    : QObject(parent)
    , m_client(client)
{
    qRegisterMetaType<Person>();
    qRegisterMetaType<PersonsPage>();
}

QUrlQuery PersonsClient::listQuery(const PersonsQuery& query)
{
    QUrlQuery params;
    if (!query.search.trimmed().isEmpty())
        addQueryValue(params, QStringLiteral("search"), query.search.trimmed());
    if (!query.distinctId.isEmpty())
        addQueryValue(params, QStringLiteral("distinct_id"), query.distinctId);
    if (!query.properties.isEmpty())
        addQueryValue(params, QStringLiteral("properties"),
                      QString::fromUtf8(QJsonDocument(query.properties).toJson(QJsonDocument::Compact)));
    params.addQueryItem(QStringLiteral("limit"), QString::number(std::max(1, query.limit)));
    if (query.includeTotal)
        params.addQueryItem(QStringLiteral("include_total"), QStringLiteral("true"));
    return params;
}

RequestHandle PersonsClient::list(const PersonsQuery& query, QObject* context, PageHandler handler)
{
    return getPage(QStringLiteral("persons/"), listQuery(query), context, std::move(handler));
}

RequestHandle PersonsClient::listNext(const QUrl& next, QObject* context, PageHandler handler)
{
    const std::optional<RelativeLink> link = projectRelativeLink(next);
    if (!link) {
        ApiError error = decodeError(QStringLiteral("the persons list"),
                                     QStringLiteral("its next link (%1) is not a persons page")
                                         .arg(next.toString(QUrl::RemoveUserInfo)));
        if (context)
            QMetaObject::invokeMethod(
                context, [handler, error] { handler(ApiResult<PersonsPage>::failure(error)); },
                Qt::QueuedConnection);
        return RequestHandle();
    }
    return getPage(link->path, link->query, context, std::move(handler));
}

RequestHandle PersonsClient::getPage(const QString& path, const QUrlQuery& query, QObject* context,
                                     PageHandler handler)
{
    if (!m_client) {
        failLater<PersonsPage>(context, handler, QStringLiteral("Not connected to a PostHog server."));
        return RequestHandle();
    }
    return m_client->get(path, query, context, [handler](const HttpResponse& response) {
        if (response.aborted)
            return;
        if (response.networkFailed || response.status != 200) {
            handler(ApiResult<PersonsPage>::failure(errorFromResponse(response, kPersonScope)));
            return;
        }
        QString problem;
        auto page = decodePersonsPage(response.body, &problem);
        if (!page) {
            handler(
                ApiResult<PersonsPage>::failure(decodeError(QStringLiteral("the persons list"), problem)));
            return;
        }
        handler(ApiResult<PersonsPage>::success(std::move(*page)));
    });
}

RequestHandle PersonsClient::person(const QString& uuid, QObject* context, PersonHandler handler)
{
    if (!m_client) {
        failLater<Person>(context, handler, QStringLiteral("Not connected to a PostHog server."));
        return RequestHandle();
    }
    const QString path = QStringLiteral("persons/%1/").arg(QString::fromUtf8(QUrl::toPercentEncoding(uuid)));
    return m_client->get(path, QUrlQuery(), context, [handler, uuid](const HttpResponse& response) {
        if (response.aborted)
            return;
        if (response.status == 404) {
            ApiError error = errorFromResponse(response, kPersonScope);
            error.code = QStringLiteral("not_found");
            error.message =
                QStringLiteral("There is no person %1 in this project (HTTP 404). They may have been "
                               "deleted or merged into another person.")
                    .arg(uuid);
            handler(ApiResult<Person>::failure(error));
            return;
        }
        if (response.networkFailed || response.status != 200) {
            handler(ApiResult<Person>::failure(errorFromResponse(response, kPersonScope)));
            return;
        }
        QString problem;
        auto person = decodePerson(response.body, &problem);
        if (!person) {
            handler(ApiResult<Person>::failure(decodeError(QStringLiteral("the person's details"), problem)));
            return;
        }
        handler(ApiResult<Person>::success(std::move(*person)));
    });
}

RequestHandle PersonsClient::values(const QString& key, const QString& value, QObject* context,
                                    ValuesHandler handler)
{
    if (!m_client) {
        failLater<QList<PropertyValue>>(context, handler,
                                        QStringLiteral("Not connected to a PostHog server."));
        return RequestHandle();
    }
    QUrlQuery query;
    addQueryValue(query, QStringLiteral("key"), key);
    if (!value.isEmpty())
        addQueryValue(query, QStringLiteral("value"), value);
    return m_client->get(
        QStringLiteral("persons/values/"), query, context, [handler](const HttpResponse& response) {
            if (response.aborted)
                return;
            if (response.networkFailed || response.status != 200) {
                handler(ApiResult<QList<PropertyValue>>::failure(errorFromResponse(response, kPersonScope)));
                return;
            }
            QString problem;
            auto values = decodePropertyValues(response.body, &problem);
            if (!values) {
                handler(ApiResult<QList<PropertyValue>>::failure(
                    decodeError(QStringLiteral("the property values"), problem)));
                return;
            }
            handler(ApiResult<QList<PropertyValue>>::success(std::move(*values)));
        });
}

RequestHandle PersonsClient::legacyActors(const LegacyActorsRequest& request, QObject* context,
                                          LegacyHandler handler)
{
    return getLegacyPage(request.path, request.query, context, std::move(handler));
}

RequestHandle PersonsClient::legacyActorsNext(const QUrl& next, QObject* context, LegacyHandler handler)
{
    const std::optional<RelativeLink> link = projectRelativeLink(next);
    if (!link) {
        ApiError error = decodeError(QStringLiteral("the insight's persons"),
                                     QStringLiteral("its next link (%1) is not a persons page")
                                         .arg(next.toString(QUrl::RemoveUserInfo)));
        if (context)
            QMetaObject::invokeMethod(
                context, [handler, error] { handler(ApiResult<LegacyActorsPage>::failure(error)); },
                Qt::QueuedConnection);
        return RequestHandle();
    }
    return getLegacyPage(link->path, link->query, context, std::move(handler));
}

RequestHandle PersonsClient::getLegacyPage(const QString& path, const QUrlQuery& query, QObject* context,
                                           LegacyHandler handler)
{
    if (!m_client) {
        failLater<LegacyActorsPage>(context, handler, QStringLiteral("Not connected to a PostHog server."));
        return RequestHandle();
    }
    return m_client->get(path, query, context, [handler](const HttpResponse& response) {
        if (response.aborted)
            return;
        if (response.networkFailed || response.status != 200) {
            handler(ApiResult<LegacyActorsPage>::failure(errorFromResponse(response, kPersonScope)));
            return;
        }
        QString problem;
        auto page = decodeLegacyActorsPage(response.body, &problem);
        if (!page) {
            handler(ApiResult<LegacyActorsPage>::failure(
                decodeError(QStringLiteral("the insight's persons"), problem)));
            return;
        }
        handler(ApiResult<LegacyActorsPage>::success(std::move(*page)));
    });
}

} // namespace hogscope::api
