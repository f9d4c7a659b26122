// The client against the real hogscope-server over loopback HTTP: sync and async queries,
// cancel during a query, and authentication failure. Nothing here knows the server's internals.
#include "api/api_client.h"
#include "api/query_job.h"
#include "model/result_table.h"

#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace hogscope;
using namespace hogscope::api;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kEvents = 20000;
const QByteArray kToken = "phx_integration_token";
const QString kTopEvents =
    u"SELECT event, count() FROM events GROUP BY event ORDER BY count() DESC LIMIT 10"_s;

QJsonObject hogql(const QString& sql)
{
    return QJsonObject{{u"kind"_s, u"HogQLQuery"_s}, {u"query"_s, sql}};
}

} // namespace

class TestClientQuery : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_server;
    QByteArray m_serverOutput;
    QUrl m_baseUrl;
    std::unique_ptr<ApiClient> m_client;

    // Runs one job to its end and returns the spy of the expected outcome.
    static void runToEnd(QueryJob& job, QSignalSpy& succeeded, QSignalSpy& failed)
    {
        job.start();
        QTRY_VERIFY_WITH_TIMEOUT(succeeded.count() + failed.count() > 0, 60000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString server = qEnvironmentVariable("HOGSCOPE_SERVER");
        QVERIFY2(QFileInfo(server).isExecutable(),
                 qPrintable(u"HOGSCOPE_SERVER is not an executable: "_s + server));
        QVERIFY(m_dir.isValid());
        const QString db = m_dir.filePath(u"demo.sqlite"_s);

        QProcess demo;
        demo.setProcessChannelMode(QProcess::MergedChannels);
        demo.start(server,
                   {u"demo"_s, u"--db"_s, db, u"--events"_s, QString::number(kEvents), u"--seed"_s, u"7"_s});
        QVERIFY2(demo.waitForStarted(10000), qPrintable(demo.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(demo.state(), QProcess::NotRunning, 180000);
        QVERIFY2(demo.exitStatus() == QProcess::NormalExit && demo.exitCode() == 0,
                 demo.readAll().constData());
        QVERIFY(QFileInfo::exists(db));

        m_server.setProcessChannelMode(QProcess::SeparateChannels);
        connect(&m_server, &QProcess::readyReadStandardOutput, this, [this] {
            m_serverOutput += m_server.readAllStandardOutput();
            static const QRegularExpression listening(u"listening on (http://127\\.0\\.0\\.1:\\d+)"_s);
            const auto match = listening.match(QString::fromUtf8(m_serverOutput));
            if (match.hasMatch() && m_baseUrl.isEmpty())
                m_baseUrl = QUrl(match.captured(1));
        });
        // The server's test throttle slows SQLite down (a few hundred ms a query here) so that async
        // queries are really polled and a cancel arrives while the query is still running.
        m_server.start(server, {u"serve"_s, u"--db"_s, db, u"--port"_s, u"0"_s, u"--token"_s,
                                QString::fromLatin1(kToken), u"--throttle-us"_s, u"3000"_s});
        QVERIFY2(m_server.waitForStarted(10000), qPrintable(m_server.errorString()));
        QTRY_VERIFY2_WITH_TIMEOUT(!m_baseUrl.isEmpty(), m_serverOutput.constData(), 30000);
        m_client = std::make_unique<ApiClient>(Connection{m_baseUrl, kToken, u"1"_s});
    }

    void cleanupTestCase()
    {
        m_client.reset();
        if (m_server.state() != QProcess::NotRunning) {
            m_server.terminate();
            QTRY_COMPARE_WITH_TIMEOUT(m_server.state(), QProcess::NotRunning, 10000);
        }
    }

    void syncQuery()
    {
        QueryJob job(m_client.get(), hogql(kTopEvents));
        job.setRefreshMode(u"force_blocking"_s);
        QSignalSpy states(&job, &QueryJob::stateChanged);
        QSignalSpy succeeded(&job, &QueryJob::succeeded);
        QSignalSpy failed(&job, &QueryJob::failed);
        runToEnd(job, succeeded, failed);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().value<ApiError>().message));
        // A blocking query never polls.
        for (const auto& args : states)
            QVERIFY(args.first().value<QueryJob::State>() != QueryJob::State::Polling);
        const QueryResult result = succeeded.first().first().value<QueryResult>();
        QVERIFY(result.table);
        const model::ResultTable& table = *result.table;
        QCOMPARE(table.columnCount(), 2);
        QVERIFY(table.rowCount() >= 1 && table.rowCount() <= 10);
        qint64 previous = std::numeric_limits<qint64>::max();
        for (int row = 0; row < table.rowCount(); ++row) {
            QCOMPARE(table.cellKind(row, 0), model::CellKind::Text);
            QCOMPARE(table.cellKind(row, 1), model::CellKind::Integer);
            QVERIFY(table.integer(row, 1) > 0 && table.integer(row, 1) <= previous);
            previous = table.integer(row, 1);
        }
    }

    void totalMatchesDemoSize()
    {
        QueryJob job(m_client.get(), hogql(u"SELECT count() FROM events"_s));
        job.setRefreshMode(u"force_blocking"_s);
        QSignalSpy succeeded(&job, &QueryJob::succeeded);
        QSignalSpy failed(&job, &QueryJob::failed);
        runToEnd(job, succeeded, failed);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().value<ApiError>().message));
        const QueryResult result = succeeded.first().first().value<QueryResult>();
        QCOMPARE(result.table->rowCount(), 1);
        QCOMPARE(result.table->integer(0, 0), kEvents);
    }

    void asyncQueryPollsToCompletion()
    {
        QueryJob blocking(m_client.get(), hogql(kTopEvents));
        blocking.setRefreshMode(u"force_blocking"_s);
        QSignalSpy blockingDone(&blocking, &QueryJob::succeeded);
        QSignalSpy blockingFailed(&blocking, &QueryJob::failed);
        runToEnd(blocking, blockingDone, blockingFailed);
        QCOMPARE(blockingDone.count(), 1);

        QueryJob job(m_client.get(), hogql(kTopEvents)); // default refresh: force_async
        QSignalSpy states(&job, &QueryJob::stateChanged);
        QSignalSpy succeeded(&job, &QueryJob::succeeded);
        QSignalSpy failed(&job, &QueryJob::failed);
        QSignalSpy progress(&job, &QueryJob::progressChanged);
        runToEnd(job, succeeded, failed);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().value<ApiError>().message));
        QCOMPARE(job.state(), QueryJob::State::Succeeded);
        bool polled = false;
        for (const auto& args : states)
            polled = polled || args.first().value<QueryJob::State>() == QueryJob::State::Polling;
        QVERIFY2(polled, "force_async must answer 202 and be polled");
        QVERIFY(progress.count() >= 1);

        // Same rows as the blocking run.
        const auto asyncTable = succeeded.first().first().value<QueryResult>().table;
        const auto syncTable = blockingDone.first().first().value<QueryResult>().table;
        QCOMPARE(asyncTable->rowCount(), syncTable->rowCount());
        for (int row = 0; row < syncTable->rowCount(); ++row) {
            QCOMPARE(asyncTable->displayText(row, 0), syncTable->displayText(row, 0));
            QCOMPARE(asyncTable->integer(row, 1), syncTable->integer(row, 1));
        }
    }

    void cancelDuringQuery()
    {
        // The heaviest simple query here (about a second with the throttle): still running at the cancel.
        QueryJob job(m_client.get(), hogql(u"SELECT distinct_id, count(), max(timestamp) FROM events "
                                           "GROUP BY distinct_id ORDER BY count() DESC"_s));
        QSignalSpy cancelled(&job, &QueryJob::cancelled);
        QSignalSpy succeeded(&job, &QueryJob::succeeded);
        QSignalSpy failed(&job, &QueryJob::failed);
        QSignalSpy states(&job, &QueryJob::stateChanged);
        job.start();
        QTRY_VERIFY_WITH_TIMEOUT(job.state() != QueryJob::State::Submitting, 30000);
        QCOMPARE(job.state(), QueryJob::State::Polling);
        const QString id = job.queryId();
        job.cancel();
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(job.state(), QueryJob::State::Cancelled);

        // The server forgets a cancelled query: its status then answers 404 (our DELETE may still be
        // on its way when the first look arrives, so look a few times).
        int lastStatus = 0;
        for (int attempt = 0; attempt < 25 && lastStatus != 404; ++attempt) {
            bool answered = false;
            m_client->get(u"query/%1/"_s.arg(id), QUrlQuery(), this, [&](const HttpResponse& response) {
                lastStatus = response.status;
                answered = true;
            });
            QTRY_VERIFY_WITH_TIMEOUT(answered, 10000);
            if (lastStatus != 404)
                QTest::qWait(200);
        }
        QCOMPARE(lastStatus, 404);
        QTest::qWait(500);
        QCOMPARE(succeeded.count() + failed.count(), 0);
        QCOMPARE(states.last().first().value<QueryJob::State>(), QueryJob::State::Cancelled);
    }

    void wrongKeyIsAuthError()
    {
        ApiClient client(Connection{m_baseUrl, "phx_wrong", u"1"_s});
        QueryJob job(&client, hogql(kTopEvents));
        QSignalSpy succeeded(&job, &QueryJob::succeeded);
        QSignalSpy failed(&job, &QueryJob::failed);
        runToEnd(job, succeeded, failed);
        QCOMPARE(succeeded.count(), 0);
        const ApiError error = failed.first().first().value<ApiError>();
        QCOMPARE(error.kind, ApiError::Kind::Auth);
        QCOMPARE(error.httpStatus, 401);
        QVERIFY(!error.message.isEmpty());
    }

    void syntaxErrorIsQueryError()
    {
        QueryJob job(m_client.get(), hogql(u"SELEC event FROM events"_s));
        job.setRefreshMode(u"force_blocking"_s);
        QSignalSpy succeeded(&job, &QueryJob::succeeded);
        QSignalSpy failed(&job, &QueryJob::failed);
        runToEnd(job, succeeded, failed);
        QCOMPARE(succeeded.count(), 0);
        const ApiError error = failed.first().first().value<ApiError>();
        QCOMPARE(error.kind, ApiError::Kind::Query);
        QCOMPARE(error.httpStatus, 400);
        QVERIFY2(!error.message.isEmpty(), qPrintable(error.message));
    }
};

QTEST_GUILESS_MAIN(TestClientQuery)
#include "tst_client_query.moc"
