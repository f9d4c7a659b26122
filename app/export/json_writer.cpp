#include "export/json_writer.h"

#include "model/result_table.h"

#include <QIODevice>
#include <QSet>

#include <cmath>

namespace hogscope::exporting {

namespace {

constexpr size_t kChunkBytes = 256 * 1024;
constexpr int kProgressRows = 4096;

} // namespace

JsonWriter::JsonWriter(JsonOptions options)
    : m_options(options)
{}

QStringList JsonWriter::keysFor(const model::ResultTable& table)
{
    QStringList keys;
    QSet<QString> used;
    for (int c = 0; c < table.columnCount(); ++c) {
        const QString name = table.columnName(c);
        QString key = name;
        for (int n = 2; used.contains(key); ++n)
            key = QStringLiteral("%1_%2").arg(name).arg(n);
        used.insert(key);
        keys << key;
    }
    return keys;
}

void JsonWriter::appendString(std::string_view text, std::string& out)
{
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char ch : text) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        default:
            if (c < 0x20) {
                out.append("\\u00");
                out.push_back(kHex[c >> 4]);
                out.push_back(kHex[c & 0xF]);
            } else {
                out.push_back(ch); // UTF-8 passes through: JSON text is UTF-8
            }
        }
    }
    out.push_back('"');
}

bool JsonWriter::flush(std::string& buffer, QIODevice* device)
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

bool JsonWriter::write(const model::ResultTable& table, QIODevice* device, const Progress& progress)
{
    m_error.clear();
    if (!device || !device->isWritable()) {
        m_error = QStringLiteral("The export target is not open for writing.");
        return false;
    }
    const bool lines = m_options.layout == JsonOptions::Layout::Lines;
    // Keys are encoded once: "\"name\":".
    std::vector<std::string> keys;
    for (const QString& key : keysFor(table)) {
        const QByteArray utf8 = key.toUtf8();
        std::string encoded;
        appendString(std::string_view(utf8.constData(), size_t(utf8.size())), encoded);
        encoded.push_back(':');
        keys.push_back(std::move(encoded));
    }
    std::string buffer;
    buffer.reserve(kChunkBytes + 4096);
    if (!lines)
        buffer.append(table.rowCount() == 0 ? "[" : "[\n");
    const int rows = table.rowCount();
    const int columns = table.columnCount();
    for (int r = 0; r < rows; ++r) {
        buffer.push_back('{');
        for (int c = 0; c < columns; ++c) {
            if (c > 0)
                buffer.push_back(',');
            buffer.append(keys[size_t(c)]);
            switch (table.cellKind(r, c)) {
            case model::CellKind::Null:
                buffer.append("null");
                break;
            case model::CellKind::Float:
                if (!std::isfinite(table.real(r, c))) {
                    buffer.append("null");
                    break;
                }
                table.appendExportText(r, c, buffer);
                break;
            case model::CellKind::Integer:
            case model::CellKind::Boolean:
                table.appendExportText(r, c, buffer);
                break;
            case model::CellKind::DateTime: {
                std::string iso;
                table.appendExportText(r, c, iso);
                appendString(iso, buffer);
                break;
            }
            case model::CellKind::Text:
                appendString(table.text(r, c), buffer);
                break;
            case model::CellKind::Json: {
                const std::string_view json = table.text(r, c); // already JSON, as the server sent it
                buffer.append(json.empty() ? std::string_view("null") : json);
                break;
            }
            }
        }
        buffer.push_back('}');
        if (!lines && r + 1 < rows)
            buffer.push_back(',');
        buffer.push_back('\n');
        if (buffer.size() >= kChunkBytes && !flush(buffer, device))
            return false;
        if (progress && (r + 1) % kProgressRows == 0 && !progress(r + 1, rows)) {
            m_error = QStringLiteral("The export was cancelled.");
            return false;
        }
    }
    if (!lines)
        buffer.append("]\n");
    if (!flush(buffer, device))
        return false;
    if (progress)
        progress(rows, rows);
    return true;
}

} // namespace hogscope::exporting
