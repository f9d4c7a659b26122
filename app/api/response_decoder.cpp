#include "api/response_decoder.h"

#include "model/result_table.h"

#include <simdjson.h>

#include <limits>

namespace hogscope::api {

namespace {

namespace dom = simdjson::dom;
using model::ColumnInfo;
using model::ResultTableBuilder;

QString toQString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

// Thrown inside the decoder for shapes simdjson accepts but we cannot use.
struct ShapeError
{
    QString message;
};

// Reads one HogQL-style response object ({results, columns, types, hasMore, ...}) field by field,
// in whatever order the server wrote them, without building a DOM.
class ResponseReader
{
public:
    explicit ResponseReader(size_t bodySize)
        : m_bodySize(bodySize)
    {}

    QueryResult result;
    bool sawResults = false;

    void readResponse(dom::object object)
    {
        for (auto field : object)
            readField(field.key, field.value);
        applyColumns();
    }

    // One field of a response object; unknown keys are skipped.
    void readField(std::string_view key, dom::element value)
    {
        if (key == "results") {
            if (value.is_null())
                return;
            readRows(value.get_array());
            sawResults = true;
        } else if (key == "columns") {
            if (value.is_null())
                return;
            for (auto name : value.get_array())
                m_names.push_back(readColumnName(name));
            m_haveNames = true;
        } else if (key == "types") {
            if (value.is_null())
                return;
            for (auto entry : value.get_array())
                m_types.push_back(readType(entry));
            m_haveTypes = true;
        } else if (key == "hasMore") {
            result.hasMore = value.type() == dom::element_type::BOOL && bool(value.get_bool());
        } else if (key == "hogql") {
            if (value.type() == dom::element_type::STRING)
                result.hogql = toQString(value.get_string());
        } else if (key == "clickhouse") {
            if (value.type() == dom::element_type::STRING)
                result.clickhouse = toQString(value.get_string());
        } else if (key == "is_cached") {
            result.cached = value.type() == dom::element_type::BOOL && bool(value.get_bool());
        } else if (key == "timings") {
            if (value.type() == dom::element_type::ARRAY)
                readTimings(value.get_array());
        }
    }

    // Column metadata may arrive before or after the rows; it is applied once all fields are read.
    void applyColumns()
    {
        if (!m_haveNames && !m_haveTypes)
            return;
        std::vector<ColumnInfo> columns(std::max(m_names.size(), m_types.size()));
        for (size_t i = 0; i < columns.size(); ++i) {
            if (i < m_names.size())
                columns[i].name = m_names[i];
            else
                columns[i].name = m_types[i].first;
            if (i < m_types.size()) {
                columns[i].clickhouseType = m_types[i].second;
                const QByteArray type = m_types[i].second.toUtf8();
                columns[i].type = model::columnTypeFromClickHouse(
                    std::string_view(type.constData(), size_t(type.size())), &columns[i].nullable);
            }
        }
        m_builder.setColumns(std::move(columns));
    }

    std::shared_ptr<const model::ResultTable> finishTable()
    {
        auto table = m_builder.finish();
        if (!table)
            throw ShapeError{m_builder.error()};
        return table;
    }

private:
    static std::pair<QString, QString> readType(dom::element type)
    {
        std::pair<QString, QString> pair; // (name, ClickHouse type); name may be empty
        if (type.type() == dom::element_type::ARRAY) {
            // HogQLQuery: [name, clickhouse_type]
            int index = 0;
            for (auto part : type.get_array()) {
                dom::element partValue = part;
                if (index == 0 && partValue.type() == dom::element_type::STRING)
                    pair.first = toQString(partValue.get_string());
                else if (index == 1 && partValue.type() == dom::element_type::STRING)
                    pair.second = toQString(partValue.get_string());
                ++index;
            }
        } else if (type.type() == dom::element_type::STRING) {
            // ActorsQuery/EventsQuery: plain type strings
            pair.second = toQString(type.get_string());
        }
        return pair;
    }

    static QString readColumnName(dom::element value)
    {
        if (value.type() == dom::element_type::STRING)
            return toQString(value.get_string());
        // Defensive: a non-string column name is shown as its JSON text.
        return toQString(simdjson::minify(value));
    }

