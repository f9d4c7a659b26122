#include "api/definitions_cache.h"

#include "api/call_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>
#include <limits>

namespace hogscope::api {

Q_LOGGING_CATEGORY(lcDefinitions, "hogscope.api.definitions")

namespace {

// {count, next, previous, results}; an unpaginated bare list is accepted too.
template <typename T, typename ItemFn>
std::optional<DefinitionsPage<T>> decodePage(const QByteArray& body, QString* error, ItemFn item)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = parseError.errorString();
        return std::nullopt;
    }
    DefinitionsPage<T> page;
    QJsonArray results;
    if (document.isArray()) {
        results = document.array();
    } else if (document.isObject() && document.object().value(QLatin1StringView("results")).isArray()) {
        const QJsonObject object = document.object();
        results = object.value(QLatin1StringView("results")).toArray();
        page.next = QUrl(object.value(QLatin1StringView("next")).toString());
        const QJsonValue count = object.value(QLatin1StringView("count"));
        if (count.isDouble())
            page.count = qint64(count.toDouble());
    } else {
        if (error)
            *error = QStringLiteral("expected {\"results\": [...]}");
        return std::nullopt;
    }
    page.items.reserve(results.size());
    for (const QJsonValue& value : results) {
        const QJsonObject object = value.toObject();
        const QString name = object.value(QLatin1StringView("name")).toString();
        if (!name.isEmpty())
            page.items << item(object, name);
    }
    return page;
}

} // namespace

QString propertyTypeName(PropertyType type)
{
    switch (type) {
    case PropertyType::Event:
        return QStringLiteral("event");
    case PropertyType::Person:
        return QStringLiteral("person");
    case PropertyType::Group:
        return QStringLiteral("group");
    case PropertyType::Session:
        return QStringLiteral("session");
    }
    return QString();
}

std::optional<PropertyType> propertyTypeFromName(const QString& name)
{
    for (PropertyType type :
         {PropertyType::Event, PropertyType::Person, PropertyType::Group, PropertyType::Session})
        if (name.compare(propertyTypeName(type), Qt::CaseInsensitive) == 0)
            return type;
    return std::nullopt;
}

std::optional<DefinitionsPage<PropertyDefinition>> decodePropertyDefinitionsPage(const QByteArray& body,
                                                                                 QString* error)
{
    return decodePage<PropertyDefinition>(body, error, [](const QJsonObject& object, const QString& name) {
        return PropertyDefinition{name, object.value(QLatin1StringView("property_type")).toString(),
                                  object.value(QLatin1StringView("is_numerical")).toBool()};
    });
}

std::optional<DefinitionsPage<EventDefinition>> decodeEventDefinitionsPage(const QByteArray& body,
                                                                           QString* error)
{
    return decodePage<EventDefinition>(body, error, [](const QJsonObject& object, const QString& name) {
        const QJsonValue volume = object.value(QLatin1StringView("volume_30_day"));
        return EventDefinition{
            name,
            QDateTime::fromString(object.value(QLatin1StringView("last_seen_at")).toString(),
                                  Qt::ISODateWithMs),
            volume.isDouble() && volume.toDouble() >= 0 ? volume.toInteger() : -1};
    });
}

DefinitionsCache::DefinitionsCache(ApiClient* client, QObject* parent)
    : DefinitionsCache(client, Options{}, parent)
{}

DefinitionsCache::DefinitionsCache(ApiClient* client, Options options, QObject* parent)
    : QObject(parent)
    , m_options(options)
{
    qRegisterMetaType<PropertyType>();
    qRegisterMetaType<ApiError>();
    m_options.pageSize = std::max(1, m_options.pageSize);
    m_options.maxPerList = std::max(1, m_options.maxPerList);
    m_elapsed.start();
    setClient(client);
}

DefinitionsCache::~DefinitionsCache()
{
    for (Entry& entry : m_entries)
        entry.request.abort();
}

