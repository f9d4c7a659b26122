#include "main_window.h"

#include "charts/chart_panel.h"
#include "command_palette.h"
#include "connection_banner.h"
#include "editor_completion.h"
#include "history_panel.h"
#include "hogql_editor.h"
#include "insights/paths_tab.h"
#include "insights/retention_tab.h"
#include "insights/stickiness_tab.h"
#include "persons/person_detail_view.h"
#include "persons/persons_tab.h"
#include "query_tab.h"
#include "results_view.h"
#include "scheduler_status.h"
#include "schema_sidebar.h"
#include "theme.h"
#include "variables_panel.h"

#include "api/api_client.h"
#include "api/query_scheduler.h"
#include "model/result_table_model.h"
#include "workspace/draft_journal.h"
#include "workspace/query_file.h"
#include "workspace/run_history.h"
#include "workspace/settings.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPointer>
#include <QStackedWidget>
#include <QStatusBar>
#include <QStyle>
#include <QTabBar>
#include <QTabWidget>
#include <QToolBar>
#include <QVBoxLayout>

#include <algorithm>
#include <array>

namespace hogscope::ui {

namespace {

const QString kExamplesDir = QStringLiteral(":/queries");

QString exampleTitle(const QString& fileName)
{
    QString title = QFileInfo(fileName).completeBaseName();
    title.replace(QLatin1Char('_'), QLatin1Char(' '));
    if (!title.isEmpty())
        title[0] = title[0].toUpper();
    return title;
}

} // namespace

MainWindow::MainWindow(workspace::Settings& settings, QWidget* parent)
    : QMainWindow(parent)
    , m_settings(settings)
    , m_banner(new ConnectionBanner(this))
    , m_tabs(new QTabWidget(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(tr("Hogscope"));
    setDockOptions(AnimatedDocks | AllowTabbedDocks);

    m_tabs->setObjectName(QStringLiteral("queryTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);

    auto* central = new QWidget(this);
    auto* layout = new QVBoxLayout(central);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    auto* bannerBox = new QVBoxLayout;
    bannerBox->setContentsMargins(8, 8, 8, 4);
    bannerBox->addWidget(m_banner);
    layout->addLayout(bannerBox);
    layout->addWidget(m_tabs, 1);
    setCentralWidget(central);

    createActions();
    createDocks();
    createMenus();

    m_connectionLabel = new QLabel(this);
    m_connectionLabel->setObjectName(QStringLiteral("connectionStatus"));
    theme::followScheme(m_connectionLabel, [this](bool dark) {
        const theme::Colors& colors = theme::colors(dark);
        m_connectionLabel->setStyleSheet(
            QStringLiteral("color:%1;")
                .arg((m_client != nullptr ? colors.success : colors.mutedText).name()));
    });
    m_queryLabel = new QLabel(this);
    m_queryLabel->setObjectName(QStringLiteral("queryStatus"));
    m_schedulerLabel = new SchedulerStatusLabel(this);
    statusBar()->addWidget(m_queryLabel, 1);
    statusBar()->addPermanentWidget(m_schedulerLabel);
    statusBar()->addPermanentWidget(m_connectionLabel);

    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::onCurrentTabChanged);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);

    newTab(QStringLiteral("SELECT event, count() AS n\nFROM events\nGROUP BY event\nORDER BY n DESC\n"
                          "LIMIT 100\n"));
    setClient(nullptr, nullptr, QString());
    resize(1200, 800);
    restoreLayout();
}

MainWindow::~MainWindow()
{
    // Tabs own their results views, which live in the dock; delete tabs first so nothing dangles.
    while (m_tabs->count() > 0) {
        QWidget* widget = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete widget;
    }
}

void MainWindow::createActions()
{
    m_runAction = new QAction(style()->standardIcon(QStyle::SP_MediaPlay), tr("&Run Statement"), this);
    m_runAction->setObjectName(QStringLiteral("runAction"));
    m_runAction->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Return), QKeySequence(Qt::CTRL | Qt::Key_Enter)});
    m_runAction->setToolTip(tr("Run the statement at the cursor, or the selection (Ctrl+Enter)"));
    connect(m_runAction, &QAction::triggered, this, [this] {
        if (QueryTab* tab = currentTab())
            tab->run();
    });

    m_runAllAction = new QAction(tr("Run &All Statements"), this);
    m_runAllAction->setObjectName(QStringLiteral("runAllAction"));
    m_runAllAction->setShortcuts({QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Return),
                                  QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Enter)});
    m_runAllAction->setToolTip(tr("Run every statement of the script in turn (Ctrl+Shift+Enter)"));
    connect(m_runAllAction, &QAction::triggered, this, [this] {
        if (QueryTab* tab = currentTab())
            tab->runAll();
    });

    m_openAction = new QAction(tr("&Open Query…"), this);
    m_openAction->setObjectName(QStringLiteral("openAction"));
    m_openAction->setShortcut(QKeySequence::Open);
    m_openAction->setToolTip(tr("Open a saved .hogql query in a new tab (Ctrl+O)"));
    connect(m_openAction, &QAction::triggered, this, &MainWindow::chooseFileToOpen);
    m_saveAction = new QAction(tr("&Save Query"), this);
    m_saveAction->setObjectName(QStringLiteral("saveAction"));
    m_saveAction->setShortcut(QKeySequence::Save);
    m_saveAction->setToolTip(tr("Save the query tab as a .hogql file (Ctrl+S)"));
    connect(m_saveAction, &QAction::triggered, this, [this] {
        QueryTab* queryTab = currentTab();
        if (queryTab == nullptr)
            return;
        if (queryTab->filePath().isEmpty())
            chooseFileToSave(queryTab);
        else
            saveQueryTab(queryTab, queryTab->filePath());
    });
    m_saveAsAction = new QAction(tr("Save Query &As…"), this);
    m_saveAsAction->setObjectName(QStringLiteral("saveAsAction"));
    m_saveAsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_S));
    connect(m_saveAsAction, &QAction::triggered, this, [this] {
        if (QueryTab* queryTab = currentTab())
            chooseFileToSave(queryTab);
    });

    m_cancelAction = new QAction(style()->standardIcon(QStyle::SP_MediaStop), tr("&Cancel Query"), this);
    m_cancelAction->setObjectName(QStringLiteral("cancelAction"));
    m_cancelAction->setShortcut(QKeySequence(Qt::Key_Escape));
    m_cancelAction->setToolTip(tr("Cancel the running query, on the server too (Esc)"));
    connect(m_cancelAction, &QAction::triggered, this, [this] {
        if (QueryTab* tab = currentTab())
            tab->cancel();
    });

    m_newTabAction = new QAction(style()->standardIcon(QStyle::SP_FileIcon), tr("&New Query Tab"), this);
    m_newTabAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_T));
    connect(m_newTabAction, &QAction::triggered, this, [this] { newTab(); });

    m_closeTabAction = new QAction(tr("&Close Tab"), this);
    m_closeTabAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_W));
    connect(m_closeTabAction, &QAction::triggered, this, [this] { closeTab(m_tabs->currentIndex()); });

    m_paletteAction = new QAction(tr("Command &Palette…"), this);
    m_paletteAction->setObjectName(QStringLiteral("paletteAction"));
    m_paletteAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_K));
    m_paletteAction->setToolTip(tr("Find and run any command (Ctrl+K)"));
    connect(m_paletteAction, &QAction::triggered, this, [this] { m_palette->popup(); });
    m_palette = new CommandPalette(this);

    m_completeAction = new QAction(tr("Complete"), this);
    m_completeAction->setObjectName(QStringLiteral("completeAction"));
    m_completeAction->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Space));
    m_completeAction->setToolTip(tr("Show what may be typed at the cursor (Ctrl+Space)"));
    connect(m_completeAction, &QAction::triggered, this, [this] {
        if (QueryTab* tab = currentTab())
            tab->completion()->trigger();
    });

    m_formatAction = new QAction(tr("&Format Query"), this);
    m_formatAction->setObjectName(QStringLiteral("formatAction"));
    m_formatAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F));
    m_formatAction->setToolTip(tr("Lay the script out in the canonical style (Ctrl+Shift+F)"));
    connect(m_formatAction, &QAction::triggered, this, [this] {
        if (QueryTab* tab = currentTab())
            tab->format();
    });

    m_personsAction = new QAction(tr("&Persons"), this);
    m_personsAction->setObjectName(QStringLiteral("personsAction"));
    m_personsAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
    m_personsAction->setToolTip(tr("Browse the project's persons in a new tab (Ctrl+Shift+P)"));
    connect(m_personsAction, &QAction::triggered, this, [this] { openPersonsTab(); });

    m_connectAction = new QAction(tr("C&onnect…"), this);
    m_connectAction->setObjectName(QStringLiteral("connectAction"));
    m_connectAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_O));
    m_connectAction->setToolTip(tr("Choose a PostHog connection or the local demo (Ctrl+Shift+O)"));
    connect(m_connectAction, &QAction::triggered, this, &MainWindow::connectionDialogRequested);

    m_askAction = new QAction(tr("&Ask AI for a Draft…"), this);
    m_askAction->setObjectName(QStringLiteral("askAction"));
    m_askAction->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_A));
    m_askAction->setToolTip(tr("Draft HogQL from a question in plain words (Ctrl+Shift+A)"));
    connect(m_askAction, &QAction::triggered, this, [this] {
        if (QueryTab* tab = currentTab())
            tab->focusAsk();
    });
    addAction(m_askAction);
    updateSchemeIcons();

    for (QAction* action : {m_runAction, m_runAllAction, m_cancelAction, m_newTabAction, m_closeTabAction,
                            m_openAction, m_saveAction, m_saveAsAction, m_paletteAction, m_completeAction,
                            m_formatAction, m_personsAction, m_connectAction})
        addAction(action);
}

