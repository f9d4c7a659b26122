#include "person_detail_view.h"

#include "ui/theme.h"

#include "api/api_error.h"
#include "api/persons_client.h"
#include "api/query_result.h"
#include "api/query_scheduler.h"
#include "model/event_timeline_model.h"
#include "model/persons_property_tree.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFontDatabase>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QSortFilterProxyModel>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace hogscope::ui {

namespace {

using model::PagingState;

QString timeText(const QDateTime& time)
{
    return time.isValid() ? QLocale().toString(time.toUTC(), QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
                                QStringLiteral(" UTC")
                          : PersonDetailView::tr("unknown");
}

QLabel* sectionLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    QFont font = label->font();
    font.setBold(true);
    label->setFont(font);
    return label;
}

void configureTree(QTreeView* view)
{
    view->setUniformRowHeights(true);
    view->setAlternatingRowColors(true);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    view->setContextMenuPolicy(Qt::CustomContextMenu);
    view->header()->setSectionResizeMode(QHeaderView::Interactive);
    view->header()->setStretchLastSection(true);
    view->header()->setDefaultSectionSize(220);
}

} // namespace

PersonDetailView::PersonDetailView(QWidget* parent)
    : QWidget(parent)
    , m_persons(new api::PersonsClient(nullptr, this))
    , m_properties(new model::PropertyTreeModel(this))
    , m_propertiesProxy(new QSortFilterProxyModel(this))
    , m_timeline(new model::EventTimelineModel(this))
    , m_eventProperties(new model::PropertyTreeModel(this))
{
    setObjectName(QStringLiteral("personDetail"));
    m_propertiesProxy->setSourceModel(m_properties);
    m_propertiesProxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_propertiesProxy->setFilterKeyColumn(-1); // key or value
    m_propertiesProxy->setRecursiveFilteringEnabled(true);
    m_propertiesProxy->setAutoAcceptChildRows(true);
    buildUi();
    connect(m_timeline, &model::EventTimelineModel::fetchMoreRequested, this,
            &PersonDetailView::onFetchRequested);
    connect(m_timeline, &model::EventTimelineModel::stateChanged, this,
            &PersonDetailView::updateTimelineStatus);
    updateTimelineStatus();
}

PersonDetailView::~PersonDetailView()
{
    releaseQuery();
}

