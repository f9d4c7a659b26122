#include "store_sql.h"

#include "sqlite_connection.h"

#include <sqlite3.h>

namespace hogscope::local {

QByteArray jsonPath(const QString& key)
{
    if (key.contains(QLatin1Char('"')) || key.contains(QLatin1Char('\\')))
        return {};
    return "$.\"" + key.toUtf8() + '"';
}

void SqlBuilder::appendPropertyValue(const char* column, const QString& key)
{
    const QByteArray path = jsonPath(key);
    const QByteArray c(column);
    if (path.isEmpty()) {
        text += "(SELECT CASE j.type WHEN 'null' THEN NULL WHEN 'true' THEN 'true' WHEN 'false' THEN 'false' "
                "ELSE CAST(j.value AS TEXT) END FROM json_each(" +
                c + ") j WHERE j.key = ?)";
        bindText(key);
        return;
    }
    text += "(CASE json_type(" + c + ", ?) WHEN 'text' THEN " + c + " ->> ? WHEN 'null' THEN NULL ELSE " + c +
            " -> ? END)";
    for (int i = 0; i < 3; ++i)
        binds.emplace_back(path);
}

void SqlBuilder::appendPropertyType(const char* column, const QString& key)
{
    const QByteArray path = jsonPath(key);
    const QByteArray c(column);
    if (path.isEmpty()) {
        text += "(SELECT j.type FROM json_each(" + c + ") j WHERE j.key = ?)";
        bindText(key);
        return;
    }
    text += "json_type(" + c + ", ?)";
    binds.emplace_back(path);
}

bool SqlBuilder::prepare(sqlite3* db, SqliteStatement& stmt, QString* error) const
{
    if (!prepareStatement(db, text, stmt, error))
        return false;
    int index = 1;
    for (const auto& value : binds) {
        int rc = SQLITE_OK;
        if (const auto* bytes = std::get_if<QByteArray>(&value))
            rc = sqlite3_bind_text(stmt.get(), index, bytes->constData(), static_cast<int>(bytes->size()),
                                   SQLITE_TRANSIENT);
        else if (const auto* integer = std::get_if<int64_t>(&value))
            rc = sqlite3_bind_int64(stmt.get(), index, *integer);
        else
            rc = sqlite3_bind_double(stmt.get(), index, std::get<double>(value));
        if (rc != SQLITE_OK) {
            *error = QString::fromUtf8(sqlite3_errmsg(db));
            return false;
        }
        ++index;
    }
    return true;
}

bool prepareStatement(sqlite3* db, const QByteArray& sql, SqliteStatement& stmt, QString* error)
{
    if (sqlite3_prepare_v2(db, sql.constData(), static_cast<int>(sql.size()), stmt.out(), nullptr) !=
        SQLITE_OK) {
        *error = QString::fromUtf8(sqlite3_errmsg(db));
        return false;
    }
    return true;
}

bool stepError(sqlite3_stmt* stmt, QString* error)
{
    *error = QString::fromUtf8(sqlite3_errmsg(sqlite3_db_handle(stmt)));
    return false;
}

QString columnText(sqlite3_stmt* stmt, int column)
{
    return QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(stmt, column)),
                             sqlite3_column_bytes(stmt, column));
}

QByteArray columnBytes(sqlite3_stmt* stmt, int column)
{
    return QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(stmt, column)),
                      sqlite3_column_bytes(stmt, column));
}

ReadTransaction::ReadTransaction(sqlite3* db)
    : m_db(db)
{
    // A connection left inside a transaction would keep reading an old snapshot for ever.
    if (sqlite3_get_autocommit(m_db) == 0)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    m_open = sqlite3_exec(m_db, "BEGIN", nullptr, nullptr, nullptr) == SQLITE_OK;
}

ReadTransaction::~ReadTransaction()
{
    if (m_open && sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
}

} // namespace hogscope::local
