#pragma once

// The non-modal dialog that exports a query result to a file.

#include "workspace/settings.h"

#include <QDialog>

#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTimer;

namespace hogscope::model {
class ResultTable;
}

namespace hogscope::ui {

struct ExportJob;

// The export dialog's settings, declared once with their defaults as workspace/settings.h does.
namespace export_keys {
// Prefix text cells starting with = + - @ with ' in CSV, TSV and Excel (CSV injection).
inline const workspace::SettingKey<bool> escapeFormulas{QLatin1StringView("export/escapeFormulas"), true};
// The last format chosen (ResultsExportDialog::Format as int) and the folder written to.
inline const workspace::SettingKey<int> format{QLatin1StringView("export/format"), 0};
inline const workspace::SettingKey<QString> directory{QLatin1StringView("export/directory"), QString()};
} // namespace export_keys

// Writes a result, in the order and with the filter the grid shows, as CSV, TSV, JSON, JSON Lines
// or Excel. The writer runs on a worker thread over a snapshot (the shared immutable table and row
// order) with a progress bar and Cancel; the file appears only when the export succeeds (written
// under a temporary name, then renamed), so a cancelled or failed export leaves nothing behind.
class ResultsExportDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Format
    {
        Csv,
        Tsv,
        Json,
        JsonLines,
        Xlsx,
    };
    Q_ENUM(Format)

    // `settings` (may be null) remembers the format, folder and formula escaping.
    explicit ResultsExportDialog(workspace::Settings* settings, QWidget* parent = nullptr);
    ~ResultsExportDialog() override;

    // What the next export writes: `table`'s `rows` in that order (null: all rows in result order).
    void setSource(std::shared_ptr<const model::ResultTable> table,
                   std::shared_ptr<const std::vector<int>> rows);

    Format format() const;
    void setFormat(Format format);
    QString filePath() const;
    void setFilePath(const QString& path);
    bool escapeFormulas() const;
    void setEscapeFormulas(bool escape);
    // The file name suffix of a format, without the dot ("csv", "jsonl", ...).
    static QString suffix(Format format);

    // Starts the export (what the Export button does); false when it cannot start.
    bool start();
    // Stops a running export; it then finishes as cancelled and leaves no file.
    void cancel();
    bool isRunning() const;
    // The last outcome shown in the dialog ("Exported 1,234 rows to …", an error, "Cancelled").
    QString resultText() const;

Q_SIGNALS:
    // An export ended: `ok` when the file was written; `message` says what happened.
    void exportFinished(bool ok, const QString& message);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void browse();
    void updateFormatOptions();
    void updateRowsText();
    void updateProgress();
    void finishJob(bool ok, bool cancelled, const QString& error);
    void setRunning(bool running);

    workspace::Settings* m_settings = nullptr;
    std::shared_ptr<const model::ResultTable> m_table;
    std::shared_ptr<const std::vector<int>> m_rows;
    std::shared_ptr<ExportJob> m_job;

    QComboBox* m_format = nullptr;
    QLineEdit* m_path = nullptr;
    QString m_confirmedPath; // an existing file the user agreed to replace
    QPushButton* m_browse = nullptr;
    QCheckBox* m_header = nullptr;
    QCheckBox* m_escape = nullptr;
    QLabel* m_rowsText = nullptr;
    QProgressBar* m_progress = nullptr;
    QLabel* m_result = nullptr;
    QPushButton* m_exportButton = nullptr;
    QPushButton* m_cancelButton = nullptr;
    QPushButton* m_closeButton = nullptr;
    QTimer* m_poll = nullptr;
};

} // namespace hogscope::ui
