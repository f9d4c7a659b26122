#pragma once

#include <QObject>

class QSocketNotifier;

namespace hogscope::cli {

// Turns SIGINT (Ctrl-C) and SIGTERM into a Qt signal on the event loop, through a self-pipe: the
// handler only writes a byte, everything else happens in interrupted(). One per process.
class InterruptNotifier : public QObject
{
    Q_OBJECT
public:
    explicit InterruptNotifier(QObject* parent = nullptr);
    // Restores the default handlers.
    ~InterruptNotifier() override;

    bool isActive() const { return m_notifier != nullptr; }

Q_SIGNALS:
    // Once per signal received; `count` is 1 for the first, 2 for the second, ...
    void interrupted(int count);

private:
    QSocketNotifier* m_notifier = nullptr;
    int m_count = 0;
};

} // namespace hogscope::cli
