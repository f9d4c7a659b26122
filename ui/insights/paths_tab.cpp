#include "paths_tab.h"

#include "date_range_edit.h"
#include "insight_runner.h"

#include "api/insight_results.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

#include <set>
#include <vector>

namespace hogscope::ui {

namespace {

QComboBox* pointBox(QWidget* parent, const QString& name, const QString& placeholder)
{
    auto* box = new QComboBox(parent);
    box->setObjectName(name);
    box->setEditable(true);
    box->setInsertPolicy(QComboBox::NoInsert);
    box->setMinimumContentsLength(22);
    box->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    box->lineEdit()->setPlaceholderText(placeholder);
    box->lineEdit()->setClearButtonEnabled(true);
    return box;
}

} // namespace

model::PathsGraph pathsGraphFrom(const api::PathsResult& result)
{
    QList<model::PathsLinkInput> edges;
    for (const api::PathEdge& edge : result.edges)
        edges << model::PathsLinkInput{edge.source, edge.target, edge.value, edge.averageConversionTimeMs};
    return model::PathsGraph::build(edges);
}

PathsTab::PathsTab(QWidget* parent)
    : InsightTab(parent)
    , m_pageviews(new QCheckBox(tr("Page views ($pageview)"), this))
    , m_screens(new QCheckBox(tr("Screens ($screen)"), this))
    , m_custom(new QCheckBox(tr("Custom events"), this))
    , m_start(pointBox(this, QStringLiteral("pathsStart"), tr("anywhere")))
    , m_end(pointBox(this, QStringLiteral("pathsEnd"), tr("anywhere")))
    , m_steps(new QSpinBox(this))
    , m_edges(new QSpinBox(this))
    , m_splitter(new QSplitter(Qt::Vertical, this))
    , m_scene(new PathsScene(this))
    , m_view(new PathsView(m_scene, m_splitter))
    , m_table(new QTableView(m_splitter))
    , m_links(new model::PathsLinksModel(this))
{
    setObjectName(QStringLiteral("pathsTab"));
    m_pageviews->setChecked(true);
    m_custom->setToolTip(tr("Events whose name does not start with $"));
    const QString none = tr("With nothing ticked, every event is a step.");
    for (QCheckBox* box : {m_pageviews, m_screens, m_custom})
        box->setToolTip(box->toolTip().isEmpty() ? none : box->toolTip() + QLatin1Char('\n') + none);
    m_start->setToolTip(
        tr("Only paths through this page or event, starting there (a URL, or an event name)"));
    m_end->setToolTip(tr("Only paths that reach this page or event, ending there"));
    m_steps->setRange(2, 20);
    m_steps->setValue(5);
    m_steps->setToolTip(tr("Steps kept of each path"));
    m_edges->setRange(5, 500);
    m_edges->setValue(50);
    m_edges->setToolTip(tr("Most traversed links kept (PostHog's edge limit)"));

    auto* row1 = new QHBoxLayout;
    row1->addWidget(new QLabel(tr("Steps are"), this));
    row1->addWidget(m_pageviews);
    row1->addWidget(m_screens);
    row1->addWidget(m_custom);
    row1->addStretch(1);
    auto* row2 = new QHBoxLayout;
    row2->addWidget(new QLabel(tr("Starting at"), this));
    row2->addWidget(m_start, 1);
    row2->addWidget(new QLabel(tr("ending at"), this));
    row2->addWidget(m_end, 1);
    row2->addWidget(new QLabel(tr("Steps:"), this));
    row2->addWidget(m_steps);
    row2->addWidget(new QLabel(tr("Links:"), this));
    row2->addWidget(m_edges);
    formLayout()->addLayout(row1);
    formLayout()->addLayout(row2);

    m_view->setObjectName(QStringLiteral("pathsView"));
    m_table->setObjectName(QStringLiteral("pathsLinks"));
    m_table->setModel(m_links);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    m_table->verticalHeader()->setDefaultSectionSize(22);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setColumnWidth(0, 300);
    m_table->setColumnWidth(1, 300);
    m_splitter->addWidget(m_view);
    m_splitter->addWidget(m_table);
    m_splitter->setChildrenCollapsible(false);
    m_view->setMinimumHeight(260);
    m_table->setMinimumHeight(90);
    m_splitter->setStretchFactor(0, 4);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({620, 170});
    contentLayout()->addWidget(m_splitter);

    for (QCheckBox* box : {m_pageviews, m_screens, m_custom})
        connect(box, &QCheckBox::toggled, this, &PathsTab::formChanged);
    for (QComboBox* box : {m_start, m_end}) {
        connect(box, &QComboBox::activated, this, &PathsTab::formChanged);
        connect(box->lineEdit(), &QLineEdit::editingFinished, this, &PathsTab::formChanged);
    }
    connect(m_steps, &QSpinBox::valueChanged, this, &PathsTab::formChanged);
    connect(m_edges, &QSpinBox::valueChanged, this, &PathsTab::formChanged);
    connect(m_scene, &PathsScene::nodeClicked, this, &PathsTab::activateNode);
    connect(m_scene, &PathsScene::linkClicked, this, &PathsTab::activateLink);
    connect(m_table, &QTableView::clicked, this,
            [this](const QModelIndex& index) { activateLink(index.row()); });
    m_base = buildQuery();
    m_scene->setTitle(diagramTitle());
}

QJsonObject PathsTab::buildQuery() const
{
    QJsonObject query = m_base;
    query.insert(QStringLiteral("kind"), QStringLiteral("PathsQuery"));
    query.insert(QStringLiteral("dateRange"), dateRangeEdit()->dateRange());
    QJsonObject filter = query.value(QStringLiteral("pathsFilter")).toObject();
    QJsonArray types;
    if (m_pageviews->isChecked())
        types.append(QStringLiteral("$pageview"));
    if (m_screens->isChecked())
        types.append(QStringLiteral("$screen"));
    if (m_custom->isChecked())
        types.append(QStringLiteral("custom_event"));
    filter.insert(QStringLiteral("includeEventTypes"), types);
    const QString start = m_start->currentText().trimmed();
    const QString end = m_end->currentText().trimmed();
    if (start.isEmpty())
        filter.remove(QStringLiteral("startPoint"));
    else
        filter.insert(QStringLiteral("startPoint"), start);
    if (end.isEmpty())
        filter.remove(QStringLiteral("endPoint"));
    else
        filter.insert(QStringLiteral("endPoint"), end);
    filter.insert(QStringLiteral("stepLimit"), m_steps->value());
    filter.insert(QStringLiteral("edgeLimit"), m_edges->value());
    // Drill-down keys belong to the actors query only.
    for (const char* key : {"pathStartKey", "pathEndKey", "pathDropoffKey"})
        filter.remove(QLatin1StringView(key));
    query.insert(QStringLiteral("pathsFilter"), filter);
    return query;
}

void PathsTab::setQuery(const QJsonObject& query)
{
    m_base = query;
    const QJsonObject filter = query.value(QStringLiteral("pathsFilter")).toObject();
    std::vector<QSignalBlocker> blockers;
    blockers.reserve(7);
    for (QObject* object :
         std::initializer_list<QObject*>{m_pageviews, m_screens, m_custom, m_start, m_end, m_steps, m_edges})
        blockers.emplace_back(object);
    QStringList types;
    for (const QJsonValue& type : filter.value(QStringLiteral("includeEventTypes")).toArray())
        types << type.toString();
    m_pageviews->setChecked(types.contains(QStringLiteral("$pageview")));
    m_screens->setChecked(types.contains(QStringLiteral("$screen")));
    m_custom->setChecked(types.contains(QStringLiteral("custom_event")));
    m_start->setCurrentText(filter.value(QStringLiteral("startPoint")).toString());
    m_end->setCurrentText(filter.value(QStringLiteral("endPoint")).toString());
    m_steps->setValue(filter.value(QStringLiteral("stepLimit")).toInt(5));
    m_edges->setValue(filter.value(QStringLiteral("edgeLimit")).toInt(50));
    blockers.clear();
    if (query.value(QStringLiteral("dateRange")).isObject())
        dateRangeEdit()->setDateRange(query.value(QStringLiteral("dateRange")).toObject());
    formChanged();
}

QString PathsTab::diagramTitle() const
{
    const QJsonObject filter = shownQuery().value(QStringLiteral("pathsFilter")).toObject();
    QString title = tr("Paths");
    const QString start = filter.value(QStringLiteral("startPoint")).toString();
    const QString end = filter.value(QStringLiteral("endPoint")).toString();
    if (!start.isEmpty())
        title += tr(" from %1").arg(start);
    if (!end.isEmpty())
        title += tr(" to %1").arg(end);
    const QString host = m_links->graph().commonHost;
    if (!host.isEmpty())
        title += tr(" · pages of %1").arg(host);
    return title;
}

void PathsTab::applyBody(const QByteArray& body, quint64 generation)
{
    using Response = api::InsightResponse<api::PathsResult>;
    decodeInBackground<Response>(
        this, body, &api::decodePathsResponse, [this, generation](const Response& response) {
            if (!isCurrent(generation))
                return;
            if (response.outcome != Response::Outcome::Completed) {
                showDecodeError(generation, response.error.message);
                return;
            }
            model::PathsGraph graph = pathsGraphFrom(response.result);
            m_links->setGraph(graph);
            m_scene->setGraph(graph);
            qint64 traversals = 0;
            for (const model::PathsLink& link : graph.links)
                traversals += link.value;
            const QLocale locale;
            showResult(generation, graph.links.isEmpty(),
                       tr("%n link(s) over %1 steps, %2 traversals · click a node or link for its persons",
                          nullptr, int(graph.links.size()))
                           .arg(graph.steps)
                           .arg(locale.toString(traversals)));
            m_scene->setTitle(diagramTitle());
            m_view->fit();
            updateSuggestions();
        });
}

void PathsTab::updateSuggestions()
{
    // Start and end points the user can pick: the items of the result, most traversed first.
    std::set<QString> seen;
    QStringList items;
    for (const model::PathsNode& node : m_links->graph().nodes) {
        if (seen.insert(node.item).second)
            items << node.item;
    }
    for (QComboBox* box : {m_start, m_end}) {
        const QSignalBlocker blocker(box);
        const QString current = box->currentText();
        box->clear();
        box->addItems(items);
        box->setCurrentText(current);
    }
}

void PathsTab::activateNode(int node, PathsNodeSelection selection)
{
    const model::PathsGraph& graph = m_links->graph();
    if (node < 0 || node >= graph.nodes.size())
        return;
    const model::PathsNode& n = graph.nodes[node];
    QJsonObject filter = shownQuery().value(QStringLiteral("pathsFilter")).toObject();
    QString title;
    switch (selection) {
    case PathsNodeSelection::Reached:
        filter.insert(QStringLiteral("pathEndKey"), n.id);
        title = tr("Persons who reached %1 at step %2").arg(n.item).arg(n.step);
        break;
    case PathsNodeSelection::WentOn:
        filter.insert(QStringLiteral("pathStartKey"), n.id);
        title = tr("Persons who went on from %1 at step %2").arg(n.item).arg(n.step);
        break;
    case PathsNodeSelection::DroppedOff:
        filter.insert(QStringLiteral("pathDropoffKey"), n.id);
        title = tr("Persons whose path ended at %1 at step %2").arg(n.item).arg(n.step);
        break;
    }
    QJsonObject source = shownQuery();
    source.insert(QStringLiteral("pathsFilter"), filter);
    // PostHog puts the keys into the source PathsQuery's pathsFilter.
    Q_EMIT actorsRequested(QJsonObject{{QStringLiteral("kind"), QStringLiteral("InsightActorsQuery")},
                                       {QStringLiteral("source"), source}},
                           title);
}

void PathsTab::activateLink(int link)
{
    const model::PathsGraph& graph = m_links->graph();
    if (link < 0 || link >= graph.links.size())
        return;
    const model::PathsNode& source = graph.nodes[graph.links[link].source];
    const model::PathsNode& target = graph.nodes[graph.links[link].target];
    QJsonObject filter = shownQuery().value(QStringLiteral("pathsFilter")).toObject();
    filter.insert(QStringLiteral("pathStartKey"), source.id);
    filter.insert(QStringLiteral("pathEndKey"), target.id);
    QJsonObject query = shownQuery();
    query.insert(QStringLiteral("pathsFilter"), filter);
    Q_EMIT actorsRequested(QJsonObject{{QStringLiteral("kind"), QStringLiteral("InsightActorsQuery")},
                                       {QStringLiteral("source"), query}},
                           tr("Persons who went from %1 (step %2) to %3 (step %4)")
                               .arg(source.item)
                               .arg(source.step)
                               .arg(target.item)
                               .arg(target.step));
}

QList<InsightExportTarget> PathsTab::exportTargets() const
{
    PathsScene* scene = m_scene;
    const QSizeF size = scene->sceneRect().size();
    return {InsightExportTarget{
        tr("Paths diagram"),
        [scene](QPainter& painter, const QRectF& target) { scene->renderTo(painter, target); },
        QSize(std::clamp(int(size.width()) + 16, 600, 4000),
              std::clamp(int(size.height()) + 48, 400, 4000))}};
}

} // namespace hogscope::ui
