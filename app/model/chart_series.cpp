#include "chart_series.h"

#include "result_table_model.h"

#include <QAbstractItemModel>
#include <QDate>
#include <QDateTime>
#include <QVariant>

#include <algorithm>
#include <cmath>
#include <limits>

namespace hogscope::model {

namespace {

constexpr int kTypeSample = 50; // rows looked at to decide what a column holds

QVariant cellValue(const QAbstractItemModel& model, int row, int column)
{
    const QModelIndex index = model.index(row, column);
    const QVariant raw = model.data(index, ResultTableModel::RawValueRole);
    return raw.isValid() || model.data(index, ResultTableModel::IsNullRole).toBool()
               ? raw
               : model.data(index, Qt::DisplayRole);
}

bool isNumber(const QVariant& v)
{
    switch (v.typeId()) {
    case QMetaType::Int:
    case QMetaType::UInt:
    case QMetaType::LongLong:
    case QMetaType::ULongLong:
    case QMetaType::Double:
    case QMetaType::Float:
    case QMetaType::Bool:
        return true;
    default:
        return false;
    }
}

bool isTime(const QVariant& v)
{
    return v.typeId() == QMetaType::QDateTime || v.typeId() == QMetaType::QDate;
}

double toNumber(const QVariant& v)
{
    if (!v.isValid())
        return std::numeric_limits<double>::quiet_NaN();
    if (isNumber(v))
        return v.toDouble();
    if (v.typeId() == QMetaType::QDateTime)
        return static_cast<double>(v.toDateTime().toMSecsSinceEpoch());
    if (v.typeId() == QMetaType::QDate)
        return static_cast<double>(v.toDate().startOfDay(Qt::UTC).toMSecsSinceEpoch());
    bool ok = false;
    const double d = v.toString().toDouble(&ok);
    return ok ? d : std::numeric_limits<double>::quiet_NaN();
}

AxisKind columnAxis(const QAbstractItemModel& model, int column)
{
    const int rows = std::min(model.rowCount(), kTypeSample);
    bool sawTime = false;
    bool sawNumber = false;
    for (int r = 0; r < rows; ++r) {
        const QVariant v = cellValue(model, r, column);
        if (!v.isValid())
            continue;
        if (isTime(v))
            sawTime = true;
        else if (isNumber(v))
            sawNumber = true;
        else
            return AxisKind::Category;
    }
    if (sawTime && !sawNumber)
        return AxisKind::DateTime;
    if (sawNumber && !sawTime)
        return AxisKind::Number;
    return AxisKind::Category;
}

} // namespace

QString chartKindName(ChartKind kind)
{
    switch (kind) {
    case ChartKind::Line:
        return QStringLiteral("line");
    case ChartKind::Bar:
        return QStringLiteral("bar");
    case ChartKind::StackedBar:
        return QStringLiteral("stacked-bar");
    case ChartKind::HorizontalBar:
        return QStringLiteral("horizontal-bar");
    case ChartKind::Area:
        return QStringLiteral("area");
    case ChartKind::Pie:
        return QStringLiteral("pie");
    case ChartKind::Scatter:
        return QStringLiteral("scatter");
    }
    return QStringLiteral("line");
}

QList<ChartKind> allChartKinds()
{
    return {ChartKind::Line, ChartKind::Bar, ChartKind::StackedBar, ChartKind::HorizontalBar,
            ChartKind::Area, ChartKind::Pie, ChartKind::Scatter};
}

bool chartKindFromName(const QString& name, ChartKind& kind)
{
    for (ChartKind k : allChartKinds()) {
        if (chartKindName(k) == name) {
            kind = k;
            return true;
        }
    }
    return false;
}

bool isNumericColumn(const QAbstractItemModel& model, int column)
{
    return columnAxis(model, column) == AxisKind::Number;
}

ChartSpec suggestChartSpec(const QAbstractItemModel& model)
{
    ChartSpec spec;
    const int columns = model.columnCount();
    int firstTime = -1;
    int firstText = -1;
    QList<int> numeric;
    for (int c = 0; c < columns; ++c) {
        switch (columnAxis(model, c)) {
        case AxisKind::DateTime:
            if (firstTime < 0)
                firstTime = c;
            break;
        case AxisKind::Category:
            if (firstText < 0)
                firstText = c;
            break;
        case AxisKind::Number:
            numeric.push_back(c);
            break;
        }
    }
    spec.xColumn = firstTime >= 0 ? firstTime : firstText >= 0 ? firstText : 0;
    for (int c : numeric) {
        if (c != spec.xColumn)
            spec.seriesColumns.push_back(c);
    }
    spec.kind = firstTime >= 0 ? ChartKind::Line : ChartKind::Bar;
    return spec;
}

ChartData extractChartData(const QAbstractItemModel& model, const ChartSpec& spec)
{
    ChartData data;
    const int columns = model.columnCount();
    // A result grid loads its rows into views in chunks: count them all.
    const auto* results = qobject_cast<const ResultTableModel*>(&model);
    data.totalRows = results ? results->shownRowCount() : model.rowCount();
    if (spec.xColumn < 0 || spec.xColumn >= columns)
        return data;
    const int rows = std::min({data.totalRows, std::max(spec.maxPoints, 1), model.rowCount()});
    data.truncated = rows < data.totalRows;
    data.axis = columnAxis(model, spec.xColumn);
    data.xTitle = model.headerData(spec.xColumn, Qt::Horizontal, Qt::DisplayRole).toString();
    data.x.reserve(rows);
    data.categories.reserve(rows);
    for (int r = 0; r < rows; ++r) {
        const QVariant v = cellValue(model, r, spec.xColumn);
        data.categories.push_back(v.isValid()
                                      ? model.data(model.index(r, spec.xColumn), Qt::DisplayRole).toString()
                                      : QStringLiteral("(null)"));
        data.x.push_back(data.axis == AxisKind::Category ? r : toNumber(v));
    }
    for (int c : spec.seriesColumns) {
        if (c < 0 || c >= columns || c == spec.xColumn)
            continue;
        ChartSeriesData s;
        s.name = model.headerData(c, Qt::Horizontal, Qt::DisplayRole).toString();
        s.values.reserve(rows);
        for (int r = 0; r < rows; ++r)
            s.values.push_back(toNumber(cellValue(model, r, c)));
        data.series.push_back(std::move(s));
    }
    return data;
}

} // namespace hogscope::model