void PersonDetailView::buildUi()
{
    // Header: name, id, facts, actions.
    m_name = new QLabel(this);
    m_name->setObjectName(QStringLiteral("personName"));
    QFont nameFont = m_name->font();
    nameFont.setPointSizeF(nameFont.pointSizeF() * 1.4);
    nameFont.setBold(true);
    m_name->setFont(nameFont);
    m_name->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_uuidLabel = new QLabel(this);
    m_uuidLabel->setObjectName(QStringLiteral("personUuid"));
    m_uuidLabel->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_uuidLabel->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_facts = new QLabel(this);
    m_facts->setObjectName(QStringLiteral("personFacts"));
    m_facts->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLine = new QLabel(this);
    m_errorLine->setObjectName(QStringLiteral("personError"));
    m_errorLine->setWordWrap(true);
    theme::followScheme(m_errorLine,
                        [this](bool dark) { m_errorLine->setStyleSheet(theme::errorTextStyle(dark)); });
    m_errorLine->hide();

    m_copyId = new QPushButton(tr("Copy ID"), this);
    m_copyId->setObjectName(QStringLiteral("copyIdButton"));
    m_copyId->setToolTip(tr("Copy the person's UUID"));
    m_openHogQL = new QPushButton(tr("Open as HogQL"), this);
    m_openHogQL->setObjectName(QStringLiteral("openHogQLButton"));
    m_openHogQL->setToolTip(tr("Open a query over this person's events in a new query tab"));
    m_reload = new QPushButton(tr("Reload"), this);
    m_reload->setObjectName(QStringLiteral("reloadPersonButton"));

    auto* titleBox = new QVBoxLayout;
    titleBox->setSpacing(2);
    titleBox->addWidget(m_name);
    titleBox->addWidget(m_uuidLabel);
    titleBox->addWidget(m_facts);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_copyId);
    buttons->addWidget(m_openHogQL);
    buttons->addWidget(m_reload);
    auto* header = new QHBoxLayout;
    header->addLayout(titleBox, 1);
    header->addLayout(buttons);
    header->setAlignment(buttons, Qt::AlignTop);

    // Left: properties and distinct ids.
    m_propertyFilter = new QLineEdit(this);
    m_propertyFilter->setObjectName(QStringLiteral("propertyFilter"));
    m_propertyFilter->setPlaceholderText(tr("Search properties and values"));
    m_propertyFilter->setClearButtonEnabled(true);
    m_propertiesView = new QTreeView(this);
    m_propertiesView->setObjectName(QStringLiteral("personProperties"));
    m_propertiesView->setModel(m_propertiesProxy);
    configureTree(m_propertiesView);
    m_distinctIds = new QListWidget(this);
    m_distinctIds->setObjectName(QStringLiteral("distinctIds"));
    m_distinctIds->setUniformItemSizes(true);
    m_distinctIds->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_distinctIds->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* copyDistinct = new QAction(tr("Copy"), m_distinctIds);
    copyDistinct->setShortcut(QKeySequence::Copy);
    copyDistinct->setShortcutContext(Qt::WidgetShortcut);
    connect(copyDistinct, &QAction::triggered, this, [this] {
        if (QListWidgetItem* item = m_distinctIds->currentItem())
            QApplication::clipboard()->setText(item->text());
    });
    m_distinctIds->addAction(copyDistinct);

    auto* propertiesBox = new QWidget(this);
    auto* propertiesLayout = new QVBoxLayout(propertiesBox);
    propertiesLayout->setContentsMargins(0, 0, 0, 0);
    propertiesLayout->addWidget(sectionLabel(tr("Properties"), propertiesBox));
    propertiesLayout->addWidget(m_propertyFilter);
    propertiesLayout->addWidget(m_propertiesView, 1);
    auto* idsBox = new QWidget(this);
    auto* idsLayout = new QVBoxLayout(idsBox);
    idsLayout->setContentsMargins(0, 0, 0, 0);
    idsLayout->addWidget(sectionLabel(tr("Distinct IDs"), idsBox));
    idsLayout->addWidget(m_distinctIds, 1);
    auto* left = new QSplitter(Qt::Vertical, this);
    left->addWidget(propertiesBox);
    left->addWidget(idsBox);
    left->setStretchFactor(0, 4);
    left->setStretchFactor(1, 1);

    // Right: the timeline and the selected event's properties.
    m_timelineView = new QTableView(this);
    m_timelineView->setObjectName(QStringLiteral("eventTimeline"));
    m_timelineView->setModel(m_timeline);
    m_timelineView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_timelineView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_timelineView->setAlternatingRowColors(true);
    m_timelineView->setWordWrap(false);
    m_timelineView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_timelineView->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_timelineView->verticalHeader()->hide();
    m_timelineView->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_timelineView->verticalHeader()->setDefaultSectionSize(QFontMetrics(font()).height() + 8);
    QHeaderView* columns = m_timelineView->horizontalHeader();
    columns->setSectionResizeMode(QHeaderView::Interactive);
    columns->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    columns->setHighlightSections(false);
    columns->setStretchLastSection(true);
    columns->resizeSection(model::EventTimelineModel::TimeColumn, 150);
    columns->resizeSection(model::EventTimelineModel::EventColumn, 130);
    columns->resizeSection(model::EventTimelineModel::WhereColumn, 250);

    m_timelineStatus = new QLabel(this);
    m_timelineStatus->setObjectName(QStringLiteral("timelineStatus"));
    theme::followScheme(m_timelineStatus, [this](bool) {
        if (!m_timelineStatus->styleSheet().isEmpty()) // a failure: re-colour it in the new scheme
            updateTimelineStatus();
    });
    m_timelineStatus->setWordWrap(true);
    m_timelineProgress = new QProgressBar(this);
    m_timelineProgress->setRange(0, 0);
    m_timelineProgress->setMaximumWidth(100);
    m_timelineProgress->setMaximumHeight(12);
    m_timelineProgress->setTextVisible(false);
    m_timelineCancel = new QPushButton(tr("Cancel"), this);
    m_timelineCancel->setObjectName(QStringLiteral("timelineCancel"));
    m_timelineRetry = new QPushButton(tr("Retry"), this);
    m_timelineRetry->setObjectName(QStringLiteral("timelineRetry"));
    auto* timelineStatusRow = new QHBoxLayout;
    timelineStatusRow->addWidget(m_timelineStatus, 1);
    timelineStatusRow->addWidget(m_timelineProgress);
    timelineStatusRow->addWidget(m_timelineCancel);
    timelineStatusRow->addWidget(m_timelineRetry);

    auto* timelineBox = new QWidget(this);
    auto* timelineLayout = new QVBoxLayout(timelineBox);
    timelineLayout->setContentsMargins(0, 0, 0, 0);
    timelineLayout->addWidget(sectionLabel(tr("Events"), timelineBox));
    timelineLayout->addWidget(m_timelineView, 1);
    timelineLayout->addLayout(timelineStatusRow);

    m_eventTitle = sectionLabel(tr("Event properties"), this);
    m_eventTitle->setObjectName(QStringLiteral("eventTitle"));
    m_eventPropertiesView = new QTreeView(this);
    m_eventPropertiesView->setObjectName(QStringLiteral("eventProperties"));
    m_eventPropertiesView->setModel(m_eventProperties);
    configureTree(m_eventPropertiesView);
    auto* eventBox = new QWidget(this);
    auto* eventLayout = new QVBoxLayout(eventBox);
    eventLayout->setContentsMargins(0, 0, 0, 0);
    eventLayout->addWidget(m_eventTitle);
    eventLayout->addWidget(m_eventPropertiesView, 1);

    auto* right = new QSplitter(Qt::Vertical, this);
    right->addWidget(timelineBox);
    right->addWidget(eventBox);
    right->setStretchFactor(0, 3);
    right->setStretchFactor(1, 2);

    auto* body = new QSplitter(Qt::Horizontal, this);
    body->setObjectName(QStringLiteral("personSplitter"));
    body->addWidget(left);
    body->addWidget(right);
    body->setStretchFactor(0, 2);
    body->setStretchFactor(1, 3);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 8, 10, 6);
    layout->setSpacing(8);
    layout->addLayout(header);
    layout->addWidget(m_errorLine);
    layout->addWidget(body, 1);

    connect(m_copyId, &QPushButton::clicked, this, &PersonDetailView::copyId);
    connect(m_openHogQL, &QPushButton::clicked, this, &PersonDetailView::openAsHogQL);
    connect(m_reload, &QPushButton::clicked, this, &PersonDetailView::reload);
    connect(m_propertyFilter, &QLineEdit::textChanged, this, &PersonDetailView::setPropertyFilter);
    connect(m_timelineView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &PersonDetailView::onEventSelected);
    connect(m_timelineCancel, &QPushButton::clicked, this, &PersonDetailView::cancelEvents);
    connect(m_timelineRetry, &QPushButton::clicked, this, [this] {
        m_timeline->retry();
        if (m_timeline->canFetchMore(QModelIndex()))
            m_timeline->fetchMore(QModelIndex());
    });
    for (QTreeView* view : {m_propertiesView, m_eventPropertiesView}) {
        connect(view, &QWidget::customContextMenuRequested, this, [this, view](const QPoint& pos) {
            if (!view->indexAt(pos).isValid())
                return;
            auto* menu = new QMenu(this);
            menu->setAttribute(Qt::WA_DeleteOnClose);
            menu->addAction(tr("Copy Value"), this, [this, view] { copyCurrentProperty(view); });
            menu->addAction(tr("Copy Key Path"), this, [view] {
                QApplication::clipboard()->setText(
                    view->currentIndex().data(model::PropertyTreeModel::PathRole).toString());
            });
            menu->addSeparator();
            menu->addAction(tr("Expand All"), view, &QTreeView::expandAll);
            menu->addAction(tr("Collapse All"), view, &QTreeView::collapseAll);
            menu->popup(view->viewport()->mapToGlobal(pos));
        });
        auto* copy = new QAction(tr("Copy Value"), view);
        copy->setShortcut(QKeySequence::Copy);
        copy->setShortcutContext(Qt::WidgetShortcut);
        connect(copy, &QAction::triggered, this, [this, view] { copyCurrentProperty(view); });
        view->addAction(copy);
    }
    auto* cancel = new QAction(tr("Cancel Loading"), this);
    cancel->setShortcut(QKeySequence(Qt::Key_Escape));
    cancel->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(cancel, &QAction::triggered, this, &PersonDetailView::cancelEvents);
    addAction(cancel);
}