void MainWindow::createMenus()
{
    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addAction(m_newTabAction);
    file->addAction(m_openAction);
    file->addAction(m_saveAction);
    file->addAction(m_saveAsAction);
    file->addAction(m_closeTabAction);
    file->addSeparator();
    // The current query tab's results; ResultsView has the dialog and knows whether there is a result.
    QAction* exportResults = file->addAction(tr("&Export Results…"));
    exportResults->setObjectName(QStringLiteral("exportResultsMenuAction"));
    connect(exportResults, &QAction::triggered, this, [this] {
        if (QueryTab* tab = currentTab())
            tab->resultsView()->showExportDialog();
    });
    connect(file, &QMenu::aboutToShow, exportResults, [this, exportResults] {
        const QueryTab* tab = currentTab();
        exportResults->setEnabled(tab && tab->resultsView()->exportAction()->isEnabled());
    });
    file->addSeparator();
    file->addAction(m_connectAction);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    QMenu* query = menuBar()->addMenu(tr("&Query"));
    query->addAction(m_runAction);
    query->addAction(m_runAllAction);
    query->addAction(m_cancelAction);
    query->addSeparator();
    query->addAction(m_completeAction);
    query->addAction(m_formatAction);
    query->addAction(m_askAction);
    QMenu* examples = query->addMenu(tr("&Examples"));
    const QStringList files =
        QDir(kExamplesDir).entryList({QStringLiteral("*.hogql")}, QDir::Files, QDir::Name);
    for (const QString& name : files) {
        QAction* example = examples->addAction(exampleTitle(name));
        connect(example, &QAction::triggered, this, [this, name] {
            QFile file(kExamplesDir + QLatin1Char('/') + name);
            if (file.open(QIODevice::ReadOnly))
                newTab(QString::fromUtf8(file.readAll()));
        });
    }
    examples->setEnabled(!files.isEmpty());

    QMenu* view = menuBar()->addMenu(tr("&View"));
    view->addAction(m_paletteAction);
    view->addAction(m_personsAction);
    view->addSeparator();
    view->addAction(m_sidebarDock->toggleViewAction());
    view->addAction(m_resultsDock->toggleViewAction());
    view->addAction(m_chartDock->toggleViewAction());
    view->addAction(m_historyDock->toggleViewAction());
    view->addAction(m_messages->toggleViewAction());

    // The insight tabs; the command palette finds these actions through the menu.
    QMenu* insights = menuBar()->addMenu(tr("&Insights"));
    insights->addAction(tr("New &Retention Tab"), this, [this] { openInsightTab(new RetentionTab); })
        ->setObjectName(QStringLiteral("retentionAction"));
    insights->addAction(tr("New &Stickiness Tab"), this, [this] { openInsightTab(new StickinessTab); })
        ->setObjectName(QStringLiteral("stickinessAction"));
    insights->addAction(tr("New &Paths Tab"), this, [this] { openInsightTab(new PathsTab); })
        ->setObjectName(QStringLiteral("pathsAction"));

    QToolBar* toolbar = addToolBar(tr("Query"));
    toolbar->setObjectName(QStringLiteral("queryToolBar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addAction(m_newTabAction);
    toolbar->addSeparator();
    toolbar->addAction(m_runAction);
    toolbar->addAction(m_cancelAction);
}

void MainWindow::createDocks()
{
    m_resultsStack = new QStackedWidget(this);
    m_resultsStack->setObjectName(QStringLiteral("resultsStack"));
    m_resultsDock = new QDockWidget(tr("Results"), this);
    m_resultsDock->setObjectName(QStringLiteral("resultsDock"));
    m_resultsDock->setWidget(m_resultsStack);
    m_resultsDock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                               QDockWidget::DockWidgetClosable);
    addDockWidget(Qt::BottomDockWidgetArea, m_resultsDock);

    m_chart = new ChartPanel(this);
    m_chart->setObjectName(QStringLiteral("chartPanel"));
    m_chartDock = new QDockWidget(tr("Chart"), this);
    m_chartDock->setObjectName(QStringLiteral("chartDock"));
    m_chartDock->setWidget(m_chart);
    addDockWidget(Qt::BottomDockWidgetArea, m_chartDock);
    connect(m_chart, &ChartPanel::exported, this, [this](const QString& fileName, const QString& error) {
        if (error.isEmpty())
            addMessage(MessageSeverity::Info, tr("Chart"), tr("Exported %1").arg(fileName));
        else
            addMessage(MessageSeverity::Error, tr("Chart"), error);
    });

    m_sidebar = new SchemaSidebar(this);
    m_sidebarDock = new QDockWidget(tr("Schema"), this);
    m_sidebarDock->setObjectName(QStringLiteral("schemaDock"));
    m_sidebarDock->setWidget(m_sidebar);
    addDockWidget(Qt::LeftDockWidgetArea, m_sidebarDock);
    resizeDocks({m_sidebarDock}, {260}, Qt::Horizontal);
    connect(m_sidebar, &SchemaSidebar::switchConnectionRequested, this,
            &MainWindow::connectionDialogRequested);
    connect(m_sidebar, &SchemaSidebar::insertRequested, this, [this](const QString& text) {
        if (QueryTab* tab = currentTab()) {
            tab->editor()->insert(text);
            int line = 0, index = 0;
            tab->editor()->getCursorPosition(&line, &index);
            tab->editor()->setCursorPosition(line, index + int(text.size()));
            tab->editor()->setFocus();
        }
    });

    m_history = new HistoryPanel(this);
    m_historyDock = new QDockWidget(tr("History"), this);
    m_historyDock->setObjectName(QStringLiteral("historyDock"));
    m_historyDock->setWidget(m_history);
    addDockWidget(Qt::BottomDockWidgetArea, m_historyDock);
    connect(m_history, &HistoryPanel::reopenRequested, this, [this](const QString& query) { newTab(query); });

    m_messages = new MessagesDock(this);
    addDockWidget(Qt::BottomDockWidgetArea, m_messages);
    connect(m_messages, &MessagesDock::jumpRequested, this, &MainWindow::showPosition);
    tabifyDockWidget(m_resultsDock, m_chartDock);
    tabifyDockWidget(m_resultsDock, m_historyDock);
    tabifyDockWidget(m_resultsDock, m_messages);
    m_resultsDock->raise();
    resizeDocks({m_resultsDock}, {420}, Qt::Vertical);
}

void MainWindow::restoreLayout()
{
    const QByteArray geometry = m_settings.value(workspace::keys::windowGeometry);
    if (!geometry.isEmpty())
        restoreGeometry(geometry);
    const QByteArray state = m_settings.value(workspace::keys::windowState);
    if (!state.isEmpty())
        restoreState(state);
}

std::array<QDockWidget*, 4> MainWindow::bottomDocks() const
{
    return {m_resultsDock, m_chartDock, m_historyDock, m_messages};
}

void MainWindow::saveLayout()
{
    // Docks that stepped aside for a persons or insight tab are part of the user's layout.
    for (QDockWidget* dock : bottomDocks()) {
        if (dock->property("hiddenForTab").toBool()) {
            dock->setProperty("hiddenForTab", false);
            dock->show();
        }
    }
    m_settings.setValue(workspace::keys::windowGeometry, saveGeometry());
    m_settings.setValue(workspace::keys::windowState, saveState());
    m_settings.sync();
}

InsightTab* MainWindow::openInsightTab(InsightTab* insightTab)
{
    insightTab->setParent(m_tabs);
    insightTab->setScheduler(m_scheduler);
    insightTab->setProjectDescription(m_connectionDescription);
    connect(this, &MainWindow::clientChanged, insightTab,
            [this, insightTab](api::ApiClient*, api::QueryScheduler* scheduler) {
                insightTab->setScheduler(scheduler);
                insightTab->setProjectDescription(m_connectionDescription);
            });
    connect(insightTab, &InsightTab::actorsRequested, this, &MainWindow::showInsightActors);
    connect(insightTab, &InsightTab::exported, this, [this](const QString& fileName, const QString& error) {
        if (error.isEmpty())
            addMessage(MessageSeverity::Info, tr("Chart"), tr("Exported %1").arg(fileName));
        else
            addMessage(MessageSeverity::Error, tr("Chart"), error);
    });
    m_tabs->setCurrentIndex(m_tabs->addTab(insightTab, insightTab->title()));
    if (m_scheduler)
        insightTab->run();
    return insightTab;
}

bool MainWindow::event(QEvent* event)
{
    if (event->type() == QEvent::ApplicationPaletteChange || event->type() == QEvent::ThemeChange)
        updateSchemeIcons();
    return QMainWindow::event(event);
}

void MainWindow::updateSchemeIcons()
{
    // The style's media icons are black glyphs: on a dark toolbar they are repainted in the text colour.
    const bool dark = theme::isDarkApplication();
    const QColor glyph = QApplication::palette().color(QPalette::ButtonText);
    m_runAction->setIcon(theme::iconForScheme(style()->standardIcon(QStyle::SP_MediaPlay), dark, glyph));
    m_cancelAction->setIcon(theme::iconForScheme(style()->standardIcon(QStyle::SP_MediaStop), dark, glyph));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    saveLayout();
    QMainWindow::closeEvent(event);
}

void MainWindow::setClient(api::ApiClient* client, api::QueryScheduler* scheduler, const QString& description)
{
    m_client = client;
    m_scheduler = scheduler;
    m_schedulerLabel->setScheduler(scheduler);
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (QueryTab* queryTab = tab(i)) // other tabs follow clientChanged()
            queryTab->setScheduler(scheduler);
    }
    m_connectionDescription = description;
    m_sidebar->setConnection(client != nullptr ? description : QString());
    m_connectionLabel->setText(client != nullptr ? QStringLiteral("● ") + description
                                                 : tr("○ Not connected"));
    const theme::Colors& colors = theme::currentColors();
    m_connectionLabel->setStyleSheet(
        QStringLiteral("color:%1;").arg((client != nullptr ? colors.success : colors.mutedText).name()));
    if (client != nullptr)
        m_banner->hide();
    updateActions();
    Q_EMIT clientChanged(client, scheduler);
}

