#include "persons_tab.h"

#include "ui/theme.h"

#include "column_chooser.h"
#include "persons_fetcher.h"
#include "persons_settings.h"
#include "property_filter_bar.h"

#include "api/api_client.h"
#include "api/definitions_cache.h"
#include "api/persons_client.h"
#include "api/query_scheduler.h"
#include "model/persons_model.h"
#include "workspace/settings.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFontMetrics>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QMenu>
#include <QProgressBar>
#include <QPushButton>
#include <QStackedWidget>
#include <QStyle>
#include <QTableView>
#include <QTimer>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWidgetAction>

namespace hogscope::ui {

namespace {

constexpr int kSearchDelayMs = 300;
// Keys seen on loaded persons are offered as columns too (the definitions may lag); bounded.
constexpr qsizetype kMaxSeenKeys = 500;
constexpr int kDefaultColumnWidth = 160;
constexpr int kNameColumnWidth = 250;

using model::PagingState;

} // namespace

PersonsTab::PersonsTab(workspace::Settings& settings, QWidget* parent)
    : QWidget(parent)
    , m_settings(settings)
    , m_persons(new api::PersonsClient(nullptr, this))
    , m_definitions(new api::DefinitionsCache(nullptr, this))
    , m_model(new model::PersonsModel(this))
{
    setObjectName(QStringLiteral("personsTab"));
    m_fetcher = new PersonsFetcher(m_model, m_persons, this);
    buildUi();

    m_applyingColumns = true;
    const QStringList columns = persons::loadColumns(m_settings);
    m_model->setPropertyColumns(columns);
    m_chooser->setColumns(columns);
    m_applyingColumns = false;
    // Newest first, as PostHog lists persons; the header shows it.
    m_model->setSortState(m_model->columnOf(model::PersonsModel::ColumnKind::CreatedAt), Qt::DescendingOrder);
    syncSortIndicator();

    connect(m_model, &model::PersonsModel::stateChanged, this, &PersonsTab::onStateChanged);
    connect(m_model, &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex&, int first, int last) { onRowsInserted(first, last); });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        // A reset (new columns) gives every section the default width again; names need more.
        m_table->horizontalHeader()->resizeSection(0, kNameColumnWidth);
        syncSortIndicator();
        updateStatus();
    });
    connect(m_fetcher, &PersonsFetcher::busyChanged, this, [this] { onStateChanged(); });
    connect(m_fetcher, &PersonsFetcher::progressText, this, [this](const QString& text) {
        m_progressText = text;
        updateStatus();
    });
    connect(m_fetcher, &PersonsFetcher::totalCountChanged, this, &PersonsTab::updateStatus);
    connect(m_fetcher, &PersonsFetcher::fellBack, this, [this](const QString& reason) {
        m_insightLabel->setToolTip(
            tr("This server does not answer InsightActorsQuery (%1); the older persons endpoint is used.")
                .arg(reason));
        m_search->setEnabled(false);
        m_addFilter->setEnabled(false);
        onStateChanged();
    });
    // Another persons tab changed the columns: follow it.
    connect(&m_settings, &workspace::Settings::changed, this, [this](const QString& name) {
        if (name != persons::keys::columns.name || m_applyingColumns)
            return;
        const QStringList columns = persons::loadColumns(m_settings);
        if (columns != m_model->propertyColumns()) {
            m_applyingColumns = true;
            setColumns(columns);
            m_applyingColumns = false;
        }
    });
    onStateChanged();
}

PersonsTab::~PersonsTab()
{
    // The fetcher cancels its query; nothing of this widget may hear about it any more.
    disconnect(m_fetcher, nullptr, this, nullptr);
    delete m_fetcher;
}

