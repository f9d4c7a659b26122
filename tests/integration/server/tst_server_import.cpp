// `hogscope-server import` of PostHog export files (JSON Lines and CSV): a small dataset written out
// below, imported into new stores, then read back over HTTP from a served store; re-imports, every
// kind of bad file (the exact line and field reported, the store left as it was), --skip-bad, a
// SIGKILL in the middle of a large import (the store whole, as it was before) and among its index
// builds (every row there, the missing indexes built by the server or the next import), and the
// read-ahead thread's batches (file order, bad lines in place).
//
// The dataset is one table (kEvents, kPersons) rendered to both formats, so the JSON Lines and CSV
// stores must come out identical. Expected counts are computed from the table; expected persons,
// sessions and query rows are written out by hand.

#include "local/event_read_ahead.h"
#include "local/import_records.h"
#include "local/sqlite_connection.h"
#include "local/store_schema.h"
#include "server_test_support.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <csignal>
#include <iterator>

using namespace hogscope::local;
using namespace servertest;

// moc skips the data and the test bodies: its tokenizer trips over some of the raw strings.
#ifndef Q_MOC_RUN
namespace {

const QByteArray kToken = "phx_import_test_token_0123456789";

QString personId(char n)
{
    return QStringLiteral("00000000-0000-4000-8000-0000000000a") + QLatin1Char(n);
}

// ---- The dataset -----------------------------------------------------------------------------------

struct EventRow
{
    const char* uuid;
    const char* event;
    const char* distinctId;
    const char* timestamp;
    const char* properties; // JSON text, nullptr: no properties field / empty cell
    const char* personId;   // nullptr: none
    const char* elementsChain;
};

// e06 names P2 as its person, but carol belongs to P3 by the persons file: the mapping wins.
// dave has no person until e07 names P4; erin gets a new (derived) person. Line 9 repeats e01.
const EventRow kEvents[] = {
    {"01900000-0000-7000-8000-000000000e01", "$pageview", "alice", "2026-03-01T10:00:00Z",
     R"({"$current_url":"https://x.io/","$pathname":"/","$browser":"Chrome","$referring_domain":"google.com","$session_id":"s1"})",
     nullptr, nullptr},
    {"01900000-0000-7000-8000-000000000e02", "$pageview", "anon-1", "2026-03-01T10:05:00.5Z",
     R"({"$current_url":"https://x.io/pricing","$pathname":"/pricing","$browser":"Chrome","$session_id":"s1"})",
     nullptr, nullptr},
    {"01900000-0000-7000-8000-000000000e03", "signup", "alice", "2026-03-01T10:10:00+00:00",
     R"({"plan":"pro","$session_id":"s1"})", nullptr, nullptr},
    {"01900000-0000-7000-8000-000000000e04", "$pageview", "bob", "2026-03-02T09:00:00Z",
     R"({"$current_url":"https://x.io/files","$pathname":"/files","$browser":"Safari","$session_id":"s2"})",
     nullptr, nullptr},
    {"01900000-0000-7000-8000-000000000E05", "$autocapture", "bob", "2026-03-02 09:01:00",
     R"({"$event_type":"click","$current_url":"https://x.io/files","$session_id":"s2"})", nullptr,
     "button.btn:text=\"Upload\"\nnth-child=\"1\""},
    {"01900000-0000-7000-8000-000000000e06", "file_uploaded", "carol", "2026-03-02T12:00:00Z",
     R"({"file_type":"pdf","size":1.50,"tags":["a", "b"],"note":"caf\u00e9 \"quoted\", too"})",
     "00000000-0000-4000-8000-0000000000a2", nullptr},
    {"01900000-0000-7000-8000-000000000e07", "$pageview", "dave", "2026-03-03T08:00:00Z",
     R"({"$browser":"Firefox","$current_url":"https://x.io/"})", "00000000-0000-4000-8000-0000000000A4",
     nullptr},
    {"01900000-0000-7000-8000-000000000e08", "$pageview", "erin", "2026-03-03T09:00:00+01:00",
     R"({"$browser":"Firefox"})", nullptr, nullptr},
    {"01900000-0000-7000-8000-000000000e01", "$pageview", "alice", "2026-03-01T10:00:00Z", R"({})", nullptr,
     nullptr},
    {"01900000-0000-7000-8000-000000000e09", "$pageview", "dave", "2026-03-04T10:00:00Z", nullptr, nullptr,
     nullptr},
};

struct PersonRow
{
    const char* id;
    const char* distinctIds; // JSON array text
    const char* properties;  // JSON text, nullptr: null / empty cell
    const char* createdAt;
    bool identified;
};

const PersonRow kPersons[] = {
    {"00000000-0000-4000-8000-0000000000a1", R"(["alice","anon-1"])",
     R"({"email":"alice@example.com","name":"Alice"})", "2026-03-01T09:00:00Z", true},
    {"00000000-0000-4000-8000-0000000000a2", R"(["bob"])", R"({"email":"bob@example.com","plan":"pro"})",
     "2026-03-02T08:00:00Z", true},
    {"00000000-0000-4000-8000-0000000000A3", R"(["carol"])", nullptr, "2026-03-02 08:30:00", false},
};

qint64 distinctEventUuids()
{
    QSet<QString> uuids;
    for (const EventRow& e : kEvents)
        uuids.insert(QString::fromLatin1(e.uuid).toLower());
    return uuids.size();
}

QByteArray jsonString(const char* text)
{
    // Enough for the dataset: quotes, backslashes and newlines.
    QByteArray out = "\"";
    for (const char* c = text; *c; ++c) {
        if (*c == '"' || *c == '\\')
            out += '\\';
        if (*c == '\n')
            out += "\\n";
        else
            out += *c;
    }
    return out + '"';
}

QByteArray csvCell(const char* text)
{
    if (!text)
        return {};
    QByteArray value(text);
    if (value.contains(',') || value.contains('"') || value.contains('\n'))
        return '"' + value.replace("\"", "\"\"") + '"';
    return value;
}

QByteArray eventsJsonLines()
{
    QByteArray out;
    for (const EventRow& e : kEvents) {
        out += "{\"uuid\":" + jsonString(e.uuid) + ",\"event\":" + jsonString(e.event) +
               ",\"distinct_id\":" + jsonString(e.distinctId) + ",\"timestamp\":" + jsonString(e.timestamp);
        if (e.properties)
            out += QByteArray(",\"properties\":") + e.properties;
        if (e.personId)
            out += ",\"person_id\":" + jsonString(e.personId);
        if (e.elementsChain)
            out += ",\"elements_chain\":" + jsonString(e.elementsChain);
        out += "}\n";
    }
    return out;
}

QByteArray personsJsonLines()
{
    QByteArray out;
    for (const PersonRow& p : kPersons) {
        // Members in another order than the events', and a blank line between persons.
        out += QByteArray("{\"distinct_ids\":") + p.distinctIds + ",\"id\":" + jsonString(p.id) +
               ",\"properties\":" + (p.properties ? p.properties : "null") +
               ",\"created_at\":" + jsonString(p.createdAt) +
               ",\"is_identified\":" + (p.identified ? "true" : "false") + "}\n\n";
    }
    return out;
}

QByteArray eventsCsv()
{
    QByteArray out = "uuid,event,distinct_id,timestamp,properties,person_id,elements_chain\r\n";
    for (const EventRow& e : kEvents) {
        out += csvCell(e.uuid) + ',' + csvCell(e.event) + ',' + csvCell(e.distinctId) + ',' +
               csvCell(e.timestamp) + ',' + csvCell(e.properties) + ',' + csvCell(e.personId) + ',' +
               csvCell(e.elementsChain) + "\r\n";
    }
    return out;
}

QByteArray personsCsv()
{
    // Columns in another order, and one the importer does not know.
    QByteArray out = "created_at,id,is_identified,distinct_ids,properties,team_id\n";
    for (const PersonRow& p : kPersons) {
        out += csvCell(p.createdAt) + ',' + csvCell(p.id) + ',' + (p.identified ? "true" : "false") + ',' +
               csvCell(p.distinctIds) + ',' + csvCell(p.properties) + ",1\n";
    }
    return out;
}

// ---- Helpers ---------------------------------------------------------------------------------------

struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run importFiles(const QString& db, const QString& events, const QString& persons, bool skipBad = false)
{
    QStringList args{QStringLiteral("import"), QStringLiteral("--db"), db};
    if (!events.isEmpty())
        args << QStringLiteral("--events") << events;
    if (!persons.isEmpty())
        args << QStringLiteral("--persons") << persons;
    if (skipBad)
        args << QStringLiteral("--skip-bad");
    QProcess process;
    process.start(qEnvironmentVariable("HOGSCOPE_SERVER"), args);
    Run run;
    if (!process.waitForFinished(120000)) {
        process.kill();
        process.waitForFinished();
        return run;
    }
    run.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = QString::fromUtf8(process.readAllStandardOutput());
    run.err = QString::fromUtf8(process.readAllStandardError());
    return run;
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QStringList rows(sqlite3* db, const QString& sql)
{
    QStringList out;
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db, sql.toUtf8().constData(), -1, &stmt, nullptr) != SQLITE_OK)
        return {QStringLiteral("SQL error: ") + QString::fromUtf8(sqlite3_errmsg(db))};
    while (sqlite3_step(stmt) == SQLITE_ROW) {
        QStringList cells;
        for (int c = 0; c < sqlite3_column_count(stmt); ++c) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
            cells.append(text ? QString::fromUtf8(text) : QStringLiteral("NULL"));
        }
        out.append(cells.join(QLatin1Char('|')));
    }
    sqlite3_finalize(stmt);
    return out;
}

QStringList storeRows(const QString& path, const QString& sql)
{
    SqliteConnection db;
    if (!db.open(path, SqliteConnection::Mode::ReadOnly))
        return {db.errorString()};
    return rows(db.handle(), sql);
}

qint64 storeCount(const QString& path, const char* table)
{
    const QStringList r =
        storeRows(path, QStringLiteral("SELECT count(*) FROM %1").arg(QLatin1String(table)));
    return r.size() == 1 ? r.front().toLongLong() : -1;
}

// Every row of every table and the schema: equal fingerprints mean equal stores.
QString fingerprint(const QString& path)
{
    SqliteConnection db;
    if (!db.open(path, SqliteConnection::Mode::ReadOnly))
        return db.errorString();
    QString out;
    for (const QString& table :
         rows(db.handle(), QStringLiteral("SELECT name FROM sqlite_schema WHERE type = "
                                          "'table' AND name NOT LIKE 'sqlite_%' ORDER BY "
                                          "name"))) {
        out += table + QLatin1Char('\n');
        QStringList content = rows(db.handle(), QStringLiteral("SELECT * FROM \"%1\"").arg(table));
        content.sort(); // the same rows, whatever order they were written in
        out += content.join(QLatin1Char('\n'));
        out += QLatin1Char('\n');
    }
    out += rows(db.handle(), QStringLiteral("SELECT type, name, sql FROM sqlite_schema ORDER BY name"))
               .join(QLatin1Char('\n'));
    return out;
}

// What SQLite's JSON functions read for hot property `index` from `properties` (hs_prop's rules:
// strings unescaped, null or missing as NULL, anything else as its JSON text).
QString hotFromJson(size_t index)
{
    const QString path = QStringLiteral("'$.\"%1\"'")
                             .arg(QLatin1String(store::kHotProperties[index].key.data(),
                                                qsizetype(store::kHotProperties[index].key.size())));
    return QStringLiteral("(CASE json_type(properties, %1) WHEN 'text' THEN properties ->> %1 WHEN 'null' "
                          "THEN NULL ELSE properties -> %1 END)")
        .arg(path);
}

QString hotColumn(size_t index)
{
    return QStringLiteral("\"%1\"").arg(QLatin1String(store::kHotProperties[index].column.data(),
                                                      qsizetype(store::kHotProperties[index].column.size())));
}

// Rows of `path` whose stored hot columns differ from what SQLite reads from their properties.
qint64 hotMismatches(const QString& path)
{
    QString where;
    for (size_t i = 0; i < store::kHotProperties.size(); ++i)
        where += (i ? QStringLiteral(" OR ") : QString()) + hotColumn(i) + QStringLiteral(" IS NOT ") +
                 hotFromJson(i);
    const QStringList r = storeRows(path, QStringLiteral("SELECT count(*) FROM events WHERE ") + where);
    return r.size() == 1 ? r.front().toLongLong() : -1;
}

} // namespace
#endif // Q_MOC_RUN

class TestServerImport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void importReport_data();
    void importReport();
    void csvEqualsJsonLines();
    void personsLinked();
    void sessionsDerived();
    void rollupsMatchEvents();
    void eventsOverHttp();
    void personsOverHttp();
    void reimportAddsNothing_data();
    void reimportAddsNothing();
    void addsToExistingStore();
    void personsAfterEvents();
    void badFile_data();
    void badFile();
    void failedImportCreatesNoStore();
    void skipBad();
    void usage();
    void killedImport();
    void killedNewStoreImport();
    void killedWhileIndexing();
    void readAheadKeepsFileOrder();
    void customIndexesAroundRebuild();
    void hotColumnsMatchProperties();
    void hotColumnsFilledForOtherWriters();
    void upgradesVersion2Store();

private:
    QString path(const QString& name) const { return m_dir.filePath(name); }
    QString newStore(const QString& name);

    QTemporaryDir m_dir;
    QString m_jsonlStore;
    QString m_csvStore;
    Run m_jsonlRun;
    Run m_csvRun;
    ServerProcess m_server;
    QUrl m_base;
    QNetworkAccessManager m_nam;
};

#ifndef Q_MOC_RUN
QString TestServerImport::newStore(const QString& name)
{
    const QString store = path(name);
    const Run run =
        importFiles(store, path(QStringLiteral("events.jsonl")), path(QStringLiteral("persons.jsonl")));
    return run.exitCode == 0 ? store : QString();
}

void TestServerImport::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QVERIFY(!qEnvironmentVariable("HOGSCOPE_SERVER").isEmpty());
    QVERIFY(writeFile(path(QStringLiteral("events.jsonl")), eventsJsonLines()));
    QVERIFY(writeFile(path(QStringLiteral("persons.jsonl")), personsJsonLines()));
    QVERIFY(writeFile(path(QStringLiteral("events.csv")), eventsCsv()));
    QVERIFY(writeFile(path(QStringLiteral("persons.csv")), personsCsv()));

    m_jsonlStore = path(QStringLiteral("jsonl.db"));
    m_jsonlRun = importFiles(m_jsonlStore, path(QStringLiteral("events.jsonl")),
                             path(QStringLiteral("persons.jsonl")));
    QVERIFY2(m_jsonlRun.exitCode == 0, qPrintable(m_jsonlRun.err));
    m_csvStore = path(QStringLiteral("csv.db"));
    m_csvRun =
        importFiles(m_csvStore, path(QStringLiteral("events.csv")), path(QStringLiteral("persons.csv")));
    QVERIFY2(m_csvRun.exitCode == 0, qPrintable(m_csvRun.err));

    m_base = m_server.start(m_jsonlStore, kToken);
    QVERIFY2(m_base.isValid(), qPrintable(m_server.lastError));
}

void TestServerImport::cleanupTestCase()
{
    m_server.stop();
}

void TestServerImport::importReport_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("json lines") << QStringLiteral("jsonl");
    QTest::newRow("csv") << QStringLiteral("csv");
}

void TestServerImport::importReport()
{
    QFETCH(QString, format);
    const Run& run = format == QLatin1String("csv") ? m_csvRun : m_jsonlRun;
    const QString store = format == QLatin1String("csv") ? m_csvStore : m_jsonlStore;
    // 10 event lines, one of them a repeat; 3 persons.
    const qint64 lines = qint64(std::size(kEvents));
    const qint64 unique = distinctEventUuids();
    QCOMPARE(unique, qint64(9));
    const QString expected = QStringLiteral("persons: %1 imported, 0 duplicate, 0 skipped (%2)\n"
                                            "events: %3 imported, %4 duplicate, 0 skipped (%5)\n")
                                 .arg(std::size(kPersons))
                                 .arg(path(QStringLiteral("persons.") + format))
                                 .arg(unique)
                                 .arg(lines - unique)
                                 .arg(path(QStringLiteral("events.") + format));
    QCOMPARE(run.out, expected);
    QVERIFY2(run.err.contains(QStringLiteral(", new store")), qPrintable(run.err));
    QCOMPARE(storeCount(store, "events"), unique);
    // The three of the file, P4 named by e07, and erin's derived person.
    QCOMPARE(storeCount(store, "persons"), qint64(5));
    QCOMPARE(storeRows(store, QStringLiteral("PRAGMA integrity_check")), QStringList{QStringLiteral("ok")});
    QCOMPARE(storeRows(store, QStringLiteral("PRAGMA journal_mode")), QStringList{QStringLiteral("wal")});
    QCOMPARE(storeRows(store, QStringLiteral("SELECT value FROM store_meta WHERE key = 'schema_version'")),
             QStringList{QString::number(store::kSchemaVersion)});
    // Every index of the schema is there (built at the end of the import).
    QCOMPARE(
        storeRows(store, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS "
                                        "NOT NULL")),
        QStringList{QStringLiteral("13")});
}

void TestServerImport::csvEqualsJsonLines()
{
    const QString jsonl = fingerprint(m_jsonlStore);
    QVERIFY(jsonl.size() > 1000);
    QCOMPARE(fingerprint(m_csvStore), jsonl);
}

