#pragma once

// ChartAdapter over Qt Charts: line, bar (grouped, stacked, horizontal), area, pie and scatter.

#include "chart_adapter.h"

class QChart;
class QChartView;

namespace hogscope::ui {

class QtChartAdapter : public ChartAdapter
{
public:
    explicit QtChartAdapter(QWidget* parent);
    ~QtChartAdapter() override;

    QWidget* widget() override;
    void setChart(const model::ChartData& data, model::ChartKind kind, const QString& title) override;
    void render(QPainter& painter, const QRectF& target) override;

    // The live chart (for tests: series count, axis titles).
    QChart* chart() const;

private:
    QChartView* m_view = nullptr;
};

} // namespace hogscope::ui
