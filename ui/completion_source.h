#pragma once

// What the editor's completion needs from the server: property keys, property values and event
// names, cached and fetched in the background so typing never waits. The editor asks for what is
// cached now and is told (updated()) when more has arrived.

#include <QObject>
#include <QStringList>

namespace hogscope::ui {

class CompletionSource : public QObject
{
    Q_OBJECT
public:
    using QObject::QObject;

    // Cached keys for "event" / "person" / "group" properties; starts a background fetch when the
    // cache is empty or stale.
    virtual QStringList propertyKeys(const QString& propertyType) = 0;
    // Cached values of one property (most frequent first); fetches in the background.
    virtual QStringList propertyValues(const QString& propertyType, const QString& key) = 0;
    // Cached event names; fetches in the background.
    virtual QStringList eventNames() = 0;

Q_SIGNALS:
    // New keys, values or names arrived: an open completion list may be refreshed.
    void updated();
};

} // namespace hogscope::ui
