#pragma once

#include "model/persons_paging.h"

#include <QAbstractTableModel>
#include <QList>
#include <QStringList>

namespace hogscope::model {

// The paging half of a table whose rows come from the server a page at a time (the persons list, a
// person's event timeline): the view asks through canFetchMore/fetchMore, fetchMoreRequested names
// the generation and offset to fetch, and whoever talks to the server lands that generation's page
// (appendRecords in the subclass) or its error (failPage). Subclasses keep their records; the text
// shown per row and column is kept here, built once when a page arrives.
class PagedTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    using QAbstractTableModel::QAbstractTableModel;

    // Starts over (new source, search or order): drops the rows; returns the new generation.
    quint64 restart();
    // Back to "no source".
    void deactivate();
    // The request of `generation` failed; false (and nothing changes) for an older generation.
    bool failPage(quint64 generation, const QString& error);
    // After a failure: fetching is allowed again, so the view asks for the page once more.
    void retry();

    quint64 generation() const { return m_cursor.generation(); }
    PagingState state() const { return m_cursor.state(int(m_display.size())); }
    QString errorText() const { return m_cursor.error(); }
    bool isFetching() const { return m_cursor.isFetching(); }
    bool hasMore() const { return m_cursor.hasMore(); }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

Q_SIGNALS:
    void fetchMoreRequested(quint64 generation, int offset);
    void stateChanged(hogscope::model::PagingState state);

protected:
    // Drops the subclass's records; called inside the reset of restart() and deactivate().
    virtual void clearRecords() = 0;

    // Lands the page of `generation` starting at `offset`: each record is appended to `records` with
    // its display row from `displayRow`. False when it is not the page awaited now (an older
    // generation, or an offset that does not follow the rows already there).
    template <typename Record, typename DisplayRow>
    bool appendRecords(quint64 generation, int offset, const QList<Record>& page, bool hasMore,
                       QList<Record>& records, DisplayRow displayRow)
    {
        if (!m_cursor.accepts(generation) || offset != m_display.size())
            return false;
        m_cursor.pageArrived(hasMore);
        if (!page.isEmpty()) {
            const int first = int(m_display.size());
            const ChangeGuard guard(m_changing);
            beginInsertRows(QModelIndex(), first, first + int(page.size()) - 1);
            for (const Record& record : page) {
                records.push_back(record);
                m_display.push_back(displayRow(record));
            }
            endInsertRows();
        }
        announce();
        return true;
    }

    // Emits stateChanged when the state moved (always after a failure: its text may be new).
    void announce();

    QList<QStringList> m_display; // per row, the text of each column
    bool m_changing = false;      // inside a begin/end pair: no fetch may be asked for then

private:
    PagingCursor m_cursor;
    PagingState m_lastState = PagingState::Inactive;
};

} // namespace hogscope::model
