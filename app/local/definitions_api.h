#pragma once

#include "api_reply.h"

#include <QMutex>
#include <QString>

#include <memory>

struct sqlite3;
class QUrl;

namespace hogscope::local {

// PostHog's discovery endpoints over the store (spec/posthog-api.md §7): the current user, the
// one project (id 1), and the property and event definitions, which PostHog keeps at ingestion and
// this server derives from the events and persons.
//
// Deriving the property definitions means reading every event's properties, so the result is
// cached and refreshed only when the store changes: the cache is keyed by the highest rowid of
// events and persons (both only grow under ingest) and by the UTC day (volume_30_day moves with
// the clock). Events added since the last look are read incrementally. Thread-safe: the methods
// run on the reader threads, each with its own read-only connection.
class DefinitionsApi
{
public:
    struct Options
    {
        QString databasePath;     // names the project after the store file
        bool eventVolumes = true; // false: volume_30_day is null, as on PostHog plans without it
    };

    explicit DefinitionsApi(Options options);
    ~DefinitionsApi();
    DefinitionsApi(const DefinitionsApi&) = delete;
    DefinitionsApi& operator=(const DefinitionsApi&) = delete;

    ApiReply currentUser(sqlite3* db);                      // GET /api/users/@me/
    ApiReply projects(sqlite3* db, const QUrl& requestUrl); // GET /api/projects/
    ApiReply project(sqlite3* db);                          // GET /api/{projects|environments}/1/
    ApiReply propertyDefinitions(sqlite3* db, const QUrl& requestUrl);
    ApiReply propertyDefinition(sqlite3* db, const QString& id);
    ApiReply eventDefinitions(sqlite3* db, const QUrl& requestUrl);
    ApiReply eventDefinition(sqlite3* db, const QString& id);

    // Builds the cache now (at server start, on a reader thread) so the first request is fast.
    void warm(sqlite3* db);

    struct Snapshot;

private:
    std::shared_ptr<const Snapshot> snapshot(sqlite3* db, QString* error);
    QJsonObject teamBasic(const Snapshot& snapshot) const;
    QJsonObject teamFull(const Snapshot& snapshot) const;
    QJsonObject organization(const Snapshot& snapshot) const;

    Options m_options;
    QString m_projectName;
    QMutex m_mutex;        // guards m_snapshot
    QMutex m_computeMutex; // one refresh at a time; the others wait for its result
    std::shared_ptr<const Snapshot> m_snapshot;
};

} // namespace hogscope::local
