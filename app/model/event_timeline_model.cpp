#include "model/event_timeline_model.h"

namespace hogscope::model {

EventTimelineModel::EventTimelineModel(QObject* parent)
    : QAbstractTableModel(parent)
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

quint64 EventTimelineModel::restart()
{
    const ChangeGuard guard(m_changing);
    beginResetModel();
    m_rows.clear();
    m_display.clear();
    const quint64 generation = m_cursor.restart();
    endResetModel();
    announce();
    return generation;
}

void EventTimelineModel::deactivate()
{
    const ChangeGuard guard(m_changing);
    beginResetModel();
    m_rows.clear();
    m_display.clear();
    m_cursor.deactivate();
    endResetModel();
    announce();
}

bool EventTimelineModel::appendPage(quint64 generation, int offset, const QList<EventRecord>& events,
                                    bool hasMore)
{
    if (!m_cursor.accepts(generation) || offset != m_rows.size())
        return false;
    m_cursor.pageArrived(hasMore);
    if (!events.isEmpty()) {
        const int first = int(m_rows.size());
        const ChangeGuard guard(m_changing);
        beginInsertRows(QModelIndex(), first, first + int(events.size()) - 1);
        for (const EventRecord& event : events) {
            m_rows.push_back(event);
            m_display.push_back({event.timestamp.isValid()
                                     ? event.timestamp.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))
                                     : QString(),
                                 event.event, whereText(event), event.distinctId});
        }
        endInsertRows();
    }
    announce();
    return true;
}

bool EventTimelineModel::failPage(quint64 generation, const QString& error)
{
    if (!m_cursor.accepts(generation))
        return false;
    m_cursor.fail(error);
    announce();
    return true;
}

void EventTimelineModel::retry()
{
    if (!m_cursor.hasFailed())
        return;
    m_cursor.clearFailure();
    announce();
}

int EventTimelineModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
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

bool EventTimelineModel::canFetchMore(const QModelIndex& parent) const
{
    // Not while rows are being inserted or reset: a request then would name the wrong offset or
    // generation (QAbstractItemModelTester asks from inside the about-to signals).
    return !parent.isValid() && !m_changing && m_cursor.canFetch();
}

void EventTimelineModel::fetchMore(const QModelIndex& parent)
{
    if (!canFetchMore(parent))
        return;
    m_cursor.beginFetch();
    announce();
    Q_EMIT fetchMoreRequested(m_cursor.generation(), int(m_rows.size()));
}

void EventTimelineModel::announce()
{
    const PagingState now = state();
    if (now == m_lastState && now != PagingState::Failed)
        return;
    m_lastState = now;
    Q_EMIT stateChanged(now);
}

} // namespace hogscope::model
