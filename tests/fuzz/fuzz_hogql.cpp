// Fuzz harness of the HogQL library: the lexer, both parse entry points, the JSON writer, statement
// splitting, completion at offsets across the input and the formatter must never crash, hang or leak,
// and formatting must keep its promise (parses back to the same AST, idempotent) on what it accepts.

#include "hogql/completion.h"
#include "hogql/formatter.h"
#include "hogql/json_writer.h"
#include "hogql/lexer.h"
#include "hogql/parser.h"
#include "hogql/statements.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    (void)hogscope::hogql::tokenize(text);
    (void)hogscope::hogql::splitStatements(text);
    for (const bool expr : {false, true}) {
        const auto result = expr ? hogscope::hogql::parseExpr(text) : hogscope::hogql::parseSelect(text);
        if (result.root)
            (void)hogscope::hogql::toJson(*result.root, text);
        for (const auto& error : result.errors)
            (void)hogscope::hogql::errorToJson(error, text);
    }
    // The formatter checks parse(format(q)) == parse(q) itself and reports a failure as an error;
    // what is left to check here is that what it accepts it leaves alone the second time.
    for (const bool expr : {false, true}) {
        const auto once = expr ? hogscope::hogql::formatExpr(text) : hogscope::hogql::formatScript(text);
        if (!once.ok())
            continue;
        const auto twice =
            expr ? hogscope::hogql::formatExpr(once.text) : hogscope::hogql::formatScript(once.text);
        if (!twice.ok() || twice.text != once.text)
            std::abort();
    }
    const size_t step = size > 64 ? size / 16 : 4;
    for (size_t offset = 0; offset <= size; offset += step)
        (void)hogscope::hogql::complete(text, static_cast<uint32_t>(offset));
    return 0;
}
