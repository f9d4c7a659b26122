#pragma once

// The sidebar: what the connection offers to query. Tables of the HogQL schema with their fields
// (types, lazy joins to follow), the project's events and properties with their counts, all
// searchable as you type. Double-click (or Enter) inserts a name into the editor.

#include <QList>
#include <QPair>
#include <QWidget>

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
    // Tables and fields (the language library's default schema unless told otherwise).
    void setSchema(const hogql::Schema& schema);
    // Event names with their 30-day volume (-1 = unknown), most used first.
    void setEvents(const QList<QPair<QString, qint64>>& events);
    // Property keys of "event" or "person" properties with their type ("String", "Numeric", ...).
    void setProperties(const QString& propertyType, const QList<QPair<QString, QString>>& properties);

    QTreeWidget* tree() const { return m_tree; }
    QLineEdit* searchField() const { return m_search; }
    // Shows only entries whose name contains `text` (with their parents); empty shows all.
    void setFilter(const QString& text);

Q_SIGNALS:
    // Insert this text at the cursor of the current editor.
    void insertRequested(const QString& text);
    void switchConnectionRequested();
    void refreshRequested();

private:
    QTreeWidgetItem* section(const QString& key, const QString& title);
    void onActivated(QTreeWidgetItem* item);

    QLabel* m_connection = nullptr;
    QToolButton* m_switch = nullptr;
    QLineEdit* m_search = nullptr;
    QTreeWidget* m_tree = nullptr;
};

} // namespace hogscope::ui
