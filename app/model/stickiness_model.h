#pragma once

// Stickiness as a table (QtCore only): one row per number of active intervals ("1 day", "2 days",
// …), one column per series, each cell the persons active on exactly that many intervals (or that
// many or more, when cumulative). See spec/insight-semantics.md §3.

#include "model/chart_series.h"

#include <QAbstractTableModel>
#include <QList>
#include <QString>
#include <QStringList>

namespace hogscope::model {

struct StickinessSeriesData
{
    QString label;      // the event ("$pageview")
    qint64 count = 0;   // persons active at least once
    QList<qint64> data; // data[i]: persons active on days[i] intervals
    QList<int> days;    // 1 … N
    QStringList labels; // "1 day", "2 days", …
};

struct StickinessData
{
    QString interval = QStringLiteral("day"); // day, week, month
    bool cumulative = false;
    QList<StickinessSeriesData> series;

    int rows() const; // the longest series
};

// The bars: categories "1 day" …, one series per event.
ChartData stickinessChart(const StickinessData& data);

class StickinessModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role
    {
        CountRole = Qt::UserRole + 1, // qint64: persons in the cell
        DaysRole,                     // int: the number of active intervals of the row
        SeriesRole,                   // int: the series index of the column; -1 for the label column
        PercentRole,                  // double: share of the series' persons active at least once
    };

    explicit StickinessModel(QObject* parent = nullptr);

    void setStickiness(StickinessData data);
    const StickinessData& stickiness() const { return m_data; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // What one number means, in the insight's words (tooltips of the table and the bars).
    QString cellDescription(int series, int row) const;

private:
    StickinessData m_data;
    int m_rows = 0;
};

} // namespace hogscope::model
