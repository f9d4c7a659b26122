#include "definitions_api.h"

#include "property_census.h"
#include "sqlite_connection.h"
#include "store_sql.h"
#include "time_format.h"

#include <QDateTime>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMutexLocker>
#include <QSet>
#include <QUrl>
#include <QUrlQuery>
#include <QUuid>

#include <sqlite3.h>

#include <algorithm>
#include <map>

namespace hogscope::local {

namespace {

constexpr qint64 kPageSize = 100; // DRF PAGE_SIZE in PostHog's settings
constexpr qint64 kVolumeWindowDays = 30;

// Stable ids: the same name always gets the same UUID, so a client may keep them between calls.
const QUuid kIdNamespace = QUuid(QStringLiteral("{6f1c2a3e-8d5b-4c47-9a0e-5b7d3f21c9a4}"));

QString stableId(const QString& kind, const QString& name)
{
    return QUuid::createUuidV5(kIdNamespace, kind + QLatin1Char(':') + name).toString(QUuid::WithoutBraces);
}

// Event properties PostHog never lists (property_definition.py ALWAYS_EXCLUDED_EVENT_PROPERTIES).
bool alwaysExcludedEventProperty(const QString& name)
{
    static const QSet<QString> excluded = {QStringLiteral("distinct_id"),
                                           QStringLiteral("$set"),
                                           QStringLiteral("$set_once"),
                                           QStringLiteral("$initial_referrer"),
                                           QStringLiteral("$initial_referring_domain"),
                                           QStringLiteral("$groups"),
                                           QStringLiteral("$group_type"),
                                           QStringLiteral("$group_key"),
                                           QStringLiteral("$group_set"),
                                           QStringLiteral("$group_0"),
                                           QStringLiteral("$group_1"),
                                           QStringLiteral("$group_2"),
                                           QStringLiteral("$group_3"),
                                           QStringLiteral("$group_4")};
    return excluded.contains(name) || name.startsWith(QLatin1String("$session_entry_"));
}

// PostHog's property_type, guessed from the values: one kind only gives that kind (dates when
// every string reads as an ISO date); a mixture is a String; nulls, objects and arrays alone give
// no type.
QJsonValue propertyType(const ValueKinds& kinds)
{
    const int present = (kinds.numeric > 0) + (kinds.boolean > 0) + (kinds.text > 0);
    if (present == 0)
        return QJsonValue(QJsonValue::Null);
    if (present > 1)
        return QStringLiteral("String");
    if (kinds.numeric > 0)
        return QStringLiteral("Numeric");
    if (kinds.boolean > 0)
        return QStringLiteral("Boolean");
    return kinds.dateText == kinds.text ? QStringLiteral("DateTime") : QStringLiteral("String");
}

struct EventStats
{
    QString name;
    qint64 firstSeen = 0;
    qint64 lastSeen = 0;
    qint64 volume30 = 0;
};

bool truthy(const QString& text)
{
    // DRF BooleanField's true values.
    static const QSet<QString> yes = {QStringLiteral("true"), QStringLiteral("True"), QStringLiteral("1"),
                                      QStringLiteral("yes"),  QStringLiteral("on"),   QStringLiteral("y")};
    return yes.contains(text);
}

// TermSearchFilterBackend: every word of the search appears in the name, case-insensitively.
bool matchesSearch(const QString& name, const QStringList& words)
{
    return std::all_of(words.begin(), words.end(),
                       [&](const QString& w) { return name.contains(w, Qt::CaseInsensitive); });
}

// DRF LimitOffsetPagination over an already filtered and ordered list.
ApiReply page(const QUrl& url, const QJsonArray& all)
{
    const QUrlQuery query(url);
    qint64 limit = queryInteger(query.queryItemValue(QStringLiteral("limit")), kPageSize);
    if (limit == 0)
        limit = kPageSize;
    const qint64 offset = queryInteger(query.queryItemValue(QStringLiteral("offset")), 0);
    const qint64 count = all.size();
    QJsonArray results;
    for (qint64 i = offset; i < std::min(count, offset + limit); ++i)
        results.append(all[i]);
    ApiReply reply;
    reply.body.insert(QStringLiteral("count"), count);
    reply.body.insert(QStringLiteral("next"), offset + limit < count
                                                  ? QJsonValue(pageUrl(url, limit, offset + limit))
                                                  : QJsonValue(QJsonValue::Null));
    QJsonValue previous(QJsonValue::Null);
    if (offset > 0)
        previous = offset - limit <= 0 ? pageUrl(url, limit, 0, true) : pageUrl(url, limit, offset - limit);
    reply.body.insert(QStringLiteral("previous"), previous);
    reply.body.insert(QStringLiteral("results"), results);
    return reply;
}

ApiReply storeFailure(const QString& message)
{
    return apiError(500, QStringLiteral("server_error"), QStringLiteral("error"), message);
}

bool scalar(sqlite3* db, const QByteArray& sql, const std::vector<int64_t>& binds, qint64& out, bool& isNull,
            QString* error)
{
    SqlBuilder builder;
    builder.text = sql;
    for (int64_t b : binds)
        builder.bindInt(b);
    SqliteStatement stmt;
    if (!builder.prepare(db, stmt, error))
        return false;
    if (sqlite3_step(stmt.get()) != SQLITE_ROW)
        return stepError(stmt.get(), error);
    isNull = sqlite3_column_type(stmt.get(), 0) == SQLITE_NULL;
    out = sqlite3_column_int64(stmt.get(), 0);
    return true;
}

// Feeds the (event, properties) rows of `sql` to `census`.
bool runCensus(sqlite3* db, const SqlBuilder& sql, bool withEvents, PropertyCensus& census, QString* error)
{
    SqliteStatement stmt;
    if (!sql.prepare(db, stmt, error))
        return false;
    auto view = [&](int column) {
        const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt.get(), column));
        return std::string_view(text ? text : "",
                                static_cast<size_t>(sqlite3_column_bytes(stmt.get(), column)));
    };
    int rc = SQLITE_ROW;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW)
        census.add(withEvents ? view(0) : std::string_view(), view(1));
    if (rc != SQLITE_DONE)
        return stepError(stmt.get(), error);
    return true;
}

} // namespace

