// Calls and the syntax sugar the parser turns into calls, casts, window functions, ORDER BY items,
// COLUMNS / * EXCLUDE, HogQLX tags.

#include "formatter_impl.h"

#include <algorithm>
#include <cctype>

namespace hogscope::hogql::fmt {

namespace {

const char* intervalUnit(std::string_view function)
{
    static constexpr std::pair<std::string_view, const char*> kUnits[] = {
        {"toIntervalSecond", "SECOND"},   {"toIntervalMinute", "MINUTE"}, {"toIntervalHour", "HOUR"},
        {"toIntervalDay", "DAY"},         {"toIntervalWeek", "WEEK"},     {"toIntervalMonth", "MONTH"},
        {"toIntervalQuarter", "QUARTER"}, {"toIntervalYear", "YEAR"},
    };
    for (const auto& [fn, unit] : kUnits) {
        if (fn == function)
            return unit;
    }
    return nullptr;
}

std::string lowerCopy(std::string_view s)
{
    std::string out(s);
    for (char& c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

} // namespace

bool isQuery(const Node* n)
{
    return n && (n->kind == NodeKind::SelectQuery || n->kind == NodeKind::SelectSetQuery);
}

bool isNullConstant(const Node* n)
{
    const auto* c = n ? n->as<Constant>() : nullptr;
    return c && !c->numberText && std::holds_alternative<std::monostate>(c->value);
}

Sugar sugarOf(const Call& c)
{
    if (!c.sugar)
        return Sugar::None;
    const size_t n = c.args.size();
    if (n == 1 && isQuery(c.args[0].get()))
        return Sugar::SelectArg;
    if (c.name == "concat" && n >= 2)
        return Sugar::Concat;
    if (c.name == "ifNull" && n == 2)
        return Sugar::IfNull;
    if ((c.name == "if" && n == 3) || (c.name == "multiIf" && n >= 5 && n % 2 == 1))
        return Sugar::Case;
    if (c.name == "_caseWithExpression" && n >= 4 && n % 2 == 0)
        return Sugar::CaseWithExpr;
    if (n == 1 && intervalUnit(c.name))
        return Sugar::Interval;
    if (n == 2 && (c.name == "trimLeft" || c.name == "trimRight" || c.name == "trim"))
        return Sugar::Trim;
    return Sugar::None;
}

Doc parenthesised(const Doc& d)
{
    Doc out = text("(");
    out += d;
    out += text(")");
    return out;
}

// ---- type names ---------------------------------------------------------------------------------

TypeSpelling Printer::spelling(const Node& n, const std::string& lowered) const
{
    TypeSpelling s;
    s.text = lowered;
    const uint32_t b = at(&n);
    const uint32_t e = endOf(&n);
    if (b == 0 && e == 0)
        return s;
    auto first = std::lower_bound(m_tokens.begin(), m_tokens.end(), b,
                                  [](const Token& t, uint32_t off) { return t.begin < off; });
    auto last = std::lower_bound(m_tokens.begin(), m_tokens.end(), e,
                                 [](const Token& t, uint32_t off) { return t.begin < off; });
    if (last - first < 3)
        return s;
    const Token& closing = *(last - 1);
    if (closing.text(m_source) == ")") {
        // CAST(expr AS type): the type runs from after the AS at depth 1 to before the last `)`
        int depth = 0;
        for (auto it = first; it != last - 1; ++it) {
            const std::string_view t = it->text(m_source);
            if (t == "(" || t == "[" || t == "{")
                ++depth;
            else if (t == ")" || t == "]" || t == "}")
                --depth;
            else if (depth == 1 && it->kind == TokenKind::Keyword && iequal(t, "AS")) {
                const uint32_t typeBegin = (it + 1)->begin;
                const uint32_t typeEnd = (last - 2)->end;
                if (typeEnd <= typeBegin)
                    return s;
                s.begin = typeBegin;
                s.end = typeEnd;
                const std::string_view raw = m_source.substr(typeBegin, typeEnd - typeBegin);
                if (lowerCopy(raw) == lowered)
                    s.text = std::string(raw); // keep the spelling of `String`, `DateTime64(3)`
                return s;
            }
        }
        return s;
    }
    const Token& op = *(last - 2);
    const std::string_view raw = closing.text(m_source);
    if (op.text(m_source) == "::" && isPlainIdentifier(raw) && lowerCopy(raw) == lowered) {
        s.text = std::string(raw);
        s.colons = true;
    }
    return s;
}

Doc Printer::cast(const Node& n, const NodePtr& inner, const std::string& typeName, bool tryCast)
{
    const TypeSpelling s = spelling(n, typeName);
    if (s.end > s.begin)
        consume(s.begin, s.end);
    Doc out;
    if (s.colons) {
        out += postfixBase(*inner, false);
        out += text("::");
    } else {
        out += text(tryCast ? "TRY_CAST(" : "CAST(");
        out += expr(*inner, LTernary);
        out += text(" AS ");
    }
    // comments before the type, then the type as written (with any comments inside it)
    out += leading(s.end > s.begin ? s.begin : endOf(&n));
    out += text(s.text);
    if (!s.colons)
        out += text(")");
    return out;
}

// ---- calls --------------------------------------------------------------------------------------

Doc Printer::caseExpr(const Call& c, bool withSubject)
{
    const NodeList& a = c.args;
    Doc inner;
    size_t i = 0;
    Doc head = text("CASE");
    if (withSubject) {
        head += text(" ");
        head += expr(*a[0], LAlias);
        i = 1;
    }
    for (; i + 1 < a.size(); i += 2) {
        inner += brk(line(), clauseAt(at(a[i].get())));
        inner += text("WHEN ");
        inner += expr(*a[i], LAlias);
        inner += text(" THEN ");
        inner += expr(*a[i + 1], LAlias);
    }
    const Node& otherwise = *a.back();
    // the ELSE NULL the parser adds to a CASE without ELSE has no position: leave it implicit
    if (!(isNullConstant(&otherwise) && !otherwise.positioned)) {
        inner += brk(line(), clauseAt(at(&otherwise)));
        inner += text("ELSE ");
        inner += expr(otherwise, LAlias);
    }
    Doc out = head;
    out += nest(m_options.indent, inner);
    out += brk(line(), closer());
    out += text("END");
    return group(out);
}

Doc Printer::call(const Call& c)
{
    switch (sugarOf(c)) {
    case Sugar::SelectArg: {
        // f(SELECT ...) without parentheses around the query (with them the call is not sugar)
        Doc out = text(c.name + "(");
        Doc inner = brk(softline(), at(c.args[0].get()));
        inner += query(*c.args[0], false);
        out += nest(m_options.indent, inner);
        out += brk(softline(), closer());
        out += text(")");
        return group(out);
    }
    case Sugar::Concat: {
        Doc out;
        for (size_t i = 0; i < c.args.size(); ++i) {
            const Node& arg = *c.args[i];
            if (i)
                out += text(" || ");
            // a first operand that is itself a || chain needs parentheses, or the chains would merge
            const Call* inner = arg.as<Call>();
            const bool nestedChain = i == 0 && inner && sugarOf(*inner) == Sugar::Concat;
            out += expr(arg, nestedChain ? LAtom : (i == 0 ? LAdd : LAdd + 1));
        }
        return out;
    }
    case Sugar::IfNull: {
        Doc out = expr(*c.args[0], LNullish);
        out += text(" ?? ");
        out += expr(*c.args[1], LNullish + 1);
        return out;
    }
    case Sugar::Case:
        return caseExpr(c, false);
    case Sugar::CaseWithExpr:
        return caseExpr(c, true);
    case Sugar::Interval: {
        Doc out = text("INTERVAL ");
        out += expr(*c.args[0], LUnary);
        out += text(std::string(" ") + intervalUnit(c.name));
        return out;
    }
    case Sugar::Trim: {
        Doc out = text(c.name == "trimLeft"    ? "TRIM(LEADING "
                       : c.name == "trimRight" ? "TRIM(TRAILING "
                                               : "TRIM(BOTH ");
        const Node& chars = *c.args[1];
        const Node& subject = *c.args[0];
        // the characters come first in the source
        out += expr(chars, LTernary);
        out += text(" FROM ");
        out += expr(subject, LAlias);
        out += text(")");
        return out;
    }
    case Sugar::None:
        break;
    }

    Doc out = text(c.name);
    if (c.params)
        out += bracketedList("(", *c.params, ")");
    const bool order = c.orderBy && !c.orderBy->empty();
    // percentile_cont(0.5) WITHIN GROUP (...): a single argument list becomes the parameters
    const bool paramsOnly = c.params && c.withinGroup && c.args.empty() && !c.distinct && !order;
    if (paramsOnly) {
        // the parameters were the only list
    } else if (c.args.empty() && !c.distinct && !order) {
        out += text("()");
    } else {
        Doc inner = brk(softline(), c.args.empty() ? 0 : at(c.args[0].get()));
        if (c.distinct)
            inner += text(c.args.empty() ? "DISTINCT" : "DISTINCT ");
        inner += nodeItems(c.args, Doc());
        if (order) {
            inner += brk(line(), clauseAt(at((*c.orderBy)[0].get())));
            inner += text("ORDER BY ");
            inner += items(
                c.orderBy->size(), [&](size_t i) { return (*c.orderBy)[i].get(); },
                [&](size_t i) { return expr(*(*c.orderBy)[i], LAlias); }, Doc());
        }
        Doc args = text("(");
        args += nest(m_options.indent, inner);
        args += brk(softline(), closer());
        args += text(")");
        out += group(args);
    }
    if (c.filterExpr) {
        out += text(" FILTER (WHERE ");
        out += expr(*c.filterExpr, LAlias);
        out += text(")");
    }
    if (c.withinGroup) {
        out += text(" WITHIN GROUP (ORDER BY ");
        out += group(nest(m_options.indent, nodeItems(*c.withinGroup, Doc())));
        out += text(")");
    }
    return out;
}

Doc Printer::windowFunction(const WindowFunction& w)
{
    Doc out = text(w.name);
    static const NodeList kNone;
    const NodeList& exprs = w.exprs ? *w.exprs : kNone;
    const bool twoLists = w.args && !w.args->empty();
    if (w.distinct && !twoLists) {
        out += text(exprs.empty() ? "(DISTINCT" : "(DISTINCT ");
        out += nodeItems(exprs, Doc());
        out += text(")");
    } else {
        out += bracketedList("(", exprs, ")");
    }
    if (twoLists) {
        if (w.distinct) {
            out += text("(DISTINCT ");
            out += nodeItems(*w.args, Doc());
            out += text(")");
        } else {
            out += bracketedList("(", *w.args, ")");
        }
    }
    if (w.filterExpr) {
        out += text(" FILTER (WHERE ");
        out += expr(*w.filterExpr, LAlias);
        out += text(")");
    }
    if (w.ignoreNulls)
        out += text(" IGNORE NULLS");
    out += text(" ");
    out += leading(findToken(m_lastEnd, "OVER", 16)); // comments before OVER stay before it
    out += text("OVER ");
    if (w.overExpr && w.overExpr->kind == NodeKind::WindowExpr) {
        out += windowSpec(static_cast<const WindowExpr&>(*w.overExpr));
        printed(*w.overExpr);
    } else if (w.overIdentifier)
        out += text(name(*w.overIdentifier, NameContext::Name));
    else
        out += text("()");
    return out;
}

Doc Printer::windowSpec(const WindowExpr& w)
{
    Doc inner;
    bool first = true;
    auto part = [&](uint32_t anchor) {
        inner += brk(first ? softline() : line(), anchor);
        first = false;
    };
    if (w.windowName) {
        part(0);
        inner += text(name(*w.windowName, NameContext::Name));
    }
    if (w.partitionBy) {
        part(clauseAt(w.partitionBy->empty() ? 0 : at((*w.partitionBy)[0].get())));
        inner += text("PARTITION BY ");
        inner += group(nest(m_options.indent, nodeItems(*w.partitionBy, Doc())));
    }
    if (w.orderBy) {
        part(clauseAt(w.orderBy->empty() ? 0 : at((*w.orderBy)[0].get())));
        inner += text("ORDER BY ");
        inner += group(nest(m_options.indent, nodeItems(*w.orderBy, Doc())));
    }
    if (w.frameMethod) {
        part(clauseAt(at(w.frameStart.get())));
        inner += text(*w.frameMethod + " ");
        if (w.frameEnd) {
            inner += text("BETWEEN ");
            inner += w.frameStart ? expr(*w.frameStart, LAlias) : text("UNBOUNDED PRECEDING");
            inner += text(" AND ");
            inner += expr(*w.frameEnd, LAlias);
        } else if (w.frameStart) {
            inner += expr(*w.frameStart, LAlias);
        }
    }
    if (first)
        return text("()");
    Doc out = text("(");
    out += nest(m_options.indent, inner);
    out += brk(softline(), closer());
    out += text(")");
    return group(out);
}

Doc Printer::frameBound(const WindowFrameExpr& f)
{
    if (f.frameType == "CURRENT ROW")
        return text("CURRENT ROW");
    Doc out;
    if (f.frameValue)
        out += expr(*f.frameValue, LAlias);
    else
        out += text("UNBOUNDED");
    out += text(" " + f.frameType);
    return out;
}

Doc Printer::orderExpr(const OrderExpr& o)
{
    Doc out = expr(*o.expr, LAlias);
    if (o.order == "DESC")
        out += text(" DESC");
    if (o.nulls)
        out += text(" NULLS " + *o.nulls);
    if (o.collate)
        out += text(" COLLATE " + quoteString(*o.collate));
    return out;
}

Doc Printer::columnsExpr(const ColumnsExpr& c)
{
    if (c.regex)
        return text("COLUMNS(" + quoteString(*c.regex) + ")");
    if (!c.all) {
        Doc out = text("COLUMNS");
        out += bracketedList("(", c.columns, ")");
        return out;
    }
    // `* EXCLUDE (a)`; with REPLACE only inside COLUMNS(...)
    std::string star = "*";
    if (!c.exclude.empty()) {
        star += " EXCLUDE (";
        for (size_t i = 0; i < c.exclude.size(); ++i)
            star += (i ? ", " : "") + name(c.exclude[i], NameContext::Name);
        star += ")";
    }
    if (c.replace.empty())
        return text(star);
    Doc out = text("COLUMNS(" + star + " REPLACE (");
    for (size_t i = 0; i < c.replace.size(); ++i) {
        if (i)
            out += text(", ");
        out += expr(*c.replace[i].first, LTernary);
        out += text(" AS " + name(c.replace[i].second, NameContext::Name));
    }
    out += text("))");
    return out;
}

Doc Printer::hogqlxAttribute(const HogQLXAttribute& a)
{
    Doc out = text(a.name);
    if (!a.value)
        return out;
    const auto* c = a.value->as<Constant>();
    if (c && std::holds_alternative<std::string>(c->value)) {
        out += text("=" + quoteString(std::get<std::string>(c->value)));
        return out;
    }
    out += text("={");
    out += expr(*a.value, LAlias);
    out += text("}");
    return out;
}

Doc Printer::hogqlxTag(const HogQLXTag& t)
{
    Doc out = text("<" + t.tagKind);
    const HogQLXAttribute* children = nullptr;
    for (const NodePtr& a : t.attributes) {
        const auto* attr = a ? a->as<HogQLXAttribute>() : nullptr;
        if (!attr)
            continue;
        if (attr->valueList) {
            children = attr;
            continue;
        }
        out += text(" ");
        out += hogqlxAttribute(*attr);
    }
    if (!children) {
        out += text(" />");
        return out;
    }
    out += text(">");
    for (const NodePtr& child : *children->valueList) {
        const auto* c = child->as<Constant>();
        const bool rawText = c && std::holds_alternative<std::string>(c->value) &&
                             std::get<std::string>(c->value).find_first_of("<{") == std::string::npos &&
                             (sourceOf(*c).empty() || sourceOf(*c).front() != '\'');
        if (rawText) {
            // text between tags is printed as it was: it is not HogQL, so nothing in it is a comment
            out += leading(at(c));
            consume(at(c), endOf(c));
            out += text(std::get<std::string>(c->value));
            printed(*c);
        } else if (child->kind == NodeKind::HogQLXTag) {
            out += expr(*child, LAlias);
        } else {
            out += text("{");
            out += expr(*child, LAlias);
            out += text("}");
        }
    }
    out += text("</" + t.tagKind + ">");
    return out;
}

} // namespace hogscope::hogql::fmt
