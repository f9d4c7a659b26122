#include "results_export_dialog.h"

#include "export/csv_writer.h"
#include "export/json_writer.h"
#include "export/xlsx_writer.h"
#include "model/result_table.h"
#include "model/row_order.h"

#include <QCheckBox>
#include <QCloseEvent>
#include <QComboBox>
#include <QCoreApplication>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QFutureWatcher>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QProgressBar>
#include <QPushButton>
#include <QSaveFile>
#include <QStandardPaths>
#include <QTemporaryFile>
#include <QTimer>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <atomic>

#include <cerrno>
#include <cstdio>
#include <cstring>

namespace hogscope::ui {

using Format = ResultsExportDialog::Format;

// What the worker and the dialog share: the dialog may close while the worker still runs.
struct ExportJob
{
    std::atomic<bool> cancel{false};
    std::atomic<bool> preparing{false};
    std::atomic<int> rowsWritten{0};
    std::atomic<int> rowCount{0};
    QString path;
    int rows = 0;
};

namespace {

constexpr int kPollMs = 100;

struct Outcome
{
    bool ok = false;
    bool cancelled = false;
    QString error;
};

QString translate(const char* text)
{
    return QCoreApplication::translate("hogscope::ui::ResultsExportDialog", text);
}

bool hasHeader(Format format)
{
    return format == Format::Csv || format == Format::Tsv || format == Format::Xlsx;
}

// Runs on a worker thread. Text formats go through QSaveFile, which only replaces the target on
// commit(); the Excel writer wants a path, so it writes a temporary file in the same folder that is
// renamed over the target at the end (and removed by QTemporaryFile otherwise).
Outcome runExport(const std::shared_ptr<ExportJob>& job, std::shared_ptr<const model::ResultTable> table,
                  const std::shared_ptr<const std::vector<int>>& rows, Format format, bool header,
                  bool escape)
{
    Outcome outcome;
    if (rows) {
        // The writers stream a whole table, so the rows shown are first copied in their order.
        job->preparing = true;
        table = model::reorderedTable(*table, *rows, &job->cancel);
        job->preparing = false;
        if (!table) {
            outcome.cancelled = job->cancel.load();
            if (!outcome.cancelled)
                outcome.error = translate("The rows could not be copied in the order shown.");
            return outcome;
        }
    }
    const auto progress = [job](int written, int count) {
        job->rowsWritten = written;
        job->rowCount = count;
        return !job->cancel.load();
    };
    const QString path = job->path;

    if (format == Format::Xlsx) {
        const QFileInfo info(path);
        QTemporaryFile temp(info.absolutePath() + QStringLiteral("/.") + info.fileName() +
                            QStringLiteral(".XXXXXX.part"));
        if (!temp.open()) {
            outcome.error = translate("Cannot write in %1: %2").arg(info.absolutePath(), temp.errorString());
            return outcome;
        }
        temp.close();
        exporting::XlsxOptions options;
        options.header = header;
        options.escapeFormulas = escape;
        exporting::XlsxWriter writer(options);
        const bool ok = writer.write(*table, temp.fileName(), progress);
        if (job->cancel.load()) {
            outcome.cancelled = true;
            return outcome;
        }
        if (!ok) {
            outcome.error = writer.errorString();
            return outcome;
        }
        // rename(2) replaces the old file in one step, as QSaveFile does for the text formats: the
        // old file stays whole until the new one is complete, and is never lost on a failure.
        if (std::rename(QFile::encodeName(temp.fileName()).constData(),
                        QFile::encodeName(path).constData()) != 0) {
            outcome.error =
                translate("Cannot create %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno)));
            return outcome;
        }
        temp.setAutoRemove(false);
        QFile::setPermissions(path,
                              QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
        outcome.ok = true;
        return outcome;
    }

    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly)) {
        outcome.error = translate("Cannot create %1: %2").arg(path, file.errorString());
        return outcome;
    }
    bool ok = false;
    QString error;
    if (format == Format::Csv || format == Format::Tsv) {
        exporting::CsvOptions options =
            format == Format::Tsv ? exporting::CsvOptions::tsv() : exporting::CsvOptions::csv();
        options.header = header;
        options.escapeFormulas = escape;
        exporting::CsvWriter writer(options);
        ok = writer.write(*table, &file, progress);
        error = writer.errorString();
    } else {
        exporting::JsonWriter writer(format == Format::JsonLines ? exporting::JsonOptions::lines()
                                                                 : exporting::JsonOptions::array());
        ok = writer.write(*table, &file, progress);
        error = writer.errorString();
    }
    if (job->cancel.load()) {
        file.cancelWriting();
        outcome.cancelled = true;
        return outcome;
    }
    if (!ok) {
        file.cancelWriting();
        outcome.error = error;
        return outcome;
    }
    if (!file.commit()) {
        outcome.error = translate("Cannot write %1: %2").arg(path, file.errorString());
        return outcome;
    }
    outcome.ok = true;
    return outcome;
}

} // namespace

ResultsExportDialog::ResultsExportDialog(workspace::Settings* settings, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_format(new QComboBox(this))
    , m_path(new QLineEdit(this))
    , m_browse(new QPushButton(tr("Browse…"), this))
    , m_header(new QCheckBox(tr("Column names in the first row"), this))
    , m_escape(
          new QCheckBox(tr("Escape cells starting with = + - @ (so spreadsheets do not run them)"), this))
    , m_rowsText(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_result(new QLabel(this))
    , m_exportButton(new QPushButton(tr("Export"), this))
    , m_cancelButton(new QPushButton(tr("Cancel"), this))
    , m_closeButton(new QPushButton(tr("Close"), this))
    , m_poll(new QTimer(this))
{
    setObjectName(QStringLiteral("resultsExportDialog"));
    setWindowTitle(tr("Export Results"));
    setModal(false);

    m_format->setObjectName(QStringLiteral("exportFormat"));
    m_format->addItem(tr("CSV (comma-separated)"), int(Format::Csv));
    m_format->addItem(tr("TSV (tab-separated)"), int(Format::Tsv));
    m_format->addItem(tr("JSON (one array of row objects)"), int(Format::Json));
    m_format->addItem(tr("JSON Lines (one row object a line)"), int(Format::JsonLines));
    m_format->addItem(tr("Excel workbook (.xlsx)"), int(Format::Xlsx));
    m_path->setObjectName(QStringLiteral("exportPath"));
    m_path->setMinimumWidth(360);
    m_header->setObjectName(QStringLiteral("exportHeader"));
    m_header->setChecked(true);
    m_escape->setObjectName(QStringLiteral("exportEscapeFormulas"));
    m_escape->setToolTip(tr("Prefixes such text cells with ' (CSV injection); numbers are never changed"));
    m_rowsText->setObjectName(QStringLiteral("exportRows"));
    m_rowsText->setWordWrap(true);
    m_rowsText->setForegroundRole(QPalette::PlaceholderText);
    m_progress->setObjectName(QStringLiteral("exportProgress"));
    m_progress->setTextVisible(true);
    m_progress->hide();
    m_result->setObjectName(QStringLiteral("exportResult"));
    m_result->setWordWrap(true);
    m_result->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_exportButton->setObjectName(QStringLiteral("exportStart"));
    m_exportButton->setDefault(true);
    m_cancelButton->setObjectName(QStringLiteral("exportCancel"));
    m_cancelButton->setEnabled(false);

    auto* pathRow = new QHBoxLayout;
    pathRow->setSpacing(6);
    pathRow->addWidget(m_path, 1);
    pathRow->addWidget(m_browse);
    auto* form = new QFormLayout;
    form->addRow(tr("Format:"), m_format);
    form->addRow(tr("File:"), pathRow);
    form->addRow(QString(), m_header);
    form->addRow(QString(), m_escape);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_exportButton);
    buttons->addWidget(m_cancelButton);
    buttons->addWidget(m_closeButton);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_rowsText);
    layout->addWidget(m_progress);
    layout->addWidget(m_result);
    layout->addStretch(1);
    layout->addLayout(buttons);

    Format initial = Format::Csv;
    QString directory = QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
    bool escape = export_keys::escapeFormulas.defaultValue;
    if (m_settings) {
        const int stored = m_settings->value(export_keys::format);
        if (stored >= 0 && stored <= int(Format::Xlsx))
            initial = Format(stored);
        if (const QString dir = m_settings->value(export_keys::directory);
            !dir.isEmpty() && QDir(dir).exists())
            directory = dir;
        escape = m_settings->value(export_keys::escapeFormulas);
    }
    if (directory.isEmpty())
        directory = QDir::homePath();
    m_escape->setChecked(escape);
    m_format->setCurrentIndex(m_format->findData(int(initial)));
    m_path->setText(QDir(directory).filePath(QStringLiteral("results.") + suffix(initial)));
    updateFormatOptions();

    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        // keep the name, change the suffix
        const QFileInfo info(m_path->text());
        const QString base =
            info.completeBaseName().isEmpty() ? QStringLiteral("results") : info.completeBaseName();
        m_path->setText(info.dir().filePath(base + QLatin1Char('.') + suffix(format())));
        updateFormatOptions();
        if (m_settings)
            m_settings->setValue(export_keys::format, int(format()));
    });
    connect(m_escape, &QCheckBox::toggled, this, [this](bool checked) {
        if (m_settings)
            m_settings->setValue(export_keys::escapeFormulas, checked);
    });
    connect(m_browse, &QPushButton::clicked, this, &ResultsExportDialog::browse);
    connect(m_exportButton, &QPushButton::clicked, this, [this] { start(); });
    connect(m_cancelButton, &QPushButton::clicked, this, &ResultsExportDialog::cancel);
    connect(m_closeButton, &QPushButton::clicked, this, &QDialog::close);
    m_poll->setInterval(kPollMs);
    connect(m_poll, &QTimer::timeout, this, &ResultsExportDialog::updateProgress);
}

