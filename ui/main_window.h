#pragma once

// The application window.

#include "messages_dock.h"

#include "api/query_scheduler.h" // QPointer needs the complete type where moc instantiates it

#include <QMainWindow>
#include <QPointer>

#include <array>

class QAction;
class QDockWidget;
class QJsonObject;
class QLabel;
class QStackedWidget;
class QTabWidget;

namespace hogscope::api {
class ApiClient;
class QueryScheduler;
} // namespace hogscope::api
namespace hogscope::workspace {
class DraftJournal;
class RunHistory;
class Settings;
} // namespace hogscope::workspace

namespace hogscope::ui {

class ChartPanel;
class CommandPalette;
class ConnectionBanner;
class HistoryPanel;
class InsightTab;
class PersonDetailView;
class PersonsTab;
class SchedulerStatusLabel;
class SchemaSidebar;
class QueryTab;

// The main window. It only composes: query tabs in the centre under a connection banner, the
// current tab's results and the messages in bottom docks, connection and query progress in the
// status bar, and the actions (Ctrl+Enter run, Esc cancel, Ctrl+T / Ctrl+W tabs) forwarded to the
// current tab. Layout is saved to and restored from the workspace settings.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(workspace::Settings& settings, QWidget* parent = nullptr);
    ~MainWindow() override;

    // The client and its scheduler for every tab (null = disconnected; neither owned); every query
    // goes through the scheduler. `description` goes to the status bar.
    void setClient(api::ApiClient* client, api::QueryScheduler* scheduler, const QString& description);
    api::ApiClient* client() const;
    api::QueryScheduler* scheduler() const;

    ConnectionBanner* connectionBanner() const { return m_banner; }
    MessagesDock* messagesDock() const { return m_messages; }
    void addMessage(MessageSeverity severity, const QString& source, const QString& text,
                    const MessagePosition& position = MessagePosition());
    // Shows a message's range: its query tab becomes current with the range selected in the editor.
    // False when that tab is gone.
    bool showPosition(const MessagePosition& position);

    QueryTab* newTab(const QString& text = QString());
    // Saved queries: a .hogql file opened in a new tab (null, with a message, when it cannot be
    // read), and a tab written to `path` (false, with a message, when it cannot be written).
    QueryTab* openQueryFile(const QString& path);
    bool saveQueryTab(QueryTab* queryTab, const QString& path);
    // A new Persons tab (Ctrl+Shift+P), and a person's detail in a tab of its own (an open one is
    // reused); both follow the connection.
    PersonsTab* openPersonsTab();
    PersonDetailView* openPerson(const QString& personUuid);
    // A Persons tab listing the persons behind an insight data point (an InsightActorsQuery).
    PersonsTab* showInsightActors(const QJsonObject& insightActorsQuery, const QString& title);
    void closeTab(int index);
    QueryTab* currentTab() const;
    QueryTab* tab(int index) const;
    int tabCount() const;

    QAction* runAction() const { return m_runAction; }
    QAction* cancelAction() const { return m_cancelAction; }

    void saveLayout();
    std::array<QDockWidget*, 4> bottomDocks() const;

    // Adds an insight tab (retention, stickiness, paths): connected to the current scheduler, and
    // its drill-downs go to showInsightActors().
    InsightTab* openInsightTab(InsightTab* insightTab);

    // The drafts journal and run history (not owned; null = none). Restores the journal's tabs,
    // replacing the initial one, and from then on journals every tab and records every run.
    void setWorkspace(workspace::DraftJournal* journal, workspace::RunHistory* history);

    ChartPanel* chartPanel() const { return m_chart; }
    HistoryPanel* historyPanel() const { return m_history; }
    SchemaSidebar* schemaSidebar() const { return m_sidebar; }
    CommandPalette* commandPalette() const { return m_palette; }
    QAction* paletteAction() const { return m_paletteAction; }
    QAction* completeAction() const { return m_completeAction; }
    QAction* formatAction() const { return m_formatAction; }
    QAction* personsAction() const { return m_personsAction; }
    // Ctrl+Shift+A: focus the current query tab's Ask box.
    QAction* askAction() const { return m_askAction; }
    QAction* connectAction() const { return m_connectAction; }

Q_SIGNALS:
    // setClient() was called: tabs that are not query tabs follow the connection through this.
    void clientChanged(hogscope::api::ApiClient* client, hogscope::api::QueryScheduler* scheduler);
    // The user asked to connect elsewhere (File > Connect, the sidebar's switch button).
    void connectionDialogRequested();

protected:
    void closeEvent(QCloseEvent* event) override;
    // Follows the system's light/dark switch (a new application palette) for the toolbar icons.
    bool event(QEvent* event) override;

private:
    void createActions();
    void updateSchemeIcons();
    void createMenus();
    void createDocks();
    void restoreLayout();
    void onCurrentTabChanged();
    void updateStatus();
    void updateActions();
    void journalTab(QueryTab* queryTab);
    // The file dialogs (window-modal through open(), no nested event loop).
    void chooseFileToOpen();
    void chooseFileToSave(QueryTab* queryTab);
    // The tab now stands for the file at `path`: its title, tooltip and unmodified state.
    void showTabFile(QueryTab* queryTab, const QString& path);
    void journalOrder();
    void recordRunStart(QueryTab* queryTab);
    void recordRunEnd(QueryTab* queryTab);

    workspace::Settings& m_settings;
    QPointer<api::ApiClient> m_client;
    QPointer<api::QueryScheduler> m_scheduler;
    SchedulerStatusLabel* m_schedulerLabel = nullptr;
    ConnectionBanner* m_banner = nullptr;
    QTabWidget* m_tabs = nullptr;
    QStackedWidget* m_resultsStack = nullptr;
    QDockWidget* m_resultsDock = nullptr;
    MessagesDock* m_messages = nullptr;
    QLabel* m_connectionLabel = nullptr;
    QLabel* m_queryLabel = nullptr;
    QAction* m_runAction = nullptr;
    QAction* m_runAllAction = nullptr;
    QAction* m_openAction = nullptr;
    QAction* m_saveAction = nullptr;
    QAction* m_saveAsAction = nullptr;
    QAction* m_cancelAction = nullptr;
    QAction* m_newTabAction = nullptr;
    QAction* m_closeTabAction = nullptr;
    QAction* m_paletteAction = nullptr;
    QAction* m_completeAction = nullptr;
    QAction* m_formatAction = nullptr;
    QAction* m_personsAction = nullptr;
    QAction* m_askAction = nullptr;
    QAction* m_connectAction = nullptr;
    QDockWidget* m_chartDock = nullptr;
    QDockWidget* m_historyDock = nullptr;
    ChartPanel* m_chart = nullptr;
    HistoryPanel* m_history = nullptr;
    SchemaSidebar* m_sidebar = nullptr;
    QDockWidget* m_sidebarDock = nullptr;
    CommandPalette* m_palette = nullptr;
    workspace::DraftJournal* m_journal = nullptr;
    workspace::RunHistory* m_runHistory = nullptr;
    QString m_connectionDescription;
    int m_tabCounter = 0;
};

} // namespace hogscope::ui
