#include "index_completion.h"

#include "sqlite_connection.h"
#include "store_schema.h"

#include <sqlite3.h>

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

bool IndexCompletion::wait()
{
    if (m_thread.joinable())
        m_thread.join();
    std::lock_guard lock(m_mutex);
    return m_ok;
}

QString IndexCompletion::error() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

void IndexCompletion::run()
{
    SqliteConnection db;
    QString error;
    bool ok = db.open(m_databasePath, SqliteConnection::Mode::ReadWrite) &&
              db.exec("PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 2147418112; PRAGMA cache_size = -8192");
    if (!ok)
        error = db.errorString();
    if (ok) {
        std::lock_guard lock(m_mutex);
        if (m_stopping) {
            ok = false;
            error = QStringLiteral("stopped");
        } else {
            m_db = db.handle();
        }
    }
    // Each index is committed on its own (createIndexes runs outside a transaction), so what is
    // built stays built when the server stops half-way.
    auto notStopping = [this](const std::string&) {
        std::lock_guard lock(m_mutex);
        return !m_stopping;
    };
    if (ok)
        ok = store::createIndexes(db.handle(), &error, notStopping) &&
             (db.exec("PRAGMA analysis_limit = 400; ANALYZE") || (error = db.errorString(), false));
    {
        std::lock_guard lock(m_mutex);
        m_db = nullptr;
        m_ok = ok;
        m_error = error;
    }
    if (ok)
        db.exec("PRAGMA wal_checkpoint(PASSIVE)");
}

} // namespace hogscope::local
