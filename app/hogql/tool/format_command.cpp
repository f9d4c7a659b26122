// `hogql format`: being written (issue 3).

#include "commands.h"

#include <iostream>

namespace hogscope::hogql::tool {

int runFormat(const std::vector<std::string>&)
{
    std::cerr << "hogql format: not built yet\n";
    return 2;
}

} // namespace hogscope::hogql::tool
