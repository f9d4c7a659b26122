#pragma once

#include <QString>

namespace hogscope::local {

class SqliteConnection;

// The SQLite layout of a Hogscope store.
//
// Timestamps (events.timestamp, events.created_at, persons.created_at, sessions.*_timestamp) are
// INTEGER microseconds since the Unix epoch, UTC. Integers compare and index cheaply, keep
// ClickHouse's DateTime64(6) precision exactly, and make toStartOfDay/INTERVAL arithmetic plain
// integer arithmetic; they are rendered as ISO 8601 text only when results leave the server.
// Property bags are JSON object text, read with SQLite's JSON functions.
namespace store {

inline constexpr int kSchemaVersion = 1;

// Creates every table and index (idempotent) and switches the file to WAL.
bool createSchema(SqliteConnection& db, QString* error);

// True when `db` carries a store of a schema version this build understands.
bool checkSchema(SqliteConnection& db, QString* error);

} // namespace store
} // namespace hogscope::local