void TestServerImport::personsLinked()
{
    // Distinct ids to persons: the file's mapping, e07's person_id for dave, a derived one for erin.
    const QStringList mapping = storeRows(
        m_jsonlStore,
        QStringLiteral("SELECT distinct_id, person_id FROM person_distinct_ids ORDER BY distinct_id"));
    QCOMPARE(mapping.size(), 6);
    QCOMPARE(mapping.mid(0, 5),
             (QStringList{QStringLiteral("alice|") + personId('1'), QStringLiteral("anon-1|") + personId('1'),
                          QStringLiteral("bob|") + personId('2'), QStringLiteral("carol|") + personId('3'),
                          QStringLiteral("dave|") + personId('4')}));
    const QString erin = mapping[5].section(QLatin1Char('|'), 1);
    QVERIFY(mapping[5].startsWith(QStringLiteral("erin|")));
    QVERIFY(erin.size() == 36 && !erin.startsWith(QStringLiteral("00000000-0000-4000-8000-0000000000a")));
    // Each event carries its distinct id's person (carol's e06 too, though its person_id said P2).
    QCOMPARE(storeRows(m_jsonlStore, QStringLiteral("SELECT uuid, person_id FROM events ORDER BY uuid")),
             (QStringList{QStringLiteral("01900000-0000-7000-8000-000000000e01|") + personId('1'),
                          QStringLiteral("01900000-0000-7000-8000-000000000e02|") + personId('1'),
                          QStringLiteral("01900000-0000-7000-8000-000000000e03|") + personId('1'),
                          QStringLiteral("01900000-0000-7000-8000-000000000e04|") + personId('2'),
                          QStringLiteral("01900000-0000-7000-8000-000000000e05|") + personId('2'),
                          QStringLiteral("01900000-0000-7000-8000-000000000e06|") + personId('3'),
                          QStringLiteral("01900000-0000-7000-8000-000000000e07|") + personId('4'),
                          QStringLiteral("01900000-0000-7000-8000-000000000e08|") + erin,
                          QStringLiteral("01900000-0000-7000-8000-000000000e09|") + personId('4')}));
    // Persons as the file gave them (ids lower-cased, null properties as {}); P4 and erin's made
    // at their first event.
    QCOMPARE(storeRows(
                 m_jsonlStore,
                 QStringLiteral("SELECT id, created_at, properties, is_identified FROM persons ORDER BY id")),
             (QStringList{personId('1') + QStringLiteral("|1772355600000000|"
                                                         R"({"email":"alice@example.com","name":"Alice"}|1)"),
                          personId('2') + QStringLiteral("|1772438400000000|"
                                                         R"({"email":"bob@example.com","plan":"pro"}|1)"),
                          personId('3') + QStringLiteral("|1772440200000000|{}|0"),
                          personId('4') + QStringLiteral("|1772524800000000|{}|0"),
                          erin + QStringLiteral("|1772524800000000|{}|0")}));
}

void TestServerImport::sessionsDerived()
{
    // s1: alice's three events from 10:00 to 10:10 (anon-1 is alice too); s2: bob's two.
    QCOMPARE(storeRows(m_jsonlStore, QStringLiteral("SELECT * FROM sessions ORDER BY session_id")),
             (QStringList{
                 QStringLiteral("s1|alice|") + personId('1') +
                     QStringLiteral("|1772359200000000|1772359800000000|https://x.io/|/|https://x.io/"
                                    "pricing|google.com|2|0|600"),
                 QStringLiteral("s2|bob|") + personId('2') +
                     QStringLiteral("|1772442000000000|1772442060000000|https://x.io/files|/files|https://"
                                    "x.io/files|NULL|1|1|60")}));
}

void TestServerImport::rollupsMatchEvents()
{
    // The rollups kept at import equal the ones recomputed from the events by plain SQL.
    SqliteConnection db;
    QVERIFY(db.open(m_jsonlStore, SqliteConnection::Mode::ReadWrite));
    const QString sql = QStringLiteral("SELECT 'p', event, day, person_id, events FROM rollup_person_days "
                                       "UNION ALL SELECT 'e', event, day, '', "
                                       "events FROM rollup_event_days UNION ALL SELECT 'v', event || "
                                       "property, day, value_is_null || value, events "
                                       "FROM rollup_property_days ORDER BY 1, 2, 3, 4");
    const QStringList kept = rows(db.handle(), sql);
    QVERIFY(db.exec("BEGIN"));
    QString error;
    QVERIFY2(store::rebuildRollups(db.handle(), &error), qPrintable(error));
    const QStringList rebuilt = rows(db.handle(), sql);
    QVERIFY(db.exec("ROLLBACK"));
    QCOMPARE(kept, rebuilt);
    QCOMPARE(rows(db.handle(), QStringLiteral("SELECT sum(events) FROM rollup_event_days")),
             QStringList{QString::number(distinctEventUuids())});
}

void TestServerImport::eventsOverHttp()
{
    QJsonObject body{
        {QStringLiteral("query"),
         QJsonObject{{QStringLiteral("kind"), QStringLiteral("HogQLQuery")},
                     {QStringLiteral("query"),
                      QStringLiteral("SELECT uuid, event, distinct_id, properties.$browser, "
                                     "properties.note, person.properties.email, elements_chain FROM "
                                     "events ORDER BY timestamp, uuid")}}}};
    const Response r = send(m_nam, "POST", urlFor(m_base, QStringLiteral("/api/environments/1/query/")),
                            kToken, QJsonDocument(body).toJson());
    QVERIFY2(r.status == 200, r.raw.constData());
    QStringList got;
    for (const QJsonValue& row : r.body.value(QStringLiteral("results")).toArray()) {
        QStringList cells;
        for (const QJsonValue& cell : row.toArray())
            cells.append(cell.isNull() ? QStringLiteral("null") : cell.toString());
        got.append(cells.join(QLatin1Char('|')));
    }
    const QString a = QStringLiteral("alice@example.com");
    const QString b = QStringLiteral("bob@example.com");
    QCOMPARE(got,
             (QStringList{
                 QStringLiteral("01900000-0000-7000-8000-000000000e01|$pageview|alice|Chrome|null|") + a +
                     QLatin1Char('|'),
                 QStringLiteral("01900000-0000-7000-8000-000000000e02|$pageview|anon-1|Chrome|null|") + a +
                     QLatin1Char('|'),
                 QStringLiteral("01900000-0000-7000-8000-000000000e03|signup|alice|null|null|") + a +
                     QLatin1Char('|'),
                 QStringLiteral("01900000-0000-7000-8000-000000000e04|$pageview|bob|Safari|null|") + b +
                     QLatin1Char('|'),
                 QStringLiteral("01900000-0000-7000-8000-000000000e05|$autocapture|bob|null|null|") + b +
                     QStringLiteral("|button.btn:text=\"Upload\"\nnth-child=\"1\""),
                 QStringLiteral("01900000-0000-7000-8000-000000000e06|file_uploaded|carol|null|") +
                     QString::fromUtf8("café \"quoted\", too") + QStringLiteral("|null|"),
                 QStringLiteral("01900000-0000-7000-8000-000000000e07|$pageview|dave|Firefox|null|null|"),
                 QStringLiteral("01900000-0000-7000-8000-000000000e08|$pageview|erin|Firefox|null|null|"),
                 QStringLiteral("01900000-0000-7000-8000-000000000e09|$pageview|dave|null|null|null|"),
             }));
}

void TestServerImport::personsOverHttp()
{
    struct Expect
    {
        const char* distinctId;
        QString id;
        QStringList distinctIds;
        QString email;
    };
    const Expect expects[] = {
        {"anon-1",
         personId('1'),
         {QStringLiteral("alice"), QStringLiteral("anon-1")},
         QStringLiteral("alice@example.com")},
        {"carol", personId('3'), {QStringLiteral("carol")}, QString()},
        {"dave", personId('4'), {QStringLiteral("dave")}, QString()},
    };
    for (const Expect& e : expects) {
        const Response r = send(m_nam, "GET",
                                urlFor(m_base, QStringLiteral("/api/projects/1/persons/?distinct_id=%1")
                                                   .arg(QLatin1String(e.distinctId))),
                                kToken);
        QVERIFY2(r.status == 200, r.raw.constData());
        const QJsonArray results = r.body.value(QStringLiteral("results")).toArray();
        QCOMPARE(results.size(), 1);
        const QJsonObject person = results[0].toObject();
        QCOMPARE(person.value(QStringLiteral("id")).toString(), e.id);
        QStringList ids;
        for (const QJsonValue& id : person.value(QStringLiteral("distinct_ids")).toArray())
            ids.append(id.toString());
        ids.sort();
        QCOMPARE(ids, e.distinctIds);
        QCOMPARE(
            person.value(QStringLiteral("properties")).toObject().value(QStringLiteral("email")).toString(),
            e.email);
    }
}

