#include "model/paths_graph.h"

#include <QHash>
#include <QLocale>
#include <QUrl>

#include <algorithm>

namespace hogscope::model {

namespace {

void splitNode(const QString& id, int* step, QString* item)
{
    const qsizetype underscore = id.indexOf(QLatin1Char('_'));
    bool ok = false;
    const int number = underscore > 0 ? id.left(underscore).toInt(&ok) : 0;
    *step = ok ? number : 0;
    *item = ok ? id.mid(underscore + 1) : id;
}

} // namespace

QString durationText(double milliseconds)
{
    const qint64 seconds = qint64(milliseconds / 1000.0 + 0.5);
    if (seconds < 60)
        return QStringLiteral("%1 s").arg(seconds);
    if (seconds < 3600)
        return QStringLiteral("%1 min %2 s").arg(seconds / 60).arg(seconds % 60);
    return QStringLiteral("%1 h %2 min").arg(seconds / 3600).arg((seconds % 3600) / 60);
}

PathsGraph PathsGraph::build(const QList<PathsLinkInput>& edges)
{
    PathsGraph graph;
    QHash<QString, int> ids;
    auto nodeFor = [&](const QString& id) {
        const auto it = ids.constFind(id);
        if (it != ids.cend())
            return *it;
        PathsNode node;
        node.id = id;
        splitNode(id, &node.step, &node.item);
        graph.nodes << node;
        ids.insert(id, int(graph.nodes.size() - 1));
        return int(graph.nodes.size() - 1);
    };
    for (const PathsLinkInput& edge : edges) {
        PathsLink link;
        link.source = nodeFor(edge.source);
        link.target = nodeFor(edge.target);
        link.value = edge.value;
        link.averageConversionTimeMs = edge.averageConversionTimeMs;
        graph.nodes[link.source].outflow += edge.value;
        graph.nodes[link.target].inflow += edge.value;
        graph.links << link;
    }
    // Order the nodes (step, value desc, item) and renumber the links.
    QList<int> order(graph.nodes.size());
    for (int i = 0; i < order.size(); ++i)
        order[i] = i;
    std::sort(order.begin(), order.end(), [&](int a, int b) {
        const PathsNode& x = graph.nodes[a];
        const PathsNode& y = graph.nodes[b];
        if (x.step != y.step)
            return x.step < y.step;
        if (x.value() != y.value())
            return x.value() > y.value();
        return x.item < y.item;
    });
    QList<int> newIndex(order.size());
    QList<PathsNode> sorted;
    for (int i = 0; i < order.size(); ++i) {
        newIndex[order[i]] = i;
        sorted << graph.nodes[order[i]];
    }
    graph.nodes = sorted;
    for (int l = 0; l < graph.links.size(); ++l) {
        PathsLink& link = graph.links[l];
        link.source = newIndex[link.source];
        link.target = newIndex[link.target];
    }
    // Links leave and arrive in the order of the nodes at their other end, so bands do not cross
    // more than they must.
    for (int l = 0; l < graph.links.size(); ++l) {
        graph.nodes[graph.links[l].source].out << l;
        graph.nodes[graph.links[l].target].in << l;
    }
    for (PathsNode& node : graph.nodes) {
        std::sort(node.out.begin(), node.out.end(),
                  [&](int a, int b) { return graph.links[a].target < graph.links[b].target; });
        std::sort(node.in.begin(), node.in.end(),
                  [&](int a, int b) { return graph.links[a].source < graph.links[b].source; });
        graph.steps = std::max(graph.steps, node.step);
    }
    // One host for every URL item: show paths, keep the host for tooltips and titles.
    QString host;
    bool allUrls = !graph.nodes.isEmpty();
    for (const PathsNode& node : graph.nodes) {
        const QUrl url(node.item);
        if (!node.item.contains(QLatin1String("://")) || !url.isValid() || url.host().isEmpty()) {
            allUrls = false;
            break;
        }
        const QString nodeHost = url.scheme() + QStringLiteral("://") + url.authority();
        if (host.isEmpty())
            host = nodeHost;
        else if (host != nodeHost) {
            allUrls = false;
            break;
        }
    }
    if (allUrls)
        graph.commonHost = host;
    return graph;
}

int PathsGraph::findNode(const QString& id) const
{
    for (int i = 0; i < nodes.size(); ++i) {
        if (nodes[i].id == id)
            return i;
    }
    return -1;
}

QString PathsGraph::shortItem(const QString& item) const
{
    if (commonHost.isEmpty() || !item.startsWith(commonHost))
        return item;
    const QString rest = item.mid(commonHost.size());
    return rest.isEmpty() ? QStringLiteral("/") : rest;
}

PathsLinksModel::PathsLinksModel(QObject* parent)
    : QAbstractTableModel(parent)
{}

void PathsLinksModel::setGraph(PathsGraph graph)
{
    beginResetModel();
    m_graph = std::move(graph);
    endResetModel();
}

int PathsLinksModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_graph.links.size());
}

int PathsLinksModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : 4;
}

QVariant PathsLinksModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return QVariant();
    const PathsLink& link = m_graph.links[index.row()];
    const PathsNode& source = m_graph.nodes[link.source];
    const PathsNode& target = m_graph.nodes[link.target];
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case 0:
            return QStringLiteral("%1. %2").arg(source.step).arg(m_graph.shortItem(source.item));
        case 1:
            return QStringLiteral("%1. %2").arg(target.step).arg(m_graph.shortItem(target.item));
        case 2:
            return QLocale().toString(link.value);
        case 3:
            return durationText(link.averageConversionTimeMs);
        }
        return QVariant();
    case Qt::TextAlignmentRole:
        return index.column() >= 2 ? QVariant(Qt::AlignRight | Qt::AlignVCenter)
                                   : QVariant(Qt::AlignLeft | Qt::AlignVCenter);
    case Qt::ToolTipRole:
        return linkDescription(index.row());
    case LinkRole:
        return index.row();
    case ValueRole:
        return link.value;
    case SourceIdRole:
        return source.id;
    case TargetIdRole:
        return target.id;
    default:
        return QVariant();
    }
}

QVariant PathsLinksModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole || section < 0 || section >= 4)
        return QVariant();
    static const char* const names[] = {"From", "To", "Traversals", "Average time"};
    return QString::fromLatin1(names[section]);
}

QString PathsLinksModel::linkDescription(int l) const
{
    if (l < 0 || l >= m_graph.links.size())
        return QString();
    const PathsLink& link = m_graph.links[l];
    const PathsNode& source = m_graph.nodes[link.source];
    const PathsNode& target = m_graph.nodes[link.target];
    return QStringLiteral("%1 traversals from step %2 (%3) to step %4 (%5), %6 apart on average.\n"
                          "A person who went this way in two sessions counts twice.")
        .arg(QLocale().toString(link.value))
        .arg(source.step)
        .arg(source.item)
        .arg(target.step)
        .arg(target.item, durationText(link.averageConversionTimeMs));
}

QString PathsLinksModel::nodeDescription(int n) const
{
    if (n < 0 || n >= m_graph.nodes.size())
        return QString();
    const PathsNode& node = m_graph.nodes[n];
    const QLocale locale;
    QString text = QStringLiteral("Step %1: %2\n").arg(node.step).arg(node.item);
    if (node.step <= 1 || node.inflow == 0)
        text += QStringLiteral("%1 paths start here").arg(locale.toString(node.outflow));
    else
        text += QStringLiteral("%1 traversals arrive here").arg(locale.toString(node.inflow));
    if (node.outflow > 0 && node.inflow > 0)
        text += QStringLiteral(", %1 go on to a next step").arg(locale.toString(node.outflow));
    if (node.dropoff() > 0)
        text += QStringLiteral(", %1 end here").arg(locale.toString(node.dropoff()));
    text += QLatin1Char('.');
    return text;
}

} // namespace hogscope::model