void MainWindow::addMessage(MessageSeverity severity, const QString& source, const QString& text,
                            const MessagePosition& position)
{
    m_messages->addMessage(severity, source, text, position);
}

bool MainWindow::showPosition(const MessagePosition& position)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        QueryTab* queryTab = tab(i);
        if (queryTab == nullptr || queryTab->id() != position.tabId)
            continue;
        m_tabs->setCurrentIndex(i);
        HogqlEditor* editor = queryTab->editor();
        // The text may have changed since: keep the range inside the document.
        const long length = editor->SendScintilla(QsciScintillaBase::SCI_GETLENGTH);
        const long begin = std::clamp<long>(position.begin, 0, length);
        const long end = std::clamp<long>(std::max(position.end, position.begin), begin, length);
        editor->SendScintilla(QsciScintillaBase::SCI_SETSEL, begin, end);
        editor->SendScintilla(QsciScintillaBase::SCI_SCROLLCARET);
        editor->setFocus();
        return true;
    }
    addMessage(MessageSeverity::Info, tr("Messages"), tr("The tab of that message has been closed."));
    return false;
}

QueryTab* MainWindow::newTab(const QString& text)
{
    auto* queryTab = new QueryTab(m_tabs);
    queryTab->setScheduler(m_scheduler);
    HogqlEditor* editor = queryTab->editor();
    for (QAction* action :
         {m_runAction, m_runAllAction, m_newTabAction, m_closeTabAction, m_openAction, m_saveAction,
          m_saveAsAction, m_paletteAction, m_completeAction, m_personsAction}) {
        for (const QKeySequence& sequence : action->shortcuts())
            editor->reserveShortcut(sequence);
    }
    editor->reserveShortcut(m_askAction->shortcut());
    if (!text.isEmpty()) {
        editor->setText(text);
        editor->checkSyntaxNow();
    }
    m_resultsStack->addWidget(queryTab->resultsView());
    queryTab->resultsView()->setSettings(&m_settings);

    connect(queryTab, &QueryTab::summaryChanged, this, [this, queryTab] {
        if (queryTab == currentTab())
            updateStatus();
    });
    connect(queryTab, &QueryTab::statusChanged, this, [this, queryTab] {
        if (queryTab == currentTab())
            updateActions();
    });
    connect(queryTab, &QueryTab::runStarted, this, [this, queryTab] { recordRunStart(queryTab); });
    connect(queryTab->resultsView(), &ResultsView::personActivated, this, &MainWindow::openPerson);
    connect(queryTab, &QueryTab::finished, this, [this, queryTab] { recordRunEnd(queryTab); });
    connect(editor, &QsciScintilla::textChanged, this, [this, queryTab] { journalTab(queryTab); });
    connect(queryTab->variablesPanel(), &VariablesPanel::valuesChanged, this,
            [this, queryTab] { journalTab(queryTab); });
    connect(queryTab, &QueryTab::message, this,
            [this, queryTab](MessageSeverity severity, const QString& text, const MessagePosition& position) {
                const int index = m_tabs->indexOf(queryTab);
                addMessage(severity, index >= 0 ? m_tabs->tabText(index) : tr("Query"), text, position);
            });

    const int index = m_tabs->addTab(queryTab, tr("Query %1").arg(++m_tabCounter));
    m_tabs->setCurrentIndex(index);
    editor->setFocus();
    journalTab(queryTab);
    return queryTab;
}

