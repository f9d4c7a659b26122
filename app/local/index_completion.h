#pragma once

#include <QString>

#include <mutex>
#include <thread>

struct sqlite3;

namespace hogscope::local {

// Builds the secondary indexes a store lacks, on a thread of its own with its own read-write
// connection. An import builds a store's indexes after committing its rows; killed among them, it
// leaves a store that answers every query right but lacks some indexes. A server on such a store
// builds them this way: queries go on meanwhile (WAL: readers never wait for the writer), each index
// is committed as it is built, and the planner uses it from the next query on.
class IndexCompletion
{
public:
    explicit IndexCompletion(QString databasePath);
    ~IndexCompletion(); // interrupts a build in progress and joins the thread
    IndexCompletion(const IndexCompletion&) = delete;
    IndexCompletion& operator=(const IndexCompletion&) = delete;

    // Starts the build unless one has started already. A build that stops short (the server
    // stopping, a disk error) leaves what it finished; the next server or import goes on from there.
    void start();

private:
    void run();
    // SQLite's busy handler while another writer holds the store: waits in steps of 50 ms, for up
    // to ten minutes, but not once the server is stopping.
    static int busy(void* self, int attempts);
    static constexpr int kBusyAttempts = 10 * 60 * 20;

    const QString m_databasePath;
    std::thread m_thread;
    std::mutex m_mutex;      // guards the fields below
    sqlite3* m_db = nullptr; // the builder's connection while it builds, to interrupt
    bool m_stopping = false;
};

} // namespace hogscope::local
