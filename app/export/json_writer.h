#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <string>

class QIODevice;

namespace hogscope::model {
class ResultTable;
}

namespace hogscope::exporting {

// Options of a JSON export.
struct JsonOptions
{
    enum class Layout
    {
        Array, // one JSON array of row objects, one object a line: [\n{...},\n{...}\n]
        Lines, // JSON Lines: one object per line, nothing around them
    };
    Layout layout = Layout::Array;

    static JsonOptions array() { return JsonOptions{}; }
    static JsonOptions lines() { return JsonOptions{Layout::Lines}; }
};

// Streams a ResultTable as JSON row objects keyed by column name, with typed values: integers and
// floats as numbers (NaN and infinities, which JSON lacks, as null), booleans, date/times as ISO 8601
// strings in UTC with Z, arrays/maps/tuples as the nested JSON the server sent, null as null.
// Duplicate column names (SELECT 1, 1) get "_2", "_3", ... so no key is lost.
class JsonWriter
{
public:
    // Called every few thousand rows; return false to stop the export.
    using Progress = std::function<bool(int rowsWritten, int rowCount)>;

    explicit JsonWriter(JsonOptions options = JsonOptions());

    // Writes the whole table; false on a device error or when progress asked to stop (see errorString()).
    bool write(const model::ResultTable& table, QIODevice* device, const Progress& progress = Progress());
    QString errorString() const { return m_error; }

    // The object keys for the table's columns (names made unique).
    static QStringList keysFor(const model::ResultTable& table);
    // Appends `text` as a JSON string literal (quoted, escaped).
    static void appendString(std::string_view text, std::string& out);

private:
    bool flush(std::string& buffer, QIODevice* device);

    JsonOptions m_options;
    QString m_error;
};

} // namespace hogscope::exporting
