#pragma once

// The HogQL abstract syntax tree. Node names and fields follow PostHog's own AST (posthog/hogql/ast.py
// and the JSON of @posthog/hogql-parser), so the JSON writer maps each struct one to one. Every node
// carries byte offsets [begin, end) into the parsed UTF-8 text; nodes the reference parser synthesises
// without a position (e.g. the implicit ELSE NULL of CASE) have `positioned == false`.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace hogscope::hogql {

enum class NodeKind
{
    // expressions
    Constant,
    Field,
    Placeholder,
    Alias,
    ArithmeticOperation,
    CompareOperation,
    IsDistinctFrom,
    And,
    Or,
    Not,
    BetweenExpr,
    Tuple,
    Array,
    Dict,
    Lambda,
    ArrayAccess,
    TupleAccess,
    Call,
    ExprCall,
    NamedArgument,
    TypeCast,
    TryCast,
    PositionalRef,
    WindowFunction,
    WindowExpr,
    WindowFrameExpr,
    OrderExpr,
    ColumnsExpr,
    SpreadExpr,
    HogQLXTag,
    HogQLXAttribute,
    // queries
    SelectQuery,
    SelectSetQuery,
    JoinExpr,
    JoinConstraint,
    SampleExpr,
    RatioExpr,
    CTE,
    LimitByExpr,
    ValuesQuery,
    GroupingSet,
    PivotExpr,
    PivotColumn,
    UnpivotExpr,
    UnpivotColumn,
};

// Name of the node as PostHog spells it ("SelectQuery", "Field", ...).
const char* nodeKindName(NodeKind kind);

// Base of every AST node: its kind and byte offsets into the source text.
struct Node
{
    explicit Node(NodeKind k)
        : kind(k)
    {}
    virtual ~Node() = default;
    Node(const Node&) = delete;
    Node& operator=(const Node&) = delete;

    NodeKind kind;
    uint32_t begin = 0;
    uint32_t end = 0;
    bool positioned = true; // false for nodes the grammar synthesises (no source span)

    template <typename T>
    T* as()
    {
        return kind == T::Kind ? static_cast<T*>(this) : nullptr;
    }
    template <typename T>
    const T* as() const
    {
        return kind == T::Kind ? static_cast<const T*>(this) : nullptr;
    }
};

using NodePtr = std::unique_ptr<Node>;
using NodeList = std::vector<NodePtr>;

template <NodeKind K>
struct NodeOf : Node
{
    static constexpr NodeKind Kind = K;
    NodeOf()
        : Node(K)
    {}
};

// ---- expressions -------------------------------------------------------------------------------

// A literal. Numbers that do not fit int64/double exactly (huge integers, inf, nan) keep their
// text in `numberText` and are written as PostHog does ({"value": "...", "value_type": "number"}).
struct Constant : NodeOf<NodeKind::Constant>
{
    using Value = std::variant<std::monostate, bool, int64_t, double, std::string>;
    Value value;                           // monostate = NULL
    std::optional<std::string> numberText; // set for inf / nan / out-of-range integers
};

// A name chain: `event`, `properties.$browser`, `person.properties.email`, `*`, `e.*`.
struct Field : NodeOf<NodeKind::Field>
{
    std::vector<std::string> chain;
};

// `{name}` / `{variables.x}`: `expr` is the expression inside the braces.
struct Placeholder : NodeOf<NodeKind::Placeholder>
{
    NodePtr expr;
};

struct Alias : NodeOf<NodeKind::Alias>
{
    std::string alias;
    NodePtr expr;
    bool hidden = false;
};

enum class ArithmeticOp
{
    Add,
    Sub,
    Mult,
    Div,
    Mod
};
const char* arithmeticOpText(ArithmeticOp op); // "+", "-", "*", "/", "%"

struct ArithmeticOperation : NodeOf<NodeKind::ArithmeticOperation>
{
    ArithmeticOp op = ArithmeticOp::Add;
    NodePtr left;
    NodePtr right;
};

