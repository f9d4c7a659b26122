#include "store_schema.h"

#include "sqlite_connection.h"

#include <sqlite3.h>

namespace hogscope::local::store {

namespace {

constexpr const char* kSchemaSql = R"sql(
PRAGMA journal_mode = WAL;
CREATE TABLE IF NOT EXISTS store_meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS events (
    uuid TEXT NOT NULL PRIMARY KEY,
    event TEXT NOT NULL,
    distinct_id TEXT NOT NULL,
    timestamp INTEGER NOT NULL,          -- microseconds since epoch, UTC
    created_at INTEGER NOT NULL,         -- ingestion time, microseconds since epoch, UTC
    properties TEXT NOT NULL DEFAULT '{}',
    person_id TEXT,                      -- persons.id at ingestion (persons-on-events)
    session_id TEXT,                     -- $session_id
    window_id TEXT,                      -- $window_id
    elements_chain TEXT NOT NULL DEFAULT ''
);
CREATE INDEX IF NOT EXISTS events_event_timestamp ON events (event, timestamp);
CREATE INDEX IF NOT EXISTS events_person_timestamp ON events (person_id, timestamp);
CREATE INDEX IF NOT EXISTS events_timestamp ON events (timestamp);
CREATE TABLE IF NOT EXISTS persons (
    id TEXT NOT NULL PRIMARY KEY,        -- person UUID
    created_at INTEGER NOT NULL,
    properties TEXT NOT NULL DEFAULT '{}',
    is_identified INTEGER NOT NULL DEFAULT 0
);
CREATE TABLE IF NOT EXISTS person_distinct_ids (
    distinct_id TEXT NOT NULL PRIMARY KEY,
    person_id TEXT NOT NULL REFERENCES persons (id)
);
CREATE INDEX IF NOT EXISTS person_distinct_ids_person ON person_distinct_ids (person_id);
CREATE TABLE IF NOT EXISTS sessions (
    session_id TEXT NOT NULL PRIMARY KEY,
    distinct_id TEXT NOT NULL,
    person_id TEXT,
    start_timestamp INTEGER NOT NULL,
    end_timestamp INTEGER NOT NULL,
    entry_current_url TEXT,
    entry_pathname TEXT,
    end_current_url TEXT,
    entry_referring_domain TEXT,
    pageview_count INTEGER NOT NULL DEFAULT 0,
    autocapture_count INTEGER NOT NULL DEFAULT 0,
    duration_seconds INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS sessions_person_start ON sessions (person_id, start_timestamp);
)sql";

} // namespace

bool createSchema(SqliteConnection& db, QString* error)
{
    if (!db.exec(kSchemaSql)) {
        if (error)
            *error = db.errorString();
        return false;
    }
    const QByteArray meta = QStringLiteral("INSERT OR REPLACE INTO store_meta (key, value) VALUES "
                                           "('schema_version', '%1'), ('timestamp_unit', 'microseconds_utc')")
                                .arg(kSchemaVersion)
                                .toUtf8();
    if (!db.exec(meta.constData())) {
        if (error)
            *error = db.errorString();
        return false;
    }
    return true;
}

bool checkSchema(SqliteConnection& db, QString* error)
{
    SqliteStatement stmt;
    if (sqlite3_prepare_v2(db.handle(), "SELECT value FROM store_meta WHERE key = 'schema_version'", -1,
                           stmt.out(), nullptr) != SQLITE_OK) {
        if (error)
            *error = QStringLiteral("not a Hogscope store: %1")
                         .arg(QString::fromUtf8(sqlite3_errmsg(db.handle())));
        return false;
    }
    if (sqlite3_step(stmt.get()) != SQLITE_ROW) {
        if (error)
            *error = QStringLiteral("not a Hogscope store: no schema version");
        return false;
    }
    const int version = sqlite3_column_int(stmt.get(), 0);
    if (version != kSchemaVersion) {
        if (error)
            *error = QStringLiteral("store schema version %1 is not %2").arg(version).arg(kSchemaVersion);
        return false;
    }
    return true;
}

} // namespace hogscope::local::store
