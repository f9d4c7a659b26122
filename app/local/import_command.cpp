#include "import_command.h"

#include "event_ingest.h"
#include "event_read_ahead.h"
#include "import_records.h"
#include "sqlite_connection.h"
#include "store_schema.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <ctime>
#include <memory>
#include <string>
#include <vector>

namespace hogscope::local {

namespace {

constexpr int64_t kProgressEvery = 100'000;
// Below this many events, row-by-row index upkeep is cheap whatever the store's size.
constexpr int64_t kRebuildAtLeast = 50'000;
// Page cache sizes (KiB); measured on 300k events, a 256 MiB cache cost 25% more CPU than 8 MiB when
// the indexes are built by sorting. Row-by-row upkeep touches leaf pages of 12 indexes all over a
// large store: 100k events into a 1M-event store took 32 s with 256 MiB (pages spilled to the WAL
// and read back) and 15 s with 1 GiB. The cache grows only as pages are used.
constexpr int64_t kSortingCacheKiB = 8 * 1024;
constexpr int64_t kUpkeepCacheKiB = 1024 * 1024;
// How long an index build waits for another writer (one index of 10M events takes ~15 s to build).
constexpr int kIndexBusyMs = 10 * 60 * 1000;

void removeStoreFiles(const QString& path)
{
    for (const QString& file : {path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm"),
                                path + QStringLiteral("-journal")})
        QFile::remove(file);
}

int64_t scalar(sqlite3* db, const char* sql)
{
    SqliteStatement stmt;
    if (sqlite3_prepare_v2(db, sql, -1, stmt.out(), nullptr) != SQLITE_OK ||
        sqlite3_step(stmt.get()) != SQLITE_ROW)
        return 0;
    return sqlite3_column_int64(stmt.get(), 0);
}

// One import run: the store connection, the ingest, and the counts.
class Importer
{
public:
    Importer(const ImportOptions& options, ImportReport& report)
        : m_options(options)
        , m_report(report)
    {}

    bool run()
    {
        m_started.start();
        // Every input opens before the store is touched: a missing file changes nothing.
        std::unique_ptr<RecordReader> persons;
        std::unique_ptr<RecordReader> events;
        if (!openReader(m_options.personsPath, persons) || !openReader(m_options.eventsPath, events))
            return false;
        m_report.persons.path = m_options.personsPath;
        m_report.events.path = m_options.eventsPath;

        const QString& path = m_options.databasePath;
        m_create = !QFileInfo::exists(path);
        m_target = m_create ? path + QStringLiteral(".partial") : path;
        m_report.createdStore = m_create;
        if (m_create)
            removeStoreFiles(m_target);
        if (!openStore(events.get()))
            return abandon();

        EventIngest::Options ingestOptions;
        ingestOptions.deferIndexes = m_create;
        ingestOptions.rebuildIndexes = m_report.rebuiltIndexes && !m_create;
        // The rows are committed first and the indexes built after, each in its own transaction
        // (see buildIndexes()).
        ingestOptions.indexesAfterCommit = true;
        ingestOptions.ignoreDuplicates = true;
        ingestOptions.deriveSessions = true;
        m_ingest = std::make_unique<EventIngest>(m_db.handle(), ingestOptions);
        if (!m_ingest->begin())
            return storeFailed(m_ingest->errorString());
        m_personExists = std::make_unique<SqliteStatement>();
        m_personOf = std::make_unique<SqliteStatement>();
        if (sqlite3_prepare_v2(m_db.handle(), "SELECT 1 FROM persons WHERE id = ?", -1, m_personExists->out(),
                               nullptr) != SQLITE_OK ||
            sqlite3_prepare_v2(m_db.handle(),
                               "SELECT person_id FROM person_distinct_ids WHERE distinct_id = ?", -1,
                               m_personOf->out(), nullptr) != SQLITE_OK)
            return storeFailed(QString::fromUtf8(sqlite3_errmsg(m_db.handle())));
        QElapsedTimer read;
        read.start();
        const std::clock_t readCpu = std::clock();
        if (persons && (!importPersons(*persons) || !relinkMovedDistinctIds()))
            return abandon();
        if (events && !importEvents(*events))
            return abandon();
        m_report.readSeconds = static_cast<double>(read.nsecsElapsed()) / 1e9;
        m_report.readCpuSeconds = static_cast<double>(std::clock() - readCpu) / CLOCKS_PER_SEC;
        QElapsedTimer commit;
        commit.start();
        if (!m_ingest->commit())
            return storeFailed(m_ingest->errorString());
        const EventIngest::CommitTimings timings = m_ingest->commitTimings();
        const std::vector<std::pair<std::string, std::string>> dropped = m_ingest->droppedIndexes();
        if (!finish())
            return false;
        // The rows are committed and readable from here on, the rollups with them: what is left
        // only makes queries faster.
        m_report.commitSeconds = static_cast<double>(commit.nsecsElapsed()) / 1e9;
        m_report.committedSeconds = static_cast<double>(m_started.nsecsElapsed()) / 1e9;
        m_report.rollupSeconds = timings.rollups;
        m_report.rollupCpuSeconds = timings.rollupsCpu;
        m_report.finishSeconds = m_report.commitSeconds - timings.rollups;
        buildIndexes(dropped);
        return true;
    }

private:
    bool openReader(const QString& path, std::unique_ptr<RecordReader>& reader)
    {
        if (path.isEmpty())
            return true;
        ImportError error;
        reader = RecordReader::open(path, error);
        if (!reader)
            m_report.error = error.format(path);
        return reader != nullptr;
    }

