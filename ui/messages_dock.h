#pragma once

// The non-modal place where errors and notices accumulate.

#include <QDockWidget>
#include <QMetaType>
#include <QString>

class QTreeWidget;
class QTreeWidgetItem;

namespace hogscope::ui {

enum class MessageSeverity
{
    Info,
    Warning,
    Error
};

// Where a message points to: a range of a query tab's document. [begin, end) are byte offsets into
// the editor's text (as HogqlEditor's diagnostics); line and column (1-based) are what the list shows.
struct MessagePosition
{
    QString tabId; // QueryTab::id()
    int begin = -1;
    int end = -1;
    int line = 0;
    int column = 0;

    bool isValid() const { return !tabId.isEmpty() && begin >= 0; }
};

// Dock listing messages (errors, warnings, connection events) with their time, source and, for
// those that point into a query, the line and column; newest last. Repeats of the latest message are
// merged into it with a count instead of piling up. Double-click or Enter on a message with a
// position asks (jumpRequested) to show that range in its editor.
class MessagesDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit MessagesDock(QWidget* parent = nullptr);

    void addMessage(MessageSeverity severity, const QString& source, const QString& text,
                    const MessagePosition& position = MessagePosition());
    int messageCount() const;
    QString messageText(int row) const;
    MessagePosition messagePosition(int row) const;
    MessageSeverity messageSeverity(int row) const;
    // Activates a row as a double-click would (emits jumpRequested when it has a position).
    void activateMessage(int row);
    void clearMessages();
    QTreeWidget* list() const { return m_list; }

Q_SIGNALS:
    void jumpRequested(const hogscope::ui::MessagePosition& position);

private:
    void onActivated(QTreeWidgetItem* item);

    QTreeWidget* m_list = nullptr;
    int m_repeats = 1;
};

} // namespace hogscope::ui

Q_DECLARE_METATYPE(hogscope::ui::MessagePosition)
