#pragma once

#include <QString>

#include <functional>
#include <string>

class QIODevice;

namespace hogscope::model {
class ResultTable;
}

namespace hogscope::exporting {

// Options of a delimited-text export.
struct CsvOptions
{
    char delimiter = ',';
    bool header = true;
    // Prefix text cells starting with = + - @ (or a tab/CR) with ' so spreadsheets do not run them
    // as formulas (CSV injection). Typed numbers are never touched.
    bool escapeFormulas = true;
    const char* lineEnding = "\r\n"; // RFC 4180

    static CsvOptions csv() { return CsvOptions{}; }
    static CsvOptions tsv()
    {
        CsvOptions options;
        options.delimiter = '\t';
        return options;
    }
};

// Streams a ResultTable as CSV or TSV (RFC 4180 quoting) into a QIODevice, chunk by chunk.
class CsvWriter
{
public:
    // Called every few thousand rows; return false to stop the export.
    using Progress = std::function<bool(int rowsWritten, int rowCount)>;

    explicit CsvWriter(CsvOptions options = CsvOptions());

    // Writes the whole table; false on a device error or when progress asked to stop (see errorString()).
    bool write(const model::ResultTable& table, QIODevice* device, const Progress& progress = Progress());
    QString errorString() const { return m_error; }

    // Appends one field, quoted when it holds the delimiter, a quote, CR or LF.
    void appendField(std::string_view text, bool mayBeFormula, std::string& out) const;

private:
    bool flush(std::string& buffer, QIODevice* device);

    CsvOptions m_options;
    QString m_error;
};

} // namespace hogscope::exporting
