#pragma once

#include <QString>

#include <functional>

namespace hogscope::model {
class ResultTable;
}

namespace hogscope::exporting {

// Options of an Excel export.
struct XlsxOptions
{
    QString sheetName = QStringLiteral("Results");
    bool header = true;       // bold first row with the column names
    bool freezeHeader = true; // the header stays visible while scrolling
    bool autofilter = true;   // filter buttons on the header
    // Prefix text cells starting with = + - @ (or a tab/CR) with ' as the CSV export does, so a
    // cell edited or re-exported from the spreadsheet cannot turn into a formula. Typed numbers are
    // never touched.
    bool escapeFormulas = true;
};

// Writes a ResultTable as an .xlsx workbook with typed cells: numbers (integers beyond 2^53, which
// a spreadsheet's doubles would round, as text), booleans, date/times as Excel dates in UTC, dates,
// text (cut at Excel's 32 767 characters a cell) and nested values as their JSON text. Rows are
// streamed (libxlsxwriter's constant-memory mode), so large results need no more memory.
class XlsxWriter
{
public:
    // Called every few thousand rows; return false to stop the export.
    using Progress = std::function<bool(int rowsWritten, int rowCount)>;

    explicit XlsxWriter(XlsxOptions options = XlsxOptions());

    // Writes the whole table to `filePath` (replaced); false on error (see errorString()).
    bool write(const model::ResultTable& table, const QString& filePath,
               const Progress& progress = Progress());
    QString errorString() const { return m_error; }

    static constexpr int kMaxRows = 1048576; // Excel's limit, header included
    static constexpr int kMaxColumns = 16384;
    static constexpr int kMaxCellChars = 32767;

private:
    XlsxOptions m_options;
    QString m_error;
};

} // namespace hogscope::exporting
