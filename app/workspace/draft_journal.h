#pragma once

// Journal of the open tabs and their drafts: every change reaches the workspace file within the
// debounce delay (at most 1 s, even while the user keeps typing), so a crash or kill -9 loses at
// most that last moment of typing. On start the tabs are restored from it.

#include <QHash>
#include <QObject>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTimer>

namespace hogscope::workspace {

class WorkspaceStore;

// One tab as the journal keeps it.
struct TabDraft
{
    QString id;            // stable id (a UUID), chosen by the tab's owner
    QString title;         // shown in the tab bar
    QString filePath;      // the .hogql file behind the tab, empty for an unsaved tab
    QString text;          // the editor's contents
    int cursor = 0;        // cursor position (byte offset into the UTF-8 text)
    bool modified = false; // text differs from filePath's contents (or no file yet)
    QString placeholders;  // the values given to the tab's placeholders, as the UI wrote them (JSON)
};

class DraftJournal : public QObject
{
    Q_OBJECT
public:
    // `debounceMs` is capped at 1000: the promise is that no change waits longer than a second.
    explicit DraftJournal(WorkspaceStore& store, int debounceMs = 400, QObject* parent = nullptr);
    ~DraftJournal() override; // flushes what is pending

    // The tabs of the last session, in tab-bar order (empty on a first start).
    QList<TabDraft> load() const;

    // A tab was opened or its draft changed; written within the debounce delay.
    void update(const TabDraft& tab);
    // A tab was closed: its draft is dropped from the journal.
    void remove(const QString& id);
    // The tab bar's order changed (ids of all open tabs, left to right).
    void setOrder(const QStringList& ids);

    // Writes everything pending now, in one transaction; false (and failed()) on an error, in which
    // case the pending changes are kept and retried at the next flush.
    bool flush();
    bool hasPending() const { return !m_dirty.isEmpty() || !m_removed.isEmpty() || m_orderDirty; }

Q_SIGNALS:
    void flushed();
    // The workspace file could not be written (disk full, read-only...): the drafts stay in memory.
    void failed(const QString& message);

private:
    void schedule();

    WorkspaceStore& m_store;
    QTimer m_timer;
    QHash<QString, TabDraft> m_dirty;
    QSet<QString> m_removed;
    QStringList m_order;
    bool m_orderDirty = false;
};

} // namespace hogscope::workspace
