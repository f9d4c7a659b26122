#include "api/insight_results.h"

#include "api/response_decoder.h"
#include "model/result_table.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>
#include <functional>

namespace hogscope::api {

namespace {

// Thrown when a field is missing or has the wrong type; the message names the field.
struct FieldError
{
    QString message;
};

QString typeName(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::Null:
        return QStringLiteral("null");
    case QJsonValue::Bool:
        return QStringLiteral("true/false");
    case QJsonValue::Double:
        return QStringLiteral("a number");
    case QJsonValue::String:
        return QStringLiteral("a string");
    case QJsonValue::Array:
        return QStringLiteral("a list");
    case QJsonValue::Object:
        return QStringLiteral("an object");
    case QJsonValue::Undefined:
        break;
    }
    return QStringLiteral("missing");
}

// A JSON value together with where it sits ("results[2].values[0].count"), for error messages.
class Node
{
public:
    Node(QJsonValue value, QString path)
        : m_value(std::move(value))
        , m_path(std::move(path))
    {}

    const QJsonValue& value() const { return m_value; }
    bool absent() const { return m_value.isUndefined() || m_value.isNull(); }

    Node operator[](const char* key) const
    {
        return Node(m_value.toObject().value(QLatin1StringView(key)),
                    m_path.isEmpty() ? QLatin1StringView(key)
                                     : m_path + QLatin1Char('.') + QLatin1StringView(key));
    }

    QJsonArray array() const
    {
        if (!m_value.isArray())
            wrong("a list");
        return m_value.toArray();
    }
    // Calls each(node) for every element of a list field.
    void forEach(const std::function<void(const Node&)>& each) const
    {
        const QJsonArray elements = array();
        for (qsizetype i = 0; i < elements.size(); ++i)
            each(Node(elements.at(i), QStringLiteral("%1[%2]").arg(m_path).arg(i)));
    }
    void requireObject() const
    {
        if (!m_value.isObject())
            wrong("an object");
    }
    double number() const
    {
        if (!m_value.isDouble())
            wrong("a number");
        return m_value.toDouble();
    }
    qint64 integer() const { return qint64(std::llround(number())); }
    std::optional<double> optionalNumber() const
    {
        if (absent())
            return std::nullopt;
        return number();
    }
    // A string, or empty for null/absent; a number is accepted as its text (ids may be numbers).
    QString text() const
    {
        if (absent())
            return QString();
        if (m_value.isDouble())
            return QString::number(m_value.toDouble(), 'g', 17);
        if (!m_value.isString())
            wrong("a string");
        return m_value.toString();
    }
    bool flag() const
    {
        if (absent())
            return false;
        if (!m_value.isBool())
            wrong("true or false");
        return m_value.toBool();
    }
    QDateTime dateTime() const
    {
        const QByteArray utf8 = text().toUtf8();
        qint64 micros = 0;
        if (!model::parseIsoDateTime(std::string_view(utf8.constData(), size_t(utf8.size())), &micros))
            wrong("an ISO date or date/time");
        return QDateTime::fromMSecsSinceEpoch(micros / 1000, Qt::UTC);
    }