struct DefinitionsApi::Snapshot
{
    qint64 eventsRowid = 0;
    qint64 personsRowid = 0;
    qint64 day = 0; // the UTC day volume_30_day was counted on
    std::map<QString, ValueKinds> eventProperties;
    std::map<QString, QSet<QString>> propertyEvents; // property -> events it was seen on
    std::map<QString, ValueKinds> personProperties;
    std::vector<EventStats> events;
    std::optional<qint64> firstEvent;
};

DefinitionsApi::DefinitionsApi(Options options)
    : m_options(std::move(options))
{
    const QString base = QFileInfo(m_options.databasePath).completeBaseName();
    m_projectName =
        base.isEmpty() ? QStringLiteral("Hogscope local") : QStringLiteral("Hogscope local: %1").arg(base);
}

DefinitionsApi::~DefinitionsApi() = default;

void DefinitionsApi::warm(sqlite3* db)
{
    QString error;
    snapshot(db, &error);
}

std::shared_ptr<const DefinitionsApi::Snapshot> DefinitionsApi::snapshot(sqlite3* db, QString* error)
{
    ReadTransaction transaction(db);
    qint64 eventsRowid = 0;
    qint64 personsRowid = 0;
    bool isNull = false;
    if (!scalar(db, "SELECT coalesce(max(rowid), 0) FROM events", {}, eventsRowid, isNull, error) ||
        !scalar(db, "SELECT coalesce(max(rowid), 0) FROM persons", {}, personsRowid, isNull, error))
        return nullptr;
    const qint64 nowMicros = QDateTime::currentMSecsSinceEpoch() * 1000;
    const qint64 day = timefmt::floorDiv(nowMicros, timefmt::kMicrosPerDay);
    auto current = [&]() -> std::shared_ptr<const Snapshot> {
        QMutexLocker lock(&m_mutex);
        if (m_snapshot && m_snapshot->eventsRowid == eventsRowid &&
            m_snapshot->personsRowid == personsRowid && m_snapshot->day == day)
            return m_snapshot;
        return nullptr;
    };
    if (auto fresh = current())
        return fresh;
    QMutexLocker computing(&m_computeMutex);
    if (auto fresh = current()) // another reader refreshed it while this one waited
        return fresh;
    std::shared_ptr<const Snapshot> previous;
    {
        QMutexLocker lock(&m_mutex);
        previous = m_snapshot;
    }

    auto next = std::make_shared<Snapshot>();
    next->eventsRowid = eventsRowid;
    next->personsRowid = personsRowid;
    next->day = day;

    // Event properties: only the events added since the previous snapshot are read (rowids only
    // grow under ingest); a store that shrank is read again from the start.
    qint64 from = 0;
    if (previous && previous->eventsRowid <= eventsRowid) {
        next->eventProperties = previous->eventProperties;
        next->propertyEvents = previous->propertyEvents;
        from = previous->eventsRowid;
    }
    if (from < eventsRowid) {
        SqlBuilder sql;
        sql.text = "SELECT event, properties FROM events WHERE rowid > ? AND rowid <= ?";
        sql.bindInt(from);
        sql.bindInt(eventsRowid);
        PropertyCensus census;
        if (!runCensus(db, sql, true, census, error))
            return nullptr;
        for (const auto& [key, entry] : census.entries()) {
            const QString name = QString::fromStdString(key);
            next->eventProperties[name].merge(entry.kinds);
            QSet<QString>& seenOn = next->propertyEvents[name];
            for (const std::string& event : entry.events)
                seenOn.insert(QString::fromStdString(event));
        }
    }
    {
        SqlBuilder sql;
        sql.text = "SELECT '', properties FROM persons";
        PropertyCensus census;
        if (!runCensus(db, sql, false, census, error))
            return nullptr;
        for (const auto& [key, entry] : census.entries())
            next->personProperties[QString::fromStdString(key)].merge(entry.kinds);
    }

    // Event definitions, each figure from the (event, timestamp) index: the names by a skip scan,
    // then first and last seen and the 30-day volume per name.
    {
        SqliteStatement names;
        if (!prepareStatement(db,
                              "WITH RECURSIVE n(name) AS (SELECT min(event) FROM events UNION ALL "
                              "SELECT (SELECT min(event) FROM events WHERE event > n.name) FROM n "
                              "WHERE n.name IS NOT NULL) SELECT name FROM n WHERE name IS NOT NULL",
                              names, error))
            return nullptr;
        int rc = SQLITE_ROW;
        while ((rc = sqlite3_step(names.get())) == SQLITE_ROW)
            next->events.push_back(EventStats{columnText(names.get(), 0)});
        if (rc != SQLITE_DONE) {
            stepError(names.get(), error);
            return nullptr;
        }
        SqliteStatement first;
        SqliteStatement last;
        SqliteStatement volume;
        if (!prepareStatement(db, "SELECT min(timestamp) FROM events WHERE event = ?", first, error) ||
            !prepareStatement(db, "SELECT max(timestamp) FROM events WHERE event = ?", last, error) ||
            !prepareStatement(db, "SELECT count(*) FROM events WHERE event = ? AND timestamp >= ?", volume,
                              error))
            return nullptr;
        const qint64 cutoff = nowMicros - kVolumeWindowDays * timefmt::kMicrosPerDay;
        for (EventStats& event : next->events) {
            const QByteArray name = event.name.toUtf8();
            for (auto* stmt : {&first, &last, &volume}) {
                sqlite3_reset(stmt->get());
                sqlite3_bind_text(stmt->get(), 1, name.constData(), static_cast<int>(name.size()),
                                  SQLITE_TRANSIENT);
            }
            sqlite3_bind_int64(volume.get(), 2, cutoff);
            for (auto [stmt, out] : {std::pair{&first, &event.firstSeen}, std::pair{&last, &event.lastSeen},
                                     std::pair{&volume, &event.volume30}}) {
                if (sqlite3_step(stmt->get()) != SQLITE_ROW) {
                    stepError(stmt->get(), error);
                    return nullptr;
                }
                *out = sqlite3_column_int64(stmt->get(), 0);
            }
            if (!next->firstEvent || event.firstSeen < *next->firstEvent)
                next->firstEvent = event.firstSeen;
        }
    }

    QMutexLocker lock(&m_mutex);
    m_snapshot = next;
    return m_snapshot;
}

