// bench_local_engine: the embedded backend's insight engine on a demo store of 1M events.
//
// Generates the store once (generation rate), then for each question times our query runner against a
// straightforward hand-written SQLite query over the same store that gives the same answer (checked
// in the run), and measures compile time per query and the serialisation rate of a 50,000-row
// response. Prints `name: value unit` and `ratio name: value` (baseline time / ours: bigger is
// better). A benchmark, not a test: it never fails on speed, only on a wrong answer.
// The import case (the ingest rate) writes the store out as PostHog-style JSON Lines and times
// `import` of it into a new store (until the rows are committed, and until the indexes built after
// them are done), again (all duplicates), and a fresh 100k events into the full store, against a
// plain INSERT of the same parsed rows into a bare table without indexes.
//   bench_local_engine [--events N] [--keep FILE] [--only QUESTION]

#include "local/demo_generator.h"
#include "local/hogql_compiler.h"
#include "local/import_command.h"
#include "local/import_records.h"
#include "local/query_runner.h"
#include "local/sqlite_connection.h"
#include "local/sqlite_functions.h"
#include "local/store_schema.h"
#include "local/time_format.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <sqlite3.h>

#include <algorithm>
#include <cstdio>
#include <ctime>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

using namespace hogscope::local;

namespace {

constexpr int64_t kDay = 86'400'000'000LL;

[[noreturn]] void die(const std::string& message)
{
    std::fprintf(stderr, "bench_local_engine: %s\n", message.c_str());
    std::exit(1);
}

double processCpuSeconds()
{
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) / 1e9;
}

// Best of `runs` wall-clock timings of `work`, in milliseconds (the least disturbed by the other
// processes of a shared machine).
double bestMs(int runs, const std::function<void()>& work)
{
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        QElapsedTimer timer;
        timer.start();
        work();
        best = std::min(best, static_cast<double>(timer.nsecsElapsed()) / 1e6);
    }
    return best;
}

void figure(const char* name, double value, const char* unit)
{
    std::printf("%s: %.3f %s\n", name, value, unit);
    std::fflush(stdout);
}

void ratio(const char* name, double value)
{
    std::printf("ratio %s: %.2f\n", name, value);
    std::fflush(stdout);
}

// Rows of a plain SQL query as strings.
std::vector<std::vector<std::string>> sqlRows(sqlite3* db, const std::string& sql)
{
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK)
        die("baseline SQL: " + std::string(sqlite3_errmsg(db)) + "\n" + sql);
    std::vector<std::vector<std::string>> rows;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        std::vector<std::string> row;
        for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            row.emplace_back(text ? text : "");
        }
        rows.push_back(std::move(row));
    }
    sqlite3_finalize(stmt);
    return rows;
}

int64_t scalar(sqlite3* db, const std::string& sql)
{
    const auto rows = sqlRows(db, sql);
    return rows.empty() ? 0 : std::stoll(rows.front().front());
}

QJsonObject run(sqlite3* db, const QJsonObject& node)
{
    QueryExecution execution;
    const QueryOutcome outcome = QueryRunner::run(db, node, execution);
    if (outcome.status != QueryOutcome::Status::Ok)
        die("runner failed: " + outcome.message.toStdString());
    return outcome.responseObject();
}

QString date(int64_t micros)
{
    return QDateTime::fromMSecsSinceEpoch(micros / 1000, Qt::UTC).toString(QStringLiteral("yyyy-MM-dd"));
}

void check(bool same, const char* what)
{
    if (!same)
        die(std::string("answers differ: ") + what);
}

// ---- import ----

void appendJsonString(std::string& out, std::string_view text)
{
    out += '"';
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (static_cast<unsigned char>(c) < 0x20) {
            char buffer[8];
            std::snprintf(buffer, sizeof buffer, "\\u%04x", static_cast<unsigned>(c));
            out += buffer;
        } else {
            out += c;
        }
    }
    out += '"';
}

// "2026-03-01T10:00:00.123456Z", as PostHog exports timestamps.
void appendIso(std::string& out, int64_t micros)
{
    const int64_t days = timefmt::floorDiv(micros, timefmt::kMicrosPerDay);
    const int64_t rest = micros - days * timefmt::kMicrosPerDay;
    int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    timefmt::civilFromDays(days, year, month, day);
    char buffer[40];
    const int64_t seconds = rest / 1'000'000;
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lld.%06lldZ",
                  static_cast<long long>(year), month, day, static_cast<long long>(seconds / 3600),
                  static_cast<long long>(seconds / 60 % 60), static_cast<long long>(seconds % 60),
                  static_cast<long long>(rest % 1'000'000));
    out += buffer;
}

