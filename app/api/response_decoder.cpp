#include "api/response_decoder.h"

#include "api/structural_reader.h"
#include "model/result_table.h"

#include <cstring>
#include <new>
#include <stdexcept>
#include <utility>

namespace hogscope::api {

namespace {

using model::CellKind;
using model::ColumnInfo;
using model::ColumnType;
using model::ResultTableBuilder;

// Thrown for JSON that is valid but not shaped like a query response.
struct ShapeError
{
    QString message;
};

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

QString describe(char c)
{
    switch (c) {
    case '{':
        return QStringLiteral("an object");
    case '[':
        return QStringLiteral("a list");
    case '"':
        return QStringLiteral("a string");
    case 't':
    case 'f':
        return QStringLiteral("true/false");
    case 'n':
        return QStringLiteral("null");
    default:
        return QStringLiteral("a number");
    }
}

[[noreturn]] void wrongType(const char* field, char found, const char* expected)
{
    throw ShapeError{QStringLiteral("\"%1\" is %2 where %3 was expected.")
                         .arg(QLatin1StringView(field), describe(found), QLatin1StringView(expected))};
}

enum class Field
{
    Other,
    Results,
    Columns,
    Types,
    HasMore,
    HogQL,
    ClickHouse,
    IsCached,
    Timings,
    QueryStatus,
};

Field responseField(std::string_view key)
{
    if (key == "results")
        return Field::Results;
    if (key == "columns")
        return Field::Columns;
    if (key == "types")
        return Field::Types;
    if (key == "hasMore")
        return Field::HasMore;
    if (key == "hogql")
        return Field::HogQL;
    if (key == "clickhouse")
        return Field::ClickHouse;
    if (key == "is_cached")
        return Field::IsCached;
    if (key == "timings")
        return Field::Timings;
    if (key == "query_status")
        return Field::QueryStatus;
    return Field::Other;
}

// Reads a response body over a StructuralReader, rows straight into a ResultTableBuilder whose
// text buffer may be the body itself: cell text is then compacted towards the front of the body
// as it is read, behind the read position, so the decode needs no second copy of the text.
class ResponseParser
{
public:
    ResponseParser(StructuralReader& reader, QByteArray textBuffer, bool inPlace, QueryResponse& response)
        : m_reader(reader)
        , m_response(response)
        , m_inPlace(inPlace)
    {
        m_text = textBuffer.data();
        m_builder.adoptTextBuffer(std::move(textBuffer));
    }

    void readDocument()
    {
        const size_t open = m_reader.next();
        if (m_reader.at(open) != '{')
            throw ShapeError{QStringLiteral("the response is not a JSON object.")};
        forEachField([this](const std::string& key, size_t pos) {
            const Field field = responseField(key);
            if (field == Field::QueryStatus)
                readStatus(pos);
            else
                readResponseField(field, pos);
        });
        if (!m_reader.atEnd())
            m_reader.fail("there is more text after the JSON object", m_reader.next());
    }

    bool sawResults() const { return m_sawResults; }
    bool haveStatus() const { return m_haveStatus; }
    bool complete() const { return m_complete; }
    bool failed() const { return m_failed; }
    QueryResult& result() { return m_result; }

    std::shared_ptr<const model::ResultTable> finishTable()
    {
        if (m_haveNames || m_haveTypes) {
            std::vector<ColumnInfo> columns(std::max(m_names.size(), m_types.size()));
            for (size_t i = 0; i < columns.size(); ++i) {
                columns[i].name = i < m_names.size() ? m_names[i] : m_types[i].first;
                if (i < m_types.size()) {
                    columns[i].clickhouseType = m_types[i].second;
                    const QByteArray type = m_types[i].second.toUtf8();
                    columns[i].type = model::columnTypeFromClickHouse(
                        std::string_view(type.constData(), size_t(type.size())), &columns[i].nullable);
                }
            }
            m_builder.setColumns(std::move(columns));
        }
        auto table = m_builder.finish();
        if (!table)
            throw ShapeError{m_builder.error()};
        return table;
    }

private:
    // Calls onField(key, valuePos) for each member of the object just opened; onField must read or
    // skip the whole value.
    template <typename F>
    void forEachField(F&& onField)
    {
        std::string key;
        size_t pos = m_reader.next();
        if (m_reader.at(pos) == '}')
            return;
        for (;;) {
            if (m_reader.at(pos) != '"')
                m_reader.fail("an object key is not a string", pos);
            key = m_reader.scratchString(pos);
            const size_t colon = m_reader.next();
            if (m_reader.at(colon) != ':')
                m_reader.fail("an object key is not followed by a colon", colon);
            onField(key, m_reader.next());
            const size_t separator = m_reader.next();
            if (m_reader.at(separator) == '}')
                return;
            if (m_reader.at(separator) != ',')
                m_reader.fail("expected a comma or } after an object member", separator);
            pos = m_reader.next();
        }
    }

