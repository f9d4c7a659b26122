#include "store_schema.h"

#include "sqlite_connection.h"

#include <sqlite3.h>

#include <string>
#include <utility>
#include <vector>

namespace hogscope::local::store {

namespace {

constexpr const char* kTablesSql = R"sql(
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
)sql";

// Rollups (schema version 2). WITHOUT ROWID: the key is the data, and range scans over it are what
// the insight runners do.
constexpr const char* kRollupsSql = R"sql(
-- One row per (event, UTC day, person) with at least one event: DAU, retention and stickiness.
CREATE TABLE IF NOT EXISTS rollup_person_days (
    event TEXT NOT NULL,
    day INTEGER NOT NULL,                -- UTC days since 1970-01-01
    person_id TEXT NOT NULL,
    events INTEGER NOT NULL,
    PRIMARY KEY (event, day, person_id)
) WITHOUT ROWID;
-- Events per (event, UTC day): total-count trends.
CREATE TABLE IF NOT EXISTS rollup_event_days (
    event TEXT NOT NULL,
    day INTEGER NOT NULL,
    events INTEGER NOT NULL,
    PRIMARY KEY (event, day)
) WITHOUT ROWID;
-- Events per (event, hot property, UTC day, value): breakdowns by a hot property. A key column
-- cannot be NULL here, so a missing/null value is value_is_null = 1 with value ''.
CREATE TABLE IF NOT EXISTS rollup_property_days (
    event TEXT NOT NULL,
    property TEXT NOT NULL,
    day INTEGER NOT NULL,
    value_is_null INTEGER NOT NULL,
    value TEXT NOT NULL,
    events INTEGER NOT NULL,
    PRIMARY KEY (event, property, day, value_is_null, value)
) WITHOUT ROWID;
)sql";

// The secondary indexes other than the hot columns' (see indexDefinitions()), by name.
constexpr std::array<std::pair<const char*, const char*>, 5> kIndexes = {{
    {"events_event_timestamp", "events (event, timestamp)"},
    {"events_person_timestamp", "events (person_id, timestamp)"},
    {"events_timestamp", "events (timestamp)"},
    {"person_distinct_ids_person", "person_distinct_ids (person_id)"},
    {"sessions_person_start", "sessions (person_id, start_timestamp)"},
}};

std::string quoted(std::string_view identifier)
{
    return "\"" + std::string(identifier) + "\"";
}

// All hot properties of an event in one JSON array, read with one parse of `properties` (`json`):
// json_extract with several paths renders each value as JSON (strings quoted, numbers as written,
// objects minified, a missing key as null).
std::string hotArrayExpression(std::string_view json)
{
    std::string paths;
    for (const HotProperty& hot : kHotProperties)
        paths += ", '$.\"" + std::string(hot.key) + "\"'";
    return "json_extract(" + std::string(json) + paths + ")";
}

// The value of a hot property exactly as hs_prop (HogQL's property access) renders it, with built-in
// JSON functions only, from the array `array` of hotArrayExpression(): a JSON string is unescaped
// (->>), null/missing is NULL, and anything else is its JSON text (->), which keeps numbers as written
// ("1.50") and booleans as 'true'/'false'.
std::string hotColumnExpression(std::string_view array, size_t index)
{
    const std::string path = "'$[" + std::to_string(index) + "]'";
    const std::string a(array);
    return "CASE json_type(" + a + ", " + path + ") WHEN 'text' THEN " + a + " ->> " + path +
           " WHEN 'null' THEN NULL ELSE " + a + " -> " + path + " END";
}

// The hot columns as a parenthesised list, for row-value UPDATEs.
std::string hotColumnList()
{
    std::string out;
    for (const HotProperty& hot : kHotProperties)
        out += (out.empty() ? "(" : ", ") + quoted(hot.column);
    return out + ")";
}

