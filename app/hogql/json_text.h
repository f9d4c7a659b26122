#pragma once

// JSON string literals, written one way for everything that prints JSON: the AST writer, the hogql
// tool and the embedded server's responses.

#include <string>
#include <string_view>

namespace hogscope::hogql {

// Appends `text` as a JSON string literal: ", \ and the control characters escaped (\n \r \t \b \f
// by name, the others as \u00XX); other bytes, UTF-8 included, as they are.
void appendJsonString(std::string& out, std::string_view text);

} // namespace hogscope::hogql