void TestServerImport::reimportAddsNothing_data()
{
    QTest::addColumn<QString>("format");
    QTest::newRow("json lines") << QStringLiteral("jsonl");
    QTest::newRow("csv") << QStringLiteral("csv");
}

void TestServerImport::reimportAddsNothing()
{
    // Again into the served store (its readers run beside the import), in either format.
    QFETCH(QString, format);
    const QString before = fingerprint(m_jsonlStore);
    const QString events = path(QStringLiteral("events.") + format);
    const QString persons = path(QStringLiteral("persons.") + format);
    const Run run = importFiles(m_jsonlStore, events, persons);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, QStringLiteral("persons: 0 imported, 3 duplicate, 0 skipped (%1)\n"
                                     "events: 0 imported, 10 duplicate, 0 skipped (%2)\n")
                          .arg(persons, events));
    QCOMPARE(fingerprint(m_jsonlStore), before);
    // The WAL was folded into the file: no file as large as the import stays behind.
    QVERIFY(QFileInfo(m_jsonlStore + QStringLiteral("-wal")).size() == 0);
}

void TestServerImport::addsToExistingStore()
{
    // New events for known and unknown distinct ids, into an existing store: they land beside the
    // old ones, with persons linked and the session s1 extended.
    const QString store = newStore(QStringLiteral("add.db"));
    QVERIFY(!store.isEmpty());
    const QString file = path(QStringLiteral("more.jsonl"));
    QVERIFY(writeFile(
        file,
        R"({"uuid":"01900000-0000-7000-8000-000000000f01","event":"$pageview","distinct_id":"alice","timestamp":"2026-03-01T09:59:00Z","properties":{"$current_url":"https://x.io/start","$pathname":"/start","$session_id":"s1"}}
{"uuid":"01900000-0000-7000-8000-000000000f02","event":"$pageview","distinct_id":"anon-1","timestamp":"2026-03-01T10:30:00Z","properties":{"$current_url":"https://x.io/end","$session_id":"s1"}}
{"uuid":"01900000-0000-7000-8000-000000000f03","event":"logout","distinct_id":"frank","timestamp":"2026-03-05T10:00:00Z"}
)"));
    const Run run = importFiles(store, file, QString());
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, QStringLiteral("events: 3 imported, 0 duplicate, 0 skipped (%1)\n").arg(file));
    QCOMPARE(storeCount(store, "events"), distinctEventUuids() + 3);
    QCOMPARE(storeCount(store, "persons"), qint64(6));
    QCOMPARE(
        storeRows(store, QStringLiteral("SELECT person_id FROM events WHERE uuid LIKE '%f0_' ORDER BY uuid"))
            .mid(0, 2),
        (QStringList{personId('1'), personId('1')}));
    QCOMPARE(
        storeRows(store, QStringLiteral("SELECT start_timestamp, end_timestamp, entry_current_url, "
                                        "end_current_url, pageview_count, duration_seconds FROM sessions "
                                        "WHERE session_id = 's1'")),
        QStringList{
            QStringLiteral("1772359140000000|1772361000000000|https://x.io/start|https://x.io/end|4|1860")});
    QCOMPARE(
        storeRows(store, QStringLiteral("SELECT events FROM rollup_event_days WHERE event = '$pageview' AND "
                                        "day = 20513")),
        QStringList{QStringLiteral("4")});
}

void TestServerImport::personsAfterEvents()
{
    // Events first: their distinct ids get persons made for them (carol the P2 that e06 names). The
    // persons file after that takes alice, anon-1, bob and carol to its persons, with their events,
    // sessions and rollups, and the persons left without a distinct id go: the store ends exactly
    // as if the persons had come first.
    const QString store = path(QStringLiteral("late-persons.db"));
    const Run events = importFiles(store, path(QStringLiteral("events.jsonl")), QString());
    QVERIFY2(events.exitCode == 0, qPrintable(events.err));
    QCOMPARE(storeCount(store, "persons"), qint64(6));
    QCOMPARE(storeRows(store, QStringLiteral("SELECT person_id FROM events WHERE distinct_id = 'carol'")),
             QStringList{personId('2')});
    const QString persons = path(QStringLiteral("persons.jsonl"));
    const Run run = importFiles(store, QString(), persons);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(run.out, QStringLiteral("persons: 2 imported, 1 duplicate, 0 skipped (%1)\n").arg(persons));
    QCOMPARE(storeCount(store, "persons"), qint64(5));
    QCOMPARE(fingerprint(store), fingerprint(m_jsonlStore));
}

void TestServerImport::badFile_data()
{
    QTest::addColumn<QString>("kind"); // events or persons
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("content"); // empty name + no content: the file is not written
    QTest::addColumn<QString>("expected");   // %1: the file's path

    const QByteArray good1 =
        R"({"uuid":"01900000-0000-7000-8000-00000000b001","event":"x","distinct_id":"z","timestamp":"2026-03-05T10:00:00Z"})"
        "\n";
    const QByteArray good2 =
        R"({"uuid":"01900000-0000-7000-8000-00000000b002","event":"x","distinct_id":"z","timestamp":"2026-03-05T10:01:00Z","properties":{"a":1}})"
        "\n";
    QTest::newRow("bad json") << "events"
                              << "bad.jsonl"
                              << good1 + R"({"uuid":"01900000-0000-7000-8000-00000000b003","event":)"
                                         "\n"
                              << "%1:2: not valid JSON";
    QTest::newRow("invalid utf-8")
        << "events"
        << "utf8.jsonl"
        << good1 + good2 +
               "{\"uuid\":\"01900000-0000-7000-8000-00000000b003\",\"event\":\"\xff\","
               "\"distinct_id\":\"z\",\"timestamp\":\"2026-03-05T10:00:00Z\"}\n"
        << "%1:3: not valid JSON";
    QTest::newRow("not an object") << "events"
                                   << "array.jsonl" << QByteArray("[1, 2]\n") + good1
                                   << "%1:1: not a JSON object";
    QTest::newRow("missing field")
        << "events"
        << "missing.jsonl"
        << good1 + good2 +
               R"({"uuid":"01900000-0000-7000-8000-00000000b003","event":"x","timestamp":"2026-03-05T10:00:00Z"})"
               "\n"
        << "%1:3: field 'distinct_id': missing";
    QTest::newRow("bad timestamp")
        << "events"
        << "time.jsonl"
        << good1 +
               R"({"uuid":"01900000-0000-7000-8000-00000000b003","event":"x","distinct_id":"z","timestamp":"2026-13-01T00:00:00Z"})"
               "\n"
        << "%1:2: field 'timestamp': not an ISO 8601 time: '2026-13-01T00:00:00Z'";
    QTest::newRow("timestamp not a string")
        << "events"
        << "epoch.jsonl"
        << QByteArray(
               R"({"uuid":"01900000-0000-7000-8000-00000000b003","event":"x","distinct_id":"z","timestamp":1772359200})"
               "\n")
        << "%1:1: field 'timestamp': not a string";
    QTest::newRow("properties not an object")
        << "events"
        << "props.jsonl"
        << QByteArray(
               R"({"uuid":"01900000-0000-7000-8000-00000000b003","event":"x","distinct_id":"z","timestamp":"2026-03-05T10:00:00Z","properties":"{\"a\":1}"})"
               "\n")
        << "%1:1: field 'properties': not a JSON object";
    QTest::newRow("bad uuid")
        << "events"
        << "uuid.jsonl"
        << good1 + R"({"uuid":"b003","event":"x","distinct_id":"z","timestamp":"2026-03-05T10:00:00Z"})"
                   "\n"
        << "%1:2: field 'uuid': not a UUID: 'b003'";
    QTest::newRow("bad line after good ones")
        << "events"
        << "late.jsonl"
        << good1 + good2 + "\n" + good1 +
               R"({"uuid":"01900000-0000-7000-8000-00000000b004","event":"","distinct_id":"z","timestamp":"2026-03-05T10:00:00Z"})"
               "\n"
        << "%1:5: field 'event': empty";
    QTest::newRow("empty json lines")
        << "events"
        << "empty.jsonl" << QByteArray("\n  \n") << "%1: empty file: no records";
    QTest::newRow("missing file") << "events"
                                  << "nowhere.jsonl" << QByteArray()
                                  << "%1: cannot open: No such file or directory";

    const QByteArray header = "uuid,event,distinct_id,timestamp,properties\n";
    QTest::newRow("csv properties not an object")
        << "events"
        << "props.csv" << header + "01900000-0000-7000-8000-00000000b001,x,z,2026-03-05T10:00:00Z,\"[1,2]\"\n"
        << "%1:2: field 'properties': not a JSON object";
    QTest::newRow("csv properties not json")
        << "events"
        << "json.csv"
        << header + "01900000-0000-7000-8000-00000000b001,x,z,2026-03-05T10:00:00Z,{}\n"
                    "01900000-0000-7000-8000-00000000b002,x,z,2026-03-05T10:00:00Z,\"{\"\"a\"\":}\"\n"
        << "%1:3: field 'properties': not valid JSON";
    QTest::newRow("csv column count")
        << "events"
        << "columns.csv"
        << header + "01900000-0000-7000-8000-00000000b001,x,z,2026-03-05T10:00:00Z,{}\n"
                    "01900000-0000-7000-8000-00000000b002,x,z,2026-03-05T10:00:00Z\n"
        << "%1:3: 4 columns, the header has 5";
    QTest::newRow("csv missing column") << "events"
                                        << "header.csv" << QByteArray("uuid,event,distinct_id,properties\n")
                                        << "%1:1: field 'timestamp': no such column in the header";
    QTest::newRow("csv line after a multi-line field")
        << "events"
        << "multiline.csv"
        << header + "01900000-0000-7000-8000-00000000b001,x,z,2026-03-05T10:00:00Z,\"{\n\"\"a\"\": 1}\"\n"
                    "01900000-0000-7000-8000-00000000b002,x,z,tomorrow,{}\n"
        << "%1:4: field 'timestamp': not an ISO 8601 time: 'tomorrow'";
    QTest::newRow("csv unterminated quote")
        << "events"
        << "quote.csv" << header + "01900000-0000-7000-8000-00000000b001,x,z,2026-03-05T10:00:00Z,\"{}\n"
        << "%1:2: unterminated quoted field";
    QTest::newRow("csv empty") << "events"
                               << "empty.csv" << QByteArray("") << "%1: empty file: no header row";

    QTest::newRow("persons: distinct_ids not an array")
        << "persons"
        << "ids.jsonl"
        << QByteArray(
               R"({"id":"00000000-0000-4000-8000-0000000000b1","distinct_ids":["q"],"created_at":"2026-03-01"})"
               "\n"
               R"({"id":"00000000-0000-4000-8000-0000000000b2","distinct_ids":"q2","created_at":"2026-03-01"})"
               "\n")
        << "%1:2: field 'distinct_ids': not an array of non-empty strings";
    QTest::newRow("persons: missing created_at")
        << "persons"
        << "created.jsonl"
        << QByteArray(R"({"id":"00000000-0000-4000-8000-0000000000b1","distinct_ids":["q"]})"
                      "\n")
        << "%1:1: field 'created_at': missing";
    QTest::newRow("persons csv: bad created_at")
        << "persons"
        << "created.csv"
        << QByteArray(
               "id,created_at,distinct_ids\n00000000-0000-4000-8000-0000000000b1,soon,\"[\"\"q\"\"]\"\n")
        << "%1:2: field 'created_at': not an ISO 8601 time: 'soon'";
}

