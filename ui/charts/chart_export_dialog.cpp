#include "chart_export_dialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QStandardPaths>

namespace hogscope::ui {

ChartExportDialog::ChartExportDialog(QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Export chart"));
    auto* form = new QFormLayout(this);
    auto* fileRow = new QHBoxLayout;
    m_file = new QLineEdit(this);
    m_file->setPlaceholderText(tr("chart.png, chart.svg or chart.pdf"));
    m_file->setText(QDir(QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation))
                        .filePath(QStringLiteral("chart.png")));
    auto* browse = new QPushButton(tr("Browse…"), this);
    fileRow->addWidget(m_file, 1);
    fileRow->addWidget(browse);
    form->addRow(tr("File:"), fileRow);
    m_width = new QSpinBox(this);
    m_width->setRange(16, 20000);
    m_width->setValue(1200);
    m_width->setSuffix(tr(" px"));
    m_height = new QSpinBox(this);
    m_height->setRange(16, 20000);
    m_height->setValue(700);
    m_height->setSuffix(tr(" px"));
    m_dpi = new QSpinBox(this);
    m_dpi->setRange(36, 1200);
    m_dpi->setValue(96);
    m_dpi->setSuffix(tr(" dpi"));
    form->addRow(tr("Width:"), m_width);
    form->addRow(tr("Height:"), m_height);
    form->addRow(tr("Resolution:"), m_dpi);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(browse, &QPushButton::clicked, this, &ChartExportDialog::browse);
    connect(m_file, &QLineEdit::textChanged, this, &ChartExportDialog::validate);
    m_saveButton = buttons->button(QDialogButtonBox::Save);
    validate();
}

QString ChartExportDialog::fileName() const
{
    return m_file->text().trimmed();
}

QSize ChartExportDialog::imageSize() const
{
    return QSize(m_width->value(), m_height->value());
}

int ChartExportDialog::dpi() const
{
    return m_dpi->value();
}

void ChartExportDialog::setFileName(const QString& fileName)
{
    m_file->setText(fileName);
}

void ChartExportDialog::browse()
{
    auto* dialog = new QFileDialog(this, tr("Export chart"), fileName(),
                                   tr("PNG image (*.png);;SVG drawing (*.svg);;PDF document (*.pdf)"));
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QFileDialog::fileSelected, this, &ChartExportDialog::setFileName);
    dialog->open(); // asynchronous: no nested event loop
}

void ChartExportDialog::validate()
{
    ChartFormat format;
    const bool ok = chartFormatFromFileName(fileName(), format);
    m_saveButton->setEnabled(ok);
    m_file->setToolTip(ok ? QString() : tr("The file name must end in .png, .svg or .pdf"));
    m_dpi->setEnabled(!ok || format != ChartFormat::Svg);
}

} // namespace hogscope::ui
