#pragma once

// The non-modal place where errors and notices accumulate.

#include <QDockWidget>

class QTreeWidget;

namespace hogscope::ui {

enum class MessageSeverity
{
    Info,
    Warning,
    Error
};

// Dock listing messages (errors, connection events) with their time, newest last; repeats of the
// latest message are merged into it with a count instead of piling up.
class MessagesDock : public QDockWidget
{
    Q_OBJECT
public:
    explicit MessagesDock(QWidget* parent = nullptr);

    void addMessage(MessageSeverity severity, const QString& source, const QString& text);
    int messageCount() const;
    QString messageText(int row) const;
    void clearMessages();

private:
    QTreeWidget* m_list = nullptr;
    int m_repeats = 1;
};

} // namespace hogscope::ui
