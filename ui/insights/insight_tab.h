#pragma once

// What the Retention, Stickiness and Paths tabs share: the form row with the date range, Run,
// Cancel and Export; a status line with live progress; errors inline (never a dialog); the run
// through an InsightRunner (scheduler, generation counter, cancel on the server); the query whose
// result is on screen (the source of every drill-down); and exports of each chart to PNG, SVG, PDF
// and the clipboard with the query in the file's metadata.

#include "ui/charts/chart_exporter.h"

#include "api/definitions_cache.h"
#include "api/query_scheduler.h"

#include <QDateTime>
#include <QJsonObject>
#include <QPointer>
#include <QWidget>

#include <functional>

class QHBoxLayout;
class QLabel;
class QPushButton;
class QTimer;
class QToolButton;
class QVBoxLayout;

namespace hogscope::ui {

class DateRangeEdit;
class InsightRunner;

// One chart of a tab that can be exported.
struct InsightExportTarget
{
    QString name;                                        // "Retention grid"
    std::function<void(QPainter&, const QRectF&)> paint; // draws it laid out for the rectangle
    QSize size = QSize(1200, 700);                       // the default export size
};

class InsightTab : public QWidget
{
    Q_OBJECT
public:
    enum class Status
    {
        Idle,
        Running,
        Succeeded,
        Failed,
        Cancelled,
    };
    Q_ENUM(Status)

    explicit InsightTab(QWidget* parent = nullptr);
    ~InsightTab() override;

    // Where queries go (not owned; null = disconnected). Without definitions given, the tab keeps
    // its own DefinitionsCache on the scheduler's client for the event pickers.
    void setScheduler(api::QueryScheduler* scheduler, api::DefinitionsCache* definitions = nullptr);
    api::QueryScheduler* scheduler() const { return m_scheduler; }
    api::DefinitionsCache* definitions() const { return m_definitions; }
    void setProjectDescription(const QString& description) { m_project = description; }

    virtual QString title() const = 0;     // "Retention"
    virtual QString queryKind() const = 0; // "RetentionQuery"
    // The query the form describes now.
    virtual QJsonObject buildQuery() const = 0;
    // Sets the form from a query of this kind (unknown fields are kept and sent again).
    virtual void setQuery(const QJsonObject& query) = 0;

    // The query whose result is on screen (drill-downs use it, not the edited form) and its run time.
    QJsonObject shownQuery() const { return m_shownQuery; }
    QDateTime shownRunAt() const { return m_shownRunAt; }

    void run();
    void cancel();
    bool isRunning() const;
    Status status() const { return m_status; }
    QString errorText() const;
    QString statusText() const;
    // Run automatically when the form changes (after a short pause); on by default.
    void setAutoRun(bool on) { m_autoRun = on; }

    DateRangeEdit* dateRangeEdit() const { return m_dateRange; }
    QPushButton* runButton() const { return m_runButton; }
    QPushButton* cancelButton() const { return m_cancelButton; }

    // The charts of the tab, for the Export menu (and tests).
    QStringList exportTargetNames() const;
    ChartExporter exporter(int target) const;
    QSize exportSize(int target) const;

Q_SIGNALS:
    // A cell, bar, node or link was clicked: the PostHog InsightActorsQuery naming its persons and a
    // title saying what they are.
    void actorsRequested(const QJsonObject& insightActorsQuery, const QString& title);
    void statusChanged(hogscope::ui::InsightTab::Status status);
    // A result is on screen (after decoding off the GUI thread).
    void resultShown();
    void exported(const QString& fileName, const QString& error);

protected:
    // Subclasses put their form rows here (above the shared row) and their charts in content.
    QVBoxLayout* formLayout() const { return m_formLayout; }
    QHBoxLayout* sharedRow() const { return m_sharedRow; }
    QVBoxLayout* contentLayout() const { return m_contentLayout; }
    // A form field changed: run again after a pause, when the query differs from the shown one.
    void formChanged();
    // The body of a finished run of `query`: decode it off the GUI thread, then call showResult().
    virtual void applyBody(const QByteArray& body, quint64 generation) = 0;
    virtual QList<InsightExportTarget> exportTargets() const = 0;
    // Called by subclasses once the decoded result is drawn; `empty` shows the no-data hint.
    void showResult(quint64 generation, bool empty, const QString& summary);
    void showDecodeError(quint64 generation, const QString& message);
    bool isCurrent(quint64 generation) const;
    // The query of the run in progress (or the last run): what a result being decoded answers.
    QJsonObject runningQuery() const { return m_runningQuery; }
    // Emits actorsRequested for a node {kind: InsightActorsQuery, source: shownQuery(), ...fields}.
    void requestActors(const QJsonObject& fields, const QString& title);
    // The definitions changed (another project): reload the pickers.
    virtual void definitionsChanged() {}

private:
    void setStatus(Status status);
    void showError(const QString& message);
    void lookUpLatestEvent();
    void showExportDialog(int target);

    QPointer<api::QueryScheduler> m_scheduler;
    QPointer<api::DefinitionsCache> m_definitions;
    api::DefinitionsCache* m_ownDefinitions = nullptr;
    InsightRunner* m_runner = nullptr;
    QPointer<api::ScheduledQuery> m_latestLookup;
    QString m_project;
    Status m_status = Status::Idle;
    QJsonObject m_runningQuery;
    QJsonObject m_shownQuery;
    QDateTime m_shownRunAt;
    QDateTime m_runningAt;
    quint64 m_generation = 0;
    bool m_autoRun = true;
    QTimer* m_debounce = nullptr;
    QVBoxLayout* m_formLayout = nullptr;
    QHBoxLayout* m_sharedRow = nullptr;
    QVBoxLayout* m_contentLayout = nullptr;
    DateRangeEdit* m_dateRange = nullptr;
    QPushButton* m_runButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QToolButton* m_exportButton = nullptr;
    QLabel* m_statusLabel = nullptr;
    QLabel* m_error = nullptr;
    QLabel* m_hint = nullptr;
};

} // namespace hogscope::ui