void PersonsTab::buildUi()
{
    // Search line: search box, add filter, columns, reload.
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("personsSearch"));
    m_search->setPlaceholderText(tr("Search persons by email, name or distinct ID"));
    m_search->setClearButtonEnabled(true);
    m_search->addAction(style()->standardIcon(QStyle::SP_FileDialogContentsView), QLineEdit::LeadingPosition);

    m_addFilter = new QToolButton(this);
    m_addFilter->setObjectName(QStringLiteral("addFilterButton"));
    m_addFilter->setText(tr("+ Filter"));
    m_addFilter->setToolTip(tr("Filter by a person property"));
    m_addFilter->setToolButtonStyle(Qt::ToolButtonTextOnly);

    m_chooser = new ColumnChooser(this);
    m_chooser->setObjectName(QStringLiteral("columnChooser"));
    auto* columnsMenu = new QMenu(this);
    auto* chooserAction = new QWidgetAction(columnsMenu);
    chooserAction->setDefaultWidget(m_chooser);
    columnsMenu->addAction(chooserAction);
    connect(columnsMenu, &QMenu::aboutToShow, this, [this] {
        updateCandidates();
        m_chooser->filterField()->setFocus();
    });
    m_columnsButton = new QToolButton(this);
    m_columnsButton->setObjectName(QStringLiteral("columnsButton"));
    m_columnsButton->setText(tr("Columns"));
    m_columnsButton->setToolTip(tr("Choose the person properties shown as columns"));
    m_columnsButton->setMenu(columnsMenu);
    m_columnsButton->setPopupMode(QToolButton::InstantPopup);

    m_reload = new QToolButton(this);
    m_reload->setObjectName(QStringLiteral("reloadButton"));
    m_reload->setIcon(style()->standardIcon(QStyle::SP_BrowserReload));
    m_reload->setToolTip(tr("Load the list again (F5)"));
    m_reload->setShortcut(QKeySequence(Qt::Key_F5));

    auto* searchRow = new QHBoxLayout;
    searchRow->setSpacing(6);
    searchRow->addWidget(m_search, 1);
    searchRow->addWidget(m_addFilter);
    searchRow->addWidget(m_columnsButton);
    searchRow->addWidget(m_reload);

    m_filters = new PropertyFilterBar(this);
    m_filters->setObjectName(QStringLiteral("filterBar"));
    m_filters->setSources(m_definitions, m_persons);

    // Drill-down banner.
    m_insightBanner = new QFrame(this);
    m_insightBanner->setObjectName(QStringLiteral("insightBanner"));
    m_insightBanner->setFrameShape(QFrame::StyledPanel);
    theme::followScheme(m_insightBanner, [this](bool dark) {
        const theme::Colors& c = theme::colors(dark);
        m_insightBanner->setStyleSheet(
            QStringLiteral("#insightBanner { background: %1; border: 1px solid %2; border-radius: 4px; }")
                .arg(c.noticeBackground.name(), c.noticeBorder.name()));
    });
    m_insightLabel = new QLabel(m_insightBanner);
    m_insightLabel->setObjectName(QStringLiteral("insightLabel"));
    auto* allPersons = new QPushButton(tr("All persons"), m_insightBanner);
    allPersons->setObjectName(QStringLiteral("allPersonsButton"));
    auto* bannerLayout = new QHBoxLayout(m_insightBanner);
    bannerLayout->setContentsMargins(8, 4, 8, 4);
    bannerLayout->addWidget(m_insightLabel, 1);
    bannerLayout->addWidget(allPersons);
    m_insightBanner->hide();

    // The list.
    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("personsTable"));
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setWordWrap(false);
    m_table->setVerticalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setHorizontalScrollMode(QAbstractItemView::ScrollPerPixel);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setContextMenuPolicy(Qt::CustomContextMenu);
    QHeaderView* vertical = m_table->verticalHeader();
    vertical->setSectionResizeMode(QHeaderView::Fixed);
    vertical->setDefaultSectionSize(QFontMetrics(m_table->font()).height() + 8);
    vertical->hide();
    QHeaderView* header = m_table->horizontalHeader();
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setDefaultSectionSize(kDefaultColumnWidth);
    header->setStretchLastSection(true);
    header->setDefaultAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    header->setHighlightSections(false);
    header->setSectionsClickable(true);
    header->setSortIndicatorShown(true);
    header->setContextMenuPolicy(Qt::CustomContextMenu);
    header->resizeSection(0, kNameColumnWidth);

    // The message shown in place of the list (loading, empty, error, not connected).
    m_messagePage = new QWidget(this);
    m_messagePage->setObjectName(QStringLiteral("personsMessage"));
    m_messageTitle = new QLabel(m_messagePage);
    m_messageTitle->setObjectName(QStringLiteral("messageTitle"));
    QFont titleFont = m_messageTitle->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.25);
    titleFont.setBold(true);
    m_messageTitle->setFont(titleFont);
    m_messageTitle->setAlignment(Qt::AlignCenter);
    m_messageText = new QLabel(m_messagePage);
    m_messageText->setObjectName(QStringLiteral("messageText"));
    m_messageText->setAlignment(Qt::AlignCenter);
    m_messageText->setWordWrap(true);
    m_messageText->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_messageButton = new QPushButton(m_messagePage);
    m_messageButton->setObjectName(QStringLiteral("messageButton"));
    auto* messageLayout = new QVBoxLayout(m_messagePage);
    messageLayout->addStretch(1);
    messageLayout->addWidget(m_messageTitle);
    messageLayout->addWidget(m_messageText);
    messageLayout->addSpacing(8);
    messageLayout->addWidget(m_messageButton, 0, Qt::AlignHCenter);
    messageLayout->addStretch(2);

    m_body = new QStackedWidget(this);
    m_body->addWidget(m_table);
    m_body->addWidget(m_messagePage);

    // Status line: counts, progress, cancel, retry.
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("personsStatus"));
    // only a failure colours the line: re-colour it in the new scheme
    theme::followScheme(m_status, [this](bool) {
        if (!m_status->styleSheet().isEmpty())
            updateStatus();
    });
    m_status->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_progress = new QProgressBar(this);
    m_progress->setRange(0, 0);
    m_progress->setMaximumWidth(120);
    m_progress->setMaximumHeight(12);
    m_progress->setTextVisible(false);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_cancel->setToolTip(tr("Stop loading (Esc)"));
    m_retry = new QPushButton(tr("Retry"), this);
    m_retry->setObjectName(QStringLiteral("retryButton"));
    auto* statusRow = new QHBoxLayout;
    statusRow->setContentsMargins(2, 0, 2, 0);
    statusRow->addWidget(m_status, 1);
    statusRow->addWidget(m_progress);
    statusRow->addWidget(m_cancel);
    statusRow->addWidget(m_retry);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 6);
    layout->setSpacing(6);
    layout->addLayout(searchRow);
    layout->addWidget(m_filters);
    layout->addWidget(m_insightBanner);
    layout->addWidget(m_body, 1);
    layout->addLayout(statusRow);

    m_applyTimer = new QTimer(this);
    m_applyTimer->setSingleShot(true);
    m_applyTimer->setInterval(kSearchDelayMs);
    connect(m_applyTimer, &QTimer::timeout, this, &PersonsTab::applyFilterNow);
    connect(m_search, &QLineEdit::textChanged, m_applyTimer, qOverload<>(&QTimer::start));
    connect(m_search, &QLineEdit::returnPressed, this, &PersonsTab::applyFilterNow);
    connect(m_filters, &PropertyFilterBar::filtersChanged, m_applyTimer, qOverload<>(&QTimer::start));
    connect(m_addFilter, &QToolButton::clicked, this, [this] { m_filters->addFilter(); });
    connect(m_reload, &QToolButton::clicked, m_fetcher, &PersonsFetcher::reload);
    connect(allPersons, &QPushButton::clicked, this, &PersonsTab::showAllPersons);
    connect(m_chooser, &ColumnChooser::columnsChanged, this, [this](const QStringList& columns) {
        m_model->setPropertyColumns(columns);
        saveColumns();
    });
    connect(m_table, &QAbstractItemView::activated, this, &PersonsTab::openRow);
    connect(m_table, &QWidget::customContextMenuRequested, this, &PersonsTab::showRowMenu);
    connect(header, &QHeaderView::sortIndicatorChanged, this, &PersonsTab::onSortIndicatorChanged);
    connect(header, &QWidget::customContextMenuRequested, this, &PersonsTab::showHeaderMenu);
    connect(m_cancel, &QPushButton::clicked, m_fetcher, &PersonsFetcher::cancel);
    connect(m_retry, &QPushButton::clicked, this, &PersonsTab::retry);
    connect(m_messageButton, &QPushButton::clicked, this, [this] {
        switch (m_model->state()) {
        case PagingState::Loading:
            m_fetcher->cancel();
            break;
        case PagingState::Failed:
            retry();
            break;
        case PagingState::Empty:
            m_search->clear();
            m_filters->clear();
            applyFilterNow();
            break;
        default:
            break;
        }
    });

    auto* cancelAction = new QAction(tr("Cancel Loading"), this);
    cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    cancelAction->setShortcutContext(Qt::WidgetWithChildrenShortcut);
    connect(cancelAction, &QAction::triggered, m_fetcher, &PersonsFetcher::cancel);
    addAction(cancelAction);
    auto* copyAction = new QAction(tr("Copy Person ID"), m_table);
    copyAction->setShortcut(QKeySequence::Copy);
    copyAction->setShortcutContext(Qt::WidgetShortcut);
    connect(copyAction, &QAction::triggered, this, [this] {
        QStringList ids;
        for (const QModelIndex& index : m_table->selectionModel()->selectedRows())
            ids.push_back(m_model->person(index.row()).uuid);
        if (!ids.isEmpty())
            QApplication::clipboard()->setText(ids.join(QLatin1Char('\n')));
    });
    m_table->addAction(copyAction);
}

