#include "model/event_timeline_model.h"

namespace hogscope::model {

EventTimelineModel::EventTimelineModel(QObject* parent)
    : PagedTableModel(parent)
{
    qRegisterMetaType<EventRecord>();
}

EventTimelineModel::~EventTimelineModel() = default;

QString EventTimelineModel::whereText(const EventRecord& event)
{
    for (const auto key : {QLatin1StringView("$current_url"), QLatin1StringView("$screen_name"),
                           QLatin1StringView("$pathname")}) {
        const QJsonValue value = event.properties.value(key);
        if (value.isString() && !value.toString().isEmpty())
            return value.toString();
    }
    return QString();
}

bool EventTimelineModel::appendPage(quint64 generation, int offset, const QList<EventRecord>& events,
                                    bool hasMore)
{
    return appendRecords(generation, offset, events, hasMore, m_rows, [](const EventRecord& event) {
        return QStringList{event.timestamp.isValid()
                               ? event.timestamp.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                               : QString(),
                           event.event, whereText(event), event.distinctId};
    });
}

void EventTimelineModel::clearRecords()
{
    m_rows.clear();
}

int EventTimelineModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(ColumnCount);
}

QVariant EventTimelineModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= ColumnCount)
        return QVariant();
    const EventRecord& event = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return m_display[index.row()][index.column()];
    case Qt::ToolTipRole:
        return index.column() == WhereColumn ? QVariant(m_display[index.row()][index.column()]) : QVariant();
    case EventUuidRole:
        return event.uuid;
    case TimestampRole:
        return event.timestamp;
    default:
        return QVariant();
    }
}

QVariant EventTimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, orientation, role);
    switch (section) {
    case TimeColumn:
        return tr("Time (UTC)");
    case EventColumn:
        return tr("Event");
    case WhereColumn:
        return tr("URL / Screen");
    case DistinctIdColumn:
        return tr("Distinct ID");
    default:
        return QVariant();
    }
}

Qt::ItemFlags EventTimelineModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

} // namespace hogscope::model