void MainWindow::closeTab(int index)
{
    QWidget* widget = m_tabs->widget(index);
    if (widget == nullptr)
        return;
    QueryTab* queryTab = tab(index);
    if (m_journal && queryTab)
        m_journal->remove(queryTab->id());
    m_tabs->removeTab(index);
    delete widget; // a query tab also deletes its results view and cancels its query
    if (m_tabs->count() == 0)
        newTab();
}

QueryTab* MainWindow::currentTab() const
{
    return qobject_cast<QueryTab*>(m_tabs->currentWidget());
}

QueryTab* MainWindow::tab(int index) const
{
    return qobject_cast<QueryTab*>(m_tabs->widget(index));
}

int MainWindow::tabCount() const
{
    return m_tabs->count();
}

void MainWindow::onCurrentTabChanged()
{
    if (QueryTab* queryTab = currentTab()) {
        m_resultsStack->setCurrentWidget(queryTab->resultsView());
        queryTab->editor()->setFocus();
        m_chart->setModel(queryTab->resultsView()->model());
        QPointer<QueryTab> guarded(queryTab);
        m_chart->setMetadataProvider([this, guarded] {
            ChartExportMetadata metadata;
            if (guarded) {
                metadata.query = guarded->lastRunText();
                metadata.runAt = guarded->lastRunStartedAt();
                const int index = m_tabs->indexOf(guarded);
                metadata.title = index >= 0 ? m_tabs->tabText(index) : QString();
            }
            metadata.project = m_connectionDescription;
            return metadata;
        });
    } else {
        m_chart->setModel(nullptr);
    }
    // The bottom docks (results, chart, history, messages) serve query tabs; persons and insight tabs
    // show their results and errors in themselves, so the docks step aside for them and come back
    // with the next query tab.
    const bool queryTabCurrent = currentTab() != nullptr;
    for (QDockWidget* dock : bottomDocks()) {
        if (!queryTabCurrent && dock->isVisible()) {
            dock->setProperty("hiddenForTab", true);
            dock->hide();
        } else if (queryTabCurrent && dock->property("hiddenForTab").toBool()) {
            dock->setProperty("hiddenForTab", false);
            dock->show();
        }
    }
    updateStatus();
    updateActions();
}

