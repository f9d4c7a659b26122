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
QueryResponse decodeQueryResponse(QByteArray body);

// Turns an HTTP error answer into an ApiError: drf-exceptions-hog bodies {type, code, detail, attr,
// list?}, {"error": ...}, {"message", "detail"}, {"query_status": {error_message, error_code}}, bare
// text or HTML. The kind follows the status (401/403 Auth, 429 Throttled, other 4xx Query, else Server).
ApiError decodeErrorResponse(int httpStatus, QByteArrayView body);

// Unpacks Django REST framework's "[ErrorDetail(string='...', code='...')]" repr into its text.
QString unpackErrorDetail(const QString& detail);

// Seconds from "Request was throttled. Expected available in 37 seconds."; -1 when absent.
int throttleWaitSeconds(const QString& detail);

} // namespace hogscope::api