    void readResponseField(Field field, size_t pos)
    {
        const char c = m_reader.at(pos);
        switch (field) {
        case Field::Results:
            if (c == 'n')
                return m_reader.expectLiteral(pos, "null");
            if (c != '[')
                wrongType("results", c, "a list of rows");
            if (m_sawResults) // a second result set (never sent by PostHog): the first one stands
                return m_reader.skipValue(pos);
            m_sawResults = true;
            return readRows();
        case Field::Columns:
            if (c == 'n')
                return m_reader.expectLiteral(pos, "null");
            if (c != '[')
                wrongType("columns", c, "a list of column names");
            m_haveNames = true;
            m_names.clear();
            return forEachElement(
                [this](size_t element) { m_names.push_back(columnName(element, m_names.size())); });
        case Field::Types:
            if (c == 'n')
                return m_reader.expectLiteral(pos, "null");
            if (c != '[')
                wrongType("types", c, "a list of column types");
            m_haveTypes = true;
            m_types.clear();
            return forEachElement([this](size_t element) { m_types.push_back(columnType(element)); });
        case Field::HasMore:
            m_result.hasMore = readFlag(pos, "hasMore");
            return;
        case Field::IsCached:
            if (c == 't' || c == 'f' || c == 'n')
                m_result.cached = readFlag(pos, "is_cached");
            else
                m_reader.skipValue(pos); // informational only
            return;
        case Field::HogQL:
        case Field::ClickHouse:
            if (c == '"')
                (field == Field::HogQL ? m_result.hogql : m_result.clickhouse) =
                    toQString(m_reader.scratchString(pos));
            else
                m_reader.skipValue(pos); // informational only: tolerate odd values
            return;
        case Field::Timings:
            if (c == '[')
                return readTimings();
            return m_reader.skipValue(pos);
        case Field::QueryStatus:
        case Field::Other:
            return m_reader.skipValue(pos);
        }
    }

    // Calls onElement(pos) for each element of the list just opened; it must consume the element.
    template <typename F>
    void forEachElement(F&& onElement)
    {
        size_t pos = m_reader.next();
        if (m_reader.at(pos) == ']')
            return;
        for (;;) {
            onElement(pos);
            const size_t separator = m_reader.next();
            if (m_reader.at(separator) == ']')
                return;
            if (m_reader.at(separator) != ',')
                m_reader.fail("expected a comma or ] after a list element", separator);
            pos = m_reader.next();
        }
    }

    bool readFlag(size_t pos, const char* field)
    {
        switch (m_reader.at(pos)) {
        case 't':
            m_reader.expectLiteral(pos, "true");
            return true;
        case 'f':
            m_reader.expectLiteral(pos, "false");
            return false;
        case 'n':
            m_reader.expectLiteral(pos, "null");
            return false;
        default:
            wrongType(field, m_reader.at(pos), "true or false");
        }
    }

    QString columnName(size_t pos, size_t index)
    {
        if (m_reader.at(pos) == '"')
            return toQString(m_reader.scratchString(pos));
        // Defensive: a column without a usable name gets a positional one.
        m_reader.skipValue(pos);
        return QStringLiteral("column_%1").arg(index + 1);
    }

    std::pair<QString, QString> columnType(size_t pos)
    {
        std::pair<QString, QString> type; // (name, ClickHouse type); the name may be empty
        const char c = m_reader.at(pos);
        if (c == '"') {
            // ActorsQuery/EventsQuery: plain type strings
            type.second = toQString(m_reader.scratchString(pos));
        } else if (c == '[') {
            // HogQLQuery: [name, clickhouse_type]
            int index = 0;
            forEachElement([&](size_t part) {
                if (index < 2 && m_reader.at(part) == '"')
                    (index == 0 ? type.first : type.second) = toQString(m_reader.scratchString(part));
                else if (index < 2 && m_reader.at(part) != 'n')
                    wrongType("types", m_reader.at(part), "a column name and a type name");
                else
                    m_reader.skipValue(part);
                ++index;
            });
        } else if (c == 'n') {
            m_reader.expectLiteral(pos, "null");
        } else {
            wrongType("types", c, "a type name or a [name, type] pair for each column");
        }
        return type;
    }