void DefinitionsCache::setClient(ApiClient* client)
{
    if (client == m_client)
        return;
    if (m_client)
        disconnect(m_client, nullptr, this, nullptr);
    // Fetches for the previous client stop; their lists stay cached under that project.
    for (Entry& entry : m_entries) {
        if (!entry.loading)
            continue;
        ++entry.generation;
        entry.loading = false;
        entry.request.abort();
    }
    m_client = client;
    if (client) {
        // A client that dies takes its replies along unanswered: nothing is loading any more.
        connect(client, &QObject::destroyed, this, [this] {
            for (Entry& entry : m_entries)
                entry.loading = false;
        });
    }
}

void DefinitionsCache::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

qint64 DefinitionsCache::now() const
{
    return m_clock ? m_clock() : m_elapsed.elapsed();
}

QString DefinitionsCache::keyFor(const ListId& id) const
{
    // Per server and project, so switching projects neither mixes nor loses lists.
    const Connection* connection = m_client ? &m_client->connection() : nullptr;
    const QString scope = connection ? connection->baseUrl.toString(QUrl::RemoveUserInfo) + QLatin1Char('|') +
                                           connection->projectId
                                     : QString();
    if (id.kind == ListKind::Events)
        return scope + QStringLiteral("|events");
    return scope + QStringLiteral("|properties|%1|%2").arg(propertyTypeName(id.type)).arg(id.group);
}

DefinitionsCache::Entry* DefinitionsCache::touch(const ListId& id)
{
    Entry& entry = m_entries[keyFor(id)];
    entry.lastRead = now();
    return &entry;
}

const DefinitionsCache::Entry* DefinitionsCache::find(const ListId& id) const
{
    const auto it = m_entries.constFind(keyFor(id));
    return it == m_entries.constEnd() ? nullptr : &*it;
}

QList<PropertyDefinition> DefinitionsCache::propertyDefinitions(PropertyType type, int groupTypeIndex)
{
    const ListId id{ListKind::Properties, type, type == PropertyType::Group ? groupTypeIndex : 0};
    ensureFresh(id, false);
    const Entry* entry = find(id);
    return entry ? entry->properties : QList<PropertyDefinition>();
}

QStringList DefinitionsCache::propertyNames(PropertyType type, int groupTypeIndex)
{
    const ListId id{ListKind::Properties, type, type == PropertyType::Group ? groupTypeIndex : 0};
    ensureFresh(id, false);
    const Entry* entry = find(id);
    return entry ? entry->names : QStringList();
}

QList<EventDefinition> DefinitionsCache::eventDefinitions()
{
    const ListId id{ListKind::Events, PropertyType::Event, 0};
    ensureFresh(id, false);
    const Entry* entry = find(id);
    return entry ? entry->events : QList<EventDefinition>();
}

QStringList DefinitionsCache::eventNames()
{
    const ListId id{ListKind::Events, PropertyType::Event, 0};
    ensureFresh(id, false);
    const Entry* entry = find(id);
    return entry ? entry->names : QStringList();
}

QStringList DefinitionsCache::search(const QStringList& names, const QString& text, int limit)
{
    QStringList prefixed;
    QStringList containing;
    for (const QString& name : names) {
        if (text.isEmpty() || name.startsWith(text, Qt::CaseInsensitive))
            prefixed << name;
        else if (name.contains(text, Qt::CaseInsensitive))
            containing << name;
        if (limit > 0 && prefixed.size() >= limit)
            break;
    }
    prefixed += containing;
    if (limit > 0 && prefixed.size() > limit)
        prefixed.resize(limit);
    return prefixed;
}

QStringList DefinitionsCache::searchPropertyNames(PropertyType type, const QString& text, int limit,
                                                  int groupTypeIndex)
{
    return search(propertyNames(type, groupTypeIndex), text, limit);
}

QStringList DefinitionsCache::searchEventNames(const QString& text, int limit)
{
    return search(eventNames(), text, limit);
}

