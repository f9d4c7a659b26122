#pragma once

#include <QMetaType>
#include <QString>

namespace hogscope::api {

// Everything that can go wrong talking to PostHog, as one value with a message written for the user.
struct ApiError
{
    enum class Kind
    {
        Network,   // no HTTP answer: refused, DNS, TLS, timeout, redirect refused, gateway hiccups
        Auth,      // 401/403: bad key, missing scope, no access to the project
        Query,     // 400: HogQL syntax/semantic errors and other problems with the request
        Server,    // 5xx and unexpected answers
        Expired,   // the query's status/result is gone from the server (poll 404)
        Throttled, // 429: rate limit or concurrency limit
        Cancelled, // the user cancelled
        Decode,    // the body could not be read as the response we expected
    };

    Kind kind = Kind::Server;
    int httpStatus = 0;
    QString code;    // PostHog's error code ("hogql_syntax_error", "throttled", ...) when known
    QString message; // one or two sentences for the user
    QString attr;    // offending request field, when PostHog names one
    int start = -1;  // character offsets into the query when known
    int end = -1;
    int retryAfterSeconds = -1; // for Throttled: the wait PostHog announced, when it did

    static QString kindName(Kind kind);
};

} // namespace hogscope::api

Q_DECLARE_METATYPE(hogscope::api::ApiError)
