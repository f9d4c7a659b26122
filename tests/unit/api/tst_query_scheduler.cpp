// QueryScheduler against a scripted loopback HTTP server: the concurrency cap, priority order, the
// slot kept for the user, rate budgets (sliding windows), 429 with the announced wait, backoff and
// give-up, cancel of queued and running queries; plus RateBudget's window arithmetic.
#include "api/api_client.h"
#include "api/query_scheduler.h"
#include "api/rate_budget.h"
#include "model/result_table.h"

#include "fake_http_server.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

using namespace hogscope::api;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;
using Response = FakeHttpServer::Response;
using Request = FakeHttpServer::Request;

namespace {

const QByteArray kRows = R"j({"results": [["$pageview", 3]], "columns": ["event", "n"],
    "types": [["event", "String"], ["n", "UInt64"]], "hasMore": false})j";
const QByteArray kThrottled =
    R"({"type": "throttled_error", "code": "throttled", "detail": "Request was throttled. Expected available in 1 seconds.", "attr": null})";
const QByteArray kConcurrency =
    R"({"type": "throttled_error", "code": "throttled", "detail": "Too many concurrent queries for this team.", "attr": null})";

QByteArray status(const QByteArray& id, bool complete, const QByteArray& extra = QByteArray())
{
    return R"({"query_status": {"id": ")" + id + R"(", "query_async": true, "complete": )" +
           (complete ? "true" : "false") + R"(, "error": false)" + extra + "}}";
}

QueryRequest hogql(const QString& sql, const QString& refresh = QString())
{
    QueryRequest request;
    request.query = QJsonObject{{u"kind"_s, u"HogQLQuery"_s}, {u"query"_s, sql}};
    request.refreshMode = refresh;
    request.label = sql;
    return request;
}

QJsonObject bodyOf(const Request& request)
{
    return QJsonDocument::fromJson(request.body).object();
}

QString sqlOf(const Request& request)
{
    return bodyOf(request).value(u"query"_s).toObject().value(u"query"_s).toString();
}

QByteArray idOf(const Request& request)
{
    return bodyOf(request).value(u"client_query_id"_s).toString().toUtf8();
}

QByteArray idInPath(const Request& request)
{
    return request.path().split('/').value(5);
}

} // namespace

class TestQueryScheduler : public QObject
{
    Q_OBJECT

private:
    FakeHttpServer* m_server = nullptr;
    ApiClient* m_client = nullptr;
    // Async queries that may complete: their next poll answers 200.
    QSet<QByteArray> m_released;

    // A server where POST answers 202 and polls answer 202 until the id is released.
    void serveHeldQueries()
    {
        m_server->setHandler([this](const Request& request) {
            if (request.method == "POST")
                return Response{202, status(idOf(request), false)};
            if (request.method == "DELETE")
                return Response{200, R"({"message": "Cancelled query on clickhouse"})"};
            const QByteArray id = idInPath(request);
            if (m_released.contains(id))
                return Response{200, status(id, true, R"(, "results": )" + kRows)};
            return Response{202, status(id, false)};
        });
    }

    QStringList postedQueries() const
    {
        QStringList out;
        for (const Request& request : m_server->requests("POST"))
            out << sqlOf(request);
        return out;
    }

    QByteArray postedId(const QString& sql) const
    {
        for (const Request& request : m_server->requests("POST"))
            if (sqlOf(request) == sql)
                return idOf(request);
        return QByteArray();
    }

private Q_SLOTS:
    void init()
    {
        m_released.clear();
        m_server = new FakeHttpServer(this);
        QVERIFY(m_server->listen());
        m_client = new ApiClient(Connection{m_server->baseUrl(), "phx_test", u"7"_s}, this);
    }
    void cleanup()
    {
        delete m_client;
        delete m_server;
    }

    // --- RateBudget -------------------------------------------------------------------------

