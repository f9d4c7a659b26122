#pragma once

// Completion context: given a HogQL script and a byte offset, what may be typed there (keywords valid in
// that clause position, tables, fields of the tables in scope, property keys of a chain, functions,
// placeholders), which text the completion replaces, and the candidates the library itself knows.
// Property keys and values, event names and variables live on the server: the context says which table,
// chain and key the editor should fetch them for. Robust on broken text: it reads the token stream around
// the cursor and parses only the pieces it needs (subqueries, CTE bodies, the select list).

#include "schema.h"
#include "statements.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hogscope::hogql {

enum class CompletionKind : uint8_t
{
    Keyword,       // SELECT, WHERE, GROUP BY, LEFT JOIN, IS NOT NULL ...
    Table,         // a schema table, or a table alias in scope (detail names the table)
    Cte,           // a WITH name used as a table
    Field,         // a field of a table in scope (lazy joins included), or a column of a subquery / CTE
    Alias,         // a select-list alias, ARRAY JOIN alias or WITH expression name
    Function,      // a function of the catalogue (detail: signature)
    PropertyKey,   // a property key of CompletionContext::property (fetched by the editor)
    PropertyValue, // a value of property CompletionContext::property->key (fetched by the editor)
    EventName,     // an event name, inside `event = '...'` (fetched by the editor)
    Placeholder,   // a placeholder name after `{`: filters, variables
    Variable,      // an insight variable code name after `{variables.` (fetched by the editor)
};

// "keyword", "table", "cte", "field", "alias", "function", "property_key", "property_value",
// "event_name", "placeholder", "variable"
const char* completionKindName(CompletionKind kind);

struct CompletionItem
{
    CompletionKind kind = CompletionKind::Keyword;
    std::string name;   // the text to insert; keyword phrases in upper case ("GROUP BY")
    std::string type;   // fields: fieldTypeName() or "column"; functions: functionKindName(); tables: "table"
    std::string detail; // fields / tables: description or the joined table; functions: the signature
};

// The property chain at the cursor, set when PropertyKey or PropertyValue may stand there.
struct PropertyContext
{
    std::string table;        // table owning the JSON field: "events", "persons", "groups", "events.poe"
    std::string propertyType; // property definitions to fetch: "event" | "person" | "group"
    int groupTypeIndex = -1;  // for "group" when known (group_0.properties, goe_0.properties)
    std::vector<std::string>
        chain; // the chain up to and including the JSON field as typed: {"e", "properties"}
    std::vector<std::string>
        path;        // keys after the JSON field before the cursor: {"$set"} for properties.$set.
    std::string key; // PropertyValue: the property whose values are wanted ("$browser")
};

// A table, subquery or CTE the query at the cursor reads.
struct ScopeEntry
{
    std::string alias; // what fields are qualified with: the alias, else the table name
    std::string table; // schema table or CTE name; empty for a subquery
    std::string kind;  // "table" | "cte" | "subquery" | "function" | "unknown"
};

struct CompletionContext
{
    uint32_t offset = 0; // the cursor, clamped to the text and moved back to a UTF-8 boundary
    StatementRange
        statement; // statement under the cursor; begin == end == offset when it is between statements
    int statementIndex = -1; // index in splitStatements(script); -1 between statements
    uint32_t prefixBegin =
        0;                  // [prefixBegin, prefixEnd) is the partial word before the cursor: what to replace
    uint32_t prefixEnd = 0; // always == offset
    uint32_t wordEnd = 0;   // end of the word under the cursor (>= offset), to replace the whole word
    std::string prefix;     // text of [prefixBegin, prefixEnd), an opening quote of `quoted` names included
    bool inComment = false;
    bool inString = false;
    std::vector<CompletionKind> kinds;       // what may stand here; empty when there is nothing to complete
    std::optional<PropertyContext> property; // set with PropertyKey / PropertyValue
    std::vector<ScopeEntry> scope;           // tables of the query at the cursor, in FROM order
    std::vector<CompletionItem>
        items; // known candidates starting with the prefix (any case), best kinds first

    bool allows(CompletionKind kind) const;
    // The first item named `name` (exact), or null.
    const CompletionItem* item(std::string_view name) const;
};

// The completion context at `byteOffset` (clamped) of `script`. Never throws on any input.
CompletionContext complete(std::string_view script, uint32_t byteOffset,
                           const Schema& schema = defaultSchema());

} // namespace hogscope::hogql