void PersonDetailView::setConnection(api::ApiClient* client, api::QueryScheduler* scheduler)
{
    const bool changed = m_scheduler != scheduler || m_persons->client() != client;
    m_scheduler = scheduler;
    m_persons->setClient(client);
    if (changed && !m_uuid.isEmpty())
        reload();
}

void PersonDetailView::openPerson(const QString& uuid)
{
    m_uuid = uuid.trimmed();
    m_person = model::PersonRecord();
    m_person.uuid = m_uuid;
    m_name->setText(m_uuid);
    reload();
}

void PersonDetailView::reload()
{
    if (m_uuid.isEmpty())
        return;
    m_loaded = false;
    m_error.clear();
    m_errorLine->hide();
    m_uuidLabel->setText(m_uuid);
    m_facts->setText(tr("Loading…"));
    m_eventProperties->clear();
    m_eventTitle->setText(tr("Event properties"));
    releaseQuery();

    // The person's detail: a plain GET; the generation drops a late answer for an earlier person.
    const quint64 generation = ++m_personGeneration;
    const QString uuid = m_uuid;
    m_persons->person(uuid, this, [this, generation](const api::ApiResult<api::Person>& result) {
        if (generation != m_personGeneration)
            return;
        if (!result.ok()) {
            showError(result.error->message);
            return;
        }
        const QDateTime lastSeen = m_person.lastSeenAt; // possibly from the timeline already
        m_person = api::toPersonRecord(result.value);
        if (!m_person.lastSeenAt.isValid())
            m_person.lastSeenAt = lastSeen;
        m_loaded = true;
        showPerson();
        Q_EMIT personLoaded();
    });

    if (m_scheduler)
        m_timeline->restart();
    else
        m_timeline->deactivate();
    if (m_timeline->canFetchMore(QModelIndex()))
        m_timeline->fetchMore(QModelIndex());
    Q_EMIT titleChanged(title());
}