    bool openStore(RecordReader* events)
    {
        QString error;
        if (!m_db.open(m_target,
                       m_create ? SqliteConnection::Mode::Create : SqliteConnection::Mode::ReadWrite))
            return fail(m_db.errorString());
        // Memory-mapped reads: building an index scans the whole events table, and mapped pages save
        // a copy per page read (measured: 12% less CPU for the index builds).
        if (!m_db.exec("PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 2147418112"))
            return fail(m_db.errorString());
        if (m_create) {
            // A side file renamed into place at the end: no journal is needed, and a killed run
            // leaves no store at all.
            store::SchemaOptions schema;
            schema.indexes = false;
            schema.wal = false;
            if (!m_db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF") ||
                !store::createSchema(m_db, &error, schema))
                return fail(error.isEmpty() ? m_db.errorString() : error);
            return setCache(kSortingCacheKiB);
        }
        const std::optional<int> version = store::schemaVersion(m_db.handle(), &error);
        if (!version || !store::checkSchema(m_db, &error))
            return fail(QStringLiteral("%1: %2").arg(m_options.databasePath, error));
        if (*version != store::kSchemaVersion && !store::upgradeSchema(m_db.handle(), &error))
            return fail(QStringLiteral("%1: %2").arg(m_options.databasePath, error));
        switch (m_options.indexes) {
        case ImportOptions::Indexes::Keep:
            break;
        case ImportOptions::Indexes::Rebuild:
            m_report.rebuiltIndexes = true;
            break;
        case ImportOptions::Indexes::Auto: {
            // Rebuilding sorts the whole table once per index; row-by-row upkeep costs per new row
            // about twice what a sort costs per row. So rebuild when the new rows are at least as
            // many as the stored ones (max(rowid) stands in for count(*) without a scan).
            const int64_t incoming = events ? events->estimatedRecords() : 0;
            const int64_t stored = scalar(m_db.handle(), "SELECT max(rowid) FROM events");
            m_report.rebuiltIndexes = incoming >= kRebuildAtLeast && incoming >= stored;
            break;
        }
        }
        return setCache(m_report.rebuiltIndexes ? kSortingCacheKiB : kUpkeepCacheKiB);
    }

    bool setCache(int64_t kib)
    {
        const std::string sql =
            "PRAGMA cache_size = -" + std::to_string(m_options.cacheKiB > 0 ? m_options.cacheKiB : kib);
        return m_db.exec(sql.c_str()) || fail(m_db.errorString());
    }