enum class CompareOp
{
    Eq,
    NotEq,
    Lt,
    LtEq,
    Gt,
    GtEq,
    Like,
    NotLike,
    ILike,
    NotILike,
    In,
    NotIn,
    GlobalIn,
    GlobalNotIn,
    InCohort,
    NotInCohort,
    Regex,     // =~ / ~
    IRegex,    // =~* / ~*
    NotRegex,  // !~
    NotIRegex, // !~*
};
const char* compareOpText(CompareOp op); // PostHog spelling: "==", "not like", "in cohort", "=~", ...

struct CompareOperation : NodeOf<NodeKind::CompareOperation>
{
    CompareOp op = CompareOp::Eq;
    NodePtr left;
    NodePtr right;
    bool isNullStyle = false; // written from `x IS [NOT] NULL`
};

// `a IS [NOT] DISTINCT FROM b`
struct IsDistinctFrom : NodeOf<NodeKind::IsDistinctFrom>
{
    NodePtr left;
    NodePtr right;
    bool negated = false;
};

struct And : NodeOf<NodeKind::And>
{
    NodeList exprs;
};

struct Or : NodeOf<NodeKind::Or>
{
    NodeList exprs;
};

struct Not : NodeOf<NodeKind::Not>
{
    NodePtr expr;
};

struct BetweenExpr : NodeOf<NodeKind::BetweenExpr>
{
    NodePtr expr;
    NodePtr low;
    NodePtr high;
    bool negated = false;
};

struct Tuple : NodeOf<NodeKind::Tuple>
{
    NodeList exprs;
};

struct Array : NodeOf<NodeKind::Array>
{
    NodeList exprs;
};

struct Dict : NodeOf<NodeKind::Dict>
{
    std::vector<std::pair<NodePtr, NodePtr>> items;
};

struct Lambda : NodeOf<NodeKind::Lambda>
{
    std::vector<std::string> args;
    NodePtr expr;
};

// `a[i]`, `a?.[i]`, `x?.y`
struct ArrayAccess : NodeOf<NodeKind::ArrayAccess>
{
    NodePtr array;
    NodePtr property;
    bool nullish = false;
    bool hasNullishField = false; // the reference writes "nullish" only for ?. forms
};

// `t.1`, `t?.1`
struct TupleAccess : NodeOf<NodeKind::TupleAccess>
{
    NodePtr tuple;
    int64_t index = 0;
    bool nullish = false;
    bool hasNullishField = false;
};

// A function call. Calls the reference builds from syntax sugar (CASE, INTERVAL, ternary, ??, f-strings,
// ...) carry only name and args: `sugar == true` leaves out distinct/params/order_by/filter_expr.
struct Call : NodeOf<NodeKind::Call>
{
    std::string name;
    NodeList args;
    std::optional<NodeList> params; // parametric aggregates: quantile(0.9)(x)
    bool distinct = false;
    std::optional<NodeList> orderBy;     // f(x ORDER BY y)
    NodePtr filterExpr;                  // FILTER (WHERE cond)
    std::optional<NodeList> withinGroup; // percentile_cont(0.5) WITHIN GROUP (ORDER BY x)
    bool sugar = false;
};

// `expr(args)` where expr is not a plain name.
struct ExprCall : NodeOf<NodeKind::ExprCall>
{
    NodePtr expr;
    NodeList args;
};

// `name := value` inside a call.
struct NamedArgument : NodeOf<NodeKind::NamedArgument>
{
    std::string name;
    NodePtr value;
};

// `x::Type`, `CAST(x AS Type)`; typeName is lower-cased as the reference does.
struct TypeCast : NodeOf<NodeKind::TypeCast>
{
    NodePtr expr;
    std::string typeName;
};

// `TRY_CAST(x AS Type)`
struct TryCast : NodeOf<NodeKind::TryCast>
{
    NodePtr expr;
    std::string typeName;
};

// `#N`
struct PositionalRef : NodeOf<NodeKind::PositionalRef>
{
    int64_t index = 0;
};

