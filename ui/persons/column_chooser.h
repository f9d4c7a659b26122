#pragma once

// Which person properties the persons list shows as columns.

#include <QStringList>
#include <QWidget>

class QLineEdit;
class QListWidget;
class QListWidgetItem;

namespace hogscope::ui {

// A filterable list of person property keys with a check box each; the checked ones are the columns,
// in the order they were checked. Typing a key that is not listed and pressing Enter adds it (a
// property the definitions do not know yet). Lives in a drop-down menu of the persons tab.
class ColumnChooser : public QWidget
{
    Q_OBJECT

public:
    explicit ColumnChooser(QWidget* parent = nullptr);

    // Keys to offer (the project's person properties and those seen on loaded persons).
    void setCandidates(const QStringList& keys);
    void setColumns(const QStringList& columns);
    QStringList columns() const { return m_columns; }

    QLineEdit* filterField() const { return m_filter; }
    QListWidget* list() const { return m_list; }
    // Checks or unchecks `key` as a click would (adds it to the candidates when missing).
    void setChecked(const QString& key, bool checked);

Q_SIGNALS:
    void columnsChanged(const QStringList& columns);

private:
    void rebuild();
    void applyFilter();
    void onItemChanged(QListWidgetItem* item);
    void addTyped();

    QLineEdit* m_filter = nullptr;
    QListWidget* m_list = nullptr;
    QStringList m_candidates;
    QStringList m_columns;
    bool m_rebuilding = false;
};

} // namespace hogscope::ui
