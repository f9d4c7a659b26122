#include "history_panel.h"

#include "theme.h"

#include "workspace/run_history.h"

#include <QHeaderView>
#include <QLineEdit>
#include <QLocale>
#include <QTimer>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace hogscope::ui {

namespace {

enum Column
{
    When,
    Project,
    Duration,
    Rows,
    Status,
    Query,
};

QString statusLabel(const workspace::HistoryEntry& e)
{
    switch (e.status) {
    case workspace::HistoryEntry::Status::Ok:
        return HistoryPanel::tr("ok");
    case workspace::HistoryEntry::Status::Error:
        return HistoryPanel::tr("error: %1").arg(e.error);
    case workspace::HistoryEntry::Status::Cancelled:
        return HistoryPanel::tr("cancelled");
    case workspace::HistoryEntry::Status::Running:
        return HistoryPanel::tr("did not finish");
    }
    return QString();
}

} // namespace

HistoryPanel::HistoryPanel(QWidget* parent)
    : QWidget(parent)
    , m_search(new QLineEdit(this))
    , m_list(new QTreeWidget(this))
    , m_debounce(new QTimer(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_search->setPlaceholderText(tr("Search the history (query, project or error)"));
    m_search->setClearButtonEnabled(true);
    m_search->setObjectName(QStringLiteral("historySearch"));
    m_list->setObjectName(QStringLiteral("historyList"));
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setAlternatingRowColors(true);
    m_list->setHeaderLabels(
        {tr("When"), tr("Project"), tr("Duration"), tr("Rows"), tr("Status"), tr("Query")});
    m_list->header()->setStretchLastSection(true);
    layout->addWidget(m_search);
    layout->addWidget(m_list, 1);

    m_debounce->setSingleShot(true);
    m_debounce->setInterval(150);
    connect(m_debounce, &QTimer::timeout, this, &HistoryPanel::refresh);
    connect(m_search, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    auto reopen = [this](QTreeWidgetItem* item) {
        if (item)
            Q_EMIT reopenRequested(item->data(Query, Qt::UserRole).toString());
    };
    connect(m_list, &QTreeWidget::itemActivated, this, reopen);
    // error rows are tinted with a scheme colour: rebuild them when the scheme flips
    theme::followScheme(this, [this](bool) { refresh(); });
}

void HistoryPanel::setHistory(workspace::RunHistory* history)
{
    m_history = history;
    refresh();
}

void HistoryPanel::refresh()
{
    m_list->clear();
    if (!m_history)
        return;
    const QLocale locale;
    QList<QTreeWidgetItem*> items;
    for (const workspace::HistoryEntry& e : m_history->search(m_search->text().trimmed())) {
        auto* item = new QTreeWidgetItem;
        item->setText(When, locale.toString(e.startedAt.toLocalTime(), QLocale::ShortFormat));
        item->setText(Project, e.host.isEmpty() ? e.project : e.host + QStringLiteral(" / ") + e.project);
        item->setText(Duration, e.durationMs ? tr("%1 s").arg(locale.toString(*e.durationMs / 1000.0, 'f', 2))
                                             : QString());
        item->setText(Rows, e.rowCount ? locale.toString(*e.rowCount) : QString());
        item->setText(Status, statusLabel(e));
        item->setText(Query, e.query.simplified().left(200));
        item->setToolTip(Query, e.query);
        item->setData(Query, Qt::UserRole, e.query);
        item->setTextAlignment(Duration, Qt::AlignRight | Qt::AlignVCenter);
        item->setTextAlignment(Rows, Qt::AlignRight | Qt::AlignVCenter);
        if (e.status == workspace::HistoryEntry::Status::Error)
            item->setForeground(Status, theme::currentColors().errorIndicator);
        items.push_back(item);
    }
    m_list->addTopLevelItems(items);
    for (int c = 0; c < Query; ++c)
        m_list->resizeColumnToContents(c);
}

} // namespace hogscope::ui
