#pragma once

// The retention cohort grid as a heatmap: a table over RetentionGridModel whose period cells are
// coloured by the share of the cohort (white 0% to blue 100%), with the same drawing available as a
// painter function for export and `hogscope render`.

#include <QColor>
#include <QStyledItemDelegate>
#include <QTableView>

namespace hogscope::model {
class RetentionGridModel;
}

namespace hogscope::ui {

// The colour scale of the heatmap: `percent` 0–100 to a colour, and the text colour that reads on it.
QColor retentionColor(double percent);
QColor retentionTextColor(double percent);

// Paints the grid laid out for `target`: title, header, one row per cohort, and the colour scale.
void paintRetentionGrid(QPainter& painter, const QRectF& target, const model::RetentionGridModel& model,
                        const QString& title, const QString& subtitle);

class RetentionHeatmapDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
};

class RetentionGridView : public QTableView
{
    Q_OBJECT
public:
    explicit RetentionGridView(QWidget* parent = nullptr);

    // The viewport rectangle of cohort `cohort`, period `interval` (-1: the cohort's label).
    QRect cellRect(int cohort, int interval) const;

Q_SIGNALS:
    // A period cell (interval >= 0) or a cohort's label or size (interval -1) was clicked.
    void cellActivated(int cohort, int interval);
};

} // namespace hogscope::ui