void TestServerImport::badFile()
{
    QFETCH(QString, kind);
    QFETCH(QString, name);
    QFETCH(QByteArray, content);
    QFETCH(QString, expected);
    const QString store = path(QStringLiteral("bad.db"));
    if (!QFile::exists(store))
        QVERIFY(!newStore(QStringLiteral("bad.db")).isEmpty());
    const QString file = path(QStringLiteral("bad/") + name);
    QVERIFY(QDir(m_dir.path()).mkpath(QStringLiteral("bad")));
    QFile::remove(file);
    if (!name.startsWith(QLatin1String("nowhere")))
        QVERIFY(writeFile(file, content));
    const QString before = fingerprint(store);

    const Run run = kind == QLatin1String("events") ? importFiles(store, file, QString())
                                                    : importFiles(store, QString(), file);
    QCOMPARE(run.exitCode, 1);
    QCOMPARE(run.out, QString());
    QCOMPARE(run.err,
             expected.arg(file) + QStringLiteral("\nimport: nothing imported, the store is unchanged\n"));
    QCOMPARE(fingerprint(store), before);
    QCOMPARE(storeRows(store, QStringLiteral("PRAGMA integrity_check")), QStringList{QStringLiteral("ok")});
}

void TestServerImport::failedImportCreatesNoStore()
{
    const QString store = path(QStringLiteral("never.db"));
    const QString file = path(QStringLiteral("never.jsonl"));
    QVERIFY(writeFile(file, eventsJsonLines() + "{\"uuid\": 1}\n"));
    const Run run = importFiles(store, file, QString());
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.startsWith(file + QStringLiteral(":11: field 'uuid': not a string\n")),
             qPrintable(run.err));
    const QStringList left = QDir(m_dir.path()).entryList({QStringLiteral("never.db*")});
    QVERIFY2(left.isEmpty(), qPrintable(left.join(QLatin1Char(' '))));
}

void TestServerImport::skipBad()
{
    const QString store = newStore(QStringLiteral("skip.db"));
    QVERIFY(!store.isEmpty());
    const QString file = path(QStringLiteral("skip.jsonl"));
    QByteArray content =
        R"({"uuid":"01900000-0000-7000-8000-00000000c001","event":"a","distinct_id":"alice","timestamp":"2026-03-06T10:00:00Z"})"
        "\n"
        R"({"uuid":"01900000-0000-7000-8000-00000000c002","event":"a","distinct_id":"alice","timestamp":"noon"})"
        "\n"
        R"({"uuid":"01900000-0000-7000-8000-00000000c003","event":"a","distinct_id":"zed","timestamp":"2026-03-06T11:00:00Z"})"
        "\n"
        R"({"uuid":)"
        "\n"
        R"({"uuid":"01900000-0000-7000-8000-00000000c005","event":"b","distinct_id":"alice","timestamp":"2026-03-06T12:00:00Z"})"
        "\n"
        R"({"uuid":"01900000-0000-7000-8000-000000000e01","event":"$pageview","distinct_id":"alice","timestamp":"2026-03-01T10:00:00Z"})"
        "\n";
    for (int i = 0; i < 10; ++i)
        content += "{}\n"; // lines 7..16: no uuid
    QVERIFY(writeFile(file, content));
    const qint64 before = storeCount(store, "events");

    const Run run = importFiles(store, file, QString(), true);
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QString expected = QStringLiteral("events: 3 imported, 1 duplicate, 12 skipped (%1)\n"
                                      "bad lines (12, the first 10 listed):\n"
                                      "  %1:2: field 'timestamp': not an ISO 8601 time: 'noon'\n"
                                      "  %1:4: not valid JSON\n")
                           .arg(file);
    for (int line = 7; line <= 14; ++line)
        expected += QStringLiteral("  %1:%2: field 'uuid': missing\n").arg(file).arg(line);
    QCOMPARE(run.out, expected);
    QCOMPARE(storeCount(store, "events"), before + 3);
    QCOMPARE(
        storeRows(store, QStringLiteral("SELECT uuid FROM events WHERE uuid LIKE '%c00_' ORDER BY uuid")),
        (QStringList{QStringLiteral("01900000-0000-7000-8000-00000000c001"),
                     QStringLiteral("01900000-0000-7000-8000-00000000c003"),
                     QStringLiteral("01900000-0000-7000-8000-00000000c005")}));

    // A file-level failure is fatal even with --skip-bad.
    const Run missing = importFiles(store, path(QStringLiteral("nowhere.csv")), QString(), true);
    QCOMPARE(missing.exitCode, 1);
    QCOMPARE(storeCount(store, "events"), before + 3);
}

void TestServerImport::usage()
{
    const Run noFiles = importFiles(path(QStringLiteral("usage.db")), QString(), QString());
    QCOMPARE(noFiles.exitCode, 2);
    QCOMPARE(noFiles.err, QStringLiteral("import: give --events FILE, --persons FILE or both\n"));
    QVERIFY(!QFile::exists(path(QStringLiteral("usage.db"))));
    // A file that is not a store is not touched.
    const QString notStore = path(QStringLiteral("not-a-store.db"));
    QVERIFY(writeFile(notStore, QByteArray(4096, 'x')));
    const Run run = importFiles(notStore, path(QStringLiteral("events.jsonl")), QString());
    QCOMPARE(run.exitCode, 1);
    QFile file(notStore);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QCOMPARE(file.readAll(), QByteArray(4096, 'x'));
}

