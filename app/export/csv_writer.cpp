#include "export/csv_writer.h"

#include "model/result_table.h"

#include <QIODevice>

namespace hogscope::exporting {

namespace {

constexpr size_t kChunkBytes = 256 * 1024;
constexpr int kProgressRows = 4096;

} // namespace

CsvWriter::CsvWriter(CsvOptions options)
    : m_options(options)
{}

void CsvWriter::appendField(std::string_view text, bool mayBeFormula, std::string& out) const
{
    const bool formula = mayBeFormula && m_options.escapeFormulas && !text.empty() &&
                         (text.front() == '=' || text.front() == '+' || text.front() == '-' ||
                          text.front() == '@' || text.front() == '\t' || text.front() == '\r');
    bool quote = false;
    for (const char c : text) {
        if (c == m_options.delimiter || c == '"' || c == '\n' || c == '\r') {
            quote = true;
            break;
        }
    }
    if (!quote && !formula) {
        out.append(text);
        return;
    }
    if (quote)
        out.push_back('"');
    if (formula)
        out.push_back('\'');
    for (const char c : text) {
        if (c == '"')
            out.push_back('"');
        out.push_back(c);
    }
    if (quote)
        out.push_back('"');
}

bool CsvWriter::flush(std::string& buffer, QIODevice* device)
{
    const char* data = buffer.data();
    qint64 left = qint64(buffer.size());
    while (left > 0) {
        const qint64 written = device->write(data, left);
        if (written < 0) {
            m_error = QStringLiteral("Could not write the export: %1").arg(device->errorString());
            return false;
        }
        data += written;
        left -= written;
    }
    buffer.clear();
    return true;
}

bool CsvWriter::write(const model::ResultTable& table, QIODevice* device, const Progress& progress)
{
    m_error.clear();
    if (!device || !device->isWritable()) {
        m_error = QStringLiteral("The export target is not open for writing.");
        return false;
    }
    std::string buffer;
    buffer.reserve(kChunkBytes + 4096);
    const int columns = table.columnCount();
    if (m_options.header) {
        for (int c = 0; c < columns; ++c) {
            if (c > 0)
                buffer.push_back(m_options.delimiter);
            const QByteArray name = table.columnName(c).toUtf8();
            appendField(std::string_view(name.constData(), size_t(name.size())), true, buffer);
        }
        buffer.append(m_options.lineEnding);
    }
    const int rows = table.rowCount();
    for (int r = 0; r < rows; ++r) {
        for (int c = 0; c < columns; ++c) {
            if (c > 0)
                buffer.push_back(m_options.delimiter);
            const model::CellKind kind = table.cellKind(r, c);
            if (kind == model::CellKind::Text || kind == model::CellKind::Json) {
                appendField(table.text(r, c), kind == model::CellKind::Text, buffer);
            } else {
                // Numbers, booleans and times never need quoting; negative numbers stay numbers.
                table.appendExportText(r, c, buffer);
            }
        }
        buffer.append(m_options.lineEnding);
        if (buffer.size() >= kChunkBytes && !flush(buffer, device))
            return false;
        if (progress && (r + 1) % kProgressRows == 0 && !progress(r + 1, rows)) {
            m_error = QStringLiteral("The export was cancelled.");
            return false;
        }
    }
    if (!flush(buffer, device))
        return false;
    if (progress)
        progress(rows, rows);
    return true;
}

} // namespace hogscope::exporting
