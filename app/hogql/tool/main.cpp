// hogql: the HogQL language on the command line: parse to PostHog-shaped JSON, format, complete.

#include "commands.h"

#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

namespace hogscope::hogql::tool {

const char* const kUsage =
    "Usage: hogql parse [--expr] [FILE|-]\n"
    "       hogql parse --batch < requests.jsonl\n"
    "       hogql format [--check] [--expr] FILE...\n"
    "       hogql complete --offset N [FILE|-]\n"
    "\n"
    "parse     print the AST as JSON in the node shapes of PostHog's parser\n"
    "  --expr     parse an expression instead of a SELECT query\n"
    "  --batch    read JSON Lines {\"id\":..., \"kind\":\"select\"|\"expr\", \"query\":...} from stdin and\n"
    "             write {\"id\":..., \"ast\":{...}} or {\"id\":..., \"error\":{...}} per line\n"
    "format    print each FILE in the canonical layout; with --check, print only the names of the\n"
    "          files not formatted and exit 1 if there is one\n"
    "complete  print, as JSON, what may be typed at byte offset N (the completion context)\n"
    "\n"
    "  --help     show this help\n"
    "  --version  show the version\n"
    "Exit status: 0 on success, 1 when the input has a syntax error (or is not formatted, with --check),\n"
    "2 on usage errors.\n";

bool readInput(const std::string& file, std::string& text)
{
    if (file == "-") {
        text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        return true;
    }
    std::ifstream in(file, std::ios::binary);
    if (!in)
        return false;
    text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    return true;
}

} // namespace hogscope::hogql::tool

int main(int argc, char** argv)
{
    using namespace hogscope::hogql::tool;
    std::ios::sync_with_stdio(false);
    if (argc < 2) {
        std::cerr << kUsage;
        return 2;
    }
    const std::string command = argv[1];
    std::vector<std::string> args(argv + 2, argv + argc);
    for (const std::string& arg : args) {
        if (arg == "--help" || arg == "-h") {
            std::cout << kUsage;
            return 0;
        }
    }
    if (command == "--help" || command == "-h") {
        std::cout << kUsage;
        return 0;
    }
    if (command == "--version") {
        std::cout << "hogql " << HOGSCOPE_VERSION << "\n";
        return 0;
    }
    if (command == "parse")
        return runParse(args);
    if (command == "format")
        return runFormat(args);
    if (command == "complete")
        return runComplete(args);
    std::cerr << "hogql: unknown command '" << command << "'\n" << kUsage;
    return 2;
}