QJsonObject DefinitionsApi::organization(const Snapshot& snapshot) const
{
    const QString created = timefmt::formatDateTime(snapshot.firstEvent.value_or(0));
    const QJsonObject project{
        {QStringLiteral("id"), 1},
        {QStringLiteral("name"), m_projectName},
        {QStringLiteral("organization_id"), stableId(QStringLiteral("organization"), {})}};
    return QJsonObject{{QStringLiteral("id"), stableId(QStringLiteral("organization"), {})},
                       {QStringLiteral("name"), QStringLiteral("Hogscope")},
                       {QStringLiteral("slug"), QStringLiteral("hogscope-local")},
                       {QStringLiteral("created_at"), created},
                       {QStringLiteral("updated_at"), created},
                       {QStringLiteral("membership_level"), 15}, // owner
                       {QStringLiteral("plugins_access_level"), 0},
                       {QStringLiteral("teams"), QJsonArray{teamBasic(snapshot)}},
                       {QStringLiteral("projects"), QJsonArray{project}},
                       {QStringLiteral("available_product_features"), QJsonArray()},
                       {QStringLiteral("is_member_join_email_enabled"), false},
                       {QStringLiteral("metadata"), QJsonObject()},
                       {QStringLiteral("customer_id"), QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("enforce_2fa"), QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("member_count"), 1}};
}

