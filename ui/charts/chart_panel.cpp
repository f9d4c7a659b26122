#include "chart_panel.h"

#include "chart_export_dialog.h"
#include "qt_chart_adapter.h"

#include <QAbstractItemModel>
#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLocale>
#include <QMenu>
#include <QToolButton>
#include <QVBoxLayout>

namespace hogscope::ui {

namespace {

QString kindLabel(model::ChartKind kind)
{
    switch (kind) {
    case model::ChartKind::Line:
        return ChartPanel::tr("Line");
    case model::ChartKind::Bar:
        return ChartPanel::tr("Bar");
    case model::ChartKind::StackedBar:
        return ChartPanel::tr("Stacked bar");
    case model::ChartKind::HorizontalBar:
        return ChartPanel::tr("Horizontal bar");
    case model::ChartKind::Area:
        return ChartPanel::tr("Area");
    case model::ChartKind::Pie:
        return ChartPanel::tr("Pie");
    case model::ChartKind::Scatter:
        return ChartPanel::tr("Scatter");
    }
    return QString();
}

} // namespace

ChartPanel::ChartPanel(QWidget* parent)
    : QWidget(parent)
{
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* bar = new QHBoxLayout;
    bar->setContentsMargins(4, 4, 4, 0);
    m_kind = new QComboBox(this);
    for (model::ChartKind kind : model::allChartKinds())
        m_kind->addItem(kindLabel(kind), static_cast<int>(kind));
    m_kind->setToolTip(tr("Kind of chart"));
    m_xColumn = new QComboBox(this);
    m_xColumn->setToolTip(tr("Column for the x axis (or the categories)"));
    m_series = new QToolButton(this);
    m_series->setText(tr("Series"));
    m_series->setToolTip(tr("Numeric columns drawn as series"));
    m_series->setPopupMode(QToolButton::InstantPopup);
    m_series->setMenu(new QMenu(m_series));
    m_export = new QToolButton(this);
    m_export->setText(tr("Export"));
    m_export->setPopupMode(QToolButton::InstantPopup);
    auto* exportMenu = new QMenu(m_export);
    exportMenu->addAction(tr("Export as PNG, SVG or PDF…"), this, &ChartPanel::showExportDialog);
    exportMenu->addAction(tr("Copy to clipboard"), this, &ChartPanel::copyToClipboard);
    m_export->setMenu(exportMenu);
    m_notice = new QLabel(this);
    m_notice->setForegroundRole(QPalette::PlaceholderText);
    bar->addWidget(new QLabel(tr("Chart:"), this));
    bar->addWidget(m_kind);
    bar->addWidget(new QLabel(tr("X:"), this));
    bar->addWidget(m_xColumn);
    bar->addWidget(m_series);
    bar->addWidget(m_notice, 1);
    bar->addWidget(m_export);
    layout->addLayout(bar);
    m_adapter = std::make_unique<QtChartAdapter>(this);
    layout->addWidget(m_adapter->widget(), 1);

    connect(m_kind, &QComboBox::activated, this, [this] {
        m_spec.kind = static_cast<model::ChartKind>(m_kind->currentData().toInt());
        redraw();
    });
    connect(m_xColumn, &QComboBox::activated, this, [this] {
        m_spec.xColumn = m_xColumn->currentData().toInt();
        m_spec.seriesColumns.removeAll(m_spec.xColumn);
        rebuildChoosers();
        redraw();
    });
    setModel(nullptr);
}

ChartPanel::~ChartPanel() = default;

void ChartPanel::setModel(QAbstractItemModel* model)
{
    if (m_model) {
        disconnect(m_resetConnection);
        // the layout connection has no member of its own (header untouched): drop it by signal
        disconnect(m_model, &QAbstractItemModel::layoutChanged, this, nullptr);
    }
    m_model = model;
    if (model) {
        m_resetConnection = connect(model, &QAbstractItemModel::modelReset, this, &ChartPanel::onModelReset);
        // a re-sort of the grid (ResultTableModel::setRowOrder) moves rows without a reset
        connect(model, &QAbstractItemModel::layoutChanged, this, [this] { onModelReset(); });
    }
    onModelReset();
}

void ChartPanel::setMetadataProvider(std::function<ChartExportMetadata()> provider)
{
    m_metadata = std::move(provider);
}

void ChartPanel::setSpec(const model::ChartSpec& spec)
{
    m_spec = spec;
    rebuildChoosers();
    redraw();
}

void ChartPanel::onModelReset()
{
    // a new result: guess again from its columns
    m_spec = m_model ? model::suggestChartSpec(*m_model) : model::ChartSpec{};
    rebuildChoosers();
    redraw();
}

void ChartPanel::rebuildChoosers()
{
    m_kind->setCurrentIndex(m_kind->findData(static_cast<int>(m_spec.kind)));
    m_xColumn->clear();
    QMenu* menu = m_series->menu();
    menu->clear();
    const int columns = m_model ? m_model->columnCount() : 0;
    for (int c = 0; c < columns; ++c) {
        const QString name = m_model->headerData(c, Qt::Horizontal).toString();
        m_xColumn->addItem(name, c);
        if (c == m_spec.xColumn || !model::isNumericColumn(*m_model, c))
            continue;
        QAction* action = menu->addAction(name);
        action->setCheckable(true);
        action->setChecked(m_spec.seriesColumns.contains(c));
        connect(action, &QAction::toggled, this, [this, c](bool on) {
            if (on && !m_spec.seriesColumns.contains(c))
                m_spec.seriesColumns.push_back(c);
            else if (!on)
                m_spec.seriesColumns.removeAll(c);
            redraw();
        });
    }
    m_xColumn->setCurrentIndex(m_xColumn->findData(m_spec.xColumn));
    const bool any = columns > 0;
    m_kind->setEnabled(any);
    m_xColumn->setEnabled(any);
    m_series->setEnabled(!menu->isEmpty());
}

void ChartPanel::redraw()
{
    m_data = m_model ? model::extractChartData(*m_model, m_spec) : model::ChartData{};
    QString title;
    if (!m_data.series.isEmpty()) {
        QStringList names;
        for (const auto& s : m_data.series)
            names << s.name;
        title = tr("%1 by %2").arg(names.join(QStringLiteral(", ")), m_data.xTitle);
    }
    m_adapter->setChart(m_data, m_spec.kind, title);
    const QLocale locale;
    if (!m_model || m_model->rowCount() == 0)
        m_notice->setText(tr("Run a query to chart its result."));
    else if (m_data.series.isEmpty())
        m_notice->setText(tr("No numeric column to draw: choose series."));
    else if (m_data.truncated)
        m_notice->setText(tr("Showing the first %1 of %2 rows.")
                              .arg(locale.toString(m_data.x.size()), locale.toString(m_data.totalRows)));
    else
        m_notice->clear();
    m_export->setEnabled(!m_data.isEmpty());
}

ChartExporter ChartPanel::exporter() const
{
    ChartExportMetadata metadata = m_metadata ? m_metadata() : ChartExportMetadata{};
    if (metadata.title.isEmpty())
        metadata.title = tr("Hogscope chart");
    ChartAdapter* adapter = m_adapter.get();
    return ChartExporter(
        [adapter](QPainter& painter, const QRectF& target) { adapter->render(painter, target); }, metadata);
}

void ChartPanel::showExportDialog()
{
    auto* dialog = new ChartExportDialog(this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        ChartFormat format = ChartFormat::Png;
        chartFormatFromFileName(dialog->fileName(), format);
        const QString error =
            exporter().exportToFile(dialog->fileName(), format, dialog->imageSize(), dialog->dpi());
        Q_EMIT exported(dialog->fileName(), error);
    });
    dialog->open();
}

void ChartPanel::copyToClipboard()
{
    exporter().copyToClipboard();
}

} // namespace hogscope::ui
