#pragma once

// What every request to PostHog does the same way, whichever QNetworkAccessManager sends it (the
// ApiClient's, or DirectRequests' for links and streams): the headers PostHog expects, redirects
// followed only within the same origin so the API key never reaches another host, TLS errors kept
// for the message (never ignored), and a transport failure put in words for the user.

#include <QByteArray>
#include <QUrl>

#include <chrono>

class QNetworkReply;
class QNetworkRequest;

namespace hogscope::api {

struct ApiError;

// Same scheme, host and port (default ports filled in).
bool sameOrigin(const QUrl& a, const QUrl& b);

// A request to `url` with the personal API key as Bearer, `accept`, User-Agent Hogscope/VERSION and
// redirects left to guardReply().
QNetworkRequest apiRequest(const QUrl& url, const QByteArray& apiKey,
                           const QByteArray& accept = QByteArrayLiteral("application/json"));

// Connects the redirect and TLS guards to a reply just sent to `origin`: a redirect to the same
// origin is followed, any other aborts the reply and is remembered for transportError().
void guardReply(QNetworkReply* reply, const QUrl& origin);

// The target of a redirect guardReply() refused, or an empty URL.
QUrl refusedRedirect(const QNetworkReply& reply);

// Why `reply` failed below HTTP, for the user: a refused redirect, no answer within
// `transferTimeout`, a refused connection, an unknown host, a TLS failure, anything else.
ApiError transportError(const QNetworkReply& reply, std::chrono::milliseconds transferTimeout);

} // namespace hogscope::api
