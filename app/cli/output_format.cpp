#include "cli/output_format.h"

#include "api/query_result.h"
#include "cli/table_printer.h"
#include "export/csv_writer.h"
#include "export/json_writer.h"
#include "export/xlsx_writer.h"
#include "model/result_table.h"

#include <QFile>
#include <QFileInfo>
#include <QIODevice>
#include <QTemporaryDir>

namespace hogscope::cli {

std::optional<OutputFormat> parseOutputFormat(const QString& name)
{
    const QString n = name.trimmed().toLower();
    if (n == u"table")
        return OutputFormat::Table;
    if (n == u"csv")
        return OutputFormat::Csv;
    if (n == u"tsv")
        return OutputFormat::Tsv;
    if (n == u"json")
        return OutputFormat::Json;
    if (n == u"jsonl" || n == u"ndjson")
        return OutputFormat::JsonLines;
    if (n == u"xlsx")
        return OutputFormat::Xlsx;
    return std::nullopt;
}

QString outputFormatName(OutputFormat format)
{
    switch (format) {
    case OutputFormat::Table:
        return QStringLiteral("table");
    case OutputFormat::Csv:
        return QStringLiteral("csv");
    case OutputFormat::Tsv:
        return QStringLiteral("tsv");
    case OutputFormat::Json:
        return QStringLiteral("json");
    case OutputFormat::JsonLines:
        return QStringLiteral("jsonl");
    case OutputFormat::Xlsx:
        return QStringLiteral("xlsx");
    }
    return QString();
}

std::optional<OutputFormat> outputFormatForFile(const QString& fileName)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == u"txt")
        return OutputFormat::Table;
    if (suffix == u"csv" || suffix == u"tsv" || suffix == u"json" || suffix == u"jsonl" ||
        suffix == u"ndjson" || suffix == u"xlsx")
        return parseOutputFormat(suffix);
    return std::nullopt;
}

namespace {

bool writeXlsx(const model::ResultTable& table, const OutputOptions& options, QIODevice* device,
               const QString& xlsxPath, QString* error)
{
    exporting::XlsxOptions xlsxOptions;
    xlsxOptions.escapeFormulas = options.escapeFormulas;
    exporting::XlsxWriter writer(xlsxOptions);
    if (!xlsxPath.isEmpty()) {
        if (!writer.write(table, xlsxPath)) {
            *error = writer.errorString();
            return false;
        }
        return true;
    }
    // A pipe: build the workbook in a temporary file and copy it over.
    QTemporaryDir dir;
    if (!dir.isValid()) {
        *error = QStringLiteral("Could not create a temporary folder for the workbook.");
        return false;
    }
    const QString path = dir.filePath(QStringLiteral("result.xlsx"));
    if (!writer.write(table, path)) {
        *error = writer.errorString();
        return false;
    }
    QFile in(path);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = in.errorString();
        return false;
    }
    while (!in.atEnd()) {
        const QByteArray chunk = in.read(1 << 16);
        if (device->write(chunk) != chunk.size()) {
            *error = QStringLiteral("Could not write the workbook: %1").arg(device->errorString());
            return false;
        }
    }
    return true;
}

} // namespace

bool writeResult(const api::QueryResult& result, OutputFormat format, const OutputOptions& options,
                 QIODevice* device, const QString& xlsxPath, QString* error)
{
    static const model::ResultTable empty;
    const model::ResultTable& table = result.table ? *result.table : empty;
    switch (format) {
    case OutputFormat::Table: {
        TablePrinterOptions tableOptions;
        tableOptions.maxColumnWidth = options.maxColumnWidth;
        TablePrinter printer(tableOptions);
        if (!printer.write(table, device)) {
            *error = printer.errorString();
            return false;
        }
        const QByteArray footer =
            (TablePrinter::footer(table.rowCount(), result.elapsedSeconds) + u'\n').toUtf8();
        if (device->write(footer) != footer.size()) {
            *error = device->errorString();
            return false;
        }
        return true;
    }
    case OutputFormat::Csv:
    case OutputFormat::Tsv: {
        exporting::CsvOptions csv =
            format == OutputFormat::Csv ? exporting::CsvOptions::csv() : exporting::CsvOptions::tsv();
        csv.escapeFormulas = options.escapeFormulas;
        if (format == OutputFormat::Tsv)
            csv.lineEnding = "\n"; // TSV is for pipes and Unix tools
        exporting::CsvWriter writer(csv);
        if (!writer.write(table, device)) {
            *error = writer.errorString();
            return false;
        }
        return true;
    }
    case OutputFormat::Json:
    case OutputFormat::JsonLines: {
        exporting::JsonWriter writer(format == OutputFormat::Json ? exporting::JsonOptions::array()
                                                                  : exporting::JsonOptions::lines());
        if (!writer.write(table, device)) {
            *error = writer.errorString();
            return false;
        }
        return true;
    }
    case OutputFormat::Xlsx:
        return writeXlsx(table, options, device, xlsxPath, error);
    }
    return false;
}

} // namespace hogscope::cli
