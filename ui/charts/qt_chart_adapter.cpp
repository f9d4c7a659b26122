#include "qt_chart_adapter.h"

#include <QAreaSeries>
#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QDateTime>
#include <QDateTimeAxis>
#include <QGraphicsLayout>
#include <QGraphicsScene>
#include <QHorizontalBarSeries>
#include <QLineSeries>
#include <QPainter>
#include <QPieSeries>
#include <QScatterSeries>
#include <QStackedBarSeries>
#include <QValueAxis>

#include <cmath>
#include <limits>

namespace hogscope::ui {

namespace {

// Bars and pies need categories; more than this many become unreadable, so the rest is left out.
constexpr int kMaxCategories = 200;

QAbstractAxis* makeXAxis(const model::ChartData& data)
{
    if (data.axis == model::AxisKind::DateTime) {
        auto* axis = new QDateTimeAxis;
        const double span = data.x.isEmpty() ? 0 : data.x.back() - data.x.front();
        axis->setFormat(std::abs(span) < 2 * 86400e3 ? QStringLiteral("MMM d HH:mm")
                                                     : QStringLiteral("yyyy-MM-dd"));
        axis->setTitleText(data.xTitle);
        return axis;
    }
    auto* axis = new QValueAxis;
    axis->setTitleText(data.xTitle);
    return axis;
}

void addPoints(QXYSeries* series, const model::ChartData& data, const QList<double>& values)
{
    QList<QPointF> points;
    points.reserve(values.size());
    for (qsizetype i = 0; i < values.size() && i < data.x.size(); ++i) {
        if (!std::isnan(values[i]) && !std::isnan(data.x[i]))
            points.push_back(QPointF(data.x[i], values[i]));
    }
    series->replace(points);
}

} // namespace

QtChartAdapter::QtChartAdapter(QWidget* parent)
    : m_view(new QChartView(new QChart, parent))
{
    m_view->setRenderHint(QPainter::Antialiasing);
    m_view->chart()->legend()->setAlignment(Qt::AlignBottom);
}

QtChartAdapter::~QtChartAdapter() = default;

QWidget* QtChartAdapter::widget()
{
    return m_view;
}

QChart* QtChartAdapter::chart() const
{
    return m_view->chart();
}

void QtChartAdapter::setChart(const model::ChartData& data, model::ChartKind kind, const QString& title)
{
    QChart* chart = m_view->chart();
    chart->removeAllSeries();
    for (QAbstractAxis* axis : chart->axes()) {
        chart->removeAxis(axis);
        delete axis;
    }
    chart->setTitle(title);
    chart->legend()->setVisible(data.series.size() > 1 || kind == model::ChartKind::Pie);
    if (data.isEmpty())
        return;

    switch (kind) {
    case model::ChartKind::Line:
    case model::ChartKind::Scatter:
    case model::ChartKind::Area: {
        QAbstractAxis* xAxis = makeXAxis(data);
        auto* yAxis = new QValueAxis;
        chart->addAxis(xAxis, Qt::AlignBottom);
        chart->addAxis(yAxis, Qt::AlignLeft);
        if (data.axis == model::AxisKind::Category) {
            // categories as evenly spaced points, labelled by index; the grid tooltip names them
            static_cast<QValueAxis*>(xAxis)->setLabelFormat(QStringLiteral("%d"));
        }
        for (const model::ChartSeriesData& s : data.series) {
            QAbstractSeries* added = nullptr;
            if (kind == model::ChartKind::Scatter) {
                auto* scatter = new QScatterSeries;
                scatter->setMarkerSize(7);
                addPoints(scatter, data, s.values);
                added = scatter;
            } else if (kind == model::ChartKind::Line) {
                auto* line = new QLineSeries;
                addPoints(line, data, s.values);
                added = line;
            } else {
                auto* upper = new QLineSeries;
                addPoints(upper, data, s.values);
                auto* area = new QAreaSeries(upper);
                upper->setParent(area);
                QColor fill = area->color();
                fill.setAlphaF(0.45);
                area->setColor(fill);
                added = area;
            }
            added->setName(s.name);
            chart->addSeries(added);
            added->attachAxis(xAxis);
            added->attachAxis(yAxis);
        }
        // the axes cover every series (Qt Charts would keep the first series' range)
        double lo = std::numeric_limits<double>::infinity(), hi = -lo;
        for (const model::ChartSeriesData& s : data.series) {
            for (double v : s.values) {
                if (!std::isnan(v)) {
                    lo = std::min(lo, v);
                    hi = std::max(hi, v);
                }
            }
        }
        if (lo <= hi) {
            if (kind == model::ChartKind::Area)
                lo = std::min(lo, 0.0);
            yAxis->setRange(lo, lo == hi ? hi + 1 : hi);
            yAxis->applyNiceNumbers();
        }
        double xlo = std::numeric_limits<double>::infinity(), xhi = -xlo;
        for (double x : data.x) {
            if (!std::isnan(x)) {
                xlo = std::min(xlo, x);
                xhi = std::max(xhi, x);
            }
        }
        if (xlo <= xhi) {
            if (data.axis == model::AxisKind::DateTime)
                xAxis->setRange(QDateTime::fromMSecsSinceEpoch(qint64(xlo), Qt::UTC),
                                QDateTime::fromMSecsSinceEpoch(qint64(xhi == xlo ? xhi + 1 : xhi), Qt::UTC));
            else
                xAxis->setRange(xlo, xhi == xlo ? xhi + 1 : xhi);
        }
        break;
    }
    case model::ChartKind::Bar:
    case model::ChartKind::StackedBar:
    case model::ChartKind::HorizontalBar: {
        QAbstractBarSeries* bars = nullptr;
        if (kind == model::ChartKind::StackedBar)
            bars = new QStackedBarSeries;
        else if (kind == model::ChartKind::HorizontalBar)
            bars = new QHorizontalBarSeries;
        else
            bars = new QBarSeries;
        const int n = static_cast<int>(std::min<qsizetype>(data.categories.size(), kMaxCategories));
        for (const model::ChartSeriesData& s : data.series) {
            auto* set = new QBarSet(s.name);
            for (int i = 0; i < n; ++i)
                set->append(std::isnan(s.values.value(i)) ? 0.0 : s.values.value(i));
            bars->append(set);
        }
        chart->addSeries(bars);
        auto* categories = new QBarCategoryAxis;
        categories->append(data.categories.mid(0, n));
        categories->setTitleText(data.xTitle);
        auto* values = new QValueAxis;
        const bool horizontal = kind == model::ChartKind::HorizontalBar;
        chart->addAxis(categories, horizontal ? Qt::AlignLeft : Qt::AlignBottom);
        chart->addAxis(values, horizontal ? Qt::AlignBottom : Qt::AlignLeft);
        bars->attachAxis(categories);
        bars->attachAxis(values);
        values->applyNiceNumbers();
        break;
    }
    case model::ChartKind::Pie: {
        auto* pie = new QPieSeries;
        const model::ChartSeriesData& s = data.series.front();
        const int n = static_cast<int>(std::min<qsizetype>(data.categories.size(), kMaxCategories));
        for (int i = 0; i < n; ++i) {
            const double v = s.values.value(i);
            if (!std::isnan(v) && v > 0)
                pie->append(data.categories[i], v);
        }
        pie->setName(s.name);
        chart->addSeries(pie);
        break;
    }
    }
}

void QtChartAdapter::render(QPainter& painter, const QRectF& target)
{
    // Lay the chart out at the target's size (not the window's), so text stays text-sized in an
    // export of any size, then put it back.
    QChart* chart = m_view->chart();
    const QRectF old = chart->geometry();
    chart->setGeometry(QRectF(QPointF(0, 0), target.size()));
    if (chart->layout())
        chart->layout()->activate();
    m_view->scene()->render(&painter, target, QRectF(QPointF(0, 0), target.size()), Qt::IgnoreAspectRatio);
    chart->setGeometry(old);
    if (chart->layout())
        chart->layout()->activate();
}

} // namespace hogscope::ui
