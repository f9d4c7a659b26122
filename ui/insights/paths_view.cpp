#include "paths_view.h"

#include "ui/theme.h"

#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QGraphicsSceneContextMenuEvent>
#include <QGraphicsSceneHoverEvent>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsSimpleTextItem>
#include <QHash>
#include <QLocale>
#include <QMenu>
#include <QPainter>
#include <QPointer>
#include <QResizeEvent>

#include <algorithm>

namespace hogscope::ui {

namespace {

constexpr qreal kNodeWidth = 14;
constexpr qreal kColumnSpacing = 270;
constexpr qreal kHeight = 560;
constexpr qreal kGap = 16;
constexpr qreal kMargin = 20;
constexpr qreal kLabelWidth = 230;

const QColor kNodeColor(0x1d, 0x4a, 0xff);
const QColor kLinkColor(0x5c, 0x7c, 0xfa);
const QColor kText(0x1f, 0x23, 0x2b);

// The canvas and its text in the scheme the scene is built in (the scene is rebuilt on a flip).
struct SceneColors
{
    QColor background;
    QColor text;
    QColor plate; // behind labels that cross links
    QColor heading;
};
SceneColors sceneColors(bool dark)
{
    if (dark)
        return {QColor(0x1e, 0x1f, 0x24), QColor(0xe5, 0xe7, 0xeb), QColor(0x1e, 0x1f, 0x24, 215),
                QColor(0x9c, 0xa3, 0xaf)};
    return {Qt::white, kText, QColor(255, 255, 255, 215), QColor(0x5f, 0x67, 0x75)};
}

class NodeItem : public QGraphicsRectItem
{
public:
    NodeItem(const QRectF& rect, int node)
        : QGraphicsRectItem(rect)
        , m_node(node)
    {
        setAcceptHoverEvents(true);
        setCursor(Qt::PointingHandCursor);
        setBrush(kNodeColor);
        setPen(Qt::NoPen);
        setZValue(2);
    }

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent*) override { setBrush(kNodeColor.darker(140)); }
    void hoverLeaveEvent(QGraphicsSceneHoverEvent*) override { setBrush(kNodeColor); }
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override
    {
        if (event->button() == Qt::LeftButton)
            static_cast<PathsScene*>(scene())->nodeActivated(m_node, PathsNodeSelection::Reached);
    }
    void contextMenuEvent(QGraphicsSceneContextMenuEvent* event) override
    {
        // popup(), not exec(): no nested event loop; the menu deletes itself when it closes.
        auto* menu = new QMenu;
        menu->setAttribute(Qt::WA_DeleteOnClose);
        QPointer<PathsScene> paths(static_cast<PathsScene*>(scene()));
        const int node = m_node;
        const QString item = paths->graph().shortItem(paths->graph().nodes.value(node).item);
        auto add = [&](const QString& text, PathsNodeSelection selection) {
            QAction* action = menu->addAction(text);
            QObject::connect(action, &QAction::triggered, menu, [paths, node, selection] {
                if (paths)
                    paths->nodeActivated(node, selection);
            });
        };
        add(PathsScene::tr("Persons who reached %1").arg(item), PathsNodeSelection::Reached);
        add(PathsScene::tr("Persons who went on from it"), PathsNodeSelection::WentOn);
        add(PathsScene::tr("Persons whose path ended there"), PathsNodeSelection::DroppedOff);
        menu->popup(event->screenPos());
    }

private:
    int m_node;
};

class LinkItem : public QGraphicsPathItem
{
public:
    LinkItem(const QPainterPath& path, int link)
        : QGraphicsPathItem(path)
        , m_link(link)
    {
        setAcceptHoverEvents(true);
        setCursor(Qt::PointingHandCursor);
        setPen(Qt::NoPen);
        setColor(0.35);
        setZValue(1);
    }

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent*) override { setColor(0.65); }
    void hoverLeaveEvent(QGraphicsSceneHoverEvent*) override { setColor(0.35); }
    void mousePressEvent(QGraphicsSceneMouseEvent* event) override
    {
        if (event->button() == Qt::LeftButton)
            static_cast<PathsScene*>(scene())->linkActivated(m_link);
    }

private:
    void setColor(double alpha)
    {
        QColor color = kLinkColor;
        color.setAlphaF(float(alpha));
        setBrush(color);
    }
    int m_link;
};