    void readTimings()
    {
        double total = -1;
        forEachElement([&](size_t entry) {
            if (m_reader.at(entry) != '{')
                return m_reader.skipValue(entry);
            QueryTiming timing;
            forEachField([&](const std::string& key, size_t pos) {
                if (key == "k" && m_reader.at(pos) == '"')
                    timing.key = toQString(m_reader.scratchString(pos));
                else if (key == "t" && numberStart(m_reader.at(pos)))
                    timing.seconds = numberValue(pos);
                else
                    m_reader.skipValue(pos);
            });
            // PostHog's "." entry is the whole request; otherwise the longest stage is the best bound.
            if (timing.key == QLatin1String("."))
                total = timing.seconds;
            else
                m_result.elapsedSeconds = std::max(m_result.elapsedSeconds, timing.seconds);
            m_result.timings.push_back(std::move(timing));
        });
        if (total >= 0)
            m_result.elapsedSeconds = total;
    }

    // "YYYY-MM-DDThh:mm:ss..." or with a space; a cheap test before the real parse.
    static bool looksLikeDateTime(std::string_view text)
    {
        return text.size() >= 19 && text.size() <= 35 && text[4] == '-' && text[7] == '-' &&
               (text[10] == 'T' || text[10] == ' ') && text[13] == ':';
    }

    static bool numberStart(char c) { return c == '-' || (c >= '0' && c <= '9'); }

    double numberValue(size_t pos) const
    {
        const JsonNumber number = m_reader.number(pos);
        if (number.kind == JsonNumber::Kind::Integer)
            return double(number.integer);
        return number.kind == JsonNumber::Kind::Float ? number.real : 0.0;
    }

    // A QueryStatus object; a complete successful status carries the whole response in "results".
    void readStatus(size_t pos)
    {
        const char c = m_reader.at(pos);
        if (c == 'n')
            return m_reader.expectLiteral(pos, "null");
        if (c != '{')
            wrongType("query_status", c, "an object");
        m_haveStatus = true;
        QString errorMessage;
        QString errorCode;
        forEachField([&](const std::string& key, size_t value) {
            const char v = m_reader.at(value);
            if (key == "id" && v == '"') {
                m_response.queryId = toQString(m_reader.scratchString(value));
            } else if (key == "complete") {
                m_complete = readFlag(value, "query_status.complete");
            } else if (key == "error") {
                m_failed = readFlag(value, "query_status.error");
            } else if (key == "error_message" && v == '"') {
                errorMessage = toQString(m_reader.scratchString(value));
            } else if (key == "error_code" && v == '"') {
                errorCode = toQString(m_reader.scratchString(value));
            } else if (key == "results" && v == '{') {
                forEachField([this](const std::string& field, size_t inner) {
                    readResponseField(responseField(field), inner);
                });
            } else if (key == "results" && v != 'n') {
                wrongType("query_status.results", v, "the response object");
            } else if (key == "query_progress" && v == '{') {
                readProgress();
            } else {
                m_reader.skipValue(value);
            }
        });
        if (m_failed) {
            ApiError& error = m_response.error;
            error.kind = errorMessage.isEmpty() ? ApiError::Kind::Server : ApiError::Kind::Query;
            error.code = errorCode;
            error.message = errorMessage.isEmpty()
                                ? QStringLiteral("The query failed on the server, which gave no reason.")
                                : unpackErrorDetail(errorMessage);
        }
    }

    void readProgress()
    {
        QueryProgress& progress = m_response.progress;
        forEachField([&](const std::string& key, size_t value) {
            if (!numberStart(m_reader.at(value)))
                return m_reader.skipValue(value);
            const double number = numberValue(value);
            if (key == "rows_read")
                progress.rowsRead = qint64(number);
            else if (key == "bytes_read")
                progress.bytesRead = qint64(number);
            else if (key == "estimated_rows_total")
                progress.estimatedRowsTotal = qint64(number);
            else if (key == "time_elapsed")
                progress.elapsedSeconds = number;
        });
    }

