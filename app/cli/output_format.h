#pragma once

#include <QString>

#include <optional>

class QIODevice;

namespace hogscope::api {
struct QueryResult;
}

namespace hogscope::cli {

// The formats `hogscope query --format` writes.
enum class OutputFormat
{
    Table, // aligned text for a terminal
    Csv,
    Tsv,
    Json,      // one array of row objects
    JsonLines, // one object per line
    Xlsx,
};

// "table", "csv", "tsv", "json", "jsonl" (or "ndjson"), "xlsx"; nullopt for anything else.
std::optional<OutputFormat> parseOutputFormat(const QString& name);
QString outputFormatName(OutputFormat format);
// The format a file name asks for by its extension (.csv, .tsv, .json, .jsonl/.ndjson, .xlsx, .txt).
std::optional<OutputFormat> outputFormatForFile(const QString& fileName);
// Binary formats cannot go to a terminal.
inline bool isBinary(OutputFormat format)
{
    return format == OutputFormat::Xlsx;
}

struct OutputOptions
{
    bool escapeFormulas = true; // CSV/TSV/XLSX: neutralise cells that a spreadsheet would run
    int maxColumnWidth = 40;    // table: wider cells are cut with an ellipsis
};

// Writes a finished query's table in `format` to `device`. XLSX is written to `xlsxPath` when given
// (libxlsxwriter writes files), else built in a temporary file and copied to `device`. Returns false
// and sets *error on failure.
bool writeResult(const api::QueryResult& result, OutputFormat format, const OutputOptions& options,
                 QIODevice* device, const QString& xlsxPath, QString* error);

} // namespace hogscope::cli