struct OrderExpr : NodeOf<NodeKind::OrderExpr>
{
    NodePtr expr;
    std::string order = "ASC";        // "ASC" | "DESC"
    std::optional<std::string> nulls; // "FIRST" | "LAST"
    std::optional<std::string> collate;
};

// One frame bound: CURRENT ROW, n PRECEDING/FOLLOWING, UNBOUNDED PRECEDING/FOLLOWING.
struct WindowFrameExpr : NodeOf<NodeKind::WindowFrameExpr>
{
    std::string frameType; // "CURRENT ROW" | "PRECEDING" | "FOLLOWING"
    NodePtr frameValue;    // null for UNBOUNDED / CURRENT ROW
};

struct WindowExpr : NodeOf<NodeKind::WindowExpr>
{
    std::optional<NodeList> partitionBy;
    std::optional<NodeList> orderBy;
    std::optional<std::string> frameMethod; // "ROWS" | "RANGE"
    NodePtr frameStart;
    NodePtr frameEnd;
    std::optional<std::string> windowName; // OVER (base_window ...)
};

struct WindowFunction : NodeOf<NodeKind::WindowFunction>
{
    std::string name;
    std::optional<NodeList> args;
    std::optional<NodeList> exprs;
    NodePtr overExpr;                          // WindowExpr
    std::optional<std::string> overIdentifier; // OVER name
    NodePtr filterExpr;
    bool ignoreNulls = false;
    bool distinct = false;
};

// COLUMNS('re') / COLUMNS(a, b) / * EXCLUDE (...) REPLACE (...)
struct ColumnsExpr : NodeOf<NodeKind::ColumnsExpr>
{
    std::optional<std::string> regex;
    NodeList columns;
    std::vector<std::string> exclude;
    std::vector<std::pair<NodePtr, std::string>> replace;
    bool all = false;
};

struct SpreadExpr : NodeOf<NodeKind::SpreadExpr>
{
    NodePtr expr;
};

// `name={expr}` / `name='text'`; the implicit `children` attribute holds a list (`valueList`).
struct HogQLXAttribute : NodeOf<NodeKind::HogQLXAttribute>
{
    std::string name;
    NodePtr value;
    std::optional<NodeList> valueList;
};

struct HogQLXTag : NodeOf<NodeKind::HogQLXTag>
{
    std::string tagKind;
    NodeList attributes; // HogQLXAttribute
};

// ---- queries -----------------------------------------------------------------------------------

struct RatioExpr : NodeOf<NodeKind::RatioExpr>
{
    NodePtr left; // Constant
    NodePtr right;
};

struct SampleExpr : NodeOf<NodeKind::SampleExpr>
{
    NodePtr sampleValue; // RatioExpr
    NodePtr offsetValue; // RatioExpr
};

struct JoinConstraint : NodeOf<NodeKind::JoinConstraint>
{
    NodePtr expr;
    std::string constraintType; // "ON" | "USING"
};

// One source in a FROM chain; joins hang off `nextJoin`.
struct JoinExpr : NodeOf<NodeKind::JoinExpr>
{
    std::optional<std::string> joinType; // "JOIN", "LEFT JOIN", "CROSS JOIN", ", " ...
    NodePtr table;                       // Field, SelectQuery, SelectSetQuery, Placeholder, Call, ...
    std::optional<std::string> alias;
    std::optional<std::vector<std::string>> columnAliases;
    std::optional<bool> tableFinal;
    NodePtr constraint;                 // JoinConstraint
    NodePtr nextJoin;                   // JoinExpr
    NodePtr sample;                     // SampleExpr
    std::optional<NodeList> tableArgs;  // table functions: numbers(10)
    bool hasColumnAliasesField = false; // the reference writes column_aliases only for aliased tables
    bool bare = false;                  // an aliased table under PIVOT: no table_final / sample fields
};

