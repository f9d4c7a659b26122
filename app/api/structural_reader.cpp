#include "api/structural_reader.h"

#include <simdjson.h>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace hogscope::api {

namespace {

// Windows of this size keep the index (4 bytes per token) and the bytes being read in the cache.
constexpr size_t kWindow = 512 * 1024;
// A window that had to grow past this for one huge token is not kept for the next decode.
constexpr size_t kKeptCapacity = 8 * kWindow;
constexpr int kMaxDepth = 512;
// Cuts tried in one window before it is widened (a comma inside a long string costs a retry).
constexpr int kCutAttempts = 4;

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

std::unique_ptr<simdjson::internal::dom_parser_implementation>
createParser(const simdjson::implementation* kind)
{
    std::unique_ptr<simdjson::internal::dom_parser_implementation> parser;
    if (kind->create_dom_parser_implementation(kWindow, 64, parser) != simdjson::SUCCESS)
        throw std::bad_alloc();
    return parser;
}

// One stage-1 parser per thread, reused: its index buffer is then already mapped.
simdjson::internal::dom_parser_implementation* threadParser()
{
    thread_local std::unique_ptr<simdjson::internal::dom_parser_implementation> parser;
    if (!parser)
        parser = createParser(simdjson::get_active_implementation());
    return parser.get();
}

// The string decoder. simdjson 3.0's AVX-512 ("icelake") kernel decodes strings half as fast as its
// AVX2 ("haswell") one when called on its own, outside its stage 2 (measured: 350k strings of a
// 27 MB response in 21.6 ms against 10.2 ms), so AVX2 is preferred whenever the CPU has it.
const simdjson::internal::dom_parser_implementation* stringDecoder()
{
    thread_local std::unique_ptr<simdjson::internal::dom_parser_implementation> decoder;
    if (!decoder) {
        const simdjson::implementation* haswell = simdjson::get_available_implementations()["haswell"];
        const bool useHaswell = haswell && haswell->supported_by_runtime_system() &&
                                simdjson::get_active_implementation()->name() == "icelake";
        if (!useHaswell)
            return threadParser();
        decoder = createParser(haswell);
    }
    return decoder.get();
}

const char* stage1Reason(simdjson::error_code error)
{
    switch (error) {
    case simdjson::UTF8_ERROR:
        return "it is not valid UTF-8";
    case simdjson::UNESCAPED_CHARS:
        return "a string holds a control character that is not escaped";
    case simdjson::UNCLOSED_STRING:
        return "a string is not closed (the body looks cut short)";
    case simdjson::MEMALLOC:
        throw std::bad_alloc();
    default:
        return simdjson::error_message(error);
    }
}

} // namespace

StructuralReader::StructuralReader(const char* json, size_t length)
    : m_json(json)
    , m_length(length)
    , m_parser(threadParser())
    , m_strings(stringDecoder())
{}

StructuralReader::~StructuralReader()
{
    // A window widened for one huge token would keep its index buffer mapped; start afresh.
    if (m_parser->capacity() > kKeptCapacity) {
        const simdjson::error_code shrunk = m_parser->allocate(kWindow, m_parser->max_depth());
        Q_UNUSED(shrunk); // on failure the larger buffer simply stays
    }
}

void StructuralReader::fail(const char* reason, size_t offset) const
{
    throw JsonSyntaxError{reason, offset};
}

size_t StructuralReader::cutBefore(size_t start, size_t end, bool likely) const
{
    // Commas inside strings (JSON text kept in a string column, say) are common; a comma right
    // after a closing bracket or an unescaped quote is almost always a real separator, so try that
    // first, and any comma once a likely one was refused.
    if (likely) {
        const size_t stop = end - std::min(end - start, size_t(64 * 1024));
        for (size_t cut = end; cut > stop + 2; --cut) {
            if (m_json[cut - 1] != ',')
                continue;
            const char before = m_json[cut - 2];
            if (before == ']' || before == '}' || (before == '"' && m_json[cut - 3] != '\\'))
                return cut;
        }
    }
    while (end > start && m_json[end - 1] != ',')
        --end;
    return end;
}