namespace {

// A large export (`count` events of 40 sessions a day) for the kill tests.
bool writeLargeFile(const QString& path, int count)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        return false;
    QByteArray chunk;
    for (int i = 0; i < count; ++i) {
        const int day = 1 + i / 40000;
        chunk += QStringLiteral(
                     "{\"uuid\":\"01910000-0000-7000-8000-%1\",\"event\":\"%2\",\"distinct_id\":\"u%3\","
                     "\"timestamp\":\"2026-04-%4T%5:%6:00Z\",\"properties\":{\"$current_url\":\"https://"
                     "x.io/p%7\",\"$browser\":\"Chrome\",\"$session_id\":\"k%8\",\"n\":\"%1\"}}\n")
                     .arg(i, 12, 10, QLatin1Char('0'))
                     .arg(i % 7 == 0 ? QStringLiteral("signup") : QStringLiteral("$pageview"))
                     .arg(i % 997)
                     .arg(day, 2, 10, QLatin1Char('0'))
                     .arg((i / 1000) % 24, 2, 10, QLatin1Char('0'))
                     .arg(i % 60, 2, 10, QLatin1Char('0'))
                     .arg(i % 13)
                     .arg(i / 25)
                     .toUtf8();
        if (chunk.size() > (1 << 20)) {
            file.write(chunk);
            chunk.clear();
        }
    }
    return file.write(chunk) == chunk.size();
}

// Starts an import of `file` into `store` and SIGKILLs it once its standard error shows `when`
// (by default: 100,000 records read); false when it ended before that.
bool killMidImport(const QString& store, const QString& file, QString& log,
                   const QString& when = QStringLiteral(": 100000 records"))
{
    QProcess process;
    process.start(qEnvironmentVariable("HOGSCOPE_SERVER"), {QStringLiteral("import"), QStringLiteral("--db"),
                                                            store, QStringLiteral("--events"), file});
    if (!process.waitForStarted(10000))
        return false;
    QElapsedTimer timer;
    timer.start();
    while (process.state() == QProcess::Running && timer.elapsed() < 120000) {
        process.waitForReadyRead(100);
        log += QString::fromUtf8(process.readAllStandardError());
        if (log.contains(when)) {
            ::kill(static_cast<pid_t>(process.processId()), SIGKILL);
            process.waitForFinished(10000);
            return process.exitStatus() == QProcess::CrashExit;
        }
    }
    process.waitForFinished(10000);
    return false;
}

} // namespace

void TestServerImport::killedImport()
{
    // An existing store, served while a large import runs into it (an import this large drops the
    // event indexes inside its transaction and builds them after it). SIGKILL mid-import: the store is whole
    // and exactly as before; readers saw the old data throughout; a second run then imports it all.
    const QString store = newStore(QStringLiteral("kill.db"));
    QVERIFY(!store.isEmpty());
    // The kill comes at 100,000 records read: 200,000 more leave it well before the commit, even on
    // a loaded machine (the rows of an import commit before its index builds, so sooner than they did).
    const QString file = path(QStringLiteral("kill-import.jsonl"));
    const int count = 300000;
    if (!QFile::exists(file))
        QVERIFY(writeLargeFile(file, count));
    const QString before = fingerprint(store);
    ServerProcess server;
    const QUrl base = server.start(store, kToken);
    QVERIFY2(base.isValid(), qPrintable(server.lastError));
    auto served = [&] {
        const QJsonObject body{
            {QStringLiteral("query"),
             QJsonObject{{QStringLiteral("kind"), QStringLiteral("HogQLQuery")},
                         {QStringLiteral("query"), QStringLiteral("SELECT count() FROM events")}}}};
        const Response r = send(m_nam, "POST", urlFor(base, QStringLiteral("/api/environments/1/query/")),
                                kToken, QJsonDocument(body).toJson());
        return r.body.value(QStringLiteral("results")).toArray()[0][0].toInteger(-1);
    };
    QCOMPARE(served(), distinctEventUuids());

    QString log;
    QVERIFY2(killMidImport(store, file, log), qPrintable(log));
    QCOMPARE(served(), distinctEventUuids());
    server.stop();
    QCOMPARE(storeRows(store, QStringLiteral("PRAGMA integrity_check")), QStringList{QStringLiteral("ok")});
    QCOMPARE(fingerprint(store), before); // the rows, the rollups and every index as they were

    const Run run = importFiles(store, file, QString());
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QVERIFY2(run.err.contains(QStringLiteral("indexes rebuilt")), qPrintable(run.err));
    QCOMPARE(storeCount(store, "events"), distinctEventUuids() + count);
    QCOMPARE(storeRows(store, QStringLiteral("SELECT sum(events) FROM rollup_event_days")),
             QStringList{QString::number(distinctEventUuids() + count)});
    QCOMPARE(
        storeRows(store, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS "
                                        "NOT NULL")),
        QStringList{QStringLiteral("13")});
    QCOMPARE(
        storeRows(store, QStringLiteral("SELECT count(*), sum(pageview_count) FROM sessions WHERE session_id "
                                        "LIKE 'k%'")),
        QStringList{QStringLiteral("%1|%2").arg(count / 25).arg(count - (count + 6) / 7)});
    QCOMPARE(storeRows(store, QStringLiteral("PRAGMA integrity_check")), QStringList{QStringLiteral("ok")});
}

void TestServerImport::killedNewStoreImport()
{
    // Killed while making a new store: no store is left, and the next run makes it.
    // The kill comes at 100,000 records read: 200,000 more leave it well before the rows are
    // committed (and the side file renamed into place).
    const QString store = path(QStringLiteral("killed-new.db"));
    const QString file = path(QStringLiteral("kill-import.jsonl"));
    if (!QFile::exists(file))
        QVERIFY(writeLargeFile(file, 300000));
    QString log;
    QVERIFY2(killMidImport(store, file, log), qPrintable(log));
    QVERIFY(!QFile::exists(store));
    const Run run = importFiles(store, path(QStringLiteral("events.jsonl")), QString());
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(storeCount(store, "events"), distinctEventUuids());
    QVERIFY(!QFile::exists(store + QStringLiteral(".partial")));
}

void TestServerImport::killedWhileIndexing()
{
    // The rows are committed before the indexes are built, each index committed on its own. Killed
    // among them, the import leaves a whole store that lacks some indexes: every row, rollup and
    // session is there and answers queries right; a server on it builds the missing indexes beside
    // the queries, and so does the next import.
    const QString file = path(QStringLiteral("large.jsonl"));
    const int count = 120000;
    if (!QFile::exists(file))
        QVERIFY(writeLargeFile(file, count));
    const QString indexCount =
        QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS NOT NULL");
    for (const bool byServer : {true, false}) {
        const QString store =
            path(byServer ? QStringLiteral("indexing-1.db") : QStringLiteral("indexing-2.db"));
        QString log;
        QVERIFY2(killMidImport(store, file, log, QStringLiteral("building index events_timestamp")),
                 qPrintable(log));
        QVERIFY2(log.contains(QStringLiteral("rows committed; building 13 indexes")), qPrintable(log));
        QVERIFY(QFile::exists(store));
        QVERIFY(!QFile::exists(store + QStringLiteral(".partial")));
        QCOMPARE(storeRows(store, QStringLiteral("PRAGMA integrity_check")),
                 QStringList{QStringLiteral("ok")});
        const qint64 built = storeRows(store, indexCount).value(0).toLongLong();
        QVERIFY2(built >= 2 && built < 13, qPrintable(QString::number(built)));
        QCOMPARE(storeCount(store, "events"), qint64(count));
        QCOMPARE(storeRows(store, QStringLiteral("SELECT sum(events) FROM rollup_event_days")),
                 QStringList{QString::number(count)});
        QCOMPARE(storeRows(store, QStringLiteral("SELECT count(*), sum(pageview_count) FROM sessions")),
                 QStringList{QStringLiteral("4800|%1").arg(count - (count + 6) / 7)});
        if (byServer) {
            // Another writer holds the store for longer than SQLite's usual 5 s wait when the server
            // starts on it (an import finishing its own index builds, say): the server waits for it.
            SqliteConnection writer;
            QVERIFY(writer.open(store, SqliteConnection::Mode::ReadWrite));
            QVERIFY(writer.exec("BEGIN IMMEDIATE"));
            QElapsedTimer held;
            held.start();
            ServerProcess server;
            const QUrl base = server.start(store, kToken);
            QVERIFY2(base.isValid(), qPrintable(server.lastError));
            const QJsonObject body{
                {QStringLiteral("query"),
                 QJsonObject{
                     {QStringLiteral("kind"), QStringLiteral("HogQLQuery")},
                     {QStringLiteral("query"),
                      QStringLiteral("SELECT count() FROM events WHERE properties.$browser = 'Chrome' "
                                     "AND event = 'signup'")}}}};
            const Response r = send(m_nam, "POST", urlFor(base, QStringLiteral("/api/environments/1/query/")),
                                    kToken, QJsonDocument(body).toJson());
            QCOMPARE(r.status, 200);
            QCOMPARE(r.body.value(QStringLiteral("results")).toArray()[0][0].toInteger(-1),
                     qint64((count + 6) / 7));
            QTest::qWait(int(std::max<qint64>(0, 7000 - held.elapsed())));
            QCOMPARE(storeRows(store, indexCount).value(0).toLongLong(), built);
            QVERIFY(writer.exec("COMMIT"));
            writer.close();
            // The server builds what is missing in the background.
            QTRY_COMPARE_WITH_TIMEOUT(storeRows(store, indexCount), QStringList{QStringLiteral("13")}, 60000);
            server.stop();
        } else {
            // The next import (here the same file again: nothing to add) builds them.
            const Run run = importFiles(store, file, QString());
            QVERIFY2(run.exitCode == 0, qPrintable(run.err));
            QVERIFY2(run.err.contains(QStringLiteral("events: 0 imported")) ||
                         run.out.contains(QStringLiteral("events: 0 imported, %1 duplicate").arg(count)),
                     qPrintable(run.out + run.err));
            QCOMPARE(storeRows(store, indexCount), QStringList{QStringLiteral("13")});
        }
        QCOMPARE(storeRows(store, QStringLiteral("PRAGMA integrity_check")),
                 QStringList{QStringLiteral("ok")});
        QCOMPARE(storeCount(store, "events"), qint64(count));
    }
}

