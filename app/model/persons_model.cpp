#include "model/persons_model.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QRegularExpression>

#include <cmath>

namespace hogscope::model {

namespace {

// A cell shows this much of a long value; the tooltip and RawValueRole have all of it.
constexpr qsizetype kMaxCellChars = 300;

bool looksGenerated(const QString& distinctId)
{
    // PostHog's ANONYMOUS_REGEX: UUID-like ids are the anonymous ones the SDKs make up.
    static const QRegularExpression pattern(QStringLiteral("^([a-z0-9]+-){4}[a-z0-9]+$"));
    return pattern.match(distinctId).hasMatch();
}

QString timeText(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm")) : QString();
}

QString cut(const QString& text)
{
    if (text.size() <= kMaxCellChars)
        return text;
    return text.left(kMaxCellChars) + QChar(0x2026);
}

} // namespace

QString personDisplayName(const QJsonObject& properties, const QStringList& distinctIds, const QString& uuid)
{
    for (const auto key :
         {QLatin1StringView("email"), QLatin1StringView("name"), QLatin1StringView("username")}) {
        const QString text = propertyText(properties.value(key)).trimmed();
        if (!text.isEmpty())
            return text;
    }
    for (const QString& id : distinctIds) {
        if (!looksGenerated(id))
            return id;
    }
    return distinctIds.isEmpty() ? uuid : distinctIds.first();
}

QString propertyText(const QJsonValue& value)
{
    switch (value.type()) {
    case QJsonValue::String:
        return value.toString();
    case QJsonValue::Bool:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case QJsonValue::Double: {
        const double d = value.toDouble();
        if (std::floor(d) == d && std::abs(d) < 1e15)
            return QString::number(qint64(d));
        return QString::number(d, 'g', QLocale::FloatingPointShortest);
    }
    case QJsonValue::Array:
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    case QJsonValue::Object:
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return QString();
}

PersonsModel::PersonsModel(QObject* parent)
    : PagedTableModel(parent)
{
    qRegisterMetaType<PersonRecord>();
    rebuildColumns();
}

PersonsModel::~PersonsModel() = default;

void PersonsModel::rebuildColumns()
{
    m_columns.clear();
    m_columns.push_back({ColumnKind::Name, QString()});
    for (const QString& key : std::as_const(m_propertyKeys))
        m_columns.push_back({ColumnKind::Property, key});
    for (const QString& key : std::as_const(m_extraKeys))
        m_columns.push_back({ColumnKind::Extra, key});
    m_columns.push_back({ColumnKind::CreatedAt, QString()});
}

void PersonsModel::setPropertyColumns(const QStringList& keys)
{
    QStringList cleaned;
    for (const QString& key : keys) {
        if (!key.isEmpty() && !cleaned.contains(key))
            cleaned.push_back(key);
    }
    if (cleaned == m_propertyKeys)
        return;
    // The rows are kept (nothing is fetched again); only their display text is rebuilt.
    const ChangeGuard guard(m_changing);
    beginResetModel();
    m_propertyKeys = cleaned;
    rebuildColumns();
    m_display.clear();
    m_display.reserve(m_rows.size());
    for (const PersonRecord& person : std::as_const(m_rows))
        m_display.push_back(displayRow(person));
    endResetModel();
}

void PersonsModel::setExtraColumns(const QStringList& names)
{
    if (names == m_extraKeys)
        return;
    const ChangeGuard guard(m_changing);
    beginResetModel();
    m_extraKeys = names;
    rebuildColumns();
    m_display.clear();
    for (const PersonRecord& person : std::as_const(m_rows))
        m_display.push_back(displayRow(person));
    endResetModel();
}

PersonsModel::ColumnKind PersonsModel::columnKind(int column) const
{
    return m_columns.value(column, Column{ColumnKind::Name, QString()}).kind;
}

QString PersonsModel::columnKey(int column) const
{
    return m_columns.value(column, Column{ColumnKind::Name, QString()}).key;
}

int PersonsModel::columnOf(ColumnKind kind, const QString& key) const
{
    for (int i = 0; i < m_columns.size(); ++i) {
        if (m_columns[i].kind == kind &&
            (kind == ColumnKind::Name || kind == ColumnKind::CreatedAt || m_columns[i].key == key))
            return i;
    }
    return -1;
}

bool PersonsModel::appendPage(quint64 generation, int offset, const QList<PersonRecord>& persons,
                              bool hasMore)
{
    return appendRecords(generation, offset, persons, hasMore, m_rows,
                         [this](const PersonRecord& person) { return displayRow(person); });
}

void PersonsModel::clearRecords()
{
    m_rows.clear();
}

int PersonsModel::sortColumn() const
{
    return m_sorted ? columnOf(m_sortKind, m_sortKey) : -1;
}

void PersonsModel::setSortState(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= m_columns.size()) {
        clearSortState();
        return;
    }
    m_sorted = true;
    m_sortKind = m_columns[column].kind;
    m_sortKey = m_columns[column].key;
    m_sortOrder = order;
}

void PersonsModel::clearSortState()
{
    m_sorted = false;
    m_sortKey.clear();
    m_sortOrder = Qt::AscendingOrder;
}

bool PersonsModel::isSortable(int column) const
{
    if (column < 0 || column >= m_columns.size())
        return false;
    return m_columns[column].kind != ColumnKind::Extra;
}

int PersonsModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_columns.size());
}