// A scalar subquery giving all hot values of the property bag `json` (one JSON parse).
std::string hotValuesSelect(std::string_view json)
{
    std::string out = "(SELECT ";
    for (size_t i = 0; i < kHotProperties.size(); ++i)
        out += (i ? ", " : "") + hotColumnExpression("h", i);
    return out + " FROM (SELECT " + hotArrayExpression(json) + " AS h))";
}

// Schema version 3: the hot columns are plain columns that the writer fills (EventIngest has the
// values from its own pass over the JSON). SQLite computing them from `properties` cost the
// importer about half its time: a JSON parse per row at insert and one per row per hot index built.
// Rows written by anything else (a test fixture, the sqlite3 shell) get them from these triggers, so
// the columns stay right whoever writes: a row that arrives with all of them NULL is filled in from
// its properties (EventIngest rows pass the same values, or all NULL when the bag has none, which
// the trigger then recomputes as NULL), and changed properties recompute them.
std::string hotTriggersSql()
{
    std::string allNull;
    for (const HotProperty& hot : kHotProperties)
        allNull += (allNull.empty() ? "" : " AND ") + std::string("NEW.") + quoted(hot.column) + " IS NULL";
    const std::string set = "UPDATE events SET " + hotColumnList() + " = " +
                            hotValuesSelect("NEW.properties") + " WHERE rowid = NEW.rowid; END;\n";
    return "CREATE TRIGGER IF NOT EXISTS events_hot_insert AFTER INSERT ON events WHEN " + allNull +
           " AND NEW.properties <> '{}' BEGIN " + set +
           "CREATE TRIGGER IF NOT EXISTS events_hot_update AFTER UPDATE OF properties ON events BEGIN " + set;
}

std::string hotColumnDefinition(const HotProperty& hot)
{
    return quoted(hot.column) + " TEXT";
}

// The index of a hot column: (event, value, timestamp) serves `event = ? AND value = ?` filters
// over time, breakdown scans of one event, and (with ANALYZE's skip-scan) `value = ?` alone.
std::string hotIndexName(const HotProperty& hot)
{
    std::string name = "events_";
    for (char c : hot.column)
        name += (c == '$') ? '_' : c;
    return name;
}

// Every secondary index of the store, in the order they are built: name and CREATE statement.
std::vector<std::pair<std::string, std::string>> indexDefinitions()
{
    std::vector<std::pair<std::string, std::string>> out;
    for (const auto& [name, on] : kIndexes)
        out.emplace_back(name, "CREATE INDEX IF NOT EXISTS " + std::string(name) + " ON " + on);
    for (const HotProperty& hot : kHotProperties) {
        const std::string name = hotIndexName(hot);
        out.emplace_back(name, "CREATE INDEX IF NOT EXISTS " + name + " ON events (event, " +
                                   quoted(hot.column) + ", timestamp)");
    }
    return out;
}

// Floor division of a microsecond timestamp into UTC days, in SQL.
constexpr const char* kDaySql = "((timestamp - (((timestamp % 86400000000) + 86400000000) % 86400000000)) / "
                                "86400000000)";

bool run(sqlite3* db, const std::string& sql, QString* error)
{
    char* message = nullptr;
    if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &message) != SQLITE_OK) {
        if (error)
            *error = QString::fromUtf8(message ? message : sqlite3_errmsg(db));
        sqlite3_free(message);
        return false;
    }
    return true;
}

bool hasColumn(sqlite3* db, std::string_view table, std::string_view column)
{
    SqliteStatement stmt;
    const std::string sql = "SELECT 1 FROM pragma_table_xinfo('" + std::string(table) + "') WHERE name = ?";
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, stmt.out(), nullptr) != SQLITE_OK)
        return false;
    sqlite3_bind_text(stmt.get(), 1, column.data(), static_cast<int>(column.size()), SQLITE_STATIC);
    return sqlite3_step(stmt.get()) == SQLITE_ROW;
}

