#pragma once

// The paths diagram, Sankey style, drawn with our own QGraphicsItems: one column of nodes per step,
// node heights and link widths proportional to traversals, labels beside the nodes, counts in hover
// tooltips, and signals when a node or link is clicked. The scene renders itself for exports.

#include "model/paths_graph.h"

#include <QGraphicsScene>
#include <QGraphicsView>

namespace hogscope::ui {

// What a click on a node asks for (PostHog's pathEndKey / pathStartKey / pathDropoffKey).
enum class PathsNodeSelection
{
    Reached,   // persons who reached the node
    WentOn,    // persons who went on from the node to a next step
    DroppedOff // persons whose path ended at the node
};

class PathsScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit PathsScene(QObject* parent = nullptr);

    // Lays the graph out (replaces every item). `nodeDescription`/`linkDescription` give tooltips.
    void setGraph(const model::PathsGraph& graph);
    const model::PathsGraph& graph() const { return m_graph; }
    void setTitle(const QString& title) { m_title = title; }

    // Where node / link `index` is drawn, in scene coordinates (tests click there).
    QRectF nodeRect(int node) const;
    QPointF linkPoint(int link) const;
    // Draws the title and the diagram scaled into `target` (exports, `hogscope render`).
    void renderTo(QPainter& painter, const QRectF& target);

    // Called by the items.
    void nodeActivated(int node, PathsNodeSelection selection);
    void linkActivated(int link);

Q_SIGNALS:
    void nodeClicked(int node, hogscope::ui::PathsNodeSelection selection);
    void linkClicked(int link);

private:
    model::PathsGraph m_graph;
    QList<QRectF> m_nodeRects;
    QList<QPointF> m_linkPoints;
    QString m_title;
};

class PathsView : public QGraphicsView
{
    Q_OBJECT
public:
    explicit PathsView(PathsScene* scene, QWidget* parent = nullptr);
    PathsScene* pathsScene() const { return m_scene; }
    // Fits the diagram into the view (never magnifying past 100%).
    void fit();

protected:
    void resizeEvent(QResizeEvent* event) override;

private:
    PathsScene* m_scene;
};

} // namespace hogscope::ui