void PersonsTab::setConnection(api::ApiClient* client, api::QueryScheduler* scheduler)
{
    m_client = client;
    m_scheduler = scheduler;
    m_persons->setClient(client);
    m_definitions->setClient(client);
    m_filters->setSources(m_definitions, m_persons);
    // A listing in progress starts over on the new connection; the first one lists everybody.
    m_fetcher->setScheduler(scheduler);
    if (m_fetcher->mode() == PersonsFetcher::Mode::None)
        startListing();
    onStateChanged();
}

void PersonsTab::startListing()
{
    m_fetcher->setFilter(m_search->text(), m_filters->filters());
    m_fetcher->listAll();
}

void PersonsTab::showInsightActors(const QJsonObject& insightActorsQuery, const QString& title)
{
    m_insightTitle = title.isEmpty() ? tr("insight data point") : title;
    m_insightLabel->setText(tr("Persons behind <b>%1</b>").arg(m_insightTitle.toHtmlEscaped()));
    m_insightLabel->setToolTip(QString());
    m_insightBanner->show();
    m_search->setEnabled(true);
    m_addFilter->setEnabled(true);
    // Exactly the data point's persons: no leftover search or filter narrows them.
    const QSignalBlocker blockSearch(m_search);
    const QSignalBlocker blockFilters(m_filters);
    m_search->clear();
    m_filters->clear();
    m_applyTimer->stop();
    m_fetcher->setFilter(QString(), QJsonArray());
    m_fetcher->listInsightActors(insightActorsQuery);
    syncSortIndicator();
    Q_EMIT titleChanged(this->title());
}

