#pragma once

// The sidebar: what the connection offers to query. Tables of the HogQL schema with their fields
// (types, lazy joins to follow), the project's events and properties with their counts, all
// searchable as you type. Double-click (or Enter) inserts a name into the editor.

#include <QList>
#include <QPair>
#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QToolButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace hogscope::hogql {
class Schema;
}

namespace hogscope::ui {

class SchemaSidebar : public QWidget
{
    Q_OBJECT
public:
    explicit SchemaSidebar(QWidget* parent = nullptr);

    // The connection shown at the top ("demo (local)", "eu.posthog.com · project 12").
    void setConnection(const QString& description);
    // The projects the connection's key can see, as (id, name), and the current one; the project
    // switcher is hidden while there is none or one.
    void setProjects(const QList<QPair<QString, QString>>& projects, const QString& currentId);
    QString currentProject() const;
    // One line under the search field: loading, or why the events could not be fetched (`error`);
    // empty hides it.
    void setStatus(const QString& text, bool error = false);
    QString statusText() const;
    bool statusIsError() const { return m_statusIsError; }
    // Tables and fields (the language library's default schema unless told otherwise).
    void setSchema(const hogql::Schema& schema);
    // Event names with their volume (-1 = unknown), most used first; `volumeNote` says what the
    // volume counts ("events in the last 30 days"), shown on hover.
    void setEvents(const QList<QPair<QString, qint64>>& events, const QString& volumeNote = QString());
    // Property keys of "event" or "person" properties with their type ("String", "Numeric", ...).
    void setProperties(const QString& propertyType, const QList<QPair<QString, QString>>& properties);

    QTreeWidget* tree() const { return m_tree; }
    QLineEdit* searchField() const { return m_search; }
    QComboBox* projectSwitcher() const { return m_projects; }
    QToolButton* refreshButton() const { return m_refresh; }
    QToolButton* switchButton() const { return m_switch; }
    // Child count of a section: "tables", "events", "event" or "person".
    int sectionSize(const QString& key) const;
    // Shows only entries whose name contains `text` (with their parents); empty shows all.
    void setFilter(const QString& text);

Q_SIGNALS:
    // Insert this text at the cursor of the current editor.
    void insertRequested(const QString& text);
    void switchConnectionRequested();
    void refreshRequested();
    // The user picked another project in the switcher.
    void projectSwitchRequested(const QString& projectId);

private:
    QTreeWidgetItem* section(const QString& key, const QString& title);
    void onActivated(QTreeWidgetItem* item);

    QLabel* m_connection = nullptr;
    QToolButton* m_switch = nullptr;
    QToolButton* m_refresh = nullptr;
    QWidget* m_projectRow = nullptr;
    QComboBox* m_projects = nullptr;
    QLabel* m_status = nullptr;
    bool m_statusIsError = false;
    QLineEdit* m_search = nullptr;
    QTreeWidget* m_tree = nullptr;
};

} // namespace hogscope::ui
