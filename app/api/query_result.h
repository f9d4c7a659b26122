#pragma once

#include <QByteArray>
#include <QMetaType>
#include <QString>

#include <memory>
#include <vector>

namespace hogscope::model {
class ResultTable;
}

namespace hogscope::api {

// Live progress of a running query, from query_status.query_progress.
struct QueryProgress
{
    qint64 rowsRead = 0;
    qint64 bytesRead = 0;
    qint64 estimatedRowsTotal = 0;
    double elapsedSeconds = 0;
};

// One entry of a response's "timings": a stage name and its duration in seconds.
struct QueryTiming
{
    QString key;
    double seconds = 0;
};

// A finished query: the decoded table plus the response's metadata.
struct QueryResult
{
    std::shared_ptr<const model::ResultTable> table;
    bool hasMore = false;
    QString hogql;
    QString clickhouse;
    bool cached = false;
    double elapsedSeconds = 0; // server's total from timings (key "."), else the client's wall clock
    std::vector<QueryTiming> timings;
    // With QueryRequest::keepBody (insight queries, whose results are not a table): the complete
    // response object, undecoded, for the typed decoders of insight_results.h; `table` is then null.
    QByteArray body;
};

} // namespace hogscope::api

Q_DECLARE_METATYPE(hogscope::api::QueryProgress)
Q_DECLARE_METATYPE(hogscope::api::QueryResult)