void PersonsTab::showAllPersons()
{
    m_insightTitle.clear();
    m_insightBanner->hide();
    m_search->setEnabled(true);
    m_addFilter->setEnabled(true);
    m_model->setSortState(m_model->columnOf(model::PersonsModel::ColumnKind::CreatedAt), Qt::DescendingOrder);
    startListing();
    syncSortIndicator();
    Q_EMIT titleChanged(title());
}

QString PersonsTab::title() const
{
    return m_insightTitle.isEmpty() ? tr("Persons") : tr("Persons · %1").arg(m_insightTitle);
}

void PersonsTab::setColumns(const QStringList& columns)
{
    m_chooser->setColumns(columns);
    m_model->setPropertyColumns(columns);
    saveColumns();
}

QStringList PersonsTab::columns() const
{
    return m_model->propertyColumns();
}

void PersonsTab::saveColumns()
{
    if (persons::loadColumns(m_settings) == m_model->propertyColumns())
        return;
    const bool applying = m_applyingColumns;
    m_applyingColumns = true;
    persons::saveColumns(m_settings, m_model->propertyColumns());
    m_applyingColumns = applying;
}

void PersonsTab::applyFilterNow()
{
    m_applyTimer->stop();
    if (m_fetcher->mode() == PersonsFetcher::Mode::LegacyInsightActors)
        return;
    m_fetcher->setFilter(m_search->text(), m_filters->filters());
}