void MainWindow::updateStatus()
{
    QueryTab* queryTab = currentTab();
    m_queryLabel->setText(queryTab != nullptr ? queryTab->progressSummary() : QString());
}

void MainWindow::updateActions()
{
    QueryTab* queryTab = currentTab();
    const bool running = queryTab != nullptr && queryTab->isRunning();
    m_cancelAction->setEnabled(running);
    m_runAction->setEnabled(queryTab != nullptr);
    m_runAllAction->setEnabled(queryTab != nullptr);
    m_saveAction->setEnabled(queryTab != nullptr);
    m_saveAsAction->setEnabled(queryTab != nullptr);
}

void MainWindow::setWorkspace(workspace::DraftJournal* journal, workspace::RunHistory* history)
{
    m_runHistory = history;
    m_history->setHistory(history);
    m_journal = nullptr; // not while the restored tabs are built
    if (journal) {
        const QList<workspace::TabDraft> drafts = journal->load();
        if (!drafts.isEmpty()) {
            while (m_tabs->count() > 0) {
                QWidget* widget = m_tabs->widget(0);
                m_tabs->removeTab(0);
                delete widget;
            }
            for (const workspace::TabDraft& draft : drafts) {
                QueryTab* queryTab = newTab(draft.text);
                queryTab->setId(draft.id);
                queryTab->setFilePath(draft.filePath);
                queryTab->variablesPanel()->restoreState(
                    QJsonDocument::fromJson(draft.placeholders.toUtf8()).object());
                queryTab->editor()->setModified(draft.modified);
                m_tabs->setTabText(m_tabs->indexOf(queryTab), draft.title);
                if (!draft.filePath.isEmpty())
                    m_tabs->setTabToolTip(m_tabs->indexOf(queryTab), draft.filePath);
                int line = 0, index = 0;
                queryTab->editor()->lineIndexFromPosition(draft.cursor, &line, &index);
                queryTab->editor()->setCursorPosition(line, index);
            }
            addMessage(MessageSeverity::Info, tr("Workspace"),
                       tr("Restored %n tab(s) from the last session.", nullptr, int(drafts.size())));
        }
    }
    m_journal = journal;
    if (m_journal) {
        connect(m_journal, &workspace::DraftJournal::failed, this, [this](const QString& message) {
            addMessage(MessageSeverity::Warning, tr("Workspace"), message);
        });
        for (int i = 0; i < m_tabs->count(); ++i)
            journalTab(tab(i));
        journalOrder();
        connect(m_tabs->tabBar(), &QTabBar::tabMoved, this, &MainWindow::journalOrder, Qt::UniqueConnection);
    }
}

