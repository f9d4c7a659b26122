#pragma once

// The run history: every query run with its project, time, duration, row count and error, kept in
// the workspace file and searchable, so an analyst can find and reopen last week's query.

#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace hogscope::workspace {

class WorkspaceStore;

struct HistoryEntry
{
    enum class Status
    {
        Running, // started; a crash leaves it so (shown as "did not finish")
        Ok,
        Error,
        Cancelled,
    };
    qint64 id = 0;
    QString query;
    QString host;
    QString project;
    QDateTime startedAt; // UTC
    std::optional<qint64> durationMs;
    std::optional<qint64> rowCount;
    QString error; // empty unless status == Error
    Status status = Status::Running;
};

class RunHistory
{
public:
    explicit RunHistory(WorkspaceStore& store);

    // Records a run as it starts; returns its id (0 when the workspace file cannot be written).
    qint64 recordStart(const QString& query, const QString& host, const QString& project);
    // Records how the run `id` ended.
    bool recordFinish(qint64 id, HistoryEntry::Status status, qint64 durationMs,
                      std::optional<qint64> rowCount, const QString& error = QString());

    // Newest first; `text` matches the query, project or error (case-insensitive substring), empty = all.
    QList<HistoryEntry> search(const QString& text = QString(), int limit = 500) const;
    std::optional<HistoryEntry> entry(qint64 id) const;
    // Drops runs older than `keepDays` days; returns how many were removed.
    int prune(int keepDays);

private:
    WorkspaceStore& m_store;
};

} // namespace hogscope::workspace