void PersonsTab::setSearchDelay(int milliseconds)
{
    m_applyTimer->setInterval(milliseconds);
}

void PersonsTab::setPageSize(int rows)
{
    m_fetcher->setPageSize(rows);
}

void PersonsTab::retry()
{
    m_model->retry();
    if (m_model->canFetchMore(QModelIndex()))
        m_model->fetchMore(QModelIndex());
}

void PersonsTab::openRow(const QModelIndex& index)
{
    if (!index.isValid())
        return;
    const QString uuid = m_model->person(index.row()).uuid;
    if (!uuid.isEmpty())
        Q_EMIT personOpenRequested(uuid);
}

void PersonsTab::onRowsInserted(int first, int last)
{
    if (m_seenKeys.size() < kMaxSeenKeys) {
        for (int row = first; row <= last && m_seenKeys.size() < kMaxSeenKeys; ++row) {
            const QJsonObject& properties = m_model->person(row).properties;
            for (auto it = properties.begin(); it != properties.end(); ++it)
                m_seenKeys.insert(it.key());
        }
    }
    updateStatus();
}

void PersonsTab::updateCandidates()
{
    QStringList keys = m_definitions->propertyNames(api::PropertyType::Person);
    for (const QString& key : std::as_const(m_seenKeys)) {
        if (!keys.contains(key))
            keys.push_back(key);
    }
    m_chooser->setCandidates(keys);
}

void PersonsTab::syncSortIndicator()
{
    QHeaderView* header = m_table->horizontalHeader();
    m_syncingSort = true;
    header->setSortIndicator(m_model->sortColumn(), m_model->sortOrder());
    m_syncingSort = false;
}

void PersonsTab::onSortIndicatorChanged(int section, Qt::SortOrder order)
{
    if (m_syncingSort)
        return;
    const bool legacy = m_fetcher->mode() == PersonsFetcher::Mode::LegacyInsightActors;
    if (legacy || !m_model->isSortable(section)) {
        // The older endpoints have one fixed order; extra columns are not sortable by the server.
        QTimer::singleShot(0, this, &PersonsTab::syncSortIndicator);
        return;
    }
    m_model->sort(section, order);
}

void PersonsTab::onStateChanged()
{
    const PagingState state = m_model->state();
    const bool drillDown = !m_insightTitle.isEmpty();
    const bool filtered = !m_fetcher->search().isEmpty() || !m_fetcher->properties().isEmpty();
    bool showMessage = true;
    QString title;
    QString text;
    QString button;
    switch (state) {
    case PagingState::Inactive:
        title = tr("Not connected");
        text = tr("Connect to a PostHog project (or start Hogscope with --demo) to browse its persons.");
        break;
    case PagingState::Loading:
        title = tr("Loading persons…");
        text = m_progressText;
        button = tr("Cancel");
        break;
    case PagingState::Empty:
        title = drillDown ? tr("No persons behind this data point") : tr("No persons found");
        if (filtered) {
            text = tr("No person matches the search and filters.");
            button = tr("Clear search and filters");
        } else {
            text = drillDown ? tr("The insight counts nobody here.") : tr("This project has no persons yet.");
        }
        break;
    case PagingState::Failed:
        if (m_model->rowCount() == 0) {
            title = tr("The persons could not be loaded");
            text = m_model->errorText();
            button = tr("Retry");
        } else {
            showMessage = false;
        }
        break;
    case PagingState::LoadingMore:
    case PagingState::Ready:
    case PagingState::Complete:
        showMessage = false;
        break;
    }
    m_messageTitle->setText(title);
    m_messageText->setText(text);
    m_messageText->setVisible(!text.isEmpty());
    m_messageButton->setText(button);
    m_messageButton->setVisible(!button.isEmpty());
    m_body->setCurrentWidget(showMessage ? m_messagePage : m_table);
    updateStatus();
}

