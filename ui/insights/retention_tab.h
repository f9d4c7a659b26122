#pragma once

// Retention: who did the target event in a period (a cohort) and came back to do the returning event
// in each later period. A heatmap grid of the cohorts and a retention curve (mean and chosen
// cohorts); clicking a cell asks for the persons of its cohort (PostHog's InsightActorsQuery with
// `interval` = the cohort's index).

#include "insight_tab.h"

#include "model/retention_grid_model.h"

#include <memory>

class QComboBox;
class QSpinBox;
class QSplitter;
class QToolButton;

namespace hogscope::api {
template <typename T>
struct InsightResponse;
struct RetentionResult;
} // namespace hogscope::api

namespace hogscope::ui {

class EventPicker;
class QtChartAdapter;
class RetentionGridView;

// The model's grid from a decoded response and the query it answers.
model::RetentionGrid retentionGridFrom(const api::RetentionResult& result, const QJsonObject& query);

// The curve as the chart adapter draws it: model::retentionCurve, with the x axis padded so that
// the adapter's five evenly spaced ticks fall on whole periods (their labels are the period numbers).
model::ChartData retentionCurveChart(const model::RetentionGrid& grid, const QList<int>& cohorts,
                                     model::RetentionMean mean);

class RetentionTab : public InsightTab
{
    Q_OBJECT
public:
    explicit RetentionTab(QWidget* parent = nullptr);
    ~RetentionTab() override;

    QString title() const override { return tr("Retention"); }
    QString queryKind() const override { return QStringLiteral("RetentionQuery"); }
    QJsonObject buildQuery() const override;
    void setQuery(const QJsonObject& query) override;

    model::RetentionGridModel* gridModel() const { return m_model; }
    RetentionGridView* gridView() const { return m_grid; }
    QtChartAdapter* curve() const { return m_curve.get(); }
    // Cohorts drawn on the curve besides the mean.
    void setCurveCohorts(const QList<int>& cohorts);
    QList<int> curveCohorts() const { return m_curveCohorts; }

    EventPicker* targetPicker() const { return m_target; }
    EventPicker* returningPicker() const { return m_returning; }
    QComboBox* periodBox() const { return m_period; }
    QComboBox* typeBox() const { return m_type; }
    QSpinBox* intervalsBox() const { return m_intervals; }
    QComboBox* displayBox() const { return m_display; }

    // Clicking cell (cohort, interval): the InsightActorsQuery it asks for, and its title.
    void activateCell(int cohort, int interval);

protected:
    void applyBody(const QByteArray& body, quint64 generation) override;
    QList<InsightExportTarget> exportTargets() const override;
    void definitionsChanged() override;
    void resizeEvent(QResizeEvent* event) override;

private:
    void redrawCurve();
    void fitGrid();
    void rebuildCohortMenu();

    QJsonObject m_base; // the last query set: fields the form does not show are sent as they came
    EventPicker* m_target = nullptr;
    EventPicker* m_returning = nullptr;
    QComboBox* m_type = nullptr;
    QComboBox* m_period = nullptr;
    QSpinBox* m_intervals = nullptr;
    QComboBox* m_display = nullptr;
    QComboBox* m_mean = nullptr;
    QToolButton* m_cohorts = nullptr;
    QSplitter* m_splitter = nullptr;
    RetentionGridView* m_grid = nullptr;
    model::RetentionGridModel* m_model = nullptr;
    std::unique_ptr<QtChartAdapter> m_curve;
    QList<int> m_curveCohorts;
};

} // namespace hogscope::ui
