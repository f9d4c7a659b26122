#pragma once

// A paths result as a graph (QtCore only): nodes "<step>_<item>" with what flows in and out of them,
// and the links between them, plus a table model of the links. The Sankey diagram (ui/insights)
// lays it out. See spec/insight-semantics.md §4: a link's value counts traversals, not persons.

#include <QAbstractTableModel>
#include <QList>
#include <QString>

#include <algorithm>

namespace hogscope::model {

struct PathsLinkInput
{
    QString source; // "1_https://x/pricing"
    QString target;
    qint64 value = 0;
    double averageConversionTimeMs = 0;
};

struct PathsNode
{
    QString id;   // "2_https://x/pricing"
    int step = 0; // 1-based
    QString item; // "https://x/pricing" or an event name
    qint64 inflow = 0;
    qint64 outflow = 0;
    QList<int> in;  // link indexes, in drawing order
    QList<int> out; // link indexes, in drawing order

    // Traversals through the node: what arrives (or leaves, for a first step).
    qint64 value() const { return std::max(inflow, outflow); }
    // Traversals that end here (arrived but did not go on within the step limit).
    qint64 dropoff() const { return inflow > outflow ? inflow - outflow : 0; }
};

struct PathsLink
{
    int source = -1; // node indexes
    int target = -1;
    qint64 value = 0;
    double averageConversionTimeMs = 0;
};

struct PathsGraph
{
    QList<PathsNode> nodes; // ordered by step, then value (largest first), then item
    QList<PathsLink> links; // in the server's order
    int steps = 0;

    static PathsGraph build(const QList<PathsLinkInput>& edges);
    int findNode(const QString& id) const;
    // "https://filedrop.io/pricing" -> "/pricing" when every URL item shares one host; else as is.
    QString shortItem(const QString& item) const;
    QString commonHost; // set by build() when every item is a URL of one host
};

// The links as a table: From, To, Traversals, Average time.
class PathsLinksModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Role
    {
        LinkRole = Qt::UserRole + 1, // int: index into graph().links
        ValueRole,                   // qint64: traversals
        SourceIdRole,                // QString: the source node id
        TargetIdRole,                // QString: the target node id
    };
    explicit PathsLinksModel(QObject* parent = nullptr);

    void setGraph(PathsGraph graph);
    const PathsGraph& graph() const { return m_graph; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    QString linkDescription(int link) const;
    QString nodeDescription(int node) const;

private:
    PathsGraph m_graph;
};

// "41 s", "3 min 5 s", "2 h 4 min".
QString durationText(double milliseconds);

} // namespace hogscope::model
