#pragma once

// The run history dock: every run with time, project, duration, rows and error, searchable as you
// type; double-click (or Enter) reopens a run's query in a new tab.

#include <QWidget>

class QLineEdit;
class QTimer;
class QTreeWidget;

namespace hogscope::workspace {
class RunHistory;
}

namespace hogscope::ui {

class HistoryPanel : public QWidget
{
    Q_OBJECT
public:
    explicit HistoryPanel(QWidget* parent = nullptr);

    // The history shown (not owned); null shows nothing.
    void setHistory(workspace::RunHistory* history);
    // Reloads the list (after a run was recorded).
    void refresh();

    QTreeWidget* list() const { return m_list; }
    QLineEdit* searchField() const { return m_search; }

Q_SIGNALS:
    // The user asked to open this run's query again.
    void reopenRequested(const QString& query);

private:
    workspace::RunHistory* m_history = nullptr;
    QLineEdit* m_search = nullptr;
    QTreeWidget* m_list = nullptr;
    QTimer* m_debounce = nullptr;
};

} // namespace hogscope::ui
