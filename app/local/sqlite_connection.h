#pragma once

#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace hogscope::local {

// Owns one SQLite connection (RAII); a connection is used by one thread at a time.
class SqliteConnection
{
public:
    enum class Mode
    {
        ReadOnly,  // query workers: SQLITE_OPEN_READONLY, may run concurrently with a writer (WAL)
        ReadWrite, // ingest / demo generation
        Create,    // ReadWrite and create the file when missing
    };

    SqliteConnection() = default;
    ~SqliteConnection();
    SqliteConnection(const SqliteConnection&) = delete;
    SqliteConnection& operator=(const SqliteConnection&) = delete;
    SqliteConnection(SqliteConnection&& other) noexcept;
    SqliteConnection& operator=(SqliteConnection&& other) noexcept;

    // Opens `path`; returns false and sets errorString() on failure.
    bool open(const QString& path, Mode mode);
    void close();
    bool isOpen() const { return m_db != nullptr; }
    sqlite3* handle() const { return m_db; }

    // Runs one or more statements without results; false + errorString() on failure.
    bool exec(const char* sql);
    QString errorString() const { return m_error; }

private:
    sqlite3* m_db = nullptr;
    QString m_error;
};

// Finalizes a prepared statement when it goes out of scope.
class SqliteStatement
{
public:
    SqliteStatement() = default;
    explicit SqliteStatement(sqlite3_stmt* stmt)
        : m_stmt(stmt)
    {}
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    sqlite3_stmt* get() const { return m_stmt; }
    sqlite3_stmt** out() { return &m_stmt; }

private:
    sqlite3_stmt* m_stmt = nullptr;
};

} // namespace hogscope::local