    [[noreturn]] void wrong(const char* expected) const
    {
        if (m_value.isUndefined())
            throw FieldError{QStringLiteral("\"%1\" is missing.").arg(m_path)};
        throw FieldError{QStringLiteral("\"%1\" is %2 where %3 was expected.")
                             .arg(m_path, typeName(m_value), QLatin1StringView(expected))};
    }

private:
    QJsonValue m_value;
    QString m_path;
};

InsightSeries readSeries(const Node& action)
{
    InsightSeries series;
    if (action.absent())
        return series;
    action.requireObject();
    series.id = action["id"].text();
    series.type = action["type"].text();
    series.order = action["order"].absent() ? 0 : int(action["order"].integer());
    series.name = action["name"].text();
    series.customName = action["custom_name"].text();
    series.math = action["math"].text();
    return series;
}

// "<step>_<item>" into its parts; a node without a numeric prefix keeps step 0 and its whole id.
void splitNode(const QString& node, int* step, QString* item)
{
    const qsizetype underscore = node.indexOf(QLatin1Char('_'));
    bool ok = false;
    const int number = underscore > 0 ? node.left(underscore).toInt(&ok) : 0;
    *step = ok ? number : 0;
    *item = ok ? node.mid(underscore + 1) : node;
}

template <typename T>
InsightResponse<T> decodeInsight(QByteArrayView body, const char* kind,
                                 const std::function<void(const Node&, T&)>& readResults)
{
    InsightResponse<T> response;
    auto fail = [&](const QString& message) {
        response.outcome = InsightResponse<T>::Outcome::Failed;
        response.error.kind = ApiError::Kind::Decode;
        response.error.message = message;
        return response;
    };
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return fail(QStringLiteral("The server's %1 response (%2 bytes) is not valid JSON: %3 (at byte %4).")
                        .arg(QLatin1StringView(kind))
                        .arg(body.size())
                        .arg(parseError.errorString())
                        .arg(parseError.offset));
    if (!document.isObject())
        return fail(
            QStringLiteral("The server's %1 response is not a JSON object.").arg(QLatin1StringView(kind)));
    try {
        Node root(document.object(), QString());
        Node answer = root;
        const Node status = root["query_status"];
        if (!status.absent()) {
            status.requireObject();
            response.queryId = status["id"].text();
            if (status["error"].flag()) {
                const QString message = status["error_message"].text();
                response.outcome = InsightResponse<T>::Outcome::Failed;
                response.error.kind = message.isEmpty() ? ApiError::Kind::Server : ApiError::Kind::Query;
                response.error.code = status["error_code"].text();
                response.error.message =
                    message.isEmpty()
                        ? QStringLiteral("The query failed on the server, which gave no reason.")
                        : unpackErrorDetail(message);
                return response;
            }
            if (!status["complete"].flag()) {
                const Node progress = status["query_progress"];
                if (!progress.absent()) {
                    progress.requireObject();
                    response.progress.rowsRead =
                        progress["rows_read"].absent() ? 0 : progress["rows_read"].integer();
                    response.progress.bytesRead =
                        progress["bytes_read"].absent() ? 0 : progress["bytes_read"].integer();
                    response.progress.estimatedRowsTotal = progress["estimated_rows_total"].absent()
                                                               ? 0
                                                               : progress["estimated_rows_total"].integer();
                    response.progress.elapsedSeconds =
                        progress["time_elapsed"].absent() ? 0 : progress["time_elapsed"].number();
                }
                response.outcome = InsightResponse<T>::Outcome::Running;
                return response;
            }
            answer = status["results"];
            answer.requireObject();
        }
        const Node results = answer["results"];
        if (results.value().isUndefined())
            return fail(QStringLiteral("The response has no \"results\"; it is not a %1 result.")
                            .arg(QLatin1StringView(kind)));
        readResults(results, response.result);
        response.hasMore = answer["hasMore"].flag();
        response.hogql = answer["hogql"].value().toString();
        const Node timings = answer["timings"];
        if (timings.value().isArray()) {
            timings.forEach([&](const Node& entry) {
                if (entry.value().isObject())
                    response.timings.push_back(
                        {entry["k"].value().toString(), entry["t"].value().toDouble()});
            });
        }
        response.outcome = InsightResponse<T>::Outcome::Completed;
        return response;
    } catch (const FieldError& error) {
        return fail(
            QStringLiteral("The %1 result is malformed: %2").arg(QLatin1StringView(kind), error.message));
    }
}

} // namespace

