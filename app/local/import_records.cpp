#include "import_records.h"

#include "import_csv.h"
#include "import_jsonl.h"
#include "import_lines.h"
#include "time_format.h"

#include <QFileInfo>

namespace hogscope::local {

QString ImportError::format(const QString& file) const
{
    QString out = file;
    if (line > 0)
        out += QStringLiteral(":%1").arg(line);
    out += QStringLiteral(": ");
    if (!field.isEmpty())
        out += QStringLiteral("field '%1': ").arg(field);
    return out + message;
}

std::unique_ptr<RecordReader> RecordReader::open(const QString& path, ImportError& error)
{
    auto lines = std::make_unique<ImportLines>();
    if (!lines->open(path)) {
        error = ImportError{0, {}, lines->errorString()};
        return nullptr;
    }
    const QString suffix = QFileInfo(path).suffix().toLower();
    bool jsonLines = false;
    if (suffix == QLatin1String("jsonl") || suffix == QLatin1String("ndjson") ||
        suffix == QLatin1String("json"))
        jsonLines = true;
    else if (suffix != QLatin1String("csv"))
        jsonLines = lines->firstByte() == '{';
    if (jsonLines)
        return std::make_unique<JsonLinesReader>(std::move(lines));
    return std::make_unique<CsvReader>(std::move(lines));
}

namespace importfield {

bool uuid(std::string_view text, std::string& out, QString& message)
{
    out.assign(text);
    bool ok = text.size() == 36;
    for (size_t i = 0; ok && i < text.size(); ++i) {
        const char c = text[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            ok = c == '-';
        } else if (c >= 'A' && c <= 'F') {
            out[i] = static_cast<char>(c - 'A' + 'a');
        } else {
            ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
        }
    }
    if (!ok)
        message = QStringLiteral("not a UUID: %1").arg(quoted(text));
    return ok;
}

bool timestamp(std::string_view text, int64_t& micros, QString& message)
{
    const std::optional<int64_t> parsed = timefmt::parseDateTime(text);
    if (!parsed) {
        message = QStringLiteral("not an ISO 8601 time: %1").arg(quoted(text));
        return false;
    }
    micros = *parsed;
    return true;
}

QString quoted(std::string_view value)
{
    constexpr qsizetype kLongest = 60;
    QString text = QString::fromUtf8(value.data(), static_cast<qsizetype>(value.size()));
    if (text.size() > kLongest)
        text = text.left(kLongest - 1) + QChar(0x2026); // …
    return QLatin1Char('\'') + text + QLatin1Char('\'');
}

} // namespace importfield

} // namespace hogscope::local
