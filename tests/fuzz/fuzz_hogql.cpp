// libFuzzer harness: the lexer, both parse entry points and the JSON writer must never crash.

#include "hogql/json_writer.h"
#include "hogql/lexer.h"
#include "hogql/parser.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)hogscope::hogql::tokenize(text);
    for (const bool expr : {false, true}) {
        const auto result = expr ? hogscope::hogql::parseExpr(text) : hogscope::hogql::parseSelect(text);
        if (result.root)
            (void)hogscope::hogql::toJson(*result.root, text);
        for (const auto& error : result.errors)
            (void)hogscope::hogql::errorToJson(error, text);
    }
    return 0;
}