ResultsExportDialog::~ResultsExportDialog()
{
    // The worker finishes on its own (and removes its temporary file); it only needs to stop.
    if (m_job)
        m_job->cancel = true;
}

QString ResultsExportDialog::suffix(Format format)
{
    switch (format) {
    case Format::Csv:
        return QStringLiteral("csv");
    case Format::Tsv:
        return QStringLiteral("tsv");
    case Format::Json:
        return QStringLiteral("json");
    case Format::JsonLines:
        return QStringLiteral("jsonl");
    case Format::Xlsx:
        return QStringLiteral("xlsx");
    }
    return QString();
}

void ResultsExportDialog::setSource(std::shared_ptr<const model::ResultTable> table,
                                    std::shared_ptr<const std::vector<int>> rows)
{
    m_table = std::move(table);
    m_rows = std::move(rows);
    updateRowsText();
}

ResultsExportDialog::Format ResultsExportDialog::format() const
{
    return Format(m_format->currentData().toInt());
}

void ResultsExportDialog::setFormat(Format format)
{
    m_format->setCurrentIndex(m_format->findData(int(format)));
}

QString ResultsExportDialog::filePath() const
{
    return m_path->text().trimmed();
}

void ResultsExportDialog::setFilePath(const QString& path)
{
    m_path->setText(path);
}

