#include "messages_dock.h"

#include <QAction>
#include <QApplication>
#include <QHeaderView>
#include <QStyle>
#include <QTime>
#include <QTreeWidget>

namespace hogscope::ui {

namespace {

enum Column
{
    TimeColumn,
    SourceColumn,
    LocationColumn,
    MessageColumn
};

constexpr int kTextRole = Qt::UserRole;         // the message without its repeat count
constexpr int kPositionRole = Qt::UserRole + 1; // MessagePosition, when the message has one
constexpr int kSeverityRole = Qt::UserRole + 2; // MessageSeverity as int

} // namespace

MessagesDock::MessagesDock(QWidget* parent)
    : QDockWidget(tr("Messages"), parent)
    , m_list(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("messagesDock"));
    m_list->setObjectName(QStringLiteral("messagesList"));
    m_list->setColumnCount(4);
    m_list->setHeaderLabels({tr("Time"), tr("Source"), tr("Location"), tr("Message")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setWordWrap(false);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setStretchLastSection(true);
    m_list->header()->resizeSection(TimeColumn, 90);
    m_list->header()->resizeSection(SourceColumn, 110);
    m_list->header()->resizeSection(LocationColumn, 90);
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* clear = new QAction(tr("Clear"), m_list);
    connect(clear, &QAction::triggered, this, &MessagesDock::clearMessages);
    m_list->addAction(clear);
    // itemActivated covers double-click and Enter (as the platform defines activation).
    connect(m_list, &QTreeWidget::itemActivated, this, &MessagesDock::onActivated);
    setWidget(m_list);
}

void MessagesDock::addMessage(MessageSeverity severity, const QString& source, const QString& text,
                              const MessagePosition& position)
{
    const QString time = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
    const int count = m_list->topLevelItemCount();
    if (count > 0) {
        QTreeWidgetItem* last = m_list->topLevelItem(count - 1);
        const auto lastPosition = last->data(TimeColumn, kPositionRole).value<MessagePosition>();
        if (last->data(MessageColumn, kTextRole).toString() == text && last->text(SourceColumn) == source &&
            lastPosition.tabId == position.tabId && lastPosition.begin == position.begin) {
            ++m_repeats;
            last->setText(TimeColumn, time);
            last->setText(MessageColumn, tr("%1 (×%2)").arg(text).arg(m_repeats));
            return;
        }
    }
    m_repeats = 1;
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    if (severity == MessageSeverity::Warning)
        icon = QStyle::SP_MessageBoxWarning;
    else if (severity == MessageSeverity::Error)
        icon = QStyle::SP_MessageBoxCritical;
    const QString location = position.isValid() && position.line > 0
                                 ? tr("%1:%2").arg(position.line).arg(position.column)
                                 : QString();
    auto* item = new QTreeWidgetItem({time, source, location, text});
    item->setIcon(TimeColumn, style()->standardIcon(icon));
    item->setData(MessageColumn, kTextRole, text);
    item->setData(TimeColumn, kSeverityRole, int(severity));
    item->setToolTip(MessageColumn, text);
    if (position.isValid()) {
        item->setData(TimeColumn, kPositionRole, QVariant::fromValue(position));
        item->setToolTip(LocationColumn, tr("Line %1, column %2 — double-click or press Enter to show it")
                                             .arg(position.line)
                                             .arg(position.column));
    }
    m_list->addTopLevelItem(item);
    m_list->scrollToItem(item);
}

int MessagesDock::messageCount() const
{
    return m_list->topLevelItemCount();
}

QString MessagesDock::messageText(int row) const
{
    QTreeWidgetItem* item = m_list->topLevelItem(row);
    return item != nullptr ? item->text(MessageColumn) : QString();
}

MessagePosition MessagesDock::messagePosition(int row) const
{
    QTreeWidgetItem* item = m_list->topLevelItem(row);
    return item != nullptr ? item->data(TimeColumn, kPositionRole).value<MessagePosition>()
                           : MessagePosition();
}

MessageSeverity MessagesDock::messageSeverity(int row) const
{
    QTreeWidgetItem* item = m_list->topLevelItem(row);
    return item != nullptr ? MessageSeverity(item->data(TimeColumn, kSeverityRole).toInt())
                           : MessageSeverity::Info;
}

void MessagesDock::activateMessage(int row)
{
    onActivated(m_list->topLevelItem(row));
}

void MessagesDock::onActivated(QTreeWidgetItem* item)
{
    if (item == nullptr)
        return;
    const auto position = item->data(TimeColumn, kPositionRole).value<MessagePosition>();
    if (position.isValid())
        Q_EMIT jumpRequested(position);
}

void MessagesDock::clearMessages()
{
    m_list->clear();
    m_repeats = 1;
}

} // namespace hogscope::ui
