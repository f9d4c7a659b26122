#include "stickiness_tab.h"

#include "bar_chart_view.h"
#include "date_range_edit.h"
#include "event_picker.h"
#include "insight_runner.h"

#include "api/insight_results.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QSplitter>
#include <QTableView>
#include <QToolButton>
#include <QVBoxLayout>

namespace hogscope::ui {

namespace {

constexpr int kMaxSeries = 6;

QString seriesEvent(const QJsonObject& node)
{
    const QString event = node.value(QStringLiteral("event")).toString();
    return event.isEmpty() ? node.value(QStringLiteral("name")).toString(QStringLiteral("$pageview")) : event;
}

} // namespace

model::StickinessData stickinessDataFrom(const api::StickinessResult& result, const QJsonObject& query)
{
    model::StickinessData data;
    data.interval = query.value(QStringLiteral("interval")).toString(QStringLiteral("day"));
    data.cumulative = query.value(QStringLiteral("stickinessFilter"))
                          .toObject()
                          .value(QStringLiteral("computedAs"))
                          .toString() == u"cumulative";
    for (const api::StickinessSeries& s : result.series) {
        model::StickinessSeriesData series;
        series.label = s.action.customName.isEmpty() ? s.label : s.action.customName;
        series.count = s.count;
        for (qint64 v : s.data)
            series.data << v;
        for (int d : s.days)
            series.days << d;
        series.labels = s.labels;
        data.series << series;
    }
    return data;
}

StickinessTab::StickinessTab(QWidget* parent)
    : InsightTab(parent)
    , m_seriesLayout(new QVBoxLayout)
    , m_addSeries(new QToolButton(this))
    , m_interval(new QComboBox(this))
    , m_computed(new QComboBox(this))
    , m_splitter(new QSplitter(Qt::Horizontal, this))
    , m_chart(new BarChartView(m_splitter))
    , m_table(new QTableView(m_splitter))
    , m_model(new model::StickinessModel(this))
{
    setObjectName(QStringLiteral("stickinessTab"));
    m_seriesLayout->setSpacing(2);
    m_addSeries->setText(tr("+ Add series"));
    m_addSeries->setObjectName(QStringLiteral("stickinessAddSeries"));
    m_addSeries->setToolTip(tr("Compare another event (up to %1)").arg(kMaxSeries));
    for (const char* interval : {"day", "week", "month"})
        m_interval->addItem(tr(interval) + QLatin1Char('s'), QString::fromLatin1(interval));
    m_computed->addItem(tr("on exactly N"), QStringLiteral("non_cumulative"));
    m_computed->addItem(tr("on N or more"), QStringLiteral("cumulative"));
    m_computed->setToolTip(tr("Count each person in the bar of their number of active intervals, or in every "
                              "bar up to it"));

    auto* seriesBox = new QHBoxLayout;
    auto* seriesLabel = new QLabel(tr("Persons who did"), this);
    seriesBox->addWidget(seriesLabel, 0, Qt::AlignTop);
    seriesBox->addLayout(m_seriesLayout);
    seriesBox->addWidget(m_addSeries, 0, Qt::AlignTop);
    seriesBox->addStretch(1);
    auto* row2 = new QHBoxLayout;
    row2->addWidget(new QLabel(tr("counted by how many"), this));
    row2->addWidget(m_interval);
    row2->addWidget(new QLabel(tr("they did it on:"), this));
    row2->addWidget(m_computed);
    row2->addStretch(1);
    formLayout()->addLayout(seriesBox);
    formLayout()->addLayout(row2);
    addSeriesRow(QStringLiteral("$pageview"));

    m_chart->setObjectName(QStringLiteral("stickinessChart"));
    m_table->setObjectName(QStringLiteral("stickinessTable"));
    m_table->setModel(m_model);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionMode(QAbstractItemView::NoSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(24);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_splitter->addWidget(m_chart);
    m_splitter->addWidget(m_table);
    m_splitter->setStretchFactor(0, 3);
    m_splitter->setStretchFactor(1, 1);
    contentLayout()->addWidget(m_splitter);

    m_chart->setToolTipProvider([this](int series, int index) {
        return m_model->cellDescription(series, index) + tr("\nClick for the persons.");
    });
    connect(m_chart, &BarChartView::barClicked, this, &StickinessTab::activateBar);
    connect(m_table, &QTableView::clicked, this, [this](const QModelIndex& index) {
        const int series = index.data(model::StickinessModel::SeriesRole).toInt();
        if (series >= 0)
            activateBar(series, index.row());
    });
    connect(m_addSeries, &QToolButton::clicked, this, [this] {
        addSeriesRow(QStringLiteral("$pageview"));
        formChanged();
    });
    connect(m_interval, &QComboBox::currentIndexChanged, this, &StickinessTab::formChanged);
    connect(m_computed, &QComboBox::currentIndexChanged, this, &StickinessTab::formChanged);
    m_base = buildQuery();
    m_chart->setData({}, chartTitle(), tr("Persons"));
}

EventPicker* StickinessTab::addSeriesRow(const QString& event)
{
    auto* row = new QWidget(this);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* swatch = new QLabel(row);
    swatch->setFixedSize(10, 10);
    swatch->setStyleSheet(QStringLiteral("background:%1; border-radius:2px;")
                              .arg(BarChartPainter::seriesColor(int(m_pickers.size())).name()));
    auto* picker = new EventPicker(row);
    picker->setObjectName(QStringLiteral("stickinessEvent%1").arg(m_pickers.size()));
    picker->setDefinitions(definitions());
    picker->setEvent(event);
    auto* remove = new QToolButton(row);
    remove->setText(QStringLiteral("×"));
    remove->setToolTip(tr("Remove this series"));
    layout->addWidget(swatch);
    layout->addWidget(picker);
    layout->addWidget(remove);
    m_seriesLayout->addWidget(row);
    m_pickers << picker;
    connect(picker, &EventPicker::eventChanged, this, &StickinessTab::formChanged);
    connect(remove, &QToolButton::clicked, this, [this, row] {
        removeSeriesRow(row);
        formChanged();
    });
    const bool several = m_pickers.size() > 1;
    for (EventPicker* p : std::as_const(m_pickers))
        p->parentWidget()->findChild<QToolButton*>()->setEnabled(several);
    m_addSeries->setEnabled(m_pickers.size() < kMaxSeries);
    return picker;
}

void StickinessTab::removeSeriesRow(QWidget* row)
{
    if (m_pickers.size() <= 1)
        return;
    for (qsizetype i = 0; i < m_pickers.size(); ++i) {
        if (m_pickers[i]->parentWidget() == row) {
            m_pickers.removeAt(i);
            break;
        }
    }
    row->deleteLater();
    row->hide();
    const bool several = m_pickers.size() > 1;
    for (EventPicker* p : std::as_const(m_pickers))
        p->parentWidget()->findChild<QToolButton*>()->setEnabled(several);
    m_addSeries->setEnabled(true);
}

void StickinessTab::definitionsChanged()
{
    for (EventPicker* picker : std::as_const(m_pickers))
        picker->setDefinitions(definitions());
}

QStringList StickinessTab::events() const
{
    QStringList events;
    for (const EventPicker* picker : m_pickers)
        events << picker->event();
    return events;
}

void StickinessTab::setEvents(const QStringList& events)
{
    while (m_pickers.size() > 1)
        removeSeriesRow(m_pickers.back()->parentWidget());
    for (qsizetype i = 0; i < events.size() && i < kMaxSeries; ++i) {
        if (i == 0)
            m_pickers.front()->setEvent(events[i]);
        else
            addSeriesRow(events[i]);
    }
    formChanged();
}

QJsonObject StickinessTab::buildQuery() const
{
    QJsonObject query = m_base;
    query.insert(QStringLiteral("kind"), QStringLiteral("StickinessQuery"));
    QJsonArray series;
    for (const QString& event : events())
        series.append(QJsonObject{{QStringLiteral("kind"), QStringLiteral("EventsNode")},
                                  {QStringLiteral("event"), event},
                                  {QStringLiteral("name"), event}});
    query.insert(QStringLiteral("series"), series);
    query.insert(QStringLiteral("interval"), m_interval->currentData().toString());
    query.insert(QStringLiteral("dateRange"), dateRangeEdit()->dateRange());
    QJsonObject filter = query.value(QStringLiteral("stickinessFilter")).toObject();
    filter.insert(QStringLiteral("computedAs"), m_computed->currentData().toString());
    query.insert(QStringLiteral("stickinessFilter"), filter);
    return query;
}

void StickinessTab::setQuery(const QJsonObject& query)
{
    m_base = query;
    QStringList names;
    for (const QJsonValue& node : query.value(QStringLiteral("series")).toArray())
        names << seriesEvent(node.toObject());
    const QSignalBlocker blockInterval(m_interval);
    const QSignalBlocker blockComputed(m_computed);
    const int interval =
        m_interval->findData(query.value(QStringLiteral("interval")).toString(QStringLiteral("day")));
    if (interval >= 0)
        m_interval->setCurrentIndex(interval);
    const int computed = m_computed->findData(query.value(QStringLiteral("stickinessFilter"))
                                                  .toObject()
                                                  .value(QStringLiteral("computedAs"))
                                                  .toString(QStringLiteral("non_cumulative")));
    if (computed >= 0)
        m_computed->setCurrentIndex(computed);
    if (query.value(QStringLiteral("dateRange")).isObject())
        dateRangeEdit()->setDateRange(query.value(QStringLiteral("dateRange")).toObject());
    if (!names.isEmpty())
        setEvents(names);
}

QString StickinessTab::chartTitle() const
{
    const model::StickinessData& data = m_model->stickiness();
    return data.cumulative ? tr("Persons by number of active %1s, or more").arg(data.interval)
                           : tr("Persons by number of active %1s").arg(data.interval);
}

void StickinessTab::applyBody(const QByteArray& body, quint64 generation)
{
    using Response = api::InsightResponse<api::StickinessResult>;
    decodeInBackground<Response>(
        this, body, &api::decodeStickinessResponse, [this, generation](const Response& response) {
            if (!isCurrent(generation))
                return;
            if (response.outcome != Response::Outcome::Completed) {
                showDecodeError(generation, response.error.message);
                return;
            }
            m_model->setStickiness(stickinessDataFrom(response.result, runningQuery()));
            m_chart->setData(model::stickinessChart(m_model->stickiness()), chartTitle(), tr("Persons"));
            m_table->resizeColumnToContents(0);
            const QLocale locale;
            QStringList parts;
            qint64 total = 0;
            for (const model::StickinessSeriesData& s : m_model->stickiness().series) {
                parts << tr("%1: %2 persons").arg(s.label, locale.toString(s.count));
                total += s.count;
            }
            showResult(generation, total == 0,
                       parts.join(QStringLiteral(" · ")) + tr(" · click a bar for its persons"));
        });
}

void StickinessTab::activateBar(int series, int index)
{
    const model::StickinessData& data = m_model->stickiness();
    if (series < 0 || series >= data.series.size() || index < 0 || index >= data.series[series].data.size())
        return;
    const int day = m_model->index(index, 0).data(model::StickinessModel::DaysRole).toInt();
    requestActors(QJsonObject{{QStringLiteral("day"), day}, {QStringLiteral("series"), series}},
                  m_model->cellDescription(series, index));
}

QList<InsightExportTarget> StickinessTab::exportTargets() const
{
    BarChartPainter painter = m_chart->painter();
    painter.setDark(false); // an exported chart is a document: on white, whatever the screen's scheme
    return {InsightExportTarget{tr("Stickiness chart"),
                                [painter](QPainter& p, const QRectF& target) { painter.paint(p, target); }}};
}

} // namespace hogscope::ui
