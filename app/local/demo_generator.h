#pragma once

#include <QDate>
#include <QString>
#include <QtGlobal>

#include <functional>

namespace hogscope::local {

// What to generate. The data ends on `endDate` (whole UTC days); with the default (invalid) date it
// ends on a fixed day, so the same seed always gives a byte-for-byte identical store.
struct DemoOptions
{
    qint64 events = 50000;
    quint64 seed = 1;
    QDate endDate; // last day with data; invalid = kDefaultDemoEndDate
};

struct DemoResult
{
    bool ok = false;
    QString error;
};

// The fixed last day of demo data when DemoOptions::endDate is not set.
inline QDate defaultDemoEndDate()
{
    return QDate(2026, 3, 31);
}

// Deterministic demo store for a file-sharing product ("Filedrop"): pageviews, a signup funnel,
// feature events, identified persons, decaying retention and weekday seasonality.
// Writes to PATH.partial and renames on success, so a killed run never leaves a half store.
// Callable from any thread; `progress` (may be empty) returns false to cancel.
DemoResult generateDemoStore(const QString& path, const DemoOptions& options,
                             const std::function<bool(qint64 done, qint64 total)>& progress);

} // namespace hogscope::local
