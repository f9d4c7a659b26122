#pragma once

#include <QString>
#include <QtGlobal>

#include <chrono>
#include <deque>
#include <vector>

namespace hogscope::api {

// One PostHog throttle: at most `requests` in any window of `period` (DRF's "n/minute" rates).
struct RateLimit
{
    int requests = 0;
    std::chrono::milliseconds period{0};
};

// A client-side copy of one or more PostHog throttles that share a bucket (e.g. clickhouse_burst and
// clickhouse_sustained). It keeps the times of the requests spent in the longest period and allows a
// new one only when every window has room — the sliding-window rule DRF's SimpleRateThrottle applies
// on the server. A token bucket refilled at n/period would let up to 2n through in one window and so
// earn 429s; the sliding window never does. Times are milliseconds on a monotonic clock chosen by the
// caller.
class RateBudget
{
public:
    RateBudget() = default;
    RateBudget(QString name, std::vector<RateLimit> limits);

    const QString& name() const { return m_name; }
    // New windows; the log of what was spent is kept (the server remembers it too).
    void setLimits(std::vector<RateLimit> limits);
    const std::vector<RateLimit>& limits() const { return m_limits; }
    bool isUnlimited() const { return m_limits.empty(); }

    // Requests still allowed now: the smallest room over the windows (INT_MAX when unlimited).
    int remaining(qint64 nowMs) const;
    // Requests still allowed in the window of limits()[index].
    int remainingIn(size_t index, qint64 nowMs) const;
    // Milliseconds until one more request is allowed (0 = now).
    qint64 msUntilAvailable(qint64 nowMs) const;
    bool canSpend(qint64 nowMs) const { return msUntilAvailable(nowMs) == 0; }
    // Records one request sent at nowMs (also when over budget: polls are not ours to hold back).
    void spend(qint64 nowMs);

private:
    void forgetBefore(qint64 nowMs) const;

    QString m_name;
    std::vector<RateLimit> m_limits;
    qint64 m_longestMs = 0;
    mutable std::deque<qint64> m_sent; // ascending send times within the longest period
};

} // namespace hogscope::api