void PersonDetailView::showPerson()
{
    m_name->setText(m_person.name);
    m_uuidLabel->setText(m_person.uuid);
    QStringList facts;
    facts << tr("Created %1").arg(timeText(m_person.createdAt));
    facts << tr("Last seen %1").arg(timeText(m_person.lastSeenAt));
    // Not "identified": the detail endpoint does not say, and guessing from the ids would mislead.
    facts << (m_person.distinctIds.size() == 1 ? tr("1 distinct ID")
                                               : tr("%1 distinct IDs").arg(m_person.distinctIds.size()));
    m_facts->setText(facts.join(QStringLiteral("  ·  ")));
    m_properties->setObject(m_person.properties);
    m_propertiesView->resizeColumnToContents(model::PropertyTreeModel::KeyColumn);
    if (!m_propertyFilter->text().isEmpty())
        m_propertiesView->expandAll();
    m_distinctIds->clear();
    m_distinctIds->addItems(m_person.distinctIds);
    Q_EMIT titleChanged(title());
}

void PersonDetailView::showError(const QString& message)
{
    m_error = message;
    m_errorLine->setText(message);
    m_errorLine->show();
    m_facts->setText(QString());
    m_properties->clear();
    m_distinctIds->clear();
    Q_EMIT personLoaded();
}

