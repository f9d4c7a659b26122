#pragma once

// The sub-commands of the `hogql` program, one file each. Every command gets the arguments after its
// name and returns the process exit status (0 ok, 1 the input has errors, 2 usage).

#include <string>
#include <vector>

namespace hogscope::hogql::tool {

extern const char* const kUsage;

// Reads FILE, or standard input for "-", into `text`; false when the file cannot be read.
bool readInput(const std::string& file, std::string& text);

int runParse(const std::vector<std::string>& args);
int runFormat(const std::vector<std::string>& args);
int runComplete(const std::vector<std::string>& args);

} // namespace hogscope::hogql::tool
