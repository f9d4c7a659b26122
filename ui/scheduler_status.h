#pragma once

// The status bar's view of the query scheduler: how many queries run and wait, and what of
// PostHog's rate budgets is left, so a query that waits never looks like a hang.

#include <QLabel>
#include <QPointer>

class QTimer;

namespace hogscope::api {
class QueryScheduler;
struct SchedulerStatus;
} // namespace hogscope::api

namespace hogscope::ui {

class SchedulerStatusLabel : public QLabel
{
    Q_OBJECT
public:
    explicit SchedulerStatusLabel(QWidget* parent = nullptr);

    // Not owned; null hides the label.
    void setScheduler(api::QueryScheduler* scheduler);

    // The text and tooltip for a status (public for tests).
    static QString summaryText(const api::SchedulerStatus& status);
    static QString detailText(const api::SchedulerStatus& status);

private:
    void refresh();

    QPointer<api::QueryScheduler> m_scheduler;
    QTimer* m_countdown = nullptr; // ticks while a pause or a budget wait counts down
};

} // namespace hogscope::ui