bool setVersion(sqlite3* db, QString* error)
{
    return run(db,
               "INSERT OR REPLACE INTO store_meta (key, value) VALUES ('schema_version', '" +
                   std::to_string(kSchemaVersion) + "'), ('timestamp_unit', 'microseconds_utc')",
               error);
}

// Gives an older `events` the plain hot columns of version 3, filled from the properties: a version 2
// store loses its generated ones first (their indexes with them; createIndexes() makes them again), a
// version 1 store has none.
bool migrateHotColumns(sqlite3* db, QString* error)
{
    if (hasColumn(db, "events", "hot_properties")) {
        for (const HotProperty& hot : kHotProperties) {
            if (!run(db, "DROP INDEX IF EXISTS " + hotIndexName(hot), error) ||
                (hasColumn(db, "events", hot.column) &&
                 !run(db, "ALTER TABLE events DROP COLUMN " + quoted(hot.column), error)))
                return false;
        }
        if (!run(db, "ALTER TABLE events DROP COLUMN hot_properties", error))
            return false;
    }
    for (const HotProperty& hot : kHotProperties) {
        if (!hasColumn(db, "events", hot.column) &&
            !run(db, "ALTER TABLE events ADD COLUMN " + hotColumnDefinition(hot), error))
            return false;
    }
    return run(db,
               "UPDATE events SET " + hotColumnList() + " = " + hotValuesSelect("events.properties") +
                   " WHERE properties <> '{}'",
               error) &&
           run(db, hotTriggersSql(), error);
}

} // namespace

std::optional<size_t> hotPropertyIndex(std::string_view key)
{
    for (size_t i = 0; i < kHotProperties.size(); ++i) {
        if (kHotProperties[i].key == key)
            return i;
    }
    return std::nullopt;
}

int64_t dayOf(int64_t micros)
{
    constexpr int64_t kDay = 86'400'000'000;
    const int64_t q = micros / kDay;
    return (micros % kDay != 0 && micros < 0) ? q - 1 : q;
}

bool createSchema(SqliteConnection& db, QString* error, SchemaOptions options)
{
    // 16 KiB pages (before the first table; a no-op on an existing file): event rows are ~0.5 KiB
    // and insights scan ranges, so larger pages mean fewer page allocations, writes and b-tree hops.
    if (!run(db.handle(), "PRAGMA page_size = 16384", error))
        return false;
    if (options.wal && !run(db.handle(), "PRAGMA journal_mode = WAL", error))
        return false;
    std::string tables = kTablesSql;
    // A new events table gets its hot columns in its definition (an old one gets them by ALTER).
    const std::string marker = "    elements_chain TEXT NOT NULL DEFAULT ''\n";
    std::string hot;
    for (const HotProperty& p : kHotProperties)
        hot += ",\n    " + hotColumnDefinition(p);
    tables.insert(tables.find(marker) + marker.size() - 1, hot);
    if (!run(db.handle(), tables, error) || !run(db.handle(), kRollupsSql, error) ||
        !run(db.handle(), hotTriggersSql(), error))
        return false;
    if (options.indexes && !createIndexes(db.handle(), error))
        return false;
    return setVersion(db.handle(), error);
}

bool createIndexes(sqlite3* db, QString* error, const std::function<bool(const std::string&)>& building)
{
    for (const auto& [name, sql] : indexDefinitions()) {
        if (building && !hasIndex(db, name) && !building(name)) {
            if (error)
                *error = QStringLiteral("stopped");
            return false;
        }
        if (!run(db, sql, error))
            return false;
    }
    return true;
}

bool hasIndex(sqlite3* db, std::string_view name)
{
    SqliteStatement stmt;
    if (sqlite3_prepare_v2(db, "SELECT 1 FROM sqlite_schema WHERE type = 'index' AND name = ?", -1,
                           stmt.out(), nullptr) != SQLITE_OK)
        return false;
    sqlite3_bind_text(stmt.get(), 1, name.data(), static_cast<int>(name.size()), SQLITE_STATIC);
    return sqlite3_step(stmt.get()) == SQLITE_ROW;
}