QString tooltipForNode(const model::PathsGraph& graph, int n)
{
    const model::PathsNode& node = graph.nodes[n];
    const QLocale locale;
    QString text = PathsScene::tr("Step %1: %2").arg(node.step).arg(node.item);
    if (node.inflow > 0)
        text += PathsScene::tr("\n%1 traversals arrive here").arg(locale.toString(node.inflow));
    else
        text += PathsScene::tr("\n%1 paths start here").arg(locale.toString(node.outflow));
    if (node.inflow > 0 && node.outflow > 0)
        text += PathsScene::tr("\n%1 go on to step %2").arg(locale.toString(node.outflow)).arg(node.step + 1);
    if (node.dropoff() > 0)
        text += PathsScene::tr("\n%1 end here (no next step within the limit)")
                    .arg(locale.toString(node.dropoff()));
    text += PathsScene::tr("\nClick for the persons who reached it; right-click for more.");
    return text;
}

QString tooltipForLink(const model::PathsGraph& graph, int l)
{
    const model::PathsLink& link = graph.links[l];
    const model::PathsNode& source = graph.nodes[link.source];
    const model::PathsNode& target = graph.nodes[link.target];
    return PathsScene::tr("%1 → %2\n%3 traversals (a person who went this way in two sessions counts twice)\n"
                          "%4 between the steps on average\nClick for the persons who went this way.")
        .arg(graph.shortItem(source.item), graph.shortItem(target.item), QLocale().toString(link.value),
             model::durationText(link.averageConversionTimeMs));
}

} // namespace

PathsScene::PathsScene(QObject* parent)
    : QGraphicsScene(parent)
{
    setBackgroundBrush(sceneColors(theme::isDarkApplication()).background);
}

void PathsScene::nodeActivated(int node, PathsNodeSelection selection)
{
    Q_EMIT nodeClicked(node, selection);
}

void PathsScene::linkActivated(int link)
{
    Q_EMIT linkClicked(link);
}

QRectF PathsScene::nodeRect(int node) const
{
    return m_nodeRects.value(node);
}

QPointF PathsScene::linkPoint(int link) const
{
    return m_linkPoints.value(link);
}

void PathsScene::setGraph(const model::PathsGraph& graph)
{
    clear();
    const SceneColors colors = sceneColors(theme::isDarkApplication());
    setBackgroundBrush(colors.background);
    m_graph = graph;
    m_nodeRects = QList<QRectF>(graph.nodes.size());
    m_linkPoints = QList<QPointF>(graph.links.size());
    if (graph.nodes.isEmpty()) {
        auto* text = addSimpleText(tr("No paths in this date range."));
        text->setBrush(colors.text);
        setSceneRect(QRectF(0, 0, 400, 100));
        return;
    }
    // Scale: the fullest column fills the height (below the step headings).
    QHash<int, qint64> columnValue;
    QHash<int, int> columnNodes;
    for (const model::PathsNode& node : graph.nodes) {
        columnValue[node.step] += node.value();
        columnNodes[node.step] += 1;
    }
    double scale = 1e9;
    for (auto it = columnValue.cbegin(); it != columnValue.cend(); ++it) {
        const qreal free = kHeight - (columnNodes[it.key()] - 1) * kGap;
        if (it.value() > 0)
            scale = std::min(scale, double(std::max<qreal>(free, kHeight * 0.3)) / double(it.value()));
    }
    if (scale >= 1e9)
        scale = 1;
    // Nodes, each column centred vertically.
    QHash<int, qreal> columnTop;
    for (auto it = columnValue.cbegin(); it != columnValue.cend(); ++it) {
        const qreal used = it.value() * scale + (columnNodes[it.key()] - 1) * kGap;
        columnTop[it.key()] = kMargin + 12 + std::max<qreal>(0, (kHeight - used) / 2);
    }
    QFont labelFont;
    labelFont.setPixelSize(12);
    const QFontMetricsF metrics(labelFont);
    const QLocale locale;
    for (int n = 0; n < graph.nodes.size(); ++n) {
        const model::PathsNode& node = graph.nodes[n];
        const qreal x = kMargin + (node.step - 1) * kColumnSpacing;
        const qreal height = std::max<qreal>(2, node.value() * scale);
        const QRectF rect(x, columnTop[node.step], kNodeWidth, height);
        columnTop[node.step] += height + kGap;
        m_nodeRects[n] = rect;
        auto* item = new NodeItem(rect, n);
        item->setToolTip(tooltipForNode(graph, n));
        addItem(item);
        // The label: the item (short form) and its traversals, on a white plate so links do not
        // run through the text.
        const QString count = locale.toString(node.value());
        const QString text = metrics.elidedText(graph.shortItem(node.item), Qt::ElideMiddle,
                                                kLabelWidth - metrics.horizontalAdvance(count) - 24);
        const QString full = QStringLiteral("%1  %2").arg(text, count);
        auto* label = new QGraphicsSimpleTextItem(full);
        label->setFont(labelFont);
        label->setBrush(colors.text);
        label->setToolTip(tooltipForNode(graph, n));
        label->setZValue(4);
        const QSizeF size = metrics.size(0, full);
        label->setPos(rect.right() + 6, rect.center().y() - size.height() / 2);
        auto* plate =
            addRect(QRectF(label->pos() - QPointF(3, 1), size + QSizeF(6, 2)), Qt::NoPen, colors.plate);
        plate->setZValue(3);
        addItem(label);
    }
    // Links, stacked at both ends in the order of the node at the other end.
    QList<qreal> outOffset(graph.nodes.size(), 0);
    QList<qreal> inOffset(graph.nodes.size(), 0);
    QList<qreal> outTop(graph.links.size());
    QList<qreal> inTop(graph.links.size());
    for (int n = 0; n < graph.nodes.size(); ++n) {
        for (int l : graph.nodes[n].out) {
            outTop[l] = m_nodeRects[n].top() + outOffset[n];
            outOffset[n] += graph.links[l].value * scale;
        }
        for (int l : graph.nodes[n].in) {
            inTop[l] = m_nodeRects[n].top() + inOffset[n];
            inOffset[n] += graph.links[l].value * scale;
        }
    }
    for (int l = 0; l < graph.links.size(); ++l) {
        const model::PathsLink& link = graph.links[l];
        const qreal thickness = std::max<qreal>(1, link.value * scale);
        const qreal x0 = m_nodeRects[link.source].right();
        const qreal x1 = m_nodeRects[link.target].left();
        const qreal y0 = outTop[l];
        const qreal y1 = inTop[l];
        const qreal mid = (x0 + x1) / 2;
        QPainterPath path(QPointF(x0, y0));
        path.cubicTo(QPointF(mid, y0), QPointF(mid, y1), QPointF(x1, y1));
        path.lineTo(x1, y1 + thickness);
        path.cubicTo(QPointF(mid, y1 + thickness), QPointF(mid, y0 + thickness), QPointF(x0, y0 + thickness));
        path.closeSubpath();
        auto* item = new LinkItem(path, l);
        item->setToolTip(tooltipForLink(graph, l));
        addItem(item);
        m_linkPoints[l] = QPointF(mid, (y0 + y1) / 2 + thickness / 2);
    }
    // Step headings above the columns.
    QFont headingFont = labelFont;
    headingFont.setBold(true);
    for (int step = 1; step <= graph.steps; ++step) {
        auto* heading = addSimpleText(tr("Step %1").arg(step), headingFont);
        heading->setBrush(colors.heading);
        heading->setPos(kMargin + (step - 1) * kColumnSpacing, 0);
    }
    const qreal width = kMargin * 2 + (graph.steps - 1) * kColumnSpacing + kNodeWidth + kLabelWidth;
    setSceneRect(
        QRectF(0, 0, width, kHeight + 2 * kMargin + 12).united(itemsBoundingRect().adjusted(-4, -4, 4, 4)));
}

