#pragma once

#include "api/response_decoder.h"

#include <QByteArray>

namespace hogscope::api {

// Like decodeQueryResponse, for answers whose "results" are not a table (RetentionQuery,
// StickinessQuery, PathsQuery, ...): reads only the status (running with progress, failed, complete)
// and, when complete, hands over the whole response object undecoded in result.body (for a
// {"query_status": ...} wrapper, its "results"). The typed decoders in insight_results.h read it.
// Pure; callable from any thread.
QueryResponse decodeRawQueryResponse(const QByteArray& body);

} // namespace hogscope::api
