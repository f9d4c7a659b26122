#include "model/persons_property_tree.h"

#include "model/persons_model.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace hogscope::model {

namespace {

// The value column shows this much of a long string; the tooltip and CopyTextRole have all of it.
constexpr qsizetype kMaxValueChars = 500;

QString childPath(const QString& parent, const QString& key, bool arrayItem)
{
    if (arrayItem)
        return parent + key;
    // Keys that are not plain identifiers are quoted, so a path can be read back unambiguously.
    static const QRegularExpression plain(QStringLiteral("^[A-Za-z_$][A-Za-z0-9_$]*$"));
    const QString part = plain.match(key).hasMatch() ? key : QLatin1Char('"') + key + QLatin1Char('"');
    return parent.isEmpty() ? part : parent + QLatin1Char('.') + part;
}

QString summary(const QJsonValue& value)
{
    if (value.isObject()) {
        const qsizetype n = value.toObject().size();
        return n == 1 ? PropertyTreeModel::tr("{1 key}") : PropertyTreeModel::tr("{%1 keys}").arg(n);
    }
    if (value.isArray()) {
        const qsizetype n = value.toArray().size();
        return n == 1 ? PropertyTreeModel::tr("[1 item]") : PropertyTreeModel::tr("[%1 items]").arg(n);
    }
    if (value.isNull())
        return QStringLiteral("null");
    const QString text = propertyText(value);
    return text.size() > kMaxValueChars ? text.left(kMaxValueChars) + QChar(0x2026) : text;
}

} // namespace

PropertyTreeModel::PropertyTreeModel(QObject* parent)
    : QAbstractItemModel(parent)
    , m_root(std::make_unique<Node>())
{}

PropertyTreeModel::~PropertyTreeModel() = default;

void PropertyTreeModel::build(Node& node)
{
    auto add = [&node](const QString& key, const QJsonValue& value, bool arrayItem) {
        auto child = std::make_unique<Node>();
        child->key = key;
        child->path = childPath(node.path, key, arrayItem);
        child->value = value;
        child->text = summary(value);
        child->parent = &node;
        child->row = int(node.children.size());
        build(*child);
        node.children.push_back(std::move(child));
    };
    if (node.value.isObject()) {
        const QJsonObject object = node.value.toObject();
        node.children.reserve(size_t(object.size()));
        for (auto it = object.begin(); it != object.end(); ++it)
            add(it.key(), it.value(), false);
    } else if (node.value.isArray()) {
        const QJsonArray array = node.value.toArray();
        node.children.reserve(size_t(array.size()));
        for (qsizetype i = 0; i < array.size(); ++i)
            add(QStringLiteral("[%1]").arg(i), array.at(i), true);
    }
}

void PropertyTreeModel::setObject(const QJsonObject& object)
{
    beginResetModel();
    m_object = object;
    m_root = std::make_unique<Node>();
    m_root->value = object;
    build(*m_root);
    endResetModel();
}

QModelIndex PropertyTreeModel::indexOfPath(const QString& path) const
{
    // Depth-first: paths are short and trees of properties small.
    std::vector<const Node*> stack{m_root.get()};
    while (!stack.empty()) {
        const Node* node = stack.back();
        stack.pop_back();
        for (const auto& child : node->children) {
            if (child->path == path)
                return createIndex(child->row, 0, child.get());
            if (path.startsWith(child->path))
                stack.push_back(child.get());
        }
    }
    return QModelIndex();
}

const PropertyTreeModel::Node* PropertyTreeModel::nodeOf(const QModelIndex& index) const
{
    return index.isValid() ? static_cast<const Node*>(index.internalPointer()) : m_root.get();
}

QModelIndex PropertyTreeModel::index(int row, int column, const QModelIndex& parent) const
{
    if (column < 0 || column >= ColumnCount || (parent.isValid() && parent.column() != 0))
        return QModelIndex();
    const Node* node = nodeOf(parent);
    if (row < 0 || size_t(row) >= node->children.size())
        return QModelIndex();
    return createIndex(row, column, node->children[size_t(row)].get());
}

QModelIndex PropertyTreeModel::parent(const QModelIndex& child) const
{
    if (!child.isValid())
        return QModelIndex();
    const Node* node = nodeOf(child);
    const Node* parentNode = node->parent;
    if (parentNode == nullptr || parentNode == m_root.get())
        return QModelIndex();
    return createIndex(parentNode->row, 0, const_cast<Node*>(parentNode));
}

int PropertyTreeModel::rowCount(const QModelIndex& parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int PropertyTreeModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

bool PropertyTreeModel::hasChildren(const QModelIndex& parent) const
{
    return rowCount(parent) > 0;
}

QVariant PropertyTreeModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid())
        return QVariant();
    const Node* node = nodeOf(index);
    switch (role) {
    case Qt::DisplayRole:
        return index.column() == KeyColumn ? node->key : node->text;
    case Qt::ToolTipRole:
        if (index.column() == KeyColumn)
            return node->path;
        return node->value.isString() && node->value.toString().size() > kMaxValueChars
                   ? QVariant(node->value.toString().left(4096))
                   : QVariant();
    case PathRole:
        return node->path;
    case JsonValueRole:
        return QVariant::fromValue(node->value);
    case CopyTextRole:
        return propertyText(node->value);
    default:
        return QVariant();
    }
}

QVariant PropertyTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return QVariant();
    return section == KeyColumn ? tr("Property") : section == ValueColumn ? tr("Value") : QVariant();
}

Qt::ItemFlags PropertyTreeModel::flags(const QModelIndex& index) const
{
    if (!index.isValid())
        return Qt::NoItemFlags;
    Qt::ItemFlags flags = Qt::ItemIsEnabled | Qt::ItemIsSelectable;
    if (nodeOf(index)->children.empty())
        flags |= Qt::ItemNeverHasChildren;
    return flags;
}

} // namespace hogscope::model
