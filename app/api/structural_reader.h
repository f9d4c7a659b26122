#pragma once

#include <QtGlobal>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace simdjson::internal {
class dom_parser_implementation;
}

namespace hogscope::api {

// Bytes that are not JSON: what is wrong, and the byte offset where reading stopped.
struct JsonSyntaxError
{
    std::string reason;
    size_t offset = 0;
    bool somewhereAfter = false; // the fault lies at or after `offset` (stage 1 does not say where)
};

// A JSON number as read: an int64, a double, or digits too large for either (kept as text).
struct JsonNumber
{
    enum class Kind
    {
        Integer,
        Float,
        Oversized,
    };
    Kind kind = Kind::Integer;
    qint64 integer = 0;
    double real = 0;
    size_t length = 0; // bytes of the number in the text
};

// Reads a JSON text token by token over the structural index that simdjson's stage 1 builds with
// the SIMD kernel picked for this CPU at run time. The index is built window by window (cut after a
// comma that stage 1 confirms is outside any string), so it stays small and in cache however large
// the body is. The caller drives the grammar; the reader finds tokens, checks and decodes scalars,
// and unescapes strings with simdjson's runtime-dispatched string decoder.
//
// The text must stay readable for kPadding bytes past its length: string decoding reads ahead.
class StructuralReader
{
public:
    static constexpr size_t kPadding = 64;
    // A string may be unescaped into the buffer it is read from when the write position trails the
    // read position by at least this much (simdjson copies in blocks of up to 32 bytes).
    static constexpr size_t kInPlaceGap = 64;

    StructuralReader(const char* json, size_t length);
    ~StructuralReader();
    StructuralReader(const StructuralReader&) = delete;
    StructuralReader& operator=(const StructuralReader&) = delete;

    const char* data() const { return m_json; }
    size_t length() const { return m_length; }
    char at(size_t pos) const { return m_json[pos]; }

    // Offset of the next structural character or value start; throws at the end of the text.
    size_t next()
    {
        if (m_index == m_count) [[unlikely]]
            refillOrThrow();
        return m_base + m_indexes[m_index++];
    }
    // True when no token is left (trailing whitespace aside).
    bool atEnd();

    // Unescapes the string whose opening quote is at `pos` into `out`, which needs room for the
    // string's raw length plus kPadding; returns the bytes written.
    size_t unescapeInto(size_t pos, char* out) const;
    // Unescapes the string at `pos` into a scratch buffer, valid until the next scratch use.
    std::string_view scratchString(size_t pos);
    // Checks and reads the number at `pos`.
    JsonNumber number(size_t pos) const;
    // Checks that `word` (true, false, null) stands at `pos`.
    void expectLiteral(size_t pos, std::string_view word) const;

    // Checks and skips the value at `pos`, whatever it is.
    void skipValue(size_t pos, int depth = 0);
    // Copies the value at `pos` as compact JSON to `out` (which may trail `pos` in the same
    // buffer); returns the bytes written.
    size_t copyCompact(size_t pos, char* out);

    [[noreturn]] void fail(const char* reason, size_t offset) const;

private:
    size_t cutBefore(size_t start, size_t end, bool likely) const;
    bool refill();
    void refillOrThrow();
    bool terminatorAt(size_t pos) const;
    size_t stringBound(size_t pos) const;
    size_t closingQuote(size_t pos) const;
    void copyValue(size_t pos, char*& out, int depth);

    const char* m_json;
    size_t m_length;
    simdjson::internal::dom_parser_implementation* m_parser;        // stage 1
    const simdjson::internal::dom_parser_implementation* m_strings; // string decoding
    const uint32_t* m_indexes = nullptr;
    uint32_t m_count = 0;
    uint32_t m_index = 0;
    size_t m_base = 0;      // offset of the current window
    size_t m_windowEnd = 0; // offset where the next window starts
    std::string m_scratch;
};

} // namespace hogscope::api
