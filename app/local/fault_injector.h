#pragma once

#include "api_reply.h"

#include <QByteArray>
#include <QHash>
#include <QMutex>

#include <cstdint>
#include <deque>
#include <random>

namespace hogscope::local {

// Faults on demand, so client tests can meet what a real PostHog (or the network in between) does:
// slow answers, 5xx answers, connections dropped before any answer, bodies cut short, whole answers
// whose body is not JSON (a broken proxy or gateway), bodies that trickle in, and PostHog's rate
// limiting (429 with its throttle text). Every option is off by default. Thread-safe.
class FaultInjector
{
public:
    struct Options
    {
        int latencyMs = 0;        // every answer is sent no sooner than this after its request
        double errorRate = 0;     // share of requests answered 500, 502 or 503
        double dropRate = 0;      // share of connections closed without an answer
        double truncateRate = 0;  // share of answers whose body is cut short, then closed
        double malformedRate = 0; // share of answers sent whole whose body is not valid JSON
        int slowBodyMs = 0;       // every body is sent in pieces spread over this many milliseconds
        int ratePerMinute = 0;    // authenticated requests allowed per sliding window; 0 = unlimited
        int rateWindowMs = 60000; // that window: PostHog's minute, shorter only so tests can outwait it
        std::uint64_t seed = 0;   // 0: a random seed
    };

    enum class Action
    {
        None,
        ServerError,
        Drop,
        Truncate,
        Malformed,
    };

    struct Decision
    {
        Action action = Action::None;
        int status = 0; // for ServerError: 500, 502 or 503
    };

    explicit FaultInjector(Options options);

    const Options& options() const { return m_options; }

    // Draws the fate of one request (one draw against the cumulative rates, in the order above).
    Decision decide();

    // DRF's sliding-window throttle for `bucket` (the credential): 0 when the request may pass
    // (it is then counted), else the seconds until one is allowed again (at least 1).
    int throttle(const QByteArray& bucket, std::int64_t nowMs);

    // The bodies of these answers, in PostHog's error shape.
    static ApiReply serverError(int status);
    static ApiReply throttled(int waitSeconds);

private:
    Options m_options;
    QMutex m_mutex; // guards the generator and the windows
    std::mt19937_64 m_random;
    QHash<QByteArray, std::deque<std::int64_t>> m_windows;
};

} // namespace hogscope::local
