#include "api/query_scheduler.h"

#include "api/api_client.h"

#include <QLoggingCategory>

#include <algorithm>

namespace hogscope::api {

Q_LOGGING_CATEGORY(lcScheduler, "hogscope.api.scheduler", QtInfoMsg)

SchedulerLimits SchedulerLimits::unthrottled()
{
    SchedulerLimits limits;
    limits.hogqlQueries.clear();
    limits.clickhouse.clear();
    return limits;
}

// --- ScheduledQuery ---------------------------------------------------------------------------

ScheduledQuery::ScheduledQuery(QueryScheduler* scheduler, QueryRequest request, QueryPriority priority,
                               quint64 sequence, QObject* parent)
    : QObject(parent)
    , m_scheduler(scheduler)
    , m_request(std::move(request))
    , m_priority(priority)
    , m_sequence(sequence)
{}

ScheduledQuery::~ScheduledQuery()
{
    // The job (a child) goes after this body and cancels on the server if it still runs.
    if (m_scheduler)
        m_scheduler->forget(this);
}

QString ScheduledQuery::queryId() const
{
    return m_job ? m_job->queryId() : QString();
}

void ScheduledQuery::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

void ScheduledQuery::run(ApiClient* client)
{
    if (!m_job) {
        m_job = new QueryJob(client, m_request.query, this);
        if (!m_request.refreshMode.isEmpty())
            m_job->setRefreshMode(m_request.refreshMode);
        m_job->setDeadline(m_request.deadline);
        m_job->setKeepBody(m_request.keepBody);
        connect(m_job, &QueryJob::stateChanged, this, [this](QueryJob::State state) {
            if (state == QueryJob::State::Polling)
                m_submitting = false; // the server took the query: a later 429 is a poll's, not ours
        });
        connect(m_job, &QueryJob::progressChanged, this, &ScheduledQuery::progressChanged);
        connect(m_job, &QueryJob::serverCancelFinished, this, &ScheduledQuery::serverCancelFinished);
        connect(m_job, &QueryJob::pollSent, this, [this] {
            if (m_scheduler)
                m_scheduler->onPollSent();
        });
        connect(m_job, &QueryJob::succeeded, this, [this](const QueryResult& result) {
            QPointer<ScheduledQuery> self(this);
            finish(State::Succeeded);
            if (!self)
                return;
            Q_EMIT succeeded(result);
            if (self && m_autoDelete)
                deleteLater();
        });
        connect(m_job, &QueryJob::failed, this, &ScheduledQuery::onJobFailed);
        connect(m_job, &QueryJob::cancelled, this, [this] {
            QPointer<ScheduledQuery> self(this);
            finish(State::Cancelled);
            if (!self)
                return;
            Q_EMIT cancelled();
            if (self && m_autoDelete)
                deleteLater();
        });
    }
    m_submitting = true;
    setState(State::Running);
    m_job->start();
}

void ScheduledQuery::finish(State state)
{
    QPointer<ScheduledQuery> self(this);
    setState(state);
    if (self && m_scheduler)
        m_scheduler->onFinished(this);
}

void ScheduledQuery::onJobFailed(const ApiError& error)
{
    QPointer<ScheduledQuery> self(this);
    // Only a refused submit is retried: a poll's 429 was already retried by the job, and a query
    // the server accepted must not be started twice.
    if (error.kind == ApiError::Kind::Throttled && m_submitting && m_scheduler &&
        m_throttleRetries < m_scheduler->limits().maxThrottleRetries) {
        ++m_throttleRetries;
        const std::chrono::milliseconds wait = m_scheduler->throttleWait(error, m_throttleRetries);
        qCInfo(lcScheduler) << "submit throttled (" << error.message << "); retry" << m_throttleRetries
                            << "in" << wait.count() << "ms";
        setState(State::Queued);
        if (!self)
            return;
        m_scheduler->onThrottled(this, wait.count());
        if (!self)
            return;
        Q_EMIT throttled(error, wait);
        return;
    }
    finish(State::Failed);
    if (!self)
        return;
    Q_EMIT failed(error);
    if (self && m_autoDelete)
        deleteLater();
}

bool ScheduledQuery::cancel()
{
    if (m_state == State::Queued) {
        QPointer<ScheduledQuery> self(this);
        if (m_scheduler)
            m_scheduler->forget(this);
        setState(State::Cancelled);
        if (!self)
            return false;
        Q_EMIT cancelled();
        if (self && m_autoDelete)
            deleteLater();
        return false;
    }
    if (m_state != State::Running || !m_job)
        return false;
    if (m_scheduler)
        m_scheduler->onCancelSent();
    m_job->cancel(); // emits cancelled() -> finish(Cancelled)
    return true;
}

// --- QueryScheduler ---------------------------------------------------------------------------

QueryScheduler::QueryScheduler(ApiClient& client, SchedulerLimits limits, QObject* parent)
    : QObject(parent)
    , m_client(client)
    , m_hogqlBudget(QStringLiteral("HogQL queries"), {})
    , m_clickhouseBudget(QStringLiteral("Other requests"), {})
{
    m_elapsed.start();
    m_wake.setSingleShot(true);
    connect(&m_wake, &QTimer::timeout, this, &QueryScheduler::pump);
    setLimits(std::move(limits));
}

QueryScheduler::~QueryScheduler()
{
    m_wake.stop();
    std::vector<QPointer<ScheduledQuery>> all;
    for (ScheduledQuery* query : m_running)
        all.emplace_back(query);
    for (ScheduledQuery* query : m_queue)
        all.emplace_back(query);
    m_running.clear();
    m_queue.clear();
    for (const QPointer<ScheduledQuery>& query : all)
        if (query)
            query->m_scheduler = nullptr;
    for (const QPointer<ScheduledQuery>& query : all)
        if (query)
            query->cancel();
}

void QueryScheduler::setLimits(SchedulerLimits limits)
{
    m_limits = std::move(limits);
    m_limits.maxRunning = std::max(1, m_limits.maxRunning);
    m_limits.reservedForUser = std::clamp(m_limits.reservedForUser, 0, m_limits.maxRunning - 1);
    m_hogqlBudget.setLimits(m_limits.hogqlQueries);
    m_clickhouseBudget.setLimits(m_limits.clickhouse);
    pump();
}

void QueryScheduler::setClock(Clock clock)
{
    m_clock = std::move(clock);
}

qint64 QueryScheduler::now() const
{
    return m_clock ? m_clock() : m_elapsed.elapsed();
}

bool QueryScheduler::isHogQL(const QueryRequest& request)
{
    return request.query.value(QLatin1StringView("kind")).toString() == QLatin1StringView("HogQLQuery");
}

RateBudget& QueryScheduler::budgetFor(const QueryRequest& request)
{
    return isHogQL(request) ? m_hogqlBudget : m_clickhouseBudget;
}

const RateBudget& QueryScheduler::budgetFor(const QueryRequest& request) const
{
    return isHogQL(request) ? m_hogqlBudget : m_clickhouseBudget;
}

std::chrono::milliseconds QueryScheduler::throttleWait(const ApiError& error, int attempt) const
{
    if (error.retryAfterSeconds > 0)
        return std::chrono::seconds(error.retryAfterSeconds);
    if (error.retryAfterSeconds == 0)
        return std::chrono::milliseconds(500); // "available in 0 seconds": the window is just turning
    const qint64 base = m_limits.throttleBackoff.count();
    const qint64 wait = base << std::clamp(attempt - 1, 0, 16);
    return std::chrono::milliseconds(std::min(wait, qint64(m_limits.maxThrottleBackoff.count())));
}

ScheduledQuery* QueryScheduler::submit(QueryRequest request, QueryPriority priority, QObject* owner)
{
    auto* query = new ScheduledQuery(this, std::move(request), priority, m_nextSequence++,
                                     owner ? owner : static_cast<QObject*>(this));
    query->m_autoDelete = owner == nullptr;
    enqueue(query);
    pump();
    return query;
}

void QueryScheduler::enqueue(ScheduledQuery* query)
{
    const auto before = [](const ScheduledQuery* a, const ScheduledQuery* b) {
        if (a->m_priority != b->m_priority)
            return a->m_priority > b->m_priority;
        return a->m_sequence < b->m_sequence;
    };
    m_queue.insert(std::upper_bound(m_queue.begin(), m_queue.end(), query, before), query);
}

int QueryScheduler::runningBackground() const
{
    return int(std::count_if(m_running.begin(), m_running.end(), [](const ScheduledQuery* q) {
        return q->m_priority == QueryPriority::Background;
    }));
}

void QueryScheduler::armWake(qint64 delayMs)
{
    // A few ms late rather than early: a window that has not turned yet would just re-arm.
    m_wake.start(int(std::clamp<qint64>(delayMs + 5, 0, 24LL * 3600 * 1000)));
}

void QueryScheduler::pump()
{
    if (m_pumping) {
        m_pumpAgain = true;
        return;
    }
    m_pumping = true;
    do {
        m_pumpAgain = false;
        const qint64 t = now();
        qint64 wake = -1;
        if (t < m_throttledUntil) {
            wake = m_throttledUntil - t;
        } else {
            const int backgroundCap = m_limits.maxRunning - m_limits.reservedForUser;
            size_t i = 0;
            while (i < m_queue.size() && int(m_running.size()) < m_limits.maxRunning) {
                ScheduledQuery* query = m_queue[i];
                if (query->m_priority == QueryPriority::Background && runningBackground() >= backgroundCap) {
                    ++i;
                    continue;
                }
                RateBudget& budget = budgetFor(query->m_request);
                const qint64 budgetWait = budget.msUntilAvailable(t);
                if (budgetWait > 0) {
                    wake = wake < 0 ? budgetWait : std::min(wake, budgetWait);
                    ++i;
                    continue;
                }
                m_queue.erase(m_queue.begin() + qsizetype(i));
                m_running.push_back(query);
                budget.spend(t);
                qCDebug(lcScheduler) << "start" << query->m_request.label << "running" << m_running.size()
                                     << "queued" << m_queue.size();
                query->run(&m_client); // may finish at once and change both lists
                i = 0;
            }
        }
        if (wake >= 0 && !m_queue.empty())
            armWake(wake);
        else
            m_wake.stop();
    } while (m_pumpAgain);
    m_pumping = false;
    Q_EMIT stateChanged();
}

void QueryScheduler::onPollSent()
{
    m_clickhouseBudget.spend(now());
    Q_EMIT stateChanged();
}

void QueryScheduler::onCancelSent()
{
    m_clickhouseBudget.spend(now());
}

void QueryScheduler::onFinished(ScheduledQuery* query)
{
    std::erase(m_running, query);
    std::erase(m_queue, query);
    pump();
}

void QueryScheduler::onThrottled(ScheduledQuery* query, qint64 waitMs)
{
    std::erase(m_running, query);
    // The whole key is throttled (or the team is at its concurrency limit): hold every submit.
    m_throttledUntil = std::max(m_throttledUntil, now() + waitMs);
    enqueue(query);
    pump();
}

void QueryScheduler::forget(ScheduledQuery* query)
{
    const bool wasRunning = std::find(m_running.begin(), m_running.end(), query) != m_running.end();
    std::erase(m_running, query);
    std::erase(m_queue, query);
    if (wasRunning && query->m_job && query->m_job->state() != QueryJob::State::Cancelled)
        onCancelSent(); // the job's destructor sends the DELETE
    // Not from here: this may run inside the handle's destructor.
    QMetaObject::invokeMethod(this, &QueryScheduler::pump, Qt::QueuedConnection);
}

SchedulerStatus QueryScheduler::status() const
{
    SchedulerStatus status;
    const qint64 t = now();
    status.running = int(m_running.size());
    status.queued = int(m_queue.size());
    status.queuedUser = int(std::count_if(m_queue.begin(), m_queue.end(), [](const ScheduledQuery* q) {
        return q->m_priority == QueryPriority::User;
    }));
    status.throttledForMs = std::max<qint64>(0, m_throttledUntil - t);
    if (!m_queue.empty())
        status.budgetWaitMs = budgetFor(m_queue.front()->m_request).msUntilAvailable(t);
    for (const RateBudget* budget : {&m_hogqlBudget, &m_clickhouseBudget}) {
        for (size_t i = 0; i < budget->limits().size(); ++i) {
            const RateLimit& limit = budget->limits()[i];
            status.budgets.push_back(
                BudgetWindowStatus{budget->name(), limit.requests, limit.period, budget->remainingIn(i, t)});
        }
    }
    return status;
}

} // namespace hogscope::api
