#pragma once

// Non-modal dialog for a chart export: file (format from its extension), size and resolution.

#include "chart_exporter.h"

#include <QDialog>

class QLineEdit;
class QPushButton;
class QSpinBox;

namespace hogscope::ui {

class ChartExportDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ChartExportDialog(QWidget* parent = nullptr);

    QString fileName() const;
    QSize imageSize() const;
    int dpi() const;
    void setFileName(const QString& fileName);

private:
    void browse();
    void validate();

    QLineEdit* m_file = nullptr;
    QSpinBox* m_width = nullptr;
    QSpinBox* m_height = nullptr;
    QSpinBox* m_dpi = nullptr;
    QPushButton* m_saveButton = nullptr;
};

} // namespace hogscope::ui
