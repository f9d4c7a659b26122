#pragma once

// The date range of an insight: "Last 7 days" and other relative presets (PostHog's -7d form,
// counted up to now) or two explicit dates, both days included. Gives PostHog's dateRange object.

#include <QDate>
#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QDateEdit;

namespace hogscope::ui {

class DateRangeEdit : public QWidget
{
    Q_OBJECT
public:
    explicit DateRangeEdit(QWidget* parent = nullptr);

    // {"date_from": "-30d"} or {"date_from": "2026-03-01", "date_to": "2026-03-31"}.
    QJsonObject dateRange() const;
    // Takes a preset's relative form or explicit dates; anything else becomes explicit dates.
    void setDateRange(const QJsonObject& range);
    void setDates(QDate from, QDate to);
    bool isCustom() const;
    // "the last 30 days", "2026-03-01 to 2026-03-31".
    QString description() const;

Q_SIGNALS:
    void changed();

private:
    void updateVisibility();

    QComboBox* m_preset = nullptr;
    QDateEdit* m_from = nullptr;
    QDateEdit* m_to = nullptr;
};

} // namespace hogscope::ui
