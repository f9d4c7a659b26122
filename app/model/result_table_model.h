#pragma once

#include <QAbstractTableModel>

#include <memory>

namespace hogscope::model {

class ResultTable;

// Qt item model over an immutable ResultTable, for the result grid, charts and export.
class ResultTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    // Roles beyond Qt's own. Consumers read typed values here instead of parsing display text.
    enum Role
    {
        // The cell's typed value: qint64, double, bool, QDateTime (UTC), QDate, QString, or an invalid
        // QVariant for SQL NULL. In the horizontal header: the column's ClickHouse type name.
        RawValueRole = Qt::UserRole,
        // The cell's model::CellKind as int (Null, Integer, ...); the header gives the ColumnType.
        CellKindRole,
        // True when the cell is SQL NULL, so delegates can draw NULL apart from an empty string.
        IsNullRole,
    };
    Q_ENUM(Role)

    explicit ResultTableModel(QObject* parent = nullptr);
    ~ResultTableModel() override;

    // Replaces the whole table (a model reset); null clears the model.
    void setTable(std::shared_ptr<const ResultTable> table);
    std::shared_ptr<const ResultTable> table() const;

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    std::shared_ptr<const ResultTable> m_table;
};

} // namespace hogscope::model
