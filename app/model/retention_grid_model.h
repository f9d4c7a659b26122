#pragma once

// The retention cohort grid (QtCore only): one row per cohort, its size, and per return period the
// persons counted, as percentages or counts. The widgets colour the cells from PercentRole; the
// curve chart reads meanRetention() and retentionCurve(). See spec/insight-semantics.md §2.

#include "model/chart_series.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonValue>
#include <QList>
#include <QString>

namespace hogscope::model {

struct RetentionCohortRow
{
    QDateTime date;       // start of the cohort's period, UTC
    QString label;        // "Day 3": the cohort's index in the range
    QList<qint64> counts; // counts[k]: persons of the cohort counted in period k; counts[0] = size
    int index = 0;        // the cohort's index in the range (PostHog's actors `interval`)
    QJsonValue breakdown; // the breakdown value of the row; null without a breakdown
};

// What the grid shows, with the words its tooltips need.
struct RetentionGrid
{
    QString period = QStringLiteral("Day"); // Hour, Day, Week or Month
    QString targetEvent;                    // "$pageview"
    QString returningEvent;
    bool firstTime = false; // retention_first_time: a person starts only the cohort of their first event
    QList<RetentionCohortRow> cohorts;

    // Values per cohort (the longest row): Day 0 … Day intervals()-1.
    int intervals() const;
    // Period k of cohort s lies after the date range (its count is 0 because it has not happened).
    bool isFuture(int cohort, int interval) const { return cohort + interval >= cohorts.size(); }
    // The start of period k of cohort s ("Day 3" of the cohort of Mar 4 is Mar 7).
    QDateTime periodStart(int cohort, int interval) const;
    // "2026-03-04", "week of 2026-03-01", "Mar 2026", "2026-03-04 13:00".
    QString dateText(const QDateTime& date) const;
};

enum class RetentionMean
{
    Simple,   // the average of the cohorts' percentages
    Weighted, // persons retained over persons in the cohorts (big cohorts weigh more)
};

// Mean percentage per period over the cohorts that have a size and for which the period is inside
// the range; NaN where no cohort qualifies.
QList<double> meanRetention(const RetentionGrid& grid, RetentionMean mean);

// The curve: x = period 0 … N-1 ("Day 0" …), a "Mean" series and one series per chosen cohort, in
// percent of the cohort; periods after the range are NaN (left out).
ChartData retentionCurve(const RetentionGrid& grid, const QList<int>& cohorts, RetentionMean mean);

class RetentionGridModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // Raw values for delegates, charts and export (Practices 12).
    enum Role
    {
        CountRole = Qt::UserRole + 1, // qint64: persons in the cell (cohort size in the size column)
        PercentRole,                  // double 0–100 of the cohort size; invalid outside period cells
        CohortRole,                   // int: the cohort (row) index
        IntervalRole,                 // int: the period k of the cell; -1 in the label and size columns
        FutureRole,                   // bool: the period lies after the date range (no data yet)
        CohortDateRole,               // QDateTime: start of the cohort's period
    };
    enum class Display
    {
        Percent,
        Count,
    };
    static constexpr int kLabelColumn = 0;
    static constexpr int kSizeColumn = 1;
    static constexpr int kFirstIntervalColumn = 2;

    explicit RetentionGridModel(QObject* parent = nullptr);

    void setGrid(RetentionGrid grid);
    const RetentionGrid& grid() const { return m_grid; }
    void setDisplay(Display display);
    Display display() const { return m_display; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // What a cell means, in the words of the insight (also the tooltip).
    QString cellDescription(int cohort, int interval) const;

private:
    RetentionGrid m_grid;
    Display m_display = Display::Percent;
    int m_intervals = 0;
    // Display strings built once per grid (Practices 9).
    QStringList m_cohortTexts;
    QList<QStringList> m_percentTexts;
    QList<QStringList> m_countTexts;
};

} // namespace hogscope::model