    // Rows looked at before the row count is estimated from the body size.
    static constexpr int kSampleRows = 256;

    // The hot loop: every row of "results", cell by cell, into the builder.
    void readRows()
    {
        // Types seen before the rows let date/times become instants at once (PostHog writes keys in
        // alphabetical order, so usually they come after and the builder converts at the end).
        m_hints.clear();
        for (const auto& type : m_types) {
            const QByteArray name = type.second.toUtf8();
            m_hints.push_back(
                model::columnTypeFromClickHouse(std::string_view(name.constData(), size_t(name.size()))));
        }
        size_t pos = m_reader.next();
        if (m_reader.at(pos) == ']')
            return;
        const size_t first = pos;
        for (int row = 1;; ++row) {
            if (row == kSampleRows + 1) {
                // Size the cell arrays once from the rows so far instead of doubling them as they fill.
                const size_t perRow = std::max<size_t>(1, (pos - first) / kSampleRows);
                m_builder.reserveRows((m_reader.length() - first) / perRow * 17 / 16 + kSampleRows);
            }
            if (m_reader.at(pos) != '[')
                throw ShapeError{
                    QStringLiteral(
                        "Row %1 of \"results\" is %2, not a list of values; this response is not a "
                        "table.")
                        .arg(row)
                        .arg(describe(m_reader.at(pos)))};
            m_builder.beginRow();
            size_t cell = m_reader.next();
            if (m_reader.at(cell) != ']') {
                for (size_t column = 0;; ++column) {
                    readCell(cell, column);
                    const size_t separator = m_reader.next();
                    const char c = m_reader.at(separator);
                    if (c == ']')
                        break;
                    if (c != ',')
                        m_reader.fail("expected a comma or ] after a value in a row", separator);
                    cell = m_reader.next();
                }
            }
            if (!m_builder.endRow())
                throw ShapeError{m_builder.error()};
            const size_t separator = m_reader.next();
            if (m_reader.at(separator) == ']')
                return;
            if (m_reader.at(separator) != ',')
                m_reader.fail("expected a comma or ] after a row", separator);
            pos = m_reader.next();
        }
    }

    void readCell(size_t pos, size_t column)
    {
        const char c = m_reader.at(pos);
        char* const out = m_text + m_builder.textSize();
        switch (c) {
        case '"': {
            size_t length;
            if (!m_inPlace || pos + 1 >= m_builder.textSize() + StructuralReader::kInPlaceGap) {
                length = m_reader.unescapeInto(pos, out);
            } else {
                // Too close behind the read position for block copies: go through scratch.
                const std::string_view text = m_reader.scratchString(pos);
                std::memmove(out, text.data(), text.size());
                length = text.size();
            }
            const std::string_view text(out, length);
            qint64 micros;
            if (column < m_hints.size()) {
                if (m_hints[column] == ColumnType::DateTime && model::parseIsoDateTime(text, &micros))
                    m_builder.appendDateTime(micros);
                else
                    m_builder.commitText(length, CellKind::Text);
            } else if (looksLikeDateTime(text) && model::parseIsoDateTime(text, &micros)) {
                // Types not known yet: read the instant now, while the text is in the cache.
                m_builder.commitTextWithInstant(length, micros);
            } else {
                m_builder.commitText(length, CellKind::Text);
            }
            return;
        }
        case 'n':
            m_reader.expectLiteral(pos, "null");
            m_builder.appendNull();
            return;
        case 't':
            m_reader.expectLiteral(pos, "true");
            m_builder.appendBool(true);
            return;
        case 'f':
            m_reader.expectLiteral(pos, "false");
            m_builder.appendBool(false);
            return;
        case '[':
        case '{':
            // Nested values are kept as compact JSON text for the grid and export.
            m_builder.commitText(m_reader.copyCompact(pos, out), CellKind::Json);
            return;
        default: {
            const JsonNumber number = m_reader.number(pos);
            if (number.kind == JsonNumber::Kind::Integer) {
                m_builder.appendInteger(number.integer);
            } else if (number.kind == JsonNumber::Kind::Float) {
                m_builder.appendFloat(number.real);
            } else {
                // Beyond 64 bits (UInt64 above INT64_MAX, Int128...): keep the digits exactly.
                std::memmove(out, m_reader.data() + pos, number.length);
                m_builder.commitText(number.length, CellKind::Text);
            }
            return;
        }
        }
    }

