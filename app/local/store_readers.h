#pragma once

#include <QMutex>
#include <QString>
#include <QThreadPool>

#include <functional>
#include <memory>
#include <vector>

struct sqlite3;

namespace hogscope::local {

class SqliteConnection;

// A small pool of threads, each borrowing a read-only store connection, for the HTTP endpoints
// that read the store directly (persons, definitions). Keeps that SQLite work off the HTTP thread
// and apart from the query workers, so a long HogQL query never stalls a persons page.
class StoreReaders
{
public:
    struct Options
    {
        QString databasePath;
        int threads = 2;
        // Runs once on every new connection (e.g. to register SQL functions); false fails it.
        std::function<bool(sqlite3* db, QString* error)> prepare;
    };

    // `db` is null when no connection could be opened; `error` then says why.
    using Work = std::function<void(sqlite3* db, const QString& error)>;

    explicit StoreReaders(Options options);
    ~StoreReaders(); // waits for the work in flight
    StoreReaders(const StoreReaders&) = delete;
    StoreReaders& operator=(const StoreReaders&) = delete;

    // Queues `work` on a pool thread.
    void run(Work work);

private:
    std::unique_ptr<SqliteConnection> acquire(QString* error);
    void release(std::unique_ptr<SqliteConnection> connection);

    Options m_options;
    QThreadPool m_pool;
    QMutex m_mutex; // guards m_idle
    std::vector<std::unique_ptr<SqliteConnection>> m_idle;
};

} // namespace hogscope::local
