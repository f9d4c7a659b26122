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
    MessageColumn
};
}

MessagesDock::MessagesDock(QWidget* parent)
    : QDockWidget(tr("Messages"), parent)
    , m_list(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("messagesDock"));
    m_list->setObjectName(QStringLiteral("messagesList"));
    m_list->setColumnCount(3);
    m_list->setHeaderLabels({tr("Time"), tr("Source"), tr("Message")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setWordWrap(false);
    m_list->setAlternatingRowColors(true);
    m_list->header()->setStretchLastSection(true);
    m_list->header()->resizeSection(TimeColumn, 90);
    m_list->header()->resizeSection(SourceColumn, 110);
    m_list->setContextMenuPolicy(Qt::ActionsContextMenu);
    auto* clear = new QAction(tr("Clear"), m_list);
    connect(clear, &QAction::triggered, this, &MessagesDock::clearMessages);
    m_list->addAction(clear);
    setWidget(m_list);
}

void MessagesDock::addMessage(MessageSeverity severity, const QString& source, const QString& text)
{
    const QString time = QTime::currentTime().toString(QStringLiteral("HH:mm:ss"));
    const int count = m_list->topLevelItemCount();
    if (count > 0) {
        QTreeWidgetItem* last = m_list->topLevelItem(count - 1);
        if (last->data(MessageColumn, Qt::UserRole).toString() == text &&
            last->text(SourceColumn) == source) {
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
    auto* item = new QTreeWidgetItem({time, source, text});
    item->setIcon(TimeColumn, style()->standardIcon(icon));
    item->setData(MessageColumn, Qt::UserRole, text);
    item->setToolTip(MessageColumn, text);
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

void MessagesDock::clearMessages()
{
    m_list->clear();
    m_repeats = 1;
}

} // namespace hogscope::ui
