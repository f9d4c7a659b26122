// `hogql parse`: prints the AST of a query or expression as JSON in PostHog's node shapes.

#include "commands.h"

#include "hogql/json_writer.h"
#include "hogql/parser.h"

#include <simdjson.h>

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>

namespace hogscope::hogql::tool {

namespace {
std::string render(const ParseResult& result, std::string_view text, bool& ok)
{
    ok = result.ok();
    if (ok)
        return toJson(*result.root, text);
    if (!result.errors.empty())
        return errorToJson(result.errors.front(), text);
    return errorToJson(SyntaxError{"Empty input", 0, 0}, text);
}

int runBatch()
{
    simdjson::dom::parser parser;
    std::string line;
    int failures = 0;
    while (std::getline(std::cin, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos)
            continue;
        simdjson::dom::element doc;
        if (parser.parse(line).get(doc)) {
            std::cout << "{\"id\":null,\"error\":{\"error\":true,\"type\":\"RequestError\",\"message\":"
                         "\"invalid JSON request line\"}}\n";
            ++failures;
            continue;
        }
        std::string id = "null";
        simdjson::dom::element idElement;
        if (!doc["id"].get(idElement))
            id = simdjson::minify(idElement);
        std::string_view kind = "select";
        if (doc["kind"].get(kind) != simdjson::SUCCESS)
            kind = "select";
        std::string_view query;
        if (doc["query"].get(query)) {
            std::cout
                << "{\"id\":" << id
                << ",\"error\":{\"error\":true,\"type\":\"RequestError\",\"message\":\"missing query\"}}\n";
            ++failures;
            continue;
        }
        const std::string text(query);
        const ParseResult result = kind == "expr" ? parseExpr(text) : parseSelect(text);
        bool ok = false;
        const std::string json = render(result, text, ok);
        std::cout << "{\"id\":" << id << (ok ? ",\"ast\":" : ",\"error\":") << json << "}\n";
    }
    std::cout.flush();
    return failures == 0 ? 0 : 1;
}

} // namespace

int runParse(const std::vector<std::string>& args)
{
    bool expr = false;
    bool batch = false;
    std::string file = "-";
    for (const std::string& arg : args) {
        if (arg == "--expr")
            expr = true;
        else if (arg == "--batch")
            batch = true;
        else if (arg.size() > 1 && arg[0] == '-') {
            std::cerr << "hogql parse: unknown option '" << arg << "'\n" << kUsage;
            return 2;
        } else
            file = arg;
    }
    if (batch)
        return runBatch();

    std::string text;
    if (!readInput(file, text)) {
        std::cerr << "hogql: cannot open '" << file << "'\n";
        return 2;
    }
    const ParseResult result = expr ? parseExpr(text) : parseSelect(text);
    bool ok = false;
    std::cout << render(result, text, ok) << "\n";
    return ok ? 0 : 1;
}

} // namespace hogscope::hogql::tool
