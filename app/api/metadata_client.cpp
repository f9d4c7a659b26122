#include "api/metadata_client.h"

#include "api/call_support.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace hogscope::api {

namespace {

QList<MetadataNotice> noticesFrom(const QJsonArray& array, MetadataNotice::Severity severity,
                                  const QString& query)
{
    QList<MetadataNotice> notices;
    for (const QJsonValue& value : array) {
        const QJsonObject object = value.toObject();
        MetadataNotice notice;
        notice.severity = severity;
        notice.message = object.value(QLatin1StringView("message")).toString();
        notice.fix = object.value(QLatin1StringView("fix")).toString();
        const QJsonValue start = object.value(QLatin1StringView("start"));
        const QJsonValue end = object.value(QLatin1StringView("end"));
        if (start.isDouble()) {
            notice.start = codePointToUtf16(query, start.toInt());
            notice.end = end.isDouble() ? codePointToUtf16(query, end.toInt()) : notice.start;
            if (notice.end < notice.start)
                notice.end = notice.start;
            notice.utf8Start = int(QStringView(query).first(notice.start).toUtf8().size());
            notice.utf8End =
                notice.utf8Start +
                int(QStringView(query).sliced(notice.start, notice.end - notice.start).toUtf8().size());
        }
        notices << notice;
    }
    return notices;
}

} // namespace

int codePointToUtf16(const QString& text, int codePoints)
{
    if (codePoints <= 0)
        return 0;
    qsizetype index = 0;
    int seen = 0;
    while (index < text.size() && seen < codePoints) {
        index += (text.at(index).isHighSurrogate() && index + 1 < text.size() &&
                  text.at(index + 1).isLowSurrogate())
                     ? 2
                     : 1;
        ++seen;
    }
    return int(index);
}

std::optional<MetadataResult> decodeMetadataResponse(const QByteArray& body, const QString& query,
                                                     QString* error)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = parseError.errorString();
        return std::nullopt;
    }
    QJsonObject object = document.object();
    // A server that ran it as a (completed) async query wraps the answer in query_status.results.
    const QJsonObject status = object.value(QLatin1StringView("query_status")).toObject();
    if (!object.contains(QLatin1StringView("isValid")) &&
        status.value(QLatin1StringView("results")).isObject())
        object = status.value(QLatin1StringView("results")).toObject();
    if (!document.isObject() || !object.value(QLatin1StringView("isValid")).isBool()) {
        if (error)
            *error = QStringLiteral("no isValid field: not a HogQLMetadata response");
        return std::nullopt;
    }
    MetadataResult result;
    result.query = query;
    result.isValid = object.value(QLatin1StringView("isValid")).toBool();
    result.errors = noticesFrom(object.value(QLatin1StringView("errors")).toArray(),
                                MetadataNotice::Severity::Error, query);
    result.warnings = noticesFrom(object.value(QLatin1StringView("warnings")).toArray(),
                                  MetadataNotice::Severity::Warning, query);
    result.notices = noticesFrom(object.value(QLatin1StringView("notices")).toArray(),
                                 MetadataNotice::Severity::Notice, query);
    for (const QJsonValue& name : object.value(QLatin1StringView("table_names")).toArray())
        result.tableNames << name.toString();
    return result;
}

MetadataClient::MetadataClient(ApiClient* client, QObject* parent)
    : QObject(parent)
    , m_client(client)
{
    qRegisterMetaType<MetadataResult>();
    qRegisterMetaType<ApiError>();
}

void MetadataClient::setClient(ApiClient* client)
{
    cancel();
    m_client = client;
}

quint64 MetadataClient::check(const QString& hogql)
{
    m_request.abort();
    const quint64 generation = ++m_generation;
    if (!m_client) {
        ApiError error;
        error.kind = ApiError::Kind::Network;
        error.code = QStringLiteral("not_connected");
        error.message = QStringLiteral("Not connected to a PostHog server; the query was not checked.");
        QMetaObject::invokeMethod(
            this,
            [this, generation, error] {
                if (generation == m_generation)
                    Q_EMIT failed(generation, error);
            },
            Qt::QueuedConnection);
        return generation;
    }
    const QJsonObject body{
        {QStringLiteral("query"), QJsonObject{{QStringLiteral("kind"), QStringLiteral("HogQLMetadata")},
                                              {QStringLiteral("language"), QStringLiteral("hogQL")},
                                              {QStringLiteral("query"), hogql}}}};
    m_request = m_client->post(
        QStringLiteral("query/"), body, this, [this, generation, hogql](const HttpResponse& response) {
            // The generation guard: an answer for text that has since changed is never shown.
            if (generation != m_generation || response.aborted)
                return;
            if (response.networkFailed || response.status != 200) {
                Q_EMIT failed(generation, errorFromResponse(response, QStringLiteral("query:read")));
                return;
            }
            QString problem;
            auto result = decodeMetadataResponse(response.body, hogql, &problem);
            if (!result) {
                Q_EMIT failed(generation, decodeError(QStringLiteral("the HogQL check"), problem));
                return;
            }
            result->generation = generation;
            Q_EMIT checked(*result);
        });
    return generation;
}

void MetadataClient::cancel()
{
    ++m_generation;
    m_request.abort();
}

} // namespace hogscope::api
