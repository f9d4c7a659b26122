#pragma once

// Ctrl+K: a filterable list of every action of the window (name, shortcut), run with Enter, as in
// editors analysts already know. Non-modal popup; nothing blocks.

#include <QFrame>
#include <QPointer>

class QAction;
class QLineEdit;
class QListWidget;

namespace hogscope::ui {

class CommandPalette : public QFrame
{
    Q_OBJECT
public:
    explicit CommandPalette(QWidget* window);

    // Shows the palette over the window with every enabled action of `window` (menus included).
    void popup();

    QLineEdit* filterField() const { return m_filter; }
    QListWidget* list() const { return m_list; }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void collect();
    void applyFilter();
    void triggerCurrent();

    QPointer<QWidget> m_window;
    QLineEdit* m_filter = nullptr;
    QListWidget* m_list = nullptr;
    QList<QPointer<QAction>> m_actions;
};

} // namespace hogscope::ui