bool DefinitionsCache::hasProperties(PropertyType type, int groupTypeIndex) const
{
    const Entry* entry = find({ListKind::Properties, type, type == PropertyType::Group ? groupTypeIndex : 0});
    return entry && entry->loaded;
}

bool DefinitionsCache::isLoadingProperties(PropertyType type, int groupTypeIndex) const
{
    const Entry* entry = find({ListKind::Properties, type, type == PropertyType::Group ? groupTypeIndex : 0});
    return entry && entry->loading;
}

bool DefinitionsCache::hasEvents() const
{
    const Entry* entry = find({ListKind::Events, PropertyType::Event, 0});
    return entry && entry->loaded;
}

bool DefinitionsCache::isLoadingEvents() const
{
    const Entry* entry = find({ListKind::Events, PropertyType::Event, 0});
    return entry && entry->loading;
}

void DefinitionsCache::refreshProperties(PropertyType type, int groupTypeIndex)
{
    ensureFresh({ListKind::Properties, type, type == PropertyType::Group ? groupTypeIndex : 0}, true);
}

void DefinitionsCache::refreshEvents()
{
    ensureFresh({ListKind::Events, PropertyType::Event, 0}, true);
}

void DefinitionsCache::clear()
{
    for (Entry& entry : m_entries)
        entry.request.abort();
    m_entries.clear();
}

int DefinitionsCache::totalCached() const
{
    int total = 0;
    for (const Entry& entry : m_entries)
        total += int(entry.properties.size() + entry.events.size());
    return total;
}

void DefinitionsCache::ensureFresh(const ListId& id, bool force)
{
    Entry* entry = touch(id);
    if (entry->loading || !m_client)
        return;
    const qint64 t = now();
    if (!force) {
        if (entry->loaded && t - entry->fetchedAt < qint64(m_options.maxAge.count()))
            return;
        if (entry->failedAt >= 0 && t - entry->failedAt < qint64(m_options.retryAfterFailure.count()))
            return;
    }
    entry->loading = true;
    entry->generation = ++m_nextGeneration;
    entry->pendingProperties.clear();
    entry->pendingEvents.clear();
    entry->pages = 0;

    QUrlQuery query;
    QString path;
    if (id.kind == ListKind::Events) {
        path = QStringLiteral("event_definitions/");
    } else {
        path = QStringLiteral("property_definitions/");
        query.addQueryItem(QStringLiteral("type"), propertyTypeName(id.type));
        if (id.type == PropertyType::Group)
            query.addQueryItem(QStringLiteral("group_type_index"), QString::number(id.group));
    }
    query.addQueryItem(QStringLiteral("limit"), QString::number(m_options.pageSize));
    query.addQueryItem(QStringLiteral("offset"), QStringLiteral("0"));
    fetchPage(keyFor(id), id, path, query, entry->generation);
}

void DefinitionsCache::fetchPage(const QString& key, const ListId& id, const QString& path,
                                 const QUrlQuery& query, quint64 generation)
{
    Entry& entry = m_entries[key];
    ++m_requestsSent;
    ++entry.pages;
    entry.request =
        m_client->get(path, query, this, [this, key, id, generation](const HttpResponse& response) {
            onPage(key, id, generation, response);
        });
}