void PathsScene::renderTo(QPainter& painter, const QRectF& target)
{
    painter.save();
    // the image shows the scene as built, so its paper and title follow the scene's scheme
    const QColor paper = backgroundBrush().color();
    painter.fillRect(target, paper);
    QFont font = painter.font();
    font.setPixelSize(16);
    font.setBold(true);
    painter.setFont(font);
    painter.setPen(sceneColors(paper.lightness() < 128).text);
    const QRectF titleRect(target.left() + 16, target.top() + 8, target.width() - 32, 26);
    painter.drawText(titleRect, Qt::AlignLeft | Qt::AlignVCenter, m_title);
    painter.setRenderHint(QPainter::Antialiasing);
    const QRectF area = target.adjusted(8, 40, -8, -8);
    render(&painter, area, sceneRect(), Qt::KeepAspectRatio);
    painter.restore();
}

PathsView::PathsView(PathsScene* scene, QWidget* parent)
    : QGraphicsView(scene, parent)
    , m_scene(scene)
{
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setAlignment(Qt::AlignLeft | Qt::AlignTop);
    theme::followScheme(this, [this](bool dark) {
        setBackgroundBrush(sceneColors(dark).background);
        if (m_scene->backgroundBrush().color() != sceneColors(dark).background)
            m_scene->setGraph(model::PathsGraph(m_scene->graph())); // rebuild in the new colours
    });
    connect(scene, &QGraphicsScene::sceneRectChanged, this, [this] { fit(); });
}

void PathsView::fit()
{
    resetTransform();
    const QRectF rect = m_scene->sceneRect();
    const QSizeF room = viewport()->size();
    if (rect.isEmpty() || room.isEmpty())
        return;
    const qreal factor = std::min({1.0, room.width() / rect.width(), room.height() / rect.height()});
    // Below 60% the labels stop being readable: scroll instead.
    scale(std::max(factor, 0.6), std::max(factor, 0.6));
}

void PathsView::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    fit();
}

} // namespace hogscope::ui
