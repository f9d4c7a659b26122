#include "retention_grid_view.h"

#include "model/retention_grid_model.h"
#include "ui/theme.h"

#include <QHeaderView>
#include <QLinearGradient>
#include <QPainter>

#include <algorithm>
#include <cmath>

namespace hogscope::ui {

namespace {

const QColor kHigh(0x1d, 0x4a, 0xff); // 100%
const QColor kLow(0xf4, 0xf6, 0xfb);  // 0%
const QColor kFuture(0xfa, 0xfa, 0xfa);
const QColor kGridLine(0xdd, 0xe1, 0xea);
const QColor kLabelText(0x1f, 0x23, 0x2b);
const QColor kMutedText(0x5f, 0x67, 0x75);

// On dark the scale runs from the view's dark base up to a brighter blue, so 0% stays quiet and the
// text is light all along (it reads on both ends).
const QColor kHighDark(0x3b, 0x6c, 0xff);
const QColor kLowDark(0x25, 0x28, 0x31);
const QColor kFutureDark(0x1b, 0x1d, 0x22);
const QColor kLabelTextDark(0xe5, 0xe7, 0xeb);
const QColor kHoverLight(0x0b, 0x1f, 0x66);
const QColor kHoverDark(0x93, 0xc5, 0xfd);

QColor cellColor(double percent, bool dark)
{
    if (std::isnan(percent))
        return dark ? kFutureDark : kFuture;
    const QColor& low = dark ? kLowDark : kLow;
    const QColor& high = dark ? kHighDark : kHigh;
    // A square root makes the common 5–30% range tell apart, where linear would leave it pale.
    const double t = std::sqrt(std::clamp(percent, 0.0, 100.0) / 100.0);
    return QColor::fromRgbF(float(low.redF() + (high.redF() - low.redF()) * t),
                            float(low.greenF() + (high.greenF() - low.greenF()) * t),
                            float(low.blueF() + (high.blueF() - low.blueF()) * t));
}

QColor cellTextColor(double percent, bool dark)
{
    if (dark)
        return kLabelTextDark;
    return !std::isnan(percent) && std::sqrt(std::clamp(percent, 0.0, 100.0) / 100.0) > 0.55 ? Qt::white
                                                                                             : kLabelText;
}

} // namespace

// The exported image is always on white paper: these are the light scale.
QColor retentionColor(double percent)
{
    return cellColor(percent, false);
}

QColor retentionTextColor(double percent)
{
    return cellTextColor(percent, false);
}

void paintRetentionGrid(QPainter& painter, const QRectF& target, const model::RetentionGridModel& model,
                        const QString& title, const QString& subtitle)
{
    using Model = model::RetentionGridModel;
    painter.save();
    painter.fillRect(target, Qt::white);
    const qreal margin = 16;
    QRectF area = target.adjusted(margin, margin, -margin, -margin);
    QFont titleFont = painter.font();
    titleFont.setPixelSize(18);
    titleFont.setBold(true);
    painter.setFont(titleFont);
    painter.setPen(kLabelText);
    const qreal titleHeight = QFontMetricsF(titleFont).height();
    painter.drawText(QRectF(area.left(), area.top(), area.width(), titleHeight),
                     Qt::AlignLeft | Qt::AlignVCenter, title);
    QFont smallFont = painter.font();
    smallFont.setPixelSize(12);
    smallFont.setBold(false);
    painter.setFont(smallFont);
    painter.setPen(kMutedText);
    const qreal subtitleHeight = QFontMetricsF(smallFont).height();
    painter.drawText(QRectF(area.left(), area.top() + titleHeight + 2, area.width(), subtitleHeight),
                     Qt::AlignLeft | Qt::AlignVCenter, subtitle);
    area.setTop(area.top() + titleHeight + subtitleHeight + 12);
    const qreal legendHeight = 28;
    area.setBottom(area.bottom() - legendHeight);

    const int rows = model.rowCount();
    const int columns = model.columnCount();
    const int intervals = std::max(0, columns - Model::kFirstIntervalColumn);
    if (rows == 0 || intervals == 0) {
        painter.setPen(kMutedText);
        painter.drawText(area, Qt::AlignCenter, QStringLiteral("No cohorts in this date range."));
        painter.restore();
        return;
    }
    const qreal headerHeight = 26;
    const qreal rowHeight = std::clamp((area.height() - headerHeight) / rows, 8.0, 34.0);
    QFont cellFont = smallFont;
    cellFont.setPixelSize(int(std::clamp(rowHeight * 0.45, 6.0, 13.0)));
    const QFontMetricsF metrics(cellFont);
    qreal labelWidth = metrics.horizontalAdvance(QStringLiteral("Cohort"));
    for (int r = 0; r < rows; ++r)
        labelWidth = std::max(
            labelWidth, metrics.horizontalAdvance(model.index(r, Model::kLabelColumn).data().toString()));
    labelWidth += 16;
    const qreal sizeWidth = std::max<qreal>(64, metrics.horizontalAdvance(QStringLiteral("Persons")) + 16);
    const qreal cellWidth = std::max<qreal>(24, (area.width() - labelWidth - sizeWidth) / intervals);

    painter.setFont(cellFont);
    auto columnRect = [&](int column, qreal top, qreal height) {
        if (column == Model::kLabelColumn)
            return QRectF(area.left(), top, labelWidth, height);
        if (column == Model::kSizeColumn)
            return QRectF(area.left() + labelWidth, top, sizeWidth, height);
        return QRectF(area.left() + labelWidth + sizeWidth +
                          (column - Model::kFirstIntervalColumn) * cellWidth,
                      top, cellWidth, height);
    };
    QFont headerFont = cellFont;
    headerFont.setBold(true);
    painter.setFont(headerFont);
    painter.setPen(kLabelText);
    for (int c = 0; c < columns; ++c) {
        const QRectF rect = columnRect(c, area.top(), headerHeight).adjusted(4, 0, -4, 0);
        painter.drawText(rect,
                         (c == Model::kLabelColumn ? Qt::AlignLeft : Qt::AlignHCenter) | Qt::AlignVCenter,
                         model.headerData(c, Qt::Horizontal).toString());
    }
    painter.setFont(cellFont);
    for (int r = 0; r < rows; ++r) {
        const qreal top = area.top() + headerHeight + r * rowHeight;
        for (int c = 0; c < columns; ++c) {
            const QModelIndex index = model.index(r, c);
            const QRectF rect = columnRect(c, top, rowHeight);
            if (c >= Model::kFirstIntervalColumn) {
                const QVariant percent = index.data(Model::PercentRole);
                const double p = percent.isValid() ? percent.toDouble() : std::nan("");
                painter.fillRect(rect.adjusted(1, 1, -1, -1), retentionColor(p));
                painter.setPen(retentionTextColor(p));
            } else {
                painter.setPen(kLabelText);
            }
            if (rowHeight >= 10)
                painter.drawText(rect.adjusted(4, 0, -4, 0),
                                 (c == Model::kLabelColumn ? Qt::AlignLeft : Qt::AlignHCenter) |
                                     Qt::AlignVCenter,
                                 index.data().toString());
        }
        painter.setPen(kGridLine);
        painter.drawLine(QPointF(area.left(), top + rowHeight),
                         QPointF(area.left() + labelWidth + sizeWidth, top + rowHeight));
    }
    // The colour scale.
    const qreal scaleTop = area.top() + headerHeight + rows * rowHeight + 10;
    const QRectF bar(area.left() + labelWidth + sizeWidth, scaleTop,
                     std::min<qreal>(240, intervals * cellWidth), 10);
    QLinearGradient gradient(bar.topLeft(), bar.topRight());
    for (int i = 0; i <= 10; ++i)
        gradient.setColorAt(i / 10.0, retentionColor(i * 10.0));
    painter.fillRect(bar, gradient);
    painter.setPen(kMutedText);
    painter.setFont(smallFont);
    painter.drawText(QRectF(area.left(), scaleTop - 4, labelWidth + sizeWidth - 8, 18),
                     Qt::AlignRight | Qt::AlignVCenter, QStringLiteral("0%"));
    painter.drawText(QRectF(bar.right() + 8, scaleTop - 4, 400, 18), Qt::AlignLeft | Qt::AlignVCenter,
                     QStringLiteral("100% of the cohort"));
    painter.restore();
}

void RetentionHeatmapDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                                     const QModelIndex& index) const
{
    const int interval = index.data(model::RetentionGridModel::IntervalRole).toInt();
    if (interval < 0) {
        QStyledItemDelegate::paint(painter, option, index);
        return;
    }
    const QVariant percent = index.data(model::RetentionGridModel::PercentRole);
    const double p = percent.isValid() ? percent.toDouble() : std::nan("");
    painter->save();
    const QRect rect = option.rect.adjusted(1, 1, -1, -1);
    // the scheme comes from the view's palette at paint time, so a palette change needs no hook
    const bool dark = theme::isDark(option.palette);
    painter->fillRect(rect, cellColor(p, dark));
    if (option.state & QStyle::State_MouseOver && percent.isValid()) {
        painter->setPen(QPen(dark ? kHoverDark : kHoverLight, 2));
        painter->drawRect(rect.adjusted(1, 1, -1, -1));
    }
    painter->setPen(cellTextColor(p, dark));
    painter->setFont(option.font);
    painter->drawText(option.rect, Qt::AlignCenter, index.data().toString());
    painter->restore();
}