    void readRows(dom::array rows)
    {
        // The tape knows the row count; text can never exceed the body (escapes only shrink).
        m_builder.reserveRows(rows.size());
        m_builder.reserveText(m_bodySize);
        qint64 rowIndex = 0;
        for (auto rowResult : rows) {
            dom::element row = rowResult;
            if (row.type() != dom::element_type::ARRAY)
                throw ShapeError{
                    QStringLiteral("Row %1 of \"results\" is not an array; this response is not a table.")
                        .arg(rowIndex + 1)};
            m_builder.beginRow();
            for (auto cell : row.get_array())
                readCell(cell);
            if (!m_builder.endRow())
                throw ShapeError{m_builder.error()};
            ++rowIndex;
        }
    }

    void readCell(dom::element value)
    {
        switch (value.type()) {
        case dom::element_type::NULL_VALUE:
            m_builder.appendNull();
            return;
        case dom::element_type::BOOL:
            m_builder.appendBool(bool(value.get_bool()));
            return;
        case dom::element_type::STRING:
            m_builder.appendText(std::string_view(value.get_string()));
            return;
        case dom::element_type::INT64:
            m_builder.appendInteger(int64_t(value.get_int64()));
            return;
        case dom::element_type::UINT64: {
            // Above INT64_MAX: keep the digits rather than lose precision.
            const std::string digits = std::to_string(uint64_t(value.get_uint64()));
            m_builder.appendText(digits);
            return;
        }
        case dom::element_type::DOUBLE:
            m_builder.appendFloat(double(value.get_double()));
            return;
        case dom::element_type::ARRAY:
        case dom::element_type::OBJECT:
            // Nested values are kept as compact JSON text for the grid and export.
            m_jsonScratch = simdjson::minify(value);
            m_builder.appendJson(m_jsonScratch);
            return;
        }
    }

    void readTimings(dom::array timings)
    {
        double total = -1;
        for (auto entryResult : timings) {
            dom::element entry = entryResult;
            if (entry.type() != dom::element_type::OBJECT)
                continue;
            QueryTiming timing;
            for (auto field : entry.get_object()) {
                const std::string_view key = field.key;
                dom::element value = field.value;
                if (key == "k" && value.type() == dom::element_type::STRING)
                    timing.key = toQString(value.get_string());
                else if (key == "t" && value.is_number())
                    timing.seconds = value.get_double();
            }
            // PostHog's "." entry is the whole request; otherwise the longest stage is the best bound.
            if (timing.key == QLatin1String("."))
                total = timing.seconds;
            else if (total < 0 || timing.seconds > result.elapsedSeconds)
                result.elapsedSeconds = std::max(result.elapsedSeconds, timing.seconds);
            result.timings.push_back(std::move(timing));
        }
        if (total >= 0)
            result.elapsedSeconds = total;
    }

