#pragma once

// A non-modal window showing one JSON value (a properties object, an array cell) as a searchable
// tree of keys and values, with copy of a value or of its path.

#include <QDialog>

class QLineEdit;
class QTreeWidget;
class QTreeWidgetItem;

namespace hogscope::ui {

class JsonViewer : public QDialog
{
    Q_OBJECT
public:
    // `json` is the cell's text; text that is not JSON is shown as one string value.
    JsonViewer(const QString& title, const QString& json, QWidget* parent = nullptr);

    QTreeWidget* tree() const { return m_tree; }
    QLineEdit* filterField() const { return m_filter; }
    // Shows only entries whose key, path or value contains `text` (and their parents).
    void setFilter(const QString& text);

private:
    QTreeWidget* m_tree = nullptr;
    QLineEdit* m_filter = nullptr;
};

} // namespace hogscope::ui
