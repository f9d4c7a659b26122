#pragma once

#include "api/api_client.h"
#include "api/api_error.h"

#include <QByteArray>
#include <QDateTime>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <chrono>
#include <functional>
#include <optional>

namespace hogscope::api {

// Which properties: PostHog's `type` parameter of property_definitions/.
enum class PropertyType
{
    Event,
    Person,
    Group, // with a group type index 0-4
    Session,
};

QString propertyTypeName(PropertyType type);                           // "event", "person", ...
std::optional<PropertyType> propertyTypeFromName(const QString& name); // the inverse, case-insensitive

struct PropertyDefinition
{
    QString name;
    QString propertyType; // "String", "Numeric", "Boolean", "DateTime", "Duration" or empty when unknown
    bool isNumerical = false;
};

struct EventDefinition
{
    QString name;
    QDateTime lastSeenAt; // invalid when the server does not say
    // Events in the last 30 days (PostHog's volume_30_day); -1 when the server does not say (it is
    // null on plans without it).
    qint64 volume30Day = -1;
};

// One page of a definitions list ({count, next, previous, results}).
template <typename T>
struct DefinitionsPage
{
    QList<T> items;
    QUrl next; // empty on the last page
    qint64 count = -1;
};

// Pure decoders (no network): nullopt and `error` set when the body is not such a page.
std::optional<DefinitionsPage<PropertyDefinition>> decodePropertyDefinitionsPage(const QByteArray& body,
                                                                                 QString* error = nullptr);
std::optional<DefinitionsPage<EventDefinition>> decodeEventDefinitionsPage(const QByteArray& body,
                                                                           QString* error = nullptr);

// Property and event definitions of a project, for completion and pickers: fetched in the background
// page by page (following `next`), kept per project for a while, and searched locally. Reading never
// waits: it returns what is cached (possibly stale or empty) and starts a fetch when needed; the
// signals tell when more has arrived. A stale list stays readable while its refresh runs.
class DefinitionsCache : public QObject
{
    Q_OBJECT

public:
    struct Options
    {
        std::chrono::milliseconds maxAge{std::chrono::minutes(10)}; // after this a read refreshes the list
        int pageSize = 500;                                         // the `limit` of each page
        int maxPerList = 10'000; // one list stops growing here (PostHog projects can have many more)
        int maxTotal = 50'000;   // whole cache; the least recently read lists are dropped first
        // After a failed fetch, reads do not retry before this (typing must not hammer a broken server).
        std::chrono::milliseconds retryAfterFailure{std::chrono::seconds(30)};
    };
    // Milliseconds on a monotonic clock; replaceable for tests.
    using Clock = std::function<qint64()>;

    explicit DefinitionsCache(ApiClient* client, QObject* parent = nullptr);
    DefinitionsCache(ApiClient* client, Options options, QObject* parent = nullptr);
    ~DefinitionsCache() override;

    // Switching client (another project or server) keeps what other projects cached.
    void setClient(ApiClient* client);
    ApiClient* client() const { return m_client; }
    void setClock(Clock clock);
    const Options& options() const { return m_options; }

    // What is cached now, in the server's order; starts a fetch when missing or stale.
    QList<PropertyDefinition> propertyDefinitions(PropertyType type, int groupTypeIndex = 0);
    QStringList propertyNames(PropertyType type, int groupTypeIndex = 0);
    QList<EventDefinition> eventDefinitions();
    QStringList eventNames();

    // Cached names containing `text` (case-insensitive), names starting with it first; empty text
    // gives the first `limit` names. Starts a fetch like the readers above.
    QStringList searchPropertyNames(PropertyType type, const QString& text, int limit = 50,
                                    int groupTypeIndex = 0);
    QStringList searchEventNames(const QString& text, int limit = 50);

    // State of one list for the current project.
    bool hasProperties(PropertyType type, int groupTypeIndex = 0) const;
    bool isLoadingProperties(PropertyType type, int groupTypeIndex = 0) const;
    bool hasEvents() const;
    bool isLoadingEvents() const;

    // Fetch now whatever the age (a "refresh" button); a fetch already running is kept.
    void refreshProperties(PropertyType type, int groupTypeIndex = 0);
    void refreshEvents();
    // Forget everything and stop what runs.
    void clear();

    // HTTP requests sent so far (each page counts): diagnostics, and how tests see the cache work.
    int requestsSent() const { return m_requestsSent; }
    // Definitions held over all lists and projects.
    int totalCached() const;

    static QStringList search(const QStringList& names, const QString& text, int limit);

Q_SIGNALS:
    // A list changed (a page arrived on a first load, or a refresh completed).
    void propertiesUpdated(hogscope::api::PropertyType type, int groupTypeIndex);
    void eventsUpdated();
    void fetchFailed(const hogscope::api::ApiError& error);

private:
    struct Entry
    {
        QList<PropertyDefinition> properties;
        QList<EventDefinition> events;
        QStringList names;
        bool loaded = false;   // a complete fetch has landed at least once
        qint64 fetchedAt = -1; // clock time of the last complete fetch
        qint64 failedAt = -1;  // clock time of the last failure
        qint64 lastRead = 0;
        // The fetch in flight.
        bool loading = false;
        quint64 generation = 0;
        RequestHandle request;
        QList<PropertyDefinition> pendingProperties;
        QList<EventDefinition> pendingEvents;
        int pages = 0;
    };
    enum class ListKind
    {
        Properties,
        Events
    };
    struct ListId
    {
        ListKind kind;
        PropertyType type;
        int group;
    };

    QString keyFor(const ListId& id) const;
    Entry* touch(const ListId& id);
    const Entry* find(const ListId& id) const;
    void ensureFresh(const ListId& id, bool force);
    void fetchPage(const QString& key, const ListId& id, const QString& path, const QUrlQuery& query,
                   quint64 generation);
    void onPage(const QString& key, const ListId& id, quint64 generation, const HttpResponse& response);
    void finishFetch(const QString& key, const ListId& id, Entry& entry);
    void announce(const ListId& id);
    void evict(const QString& keep);
    qint64 now() const;

    QPointer<ApiClient> m_client;
    Options m_options;
    Clock m_clock;
    QElapsedTimer m_elapsed;
    QHash<QString, Entry> m_entries;
    quint64 m_nextGeneration = 0;
    int m_requestsSent = 0;
};

} // namespace hogscope::api

Q_DECLARE_METATYPE(hogscope::api::PropertyType)
