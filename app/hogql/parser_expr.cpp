#include "parser_impl.h"

#include <cctype>
#include <cerrno>
#include <cstdlib>
#include <limits>

namespace hogscope::hogql::detail {

namespace {
constexpr int kMaxDepth = 400;
// The deepest tree the parser builds, counting operator chains (see parseExpr): what the recursive
// walkers of the tree (JSON writer, formatter, compiler) handle on an 8 MB stack under ASan too.
constexpr int kMaxTreeDepth = 1000;
} // namespace

std::string lower(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

bool iequals(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::toupper(static_cast<unsigned char>(a[i])) != std::toupper(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

void replaceAll(std::string& s, std::string_view from, std::string_view to)
{
    size_t pos = 0;
    while ((pos = s.find(from, pos)) != std::string::npos) {
        s.replace(pos, from.size(), to);
        pos += to.size();
    }
}

// The escapes every literal form shares, applied in the reference implementation's order.
std::string unescapeText(std::string s)
{
    replaceAll(s, "\\b", "\b");
    replaceAll(s, "\\f", "\f");
    replaceAll(s, "\\r", "\r");
    replaceAll(s, "\\n", "\n");
    replaceAll(s, "\\t", "\t");
    replaceAll(s, "\\0", "");
    replaceAll(s, "\\a", "\a");
    replaceAll(s, "\\v", "\v");
    replaceAll(s, "\\\\", "\\");
    return s;
}

const char* intervalFunction(std::string_view unit)
{
    static constexpr std::pair<std::string_view, const char*> kUnits[] = {
        {"SECOND", "toIntervalSecond"},   {"MINUTE", "toIntervalMinute"}, {"HOUR", "toIntervalHour"},
        {"DAY", "toIntervalDay"},         {"WEEK", "toIntervalWeek"},     {"MONTH", "toIntervalMonth"},
        {"QUARTER", "toIntervalQuarter"}, {"YEAR", "toIntervalYear"},
    };
    for (const auto& [name, fn] : kUnits) {
        if (iequals(unit, name))
            return fn;
    }
    return nullptr;
}

const char* intervalFromWord(std::string_view word)
{
    // '7 days' style units: singular or plural, any case
    std::string w = lower(word);
    if (w.size() > 1 && w.back() == 's')
        w.pop_back();
    static constexpr std::pair<std::string_view, const char*> kUnits[] = {
        {"second", "toIntervalSecond"},   {"minute", "toIntervalMinute"}, {"hour", "toIntervalHour"},
        {"day", "toIntervalDay"},         {"week", "toIntervalWeek"},     {"month", "toIntervalMonth"},
        {"quarter", "toIntervalQuarter"}, {"year", "toIntervalYear"},
    };
    for (const auto& [name, fn] : kUnits) {
        if (w == name)
            return fn;
    }
    return nullptr;
}

std::unique_ptr<Constant> positionless(Constant::Value value)
{
    auto c = std::make_unique<Constant>();
    c->value = std::move(value);
    c->positioned = false;
    return c;
}

std::unique_ptr<Call> sugarCall(std::string name, uint32_t begin, uint32_t end)
{
    auto call = makeNode<Call>(begin, end);
    call->name = std::move(name);
    call->sugar = true;
    return call;
}

DepthGuard::DepthGuard(Parser& p)
    : m_parser(p)
{
    if (++m_parser.m_depth > kMaxDepth) {
        --m_parser.m_depth;
        m_parser.fail("Expression nested too deeply");
    }
}

// ---- token helpers -----------------------------------------------------------------------------

Parser::Parser(std::string_view text)
    : m_text(text)
{
    for (const Token& t : tokenize(text)) {
        if (t.kind != TokenKind::Comment)
            m_tokens.push_back(t);
    }
}

const Token& Parser::at(size_t ahead) const
{
    const size_t i = m_pos + ahead;
    return i < m_tokens.size() ? m_tokens[i] : m_tokens.back();
}

bool Parser::isKw(const Token& t, std::string_view kw) const
{
    return t.kind == TokenKind::Keyword && iequals(text(t), kw);
}

bool Parser::isOp(const Token& t, std::string_view op) const
{
    return (t.kind == TokenKind::Operator || t.kind == TokenKind::Punctuation) && text(t) == op;
}

bool Parser::acceptKw(std::string_view kw)
{
    if (!isKw(kw))
        return false;
    advance();
    return true;
}

bool Parser::acceptOp(std::string_view op)
{
    if (!isOp(op))
        return false;
    advance();
    return true;
}

std::string Parser::describeCurrent() const
{
    if (atEnd())
        return "end of input";
    if (cur().kind == TokenKind::Error) {
        const auto t = text(cur());
        if (t.size() > 1 && (t[0] == '\'' || t[0] == '"' || t[0] == '`'))
            return "unterminated literal";
        if (t.size() > 1 && t[0] == '/' && t[1] == '*')
            return "unterminated comment";
        return "unexpected character '" + std::string(t) + "'";
    }
    return "'" + std::string(text(cur())) + "'";
}

void Parser::expectKw(std::string_view kw)
{
    if (!acceptKw(kw))
        fail("Expected " + std::string(kw) + ", got " + describeCurrent());
}

void Parser::expectOp(std::string_view op)
{
    if (!acceptOp(op))
        fail("Expected '" + std::string(op) + "', got " + describeCurrent());
}

void Parser::fail(const std::string& message)
{
    failAt(message, cur().begin, atEnd() ? cur().end : cur().end);
}

void Parser::failAt(const std::string& message, uint32_t begin, uint32_t end)
{
    m_errors.push_back(SyntaxError{message, begin, end});
    throw ParseAbort{};
}

bool Parser::startsSelect(size_t ahead) const
{
    size_t i = ahead;
    while (isOp(at(i), "("))
        ++i;
    return isKw(at(i), "SELECT") || isKw(at(i), "WITH");
}

bool Parser::identifierLike(const Token& t) const
{
    if (t.kind == TokenKind::Identifier || t.kind == TokenKind::QuotedIdentifier)
        return true;
    if (t.kind != TokenKind::Keyword)
        return false;
    const auto w = text(t);
    return !(iequals(w, "NULL") || iequals(w, "TRUE") || iequals(w, "FALSE") || iequals(w, "INF") ||
             iequals(w, "NAN"));
}

std::string Parser::identifierText(const Token& t) const
{
    if (t.kind == TokenKind::QuotedIdentifier)
        return unquote(text(t));
    return std::string(text(t));
}

std::string Parser::parseIdentifier(const char* what)
{
    if (!identifierLike(cur()) && !isKw("NULL") && !isKw("TRUE") && !isKw("FALSE") && !isKw("INF") &&
        !isKw("NAN"))
        fail(std::string("Expected ") + what + ", got " + describeCurrent());
    return identifierText(advance());
}

// ---- expressions -------------------------------------------------------------------------------

NodeList Parser::parseExprList()
{
    NodeList list;
    list.push_back(parseExpr());
    while (acceptOp(","))
        list.push_back(parseExpr());
    return list;
}

NodePtr Parser::parseExpr(int minLevel)
{
    DepthGuard guard(*this);
    // spans of operators run from the first to the last token of the operands, parentheses included
    const uint32_t begin = curBegin();
    NodePtr left = parsePrefix();
    bool concatChain = false;
    bool implicitlyAliased = false;

    // Operator chains such as a + b + c … are built in this loop, not by recursion, so DepthGuard
    // does not see them, yet each link nests the tree one level deeper and everything that walks the
    // tree (JSON, formatter, compiler) recurses. Count the links of the frames still open.
    struct ChainLinks
    {
        int& total;
        int mine = 0;
        ~ChainLinks() { total -= mine; }
    } links{m_chainDepth};
    const Node* top = left.get();

    while (true) {
        if (left.get() != top) {
            top = left.get();
            ++links.mine;
            if (++m_chainDepth + m_depth > kMaxTreeDepth) {
                fail("Expression nested too deeply (more than " + std::to_string(kMaxTreeDepth) +
                     " operators deep)");
            }
        }
        const Token& t = cur();
        if (t.kind == TokenKind::End)
            break;
        if (!isOp("||"))
            concatChain = false;

        // postfix access binds tightest
        if (isOp("[") || isOp(".") || isOp("?.") || isOp("::") || isOp("(")) {
            if (isOp("(") && left->kind != NodeKind::Field && left->kind != NodeKind::Placeholder &&
                left->kind != NodeKind::ArrayAccess && left->kind != NodeKind::TupleAccess &&
                left->kind != NodeKind::Call && left->kind != NodeKind::ExprCall &&
                left->kind != NodeKind::TypeCast && left->kind != NodeKind::Lambda &&
                left->kind != NodeKind::Tuple && left->kind != NodeKind::Constant)
                break;
            if (isOp("(") && left->kind == NodeKind::Constant)
                break;
            left = applyPostfix(std::move(left), begin);
            continue;
        }

        // binary * / %
        if (t.kind == TokenKind::Operator && (isOp("*") || isOp("/") || isOp("%"))) {
            if (minLevel > LMul)
                break;
            const auto opText = text(advance());
            auto op = makeNode<ArithmeticOperation>(begin, 0);
            op->op = opText == "*"   ? ArithmeticOp::Mult
                     : opText == "/" ? ArithmeticOp::Div
                                     : ArithmeticOp::Mod;
            op->left = std::move(left);
            op->right = parseExpr(LMul + 1);
            op->end = prevEnd();
            left = std::move(op);
            continue;
        }
        if (isOp("+") || isOp("-") || isOp("||")) {
            if (minLevel > LAdd)
                break;
            const auto opText = text(advance());
            NodePtr right = parseExpr(LAdd + 1);
            if (opText == "||" && concatChain) {
                auto* chain = static_cast<Call*>(left.get());
                chain->args.push_back(std::move(right));
                chain->end = prevEnd();
            } else if (opText == "||") {
                auto call = sugarCall("concat", begin, prevEnd());
                call->args.push_back(std::move(left));
                call->args.push_back(std::move(right));
                left = std::move(call);
                concatChain = true;
                continue;
            } else {
                auto op = makeNode<ArithmeticOperation>(begin, prevEnd());
                op->op = opText == "+" ? ArithmeticOp::Add : ArithmeticOp::Sub;
                op->left = std::move(left);
                op->right = std::move(right);
                left = std::move(op);
            }
            continue;
        }

        // comparisons
        std::optional<CompareOp> cmp;
        size_t consumed = 1;
        if (t.kind == TokenKind::Operator) {
            const auto o = text(t);
            if (o == "=" || o == "==")
                cmp = CompareOp::Eq;
            else if (o == "!=" || o == "<>")
                cmp = CompareOp::NotEq;
            else if (o == "<")
                cmp = CompareOp::Lt;
            else if (o == "<=")
                cmp = CompareOp::LtEq;
            else if (o == ">")
                cmp = CompareOp::Gt;
            else if (o == ">=")
                cmp = CompareOp::GtEq;
            else if (o == "~" || o == "=~")
                cmp = CompareOp::Regex;
            else if (o == "~*" || o == "=~*")
                cmp = CompareOp::IRegex;
            else if (o == "!~")
                cmp = CompareOp::NotRegex;
            else if (o == "!~*")
                cmp = CompareOp::NotIRegex;
        } else if (isKw("LIKE")) {
            cmp = CompareOp::Like;
        } else if (isKw("ILIKE")) {
            cmp = CompareOp::ILike;
        } else if (isKw("IN")) {
            cmp = isKw(at(1), "COHORT") ? CompareOp::InCohort : CompareOp::In;
            consumed = cmp == CompareOp::InCohort ? 2 : 1;
        } else if (isKw("NOT")) {
            const Token& n = at(1);
            if (isKw(n, "LIKE")) {
                cmp = CompareOp::NotLike;
                consumed = 2;
            } else if (isKw(n, "ILIKE")) {
                cmp = CompareOp::NotILike;
                consumed = 2;
            } else if (isKw(n, "IN")) {
                cmp = isKw(at(2), "COHORT") ? CompareOp::NotInCohort : CompareOp::NotIn;
                consumed = cmp == CompareOp::NotInCohort ? 3 : 2;
            }
        }
        if (cmp) {
            if (minLevel > LCompare)
                break;
            for (size_t i = 0; i < consumed; ++i)
                advance();
            NodePtr right = parseExpr(LCompare + 1);
            auto op = makeNode<CompareOperation>(begin, prevEnd());
            op->op = *cmp;
            op->left = std::move(left);
            op->right = std::move(right);
            left = std::move(op);
            continue;
        }

        if (isKw("IS")) {
            if (minLevel > LIsNull)
                break;
            size_t k = 1;
            const bool negated = isKw(at(1), "NOT");
            if (negated)
                k = 2;
            if (isKw(at(k), "NULL")) {
                for (size_t i = 0; i <= k; ++i)
                    advance();
                auto op = makeNode<CompareOperation>(begin, prevEnd());
                op->op = negated ? CompareOp::NotEq : CompareOp::Eq;
                op->left = std::move(left);
                op->right = positionless(std::monostate{});
                op->isNullStyle = true;
                left = std::move(op);
                continue;
            }
            if (isKw(at(k), "DISTINCT") && isKw(at(k + 1), "FROM")) {
                for (size_t i = 0; i < k + 2; ++i)
                    advance();
                NodePtr right = parseExpr(LIsNull + 1);
                auto op = makeNode<IsDistinctFrom>(begin, prevEnd());
                op->negated = negated;
                op->left = std::move(left);
                op->right = std::move(right);
                left = std::move(op);
                continue;
            }
            advance();
            fail("Expected NULL or DISTINCT FROM after IS, got " + describeCurrent());
        }

        if (isOp("??")) {
            if (minLevel > LNullish)
                break;
            advance();
            NodePtr right = parseExpr(LNullish + 1);
            auto call = sugarCall("ifNull", begin, prevEnd());
            call->args.push_back(std::move(left));
            call->args.push_back(std::move(right));
            left = std::move(call);
            continue;
        }

        if (isKw("BETWEEN") || (isKw("NOT") && isKw(at(1), "BETWEEN"))) {
            if (minLevel > LBetween)
                break;
            const bool negated = isKw("NOT");
            if (negated)
                advance();
            advance();
            NodePtr low = parseExpr(LBetween + 1);
            expectKw("AND");
            NodePtr high = parseExpr(LBetween + 1);
            auto between = makeNode<BetweenExpr>(begin, prevEnd());
            between->negated = negated;
            between->expr = std::move(left);
            between->low = std::move(low);
            between->high = std::move(high);
            left = std::move(between);
            continue;
        }

        if (isKw("AND") || isKw("OR")) {
            const bool isAnd = isKw("AND");
            const int level = isAnd ? LAnd : LOr;
            if (minLevel > level)
                break;
            advance();
            NodePtr right = parseExpr(level + 1);
            const uint32_t end = prevEnd();
            if (isAnd) {
                auto* existing = left->as<And>();
                if (existing && existing->begin == begin && left->positioned) {
                    // flatten a left-leaning chain of ANDs the way PostHog does
                    existing->exprs.push_back(std::move(right));
                    existing->end = end;
                } else {
                    auto node = makeNode<And>(begin, end);
                    node->exprs.push_back(std::move(left));
                    node->exprs.push_back(std::move(right));
                    left = std::move(node);
                }
            } else {
                auto* existing = left->as<Or>();
                if (existing && existing->begin == begin) {
                    existing->exprs.push_back(std::move(right));
                    existing->end = end;
                } else {
                    auto node = makeNode<Or>(begin, end);
                    node->exprs.push_back(std::move(left));
                    node->exprs.push_back(std::move(right));
                    left = std::move(node);
                }
            }
            continue;
        }

        if (isOp("?")) {
            if (minLevel > LTernary)
                break;
            advance();
            NodePtr then = parseExpr(LAlias);
            expectOp(":");
            NodePtr otherwise = parseExpr(LTernary);
            auto call = sugarCall("if", begin, prevEnd());
            call->args.push_back(std::move(left));
            call->args.push_back(std::move(then));
            call->args.push_back(std::move(otherwise));
            left = std::move(call);
            continue;
        }

        // alias: `AS name`, `AS 'name'`, or an implicit alias (plain identifier or DATE/FIRST/ID/KEY)
        if (minLevel <= LAlias && !implicitlyAliased) {
            // as in PostHog's grammar, nothing more may be aliased after an implicit alias (`1 a b`)
            std::string alias;
            if (isKw("AS")) {
                advance();
                if (cur().kind == TokenKind::String)
                    alias = unquote(text(advance()));
                else if (isKw("NULL"))
                    fail("Expected an alias after AS, got 'null'");
                else
                    alias = parseIdentifier("an alias after AS");
            } else if (m_implicitAliasDepth == m_depth &&
                       (t.kind == TokenKind::Identifier || t.kind == TokenKind::QuotedIdentifier ||
                        isKw("DATE") || isKw("ID"))) {
                alias = identifierText(advance());
                implicitlyAliased = true;
            } else {
                break;
            }
            const std::string low = lower(alias);
            if (low == "true" || low == "false" || low == "null" || low == "team_id")
                failAt("\"" + alias + "\" cannot be an alias or identifier, as it's a reserved keyword",
                       begin, prevEnd());
            auto node = makeNode<Alias>(begin, prevEnd());
            node->alias = std::move(alias);
            node->expr = std::move(left);
            left = std::move(node);
            continue;
        }
        break;
    }
    return left;
}

NodePtr Parser::applyPostfix(NodePtr left, uint32_t begin)
{
    if (acceptOp("[")) {
        NodePtr index = parseExpr();
        expectOp("]");
        auto access = makeNode<ArrayAccess>(begin, prevEnd());
        access->array = std::move(left);
        access->property = std::move(index);
        return access;
    }
    if (isOp(".") || isOp("?.")) {
        const bool nullish = isOp("?.");
        advance();
        if (nullish && acceptOp("[")) {
            NodePtr index = parseExpr();
            expectOp("]");
            auto access = makeNode<ArrayAccess>(begin, prevEnd());
            access->array = std::move(left);
            access->property = std::move(index);
            access->nullish = true;
            access->hasNullishField = true;
            return access;
        }
        if (cur().kind == TokenKind::Number && !text(cur()).empty() &&
            std::isdigit(static_cast<unsigned char>(text(cur())[0])) &&
            text(cur()).find_first_not_of("0123456789") == std::string_view::npos) {
            auto access = makeNode<TupleAccess>(begin, cur().end);
            access->index = std::strtoll(std::string(text(advance())).c_str(), nullptr, 10);
            access->tuple = std::move(left);
            access->nullish = nullish;
            access->hasNullishField = nullish;
            return access;
        }
        if (!identifierLike(cur()))
            fail("Expected a property name after '.', got " + describeCurrent());
        auto access = makeNode<ArrayAccess>(begin, cur().end);
        access->array = std::move(left);
        access->property = positionless(identifierText(advance()));
        access->nullish = nullish;
        access->hasNullishField = nullish;
        return access;
    }
    if (acceptOp("::")) {
        if (!identifierLike(cur()))
            fail("Expected a type name after '::', got " + describeCurrent());
        auto cast = makeNode<TypeCast>(begin, cur().end);
        cast->typeName = lower(identifierText(advance()));
        cast->expr = std::move(left);
        return cast;
    }
    // call on an expression: `(a)(b)`, `x::T(y)`; a parametric call `f(p)(x)` is built in parseCall
    expectOp("(");
    auto call = makeNode<ExprCall>(begin, 0);
    call->expr = std::move(left);
    if (!isOp(")"))
        call->args = parseExprList();
    expectOp(")");
    call->end = prevEnd();
    return call;
}

NodePtr Parser::parsePrefix()
{
    const uint32_t begin = curBegin();
    if (isKw("NOT") && !isOp(at(1), "(") && at(1).kind != TokenKind::End) {
        advance();
        NodePtr expr = parseExpr(LNot);
        auto n = makeNode<Not>(begin, prevEnd());
        n->expr = std::move(expr);
        return n;
    }
    if (isOp("-") || isOp("+")) {
        const bool minus = isOp("-");
        const Token& next = at(1);
        if (next.kind == TokenKind::Number || isKw(next, "INF") || isKw(next, "NAN") ||
            (isOp(next, ".") && at(2).kind == TokenKind::Number)) {
            advance();
            return parseNumber(minus, begin);
        }
        if (!minus)
            fail("Unexpected '+'");
        advance();
        NodePtr operand = parseExpr(LUnary);
        auto op = makeNode<ArithmeticOperation>(begin, prevEnd());
        op->op = ArithmeticOp::Sub;
        op->left = positionless(int64_t{0});
        op->right = std::move(operand);
        return op;
    }
    return parsePrimary();
}

NodePtr Parser::parsePrimary()
{
    const Token& t = cur();
    const uint32_t begin = t.begin;
    switch (t.kind) {
    case TokenKind::Number:
        return parseNumber(false, begin);
    case TokenKind::String: {
        auto c = makeNode<Constant>(begin, t.end);
        c->value = unquote(text(advance()));
        return c;
    }
    case TokenKind::TemplateString:
        return parseTemplateString();
    case TokenKind::End:
        fail("Unexpected end of input, expected an expression");
    case TokenKind::Error:
        fail("Syntax error: " + describeCurrent());
    default:
        break;
    }
    if (isOp(".") && at(1).kind == TokenKind::Number)
        return parseNumber(false, begin);
    if (isOp("("))
        return parseParenExpr();
    if (isOp("[")) {
        advance();
        auto arr = makeNode<Array>(begin, 0);
        while (!isOp("]")) {
            arr->exprs.push_back(parseExpr());
            if (!acceptOp(","))
                break;
        }
        expectOp("]");
        arr->end = prevEnd();
        return arr;
    }
    if (isOp("{"))
        return parseBraces();
    if (isOp("*")) {
        if (isKw(at(1), "COLUMNS") && isOp(at(2), "(")) { // `* COLUMNS(...)` spreads the matched columns
            advance();
            auto spread = makeNode<SpreadExpr>(begin, 0);
            NodePtr columns = parseColumnsExpr(curBegin());
            columns->positioned = false;
            spread->expr = std::move(columns);
            spread->end = prevEnd();
            return spread;
        }
        auto f = makeNode<Field>(begin, advance().end);
        f->chain.push_back("*");
        if (isKw("EXCLUDE")) {
            auto columns = makeNode<ColumnsExpr>(begin, 0);
            columns->all = true;
            parseStarModifiers(*columns);
            return columns;
        }
        return f;
    }
    if (isOp("<") && (at(1).kind == TokenKind::Identifier || at(1).kind == TokenKind::Keyword))
        return parseHogQLXTag();
    if (isOp("#") && at(1).kind == TokenKind::Number && at(1).begin == t.end) {
        advance();
        auto ref = makeNode<PositionalRef>(begin, cur().end);
        ref->index = std::strtoll(std::string(text(advance())).c_str(), nullptr, 10);
        return ref;
    }
    if (t.kind == TokenKind::Keyword) {
        if (isKw("NULL") || isKw("TRUE") || isKw("FALSE")) {
            auto c = makeNode<Constant>(begin, t.end);
            if (isKw("TRUE"))
                c->value = true;
            else if (isKw("FALSE"))
                c->value = false;
            advance();
            return c;
        }
        if (isKw("INF") || isKw("NAN"))
            return parseNumber(false, begin);
        if (isKw("CASE")) {
            advance();
            return parseCase(begin);
        }
        if ((isKw("CAST") || isKw("TRY_CAST")) && isOp(at(1), "(") && castHasAs()) {
            const bool tryCast = isKw("TRY_CAST");
            advance();
            return parseCast(begin, tryCast);
        }
        if (isKw("INTERVAL") && !isOp(at(1), "(") && !isOp(at(1), ".")) {
            advance();
            return parseInterval(begin);
        }
        if ((isKw("DATE") || isKw("TIMESTAMP")) && at(1).kind == TokenKind::String)
            failAt(std::string("Unsupported rule: ColumnExpr") + (isKw("DATE") ? "Date" : "Timestamp"), begin,
                   at(1).end);
        if (isKw("ARRAY") && isOp(at(1), "[")) {
            advance();
            auto arr = parsePrimary();
            arr->begin = begin;
            return arr;
        }
    }
    if (isKw("COLUMNS") && isOp(at(1), "("))
        return parseColumnsExpr(begin);
    if (isKw("LAMBDA") && identifierLike(at(1)) && (isOp(at(2), ":") || isOp(at(2), ","))) {
        advance(); // `lambda x, y: body`
        std::vector<std::string> args;
        do {
            args.push_back(parseIdentifier("a lambda argument"));
        } while (acceptOp(","));
        expectOp(":");
        return parseLambdaBody(std::move(args), begin);
    }
    if (identifierLike(t))
        return parseIdentifierExpr();
    fail("Expected an expression, got " + describeCurrent());
}

NodePtr Parser::parseIdentifierExpr()
{
    const uint32_t begin = curBegin();
    // lambda `x -> ...`
    if (isOp(at(1), "->")) {
        std::string arg = identifierText(advance());
        advance();
        return parseLambdaBody({std::move(arg)}, begin);
    }
    if (isOp(at(1), "(") && cur().kind != TokenKind::QuotedIdentifier) {
        std::string name = identifierText(advance());
        return parseCall(std::move(name), begin);
    }
    auto field = makeNode<Field>(begin, cur().end);
    field->chain.push_back(identifierText(advance()));
    while (isOp(".")) {
        const Token& next = at(1);
        if (isOp(next, "*")) {
            advance();
            field->chain.push_back("*");
            field->end = advance().end;
            if (isKw("EXCLUDE")) { // PostHog keeps no table for `t.* EXCLUDE (...)`
                auto columns = makeNode<ColumnsExpr>(begin, 0);
                columns->all = true;
                parseStarModifiers(*columns);
                return columns;
            }
            break;
        }
        if (!identifierLike(next))
            break;
        if (isOp(at(2), "(")) // `a.b(...)` is a call on the field `a.b`
        {
            advance();
            field->chain.push_back(identifierText(cur()));
            field->end = advance().end;
            break;
        }
        advance();
        field->chain.push_back(identifierText(cur()));
        field->end = advance().end;
    }
    return field;
}

} // namespace hogscope::hogql::detail
