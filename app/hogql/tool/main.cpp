// hogql: parses HogQL and prints the AST as JSON in PostHog's node shapes.

#include "hogql/json_writer.h"
#include "hogql/parser.h"

#include <simdjson.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>

namespace {

using namespace hogscope::hogql;

constexpr const char* kUsage =
    "Usage: hogql parse [--expr] [FILE|-]\n"
    "       hogql parse --batch < requests.jsonl\n"
    "\n"
    "Parses HogQL and prints the AST as JSON in the node shapes of PostHog's parser.\n"
    "  --expr     parse an expression instead of a SELECT query\n"
    "  --batch    read JSON Lines {\"id\":..., \"kind\":\"select\"|\"expr\", \"query\":...} from stdin and\n"
    "             write {\"id\":..., \"ast\":{...}} or {\"id\":..., \"error\":{...}} per line\n"
    "  --help     show this help\n"
    "  --version  show the version\n"
    "Exit status: 0 on success, 1 on a syntax error (the error JSON is printed), 2 on usage errors.\n";

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

int main(int argc, char** argv)
{
    std::ios::sync_with_stdio(false);
    if (argc < 2) {
        std::cerr << kUsage;
        return 2;
    }
    const std::string command = argv[1];
    if (command == "--help" || command == "-h") {
        std::cout << kUsage;
        return 0;
    }
    if (command == "--version") {
        std::cout << "hogql " << HOGSCOPE_VERSION << "\n";
        return 0;
    }
    if (command != "parse") {
        std::cerr << "hogql: unknown command '" << command << "'\n" << kUsage;
        return 2;
    }
    bool expr = false;
    bool batch = false;
    std::string file = "-";
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (arg == "--expr")
            expr = true;
        else if (arg == "--batch")
            batch = true;
        else if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            return 0;
        } else if (arg.size() > 1 && arg[0] == '-') {
            std::cerr << "hogql: unknown option '" << arg << "'\n" << kUsage;
            return 2;
        } else
            file = arg;
    }
    if (batch)
        return runBatch();

    std::string text;
    if (file == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        std::ifstream in(file, std::ios::binary);
        if (!in) {
            std::cerr << "hogql: cannot open '" << file << "'\n";
            return 2;
        }
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const ParseResult result = expr ? parseExpr(text) : parseSelect(text);
    bool ok = false;
    std::cout << render(result, text, ok) << "\n";
    return ok ? 0 : 1;
}
