#include "api/persons_client.h"

#include <QJsonDocument>

namespace hogscope::api {

namespace {

const QString kPersonScope = QStringLiteral("person:read");

QString idText(const QJsonValue& value)
{
    if (value.isDouble())
        return QString::number(qint64(value.toDouble()));
    return value.toString();
}

QDateTime timeFrom(const QJsonValue& value)
{
    return value.isString() ? QDateTime::fromString(value.toString(), Qt::ISODateWithMs) : QDateTime();
}

Person personFrom(const QJsonObject& object)
{
    Person person;
    person.id = idText(object.value(QLatin1StringView("id")));
    person.uuid = object.value(QLatin1StringView("uuid")).toString();
    if (person.uuid.isEmpty())
        person.uuid = person.id; // the list shape: id is the UUID
    person.name = object.value(QLatin1StringView("name")).toString();
    for (const QJsonValue& id : object.value(QLatin1StringView("distinct_ids")).toArray())
        if (id.isString())
            person.distinctIds << id.toString();
    person.properties = object.value(QLatin1StringView("properties")).toObject();
    person.isIdentified = object.value(QLatin1StringView("is_identified")).toBool();
    person.createdAt = timeFrom(object.value(QLatin1StringView("created_at")));
    person.lastSeenAt = timeFrom(object.value(QLatin1StringView("last_seen_at")));
    if (person.name.isEmpty()) {
        // The server's rule, for servers that omit the name: email, name, else a distinct id.
        for (const auto key :
             {QLatin1StringView("email"), QLatin1StringView("name"), QLatin1StringView("username")}) {
            person.name = person.properties.value(key).toString();
            if (!person.name.isEmpty())
                break;
        }
        if (person.name.isEmpty())
            person.name = person.distinctIds.value(0, person.uuid);
    }
    return person;
}

std::optional<QJsonDocument> parse(const QByteArray& body, QString* error)
{
    QJsonParseError parseError{};
    QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = parseError.errorString();
        return std::nullopt;
    }
    return document;
}

template <typename T, typename Handler>
void failLater(QObject* context, const Handler& handler, const QString& message)
{
    if (!context)
        return;
    ApiError error;
    error.kind = ApiError::Kind::Network;
    error.code = QStringLiteral("not_connected");
    error.message = message;
    QMetaObject::invokeMethod(
        context, [handler, error] { handler(ApiResult<T>::failure(error)); }, Qt::QueuedConnection);
}

} // namespace

std::optional<PersonsPage> decodePersonsPage(const QByteArray& body, QString* error)
{
    const auto document = parse(body, error);
    if (!document)
        return std::nullopt;
    const QJsonObject object = document->object();
    if (!document->isObject() || !object.value(QLatin1StringView("results")).isArray()) {
        if (error)
            *error = QStringLiteral("expected {\"results\": [...]}");
        return std::nullopt;
    }
    PersonsPage page;
    const QJsonArray results = object.value(QLatin1StringView("results")).toArray();
    page.persons.reserve(results.size());
    for (const QJsonValue& item : results)
        if (item.isObject())
            page.persons << personFrom(item.toObject());
    page.next = QUrl(object.value(QLatin1StringView("next")).toString());
    const QJsonValue count = object.value(QLatin1StringView("count"));
    if (count.isDouble())
        page.count = qint64(count.toDouble());
    return page;
}

std::optional<Person> decodePerson(const QByteArray& body, QString* error)
{
    const auto document = parse(body, error);
    if (!document)
        return std::nullopt;
    if (!document->isObject()) {
        if (error)
            *error = QStringLiteral("expected a person object");
        return std::nullopt;
    }
    Person person = personFrom(document->object());
    if (person.uuid.isEmpty()) {
        if (error)
            *error = QStringLiteral("the person has no id");
        return std::nullopt;
    }
    return person;
}

std::optional<QList<PropertyValue>> decodePropertyValues(const QByteArray& body, QString* error)
{
    const auto document = parse(body, error);
    if (!document)
        return std::nullopt;
    QJsonArray items;
    if (document->isArray())
        items = document->array();
    else if (document->isObject() && document->object().value(QLatin1StringView("results")).isArray())
        items = document->object().value(QLatin1StringView("results")).toArray();
    else {
        if (error)
            *error = QStringLiteral("expected a list of values");
        return std::nullopt;
    }
    QList<PropertyValue> values;
    values.reserve(items.size());
    for (const QJsonValue& item : items) {
        const QJsonObject object = item.toObject();
        const QJsonValue name = object.value(QLatin1StringView("name"));
        PropertyValue value;
        if (name.isString())
            value.name = name.toString();
        else if (name.isDouble() || name.isBool())
            value.name = name.toVariant().toString(); // numeric and boolean properties
        else
            continue;
        const QJsonValue count = object.value(QLatin1StringView("count"));
        if (count.isDouble())
            value.count = qint64(count.toDouble());
        values << value;
    }
    return values;
}

PersonsClient::PersonsClient(ApiClient* client, QObject* parent)
    : QObject(parent)
    , m_client(client)
{
    qRegisterMetaType<Person>();
    qRegisterMetaType<PersonsPage>();
}

