#include "index_completion.h"

#include "sqlite_connection.h"
#include "store_schema.h"

#include <sqlite3.h>

#include <chrono>

namespace hogscope::local {

IndexCompletion::IndexCompletion(QString databasePath)
    : m_databasePath(std::move(databasePath))
{}

IndexCompletion::~IndexCompletion()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
        if (m_db)
            sqlite3_interrupt(m_db);
    }
    if (m_thread.joinable())
        m_thread.join();
}

void IndexCompletion::start()
{
    if (!m_thread.joinable())
        m_thread = std::thread([this] { run(); });
}

int IndexCompletion::busy(void* self, int attempts)
{
    auto* completion = static_cast<IndexCompletion*>(self);
    {
        std::lock_guard lock(completion->m_mutex);
        if (completion->m_stopping)
            return 0;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    return attempts < kBusyAttempts ? 1 : 0;
}

void IndexCompletion::run()
{
    SqliteConnection db;
    bool ok = db.open(m_databasePath, SqliteConnection::Mode::ReadWrite) &&
              db.exec("PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 2147418112; PRAGMA cache_size = -8192");
    if (ok) {
        // An import may be building the same indexes: wait for its builds (each commits on its own)
        // instead of giving up after the usual 5 s, until the server shuts down.
        sqlite3_busy_handler(db.handle(), &IndexCompletion::busy, this);
        std::lock_guard lock(m_mutex);
        ok = !m_stopping;
        if (ok)
            m_db = db.handle();
    }
    // Each index is committed on its own (createIndexes runs outside a transaction), so what is
    // built stays built when the server stops half-way.
    auto notStopping = [this](const std::string&) {
        std::lock_guard lock(m_mutex);
        return !m_stopping;
    };
    ok = ok && store::createIndexes(db.handle(), nullptr, notStopping) &&
         db.exec("PRAGMA analysis_limit = 400; ANALYZE");
    {
        std::lock_guard lock(m_mutex);
        m_db = nullptr;
    }
    if (ok)
        db.exec("PRAGMA wal_checkpoint(PASSIVE)");
}

} // namespace hogscope::local