bool StructuralReader::refill()
{
    size_t window = kWindow;
    const size_t start = m_windowEnd;
    while (start < m_length) {
        const size_t end = std::min(m_length, start + window);
        const bool last = end == m_length;
        // Cut right after a comma: if stage 1 ends outside a string there, the comma is a token
        // boundary, and since the window starts outside a string its answer is exact.
        size_t cut = end;
        for (int attempt = 0; attempt < (last ? 1 : kCutAttempts); ++attempt) {
            if (!last) {
                cut = cutBefore(start, cut, attempt == 0);
                if (cut == start)
                    break;
            }
            const size_t bytes = cut - start;
            if (m_parser->capacity() < bytes &&
                m_parser->allocate(std::max(bytes, kWindow), m_parser->max_depth()) != simdjson::SUCCESS)
                throw std::bad_alloc();
            const simdjson::error_code error = m_parser->stage1(
                reinterpret_cast<const uint8_t*>(m_json + start), bytes, simdjson::stage1_mode::regular);
            if (error == simdjson::SUCCESS || (last && error == simdjson::EMPTY)) {
                m_indexes = m_parser->structural_indexes.get();
                m_count = error == simdjson::SUCCESS ? m_parser->n_structural_indexes : 0;
                m_index = 0;
                m_base = start;
                m_windowEnd = cut;
                return m_count > 0;
            }
            if (last || error != simdjson::UNCLOSED_STRING)
                throw JsonSyntaxError{stage1Reason(error), start, true};
            --cut; // that comma was inside a string: try an earlier one
        }
        window *= 2; // one string longer than the window, or a window without commas
    }
    m_windowEnd = m_length;
    return false;
}

void StructuralReader::refillOrThrow()
{
    while (m_index == m_count) {
        if (m_windowEnd >= m_length || !refill())
            fail("the text ends before its JSON value is complete (the body looks cut short)", m_length);
    }
}

bool StructuralReader::atEnd()
{
    while (m_index == m_count) {
        if (m_windowEnd >= m_length || !refill())
            return true;
    }
    return false;
}

bool StructuralReader::terminatorAt(size_t pos) const
{
    if (pos >= m_length)
        return true;
    switch (m_json[pos]) {
    case ' ':
    case '\t':
    case '\n':
    case '\r':
    case ',':
    case ']':
    case '}':
    case ':':
        return true;
    default:
        return false;
    }
}

size_t StructuralReader::stringBound(size_t pos) const
{
    // A string is always followed by a structural character in its window (windows end in a comma).
    const size_t end = m_index < m_count ? m_base + m_indexes[m_index] : m_length;
    return end - pos;
}

size_t StructuralReader::closingQuote(size_t pos) const
{
    size_t end = pos + stringBound(pos);
    while (end > pos + 1 && m_json[end - 1] != '"')
        --end;
    return end - 1;
}

size_t StructuralReader::unescapeInto(size_t pos, char* out) const
{
    uint8_t* end = m_strings->parse_string(reinterpret_cast<const uint8_t*>(m_json + pos + 1),
                                           reinterpret_cast<uint8_t*>(out));
    if (!end)
        fail("a string has an invalid escape sequence", pos);
    return size_t(reinterpret_cast<char*>(end) - out);
}

std::string_view StructuralReader::scratchString(size_t pos)
{
    const size_t room = stringBound(pos) + kPadding;
    if (m_scratch.size() < room)
        m_scratch.resize(std::max(room, m_scratch.size() * 2));
    return std::string_view(m_scratch.data(), unescapeInto(pos, m_scratch.data()));
}

JsonNumber StructuralReader::number(size_t pos) const
{
    const char* const start = m_json + pos;
    const char* p = start;
    if (*p == '-')
        ++p;
    const char* const digits = p;
    if (*p == '0') {
        ++p;
    } else if (isDigit(*p)) {
        while (isDigit(*p))
            ++p;
    } else {
        fail("a value is not valid JSON (expected a number, a string, an array, an object, true, false "
             "or null)",
             pos);
    }
    const size_t integerDigits = size_t(p - digits);
    bool isFloat = false;
    if (*p == '.') {
        ++p;
        if (!isDigit(*p))
            fail("a number has no digits after its decimal point", pos);
        while (isDigit(*p))
            ++p;
        isFloat = true;
    }
    if (*p == 'e' || *p == 'E') {
        ++p;
        if (*p == '+' || *p == '-')
            ++p;
        if (!isDigit(*p))
            fail("a number has no digits in its exponent", pos);
        while (isDigit(*p))
            ++p;
        isFloat = true;
    }
    JsonNumber number;
    number.length = size_t(p - start);
    if (!terminatorAt(pos + number.length))
        fail("a number is followed by unexpected characters", pos);
    if (!isFloat) {
        if (integerDigits <= 18) {
            qint64 value = 0;
            for (const char* d = digits; d < digits + integerDigits; ++d)
                value = value * 10 + (*d - '0');
            number.integer = start == digits ? value : -value;
            return number;
        }
        const auto [end, ec] = std::from_chars(start, p, number.integer);
        if (ec == std::errc() && end == p)
            return number;
        number.kind = JsonNumber::Kind::Oversized; // beyond 64 bits: the digits are kept as text
        return number;
    }
    const auto [end, ec] = std::from_chars(start, p, number.real);
    number.kind = ec == std::errc() && end == p ? JsonNumber::Kind::Float : JsonNumber::Kind::Oversized;
    return number;
}