QString PersonDetailView::title() const
{
    const QString name = m_person.name.isEmpty() ? m_uuid : m_person.name;
    return tr("Person · %1").arg(name);
}

QString PersonDetailView::hogqlQuery() const
{
    return api::personEventsHogQL(m_uuid);
}

void PersonDetailView::copyId() const
{
    if (!m_uuid.isEmpty())
        QApplication::clipboard()->setText(m_uuid);
}

void PersonDetailView::openAsHogQL()
{
    if (!m_uuid.isEmpty())
        Q_EMIT openQueryRequested(hogqlQuery());
}

void PersonDetailView::setPropertyFilter(const QString& text)
{
    if (m_propertyFilter->text() != text)
        m_propertyFilter->setText(text); // comes back here through textChanged
    m_propertiesProxy->setFilterFixedString(text);
    if (!text.isEmpty())
        m_propertiesView->expandAll();
}

void PersonDetailView::copyCurrentProperty(QTreeView* view) const
{
    const QModelIndex index = view->currentIndex();
    if (index.isValid())
        QApplication::clipboard()->setText(index.data(model::PropertyTreeModel::CopyTextRole).toString());
}

void PersonDetailView::onFetchRequested(quint64 generation, int offset)
{
    if (!m_scheduler || m_uuid.isEmpty()) {
        m_timeline->failPage(generation, tr("Not connected to a PostHog server."));
        return;
    }
    api::QueryRequest request;
    request.query = api::personEventsQueryNode(m_uuid, m_pageSize, offset);
    request.label = tr("Person events");
    if (offset > 0) // as the persons list: async first page, blocking pages while scrolling
        request.refreshMode = QStringLiteral("blocking");
    if (m_eventsQuery) {
        // One page at a time: a query still running belongs to a page nobody waits for any more.
        disconnect(m_eventsQuery, nullptr, this, nullptr);
        delete m_eventsQuery.data();
    }
    m_eventsQuery = m_scheduler->submit(request, api::QueryPriority::User, this);
    api::ScheduledQuery* query = m_eventsQuery;
    connect(query, &api::ScheduledQuery::succeeded, this,
            [this, generation, offset](const api::QueryResult& result) {
                onEventsSucceeded(generation, offset, result);
            });
    connect(query, &api::ScheduledQuery::failed, this,
            [this, generation](const api::ApiError& error) { onEventsFailed(generation, error); });
    connect(query, &api::ScheduledQuery::cancelled, this, [this, generation] {
        releaseQuery();
        m_timeline->failPage(generation, tr("Cancelled. Press Retry to load more."));
    });
    connect(query, &api::ScheduledQuery::stateChanged, this, [this](api::ScheduledQuery::State state) {
        m_progressText = state == api::ScheduledQuery::State::Queued ? tr("Waiting for a query slot…")
                                                                     : tr("Loading events…");
        updateTimelineStatus();
    });
    m_progressText = tr("Loading events…");
    updateTimelineStatus();
}

void PersonDetailView::releaseQuery()
{
    if (!m_eventsQuery)
        return;
    disconnect(m_eventsQuery, nullptr, this, nullptr);
    // Deleting a query that still runs cancels it on the server; later is safe inside its signals.
    m_eventsQuery->deleteLater();
    m_eventsQuery = nullptr;
}

