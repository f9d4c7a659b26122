#include "model/retention_grid_model.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hogscope::model {

namespace {

QString percentText(double percent)
{
    if (std::isnan(percent))
        return QString();
    QString text = QString::number(percent, 'f', 1);
    if (text.endsWith(QLatin1String(".0")))
        text.chop(2);
    return text + QLatin1Char('%');
}

double percentOf(qint64 count, qint64 size)
{
    return size > 0 ? 100.0 * double(count) / double(size) : std::numeric_limits<double>::quiet_NaN();
}

QDateTime addPeriods(const QDateTime& start, const QString& period, int count)
{
    if (period == QLatin1String("Hour"))
        return start.addSecs(3600LL * count);
    if (period == QLatin1String("Week"))
        return start.addDays(7LL * count);
    if (period == QLatin1String("Month"))
        return start.addMonths(count);
    return start.addDays(count);
}

} // namespace

int RetentionGrid::intervals() const
{
    int n = 0;
    for (const RetentionCohortRow& row : cohorts)
        n = std::max(n, int(row.counts.size()));
    return n;
}

QDateTime RetentionGrid::periodStart(int cohort, int interval) const
{
    if (cohort < 0 || cohort >= cohorts.size())
        return QDateTime();
    return addPeriods(cohorts[cohort].date, period, interval);
}

QString RetentionGrid::dateText(const QDateTime& date) const
{
    const QDateTime utc = date.toUTC();
    if (period == QLatin1String("Hour"))
        return utc.toString(QStringLiteral("yyyy-MM-dd HH:00"));
    if (period == QLatin1String("Week"))
        return QStringLiteral("week of %1").arg(utc.toString(QStringLiteral("yyyy-MM-dd")));
    if (period == QLatin1String("Month"))
        return QLocale::c().toString(utc.date(), QStringLiteral("MMM yyyy"));
    return utc.toString(QStringLiteral("yyyy-MM-dd"));
}

QList<double> meanRetention(const RetentionGrid& grid, RetentionMean mean)
{
    const int n = grid.intervals();
    QList<double> out;
    out.reserve(n);
    for (int k = 0; k < n; ++k) {
        double sum = 0;
        double sizes = 0;
        int cohorts = 0;
        for (int s = 0; s < grid.cohorts.size(); ++s) {
            const RetentionCohortRow& row = grid.cohorts[s];
            const qint64 size = row.counts.value(0);
            if (size <= 0 || grid.isFuture(s, k) || k >= row.counts.size())
                continue;
            ++cohorts;
            if (mean == RetentionMean::Weighted) {
                sum += double(row.counts[k]);
                sizes += double(size);
            } else {
                sum += percentOf(row.counts[k], size);
            }
        }
        if (cohorts == 0)
            out.push_back(std::numeric_limits<double>::quiet_NaN());
        else if (mean == RetentionMean::Weighted)
            out.push_back(100.0 * sum / sizes);
        else
            out.push_back(sum / cohorts);
    }
    return out;
}

ChartData retentionCurve(const RetentionGrid& grid, const QList<int>& cohorts, RetentionMean mean)
{
    ChartData data;
    data.axis = AxisKind::Category;
    data.xTitle = QStringLiteral("%1s after the cohort's start").arg(grid.period);
    const int n = grid.intervals();
    for (int k = 0; k < n; ++k) {
        data.categories << QStringLiteral("%1 %2").arg(grid.period).arg(k);
        data.x << double(k);
    }
    data.totalRows = n;
    ChartSeriesData meanSeries;
    meanSeries.name = mean == RetentionMean::Weighted ? QStringLiteral("Mean (weighted by cohort size)")
                                                      : QStringLiteral("Mean of the cohorts");
    meanSeries.values = meanRetention(grid, mean);
    data.series << meanSeries;
    for (int s : cohorts) {
        if (s < 0 || s >= grid.cohorts.size())
            continue;
        const RetentionCohortRow& row = grid.cohorts[s];
        ChartSeriesData series;
        series.name = QStringLiteral("Cohort %1").arg(grid.dateText(row.date));
        for (int k = 0; k < n; ++k) {
            const bool known = !grid.isFuture(s, k) && k < row.counts.size();
            series.values << (known ? percentOf(row.counts[k], row.counts.value(0))
                                    : std::numeric_limits<double>::quiet_NaN());
        }
        data.series << series;
    }
    return data;
}

RetentionGridModel::RetentionGridModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void RetentionGridModel::setGrid(RetentionGrid grid)
{
    beginResetModel();
    m_grid = std::move(grid);
    m_intervals = m_grid.intervals();
    m_cohortTexts.clear();
    m_percentTexts.clear();
    m_countTexts.clear();
    const QLocale locale;
    for (int s = 0; s < m_grid.cohorts.size(); ++s) {
        const RetentionCohortRow& row = m_grid.cohorts[s];
        m_cohortTexts << m_grid.dateText(row.date);
        QStringList percents;
        QStringList counts;
        for (int k = 0; k < m_intervals; ++k) {
            if (m_grid.isFuture(s, k) || k >= row.counts.size()) {
                percents << QString();
                counts << QString();
                continue;
            }
            percents << percentText(percentOf(row.counts[k], row.counts.value(0)));
            counts << locale.toString(row.counts[k]);
        }
        m_percentTexts << percents;
        m_countTexts << counts;
    }
    endResetModel();
}

