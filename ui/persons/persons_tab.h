#pragma once

// The Persons tab: search, filter and page through the project's persons, or the persons behind an
// insight data point.

#include <QJsonObject>
#include <QPointer>
#include <QSet>
#include <QWidget>

class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QStackedWidget;
class QTableView;
class QTimer;
class QToolButton;
class QFrame;

namespace hogscope::api {
class ApiClient;
class DefinitionsCache;
class PersonsClient;
class QueryScheduler;
} // namespace hogscope::api
namespace hogscope::model {
class PersonsModel;
enum class PagingState;
} // namespace hogscope::model
namespace hogscope::workspace {
class Settings;
}

namespace hogscope::ui {

class ColumnChooser;
class PersonsFetcher;
class PropertyFilterBar;

// A search box (email, name, distinct id; debounced), person property filters, and a list that loads
// more as it is scrolled (ActorsQuery limit/offset), with the person property columns the user picks
// (remembered in the settings, shared by every persons tab) and server-side sorting by column. Loading,
// empty and error states show in place; a request in flight shows its progress and can be cancelled
// (Esc). Activating a row (double-click, Enter) asks for that person's detail.
class PersonsTab : public QWidget
{
    Q_OBJECT

public:
    explicit PersonsTab(workspace::Settings& settings, QWidget* parent = nullptr);
    ~PersonsTab() override;

    // The connection to list from (both null = disconnected; neither owned). Starts listing.
    void setConnection(api::ApiClient* client, api::QueryScheduler* scheduler);

    // Lists the persons behind an insight data point: ActorsQuery with `insightActorsQuery` (PostHog's
    // InsightActorsQuery: {"kind": "InsightActorsQuery", "source": <Retention|Stickiness|PathsQuery>,
    // "interval" | "day" + "series" | the paths keys}) as its source, paged. A server that answers 400
    // or 404 to that gets the legacy persons/retention|stickiness|path endpoints instead. `title` names
    // the data point ("Retention · Day 2 cohort").
    void showInsightActors(const QJsonObject& insightActorsQuery, const QString& title);
    // Back to every person of the project (search and filters kept).
    void showAllPersons();

    // "Persons", or "Persons · <title>" for a drill-down.
    QString title() const;

    // The person property columns (saved to the settings when changed here).
    void setColumns(const QStringList& columns);
    QStringList columns() const;

    // Applies the search text and filters now instead of after the typing pause.
    void applyFilterNow();
    void setSearchDelay(int milliseconds);
    // Rows per page (100; tests use less to see paging).
    void setPageSize(int rows);

    QLineEdit* searchField() const { return m_search; }
    PropertyFilterBar* filterBar() const { return m_filters; }
    ColumnChooser* columnChooser() const { return m_chooser; }
    QTableView* tableView() const { return m_table; }
    model::PersonsModel* model() const { return m_model; }
    PersonsFetcher* fetcher() const { return m_fetcher; }
    // What the tab says about its state: the message in place of the list, or the status line.
    QString messageText() const;
    QString statusText() const;
    bool isShowingMessage() const;

Q_SIGNALS:
    // The user opened a person (double-click or Enter on a row).
    void personOpenRequested(const QString& personUuid);
    void titleChanged(const QString& title);

private:
    void buildUi();
    void startListing();
    void onStateChanged();
    void onRowsInserted(int first, int last);
    void onSortIndicatorChanged(int section, Qt::SortOrder order);
    void syncSortIndicator();
    void updateStatus();
    void updateCandidates();
    void showHeaderMenu(const QPoint& pos);
    void showRowMenu(const QPoint& pos);
    void openRow(const QModelIndex& index);
    void saveColumns();
    void retry();

    workspace::Settings& m_settings;
    QPointer<api::ApiClient> m_client;
    QPointer<api::QueryScheduler> m_scheduler;
    api::PersonsClient* m_persons = nullptr;
    api::DefinitionsCache* m_definitions = nullptr;
    model::PersonsModel* m_model = nullptr;
    PersonsFetcher* m_fetcher = nullptr;

    QLineEdit* m_search = nullptr;
    QToolButton* m_addFilter = nullptr;
    QToolButton* m_columnsButton = nullptr;
    QToolButton* m_reload = nullptr;
    PropertyFilterBar* m_filters = nullptr;
    ColumnChooser* m_chooser = nullptr;
    QFrame* m_insightBanner = nullptr;
    QLabel* m_insightLabel = nullptr;
    QStackedWidget* m_body = nullptr;
    QTableView* m_table = nullptr;
    QWidget* m_messagePage = nullptr;
    QLabel* m_messageTitle = nullptr;
    QLabel* m_messageText = nullptr;
    QPushButton* m_messageButton = nullptr;
    QLabel* m_status = nullptr;
    QProgressBar* m_progress = nullptr;
    QPushButton* m_cancel = nullptr;
    QPushButton* m_retry = nullptr;
    QTimer* m_applyTimer = nullptr;

    QString m_insightTitle;
    QString m_progressText;
    QSet<QString> m_seenKeys;
    bool m_syncingSort = false;
    bool m_applyingColumns = false;
};

} // namespace hogscope::ui
