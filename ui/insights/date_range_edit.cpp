#include "date_range_edit.h"

#include <QComboBox>
#include <QDateEdit>
#include <QHBoxLayout>
#include <QLabel>

namespace hogscope::ui {

namespace {

struct Preset
{
    const char* relative;
    int days;
};

constexpr Preset kPresets[] = {{"-7d", 7}, {"-14d", 14}, {"-30d", 30}, {"-90d", 90}, {"-180d", 180}};
const QString kCustom = QStringLiteral("custom");

} // namespace

DateRangeEdit::DateRangeEdit(QWidget* parent)
    : QWidget(parent)
    , m_preset(new QComboBox(this))
    , m_from(new QDateEdit(this))
    , m_to(new QDateEdit(this))
{
    setObjectName(QStringLiteral("dateRangeEdit"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (const Preset& preset : kPresets)
        m_preset->addItem(tr("Last %1 days").arg(preset.days), QString::fromLatin1(preset.relative));
    m_preset->addItem(tr("Custom dates"), kCustom);
    m_preset->setCurrentIndex(2);
    m_preset->setToolTip(tr("Relative ranges end now; custom dates include both days (UTC)"));
    const QDate today = QDate::currentDate();
    for (QDateEdit* edit : {m_from, m_to}) {
        edit->setCalendarPopup(true);
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd"));
        edit->setDate(today);
    }
    m_from->setDate(today.addDays(-29));
    m_from->setObjectName(QStringLiteral("dateFrom"));
    m_to->setObjectName(QStringLiteral("dateTo"));
    auto* dash = new QLabel(QStringLiteral("–"), this);
    dash->setObjectName(QStringLiteral("dateDash"));
    layout->addWidget(m_preset);
    layout->addWidget(m_from);
    layout->addWidget(dash);
    layout->addWidget(m_to);
    connect(m_preset, &QComboBox::currentIndexChanged, this, [this] {
        updateVisibility();
        Q_EMIT changed();
    });
    connect(m_from, &QDateEdit::dateChanged, this, [this](QDate date) {
        if (m_to->date() < date)
            m_to->setDate(date);
        if (isCustom())
            Q_EMIT changed();
    });
    connect(m_to, &QDateEdit::dateChanged, this, [this](QDate date) {
        if (m_from->date() > date)
            m_from->setDate(date);
        if (isCustom())
            Q_EMIT changed();
    });
    updateVisibility();
}

bool DateRangeEdit::isCustom() const
{
    return m_preset->currentData().toString() == kCustom;
}

void DateRangeEdit::updateVisibility()
{
    const bool custom = isCustom();
    m_from->setVisible(custom);
    m_to->setVisible(custom);
    if (QWidget* dash = findChild<QWidget*>(QStringLiteral("dateDash")))
        dash->setVisible(custom);
}

QJsonObject DateRangeEdit::dateRange() const
{
    if (!isCustom())
        return QJsonObject{{QStringLiteral("date_from"), m_preset->currentData().toString()}};
    return QJsonObject{{QStringLiteral("date_from"), m_from->date().toString(Qt::ISODate)},
                       {QStringLiteral("date_to"), m_to->date().toString(Qt::ISODate)}};
}

void DateRangeEdit::setDateRange(const QJsonObject& range)
{
    const QString from = range.value(QStringLiteral("date_from")).toString();
    const QJsonValue to = range.value(QStringLiteral("date_to"));
    if (to.isUndefined() || to.isNull()) {
        const int preset = m_preset->findData(from);
        if (preset >= 0) {
            m_preset->setCurrentIndex(preset);
            return;
        }
    }
    const QDate fromDate = QDate::fromString(from.left(10), Qt::ISODate);
    const QDate toDate = QDate::fromString(to.toString().left(10), Qt::ISODate);
    setDates(fromDate.isValid() ? fromDate : QDate::currentDate().addDays(-29),
             toDate.isValid() ? toDate : QDate::currentDate());
}

void DateRangeEdit::setDates(QDate from, QDate to)
{
    const QSignalBlocker blockPreset(m_preset);
    const QSignalBlocker blockFrom(m_from);
    const QSignalBlocker blockTo(m_to);
    m_preset->setCurrentIndex(m_preset->findData(kCustom));
    m_from->setDate(from);
    m_to->setDate(std::max(from, to));
    updateVisibility();
    Q_EMIT changed();
}

QString DateRangeEdit::description() const
{
    if (!isCustom())
        return m_preset->currentText().toLower();
    return tr("%1 to %2").arg(m_from->date().toString(Qt::ISODate), m_to->date().toString(Qt::ISODate));
}

} // namespace hogscope::ui
