#pragma once

#include <QByteArray>
#include <QString>

#include <cstdint>
#include <variant>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace hogscope::local {

class SqliteStatement;

// Small helpers for the endpoints that read the store with hand-written SQL (persons, definitions).

// SQL text with its positional parameters, bound in the order they were added.
struct SqlBuilder
{
    QByteArray text;
    std::vector<std::variant<QByteArray, int64_t, double>> binds;

    void bindText(const QString& value) { binds.emplace_back(value.toUtf8()); }
    void bindInt(int64_t value) { binds.emplace_back(value); }
    void bindDouble(double value) { binds.emplace_back(value); }

    // A property of a JSON object column as text, by HogQL's rules for properties (hs_prop): JSON
    // strings unescaped, null or missing as NULL, anything else as its JSON text ("5", "true").
    void appendPropertyValue(const char* column, const QString& key);
    // json_type of that property ('text', 'integer', 'real', 'true', 'false', 'null', 'object',
    // 'array'), or NULL when missing.
    void appendPropertyType(const char* column, const QString& key);

    bool prepare(sqlite3* db, SqliteStatement& stmt, QString* error) const;
};

// The JSON path of a top-level key ($."key"), or an empty array when the key cannot be written as
// one (it holds a double quote or backslash); such keys are read through json_each instead.
QByteArray jsonPath(const QString& key);

bool prepareStatement(sqlite3* db, const QByteArray& sql, SqliteStatement& stmt, QString* error);
// Sets `error` from the statement's connection; always returns false.
bool stepError(sqlite3_stmt* stmt, QString* error);

QString columnText(sqlite3_stmt* stmt, int column);
QByteArray columnBytes(sqlite3_stmt* stmt, int column);

// One read transaction for the lifetime of the object, so the several statements of one answer
// see one state of the store even while a writer commits.
class ReadTransaction
{
public:
    explicit ReadTransaction(sqlite3* db);
    ~ReadTransaction();
    ReadTransaction(const ReadTransaction&) = delete;
    ReadTransaction& operator=(const ReadTransaction&) = delete;

private:
    sqlite3* m_db;
    bool m_open = false;
};

} // namespace hogscope::local