    void rateBudgetWindows_data()
    {
        QTest::addColumn<QList<qint64>>("spent");
        QTest::addColumn<qint64>("now");
        QTest::addColumn<int>("remaining");
        QTest::addColumn<qint64>("wait");
        // Limits: 3 per 1000 ms and 5 per 10 000 ms.
        QTest::newRow("fresh") << QList<qint64>{} << qint64(0) << 3 << qint64(0);
        QTest::newRow("two spent") << QList<qint64>{0, 10} << qint64(20) << 1 << qint64(0);
        QTest::newRow("burst full") << QList<qint64>{0, 10, 20} << qint64(30) << 0 << qint64(970);
        QTest::newRow("oldest left the burst window")
            << QList<qint64>{0, 10, 20} << qint64(1000) << 1 << qint64(0);
        QTest::newRow("sustained full")
            << QList<qint64>{0, 1000, 2000, 3000, 4000} << qint64(5000) << 0 << qint64(5000);
        QTest::newRow("sustained frees")
            << QList<qint64>{0, 1000, 2000, 3000, 4000} << qint64(10000) << 1 << qint64(0);
        QTest::newRow("over budget (polls)") << QList<qint64>{0, 1, 2, 3} << qint64(4) << 0 << qint64(997);
    }
    void rateBudgetWindows()
    {
        QFETCH(QList<qint64>, spent);
        QFETCH(qint64, now);
        QFETCH(int, remaining);
        QFETCH(qint64, wait);
        RateBudget budget(u"test"_s, {{3, 1000ms}, {5, 10000ms}});
        for (const qint64 t : spent)
            budget.spend(t);
        QCOMPARE(budget.remaining(now), remaining);
        QCOMPARE(budget.msUntilAvailable(now), wait);
        QCOMPARE(budget.canSpend(now), wait == 0);
    }

    void rateBudgetUnlimited()
    {
        RateBudget budget(u"none"_s, {});
        QVERIFY(budget.isUnlimited());
        for (int i = 0; i < 1000; ++i)
            budget.spend(i);
        QVERIFY(budget.canSpend(1000));
        QCOMPARE(budget.remaining(1000), INT_MAX);
    }

    void defaultLimitsFollowTheSpec()
    {
        const SchedulerLimits limits = SchedulerLimits::postHog();
        QCOMPARE(limits.maxRunning, 3);
        QCOMPARE(limits.hogqlQueries.size(), size_t(1));
        QCOMPARE(limits.hogqlQueries[0].requests, 120);
        QCOMPARE(limits.hogqlQueries[0].period, std::chrono::milliseconds(1h));
        QCOMPARE(limits.clickhouse.size(), size_t(2));
        QCOMPARE(limits.clickhouse[0].requests, 240);
        QCOMPARE(limits.clickhouse[0].period, std::chrono::milliseconds(1min));
        QCOMPARE(limits.clickhouse[1].requests, 1200);
        QCOMPARE(limits.clickhouse[1].period, std::chrono::milliseconds(1h));
    }

    // --- Scheduler --------------------------------------------------------------------------

    void atMostThreeRunning()
    {
        serveHeldQueries();
        QueryScheduler scheduler(*m_client);
        QList<ScheduledQuery*> queries;
        for (int i = 1; i <= 4; ++i)
            queries << scheduler.submit(hogql(u"SELECT %1"_s.arg(i)), QueryPriority::User, this);
        QTRY_COMPARE(m_server->requests("POST").size(), 3);
        QCOMPARE(scheduler.status().running, 3);
        QCOMPARE(scheduler.status().queued, 1);
        QCOMPARE(queries[3]->state(), ScheduledQuery::State::Queued);
        // Polling goes on, but no fourth query starts while three run.
        QTest::qWait(700);
        QVERIFY(m_server->requests("GET").size() >= 3);
        QCOMPARE(m_server->requests("POST").size(), 3);

        QSignalSpy done(queries[0], &ScheduledQuery::succeeded);
        m_released.insert(postedId(u"SELECT 1"_s));
        QTRY_COMPARE(done.count(), 1);
        QTRY_COMPARE(m_server->requests("POST").size(), 4);
        QCOMPARE(postedQueries().last(), u"SELECT 4"_s);
        QCOMPARE(queries[3]->state(), ScheduledQuery::State::Running);
        QCOMPARE(scheduler.status().running, 3);
        QCOMPARE(scheduler.status().queued, 0);
        const QueryResult result = done.first().first().value<QueryResult>();
        QCOMPARE(result.table->rowCount(), 1);
        qDeleteAll(queries);
    }

