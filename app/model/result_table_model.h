#pragma once

#include <QAbstractTableModel>

#include <memory>
#include <vector>

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

    // Replaces the whole table (a model reset); null clears the model. The row order goes back to
    // result order.
    void setTable(std::shared_ptr<const ResultTable> table);
    std::shared_ptr<const ResultTable> table() const;

    // Shows the table's rows in `rows` order (indexes into the table; a filter leaves some out), as
    // computed off the GUI thread by computeRowOrder(); null shows every row in result order. A
    // same-sized order is a layout change that keeps persistent indexes (selection, current cell) on
    // their rows; otherwise the model resets.
    void setRowOrder(std::shared_ptr<const std::vector<int>> rows);
    // Null while rows are in result order.
    std::shared_ptr<const std::vector<int>> rowOrder() const { return m_order; }
    // The table row shown at `row` of this model.
    int sourceRow(int row) const { return m_order ? (*m_order)[size_t(row)] : row; }
    // Rows of the table, shown or not.
    int sourceRowCount() const;
    // Rows the current order shows (all of the table, or what the filter keeps), loaded into the
    // view or not; rowCount() is the part loaded so far.
    int shownRowCount() const;

    // Rows are handed to views in chunks of this many, as the view scrolls to the end (fetchMore):
    // a view does work per row it is told about (QHeaderView keeps a record per section), so a
    // 500,000-row result handed over at once would stall the GUI thread for tens of milliseconds.
    static constexpr int kRowChunk = 50'000;

    // The number of rows of the model: the loaded part of shownRowCount().
    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;
    QHash<int, QByteArray> roleNames() const override;

private:
    std::shared_ptr<const ResultTable> m_table;
    std::shared_ptr<const std::vector<int>> m_order;
    int m_loaded = 0;        // rows handed to views so far
    bool m_changing = false; // inside a begin/end pair
};

} // namespace hogscope::model