RetentionGridView::RetentionGridView(QWidget* parent)
    : QTableView(parent)
{
    setObjectName(QStringLiteral("retentionGrid"));
    setItemDelegate(new RetentionHeatmapDelegate(this));
    setShowGrid(false);
    setMouseTracking(true);
    setSelectionMode(QAbstractItemView::NoSelection);
    setEditTriggers(QAbstractItemView::NoEditTriggers);
    // The cohort column names each row; the server's "Day 3" labels would repeat it.
    verticalHeader()->hide();
    verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    verticalHeader()->setDefaultSectionSize(28);
    horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    horizontalHeader()->setDefaultSectionSize(64);
    horizontalHeader()->setHighlightSections(false);
    setCursor(Qt::PointingHandCursor);
    connect(this, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const QVariant future = index.data(model::RetentionGridModel::FutureRole);
        if (future.toBool())
            return;
        Q_EMIT cellActivated(index.data(model::RetentionGridModel::CohortRole).toInt(),
                             index.data(model::RetentionGridModel::IntervalRole).toInt());
    });
}

QRect RetentionGridView::cellRect(int cohort, int interval) const
{
    if (!model())
        return QRect();
    const int column = interval < 0 ? model::RetentionGridModel::kLabelColumn
                                    : model::RetentionGridModel::kFirstIntervalColumn + interval;
    return visualRect(model()->index(cohort, column));
}

} // namespace hogscope::ui
