// `hogscope query` as a user runs it: the real binary against a real hogscope-server on a temporary
// demo store. Every output format, the exit statuses (0 ok, 1 query error with its position,
// 2 usage, 3 network/auth, 130 Ctrl-C with the cancel reaching the server), --file, stdin, --output,
// and --demo generating its store where the desktop app keeps it.
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kEvents = 10000;
const QString kToken = u"phx_cli_token"_s;
const QString kTopEvents =
    u"SELECT event, count() AS n FROM events GROUP BY event ORDER BY n DESC, event LIMIT 5"_s;

struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

// Starts `hogscope-server serve` and returns its base URL (empty on failure).
QUrl startServer(QProcess& process, const QString& db, const QStringList& extra)
{
    process.setProcessChannelMode(QProcess::SeparateChannels);
    process.start(qEnvironmentVariable("HOGSCOPE_SERVER"),
                  QStringList{u"serve"_s, u"--db"_s, db, u"--port"_s, u"0"_s, u"--token"_s, kToken} + extra);
    if (!process.waitForStarted(10000))
        return QUrl();
    QByteArray output;
    static const QRegularExpression listening(u"listening on (http://127\\.0\\.0\\.1:\\d+)"_s);
    for (int i = 0; i < 300; ++i) {
        process.waitForReadyRead(100);
        output += process.readAllStandardOutput();
        const auto match = listening.match(QString::fromUtf8(output));
        if (match.hasMatch())
            return QUrl(match.captured(1));
    }
    return QUrl();
}

void stopServer(QProcess& process)
{
    if (process.state() == QProcess::NotRunning)
        return;
    process.terminate();
    if (!process.waitForFinished(10000))
        process.kill();
}

// Cells of a text table's data lines ("  a | b "), header and separator skipped.
QList<QStringList> tableRows(const QByteArray& out)
{
    QList<QStringList> rows;
    const QList<QByteArray> lines = out.split('\n');
    for (int i = 2; i < lines.size(); ++i) {
        if (lines[i].isEmpty() || lines[i].startsWith('('))
            continue;
        QStringList cells;
        for (const QByteArray& cell : lines[i].split('|'))
            cells << QString::fromUtf8(cell).trimmed();
        rows << cells;
    }
    return rows;
}

} // namespace