    void userQueriesGoFirst()
    {
        serveHeldQueries();
        QueryScheduler scheduler(*m_client);
        QList<ScheduledQuery*> queries;
        for (const QString& sql : {u"U1"_s, u"U2"_s, u"U3"_s})
            queries << scheduler.submit(hogql(sql), QueryPriority::User, this);
        queries << scheduler.submit(hogql(u"B1"_s), QueryPriority::Background, this);
        queries << scheduler.submit(hogql(u"U4"_s), QueryPriority::User, this);
        QTRY_COMPARE(m_server->requests("POST").size(), 3);
        QCOMPARE(scheduler.status().queued, 2);
        QCOMPARE(scheduler.status().queuedUser, 1);

        // One slot frees: the later user query goes before the earlier background one.
        m_released.insert(postedId(u"U1"_s));
        QTRY_COMPARE(m_server->requests("POST").size(), 4);
        QCOMPARE(postedQueries().last(), u"U4"_s);
        QCOMPARE(queries[3]->state(), ScheduledQuery::State::Queued);

        m_released.insert(postedId(u"U2"_s));
        QTRY_COMPARE(m_server->requests("POST").size(), 5);
        QCOMPARE(postedQueries(), (QStringList{u"U1"_s, u"U2"_s, u"U3"_s, u"U4"_s, u"B1"_s}));
        qDeleteAll(queries);
    }

    void backgroundLeavesASlotForTheUser()
    {
        serveHeldQueries();
        QueryScheduler scheduler(*m_client);
        QList<ScheduledQuery*> queries;
        for (const QString& sql : {u"B1"_s, u"B2"_s, u"B3"_s})
            queries << scheduler.submit(hogql(sql), QueryPriority::Background, this);
        QTRY_COMPARE(m_server->requests("POST").size(), 2);
        QTest::qWait(200);
        QCOMPARE(m_server->requests("POST").size(), 2);
        QCOMPARE(queries[2]->state(), ScheduledQuery::State::Queued);
        // The user's Run starts at once in the kept slot.
        queries << scheduler.submit(hogql(u"U1"_s), QueryPriority::User, this);
        QCOMPARE(queries[3]->state(), ScheduledQuery::State::Running);
        QTRY_COMPARE(m_server->requests("POST").size(), 3);
        QCOMPARE(postedQueries().last(), u"U1"_s);
        QCOMPARE(scheduler.status().running, 3);
        qDeleteAll(queries);
    }

    void budgetExhaustionQueues()
    {
        m_server->setHandler([](const Request&) { return Response{200, kRows}; });
        SchedulerLimits limits;
        limits.hogqlQueries = {{2, 1000ms}};
        QueryScheduler scheduler(*m_client, limits);
        QList<ScheduledQuery*> queries;
        QList<std::shared_ptr<QSignalSpy>> spies;
        for (int i = 1; i <= 3; ++i) {
            queries << scheduler.submit(hogql(u"SELECT %1"_s.arg(i), u"force_blocking"_s),
                                        QueryPriority::User, this);
            spies << std::make_shared<QSignalSpy>(queries.back(), &ScheduledQuery::succeeded);
        }
        QTRY_COMPARE(spies[1]->count(), 1);
        QCOMPARE(spies[0]->count(), 1);
        // Slots are free, the budget is not: the third waits for the window to turn.
        const SchedulerStatus waiting = scheduler.status();
        QCOMPARE(waiting.running, 0);
        QCOMPARE(waiting.queued, 1);
        QVERIFY2(waiting.budgetWaitMs > 0, qPrintable(QString::number(waiting.budgetWaitMs)));
        QCOMPARE(waiting.budgets.size(), size_t(3)); // HogQL per window + the two ClickHouse windows
        QCOMPARE(waiting.budgets[0].limit, 2);
        QCOMPARE(waiting.budgets[0].remaining, 0);
        QCOMPARE(queries[2]->state(), ScheduledQuery::State::Queued);
        QTRY_COMPARE_WITH_TIMEOUT(spies[2]->count(), 1, 3000);
        const QList<Request> posts = m_server->requests("POST");
        QCOMPARE(posts.size(), 3);
        QVERIFY2(posts[2].atMs - posts[0].atMs >= 950,
                 qPrintable(u"third POST after %1 ms"_s.arg(posts[2].atMs - posts[0].atMs)));
        qDeleteAll(queries);
    }

    void pollsSpendTheClickHouseBudget()
    {
        int polls = 0;
        m_server->setHandler([&polls](const Request& request) {
            if (request.method == "POST")
                return Response{202, status(idOf(request), false)};
            return ++polls < 3 ? Response{202, status(idInPath(request), false)}
                               : Response{200, status(idInPath(request), true, R"(, "results": )" + kRows)};
        });
        SchedulerLimits limits;
        limits.clickhouse = {{100, 60s}};
        QueryScheduler scheduler(*m_client, limits);
        auto* query = scheduler.submit(hogql(u"SELECT 1"_s), QueryPriority::User, this);
        QSignalSpy done(query, &ScheduledQuery::succeeded);
        QTRY_COMPARE(done.count(), 1);
        QCOMPARE(polls, 3);
        const SchedulerStatus status = scheduler.status();
        // budgets: [HogQL 120/h, ClickHouse 100/min]; one HogQL submit, three polls.
        QCOMPARE(status.budgets.size(), size_t(2));
        QCOMPARE(status.budgets[0].remaining, 119);
        QCOMPARE(status.budgets[1].remaining, 97);
        delete query;
    }

