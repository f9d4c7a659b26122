#pragma once

#include <QString>

#include <array>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;

namespace hogscope::local {

class SqliteConnection;

// The SQLite layout of a Hogscope store.
//
// Timestamps (events.timestamp, events.created_at, persons.created_at, sessions.*_timestamp) are
// INTEGER microseconds since the Unix epoch, UTC. Integers compare and index cheaply, keep
// ClickHouse's DateTime64(6) precision exactly, and make toStartOfDay/INTERVAL arithmetic plain
// integer arithmetic; they are rendered as ISO 8601 text only when results leave the server.
// Property bags are JSON object text, read with SQLite's JSON functions.
//
// Version 2 adds, for fast insights:
// * hot event properties as indexed columns (`"mat_$browser"` ...; the name follows PostHog's
//   materialized columns);
// * rollups kept at ingest (see EventIngest): activity per person per day per event, events per day
//   per event, and events per day per event per hot property value. Days are UTC days since
//   1970-01-01 (the project timezone is UTC).
// Version 3 makes the hot columns plain columns that the writer fills (EventIngest has the values
// from its own pass over the JSON) instead of VIRTUAL generated columns that SQLite computed from
// `properties` once per row at insert and once per row per index build: that was half the time of
// a large import. Triggers fill them for rows written by anything else, so the store stays a plain
// SQLite file that any tool can write to and the columns always equal what hs_prop reads.
namespace store {

inline constexpr int kSchemaVersion = 3;

// The hot event properties: each is a column with an index.
struct HotProperty
{
    std::string_view key;    // the property key, e.g. "$browser"
    std::string_view column; // the events column, e.g. "mat_$browser" (needs double quotes in SQL)
};
inline constexpr std::array<HotProperty, 8> kHotProperties = {{
    {"$browser", "mat_$browser"},
    {"$os", "mat_$os"},
    {"$device_type", "mat_$device_type"},
    {"$current_url", "mat_$current_url"},
    {"$pathname", "mat_$pathname"},
    {"$host", "mat_$host"},
    {"$referring_domain", "mat_$referring_domain"},
    {"$geoip_country_code", "mat_$geoip_country_code"},
}};

// Index into kHotProperties of `key`, or nullopt when it is not hot.
std::optional<size_t> hotPropertyIndex(std::string_view key);

// The UTC day (days since 1970-01-01) of a timestamp in microseconds, rounding down.
int64_t dayOf(int64_t micros);

struct SchemaOptions
{
    bool indexes = true; // false: the caller bulk-loads first and calls createIndexes() after
    bool wal = true;     // switch the file to WAL (readers run beside a writer)
};

// Creates every table, trigger and (unless told otherwise) index, idempotently, in a new file.
bool createSchema(SqliteConnection& db, QString* error, SchemaOptions options = {});

// Creates the secondary indexes that are missing, each as its own statement (outside a transaction,
// each is committed as it is built, so an interrupted run keeps the ones it finished). After a bulk
// load this is faster than maintaining them row by row. `building` (optional) hears the name of each
// index before it is built, and stops the builds (createIndexes() fails with "stopped") by
// returning false.
bool createIndexes(sqlite3* db, QString* error,
                   const std::function<bool(const std::string& name)>& building = {});

// The names of the store's secondary indexes that `db` lacks (an import killed while it built them
// leaves a store whose rows are complete but that lacks some; queries are right, only slower).
std::vector<std::string> missingIndexes(sqlite3* db);

// True when `db` has an index of that name.
bool hasIndex(sqlite3* db, std::string_view name);

// The triggers that fill the hot columns of rows written by other writers than EventIngest. It fills
// them itself, and drops the triggers inside its transaction (they cost ~2 us per row even when they
// do nothing) and makes them again before it commits.
bool createHotTriggers(sqlite3* db, QString* error);
bool dropHotTriggers(sqlite3* db, QString* error);

// The schema version of `db`, or nullopt when it is not a store.
std::optional<int> schemaVersion(sqlite3* db, QString* error);

// True when `db` carries a store of a schema version this build can serve: the current one, or an
// older one that upgradeSchema() brings up to date.
bool checkSchema(SqliteConnection& db, QString* error);

// Brings an older store to kSchemaVersion in place, in one transaction (hot columns filled from the
// properties, their triggers and indexes; for version 1 the rollups, filled from the events). No-op
// on a current store. Needs a writable connection.
bool upgradeSchema(sqlite3* db, QString* error);

// Recomputes every rollup from the events table with plain SQL. Ingest maintains them
// incrementally; this is the reference they must equal, and the repair path.
bool rebuildRollups(sqlite3* db, QString* error);

} // namespace store
} // namespace hogscope::local