bool ResultsExportDialog::escapeFormulas() const
{
    return m_escape->isChecked();
}

void ResultsExportDialog::setEscapeFormulas(bool escape)
{
    m_escape->setChecked(escape);
}

bool ResultsExportDialog::isRunning() const
{
    return m_job != nullptr;
}

QString ResultsExportDialog::resultText() const
{
    return m_result->text();
}

void ResultsExportDialog::updateFormatOptions()
{
    const bool tabular = hasHeader(format());
    m_header->setEnabled(tabular);
    m_escape->setEnabled(tabular);
}

void ResultsExportDialog::updateRowsText()
{
    if (!m_table) {
        m_rowsText->setText(tr("There is no result to export."));
        return;
    }
    const QLocale locale;
    const int total = m_table->rowCount();
    if (!m_rows) {
        m_rowsText->setText(tr("Exports all %1 rows in result order.").arg(locale.toString(total)));
    } else if (int(m_rows->size()) == total) {
        m_rowsText->setText(tr("Exports all %1 rows in the grid's sort order.").arg(locale.toString(total)));
    } else {
        m_rowsText->setText(tr("Exports the %1 of %2 rows the filter shows, in the grid's order.")
                                .arg(locale.toString(qsizetype(m_rows->size())), locale.toString(total)));
    }
}

void ResultsExportDialog::browse()
{
    // Window-modal through open(), not a nested event loop: results keep arriving meanwhile.
    const Format current = format();
    auto* dialog = new QFileDialog(this, tr("Export Results"), filePath(),
                                   tr("%1 files (*.%2)").arg(suffix(current).toUpper(), suffix(current)));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setAcceptMode(QFileDialog::AcceptSave);
    dialog->setDefaultSuffix(suffix(current));
    connect(dialog, &QFileDialog::fileSelected, this, [this](const QString& path) {
        m_path->setText(path);
        m_confirmedPath = path; // the file dialog asked about replacing it
    });
    dialog->open();
}

