#include "workspace_store.h"

#include "app_paths.h"

#include <QDir>
#include <QFileInfo>

#include <sqlite3.h>

namespace hogscope::workspace {

namespace {

constexpr const char* kSchema = R"sql(
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
CREATE TABLE IF NOT EXISTS tabs (
    id TEXT NOT NULL PRIMARY KEY,      -- stable id of the tab (a UUID)
    position INTEGER NOT NULL,         -- order in the tab bar
    title TEXT NOT NULL,
    file_path TEXT NOT NULL DEFAULT '', -- the .hogql file the tab was opened from or saved to
    text TEXT NOT NULL,                -- the draft: what is in the editor, saved or not
    cursor INTEGER NOT NULL DEFAULT 0, -- byte offset of the cursor
    saved INTEGER NOT NULL DEFAULT 0,  -- 1 when text equals what was last written to file_path
    updated_at INTEGER NOT NULL,       -- ms since epoch
    placeholders TEXT NOT NULL DEFAULT '' -- the values of the tab's placeholders (JSON, from the UI)
);
CREATE TABLE IF NOT EXISTS workspace_meta (
    key TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    query TEXT NOT NULL,
    host TEXT NOT NULL,
    project TEXT NOT NULL,
    started_at INTEGER NOT NULL,       -- ms since epoch
    duration_ms INTEGER,               -- NULL while running or when it never finished
    row_count INTEGER,
    error TEXT,                        -- NULL on success
    status TEXT NOT NULL DEFAULT 'running' -- running | ok | error | cancelled
);
CREATE INDEX IF NOT EXISTS history_started ON history (started_at);
)sql";

} // namespace

WorkspaceStore::WorkspaceStore(const QString& path)
    : m_path(path)
{
    const QFileInfo info(path);
    if (!QDir().mkpath(info.absolutePath())) {
        m_error = QStringLiteral("Cannot create the folder %1").arg(info.absolutePath());
        return;
    }
    sqlite3* db = nullptr;
    const int rc =
        sqlite3_open_v2(path.toUtf8().constData(), &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_FULLMUTEX, nullptr);
    if (rc != SQLITE_OK) {
        m_error = QStringLiteral("Cannot open the workspace file %1: %2")
                      .arg(path, QString::fromUtf8(db ? sqlite3_errmsg(db) : sqlite3_errstr(rc)));
        sqlite3_close(db);
        return;
    }
    sqlite3_busy_timeout(db, 2000);
    m_db = db;
    if (!exec(kSchema) || !addMissingColumns()) {
        sqlite3_close(m_db);
        m_db = nullptr;
    }
}

bool WorkspaceStore::addMissingColumns()
{
    // Columns added after a workspace file was first made (CREATE TABLE IF NOT EXISTS leaves an
    // existing table as it is).
    sqlite3_stmt* stmt = nullptr;
    bool hasPlaceholders = false;
    if (sqlite3_prepare_v2(m_db, "SELECT 1 FROM pragma_table_info('tabs') WHERE name = 'placeholders'", -1,
                           &stmt, nullptr) == SQLITE_OK)
        hasPlaceholders = sqlite3_step(stmt) == SQLITE_ROW;
    sqlite3_finalize(stmt);
    return hasPlaceholders || exec("ALTER TABLE tabs ADD COLUMN placeholders TEXT NOT NULL DEFAULT ''");
}

WorkspaceStore::~WorkspaceStore()
{
    if (m_db)
        sqlite3_close(m_db);
}

QString WorkspaceStore::defaultPath()
{
    return QDir(AppPaths::dataDir()).filePath(QStringLiteral("workspace.sqlite"));
}

bool WorkspaceStore::exec(const char* sql)
{
    if (!m_db)
        return false;
    char* message = nullptr;
    if (sqlite3_exec(m_db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
        m_error = QStringLiteral("Workspace file %1: %2")
                      .arg(m_path, QString::fromUtf8(message ? message : "error"));
        sqlite3_free(message);
        return false;
    }
    return true;
}

} // namespace hogscope::workspace
