#include "api/rate_budget.h"

#include <algorithm>
#include <climits>

namespace hogscope::api {

RateBudget::RateBudget(QString name, std::vector<RateLimit> limits)
    : m_name(std::move(name))
{
    setLimits(std::move(limits));
}

void RateBudget::setLimits(std::vector<RateLimit> limits)
{
    m_limits = std::move(limits);
    m_longestMs = 0;
    // A limit that allows nothing or has no period would stall every request: ignore it.
    std::erase_if(m_limits,
                  [](const RateLimit& limit) { return limit.requests <= 0 || limit.period.count() <= 0; });
    for (const RateLimit& limit : m_limits)
        m_longestMs = std::max<qint64>(m_longestMs, limit.period.count());
}

void RateBudget::forgetBefore(qint64 nowMs) const
{
    while (!m_sent.empty() && m_sent.front() <= nowMs - m_longestMs)
        m_sent.pop_front();
}

int RateBudget::remainingIn(size_t index, qint64 nowMs) const
{
    if (index >= m_limits.size())
        return INT_MAX;
    forgetBefore(nowMs);
    const RateLimit& limit = m_limits[index];
    const qint64 windowStart = nowMs - limit.period.count();
    // m_sent is sorted: count the sends inside (windowStart, nowMs].
    const auto first = std::upper_bound(m_sent.begin(), m_sent.end(), windowStart);
    const qint64 used = qint64(std::distance(first, m_sent.end()));
    return int(std::max<qint64>(0, limit.requests - used));
}

int RateBudget::remaining(qint64 nowMs) const
{
    int room = INT_MAX;
    for (size_t i = 0; i < m_limits.size(); ++i)
        room = std::min(room, remainingIn(i, nowMs));
    return room;
}

qint64 RateBudget::msUntilAvailable(qint64 nowMs) const
{
    forgetBefore(nowMs);
    qint64 wait = 0;
    for (const RateLimit& limit : m_limits) {
        const qint64 windowStart = nowMs - limit.period.count();
        const auto first = std::upper_bound(m_sent.begin(), m_sent.end(), windowStart);
        const qint64 used = qint64(std::distance(first, m_sent.end()));
        if (used < limit.requests)
            continue;
        // The window frees a slot when the oldest of the last `requests` sends leaves it.
        const qint64 oldestCounted = *(m_sent.end() - limit.requests);
        wait = std::max(wait, oldestCounted + limit.period.count() - nowMs);
    }
    return wait;
}

void RateBudget::spend(qint64 nowMs)
{
    if (m_limits.empty())
        return;
    if (!m_sent.empty() && nowMs < m_sent.back())
        nowMs = m_sent.back(); // keep the log sorted even if a caller's clock steps back
    m_sent.push_back(nowMs);
    forgetBefore(nowMs);
}

} // namespace hogscope::api
