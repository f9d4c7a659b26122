#include "import_jsonl.h"

#include "import_json_text.h"
#include "import_lines.h"

#include <simdjson.h>

#include <array>

namespace hogscope::local {

static_assert(ImportLines::kLinePadding >= simdjson::SIMDJSON_PADDING);

namespace {

using simdjson::dom::element;

bool isBlank(std::string_view line)
{
    return line.find_first_not_of(" \t\r") == std::string_view::npos;
}

// The members of a line's object that a record reads, the first of each name (later duplicates are
// ignored, as SQLite's JSON functions do).
template <size_t N>
struct Members
{
    const std::array<std::string_view, N>& names;
    std::array<element, N> values{};
    std::array<bool, N> present{};

    Members(const std::array<std::string_view, N>& fieldNames, simdjson::dom::object object)
        : names(fieldNames)
    {
        for (const simdjson::dom::key_value_pair member : object) {
            for (size_t i = 0; i < N; ++i) {
                if (!present[i] && member.key == names[i]) {
                    values[i] = member.value;
                    present[i] = true;
                    break;
                }
            }
        }
    }
    bool given(size_t i) const { return present[i] && !values[i].is_null(); }
    QString name(size_t i) const
    {
        return QString::fromLatin1(names[i].data(), static_cast<qsizetype>(names[i].size()));
    }
};

} // namespace

struct JsonLinesReader::Impl
{
    std::unique_ptr<ImportLines> lines;
    simdjson::dom::parser parser;
    simdjson::dom::object object;
    std::string_view text; // the current line
    int64_t line = 0;
    bool sawRecord = false;
    std::string uuid;
    std::string personId;

    // The next non-blank line as a JSON object.
    Result next(ImportError& error)
    {
        std::string_view current;
        int64_t number = 0;
        for (;;) {
            if (!lines->next(current, number)) {
                if (lines->failed()) {
                    error = ImportError{0, {}, lines->errorString()};
                    return Result::Failed;
                }
                if (!sawRecord) {
                    error = ImportError{0, {}, QStringLiteral("empty file: no records")};
                    return Result::Failed;
                }
                return Result::End;
            }
            if (!isBlank(current))
                break;
        }
        sawRecord = true;
        line = number;
        text = current;
        element root;
        if (parser.parse(current.data(), current.size(), false).get(root) != simdjson::SUCCESS) {
            error = ImportError{line, {}, QStringLiteral("not valid JSON")};
            return Result::Bad;
        }
        if (root.get_object().get(object) != simdjson::SUCCESS) {
            error = ImportError{line, {}, QStringLiteral("not a JSON object")};
            return Result::Bad;
        }
        return Result::Record;
    }

    template <size_t N>
    bool fail(ImportError& error, const Members<N>& members, size_t i, const QString& message)
    {
        error = ImportError{line, members.name(i), message};
        return false;
    }

    // A string member: `required` ones must be present, non-null and non-empty.
    template <size_t N>
    bool string(const Members<N>& members, size_t i, bool required, std::string_view& out, ImportError& error)
    {
        out = {};
        if (!members.given(i))
            return !required || fail(error, members, i, QStringLiteral("missing"));
        if (members.values[i].get_string().get(out) != simdjson::SUCCESS)
            return fail(error, members, i, QStringLiteral("not a string"));
        if (required && out.empty())
            return fail(error, members, i, QStringLiteral("empty"));
        return true;
    }

    template <size_t N>
    bool time(const Members<N>& members, size_t i, bool required, int64_t& out, ImportError& error)
    {
        std::string_view textValue;
        if (!string(members, i, required, textValue, error))
            return false;
        QString message;
        if (!textValue.empty() && !importfield::timestamp(textValue, out, message))
            return fail(error, members, i, message);
        return true;
    }

