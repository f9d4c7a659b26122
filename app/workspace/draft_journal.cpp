#include "draft_journal.h"

#include "sqlite_statement.h"
#include "workspace_store.h"

#include <QDateTime>

#include <sqlite3.h>

#include <algorithm>

namespace hogscope::workspace {

DraftJournal::DraftJournal(WorkspaceStore& store, int debounceMs, QObject* parent)
    : QObject(parent)
    , m_store(store)
{
    m_timer.setSingleShot(true);
    m_timer.setInterval(std::clamp(debounceMs, 0, 1000));
    connect(&m_timer, &QTimer::timeout, this, [this] { flush(); });
}

DraftJournal::~DraftJournal()
{
    if (hasPending())
        flush();
}

QList<TabDraft> DraftJournal::load() const
{
    QList<TabDraft> tabs;
    SqliteStatement st(m_store.handle(),
                       "SELECT id, title, file_path, text, cursor, saved, placeholders FROM tabs ORDER BY "
                       "position, updated_at");
    while (st.step()) {
        TabDraft tab;
        tab.id = st.text(0);
        tab.title = st.text(1);
        tab.filePath = st.text(2);
        tab.text = st.text(3);
        tab.cursor = static_cast<int>(st.int64(4));
        tab.modified = st.int64(5) == 0;
        tab.placeholders = st.text(6);
        tabs.push_back(tab);
    }
    return tabs;
}

void DraftJournal::update(const TabDraft& tab)
{
    m_removed.remove(tab.id);
    m_dirty.insert(tab.id, tab);
    if (!m_order.contains(tab.id)) {
        m_order.push_back(tab.id);
        m_orderDirty = true;
    }
    schedule();
}

void DraftJournal::remove(const QString& id)
{
    m_dirty.remove(id);
    m_removed.insert(id);
    m_order.removeAll(id);
    schedule();
}

void DraftJournal::setOrder(const QStringList& ids)
{
    m_order = ids;
    m_orderDirty = true;
    schedule();
}

void DraftJournal::schedule()
{
    // not restarted by later changes: continuous typing still reaches the disk every interval
    if (!m_timer.isActive())
        m_timer.start();
}

bool DraftJournal::flush()
{
    m_timer.stop();
    if (!hasPending())
        return true;
    sqlite3* db = m_store.handle();
    if (!db) {
        Q_EMIT failed(m_store.errorMessage());
        return false;
    }
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    bool ok = m_store.exec("BEGIN IMMEDIATE");
    QString error;
    auto check = [&error](SqliteStatement& st) {
        if (!st.run()) {
            if (error.isEmpty())
                error = st.error();
            return false;
        }
        return true;
    };
    if (ok) {
        SqliteStatement upsert(
            db, "INSERT INTO tabs (id, position, title, file_path, text, cursor, saved, "
                "updated_at, placeholders) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) ON CONFLICT (id) "
                "DO UPDATE SET title = ?3, file_path = ?4, text = ?5, cursor = ?6, saved = ?7, "
                "updated_at = ?8, placeholders = ?9");
        for (const TabDraft& tab : std::as_const(m_dirty)) {
            const qsizetype position = m_order.indexOf(tab.id);
            upsert.bind(1, tab.id);
            upsert.bind(2, static_cast<qint64>(position < 0 ? m_order.size() : position));
            upsert.bind(3, tab.title);
            upsert.bind(4, tab.filePath);
            upsert.bind(5, tab.text);
            upsert.bind(6, static_cast<qint64>(tab.cursor));
            upsert.bind(7, static_cast<qint64>(tab.modified ? 0 : 1));
            upsert.bind(8, now);
            upsert.bind(9, tab.placeholders);
            ok = ok && check(upsert);
        }
        SqliteStatement del(db, "DELETE FROM tabs WHERE id = ?1");
        for (const QString& id : std::as_const(m_removed)) {
            del.bind(1, id);
            ok = ok && check(del);
        }
        if (m_orderDirty) {
            SqliteStatement move(db, "UPDATE tabs SET position = ?2 WHERE id = ?1");
            for (qsizetype i = 0; i < m_order.size(); ++i) {
                move.bind(1, m_order[i]);
                move.bind(2, static_cast<qint64>(i));
                ok = ok && check(move);
            }
        }
        ok = ok && m_store.exec("COMMIT");
        if (!ok) {
            const QString message =
                QStringLiteral("Could not save the drafts to %1: %2")
                    .arg(m_store.path(), error.isEmpty() ? QString::fromUtf8(sqlite3_errmsg(db)) : error);
            m_store.exec("ROLLBACK");
            Q_EMIT failed(message);
            return false;
        }
    } else {
        Q_EMIT failed(m_store.errorMessage());
        return false;
    }
    m_dirty.clear();
    m_removed.clear();
    m_orderDirty = false;
    Q_EMIT flushed();
    return true;
}

} // namespace hogscope::workspace
