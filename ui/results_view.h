#pragma once

// The result grid of a query tab.

#include "api/query_result.h"
#include "model/row_order.h"

#include <QPointer>
#include <QWidget>

#include <atomic>
#include <memory>

class QAction;
class QComboBox;
class QLabel;
class QLineEdit;
class QModelIndex;
class QTableView;
class QTimer;
class QToolButton;

namespace hogscope::model {
class ResultTableModel;
}
namespace hogscope::workspace {
class Settings;
}

namespace hogscope::ui {

class ResultsExportDialog;

// A QTableView over a ResultTableModel configured for large results (fixed row height,
// interactive columns sized once from a bounded sample), with a filter field above it and a status
// line below (row count, time, rows and bytes read, cache, the SQL the server ran). Header clicks
// sort (ascending, descending, none) and the filter narrows rows; both are computed on a worker
// thread as a row permutation that the model then shows, so large results never block the GUI.
class ResultsView : public QWidget
{
    Q_OBJECT
public:
    explicit ResultsView(QWidget* parent = nullptr);
    ~ResultsView() override;

    // Shows a finished query. `progress` is the run's last progress report (rows and bytes read),
    // which the result itself does not carry. A sort or filter in place is applied to the new rows
    // (a sort only when its column still has the same name).
    void setResult(const api::QueryResult& result, const api::QueryProgress& progress = {});
    // Shows `text` in the status line (e.g. "Running…" or an error) and keeps the current grid.
    void setStatusText(const QString& text);
    void clear();
    // Where the export dialog remembers its choices; may stay null (defaults, nothing stored).
    void setSettings(workspace::Settings* settings) { m_settings = settings; }

    QTableView* tableView() const { return m_table; }
    model::ResultTableModel* model() const { return m_model; }
    QLineEdit* filterField() const { return m_filter; }
    QComboBox* filterColumnBox() const { return m_filterColumn; }
    QString statusText() const;

    // Sorts by `column` (-1 or Direction::None: result order); what a header click does.
    void setSort(int column, model::RowOrderSpec::Direction direction);
    // Shows only rows with a cell containing `text` (case-insensitive) in `column` (-1: any column).
    // The filter field does this after a short pause in typing.
    void setFilter(const QString& text, int column = -1);
    model::RowOrderSpec rowOrderSpec() const { return m_spec; }
    // True while a sort or filter is being computed.
    bool isOrdering() const { return m_ordering; }

    // The selected cells (or the current one) as text: TSV, CSV or Markdown, optionally with the
    // column names first, in the order shown. Copy puts it on the clipboard (Ctrl+C copies TSV).
    QString selectionText(int format, bool withHeader) const;
    void copySelection(int format, bool withHeader);
    // Opens the JSON viewer for a JSON cell; false for other cells.
    bool openJsonViewer(const QModelIndex& index);
    // The person uuid of a person cell (ColumnType::Person: {"id"|"uuid": ...}); empty for others.
    QString personIdAt(const QModelIndex& index) const;

    // "Export Results…": enabled while there is a result; opens the export dialog.
    QAction* exportAction() const { return m_exportAction; }
    // Opens (or raises) the non-modal export dialog for the rows shown; null without a result.
    ResultsExportDialog* showExportDialog();
    // Opens a window with the HogQL and ClickHouse SQL the server reported for the last result.
    QWidget* showSqlDialog();

Q_SIGNALS:
    // A person cell was activated (double-click or Enter): open that person.
    void personActivated(const QString& personUuid);
    // A computed sort/filter order is now shown (or dropped back to result order).
    void rowOrderApplied();

private:
    void sizeColumns();
    void showContextMenu(const QPoint& pos);
    void onHeaderClicked(int section);
    void updateSortIndicator();
    void fillFilterColumns();
    void requestOrder();
    void cancelOrder();
    void updateStatus();

    model::ResultTableModel* m_model = nullptr;
    QTableView* m_table = nullptr;
    QLineEdit* m_filter = nullptr;
    QComboBox* m_filterColumn = nullptr;
    QTimer* m_filterDelay = nullptr;
    QLabel* m_status = nullptr;
    QToolButton* m_sqlButton = nullptr;
    QToolButton* m_exportButton = nullptr;
    QAction* m_exportAction = nullptr;
    workspace::Settings* m_settings = nullptr;
    QPointer<ResultsExportDialog> m_exportDialog;
    QPointer<QWidget> m_sqlDialog;

    // The last result's metadata, for the status line.
    api::QueryResult m_result;
    api::QueryProgress m_progress;
    bool m_haveResult = false;
    // setStatusText() text (a run in progress, an error) stays until the next result.
    bool m_statusHeld = false;

    // Sort/filter requests: each gets a generation; an answer for an older one is dropped, and
    // the older computation is told to stop.
    model::RowOrderSpec m_spec;
    quint64 m_generation = 0;
    std::shared_ptr<std::atomic<bool>> m_cancel;
    bool m_ordering = false;
};

} // namespace hogscope::ui
