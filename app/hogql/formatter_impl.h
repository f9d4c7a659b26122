#pragma once

// Internal: the pieces of the formatter shared by formatter*.cpp.
// - a document algebra in the style of Wadler's "prettier printer" (text, line breaks that are spaces
//   when their group fits on the line, nesting, groups) and its renderer (formatter_doc.cpp);
// - spelling of literals and identifiers (formatter_literals.cpp);
// - the Printer, which turns an AST plus the comments of its source into a document
//   (formatter_expr.cpp, formatter_calls.cpp, formatter_select.cpp, formatter_comments.cpp).

#include "ast.h"
#include "formatter.h"
#include "lexer.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hogscope::hogql::fmt {

// ---- documents ---------------------------------------------------------------------------------

struct DocNode;

// An immutable layout document; cheap to copy (shared).
class Doc
{
public:
    Doc() = default;

    bool empty() const { return !m_node; }
    const DocNode* node() const { return m_node.get(); }

    Doc& operator+=(const Doc& other);
    friend Doc operator+(Doc a, const Doc& b) { return a += b; }

    static Doc make(std::shared_ptr<DocNode> node);

private:
    std::shared_ptr<DocNode> m_node;
};

enum class DocType : uint8_t
{
    Text,
    Line,     // a space, or a newline when its group breaks
    SoftLine, // nothing, or a newline when its group breaks
    HardLine, // always a newline (breaks every enclosing group)
    Concat,
    Nest,        // children indented by `indent` after each newline
    Group,       // flat when it fits, else broken
    LineSuffix,  // text deferred to the end of the current line (end-of-line comments)
    BreakParent, // forces every enclosing group to break
};

struct DocNode
{
    DocType type = DocType::Text;
    std::string text;
    bool lineComment = false; // Text / LineSuffix holding a `--` or `//` comment
    int indent = 0;
    std::vector<Doc> children;
    mutable int hardBreak = -1; // cached: contains a HardLine or BreakParent (-1 unknown)
};

Doc text(std::string s);
Doc commentText(std::string s, bool lineComment);
Doc line();
Doc softline();
Doc hardline();
Doc nest(int indent, const Doc& d);
Doc group(const Doc& d);
Doc lineSuffix(std::string s, bool lineComment);
Doc breakParent();
Doc join(const std::vector<Doc>& parts, const Doc& separator);

// The first character the document prints ('\0' when it prints nothing).
char firstChar(const Doc& d);

struct Rendered
{
    std::string text;
    bool endsInLineComment = false; // the last thing printed is a `--` / `//` comment
};

Rendered render(const Doc& d, int maxWidth);

// ---- literals ----------------------------------------------------------------------------------

// [A-Za-z_$][A-Za-z0-9_$]*
bool isPlainIdentifier(std::string_view s);

// `name` wrapped in backticks, escaped so it reads back as `name`.
std::string quoteIdentifier(std::string_view name);

// 'value' escaped so that it reads back as `value`.
std::string quoteString(std::string_view value);

// Where a name stands decides which keywords must be quoted there.
enum class NameContext
{
    ExprStart, // first name of a field in an expression (CASE, NOT, SELECT ... start other syntax)
    Name,      // after AS, after a dot, a table or CTE name: only NULL/TRUE/FALSE/INF/NAN are not names
};
std::string name(std::string_view s, NameContext context);

// A number or other constant, in a form that parses back to the same Constant.
std::string constantText(const Constant& c);

bool iequal(std::string_view a, std::string_view b);

// ---- comments ----------------------------------------------------------------------------------

struct Comment
{
    uint32_t begin = 0;
    uint32_t end = 0;
    std::string text;
    bool lineComment = false; // `--` or `//`
    bool codeBefore = false;  // something other than white space precedes it on its first line
    bool codeAfter = false;   // something other than white space follows it on its last line
    bool consumed = false;    // printed as part of verbatim source text (inside a type name)

