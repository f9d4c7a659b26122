#pragma once

// One HogQL query tab: the editor and the run/cancel life of its query.

#include "messages_dock.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QPointer>
#include <QWidget>

class QLabel;
class QTimer;

namespace hogscope::api {
class MetadataClient;
class QueryScheduler;
class ScheduledQuery;
struct ApiError;
struct MetadataResult;
struct QueryProgress;
struct QueryResult;
} // namespace hogscope::api

namespace hogscope::ui {

class AskBox;
class EditorCompletion;
class HogqlEditor;
struct EditorDiagnostic;
class VariablesPanel;
class ResultsView;

// A query tab: editor and inline error line. It runs the statement at the
// cursor (or the selection) through the connection's QueryScheduler (as the user's own query, ahead
// of background look-ups, within PostHog's limits) and fills its ResultsView, which the main window shows
// in the results dock (the tab owns it but does not lay it out).
class QueryTab : public QWidget
{
    Q_OBJECT
public:
    enum class Status
    {
        Idle,
        Running,
        Succeeded,
        Failed,
        Cancelled
    };

    explicit QueryTab(QWidget* parent = nullptr);
    ~QueryTab() override;

    // Stable identity of the tab for the drafts journal (a UUID unless set when restoring).
    QString id() const { return m_id; }
    void setId(const QString& id) { m_id = id; }
    // The .hogql file behind the tab; empty for a tab never saved.
    QString filePath() const { return m_filePath; }
    void setFilePath(const QString& path) { m_filePath = path; }

    // About the last run (for the run history): its text, when it started (UTC), how long it took,
    // how many rows came back (-1 when it did not succeed) and the error.
    QString lastRunText() const { return m_runText; }
    QDateTime lastRunStartedAt() const { return m_runStartedAt; }
    qint64 lastRunDurationMs() const { return m_lastDurationMs; }
    qint64 lastRunRowCount() const { return m_lastRowCount; }
    QString lastRunError() const { return m_lastError; }

    // The scheduler of the connection queries go to; null while disconnected. Not owned.
    void setScheduler(api::QueryScheduler* scheduler);

    HogqlEditor* editor() const { return m_editor; }
    // The placeholders of the statement at the cursor and their values (sent with every run).
    VariablesPanel* variablesPanel() const { return m_variables; }
    // Relists the placeholders now instead of after the typing pause (also used by tests).
    void refreshPlaceholders();
    // The Ask box above the editor (drafts HogQL with PostHog AI; the draft is never run).
    AskBox* askBox() const { return m_ask; }
    void focusAsk();
    // Puts a draft into the editor as one undo step: over the selection, or as a new statement at
    // the end (selected, so it is easy to review); nothing runs.
    void insertDraft(const QString& sql);
    // The query node of the last run that was sent (kind, query, values, variables).
    QJsonObject lastQueryNode() const { return m_lastQueryNode; }
    EditorCompletion* completion() const { return m_completion; }
    ResultsView* resultsView() const;
    Status status() const { return m_status; }
    bool isRunning() const { return m_status == Status::Running; }
    // One line for the status bar: what the query is doing or how it ended.
    QString progressSummary() const { return m_summary; }
    QString errorText() const;
    // Server id of the running query once submitted (empty before and after a run).
    QString queryId() const;

    // Runs the selection, or the statement under the cursor; a running query is cancelled first.
    void run();
    // Runs every statement of the script, one after the other (each recorded in the history); the
    // grid shows the last one's rows. Stops at the first that fails or is cancelled.
    void runAll();
    // While runAll() is under way: the statement running (1-based) and how many there are; 0 else.
    int batchPosition() const { return m_batchTotal > 0 ? m_batchTotal - int(m_batch.size()) : 0; }
    int batchTotal() const { return m_batchTotal; }
    // Cancels the running query (on the server too); no-op when idle.
    void cancel();
    // Formats the whole script in the canonical layout (one undo step); on a syntax error nothing
    // changes and the error is returned ("line 3, column 7: ...").
    QString format();

Q_SIGNALS:
    // A run was submitted with `text`.
    void runStarted(const QString& text);
    void statusChanged(hogscope::ui::QueryTab::Status status);
    // progressSummary() changed.
    void summaryChanged(const QString& summary);
    // A message for the messages panel; errors that point into the script carry their range.
    void message(hogscope::ui::MessageSeverity severity, const QString& text,
                 const hogscope::ui::MessagePosition& position = hogscope::ui::MessagePosition());
    // The run ended (succeeded, failed or cancelled).
    void finished(hogscope::ui::QueryTab::Status status);

protected:
    bool event(QEvent* event) override;

private:
    void onProgress(const api::QueryProgress& progress);
    void onSucceeded(const api::QueryResult& result);
    void onFailed(const api::ApiError& error);
    void onCancelled();
    void finish(Status status, const QString& summary);
    void setSummary(const QString& summary);
    void showError(const QString& text);
    MessagePosition positionOf(int begin, int end) const;
    void updateRunningSummary();
    void releaseJob();
    // Runs one statement: its byte range in the document and its text as it was when asked.
    void runStatement(int begin, const QString& rawText);
    void runNextInBatch();
    void stopBatch(const QString& why);
    // Checks the statement at the cursor with the server (HogQLMetadata) once typing pauses, when
    // the local parse found nothing; posts what changed to the messages panel.
    void checkWithServer();
    void onMetadataChecked(const api::MetadataResult& result);
    void postDiagnostics(const QList<EditorDiagnostic>& diagnostics, const QString& source);

    HogqlEditor* m_editor = nullptr;
    EditorCompletion* m_completion = nullptr;
    QLabel* m_errorLine = nullptr;
    AskBox* m_ask = nullptr;
    VariablesPanel* m_variables = nullptr;
    QTimer* m_placeholderTimer = nullptr;
    api::MetadataClient* m_metadata = nullptr;
    QTimer* m_metadataTimer = nullptr;
    int m_metadataBegin = 0;         // where the checked statement starts in the document (bytes)
    QString m_metadataText;          // the statement as it was sent
    QStringList m_postedDiagnostics; // what the messages panel was last told, to tell only changes
    QJsonObject m_lastQueryNode;
    QPointer<ResultsView> m_results;
    QTimer* m_tick = nullptr;

    QPointer<api::QueryScheduler> m_scheduler;
    // The run in flight, a child of this tab: deleting it cancels the query on the server too.
    QPointer<api::ScheduledQuery> m_query;
    bool m_queued = false; // waiting for a slot, a rate budget or the end of a 429 pause
    Status m_status = Status::Idle;
    QString m_summary;
    QElapsedTimer m_elapsed;
    qint64 m_rowsRead = 0;
    qint64 m_bytesRead = 0;
    // Byte offset in the document where the running statement starts, and its text, so server
    // error positions (characters into the query) map back to the editor.
    int m_runBegin = 0;
    QString m_runText;
    // The statements runAll() has still to run (begin offset, text), and how many it started with.
    QList<QPair<int, QString>> m_batch;
    int m_batchTotal = 0;
    QString m_id;
    QString m_filePath;
    QDateTime m_runStartedAt;
    qint64 m_lastDurationMs = 0;
    qint64 m_lastRowCount = -1;
    QString m_lastError;
};

} // namespace hogscope::ui