struct CTE : NodeOf<NodeKind::CTE>
{
    std::string name;
    NodePtr expr;
    std::string cteType; // "subquery" | "column"
    std::optional<std::vector<std::string>> columns;
    std::optional<bool> materialized;
    std::optional<std::vector<std::string>> usingKey; // USING KEY (a, b)
    bool recursive = false;
};

struct LimitByExpr : NodeOf<NodeKind::LimitByExpr>
{
    NodePtr n;
    NodePtr offsetValue;
    NodeList exprs;
};

struct SelectQuery : NodeOf<NodeKind::SelectQuery>
{
    // CTEs by name, in source order (PostHog keeps a dict)
    std::optional<std::vector<std::pair<std::string, NodePtr>>> ctes;
    bool recursiveCtes = false;
    NodeList select;
    std::optional<bool> distinct;
    NodePtr selectFrom;                     // JoinExpr
    std::optional<std::string> arrayJoinOp; // "ARRAY JOIN" | "LEFT ARRAY JOIN" | "INNER ARRAY JOIN"
    std::optional<NodeList> arrayJoinList;
    std::optional<std::vector<std::pair<std::string, NodePtr>>> windowExprs; // WINDOW name AS (...)
    NodePtr where;
    NodePtr prewhere;
    NodePtr having;
    NodePtr qualify;
    std::optional<NodeList> groupBy;
    std::optional<std::string> groupByMode; // "rollup" | "cube"
    std::optional<NodeList> orderBy;
    NodePtr limit;
    NodePtr limitBy; // LimitByExpr
    std::optional<bool> limitWithTies;
    NodePtr offset;
    std::optional<std::vector<std::pair<std::string, NodePtr>>> settings;
};

enum class SetOperator
{
    UnionAll,
    UnionDistinct,
    Union,
    IntersectAll,
    IntersectDistinct,
    Intersect,
    ExceptAll,
    ExceptDistinct,
    Except,
};
const char* setOperatorText(SetOperator op); // "UNION ALL", "INTERSECT", ...

struct SelectSetNode
{
    SetOperator setOperator = SetOperator::UnionAll;
    bool byName = false; // `UNION ALL BY NAME`: columns matched by name, not position
    NodePtr selectQuery;
};

struct SelectSetQuery : NodeOf<NodeKind::SelectSetQuery>
{
    NodePtr initialSelectQuery;
    std::vector<SelectSetNode> subsequentSelectQueries;
};

// `(VALUES (1, 'a'), (2, 'b'))` as a FROM source.
struct ValuesQuery : NodeOf<NodeKind::ValuesQuery>
{
    std::vector<NodeList> rows;
};

// One set of `GROUP BY GROUPING SETS ((a), (a, b), ())`.
struct GroupingSet : NodeOf<NodeKind::GroupingSet>
{
    NodeList exprs;
};

// `col IN (v1 [AS a], v2 ...)` inside PIVOT.
struct PivotColumn : NodeOf<NodeKind::PivotColumn>
{
    NodePtr column;
    NodeList values;
};

// `table PIVOT (agg [AS a], ... FOR col IN (...) [GROUP BY ...])`
struct PivotExpr : NodeOf<NodeKind::PivotExpr>
{
    NodePtr table;
    NodeList aggregates;
    NodeList columns; // PivotColumn
    std::optional<NodeList> groupBy;
};

// `value_col FOR name_col IN (a, b)` inside UNPIVOT; both columns may be tuples.
struct UnpivotColumn : NodeOf<NodeKind::UnpivotColumn>
{
    NodePtr valueColumns;
    NodePtr nameColumns;
    NodeList unpivotValues;
};

// `table UNPIVOT [INCLUDE NULLS] (...)`
struct UnpivotExpr : NodeOf<NodeKind::UnpivotExpr>
{
    NodePtr table;
    NodeList columns; // UnpivotColumn
    bool includeNulls = false;
};

template <typename T>
std::unique_ptr<T> makeNode(uint32_t begin, uint32_t end)
{
    auto node = std::make_unique<T>();
    node->begin = begin;
    node->end = end;
    return node;
}

} // namespace hogscope::hogql