    // A bad line: fatal without skipBad, else counted and (the first few) reported.
    bool badLine(const ImportError& error, const QString& path, ImportFileReport& file)
    {
        const QString text = error.format(path);
        if (!m_options.skipBad)
            return fail(text);
        ++file.skipped;
        if (m_report.badLines.size() < m_options.reportedBadLines)
            m_report.badLines.append(text);
        ++m_report.badLineCount;
        return true;
    }

    void progress(const QString& path, int64_t records)
    {
        if (m_options.progress && records % kProgressEvery == 0)
            m_options.progress(path, records);
    }

    bool importPersons(RecordReader& reader)
    {
        ImportFileReport& file = m_report.persons;
        PersonRecord record;
        ImportError error;
        int64_t records = 0;
        for (;;) {
            switch (reader.nextPerson(record, error)) {
            case RecordReader::Result::End:
                return true;
            case RecordReader::Result::Failed:
                return fail(error.format(file.path));
            case RecordReader::Result::Bad:
                if (!badLine(error, file.path, file))
                    return false;
                break;
            case RecordReader::Result::Record: {
                sqlite3_stmt* exists = m_personExists->get();
                sqlite3_reset(exists);
                sqlite3_bind_text(exists, 1, record.id.data(), static_cast<int>(record.id.size()),
                                  SQLITE_STATIC);
                const bool known = sqlite3_step(exists) == SQLITE_ROW;
                sqlite3_reset(exists);
                if (!noteMovedDistinctIds(record))
                    return false;
                IngestPerson person;
                person.id = record.id;
                person.createdAt = record.createdAt;
                person.properties = record.properties;
                person.identified = record.identified;
                person.distinctIds = record.distinctIds;
                if (!m_ingest->addPerson(person))
                    return fail(m_ingest->errorString());
                ++(known ? file.duplicate : file.imported);
                break;
            }
            }
            progress(file.path, ++records);
        }
    }

    // Remembers the distinct ids of `record` that belong to another person now (usually one made
    // for them when their events came in before the persons file).
    bool noteMovedDistinctIds(const PersonRecord& record)
    {
        sqlite3_stmt* lookup = m_personOf->get();
        for (std::string_view distinctId : record.distinctIds) {
            sqlite3_reset(lookup);
            sqlite3_bind_text(lookup, 1, distinctId.data(), static_cast<int>(distinctId.size()),
                              SQLITE_STATIC);
            const int rc = sqlite3_step(lookup);
            if (rc == SQLITE_ROW) {
                const std::string_view owner(reinterpret_cast<const char*>(sqlite3_column_text(lookup, 0)),
                                             static_cast<size_t>(sqlite3_column_bytes(lookup, 0)));
                if (owner != record.id)
                    m_moved.push_back({std::string(distinctId), std::string(owner), std::string(record.id)});
            } else if (rc != SQLITE_DONE) {
                return fail(QStringLiteral("%1: %2").arg(m_options.databasePath,
                                                         QString::fromUtf8(sqlite3_errmsg(m_db.handle()))));
            }
        }
        sqlite3_reset(lookup);
        return true;
    }

