#pragma once

// Feeds a PersonsModel from the server, page by page.

#include "api/api_client.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QUrl>

namespace hogscope::api {
class PersonsClient;
class QueryScheduler;
class ScheduledQuery;
struct ApiError;
struct QueryProgress;
struct QueryResult;
struct LegacyActorsPage;
template <typename T>
struct ApiResult;
} // namespace hogscope::api
namespace hogscope::model {
class PersonsModel;
}

namespace hogscope::ui {

// Answers the model's page requests. All persons go through ActorsQuery (search, person property
// filters, the order of the sorted column, limit/offset paging) and, beside it, GET persons/ with
// include_total for the count. An insight drill-down runs ActorsQuery with the InsightActorsQuery as
// its source; when the server does not know that (400 or 404 on the first page: servers with only the
// older endpoints), it falls back to persons/retention|stickiness|path and pages through their `next`
// links. Every request carries the model's generation: replies of an older listing are dropped, and
// starting a new listing cancels the query in flight (on the server too).
class PersonsFetcher : public QObject
{
    Q_OBJECT

public:
    enum class Mode
    {
        None,
        AllPersons,
        InsightActors,       // ActorsQuery with an InsightActorsQuery source
        LegacyInsightActors, // persons/retention|stickiness|path
    };

    PersonsFetcher(model::PersonsModel* model, api::PersonsClient* persons, QObject* parent = nullptr);
    ~PersonsFetcher() override;

    // Where queries go (null = disconnected). A listing in progress starts over on the new connection.
    void setScheduler(api::QueryScheduler* scheduler);
    void setPageSize(int rows) { m_pageSize = std::max(1, rows); }
    int pageSize() const { return m_pageSize; }

    // Narrows the listing to persons whose email, name, id or a distinct id contains `search` and who
    // pass the person property filters (PostHog's shape); starts the listing over when it changed.
    // The legacy endpoints cannot filter: there it waits for the next listing.
    void setFilter(const QString& search, const QJsonArray& properties);
    QString search() const { return m_search; }
    QJsonArray properties() const { return m_properties; }
    // Lists every person (filtered), in the model's sort order (created_at DESC by default).
    void listAll();
    // Lists the persons behind an insight data point (filtered).
    void listInsightActors(const QJsonObject& insightActorsQuery);
    QJsonObject insightActorsQuery() const { return m_insight; }
    // Starts the current listing over (a new query, same parameters).
    void reload();
    // Stops what is in flight (on the server too); the model shows it as cancelled.
    void cancel();

    Mode mode() const { return m_mode; }
    bool isBusy() const;
    // The number of persons matching the listing, when the server said (-1 otherwise).
    qint64 totalCount() const { return m_total; }
    // Why the legacy endpoint is in use (empty while not).
    QString fallbackReason() const { return m_fallbackReason; }

    // The ActorsQuery order for a column of the model (empty for the default order).
    QStringList orderByFor(int column, Qt::SortOrder order) const;

Q_SIGNALS:
    void busyChanged(bool busy);
    // What the request in flight is doing, for a status line ("Waiting for a query slot…").
    void progressText(const QString& text);
    void totalCountChanged(qint64 total);
    // The drill-down switched to the legacy endpoint; `reason` is the ActorsQuery error.
    void fellBack(const QString& reason);

private:
    void start();
    void onFetchRequested(quint64 generation, int offset);
    void onSortRequested();
    void fetchActors(quint64 generation, int offset);
    void fetchLegacy(quint64 generation, int offset);
    void fetchCount(quint64 generation);
    void onActorsSucceeded(quint64 generation, int offset, const api::QueryResult& result);
    void onActorsFailed(quint64 generation, int offset, const api::ApiError& error);
    void onLegacyPage(quint64 generation, int offset, const api::ApiResult<api::LegacyActorsPage>& result);
    void releaseQuery(api::ScheduledQuery* query);
    void dropRequests();
    void setBusy(bool busy);

    QPointer<model::PersonsModel> m_model;
    QPointer<api::PersonsClient> m_persons;
    QPointer<api::QueryScheduler> m_scheduler;
    Mode m_mode = Mode::None;
    QString m_search;
    QJsonArray m_properties;
    QJsonObject m_insight;
    int m_pageSize = 100;
    qint64 m_total = -1;
    QString m_fallbackReason;
    QUrl m_legacyNext;
    // In flight: at most one query (a child, so deleting it cancels on the server) and one request.
    QPointer<api::ScheduledQuery> m_query;
    api::RequestHandle m_request;
    api::RequestHandle m_countRequest;
    bool m_busy = false;
};

} // namespace hogscope::ui
