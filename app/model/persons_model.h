#pragma once

#include "model/paged_table_model.h"

#include <QDateTime>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace hogscope::model {

// One person as the persons views show it, whichever of PostHog's shapes it came in (ActorsQuery
// person cells, the persons list, the legacy drill-down endpoints).
struct PersonRecord
{
    QString uuid;
    QString name; // display name: email, name, username, else a distinct id, else the uuid
    QStringList distinctIds;
    QJsonObject properties;
    bool isIdentified = false;
    QDateTime createdAt;  // UTC; invalid when unknown
    QDateTime lastSeenAt; // UTC; invalid when unknown
    QJsonObject extra;    // further columns of the answer by name (e.g. "appearances" of a retention cell)
};

// PostHog's display-name rule: the first non-empty of email, name, username; else the first distinct id
// that does not look generated; else the first distinct id; else the uuid.
QString personDisplayName(const QJsonObject& properties, const QStringList& distinctIds, const QString& uuid);

// Text of a JSON property value as a cell shows it: strings as they are, whole numbers without a
// point, booleans as true/false, arrays and objects as compact JSON, null and missing as empty.
QString propertyText(const QJsonValue& value);

// The persons list: a name column, the person property columns the user picked, extra columns of the
// source (a drill-down's "appearances"), and the creation time. Rows arrive page by page: canFetchMore
// is true while the server has more and nothing is in flight; fetchMore only emits fetchMoreRequested,
// and the page comes back through appendPage with the generation it was asked for. Sorting a column
// emits sortRequested: the server sorts, and the list starts over.
class PersonsModel : public PagedTableModel
{
    Q_OBJECT

public:
    enum class ColumnKind
    {
        Name,
        Property,
        Extra,
        CreatedAt,
    };

    enum Role
    {
        // The person's uuid, on every cell of its row.
        PersonUuidRole = Qt::UserRole,
        // The cell's JSON value (a QJsonValue): the property, the extra column's value, or the name.
        RawValueRole,
        // ColumnKind of the cell's column as int (also on the horizontal header).
        ColumnKindRole,
        // The property key or extra column name of the column (also on the horizontal header).
        ColumnKeyRole,
    };
    Q_ENUM(Role)

    explicit PersonsModel(QObject* parent = nullptr);
    ~PersonsModel() override;

    // Person property keys shown as columns, in order (duplicates and empty keys are dropped).
    void setPropertyColumns(const QStringList& keys);
    QStringList propertyColumns() const { return m_propertyKeys; }
    // Columns of the source shown between the properties and the creation time.
    void setExtraColumns(const QStringList& names);
    QStringList extraColumns() const { return m_extraKeys; }

    ColumnKind columnKind(int column) const;
    QString columnKey(int column) const;
    int columnOf(ColumnKind kind, const QString& key = QString()) const;

    // Paging (restart, deactivate, failPage, retry, state) comes from PagedTableModel.
    // The page for `generation`, starting at row `offset` (which must be rowCount()). False when the
    // page is stale (another generation, nothing asked) and was dropped.
    bool appendPage(quint64 generation, int offset, const QList<PersonRecord>& persons, bool hasMore);
    // The request for `generation` was cancelled: stops fetching like a failure, with `message`.
    bool cancelPage(quint64 generation, const QString& message) { return failPage(generation, message); }

    const PersonRecord& person(int row) const { return m_rows[row]; }
    QList<PersonRecord> persons() const { return m_rows; }

    // The server-side order asked for: a column and a direction (column -1 = the source's default).
    // It follows its column when the property columns change.
    int sortColumn() const;
    Qt::SortOrder sortOrder() const { return m_sortOrder; }
    // Sets the order without asking for it (restoring a saved state); no signal.
    void setSortState(int column, Qt::SortOrder order);
    // Back to the source's default order; no signal.
    void clearSortState();
    // Sorting the name, a property or the creation column; extra columns cannot be sorted by the
    // server in every source, so they are not sortable.
    bool isSortable(int column) const;

    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;

Q_SIGNALS:
    // The user asked for another order; the server should sort and the list start over.
    void sortRequested(int column, Qt::SortOrder order);

protected:
    void clearRecords() override;

private:
    struct Column
    {
        ColumnKind kind;
        QString key;
    };
    void rebuildColumns();
    QStringList displayRow(const PersonRecord& person) const;
    QJsonValue rawValue(const PersonRecord& person, const Column& column) const;

    QStringList m_propertyKeys;
    QStringList m_extraKeys;
    QList<Column> m_columns;
    QList<PersonRecord> m_rows; // m_display (in the base) holds their text
    bool m_sorted = false;
    ColumnKind m_sortKind = ColumnKind::CreatedAt;
    QString m_sortKey;
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
};

} // namespace hogscope::model

Q_DECLARE_METATYPE(hogscope::model::PersonRecord)