QJsonObject DefinitionsApi::teamBasic(const Snapshot& snapshot) const
{
    return QJsonObject{{QStringLiteral("id"), 1},
                       {QStringLiteral("uuid"), stableId(QStringLiteral("team"), QStringLiteral("1"))},
                       {QStringLiteral("organization"), stableId(QStringLiteral("organization"), {})},
                       {QStringLiteral("project_id"), 1},
                       {QStringLiteral("api_token"), QStringLiteral("phc_hogscope_local")},
                       {QStringLiteral("name"), m_projectName},
                       {QStringLiteral("completed_snippet_onboarding"), true},
                       {QStringLiteral("has_completed_onboarding_for"), QJsonObject()},
                       {QStringLiteral("ingested_event"), snapshot.firstEvent.has_value()},
                       {QStringLiteral("is_demo"), false},
                       {QStringLiteral("timezone"), QStringLiteral("UTC")},
                       {QStringLiteral("access_control"), false}};
}

QJsonObject DefinitionsApi::teamFull(const Snapshot& snapshot) const
{
    QJsonObject team = teamBasic(snapshot);
    const QString created = timefmt::formatDateTime(snapshot.firstEvent.value_or(0));
    const QJsonObject more{
        {QStringLiteral("created_at"), created},
        {QStringLiteral("updated_at"), created},
        {QStringLiteral("app_urls"), QJsonArray()},
        {QStringLiteral("slack_incoming_webhook"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("anonymize_ips"), false},
        {QStringLiteral("test_account_filters"), QJsonArray()},
        {QStringLiteral("test_account_filters_default_checked"), false},
        {QStringLiteral("path_cleaning_filters"), QJsonArray()},
        {QStringLiteral("data_attributes"), QJsonArray{QStringLiteral("data-attr")}},
        {QStringLiteral("person_display_name_properties"),
         QJsonArray{QStringLiteral("email"), QStringLiteral("name"), QStringLiteral("username")}},
        {QStringLiteral("correlation_config"), QJsonObject()},
        {QStringLiteral("autocapture_opt_out"), false},
        {QStringLiteral("session_recording_opt_in"), false},
        {QStringLiteral("capture_console_log_opt_in"), false},
        {QStringLiteral("capture_performance_opt_in"), false},
        {QStringLiteral("week_start_day"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("primary_dashboard"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("live_events_columns"), QJsonValue(QJsonValue::Null)},
        {QStringLiteral("recording_domains"), QJsonArray()},
        {QStringLiteral("effective_membership_level"), 15},
        {QStringLiteral("has_group_types"), false},
        {QStringLiteral("group_types"), QJsonArray()},
        {QStringLiteral("person_on_events_querying_enabled"), true},
        {QStringLiteral("product_intents"), QJsonArray()}};
    for (auto it = more.begin(); it != more.end(); ++it)
        team.insert(it.key(), it.value());
    return team;
}

ApiReply DefinitionsApi::currentUser(sqlite3* db)
{
    QString error;
    const auto snap = snapshot(db, &error);
    if (!snap)
        return storeFailure(error);
    const QJsonObject org = organization(*snap);
    ApiReply reply;
    reply.body =
        QJsonObject{{QStringLiteral("id"), 1},
                    {QStringLiteral("uuid"), stableId(QStringLiteral("user"), QStringLiteral("1"))},
                    {QStringLiteral("distinct_id"), QStringLiteral("hogscope-local-user")},
                    {QStringLiteral("first_name"), QStringLiteral("Local")},
                    {QStringLiteral("last_name"), QStringLiteral("")},
                    {QStringLiteral("email"), QStringLiteral("local@hogscope.invalid")},
                    {QStringLiteral("pending_email"), QJsonValue(QJsonValue::Null)},
                    {QStringLiteral("is_email_verified"), true},
                    {QStringLiteral("is_staff"), false},
                    {QStringLiteral("is_impersonated"), false},
                    {QStringLiteral("date_joined"), timefmt::formatDateTime(snap->firstEvent.value_or(0))},
                    {QStringLiteral("has_password"), false},
                    {QStringLiteral("is_2fa_enabled"), false},
                    {QStringLiteral("has_social_auth"), false},
                    {QStringLiteral("theme_mode"), QStringLiteral("system")},
                    {QStringLiteral("role_at_organization"), QJsonValue(QJsonValue::Null)},
                    {QStringLiteral("notification_settings"), QJsonObject()},
                    {QStringLiteral("ui_configuration"), QJsonObject()},
                    {QStringLiteral("scene_personalisation"), QJsonArray()},
                    {QStringLiteral("anonymize_data"), false},
                    {QStringLiteral("toolbar_mode"), QStringLiteral("disabled")},
                    {QStringLiteral("team"), teamBasic(*snap)},
                    {QStringLiteral("organization"), org},
                    {QStringLiteral("organizations"),
                     QJsonArray{QJsonObject{{QStringLiteral("id"), org.value(QStringLiteral("id"))},
                                            {QStringLiteral("name"), org.value(QStringLiteral("name"))},
                                            {QStringLiteral("slug"), org.value(QStringLiteral("slug"))},
                                            {QStringLiteral("membership_level"), 15},
                                            {QStringLiteral("members_can_use_personal_api_keys"), true}}}}};
    return reply;
}

ApiReply DefinitionsApi::projects(sqlite3* db, const QUrl& requestUrl)
{
    QString error;
    const auto snap = snapshot(db, &error);
    if (!snap)
        return storeFailure(error);
    return page(requestUrl, QJsonArray{teamBasic(*snap)});
}

ApiReply DefinitionsApi::project(sqlite3* db)
{
    QString error;
    const auto snap = snapshot(db, &error);
    if (!snap)
        return storeFailure(error);
    ApiReply reply;
    reply.body = teamFull(*snap);
    return reply;
}

namespace {

QJsonObject propertyJson(const QString& kind, const QString& name, const ValueKinds& kinds,
                         const QJsonValue& seenOnFilteredEvents)
{
    const QJsonValue type = propertyType(kinds);
    return QJsonObject{{QStringLiteral("id"), stableId(kind, name)},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("is_numerical"), type == QJsonValue(QStringLiteral("Numeric"))},
                       {QStringLiteral("property_type"), type},
                       {QStringLiteral("tags"), QJsonArray()},
                       {QStringLiteral("is_seen_on_filtered_events"), seenOnFilteredEvents}};
}

// `withVolume` false answers volume_30_day null, as PostHog does on plans without it.
QJsonObject eventJson(const EventStats& event, bool withVolume)
{
    const QString lastSeen = timefmt::formatDateTime(event.lastSeen);
    return QJsonObject{{QStringLiteral("id"), stableId(QStringLiteral("event"), event.name)},
                       {QStringLiteral("name"), event.name},
                       {QStringLiteral("created_at"), timefmt::formatDateTime(event.firstSeen)},
                       {QStringLiteral("last_seen_at"), lastSeen},
                       {QStringLiteral("last_updated_at"), lastSeen},
                       {QStringLiteral("volume_30_day"),
                        withVolume ? QJsonValue(event.volume30) : QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("query_usage_30_day"), QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("tags"), QJsonArray()},
                       {QStringLiteral("is_action"), false},
                       {QStringLiteral("action_id"), QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("is_calculating"), false},
                       {QStringLiteral("last_calculated_at"), QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("created_by"), QJsonValue(QJsonValue::Null)},
                       {QStringLiteral("post_to_slack"), false}};
}

std::optional<QStringList> jsonStringList(const QString& text)
{
    const QJsonDocument document = QJsonDocument::fromJson(text.toUtf8());
    if (!document.isArray())
        return std::nullopt;
    QStringList names;
    for (const QJsonValue& v : document.array())
        names.push_back(v.isString() ? v.toString() : QString::number(v.toDouble()));
    return names;
}

} // namespace

ApiReply DefinitionsApi::propertyDefinitions(sqlite3* db, const QUrl& requestUrl)
{
    const QUrlQuery query(requestUrl);
    auto param = [&](const char* name) {
        return query.queryItemValue(QLatin1String(name), QUrl::FullyDecoded);
    };
    auto has = [&](const char* name) { return query.hasQueryItem(QLatin1String(name)); };
    const QString type = has("type") ? param("type") : QStringLiteral("event");
    static const QStringList types = {QStringLiteral("event"), QStringLiteral("person"),
                                      QStringLiteral("group"), QStringLiteral("session")};
    if (!types.contains(type))
        return apiValidationError(QStringLiteral("\"%1\" is not a valid choice.").arg(type),
                                  QStringLiteral("invalid_choice"), QStringLiteral("type"));
    const bool groupIndex = has("group_type_index");
    if (type == QLatin1String("group") && !groupIndex)
        return apiValidationError(QStringLiteral("`group_type_index` must be set for `group` type"));
    if (type != QLatin1String("group") && groupIndex)
        return apiValidationError(QStringLiteral("`group_type_index` can only set for `group` type"));
    std::optional<QStringList> eventNames;
    if (has("event_names") && !param("event_names").isEmpty()) {
        if (type != QLatin1String("event"))
            return apiValidationError(QStringLiteral("`event_names` can only be set for `event` type"));
        eventNames = jsonStringList(param("event_names"));
        if (!eventNames)
            return apiValidationError(QStringLiteral("`event_names` must be a JSON array of event names"),
                                      QStringLiteral("invalid_input"), QStringLiteral("event_names"));
    }
    QSet<QString> excluded;
    if (has("excluded_properties") && !param("excluded_properties").isEmpty()) {
        const auto names = jsonStringList(param("excluded_properties"));
        if (!names)
            return apiValidationError(QStringLiteral("`excluded_properties` must be a JSON array"),
                                      QStringLiteral("invalid_input"), QStringLiteral("excluded_properties"));
        excluded = QSet<QString>(names->begin(), names->end());
    }
    std::optional<QSet<QString>> only;
    if (has("properties") && !param("properties").isEmpty()) {
        const QStringList names = param("properties").split(QLatin1Char(','));
        only = QSet<QString>(names.begin(), names.end());
    }
    const bool numericalOnly = truthy(param("is_numerical"));
    const bool excludeCore = truthy(param("exclude_core_properties"));
    const bool filterByEvents = truthy(param("filter_by_event_names"));
    const QStringList words = param("search").split(QLatin1Char(' '), Qt::SkipEmptyParts);

    QString error;
    const auto snap = snapshot(db, &error);
    if (!snap)
        return storeFailure(error);

    // Groups and sessions have no stored properties here: those lists are empty.
    const std::map<QString, ValueKinds> none;
    const auto& source = type == QLatin1String("event")    ? snap->eventProperties
                         : type == QLatin1String("person") ? snap->personProperties
                                                           : none;
    struct Item
    {
        QJsonObject json;
        bool seen;
    };
    std::vector<Item> items;
    for (const auto& [name, kinds] : source) {
        if (type == QLatin1String("event") &&
            (alwaysExcludedEventProperty(name) || (excludeCore && name.startsWith(QLatin1Char('$')))))
            continue;
        if (excluded.contains(name) || (only && !only->contains(name)) || !matchesSearch(name, words))
            continue;
        if (numericalOnly && (propertyType(kinds) != QJsonValue(QStringLiteral("Numeric")) ||
                              name == QLatin1String("distinct_id") || name == QLatin1String("timestamp")))
            continue;
        QJsonValue seen(QJsonValue::Null);
        bool seenFlag = false;
        if (eventNames) {
            const auto it = snap->propertyEvents.find(name);
            seenFlag = it != snap->propertyEvents.end() &&
                       std::any_of(eventNames->begin(), eventNames->end(),
                                   [&](const QString& e) { return it->second.contains(e); });
            seen = seenFlag;
            if (filterByEvents && !seenFlag)
                continue;
        }
        items.push_back(Item{propertyJson(type, name, kinds, seen), seenFlag});
    }
    // Seen-on-the-given-events first, then by name (the map already ordered them by name).
    std::stable_partition(items.begin(), items.end(), [](const Item& i) { return i.seen; });
    QJsonArray all;
    for (const Item& item : items)
        all.append(item.json);
    return page(requestUrl, all);
}

ApiReply DefinitionsApi::propertyDefinition(sqlite3* db, const QString& id)
{
    QString error;
    const auto snap = snapshot(db, &error);
    if (!snap)
        return storeFailure(error);
    for (const auto& [kind, source] : {std::pair{QStringLiteral("event"), &snap->eventProperties},
                                       std::pair{QStringLiteral("person"), &snap->personProperties}}) {
        for (const auto& [name, kinds] : *source) {
            if (stableId(kind, name) == id) {
                ApiReply reply;
                reply.body = propertyJson(kind, name, kinds, QJsonValue(QJsonValue::Null));
                return reply;
            }
        }
    }
    return apiNotFound();
}

ApiReply DefinitionsApi::eventDefinitions(sqlite3* db, const QUrl& requestUrl)
{
    const QUrlQuery query(requestUrl);
    const QString eventType = query.hasQueryItem(QStringLiteral("event_type"))
                                  ? query.queryItemValue(QStringLiteral("event_type"), QUrl::FullyDecoded)
                                  : QStringLiteral("event");
    static const QStringList eventTypes = {QStringLiteral("event"), QStringLiteral("event_custom"),
                                           QStringLiteral("event_posthog"), QStringLiteral("action_event")};
    if (!eventTypes.contains(eventType))
        return apiValidationError(QStringLiteral("\"%1\" is not a valid choice.").arg(eventType),
                                  QStringLiteral("invalid_choice"), QStringLiteral("event_type"));
    // ordering=name|-name|last_seen_at|-last_seen_at|last_seen_at::date (repeatable), PostHog's
    // default being the day last seen (newest first), then the name.
    struct Order
    {
        QString field;
        bool descending;
    };
    std::vector<Order> orders;
    for (const QString& o : query.allQueryItemValues(QStringLiteral("ordering"), QUrl::FullyDecoded)) {
        const QString field = QString(o).remove(QLatin1Char('-'));
        if (field == QLatin1String("name") || field == QLatin1String("last_seen_at") ||
            field == QLatin1String("last_seen_at::date"))
            orders.push_back(Order{field, o.startsWith(QLatin1Char('-'))});
    }
    if (orders.empty())
        orders = {Order{QStringLiteral("last_seen_at::date"), true}, Order{QStringLiteral("name"), false}};
    QSet<QString> excluded;
    if (const QString text = query.queryItemValue(QStringLiteral("excluded_properties"), QUrl::FullyDecoded);
        !text.isEmpty()) {
        const auto names = jsonStringList(text);
        if (!names)
            return apiValidationError(QStringLiteral("`excluded_properties` must be a JSON array"),
                                      QStringLiteral("invalid_input"), QStringLiteral("excluded_properties"));
        excluded = QSet<QString>(names->begin(), names->end());
    }
    const QStringList words = query.queryItemValue(QStringLiteral("search"), QUrl::FullyDecoded)
                                  .split(QLatin1Char(' '), Qt::SkipEmptyParts);

    QString error;
    const auto snap = snapshot(db, &error);
    if (!snap)
        return storeFailure(error);
    std::vector<const EventStats*> events;
    for (const EventStats& e : snap->events) {
        const bool posthog = e.name.startsWith(QLatin1Char('$'));
        if ((eventType == QLatin1String("event_custom") && posthog) ||
            (eventType == QLatin1String("event_posthog") && !posthog))
            continue;
        if (excluded.contains(e.name) || !matchesSearch(e.name, words))
            continue;
        events.push_back(&e);
    }
    std::stable_sort(events.begin(), events.end(), [&](const EventStats* a, const EventStats* b) {
        for (const Order& o : orders) {
            int c = 0;
            if (o.field == QLatin1String("name"))
                c = QString::compare(a->name, b->name);
            else if (o.field == QLatin1String("last_seen_at"))
                c = a->lastSeen < b->lastSeen ? -1 : (a->lastSeen > b->lastSeen ? 1 : 0);
            else {
                const qint64 da = timefmt::floorDiv(a->lastSeen, timefmt::kMicrosPerDay);
                const qint64 db = timefmt::floorDiv(b->lastSeen, timefmt::kMicrosPerDay);
                c = da < db ? -1 : (da > db ? 1 : 0);
            }
            if (c != 0)
                return o.descending ? c > 0 : c < 0;
        }
        return false;
    });
    QJsonArray all;
    for (const EventStats* e : events)
        all.append(eventJson(*e, m_options.eventVolumes));
    return page(requestUrl, all);
}

ApiReply DefinitionsApi::eventDefinition(sqlite3* db, const QString& id)
{
    QString error;
    const auto snap = snapshot(db, &error);
    if (!snap)
        return storeFailure(error);
    for (const EventStats& e : snap->events) {
        if (stableId(QStringLiteral("event"), e.name) == id) {
            ApiReply reply;
            reply.body = eventJson(e, m_options.eventVolumes);
            return reply;
        }
    }
    return apiNotFound();
}

} // namespace hogscope::local
