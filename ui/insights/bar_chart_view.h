#pragma once

// A grouped bar chart drawn with QPainter: categories along x, one bar per series in each, values
// on the bars, tooltips saying what a bar counts, and a click signal naming the bar. The same
// drawing serves the screen and the exports (laid out for the target, so text keeps its size).
// Stickiness uses it because its bars must be clickable, which the ChartAdapter does not offer.

#include "model/chart_series.h"

#include <QWidget>

#include <functional>
#include <optional>

namespace hogscope::ui {

// One bar: its series and category index.
struct BarChartBar
{
    int series = -1;
    int index = -1;
};

// Layout and painting without a widget (exports, `hogscope render`).
class BarChartPainter
{
public:
    using Bar = BarChartBar;

    void setData(model::ChartData data, QString title, QString yTitle);
    const model::ChartData& data() const { return m_data; }
    // Dark canvas and text (the view in a dark scheme); exports keep the light default.
    void setDark(bool dark) { m_dark = dark; }
    bool isDark() const { return m_dark; }
    QString title() const { return m_title; }

    void paint(QPainter& painter, const QRectF& target, Bar highlighted = {}) const;
    // The bar under `pos` when the chart is laid out in `target`.
    std::optional<Bar> barAt(const QRectF& target, const QPointF& pos) const;
    // Where bar (series, index) is drawn in `target`.
    QRectF barRect(const QRectF& target, int series, int index) const;

    static QColor seriesColor(int series);

private:
    struct Layout
    {
        QRectF plot;
        double maxValue = 1;
        double step = 1;
        qreal groupWidth = 0;
        qreal barWidth = 0;
    };
    Layout layout(const QRectF& target) const;

    model::ChartData m_data;
    QString m_title;
    QString m_yTitle;
    bool m_dark = false;
};

class BarChartView : public QWidget
{
    Q_OBJECT
public:
    explicit BarChartView(QWidget* parent = nullptr);

    void setData(model::ChartData data, const QString& title, const QString& yTitle);
    // Tooltip text of bar (series, index); empty = none.
    void setToolTipProvider(std::function<QString(int series, int index)> provider);
    const BarChartPainter& painter() const { return m_painter; }
    // The widget's own rectangle of bar (series, index), for tests and accessibility.
    QRect barRect(int series, int index) const;

Q_SIGNALS:
    void barClicked(int series, int index);

protected:
    void paintEvent(QPaintEvent* event) override;
    void mouseMoveEvent(QMouseEvent* event) override;
    void mousePressEvent(QMouseEvent* event) override;
    void leaveEvent(QEvent* event) override;
    bool event(QEvent* event) override;

private:
    BarChartPainter m_painter;
    BarChartPainter::Bar m_hover;
    std::function<QString(int, int)> m_tooltip;
};

} // namespace hogscope::ui