void RetentionGridModel::setDisplay(Display display)
{
    if (display == m_display)
        return;
    m_display = display;
    if (rowCount() > 0 && m_intervals > 0)
        Q_EMIT dataChanged(index(0, kFirstIntervalColumn), index(rowCount() - 1, columnCount() - 1),
                           {Qt::DisplayRole});
}

int RetentionGridModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_grid.cohorts.size());
}

int RetentionGridModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : kFirstIntervalColumn + m_intervals;
}

QVariant RetentionGridModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const int s = index.row();
    const int column = index.column();
    const RetentionCohortRow& row = m_grid.cohorts[s];
    const int k = column - kFirstIntervalColumn;
    const bool future = k >= 0 && (m_grid.isFuture(s, k) || k >= row.counts.size());
    switch (role) {
    case Qt::DisplayRole:
        if (column == kLabelColumn)
            return m_cohortTexts[s];
        if (column == kSizeColumn)
            return QLocale().toString(row.counts.value(0));
        return m_display == Display::Percent ? m_percentTexts[s][k] : m_countTexts[s][k];
    case Qt::ToolTipRole:
        return cellDescription(s, std::max(k, 0));
    case Qt::TextAlignmentRole:
        return column == kLabelColumn ? QVariant(Qt::AlignLeft | Qt::AlignVCenter)
                                      : QVariant(Qt::AlignCenter);
    case CountRole:
        if (column == kLabelColumn)
            return QVariant();
        if (column == kSizeColumn)
            return row.counts.value(0);
        return future ? QVariant() : QVariant(row.counts[k]);
    case PercentRole:
        if (k < 0 || future || row.counts.value(0) <= 0)
            return QVariant();
        return percentOf(row.counts[k], row.counts.value(0));
    case CohortRole:
        return s;
    case IntervalRole:
        return k >= 0 ? k : -1;
    case FutureRole:
        return future;
    case CohortDateRole:
        return row.date;
    default:
        return QVariant();
    }
}

QVariant RetentionGridModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation == Qt::Vertical) {
        if (role == Qt::DisplayRole && section >= 0 && section < m_grid.cohorts.size())
            return m_grid.cohorts[section].label;
        return QVariant();
    }
    if (section < 0 || section >= columnCount())
        return QVariant();
    if (role == Qt::DisplayRole) {
        if (section == kLabelColumn)
            return QStringLiteral("Cohort");
        if (section == kSizeColumn)
            return QStringLiteral("Persons");
        return QStringLiteral("%1 %2").arg(m_grid.period).arg(section - kFirstIntervalColumn);
    }
    if (role == Qt::ToolTipRole) {
        const QString period = m_grid.period.toLower();
        if (section == kLabelColumn)
            return QStringLiteral("The %1 in which the persons of the cohort did %2%3.")
                .arg(period, m_grid.targetEvent,
                     m_grid.firstTime ? QStringLiteral(" for the first time") : QString());
        if (section == kSizeColumn)
            return QStringLiteral("Persons in the cohort (%1 0).").arg(m_grid.period);
        const int k = section - kFirstIntervalColumn;
        if (k == 0)
            return QStringLiteral("%1 0: the cohort itself, always 100%.").arg(m_grid.period);
        return QStringLiteral("Persons of the cohort who came back to do %1 %2 %3%4 after the cohort's %3.")
            .arg(m_grid.returningEvent)
            .arg(k)
            .arg(period, k == 1 ? QString() : QStringLiteral("s"));
    }
    return QVariant();
}

QString RetentionGridModel::cellDescription(int cohort, int interval) const
{
    if (cohort < 0 || cohort >= m_grid.cohorts.size())
        return QString();
    const RetentionCohortRow& row = m_grid.cohorts[cohort];
    const QLocale locale;
    const qint64 size = row.counts.value(0);
    const QString period = m_grid.period.toLower();
    const QString who =
        QStringLiteral("Cohort of %1 (%2): %3 %4 did %5%6 in that %7.")
            .arg(m_grid.dateText(row.date), row.label, locale.toString(size),
                 size == 1 ? QStringLiteral("person") : QStringLiteral("persons"), m_grid.targetEvent,
                 m_grid.firstTime ? QStringLiteral(" for the first time") : QString(), period);
    if (interval <= 0)
        return who;
    const QDateTime when = m_grid.periodStart(cohort, interval);
    if (m_grid.isFuture(cohort, interval) || interval >= row.counts.size())
        return who + QLatin1Char('\n') +
               QStringLiteral("%1 %2 of this cohort (%3) lies after the date range: no data yet.")
                   .arg(m_grid.period)
                   .arg(interval)
                   .arg(m_grid.dateText(when));
    const qint64 count = row.counts[interval];
    return who + QLatin1Char('\n') +
           QStringLiteral("%1 of them (%2) came back to do %3 in %4 %5, the %6 of %7.")
               .arg(locale.toString(count), percentText(percentOf(count, size)), m_grid.returningEvent,
                    m_grid.period)
               .arg(interval)
               .arg(period, m_grid.dateText(when));
}

} // namespace hogscope::model
