#pragma once

// The workspace's SQLite file (<data dir>/workspace.sqlite): open tabs with their drafts and the run
// history. SQLite gives what a crash needs: every write is one transaction, so after a kill -9 the
// file holds the last committed state, never half of one. WAL mode keeps writes short.

#include <QString>

#include <memory>

struct sqlite3;

namespace hogscope::workspace {

class WorkspaceStore
{
public:
    // Opens (creating if needed) the store at `path`; check ok() / errorMessage().
    explicit WorkspaceStore(const QString& path);
    ~WorkspaceStore();
    WorkspaceStore(const WorkspaceStore&) = delete;
    WorkspaceStore& operator=(const WorkspaceStore&) = delete;

    // <AppDataLocation>/workspace.sqlite (a test location under QStandardPaths test mode).
    static QString defaultPath();

    bool ok() const { return m_db != nullptr; }
    QString errorMessage() const { return m_error; }
    QString path() const { return m_path; }
    sqlite3* handle() const { return m_db; }

    // Runs `sql` (no results); on failure records errorMessage() and returns false.
    bool exec(const char* sql);

private:
    bool addMissingColumns();
    QString m_path;
    QString m_error;
    sqlite3* m_db = nullptr;
};

} // namespace hogscope::workspace
