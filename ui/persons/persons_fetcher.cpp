#include "persons_fetcher.h"

#include "api/api_error.h"
#include "api/persons_client.h"
#include "api/query_result.h"
#include "api/query_scheduler.h"
#include "model/persons_model.h"

#include <QLocale>

namespace hogscope::ui {

namespace {

QString progressLine(const api::QueryProgress& progress)
{
    if (progress.rowsRead <= 0)
        return PersonsFetcher::tr("Loading persons…");
    return PersonsFetcher::tr("Loading persons… %1 rows read").arg(QLocale().toString(progress.rowsRead));
}

} // namespace

PersonsFetcher::PersonsFetcher(model::PersonsModel* model, api::PersonsClient* persons, QObject* parent)
    : QObject(parent)
    , m_model(model)
    , m_persons(persons)
{
    connect(model, &model::PersonsModel::fetchMoreRequested, this, &PersonsFetcher::onFetchRequested);
    connect(model, &model::PersonsModel::sortRequested, this, &PersonsFetcher::onSortRequested);
}

PersonsFetcher::~PersonsFetcher()
{
    // Going away with its owner: cancel what runs, tell nobody (the owner may be half destroyed).
    blockSignals(true);
    dropRequests();
}

void PersonsFetcher::setScheduler(api::QueryScheduler* scheduler)
{
    if (m_scheduler == scheduler)
        return;
    dropRequests();
    m_scheduler = scheduler;
    if (m_mode != Mode::None)
        start();
}

bool PersonsFetcher::isBusy() const
{
    return m_busy;
}

void PersonsFetcher::setFilter(const QString& search, const QJsonArray& properties)
{
    if (search.trimmed() == m_search && properties == m_properties)
        return;
    m_search = search.trimmed();
    m_properties = properties;
    if (m_mode == Mode::AllPersons || m_mode == Mode::InsightActors)
        start();
}

void PersonsFetcher::listAll()
{
    m_mode = Mode::AllPersons;
    m_insight = QJsonObject();
    m_fallbackReason.clear();
    if (m_model)
        m_model->setExtraColumns({});
    start();
}

void PersonsFetcher::listInsightActors(const QJsonObject& insightActorsQuery)
{
    m_mode = Mode::InsightActors;
    m_insight = insightActorsQuery;
    m_fallbackReason.clear();
    if (m_model) {
        m_model->clearSortState();
        m_model->setExtraColumns(api::insightActorsExtraColumns(insightActorsQuery));
    }
    start();
}

void PersonsFetcher::reload()
{
    if (m_mode != Mode::None)
        start();
}

void PersonsFetcher::start()
{
    dropRequests();
    m_legacyNext.clear();
    if (m_total != -1) {
        m_total = -1;
        Q_EMIT totalCountChanged(m_total);
    }
    if (!m_model)
        return;
    if (m_scheduler == nullptr) {
        m_model->deactivate();
        return;
    }
    const quint64 generation = m_model->restart();
    if (m_mode == Mode::AllPersons)
        fetchCount(generation);
    // The view asks for the first page through fetchMore; ask now too, in case no view is attached.
    if (m_model->canFetchMore(QModelIndex()))
        m_model->fetchMore(QModelIndex());
}

void PersonsFetcher::cancel()
{
    if (!m_model || !m_model->isFetching())
        return;
    const quint64 generation = m_model->generation();
    dropRequests();
    m_model->cancelPage(generation, tr("Cancelled. Press Retry to load more."));
}

QStringList PersonsFetcher::orderByFor(int column, Qt::SortOrder order) const
{
    if (!m_model || column < 0)
        return {};
    const QString direction = order == Qt::DescendingOrder ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    switch (m_model->columnKind(column)) {
    case model::PersonsModel::ColumnKind::Name:
        // PostHog orders "person" by the display-name property; only this exact form is understood.
        return {order == Qt::DescendingOrder ? QStringLiteral("person DESC") : QStringLiteral("person")};
    case model::PersonsModel::ColumnKind::CreatedAt:
        // The id breaks ties, so that offset paging neither repeats nor skips persons.
        return {QStringLiteral("created_at") + direction, QStringLiteral("id") + direction};
    case model::PersonsModel::ColumnKind::Property:
        return {api::personPropertyExpression(m_model->columnKey(column)) + direction,
                QStringLiteral("id") + direction};
    case model::PersonsModel::ColumnKind::Extra:
        break;
    }
    return {};
}

void PersonsFetcher::onSortRequested()
{
    if (m_mode != Mode::None)
        start();
}

void PersonsFetcher::onFetchRequested(quint64 generation, int offset)
{
    if (!m_model || generation != m_model->generation())
        return;
    if (m_mode == Mode::LegacyInsightActors)
        fetchLegacy(generation, offset);
    else
        fetchActors(generation, offset);
}

void PersonsFetcher::fetchActors(quint64 generation, int offset)
{
    if (!m_scheduler) {
        m_model->failPage(generation, tr("Not connected to a PostHog server."));
        return;
    }
    api::ActorsPageRequest page;
    page.limit = m_pageSize;
    page.offset = offset;
    page.search = m_search;
    page.properties = m_properties;
    if (m_mode == Mode::AllPersons) {
        page.orderBy = orderByFor(m_model->sortColumn(), m_model->sortOrder());
        if (page.orderBy.isEmpty())
            page.orderBy = {QStringLiteral("created_at DESC"), QStringLiteral("id DESC")};
    } else {
        page.source = m_insight;
        page.extraSelect = api::insightActorsExtraColumns(m_insight);
        page.orderBy = orderByFor(m_model->sortColumn(), m_model->sortOrder());
        if (page.orderBy.isEmpty())
            page.orderBy = api::insightActorsOrder(m_insight);
    }
    api::QueryRequest request;
    request.query = api::actorsQueryNode(page);
    request.label = m_mode == Mode::AllPersons ? tr("Persons") : tr("Insight persons");
    // The first page runs async (progress, cancel on the server); later pages are small and asked
    // while scrolling, where the first poll's delay would show as a stutter.
    if (offset > 0)
        request.refreshMode = QStringLiteral("blocking");
    if (m_query) {
        // One page at a time: a query still running belongs to a page nobody waits for any more.
        disconnect(m_query, nullptr, this, nullptr);
        delete m_query.data();
    }
    m_query = m_scheduler->submit(request, api::QueryPriority::User, this);
    api::ScheduledQuery* query = m_query;
    connect(query, &api::ScheduledQuery::succeeded, this,
            [this, query, generation, offset](const api::QueryResult& result) {
                releaseQuery(query);
                onActorsSucceeded(generation, offset, result);
            });
    connect(query, &api::ScheduledQuery::failed, this,
            [this, query, generation, offset](const api::ApiError& error) {
                releaseQuery(query);
                onActorsFailed(generation, offset, error);
            });
    connect(query, &api::ScheduledQuery::cancelled, this, [this, query, generation] {
        releaseQuery(query);
        if (m_model)
            m_model->cancelPage(generation, tr("Cancelled. Press Retry to load more."));
    });
    connect(query, &api::ScheduledQuery::progressChanged, this,
            [this](const api::QueryProgress& progress) { Q_EMIT progressText(progressLine(progress)); });
    connect(query, &api::ScheduledQuery::stateChanged, this, [this](api::ScheduledQuery::State state) {
        if (state == api::ScheduledQuery::State::Queued)
            Q_EMIT progressText(tr("Waiting for a query slot…"));
        else if (state == api::ScheduledQuery::State::Running)
            Q_EMIT progressText(tr("Loading persons…"));
    });
    setBusy(true);
    Q_EMIT progressText(query->state() == api::ScheduledQuery::State::Queued ? tr("Waiting for a query slot…")
                                                                             : tr("Loading persons…"));
}

void PersonsFetcher::releaseQuery(api::ScheduledQuery* query)
{
    // Called from the query's own final signal: it may not be deleted there. Only that query is
    // let go; the next page's may already be in flight.
    query->deleteLater();
    if (m_query == query) {
        m_query = nullptr;
        setBusy(false);
    }
}

void PersonsFetcher::onActorsSucceeded(quint64 generation, int offset, const api::QueryResult& result)
{
    if (!m_model || generation != m_model->generation())
        return;
    QString problem;
    const auto persons = result.table
                             ? api::personRecordsFromActors(*result.table, &problem)
                             : std::optional<QList<model::PersonRecord>>(QList<model::PersonRecord>());
    if (!persons) {
        m_model->failPage(generation, tr("The server's answer could not be read: %1.").arg(problem));
        return;
    }
    m_model->appendPage(generation, offset, *persons, result.hasMore);
}

void PersonsFetcher::onActorsFailed(quint64 generation, int offset, const api::ApiError& error)
{
    if (!m_model || generation != m_model->generation())
        return;
    // A server with only the older endpoints rejects the InsightActorsQuery source (400) or the whole
    // query kind (404); the legacy endpoints answer the same question.
    const bool unknownToServer = error.httpStatus == 400 || error.httpStatus == 404;
    if (m_mode == Mode::InsightActors && offset == 0 && unknownToServer) {
        QString mappingError;
        if (api::legacyInsightActorsRequest(m_insight, &mappingError)) {
            m_mode = Mode::LegacyInsightActors;
            m_fallbackReason = error.message;
            m_model->clearSortState();
            Q_EMIT fellBack(error.message);
            fetchLegacy(generation, 0);
            return;
        }
        m_model->failPage(generation, tr("%1\n(The older persons endpoints cannot answer it either: %2.)")
                                          .arg(error.message, mappingError));
        return;
    }
    m_model->failPage(generation, error.message);
}

void PersonsFetcher::fetchLegacy(quint64 generation, int offset)
{
    if (!m_persons) {
        m_model->failPage(generation, tr("Not connected to a PostHog server."));
        return;
    }
    m_request.abort();
    auto handler = [this, generation, offset](const api::ApiResult<api::LegacyActorsPage>& result) {
        onLegacyPage(generation, offset, result);
    };
    if (offset == 0) {
        QString problem;
        const auto request = api::legacyInsightActorsRequest(m_insight, &problem);
        if (!request) {
            m_model->failPage(generation, problem);
            return;
        }
        m_request = m_persons->legacyActors(*request, this, handler);
    } else {
        m_request = m_persons->legacyActorsNext(m_legacyNext, this, handler);
    }
    setBusy(true);
    Q_EMIT progressText(tr("Loading persons (older endpoint)…"));
}

void PersonsFetcher::onLegacyPage(quint64 generation, int offset,
                                  const api::ApiResult<api::LegacyActorsPage>& result)
{
    setBusy(false);
    if (!m_model || generation != m_model->generation())
        return;
    if (!result.ok()) {
        QString message = result.error->message;
        if (offset == 0 && !m_fallbackReason.isEmpty())
            message = tr("%1\n(Tried the older persons endpoint because: %2)").arg(message, m_fallbackReason);
        m_model->failPage(generation, message);
        return;
    }
    m_legacyNext = result.value.next;
    m_model->appendPage(generation, offset, result.value.persons, !m_legacyNext.isEmpty());
}

void PersonsFetcher::fetchCount(quint64 generation)
{
    if (!m_persons)
        return;
    api::PersonsQuery query;
    query.search = m_search;
    query.properties = m_properties;
    query.limit = 1;
    query.includeTotal = true;
    m_countRequest =
        m_persons->list(query, this, [this, generation](const api::ApiResult<api::PersonsPage>& page) {
            // Only a number for the status line: a server that does not count (or fails) shows none.
            if (!m_model || generation != m_model->generation() || !page.ok() || page.value.count < 0)
                return;
            m_total = page.value.count;
            Q_EMIT totalCountChanged(m_total);
        });
}

void PersonsFetcher::dropRequests()
{
    if (m_query) {
        // Deleting a query that still runs cancels it on the server; its signals die with it.
        disconnect(m_query, nullptr, this, nullptr);
        delete m_query.data();
    }
    m_request.abort();
    m_countRequest.abort();
    setBusy(false);
}

void PersonsFetcher::setBusy(bool busy)
{
    if (m_busy == busy)
        return;
    m_busy = busy;
    Q_EMIT busyChanged(busy);
}

} // namespace hogscope::ui
