#include "api_reply.h"

#include <QUrlQuery>

namespace hogscope::local {

QJsonObject apiErrorBody(const QString& type, const QString& code, const QString& detail, const QString& attr)
{
    return QJsonObject{
        {QStringLiteral("type"), type},
        {QStringLiteral("code"), code},
        {QStringLiteral("detail"), detail},
        {QStringLiteral("attr"), attr.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(attr)}};
}

ApiReply apiError(int status, const QString& type, const QString& code, const QString& detail,
                  const QString& attr)
{
    ApiReply reply;
    reply.status = status;
    reply.body = apiErrorBody(type, code, detail, attr);
    return reply;
}

ApiReply apiNotFound(const QString& detail)
{
    return apiError(404, QStringLiteral("invalid_request"), QStringLiteral("not_found"), detail);
}

ApiReply apiMethodNotAllowed(const QByteArray& method)
{
    return apiError(405, QStringLiteral("invalid_request"), QStringLiteral("method_not_allowed"),
                    QStringLiteral("Method \"%1\" not allowed.").arg(QString::fromLatin1(method)));
}

ApiReply apiValidationError(const QString& detail, const QString& code, const QString& attr)
{
    return apiError(400, QStringLiteral("validation_error"), code, detail, attr);
}

QString pageUrl(const QUrl& url, qint64 limit, qint64 offset, bool dropOffset)
{
    QUrl link = url;
    QUrlQuery query(url);
    query.removeAllQueryItems(QStringLiteral("limit"));
    query.removeAllQueryItems(QStringLiteral("offset"));
    query.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!dropOffset)
        query.addQueryItem(QStringLiteral("offset"), QString::number(offset));
    link.setQuery(query);
    return link.toString(QUrl::FullyEncoded);
}

qint64 queryInteger(const QString& text, qint64 fallback)
{
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    return ok && value >= 0 ? value : fallback;
}

} // namespace hogscope::local
