#pragma once

// HogQL tokenizer: turns UTF-8 text into tokens with byte offsets. Used by the parser and by the
// editor for highlighting, so it never fails: characters it does not know become Error tokens.

#include <cstdint>
#include <string_view>
#include <vector>

namespace hogscope::hogql {

enum class TokenKind : uint8_t
{
    Keyword,          // SELECT, FROM, AND, ... (also NULL, TRUE, FALSE, INF, NAN)
    Identifier,       // event, $browser, toDate
    QuotedIdentifier, // `any text` or "any text"
    String,           // 'text'
    TemplateString,   // f'Hello {name}' (the whole literal; segments are parsed by the parser)
    Number,           // 1, 0x1F, 0b101, 1.5e3, .5
    Operator,         // + - * / % || = == != <> < <= > >= ~ =~ !~ ~* =~* !~* ?? ?. ? :: -> := : #
    Punctuation,      // ( ) [ ] { } , . ;
    Comment,          // -- ..., // ..., /* ... */
    Error,            // unknown character, unterminated string/identifier/comment
    End,              // end of input (begin == end == text size)
};

// One token; [begin, end) are byte offsets into the tokenized text.
struct Token
{
    TokenKind kind;
    uint32_t begin;
    uint32_t end;

    std::string_view text(std::string_view source) const { return source.substr(begin, end - begin); }
};

// All tokens of `text` including comments, always terminated by one End token.
std::vector<Token> tokenize(std::string_view text);

// True when `word` (any case) is a HogQL keyword.
bool isKeyword(std::string_view word);

// The keyword list, upper case, sorted (for completion).
const std::vector<std::string_view>& keywords();

} // namespace hogscope::hogql
