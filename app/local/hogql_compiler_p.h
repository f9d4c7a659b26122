#pragma once

// Internals of the HogQL -> SQLite compiler, shared by its clause and expression halves.

#include "hogql_compiler.h"

#include "hogql/ast.h"

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace hogscope::local::detail {

// One compiled expression: SQLite SQL text plus what the checks need to know about it.
struct Expr
{
    std::string sql;
    ValueType type;
    bool aggregate = false;                        // contains an aggregate call
    std::optional<hogql::Constant::Value> literal; // set for literal constants (after placeholders)
    std::vector<const hogql::Node*> ungrouped;     // column references outside aggregates and GROUP BY
    int64_t intervalMicros = 0;                    // for Interval values: fixed-length part per unit
    int64_t intervalMonths = 0;                    // for Interval values: calendar months per unit
};

// Thrown inside the compiler and turned into a CompileError at the top.
struct Failure
{
    CompileError error;
};

// Where an expression stands, which decides what it may contain.
struct Context
{
    bool allowAggregates = false;
    bool insideAggregate = false;
};

class Compiler
{
public:
    Compiler(std::string_view text, const CompileOptions& options)
        : m_text(text)
        , m_options(options)
    {}

    CompiledQuery compileQuery(const hogql::Node* root);
    // Resolves fields against the events table without a FROM clause (expression compilation).
    void assumeEventsTable() { m_hasFrom = true; }

    Expr expr(const hogql::Node* node, Context ctx);

    [[noreturn]] void fail(const hogql::Node* node, const QString& message) const;
    QString sourceText(const hogql::Node* node) const;
    int charOffset(uint32_t byteOffset) const;

private:
    Expr field(const hogql::Field& node, Context ctx);
    Expr constant(const hogql::Constant& node) const;
    Expr placeholder(const hogql::Placeholder& node, Context ctx);
    Expr arithmetic(const hogql::ArithmeticOperation& node, Context ctx);
    Expr compare(const hogql::CompareOperation& node, Context ctx);
    Expr logical(const hogql::NodeList& exprs, const char* op, Context ctx);
    Expr inList(const Expr& left, const hogql::Node* right, Context ctx, const hogql::Node* at);
    Expr call(const hogql::Call& node, Context ctx);
    Expr aggregateCall(const hogql::Call& node, const std::string& name, Context ctx);
    Expr dateCall(const hogql::Call& node, const std::string& name, std::vector<Expr>& args);
    Expr propertyChain(const hogql::Node* node, const std::string& column,
                       const std::vector<std::string>& path, size_t from);
    Expr coerceToTime(const Expr& value, const Expr& other, const hogql::Node* at) const;
    Expr finish(Expr e) const; // applies the GROUP BY cover check

    void checkUnsupportedClauses(const hogql::SelectQuery& q) const;
    void resolveFrom(const hogql::SelectQuery& q);
    int64_t integerClause(const hogql::Node* node, const char* clause);

    std::string_view m_text;
    const CompileOptions& m_options;
    std::string m_tableAlias; // the user's alias for events, if any
    bool m_hasFrom = false;
    std::map<std::string, const hogql::Node*> m_aliases; // select alias -> its expression
    std::set<std::string> m_expanding;                   // aliases being expanded (self-reference guard)
    std::set<std::string> m_groupSet;                    // SQL of the GROUP BY expressions
    bool m_checkGrouping = false;
};

std::string sqlString(std::string_view text);

} // namespace hogscope::local::detail
