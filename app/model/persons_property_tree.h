#pragma once

#include <QAbstractItemModel>
#include <QJsonObject>
#include <QJsonValue>

#include <memory>
#include <vector>

namespace hogscope::model {

// A JSON object (a person's or an event's properties) as a tree of key / value rows: nested objects and
// arrays are expandable, their rows summarise them ("{3 keys}", "[5 items]"). Built once per object,
// display text included, so views and the search proxy read stored strings.
class PropertyTreeModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column
    {
        KeyColumn,
        ValueColumn,
        ColumnCount
    };

    enum Role
    {
        // The entry's path from the root: `$set.email`, `items[2].name`.
        PathRole = Qt::UserRole,
        // The entry's value as a QJsonValue.
        JsonValueRole,
        // The value as text to copy: a string as it is, anything else as compact JSON.
        CopyTextRole,
    };
    Q_ENUM(Role)

    explicit PropertyTreeModel(QObject* parent = nullptr);
    ~PropertyTreeModel() override;

    // Replaces the tree (a model reset). Keys of objects are in sorted order.
    void setObject(const QJsonObject& object);
    void clear() { setObject(QJsonObject()); }
    QJsonObject object() const { return m_object; }

    // The index of the entry at `path` (as PathRole gives it), column 0; invalid when absent.
    QModelIndex indexOfPath(const QString& path) const;

    QModelIndex index(int row, int column, const QModelIndex& parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    bool hasChildren(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex& index) const override;

private:
    struct Node
    {
        QString key;  // the object key, or "[i]" in an array
        QString path; // from the root
        QString text; // the value column
        QJsonValue value;
        Node* parent = nullptr;
        int row = 0;
        std::vector<std::unique_ptr<Node>> children;
    };

    static void build(Node& node);
    const Node* nodeOf(const QModelIndex& index) const;

    QJsonObject m_object;
    std::unique_ptr<Node> m_root;
};

} // namespace hogscope::model
