#include "import_csv.h"

#include "import_lines.h"

#include <simdjson.h>

#include <array>
#include <string>
#include <vector>

namespace hogscope::local {

namespace {

constexpr size_t kLongestRecord = 64 << 20; // a quote left open must not swallow the whole file
constexpr size_t kNoColumn = SIZE_MAX;

bool isBlank(std::string_view line)
{
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

size_t quotes(std::string_view text)
{
    size_t n = 0;
    for (char c : text)
        n += c == '"';
    return n;
}

QString latin1(std::string_view text)
{
    return QString::fromLatin1(text.data(), static_cast<qsizetype>(text.size()));
}

} // namespace

struct CsvReader::Impl
{
    std::unique_ptr<ImportLines> lines;
    std::vector<std::string> header;
    bool headerRead = false;
    std::vector<size_t> columns; // per wanted field: its column, or kNoColumn
    std::vector<std::string> fields;
    size_t fieldCount = 0;
    std::string record; // a record spanning lines, joined
    int64_t line = 0;   // where the current record starts
    simdjson::dom::parser properties;
    simdjson::dom::parser ids;
    std::string uuid;
    std::string personId;

    // Splits `text` into fields; false (with the message) when a quoted field is malformed.
    bool split(std::string_view text, QString& message)
    {
        fieldCount = 0;
        size_t i = 0;
        for (;;) {
            if (fieldCount == fields.size())
                fields.emplace_back();
            std::string& field = fields[fieldCount++];
            field.clear();
            if (i < text.size() && text[i] == '"') {
                ++i;
                for (;;) {
                    const size_t quote = text.find('"', i);
                    if (quote == std::string_view::npos) {
                        message = QStringLiteral("unterminated quoted field");
                        return false;
                    }
                    field.append(text.substr(i, quote - i));
                    i = quote + 1;
                    if (i < text.size() && text[i] == '"') {
                        field += '"';
                        ++i;
                        continue;
                    }
                    break;
                }
                if (i < text.size() && text[i] != ',') {
                    message = QStringLiteral("text after the closing quote of column %1").arg(fieldCount);
                    return false;
                }
            } else {
                const size_t comma = text.find(',', i);
                const size_t end = comma == std::string_view::npos ? text.size() : comma;
                field.assign(text.substr(i, end - i));
                i = end;
            }
            if (i >= text.size())
                return true;
            ++i; // the comma
        }
    }

    // The next non-blank record, split into fields. Bad covers malformed quoting and a column count
    // that differs from the header's.
    Result next(ImportError& error)
    {
        std::string_view text;
        int64_t number = 0;
        do {
            if (!lines->next(text, number)) {
                if (lines->failed()) {
                    error = ImportError{0, {}, lines->errorString()};
                    return Result::Failed;
                }
                if (!headerRead) {
                    error = ImportError{0, {}, QStringLiteral("empty file: no header row")};
                    return Result::Failed;
                }
                return Result::End;
            }
        } while (isBlank(text));
        line = number;
        if (quotes(text) % 2 != 0) {
            // A quoted field goes on past the end of this line: join lines until the quotes balance.
            record.assign(text);
            size_t open = quotes(text);
            while (open % 2 != 0) {
                if (record.size() > kLongestRecord || !lines->next(text, number)) {
                    error = ImportError{line, {}, QStringLiteral("unterminated quoted field")};
                    return lines->failed() ? Result::Failed : Result::Bad;
                }
                record += '\n';
                record.append(text);
                open += quotes(text);
            }
            text = record;
        }
        QString message;
        if (!split(text, message)) {
            error = ImportError{line, {}, message};
            return Result::Bad;
        }
        if (headerRead && fieldCount != header.size()) {
            error = ImportError{
                line, {}, QStringLiteral("%1 columns, the header has %2").arg(fieldCount).arg(header.size())};
            return Result::Bad;
        }
        return Result::Record;
    }

    // Reads the header on the first call and finds the wanted columns; Failed when a required one
    // is missing.
    Result start(const std::string_view* names, size_t count, size_t required, ImportError& error)
    {
        if (headerRead)
            return Result::Record;
        const Result result = next(error);
        if (result == Result::Bad)
            return Result::Failed; // no usable header, nothing to go on with
        if (result != Result::Record)
            return result;
        headerRead = true;
        header.assign(fields.begin(), fields.begin() + static_cast<ptrdiff_t>(fieldCount));
        for (std::string& name : header) {
            const size_t first = name.find_first_not_of(" \t");
            const size_t last = name.find_last_not_of(" \t");
            name = first == std::string::npos ? std::string() : name.substr(first, last - first + 1);
        }
        columns.assign(count, kNoColumn);
        for (size_t f = 0; f < count; ++f) {
            for (size_t c = 0; c < header.size(); ++c) {
                if (header[c] == names[f]) {
                    columns[f] = c;
                    break;
                }
            }
            if (f < required && columns[f] == kNoColumn) {
                error = ImportError{line, latin1(names[f]), QStringLiteral("no such column in the header")};
                return Result::Failed;
            }
        }
        return Result::Record;
    }

    std::string& cell(size_t field) { return fields[columns[field]]; }
    bool has(size_t field) const { return columns[field] != kNoColumn && !fields[columns[field]].empty(); }

