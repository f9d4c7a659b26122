#pragma once

// The result grid of a query tab.

#include <QWidget>

class QLabel;
class QModelIndex;
class QTableView;

namespace hogscope::api {
struct QueryResult;
}
namespace hogscope::model {
class ResultTableModel;
}

namespace hogscope::ui {

// A QTableView over a ResultTableModel configured for large results (fixed row height,
// interactive columns sized once from a bounded sample), with a status line giving the row count
// and the elapsed time.
class ResultsView : public QWidget
{
    Q_OBJECT
public:
    explicit ResultsView(QWidget* parent = nullptr);
    ~ResultsView() override;

    void setResult(const api::QueryResult& result);
    // Shows `text` in the status line (e.g. "Running…" or an error) and keeps the current grid.
    void setStatusText(const QString& text);
    void clear();

    QTableView* tableView() const { return m_table; }
    model::ResultTableModel* model() const { return m_model; }
    QString statusText() const;

    // The selected cells (or the current one) as text: TSV, CSV or Markdown, optionally with the
    // column names first. Copy puts it on the clipboard (Ctrl+C copies TSV).
    QString selectionText(int format, bool withHeader) const;
    void copySelection(int format, bool withHeader);
    // Opens the JSON viewer for a JSON cell; false for other cells.
    bool openJsonViewer(const QModelIndex& index);
    // The person uuid of a person cell (ColumnType::Person: {"id"|"uuid": ...}); empty for others.
    QString personIdAt(const QModelIndex& index) const;

Q_SIGNALS:
    // A person cell was activated (double-click or Enter): open that person.
    void personActivated(const QString& personUuid);

private:
    void sizeColumns();
    void showContextMenu(const QPoint& pos);

    model::ResultTableModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QLabel* m_status = nullptr;
};

} // namespace hogscope::ui
