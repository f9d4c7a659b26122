#include "column_chooser.h"

#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace hogscope::ui {

ColumnChooser::ColumnChooser(QWidget* parent)
    : QWidget(parent)
    , m_filter(new QLineEdit(this))
    , m_list(new QListWidget(this))
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(8, 8, 8, 8);
    layout->setSpacing(6);
    auto* title = new QLabel(tr("<b>Columns</b> — person properties to show"), this);
    m_filter->setObjectName(QStringLiteral("columnFilter"));
    m_filter->setPlaceholderText(tr("Find a property, or type one and press Enter"));
    m_filter->setClearButtonEnabled(true);
    m_list->setObjectName(QStringLiteral("columnList"));
    m_list->setUniformItemSizes(true);
    m_list->setMinimumSize(300, 280);
    layout->addWidget(title);
    layout->addWidget(m_filter);
    layout->addWidget(m_list, 1);

    connect(m_filter, &QLineEdit::textChanged, this, &ColumnChooser::applyFilter);
    connect(m_filter, &QLineEdit::returnPressed, this, &ColumnChooser::addTyped);
    connect(m_list, &QListWidget::itemChanged, this, &ColumnChooser::onItemChanged);
}

void ColumnChooser::setCandidates(const QStringList& keys)
{
    if (keys == m_candidates)
        return;
    m_candidates = keys;
    rebuild();
}

void ColumnChooser::setColumns(const QStringList& columns)
{
    if (columns == m_columns)
        return;
    m_columns = columns;
    rebuild();
}

void ColumnChooser::setChecked(const QString& key, bool checked)
{
    if (key.isEmpty() || m_columns.contains(key) == checked)
        return;
    if (checked)
        m_columns.push_back(key);
    else
        m_columns.removeAll(key);
    rebuild();
    Q_EMIT columnsChanged(m_columns);
}

void ColumnChooser::rebuild()
{
    m_rebuilding = true;
    m_list->clear();
    // The shown columns first, in their order; then the other keys, sorted.
    QStringList rest;
    for (const QString& key : std::as_const(m_candidates)) {
        if (!m_columns.contains(key) && !rest.contains(key))
            rest.push_back(key);
    }
    rest.sort(Qt::CaseInsensitive);
    auto add = [this](const QString& key, bool checked) {
        auto* item = new QListWidgetItem(key, m_list);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsUserCheckable);
        item->setCheckState(checked ? Qt::Checked : Qt::Unchecked);
        item->setData(Qt::UserRole, key);
    };
    for (const QString& key : std::as_const(m_columns))
        add(key, true);
    for (const QString& key : std::as_const(rest))
        add(key, false);
    m_rebuilding = false;
    applyFilter();
}

void ColumnChooser::applyFilter()
{
    const QString text = m_filter->text().trimmed();
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem* item = m_list->item(i);
        item->setHidden(!text.isEmpty() && !item->text().contains(text, Qt::CaseInsensitive));
    }
}

void ColumnChooser::onItemChanged(QListWidgetItem* item)
{
    if (m_rebuilding)
        return;
    const QString key = item->data(Qt::UserRole).toString();
    const bool checked = item->checkState() == Qt::Checked;
    if (m_columns.contains(key) == checked)
        return;
    if (checked)
        m_columns.push_back(key);
    else
        m_columns.removeAll(key);
    // No rebuild here: the list keeps its order under the pointer while the menu is open.
    Q_EMIT columnsChanged(m_columns);
}

void ColumnChooser::addTyped()
{
    const QString key = m_filter->text().trimmed();
    if (key.isEmpty())
        return;
    if (!m_candidates.contains(key))
        m_candidates.push_back(key);
    m_filter->clear();
    if (!m_columns.contains(key))
        setChecked(key, true);
}

} // namespace hogscope::ui