    bool fail(ImportError& error, std::string_view name, const QString& message)
    {
        error = ImportError{line, latin1(name), message};
        return false;
    }

    bool required(size_t field, std::string_view name, std::string_view& out, ImportError& error)
    {
        if (!has(field))
            return fail(error, name, QStringLiteral("missing"));
        out = cell(field);
        return true;
    }

    bool optional(size_t field, std::string_view& out)
    {
        out = has(field) ? std::string_view(cell(field)) : std::string_view();
        return true;
    }

    bool time(size_t field, std::string_view name, bool isRequired, int64_t& out, ImportError& error)
    {
        if (!has(field))
            return !isRequired || fail(error, name, QStringLiteral("missing"));
        QString message;
        return importfield::timestamp(cell(field), out, message) || fail(error, name, message);
    }

    bool uuidField(size_t field, std::string_view name, bool isRequired, std::string& storage,
                   std::string_view& out, ImportError& error)
    {
        out = {};
        if (!has(field))
            return !isRequired || fail(error, name, QStringLiteral("missing"));
        QString message;
        if (!importfield::uuid(cell(field), storage, message))
            return fail(error, name, message);
        out = storage;
        return true;
    }

    // A JSON object cell (its text), "{}" when empty.
    bool object(size_t field, std::string_view name, std::string_view& out, ImportError& error)
    {
        out = "{}";
        if (!has(field))
            return true;
        std::string& text = cell(field);
        text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
        simdjson::dom::element root;
        if (properties.parse(text).get(root) != simdjson::SUCCESS)
            return fail(error, name, QStringLiteral("not valid JSON"));
        if (!root.is_object())
            return fail(error, name, QStringLiteral("not a JSON object"));
        out = text;
        return true;
    }
};

CsvReader::CsvReader(std::unique_ptr<ImportLines> lines)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->lines = std::move(lines);
}

CsvReader::~CsvReader() = default;

int64_t CsvReader::estimatedRecords()
{
    const int64_t lines = m_impl->lines->estimatedLines();
    return lines > 0 ? lines - 1 : 0; // the header
}

RecordReader::Result CsvReader::nextEvent(EventRecord& record, ImportError& error)
{
    static constexpr std::array<std::string_view, 8> kNames = {"uuid",       "event",         "distinct_id",
                                                               "timestamp",  "properties",    "person_id",
                                                               "created_at", "elements_chain"};
    Impl& d = *m_impl;
    Result result = d.start(kNames.data(), kNames.size(), 4, error);
    if (result == Result::Record)
        result = d.next(error);
    if (result != Result::Record)
        return result;
    record = EventRecord{};
    if (!d.uuidField(0, kNames[0], true, d.uuid, record.uuid, error) ||
        !d.required(1, kNames[1], record.event, error) ||
        !d.required(2, kNames[2], record.distinctId, error) ||
        !d.time(3, kNames[3], true, record.timestamp, error) ||
        !d.object(4, kNames[4], record.properties, error) ||
        !d.uuidField(5, kNames[5], false, d.personId, record.personId, error) ||
        !d.time(6, kNames[6], false, record.createdAt, error) || !d.optional(7, record.elementsChain))
        return Result::Bad;
    return Result::Record;
}

RecordReader::Result CsvReader::nextPerson(PersonRecord& record, ImportError& error)
{
    // id and created_at are required (the first two in this order, as start() wants them).
    static constexpr std::array<std::string_view, 5> kNames = {"id", "created_at", "distinct_ids",
                                                               "properties", "is_identified"};
    Impl& d = *m_impl;
    Result result = d.start(kNames.data(), kNames.size(), 2, error);
    if (result == Result::Record)
        result = d.next(error);
    if (result != Result::Record)
        return result;
    record.distinctIds.clear();
    record.identified = false;
    if (!d.uuidField(0, kNames[0], true, d.uuid, record.id, error))
        return Result::Bad;
    if (d.has(2)) {
        std::string& text = d.cell(2);
        text.reserve(text.size() + simdjson::SIMDJSON_PADDING);
        simdjson::dom::element root;
        simdjson::dom::array ids;
        bool ok = d.ids.parse(text).get(root) == simdjson::SUCCESS &&
                  root.get_array().get(ids) == simdjson::SUCCESS;
        if (ok) {
            for (const simdjson::dom::element id : ids) {
                std::string_view value;
                ok = ok && id.get_string().get(value) == simdjson::SUCCESS && !value.empty();
                if (ok)
                    record.distinctIds.push_back(value);
            }
        }
        if (!ok) {
            d.fail(error, kNames[2], QStringLiteral("not a JSON array of non-empty strings"));
            return Result::Bad;
        }
    }
    if (!d.object(3, kNames[3], record.properties, error) ||
        !d.time(1, kNames[1], true, record.createdAt, error))
        return Result::Bad;
    if (d.has(4)) {
        const std::string& value = d.cell(4);
        if (value == "true" || value == "1" || value == "t" || value == "True" || value == "TRUE") {
            record.identified = true;
        } else if (!(value == "false" || value == "0" || value == "f" || value == "False" ||
                     value == "FALSE")) {
            d.fail(error, kNames[4], QStringLiteral("not true or false"));
            return Result::Bad;
        }
    }
    return Result::Record;
}

} // namespace hogscope::local
