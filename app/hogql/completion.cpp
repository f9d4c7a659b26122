#include "completion.h"

#include "completion_completer.h"
#include "functions.h"
#include "lexer.h"
#include "parser_impl.h"

#include <algorithm>

namespace hogscope::hogql {

const char* completionKindName(CompletionKind kind)
{
    switch (kind) {
    case CompletionKind::Keyword:
        return "keyword";
    case CompletionKind::Table:
        return "table";
    case CompletionKind::Cte:
        return "cte";
    case CompletionKind::Field:
        return "field";
    case CompletionKind::Alias:
        return "alias";
    case CompletionKind::Function:
        return "function";
    case CompletionKind::PropertyKey:
        return "property_key";
    case CompletionKind::PropertyValue:
        return "property_value";
    case CompletionKind::EventName:
        return "event_name";
    case CompletionKind::Placeholder:
        return "placeholder";
    case CompletionKind::Variable:
        return "variable";
    }
    return "keyword";
}

bool CompletionContext::allows(CompletionKind kind) const
{
    return std::find(kinds.begin(), kinds.end(), kind) != kinds.end();
}

const CompletionItem* CompletionContext::item(std::string_view name) const
{
    for (const CompletionItem& i : items) {
        if (i.name == name)
            return &i;
    }
    return nullptr;
}

namespace completion {

namespace {

constexpr std::string_view kOperatorPhrases[] = {"AND",       "OR",      "NOT",         "IN",
                                                 "NOT IN",    "LIKE",    "ILIKE",       "NOT LIKE",
                                                 "NOT ILIKE", "IS NULL", "IS NOT NULL", "BETWEEN"};

constexpr std::string_view kComparisonOps[] = {"=",  "==", "!=", "<>", "<",  "<=",  ">",
                                               ">=", "=~", "~",  "!~", "~*", "=~*", "!~*"};

} // namespace

void Completer::run()
{
    buildScope();
    if (m_ctx.inString) {
        stringContext();
        return;
    }
    if (m_c == 0) {
        keywords({"SELECT", "WITH"});
        return;
    }
    const size_t p = m_c - 1;
    if (m_st.isPunct(p, ".") || m_st.isPunct(p, "?.")) {
        member(p);
        return;
    }
    if (m_st.isPunct(p, "{") && !templateBrace(p)) {
        allow(CompletionKind::Placeholder);
        add(CompletionKind::Placeholder, "filters", "placeholder", "Filters of the insight or dashboard");
        add(CompletionKind::Placeholder, "variables", "placeholder", "Insight variables: {variables.name}");
        return;
    }
    if (isSetOp(p)) {
        keywords({"ALL", "DISTINCT", "SELECT"});
        return;
    }
    if ((m_st.isKw(p, "ALL") || m_st.isKw(p, "DISTINCT")) && p > 0 && isSetOp(p - 1)) {
        keywords({"SELECT"});
        return;
    }
    if (m_st.isPunct(p, "(")) {
        const bool start = p == 0;
        const size_t q = p - (start ? 0 : 1);
        if (start || m_st.isKw(q, "FROM") || m_st.isKw(q, "JOIN") ||
            (m_st.isPunct(q, ",") && inFromRegion(q)) ||
            (m_st.isKw(q, "AS") && clauseBefore(p) == Clause::None) || isSetOp(q) ||
            (p >= 2 && (m_st.isKw(q, "ALL") || m_st.isKw(q, "DISTINCT")) && isSetOp(q - 1))) {
            keywords({"SELECT", "WITH"});
            return;
        }
        if (m_st.isKw(q, "IN")) {
            keywords({"SELECT", "WITH"});
            expressionStart(false);
            return;
        }
    }

    if ((m_st.isKw(p, "GROUP") || m_st.isKw(p, "ORDER")) && !(p > 0 && m_st.isKw(p - 1, "WITHIN"))) {
        keywords({"BY"});
        return;
    }

    size_t clauseAt = npos;
    const Clause clause = clauseBefore(m_c, &clauseAt);
    const size_t inner = m_enc.empty() ? npos : m_enc.back();
    const bool nested = inner != npos && inner >= m_part.begin && (clauseAt == npos || inner > clauseAt) &&
                        !m_st.startsSubquery(inner);
    if (nested) {
        expression(clause, true, inner + 1);
        return;
    }
    const size_t clauseStart = clauseAt == npos ? m_part.begin : clauseAt + 1;
    switch (clause) {
    case Clause::None:
        withList(p);
        return;
    case Clause::Select:
        if (m_st.isKw(p, "SELECT"))
            expressionStart(true);
        else if (m_st.isKw(p, "DISTINCT") && p > 0 && m_st.isKw(p - 1, "SELECT"))
            expressionStart(false);
        else
            expression(clause, false, clauseStart);
        return;
    case Clause::From:
        fromClause(p);
        return;
    case Clause::ArrayJoin:
    case Clause::Prewhere:
    case Clause::Where:
    case Clause::Having:
    case Clause::Qualify:
        if (p == clauseAt || (clause == Clause::ArrayJoin && m_st.isKw(p, "JOIN")))
            expressionStart(false);
        else
            expression(clause, false, clauseStart);
        return;
    case Clause::GroupBy:
    case Clause::OrderBy:
        if (p == clauseAt)
            keywords({"BY"});
        else if (p == clauseAt + 1)
            expressionStart(false);
        else
            expression(clause, false, clauseStart);
        return;
    case Clause::Limit:
        limitClause(p, clauseAt);
        return;
    case Clause::Offset:
    case Clause::Window:
        if (p != clauseAt && !m_st.isKw(p, "AS") && !m_st.isPunct(p, ","))
            clausesAfter(clause);
        return;
    case Clause::Settings:
    case Clause::SetOp:
        return;
    }
}

void Completer::member(size_t dot)
{
    size_t start = 0;
    const std::vector<std::string> names = chainBefore(dot, &start);
    if (names.empty())
        return;
    if (start > 0 && m_st.isPunct(start - 1, "{") && names.front() == "variables") {
        allow(CompletionKind::Variable);
        return;
    }
    if (start > 0 && (m_st.isKw(start - 1, "FROM") || m_st.isKw(start - 1, "JOIN") ||
                      (m_st.isPunct(start - 1, ",") && inFromRegion(start - 1)))) {
        // a dotted table name: `system.query_log`, `stripe.charges`
        std::string dotted;
        for (const std::string& n : names)
            dotted += n + ".";
        allow(CompletionKind::Table);
        for (const SchemaTable& t : m_schema.tables()) {
            if (!t.internal && t.name.size() > dotted.size() && t.name.compare(0, dotted.size(), dotted) == 0)
                add(CompletionKind::Table, std::string_view(t.name).substr(dotted.size()), "table",
                    t.description);
        }
        return;
    }
    const Resolved r = m_st.resolve(m_scope, names);
    switch (r.what) {
    case Resolved::What::Table:
    case Resolved::What::Columns:
        addFieldsOf(r);
        return;
    case Resolved::What::Json:
        allow(CompletionKind::PropertyKey);
        m_ctx.property = propertyOf(r, names);
        return;
    default:
        return;
    }
}

void Completer::stringContext()
{
    if (m_c == 0 || m_c >= m_st.size())
        return;
    const size_t p = m_c - 1;
    if (m_st.isPunct(p, "[") && !(p > 0 && m_st.isKw(p - 1, "IN"))) {
        const std::vector<std::string> names = chainBefore(p);
        const Resolved r = m_st.resolve(m_scope, names);
        if (r.what == Resolved::What::Json) {
            allow(CompletionKind::PropertyKey);
            m_ctx.property = propertyOf(r, names);
        }
        return;
    }
    size_t end = npos;
    bool comparison = m_st.isKw(p, "LIKE") || m_st.isKw(p, "ILIKE");
    for (const std::string_view op : kComparisonOps)
        comparison = comparison || (m_st.tokens()[p].kind == TokenKind::Operator && m_st.text(p) == op);
    if (comparison) {
        end = (m_st.isKw(p, "LIKE") || m_st.isKw(p, "ILIKE")) && p > 0 && m_st.isKw(p - 1, "NOT") ? p - 1 : p;
    } else if (m_st.isPunct(p, "(") || m_st.isPunct(p, "[") || m_st.isPunct(p, ",")) {
        size_t q = p;
        while (q >= 2 && m_st.isPunct(q, ",") && m_st.tokens()[q - 1].kind == TokenKind::String)
            q -= 2;
        if ((m_st.isPunct(q, "(") || m_st.isPunct(q, "[")) && q >= 1 && m_st.isKw(q - 1, "IN")) {
            end = q - 1;
            if (end >= 1 && m_st.isKw(end - 1, "NOT"))
                --end;
        }
    }
    if (end == npos)
        return;
    const std::vector<std::string> names = chainBefore(end);
    const Resolved r = m_st.resolve(m_scope, names);
    if (r.what == Resolved::What::Json && !r.path.empty()) {
        allow(CompletionKind::PropertyValue);
        m_ctx.property = propertyOf(r, names);
        m_ctx.property->key = r.path.front();
    } else if (r.what == Resolved::What::Field && r.field && r.field->name == "event" && r.table &&
               r.table->name == "events") {
        allow(CompletionKind::EventName);
    }
}

void Completer::withList(size_t p)
{
    if (!m_st.isKw(m_part.begin, "WITH")) {
        keywords({"SELECT", "WITH"});
        return;
    }
    if (m_st.isKw(p, "WITH")) {
        keywords({"RECURSIVE"});
        return;
    }
    if (m_st.isKw(p, "RECURSIVE") || m_st.isPunct(p, ",") || m_st.isKw(p, "AS"))
        return; // a CTE name, or `(` of its body
    if (m_st.isPunct(p, ")")) {
        keywords({"SELECT", "AS"});
        return;
    }
    if (m_st.identifierLike(p) && p > 0 &&
        (m_st.isKw(p - 1, "WITH") || m_st.isKw(p - 1, "RECURSIVE") || m_st.isPunct(p - 1, ","))) {
        keywords({"AS"});
        return;
    }
    expression(Clause::None, false, m_part.begin + 1);
}

void Completer::fromClause(size_t p)
{
    size_t sep = m_part.fromAt;
    m_st.forTopLevel(m_part.fromAt, m_c, [&](size_t i) {
        if (m_st.isKw(i, "FROM") || m_st.isKw(i, "JOIN") || m_st.isKw(i, "ON") || m_st.isKw(i, "USING") ||
            m_st.isPunct(i, ","))
            sep = i;
        return true;
    });
    if (m_st.isKw(sep, "ON")) {
        if (p == sep)
            expressionStart(false);
        else
            expression(Clause::From, false, sep + 1);
        return;
    }
    if (m_st.isKw(sep, "USING")) {
        if (p == sep)
            expressionStart(false);
        else
            afterTable(false, false);
        return;
    }
    if (p == sep) {
        tableSlot();
        return;
    }
    if (joinModifier(p)) {
        if (m_st.isKw(p, "LEFT") || m_st.isKw(p, "INNER"))
            keywords({"JOIN", "OUTER JOIN", "ANY JOIN", "ALL JOIN", "SEMI JOIN", "ANTI JOIN", "ASOF JOIN",
                      "ARRAY JOIN"});
        else if (m_st.isKw(p, "RIGHT") || m_st.isKw(p, "FULL"))
            keywords({"JOIN", "OUTER JOIN", "ANY JOIN", "ALL JOIN", "SEMI JOIN", "ANTI JOIN"});
        else
            keywords({"JOIN"});
        return;
    }
    if (m_st.isKw(p, "AS") || m_st.isKw(p, "SAMPLE"))
        return;
    // `FROM name|` without alias yet: AS is still possible
    size_t k = sep + 1;
    if (m_st.isOpener(k)) {
        k = m_st.match(k) + 1;
    } else if (m_st.identifierLike(k)) {
        ++k;
        while (m_st.isPunct(k, ".") && m_st.identifierLike(k + 1))
            k += 2;
        if (m_st.isPunct(k, "("))
            k = m_st.match(k) + 1;
    }
    afterTable(k == m_c, m_st.isKw(sep, "JOIN"));
}

void Completer::limitClause(size_t p, size_t clauseAt)
{
    if (p == clauseAt || m_st.isKw(p, "OFFSET") || m_st.isPunct(p, ","))
        return;
    bool by = false;
    m_st.forTopLevel(clauseAt, m_c, [&](size_t i) {
        by = by || m_st.isKw(i, "BY");
        return true;
    });
    if (m_st.isKw(p, "BY")) {
        expressionStart(false);
        return;
    }
    if (by) {
        expression(Clause::Limit, false, clauseAt + 1);
        return;
    }
    if (!endsExpression(p))
        return;
    keywords({"BY", "OFFSET", "WITH TIES"});
    clausesAfter(Clause::Limit);
}

// An expression position: its start (fields, functions, ...) or after a complete operand.
void Completer::expression(Clause clause, bool nested, size_t scanFrom)
{
    const size_t p = m_c - 1;
    if (m_st.isKw(p, "AS") || m_st.isKw(p, "COHORT") || m_st.isKw(p, "INTERVAL"))
        return;
    if (m_st.isKw(p, "IS")) {
        keywords({"NULL", "NOT NULL", "NOT", "DISTINCT FROM"});
        return;
    }
    if (m_st.isKw(p, "NOT") && p > 0 && m_st.isKw(p - 1, "IS")) {
        keywords({"NULL", "DISTINCT FROM"});
        return;
    }
    if (m_st.isKw(p, "IN")) {
        keywords({"COHORT"});
        return;
    }
    if (m_st.tokens()[p].kind == TokenKind::Number && p > 0 && m_st.isKw(p - 1, "INTERVAL")) {
        keywords({"SECOND", "MINUTE", "HOUR", "DAY", "WEEK", "MONTH", "QUARTER", "YEAR"});
        return;
    }
    if (!endsExpression(p)) {
        const bool aggregateCall = m_st.isPunct(p, "(") && p > 0 && m_st.identifierLike(p - 1) && [&] {
            const FunctionInfo* f = findFunction(m_st.name(p - 1));
            return f && f->isAggregate();
        }();
        expressionStart(aggregateCall);
        return;
    }
    allow(CompletionKind::Keyword);
    for (const std::string_view op : kOperatorPhrases)
        add(CompletionKind::Keyword, op, "keyword", {});
    int caseDepth = 0;
    m_st.forTopLevel(std::min(scanFrom, m_c), m_c, [&](size_t i) {
        if (m_st.isKw(i, "CASE"))
            ++caseDepth;
        else if (m_st.isKw(i, "END") && caseDepth > 0)
            --caseDepth;
        return true;
    });
    if (caseDepth > 0) {
        keywords({"WHEN", "THEN", "ELSE", "END"});
        return; // no clause can start inside CASE ... END
    }
    if (m_st.isPunct(p, ")") && p > 0) {
        for (size_t o = p; o-- > 0;) {
            if (m_st.isOpener(o) && m_st.match(o) == p) {
                if (o > 0 && m_st.identifierLike(o - 1) && !structural(o - 1))
                    keywords({"OVER"});
                break;
            }
        }
    }
    if (nested)
        return;
    switch (clause) {
    case Clause::None:
    case Clause::Select:
    case Clause::ArrayJoin:
        add(CompletionKind::Keyword, "AS", "keyword", {});
        break;
    case Clause::From:
        for (const std::string_view j : kJoinPhrases)
            add(CompletionKind::Keyword, j, "keyword", {});
        break;
    case Clause::GroupBy:
        keywords({"WITH TOTALS", "WITH ROLLUP", "WITH CUBE"});
        break;
    case Clause::OrderBy:
        keywords({"ASC", "DESC", "NULLS FIRST", "NULLS LAST"});
        break;
    default:
        break;
    }
    if (clause != Clause::None)
        clausesAfter(clause);
}

} // namespace completion

namespace {

bool isLineComment(std::string_view text)
{
    return text.substr(0, 2) == "--" || text.substr(0, 2) == "//";
}

} // namespace

CompletionContext complete(std::string_view script, uint32_t byteOffset, const Schema& schema)
{
    CompletionContext ctx;
    if (script.size() >= UINT32_MAX)
        script = script.substr(0, UINT32_MAX - 1);
    const auto size = static_cast<uint32_t>(script.size());
    uint32_t off = std::min(byteOffset, size);
    while (off > 0 && off < size && (static_cast<unsigned char>(script[off]) & 0xC0) == 0x80)
        --off; // never split a UTF-8 sequence
    ctx.offset = off;
    ctx.prefixBegin = ctx.prefixEnd = ctx.wordEnd = off;

    // the statement under the cursor
    const std::vector<StatementRange> statements = splitStatements(script);
    int index = statementAt(statements, off);
    if (index >= 0) {
        const StatementRange& s = statements[static_cast<size_t>(index)];
        if (s.terminator != StatementRange::npos && off > s.terminator) {
            const auto next = static_cast<size_t>(index) + 1;
            index = next < statements.size() && statements[next].begin <= off ? static_cast<int>(next) : -1;
        }
    }
    uint32_t limit = off;
    if (index >= 0) {
        ctx.statement = statements[static_cast<size_t>(index)];
        ctx.statementIndex = index;
        limit = ctx.statement.terminator == StatementRange::npos ? size : ctx.statement.terminator;
    } else {
        ctx.statement = StatementRange{off, off, StatementRange::npos};
    }

    // the token under the cursor: strictly around it, or ending at it
    const std::vector<Token> all = tokenize(script);
    const Token* under = nullptr;
    for (const Token& t : all) {
        if (t.kind == TokenKind::End || t.begin >= off)
            break;
        if (off <= t.end)
            under = &t;
    }
    uint32_t anchor = off;
    std::string match;
    if (under) {
        const std::string_view text = under->text(script);
        const char first = text.empty() ? '\0' : text.front();
        const bool inside = off < under->end;
        switch (under->kind) {
        case TokenKind::Comment:
            ctx.inComment = inside || isLineComment(text);
            break;
        case TokenKind::String:
        case TokenKind::TemplateString:
            ctx.inString = inside;
            break;
        case TokenKind::Error:
            if (text.substr(0, 2) == "/*")
                ctx.inComment = true;
            else if (first == '\'' || text.substr(0, 2) == "f'" || text.substr(0, 2) == "F'")
                ctx.inString = text.size() > 1 || under->end == size;
            else if (first == '`' || first == '"') {
                anchor = ctx.prefixBegin = under->begin;
                match = std::string(script.substr(under->begin + 1, off - under->begin - 1));
            }
            break;
        case TokenKind::QuotedIdentifier:
            anchor = ctx.prefixBegin = under->begin;
            ctx.wordEnd = under->end;
            match = inside ? std::string(script.substr(under->begin + 1, off - under->begin - 1))
                           : detail::unquote(text);
            break;
        case TokenKind::Identifier:
        case TokenKind::Keyword:
        case TokenKind::Number:
            anchor = ctx.prefixBegin = under->begin;
            ctx.wordEnd = under->end;
            match = std::string(script.substr(under->begin, off - under->begin));
            break;
        default:
            break;
        }
        if (ctx.inString) {
            anchor = under->begin;
            ctx.prefixBegin = std::min(off, under->begin + (first == 'f' || first == 'F' ? 2u : 1u));
            if (under->kind == TokenKind::String && inside)
                ctx.wordEnd = under->end - 1;
            match = std::string(script.substr(ctx.prefixBegin, off - ctx.prefixBegin));
        }
    }
    ctx.prefix = std::string(script.substr(ctx.prefixBegin, off - ctx.prefixBegin));
    if (ctx.inComment || (under && under->kind == TokenKind::Number && under->begin == ctx.prefixBegin &&
                          ctx.prefixBegin < off))
        return ctx;
    if (ctx.inString && under && under->kind == TokenKind::TemplateString)
        return ctx;

    std::vector<Token> tokens;
    size_t cursorToken = 0;
    if (index >= 0) {
        for (const Token& t : all) {
            if (t.kind == TokenKind::End || t.begin >= limit)
                break;
            if (t.kind == TokenKind::Comment || t.begin < ctx.statement.begin)
                continue;
            if (t.begin < anchor)
                ++cursorToken;
            tokens.push_back(t);
        }
    }
    completion::Completer completer(script, schema, ctx, std::move(tokens), cursorToken, std::move(match));
    completer.run();
    return ctx;
}

} // namespace hogscope::hogql
