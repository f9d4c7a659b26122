#include "bar_chart_view.h"

#include "ui/theme.h"

#include <QHelpEvent>
#include <QLocale>
#include <QMouseEvent>
#include <QPainter>
#include <QToolTip>

#include <algorithm>
#include <cmath>

namespace hogscope::ui {

namespace {

// The canvas and its text, light (exports, light scheme) or dark, as the paths view has them.
struct CanvasColors
{
    QColor background;
    QColor text;
    QColor muted;
    QColor grid;
};
CanvasColors canvasColors(bool dark)
{
    if (dark)
        return {QColor(0x1e, 0x1f, 0x24), QColor(0xe5, 0xe7, 0xeb), QColor(0x9c, 0xa3, 0xaf),
                QColor(0x36, 0x39, 0x41)};
    return {Qt::white, QColor(0x1f, 0x23, 0x2b), QColor(0x5f, 0x67, 0x75), QColor(0xe5, 0xe8, 0xef)};
}

// 1, 2, 5 × 10^n: a step that gives about `ticks` lines up to `max`.
double niceStep(double max, int ticks)
{
    if (max <= 0)
        return 1;
    const double raw = max / ticks;
    const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
    for (double m : {1.0, 2.0, 5.0, 10.0}) {
        if (m * magnitude >= raw)
            return std::max(1.0, m * magnitude);
    }
    return std::max(1.0, 10 * magnitude);
}

QFont sized(const QPainter& painter, int pixels, bool bold = false)
{
    QFont font = painter.font();
    font.setPixelSize(pixels);
    font.setBold(bold);
    return font;
}

} // namespace

QColor BarChartPainter::seriesColor(int series)
{
    static const QColor colors[] = {QColor(0x1d, 0x4a, 0xff), QColor(0x62, 0x1d, 0xa6),
                                    QColor(0x42, 0x82, 0x7e), QColor(0xce, 0x0e, 0x74),
                                    QColor(0xf1, 0x4f, 0x58), QColor(0x7c, 0x44, 0x0e),
                                    QColor(0x52, 0x9a, 0x0a), QColor(0x04, 0x76, 0xfb)};
    return colors[std::max(series, 0) % int(std::size(colors))];
}

void BarChartPainter::setData(model::ChartData data, QString title, QString yTitle)
{
    m_data = std::move(data);
    m_title = std::move(title);
    m_yTitle = std::move(yTitle);
}

BarChartPainter::Layout BarChartPainter::layout(const QRectF& target) const
{
    Layout l;
    double max = 0;
    for (const model::ChartSeriesData& s : m_data.series) {
        for (double v : s.values) {
            if (!std::isnan(v))
                max = std::max(max, v);
        }
    }
    l.step = niceStep(max, 5);
    l.maxValue = std::max(l.step, std::ceil(max / l.step) * l.step);
    const qreal legend = m_data.series.size() > 1 ? 22 : 0;
    l.plot = target.adjusted(64, 44 + legend, -20, -58);
    const int categories = int(m_data.categories.size());
    const int series = std::max<int>(1, int(m_data.series.size()));
    l.groupWidth = categories > 0 ? l.plot.width() / categories : l.plot.width();
    l.barWidth = std::max<qreal>(1, l.groupWidth * 0.8 / series);
    return l;
}

QRectF BarChartPainter::barRect(const QRectF& target, int series, int index) const
{
    if (series < 0 || series >= m_data.series.size() || index < 0 || index >= m_data.categories.size())
        return QRectF();
    const Layout l = layout(target);
    const double value = m_data.series[series].values.value(index);
    const double v = std::isnan(value) ? 0 : value;
    const qreal height = l.plot.height() * v / l.maxValue;
    const qreal left = l.plot.left() + index * l.groupWidth + l.groupWidth * 0.1 + series * l.barWidth;
    // At least 2 px tall so a zero bar can still be seen and clicked.
    return QRectF(left, l.plot.bottom() - std::max<qreal>(height, 2), l.barWidth, std::max<qreal>(height, 2));
}

std::optional<BarChartPainter::Bar> BarChartPainter::barAt(const QRectF& target, const QPointF& pos) const
{
    const Layout l = layout(target);
    if (!l.plot.adjusted(0, 0, 0, 4).contains(pos) || l.groupWidth <= 0)
        return std::nullopt;
    const int index = int((pos.x() - l.plot.left()) / l.groupWidth);
    for (int s = 0; s < m_data.series.size(); ++s) {
        const QRectF bar = barRect(target, s, index);
        // The whole column above a bar counts, so short bars are easy to hit.
        if (pos.x() >= bar.left() && pos.x() < bar.right())
            return Bar{s, index};
    }
    return std::nullopt;
}

void BarChartPainter::paint(QPainter& painter, const QRectF& target, Bar highlighted) const
{
    painter.save();
    painter.setRenderHint(QPainter::Antialiasing);
    const CanvasColors colors = canvasColors(m_dark);
    painter.fillRect(target, colors.background);
    const Layout l = layout(target);
    painter.setFont(sized(painter, 16, true));
    painter.setPen(colors.text);
    painter.drawText(QRectF(target.left() + 16, target.top() + 8, target.width() - 32, 26),
                     Qt::AlignLeft | Qt::AlignVCenter, m_title);
    if (m_data.series.isEmpty() || m_data.categories.isEmpty()) {
        painter.setFont(sized(painter, 13));
        painter.setPen(colors.muted);
        painter.drawText(target, Qt::AlignCenter, QStringLiteral("No data"));
        painter.restore();
        return;
    }
    // Legend.
    if (m_data.series.size() > 1) {
        painter.setFont(sized(painter, 12));
        qreal x = target.left() + 16;
        const qreal y = target.top() + 38;
        for (int s = 0; s < m_data.series.size(); ++s) {
            painter.fillRect(QRectF(x, y + 3, 12, 12), seriesColor(s));
            painter.setPen(colors.text);
            const qreal w = QFontMetricsF(painter.font()).horizontalAdvance(m_data.series[s].name);
            painter.drawText(QRectF(x + 16, y, w + 4, 18), Qt::AlignLeft | Qt::AlignVCenter,
                             m_data.series[s].name);
            x += w + 36;
        }
    }
    // Y grid and labels.
    const QLocale locale;
    painter.setFont(sized(painter, 11));
    for (double v = 0; v <= l.maxValue + l.step / 2; v += l.step) {
        const qreal y = l.plot.bottom() - l.plot.height() * v / l.maxValue;
        painter.setPen(colors.grid);
        painter.drawLine(QPointF(l.plot.left(), y), QPointF(l.plot.right(), y));
        painter.setPen(colors.muted);
        painter.drawText(QRectF(target.left(), y - 9, l.plot.left() - target.left() - 6, 18),
                         Qt::AlignRight | Qt::AlignVCenter, locale.toString(qint64(v)));
    }
    painter.save();
    painter.translate(target.left() + 14, l.plot.center().y());
    painter.rotate(-90);
    painter.setPen(colors.muted);
    painter.drawText(QRectF(-l.plot.height() / 2, -9, l.plot.height(), 18), Qt::AlignCenter, m_yTitle);
    painter.restore();
    // Bars with their values.
    const QFontMetricsF valueMetrics(sized(painter, 11));
    for (int s = 0; s < m_data.series.size(); ++s) {
        for (int i = 0; i < m_data.categories.size(); ++i) {
            const double value = m_data.series[s].values.value(i);
            if (std::isnan(value))
                continue;
            const QRectF bar = barRect(target, s, i);
            QColor color = seriesColor(s);
            if (highlighted.series == s && highlighted.index == i)
                color = m_dark ? color.lighter(135) : color.darker(130);
            painter.fillRect(bar, color);
            const QString text = locale.toString(qint64(value));
            if (valueMetrics.horizontalAdvance(text) <= l.barWidth + l.groupWidth * 0.1) {
                painter.setPen(colors.text);
                painter.drawText(QRectF(bar.left() - 20, bar.top() - 17, bar.width() + 40, 16),
                                 Qt::AlignHCenter | Qt::AlignBottom, text);
            }
        }
    }
    painter.setPen(colors.muted);
    painter.drawLine(l.plot.bottomLeft(), l.plot.bottomRight());
    // Category labels: every k-th one when they would overlap.
    qreal widest = 0;
    for (const QString& category : m_data.categories)
        widest = std::max(widest, valueMetrics.horizontalAdvance(category));
    const int every = std::max(1, int(std::ceil((widest + 8) / std::max<qreal>(l.groupWidth, 1))));
    for (int i = 0; i < m_data.categories.size(); i += every) {
        const qreal center = l.plot.left() + (i + 0.5) * l.groupWidth;
        painter.drawText(QRectF(center - widest / 2 - 4, l.plot.bottom() + 4, widest + 8, 18),
                         Qt::AlignCenter, m_data.categories[i]);
    }
    painter.drawText(QRectF(l.plot.left(), l.plot.bottom() + 28, l.plot.width(), 20), Qt::AlignCenter,
                     m_data.xTitle);
    painter.restore();
}

BarChartView::BarChartView(QWidget* parent)
    : QWidget(parent)
{
    setMouseTracking(true);
    setMinimumSize(320, 220);
    setAttribute(Qt::WA_OpaquePaintEvent);
    theme::followScheme(this, [this](bool dark) {
        m_painter.setDark(dark);
        update();
    });
}

void BarChartView::setData(model::ChartData data, const QString& title, const QString& yTitle)
{
    m_painter.setData(std::move(data), title, yTitle);
    m_hover = {};
    update();
}

void BarChartView::setToolTipProvider(std::function<QString(int, int)> provider)
{
    m_tooltip = std::move(provider);
}

QRect BarChartView::barRect(int series, int index) const
{
    return m_painter.barRect(QRectF(rect()), series, index).toAlignedRect();
}

void BarChartView::paintEvent(QPaintEvent*)
{
    QPainter painter(this);
    m_painter.paint(painter, QRectF(rect()), m_hover);
}

void BarChartView::mouseMoveEvent(QMouseEvent* event)
{
    const auto bar = m_painter.barAt(QRectF(rect()), event->position());
    const BarChartPainter::Bar hover = bar.value_or(BarChartPainter::Bar{});
    if (hover.series != m_hover.series || hover.index != m_hover.index) {
        m_hover = hover;
        setCursor(bar ? Qt::PointingHandCursor : Qt::ArrowCursor);
        update();
    }
}

void BarChartView::mousePressEvent(QMouseEvent* event)
{
    if (event->button() != Qt::LeftButton)
        return QWidget::mousePressEvent(event);
    if (const auto bar = m_painter.barAt(QRectF(rect()), event->position()))
        Q_EMIT barClicked(bar->series, bar->index);
}

void BarChartView::leaveEvent(QEvent* event)
{
    m_hover = {};
    update();
    QWidget::leaveEvent(event);
}

bool BarChartView::event(QEvent* event)
{
    if (event->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(event);
        const auto bar = m_painter.barAt(QRectF(rect()), QPointF(help->pos()));
        const QString text = bar && m_tooltip ? m_tooltip(bar->series, bar->index) : QString();
        if (text.isEmpty())
            QToolTip::hideText();
        else
            QToolTip::showText(help->globalPos(), text, this);
        return true;
    }
    return QWidget::event(event);
}

} // namespace hogscope::ui
