#pragma once

// The database schema HogQL queries see (spec/hogql.md §5): PostHog's tables, their fields with types,
// and the lazy joins between them. Completion reads it; the editor may add the data-warehouse tables a
// server reports with Schema::addTable().

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hogscope::hogql {

enum class FieldType : uint8_t
{
    Integer,
    Float,
    String,
    Boolean,
    DateTime,
    Date,
    UUID,
    Json,           // StringJSON: `.key` chains after it are property lookups
    StringArray,    // Array(String)
    LazyJoin,       // an implicit join: `target` is the joined table
    FieldTraverser, // an alias for another chain of the same table: `target` is "pdi.person"
    VirtualTable,   // a group of fields stored on this table: `target` names the (internal) table
    Expression,     // computed; type not fixed
};

// Lower-case name for display and JSON: "integer", "json", "lazy_join", ...
const char* fieldTypeName(FieldType type);

struct SchemaField
{
    std::string name;
    FieldType type = FieldType::String;
    std::string target;       // LazyJoin / VirtualTable: table name; FieldTraverser: dotted chain
    std::string description;  // may be empty
    std::string propertyType; // Json fields: kind of property definitions ("event", "person", "group")
    int groupIndex = -1;      // group_N joins, goe_N fields and their properties: the group type index
    bool hidden = false;      // internal or virtual: left out of `SELECT *`
    bool nullable = false;
};

struct SchemaTable
{
    std::string name; // as written in FROM ("events", "system.query_log", "stripe.charges")
    std::string description;
    std::vector<SchemaField> fields;
    bool internal = false;      // reachable only through a field of another table (events.poe)
    bool tableFunction = false; // called in FROM: numbers(10)
    std::string signature;      // table functions: "numbers(N) | numbers(offset, N)"

    const SchemaField* field(std::string_view fieldName) const;
};

// A set of tables. Copyable value; lookups are by exact (case-sensitive) name, as HogQL resolves them.
class Schema
{
public:
    Schema() = default;
    explicit Schema(std::vector<SchemaTable> tables);

    const std::vector<SchemaTable>& tables() const { return m_tables; }
    const SchemaTable* table(std::string_view name) const;
    // Adds `table`, replacing one of the same name.
    void addTable(SchemaTable table);

private:
    std::vector<SchemaTable> m_tables;
};

// PostHog's default tables (events, persons, sessions, groups, person_distinct_ids, cohorts, ...).
const Schema& defaultSchema();

} // namespace hogscope::hogql
