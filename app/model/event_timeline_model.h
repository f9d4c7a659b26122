#pragma once

#include "model/persons_paging.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace hogscope::model {

// One event of a timeline (an EventsQuery "*" cell).
struct EventRecord
{
    QString uuid;
    QString event;
    QDateTime timestamp; // UTC
    QString distinctId;
    QJsonObject properties;
};

// One person's events, newest first, paged like PersonsModel: canFetchMore while the server has
// more and nothing is in flight, fetchMore emits fetchMoreRequested, appendPage lands the page of
// the current generation. Columns: time, event, where (the page URL or screen), distinct id.
class EventTimelineModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column
    {
        TimeColumn,
        EventColumn,
        WhereColumn,
        DistinctIdColumn,
        ColumnCount
    };

    enum Role
    {
        // The event's uuid.
        EventUuidRole = Qt::UserRole,
        // The event's timestamp as a QDateTime (UTC).
        TimestampRole,
    };
    Q_ENUM(Role)

    explicit EventTimelineModel(QObject* parent = nullptr);
    ~EventTimelineModel() override;

    quint64 restart();
    void deactivate();
    bool appendPage(quint64 generation, int offset, const QList<EventRecord>& events, bool hasMore);
    bool failPage(quint64 generation, const QString& error);
    void retry();

    quint64 generation() const { return m_cursor.generation(); }
    PagingState state() const { return m_cursor.state(int(m_rows.size())); }
    QString errorText() const { return m_cursor.error(); }
    bool isFetching() const { return m_cursor.isFetching(); }
    bool hasMore() const { return m_cursor.hasMore(); }

    const EventRecord& event(int row) const { return m_rows[row]; }

    // Where an event happened, as the timeline shows it: $current_url, else $screen_name, else
    // $pathname, else empty.
    static QString whereText(const EventRecord& event);

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

Q_SIGNALS:
    void fetchMoreRequested(quint64 generation, int offset);
    void stateChanged(hogscope::model::PagingState state);

private:
    void announce();

    QList<EventRecord> m_rows;
    QList<QStringList> m_display;
    PagingCursor m_cursor;
    bool m_changing = false; // inside a begin/end pair
    PagingState m_lastState = PagingState::Inactive;
};

} // namespace hogscope::model

Q_DECLARE_METATYPE(hogscope::model::EventRecord)
