#include "retention_tab.h"

#include "date_range_edit.h"
#include "event_picker.h"
#include "insight_runner.h"
#include "retention_grid_view.h"

#include "ui/charts/qt_chart_adapter.h"

#include "api/insight_results.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QSpinBox>
#include <QSplitter>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace hogscope::ui {

namespace {

QJsonObject entity(const QString& event)
{
    return QJsonObject{{QStringLiteral("id"), event},
                       {QStringLiteral("name"), event},
                       {QStringLiteral("type"), QStringLiteral("events")}};
}

QString entityName(const QJsonValue& value)
{
    const QJsonObject object = value.toObject();
    const QString id = object.value(QStringLiteral("id")).toVariant().toString();
    if (!id.isEmpty())
        return id;
    return object.value(QStringLiteral("name")).toString(QStringLiteral("$pageview"));
}

QLabel* label(const QString& text, QWidget* parent)
{
    return new QLabel(text, parent);
}

} // namespace

model::RetentionGrid retentionGridFrom(const api::RetentionResult& result, const QJsonObject& query)
{
    const QJsonObject filter = query.value(QStringLiteral("retentionFilter")).toObject();
    model::RetentionGrid grid;
    grid.period = filter.value(QStringLiteral("period")).toString(QStringLiteral("Day"));
    const QJsonValue target = filter.value(QStringLiteral("targetEntity"));
    const QJsonValue returning = filter.value(QStringLiteral("returningEntity"));
    grid.targetEvent = target.isObject() ? entityName(target) : QStringLiteral("$pageview");
    grid.returningEvent = returning.isObject() ? entityName(returning) : QStringLiteral("$pageview");
    grid.firstTime = filter.value(QStringLiteral("retentionType")).toString() == u"retention_first_time";
    for (const api::RetentionCohort& cohort : result.cohorts) {
        model::RetentionCohortRow row;
        row.date = cohort.date;
        row.label = cohort.label;
        // "Day 3": the cohort's index in the range, also when breakdown rows repeat the cohorts.
        bool ok = false;
        const int index = cohort.label.section(QLatin1Char(' '), -1).toInt(&ok);
        row.index = ok ? index : int(grid.cohorts.size());
        row.breakdown = cohort.breakdownValue;
        for (const api::RetentionValue& value : cohort.values)
            row.counts << value.count;
        grid.cohorts << row;
    }
    return grid;
}

model::ChartData retentionCurveChart(const model::RetentionGrid& grid, const QList<int>& cohorts,
                                     model::RetentionMean mean)
{
    model::ChartData data = model::retentionCurve(grid, cohorts, mean);
    // The adapter spaces 5 ticks evenly over [first x, last x] and prints them as integers: with a
    // span that is a multiple of 4 every tick is a whole period, so no label is rounded.
    while (!data.x.isEmpty() && int(data.x.back()) % 4 != 0) {
        const double next = data.x.back() + 1;
        data.x << next;
        data.categories << QStringLiteral("%1 %2").arg(grid.period).arg(int(next));
        for (model::ChartSeriesData& series : data.series)
            series.values << std::nan("");
    }
    return data;
}

