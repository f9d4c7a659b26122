#pragma once

// One person: properties, distinct ids, first and last seen, and the event timeline.

#include "model/persons_model.h"

#include <QPointer>
#include <QWidget>

class QLabel;
class QLineEdit;
class QListWidget;
class QProgressBar;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTreeView;

namespace hogscope::api {
class ApiClient;
class PersonsClient;
class QueryScheduler;
class ScheduledQuery;
struct ApiError;
struct QueryResult;
} // namespace hogscope::api
namespace hogscope::model {
class EventTimelineModel;
class PropertyTreeModel;
} // namespace hogscope::model

namespace hogscope::ui {

// The detail of one person, opened from the persons list or any person cell: name and id (copyable),
// created and last seen, the properties as a searchable key/value tree (nested values expand), the
// distinct ids, and the person's events newest first, loaded page by page as the timeline is scrolled
// (EventsQuery where person_id = …). Selecting an event shows its properties. "Open as HogQL" hands a
// query over the same events to a query tab.
class PersonDetailView : public QWidget
{
    Q_OBJECT

public:
    explicit PersonDetailView(QWidget* parent = nullptr);
    ~PersonDetailView() override;

    void setConnection(api::ApiClient* client, api::QueryScheduler* scheduler);
    // Shows `uuid`: asks for the person's detail and the first page of events.
    void openPerson(const QString& uuid);
    // Loads the person and the timeline again.
    void reload();

    QString personUuid() const { return m_uuid; }
    // What is shown of the person (empty until the detail arrived).
    const model::PersonRecord& person() const { return m_person; }
    bool isLoaded() const { return m_loaded; }
    QString errorText() const { return m_error; }
    // "Person · <name>".
    QString title() const;
    // The HogQL "Open as HogQL" hands over.
    QString hogqlQuery() const;

    void setPageSize(int rows) { m_pageSize = std::max(1, rows); }
    void copyId() const;
    void openAsHogQL();
    // Shows only properties whose key, path or value contains `text`, with their parents.
    void setPropertyFilter(const QString& text);

    QTreeView* propertiesView() const { return m_propertiesView; }
    model::PropertyTreeModel* propertiesModel() const { return m_properties; }
    QSortFilterProxyModel* propertiesProxy() const { return m_propertiesProxy; }
    QLineEdit* propertyFilterField() const { return m_propertyFilter; }
    QListWidget* distinctIdsList() const { return m_distinctIds; }
    QTableView* timelineView() const { return m_timelineView; }
    model::EventTimelineModel* timelineModel() const { return m_timeline; }
    model::PropertyTreeModel* eventPropertiesModel() const { return m_eventProperties; }
    QLabel* nameLabel() const { return m_name; }
    QLabel* factsLabel() const { return m_facts; }
    QString timelineStatusText() const;

Q_SIGNALS:
    // "Open as HogQL": a query over this person's events for a new query tab.
    void openQueryRequested(const QString& hogql);
    void titleChanged(const QString& title);
    // The detail arrived (or failed: errorText() says why).
    void personLoaded();

private:
    void buildUi();
    void showPerson();
    void showError(const QString& message);
    void onFetchRequested(quint64 generation, int offset);
    void onEventsSucceeded(quint64 generation, int offset, const api::QueryResult& result);
    void onEventsFailed(quint64 generation, const api::ApiError& error);
    void onEventSelected();
    void cancelEvents();
    void releaseQuery();
    void updateTimelineStatus();
    void copyCurrentProperty(QTreeView* view) const;

    QPointer<api::QueryScheduler> m_scheduler;
    api::PersonsClient* m_persons = nullptr;
    model::PropertyTreeModel* m_properties = nullptr;
    QSortFilterProxyModel* m_propertiesProxy = nullptr;
    model::EventTimelineModel* m_timeline = nullptr;
    model::PropertyTreeModel* m_eventProperties = nullptr;
    QPointer<api::ScheduledQuery> m_eventsQuery;
    quint64 m_personGeneration = 0;

    QString m_uuid;
    model::PersonRecord m_person;
    bool m_loaded = false;
    QString m_error;
    QString m_progressText;
    int m_pageSize = 100;

    QLabel* m_name = nullptr;
    QLabel* m_uuidLabel = nullptr;
    QLabel* m_facts = nullptr;
    QLabel* m_errorLine = nullptr;
    QPushButton* m_copyId = nullptr;
    QPushButton* m_openHogQL = nullptr;
    QPushButton* m_reload = nullptr;
    QLineEdit* m_propertyFilter = nullptr;
    QTreeView* m_propertiesView = nullptr;
    QListWidget* m_distinctIds = nullptr;
    QTableView* m_timelineView = nullptr;
    QLabel* m_timelineStatus = nullptr;
    QProgressBar* m_timelineProgress = nullptr;
    QPushButton* m_timelineCancel = nullptr;
    QPushButton* m_timelineRetry = nullptr;
    QLabel* m_eventTitle = nullptr;
    QTreeView* m_eventPropertiesView = nullptr;
};

} // namespace hogscope::ui
