// QueryJob and ApiClient against a scripted loopback HTTP server: submit, poll cadence, errors,
// cancel (client and server side), retries, URL family fallback, redirects and headers.
#include "api/api_client.h"
#include "api/query_job.h"
#include "model/result_table.h"

#include "fake_http_server.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace hogscope::api;
using namespace Qt::StringLiterals;
using Response = FakeHttpServer::Response;
using Request = FakeHttpServer::Request;

namespace {

const QByteArray kRows = R"j({"results": [["$pageview", 3], ["$pageleave", 1]], "columns": ["event", "n"],
    "types": [["event", "String"], ["n", "UInt64"]], "hasMore": false, "hogql": "SELECT event, count()"
})j";

QByteArray status(const QByteArray& id, bool complete, const QByteArray& extra = QByteArray())
{
    return R"({"query_status": {"id": ")" + id + R"(", "query_async": true, "complete": )" +
           (complete ? "true" : "false") + R"(, "error": false)" + extra + "}}";
}

QJsonObject hogql(const QString& sql)
{
    return QJsonObject{{u"kind"_s, u"HogQLQuery"_s}, {u"query"_s, sql}};
}

QJsonObject bodyOf(const Request& request)
{
    return QJsonDocument::fromJson(request.body).object();
}

QByteArray idOf(const Request& request)
{
    return bodyOf(request).value(u"client_query_id"_s).toString().toUtf8();
}

} // namespace

class TestQueryJob : public QObject
{
    Q_OBJECT

private:
    FakeHttpServer* m_server = nullptr;
    ApiClient* m_client = nullptr;

private Q_SLOTS:
    void init()
    {
        m_server = new FakeHttpServer(this);
        QVERIFY(m_server->listen());
        m_client = new ApiClient(Connection{m_server->baseUrl(), "phx_test", u"7"_s}, this);
    }
    void cleanup()
    {
        delete m_client;
        delete m_server;
    }