bool ResultsExportDialog::start()
{
    if (m_job)
        return false;
    const QString path = filePath();
    if (!m_table) {
        m_result->setText(tr("There is no result to export."));
        return false;
    }
    if (path.isEmpty()) {
        m_result->setText(tr("Choose a file to write."));
        return false;
    }
    if (QFileInfo::exists(path) && path != m_confirmedPath) {
        // Asked in place, without a modal box: the second press confirms.
        m_confirmedPath = path;
        m_result->setText(tr("%1 exists. Press Export again to replace it.").arg(QFileInfo(path).fileName()));
        return false;
    }
    m_confirmedPath.clear();
    const int rows = m_rows ? int(m_rows->size()) : m_table->rowCount();
    if (format() == Format::Xlsx && rows >= exporting::XlsxWriter::kMaxRows) {
        m_result->setText(tr("Excel sheets hold at most %1 rows; filter the result or choose CSV.")
                              .arg(QLocale().toString(exporting::XlsxWriter::kMaxRows - 1)));
        return false;
    }
    if (m_settings)
        m_settings->setValue(export_keys::directory, QFileInfo(path).absolutePath());

    auto job = std::make_shared<ExportJob>();
    job->path = path;
    job->rows = rows;
    job->rowCount = rows;
    m_job = job;
    setRunning(true);
    m_result->setText(tr("Exporting…"));
    updateProgress();

    auto* watcher = new QFutureWatcher<Outcome>(this);
    connect(watcher, &QFutureWatcher<Outcome>::finished, this, [this, watcher, job] {
        watcher->deleteLater();
        if (job != m_job)
            return;
        const Outcome outcome = watcher->result();
        finishJob(outcome.ok, outcome.cancelled, outcome.error);
    });
    watcher->setFuture(QtConcurrent::run(runExport, job, m_table, m_rows, format(), m_header->isChecked(),
                                         m_escape->isChecked()));
    return true;
}

void ResultsExportDialog::cancel()
{
    if (m_job) {
        m_job->cancel = true;
        m_result->setText(tr("Cancelling…"));
    }
}

void ResultsExportDialog::finishJob(bool ok, bool cancelled, const QString& error)
{
    const std::shared_ptr<ExportJob> job = std::exchange(m_job, nullptr);
    setRunning(false);
    QString message;
    if (ok)
        message = tr("Exported %1 rows to %2")
                      .arg(QLocale().toString(job->rows), QDir::toNativeSeparators(job->path));
    else if (cancelled)
        message = tr("Cancelled: no file was written.");
    else
        message = tr("Export failed: %1").arg(error.isEmpty() ? tr("unknown error") : error);
    m_result->setText(message);
    Q_EMIT exportFinished(ok, message);
}

void ResultsExportDialog::setRunning(bool running)
{
    m_exportButton->setEnabled(!running);
    m_cancelButton->setEnabled(running);
    m_format->setEnabled(!running);
    m_path->setEnabled(!running);
    m_browse->setEnabled(!running);
    m_header->setEnabled(!running && hasHeader(format()));
    m_escape->setEnabled(!running && hasHeader(format()));
    m_progress->setVisible(running);
    if (running)
        m_poll->start();
    else
        m_poll->stop();
}

void ResultsExportDialog::updateProgress()
{
    if (!m_job)
        return;
    if (m_job->preparing.load()) {
        m_progress->setRange(0, 0); // busy: copying the rows in the order shown
        m_progress->setFormat(tr("Preparing rows…"));
        return;
    }
    const int count = std::max(1, m_job->rowCount.load());
    m_progress->setRange(0, count);
    m_progress->setValue(std::min(count, m_job->rowsWritten.load()));
    m_progress->setFormat(
        tr("%1 of %2 rows")
            .arg(QLocale().toString(m_job->rowsWritten.load()), QLocale().toString(m_job->rowCount.load())));
}

void ResultsExportDialog::closeEvent(QCloseEvent* event)
{
    cancel(); // closing stops a running export; it leaves no file
    QDialog::closeEvent(event);
}

} // namespace hogscope::ui