    // Distinct ids that the persons file gave to another person take their stored events with them,
    // as a PostHog merge does: events and sessions move, the person-day rollups of everyone involved
    // are recounted from their events, and a person left without any distinct id is deleted.
    bool relinkMovedDistinctIds()
    {
        if (m_moved.empty())
            return true;
        sqlite3* db = m_db.handle();
        SqliteStatement insert;
        bool ok =
            m_db.exec("CREATE TEMP TABLE import_moved (distinct_id TEXT PRIMARY KEY, old TEXT NOT NULL, "
                      "new TEXT NOT NULL)") &&
            sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO import_moved VALUES (?,?,?)", -1, insert.out(),
                               nullptr) == SQLITE_OK;
        for (size_t i = 0; ok && i < m_moved.size(); ++i) {
            sqlite3_reset(insert.get());
            for (int c = 0; c < 3; ++c) {
                const std::string& text = m_moved[i][static_cast<size_t>(c)];
                sqlite3_bind_text(insert.get(), c + 1, text.data(), static_cast<int>(text.size()),
                                  SQLITE_STATIC);
            }
            ok = sqlite3_step(insert.get()) == SQLITE_DONE;
        }
        // Floor division into UTC days, as store::rebuildRollups computes the day.
        ok =
            ok &&
            m_db.exec(
                "UPDATE events SET person_id = m.new FROM temp.import_moved m WHERE events.distinct_id = "
                "m.distinct_id AND events.person_id = m.old;"
                "UPDATE sessions SET person_id = m.new FROM temp.import_moved m WHERE sessions.distinct_id = "
                "m.distinct_id AND sessions.person_id = m.old;"
                "CREATE TEMP TABLE import_involved AS SELECT old AS id FROM temp.import_moved UNION SELECT "
                "new "
                "FROM temp.import_moved;"
                "DELETE FROM rollup_person_days WHERE person_id IN temp.import_involved;"
                "INSERT INTO rollup_person_days (event, day, person_id, events) SELECT event, (timestamp - "
                "(((timestamp % 86400000000) + 86400000000) % 86400000000)) / 86400000000, person_id, "
                "count(*) "
                "FROM events WHERE person_id IN temp.import_involved GROUP BY 1, 2, 3;"
                "DELETE FROM persons WHERE id IN (SELECT old FROM temp.import_moved) AND NOT EXISTS (SELECT "
                "1 "
                "FROM person_distinct_ids d WHERE d.person_id = persons.id);"
                "DROP TABLE temp.import_moved; DROP TABLE temp.import_involved");
        m_moved.clear();
        return ok || fail(QStringLiteral("%1: %2").arg(m_options.databasePath, m_db.errorString()));
    }

    // The events, read and scanned a batch ahead on another thread (EventReadAhead) while this one
    // stores them; bad lines come in their place in the file.
    bool importEvents(RecordReader& reader)
    {
        ImportFileReport& file = m_report.events;
        EventReadAhead readAhead(reader);
        int64_t records = 0;
        for (;;) {
            const EventReadAhead::Batch& batch = readAhead.next();
            for (const EventReadAhead::Item& item : batch.items) {
                if (item.bad) {
                    if (!badLine(item.error, file.path, file))
                        return false;
                } else {
                    const EventRecord& record = item.record;
                    IngestEvent event;
                    event.uuid = record.uuid;
                    event.event = record.event;
                    event.distinctId = record.distinctId;
                    event.timestamp = record.timestamp;
                    event.createdAt = record.createdAt;
                    event.properties = record.properties;
                    event.personHint = record.personId;
                    event.elementsChain = record.elementsChain;
                    event.hot = &item.scanned.hot;
                    event.sessionId = item.scanned.sessionId;
                    event.windowId = item.scanned.windowId;
                    event.scanned = true;
                    bool inserted = false;
                    if (!m_ingest->addEvent(event, &inserted))
                        return fail(m_ingest->errorString());
                    ++(inserted ? file.imported : file.duplicate);
                }
                progress(file.path, ++records);
            }
            if (batch.end == RecordReader::Result::Failed)
                return fail(batch.error.format(file.path));
            if (batch.end == RecordReader::Result::End)
                return true;
        }
    }

    // Makes the committed import the store: a new store is switched to WAL and renamed into place
    // (buildIndexes() opens it again under its name); on an existing store the connection stays open.
    bool finish()
    {
        m_personExists.reset();
        m_personOf.reset();
        m_ingest.reset();
        if (!m_create)
            return true;
        if (!m_db.exec("PRAGMA journal_mode = WAL"))
            return storeFailed(m_db.errorString());
        m_db.close();
        const QString& path = m_options.databasePath;
        if (QFileInfo::exists(path)) {
            removeStoreFiles(m_target);
            return fail(QStringLiteral("%1: created by someone else during the import").arg(path));
        }
        QFile::remove(path + QStringLiteral("-wal"));
        QFile::remove(path + QStringLiteral("-shm"));
        if (!QFile::rename(m_target, path)) {
            removeStoreFiles(m_target);
            return fail(QStringLiteral("cannot rename %1 to %2").arg(m_target, path));
        }
        return true;
    }

