// Expressions: operators with the parentheses the parser needs to build the same tree, access, literals,
// lists. Every node kind is handled in Printer::node (calls and sugar in formatter_calls.cpp).
//
// Building a document also prints comments, so docs with side effects are built one statement at a time
// (never two in one expression: C++ leaves the order of operands open).

#include "formatter_impl.h"

#include <algorithm>
#include <cctype>

namespace hogscope::hogql::fmt {

namespace {

// `-x` is parsed as 0 - x with a 0 that has no position; a written `0 - x` keeps its 0.
bool isUnaryMinus(const ArithmeticOperation& a)
{
    if (a.op != ArithmeticOp::Sub || !a.left || a.left->positioned)
        return false;
    const auto* c = a.left->as<Constant>();
    return c && !c->numberText && std::holds_alternative<int64_t>(c->value) &&
           std::get<int64_t>(c->value) == 0;
}

bool isNumber(const Node* n)
{
    const auto* c = n ? n->as<Constant>() : nullptr;
    return c && (c->numberText || std::holds_alternative<int64_t>(c->value) ||
                 std::holds_alternative<double>(c->value));
}

bool isNullTest(const CompareOperation& c)
{
    return c.isNullStyle && (c.op == CompareOp::Eq || c.op == CompareOp::NotEq) &&
           isNullConstant(c.right.get());
}

// `x.name` (written with a dot) rather than x['name']: the parser gives the name no position.
bool isDotAccess(const ArrayAccess& a)
{
    const auto* c = a.property ? a.property->as<Constant>() : nullptr;
    return c && !c->positioned && std::holds_alternative<std::string>(c->value);
}

const char* compareText(CompareOp op)
{
    switch (op) {
    case CompareOp::Eq:
        return "=";
    case CompareOp::NotEq:
        return "!=";
    case CompareOp::Lt:
        return "<";
    case CompareOp::LtEq:
        return "<=";
    case CompareOp::Gt:
        return ">";
    case CompareOp::GtEq:
        return ">=";
    case CompareOp::Like:
        return "LIKE";
    case CompareOp::NotLike:
        return "NOT LIKE";
    case CompareOp::ILike:
        return "ILIKE";
    case CompareOp::NotILike:
        return "NOT ILIKE";
    case CompareOp::In:
        return "IN";
    case CompareOp::NotIn:
        return "NOT IN";
    case CompareOp::GlobalIn:
        return "GLOBAL IN";
    case CompareOp::GlobalNotIn:
        return "GLOBAL NOT IN";
    case CompareOp::InCohort:
        return "IN COHORT";
    case CompareOp::NotInCohort:
        return "NOT IN COHORT";
    case CompareOp::Regex:
        return "=~";
    case CompareOp::IRegex:
        return "=~*";
    case CompareOp::NotRegex:
        return "!~";
    case CompareOp::NotIRegex:
        return "!~*";
    }
    return "=";
}

} // namespace

// ---- construction, roots ------------------------------------------------------------------------

Printer::Printer(const FormatOptions& options)
    : m_options(options)
{}

Printer::Printer(const FormatOptions& options, std::string_view source, uint32_t base,
                 std::span<const Token> codeTokens, std::vector<Comment> comments)
    : m_options(options)
    , m_source(source)
    , m_base(base)
    , m_hasSource(true)
    , m_tokens(codeTokens)
    , m_comments(std::move(comments))
    , m_lastEnd(base)
{}

Doc Printer::root(const Node& n, bool topLevelQuery)
{
    Doc out = leading(at(&n));
    if (topLevelQuery)
        out += query(n, true);
    else
        out += expr(n, LAlias);
    out += rest();
    return out;
}

// ---- lists --------------------------------------------------------------------------------------

Doc Printer::items(size_t count, const std::function<const Node*(size_t)>& anchor,
                   const std::function<Doc(size_t)>& item, const Doc& first)
{
    Doc out;
    for (size_t i = 0; i < count; ++i) {
        if (i == 0) {
            if (!first.empty())
                out += brk(first, at(anchor(0)));
        } else {
            out += text(",");
            out += brk(line(), at(anchor(i)));
        }
        out += item(i);
    }
    return out;
}

Doc Printer::nodeItems(const NodeList& list, const Doc& first)
{
    return items(
        list.size(), [&](size_t i) { return list[i].get(); },
        [&](size_t i) { return expr(*list[i], LAlias); }, first);
}

Doc Printer::bracketed(const char* open, const char* close, size_t count,
                       const std::function<const Node*(size_t)>& anchor,
                       const std::function<Doc(size_t)>& item)
{
    Doc out = text(open);
    if (count == 0) {
        out += text(close);
        return out;
    }
    const Doc inner = items(count, anchor, item, softline());
    out += nest(m_options.indent, inner);
    out += brk(softline(), closer());
    out += text(close);
    return group(out);
}

Doc Printer::bracketedList(const char* open, const NodeList& list, const char* close)
{
    return bracketed(
        open, close, list.size(), [&](size_t i) { return list[i].get(); },
        [&](size_t i) { return expr(*list[i], LAlias); });
}

// ---- levels -------------------------------------------------------------------------------------

int Printer::levelOf(const Node& n) const
{
    switch (n.kind) {
    case NodeKind::Alias:
    case NodeKind::Lambda:
        return LAlias;
    case NodeKind::Or:
        return LOr;
    case NodeKind::And:
        return LAnd;
    case NodeKind::Not:
        return LNot;
    case NodeKind::BetweenExpr:
        return LBetween;
    case NodeKind::IsDistinctFrom:
        return LIsNull;
    case NodeKind::CompareOperation:
        return isNullTest(static_cast<const CompareOperation&>(n)) ? LIsNull : LCompare;
    case NodeKind::ArithmeticOperation: {
        const auto& a = static_cast<const ArithmeticOperation&>(n);
        if (isUnaryMinus(a))
            return LUnary;
        return a.op == ArithmeticOp::Add || a.op == ArithmeticOp::Sub ? LAdd : LMul;
    }
    case NodeKind::Call:
        switch (sugarOf(static_cast<const Call&>(n))) {
        case Sugar::Concat:
            return LAdd;
        case Sugar::IfNull:
            return LNullish;
        case Sugar::None:
        case Sugar::SelectArg:
        case Sugar::Case:
        case Sugar::CaseWithExpr:
        case Sugar::Interval:
        case Sugar::Trim:
            return LAtom;
        }
        return LAtom;
    case NodeKind::ArrayAccess:
    case NodeKind::TupleAccess:
    case NodeKind::ExprCall:
        return LPostfix;
    case NodeKind::TypeCast:
        return spelling(n, static_cast<const TypeCast&>(n).typeName).colons ? LPostfix : LAtom;
    case NodeKind::Constant:
    case NodeKind::Field:
    case NodeKind::Placeholder:
    case NodeKind::Tuple:
    case NodeKind::Array:
    case NodeKind::Dict:
    case NodeKind::NamedArgument:
    case NodeKind::TryCast:
    case NodeKind::PositionalRef:
    case NodeKind::WindowFunction:
    case NodeKind::WindowExpr:
    case NodeKind::WindowFrameExpr:
    case NodeKind::OrderExpr:
    case NodeKind::ColumnsExpr:
    case NodeKind::SpreadExpr:
    case NodeKind::HogQLXTag:
    case NodeKind::HogQLXAttribute:
    case NodeKind::SelectQuery:
    case NodeKind::SelectSetQuery:
    case NodeKind::JoinExpr:
    case NodeKind::JoinConstraint:
    case NodeKind::SampleExpr:
    case NodeKind::RatioExpr:
    case NodeKind::CTE:
    case NodeKind::LimitByExpr:
    case NodeKind::ValuesQuery:
    case NodeKind::GroupingSet:
    case NodeKind::PivotExpr:
    case NodeKind::PivotColumn:
    case NodeKind::UnpivotExpr:
    case NodeKind::UnpivotColumn:
        return LAtom;
    }
    return LAtom;
}

Doc Printer::expr(const Node& n, int minLevel)
{
    // a few stack frames a level: 1000 levels stay far below a 1 MB thread stack
    constexpr int kMaxDepth = 1000;
    struct Depth
    {
        int& depth;
        explicit Depth(int& d)
            : depth(d)
        {
            if (++depth > kMaxDepth) {
                --depth;
                throw TooDeep{};
            }
        }
        ~Depth() { --depth; }
        Depth(const Depth&) = delete;
        Depth& operator=(const Depth&) = delete;
    } guard(m_depth);
    Doc out = leading(at(&n));
    const bool parens = levelOf(n) < minLevel;
    Doc body = node(n);
    printed(n);
    if (!parens) {
        out += body;
        return out;
    }
    if (n.kind == NodeKind::And || n.kind == NodeKind::Or) {
        // a condition in parentheses may break inside them
        Doc inner = text("(");
        inner += nest(m_options.indent, softline() + body);
        inner += brk(softline(), closer());
        inner += text(")");
        out += group(inner);
        return out;
    }
    out += parenthesised(body);
    return out;
}

// An operand before a postfix operator ([i], .name, .1, ::T, (args)).
Doc Printer::postfixBase(const Node& n, bool forceParens)
{
    if (forceParens && levelOf(n) >= LPostfix) {
        Doc out = leading(at(&n));
        out += parenthesised(node(n));
        printed(n);
        return out;
    }
    return expr(n, LPostfix);
}

// ---- every node ---------------------------------------------------------------------------------

Doc Printer::node(const Node& n)
{
    switch (n.kind) {
    case NodeKind::Constant:
        return text(constantText(static_cast<const Constant&>(n)));
    case NodeKind::Field: {
        const auto& f = static_cast<const Field&>(n);
        std::string s;
        for (size_t i = 0; i < f.chain.size(); ++i) {
            if (i)
                s += '.';
            if (f.chain[i] == "*" && i + 1 == f.chain.size())
                s += '*';
            else
                s += name(f.chain[i], i == 0 ? NameContext::ExprStart : NameContext::Name);
        }
        return text(s);
    }
    case NodeKind::Placeholder: {
        Doc out = text("{");
        out += expr(*static_cast<const Placeholder&>(n).expr, LAlias);
        out += text("}");
        return out;
    }
    case NodeKind::Alias: {
        const auto& a = static_cast<const Alias&>(n);
        Doc out = expr(*a.expr, LTernary);
        out += text(" AS " + name(a.alias, NameContext::Name));
        return out;
    }
    case NodeKind::ArithmeticOperation: {
        const auto& a = static_cast<const ArithmeticOperation&>(n);
        if (isUnaryMinus(a)) {
            Doc operand = expr(*a.right, LUnary);
            const char c = firstChar(operand);
            // `-1` would read as a negative number and `--` as a comment
            if (isNumber(a.right.get()) || std::isdigit(static_cast<unsigned char>(c)) || c == '.')
                return text("-") + parenthesised(operand);
            return text(c == '-' ? "- " : "-") + operand;
        }
        const bool additive = a.op == ArithmeticOp::Add || a.op == ArithmeticOp::Sub;
        const int level = additive ? LAdd : LMul;
        Doc out = expr(*a.left, level);
        out += text(std::string(" ") + arithmeticOpText(a.op) + " ");
        out += expr(*a.right, level + 1);
        return out;
    }
    case NodeKind::CompareOperation: {
        const auto& c = static_cast<const CompareOperation&>(n);
        if (isNullTest(c)) {
            Doc out = expr(*c.left, LIsNull);
            out += text(c.op == CompareOp::Eq ? " IS NULL" : " IS NOT NULL");
            return out;
        }
        Doc out = expr(*c.left, LCompare);
        out += text(std::string(" ") + compareText(c.op) + " ");
        const bool membership = c.op == CompareOp::In || c.op == CompareOp::NotIn ||
                                c.op == CompareOp::GlobalIn || c.op == CompareOp::GlobalNotIn;
        if (membership && c.right->kind == NodeKind::Constant) // `x IN (1)` reads better than `x IN 1`
            out += parenthesised(expr(*c.right, LAlias));
        else
            out += expr(*c.right, LCompare + 1);
        return out;
    }
    case NodeKind::IsDistinctFrom: {
        const auto& d = static_cast<const IsDistinctFrom&>(n);
        Doc out = expr(*d.left, LIsNull);
        out += text(d.negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ");
        out += expr(*d.right, LIsNull + 1);
        return out;
    }
    case NodeKind::And:
    case NodeKind::Or: {
        const bool isAnd = n.kind == NodeKind::And;
        const NodeList& exprs = isAnd ? static_cast<const And&>(n).exprs : static_cast<const Or&>(n).exprs;
        Doc out;
        for (size_t i = 0; i < exprs.size(); ++i) {
            if (i) {
                out += brk(line(), clauseAt(at(exprs[i].get())));
                out += text(isAnd ? "AND " : "OR ");
            }
            // a nested AND / OR keeps its parentheses: PostHog flattens only an unparenthesised chain
            out += expr(*exprs[i], isAnd ? LAnd + 1 : LOr + 1);
        }
        return group(out);
    }
    case NodeKind::Not: {
        Doc out = text("NOT ");
        out += expr(*static_cast<const Not&>(n).expr, LNot);
        return out;
    }
    case NodeKind::BetweenExpr: {
        const auto& b = static_cast<const BetweenExpr&>(n);
        Doc out = expr(*b.expr, LBetween);
        out += text(b.negated ? " NOT BETWEEN " : " BETWEEN ");
        out += expr(*b.low, LBetween + 1);
        out += text(" AND ");
        out += expr(*b.high, LBetween + 1);
        return out;
    }
    case NodeKind::Tuple: {
        const auto& t = static_cast<const Tuple&>(n);
        if (t.exprs.size() == 1) { // (a,) : without the comma it is just a parenthesised a
            Doc out = text("(");
            out += expr(*t.exprs[0], LAlias);
            out += text(",)");
            return out;
        }
        return bracketedList("(", t.exprs, ")");
    }
    case NodeKind::Array:
        return bracketedList("[", static_cast<const Array&>(n).exprs, "]");
    case NodeKind::Dict: {
        const auto& d = static_cast<const Dict&>(n);
        return bracketed(
            "{", "}", d.items.size(), [&](size_t i) { return d.items[i].first.get(); },
            [&](size_t i) {
                Doc item = expr(*d.items[i].first, LAlias);
                item += text(": ");
                item += expr(*d.items[i].second, LAlias);
                return item;
            });
    }
    case NodeKind::Lambda: {
        const auto& l = static_cast<const Lambda&>(n);
        std::string head;
        if (l.args.size() == 1) {
            head = name(l.args[0], NameContext::ExprStart);
        } else {
            head = "(";
            for (size_t i = 0; i < l.args.size(); ++i)
                head += (i ? ", " : "") + name(l.args[i], NameContext::Name);
            head += ")";
        }
        Doc out = text(head + " -> ");
        out += expr(*l.expr, LAlias);
        return out;
    }
    case NodeKind::ArrayAccess: {
        const auto& a = static_cast<const ArrayAccess&>(n);
        if (isDotAccess(a)) {
            // `field.name` would extend the field's chain instead, `1.name` would read as a number
            const bool parens =
                a.array->kind == NodeKind::Constant || (!a.nullish && a.array->kind == NodeKind::Field);
            Doc out = postfixBase(*a.array, parens);
            out += text((a.nullish ? "?." : ".") +
                        name(std::get<std::string>(static_cast<const Constant&>(*a.property).value),
                             NameContext::Name));
            return out;
        }
        Doc out = postfixBase(*a.array, false);
        out += text(a.nullish ? "?.[" : "[");
        out += expr(*a.property, LAlias);
        out += text("]");
        return out;
    }
    case NodeKind::TupleAccess: {
        const auto& t = static_cast<const TupleAccess&>(n);
        Doc out = postfixBase(*t.tuple, t.tuple->kind == NodeKind::Constant);
        out += text((t.nullish ? "?." : ".") + std::to_string(t.index));
        return out;
    }
    case NodeKind::Call:
        return call(static_cast<const Call&>(n));
    case NodeKind::ExprCall: {
        const auto& c = static_cast<const ExprCall&>(n);
        const Node& e = *c.expr;
        // `f(x)(y)` would be a parametric call and `f(x)` a call by name: a parenthesised callee makes an
        // expression call
        const auto* field = e.as<Field>();
        const auto* callee = e.as<Call>();
        const bool plainCall = callee && !callee->params &&
                               (sugarOf(*callee) == Sugar::None || sugarOf(*callee) == Sugar::SelectArg);
        const bool parens = (field && field->chain.size() == 1) || plainCall ||
                            e.kind == NodeKind::WindowFunction || e.kind == NodeKind::Constant;
        Doc out = postfixBase(e, parens);
        out += bracketedList("(", c.args, ")");
        return out;
    }
    case NodeKind::NamedArgument: {
        const auto& a = static_cast<const NamedArgument&>(n);
        Doc out = text(name(a.name, NameContext::Name) + " := ");
        out += expr(*a.value, LAlias);
        return out;
    }
    case NodeKind::TypeCast: {
        const auto& c = static_cast<const TypeCast&>(n);
        return cast(n, c.expr, c.typeName, false);
    }
    case NodeKind::TryCast: {
        const auto& c = static_cast<const TryCast&>(n);
        return cast(n, c.expr, c.typeName, true);
    }
    case NodeKind::PositionalRef:
        return text("#" + std::to_string(static_cast<const PositionalRef&>(n).index));
    case NodeKind::WindowFunction:
        return windowFunction(static_cast<const WindowFunction&>(n));
    case NodeKind::WindowExpr:
        return windowSpec(static_cast<const WindowExpr&>(n));
    case NodeKind::WindowFrameExpr:
        return frameBound(static_cast<const WindowFrameExpr&>(n));
    case NodeKind::OrderExpr:
        return orderExpr(static_cast<const OrderExpr&>(n));
    case NodeKind::ColumnsExpr:
        return columnsExpr(static_cast<const ColumnsExpr&>(n));
    case NodeKind::SpreadExpr: {
        // `* COLUMNS(...)`
        const Node& inner = *static_cast<const SpreadExpr&>(n).expr;
        Doc out = text("* ");
        out += inner.kind == NodeKind::ColumnsExpr ? columnsExpr(static_cast<const ColumnsExpr&>(inner))
                                                   : expr(inner, LPostfix);
        printed(inner);
        return out;
    }
    case NodeKind::HogQLXTag:
        return hogqlxTag(static_cast<const HogQLXTag&>(n));
    case NodeKind::HogQLXAttribute:
        return hogqlxAttribute(static_cast<const HogQLXAttribute&>(n));
    case NodeKind::SelectQuery:
    case NodeKind::SelectSetQuery:
        return subquery(n);
    case NodeKind::JoinExpr:
        return joinChain(static_cast<const JoinExpr&>(n), hardline());
    case NodeKind::JoinConstraint:
        return joinConstraint(static_cast<const JoinConstraint&>(n));
    case NodeKind::SampleExpr:
        return sample(static_cast<const SampleExpr&>(n));
    case NodeKind::RatioExpr:
        return ratio(static_cast<const RatioExpr&>(n));
    case NodeKind::CTE:
        return cte(static_cast<const CTE&>(n));
    case NodeKind::LimitByExpr:
        return limitBy(static_cast<const LimitByExpr&>(n));
    case NodeKind::ValuesQuery:
        return values(static_cast<const ValuesQuery&>(n));
    case NodeKind::GroupingSet:
        return bracketedList("(", static_cast<const GroupingSet&>(n).exprs, ")");
    case NodeKind::PivotExpr:
        return pivot(static_cast<const PivotExpr&>(n));
    case NodeKind::PivotColumn:
        return pivotColumn(static_cast<const PivotColumn&>(n));
    case NodeKind::UnpivotExpr:
        return unpivot(static_cast<const UnpivotExpr&>(n));
    case NodeKind::UnpivotColumn:
        return unpivotColumn(static_cast<const UnpivotColumn&>(n));
    }
    return text("");
}

} // namespace hogscope::hogql::fmt