#include "sidebar_feeder.h"

#include "schema_sidebar.h"

#include "api/api_client.h"
#include "api/definitions_cache.h"
#include "api/query_result.h"
#include "api/query_scheduler.h"
#include "model/result_table.h"

#include <QJsonObject>

#include <algorithm>

namespace hogscope::ui {

namespace {

// Counted over the same window as PostHog's volume_30_day; a project with nothing in that window (a
// quiet one, or demo data of the past) is counted over all time instead, which is cheap exactly then.
const QString kVolumeQuery30Days =
    QStringLiteral("SELECT event, count() AS volume FROM events WHERE timestamp >= now() - INTERVAL 30 DAY "
                   "GROUP BY event ORDER BY volume DESC LIMIT 10000");
const QString kVolumeQueryAllTime = QStringLiteral(
    "SELECT event, count() AS volume FROM events GROUP BY event ORDER BY volume DESC LIMIT 10000");

} // namespace

SidebarFeeder::SidebarFeeder(SchemaSidebar* sidebar, QObject* parent)
    : QObject(parent)
    , m_sidebar(sidebar)
    , m_definitions(new api::DefinitionsCache(nullptr, this))
{
    connect(m_definitions, &api::DefinitionsCache::eventsUpdated, this, [this] {
        if (m_volumesWanted && !m_definitions->isLoadingEvents())
            decideVolumes();
        showEvents();
        updateStatus();
    });
    connect(m_definitions, &api::DefinitionsCache::propertiesUpdated, this,
            [this](api::PropertyType type, int) {
                if (type == api::PropertyType::Event || type == api::PropertyType::Person)
                    showProperties();
                updateStatus();
            });
    connect(m_definitions, &api::DefinitionsCache::fetchFailed, this, &SidebarFeeder::onFailed);
    connect(m_sidebar, &SchemaSidebar::refreshRequested, this, &SidebarFeeder::refresh);
}

SidebarFeeder::~SidebarFeeder()
{
    dropVolumeQuery();
}

void SidebarFeeder::dropVolumeQuery()
{
    if (!m_volumeQuery)
        return;
    // Deleting the handle cancels the query, on the server too; nothing of it may come back here.
    api::ScheduledQuery* query = m_volumeQuery;
    m_volumeQuery = nullptr;
    query->disconnect(this);
    delete query;
}

void SidebarFeeder::setConnection(api::ApiClient* client, api::QueryScheduler* scheduler)
{
    dropVolumeQuery();
    m_client = client;
    m_scheduler = scheduler;
    m_definitions->setClient(client);
    m_volumes.clear();
    m_volumesAllTime = false;
    m_volumesWanted = false;
    m_volumeSource = VolumeSource::None;
    m_failure.clear();
    m_reported = false;
    if (client == nullptr) {
        m_sidebar->setEvents({});
        m_sidebar->setProperties(QStringLiteral("event"), {});
        m_sidebar->setProperties(QStringLiteral("person"), {});
        m_sidebar->setStatus(QString());
        return;
    }
    load(false);
}

void SidebarFeeder::refresh()
{
    if (!m_client) {
        m_sidebar->setStatus(tr("Not connected: choose a connection with Switch…"), true);
        return;
    }
    m_failure.clear();
    m_reported = false;
    load(true);
}

void SidebarFeeder::load(bool force)
{
    if (force) {
        m_definitions->refreshEvents();
        m_definitions->refreshProperties(api::PropertyType::Event);
        m_definitions->refreshProperties(api::PropertyType::Person);
    }
    // Reading starts a fetch when a list is missing or stale, and gives what is cached meanwhile.
    showEvents();
    showProperties();
    // The volumes once the event list is in: PostHog may have given them with it.
    m_volumesWanted = true;
    if (!m_definitions->isLoadingEvents())
        decideVolumes();
    updateStatus();
}

void SidebarFeeder::decideVolumes()
{
    m_volumesWanted = false;
    // volume_30_day counts what our count would, over the same window; it is null on plans without
    // it, and all zero for a project quiet for 30 days (which the count then takes over all time).
    const QList<api::EventDefinition> definitions = m_definitions->eventDefinitions();
    qint64 total = 0;
    bool all = !definitions.isEmpty();
    for (const api::EventDefinition& definition : definitions) {
        all = all && definition.volume30Day >= 0;
        total += std::max<qint64>(definition.volume30Day, 0);
    }
    if (!all || total == 0) {
        fetchVolumes();
        return;
    }
    dropVolumeQuery();
    m_volumes.clear();
    for (const api::EventDefinition& definition : definitions)
        m_volumes.insert(definition.name, definition.volume30Day);
    m_volumesAllTime = false;
    m_volumeSource = VolumeSource::Definitions;
}

void SidebarFeeder::fetchVolumes(bool allTime)
{
    dropVolumeQuery();
    if (!m_scheduler)
        return;
    api::QueryRequest request;
    request.query.insert(QStringLiteral("kind"), QStringLiteral("HogQLQuery"));
    request.query.insert(QStringLiteral("query"), allTime ? kVolumeQueryAllTime : kVolumeQuery30Days);
    request.label = tr("Event volumes");
    api::ScheduledQuery* query =
        m_scheduler->submit(std::move(request), api::QueryPriority::Background, this);
    m_volumeQuery = query;
    connect(query, &api::ScheduledQuery::succeeded, this,
            [this, query, allTime](const api::QueryResult& result) {
                m_volumeQuery = nullptr;
                query->deleteLater();
                if (!allTime && (!result.table || result.table->rowCount() == 0)) {
                    fetchVolumes(true);
                    return;
                }
                m_volumes.clear();
                if (result.table) {
                    for (int row = 0; row < result.table->rowCount(); ++row)
                        m_volumes.insert(result.table->value(row, 0).toString(),
                                         result.table->value(row, 1).toLongLong());
                }
                m_volumesAllTime = allTime;
                m_volumeSource = VolumeSource::Count;
                showEvents();
                updateStatus();
            });
    connect(query, &api::ScheduledQuery::failed, this, [this, query](const api::ApiError& error) {
        m_volumeQuery = nullptr;
        query->deleteLater();
        // The names still show; only their counts are missing.
        Q_EMIT message(MessageSeverity::Warning,
                       tr("Event volumes could not be counted: %1").arg(error.message));
        updateStatus();
    });
    connect(query, &api::ScheduledQuery::cancelled, this, [query] { query->deleteLater(); });
}

void SidebarFeeder::showEvents()
{
    const QList<api::EventDefinition> definitions = m_definitions->eventDefinitions();
    const bool volumesKnown = m_volumeSource != VolumeSource::None;
    QList<QPair<QString, qint64>> events;
    events.reserve(definitions.size());
    for (const api::EventDefinition& definition : definitions)
        events.append({definition.name, volumesKnown ? m_volumes.value(definition.name, 0) : -1});
    if (volumesKnown) {
        // Most used first, as the sidebar promises; the server's order breaks ties.
        std::stable_sort(events.begin(), events.end(),
                         [](const auto& a, const auto& b) { return a.second > b.second; });
    }
    m_sidebar->setEvents(events, !volumesKnown      ? QString()
                                 : m_volumesAllTime ? tr("events of all time (none in the last 30 days)")
                                                    : tr("events in the last 30 days"));
}

void SidebarFeeder::showProperties()
{
    for (const api::PropertyType type : {api::PropertyType::Event, api::PropertyType::Person}) {
        QList<QPair<QString, QString>> properties;
        for (const api::PropertyDefinition& definition : m_definitions->propertyDefinitions(type))
            properties.append({definition.name, definition.propertyType});
        m_sidebar->setProperties(api::propertyTypeName(type), properties);
    }
}

void SidebarFeeder::onFailed(const api::ApiError& error)
{
    m_failure = error.message;
    // Without the event list (or its volumes) the count still may tell them.
    if (m_volumesWanted && !m_definitions->isLoadingEvents())
        decideVolumes();
    // One message a round, not one per list: the three lists usually fail for the same reason.
    if (!m_reported) {
        m_reported = true;
        Q_EMIT message(MessageSeverity::Error,
                       tr("Could not load events and properties: %1").arg(error.message));
    }
    updateStatus();
}

bool SidebarFeeder::isLoading() const
{
    return m_definitions->isLoadingEvents() || m_definitions->isLoadingProperties(api::PropertyType::Event) ||
           m_definitions->isLoadingProperties(api::PropertyType::Person) || m_volumeQuery || m_volumesWanted;
}

void SidebarFeeder::updateStatus()
{
    if (!m_failure.isEmpty())
        m_sidebar->setStatus(tr("Could not load events and properties: %1").arg(m_failure), true);
    else if (isLoading())
        m_sidebar->setStatus(tr("Loading events and properties…"));
    else
        m_sidebar->setStatus(QString());
    const bool loading = isLoading();
    if (m_wasLoading && !loading)
        Q_EMIT loaded();
    m_wasLoading = loading;
}

} // namespace hogscope::ui
