#pragma once

#include "model/paged_table_model.h"

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
class EventTimelineModel : public PagedTableModel
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

    // The page for `generation` from row `offset` on; false when it is stale and was dropped.
    bool appendPage(quint64 generation, int offset, const QList<EventRecord>& events, bool hasMore);

    const EventRecord& event(int row) const { return m_rows[row]; }

    // Where an event happened, as the timeline shows it: $current_url, else $screen_name, else
    // $pathname, else empty.
    static QString whereText(const EventRecord& event);

    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

protected:
    void clearRecords() override;

private:
    QList<EventRecord> m_rows; // m_display (in the base) holds their text
};

} // namespace hogscope::model

Q_DECLARE_METATYPE(hogscope::model::EventRecord)
