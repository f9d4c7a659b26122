#pragma once

#include "api/api_client.h"
#include "api/call_support.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <functional>
#include <optional>

namespace hogscope::api {

// One person as the persons endpoints describe them (list and detail shapes both read).
struct Person
{
    QString uuid; // the person's UUID (what /persons/{id}/ accepts)
    QString id;   // as the server sent it: the UUID in lists, the numeric id in the detail
    QString name; // PostHog's display name (email, name, ... else a distinct id)
    QStringList distinctIds;
    QJsonObject properties;
    bool isIdentified = false;
    QDateTime createdAt;
    QDateTime lastSeenAt; // invalid when unknown
};

// What to list: GET persons/ parameters.
struct PersonsQuery
{
    QString search;        // email full-text or distinct id (newest servers: any distinct id, name, email)
    QString distinctId;    // exact distinct id
    QJsonArray properties; // person property filters, e.g.
                           // [{"key":"email","value":"x","operator":"icontains","type":"person"}]
    int limit = 100;
    bool includeTotal = false; // asks for `count` (extra load on PostHog)
};

// One page of persons; `next` (an absolute URL, offset or cursor) is empty on the last page.
struct PersonsPage
{
    QList<Person> persons;
    QUrl next;
    qint64 count = -1; // only with includeTotal
    bool hasNext() const { return !next.isEmpty(); }
};

// One value of a person property with how many persons have it (-1 when the server does not say).
struct PropertyValue
{
    QString name;
    qint64 count = -1;
};

// Pure decoders (no network): nullopt and `error` set when the body is not the expected answer.
std::optional<PersonsPage> decodePersonsPage(const QByteArray& body, QString* error = nullptr);
std::optional<Person> decodePerson(const QByteArray& body, QString* error = nullptr);
// Both {"results": [...], "refreshing": bool} and the older bare list.
std::optional<QList<PropertyValue>> decodePropertyValues(const QByteArray& body, QString* error = nullptr);

// Typed calls on /persons/: list (search, property filters, paging by `next`), one person's detail,
// and property values for completion. Each call takes a context object and a callback, run only
// while the context lives; the returned handle cancels it, and a cancelled call never calls back.
// Stateless apart from the client, so the persons model, a detail panel and the completion source
// can share one.
class PersonsClient : public QObject
{
    Q_OBJECT

public:
    using PageHandler = std::function<void(const ApiResult<PersonsPage>& result)>;
    using PersonHandler = std::function<void(const ApiResult<Person>& result)>;
    using ValuesHandler = std::function<void(const ApiResult<QList<PropertyValue>>& result)>;

    explicit PersonsClient(ApiClient* client, QObject* parent = nullptr);

    void setClient(ApiClient* client) { m_client = client; }
    ApiClient* client() const { return m_client; }

    // First page of GET persons/.
    RequestHandle list(const PersonsQuery& query, QObject* context, PageHandler handler);
    // The page a previous one's `next` points to (the server's own offset or cursor, followed verbatim).
    RequestHandle listNext(const QUrl& next, QObject* context, PageHandler handler);
    // GET persons/{uuid}/ (a numeric id works too); an unknown person fails with a 404 message.
    RequestHandle person(const QString& uuid, QObject* context, PersonHandler handler);
    // GET persons/values/?key=&value= : values of a person property, most common first.
    RequestHandle values(const QString& key, const QString& value, QObject* context, ValuesHandler handler);

    // The query parameters list() sends (exposed for tests and the persons model's cache key).
    static QUrlQuery listQuery(const PersonsQuery& query);

private:
    RequestHandle getPage(const QString& path, const QUrlQuery& query, QObject* context, PageHandler handler);

    QPointer<ApiClient> m_client;
};

} // namespace hogscope::api

Q_DECLARE_METATYPE(hogscope::api::Person)
Q_DECLARE_METATYPE(hogscope::api::PersonsPage)
