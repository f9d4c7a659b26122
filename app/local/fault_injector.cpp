#include "fault_injector.h"

#include <QMutexLocker>
#include <QRandomGenerator>

namespace hogscope::local {

FaultInjector::FaultInjector(Options options)
    : m_options(options)
    , m_random(options.seed != 0 ? options.seed : QRandomGenerator::system()->generate64())
{}

FaultInjector::Decision FaultInjector::decide()
{
    Decision decision;
    if (m_options.errorRate <= 0 && m_options.dropRate <= 0 && m_options.truncateRate <= 0 &&
        m_options.malformedRate <= 0)
        return decision;
    QMutexLocker lock(&m_mutex);
    std::uniform_real_distribution<double> uniform(0.0, 1.0);
    const double draw = uniform(m_random);
    double bound = m_options.errorRate;
    if (draw < bound) {
        static constexpr int statuses[] = {500, 502, 503};
        decision.action = Action::ServerError;
        decision.status = statuses[std::uniform_int_distribution<int>(0, 2)(m_random)];
        return decision;
    }
    bound += m_options.dropRate;
    if (draw < bound) {
        decision.action = Action::Drop;
        return decision;
    }
    bound += m_options.truncateRate;
    if (draw < bound) {
        decision.action = Action::Truncate;
        return decision;
    }
    bound += m_options.malformedRate;
    if (draw < bound)
        decision.action = Action::Malformed;
    return decision;
}

int FaultInjector::throttle(const QByteArray& bucket, std::int64_t nowMs)
{
    if (m_options.ratePerMinute <= 0)
        return 0;
    const std::int64_t windowMs = std::max(1, m_options.rateWindowMs);
    QMutexLocker lock(&m_mutex);
    std::deque<std::int64_t>& history = m_windows[bucket];
    while (!history.empty() && history.front() <= nowMs - windowMs)
        history.pop_front();
    if (static_cast<int>(history.size()) < m_options.ratePerMinute) {
        history.push_back(nowMs);
        return 0;
    }
    // DRF's wait(): the time until the oldest request in the window leaves it, rounded up.
    const std::int64_t remainingMs = windowMs - (nowMs - history.front());
    return static_cast<int>(std::max<std::int64_t>(1, (remainingMs + 999) / 1000));
}

ApiReply FaultInjector::serverError(int status)
{
    ApiReply reply;
    switch (status) {
    case 502:
        reply = apiError(502, QStringLiteral("server_error"), QStringLiteral("bad_gateway"),
                         QStringLiteral("Bad gateway."));
        break;
    case 503:
        reply = apiError(503, QStringLiteral("server_error"), QStringLiteral("service_unavailable"),
                         QStringLiteral("Service temporarily unavailable, try again later."));
        break;
    default:
        reply = apiError(500, QStringLiteral("server_error"), QStringLiteral("error"),
                         QStringLiteral("A server error occurred."));
        break;
    }
    reply.headers.emplace_back(QByteArrayLiteral("X-Hogscope-Fault"), QByteArrayLiteral("server-error"));
    return reply;
}

ApiReply FaultInjector::throttled(int waitSeconds)
{
    // DRF's Throttled text, singular for one second.
    const QString detail =
        waitSeconds == 1
            ? QStringLiteral("Request was throttled. Expected available in 1 second.")
            : QStringLiteral("Request was throttled. Expected available in %1 seconds.").arg(waitSeconds);
    ApiReply reply = apiError(429, QStringLiteral("throttled_error"), QStringLiteral("throttled"), detail);
    reply.headers.emplace_back(QByteArrayLiteral("Retry-After"), QByteArray::number(waitSeconds));
    return reply;
}

} // namespace hogscope::local
