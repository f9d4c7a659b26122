#pragma once

#include "api/api_error.h"
#include "api/query_result.h"

#include <QByteArray>
#include <QByteArrayView>

// Pure functions from response bodies to values: no network, no event loop, callable from any thread.
namespace hogscope::api {

// What a /query/ POST or GET /query/:id/ body says.
struct QueryResponse
{
    enum class Outcome
    {
        Completed, // result holds the table and metadata
        Running,   // an async query is still going; progress and queryId are set
        Failed,    // error is set (a failed query_status, or an unreadable body)
    };
    Outcome outcome = Outcome::Failed;
    QString queryId; // query_status.id when the body carried a status
    QueryResult result;
    QueryProgress progress;
    ApiError error;
};

// Decodes a HogQLQueryResponse (sync body) or a {"query_status": {...}} wrapper (202 body or poll),
// taking rows from query_status.results when complete. Large bodies: call off the GUI thread.
// The rows go straight into a columnar ResultTable. When the caller hands over the only reference
// to the body (std::move), the body itself becomes the table's text buffer: cell text is compacted
// in place as it is read, so decoding takes little more memory than the body. A body that is still
// shared is left untouched and the text goes to a buffer of its own. Reading needs 64 spare bytes
// of capacity past the end (ApiClient reads bodies so); without them the body is copied once.
QueryResponse decodeQueryResponse(QByteArray body);

// Turns an HTTP error answer into an ApiError: drf-exceptions-hog bodies {type, code, detail, attr,
// list?}, {"error": "..." | {"message"}}, {"message", "detail"}, plain DRF {"non_field_errors"},
// {"query_status": {error_message, error_code}}, bare text or HTML. The kind follows the status
// (401/403 Auth, 429 Throttled, other 4xx Query, else Server); 402 (quota), 503 (overloaded),
// 504 (timed out) and 512 (estimated too long) get messages that say what to do.
ApiError decodeErrorResponse(int httpStatus, QByteArrayView body);

// Unpacks Django REST framework's "[ErrorDetail(string='...', code='...')]" repr into its text.
QString unpackErrorDetail(const QString& detail);

// Seconds from "Request was throttled. Expected available in 37 seconds."; -1 when absent.
int throttleWaitSeconds(const QString& detail);

} // namespace hogscope::api
