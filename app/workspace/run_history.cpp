#include "run_history.h"

#include "sqlite_statement.h"
#include "workspace_store.h"

#include <sqlite3.h>

namespace hogscope::workspace {

namespace {

constexpr const char* kColumns =
    "SELECT id, query, host, project, started_at, duration_ms, row_count, error, status FROM history ";

QString statusText(HistoryEntry::Status status)
{
    switch (status) {
    case HistoryEntry::Status::Running:
        return QStringLiteral("running");
    case HistoryEntry::Status::Ok:
        return QStringLiteral("ok");
    case HistoryEntry::Status::Error:
        return QStringLiteral("error");
    case HistoryEntry::Status::Cancelled:
        return QStringLiteral("cancelled");
    }
    return QStringLiteral("running");
}

HistoryEntry::Status statusFromText(const QString& text)
{
    if (text == QLatin1String("ok"))
        return HistoryEntry::Status::Ok;
    if (text == QLatin1String("error"))
        return HistoryEntry::Status::Error;
    if (text == QLatin1String("cancelled"))
        return HistoryEntry::Status::Cancelled;
    return HistoryEntry::Status::Running;
}

HistoryEntry readEntry(const SqliteStatement& st)
{
    HistoryEntry e;
    e.id = st.int64(0);
    e.query = st.text(1);
    e.host = st.text(2);
    e.project = st.text(3);
    e.startedAt = QDateTime::fromMSecsSinceEpoch(st.int64(4), Qt::UTC);
    if (!st.isNull(5))
        e.durationMs = st.int64(5);
    if (!st.isNull(6))
        e.rowCount = st.int64(6);
    e.error = st.text(7);
    e.status = statusFromText(st.text(8));
    return e;
}

// LIKE pattern for a case-insensitive substring match, with the wildcards of `text` escaped.
QString likePattern(const QString& text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('%'), QLatin1String("\\%"));
    escaped.replace(QLatin1Char('_'), QLatin1String("\\_"));
    return QLatin1Char('%') + escaped + QLatin1Char('%');
}

} // namespace

RunHistory::RunHistory(WorkspaceStore& store)
    : m_store(store)
{}

qint64 RunHistory::recordStart(const QString& query, const QString& host, const QString& project)
{
    SqliteStatement st(
        m_store.handle(),
        "INSERT INTO history (query, host, project, started_at, status) VALUES (?1, ?2, ?3, ?4, 'running')");
    st.bind(1, query);
    st.bind(2, host);
    st.bind(3, project);
    st.bind(4, QDateTime::currentMSecsSinceEpoch());
    if (!st.run())
        return 0;
    return sqlite3_last_insert_rowid(m_store.handle());
}

bool RunHistory::recordFinish(qint64 id, HistoryEntry::Status status, qint64 durationMs,
                              std::optional<qint64> rowCount, const QString& error)
{
    SqliteStatement st(
        m_store.handle(),
        "UPDATE history SET status = ?2, duration_ms = ?3, row_count = ?4, error = ?5 WHERE id = ?1");
    st.bind(1, id);
    st.bind(2, statusText(status));
    st.bind(3, durationMs);
    if (rowCount)
        st.bind(4, *rowCount);
    else
        st.bindNull(4);
    if (error.isEmpty())
        st.bindNull(5);
    else
        st.bind(5, error);
    return st.run() && sqlite3_changes(m_store.handle()) == 1;
}

QList<HistoryEntry> RunHistory::search(const QString& text, int limit) const
{
    QList<HistoryEntry> out;
    const QByteArray sql =
        QByteArray(kColumns) +
        (text.isEmpty()
             ? "ORDER BY started_at DESC, id DESC LIMIT ?1"
             : "WHERE query LIKE ?2 ESCAPE '\\' OR project LIKE ?2 ESCAPE '\\' OR "
               "coalesce(error, '') LIKE ?2 ESCAPE '\\' ORDER BY started_at DESC, id DESC LIMIT ?1");
    SqliteStatement st(m_store.handle(), sql.constData());
    st.bind(1, static_cast<qint64>(limit));
    if (!text.isEmpty())
        st.bind(2, likePattern(text));
    while (st.step())
        out.push_back(readEntry(st));
    return out;
}

std::optional<HistoryEntry> RunHistory::entry(qint64 id) const
{
    SqliteStatement st(m_store.handle(), (QByteArray(kColumns) + "WHERE id = ?1").constData());
    st.bind(1, id);
    if (!st.step())
        return std::nullopt;
    return readEntry(st);
}

int RunHistory::prune(int keepDays)
{
    SqliteStatement st(m_store.handle(), "DELETE FROM history WHERE started_at < ?1");
    st.bind(1, QDateTime::currentMSecsSinceEpoch() - qint64(keepDays) * 86400 * 1000);
    if (!st.run())
        return 0;
    return sqlite3_changes(m_store.handle());
}

} // namespace hogscope::workspace