void PersonsTab::updateStatus()
{
    const PagingState state = m_model->state();
    const QLocale locale;
    const int rows = m_model->rowCount();
    const qint64 total = m_fetcher->totalCount();
    QString text;
    switch (state) {
    case PagingState::Inactive:
        break;
    case PagingState::Loading:
        text = m_progressText.isEmpty() ? tr("Loading persons…") : m_progressText;
        break;
    case PagingState::LoadingMore:
        text = tr("%1 persons shown · %2").arg(locale.toString(rows), m_progressText);
        break;
    case PagingState::Ready:
        text = total >= 0 ? tr("%1 of %2 persons shown · scroll for more")
                                .arg(locale.toString(rows), locale.toString(total))
                          : tr("%1 persons shown · scroll for more").arg(locale.toString(rows));
        break;
    case PagingState::Complete:
        text = rows == 1 ? tr("1 person") : tr("%1 persons").arg(locale.toString(rows));
        break;
    case PagingState::Empty:
        text = tr("No persons");
        break;
    case PagingState::Failed:
        text = rows > 0 ? tr("%1 persons shown · %2").arg(locale.toString(rows), m_model->errorText())
                        : m_model->errorText();
        break;
    }
    if (m_fetcher->mode() == PersonsFetcher::Mode::LegacyInsightActors && !text.isEmpty())
        text += tr(" · older persons endpoint");
    m_status->setText(text);
    m_status->setStyleSheet(state == PagingState::Failed ? theme::errorTextStyle(theme::isDarkApplication())
                                                         : QString());
    const bool busy = m_model->isFetching();
    m_progress->setVisible(busy);
    m_cancel->setVisible(busy);
    m_retry->setVisible(state == PagingState::Failed && rows > 0);
}

QString PersonsTab::messageText() const
{
    return m_messageTitle->text() + QLatin1Char('\n') + m_messageText->text();
}

QString PersonsTab::statusText() const
{
    return m_status->text();
}

bool PersonsTab::isShowingMessage() const
{
    return m_body->currentWidget() == m_messagePage;
}

void PersonsTab::showHeaderMenu(const QPoint& pos)
{
    QHeaderView* header = m_table->horizontalHeader();
    const int section = header->logicalIndexAt(pos);
    auto* menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    if (section >= 0 && m_model->isSortable(section) &&
        m_fetcher->mode() != PersonsFetcher::Mode::LegacyInsightActors) {
        menu->addAction(tr("Sort Ascending"), this, [this, section] {
            m_model->sort(section, Qt::AscendingOrder);
            syncSortIndicator();
        });
        menu->addAction(tr("Sort Descending"), this, [this, section] {
            m_model->sort(section, Qt::DescendingOrder);
            syncSortIndicator();
        });
        menu->addSeparator();
    }
    if (section >= 0 && m_model->columnKind(section) == model::PersonsModel::ColumnKind::Property) {
        const QString key = m_model->columnKey(section);
        menu->addAction(tr("Hide “%1”").arg(key), this, [this, key] {
            QStringList columns = m_model->propertyColumns();
            columns.removeAll(key);
            setColumns(columns);
        });
    }
    menu->addAction(tr("Choose Columns…"), this, [this] { m_columnsButton->showMenu(); });
    menu->popup(header->viewport()->mapToGlobal(pos));
}

void PersonsTab::showRowMenu(const QPoint& pos)
{
    const QModelIndex index = m_table->indexAt(pos);
    if (!index.isValid())
        return;
    const model::PersonRecord person = m_model->person(index.row());
    auto* menu = new QMenu(this);
    menu->setAttribute(Qt::WA_DeleteOnClose);
    menu->addAction(tr("Open Person"), this, [this, index] { openRow(index); });
    menu->addSeparator();
    menu->addAction(tr("Copy Person ID"), this,
                    [uuid = person.uuid] { QApplication::clipboard()->setText(uuid); });
    menu->addAction(tr("Copy Distinct IDs"), this, [ids = person.distinctIds] {
        QApplication::clipboard()->setText(ids.join(QLatin1Char('\n')));
    });
    const QString value = index.data(Qt::DisplayRole).toString();
    if (!value.isEmpty())
        menu->addAction(tr("Copy Cell"), this, [value] { QApplication::clipboard()->setText(value); });
    menu->popup(m_table->viewport()->mapToGlobal(pos));
}

} // namespace hogscope::ui
