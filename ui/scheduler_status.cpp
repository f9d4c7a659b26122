#include "scheduler_status.h"

#include "api/query_scheduler.h"

#include <QLocale>
#include <QTimer>

namespace hogscope::ui {

namespace {

QString periodName(std::chrono::milliseconds period)
{
    if (period >= std::chrono::hours(1) && period.count() % 3'600'000 == 0)
        return period == std::chrono::hours(1)
                   ? SchedulerStatusLabel::tr("per hour")
                   : SchedulerStatusLabel::tr("per %1 hours").arg(period.count() / 3'600'000);
    if (period >= std::chrono::minutes(1) && period.count() % 60'000 == 0)
        return period == std::chrono::minutes(1)
                   ? SchedulerStatusLabel::tr("per minute")
                   : SchedulerStatusLabel::tr("per %1 minutes").arg(period.count() / 60'000);
    return SchedulerStatusLabel::tr("per %1 s").arg(period.count() / 1000);
}

qint64 secondsUp(qint64 ms)
{
    return (ms + 999) / 1000;
}

} // namespace

SchedulerStatusLabel::SchedulerStatusLabel(QWidget* parent)
    : QLabel(parent)
    , m_countdown(new QTimer(this))
{
    setObjectName(QStringLiteral("schedulerStatus"));
    m_countdown->setInterval(1000);
    connect(m_countdown, &QTimer::timeout, this, &SchedulerStatusLabel::refresh);
    hide();
}

void SchedulerStatusLabel::setScheduler(api::QueryScheduler* scheduler)
{
    if (m_scheduler)
        m_scheduler->disconnect(this);
    m_scheduler = scheduler;
    if (scheduler != nullptr)
        connect(scheduler, &api::QueryScheduler::stateChanged, this, &SchedulerStatusLabel::refresh);
    refresh();
}

QString SchedulerStatusLabel::summaryText(const api::SchedulerStatus& status)
{
    QStringList parts;
    if (status.running > 0 || status.queued == 0)
        parts << tr("%n running", nullptr, status.running);
    if (status.queued > 0)
        parts << tr("%n queued", nullptr, status.queued);
    if (status.throttledForMs > 0)
        parts << tr("rate limited: %1 s").arg(secondsUp(status.throttledForMs));
    else if (status.budgetWaitMs > 0)
        parts << tr("budget: next in %1 s").arg(secondsUp(status.budgetWaitMs));
    // The scarcest budget, when one runs low (under a fifth left).
    for (const api::BudgetWindowStatus& budget : status.budgets) {
        if (budget.limit > 0 && budget.remaining * 5 < budget.limit) {
            parts << tr("%1 %2 left").arg(budget.remaining).arg(periodName(budget.period));
            break;
        }
    }
    return parts.join(QStringLiteral(" · "));
}

QString SchedulerStatusLabel::detailText(const api::SchedulerStatus& status)
{
    QStringList lines;
    lines << tr("Queries running: %1 (at most 3 per project, as PostHog allows)").arg(status.running);
    lines << tr("Queries waiting: %1, of which yours: %2").arg(status.queued).arg(status.queuedUser);
    if (status.throttledForMs > 0)
        lines << tr("PostHog asked to wait %1 s more (HTTP 429)").arg(secondsUp(status.throttledForMs));
    if (status.budgetWaitMs > 0)
        lines << tr("The next query waits %1 s for a rate budget").arg(secondsUp(status.budgetWaitMs));
    if (status.budgets.empty())
        lines << tr("No rate budgets: this server does not throttle");
    const QLocale locale;
    for (const api::BudgetWindowStatus& budget : status.budgets) {
        lines << tr("%1: %2 of %3 %4 left")
                     .arg(budget.name, locale.toString(budget.remaining), locale.toString(budget.limit),
                          periodName(budget.period));
    }
    return lines.join(QLatin1Char('\n'));
}

void SchedulerStatusLabel::refresh()
{
    if (!m_scheduler) {
        m_countdown->stop();
        hide();
        return;
    }
    const api::SchedulerStatus status = m_scheduler->status();
    setText(summaryText(status));
    setToolTip(detailText(status));
    show();
    if (status.throttledForMs > 0 || status.budgetWaitMs > 0)
        m_countdown->start();
    else
        m_countdown->stop();
}

} // namespace hogscope::ui
