#pragma once

#include "store_schema.h"

#include <QString>

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

struct sqlite3;

namespace hogscope::local {

// The hot property values of one event as HogQL reads them (hs_prop rules: strings unescaped,
// other JSON as its text, null/missing as nullopt), in store::kHotProperties order.
using HotValues = std::array<std::optional<std::string_view>, store::kHotProperties.size()>;

// One event to store. Views must stay valid for the duration of addEvent().
struct IngestEvent
{
    std::string_view uuid; // empty: a UUIDv7 from the timestamp, as posthog-js makes them
    std::string_view event;
    std::string_view distinctId;
    int64_t timestamp = 0;       // microseconds UTC
    int64_t createdAt = 0;       // 0: the timestamp
    std::string_view properties; // JSON object text; empty = {}
    std::string_view personId;   // empty: the person owning distinctId (created when unknown)
    // When personId is empty and distinctId has no person yet: the person to give it (created when
    // missing) instead of a new one. Importers pass the person_id of exported events here, so a
    // distinct id that already maps to a person keeps it, as PostHog's ingestion does.
    std::string_view personHint;
    std::string_view sessionId; // empty: properties.$session_id
    std::string_view windowId;  // empty: properties.$window_id
    std::string_view elementsChain;
    // When the caller knows the hot property values (the demo generator built the JSON), it passes
    // them here and the JSON is not scanned again. They are stored in the hot columns and counted
    // in the rollups, so they must equal what SQLite's JSON functions read from `properties` (the
    // store's triggers compute that for other writers); tst_server_import checks it on every row.
    const HotValues* hot = nullptr;
    // The caller scanned the properties (hot, sessionId and windowId are what they hold, even when
    // empty): addEvent() does not read the JSON again.
    bool scanned = false;
};

struct IngestPerson
{
    std::string_view id; // UUID
    int64_t createdAt = 0;
    std::string_view properties; // JSON object text; empty = {}
    bool identified = false;
    std::vector<std::string_view> distinctIds;
};

struct IngestSession
{
    std::string_view sessionId;
    std::string_view distinctId;
    std::string_view personId;
    int64_t start = 0;
    int64_t end = 0;
    std::string_view entryUrl;
    std::string_view entryPathname;
    std::string_view endUrl;
    std::string_view entryReferringDomain;
    int64_t pageviews = 0;
    int64_t autocaptures = 0;
};

// The one write path into a store: the demo generator and every importer go through it, so the
// rollups (store_schema.h) are kept at ingest and always agree with the events.
//
// Rollup rows are aggregated in memory and merged into the store (upserts in key order) on
// flush/commit, which costs far less than a write per event. A bulk load into a new store can
// defer the secondary indexes to commit(), where building them by sorting beats row-by-row upkeep.
class EventIngest
{
public:
    struct Options
    {
        bool deferIndexes = false; // the store was made with SchemaOptions::indexes = false
        // Drop the secondary indexes of `events` (not UNIQUE ones) inside the transaction; the caller
        // builds them again after the commit (droppedIndexes()): for a load that is large next to
        // the store, one sort per index beats row-by-row upkeep. Readers keep their snapshot
        // (indexes included) until the commit.
        bool rebuildIndexes = false;
        // With deferIndexes: commit() leaves the indexes unbuilt, so the rows are committed (and
        // readable) sooner, and the caller builds them after it (store::createIndexes).
        bool indexesAfterCommit = false;
        // Events whose uuid is already stored are skipped (not counted in the rollups) instead of
        // failing the insert: importing the same file twice adds nothing twice.
        bool ignoreDuplicates = false;
        // Keep `sessions` from the events' $session_id (start, end, entry and exit URL, counts),
        // merged with the stored rows. Off for writers that add their sessions with addSession().
        bool deriveSessions = false;
        bool analyze = true;               // refresh planner statistics at commit
        size_t flushThreshold = 4'000'000; // rollup entries held in memory before a merge
    };

    explicit EventIngest(sqlite3* db);
    EventIngest(sqlite3* db, Options options);
    ~EventIngest();
    EventIngest(const EventIngest&) = delete;
    EventIngest& operator=(const EventIngest&) = delete;

    // Starts the write transaction and prepares the statements. The store's hot-column triggers are
    // dropped inside it (this writer fills the columns) and made again by commit().
    bool begin();
    bool addPerson(const IngestPerson& person);
    // `inserted` (optional) is false when ignoreDuplicates skipped the event.
    bool addEvent(const IngestEvent& event, bool* inserted = nullptr);
    bool addSession(const IngestSession& session);
    // Merges the rollups held in memory into the store (inside the transaction).
    bool flush();
    // Flushes, builds deferred indexes (unless indexesAfterCommit), refreshes statistics and commits.
    bool commit();
    // Abandons the transaction.
    void rollback();

    qint64 eventsWritten() const { return m_eventsWritten; }
    // Name and CREATE INDEX statement of each index rebuildIndexes dropped, for the caller to build
    // again after commit().
    std::vector<std::pair<std::string, std::string>> droppedIndexes() const;
    // What commit() spent on the last merge of rollups and sessions, in seconds (for import
    // reports and benchmarks); process CPU time too, since the machine may be shared.
    struct CommitTimings
    {
        double rollups = 0;
        double rollupsCpu = 0;
    };
    const CommitTimings& commitTimings() const { return m_timings; }
    QString errorString() const { return m_error; }

    // The hot property values of a JSON object text, by the hs_prop rules. Exposed for tests. The
    // views point into `properties` (values that need no unescaping) or into `storage`.
    static void extractHotValues(std::string_view properties, HotValues& values,
                                 std::array<std::string, store::kHotProperties.size()>& storage);

    // What one pass over a property bag finds: the hot values and $session_id / $window_id (as
    // hs_prop renders them; empty when missing or null). The hot values view `properties` or
    // `storage`, as with extractHotValues().
    struct ScannedProperties
    {
        HotValues hot;
        std::array<std::string, store::kHotProperties.size()> storage;
        std::string sessionId;
        std::string windowId;
    };
    static void scanProperties(std::string_view properties, ScannedProperties& out);

private:
    struct Impl;
    bool fail();
    bool fail(const QString& message);

    bool dropEventIndexes();
    bool flushSessions();

    std::unique_ptr<Impl> m_impl;
    sqlite3* m_db;
    Options m_options;
    QString m_error;
    qint64 m_eventsWritten = 0;
    CommitTimings m_timings;
    bool m_open = false;
};

} // namespace hogscope::local