    // Builds the indexes a new store lacks, or that a large import dropped, after the rows are
    // committed: SQLite builds an index by one sort over the whole table, single-threaded, and for
    // 1M events the thirteen builds take more than twice as long as the rows themselves. Readers
    // (a server on the store) see the new rows meanwhile, answered right but without those indexes.
    // Each index is committed as it is built; a run killed among them leaves a whole store that
    // lacks some, and the next import or the server (QueryService) builds what is missing. A failure
    // here does not undo the import: it is reported, with what is missing.
    void buildIndexes(const std::vector<std::pair<std::string, std::string>>& dropped)
    {
        QElapsedTimer timer;
        timer.start();
        const std::clock_t cpu = std::clock();
        QString error;
        QString customError;
        auto say = [this](const QString& message) {
            if (m_options.phase)
                m_options.phase(message);
        };
        bool ok = true;
        if (m_create) {
            ok = m_db.open(m_options.databasePath, SqliteConnection::Mode::ReadWrite) &&
                 m_db.exec("PRAGMA temp_store = MEMORY; PRAGMA mmap_size = 2147418112");
            ok = ok && setCache(kSortingCacheKiB);
            if (!ok)
                error = m_db.errorString();
        }
        sqlite3* db = m_db.handle();
        if (ok) {
            // A server on the store may be building a missing index itself (IndexCompletion): wait
            // for it rather than give up after the usual 5 s.
            sqlite3_busy_timeout(db, kIndexBusyMs);
            const std::vector<std::string> missing = store::missingIndexes(db);
            const size_t byHand = std::count_if(dropped.begin(), dropped.end(), [&](const auto& index) {
                return std::find(missing.begin(), missing.end(), index.first) == missing.end();
            });
            if (missing.size() + byHand > 0)
                say(QStringLiteral("rows committed; building %1 indexes").arg(missing.size() + byHand));
            ok = store::createIndexes(db, &error, [&](const std::string& name) {
                say(QStringLiteral("building index %1").arg(QString::fromStdString(name)));
                return true;
            });
            // Other indexes a rebuild dropped (made by hand on this store). One that the new rows
            // break does not keep the others from being built.
            for (const auto& [name, sql] : dropped) {
                if (!ok || store::hasIndex(db, name))
                    continue;
                say(QStringLiteral("building index %1").arg(QString::fromStdString(name)));
                if (!m_db.exec(sql.c_str()) && customError.isEmpty())
                    customError = m_db.errorString();
            }
        }
        if (ok && !customError.isEmpty()) {
            ok = false;
            error = customError;
        }
        m_report.indexSeconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        m_report.indexCpuSeconds = static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;
        timer.restart();
        // Planner statistics; the limit keeps ANALYZE to a sample, so it costs milliseconds.
        if (m_db.handle() && !m_db.exec("PRAGMA analysis_limit = 400; ANALYZE") && ok) {
            ok = false;
            error = m_db.errorString();
        }
        m_report.analyzeSeconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        if (!ok) {
            // The store's own indexes are built by the next import or a server; one made by hand is
            // named with its statement, to run again once the rows allow it.
            QStringList missing;
            if (m_db.handle()) {
                for (const std::string& name : store::missingIndexes(m_db.handle()))
                    missing << QString::fromStdString(name);
                for (const auto& [name, sql] : dropped) {
                    if (!store::hasIndex(m_db.handle(), name))
                        missing << QStringLiteral("%1 (made by hand: %2)")
                                       .arg(QString::fromStdString(name), QString::fromStdString(sql));
                }
            }
            m_report.indexError =
                QStringLiteral("%1: the rows are imported, but building the indexes failed: %2%3")
                    .arg(m_options.databasePath, error,
                         missing.isEmpty()
                             ? QString()
                             : QStringLiteral(" (missing: %1; queries are right, only slower without them)")
                                   .arg(missing.join(QStringLiteral(", "))));
        }
        // Fold the import into the database file now rather than leave a WAL as large as the
        // import; readers that hold old snapshots only make this do less, never fail.
        if (m_db.handle())
            m_db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        m_db.close();
    }

