#pragma once

// Runs one insight query at a time through the QueryScheduler (progress, cancel on the server) and
// hands back the response body. A new run replaces the old one (cancelled on the server); a
// generation counter drops the late answers of replaced runs. Used by the insight tabs and by
// `hogscope render`; no widgets.

#include "api/api_error.h"
#include "api/query_result.h"

#include <QByteArray>
#include <QDateTime>
#include <QFutureWatcher>
#include <QJsonObject>
#include <QObject>
#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

#include <chrono>
#include <functional>

namespace hogscope::api {
class QueryScheduler;
class ScheduledQuery;
} // namespace hogscope::api

namespace hogscope::ui {

class InsightRunner : public QObject
{
    Q_OBJECT
public:
    explicit InsightRunner(QObject* parent = nullptr);
    ~InsightRunner() override;

    void setScheduler(api::QueryScheduler* scheduler); // not owned; cancels what runs
    api::QueryScheduler* scheduler() const { return m_scheduler; }
    void setDeadline(std::chrono::milliseconds deadline) { m_deadline = deadline; }

    // Submits `query` (an insight node). Returns the run's generation.
    quint64 run(const QJsonObject& query, const QString& label);
    // Cancels the current run (DELETE on the server once it was accepted).
    void cancel();
    bool isRunning() const;
    quint64 generation() const { return m_generation; }
    // "Running… 1.4 s, 12,000 rows read" while a run goes; empty otherwise.
    QString progressText() const { return m_progressText; }

Q_SIGNALS:
    void started(quint64 generation);
    void progressChanged(const QString& text);
    void succeeded(const QByteArray& body, const QDateTime& runAt, quint64 generation);
    void failed(const hogscope::api::ApiError& error, quint64 generation);
    void cancelled(quint64 generation);

private:
    void drop();

    QPointer<api::QueryScheduler> m_scheduler;
    QPointer<api::ScheduledQuery> m_query;
    quint64 m_generation = 0;
    QDateTime m_runAt;
    QString m_progressText;
    std::chrono::milliseconds m_deadline{606'000};
};

// Decodes `body` with `decode` on the thread pool and calls `done(result)` on `context`'s thread,
// unless `context` is gone by then. The task owns its copy of the body and touches nothing else.
template <typename Result>
void decodeInBackground(QObject* context, const QByteArray& body, Result (*decode)(QByteArrayView),
                        std::function<void(const Result&)> done)
{
    auto* watcher = new QFutureWatcher<Result>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context, [watcher, done = std::move(done)] {
        watcher->deleteLater();
        done(watcher->result());
    });
    watcher->setFuture(QtConcurrent::run([body, decode] { return decode(body); }));
}

} // namespace hogscope::ui
