// `hogql format [--check] [--expr] FILE...`: prints each file in the canonical layout, or with --check
// reports the files that are not, and exits 1 when any is not formatted or has a syntax error.

#include "commands.h"

#include "hogql/formatter.h"

#include <iostream>
#include <string>
#include <string_view>

namespace hogscope::hogql::tool {

namespace {

// 1-based line and column (in code points) of a byte offset.
std::pair<int, int> lineColumn(std::string_view text, uint32_t offset)
{
    int line = 1;
    int column = 1;
    for (size_t i = 0; i < text.size() && i < offset; ++i) {
        const auto c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {
            ++column;
        }
    }
    return {line, column};
}

} // namespace

int runFormat(const std::vector<std::string>& args)
{
    bool check = false;
    bool expr = false;
    std::vector<std::string> files;
    for (const std::string& arg : args) {
        if (arg == "--check")
            check = true;
        else if (arg == "--expr")
            expr = true;
        else if (arg.size() > 1 && arg[0] == '-') {
            std::cerr << "hogql format: unknown option '" << arg << "'\n" << kUsage;
            return 2;
        } else
            files.push_back(arg);
    }
    if (files.empty())
        files.push_back("-");

    int status = 0;
    for (const std::string& file : files) {
        const std::string shown = file == "-" ? std::string("<stdin>") : file;
        std::string text;
        if (!readInput(file, text)) {
            std::cerr << "hogql: cannot open '" << file << "'\n";
            status = 2;
            continue;
        }
        const FormatResult result = expr ? formatExpr(text) : formatScript(text);
        if (!result.ok()) {
            for (const SyntaxError& e : result.errors) {
                const auto [line, column] = lineColumn(text, e.begin);
                std::cerr << shown << ":" << line << ":" << column << ": " << e.message << "\n";
            }
            status = std::max(status, 1);
            continue;
        }
        // an expression file ends with a newline like any text file
        const std::string formatted = expr ? result.text + "\n" : result.text;
        if (check) {
            if (formatted != text) {
                std::cerr << shown << ": not formatted\n";
                status = std::max(status, 1);
            }
        } else {
            std::cout << formatted;
        }
    }
    std::cout.flush();
    return status;
}

} // namespace hogscope::hogql::tool
