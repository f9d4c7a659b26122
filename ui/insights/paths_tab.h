#pragma once

// Paths: the sequences of pages (or events) persons went through, step by step, as a Sankey-style
// diagram and a table of its links. Clicking a node or link asks for its persons (PostHog's
// InsightActorsQuery on the PathsQuery with pathStartKey / pathEndKey / pathDropoffKey).

#include "insight_tab.h"
#include "paths_view.h"

#include "model/paths_graph.h"

class QCheckBox;
class QComboBox;
class QSpinBox;
class QSplitter;
class QTableView;

namespace hogscope::api {
struct PathsResult;
}

namespace hogscope::ui {

model::PathsGraph pathsGraphFrom(const api::PathsResult& result);

class PathsTab : public InsightTab
{
    Q_OBJECT
public:
    explicit PathsTab(QWidget* parent = nullptr);

    QString title() const override { return tr("Paths"); }
    QString queryKind() const override { return QStringLiteral("PathsQuery"); }
    QJsonObject buildQuery() const override;
    void setQuery(const QJsonObject& query) override;

    QCheckBox* pageviewsBox() const { return m_pageviews; }
    QCheckBox* screensBox() const { return m_screens; }
    QCheckBox* customEventsBox() const { return m_custom; }
    QComboBox* startBox() const { return m_start; }
    QComboBox* endBox() const { return m_end; }
    QSpinBox* stepsBox() const { return m_steps; }
    PathsView* view() const { return m_view; }
    PathsScene* scene() const { return m_scene; }
    model::PathsLinksModel* linksModel() const { return m_links; }
    QTableView* linksTable() const { return m_table; }

    void activateNode(int node, PathsNodeSelection selection);
    void activateLink(int link);

protected:
    void applyBody(const QByteArray& body, quint64 generation) override;
    QList<InsightExportTarget> exportTargets() const override;

private:
    void updateSuggestions();
    QString diagramTitle() const;

    QJsonObject m_base;
    QCheckBox* m_pageviews = nullptr;
    QCheckBox* m_screens = nullptr;
    QCheckBox* m_custom = nullptr;
    QComboBox* m_start = nullptr;
    QComboBox* m_end = nullptr;
    QSpinBox* m_steps = nullptr;
    QSpinBox* m_edges = nullptr;
    QSplitter* m_splitter = nullptr;
    PathsScene* m_scene = nullptr;
    PathsView* m_view = nullptr;
    QTableView* m_table = nullptr;
    model::PathsLinksModel* m_links = nullptr;
};

} // namespace hogscope::ui
