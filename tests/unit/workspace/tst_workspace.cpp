// The workspace layer: the drafts journal (debounce, order, restore, kill -9), run history, connection
// profiles and the keychain fallback.

#include "workspace/connection_profiles.h"
#include "workspace/draft_journal.h"
#include "workspace/key_store.h"
#include "workspace/query_file.h"
#include "workspace/run_history.h"
#include "workspace/settings.h"
#include "workspace/workspace_store.h"

#include <QDir>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

using namespace hogscope::workspace;

class TstWorkspace : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void journalRestoresTabsInOrder()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ws.sqlite"));
        {
            WorkspaceStore store(path);
            QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
            DraftJournal journal(store, 100);
            journal.update({QStringLiteral("a"), QStringLiteral("First"), QString(),
                            QStringLiteral("SELECT 1"), 3, true, QString()});
            journal.update({QStringLiteral("b"), QStringLiteral("Second"), QStringLiteral("/tmp/q.hogql"),
                            QStringLiteral("SELECT 2"), 0, false, QString()});
            journal.update({QStringLiteral("c"), QStringLiteral("Third"), QString(),
                            QStringLiteral("SELECT é"), 1, true,
                            QStringLiteral(R"({"days":{"value":"7"}})")});
            journal.remove(QStringLiteral("a"));
            journal.setOrder({QStringLiteral("c"), QStringLiteral("b")});
            // destroyed without an explicit flush: the destructor writes what is pending
        }
        WorkspaceStore store(path);
        DraftJournal journal(store);
        const QList<TabDraft> tabs = journal.load();
        QCOMPARE(tabs.size(), 2);
        QCOMPARE(tabs[0].id, QStringLiteral("c"));
        QCOMPARE(tabs[0].text, QStringLiteral("SELECT é"));
        QCOMPARE(tabs[0].cursor, 1);
        QVERIFY(tabs[0].modified);
        QCOMPARE(tabs[0].placeholders, QStringLiteral(R"({"days":{"value":"7"}})"));
        QCOMPARE(tabs[1].id, QStringLiteral("b"));
        QCOMPARE(tabs[1].filePath, QStringLiteral("/tmp/q.hogql"));
        QVERIFY(!tabs[1].modified);
    }

    void journalOpensAnOlderWorkspaceFile()
    {
        // A workspace file made before tabs had a placeholders column: it opens, keeps its tabs and
        // gains the column.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("old.sqlite"));
        {
            sqlite3* db = nullptr;
            QCOMPARE(sqlite3_open(path.toUtf8().constData(), &db), SQLITE_OK);
            QCOMPARE(
                sqlite3_exec(db,
                             "CREATE TABLE tabs (id TEXT NOT NULL PRIMARY KEY, position INTEGER NOT NULL, "
                             "title TEXT NOT NULL, file_path TEXT NOT NULL DEFAULT '', text TEXT NOT NULL, "
                             "cursor INTEGER NOT NULL DEFAULT 0, saved INTEGER NOT NULL DEFAULT 0, "
                             "updated_at INTEGER NOT NULL);"
                             "INSERT INTO tabs VALUES ('old', 0, 'Kept', '', 'SELECT {n}', 7, 0, 1)",
                             nullptr, nullptr, nullptr),
                SQLITE_OK);
            sqlite3_close(db);
        }
        WorkspaceStore store(path);
        QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
        DraftJournal journal(store, 0);
        QList<TabDraft> tabs = journal.load();
        QCOMPARE(tabs.size(), 1);
        QCOMPARE(tabs[0].text, QStringLiteral("SELECT {n}"));
        QCOMPARE(tabs[0].placeholders, QString());
        tabs[0].placeholders = QStringLiteral(R"({"n":{"type":"number","value":"3"}})");
        journal.update(tabs[0]);
        QVERIFY(journal.flush());
        QCOMPARE(journal.load().value(0).placeholders, tabs[0].placeholders);
    }

    void journalWritesWithinTheDebounceEvenWhileTyping()
    {
        QTemporaryDir dir;
        WorkspaceStore store(dir.filePath(QStringLiteral("ws.sqlite")));
        DraftJournal journal(store, 200);
        QSignalSpy flushed(&journal, &DraftJournal::flushed);
        QElapsedTimer clock;
        clock.start();
        // keep typing every 20 ms for 700 ms: a restarting debounce would never fire
        int n = 0;
        while (clock.elapsed() < 700) {
            journal.update({QStringLiteral("t"), QStringLiteral("T"), QString(),
                            QStringLiteral("v%1").arg(++n), 0, true, QString()});
            QTest::qWait(20);
        }
        QVERIFY2(flushed.size() >= 2, qPrintable(QStringLiteral("flushes: %1").arg(flushed.size())));
        QVERIFY(flushed.wait(1000) || !journal.hasPending());
        WorkspaceStore reader(store.path());
        QCOMPARE(DraftJournal(reader).load().value(0).text, QStringLiteral("v%1").arg(n));
    }

    void journalSurvivesKillMinus9()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ws.sqlite"));
        QProcess writer;
        writer.start(QStringLiteral(JOURNAL_CRASH_WRITER), {path});
        QVERIFY(writer.waitForStarted());
        // let it flush a few times, then kill it without warning, in the middle of its work
        int acknowledged = 0;
        QElapsedTimer clock;
        clock.start();
        while (acknowledged < 5 && clock.elapsed() < 10000) {
            writer.waitForReadyRead(500);
            while (writer.canReadLine()) {
                const QByteArray line = writer.readLine().trimmed();
                if (line.startsWith("flushed "))
                    acknowledged = line.mid(8).toInt();
            }
        }
        QVERIFY2(acknowledged > 0, "the writer never flushed");
        QTest::qWait(37);
        writer.kill(); // SIGKILL
        QVERIFY(writer.waitForFinished());
        while (writer.canReadLine()) {
            const QByteArray line = writer.readLine().trimmed();
            if (line.startsWith("flushed "))
                acknowledged = line.mid(8).toInt();
        }

        WorkspaceStore store(path);
        QVERIFY2(store.ok(), qPrintable(store.errorMessage()));
        sqlite3_stmt* st = nullptr;
        QCOMPARE(sqlite3_prepare_v2(store.handle(), "PRAGMA integrity_check", -1, &st, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_step(st), SQLITE_ROW);
        QCOMPARE(QByteArray(reinterpret_cast<const char*>(sqlite3_column_text(st, 0))), QByteArray("ok"));
        sqlite3_finalize(st);
        const QList<TabDraft> tabs = DraftJournal(store).load();
        QCOMPARE(tabs.size(), 1);
        // the draft is whole, and at least as new as the last flush the writer reported
        QVERIFY(tabs[0].text.startsWith(QStringLiteral("SELECT ")));
        QCOMPARE(tabs[0].text.size(),
                 QStringLiteral("SELECT %1 -- version\n").arg(tabs[0].cursor).size() + 20000);
        QVERIFY2(
            tabs[0].cursor >= acknowledged,
            qPrintable(QStringLiteral("restored %1, acknowledged %2").arg(tabs[0].cursor).arg(acknowledged)));
    }

    void journalReportsAnUnwritableFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("ws.sqlite"));
        WorkspaceStore store(path);
        DraftJournal journal(store, 10);
        QVERIFY(store.exec(
            "CREATE TRIGGER no_writes BEFORE INSERT ON tabs BEGIN SELECT RAISE(ABORT, 'disk says no'); END"));
        QSignalSpy failed(&journal, &DraftJournal::failed);
        journal.update({QStringLiteral("t"), QStringLiteral("T"), QString(), QStringLiteral("SELECT 1"), 0,
                        true, QString()});
        QVERIFY(!journal.flush());
        QCOMPARE(failed.size(), 1);
        QVERIFY(failed.first().first().toString().contains(QStringLiteral("disk says no")));
        QVERIFY(journal.hasPending()); // nothing is lost: retried at the next flush
        QVERIFY(store.exec("DROP TRIGGER no_writes"));
        QVERIFY(journal.flush());
        QCOMPARE(journal.load().value(0).text, QStringLiteral("SELECT 1"));
    }

    void historyRecordsAndSearches()
    {
        QTemporaryDir dir;
        WorkspaceStore store(dir.filePath(QStringLiteral("ws.sqlite")));
        RunHistory history(store);
        const qint64 a = history.recordStart(QStringLiteral("SELECT count() FROM events"),
                                             QStringLiteral("local"), QStringLiteral("1"));
        const qint64 b = history.recordStart(QStringLiteral("SELECT 100% FROM persons"), QStringLiteral("eu"),
                                             QStringLiteral("2"));
        const qint64 c =
            history.recordStart(QStringLiteral("SELEC"), QStringLiteral("eu"), QStringLiteral("2"));
        QVERIFY(a > 0 && b > a && c > b);
        QVERIFY(history.recordFinish(a, HistoryEntry::Status::Ok, 120, 1));
        QVERIFY(history.recordFinish(c, HistoryEntry::Status::Error, 5, std::nullopt,
                                     QStringLiteral("Syntax error at line 1, column 0")));
        QVERIFY(!history.recordFinish(9999, HistoryEntry::Status::Ok, 1, 1));

        QCOMPARE(history.search().size(), 3);
        QCOMPARE(history.search().first().id, c); // newest first
        const auto events = history.search(QStringLiteral("EVENTS"));
        QCOMPARE(events.size(), 1);
        QCOMPARE(events.first().rowCount.value_or(-1), 1);
        QCOMPARE(events.first().durationMs.value_or(-1), 120);
        QCOMPARE(history.search(QStringLiteral("100%")).size(), 1); // % is literal, not a wildcard
        QCOMPARE(history.search(QStringLiteral("_")).size(), 0);
        QCOMPARE(history.search(QStringLiteral("syntax error")).value(0).id, c);
        const auto running = history.entry(b);
        QVERIFY(running);
        QCOMPARE(running->status, HistoryEntry::Status::Running);
        QVERIFY(!running->durationMs);
    }

    void profilesRoundTripAndValidate()
    {
        QTemporaryDir dir;
        Settings settings(dir.filePath(QStringLiteral("s.ini")));
        ConnectionProfiles profiles(settings);
        QVERIFY(profiles.all().isEmpty());
        profiles.upsert(
            {QStringLiteral("EU"), QStringLiteral("https://eu.posthog.com"), QStringLiteral("42")});
        profiles.upsert(
            {QStringLiteral("Local"), QStringLiteral("http://localhost:8000"), QStringLiteral("1")});
        profiles.upsert(
            {QStringLiteral("EU"), QStringLiteral("https://eu.posthog.com"), QStringLiteral("43")});
        QCOMPARE(profiles.all().size(), 2);
        QCOMPARE(profiles.find(QStringLiteral("EU"))->project, QStringLiteral("43"));
        profiles.remove(QStringLiteral("Local"));
        QCOMPARE(profiles.all().size(), 1);
        QVERIFY(ConnectionProfiles::validate(
                    {QStringLiteral("x"), QStringLiteral("https://eu.posthog.com"), QStringLiteral("1")})
                    .isEmpty());
        QVERIFY(ConnectionProfiles::validate(
                    {QStringLiteral("x"), QStringLiteral("http://example.com"), QStringLiteral("1")})
                    .contains(QStringLiteral("unencrypted")));
        QVERIFY(!ConnectionProfiles::validate({QString(), QStringLiteral("https://a.b"), QStringLiteral("1")})
                     .isEmpty());
        QVERIFY(!ConnectionProfiles::validate(
                     {QStringLiteral("x"), QStringLiteral("not a url"), QStringLiteral("1")})
                     .isEmpty());
    }

    void keyStoreFallsBackToTheSessionWithoutAKeychain()
    {
        // Under the offscreen test environment there is no Secret Service / KWallet on D-Bus, so the real
        // keychain call fails and the store must fall back to memory, saying so, and never write a file.
        QTemporaryDir dir;
        qputenv("HOME", dir.path().toUtf8());
        KeyStore keys;
        QSignalSpy written(&keys, &KeyStore::keyWritten);
        keys.writeKey(QStringLiteral("eu.posthog.com"), QByteArrayLiteral("phx_secret"));
        QVERIFY(written.wait(30000) || written.size() == 1);
        const bool persisted = written.first().at(1).toBool();
        if (persisted)
            QSKIP("a system keychain is available here; the fallback path cannot be exercised");
        QVERIFY(!keys.keychainAvailable());
        QVERIFY(written.first().at(2).toString().contains(QStringLiteral("this session only")));
        QSignalSpy read(&keys, &KeyStore::keyRead);
        keys.readKey(QStringLiteral("eu.posthog.com"));
        QCOMPARE(read.size(), 1);
        QCOMPARE(read.first().at(1).toByteArray(), QByteArrayLiteral("phx_secret"));
        // nothing with the key was written anywhere under HOME
        QDirIterator it(dir.path(), QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile f(it.next());
            QVERIFY(f.open(QIODevice::ReadOnly));
            QVERIFY2(!f.readAll().contains("phx_secret"), qPrintable(f.fileName()));
        }
        QSignalSpy missing(&keys, &KeyStore::keyMissing);
        keys.deleteKey(QStringLiteral("eu.posthog.com"));
        keys.readKey(QStringLiteral("eu.posthog.com"));
        QCOMPARE(missing.size(), 1);
    }

    void queryFilesRoundTripAndRefuseWhatIsNotAScript()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("q.hogql"));
        const QString text = QStringLiteral("SELECT 'é ✓' AS x -- ünïcode\nFROM events;\n");
        QCOMPARE(writeQueryFile(path, text), QString());
        QueryFileRead read = readQueryFile(path);
        QVERIFY2(read.ok(), qPrintable(read.error));
        QCOMPARE(read.text, text);
        // Replacing keeps nothing of the old text and leaves no temporary file behind.
        QCOMPARE(writeQueryFile(path, QStringLiteral("SELECT 2")), QString());
        QCOMPARE(readQueryFile(path).text, QStringLiteral("SELECT 2"));
        QCOMPARE(QDir(dir.path()).entryList(QDir::Files | QDir::Hidden),
                 QStringList{QStringLiteral("q.hogql")});

        // A byte order mark is not part of the text.
        const QString bom = dir.filePath(QStringLiteral("bom.hogql"));
        {
            QFile file(bom);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("\xEF\xBB\xBFSELECT 1");
        }
        QCOMPARE(readQueryFile(bom).text, QStringLiteral("SELECT 1"));

        // Latin-1 is refused with the offset of the first bad byte, not read as mojibake.
        const QString latin1 = dir.filePath(QStringLiteral("latin1.hogql"));
        {
            QFile file(latin1);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("SELECT 'caf\xE9'");
        }
        read = readQueryFile(latin1);
        QVERIFY(!read.ok());
        QVERIFY2(read.error.contains(QStringLiteral("not UTF-8")) &&
                     read.error.contains(QStringLiteral("offset 11")),
                 qPrintable(read.error));

        read = readQueryFile(dir.filePath(QStringLiteral("missing.hogql")));
        QVERIFY2(!read.ok() && read.error.contains(QStringLiteral("does not exist")), qPrintable(read.error));
        read = readQueryFile(dir.path());
        QVERIFY2(!read.ok() && read.error.contains(QStringLiteral("not a file")), qPrintable(read.error));
        const QString error = writeQueryFile(dir.filePath(QStringLiteral("no/such/dir/q.hogql")), text);
        QVERIFY2(error.contains(QStringLiteral("Cannot write")), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TstWorkspace)
#include "tst_workspace.moc"
