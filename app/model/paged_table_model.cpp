#include "model/paged_table_model.h"

namespace hogscope::model {

quint64 PagedTableModel::restart()
{
    const ChangeGuard guard(m_changing);
    beginResetModel();
    clearRecords();
    m_display.clear();
    const quint64 generation = m_cursor.restart();
    endResetModel();
    announce();
    return generation;
}

void PagedTableModel::deactivate()
{
    const ChangeGuard guard(m_changing);
    beginResetModel();
    clearRecords();
    m_display.clear();
    m_cursor.deactivate();
    endResetModel();
    announce();
}

bool PagedTableModel::failPage(quint64 generation, const QString& error)
{
    if (!m_cursor.accepts(generation))
        return false;
    m_cursor.fail(error);
    announce();
    return true;
}

void PagedTableModel::retry()
{
    if (!m_cursor.hasFailed())
        return;
    m_cursor.clearFailure();
    announce();
}

int PagedTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_display.size());
}

bool PagedTableModel::canFetchMore(const QModelIndex& parent) const
{
    // Not while rows are being inserted or reset: a request then would name the wrong offset or
    // generation (QAbstractItemModelTester asks from inside the about-to signals).
    return !parent.isValid() && !m_changing && m_cursor.canFetch();
}

void PagedTableModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    m_cursor.beginFetch();
    announce();
    Q_EMIT fetchMoreRequested(m_cursor.generation(), int(m_display.size()));
}

void PagedTableModel::announce()
{
    const PagingState now = state();
    // Failure texts change without the state changing (a second failure): always tell then.
    if (now == m_lastState && now != PagingState::Failed)
        return;
    m_lastState = now;
    Q_EMIT stateChanged(now);
}

} // namespace hogscope::model
