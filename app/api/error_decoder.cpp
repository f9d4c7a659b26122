// Error bodies are small, so they are read with QJsonDocument; rows go through simdjson instead.
#include "api/response_decoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

namespace hogscope::api {

namespace {

QString stringField(const QJsonObject& object, QLatin1StringView key)
{
    const QJsonValue value = object.value(key);
    if (value.isString())
        return value.toString();
    if (value.isArray()) {
        // DRF sometimes gives a list of messages for one field.
        QStringList parts;
        for (const QJsonValue& part : value.toArray())
            if (part.isString())
                parts << part.toString();
        return parts.join(QLatin1Char(' '));
    }
    return QString();
}

ApiError::Kind kindForStatus(int status)
{
    if (status == 401 || status == 403)
        return ApiError::Kind::Auth;
    if (status == 429)
        return ApiError::Kind::Throttled;
    if (status == 404)
        return ApiError::Kind::Server;
    if (status >= 400 && status < 500)
        return ApiError::Kind::Query;
    return ApiError::Kind::Server;
}

QString withPeriod(QString text)
{
    text = text.trimmed();
    if (!text.isEmpty() && !text.endsWith(QLatin1Char('.')) && !text.endsWith(QLatin1Char('!')) &&
        !text.endsWith(QLatin1Char('?')))
        text += QLatin1Char('.');
    return text;
}

} // namespace

QString unpackErrorDetail(const QString& detail)
{
    static const QRegularExpression errorDetail(
        QStringLiteral(R"re(ErrorDetail\(string=(?:'((?:[^'\\]|\\.)*)'|"((?:[^"\\]|\\.)*)"))re"));
    QStringList parts;
    auto matches = errorDetail.globalMatch(detail);
    while (matches.hasNext()) {
        const auto match = matches.next();
        QString text = match.captured(1).isNull() ? match.captured(2) : match.captured(1);
        text.replace(QStringLiteral("\\'"), QStringLiteral("'"))
            .replace(QStringLiteral("\\\""), QStringLiteral("\""));
        parts << text;
    }
    if (parts.isEmpty())
        return detail;
    return parts.join(QLatin1Char(' '));
}

int throttleWaitSeconds(const QString& detail)
{
    static const QRegularExpression wait(QStringLiteral(R"(available in (\d+) seconds?)"),
                                         QRegularExpression::CaseInsensitiveOption);
    const auto match = wait.match(detail);
    return match.hasMatch() ? match.captured(1).toInt() : -1;
}

ApiError decodeErrorResponse(int httpStatus, QByteArrayView body)
{
    ApiError error;
    error.httpStatus = httpStatus;
    error.kind = kindForStatus(httpStatus);

    QString detail;
    QString type;
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body.toByteArray(), &parseError);
    if (parseError.error == QJsonParseError::NoError && document.isObject()) {
        const QJsonObject object = document.object();
        type = stringField(object, QLatin1StringView("type"));
        error.code = stringField(object, QLatin1StringView("code"));
        error.attr = stringField(object, QLatin1StringView("attr"));
        detail = stringField(object, QLatin1StringView("detail"));
        if (type == QLatin1String("multiple") && object.value(QLatin1StringView("list")).isArray()) {
            // Several field errors: "attr: detail" for each.
            QStringList parts;
            for (const QJsonValue& item : object.value(QLatin1StringView("list")).toArray()) {
                const QJsonObject entry = item.toObject();
                const QString attr = stringField(entry, QLatin1StringView("attr"));
                const QString text =
                    withPeriod(unpackErrorDetail(stringField(entry, QLatin1StringView("detail"))));
                parts << (attr.isEmpty() ? text : QStringLiteral("%1: %2").arg(attr, text));
            }
            if (!parts.isEmpty())
                detail = parts.join(QLatin1Char(' '));
        }
        const QJsonObject status = object.value(QLatin1StringView("query_status")).toObject();
        if (!status.isEmpty()) {
            // Poll errors: query_status.error_message / error_code win over the body's own fields.
            const QString message = stringField(status, QLatin1StringView("error_message"));
            if (!message.isEmpty())
                detail = message;
            const QString code = stringField(status, QLatin1StringView("error_code"));
            if (!code.isEmpty())
                error.code = code;
        }
        if (detail.isEmpty())
            detail = stringField(object, QLatin1StringView("error"));
        if (detail.isEmpty() && object.value(QLatin1StringView("error")).isObject())
            detail = stringField(object.value(QLatin1StringView("error")).toObject(),
                                 QLatin1StringView("message"));
        if (detail.isEmpty())
            detail = stringField(object, QLatin1StringView("message"));
        if (detail.isEmpty()) // plain Django REST framework, without drf-exceptions-hog
            detail = stringField(object, QLatin1StringView("non_field_errors"));
    } else if (!body.isEmpty()) {
        const QString text = QString::fromUtf8(body.first(std::min<qsizetype>(body.size(), 300))).trimmed();
        // Plain-text answers are passed on; HTML error pages from proxies, and JSON that does not
        // parse (a broken or cut body), are not worth showing.
        if (!text.startsWith(QLatin1Char('<')) && !text.startsWith(QLatin1Char('{')) &&
            !text.startsWith(QLatin1Char('[')))
            detail = text.simplified();
    }
    detail = unpackErrorDetail(detail).trimmed();

    switch (error.kind) {
    case ApiError::Kind::Auth:
        if (httpStatus == 401)
            error.message =
                QStringLiteral("PostHog did not accept the API key (HTTP 401). %1 Check the personal "
                               "API key in the connection settings.")
                    .arg(withPeriod(detail.isEmpty() ? QStringLiteral("Authentication failed") : detail));
        else
            error.message =
                QStringLiteral("Permission denied (HTTP 403). %1 The key needs the query:read scope and "
                               "access to this project.")
                    .arg(withPeriod(detail.isEmpty() ? QStringLiteral("Access refused") : detail));
        break;
    case ApiError::Kind::Throttled:
        error.retryAfterSeconds = throttleWaitSeconds(detail);
        error.message = QStringLiteral("PostHog is limiting the rate of queries. %1")
                            .arg(withPeriod(detail.isEmpty() ? QStringLiteral("Try again shortly") : detail));
        break;
    case ApiError::Kind::Query:
        if (httpStatus == 402)
            error.message = QStringLiteral("The organization's query quota is used up (HTTP 402). %1Queries "
                                           "run again once the quota is raised or renewed.")
                                .arg(detail.isEmpty() ? QString() : withPeriod(detail) + QLatin1Char(' '));
        else if (detail.isEmpty())
            error.message =
                QStringLiteral("PostHog refused the request (HTTP %1) without saying why.").arg(httpStatus);
        else if (!error.attr.isEmpty() && !detail.startsWith(error.attr))
            error.message = QStringLiteral("%1: %2").arg(error.attr, withPeriod(detail));
        else
            error.message = withPeriod(detail);
        break;
    default:
        if (httpStatus == 503)
            error.message = QStringLiteral("PostHog is too busy to run queries right now (HTTP 503). %1Try "
                                           "again in a minute.")
                                .arg(detail.isEmpty() ? QString() : withPeriod(detail) + QLatin1Char(' '));
        else if (httpStatus == 504)
            error.message = QStringLiteral("The query ran out of time (HTTP 504). %1Narrow the date range, "
                                           "filter earlier or add a LIMIT.")
                                .arg(detail.isEmpty() ? QString() : withPeriod(detail) + QLatin1Char(' '));
        else if (httpStatus == 512)
            error.message = QStringLiteral("PostHog estimates that this query would run too long (HTTP 512). "
                                           "%1Narrow the date range or filter earlier.")
                                .arg(detail.isEmpty() ? QString() : withPeriod(detail) + QLatin1Char(' '));
        else if (httpStatus == 404)
            error.message =
                detail.isEmpty()
                    ? QStringLiteral("Not found (HTTP 404). Check the server URL and the project id.")
                    : QStringLiteral("Not found (HTTP 404): %1").arg(withPeriod(detail));
        else if (detail.isEmpty())
            error.message =
                QStringLiteral("The server failed with HTTP %1 and gave no details.").arg(httpStatus);
        else
            error.message =
                QStringLiteral("The server failed (HTTP %1): %2").arg(httpStatus).arg(withPeriod(detail));
        break;
    }
    return error;
}

} // namespace hogscope::api