std::vector<std::string> missingIndexes(sqlite3* db)
{
    std::vector<std::string> out;
    for (const auto& [name, sql] : indexDefinitions()) {
        if (!hasIndex(db, name))
            out.push_back(name);
    }
    return out;
}

bool createHotTriggers(sqlite3* db, QString* error)
{
    return run(db, hotTriggersSql(), error);
}

bool dropHotTriggers(sqlite3* db, QString* error)
{
    return run(db, "DROP TRIGGER IF EXISTS events_hot_insert; DROP TRIGGER IF EXISTS events_hot_update",
               error);
}

std::optional<int> schemaVersion(sqlite3* db, QString* error)
{
    SqliteStatement stmt;
    if (sqlite3_prepare_v2(db, "SELECT value FROM store_meta WHERE key = 'schema_version'", -1, stmt.out(),
                           nullptr) != SQLITE_OK) {
        if (error)
            *error = QStringLiteral("not a Hogscope store: %1").arg(QString::fromUtf8(sqlite3_errmsg(db)));
        return std::nullopt;
    }
    if (sqlite3_step(stmt.get()) != SQLITE_ROW) {
        if (error)
            *error = QStringLiteral("not a Hogscope store: no schema version");
        return std::nullopt;
    }
    return sqlite3_column_int(stmt.get(), 0);
}

bool checkSchema(SqliteConnection& db, QString* error)
{
    const std::optional<int> version = schemaVersion(db.handle(), error);
    if (!version)
        return false;
    if (*version < 1 || *version > kSchemaVersion) {
        if (error)
            *error = QStringLiteral("store schema version %1 is not %2").arg(*version).arg(kSchemaVersion);
        return false;
    }
    return true;
}

bool upgradeSchema(sqlite3* db, QString* error)
{
    const std::optional<int> version = schemaVersion(db, error);
    if (!version)
        return false;
    if (*version == kSchemaVersion)
        return true;
    if (*version < 1 || *version > kSchemaVersion) {
        if (error)
            *error = QStringLiteral("store schema version %1 cannot be upgraded").arg(*version);
        return false;
    }
    if (!run(db, "BEGIN IMMEDIATE", error))
        return false;
    // Version 2 has the rollups already (the hot values they count are the same in version 3).
    const bool ok = migrateHotColumns(db, error) && run(db, kRollupsSql, error) &&
                    (*version >= 2 || rebuildRollups(db, error)) && createIndexes(db, error) &&
                    setVersion(db, error);
    if (!ok) {
        run(db, "ROLLBACK", nullptr);
        return false;
    }
    return run(db, "COMMIT", error);
}

bool rebuildRollups(sqlite3* db, QString* error)
{
    const std::string day = kDaySql;
    std::string sql = "DELETE FROM rollup_person_days; DELETE FROM rollup_event_days; "
                      "DELETE FROM rollup_property_days;\n"
                      "INSERT INTO rollup_person_days (event, day, person_id, events) SELECT event, " +
                      day +
                      ", person_id, count(*) FROM events WHERE person_id IS NOT NULL GROUP BY 1, 2, 3;\n"
                      "INSERT INTO rollup_event_days (event, day, events) SELECT event, " +
                      day + ", count(*) FROM events GROUP BY 1, 2;\n";
    for (const HotProperty& hot : kHotProperties) {
        const std::string column = quoted(hot.column);
        sql += "INSERT INTO rollup_property_days (event, property, day, value_is_null, value, events) "
               "SELECT event, '" +
               std::string(hot.key) + "', " + day + ", " + column + " IS NULL, coalesce(" + column +
               ", ''), count(*) FROM events GROUP BY 1, 3, 4, 5;\n";
    }
    return run(db, sql, error);
}

} // namespace hogscope::local::store