    ResultTableBuilder m_builder;
    std::string m_jsonScratch;
    size_t m_bodySize = 0;
    std::vector<QString> m_names;
    std::vector<std::pair<QString, QString>> m_types;
    bool m_haveNames = false;
    bool m_haveTypes = false;
};

qint64 readInteger(dom::element value)
{
    if (!value.is_number())
        return 0;
    return qint64(double(value.get_double()));
}

// Reads a QueryStatus object; a complete successful status carries the full response in "results".
void readStatus(dom::object status, QueryResponse& response, ResponseReader& reader, bool* complete,
                bool* failed)
{
    QString errorMessage;
    QString errorCode;
    for (auto field : status) {
        const std::string_view key = field.key;
        dom::element value = field.value;
        const dom::element_type type = value.type();
        if (key == "id") {
            if (type == dom::element_type::STRING)
                response.queryId = toQString(value.get_string());
        } else if (key == "complete") {
            *complete = type == dom::element_type::BOOL && bool(value.get_bool());
        } else if (key == "error") {
            *failed = type == dom::element_type::BOOL && bool(value.get_bool());
        } else if (key == "error_message") {
            if (type == dom::element_type::STRING)
                errorMessage = toQString(value.get_string());
        } else if (key == "error_code") {
            if (type == dom::element_type::STRING)
                errorCode = toQString(value.get_string());
        } else if (key == "results") {
            if (type == dom::element_type::OBJECT)
                reader.readResponse(value.get_object());
        } else if (key == "query_progress") {
            if (type != dom::element_type::OBJECT)
                continue;
            for (auto progressField : value.get_object()) {
                const std::string_view progressKey = progressField.key;
                dom::element progressValue = progressField.value;
                if (progressKey == "rows_read")
                    response.progress.rowsRead = readInteger(progressValue);
                else if (progressKey == "bytes_read")
                    response.progress.bytesRead = readInteger(progressValue);
                else if (progressKey == "estimated_rows_total")
                    response.progress.estimatedRowsTotal = readInteger(progressValue);
                else if (progressKey == "time_elapsed" && progressValue.is_number())
                    response.progress.elapsedSeconds = progressValue.get_double();
            }
        }
    }
    if (*failed) {
        response.error.kind = errorMessage.isEmpty() ? ApiError::Kind::Server : ApiError::Kind::Query;
        response.error.code = errorCode;
        response.error.message = errorMessage.isEmpty()
                                     ? QStringLiteral("The query failed on the server, which gave no reason.")
                                     : unpackErrorDetail(errorMessage);
    }
}

constexpr size_t kKeptParserCapacity = 64 * 1024 * 1024;

QueryResponse decodeError(const QString& message)
{
    QueryResponse response;
    response.outcome = QueryResponse::Outcome::Failed;
    response.error.kind = ApiError::Kind::Decode;
    response.error.message = message;
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
        for (char c : body)
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
    // simdjson reads up to SIMDJSON_PADDING bytes past the end; give it room without copying twice.
    body.reserve(size + qsizetype(simdjson::SIMDJSON_PADDING));
    const simdjson::padded_string_view json(body.constData(), size_t(size), size_t(body.capacity()));

    QueryResponse response;
    // DOM rather than On-Demand: the DOM parser picks the best SIMD kernel at run time, whereas
    // On-Demand code is compiled for the build's baseline ISA only.
    // One parser per worker thread: its buffers (several times the body size) are reused across
    // decodes instead of being faulted in afresh, which costs more than the parse itself. Very large
    // buffers are released after use so an idle thread does not sit on them.
    thread_local dom::parser parser;
    struct ReleaseLargeBuffers
    {
        dom::parser& parser;
        ~ReleaseLargeBuffers()
        {
            if (parser.capacity() > kKeptParserCapacity)
                parser = dom::parser();
        }
    } release{parser};
    ResponseReader reader{size_t(size)};
    try {
        const dom::element document = parser.parse(json.data(), json.size(), false);
        bool haveStatus = false;
        bool complete = false;
        bool failed = false;
        for (auto field : document.get_object()) {
            const std::string_view key = field.key;
            dom::element value = field.value;
            if (key == "query_status") {
                if (value.type() != dom::element_type::OBJECT)
                    continue;
                haveStatus = true;
                readStatus(value.get_object(), response, reader, &complete, &failed);
            } else if (key == "results" || key == "columns" || key == "types" || key == "hasMore" ||
                       key == "hogql" || key == "clickhouse" || key == "is_cached" || key == "timings") {
                // Top-level fields of a synchronous response.
                reader.readField(key, value);
            }
        }
        reader.applyColumns();
        if (haveStatus && failed) {
            response.outcome = QueryResponse::Outcome::Failed;
            return response;
        }
        if (haveStatus && !complete && !reader.sawResults) {
            response.outcome = QueryResponse::Outcome::Running;
            return response;
        }
        if (haveStatus && !complete && reader.sawResults) {
            // Stale-while-revalidate: cached rows plus a running refresh. We asked for fresh data,
            // so keep polling rather than show stale rows as the answer.
            response.outcome = QueryResponse::Outcome::Running;
            return response;
        }
        if (!reader.sawResults)
            return decodeError(QStringLiteral("The response has no \"results\"; it is not a query result."));
        response.result = std::move(reader.result);
        response.result.table = reader.finishTable();
        response.outcome = QueryResponse::Outcome::Completed;
        return response;
    } catch (const simdjson::simdjson_error& error) {
        if (error.error() == simdjson::INCORRECT_TYPE)
            return decodeError(
                QStringLiteral("The query result is malformed: a field does not have the "
                               "expected type (for example \"results\" is not a list of rows)."));
        QString reason = QString::fromUtf8(simdjson::error_message(error.error())).trimmed();
        if (reason.endsWith(QLatin1Char('.')))
            reason.chop(1);
        return decodeError(
            QStringLiteral("The server's response (%1 bytes) is not valid JSON: %2.").arg(size).arg(reason));
    } catch (const ShapeError& error) {
        return decodeError(QStringLiteral("The query result is malformed: %1").arg(error.message));
    }
}

} // namespace hogscope::api