void MainWindow::journalTab(QueryTab* queryTab)
{
    if (!m_journal || !queryTab)
        return;
    const int index = m_tabs->indexOf(queryTab);
    if (index < 0)
        return;
    int line = 0, col = 0;
    queryTab->editor()->getCursorPosition(&line, &col);
    m_journal->update(
        {queryTab->id(), m_tabs->tabText(index), queryTab->filePath(), queryTab->editor()->text(),
         int(queryTab->editor()->positionFromLineIndex(line, col)),
         queryTab->filePath().isEmpty() || queryTab->editor()->isModified(),
         QString::fromUtf8(
             QJsonDocument(queryTab->variablesPanel()->state()).toJson(QJsonDocument::Compact))});
}

QueryTab* MainWindow::openQueryFile(const QString& path)
{
    const workspace::QueryFileRead read = workspace::readQueryFile(path);
    if (!read.ok()) {
        addMessage(MessageSeverity::Error, tr("Open"), read.error);
        statusBar()->showMessage(read.error, 8000);
        return nullptr;
    }
    QueryTab* queryTab = newTab(read.text);
    showTabFile(queryTab, path);
    return queryTab;
}

bool MainWindow::saveQueryTab(QueryTab* queryTab, const QString& path)
{
    const QString error = workspace::writeQueryFile(path, queryTab->editor()->text());
    if (!error.isEmpty()) {
        addMessage(MessageSeverity::Error, tr("Save"), error);
        statusBar()->showMessage(error, 8000);
        return false;
    }
    showTabFile(queryTab, path);
    statusBar()->showMessage(tr("Saved %1").arg(path), 4000);
    return true;
}