RetentionTab::RetentionTab(QWidget* parent)
    : InsightTab(parent)
    , m_target(new EventPicker(this))
    , m_returning(new EventPicker(this))
    , m_type(new QComboBox(this))
    , m_period(new QComboBox(this))
    , m_intervals(new QSpinBox(this))
    , m_display(new QComboBox(this))
    , m_mean(new QComboBox(this))
    , m_cohorts(new QToolButton(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_grid(new RetentionGridView(m_splitter))
    , m_model(new model::RetentionGridModel(this))
{
    setObjectName(QStringLiteral("retentionTab"));
    m_target->setObjectName(QStringLiteral("retentionTarget"));
    m_returning->setObjectName(QStringLiteral("retentionReturning"));
    m_type->addItem(tr("for the first time"), QStringLiteral("retention_first_time"));
    m_type->addItem(tr("in that period (recurring)"), QStringLiteral("retention_recurring"));
    m_type->setCurrentIndex(1);
    m_type->setToolTip(tr("First time: a person is in the cohort of their first-ever target event only.\n"
                          "Recurring: a person is in the cohort of every period in which they did it."));
    for (const char* period : {"Day", "Week", "Month"})
        m_period->addItem(tr(period), QString::fromLatin1(period));
    m_intervals->setRange(2, 60);
    m_intervals->setValue(8);
    m_intervals->setToolTip(tr("Values per cohort: period 0 (the cohort itself) and the periods after it"));
    m_display->addItem(tr("% of cohort"), int(model::RetentionGridModel::Display::Percent));
    m_display->addItem(tr("Persons"), int(model::RetentionGridModel::Display::Count));
    m_mean->addItem(tr("Weighted mean"), int(model::RetentionMean::Weighted));
    m_mean->addItem(tr("Simple mean"), int(model::RetentionMean::Simple));
    m_mean->setToolTip(tr("Weighted: persons retained over persons in the cohorts.\n"
                          "Simple: the average of the cohorts' percentages."));
    m_cohorts->setText(tr("Cohorts on the curve"));
    m_cohorts->setPopupMode(QToolButton::InstantPopup);
    m_cohorts->setMenu(new QMenu(m_cohorts));

    auto* row1 = new QHBoxLayout;
    row1->addWidget(label(tr("Persons who did"), this));
    row1->addWidget(m_target);
    row1->addWidget(m_type);
    row1->addStretch(1);
    auto* row2 = new QHBoxLayout;
    row2->addWidget(label(tr("and came back to do"), this));
    row2->addWidget(m_returning);
    row2->addWidget(label(tr("— cohorts by"), this));
    row2->addWidget(m_period);
    row2->addWidget(label(tr("with"), this));
    row2->addWidget(m_intervals);
    auto* intervalsHint = label(QString(), this);
    intervalsHint->setForegroundRole(QPalette::PlaceholderText);
    row2->addWidget(intervalsHint);
    row2->addStretch(1);
    formLayout()->addLayout(row1);
    formLayout()->addLayout(row2);
    auto updateHint = [this, intervalsHint] {
        const QString period = m_period->currentData().toString();
        intervalsHint->setText(tr("values each (%1 0 – %1 %2)").arg(period).arg(m_intervals->value() - 1));
    };
    updateHint();

    QHBoxLayout* shared = sharedRow();
    const int at = shared->count() - 3; // before Run, Cancel, Export
    shared->insertWidget(at, label(tr("Show:"), this));
    shared->insertWidget(at + 1, m_display);
    shared->insertWidget(at + 2, m_mean);
    shared->insertWidget(at + 3, m_cohorts);

    m_grid->setModel(m_model);
    m_curve = std::make_unique<QtChartAdapter>(m_splitter);
    m_curve->widget()->setObjectName(QStringLiteral("retentionCurve"));
    m_curve->widget()->setMinimumHeight(180);
    m_splitter->addWidget(m_grid);
    m_splitter->addWidget(m_curve->widget());
    m_splitter->setChildrenCollapsible(false);
    m_grid->setMinimumHeight(120);
    m_curve->widget()->setMinimumHeight(260);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 2);
    m_splitter->setSizes({420, 320});
    contentLayout()->addWidget(m_splitter);

    for (EventPicker* picker : {m_target, m_returning})
        connect(picker, &EventPicker::eventChanged, this, &RetentionTab::formChanged);
    connect(m_type, &QComboBox::currentIndexChanged, this, &RetentionTab::formChanged);
    connect(m_period, &QComboBox::currentIndexChanged, this, [this, updateHint] {
        updateHint();
        formChanged();
    });
    connect(m_intervals, &QSpinBox::valueChanged, this, [this, updateHint] {
        updateHint();
        formChanged();
    });
    connect(m_display, &QComboBox::currentIndexChanged, this, [this] {
        m_model->setDisplay(
            static_cast<model::RetentionGridModel::Display>(m_display->currentData().toInt()));
    });
    connect(m_mean, &QComboBox::currentIndexChanged, this, &RetentionTab::redrawCurve);
    connect(m_grid, &RetentionGridView::cellActivated, this, &RetentionTab::activateCell);
    m_base = buildQuery();
    redrawCurve();
}

RetentionTab::~RetentionTab() = default;

void RetentionTab::definitionsChanged()
{
    m_target->setDefinitions(definitions());
    m_returning->setDefinitions(definitions());
}

QJsonObject RetentionTab::buildQuery() const
{
    QJsonObject query = m_base;
    query.insert(QStringLiteral("kind"), QStringLiteral("RetentionQuery"));
    query.insert(QStringLiteral("dateRange"), dateRangeEdit()->dateRange());
    QJsonObject filter = query.value(QStringLiteral("retentionFilter")).toObject();
    filter.insert(QStringLiteral("targetEntity"), entity(m_target->event()));
    filter.insert(QStringLiteral("returningEntity"), entity(m_returning->event()));
    filter.insert(QStringLiteral("retentionType"), m_type->currentData().toString());
    filter.insert(QStringLiteral("period"), m_period->currentData().toString());
    filter.insert(QStringLiteral("totalIntervals"), m_intervals->value());
    query.insert(QStringLiteral("retentionFilter"), filter);
    return query;
}

void RetentionTab::setQuery(const QJsonObject& query)
{
    m_base = query;
    const QJsonObject filter = query.value(QStringLiteral("retentionFilter")).toObject();
    const QSignalBlocker blockers[] = {QSignalBlocker(m_type), QSignalBlocker(m_period),
                                       QSignalBlocker(m_intervals)};
    if (filter.value(QStringLiteral("targetEntity")).isObject())
        m_target->setEvent(entityName(filter.value(QStringLiteral("targetEntity"))));
    if (filter.value(QStringLiteral("returningEntity")).isObject())
        m_returning->setEvent(entityName(filter.value(QStringLiteral("returningEntity"))));
    const int type = m_type->findData(filter.value(QStringLiteral("retentionType")).toString());
    if (type >= 0)
        m_type->setCurrentIndex(type);
    const int period =
        m_period->findData(filter.value(QStringLiteral("period")).toString(QStringLiteral("Day")));
    if (period >= 0)
        m_period->setCurrentIndex(period);
    m_intervals->setValue(filter.value(QStringLiteral("totalIntervals")).toInt(8));
    if (query.value(QStringLiteral("dateRange")).isObject())
        dateRangeEdit()->setDateRange(query.value(QStringLiteral("dateRange")).toObject());
}

void RetentionTab::applyBody(const QByteArray& body, quint64 generation)
{
    using Response = api::InsightResponse<api::RetentionResult>;
    decodeInBackground<Response>(
        this, body, &api::decodeRetentionResponse, [this, generation](const Response& response) {
            if (!isCurrent(generation))
                return;
            if (response.outcome != Response::Outcome::Completed) {
                showDecodeError(generation, response.error.message);
                return;
            }
            // The query that ran, not the form (it may have moved on while the query ran).
            m_model->setGrid(retentionGridFrom(response.result, runningQuery()));
            QList<int> kept;
            for (int s : std::as_const(m_curveCohorts)) {
                if (s < m_model->rowCount())
                    kept << s;
            }
            m_curveCohorts = kept;
            rebuildCohortMenu();
            redrawCurve();
            fitGrid();
            qint64 largest = 0;
            bool any = false;
            for (const model::RetentionCohortRow& row : m_model->grid().cohorts) {
                largest = std::max(largest, row.counts.value(0));
                any = any || row.counts.value(0) > 0;
            }
            const QList<double> mean = model::meanRetention(m_model->grid(), model::RetentionMean::Weighted);
            const QLocale locale;
            QString summary = tr("%n cohort(s), the largest of %1 persons", nullptr, m_model->rowCount())
                                  .arg(locale.toString(largest));
            if (mean.size() > 1 && !std::isnan(mean[1]))
                summary += tr(" · %1 1: %2% came back (weighted mean)")
                               .arg(m_model->grid().period, QString::number(mean[1], 'f', 1));
            summary += tr(" · click a cell for its persons");
            showResult(generation, !any, summary);
        });
}

void RetentionTab::fitGrid()
{
    QHeaderView* header = m_grid->horizontalHeader();
    header->resizeSection(model::RetentionGridModel::kLabelColumn, 150);
    header->resizeSection(model::RetentionGridModel::kSizeColumn, 70);
    // Period columns share the width when they fit at a readable size, else they scroll.
    const int periods = m_model->columnCount() - model::RetentionGridModel::kFirstIntervalColumn;
    const int room = m_grid->viewport()->width() - 150 - 70;
    const int width = periods > 0 ? std::clamp(room / periods, 60, 110) : 60;
    for (int k = 0; k < periods; ++k)
        header->resizeSection(model::RetentionGridModel::kFirstIntervalColumn + k, width);
    // The grid as tall as its rows (within reason), the curve below gets the rest.
    const int gridHeight = header->height() +
                           m_model->rowCount() * m_grid->verticalHeader()->defaultSectionSize() +
                           2 * m_grid->frameWidth() + 4;
    const int total = m_splitter->height();
    if (total > 0) {
        const int grid = std::clamp(gridHeight, 120, std::max(120, total - 280));
        m_splitter->setSizes({grid, total - grid});
    }
}

void RetentionTab::resizeEvent(QResizeEvent* event)
{
    InsightTab::resizeEvent(event);
    if (m_model->rowCount() > 0)
        fitGrid();
}

void RetentionTab::activateCell(int cohort, int interval)
{
    const model::RetentionGrid& grid = m_model->grid();
    if (cohort < 0 || cohort >= grid.cohorts.size())
        return;
    const model::RetentionCohortRow& row = grid.cohorts[cohort];
    const QLocale locale;
    const qint64 size = row.counts.value(0);
    QString title = tr("Cohort of %1 (%2): %3 persons who did %4")
                        .arg(grid.dateText(row.date), row.label, locale.toString(size), grid.targetEvent);
    if (interval > 0 && interval < row.counts.size() && !grid.isFuture(cohort, interval))
        title += tr("; %1 of them came back to do %2 in %3 %4")
                     .arg(locale.toString(row.counts[interval]), grid.returningEvent, grid.period)
                     .arg(interval);
    // PostHog's retention drill-down: the cohort is the `interval`; each person's `appearances` say
    // in which periods they came back.
    QJsonObject fields{{QStringLiteral("interval"), row.index}};
    if (!row.breakdown.isNull() && !row.breakdown.isUndefined())
        fields.insert(QStringLiteral("breakdown"), row.breakdown);
    requestActors(fields, title);
}

void RetentionTab::setCurveCohorts(const QList<int>& cohorts)
{
    m_curveCohorts = cohorts;
    rebuildCohortMenu();
    redrawCurve();
}

void RetentionTab::rebuildCohortMenu()
{
    QMenu* menu = m_cohorts->menu();
    menu->clear();
    const model::RetentionGrid& grid = m_model->grid();
    for (int s = 0; s < grid.cohorts.size(); ++s) {
        QAction* action = menu->addAction(tr("%1 (%2 persons)")
                                              .arg(grid.dateText(grid.cohorts[s].date))
                                              .arg(QLocale().toString(grid.cohorts[s].counts.value(0))));
        action->setCheckable(true);
        action->setChecked(m_curveCohorts.contains(s));
        connect(action, &QAction::toggled, this, [this, s](bool on) {
            if (on && !m_curveCohorts.contains(s))
                m_curveCohorts << s;
            else if (!on)
                m_curveCohorts.removeAll(s);
            std::sort(m_curveCohorts.begin(), m_curveCohorts.end());
            redrawCurve();
        });
    }
    m_cohorts->setEnabled(!grid.cohorts.isEmpty());
}

void RetentionTab::redrawCurve()
{
    const auto mean = static_cast<model::RetentionMean>(m_mean->currentData().toInt());
    m_curve->setChart(
        retentionCurveChart(m_model->grid(), m_curveCohorts, mean), model::ChartKind::Line,
        tr("Retention curve: % of the cohort counted in each %1").arg(m_model->grid().period.toLower()));
}

QList<InsightExportTarget> RetentionTab::exportTargets() const
{
    const model::RetentionGrid& grid = m_model->grid();
    const QString subtitle =
        tr("Persons who did %1%2, and the share of them who came back to do %3 in each %4 after.")
            .arg(grid.targetEvent, grid.firstTime ? tr(" for the first time") : QString(),
                 grid.returningEvent, grid.period.toLower());
    model::RetentionGridModel* gridModel = m_model;
    QtChartAdapter* curve = m_curve.get();
    const QString gridTitle = tr("Retention by %1 cohort").arg(grid.period.toLower());
    InsightExportTarget heatmap{tr("Retention grid"),
                                [gridModel, gridTitle, subtitle](QPainter& painter, const QRectF& target) {
                                    paintRetentionGrid(painter, target, *gridModel, gridTitle, subtitle);
                                },
                                QSize(1200, std::clamp(140 + 30 * gridModel->rowCount(), 400, 1600))};
    InsightExportTarget line{tr("Retention curve"), [curve](QPainter& painter, const QRectF& target) {
                                 curve->render(painter, target);
                             }};
    return {heatmap, line};
}

} // namespace hogscope::ui