    bool fail(const QString& message)
    {
        if (m_report.error.isEmpty())
            m_report.error = message;
        return false;
    }

    bool storeFailed(const QString& message)
    {
        fail(QStringLiteral("%1: %2").arg(m_options.databasePath, message));
        return abandon();
    }

    // Rolls back and, for a new store, removes the side file: the store is as it was.
    bool abandon()
    {
        m_personExists.reset();
        m_personOf.reset();
        if (m_ingest)
            m_ingest->rollback();
        m_ingest.reset();
        m_db.close();
        if (m_create)
            removeStoreFiles(m_target);
        m_report.persons.imported = m_report.persons.duplicate = 0;
        m_report.events.imported = m_report.events.duplicate = 0;
        return false;
    }

    const ImportOptions& m_options;
    ImportReport& m_report;
    SqliteConnection m_db;
    std::unique_ptr<EventIngest> m_ingest;
    std::unique_ptr<SqliteStatement> m_personExists;
    std::unique_ptr<SqliteStatement> m_personOf;
    std::vector<std::array<std::string, 3>> m_moved; // distinct id, its person, its new person
    QString m_target;
    QElapsedTimer m_started;
    bool m_create = false;
};

QString fileLine(const QString& kind, const ImportFileReport& file)
{
    return QStringLiteral("%1: %2 imported, %3 duplicate, %4 skipped (%5)\n")
        .arg(kind)
        .arg(file.imported)
        .arg(file.duplicate)
        .arg(file.skipped)
        .arg(file.path);
}

} // namespace

QString ImportReport::summary() const
{
    QString out;
    if (!persons.path.isEmpty())
        out += fileLine(QStringLiteral("persons"), persons);
    if (!events.path.isEmpty())
        out += fileLine(QStringLiteral("events"), events);
    if (badLineCount > 0) {
        out +=
            QStringLiteral("bad lines (%1, the first %2 listed):\n").arg(badLineCount).arg(badLines.size());
        for (const QString& line : badLines)
            out += QStringLiteral("  ") + line + QLatin1Char('\n');
    }
    return out;
}

QString ImportReport::phases() const
{
    return QStringLiteral("read %1 s (cpu %2 s), rollups %3 s (cpu %4 s), commit %5 s: rows committed at %6 "
                          "s; indexes %7 s (cpu %8 s), analyze %9 s; cpu %10 s")
        .arg(readSeconds, 0, 'f', 2)
        .arg(readCpuSeconds, 0, 'f', 2)
        .arg(rollupSeconds, 0, 'f', 2)
        .arg(rollupCpuSeconds, 0, 'f', 2)
        .arg(finishSeconds, 0, 'f', 2)
        .arg(committedSeconds, 0, 'f', 2)
        .arg(indexSeconds, 0, 'f', 2)
        .arg(indexCpuSeconds, 0, 'f', 2)
        .arg(analyzeSeconds, 0, 'f', 2)
        .arg(cpuSeconds, 0, 'f', 2);
}

ImportReport importIntoStore(const ImportOptions& options)
{
    ImportReport report;
    QElapsedTimer timer;
    timer.start();
    if (options.databasePath.isEmpty()) {
        report.error = QStringLiteral("no store given");
        return report;
    }
    const std::clock_t cpu = std::clock();
    Importer importer(options, report);
    report.ok = importer.run();
    report.seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    report.cpuSeconds = static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;
    return report;
}

} // namespace hogscope::local
