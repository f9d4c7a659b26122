#pragma once

// Chart data from any table model (QtCore only): which column is the x axis, which columns are
// series, what kind of chart; and the extraction of those values, bounded so a 500k-row result
// never turns into 500k chart points. The widgets (ui/charts) draw it; this layer decides what.

#include <QList>
#include <QString>
#include <QStringList>

class QAbstractItemModel;

namespace hogscope::model {

enum class ChartKind
{
    Line,
    Bar,
    StackedBar,
    HorizontalBar,
    Area,
    Pie,
    Scatter,
};

// Name shown in the chart-kind chooser, and the inverse (for settings and the command line).
QString chartKindName(ChartKind kind);
bool chartKindFromName(const QString& name, ChartKind& kind);
QList<ChartKind> allChartKinds();

struct ChartSpec
{
    ChartKind kind = ChartKind::Line;
    int xColumn = 0;          // the category / x axis column
    QList<int> seriesColumns; // numeric columns drawn as series
    int maxPoints = 5000;     // rows beyond this are left out (and reported)
};

// What the x axis holds, from the x column's values.
enum class AxisKind
{
    Category, // strings: bars and pies, or evenly spaced points
    Number,
    DateTime, // ms since epoch, UTC
};

struct ChartSeriesData
{
    QString name;
    QList<double> values; // one per point; NaN where the cell is NULL or not a number
};

struct ChartData
{
    AxisKind axis = AxisKind::Category;
    QString xTitle;
    QStringList categories; // labels of the x values (always filled, for tooltips and categories)
    QList<double> x;        // numeric x (Number: the value; DateTime: ms since epoch; Category: index)
    QList<ChartSeriesData> series;
    int totalRows = 0;      // rows in the model
    bool truncated = false; // totalRows > points drawn

    bool isEmpty() const { return x.isEmpty() || series.isEmpty(); }
};

// A first guess for a result: x = the first date/time column, else the first text column, else column
// 0; series = the numeric columns other than x; kind = Line over time, Bar over categories.
ChartSpec suggestChartSpec(const QAbstractItemModel& model);

// True when column `column` holds numbers (by its first non-null values).
bool isNumericColumn(const QAbstractItemModel& model, int column);

// Reads the values `spec` names out of `model` (RawValueRole where the model has it, else display).
// Throws nothing; columns out of range are skipped.
ChartData extractChartData(const QAbstractItemModel& model, const ChartSpec& spec);

} // namespace hogscope::model