    template <size_t N>
    bool uuidField(const Members<N>& members, size_t i, bool required, std::string& storage,
                   std::string_view& out, ImportError& error)
    {
        std::string_view textValue;
        if (!string(members, i, required, textValue, error))
            return false;
        out = {};
        if (textValue.empty())
            return true;
        QString message;
        if (!importfield::uuid(textValue, storage, message))
            return fail(error, members, i, message);
        out = storage;
        return true;
    }

    // `properties`: an object (its text as written in the line), or "{}" when missing or null.
    template <size_t N>
    bool properties(const Members<N>& members, size_t i, std::string_view& out, ImportError& error)
    {
        out = "{}";
        if (!members.given(i))
            return true;
        if (!members.values[i].is_object())
            return fail(error, members, i, QStringLiteral("not a JSON object"));
        bool found = false;
        jsontext::forEachMember(text, [&](std::string_view key, std::string_view raw) {
            if (!found && key == members.names[i]) {
                out = raw;
                found = true;
            }
        });
        return found || fail(error, members, i, QStringLiteral("not valid JSON"));
    }
};

JsonLinesReader::JsonLinesReader(std::unique_ptr<ImportLines> lines)
    : m_impl(std::make_unique<Impl>())
{
    m_impl->lines = std::move(lines);
}

JsonLinesReader::~JsonLinesReader() = default;

int64_t JsonLinesReader::estimatedRecords()
{
    return m_impl->lines->estimatedLines();
}

RecordReader::Result JsonLinesReader::nextEvent(EventRecord& record, ImportError& error)
{
    static constexpr std::array<std::string_view, 8> kNames = {"uuid",       "event",         "distinct_id",
                                                               "timestamp",  "properties",    "person_id",
                                                               "created_at", "elements_chain"};
    Impl& d = *m_impl;
    const Result result = d.next(error);
    if (result != Result::Record)
        return result;
    const Members<kNames.size()> m(kNames, d.object);
    record = EventRecord{};
    if (!d.uuidField(m, 0, true, d.uuid, record.uuid, error) || !d.string(m, 1, true, record.event, error) ||
        !d.string(m, 2, true, record.distinctId, error) || !d.time(m, 3, true, record.timestamp, error) ||
        !d.properties(m, 4, record.properties, error) ||
        !d.uuidField(m, 5, false, d.personId, record.personId, error) ||
        !d.time(m, 6, false, record.createdAt, error) || !d.string(m, 7, false, record.elementsChain, error))
        return Result::Bad;
    return Result::Record;
}

RecordReader::Result JsonLinesReader::nextPerson(PersonRecord& record, ImportError& error)
{
    static constexpr std::array<std::string_view, 5> kNames = {"id", "distinct_ids", "properties",
                                                               "created_at", "is_identified"};
    Impl& d = *m_impl;
    const Result result = d.next(error);
    if (result != Result::Record)
        return result;
    const Members<kNames.size()> m(kNames, d.object);
    record.distinctIds.clear();
    record.identified = false;
    if (!d.uuidField(m, 0, true, d.uuid, record.id, error))
        return Result::Bad;
    if (m.given(1)) {
        simdjson::dom::array ids;
        bool ok = m.values[1].get_array().get(ids) == simdjson::SUCCESS;
        if (ok) {
            for (const element id : ids) {
                std::string_view text;
                ok = ok && id.get_string().get(text) == simdjson::SUCCESS && !text.empty();
                if (ok)
                    record.distinctIds.push_back(text);
            }
        }
        if (!ok) {
            d.fail(error, m, 1, QStringLiteral("not an array of non-empty strings"));
            return Result::Bad;
        }
    }
    if (!d.properties(m, 2, record.properties, error) || !d.time(m, 3, true, record.createdAt, error))
        return Result::Bad;
    if (m.given(4) && m.values[4].get_bool().get(record.identified) != simdjson::SUCCESS) {
        d.fail(error, m, 4, QStringLiteral("not true or false"));
        return Result::Bad;
    }
    return Result::Record;
}

} // namespace hogscope::local
