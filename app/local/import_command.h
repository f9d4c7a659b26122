#pragma once

#include <QString>
#include <QStringList>

#include <cstdint>
#include <functional>

namespace hogscope::local {

// What `hogscope-server import` does: the files to read into which store, and how.
struct ImportOptions
{
    enum class Indexes
    {
        Auto,    // rebuild the event indexes when the import is at least as large as the store
        Keep,    // maintain them row by row
        Rebuild, // drop them inside the transaction and build them again after the commit
    };

    QString databasePath;
    QString personsPath;       // PostHog's persons export (JSON Lines or CSV); may be empty
    QString eventsPath;        // PostHog's events export; may be empty
    bool skipBad = false;      // import the good lines and report the bad ones
    int reportedBadLines = 10; // how many bad lines the report lists
    Indexes indexes = Indexes::Auto;
    // SQLite's page cache during the import; 0: small when the indexes are built by sorting (the
    // sorter works in runs that fit the CPU caches, and pages go to the file as they fill), large when
    // they are kept row by row (their pages are rewritten over and over).
    int64_t cacheKiB = 0;
    // Called every 100,000 records of a file with the file and the records read so far.
    std::function<void(const QString& file, int64_t records)> progress;
    // Called as the import moves on after the records: "rows committed; building 13 indexes",
    // "building index events_timestamp".
    std::function<void(const QString& message)> phase;
};

struct ImportFileReport
{
    QString path;
    int64_t imported = 0;
    int64_t duplicate = 0; // already in the store (or earlier in the file): nothing added
    int64_t skipped = 0;   // bad lines left out (--skip-bad)
};

struct ImportReport
{
    bool ok = false;
    QString error; // why nothing was imported, "file:line: field 'x': ..." for a bad line
    ImportFileReport persons;
    ImportFileReport events;
    int64_t badLineCount = 0;
    QStringList badLines; // the first ImportOptions::reportedBadLines of them
    bool createdStore = false;
    bool rebuiltIndexes = false;
    // Set when the rows were imported but an index could not be built (the import stands).
    QString indexError;
    double seconds = 0;
    // From the start until the rows were committed, with their rollups and sessions: readable in the
    // store from then on (the indexes are built after).
    double committedSeconds = 0;
    double commitSeconds = 0; // of which the commit: rollup merge, COMMIT, a new store renamed
    // The phases of `seconds`: reading and inserting the records, the commit's parts, the indexes.
    double readSeconds = 0;    // persons and events parsed, checked and inserted
    double rollupSeconds = 0;  // the last merge of rollups and sessions into the store
    double finishSeconds = 0;  // COMMIT, switching a new store to WAL and renaming it
    double indexSeconds = 0;   // index builds after the commit (new store, or rebuilt indexes)
    double analyzeSeconds = 0; // planner statistics
    // Process CPU time: in all, and of the read and index phases.
    double cpuSeconds = 0;
    double readCpuSeconds = 0;
    double rollupCpuSeconds = 0;
    double indexCpuSeconds = 0;

    // "read 15.28 s (cpu 7.10 s), rollups ..., indexes 45.90 s (cpu 19.00 s), analyze 0.00 s, finish
    // 0.14 s; cpu 29.00 s".
    QString phases() const;

    // The report printed by the command, one fact a line.
    QString summary() const;
};

// Imports PostHog export files into a store (created with the schema when missing) in one
// transaction: persons first, then events. Events are keyed by uuid and persons by id, so importing
// a file twice adds nothing the second time. Without skipBad, the first bad line rolls everything
// back and the store is left as it was; a killed import leaves it as it was too (WAL, or for a new
// store a side file renamed into place when the rows are committed). Rollups and sessions are kept
// by EventIngest and committed with the rows. The indexes a new store needs, or that a large import
// dropped, are built after that commit, each committed on its own: killed among them, the store
// holds every row and lacks some indexes, which the next import or a server builds.
ImportReport importIntoStore(const ImportOptions& options);

} // namespace hogscope::local