void MainWindow::showTabFile(QueryTab* queryTab, const QString& path)
{
    queryTab->setFilePath(path);
    queryTab->editor()->setModified(false);
    const int index = m_tabs->indexOf(queryTab);
    m_tabs->setTabText(index, QFileInfo(path).fileName());
    m_tabs->setTabToolTip(index, path);
    journalTab(queryTab);
}

void MainWindow::chooseFileToOpen()
{
    auto* dialog =
        new QFileDialog(this, tr("Open Query"), QString(), tr("HogQL queries (*.hogql);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setFileMode(QFileDialog::ExistingFile);
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& path) { openQueryFile(path); });
    dialog->open();
}

void MainWindow::chooseFileToSave(QueryTab* queryTab)
{
    auto* dialog = new QFileDialog(this, tr("Save Query"), queryTab->filePath(),
                                   tr("HogQL queries (*.hogql);;All files (*)"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(QStringLiteral("hogql"));
    connect(dialog, &QFileDialog::fileSelected, this,
            [this, tab = QPointer<QueryTab>(queryTab)](const QString& path) {
                if (tab)
                    saveQueryTab(tab, path);
            });
    dialog->open();
}

void MainWindow::journalOrder()
{
    if (!m_journal)
        return;
    QStringList ids;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (QueryTab* queryTab = tab(i))
            ids << queryTab->id();
    }
    m_journal->setOrder(ids);
}

void MainWindow::recordRunStart(QueryTab* queryTab)
{
    if (!m_runHistory)
        return;
    const QString host = m_client ? m_client->connection().baseUrl.toString() : QString();
    const QString project = m_client ? m_client->connection().projectId : QString();
    const qint64 id = m_runHistory->recordStart(queryTab->lastRunText(), host, project);
    queryTab->setProperty("historyId", id);
    m_history->refresh();
}

void MainWindow::recordRunEnd(QueryTab* queryTab)
{
    const qint64 id = queryTab->property("historyId").toLongLong();
    if (!m_runHistory || id <= 0)
        return;
    using Status = workspace::HistoryEntry::Status;
    const Status status = queryTab->status() == QueryTab::Status::Succeeded   ? Status::Ok
                          : queryTab->status() == QueryTab::Status::Cancelled ? Status::Cancelled
                                                                              : Status::Error;
    const qint64 rows = queryTab->lastRunRowCount();
    m_runHistory->recordFinish(id, status, queryTab->lastRunDurationMs(),
                               rows >= 0 ? std::optional<qint64>(rows) : std::nullopt,
                               queryTab->lastRunError());
    queryTab->setProperty("historyId", QVariant());
    m_history->refresh();
}

api::ApiClient* MainWindow::client() const
{
    return m_client;
}

api::QueryScheduler* MainWindow::scheduler() const
{
    return m_scheduler;
}

PersonsTab* MainWindow::openPersonsTab()
{
    auto* personsTab = new PersonsTab(m_settings, m_tabs);
    personsTab->setConnection(m_client, m_scheduler);
    connect(this, &MainWindow::clientChanged, personsTab, &PersonsTab::setConnection);
    connect(personsTab, &PersonsTab::personOpenRequested, this, &MainWindow::openPerson);
    connect(personsTab, &PersonsTab::titleChanged, this, [this, personsTab](const QString& title) {
        m_tabs->setTabText(m_tabs->indexOf(personsTab), title);
    });
    m_tabs->setCurrentIndex(m_tabs->addTab(personsTab, personsTab->title()));
    personsTab->searchField()->setFocus();
    return personsTab;
}

PersonDetailView* MainWindow::openPerson(const QString& personUuid)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto* open = qobject_cast<PersonDetailView*>(m_tabs->widget(i));
        if (open && open->personUuid() == personUuid) {
            m_tabs->setCurrentIndex(i);
            return open;
        }
    }
    auto* detail = new PersonDetailView(m_tabs);
    detail->setConnection(m_client, m_scheduler);
    connect(this, &MainWindow::clientChanged, detail, &PersonDetailView::setConnection);
    connect(detail, &PersonDetailView::openQueryRequested, this,
            [this](const QString& query) { newTab(query); });
    connect(detail, &PersonDetailView::titleChanged, this,
            [this, detail](const QString& title) { m_tabs->setTabText(m_tabs->indexOf(detail), title); });
    const int index = m_tabs->addTab(detail, detail->title());
    detail->openPerson(personUuid);
    m_tabs->setCurrentIndex(index);
    return detail;
}

PersonsTab* MainWindow::showInsightActors(const QJsonObject& insightActorsQuery, const QString& title)
{
    PersonsTab* personsTab = openPersonsTab();
    personsTab->showInsightActors(insightActorsQuery, title);
    return personsTab;
}

} // namespace hogscope::ui
