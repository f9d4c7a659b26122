#pragma once

// The one seam between Hogscope and a charting library: the chart panel and the exporters talk to
// this interface only, so Qt Charts can be swapped for another renderer by writing one adapter.

#include "model/chart_series.h"

#include <QString>

class QPainter;
class QRectF;
class QWidget;

namespace hogscope::ui {

class ChartAdapter
{
public:
    virtual ~ChartAdapter() = default;

    // The on-screen view (owned by the adapter's owner through Qt parenting).
    virtual QWidget* widget() = 0;
    // Replaces what is drawn.
    virtual void setChart(const model::ChartData& data, model::ChartKind kind, const QString& title) = 0;
    // Draws the current chart into `target` of `painter` (for PNG, SVG, PDF and the clipboard).
    virtual void render(QPainter& painter, const QRectF& target) = 0;
};

} // namespace hogscope::ui
