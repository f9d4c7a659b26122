#pragma once

// Stickiness: for one or more events, how many persons did it on exactly 1, 2, … N intervals of the
// date range (or on that many or more). A bar chart and its table; clicking a bar or a cell asks for
// its persons (PostHog's InsightActorsQuery with `day` = the number of intervals and `series`).

#include "insight_tab.h"

#include "model/stickiness_model.h"

class QComboBox;
class QSplitter;
class QTableView;
class QToolButton;
class QVBoxLayout;

namespace hogscope::api {
struct StickinessResult;
}

namespace hogscope::ui {

class BarChartView;
class EventPicker;

model::StickinessData stickinessDataFrom(const api::StickinessResult& result, const QJsonObject& query);

class StickinessTab : public InsightTab
{
    Q_OBJECT
public:
    explicit StickinessTab(QWidget* parent = nullptr);

    QString title() const override { return tr("Stickiness"); }
    QString queryKind() const override { return QStringLiteral("StickinessQuery"); }
    QJsonObject buildQuery() const override;
    void setQuery(const QJsonObject& query) override;

    // The series' events, in order; at least one.
    QStringList events() const;
    void setEvents(const QStringList& events);
    QComboBox* intervalBox() const { return m_interval; }
    QComboBox* computedBox() const { return m_computed; }
    model::StickinessModel* tableModel() const { return m_model; }
    BarChartView* chart() const { return m_chart; }
    QTableView* table() const { return m_table; }

    // Clicking bar `index` of series `series`.
    void activateBar(int series, int index);

protected:
    void applyBody(const QByteArray& body, quint64 generation) override;
    QList<InsightExportTarget> exportTargets() const override;
    void definitionsChanged() override;

private:
    EventPicker* addSeriesRow(const QString& event);
    void removeSeriesRow(QWidget* row);
    QString chartTitle() const;

    QJsonObject m_base;
    QVBoxLayout* m_seriesLayout = nullptr;
    QList<EventPicker*> m_pickers;
    QToolButton* m_addSeries = nullptr;
    QComboBox* m_interval = nullptr;
    QComboBox* m_computed = nullptr;
    QSplitter* m_splitter = nullptr;
    BarChartView* m_chart = nullptr;
    QTableView* m_table = nullptr;
    model::StickinessModel* m_model = nullptr;
};

} // namespace hogscope::ui