    // After code and ending its line: stays at the end of the output line.
    bool trailing() const { return codeBefore && (lineComment || !codeAfter); }
    // A block comment with code after it on the same line: printed inline before that code.
    bool inlineBlock() const { return !lineComment && codeAfter; }
};

// The tokens of `text` without comments and the End token.
std::vector<Token> codeTokens(const std::vector<Token>& tokens);

// The comments among `tokens` (all of them, sorted) with begin in [from, to), classified against `source`.
std::vector<Comment> collectComments(std::string_view source, const std::vector<Token>& tokens, uint32_t from,
                                     uint32_t to);

// ---- the printer -------------------------------------------------------------------------------

// Binding levels of the parser (parser_impl.h), plus one for atoms.
enum Level : int
{
    LAlias = 0,
    LTernary,
    LOr,
    LAnd,
    LNot,
    LBetween,
    LNullish,
    LIsNull,
    LCompare,
    LAdd,
    LMul,
    LUnary,
    LPostfix,
    LAtom,
};

// Thrown by the Printer on a tree nested deeper than it prints (operator chains are not depth-limited
// by the parser); the formatter reports it as an error instead of overflowing the stack.
struct TooDeep
{};

// How a Call the parser built from syntax sugar is spelled back.
enum class Sugar
{
    None,         // a plain call
    SelectArg,    // f(SELECT ...)
    Concat,       // a || b || c (also what f-strings become)
    IfNull,       // a ?? b
    Case,         // CASE WHEN ... END (also what a ? b : c becomes)
    CaseWithExpr, // CASE x WHEN ... END
    Interval,     // INTERVAL n UNIT
    Trim,         // TRIM(LEADING|TRAILING|BOTH chars FROM s)
};

Sugar sugarOf(const Call& c);
bool isQuery(const Node* n);
bool isNullConstant(const Node* n);
Doc parenthesised(const Doc& d);

// How a cast's type is spelled: the source's spelling when it lowercases to the parsed type name, and
// whether the source wrote `x::T` (kept) or CAST(x AS T); [begin, end) is the type's source text.
struct TypeSpelling
{
    std::string text;
    bool colons = false;
    uint32_t begin = 0;
    uint32_t end = 0;
};

// Builds the document of one statement or expression. With a source, node offsets index `source` after
// adding `base` (a statement of a script is parsed on its own), and the comments of the source are
// woven in; without one, it prints the bare AST.
class Printer
{
public:
    explicit Printer(const FormatOptions& options);
    // `codeTokens`: the tokens of `source` without comments (shared by the statements of a script).
    Printer(const FormatOptions& options, std::string_view source, uint32_t base,
            std::span<const Token> codeTokens, std::vector<Comment> comments);

    // The whole root with every remaining comment flushed at the end.
    Doc root(const Node& node, bool topLevelQuery);
    // Only the comments (a script without statements).
    Doc commentsOnly();

    // any node (formatter_expr.cpp dispatches on every NodeKind), without parentheses or comments before it
    Doc node(const Node& n);

    // expressions (formatter_expr.cpp)
    // `n` with the comments before it, in parentheses when it binds looser than `minLevel`.
    Doc expr(const Node& n, int minLevel);
    Doc postfixBase(const Node& n, bool forceParens);
    // Items separated by "," and a line break; `first` is the break before the first item (empty: none).
    Doc items(size_t count, const std::function<const Node*(size_t)>& anchor,
              const std::function<Doc(size_t)>& item, const Doc& first);
    Doc nodeItems(const NodeList& list, const Doc& first);
    // open, items one per line when they do not fit, close
    Doc bracketed(const char* open, const char* close, size_t count,
                  const std::function<const Node*(size_t)>& anchor, const std::function<Doc(size_t)>& item);
    Doc bracketedList(const char* open, const NodeList& list, const char* close);
    Doc call(const Call& c);
    Doc caseExpr(const Call& c, bool withSubject);
    Doc cast(const Node& n, const NodePtr& inner, const std::string& typeName, bool tryCast);
    TypeSpelling spelling(const Node& n, const std::string& lowered) const;
    Doc windowFunction(const WindowFunction& w);
    Doc windowSpec(const WindowExpr& w);
    Doc frameBound(const WindowFrameExpr& f);
    Doc orderExpr(const OrderExpr& o);
    Doc columnsExpr(const ColumnsExpr& c);
    Doc hogqlxTag(const HogQLXTag& t);
    Doc hogqlxAttribute(const HogQLXAttribute& a);
    int levelOf(const Node& n) const;

