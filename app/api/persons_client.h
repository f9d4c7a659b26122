#pragma once

#include "api/api_client.h"
#include "api/call_support.h"
#include "model/event_timeline_model.h"
#include "model/persons_model.h"

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

namespace hogscope::model {
class ResultTable;
}

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

// ---- ActorsQuery and EventsQuery for the persons browser (pure functions) ----------------------------

// One page of persons asked through ActorsQuery: all persons (search, person property filters, order)
// or, with a `source`, the persons behind an insight data point.
struct ActorsPageRequest
{
    QString search;          // email, name, uuid or a distinct id contains it (case-insensitive)
    QJsonArray properties;   // person property filters [{"key", "value", "operator", "type": "person"}]
    QStringList orderBy;     // HogQL order expressions; empty = the server's default
    QJsonObject source;      // an InsightActorsQuery (PostHog shape), or empty
    QStringList extraSelect; // columns beyond "person", "id", "created_at" (e.g. "appearances")
    int limit = 100;
    int offset = 0;
};

// {"kind": "ActorsQuery", ...} for one page. Without a source it selects person, id and created_at;
// with one, person plus the extra columns (a drill-down's actors have no created_at of their own).
QJsonObject actorsQueryNode(const ActorsPageRequest& request);

// The extra columns a drill-down shows for its source: "appearances" for a retention cell, none else.
QStringList insightActorsExtraColumns(const QJsonObject& insightActorsQuery);
// The order PostHog's frontend gives a drill-down: a retention cell most-returning first, by actor id.
QStringList insightActorsOrder(const QJsonObject& insightActorsQuery);

// A person property as a HogQL expression over persons: properties.`key` (quoted, so any key works).
QString personPropertyExpression(const QString& key);

// The persons of an ActorsQuery result: the "person" column's objects, with every other column (except
// id and created_at) kept in PersonRecord::extra. nullopt and `error` set when there is no person column.
std::optional<QList<model::PersonRecord>> personRecordsFromActors(const model::ResultTable& table,
                                                                  QString* error = nullptr);
// A person of the persons endpoints as the persons views keep it.
model::PersonRecord toPersonRecord(const Person& person);
// A person object of any of PostHog's shapes ({"id"|"uuid", "distinct_ids"|"distinct_id", ...}).
model::PersonRecord personRecordFromJson(const QJsonObject& object);

// EventsQuery for one page of a person's events, newest first, over all time.
QJsonObject personEventsQueryNode(const QString& personUuid, int limit, int offset);
// The same events as a HogQL query a user can edit and run in a query tab.
QString personEventsHogQL(const QString& personUuid, int limit = 100);
// The events of an EventsQuery result whose first column is "*" (the whole event as an object).
std::optional<QList<model::EventRecord>> eventRecordsFromTable(const model::ResultTable& table,
                                                               QString* error = nullptr);

// ---- The legacy drill-down endpoints (servers without InsightActorsQuery) ------------------------------

// GET persons/retention/, persons/stickiness/ or persons/path/ with the legacy filter parameters.
struct LegacyActorsRequest
{
    QString path; // "persons/retention/", ...
    QUrlQuery query;
};
// Maps an InsightActorsQuery over a RetentionQuery (interval), StickinessQuery (day, series) or
// PathsQuery (pathsFilter keys) to its legacy endpoint; nullopt and `error` set for anything else.
std::optional<LegacyActorsRequest> legacyInsightActorsRequest(const QJsonObject& insightActorsQuery,
                                                              QString* error = nullptr);

// A page of a legacy endpoint: {"result": [{"person", "appearances"}]} (retention) or
// {"results": [{"people": [...]}]} (the others), and the `next` link.
struct LegacyActorsPage
{
    QList<model::PersonRecord> persons; // retention: extra "appearances" = the interval indexes counted
    QUrl next;
};
std::optional<LegacyActorsPage> decodeLegacyActorsPage(const QByteArray& body, QString* error = nullptr);

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
    using LegacyHandler = std::function<void(const ApiResult<LegacyActorsPage>& result)>;

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

    // First page of a legacy drill-down endpoint, and the pages its `next` links point to.
    RequestHandle legacyActors(const LegacyActorsRequest& request, QObject* context, LegacyHandler handler);
    RequestHandle legacyActorsNext(const QUrl& next, QObject* context, LegacyHandler handler);

    // The query parameters list() sends (exposed for tests and the persons model's cache key).
    static QUrlQuery listQuery(const PersonsQuery& query);

private:
    RequestHandle getPage(const QString& path, const QUrlQuery& query, QObject* context, PageHandler handler);
    RequestHandle getLegacyPage(const QString& path, const QUrlQuery& query, QObject* context,
                                LegacyHandler handler);

    QPointer<ApiClient> m_client;
};

} // namespace hogscope::api

Q_DECLARE_METATYPE(hogscope::api::Person)
Q_DECLARE_METATYPE(hogscope::api::PersonsPage)