class TestCliQuery : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_db;
    QProcess m_server;
    QUrl m_url;
    QList<QPair<QString, qint64>> m_expected; // kTopEvents' answer, from the JSON run

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(u"HOGSCOPE_HOST"_s);
        env.insert(u"POSTHOG_PERSONAL_API_KEY"_s, kToken);
        // The demo store, settings and any keychain fallback stay inside the test's folder.
        env.insert(u"XDG_DATA_HOME"_s, m_dir.filePath(u"xdg-data"_s));
        env.insert(u"XDG_CONFIG_HOME"_s, m_dir.filePath(u"xdg-config"_s));
        env.insert(u"XDG_CACHE_HOME"_s, m_dir.filePath(u"xdg-cache"_s));
        return env;
    }

    CliRun run(const QStringList& args, const QByteArray& input = QByteArray(),
               const QProcessEnvironment& env = QProcessEnvironment())
    {
        QProcess process;
        process.setProcessEnvironment(env.isEmpty() ? environment() : env);
        process.start(QStringLiteral(HOGSCOPE_BINARY), QStringList{u"query"_s} + args);
        CliRun result;
        if (!process.waitForStarted(10000))
            return result;
        if (!input.isEmpty())
            process.write(input);
        process.closeWriteChannel();
        if (!process.waitForFinished(120000)) {
            process.kill();
            process.waitForFinished();
            return result;
        }
        result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -2;
        result.out = process.readAllStandardOutput();
        result.err = process.readAllStandardError();
        return result;
    }

    QStringList hostArgs() const { return {u"--host"_s, m_url.toString(), u"--project"_s, u"1"_s}; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFileInfo(QStringLiteral(HOGSCOPE_BINARY)).isExecutable(), HOGSCOPE_BINARY);
        const QString server = qEnvironmentVariable("HOGSCOPE_SERVER");
        QVERIFY2(QFileInfo(server).isExecutable(), qPrintable(u"HOGSCOPE_SERVER: "_s + server));
        m_db = m_dir.filePath(u"demo.sqlite"_s);
        QProcess demo;
        demo.setProcessChannelMode(QProcess::MergedChannels);
        demo.start(server, {u"demo"_s, u"--db"_s, m_db, u"--events"_s, QString::number(kEvents), u"--seed"_s,
                            u"7"_s});
        QVERIFY(demo.waitForFinished(180000));
        QVERIFY2(demo.exitCode() == 0, demo.readAll().constData());
        m_url = startServer(m_server, m_db, {});
        QVERIFY(!m_url.isEmpty());

        // The reference answer, through the JSON format.
        const CliRun reference = run(hostArgs() + QStringList{u"--format"_s, u"json"_s, kTopEvents});
        QVERIFY2(reference.exitCode == 0, reference.err.constData());
        const QJsonArray rows = QJsonDocument::fromJson(reference.out).array();
        QCOMPARE(rows.size(), 5);
        for (const QJsonValue& row : rows) {
            QVERIFY(row[u"n"_s].isDouble()); // typed, not a string
            m_expected << qMakePair(row[u"event"_s].toString(), row[u"n"_s].toInteger());
        }
        QVERIFY(m_expected.first().second >= m_expected.last().second);
    }

    void cleanupTestCase() { stopServer(m_server); }

    void formats_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("table") << QStringList{u"--format"_s, u"table"_s};
        QTest::newRow("csv") << QStringList{u"--format"_s, u"csv"_s};
        QTest::newRow("tsv") << QStringList{u"--format"_s, u"tsv"_s};
        QTest::newRow("default off a terminal is tsv") << QStringList{};
        QTest::newRow("json") << QStringList{u"--format"_s, u"json"_s};
        QTest::newRow("jsonl") << QStringList{u"--format"_s, u"jsonl"_s};
    }
    void formats()
    {
        QFETCH(QStringList, args);
        const CliRun result = run(hostArgs() + args + QStringList{kTopEvents});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        const QString format = args.value(1, u"tsv"_s);
        QList<QPair<QString, qint64>> got;
        if (format == u"table") {
            const QList<QByteArray> lines = result.out.split('\n');
            QVERIFY2(lines.value(0).contains("event") && lines.value(0).contains("| n"),
                     result.out.constData());
            QVERIFY(lines.value(1).contains("-+-"));
            QVERIFY2(result.out.contains("(5 rows, "), result.out.constData());
            for (const QStringList& cells : tableRows(result.out))
                got << qMakePair(cells.value(0), cells.value(1).toLongLong());
        } else if (format == u"csv" || format == u"tsv") {
            const QByteArray separator = format == u"csv" ? "," : "\t";
            const QByteArray newline = format == u"csv" ? "\r\n" : "\n";
            QList<QByteArray> lines = result.out.split('\n');
            QVERIFY(lines.last().isEmpty());
            lines.removeLast();
            QCOMPARE(lines.first(), QByteArray("event") + separator + "n" + (format == u"csv" ? "\r" : ""));
            QVERIFY(result.out.endsWith(newline));
            for (int i = 1; i < lines.size(); ++i) {
                const QList<QByteArray> cells = lines[i].trimmed().split(separator.at(0));
                got << qMakePair(QString::fromUtf8(cells.value(0)), cells.value(1).toLongLong());
            }
        } else if (format == u"json") {
            for (const QJsonValue& row : QJsonDocument::fromJson(result.out).array())
                got << qMakePair(row[u"event"_s].toString(), row[u"n"_s].toInteger());
        } else if (format == u"jsonl") {
            for (const QByteArray& line : result.out.split('\n')) {
                if (line.isEmpty())
                    continue;
                const QJsonObject row = QJsonDocument::fromJson(line).object();
                QVERIFY(row[u"n"_s].isDouble());
                got << qMakePair(row[u"event"_s].toString(), row[u"n"_s].toInteger());
            }
        }
        QCOMPARE(got, m_expected);
        // Progress and the row count go to stderr, never into the data.
        QVERIFY(!result.out.contains("submitting"));
    }

    void xlsx()
    {
        if (QStandardPaths::findExecutable(u"unzip"_s).isEmpty())
            QSKIP("unzip is not installed");
        const QString path = m_dir.filePath(u"top.xlsx"_s);
        // The format follows from the extension.
        const CliRun result = run(hostArgs() + QStringList{u"--output"_s, path, kTopEvents});
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QVERIFY(result.out.isEmpty());
        QVERIFY2(result.err.contains("5 rows"), result.err.constData());
        QProcess unzip;
        unzip.start(u"unzip"_s, {u"-p"_s, path, u"xl/worksheets/sheet1.xml"_s});
        QVERIFY(unzip.waitForFinished(30000));
        QCOMPARE(unzip.exitCode(), 0);
        const QString sheet = QString::fromUtf8(unzip.readAllStandardOutput());
        for (const auto& [event, n] : m_expected) {
            QVERIFY2(sheet.contains(u"<t>%1</t>"_s.arg(event)), qPrintable(event));
            QVERIFY2(sheet.contains(u"<v>%1</v>"_s.arg(n)), qPrintable(QString::number(n)));
        }

        // Piped: the workbook's bytes on stdout.
        const CliRun piped = run(hostArgs() + QStringList{u"--format"_s, u"xlsx"_s, kTopEvents});
        QVERIFY2(piped.exitCode == 0, piped.err.constData());
        QVERIFY(piped.out.startsWith("PK\x03\x04"));
    }

    void outputFileIsWrittenOnlyOnSuccess()
    {
        const QString path = m_dir.filePath(u"top.csv"_s);
        const CliRun ok = run(hostArgs() + QStringList{u"--output"_s, path, kTopEvents});
        QVERIFY2(ok.exitCode == 0, ok.err.constData());
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().startsWith("event,n\r\n"));
        file.close();

        const QString failedPath = m_dir.filePath(u"failed.csv"_s);
        const CliRun failed =
            run(hostArgs() + QStringList{u"--output"_s, failedPath, u"SELECT FROM events"_s});
        QCOMPARE(failed.exitCode, 1);
        QVERIFY(!QFile::exists(failedPath));
    }

    void queryFromFileAndStdin()
    {
        const QString path = m_dir.filePath(u"count.hogql"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("-- a comment line\nSELECT count() AS total\nFROM events\n");
        file.close();
        const CliRun fromFile = run(hostArgs() + QStringList{u"--file"_s, path});
        QVERIFY2(fromFile.exitCode == 0, fromFile.err.constData());
        QCOMPARE(fromFile.out, QByteArray("total\n") + QByteArray::number(kEvents) + "\n");

        const CliRun fromStdin = run(hostArgs() + QStringList{u"--format"_s, u"csv"_s, u"-"_s},
                                     "SELECT count() AS total FROM events WHERE event = '$pageview'");
        QVERIFY2(fromStdin.exitCode == 0, fromStdin.err.constData());
        QVERIFY(fromStdin.out.startsWith("total\r\n"));
        QVERIFY(fromStdin.out.mid(7).trimmed().toLongLong() > 0);
    }

    void hostFromEnvironment()
    {
        QProcessEnvironment env = environment();
        env.insert(u"HOGSCOPE_HOST"_s, m_url.toString());
        const CliRun result = run({u"SELECT 1 AS one"_s}, QByteArray(), env);
        QVERIFY2(result.exitCode == 0, result.err.constData());
        QCOMPARE(result.out, QByteArray("one\n1\n"));
    }

    void syntaxErrorShowsWhere_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("location");
        QTest::newRow("one line") << u"SELECT FROM events"_s << u"line 1, column 8"_s;
        QTest::newRow("third line") << u"SELECT event\nFROM events\nWHERE event = = 'x'"_s
                                    << u"line 3, column"_s;
    }
    void syntaxErrorShowsWhere()
    {
        QFETCH(QString, query);
        QFETCH(QString, location);
        const CliRun result = run(hostArgs() + QStringList{query});
        QCOMPARE(result.exitCode, 1);
        QVERIFY(result.out.isEmpty());
        const QString err = QString::fromUtf8(result.err);
        QVERIFY2(err.contains(u"query error (hogql_syntax_error)"_s), qPrintable(err));
        QVERIFY2(err.contains(location), qPrintable(err));
        QVERIFY2(err.contains(u"at character"_s), qPrintable(err));
        // The caret sits under the offending spot of the echoed line.
        const QStringList lines = err.split(u'\n');
        const qsizetype caretLine = lines.indexOf(QRegularExpression(u"^\\s*\\^$"_s));
        QVERIFY2(caretLine > 0, qPrintable(err));
        static const QRegularExpression column(u"column (\\d+)"_s);
        const int expectedColumn = column.match(err).captured(1).toInt();
        QCOMPARE(lines[caretLine].indexOf(u'^') -
                     lines[caretLine - 1].indexOf(lines[caretLine - 1].trimmed()),
                 expectedColumn - 1);
    }

    void semanticErrorIsAQueryError()
    {
        const CliRun result = run(hostArgs() + QStringList{u"SELECT nope FROM events"_s});
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.contains("query error"), result.err.constData());
    }

    void usageErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("no query") << QStringList{u"--demo"_s};
        QTest::newRow("two queries") << QStringList{u"--demo"_s, u"SELECT 1"_s, u"SELECT 2"_s};
        QTest::newRow("unknown format") << QStringList{u"--demo"_s, u"--format"_s, u"yaml"_s, u"SELECT 1"_s};
        QTest::newRow("unknown option") << QStringList{u"--demo"_s, u"--frobnicate"_s, u"SELECT 1"_s};
        QTest::newRow("missing file") << QStringList{u"--demo"_s, u"--file"_s, u"/nonexistent/q.hogql"_s};
        QTest::newRow("demo and host") << QStringList{u"--demo"_s, u"--host"_s, u"http://x"_s, u"SELECT 1"_s};
        QTest::newRow("nowhere to run") << QStringList{u"SELECT 1"_s};
        QTest::newRow("bad host") << QStringList{u"--host"_s, u"ftp://x"_s, u"SELECT 1"_s};
        QTest::newRow("empty query") << QStringList{u"--demo"_s, u"   "_s};
        QTest::newRow("unwritable output")
            << QStringList{u"--demo"_s, u"--output"_s, u"/nonexistent/dir/out.csv"_s, u"SELECT 1"_s};
    }
    void usageErrors()
    {
        QFETCH(QStringList, args);
        const CliRun result = run(args);
        QCOMPARE(result.exitCode, 2);
        QVERIFY(result.out.isEmpty());
        QVERIFY2(result.err.startsWith("hogscope: "), result.err.constData());
        // A usage error never generates the demo store.
        QVERIFY(!result.err.contains("generating"));
    }

    void help()
    {
        const CliRun result = run({u"--help"_s});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.startsWith("Usage: hogscope query"));
        QVERIFY(result.out.contains("Exit status"));
    }

    void wrongKeyIsAnAuthError()
    {
        QProcessEnvironment env = environment();
        env.insert(u"POSTHOG_PERSONAL_API_KEY"_s, u"phx_wrong"_s);
        const CliRun result = run(hostArgs() + QStringList{u"SELECT 1"_s}, QByteArray(), env);
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.err.contains("authentication failed") && result.err.contains("401"),
                 result.err.constData());
    }

    void noKeyIsAnAuthError()
    {
        QProcessEnvironment env = environment();
        env.remove(u"POSTHOG_PERSONAL_API_KEY"_s);
        env.remove(u"DBUS_SESSION_BUS_ADDRESS"_s); // no keychain service to ask
        const CliRun result = run(hostArgs() + QStringList{u"SELECT 1"_s}, QByteArray(), env);
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.err.contains("POSTHOG_PERSONAL_API_KEY"), result.err.constData());
        QVERIFY(result.out.isEmpty());
    }

    void unreachableServerIsANetworkError()
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close(); // nothing listens there now
        const CliRun result =
            run({u"--host"_s, u"http://127.0.0.1:%1"_s.arg(port), u"--project"_s, u"1"_s, u"SELECT 1"_s});
        QCOMPARE(result.exitCode, 3);
        QVERIFY2(result.err.contains("network error"), result.err.constData());
    }

    void demoGeneratesItsStoreWhereTheAppKeepsIt()
    {
        const QString store = m_dir.filePath(u"xdg-data/hogscope/hogscope/demo.sqlite"_s);
        QVERIFY(!QFile::exists(store));
        const QStringList args{u"--demo"_s, u"--demo-events"_s, u"1500"_s,
                               u"SELECT count() AS total FROM events"_s};
        const CliRun first = run(args);
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QCOMPARE(first.out, QByteArray("total\n1500\n"));
        QVERIFY2(first.err.contains("generating"), first.err.constData());
        QVERIFY(QFile::exists(store));

        const CliRun second = run(args);
        QVERIFY2(second.exitCode == 0, second.err.constData());
        QCOMPARE(second.out, QByteArray("total\n1500\n"));
        QVERIFY2(!second.err.contains("generating"), second.err.constData());
    }

    void ctrlCCancelsOnTheServer()
    {
        // A slowed-down server so the query is still running when the signal arrives.
        QProcess slow;
        const QUrl slowUrl = startServer(slow, m_db, {u"--throttle-us"_s, u"20000"_s});
        QVERIFY(!slowUrl.isEmpty());
        QProcess cli;
        cli.setProcessEnvironment(environment());
        cli.start(
            QStringLiteral(HOGSCOPE_BINARY),
            {u"query"_s, u"--host"_s, slowUrl.toString(), u"--project"_s, u"1"_s,
             u"SELECT distinct_id, count(), max(timestamp) FROM events GROUP BY distinct_id ORDER BY count() DESC"_s});
        QVERIFY(cli.waitForStarted(10000));
        QByteArray err;
        for (int i = 0; i < 300 && !err.contains("running"); ++i) {
            cli.waitForReadyRead(100);
            err += cli.readAllStandardError();
        }
        QVERIFY2(err.contains("running"), err.constData());
        QCOMPARE(cli.state(), QProcess::Running);
        ::kill(pid_t(cli.processId()), SIGINT);
        QVERIFY(cli.waitForFinished(10000));
        err += cli.readAllStandardError();
        QCOMPARE(cli.exitStatus(), QProcess::NormalExit);
        QCOMPARE(cli.exitCode(), 130);
        QVERIFY(cli.readAllStandardOutput().isEmpty());
        static const QRegularExpression cancelling(u"Cancelling query ([0-9a-f-]{36}) on the server"_s);
        const auto match = cancelling.match(QString::fromUtf8(err));
        QVERIFY2(match.hasMatch(), err.constData());
        QVERIFY2(!err.contains("did not confirm") && !err.contains("No answer"), err.constData());

        // The server forgot the query: it was cancelled there, not just abandoned.
        QNetworkAccessManager manager;
        QNetworkRequest request(
            QUrl(slowUrl.toString() + u"/api/environments/1/query/%1/"_s.arg(match.captured(1))));
        request.setRawHeader("Authorization", "Bearer " + kToken.toUtf8());
        QNetworkReply* reply = manager.get(request);
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 404);
        reply->deleteLater();
        stopServer(slow);
    }
};

QTEST_GUILESS_MAIN(TestCliQuery)
#include "tst_cli_query.moc"
