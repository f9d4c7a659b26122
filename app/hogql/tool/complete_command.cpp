// `hogql complete`: being written (issue 3).

#include "commands.h"

#include <iostream>

namespace hogscope::hogql::tool {

int runComplete(const std::vector<std::string>&)
{
    std::cerr << "hogql complete: not built yet\n";
    return 2;
}

} // namespace hogscope::hogql::tool
