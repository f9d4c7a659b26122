#include "api/raw_query_response.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace hogscope::api {

QueryResponse decodeRawQueryResponse(const QByteArray& body)
{
    QueryResponse response;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject()) {
        response.outcome = QueryResponse::Outcome::Failed;
        response.error.kind = ApiError::Kind::Decode;
        response.error.message =
            parseError.error != QJsonParseError::NoError
                ? QStringLiteral("The server's response (%1 bytes) is not valid JSON: %2 (at byte %3).")
                      .arg(body.size())
                      .arg(parseError.errorString())
                      .arg(parseError.offset)
                : QStringLiteral("The server's response is not a JSON object.");
        return response;
    }
    const QJsonObject root = document.object();
    const QJsonValue statusValue = root.value(QStringLiteral("query_status"));
    if (!statusValue.isObject()) {
        // A synchronous answer: the body is the response.
        response.outcome = QueryResponse::Outcome::Completed;
        response.result.body = body;
        return response;
    }
    const QJsonObject status = statusValue.toObject();
    response.queryId = status.value(QStringLiteral("id")).toString();
    if (status.value(QStringLiteral("error")).toBool(false)) {
        const QString message = status.value(QStringLiteral("error_message")).toString();
        response.outcome = QueryResponse::Outcome::Failed;
        response.error.kind = message.isEmpty() ? ApiError::Kind::Server : ApiError::Kind::Query;
        response.error.code = status.value(QStringLiteral("error_code")).toString();
        response.error.message = message.isEmpty()
                                     ? QStringLiteral("The query failed on the server, which gave no reason.")
                                     : unpackErrorDetail(message);
        return response;
    }
    if (!status.value(QStringLiteral("complete")).toBool(false)) {
        const QJsonObject progress = status.value(QStringLiteral("query_progress")).toObject();
        response.progress.rowsRead = progress.value(QStringLiteral("rows_read")).toInteger();
        response.progress.bytesRead = progress.value(QStringLiteral("bytes_read")).toInteger();
        response.progress.estimatedRowsTotal =
            progress.value(QStringLiteral("estimated_rows_total")).toInteger();
        response.progress.elapsedSeconds = progress.value(QStringLiteral("time_elapsed")).toDouble();
        response.outcome = QueryResponse::Outcome::Running;
        return response;
    }
    const QJsonValue results = status.value(QStringLiteral("results"));
    if (!results.isObject()) {
        response.outcome = QueryResponse::Outcome::Failed;
        response.error.kind = ApiError::Kind::Decode;
        response.error.message =
            QStringLiteral("The finished query's status has no response object in \"results\".");
        return response;
    }
    response.outcome = QueryResponse::Outcome::Completed;
    response.result.body = QJsonDocument(results.toObject()).toJson(QJsonDocument::Compact);
    return response;
}

} // namespace hogscope::api