    void syncQuerySendsHeadersAndDecodes()
    {
        m_server->setHandler([](const Request&) { return Response{200, kRows}; });
        QueryJob job(m_client, hogql(u"SELECT event, count() FROM events GROUP BY event"_s));
        job.setRefreshMode(u"force_blocking"_s);
        QSignalSpy states(&job, &QueryJob::stateChanged);
        QSignalSpy done(&job, &QueryJob::succeeded);
        job.start();
        QCOMPARE(job.state(), QueryJob::State::Submitting);
        QTRY_COMPARE(done.count(), 1);
        QCOMPARE(job.state(), QueryJob::State::Succeeded);
        QCOMPARE(states.count(), 2);
        const QueryResult result = done.first().first().value<QueryResult>();
        QVERIFY(result.table);
        QCOMPARE(result.table->rowCount(), 2);
        QCOMPARE(result.table->integer(0, 1), qint64(3));
        QCOMPARE(result.hogql, u"SELECT event, count()"_s);

        QCOMPARE(m_server->requests().size(), 1);
        const Request request = m_server->requests().first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.path(), QByteArray("/api/environments/7/query/"));
        QCOMPARE(request.headers.value("authorization"), QByteArray("Bearer phx_test"));
        QCOMPARE(request.headers.value("user-agent"), QByteArray("Hogscope/" HOGSCOPE_VERSION));
        QCOMPARE(request.headers.value("content-type"), QByteArray("application/json"));
        const QJsonObject body = bodyOf(request);
        QCOMPARE(body.value(u"refresh"_s).toString(), u"force_blocking"_s);
        QCOMPARE(body.value(u"query"_s).toObject().value(u"kind"_s).toString(), u"HogQLQuery"_s);
        QCOMPARE(body.value(u"client_query_id"_s).toString(), job.queryId());
        QVERIFY(!job.queryId().isEmpty());
    }

    void asyncQueryPollsWithCadence()
    {
        int polls = 0;
        m_server->setHandler([&polls](const Request& request) {
            if (request.method == "POST") {
                QByteArray id = idOf(request);
                return Response{202, status(id, false)};
            }
            ++polls;
            const QByteArray id = request.path().split('/').value(5);
            if (polls < 3)
                return Response{
                    202,
                    status(id, false,
                           R"(, "query_progress": {"rows_read": )" + QByteArray::number(polls * 100) +
                               R"(, "bytes_read": 10, "estimated_rows_total": 300, "time_elapsed": 1})")};
            return Response{200, status(id, true, R"(, "results": )" + kRows)};
        });
        QueryJob job(m_client, hogql(u"SELECT 1"_s));
        QSignalSpy progress(&job, &QueryJob::progressChanged);
        QSignalSpy done(&job, &QueryJob::succeeded);
        QSignalSpy states(&job, &QueryJob::stateChanged);
        job.start();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 5000);
        QCOMPARE(job.state(), QueryJob::State::Succeeded);
        QCOMPARE(states.at(1).first().value<QueryJob::State>(), QueryJob::State::Polling);
        QCOMPARE(bodyOf(m_server->requests("POST").first()).value(u"refresh"_s).toString(), u"force_async"_s);
        // One progress for the 202 submit, one per running poll.
        QCOMPARE(progress.count(), 3);
        QCOMPARE(progress.at(2).first().value<QueryProgress>().rowsRead, qint64(200));
        QCOMPARE(progress.at(2).first().value<QueryProgress>().estimatedRowsTotal, qint64(300));

        const QList<Request> gets = m_server->requests("GET");
        QCOMPARE(gets.size(), 3);
        QCOMPARE(gets.first().target,
                 "/api/environments/7/query/" + job.queryId().toUtf8() + "/?show_progress=true");
        const qint64 submitted = m_server->requests("POST").first().atMs;
        // PostHog's cadence: 300 ms, then 375 ms, then 469 ms (timer slack allowed on the late side).
        QVERIFY2(gets[0].atMs - submitted >= 290, QByteArray::number(gets[0].atMs - submitted));
        QVERIFY2(gets[1].atMs - gets[0].atMs >= 365, QByteArray::number(gets[1].atMs - gets[0].atMs));
        QVERIFY2(gets[2].atMs - gets[1].atMs >= 455, QByteArray::number(gets[2].atMs - gets[1].atMs));
        QCOMPARE(done.first().first().value<QueryResult>().table->rowCount(), 2);
    }

    void pollDelays()
    {
        QCOMPARE(QueryJob::pollDelay(0).count(), 300);
        QCOMPARE(QueryJob::pollDelay(1).count(), 375);
        QCOMPARE(QueryJob::pollDelay(2).count(), 468);
        QCOMPARE(QueryJob::pollDelay(10).count(), 2793);
        QCOMPARE(QueryJob::pollDelay(11).count(), 3000);
        QCOMPARE(QueryJob::pollDelay(40).count(), 3000);
        for (int attempt = 1; attempt <= QueryJob::kMaxPollRetries; ++attempt) {
            const qint64 base = std::min<qint64>(500LL << (attempt - 1), 8000);
            const qint64 delay = QueryJob::retryDelay(attempt).count();
            QVERIFY(delay >= base && delay <= base + base / 2);
        }
    }

    void pollErrors_data()
    {
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<ApiError::Kind>("kind");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("expired")
            << 404
            << QByteArray(
                   R"({"type":"invalid_request","code":"not_found","detail":"Query x not found for team 7","attr":null})")
            << ApiError::Kind::Expired << u"no longer has this query"_s;
        QTest::newRow("query error")
            << 400
            << QByteArray(
                   R"({"query_status": {"id": "x", "complete": true, "error": true, "error_message": "Unknown function: cuont"}})")
            << ApiError::Kind::Query << u"Unknown function: cuont"_s;
        QTest::newRow("silent failure")
            << 500
            << QByteArray(
                   R"({"query_status": {"id": "x", "complete": true, "error": true, "error_message": null}})")
            << ApiError::Kind::Server << u"HTTP 500"_s;
        QTest::newRow("auth lost")
            << 401
            << QByteArray(
                   R"({"type":"authentication_error","code":"not_authenticated","detail":"nope","attr":null})")
            << ApiError::Kind::Auth << u"401"_s;
    }
    void pollErrors()
    {
        QFETCH(int, httpStatus);
        QFETCH(QByteArray, body);
        QFETCH(ApiError::Kind, kind);
        QFETCH(QString, messagePart);
        m_server->setHandler([&](const Request& request) {
            if (request.method == "POST")
                return Response{202, status(idOf(request), false)};
            return Response{httpStatus, body};
        });
        QueryJob job(m_client, hogql(u"SELECT 1"_s));
        QSignalSpy failed(&job, &QueryJob::failed);
        job.start();
        QTRY_COMPARE(failed.count(), 1);
        const ApiError error = failed.first().first().value<ApiError>();
        QCOMPARE(error.kind, kind);
        QVERIFY2(error.message.contains(messagePart), qPrintable(error.message));
        QCOMPARE(job.state(), QueryJob::State::Failed);
        QCOMPARE(m_server->requests("GET").size(), 1);
    }

    void submitErrors()
    {
        m_server->setHandler([](const Request&) {
            return Response{
                400,
                R"({"type":"validation_error","code":"hogql_syntax_error","detail":"Syntax error at line 1","attr":null})"};
        });
        QueryJob job(m_client, hogql(u"SELEC 1"_s));
        QSignalSpy failed(&job, &QueryJob::failed);
        job.start();
        QTRY_COMPARE(failed.count(), 1);
        const ApiError error = failed.first().first().value<ApiError>();
        QCOMPARE(error.kind, ApiError::Kind::Query);
        QCOMPARE(error.code, u"hogql_syntax_error"_s);
        QCOMPARE(error.httpStatus, 400);
    }

    void malformedResultIsDecodeError()
    {
        m_server->setHandler([](const Request&) { return Response{200, R"({"results": [[1, 2], [3]]})"}; });
        QueryJob job(m_client, hogql(u"SELECT 1"_s));
        QSignalSpy failed(&job, &QueryJob::failed);
        job.start();
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.first().first().value<ApiError>().kind, ApiError::Kind::Decode);
    }

    void cancelWhilePollingDeletesOnServer()
    {
        m_server->setHandler([](const Request& request) {
            if (request.method == "POST")
                return Response{202, status(idOf(request), false)};
            if (request.method == "DELETE")
                return Response{200, R"({"message": "Cancelled query on clickhouse"})"};
            return Response{202, status("x", false)};
        });
        QueryJob job(m_client, hogql(u"SELECT 1"_s));
        QSignalSpy cancelled(&job, &QueryJob::cancelled);
        QSignalSpy done(&job, &QueryJob::succeeded);
        QSignalSpy failed(&job, &QueryJob::failed);
        job.start();
        QTRY_COMPARE(m_server->requests("GET").size(), 1);
        job.cancel();
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(job.state(), QueryJob::State::Cancelled);
        QTRY_COMPARE(m_server->requests("DELETE").size(), 1);
        QCOMPARE(m_server->requests("DELETE").first().path(),
                 "/api/environments/7/query/" + job.queryId().toUtf8() + "/");
        QCOMPARE(m_server->requests("DELETE").first().headers.value("authorization"),
                 QByteArray("Bearer phx_test"));
        const qsizetype gets = m_server->requests("GET").size();
        QTest::qWait(1000);
        QCOMPARE(m_server->requests("GET").size(), gets);
        QCOMPARE(done.count() + failed.count(), 0);
        job.cancel(); // a second cancel is a no-op
        QCOMPARE(cancelled.count(), 1);
    }

    void cancelWhileSubmittingDropsLateReply()
    {
        m_server->setHandler([](const Request& request) {
            if (request.method == "POST")
                return Response{200, kRows, {}, 600};
            return Response{204, QByteArray()};
        });
        QueryJob job(m_client, hogql(u"SELECT 1"_s));
        QSignalSpy cancelled(&job, &QueryJob::cancelled);
        QSignalSpy done(&job, &QueryJob::succeeded);
        QSignalSpy failed(&job, &QueryJob::failed);
        job.start();
        QTRY_COMPARE(m_server->requests("POST").size(), 1);
        job.cancel();
        QCOMPARE(cancelled.count(), 1);
        QTRY_COMPARE(m_server->requests("DELETE").size(), 1);
        QTest::qWait(900);
        QCOMPARE(done.count() + failed.count(), 0);
        QCOMPARE(job.state(), QueryJob::State::Cancelled);
    }

    void destroyingRunningJobCancelsOnServer()
    {
        m_server->setHandler([](const Request& request) {
            if (request.method == "POST")
                return Response{202, status(idOf(request), false)};
            if (request.method == "DELETE")
                return Response{204};
            return Response{202, status("x", false)};
        });
        auto* job = new QueryJob(m_client, hogql(u"SELECT 1"_s));
        job->start();
        QTRY_COMPARE(m_server->requests("GET").size(), 1);
        const QByteArray id = job->queryId().toUtf8();
        delete job;
        QTRY_COMPARE(m_server->requests("DELETE").size(), 1);
        QCOMPARE(m_server->requests("DELETE").first().path(), "/api/environments/7/query/" + id + "/");
    }

    void networkErrorsWhilePollingAreRetried()
    {
        int polls = 0;
        m_server->setHandler([&polls](const Request& request) {
            if (request.method == "POST")
                return Response{202, status(idOf(request), false)};
            if (++polls <= 2)
                return Response{0, QByteArray(), {}, 0, true};
            return Response{200, status("x", true, R"(, "results": )" + kRows)};
        });
        QueryJob job(m_client, hogql(u"SELECT 1"_s));
        QSignalSpy done(&job, &QueryJob::succeeded);
        QSignalSpy failed(&job, &QueryJob::failed);
        job.start();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 8000);
        QCOMPARE(failed.count(), 0);
        // Qt resends an idempotent GET once on a dropped connection by itself; our retry comes after
        // that, with backoff.
        const QList<Request> gets = m_server->requests("GET");
        QVERIFY(gets.size() >= 3);
        QVERIFY2(gets.last().atMs - gets.first().atMs >= 490,
                 QByteArray::number(gets.last().atMs - gets.first().atMs));
    }

    void serverErrorsWhilePollingAreRetried_data()
    {
        QTest::addColumn<int>("httpStatus");
        QTest::addColumn<QByteArray>("body");
        QTest::newRow("500 server_error")
            << 500
            << QByteArray(
                   R"({"type":"server_error","code":"error","detail":"A server error occurred.","attr":null})");
        QTest::newRow("500 html") << 500 << QByteArray("<html><body>Internal Server Error</body></html>");
        QTest::newRow("502") << 502 << QByteArray("<html>Bad Gateway</html>");
        QTest::newRow("503") << 503 << QByteArray();
    }
    void serverErrorsWhilePollingAreRetried()
    {
        // A failed status read is repeated; only PostHog's own "the query failed" (a query_status
        // with error=true, see pollErrors) ends the job.
        QFETCH(int, httpStatus);
        QFETCH(QByteArray, body);
        int polls = 0;
        m_server->setHandler([&](const Request& request) {
            if (request.method == "POST")
                return Response{202, status(idOf(request), false)};
            if (++polls <= 2)
                return Response{httpStatus, body};
            return Response{200, status("x", true, R"(, "results": )" + kRows)};
        });
        QueryJob job(m_client, hogql(u"SELECT 1"_s));
        QSignalSpy done(&job, &QueryJob::succeeded);
        QSignalSpy failed(&job, &QueryJob::failed);
        job.start();
        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 8000);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(job.pollRetries(), 2);
        QCOMPARE(m_server->requests("GET").size(), 3);
    }

    void persistentServerErrorsWhilePollingEndTheJob()
    {
        // Retries are bounded: the sixth failed read in a row ends the job with the server's words.
        m_server->setHandler([](const Request& request) {
            if (request.method == "POST")
                return Response{202, status(idOf(request), false)};
            return Response{
                500,
                R"({"type":"server_error","code":"error","detail":"A server error occurred.","attr":null})"};
        });
        QueryJob job(m_client, hogql(u"SELECT 1"_s));
        QSignalSpy failed(&job, &QueryJob::failed);
        job.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        const ApiError error = failed.first().first().value<ApiError>();
        QCOMPARE(error.kind, ApiError::Kind::Server);
        QCOMPARE(error.httpStatus, 500);
        QCOMPARE(job.pollRetries(), QueryJob::kMaxPollRetries);
        QCOMPARE(m_server->requests("GET").size(), QueryJob::kMaxPollRetries + 1);
    }

    void connectionRefusedIsNetworkError()
    {
        const QUrl dead = m_server->baseUrl();
        delete m_server;
        m_server = nullptr;
        ApiClient client(Connection{dead, "k", u"1"_s});
        QueryJob job(&client, hogql(u"SELECT 1"_s));
        QSignalSpy failed(&job, &QueryJob::failed);
        job.start();
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(failed.first().first().value<ApiError>().kind, ApiError::Kind::Network);
        QCOMPARE(failed.first().first().value<ApiError>().code, u"connection_refused"_s);
    }

    void fallsBackToProjectsFamily()
    {
        m_server->setHandler([](const Request& request) {
            if (request.path().startsWith("/api/environments/"))
                return Response{
                    404,
                    R"({"type":"invalid_request","code":"not_found","detail":"Not found.","attr":null})"};
            return Response{200, kRows};
        });
        QueryJob job(m_client, hogql(u"SELECT 1"_s));
        QSignalSpy done(&job, &QueryJob::succeeded);
        job.start();
        QTRY_COMPARE(done.count(), 1);
        QCOMPARE(m_server->requests().size(), 2);
        QCOMPARE(m_server->requests().at(1).path(), QByteArray("/api/projects/7/query/"));
        QCOMPARE(m_client->urlFamily(), ApiClient::UrlFamily::Projects);
        // Later requests go straight to projects/.
        QueryJob second(m_client, hogql(u"SELECT 2"_s));
        QSignalSpy secondDone(&second, &QueryJob::succeeded);
        second.start();
        QTRY_COMPARE(secondDone.count(), 1);
        QCOMPARE(m_server->requests().size(), 3);
        QCOMPARE(m_server->requests().at(2).path(), QByteArray("/api/projects/7/query/"));
    }

    void keyNeverFollowsRedirectToAnotherHost()
    {
        FakeHttpServer other;
        QVERIFY(other.listen());
        other.setHandler([](const Request&) { return Response{200, kRows}; });
        QUrl target = other.baseUrl();
        target.setHost(u"localhost"_s);
        target.setPath(u"/api/environments/7/query/"_s);
        m_server->setHandler([&](const Request&) {
            return Response{307, QByteArray(), {{"Location", target.toEncoded()}}};
        });
        QueryJob job(m_client, hogql(u"SELECT 1"_s));
        QSignalSpy failed(&job, &QueryJob::failed);
        job.start();
        QTRY_COMPARE(failed.count(), 1);
        const ApiError error = failed.first().first().value<ApiError>();
        QCOMPARE(error.kind, ApiError::Kind::Network);
        QCOMPARE(error.code, u"redirect_refused"_s);
        QTest::qWait(200);
        QCOMPARE(other.requests().size(), 0);
    }

    void sameHostRedirectIsFollowed()
    {
        m_server->setHandler([](const Request& request) {
            if (request.path() == "/api/environments/7/query/")
                return Response{307, QByteArray(), {{"Location", "/moved/api/environments/7/query/"}}};
            return Response{200, kRows};
        });
        QueryJob job(m_client, hogql(u"SELECT 1"_s));
        QSignalSpy done(&job, &QueryJob::succeeded);
        job.start();
        QTRY_COMPARE(done.count(), 1);
        QCOMPARE(m_server->requests().size(), 2);
        QCOMPARE(m_server->requests().at(1).headers.value("authorization"), QByteArray("Bearer phx_test"));
    }

    void transferTimeoutIsNetworkError()
    {
        m_client->setTransferTimeout(std::chrono::milliseconds(300));
        m_server->setHandler([](const Request&) { return Response{200, kRows, {}, 3000}; });
        QueryJob job(m_client, hogql(u"SELECT 1"_s));
        QSignalSpy failed(&job, &QueryJob::failed);
        job.start();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 2500);
        QCOMPARE(failed.first().first().value<ApiError>().kind, ApiError::Kind::Network);
        QCOMPARE(failed.first().first().value<ApiError>().code, u"timeout"_s);
    }

    void restartDropsPreviousRun()
    {
        int posts = 0;
        m_server->setHandler([&posts](const Request& request) {
            if (request.method == "DELETE")
                return Response{204, QByteArray()};
            ++posts;
            // The first run answers late; only the second run's rows may arrive.
            if (posts == 1)
                return Response{200, R"({"results": [[1]], "columns": ["first"]})", {}, 500};
            return Response{200, R"({"results": [[2]], "columns": ["second"]})"};
        });
        QueryJob job(m_client, hogql(u"SELECT 1"_s));
        QSignalSpy done(&job, &QueryJob::succeeded);
        job.start();
        QTRY_COMPARE(m_server->requests("POST").size(), 1);
        job.start();
        QTRY_COMPARE(done.count(), 1);
        QTest::qWait(700);
        QCOMPARE(done.count(), 1);
        QCOMPARE(done.first().first().value<QueryResult>().table->columnName(0), u"second"_s);
    }
};

QTEST_GUILESS_MAIN(TestQueryJob)
#include "tst_query_job.moc"