InsightResponse<TrendsResult> decodeTrendsResponse(QByteArrayView body)
{
    return decodeInsight<TrendsResult>(body, "trends", [](const Node& results, TrendsResult& trends) {
        results.forEach([&](const Node& item) {
            item.requireObject();
            TrendsSeries series;
            series.label = item["label"].text();
            series.count = item["count"].absent() ? 0 : item["count"].number();
            item["data"].forEach([&](const Node& value) { series.data.push_back(value.number()); });
            if (!item["labels"].absent())
                item["labels"].forEach([&](const Node& label) { series.labels << label.text(); });
            if (!item["days"].absent())
                item["days"].forEach([&](const Node& day) { series.days.push_back(day.dateTime()); });
            if (!series.labels.isEmpty() && series.labels.size() != qsizetype(series.data.size()))
                item["labels"].wrong("one label per data point");
            if (!series.days.empty() && series.days.size() != series.data.size())
                item["days"].wrong("one date per data point");
            series.action = readSeries(item["action"]);
            series.breakdownValue = item["breakdown_value"].value().isUndefined()
                                        ? QJsonValue()
                                        : item["breakdown_value"].value();
            series.aggregatedValue = item["aggregated_value"].optionalNumber();
            series.compare = item["compare"].flag();
            series.compareLabel = item["compare_label"].text();
            trends.series.push_back(std::move(series));
        });
    });
}

InsightResponse<RetentionResult> decodeRetentionResponse(QByteArrayView body)
{
    return decodeInsight<RetentionResult>(
        body, "retention", [](const Node& results, RetentionResult& retention) {
            results.forEach([&](const Node& item) {
                item.requireObject();
                RetentionCohort cohort;
                cohort.date = item["date"].dateTime();
                cohort.label = item["label"].text();
                cohort.breakdownValue = item["breakdown_value"].value().isUndefined()
                                            ? QJsonValue()
                                            : item["breakdown_value"].value();
                item["values"].forEach([&](const Node& entry) {
                    entry.requireObject();
                    RetentionValue value;
                    value.count = entry["count"].integer();
                    value.label = entry["label"].text();
                    value.aggregationValue = entry["aggregation_value"].optionalNumber();
                    cohort.values.push_back(std::move(value));
                });
                retention.cohorts.push_back(std::move(cohort));
            });
        });
}

InsightResponse<StickinessResult> decodeStickinessResponse(QByteArrayView body)
{
    return decodeInsight<StickinessResult>(
        body, "stickiness", [](const Node& results, StickinessResult& stickiness) {
            results.forEach([&](const Node& item) {
                item.requireObject();
                StickinessSeries series;
                series.label = item["label"].text();
                series.count = item["count"].absent() ? 0 : item["count"].integer();
                item["data"].forEach([&](const Node& value) { series.data.push_back(value.integer()); });
                item["days"].forEach([&](const Node& day) { series.days.push_back(int(day.integer())); });
                if (series.days.size() != series.data.size())
                    item["days"].wrong("one interval count per data point");
                if (!item["labels"].absent())
                    item["labels"].forEach([&](const Node& label) { series.labels << label.text(); });
                series.action = readSeries(item["action"]);
                series.compare = item["compare"].flag();
                series.compareLabel = item["compare_label"].text();
                stickiness.series.push_back(std::move(series));
            });
        });
}

InsightResponse<PathsResult> decodePathsResponse(QByteArrayView body)
{
    return decodeInsight<PathsResult>(body, "paths", [](const Node& results, PathsResult& paths) {
        results.forEach([&](const Node& item) {
            item.requireObject();
            PathEdge edge;
            edge.source = item["source"].text();
            edge.target = item["target"].text();
            if (edge.source.isEmpty())
                item["source"].wrong("a node id");
            if (edge.target.isEmpty())
                item["target"].wrong("a node id");
            splitNode(edge.source, &edge.sourceStep, &edge.sourceItem);
            splitNode(edge.target, &edge.targetStep, &edge.targetItem);
            edge.value = item["value"].integer();
            edge.averageConversionTimeMs =
                item["average_conversion_time"].absent() ? 0 : item["average_conversion_time"].number();
            paths.edges.push_back(std::move(edge));
        });
    });
}

} // namespace hogscope::api