    void throttledSubmitWaitsTheAnnouncedSeconds()
    {
        int posts = 0;
        m_server->setHandler([&posts](const Request& request) {
            if (request.method == "POST" && ++posts == 1)
                return Response{429, kThrottled};
            return Response{200, kRows};
        });
        QueryScheduler scheduler(*m_client);
        auto* first = scheduler.submit(hogql(u"SELECT 1"_s, u"force_blocking"_s), QueryPriority::User, this);
        QSignalSpy throttled(first, &ScheduledQuery::throttled);
        QSignalSpy done(first, &ScheduledQuery::succeeded);
        QSignalSpy failed(first, &ScheduledQuery::failed);
        QTRY_COMPARE(throttled.count(), 1);
        QCOMPARE(throttled.first().at(1).value<std::chrono::milliseconds>(), std::chrono::milliseconds(1000));
        QCOMPARE(throttled.first().at(0).value<ApiError>().kind, ApiError::Kind::Throttled);
        QCOMPARE(first->state(), ScheduledQuery::State::Queued);
        QVERIFY(scheduler.status().throttledForMs > 500);
        // The whole key is throttled: a query submitted now waits for the same pause.
        auto* second = scheduler.submit(hogql(u"SELECT 2"_s, u"force_blocking"_s), QueryPriority::User, this);
        QSignalSpy secondDone(second, &ScheduledQuery::succeeded);
        QCOMPARE(second->state(), ScheduledQuery::State::Queued);

        QTRY_COMPARE_WITH_TIMEOUT(done.count(), 1, 5000);
        QTRY_COMPARE(secondDone.count(), 1);
        QCOMPARE(failed.count(), 0);
        QCOMPARE(first->throttleRetries(), 1);
        const QList<Request> requests = m_server->requests("POST");
        QCOMPARE(requests.size(), 3);
        QVERIFY2(requests[1].atMs - requests[0].atMs >= 990,
                 qPrintable(u"retried after %1 ms"_s.arg(requests[1].atMs - requests[0].atMs)));
        QVERIFY(requests[2].atMs - requests[0].atMs >= 990);
        // A resubmit is a new run with a new id (the refused one never existed on the server).
        QVERIFY(idOf(requests[0]) != idOf(requests[1]));
        QCOMPARE(scheduler.status().throttledForMs, 0);
        delete first;
        delete second;
    }

    void throttleWithoutTimeBacksOffThenGivesUp()
    {
        m_server->setHandler([](const Request&) { return Response{429, kConcurrency}; });
        SchedulerLimits limits;
        limits.throttleBackoff = 100ms;
        limits.maxThrottleRetries = 2;
        QueryScheduler scheduler(*m_client, limits);
        QCOMPARE(scheduler.throttleWait(ApiError{}, 1), std::chrono::milliseconds(100));
        QCOMPARE(scheduler.throttleWait(ApiError{}, 3), std::chrono::milliseconds(400));
        auto* query = scheduler.submit(hogql(u"SELECT 1"_s, u"force_blocking"_s), QueryPriority::User, this);
        QSignalSpy throttled(query, &ScheduledQuery::throttled);
        QSignalSpy failed(query, &ScheduledQuery::failed);
        QTRY_COMPARE(failed.count(), 1);
        QCOMPARE(throttled.count(), 2);
        QCOMPARE(failed.first().first().value<ApiError>().kind, ApiError::Kind::Throttled);
        QCOMPARE(query->state(), ScheduledQuery::State::Failed);
        const QList<Request> posts = m_server->requests("POST");
        QCOMPARE(posts.size(), 3);
        QVERIFY(posts[1].atMs - posts[0].atMs >= 95);
        QVERIFY(posts[2].atMs - posts[1].atMs >= 195); // doubled
        QCOMPARE(scheduler.status().running, 0);
        delete query;
    }

