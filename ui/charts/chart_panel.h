#pragma once

// The chart beside a result grid: chart kind, x column and series chosen by the user (a first guess
// made from the column types), drawn through a ChartAdapter, exported to PNG, SVG, PDF or the
// clipboard with the query's metadata.

#include "chart_exporter.h"

#include "model/chart_series.h"

#include <QPointer>
#include <QWidget>

#include <functional>
#include <memory>

class QAbstractItemModel;
class QComboBox;
class QLabel;
class QToolButton;

namespace hogscope::ui {

class ChartAdapter;

class ChartPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChartPanel(QWidget* parent = nullptr);
    ~ChartPanel() override;

    // The model charted (not owned); the chart follows its resets. Null clears the chart.
    void setModel(QAbstractItemModel* model);
    // Where the export metadata comes from (query text, project, run time), asked at export time.
    void setMetadataProvider(std::function<ChartExportMetadata()> provider);

    model::ChartSpec spec() const { return m_spec; }
    void setSpec(const model::ChartSpec& spec);
    const model::ChartData& data() const { return m_data; }
    ChartAdapter* adapter() const { return m_adapter.get(); }
    // The exporter for the chart as drawn now.
    ChartExporter exporter() const;

    // Opens the export dialog (non-modal) / copies the chart.
    void showExportDialog();
    void copyToClipboard();

Q_SIGNALS:
    // An export finished: an empty `error` means success.
    void exported(const QString& fileName, const QString& error);

private:
    void onModelReset();
    void rebuildChoosers();
    void redraw();

    QPointer<QAbstractItemModel> m_model;
    std::unique_ptr<ChartAdapter> m_adapter;
    std::function<ChartExportMetadata()> m_metadata;
    model::ChartSpec m_spec;
    model::ChartData m_data;
    QComboBox* m_kind = nullptr;
    QComboBox* m_xColumn = nullptr;
    QToolButton* m_series = nullptr;
    QToolButton* m_export = nullptr;
    QLabel* m_notice = nullptr;
    QMetaObject::Connection m_resetConnection;
};

} // namespace hogscope::ui