    StructuralReader& m_reader;
    QueryResponse& m_response;
    ResultTableBuilder m_builder;
    char* m_text = nullptr;
    bool m_inPlace = false;
    QueryResult m_result;
    std::vector<QString> m_names;
    std::vector<std::pair<QString, QString>> m_types;
    std::vector<ColumnType> m_hints;
    bool m_haveNames = false;
    bool m_haveTypes = false;
    bool m_sawResults = false;
    bool m_haveStatus = false;
    bool m_complete = false;
    bool m_failed = false;
};

QueryResponse decodeError(const QString& message)
{
    QueryResponse response;
    response.outcome = QueryResponse::Outcome::Failed;
    response.error.kind = ApiError::Kind::Decode;
    response.error.message = message;
    return response;
}

QueryResponse decode(QByteArray body)
{
    const size_t size = size_t(body.size());
    constexpr qsizetype kPadding = qsizetype(StructuralReader::kPadding) + 1;
    // String decoding reads ahead; ApiClient reads bodies with room for it, so this rarely copies.
    if (body.data_ptr().freeSpaceAtEnd() < kPadding)
        body.reserve(body.size() + kPadding);

    // Compact the text into the body itself when nobody else holds it; otherwise write it to a
    // buffer of our own, as large as the body (text never outgrows the JSON it came from).
    const bool inPlace = body.isDetached();
    QByteArray text;
    const char* json;
    if (inPlace) {
        json = body.data();
        text = std::move(body);
    } else {
        json = body.constData();
        text = QByteArray(qsizetype(size + StructuralReader::kPadding), Qt::Uninitialized);
        model::detail::populateForWrite(text.data(), size);
    }

    QueryResponse response;
    StructuralReader reader(json, size);
    ResponseParser parser(reader, std::move(text), inPlace, response);
    try {
        parser.readDocument();
    } catch (const JsonSyntaxError& error) {
        // Stage 1 validates the whole text at once and cannot say where it failed: an error "after
        // byte 0" would only look precise, so a position is given only when one is known.
        const QString where = error.somewhereAfter && error.offset == 0 ? QString()
                              : error.somewhereAfter ? QStringLiteral(" (after byte %1)").arg(error.offset)
                                                     : QStringLiteral(" (at byte %1)").arg(error.offset);
        return decodeError(QStringLiteral("The server's response (%1 bytes) is not valid JSON: %2%3.")
                               .arg(size)
                               .arg(QString::fromStdString(error.reason), where));
    }
    if (parser.haveStatus() && parser.failed()) {
        response.outcome = QueryResponse::Outcome::Failed;
        return response;
    }
    if (parser.haveStatus() && !parser.complete()) {
        // Still running; with rows (stale-while-revalidate) too: we asked for fresh data, so keep
        // polling rather than show stale rows as the answer.
        response.outcome = QueryResponse::Outcome::Running;
        return response;
    }
    if (!parser.sawResults())
        return decodeError(QStringLiteral("The response has no \"results\"; it is not a query result."));
    response.result = std::move(parser.result());
    response.result.table = parser.finishTable();
    response.outcome = QueryResponse::Outcome::Completed;
    return response;
}

} // namespace

QueryResponse decodeQueryResponse(QByteArray body)
{
    const qsizetype size = body.size();
    if (size == 0)
        return decodeError(
            QStringLiteral("The server sent an empty response where query results were expected."));
    const char first = [&] {
        for (char c : std::as_const(body))
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t')
                return c;
        return '\0';
    }();
    if (first != '{') {
        const QString start = QString::fromUtf8(body.left(60)).simplified();
        return decodeError(
            QStringLiteral("The server's response is not a JSON object (it starts with \"%1\"); "
                           "check that the URL points at a PostHog instance.")
                .arg(start));
    }
    try {
        return decode(std::move(body));
    } catch (const ShapeError& error) {
        return decodeError(QStringLiteral("The query result is malformed: %1").arg(error.message));
    } catch (const std::bad_alloc&) {
        return decodeError(QStringLiteral("The result (%1 bytes) is too large to hold in memory; add a LIMIT "
                                          "or select fewer columns.")
                               .arg(size));
    } catch (const std::length_error&) {
        return decodeError(QStringLiteral("The result (%1 bytes) is too large to hold in memory; add a LIMIT "
                                          "or select fewer columns.")
                               .arg(size));
    }
}

} // namespace hogscope::api
