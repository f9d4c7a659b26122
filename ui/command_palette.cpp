#include "command_palette.h"

#include <QAction>
#include <QCoreApplication>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QRegularExpression>
#include <QSet>
#include <QVBoxLayout>

namespace hogscope::ui {

namespace {

// "&Run Statement" -> "Run Statement"
QString plainText(const QAction* action)
{
    QString text = action->text();
    text.remove(QRegularExpression(QStringLiteral("&(?!&)")));
    text.remove(QStringLiteral("…"));
    return text.trimmed();
}

void collectActions(QWidget* widget, QList<QPointer<QAction>>& out, QSet<QAction*>& seen)
{
    for (QAction* action : widget->actions()) {
        if (seen.contains(action))
            continue;
        seen.insert(action);
        if (QMenu* menu = action->menu())
            collectActions(menu, out, seen);
        else if (!action->isSeparator() && !plainText(action).isEmpty())
            out.push_back(action);
    }
}

} // namespace

CommandPalette::CommandPalette(QWidget* window)
    : QFrame(window, Qt::Popup)
    , m_window(window)
    , m_filter(new QLineEdit(this))
    , m_list(new QListWidget(this))
{
    setObjectName(QStringLiteral("commandPalette"));
    setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    m_filter->setPlaceholderText(tr("Type a command…"));
    layout->addWidget(m_filter);
    layout->addWidget(m_list, 1);
    m_filter->installEventFilter(this);
    connect(m_filter, &QLineEdit::textChanged, this, &CommandPalette::applyFilter);
    connect(m_list, &QListWidget::itemActivated, this, &CommandPalette::triggerCurrent);
}

void CommandPalette::popup()
{
    collect();
    m_filter->clear();
    applyFilter();
    if (m_window) {
        const int width = std::min(560, m_window->width() - 40);
        const QPoint topLeft = m_window->mapToGlobal(QPoint((m_window->width() - width) / 2, 60));
        setGeometry(QRect(topLeft, QSize(width, 360)));
    }
    show();
    m_filter->setFocus();
}

void CommandPalette::collect()
{
    m_actions.clear();
    QSet<QAction*> seen;
    if (m_window) {
        collectActions(m_window, m_actions, seen);
        for (QMenu* menu : m_window->findChildren<QMenu*>())
            collectActions(menu, m_actions, seen);
    }
    std::sort(m_actions.begin(), m_actions.end(), [](const QPointer<QAction>& a, const QPointer<QAction>& b) {
        return plainText(a).localeAwareCompare(plainText(b)) < 0;
    });
}

void CommandPalette::applyFilter()
{
    m_list->clear();
    const QStringList words = m_filter->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (const QPointer<QAction>& action : std::as_const(m_actions)) {
        if (!action || !action->isEnabled())
            continue;
        const QString text = plainText(action);
        bool match = true;
        for (const QString& word : words)
            match = match && text.contains(word, Qt::CaseInsensitive);
        if (!match)
            continue;
        const QString shortcut = action->shortcut().toString(QKeySequence::NativeText);
        auto* item = new QListWidgetItem(
            action->icon(), shortcut.isEmpty() ? text : text + QStringLiteral("    ") + shortcut);
        item->setData(Qt::UserRole, QVariant::fromValue(static_cast<QObject*>(action.data())));
        m_list->addItem(item);
    }
    m_list->setCurrentRow(0);
}

void CommandPalette::triggerCurrent()
{
    QListWidgetItem* item = m_list->currentItem();
    QPointer<QAction> action =
        item ? qobject_cast<QAction*>(item->data(Qt::UserRole).value<QObject*>()) : nullptr;
    hide();
    if (action)
        action->trigger();
}

bool CommandPalette::eventFilter(QObject* watched, QEvent* event)
{
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        auto* key = static_cast<QKeyEvent*>(event);
        switch (key->key()) {
        case Qt::Key_Down:
        case Qt::Key_Up:
        case Qt::Key_PageDown:
        case Qt::Key_PageUp:
            QCoreApplication::sendEvent(m_list, event);
            return true;
        case Qt::Key_Return:
        case Qt::Key_Enter:
            triggerCurrent();
            return true;
        case Qt::Key_Escape:
            hide();
            return true;
        default:
            break;
        }
    }
    return QFrame::eventFilter(watched, event);
}

} // namespace hogscope::ui