QUrlQuery PersonsClient::listQuery(const PersonsQuery& query)
{
    QUrlQuery params;
    if (!query.search.trimmed().isEmpty())
        addQueryValue(params, QStringLiteral("search"), query.search.trimmed());
    if (!query.distinctId.isEmpty())
        addQueryValue(params, QStringLiteral("distinct_id"), query.distinctId);
    if (!query.properties.isEmpty())
        addQueryValue(params, QStringLiteral("properties"),
                      QString::fromUtf8(QJsonDocument(query.properties).toJson(QJsonDocument::Compact)));
    params.addQueryItem(QStringLiteral("limit"), QString::number(std::max(1, query.limit)));
    if (query.includeTotal)
        params.addQueryItem(QStringLiteral("include_total"), QStringLiteral("true"));
    return params;
}

RequestHandle PersonsClient::list(const PersonsQuery& query, QObject* context, PageHandler handler)
{
    return getPage(QStringLiteral("persons/"), listQuery(query), context, std::move(handler));
}

RequestHandle PersonsClient::listNext(const QUrl& next, QObject* context, PageHandler handler)
{
    const std::optional<RelativeLink> link = projectRelativeLink(next);
    if (!link) {
        ApiError error = decodeError(QStringLiteral("the persons list"),
                                     QStringLiteral("its next link (%1) is not a persons page")
                                         .arg(next.toString(QUrl::RemoveUserInfo)));
        if (context)
            QMetaObject::invokeMethod(
                context, [handler, error] { handler(ApiResult<PersonsPage>::failure(error)); },
                Qt::QueuedConnection);
        return RequestHandle();
    }
    return getPage(link->path, link->query, context, std::move(handler));
}

RequestHandle PersonsClient::getPage(const QString& path, const QUrlQuery& query, QObject* context,
                                     PageHandler handler)
{
    if (!m_client) {
        failLater<PersonsPage>(context, handler, QStringLiteral("Not connected to a PostHog server."));
        return RequestHandle();
    }
    return m_client->get(path, query, context, [handler](const HttpResponse& response) {
        if (response.aborted)
            return;
        if (response.networkFailed || response.status != 200) {
            handler(ApiResult<PersonsPage>::failure(errorFromResponse(response, kPersonScope)));
            return;
        }
        QString problem;
        auto page = decodePersonsPage(response.body, &problem);
        if (!page) {
            handler(
                ApiResult<PersonsPage>::failure(decodeError(QStringLiteral("the persons list"), problem)));
            return;
        }
        handler(ApiResult<PersonsPage>::success(std::move(*page)));
    });
}

RequestHandle PersonsClient::person(const QString& uuid, QObject* context, PersonHandler handler)
{
    if (!m_client) {
        failLater<Person>(context, handler, QStringLiteral("Not connected to a PostHog server."));
        return RequestHandle();
    }
    const QString path = QStringLiteral("persons/%1/").arg(QString::fromUtf8(QUrl::toPercentEncoding(uuid)));
    return m_client->get(path, QUrlQuery(), context, [handler, uuid](const HttpResponse& response) {
        if (response.aborted)
            return;
        if (response.status == 404) {
            ApiError error = errorFromResponse(response, kPersonScope);
            error.code = QStringLiteral("not_found");
            error.message =
                QStringLiteral("There is no person %1 in this project (HTTP 404). They may have been "
                               "deleted or merged into another person.")
                    .arg(uuid);
            handler(ApiResult<Person>::failure(error));
            return;
        }
        if (response.networkFailed || response.status != 200) {
            handler(ApiResult<Person>::failure(errorFromResponse(response, kPersonScope)));
            return;
        }
        QString problem;
        auto person = decodePerson(response.body, &problem);
        if (!person) {
            handler(ApiResult<Person>::failure(decodeError(QStringLiteral("the person's details"), problem)));
            return;
        }
        handler(ApiResult<Person>::success(std::move(*person)));
    });
}

RequestHandle PersonsClient::values(const QString& key, const QString& value, QObject* context,
                                    ValuesHandler handler)
{
    if (!m_client) {
        failLater<QList<PropertyValue>>(context, handler,
                                        QStringLiteral("Not connected to a PostHog server."));
        return RequestHandle();
    }
    QUrlQuery query;
    addQueryValue(query, QStringLiteral("key"), key);
    if (!value.isEmpty())
        addQueryValue(query, QStringLiteral("value"), value);
    return m_client->get(
        QStringLiteral("persons/values/"), query, context, [handler](const HttpResponse& response) {
            if (response.aborted)
                return;
            if (response.networkFailed || response.status != 200) {
                handler(ApiResult<QList<PropertyValue>>::failure(errorFromResponse(response, kPersonScope)));
                return;
            }
            QString problem;
            auto values = decodePropertyValues(response.body, &problem);
            if (!values) {
                handler(ApiResult<QList<PropertyValue>>::failure(
                    decodeError(QStringLiteral("the property values"), problem)));
                return;
            }
            handler(ApiResult<QList<PropertyValue>>::success(std::move(*values)));
        });
}

} // namespace hogscope::api
