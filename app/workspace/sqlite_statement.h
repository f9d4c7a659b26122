#pragma once

// A prepared SQLite statement with QString binding, for the workspace file's small queries.

#include <QString>

struct sqlite3;
struct sqlite3_stmt;

namespace hogscope::workspace {

class SqliteStatement
{
public:
    SqliteStatement(sqlite3* db, const char* sql);
    ~SqliteStatement();
    SqliteStatement(const SqliteStatement&) = delete;
    SqliteStatement& operator=(const SqliteStatement&) = delete;

    bool valid() const { return m_stmt != nullptr; }
    void bind(int index, const QString& value);
    void bind(int index, qint64 value);
    void bindNull(int index);
    // Steps a statement that returns no rows and resets it for the next bindings.
    bool run();
    // Steps to the next row; false at the end or on an error.
    bool step();
    QString text(int column) const;
    qint64 int64(int column) const;
    bool isNull(int column) const;
    // SQLite's message for the last failed run() (or the failed prepare).
    QString error() const { return m_error; }

private:
    sqlite3_stmt* m_stmt = nullptr;
    QString m_error;
};

} // namespace hogscope::workspace
