// The client (QueryJob, QueryScheduler) against a real hogscope-server started with its fault flags:
// slow answers, 5xx, dropped connections, bodies cut short, bodies that are not JSON, bodies that
// trickle in, PostHog's 429 throttle, a wrong key, a query the server no longer knows, and cancel in
// every state. Every failure must end in an ApiError a user understands, and nothing may hang.
#include "api/api_client.h"
#include "api/query_job.h"
#include "api/query_scheduler.h"
#include "model/result_table.h"

#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace hogscope;
using namespace hogscope::api;
using namespace Qt::StringLiterals;

// The helpers below fail the test function through QVERIFY; these stop the caller too.
#define RUN_JOB(...)                                                                                         \
    do {                                                                                                     \
        runJob(__VA_ARGS__);                                                                                 \
        if (QTest::currentTestFailed())                                                                      \
            return;                                                                                          \
    } while (false)
#define EXPECT_FAILURE(...)                                                                                  \
    do {                                                                                                     \
        expectFailure(__VA_ARGS__);                                                                          \
        if (QTest::currentTestFailed())                                                                      \
            return;                                                                                          \
    } while (false)

namespace {

constexpr qint64 kEvents = 4000;
const QByteArray kToken = "phx_client_faults_token";
const QString kCount = u"SELECT count() FROM events"_s;
const QString kTopEvents = u"SELECT event, count() FROM events GROUP BY event ORDER BY count() DESC, event"_s;
// About a second on the throttled server: still running when a cancel arrives.
const QString kSlow = u"SELECT distinct_id, count(), max(timestamp) FROM events GROUP BY distinct_id "
                      "ORDER BY count() DESC"_s;
// Every job here ends well within this; a job still running after it hangs.
constexpr int kEndMs = 20000;

QJsonObject hogql(const QString& sql)
{
    return QJsonObject{{u"kind"_s, u"HogQLQuery"_s}, {u"query"_s, sql}};
}

// `hogscope-server serve` with extra flags, stopped when this object goes.
class Server
{
public:
    ~Server()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(5000))
            m_process.kill();
        m_process.waitForFinished(2000);
    }

    // The base URL, or an empty one (with the reason in error()) when the server did not start.
    QUrl start(const QString& db, const QStringList& extra)
    {
        m_process.start(qEnvironmentVariable("HOGSCOPE_SERVER"),
                        QStringList{u"serve"_s, u"--db"_s, db, u"--port"_s, u"0"_s, u"--token"_s,
                                    QString::fromLatin1(kToken)} +
                            extra);
        if (!m_process.waitForStarted(10000))
            return {};
        QElapsedTimer timer;
        timer.start();
        while (!m_process.canReadLine() && m_process.state() == QProcess::Running && timer.elapsed() < 15000)
            m_process.waitForReadyRead(100);
        static const QRegularExpression listening(u"^listening on (http://127\\.0\\.0\\.1:\\d+)$"_s);
        const auto match = listening.match(QString::fromUtf8(m_process.readLine()).trimmed());
        if (!match.hasMatch()) {
            m_error = QString::fromUtf8(m_process.readAllStandardError());
            return {};
        }
        return QUrl(match.captured(1));
    }
    QString error() const { return m_error; }

private:
    QProcess m_process;
    QString m_error;
};

// The signals of one job, and its end.
struct JobSpies
{
    explicit JobSpies(QueryJob& job)
        : succeeded(&job, &QueryJob::succeeded)
        , failed(&job, &QueryJob::failed)
        , cancelled(&job, &QueryJob::cancelled)
        , progress(&job, &QueryJob::progressChanged)
        , states(&job, &QueryJob::stateChanged)
        , serverCancel(&job, &QueryJob::serverCancelFinished)
    {}
    int ends() const { return int(succeeded.count() + failed.count() + cancelled.count()); }
    ApiError error() const
    {
        return failed.isEmpty() ? ApiError{} : failed.first().first().value<ApiError>();
    }
    bool polled() const
    {
        for (const auto& args : states)
            if (args.first().value<QueryJob::State>() == QueryJob::State::Polling)
                return true;
        return false;
    }

