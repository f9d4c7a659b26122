#pragma once

// Keeps the schema sidebar's events and properties in step with the connection.

#include "messages_dock.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QString>

namespace hogscope::api {
class ApiClient;
class DefinitionsCache;
class QueryScheduler;
class ScheduledQuery;
struct ApiError;
struct QueryResult;
} // namespace hogscope::api

namespace hogscope::ui {

class SchemaSidebar;

// Feeds a SchemaSidebar from the connection: event names and event/person property keys with their
// types from an api::DefinitionsCache (cached per project, so switching back is instant), and the
// events' 30-day volumes: PostHog's volume_30_day when the event definitions carry it, else (it is
// null on some plans) one background HogQL count through the scheduler, which spends a query of the
// project's rate limit. The sidebar's refresh button fetches again; failures show in the sidebar's
// status line and go out as message() for the messages panel.
class SidebarFeeder : public QObject
{
    Q_OBJECT
public:
    explicit SidebarFeeder(SchemaSidebar* sidebar, QObject* parent = nullptr);
    ~SidebarFeeder() override;

    // The connection to read from (null = disconnected: the lists empty). Neither is owned; call
    // with null before they go.
    void setConnection(api::ApiClient* client, api::QueryScheduler* scheduler);
    // Fetches everything again, whatever the cache's age.
    void refresh();

    api::DefinitionsCache* definitions() const { return m_definitions; }
    // True while a list or the volumes are still being fetched.
    bool isLoading() const;

    // Where the volumes shown came from.
    enum class VolumeSource
    {
        None,        // not known (yet)
        Definitions, // the event definitions' volume_30_day
        Count,       // a HogQL count
    };
    VolumeSource volumeSource() const { return m_volumeSource; }

Q_SIGNALS:
    void message(hogscope::ui::MessageSeverity severity, const QString& text);
    // Everything asked for has arrived or failed.
    void loaded();

private:
    void load(bool force);
    // Takes the volumes from the event definitions when they carry them, else counts them.
    void decideVolumes();
    void fetchVolumes(bool allTime = false);
    void dropVolumeQuery();
    void showEvents();
    void showProperties();
    void onFailed(const api::ApiError& error);
    void updateStatus();

    SchemaSidebar* m_sidebar = nullptr;
    api::DefinitionsCache* m_definitions = nullptr;
    QPointer<api::ApiClient> m_client;
    QPointer<api::QueryScheduler> m_scheduler;
    QPointer<api::ScheduledQuery> m_volumeQuery;
    QHash<QString, qint64> m_volumes;
    bool m_volumesAllTime = false; // nothing in the last 30 days: counted over all time
    bool m_volumesWanted = false;  // a round wants volumes; decided when the event list is in
    VolumeSource m_volumeSource = VolumeSource::None; // None: the volumes are not known
    QString m_failure;       // why the last round failed (shown until the next round)
    bool m_reported = false; // the failure of this round went to the messages panel already
    bool m_wasLoading = false;
};

} // namespace hogscope::ui
