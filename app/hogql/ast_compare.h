#pragma once

// Structural equality of ASTs: same node kinds and same values in every field, ignoring where the nodes
// came from (byte offsets and the `positioned` flag). Used to check that formatting never changes a
// query, and by the editor to tell whether an edit changed anything but layout.

#include "ast.h"

#include <string>

namespace hogscope::hogql {

// True when both trees are equal; two null pointers are equal. Doubles compare by value, NaN equals NaN.
bool astEqual(const Node* a, const Node* b);

// Same; on a difference, `difference` says where and what ("SelectQuery.where.And.exprs[1].Constant:
// value 1 != 2").
bool astEqual(const Node* a, const Node* b, std::string& difference);

} // namespace hogscope::hogql