    QSignalSpy succeeded;
    QSignalSpy failed;
    QSignalSpy cancelled;
    QSignalSpy progress;
    QSignalSpy states;
    QSignalSpy serverCancel;
};

// The rows of a result as text, for comparing two runs.
QStringList rowsOf(const model::ResultTable& table)
{
    QStringList rows;
    for (int row = 0; row < table.rowCount(); ++row) {
        QStringList cells;
        for (int column = 0; column < table.columnCount(); ++column)
            cells << table.displayText(row, column);
        rows << cells.join(u'|');
    }
    return rows;
}

QueryRequest request(const QString& sql, const QString& refreshMode = QString())
{
    QueryRequest request;
    request.query = hogql(sql);
    request.refreshMode = refreshMode;
    request.label = sql.left(30);
    return request;
}

} // namespace

class TestClientFaults : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_db;
    Server m_plain; // no faults, queries slowed down so that they are polled
    QUrl m_plainBase;
    QStringList m_topEvents; // kTopEvents as the plain server answers it

    QUrl startServer(Server& server, const QStringList& flags)
    {
        const QUrl base = server.start(m_db, flags);
        if (base.isEmpty())
            qWarning("server with %s did not start: %s", qPrintable(flags.join(u' ')),
                     qPrintable(server.error()));
        return base;
    }

    // Runs `sql` to its end through a job on `client`; the caller reads the spies.
    static void runJob(QueryJob& job, const JobSpies& spies, int timeoutMs = kEndMs)
    {
        job.start();
        QTRY_VERIFY2_WITH_TIMEOUT(spies.ends() > 0, qPrintable(u"state %1"_s.arg(int(job.state()))),
                                  timeoutMs);
        QCOMPARE(spies.ends(), 1);
    }

    // A failure of `job` whose message names all of `words` (case-insensitive).
    static void expectFailure(const JobSpies& spies, ApiError::Kind kind, const QStringList& words)
    {
        QCOMPARE(spies.succeeded.count(), 0);
        QCOMPARE(spies.failed.count(), 1);
        const ApiError error = spies.error();
        qInfo("%s", qPrintable(error.message)); // the log shows what a user reads
        QVERIFY2(error.kind == kind,
                 qPrintable(u"%1: %2"_s.arg(ApiError::kindName(error.kind), error.message)));
        for (const QString& word : words)
            QVERIFY2(error.message.contains(word, Qt::CaseInsensitive),
                     qPrintable(u"'%1' not in: %2"_s.arg(word, error.message)));
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString server = qEnvironmentVariable("HOGSCOPE_SERVER");
        QVERIFY2(QFileInfo(server).isExecutable(),
                 qPrintable(u"HOGSCOPE_SERVER is not an executable: "_s + server));
        QVERIFY(m_dir.isValid());
        m_db = m_dir.filePath(u"demo.sqlite"_s);
        QProcess demo;
        demo.setProcessChannelMode(QProcess::MergedChannels);
        demo.start(server, {u"demo"_s, u"--db"_s, m_db, u"--events"_s, QString::number(kEvents), u"--seed"_s,
                            u"7"_s});
        QVERIFY(demo.waitForStarted(10000));
        QVERIFY(demo.waitForFinished(60000));
        QVERIFY2(demo.exitStatus() == QProcess::NormalExit && demo.exitCode() == 0,
                 demo.readAll().constData());

        m_plainBase = startServer(m_plain, {u"--throttle-us"_s, u"15000"_s});
        QVERIFY(!m_plainBase.isEmpty());
        ApiClient client(Connection{m_plainBase, kToken, u"1"_s});
        QueryJob job(&client, hogql(kTopEvents));
        job.setRefreshMode(u"force_blocking"_s);
        JobSpies spies(job);
        RUN_JOB(job, spies);
        QVERIFY2(spies.failed.isEmpty(), qPrintable(spies.error().message));
        m_topEvents = rowsOf(*spies.succeeded.first().first().value<QueryResult>().table);
        QVERIFY(m_topEvents.size() >= 3);
    }

    void latency()
    {
        // Every answer late: the job still polls (progress seen) and succeeds.
        Server server;
        const QUrl base = startServer(server, {u"--fault-latency-ms"_s, u"400"_s});
        QVERIFY(!base.isEmpty());
        ApiClient client(Connection{base, kToken, u"1"_s});
        QueryJob job(&client, hogql(kCount));
        JobSpies spies(job);
        QElapsedTimer timer;
        timer.start();
        RUN_JOB(job, spies);
        QVERIFY2(spies.failed.isEmpty(), qPrintable(spies.error().message));
        QVERIFY(timer.elapsed() >= 800); // the submit and at least one poll, each 400 ms late
        QVERIFY(spies.polled());
        QVERIFY(spies.progress.count() >= 1);
        const QueryResult result = spies.succeeded.first().first().value<QueryResult>();
        QCOMPARE(result.table->integer(0, 0), kEvents);
    }

    void contextGoneMidRequest()
    {
        // A request whose context object is destroyed while the (late) answer is on its way: the
        // reply is aborted and the handler is never called, since it belongs to an object being torn
        // down. A request with a living context is answered as usual.
        Server server;
        const QUrl base = startServer(server, {u"--fault-latency-ms"_s, u"400"_s});
        QVERIFY(!base.isEmpty());
        ApiClient client(Connection{base, kToken, u"1"_s});
        const QJsonObject body{{u"query"_s, hogql(kCount)}};
        int goneCalls = 0;
        auto* gone = new QObject;
        client.post(u"query/"_s, body, gone, [&goneCalls](const HttpResponse&) { ++goneCalls; });
        int liveCalls = 0;
        int liveStatus = 0;
        QObject live;
        client.post(u"query/"_s, body, &live, [&](const HttpResponse& response) {
            ++liveCalls;
            liveStatus = response.status;
        });
        QTest::qWait(100);
        delete gone;
        QTRY_COMPARE_WITH_TIMEOUT(liveCalls, 1, kEndMs);
        QCOMPARE(liveStatus, 200);
        QCOMPARE(goneCalls, 0);
    }

    void serverErrors()
    {
        // Every request answered 500, 502 or 503: the submit fails with the status in the message.
        Server server;
        const QUrl base = startServer(server, {u"--fault-5xx-rate"_s, u"1"_s, u"--fault-seed"_s, u"11"_s});
        QVERIFY(!base.isEmpty());
        ApiClient client(Connection{base, kToken, u"1"_s});
        QSet<int> statuses;
        for (int i = 0; i < 6; ++i) {
            QueryJob job(&client, hogql(kCount));
            JobSpies spies(job);
            RUN_JOB(job, spies);
            EXPECT_FAILURE(spies, ApiError::Kind::Server, {u"HTTP 50"_s});
            const ApiError error = spies.error();
            QVERIFY2(error.httpStatus == 500 || error.httpStatus == 502 || error.httpStatus == 503,
                     qPrintable(QString::number(error.httpStatus)));
            QVERIFY(error.message.contains(u"HTTP %1"_s.arg(error.httpStatus)));
            statuses.insert(error.httpStatus);
        }
        QVERIFY(statuses.size() >= 2);
    }

    void someServerErrors()
    {
        // A third of the answers 5xx: gateway errors on polls are retried; every job ends, either with
        // its rows or with a message naming the HTTP status.
        Server server;
        const QUrl base = startServer(server, {u"--fault-5xx-rate"_s, u"0.3"_s, u"--fault-seed"_s, u"5"_s,
                                               u"--throttle-us"_s, u"4000"_s});
        QVERIFY(!base.isEmpty());
        ApiClient client(Connection{base, kToken, u"1"_s});
        int succeeded = 0;
        int failed = 0;
        for (int i = 0; i < 10; ++i) {
            QueryJob job(&client, hogql(kTopEvents));
            JobSpies spies(job);
            RUN_JOB(job, spies, 40000);
            if (!spies.succeeded.isEmpty()) {
                ++succeeded;
                QCOMPARE(rowsOf(*spies.succeeded.first().first().value<QueryResult>().table), m_topEvents);
                continue;
            }
            ++failed;
            EXPECT_FAILURE(spies, ApiError::Kind::Server, {u"HTTP 50"_s});
        }
        qInfo("5xx at 0.3: %d succeeded, %d failed", succeeded, failed);
        QVERIFY(succeeded >= 1);
    }

    void drops()
    {
        Server server;
        const QUrl base = startServer(server, {u"--fault-drop-rate"_s, u"1"_s});
        QVERIFY(!base.isEmpty());
        ApiClient client(Connection{base, kToken, u"1"_s});
        QueryJob job(&client, hogql(kCount));
        JobSpies spies(job);
        RUN_JOB(job, spies);
        EXPECT_FAILURE(spies, ApiError::Kind::Network, {u"127.0.0.1"_s, u"closed"_s});
        QCOMPARE(job.state(), QueryJob::State::Failed);
    }

    void truncation()
    {
        Server server;
        const QUrl base = startServer(server, {u"--fault-truncate-rate"_s, u"1"_s});
        QVERIFY(!base.isEmpty());
        ApiClient client(Connection{base, kToken, u"1"_s});
        for (const QString& mode : {u"force_async"_s, u"force_blocking"_s}) {
            QueryJob job(&client, hogql(kTopEvents));
            job.setRefreshMode(mode);
            JobSpies spies(job);
            RUN_JOB(job, spies);
            EXPECT_FAILURE(spies, ApiError::Kind::Network, {u"cut short"_s, u"127.0.0.1"_s});
        }
    }

    void malformed()
    {
        Server server;
        const QUrl base = startServer(server, {u"--fault-malformed-rate"_s, u"1"_s});
        QVERIFY(!base.isEmpty());
        ApiClient client(Connection{base, kToken, u"1"_s});
        for (const QString& mode : {u"force_async"_s, u"force_blocking"_s}) {
            QueryJob job(&client, hogql(kTopEvents));
            job.setRefreshMode(mode);
            JobSpies spies(job);
            RUN_JOB(job, spies);
            EXPECT_FAILURE(spies, ApiError::Kind::Decode, {u"not valid JSON"_s});
        }
        // An error answer whose body is broken still names its status.
        ApiClient wrongKey(Connection{base, "phx_wrong", u"1"_s});
        QueryJob job(&wrongKey, hogql(kCount));
        JobSpies spies(job);
        RUN_JOB(job, spies);
        EXPECT_FAILURE(spies, ApiError::Kind::Auth, {u"HTTP 401"_s, u"API key"_s});
        QVERIFY2(!spies.error().message.contains(u'{'), qPrintable(spies.error().message)); // no raw JSON
    }

    void slowBody()
    {
        constexpr int kSlowMs = 2000;
        Server server;
        const QUrl base = startServer(server, {u"--fault-slow-body-ms"_s, QString::number(kSlowMs)});
        QVERIFY(!base.isEmpty());
        ApiClient client(Connection{base, kToken, u"1"_s});
        QueryJob job(&client, hogql(kTopEvents));
        job.setRefreshMode(u"force_blocking"_s);
        JobSpies spies(job);
        QElapsedTimer timer;
        timer.start();
        RUN_JOB(job, spies);
        QVERIFY2(spies.failed.isEmpty(), qPrintable(spies.error().message));
        QVERIFY2(timer.elapsed() >= kSlowMs, qPrintable(QString::number(timer.elapsed())));
        QCOMPARE(rowsOf(*spies.succeeded.first().first().value<QueryResult>().table), m_topEvents);
    }

    void rateLimit()
    {
        // Two requests a minute on the server; four queries through a scheduler that knows the same
        // limit. Its clock is ours, so a minute passes at once.
        Server server;
        const QUrl base = startServer(server, {u"--rate-limit-per-minute"_s, u"2"_s});
        QVERIFY(!base.isEmpty());
        ApiClient client(Connection{base, kToken, u"1"_s});
        SchedulerLimits limits = SchedulerLimits::unthrottled();
        limits.hogqlQueries = {RateLimit{2, std::chrono::minutes(1)}};
        QElapsedTimer real;
        real.start();
        qint64 skipped = 0;
        QueryScheduler scheduler(client, limits);
        scheduler.setClock([&] { return real.elapsed() + skipped; });

        QObject owner;
        std::vector<ScheduledQuery*> queries;
        std::vector<std::unique_ptr<QSignalSpy>> throttled;
        std::vector<std::unique_ptr<QSignalSpy>> succeeded;
        for (int i = 0; i < 4; ++i) {
            queries.push_back(
                scheduler.submit(request(kCount, u"force_blocking"_s), QueryPriority::User, &owner));
            throttled.push_back(std::make_unique<QSignalSpy>(queries.back(), &ScheduledQuery::throttled));
            succeeded.push_back(std::make_unique<QSignalSpy>(queries.back(), &ScheduledQuery::succeeded));
        }
        // The client's own budget holds the last two back: the server never has to say 429.
        QTRY_VERIFY_WITH_TIMEOUT(succeeded[0]->count() == 1 && succeeded[1]->count() == 1, kEndMs);
        QCOMPARE(queries[2]->state(), ScheduledQuery::State::Queued);
        QCOMPARE(queries[3]->state(), ScheduledQuery::State::Queued);
        QVERIFY(scheduler.status().budgetWaitMs > 50000);
        QTest::qWait(300);
        QCOMPARE(throttled[2]->count() + throttled[3]->count(), 0);

        // The client's minute is over, the server's is not: it answers 429 and the scheduler holds
        // off for the wait the answer names.
        skipped += 61000;
        scheduler.setLimits(scheduler.limits()); // wakes the queue with the new time
        QTRY_VERIFY_WITH_TIMEOUT(throttled[2]->count() == 1 && throttled[3]->count() == 1, kEndMs);
        for (int i : {2, 3}) {
            const ApiError error = throttled[i]->first().at(0).value<ApiError>();
            const auto wait = throttled[i]->first().at(1).value<std::chrono::milliseconds>();
            QCOMPARE(error.kind, ApiError::Kind::Throttled);
            QCOMPARE(error.httpStatus, 429);
            QVERIFY2(error.message.contains(u"limiting the rate"_s) && error.message.contains(u"seconds"_s),
                     qPrintable(error.message));
            QVERIFY2(error.retryAfterSeconds >= 50 && error.retryAfterSeconds <= 60,
                     qPrintable(QString::number(error.retryAfterSeconds)));
            QCOMPARE(wait, std::chrono::milliseconds(std::chrono::seconds(error.retryAfterSeconds)));
            QCOMPARE(queries[i]->state(), ScheduledQuery::State::Queued);
        }
        const SchedulerStatus status = scheduler.status();
        QVERIFY2(status.throttledForMs > 45000, qPrintable(QString::number(status.throttledForMs)));
        QCOMPARE(status.queued, 2);
        QCOMPARE(status.running, 0);
        // Held, not resubmitted, while the pause lasts.
        QTest::qWait(500);
        QCOMPARE(throttled[2]->count() + throttled[3]->count(), 2);

        // Once the pause is over (on the scheduler's clock) the queries go out again.
        skipped += 61000;
        scheduler.setLimits(scheduler.limits());
        QTRY_VERIFY_WITH_TIMEOUT(throttled[2]->count() == 2 && throttled[3]->count() == 2, kEndMs);
        QCOMPARE(queries[2]->throttleRetries(), 2);

        // Queued after a 429: a cancel sends nothing and ends them.
        for (int i : {2, 3}) {
            QSignalSpy cancelled(queries[i], &ScheduledQuery::cancelled);
            QSignalSpy serverCancel(queries[i], &ScheduledQuery::serverCancelFinished);
            QVERIFY(!queries[i]->cancel());
            QCOMPARE(cancelled.count(), 1);
            QCOMPARE(queries[i]->state(), ScheduledQuery::State::Cancelled);
            QTest::qWait(100);
            QCOMPARE(serverCancel.count(), 0);
        }
        QCOMPARE(scheduler.status().queued, 0);
    }

    void throttledThenSucceeds()
    {
        // The server allows two requests per 2.5 s window and the client does not know it: the third
        // query meets PostHog's 429, waits the seconds the answer names, goes out again by itself and
        // brings back the same rows as the first.
        Server server;
        const QUrl base = startServer(
            server, {u"--rate-limit-per-minute"_s, u"2"_s, u"--rate-limit-window-ms"_s, u"2500"_s});
        QVERIFY(!base.isEmpty());
        ApiClient client(Connection{base, kToken, u"1"_s});
        QueryScheduler scheduler(client, SchedulerLimits::unthrottled());
        QObject owner;
        std::vector<ScheduledQuery*> queries;
        std::vector<std::unique_ptr<QSignalSpy>> throttled;
        std::vector<std::unique_ptr<QSignalSpy>> succeeded;
        QElapsedTimer timer;
        timer.start();
        for (int i = 0; i < 3; ++i) {
            queries.push_back(
                scheduler.submit(request(kTopEvents, u"force_blocking"_s), QueryPriority::User, &owner));
            throttled.push_back(std::make_unique<QSignalSpy>(queries.back(), &ScheduledQuery::throttled));
            succeeded.push_back(std::make_unique<QSignalSpy>(queries.back(), &ScheduledQuery::succeeded));
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            succeeded[0]->count() == 1 && succeeded[1]->count() == 1 && succeeded[2]->count() == 1, kEndMs);
        // Exactly one query was turned away, with the wait in PostHog's words and header.
        QCOMPARE(throttled[0]->count() + throttled[1]->count(), 0);
        QCOMPARE(throttled[2]->count(), 1);
        const ApiError error = throttled[2]->first().at(0).value<ApiError>();
        const auto wait = throttled[2]->first().at(1).value<std::chrono::milliseconds>();
        QCOMPARE(error.kind, ApiError::Kind::Throttled);
        QCOMPARE(error.httpStatus, 429);
        QVERIFY2(error.retryAfterSeconds >= 1 && error.retryAfterSeconds <= 3,
                 qPrintable(QString::number(error.retryAfterSeconds)));
        QCOMPARE(wait, std::chrono::milliseconds(std::chrono::seconds(error.retryAfterSeconds)));
        QCOMPARE(queries[2]->throttleRetries(), 1);
        // It waited as told before going out again, and its answer is whole.
        QVERIFY2(timer.elapsed() >= wait.count(), qPrintable(QString::number(timer.elapsed())));
        for (int i = 0; i < 3; ++i)
            QCOMPARE(rowsOf(*succeeded[i]->first().first().value<QueryResult>().table), m_topEvents);
        const SchedulerStatus status = scheduler.status();
        QCOMPARE(status.queued, 0);
        QCOMPARE(status.running, 0);
        QCOMPARE(status.throttledForMs, 0);
    }

    void pollServerErrorsRetried()
    {
        // Every fifth answer 500 on a slow query that is polled many times: a failed status read is
        // repeated (a poll is safe to repeat), so the job still ends with its rows.
        Server server;
        const QUrl base = startServer(server, {u"--fault-5xx-rate"_s, u"0.2"_s, u"--fault-seed"_s, u"3"_s,
                                               u"--throttle-us"_s, u"15000"_s});
        QVERIFY(!base.isEmpty());
        ApiClient client(Connection{base, kToken, u"1"_s});
        int succeeded = 0;
        int polledThroughErrors = 0;
        for (int i = 0; i < 6; ++i) {
            QueryJob job(&client, hogql(kTopEvents));
            JobSpies spies(job);
            RUN_JOB(job, spies, 40000);
            if (spies.succeeded.isEmpty()) {
                // Only the submit (a POST, not repeated) may fail: a poll never ends the job alone.
                EXPECT_FAILURE(spies, ApiError::Kind::Server, {u"HTTP 50"_s});
                QVERIFY2(!spies.polled(), qPrintable(spies.error().message));
                continue;
            }
            ++succeeded;
            QCOMPARE(rowsOf(*spies.succeeded.first().first().value<QueryResult>().table), m_topEvents);
            polledThroughErrors += job.pollRetries() > 0 ? 1 : 0;
        }
        qInfo("5xx at 0.2 on polls: %d of 6 succeeded, %d after a failed poll", succeeded,
              polledThroughErrors);
        QVERIFY(succeeded >= 3);
        QVERIFY(polledThroughErrors >= 1);
    }

    void wrongKey()
    {
        ApiClient client(Connection{m_plainBase, "phx_wrong_key", u"1"_s});
        QueryJob job(&client, hogql(kCount));
        JobSpies spies(job);
        RUN_JOB(job, spies);
        EXPECT_FAILURE(spies, ApiError::Kind::Auth, {u"API key"_s, u"HTTP 401"_s});
        QCOMPARE(spies.error().httpStatus, 401);
    }

    void unknownQueryId()
    {
        ApiClient client(Connection{m_plainBase, kToken, u"1"_s});
        // A made-up id: 404.
        HttpResponse response;
        bool answered = false;
        client.get(u"query/made-up-id/"_s, QUrlQuery(), this, [&](const HttpResponse& r) {
            response = r;
            answered = true;
        });
        QTRY_VERIFY_WITH_TIMEOUT(answered, kEndMs);
        QCOMPARE(response.status, 404);

        // A job whose query vanishes from the server while it polls ends "expired".
        QueryJob job(&client, hogql(kSlow));
        JobSpies spies(job);
        job.start();
        QTRY_VERIFY_WITH_TIMEOUT(job.state() == QueryJob::State::Polling, kEndMs);
        bool deleted = false;
        client.deleteResource(u"query/%1/"_s.arg(job.queryId()), this,
                              [&](const HttpResponse& r) { deleted = r.status == 204; });
        QTRY_VERIFY_WITH_TIMEOUT(deleted, kEndMs);
        QTRY_VERIFY_WITH_TIMEOUT(spies.ends() > 0, kEndMs);
        EXPECT_FAILURE(spies, ApiError::Kind::Expired, {u"no longer has this query"_s, u"expired"_s});
        QCOMPARE(spies.error().httpStatus, 404);
    }

    void cancelWhileQueued()
    {
        ApiClient client(Connection{m_plainBase, kToken, u"1"_s});
        SchedulerLimits limits = SchedulerLimits::unthrottled();
        limits.maxRunning = 1;
        limits.reservedForUser = 0;
        QueryScheduler scheduler(client, limits);
        QObject owner;
        ScheduledQuery* running = scheduler.submit(request(kSlow), QueryPriority::User, &owner);
        ScheduledQuery* queued = scheduler.submit(request(kCount), QueryPriority::User, &owner);
        QCOMPARE(running->state(), ScheduledQuery::State::Running);
        QCOMPARE(queued->state(), ScheduledQuery::State::Queued);
        QSignalSpy cancelled(queued, &ScheduledQuery::cancelled);
        QSignalSpy serverCancel(queued, &ScheduledQuery::serverCancelFinished);
        QVERIFY(!queued->cancel()); // nothing was sent, so no DELETE
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(queued->state(), ScheduledQuery::State::Cancelled);
        QVERIFY(queued->job() == nullptr);

        // The running one is unaffected and ends with its rows.
        QSignalSpy succeeded(running, &ScheduledQuery::succeeded);
        QTRY_VERIFY_WITH_TIMEOUT(running->isFinished(), kEndMs);
        QCOMPARE(succeeded.count(), 1);
        QCOMPARE(serverCancel.count(), 0);
        QCOMPARE(scheduler.status().queued, 0);
        QCOMPARE(scheduler.status().running, 0);
    }

    void cancelWhileSubmitting()
    {
        // A blocking run stays in Submitting until its rows come; cancel then aborts the POST and
        // sends DELETE for the id the client chose.
        ApiClient client(Connection{m_plainBase, kToken, u"1"_s});
        QueryJob job(&client, hogql(kSlow));
        job.setRefreshMode(u"force_blocking"_s);
        JobSpies spies(job);
        job.start();
        QCOMPARE(job.state(), QueryJob::State::Submitting);
        QTest::qWait(150);
        QCOMPARE(job.state(), QueryJob::State::Submitting);
        job.cancel();
        QCOMPARE(job.state(), QueryJob::State::Cancelled);
        QCOMPARE(spies.cancelled.count(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(spies.serverCancel.count(), 1, kEndMs);
        QVERIFY(spies.serverCancel.first().first().toBool());
        QTest::qWait(1500); // the aborted POST's answer, had it come, must change nothing
        QCOMPARE(spies.ends(), 1);
        QCOMPARE(job.state(), QueryJob::State::Cancelled);
    }

    void cancelWhilePolling()
    {
        ApiClient client(Connection{m_plainBase, kToken, u"1"_s});
        QueryScheduler scheduler(client, SchedulerLimits::unthrottled());
        QObject owner;
        ScheduledQuery* query = scheduler.submit(request(kSlow), QueryPriority::User, &owner);
        QSignalSpy cancelled(query, &ScheduledQuery::cancelled);
        QSignalSpy serverCancel(query, &ScheduledQuery::serverCancelFinished);
        QSignalSpy ended(query, &ScheduledQuery::succeeded);
        QTRY_VERIFY_WITH_TIMEOUT(query->job() && query->job()->state() == QueryJob::State::Polling, kEndMs);
        const QString id = query->queryId();
        QVERIFY(query->cancel()); // a DELETE went out
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(query->state(), ScheduledQuery::State::Cancelled);
        QTRY_COMPARE_WITH_TIMEOUT(serverCancel.count(), 1, kEndMs);
        QVERIFY(serverCancel.first().first().toBool());
        // The server has forgotten it.
        int status = 0;
        client.get(u"query/%1/"_s.arg(id), QUrlQuery(), this,
                   [&](const HttpResponse& r) { status = r.status; });
        QTRY_VERIFY_WITH_TIMEOUT(status != 0, kEndMs);
        QCOMPARE(status, 404);
        QTest::qWait(500);
        QCOMPARE(ended.count(), 0);
        QCOMPARE(scheduler.status().running, 0);
    }

    void cancelAfterCompletion()
    {
        ApiClient client(Connection{m_plainBase, kToken, u"1"_s});
        QueryScheduler scheduler(client, SchedulerLimits::unthrottled());
        QObject owner;
        ScheduledQuery* query = scheduler.submit(request(kCount), QueryPriority::User, &owner);
        QSignalSpy succeeded(query, &ScheduledQuery::succeeded);
        QSignalSpy cancelled(query, &ScheduledQuery::cancelled);
        QSignalSpy serverCancel(query, &ScheduledQuery::serverCancelFinished);
        QTRY_COMPARE_WITH_TIMEOUT(succeeded.count(), 1, kEndMs);
        QVERIFY(!query->cancel());
        QCOMPARE(query->state(), ScheduledQuery::State::Succeeded);
        QVERIFY(query->job());
        query->job()->cancel();
        QCOMPARE(query->job()->state(), QueryJob::State::Succeeded);
        QTest::qWait(300);
        QCOMPARE(cancelled.count(), 0);
        QCOMPARE(serverCancel.count(), 0); // nothing to cancel: no DELETE
        QCOMPARE(succeeded.first().first().value<QueryResult>().table->integer(0, 0), kEvents);
    }

    void destroyWhileRunning()
    {
        // Dropping a handle, or the whole scheduler, mid-run cancels on the server and crashes nothing.
        ApiClient client(Connection{m_plainBase, kToken, u"1"_s});
        auto scheduler = std::make_unique<QueryScheduler>(client, SchedulerLimits::unthrottled());
        auto owner = std::make_unique<QObject>();
        ScheduledQuery* polling = scheduler->submit(request(kSlow), QueryPriority::User, owner.get());
        ScheduledQuery* orphan = scheduler->submit(request(kSlow), QueryPriority::User);
        QTRY_VERIFY_WITH_TIMEOUT(polling->job() && polling->job()->state() == QueryJob::State::Polling,
                                 kEndMs);
        const QString id = polling->queryId();
        QVERIFY(orphan->state() == ScheduledQuery::State::Running);
        owner.reset();
        scheduler.reset(); // takes the orphan with it
        int status = 0;
        for (int attempt = 0; attempt < 20 && status != 404; ++attempt) {
            status = 0;
            client.get(u"query/%1/"_s.arg(id), QUrlQuery(), this,
                       [&](const HttpResponse& r) { status = r.status; });
            QTRY_VERIFY_WITH_TIMEOUT(status != 0, kEndMs);
            if (status != 404)
                QTest::qWait(100);
        }
        QCOMPARE(status, 404);
    }
};

QTEST_GUILESS_MAIN(TestClientFaults)
#include "tst_client_faults.moc"