void PersonDetailView::onEventsSucceeded(quint64 generation, int offset, const api::QueryResult& result)
{
    releaseQuery();
    QString problem;
    const auto events = result.table ? api::eventRecordsFromTable(*result.table, &problem)
                                     : std::optional<QList<model::EventRecord>>(QList<model::EventRecord>());
    if (!events) {
        m_timeline->failPage(generation, tr("The server's answer could not be read: %1.").arg(problem));
        return;
    }
    if (!m_timeline->appendPage(generation, offset, *events, result.hasMore))
        return;
    // The newest event is the best "last seen" when the server gives none.
    if (offset == 0 && !events->isEmpty() && !m_person.lastSeenAt.isValid()) {
        m_person.lastSeenAt = events->first().timestamp;
        if (m_loaded)
            showPerson();
    }
    if (offset == 0 && !events->isEmpty() && !m_timelineView->currentIndex().isValid())
        m_timelineView->setCurrentIndex(m_timeline->index(0, 0));
}

void PersonDetailView::onEventsFailed(quint64 generation, const api::ApiError& error)
{
    releaseQuery();
    m_timeline->failPage(generation, error.message);
}

void PersonDetailView::cancelEvents()
{
    if (!m_timeline->isFetching())
        return;
    const quint64 generation = m_timeline->generation();
    if (m_eventsQuery) {
        disconnect(m_eventsQuery, nullptr, this, nullptr);
        delete m_eventsQuery.data(); // cancels on the server
    }
    m_timeline->failPage(generation, tr("Cancelled. Press Retry to load more."));
}

void PersonDetailView::onEventSelected()
{
    const QModelIndex current = m_timelineView->currentIndex();
    if (!current.isValid() || current.row() >= m_timeline->rowCount()) {
        m_eventProperties->clear();
        m_eventTitle->setText(tr("Event properties"));
        return;
    }
    const model::EventRecord& event = m_timeline->event(current.row());
    m_eventProperties->setObject(event.properties);
    m_eventPropertiesView->resizeColumnToContents(model::PropertyTreeModel::KeyColumn);
    m_eventTitle->setText(tr("Properties of %1 at %2").arg(event.event, timeText(event.timestamp)));
}

QString PersonDetailView::timelineStatusText() const
{
    return m_timelineStatus->text();
}

void PersonDetailView::updateTimelineStatus()
{
    const QLocale locale;
    const int rows = m_timeline->rowCount();
    QString text;
    switch (m_timeline->state()) {
    case PagingState::Inactive:
        text = m_scheduler ? QString() : tr("Not connected.");
        break;
    case PagingState::Loading:
        text = m_progressText.isEmpty() ? tr("Loading events…") : m_progressText;
        break;
    case PagingState::LoadingMore:
        text = tr("%1 events · loading more…").arg(locale.toString(rows));
        break;
    case PagingState::Ready:
        text = tr("%1 events · scroll for more").arg(locale.toString(rows));
        break;
    case PagingState::Complete:
        text = rows == 1 ? tr("1 event") : tr("%1 events").arg(locale.toString(rows));
        break;
    case PagingState::Empty:
        text = tr("This person has no events.");
        break;
    case PagingState::Failed:
        text = m_timeline->errorText();
        break;
    }
    m_timelineStatus->setText(text);
    m_timelineStatus->setStyleSheet(m_timeline->state() == PagingState::Failed
                                        ? theme::errorTextStyle(theme::isDarkApplication())
                                        : QString());
    const bool busy = m_timeline->isFetching();
    m_timelineProgress->setVisible(busy);
    m_timelineCancel->setVisible(busy);
    m_timelineRetry->setVisible(m_timeline->state() == PagingState::Failed);
}

} // namespace hogscope::ui
