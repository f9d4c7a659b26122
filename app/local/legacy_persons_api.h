#pragma once

#include "api_reply.h"

#include <QByteArray>
#include <QString>

struct sqlite3;
class QUrl;

namespace hogscope::local {

class QueryExecution;

// The seed's legacy insight drill-down endpoints, in their historical shapes (spec/posthog-api.md
// §5.4), answered by the same runners as InsightActorsQuery:
//   GET persons/retention/   {"result": [{"person", "appearances"}], "next", "missing_persons"}
//   GET persons/stickiness/  {"results": [{"people", "count"}], "next"}
//   GET|POST persons/path/   {"results": [{"people", "count"}], "next", "initial", "missing_persons",
//                             "is_cached", "last_refresh"}
// Legacy filter parameters come from the query string (and, for path, a JSON body).
namespace legacy {

// True for "retention", "stickiness" and "path".
bool isLegacyPersonsEndpoint(const QString& name);

// Runs one request on a query worker's connection; every outcome is a finished reply.
ApiReply personsEndpoint(sqlite3* db, QueryExecution& execution, const QString& name, const QUrl& url,
                         const QByteArray& body);

} // namespace legacy
} // namespace hogscope::local