void TestServerImport::readAheadKeepsFileOrder()
{
    // The import reads events on another thread, in batches (EventReadAhead): the writer must get
    // every line in file order, bad lines in their place with their line numbers, across batch
    // boundaries, each event with its scanned hot values and session; and a writer that gives up
    // mid-file must be able to stop the reader.
    const int lines = 3 * int(EventReadAhead::kBatchEvents) + 7;
    QByteArray text;
    for (int i = 1; i <= lines; ++i) {
        if (i % 1000 == 0) {
            text += "{\"uuid\":\"bad\",\"event\":\"e\",\"distinct_id\":\"d\",\"timestamp\":\"2026-03-01T10:"
                    "00:00Z\"}\n";
            continue;
        }
        text += QStringLiteral(
                    "{\"uuid\":\"01900000-0000-7000-8000-%1\",\"event\":\"e%2\",\"distinct_id\":\"d\","
                    "\"timestamp\":\"2026-03-01T10:00:00Z\",\"properties\":{\"$browser\":\"b\\u0041%1\","
                    "\"$session_id\":\"s%2\"}}\n")
                    .arg(i, 12, 10, QLatin1Char('0'))
                    .arg(i % 10)
                    .toUtf8();
    }
    const QString file = path(QStringLiteral("order.jsonl"));
    QVERIFY(writeFile(file, text));
    ImportError error;
    std::unique_ptr<RecordReader> reader = RecordReader::open(file, error);
    QVERIFY(reader);
    {
        EventReadAhead readAhead(*reader);
        int line = 0;
        int batches = 0;
        for (;;) {
            const EventReadAhead::Batch& batch = readAhead.next();
            ++batches;
            for (const EventReadAhead::Item& item : batch.items) {
                ++line;
                QCOMPARE(item.bad, line % 1000 == 0);
                if (item.bad) {
                    QCOMPARE(item.error.line, qint64(line));
                    QCOMPARE(item.error.field, QStringLiteral("uuid"));
                    continue;
                }
                const QString n = QStringLiteral("%1").arg(line, 12, 10, QLatin1Char('0'));
                QCOMPARE(QString::fromUtf8(item.record.uuid), QStringLiteral("01900000-0000-7000-8000-") + n);
                QCOMPARE(QString::fromUtf8(item.record.event), QStringLiteral("e%1").arg(line % 10));
                QCOMPARE(QString::fromUtf8(*item.scanned.hot[0]), QStringLiteral("bA") + n);
                QCOMPARE(QString::fromStdString(item.scanned.sessionId),
                         QStringLiteral("s%1").arg(line % 10));
                QVERIFY(!item.scanned.hot[1]);
            }
            if (batch.end != RecordReader::Result::Record) {
                QCOMPARE(batch.end, RecordReader::Result::End);
                break;
            }
        }
        QCOMPARE(line, lines);
        QVERIFY(batches >= 4);
    }
    // Given up after one batch: the reader thread stops and joins.
    reader = RecordReader::open(file, error);
    QVERIFY(reader);
    {
        EventReadAhead readAhead(*reader);
        QCOMPARE(readAhead.next().items.size(), EventReadAhead::kBatchEvents);
    }
}

void TestServerImport::customIndexesAroundRebuild()
{
    // A large import drops the events' indexes and builds them after its commit. An index made by
    // hand is built again too; a UNIQUE one is not dropped at all, since it is a constraint that the
    // rows must meet as they come in (the import breaking it fails and changes nothing); and when an
    // index cannot be built again, the rows stay imported and the command says which is missing
    // (exit status 3).
    const QString large = path(QStringLiteral("large.jsonl"));
    const int count = 120000;
    if (!QFile::exists(large))
        QVERIFY(writeLargeFile(large, count));

    const QString unique = newStore(QStringLiteral("unique.db"));
    QVERIFY(!unique.isEmpty());
    {
        SqliteConnection db;
        QVERIFY(db.open(unique, SqliteConnection::Mode::ReadWrite));
        QVERIFY2(db.exec("CREATE UNIQUE INDEX one_signup ON events (distinct_id) WHERE event = 'signup'"),
                 qPrintable(db.errorString()));
    }
    const QString before = fingerprint(unique);
    Run run = importFiles(unique, large, QString());
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(QStringLiteral("UNIQUE constraint failed")), qPrintable(run.err));
    QCOMPARE(fingerprint(unique), before);

    const QString custom = newStore(QStringLiteral("custom.db"));
    QVERIFY(!custom.isEmpty());
    {
        SqliteConnection db;
        QVERIFY(db.open(custom, SqliteConnection::Mode::ReadWrite));
        QVERIFY2(db.exec("CREATE INDEX by_n ON events (json_extract(properties, '$.n'));"
                         "CREATE INDEX abs_big ON events (abs(json_extract(properties, '$.big')))"),
                 qPrintable(db.errorString()));
    }
    // One more line whose `big` makes abs() overflow: the abs_big index cannot take it.
    QFile file(large);
    QVERIFY(file.open(QIODevice::ReadOnly));
    QByteArray text = file.readAll();
    file.close();
    text +=
        R"({"uuid":"01910000-0000-7000-8000-ffffffffffff","event":"e","distinct_id":"z","timestamp":"2026-04-01T00:00:00Z","properties":{"big":-9223372036854775808}})"
        "\n";
    const QString overflowing = path(QStringLiteral("overflowing.jsonl"));
    QVERIFY(writeFile(overflowing, text));
    run = importFiles(custom, overflowing, QString());
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.err.contains(
                 QStringLiteral("the rows are imported, but building the indexes failed: integer "
                                "overflow (missing: abs_big (made by hand: CREATE INDEX abs_big ON events "
                                "(abs(json_extract(properties, '$.big'))));")),
             qPrintable(run.err));
    QCOMPARE(storeCount(custom, "events"), distinctEventUuids() + count + 1);
    QCOMPARE(
        storeRows(custom, QStringLiteral("SELECT name FROM sqlite_schema WHERE name IN ('by_n', 'abs_big', "
                                         "'events_mat__browser') ORDER BY name")),
        (QStringList{QStringLiteral("by_n"), QStringLiteral("events_mat__browser")}));
    QCOMPARE(storeRows(custom, QStringLiteral("PRAGMA integrity_check")), QStringList{QStringLiteral("ok")});
}

void TestServerImport::hotColumnsMatchProperties()
{
    // The importer and the demo generator fill the hot columns themselves (schema version 3): on
    // every row they hold what SQLite's JSON functions read from the properties, so queries over
    // them and over properties agree.
    QVERIFY(storeCount(m_jsonlStore, "events") > 0);
    QCOMPARE(hotMismatches(m_jsonlStore), qint64(0));
    QCOMPARE(hotMismatches(m_csvStore), qint64(0));
    const QString tricky = path(QStringLiteral("tricky.jsonl"));
    QVERIFY(writeFile(
        tricky,
        R"({"uuid":"01900000-0000-7000-8000-000000000d01","event":"e","distinct_id":"t","timestamp":"2026-03-01T10:00:00Z","properties":{"$browser":1.50,"$os":true,"$device_type":{"a": [1, "x y"]},"$current_url":"a\"b\u00e9\n","$pathname":null,"$host":[],"$browser":"second","$geoip_country_code":""}}
{"uuid":"01900000-0000-7000-8000-000000000d02","event":"e","distinct_id":"t","timestamp":"2026-03-01T10:00:01Z","properties":{"other":1}}
{"uuid":"01900000-0000-7000-8000-000000000d03","event":"e","distinct_id":"t","timestamp":"2026-03-01T10:00:02Z"}
)"));
    const QString store = path(QStringLiteral("tricky.db"));
    const Run run = importFiles(store, tricky, QString());
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(hotMismatches(store), qint64(0));
    QCOMPARE(storeRows(store, QStringLiteral("SELECT \"mat_$browser\", \"mat_$os\", \"mat_$device_type\", "
                                             "\"mat_$pathname\", \"mat_$host\", \"mat_$geoip_country_code\" "
                                             "FROM events ORDER BY uuid LIMIT 1")),
             QStringList{QStringLiteral("1.50|true|{\"a\":[1,\"x y\"]}|NULL|[]|")});

    const QString demo = path(QStringLiteral("demo.db"));
    QProcess process;
    process.start(qEnvironmentVariable("HOGSCOPE_SERVER"),
                  {QStringLiteral("demo"), QStringLiteral("--db"), demo, QStringLiteral("--events"),
                   QStringLiteral("3000")});
    QVERIFY(process.waitForFinished(120000));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(storeCount(demo, "events"), qint64(3000));
    QCOMPARE(hotMismatches(demo), qint64(0));
    QVERIFY(storeRows(demo, QStringLiteral("SELECT count(*) FROM events WHERE \"mat_$browser\" IS NOT NULL"))
                .front()
                .toLongLong() > 1000);
}

