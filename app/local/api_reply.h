#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>
#include <QUrl>

#include <utility>
#include <vector>

namespace hogscope::local {

// One answer of the HTTP API, before it is written: status, JSON body and extra headers. Built by
// the endpoint code (which may run on a worker thread) and written by ApiServer on its own thread.
struct ApiReply
{
    int status = 200;
    QJsonObject body;
    QByteArray raw;     // when not empty: the body as JSON bytes, sent instead of `body`
    bool empty = false; // no body at all (204)
    std::vector<std::pair<QByteArray, QByteArray>> headers;
};

// PostHog's error body (drf-exceptions-hog): {"type", "code", "detail", "attr"}. An empty attr is
// written as null.
QJsonObject apiErrorBody(const QString& type, const QString& code, const QString& detail,
                         const QString& attr = {});
ApiReply apiError(int status, const QString& type, const QString& code, const QString& detail,
                  const QString& attr = {});

// The common ones, with DRF's texts.
ApiReply apiNotFound(const QString& detail = QStringLiteral("Not found."));
ApiReply apiMethodNotAllowed(const QByteArray& method);
ApiReply apiValidationError(const QString& detail, const QString& code = QStringLiteral("invalid_input"),
                            const QString& attr = {});

// DRF's LimitOffsetPagination links: `url` with its limit/offset query items replaced (or, for
// offset 0 on the previous link, removed), as absolute URLs.
QString pageUrl(const QUrl& url, qint64 limit, qint64 offset, bool dropOffset = false);

// A non-negative integer query parameter, or `fallback` when absent or not such a number (DRF's
// paginators ignore bad values rather than failing).
qint64 queryInteger(const QString& text, qint64 fallback);

} // namespace hogscope::local
