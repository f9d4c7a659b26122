#include "model/stickiness_model.h"

#include <QLocale>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hogscope::model {

namespace {

QString rowLabel(const StickinessData& data, int row)
{
    for (const StickinessSeriesData& series : data.series) {
        if (row < series.labels.size())
            return series.labels[row];
    }
    const int n = row + 1;
    return QStringLiteral("%1 %2%3%4")
        .arg(n)
        .arg(data.interval, n == 1 ? QString() : QStringLiteral("s"),
             data.cumulative ? QStringLiteral(" or more") : QString());
}

int rowDays(const StickinessData& data, int row)
{
    for (const StickinessSeriesData& series : data.series) {
        if (row < series.days.size())
            return series.days[row];
    }
    return row + 1;
}

} // namespace

int StickinessData::rows() const
{
    int n = 0;
    for (const StickinessSeriesData& s : series)
        n = std::max(n, int(s.data.size()));
    return n;
}

ChartData stickinessChart(const StickinessData& data)
{
    ChartData chart;
    chart.axis = AxisKind::Category;
    chart.xTitle = data.cumulative ? QStringLiteral("Active on this many %1s or more").arg(data.interval)
                                   : QStringLiteral("Active on exactly this many %1s").arg(data.interval);
    const int rows = data.rows();
    for (int r = 0; r < rows; ++r) {
        chart.categories << rowLabel(data, r);
        chart.x << double(r);
    }
    chart.totalRows = rows;
    for (const StickinessSeriesData& s : data.series) {
        ChartSeriesData series;
        series.name = s.label;
        for (int r = 0; r < rows; ++r)
            series.values << (r < s.data.size() ? double(s.data[r])
                                                : std::numeric_limits<double>::quiet_NaN());
        chart.series << series;
    }
    return chart;
}

StickinessModel::StickinessModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void StickinessModel::setStickiness(StickinessData data)
{
    beginResetModel();
    m_data = std::move(data);
    m_rows = m_data.rows();
    endResetModel();
}

int StickinessModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : m_rows;
}

int StickinessModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : 1 + int(m_data.series.size());
}

QVariant StickinessModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const int row = index.row();
    const int s = index.column() - 1;
    const StickinessSeriesData* series = s >= 0 ? &m_data.series[s] : nullptr;
    const bool known = series != nullptr && row < series->data.size();
    switch (role) {
    case Qt::DisplayRole:
        if (!series)
            return rowLabel(m_data, row);
        return known ? QLocale().toString(series->data[row]) : QString();
    case Qt::TextAlignmentRole:
        return series ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                      : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        return series ? cellDescription(s, row) : QVariant();
    case CountRole:
        return known ? QVariant(series->data[row]) : QVariant();
    case DaysRole:
        return rowDays(m_data, row);
    case SeriesRole:
        return s;
    case PercentRole:
        if (!known || series->count <= 0)
            return QVariant();
        return 100.0 * double(series->data[row]) / double(series->count);
    default:
        return QVariant();
    }
}

QVariant StickinessModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || section < 0 || section >= columnCount())
        return QVariant();
    if (role == Qt::DisplayRole)
        return section == 0 ? QStringLiteral("Active on") : m_data.series[section - 1].label;
    if (role == Qt::ToolTipRole && section > 0)
        return QStringLiteral("Persons who did %1, by the number of %2s on which they did it (%3 in all).")
            .arg(m_data.series[section - 1].label, m_data.interval,
                 QLocale().toString(m_data.series[section - 1].count));
    return QVariant();
}

QString StickinessModel::cellDescription(int series, int row) const
{
    if (series < 0 || series >= m_data.series.size() || row < 0 || row >= m_data.series[series].data.size())
        return QString();
    const StickinessSeriesData& s = m_data.series[series];
    const qint64 count = s.data[row];
    const int n = rowDays(m_data, row);
    const QLocale locale;
    const QString unit = n == 1 ? m_data.interval : m_data.interval + QLatin1Char('s');
    const QString share = s.count > 0
                              ? QStringLiteral(" (%1% of the %2 persons who did it at all)")
                                    .arg(QString::number(100.0 * double(count) / double(s.count), 'f', 1),
                                         locale.toString(s.count))
                              : QString();
    return QStringLiteral("%1 %2 did %3 on %4 %5 %6 of the date range%7.")
        .arg(locale.toString(count), count == 1 ? QStringLiteral("person") : QStringLiteral("persons"),
             s.label, m_data.cumulative ? QStringLiteral("at least") : QStringLiteral("exactly"))
        .arg(n)
        .arg(unit, share);
}

} // namespace hogscope::model