void StructuralReader::expectLiteral(size_t pos, std::string_view word) const
{
    if (std::memcmp(m_json + pos, word.data(), word.size()) != 0 || !terminatorAt(pos + word.size()))
        fail("a value is not valid JSON (expected a number, a string, an array, an object, true, false "
             "or null)",
             pos);
}

void StructuralReader::skipValue(size_t pos, int depth)
{
    const char c = m_json[pos];
    if (c == '"') {
        scratchString(pos); // checks the escapes
        return;
    }
    if (c != '[' && c != '{') {
        if (c == 't')
            expectLiteral(pos, "true");
        else if (c == 'f')
            expectLiteral(pos, "false");
        else if (c == 'n')
            expectLiteral(pos, "null");
        else
            number(pos);
        return;
    }
    if (depth >= kMaxDepth)
        fail("values are nested too deeply", pos);
    const bool object = c == '{';
    const char close = object ? '}' : ']';
    size_t p = next();
    if (m_json[p] == close)
        return;
    for (;;) {
        if (object) {
            if (m_json[p] != '"')
                fail("an object key is not a string", p);
            scratchString(p);
            if (m_json[next()] != ':')
                fail("an object key is not followed by a colon", p);
            p = next();
        }
        skipValue(p, depth + 1);
        const size_t separator = next();
        if (m_json[separator] == ',') {
            p = next();
            continue;
        }
        if (m_json[separator] == close)
            return;
        fail(object ? "expected a comma or } after an object member"
                    : "expected a comma or ] after an array element",
             separator);
    }
}

size_t StructuralReader::copyCompact(size_t pos, char* out)
{
    char* cursor = out;
    copyValue(pos, cursor, 0);
    return size_t(cursor - out);
}

void StructuralReader::copyValue(size_t pos, char*& out, int depth)
{
    // `out` never passes the token being read, so memmove is safe when both are in one buffer.
    const char c = m_json[pos];
    if (c == '"') {
        scratchString(pos); // checks the escapes; the text is kept as written
        const size_t end = closingQuote(pos) + 1;
        std::memmove(out, m_json + pos, end - pos);
        out += end - pos;
        return;
    }
    if (c != '[' && c != '{') {
        const std::string_view literal = c == 't' ? "true" : c == 'f' ? "false" : c == 'n' ? "null" : "";
        size_t length = literal.size();
        if (length > 0)
            expectLiteral(pos, literal);
        else
            length = number(pos).length;
        std::memmove(out, m_json + pos, length);
        out += length;
        return;
    }
    if (depth >= kMaxDepth)
        fail("values are nested too deeply", pos);
    const bool object = c == '{';
    const char close = object ? '}' : ']';
    *out++ = c;
    size_t p = next();
    if (m_json[p] == close) {
        *out++ = close;
        return;
    }
    for (;;) {
        if (object) {
            if (m_json[p] != '"')
                fail("an object key is not a string", p);
            copyValue(p, out, depth + 1);
            if (m_json[next()] != ':')
                fail("an object key is not followed by a colon", p);
            *out++ = ':';
            p = next();
        }
        copyValue(p, out, depth + 1);
        const size_t separator = next();
        if (m_json[separator] == ',') {
            *out++ = ',';
            p = next();
            continue;
        }
        if (m_json[separator] == close) {
            *out++ = close;
            return;
        }
        fail(object ? "expected a comma or } after an object member"
                    : "expected a comma or ] after an array element",
             separator);
    }
}

} // namespace hogscope::api