    void cancelQueuedQuery()
    {
        serveHeldQueries();
        QueryScheduler scheduler(*m_client);
        QList<ScheduledQuery*> queries;
        for (int i = 1; i <= 4; ++i)
            queries << scheduler.submit(hogql(u"SELECT %1"_s.arg(i)), QueryPriority::User, this);
        QTRY_COMPARE(m_server->requests("POST").size(), 3);
        QSignalSpy cancelled(queries[3], &ScheduledQuery::cancelled);
        QSignalSpy stateChanged(&scheduler, &QueryScheduler::stateChanged);
        QVERIFY(!queries[3]->cancel()); // nothing was sent, so nothing to DELETE
        QCOMPARE(cancelled.count(), 1);
        QCOMPARE(queries[3]->state(), ScheduledQuery::State::Cancelled);
        QTRY_VERIFY(stateChanged.count() >= 1);
        QCOMPARE(scheduler.status().queued, 0);

        m_released.insert(postedId(u"SELECT 1"_s));
        QSignalSpy done(queries[0], &ScheduledQuery::succeeded);
        QTRY_COMPARE(done.count(), 1);
        QTest::qWait(300);
        QCOMPARE(m_server->requests("POST").size(), 3);
        QCOMPARE(m_server->requests("DELETE").size(), 0);
        qDeleteAll(queries);
    }

    void cancelRunningQueryFreesItsSlot()
    {
        serveHeldQueries();
        QueryScheduler scheduler(*m_client);
        QList<ScheduledQuery*> queries;
        for (int i = 1; i <= 4; ++i)
            queries << scheduler.submit(hogql(u"SELECT %1"_s.arg(i)), QueryPriority::User, this);
        QTRY_COMPARE(m_server->requests("POST").size(), 3);
        QTRY_COMPARE(queries[1]->job()->state(), QueryJob::State::Polling);
        QSignalSpy confirmed(queries[1], &ScheduledQuery::serverCancelFinished);
        QVERIFY(queries[1]->cancel());
        QCOMPARE(queries[1]->state(), ScheduledQuery::State::Cancelled);
        QTRY_COMPARE(confirmed.count(), 1);
        QCOMPARE(confirmed.first().first().toBool(), true);
        QCOMPARE(m_server->requests("DELETE").size(), 1);
        QCOMPARE(idInPath(m_server->requests("DELETE").first()), postedId(u"SELECT 2"_s));
        QTRY_COMPARE(m_server->requests("POST").size(), 4);
        QCOMPARE(postedQueries().last(), u"SELECT 4"_s);
        qDeleteAll(queries);
    }

    void deletingAHandleCancelsOnTheServer()
    {
        serveHeldQueries();
        QueryScheduler scheduler(*m_client);
        auto* first = scheduler.submit(hogql(u"SELECT 1"_s), QueryPriority::User, this);
        QTRY_COMPARE(first->job()->state(), QueryJob::State::Polling);
        const QByteArray id = first->queryId().toUtf8();
        delete first;
        QTRY_COMPARE(m_server->requests("DELETE").size(), 1);
        QCOMPARE(idInPath(m_server->requests("DELETE").first()), id);
        QTRY_COMPARE(scheduler.status().running, 0);
    }

    void unownedHandlesDeleteThemselves()
    {
        m_server->setHandler([](const Request&) { return Response{200, kRows}; });
        QueryScheduler scheduler(*m_client);
        QPointer<ScheduledQuery> query =
            scheduler.submit(hogql(u"SELECT 1"_s, u"force_blocking"_s), QueryPriority::Background);
        QSignalSpy done(query.data(), &ScheduledQuery::succeeded);
        QTRY_COMPARE(done.count(), 1);
        QTRY_VERIFY(query.isNull());
    }

    void destroyingTheSchedulerCancelsEverything()
    {
        serveHeldQueries();
        auto* scheduler = new QueryScheduler(*m_client);
        QList<ScheduledQuery*> queries;
        for (int i = 1; i <= 4; ++i)
            queries << scheduler->submit(hogql(u"SELECT %1"_s.arg(i)), QueryPriority::User, this);
        QTRY_COMPARE(m_server->requests("POST").size(), 3);
        QSignalSpy queuedCancelled(queries[3], &ScheduledQuery::cancelled);
        delete scheduler;
        QCOMPARE(queuedCancelled.count(), 1);
        for (ScheduledQuery* query : queries)
            QCOMPARE(query->state(), ScheduledQuery::State::Cancelled);
        QTRY_COMPARE(m_server->requests("DELETE").size(), 3);
        qDeleteAll(queries);
    }
};

QTEST_GUILESS_MAIN(TestQueryScheduler)
#include "tst_query_scheduler.moc"