void DefinitionsCache::onPage(const QString& key, const ListId& id, quint64 generation,
                              const HttpResponse& response)
{
    const auto it = m_entries.find(key);
    if (it == m_entries.end() || it->generation != generation || !it->loading || response.aborted)
        return; // replaced, cleared or cancelled
    Entry& entry = *it;
    const bool events = id.kind == ListKind::Events;
    const QString what =
        events ? QStringLiteral("event definitions") : QStringLiteral("property definitions");
    auto fail = [&](const ApiError& error) {
        entry.loading = false;
        entry.failedAt = now();
        qCInfo(lcDefinitions) << "fetching" << what << "failed:" << error.message;
        Q_EMIT fetchFailed(error);
    };
    if (response.networkFailed || response.status != 200) {
        fail(errorFromResponse(response, events ? QStringLiteral("event_definition:read")
                                                : QStringLiteral("property_definition:read")));
        return;
    }

    QString problem;
    QUrl next;
    qsizetype gathered = 0;
    if (events) {
        const auto page = decodeEventDefinitionsPage(response.body, &problem);
        if (!page) {
            fail(decodeError(what, problem));
            return;
        }
        entry.pendingEvents += page->items;
        gathered = entry.pendingEvents.size();
        next = page->items.isEmpty() ? QUrl() : page->next;
    } else {
        const auto page = decodePropertyDefinitionsPage(response.body, &problem);
        if (!page) {
            fail(decodeError(what, problem));
            return;
        }
        entry.pendingProperties += page->items;
        gathered = entry.pendingProperties.size();
        next = page->items.isEmpty() ? QUrl() : page->next;
    }

    // A runaway `next` chain ends at the size cap, or at twice the pages the cap needs.
    const int pageLimit = 2 * (m_options.maxPerList / m_options.pageSize + 1);
    const std::optional<RelativeLink> link = next.isEmpty() ? std::nullopt : projectRelativeLink(next);
    if (!next.isEmpty() && !link)
        qCWarning(lcDefinitions) << "not following an unexpected next link" << next;
    if (link && gathered < m_options.maxPerList && entry.pages < pageLimit && m_client) {
        if (!entry.loaded) {
            // First load: show each page as it comes, completion is useful before the last one.
            if (events)
                entry.events = entry.pendingEvents;
            else
                entry.properties = entry.pendingProperties;
            entry.names.clear();
            entry.names.reserve(gathered);
            if (events)
                for (const EventDefinition& definition : std::as_const(entry.events))
                    entry.names << definition.name;
            else
                for (const PropertyDefinition& definition : std::as_const(entry.properties))
                    entry.names << definition.name;
            announce(id);
        }
        fetchPage(key, id, link->path, link->query, generation);
        return;
    }
    finishFetch(key, id, entry);
}

void DefinitionsCache::finishFetch(const QString& key, const ListId& id, Entry& entry)
{
    if (entry.pendingProperties.size() > m_options.maxPerList)
        entry.pendingProperties.resize(m_options.maxPerList);
    if (entry.pendingEvents.size() > m_options.maxPerList)
        entry.pendingEvents.resize(m_options.maxPerList);
    entry.properties = std::exchange(entry.pendingProperties, {});
    entry.events = std::exchange(entry.pendingEvents, {});
    entry.names.clear();
    entry.names.reserve(entry.properties.size() + entry.events.size());
    for (const PropertyDefinition& definition : std::as_const(entry.properties))
        entry.names << definition.name;
    for (const EventDefinition& definition : std::as_const(entry.events))
        entry.names << definition.name;
    entry.loaded = true;
    entry.loading = false;
    entry.fetchedAt = now();
    entry.failedAt = -1;
    entry.request = RequestHandle();
    evict(key);
    announce(id);
}

void DefinitionsCache::announce(const ListId& id)
{
    if (id.kind == ListKind::Events)
        Q_EMIT eventsUpdated();
    else
        Q_EMIT propertiesUpdated(id.type, id.group);
}

void DefinitionsCache::evict(const QString& keep)
{
    int total = totalCached();
    while (total > m_options.maxTotal) {
        auto victim = m_entries.end();
        qint64 oldest = std::numeric_limits<qint64>::max();
        for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
            if (it.key() == keep || it->loading || (it->properties.isEmpty() && it->events.isEmpty()))
                continue;
            if (it->lastRead < oldest) {
                oldest = it->lastRead;
                victim = it;
            }
        }
        if (victim == m_entries.end())
            return; // only the newest list is left; it is capped by maxPerList already
        total -= int(victim->properties.size() + victim->events.size());
        m_entries.erase(victim);
    }
}

} // namespace hogscope::api