std::string column(sqlite3_stmt* stmt, int c)
{
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
    return text ? std::string(text, static_cast<size_t>(sqlite3_column_bytes(stmt, c))) : std::string();
}

// The events and persons of a store as PostHog export files (JSON Lines), in rowid order.
void exportJsonLines(sqlite3* db, const QString& eventsPath, const QString& personsPath)
{
    std::FILE* out = std::fopen(QFile::encodeName(eventsPath).constData(), "wb");
    if (!out)
        die("cannot write " + eventsPath.toStdString());
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(
        db,
        "SELECT uuid, event, distinct_id, timestamp, created_at, properties, person_id, elements_chain "
        "FROM events ORDER BY rowid",
        -1, &stmt, nullptr);
    std::string line;
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        line.clear();
        line += "{\"uuid\":";
        appendJsonString(line, column(stmt, 0));
        line += ",\"event\":";
        appendJsonString(line, column(stmt, 1));
        line += ",\"distinct_id\":";
        appendJsonString(line, column(stmt, 2));
        line += ",\"timestamp\":\"";
        appendIso(line, sqlite3_column_int64(stmt, 3));
        line += "\",\"created_at\":\"";
        appendIso(line, sqlite3_column_int64(stmt, 4));
        line += "\",\"properties\":";
        line += column(stmt, 5);
        line += ",\"person_id\":";
        appendJsonString(line, column(stmt, 6));
        line += ",\"elements_chain\":";
        appendJsonString(line, column(stmt, 7));
        line += "}\n";
        std::fwrite(line.data(), 1, line.size(), out);
    }
    sqlite3_finalize(stmt);
    std::fclose(out);
    if (personsPath.isEmpty())
        return;
    out = std::fopen(QFile::encodeName(personsPath).constData(), "wb");
    sqlite3_prepare_v2(
        db,
        "SELECT id, created_at, properties, is_identified, (SELECT json_group_array(distinct_id) FROM "
        "person_distinct_ids WHERE person_id = p.id) FROM persons p ORDER BY rowid",
        -1, &stmt, nullptr);
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        line = "{\"id\":";
        appendJsonString(line, column(stmt, 0));
        line += ",\"created_at\":\"";
        appendIso(line, sqlite3_column_int64(stmt, 1));
        line += "\",\"properties\":" + column(stmt, 2) +
                ",\"is_identified\":" + (sqlite3_column_int(stmt, 3) ? "true" : "false") +
                ",\"distinct_ids\":" + column(stmt, 4) + "}\n";
        std::fwrite(line.data(), 1, line.size(), out);
    }
    sqlite3_finalize(stmt);
    std::fclose(out);
}