QJsonValue PersonsModel::rawValue(const PersonRecord& person, const Column& column) const
{
    switch (column.kind) {
    case ColumnKind::Name:
        return person.name;
    case ColumnKind::Property:
        return person.properties.value(column.key);
    case ColumnKind::Extra:
        return person.extra.value(column.key);
    case ColumnKind::CreatedAt:
        return person.createdAt.isValid() ? QJsonValue(person.createdAt.toUTC().toString(Qt::ISODateWithMs))
                                          : QJsonValue(QJsonValue::Null);
    }
    return QJsonValue();
}

QStringList PersonsModel::displayRow(const PersonRecord& person) const
{
    QStringList row;
    row.reserve(m_columns.size());
    for (const Column& column : m_columns) {
        if (column.kind == ColumnKind::CreatedAt)
            row.push_back(timeText(person.createdAt));
        else if (column.kind == ColumnKind::Extra && column.key == QLatin1StringView("appearances"))
            row.push_back(propertyText(rawValue(person, column))
                              .remove(QLatin1Char('['))
                              .remove(QLatin1Char(']'))
                              .replace(QLatin1Char(','), QStringLiteral(", ")));
        else
            row.push_back(cut(propertyText(rawValue(person, column))));
    }
    return row;
}

QVariant PersonsModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size() || index.column() >= m_columns.size())
        return QVariant();
    const PersonRecord& person = m_rows[index.row()];
    switch (role) {
    case Qt::DisplayRole:
        return m_display[index.row()][index.column()];
    case Qt::ToolTipRole: {
        const Column& column = m_columns[index.column()];
        if (column.kind == ColumnKind::Name)
            return person.uuid;
        const QString text = propertyText(rawValue(person, column));
        return text.size() > kMaxCellChars ? text.left(4096) : QVariant();
    }
    case PersonUuidRole:
        return person.uuid;
    case RawValueRole:
        return QVariant::fromValue(rawValue(person, m_columns[index.column()]));
    case ColumnKindRole:
        return int(m_columns[index.column()].kind);
    case ColumnKeyRole:
        return m_columns[index.column()].key;
    default:
        return QVariant();
    }
}

QVariant PersonsModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= m_columns.size())
        return QAbstractTableModel::headerData(section, orientation, role);
    const Column& column = m_columns[section];
    switch (role) {
    case Qt::DisplayRole:
        switch (column.kind) {
        case ColumnKind::Name:
            return tr("Person");
        case ColumnKind::CreatedAt:
            return tr("Created");
        case ColumnKind::Property:
        case ColumnKind::Extra:
            return column.key;
        }
        break;
    case Qt::ToolTipRole:
        switch (column.kind) {
        case ColumnKind::Name:
            return tr("Display name: email, name or a distinct id");
        case ColumnKind::CreatedAt:
            return tr("When the person was first seen (UTC)");
        case ColumnKind::Property:
            return tr("Person property %1").arg(column.key);
        case ColumnKind::Extra:
            return tr("Column %1 of the insight's persons").arg(column.key);
        }
        break;
    case ColumnKindRole:
        return int(column.kind);
    case ColumnKeyRole:
        return column.key;
    default:
        break;
    }
    return QVariant();
}

Qt::ItemFlags PersonsModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemNeverHasChildren;
}

void PersonsModel::sort(int column, Qt::SortOrder order)
{
    if (!isSortable(column))
        return;
    if (m_sorted && column == sortColumn() && order == m_sortOrder)
        return;
    setSortState(column, order);
    Q_EMIT sortRequested(column, order);
}

} // namespace hogscope::model