    // queries (formatter_select.cpp)
    Doc query(const Node& n, bool topLevel);
    Doc subquery(const Node& n); // ( query ) as a breakable group
    Doc selectQuery(const SelectQuery& q, bool topLevel);
    Doc selectSet(const SelectSetQuery& s, bool topLevel);
    Doc joinChain(const JoinExpr& first, const Doc& separator);
    Doc tableExpr(const JoinExpr& j);
    Doc joinConstraint(const JoinConstraint& c);
    Doc ratio(const RatioExpr& r);
    Doc sample(const SampleExpr& s);
    Doc cte(const CTE& c);
    Doc limitBy(const LimitByExpr& l);
    Doc values(const ValuesQuery& v);
    Doc tableSource(const Node& table); // a table name, subquery or other source, without alias
    Doc pivot(const PivotExpr& p);
    Doc pivotColumn(const PivotColumn& c);
    Doc unpivot(const UnpivotExpr& u);
    Doc unpivotColumn(const UnpivotColumn& c);
    Doc aliasedList(const NodeList& list); // `expr [AS alias], ...` of PIVOT / UNPIVOT
    Doc clause(const char* keyword, const Node& contents);
    Doc clauseList(const char* keyword, size_t count, const std::function<const Node*(size_t)>& anchor,
                   const std::function<Doc(size_t)>& item);

    // comments (formatter_comments.cpp)
    // A line break before the node at `next`: end-of-line comments before `next` go before the break,
    // other comments before `next` after it.
    Doc brk(const Doc& lineDoc, uint32_t next);
    // Comments before the node at `next`, printed just before it (an end-of-line one ends the line).
    Doc leading(uint32_t next);
    // Every comment not printed yet.
    Doc rest();
    // Comments that begin inside [begin, end) are printed as part of verbatim source text.
    void consume(uint32_t begin, uint32_t end);
    // Offset in the source of node `n` (0 = none: synthesised nodes have no position).
    uint32_t at(const Node* n) const;
    uint32_t endOf(const Node* n) const;
    // Begin of the first token at or after `offset` (the keyword after a clause, a closing bracket).
    uint32_t tokenFrom(uint32_t offset) const;
    // Begin of the first token between the last printed node and `offset`: where a clause keyword is.
    uint32_t clauseAt(uint32_t contentAt) const;
    // Where the closing bracket after the last printed node is.
    uint32_t closer() const { return tokenFrom(m_lastEnd); }
    void printed(const Node& n);
    // Begin of the first of the next `maxTokens` tokens from `from` that reads `word` (0 if none): for
    // keywords the AST has no node for.
    uint32_t findToken(uint32_t from, std::string_view word, int maxTokens) const;
    void advanceTo(uint32_t offset);
    std::string_view sourceOf(const Node& n) const;

    const FormatOptions& options() const { return m_options; }

private:
    FormatOptions m_options;
    std::string_view m_source;
    uint32_t m_base = 0;
    bool m_hasSource = false;
    std::span<const Token> m_tokens; // without comments
    std::vector<Comment> m_comments;
    size_t m_next = 0;      // first comment not printed yet
    uint32_t m_lastEnd = 0; // end of the last printed node (source offsets)
    int m_depth = 0;        // nesting of expr() calls
};

} // namespace hogscope::hogql::fmt