void TestServerImport::hotColumnsFilledForOtherWriters()
{
    // Rows written by other tools (plain SQL) get their hot columns from the store's triggers, and
    // keep them right when their properties change.
    const QString store = newStore(QStringLiteral("writers.db"));
    QVERIFY(!store.isEmpty());
    {
        SqliteConnection db;
        QVERIFY(db.open(store, SqliteConnection::Mode::ReadWrite));
        QVERIFY2(db.exec(R"sql(
            INSERT INTO events (uuid, event, distinct_id, timestamp, created_at, properties) VALUES
                ('w1', '$pageview', 'x', 1772359200000000, 1772359200000000,
                 '{"$browser":"Firefox","$os":"Linux","$current_url":"https://x.io/w","n":2.0}'),
                ('w2', '$pageview', 'x', 1772359200000001, 1772359200000001, '{"$os":{"v":1}}'),
                ('w3', '$pageview', 'x', 1772359200000002, 1772359200000002, '{}');
            UPDATE events SET properties = '{"$browser":"Edge"}' WHERE uuid = 'w2';
        )sql"),
                 qPrintable(db.errorString()));
    }
    QCOMPARE(storeRows(store, QStringLiteral("SELECT uuid, \"mat_$browser\", \"mat_$os\", "
                                             "\"mat_$current_url\" FROM events WHERE uuid LIKE 'w%' ORDER BY "
                                             "uuid")),
             (QStringList{QStringLiteral("w1|Firefox|Linux|https://x.io/w"),
                          QStringLiteral("w2|Edge|NULL|NULL"), QStringLiteral("w3|NULL|NULL|NULL")}));
    QCOMPARE(hotMismatches(store), qint64(0));
    // HogQL's property access reads the column (through its index): the plain-SQL row is found by
    // its browser, and the indexes agree with the table.
    QCOMPARE(storeRows(store,
                       QStringLiteral("SELECT uuid FROM events INDEXED BY events_mat__browser WHERE event = "
                                      "'$pageview' AND \"mat_$browser\" = 'Firefox' AND distinct_id = 'x'")),
             QStringList{QStringLiteral("w1")});
    QCOMPARE(storeRows(store, QStringLiteral("PRAGMA integrity_check")), QStringList{QStringLiteral("ok")});
}

void TestServerImport::upgradesVersion2Store()
{
    // A store of schema version 2 (hot columns generated by SQLite from the properties, STORED array
    // and VIRTUAL columns) is brought to the current version by the first import into it: plain
    // columns with the same values, the same indexes, the triggers, and the events already there
    // unchanged.
    const QString store = path(QStringLiteral("v2.db"));
    {
        SqliteConnection db;
        QVERIFY(db.open(store, SqliteConnection::Mode::Create));
        QString error;
        QVERIFY2(store::createSchema(db, &error), qPrintable(error));
        QString paths;
        for (const store::HotProperty& hot : store::kHotProperties)
            paths +=
                QStringLiteral(", '$.\"%1\"'").arg(QLatin1String(hot.key.data(), qsizetype(hot.key.size())));
        QString v2 =
            QStringLiteral(
                "DROP TRIGGER events_hot_insert; DROP TRIGGER events_hot_update; DROP TABLE events; "
                "CREATE TABLE events (uuid TEXT NOT NULL PRIMARY KEY, event TEXT NOT NULL, "
                "distinct_id TEXT NOT NULL, timestamp INTEGER NOT NULL, created_at INTEGER NOT NULL, "
                "properties TEXT NOT NULL DEFAULT '{}', person_id TEXT, session_id TEXT, window_id "
                "TEXT, elements_chain TEXT NOT NULL DEFAULT '', hot_properties TEXT GENERATED ALWAYS "
                "AS (json_extract(properties%1)) STORED")
                .arg(paths);
        for (size_t i = 0; i < store::kHotProperties.size(); ++i)
            v2 +=
                QStringLiteral(", %1 TEXT GENERATED ALWAYS AS (CASE json_type(hot_properties, '$[%2]') WHEN "
                               "'text' THEN hot_properties ->> '$[%2]' WHEN 'null' THEN NULL ELSE "
                               "hot_properties -> '$[%2]' END) VIRTUAL")
                    .arg(hotColumn(i))
                    .arg(i);
        v2 += QStringLiteral(
            "); INSERT INTO events (uuid, event, distinct_id, timestamp, created_at, properties) VALUES "
            "('01900000-0000-7000-8000-000000000c01', '$pageview', 'old', 1772359200000000, "
            "1772359200000000, "
            "'{\"$browser\":\"Safari\",\"$current_url\":\"https://x.io/old\",\"$os\":3}'), "
            "('01900000-0000-7000-8000-000000000c02', 'other', 'old', 1772359300000000, 1772359300000000, "
            "'{}'); UPDATE store_meta SET value = '2' WHERE key = 'schema_version'");
        QVERIFY2(db.exec(v2.toUtf8().constData()), qPrintable(db.errorString()));
        QVERIFY2(store::createIndexes(db.handle(), &error), qPrintable(error));
        QVERIFY2(store::rebuildRollups(db.handle(), &error), qPrintable(error));
    }
    QCOMPARE(storeRows(store, QStringLiteral("SELECT hidden FROM pragma_table_xinfo('events') WHERE name = "
                                             "'mat_$browser'")),
             QStringList{QStringLiteral("2")}); // a VIRTUAL generated column before the upgrade

    const QString file = path(QStringLiteral("after-v2.jsonl"));
    QVERIFY(writeFile(
        file,
        R"({"uuid":"01900000-0000-7000-8000-000000000c03","event":"$pageview","distinct_id":"new","timestamp":"2026-03-01T10:05:00Z","properties":{"$browser":"Chrome","$host":"x.io"}}
)"));
    const Run run = importFiles(store, file, QString());
    QVERIFY2(run.exitCode == 0, qPrintable(run.err));
    QCOMPARE(storeRows(store, QStringLiteral("SELECT value FROM store_meta WHERE key = 'schema_version'")),
             QStringList{QString::number(store::kSchemaVersion)});
    QCOMPARE(storeRows(store, QStringLiteral("SELECT count(*) FROM pragma_table_xinfo('events') WHERE name = "
                                             "'hot_properties' OR (name LIKE 'mat_%' AND hidden <> 0)")),
             QStringList{QStringLiteral("0")});
    QCOMPARE(
        storeRows(store, QStringLiteral("SELECT uuid, \"mat_$browser\", \"mat_$os\", \"mat_$current_url\", "
                                        "\"mat_$host\" FROM events ORDER BY uuid")),
        (QStringList{QStringLiteral("01900000-0000-7000-8000-000000000c01|Safari|3|https://x.io/old|NULL"),
                     QStringLiteral("01900000-0000-7000-8000-000000000c02|NULL|NULL|NULL|NULL"),
                     QStringLiteral("01900000-0000-7000-8000-000000000c03|Chrome|NULL|NULL|x.io")}));
    QCOMPARE(hotMismatches(store), qint64(0));
    QCOMPARE(
        storeRows(store, QStringLiteral("SELECT count(*) FROM sqlite_schema WHERE type = 'index' AND sql IS "
                                        "NOT NULL")),
        QStringList{QStringLiteral("13")});
    QCOMPARE(storeRows(store,
                       QStringLiteral("SELECT name FROM sqlite_schema WHERE type = 'trigger' ORDER BY name")),
             (QStringList{QStringLiteral("events_hot_insert"), QStringLiteral("events_hot_update")}));
    QCOMPARE(storeRows(store, QStringLiteral("PRAGMA integrity_check")), QStringList{QStringLiteral("ok")});
    QCOMPARE(
        storeRows(store, QStringLiteral("SELECT events FROM rollup_property_days WHERE property = '$browser' "
                                        "AND value = 'Safari'")),
        QStringList{QStringLiteral("1")});
}
#endif // Q_MOC_RUN

QTEST_GUILESS_MAIN(TestServerImport)
#include "tst_server_import.moc"