// Reads every event of `path` through the import reader; with `db`, also INSERTs each into a bare
// table without indexes (the baseline: the least work that gets the rows into SQLite).
int64_t readEvents(const QString& path, sqlite3* db)
{
    ImportError error;
    std::unique_ptr<RecordReader> reader = RecordReader::open(path, error);
    if (!reader)
        die(error.format(path).toStdString());
    sqlite3_stmt* insert = nullptr;
    if (db) {
        sqlite3_exec(
            db,
            "CREATE TABLE bare (uuid TEXT, event TEXT, distinct_id TEXT, timestamp INTEGER, created_at "
            "INTEGER, properties TEXT, person_id TEXT, elements_chain TEXT); BEGIN",
            nullptr, nullptr, nullptr);
        sqlite3_prepare_v3(db, "INSERT INTO bare VALUES (?,?,?,?,?,?,?,?)", -1, SQLITE_PREPARE_PERSISTENT,
                           &insert, nullptr);
    }
    auto bind = [&](int index, std::string_view text) {
        sqlite3_bind_text(insert, index, text.data(), static_cast<int>(text.size()), SQLITE_STATIC);
    };
    EventRecord record;
    int64_t count = 0;
    for (;;) {
        const RecordReader::Result result = reader->nextEvent(record, error);
        if (result == RecordReader::Result::End)
            break;
        if (result != RecordReader::Result::Record)
            die(error.format(path).toStdString());
        ++count;
        if (!insert)
            continue;
        sqlite3_reset(insert);
        bind(1, record.uuid);
        bind(2, record.event);
        bind(3, record.distinctId);
        sqlite3_bind_int64(insert, 4, record.timestamp);
        sqlite3_bind_int64(insert, 5, record.createdAt);
        bind(6, record.properties);
        bind(7, record.personId);
        bind(8, record.elementsChain);
        if (sqlite3_step(insert) != SQLITE_DONE)
            die("baseline insert: " + std::string(sqlite3_errmsg(db)));
    }
    if (db) {
        sqlite3_finalize(insert);
        if (sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
            die("baseline commit: " + std::string(sqlite3_errmsg(db)));
    }
    return count;
}

ImportReport timedImport(const ImportOptions& options, double& seconds, double& cpuSeconds)
{
    const double cpu0 = processCpuSeconds();
    QElapsedTimer timer;
    timer.start();
    ImportReport report = importIntoStore(options);
    seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    cpuSeconds = processCpuSeconds() - cpu0;
    if (!report.ok)
        die("import failed: " + report.error.toStdString());
    return report;
}

void importCase(sqlite3* source, const QString& dir)
{
    const QString events = dir + QStringLiteral("/events.jsonl");
    const QString persons = dir + QStringLiteral("/persons.jsonl");
    const QString target = dir + QStringLiteral("/imported.db");
    exportJsonLines(source, events, persons);
    const int64_t total = scalar(source, "SELECT count(*) FROM events");
    figure("import file size", static_cast<double>(QFile(events).size()) / 1e6, "MB");

    // Parsing alone, then the baseline: the same rows INSERTed into a bare table, same settings as a
    // new store's import (a side file without journal).
    QElapsedTimer timer;
    timer.start();
    if (readEvents(events, nullptr) != total)
        die("the reader lost events");
    const double parseSeconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    figure("import parse only", static_cast<double>(total) / parseSeconds, "events/s");
    const QString barePath = dir + QStringLiteral("/bare.db");
    double baseSeconds = 0;
    {
        SqliteConnection bare;
        if (!bare.open(barePath, SqliteConnection::Mode::Create) ||
            !bare.exec("PRAGMA page_size = 16384; PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; "
                       "PRAGMA cache_size = -262144"))
            die("cannot create the baseline store");
        timer.start();
        readEvents(events, bare.handle());
        baseSeconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    }
    QFile::remove(barePath);
    const double baseRate = static_cast<double>(total) / baseSeconds;
    figure("import baseline (bare INSERT, no indexes)", baseRate, "events/s");

    // Ours: persons and events into a new store (indexes built once at the end).
    ImportOptions options;
    options.databasePath = target;
    options.personsPath = persons;
    options.eventsPath = events;
    double seconds = 0;
    double cpu = 0;
    ImportReport report = timedImport(options, seconds, cpu);
    if (report.events.imported != total)
        die("import: " + std::to_string(report.events.imported) + " of " + std::to_string(total) + " events");
    const double rate = static_cast<double>(total) / seconds;
    // Two rates: until the rows are committed (readable, with their rollups and sessions), and
    // until the indexes built after that commit are done too.
    const double committedRate = static_cast<double>(total) / report.committedSeconds;
    figure("import new store rows committed", committedRate, "events/s");
    figure("import new store with indexes", rate, "events/s");
    figure("import new store cpu", static_cast<double>(total) / cpu, "events/s");
    // Where the time went (wall): records read and inserted, then the commit's parts.
    figure("import new store phase read+insert", report.readSeconds, "s");
    figure("import new store phase rollups", report.rollupSeconds, "s");
    figure("import new store phase commit", report.finishSeconds, "s");
    figure("import new store phase indexes (after the commit)", report.indexSeconds, "s");
    figure("import new store phase analyze", report.analyzeSeconds, "s");
    figure("import new store phase read+insert cpu", report.readCpuSeconds, "s");
    figure("import new store phase rollups cpu", report.rollupCpuSeconds, "s");
    figure("import new store phase indexes cpu", report.indexCpuSeconds, "s");
    ratio("import new store rows committed vs bare INSERT", committedRate / baseRate);
    ratio("import new store with indexes vs bare INSERT", rate / baseRate);
    {
        // The import gives the store the generator wrote: same rows, same rollups.
        SqliteConnection imported;
        imported.open(target, SqliteConnection::Mode::ReadOnly);
        const char* sums[] = {"SELECT count(*) FROM events",
                              "SELECT count(*) FROM persons",
                              "SELECT sum(events) FROM rollup_event_days",
                              "SELECT count(*) FROM rollup_person_days",
                              "SELECT sum(events * length(value)) FROM rollup_property_days",
                              "SELECT count(*) FROM person_distinct_ids"};
        for (const char* sql : sums)
            check(scalar(imported.handle(), sql) == scalar(source, sql), sql);
    }

    // The same file again: every event is a duplicate and nothing changes.
    options.personsPath.clear();
    report = timedImport(options, seconds, cpu);
    if (report.events.duplicate != total || report.events.imported != 0)
        die("re-import added events");
    figure("import again (all duplicates)", static_cast<double>(total) / seconds, "events/s");

    // 100k new events (another seed) into the full store: small next to it, so indexes are kept.
    const QString extraStore = dir + QStringLiteral("/extra.db");
    DemoOptions demo;
    demo.events = 100'000;
    demo.seed = 7;
    if (!generateDemoStore(extraStore, demo, {}).ok)
        die("cannot generate the extra events");
    const QString extra = dir + QStringLiteral("/extra.jsonl");
    {
        SqliteConnection extraDb;
        extraDb.open(extraStore, SqliteConnection::Mode::ReadOnly);
        exportJsonLines(extraDb.handle(), extra, QString());
    }
    options.eventsPath = extra;
    report = timedImport(options, seconds, cpu);
    if (report.events.imported != demo.events || report.rebuiltIndexes)
        die("the 100k import did not add its events with the indexes kept");
    figure("import 100k into the store (indexes kept)", static_cast<double>(demo.events) / seconds,
           "events/s");
    figure("import 100k into the store (indexes kept) cpu", static_cast<double>(demo.events) / cpu,
           "events/s");
    for (const QString& file : {events, persons, extra, extraStore, target, target + QStringLiteral("-wal"),
                                target + QStringLiteral("-shm")})
        QFile::remove(file);
}

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    qint64 events = 1'000'000;
    QString keep;
    QString only; // --only NAME: one question (dau, breakdown, retention, stickiness, paths, search, ...)
    for (int i = 1; i + 1 < argc; i += 2) {
        if (std::string(argv[i]) == "--events")
            events = std::atoll(argv[i + 1]);
        else if (std::string(argv[i]) == "--keep")
            keep = QString::fromLocal8Bit(argv[i + 1]);
        else if (std::string(argv[i]) == "--only")
            only = QString::fromLocal8Bit(argv[i + 1]);
    }
    QTemporaryDir dir;
    const QString path = !keep.isEmpty() ? keep : dir.filePath(QStringLiteral("bench.db"));

    // --- the demo store: generated events through the ingest path, indexes built before it is
    // renamed into place (the import case below times reading PostHog export files) ---
    if (keep.isEmpty() || !QFile::exists(path)) {
        DemoOptions options;
        options.events = events;
        QElapsedTimer timer;
        timer.start();
        const double cpu0 = processCpuSeconds();
        const DemoResult result = generateDemoStore(path, options, {});
        if (!result.ok)
            die("demo generation failed: " + result.error.toStdString());
        const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
        figure("demo store generated (rows, rollups, indexes)", static_cast<double>(events) / seconds,
               "events/s");
        figure("demo store generated cpu", static_cast<double>(events) / (processCpuSeconds() - cpu0),
               "events/s");
        figure("store size", static_cast<double>(QFile(path).size()) / 1e6, "MB");
    }

    SqliteConnection connection;
    if (!connection.open(path, SqliteConnection::Mode::ReadOnly) ||
        !registerHogqlFunctions(connection.handle()))
        die("cannot open the store");
    sqlite3* db = connection.handle();
    const int64_t lastEvent = scalar(db, "SELECT max(timestamp) FROM events");
    const int64_t lastDay = lastEvent - lastEvent % kDay;
    auto wanted = [&](const char* name) { return only.isEmpty() || only == QLatin1String(name); };
    const int runs = 5;
    const int baselineRuns = 2; // the baselines take seconds; two runs are enough for a best time

    // --- DAU per day (TrendsQuery, math dau) over 30 days ---
    if (wanted("dau")) {
        const int64_t from = lastDay - 29 * kDay;
        const QJsonObject node{
            {QStringLiteral("kind"), QStringLiteral("TrendsQuery")},
            {QStringLiteral("series"),
             QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("EventsNode")},
                                    {QStringLiteral("event"), QStringLiteral("$pageview")},
                                    {QStringLiteral("math"), QStringLiteral("dau")}}}},
            {QStringLiteral("dateRange"), QJsonObject{{QStringLiteral("date_from"), date(from)},
                                                      {QStringLiteral("date_to"), date(lastDay)}}}};
        QJsonObject ours;
        const double oursMs = bestMs(runs, [&] { ours = run(db, node); });
        const std::string sql =
            "SELECT timestamp / 86400000000 AS day, count(DISTINCT person_id) FROM events WHERE event = "
            "'$pageview' AND timestamp >= " +
            std::to_string(from) + " AND timestamp < " + std::to_string(lastDay + kDay) +
            " GROUP BY day ORDER BY day";
        std::vector<std::vector<std::string>> base;
        const double baseMs = bestMs(baselineRuns, [&] { base = sqlRows(db, sql); });
        const QJsonArray data = ours.value(QStringLiteral("results"))
                                    .toArray()
                                    .first()
                                    .toObject()
                                    .value(QStringLiteral("data"))
                                    .toArray();
        std::map<int64_t, int64_t> expected;
        for (const auto& row : base)
            expected[std::stoll(row[0])] = std::stoll(row[1]);
        bool same = data.size() == 30;
        for (int i = 0; same && i < 30; ++i)
            same = data[i].toInteger() == expected[from / kDay + i];
        check(same, "DAU per day");
        figure("dau per day", oursMs, "ms");
        figure("dau per day baseline", baseMs, "ms");
        ratio("dau per day", baseMs / oursMs);
    }

    // --- events by $browser (TrendsQuery total, breakdown by a hot property) over the whole store ---
    if (wanted("breakdown")) {
        const int64_t from = scalar(db, "SELECT min(timestamp) FROM events") / kDay * kDay;
        const QJsonObject node{
            {QStringLiteral("kind"), QStringLiteral("TrendsQuery")},
            {QStringLiteral("series"),
             QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("EventsNode")},
                                    {QStringLiteral("event"), QStringLiteral("$pageview")}}}},
            {QStringLiteral("dateRange"), QJsonObject{{QStringLiteral("date_from"), date(from)},
                                                      {QStringLiteral("date_to"), date(lastDay)}}},
            {QStringLiteral("breakdownFilter"),
             QJsonObject{{QStringLiteral("breakdown"), QStringLiteral("$browser")}}}};
        QJsonObject ours;
        const double oursMs = bestMs(runs, [&] { ours = run(db, node); });
        const std::string sql =
            "SELECT properties ->> '$.\"$browser\"' AS browser, count(*) FROM events WHERE event = "
            "'$pageview' AND timestamp >= " +
            std::to_string(from) + " AND timestamp < " + std::to_string(lastDay + kDay) + " GROUP BY browser";
        std::vector<std::vector<std::string>> base;
        const double baseMs = bestMs(baselineRuns, [&] { base = sqlRows(db, sql); });
        std::map<std::string, int64_t> expected;
        for (const auto& row : base)
            expected[row[0].empty() ? "$$_posthog_breakdown_null_$$" : row[0]] = std::stoll(row[1]);
        std::map<std::string, int64_t> got;
        for (const QJsonValue& series : ours.value(QStringLiteral("results")).toArray())
            got[series.toObject().value(QStringLiteral("breakdown_value")).toString().toStdString()] =
                static_cast<int64_t>(series.toObject().value(QStringLiteral("count")).toDouble());
        check(got == expected, "events by $browser");
        figure("breakdown by $browser", oursMs, "ms");
        figure("breakdown by $browser baseline", baseMs, "ms");
        ratio("breakdown by $browser", baseMs / oursMs);
    }

    // --- weekly retention over 8 weeks ---
    if (wanted("retention")) {
        const int64_t lastSunday = lastDay - ((lastDay / kDay + 4) % 7) * kDay;
        const int64_t start = lastSunday - 7 * 7 * kDay;
        const int64_t end = lastSunday + 7 * kDay;
        const QJsonObject node{
            {QStringLiteral("kind"), QStringLiteral("RetentionQuery")},
            {QStringLiteral("dateRange"), QJsonObject{{QStringLiteral("date_from"), date(start)},
                                                      {QStringLiteral("date_to"), date(lastDay)}}},
            {QStringLiteral("retentionFilter"),
             QJsonObject{{QStringLiteral("period"), QStringLiteral("Week")},
                         {QStringLiteral("totalIntervals"), 8}}}};
        QJsonObject ours;
        const double oursMs = bestMs(runs, [&] { ours = run(db, node); });
        // Weeks start on Sunday: day d lies in week (d + 4) / 7 (1970-01-01 was a Thursday). The
        // person-weeks go to an indexed temporary table, then a self-join counts the returns.
        const std::string prepare =
            "DROP TABLE IF EXISTS temp.w; CREATE TEMP TABLE w AS SELECT DISTINCT person_id, (timestamp / "
            "86400000000 + 4) / 7 AS week FROM events WHERE event = '$pageview' AND timestamp >= " +
            std::to_string(start) + " AND timestamp < " + std::to_string(end) +
            "; CREATE INDEX temp.w_person ON w (person_id, week);";
        const std::string sql =
            "SELECT a.week - " + std::to_string((start / kDay + 4) / 7) +
            ", b.week - a.week, count(*) FROM w a JOIN w b ON a.person_id = b.person_id AND "
            "b.week >= a.week AND b.week - a.week < 8 GROUP BY 1, 2";
        std::vector<std::vector<std::string>> base;
        const double baseMs = bestMs(baselineRuns, [&] {
            if (sqlite3_exec(db, prepare.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
                die("baseline temp table: " + std::string(sqlite3_errmsg(db)));
            base = sqlRows(db, sql);
        });
        std::map<std::pair<int64_t, int64_t>, int64_t> expected;
        for (const auto& row : base)
            expected[{std::stoll(row[0]), std::stoll(row[1])}] = std::stoll(row[2]);
        bool same = true;
        const QJsonArray cohorts = ours.value(QStringLiteral("results")).toArray();
        same = cohorts.size() == 8;
        for (int s = 0; same && s < cohorts.size(); ++s) {
            const QJsonArray values = cohorts[s].toObject().value(QStringLiteral("values")).toArray();
            for (int k = 0; same && k < values.size(); ++k) {
                const auto it = expected.find({s, k});
                same = values[k].toObject().value(QStringLiteral("count")).toInteger() ==
                       (it == expected.end() ? 0 : it->second);
            }
        }
        check(same, "weekly retention");
        figure("retention weekly 8", oursMs, "ms");
        figure("retention weekly 8 baseline", baseMs, "ms");
        ratio("retention weekly 8", baseMs / oursMs);
    }

    // --- stickiness over 30 days ---
    if (wanted("stickiness")) {
        const int64_t from = lastDay - 29 * kDay;
        const QJsonObject node{
            {QStringLiteral("kind"), QStringLiteral("StickinessQuery")},
            {QStringLiteral("series"),
             QJsonArray{QJsonObject{{QStringLiteral("kind"), QStringLiteral("EventsNode")},
                                    {QStringLiteral("event"), QStringLiteral("$pageview")}}}},
            {QStringLiteral("dateRange"), QJsonObject{{QStringLiteral("date_from"), date(from)},
                                                      {QStringLiteral("date_to"), date(lastDay)}}}};
        QJsonObject ours;
        const double oursMs = bestMs(runs, [&] { ours = run(db, node); });
        const std::string sql =
            "SELECT n, count(*) FROM (SELECT person_id, count(DISTINCT timestamp / 86400000000) AS n "
            "FROM events WHERE event = '$pageview' AND timestamp >= " +
            std::to_string(from) + " AND timestamp < " + std::to_string(lastDay + kDay) +
            " GROUP BY person_id) GROUP BY n";
        std::vector<std::vector<std::string>> base;
        const double baseMs = bestMs(baselineRuns, [&] { base = sqlRows(db, sql); });
        std::map<int64_t, int64_t> expected;
        for (const auto& row : base)
            expected[std::stoll(row[0])] = std::stoll(row[1]);
        const QJsonArray data = ours.value(QStringLiteral("results"))
                                    .toArray()
                                    .first()
                                    .toObject()
                                    .value(QStringLiteral("data"))
                                    .toArray();
        bool same = data.size() == 30;
        for (int n = 1; same && n <= 30; ++n)
            same = data[n - 1].toInteger() == expected[n];
        check(same, "stickiness");
        figure("stickiness 30 days", oursMs, "ms");
        figure("stickiness 30 days baseline", baseMs, "ms");
        ratio("stickiness 30 days", baseMs / oursMs);
    }

    // --- top paths ($pageview, last 7 days) ---
    if (wanted("paths")) {
        const int64_t from = lastDay - 6 * kDay;
        const QJsonObject node{
            {QStringLiteral("kind"), QStringLiteral("PathsQuery")},
            {QStringLiteral("dateRange"), QJsonObject{{QStringLiteral("date_from"), date(from)},
                                                      {QStringLiteral("date_to"), date(lastDay)}}},
            {QStringLiteral("pathsFilter"),
             QJsonObject{{QStringLiteral("includeEventTypes"), QJsonArray{QStringLiteral("$pageview")}}}}};
        QJsonObject ours;
        const double oursMs = bestMs(runs, [&] { ours = run(db, node); });
        // Sessions split at gaps of 30 minutes, runs collapsed (keeping the last event's time), steps
        // numbered, consecutive steps counted as edges: window functions over the events.
        const std::string sql = "WITH ev AS (SELECT person_id, timestamp AS ts, rowid AS rid, CASE WHEN "
                                "length(u) > 1 AND substr(u, -1) = "
                                "'/' THEN substr(u, 1, length(u) - 1) ELSE u END AS item FROM (SELECT "
                                "person_id, timestamp, rowid, "
                                "coalesce(properties ->> '$.\"$current_url\"', '') AS u FROM events WHERE "
                                "event = '$pageview' AND "
                                "timestamp >= " +
                                std::to_string(from) +
                                " AND timestamp <= " + std::to_string(lastDay + kDay - 1) +
                                ")), s AS (SELECT *, CASE WHEN ts - lag(ts) OVER (PARTITION BY person_id "
                                "ORDER BY ts, rid) >= 1800000000 "
                                "THEN 1 ELSE 0 END AS brk FROM ev), s2 AS (SELECT *, sum(brk) OVER "
                                "(PARTITION BY person_id ORDER BY ts, "
                                "rid) AS session FROM s), c AS (SELECT *, lead(item) OVER (PARTITION BY "
                                "person_id, session ORDER BY ts, "
                                "rid) AS nxt FROM s2), k AS (SELECT person_id, session, item, ts, "
                                "row_number() OVER (PARTITION BY "
                                "person_id, session ORDER BY ts, rid) AS step FROM c WHERE nxt IS NULL OR "
                                "nxt <> item), e AS (SELECT "
                                "(step - 1) || '_' || lag(item) OVER w AS source, step || '_' || item AS "
                                "target, ts - lag(ts) OVER w AS "
                                "dt, step FROM k WINDOW w AS (PARTITION BY person_id, session ORDER BY "
                                "step)) SELECT source, target, "
                                "count(*), avg(dt) / 1000.0 FROM e WHERE step BETWEEN 2 AND 5 GROUP BY "
                                "source, target ORDER BY 3 DESC, "
                                "source, target LIMIT 50";
        std::vector<std::vector<std::string>> base;
        const double baseMs = bestMs(baselineRuns, [&] { base = sqlRows(db, sql); });
        // The same pruning as PostHog: keep edges whose source is reachable from a 1_ node.
        std::map<std::string, std::vector<std::string>> children;
        std::vector<std::string> stack;
        for (const auto& row : base) {
            children[row[0]].push_back(row[1]);
            if (row[0].rfind("1_", 0) == 0)
                stack.push_back(row[0]);
        }
        std::set<std::string> seen;
        while (!stack.empty()) {
            const std::string n = stack.back();
            stack.pop_back();
            seen.insert(n);
            for (const std::string& c : children[n])
                if (!seen.count(c))
                    stack.push_back(c);
        }
        std::vector<std::string> expected;
        for (const auto& row : base)
            if (seen.count(row[0]))
                expected.push_back(row[0] + " > " + row[1] + " " + row[2]);
        std::vector<std::string> got;
        for (const QJsonValue& edge : ours.value(QStringLiteral("results")).toArray()) {
            const QJsonObject e = edge.toObject();
            got.push_back(e.value(QStringLiteral("source")).toString().toStdString() + " > " +
                          e.value(QStringLiteral("target")).toString().toStdString() + " " +
                          std::to_string(e.value(QStringLiteral("value")).toInteger()));
        }
        check(got == expected && !got.empty(), "top paths");
        figure("top paths 7 days", oursMs, "ms");
        figure("top paths 7 days baseline", baseMs, "ms");
        ratio("top paths 7 days", baseMs / oursMs);
    }

    // --- person search ---
    if (wanted("search")) {
        const QJsonObject node{{QStringLiteral("kind"), QStringLiteral("ActorsQuery")},
                               {QStringLiteral("select"), QJsonArray{QStringLiteral("id")}},
                               {QStringLiteral("search"), QStringLiteral("grace.silva")},
                               {QStringLiteral("orderBy"), QJsonArray{QStringLiteral("created_at DESC")}},
                               {QStringLiteral("limit"), 100}};
        QJsonObject ours;
        const double oursMs = bestMs(runs, [&] { ours = run(db, node); });
        const std::string pattern = "'%grace.silva%'";
        const std::string sql =
            "SELECT id FROM persons WHERE properties ->> '$.email' LIKE " + pattern +
            " OR properties ->> '$.name' LIKE " + pattern + " OR id LIKE " + pattern +
            " OR id IN (SELECT person_id FROM person_distinct_ids WHERE distinct_id LIKE " + pattern +
            ") ORDER BY created_at DESC LIMIT 100";
        std::vector<std::vector<std::string>> base;
        const double baseMs = bestMs(baselineRuns, [&] { base = sqlRows(db, sql); });
        std::vector<std::string> got;
        for (const QJsonValue& row : ours.value(QStringLiteral("results")).toArray())
            got.push_back(row[0].toString().toStdString());
        std::vector<std::string> expected;
        for (const auto& row : base)
            expected.push_back(row[0]);
        check(got == expected && !got.empty(), "person search");
        figure("person search", oursMs, "ms");
        figure("person search baseline", baseMs, "ms");
        ratio("person search", baseMs / oursMs);
    }

    // --- compile time per query ---
    if (wanted("compile")) {
        const QStringList queries = {
            QStringLiteral("SELECT event, count() AS n FROM events GROUP BY event ORDER BY n DESC"),
            QStringLiteral("SELECT toStartOfDay(timestamp) AS day, uniq(person_id) FROM events WHERE event = "
                           "'$pageview' "
                           "AND timestamp > now() - INTERVAL 30 DAY GROUP BY day ORDER BY day"),
            QStringLiteral(
                "SELECT properties.$browser AS browser, count() FROM events WHERE properties.$current_url "
                "ILIKE '%files%' GROUP BY browser ORDER BY count() DESC LIMIT 10"),
            QStringLiteral(
                "SELECT distinct_id, person.properties.email, timestamp FROM events WHERE event IN "
                "('signup_completed', 'upgrade_plan') ORDER BY timestamp DESC"),
        };
        CompileOptions options;
        options.nowMicros = lastEvent;
        const int iterations = 2000;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < iterations; ++i) {
            for (const QString& q : queries) {
                if (!std::holds_alternative<CompiledQuery>(compileHogQL(q, options)))
                    die("a benchmark query does not compile");
            }
        }
        figure("compile", static_cast<double>(timer.nsecsElapsed()) / 1e3 / (iterations * queries.size()),
               "us/query");
    }

    // --- import of PostHog export files ---
    if (wanted("import"))
        importCase(db, dir.path());

    // --- a 50,000-row response, serialised ---
    if (wanted("serialise")) {
        const QJsonObject node{
            {QStringLiteral("kind"), QStringLiteral("HogQLQuery")},
            {QStringLiteral("query"),
             QStringLiteral("SELECT uuid, event, timestamp, distinct_id, properties.$browser, "
                            "properties.$current_url, person_id FROM events LIMIT 50000")}};
        QueryExecution execution;
        const QueryOutcome outcome = QueryRunner::run(db, node, execution);
        if (outcome.status != QueryOutcome::Status::Ok)
            die("50k-row query failed: " + outcome.message.toStdString());
        QByteArray bytes;
        const double oursMs = bestMs(runs, [&] { bytes = outcome.responseJson(); });
        // The baseline: the same response as a QJsonObject written by QJsonDocument.
        const QJsonObject object = outcome.responseObject();
        QByteArray viaQt;
        const double qtMs = bestMs(3, [&] { viaQt = QJsonDocument(object).toJson(QJsonDocument::Compact); });
        check(QJsonDocument::fromJson(bytes).object() == object, "50k-row response");
        figure("serialise 50k rows", static_cast<double>(bytes.size()) / 1e6 / (oursMs / 1e3), "MB/s");
        figure("serialise 50k rows size", static_cast<double>(bytes.size()) / 1e6, "MB");
        figure("serialise 50k rows QJsonDocument", static_cast<double>(viaQt.size()) / 1e6 / (qtMs / 1e3),
               "MB/s");
        ratio("serialise 50k rows vs QJsonDocument", qtMs / oursMs);
    }
    return 0;
}
