#include "completion_completer.h"

#include "functions.h"
#include "parser_impl.h"

#include <algorithm>
#include <cctype>

namespace hogscope::hogql::completion {

namespace {

bool startsWithCi(std::string_view s, std::string_view prefix)
{
    if (prefix.size() > s.size())
        return false;
    for (size_t i = 0; i < prefix.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(s[i])) !=
            std::tolower(static_cast<unsigned char>(prefix[i])))
            return false;
    }
    return true;
}

// Keywords that give a statement its structure: they never end an expression and never name a field.
constexpr std::string_view kStructural[] = {
    "SELECT",    "FROM",  "WHERE",  "PREWHERE",  "GROUP",    "BY",        "HAVING",     "QUALIFY",  "WINDOW",
    "ORDER",     "LIMIT", "OFFSET", "SETTINGS",  "UNION",    "INTERSECT", "EXCEPT",     "WITH",     "AS",
    "ON",        "USING", "JOIN",   "LEFT",      "RIGHT",    "FULL",      "INNER",      "CROSS",    "OUTER",
    "ARRAY",     "AND",   "OR",     "NOT",       "IN",       "IS",        "LIKE",       "ILIKE",    "BETWEEN",
    "CASE",      "WHEN",  "THEN",   "ELSE",      "DISTINCT", "INTERVAL",  "CAST",       "TRY_CAST", "COHORT",
    "ALL",       "ANY",   "SEMI",   "ANTI",      "ASOF",     "GLOBAL",    "NATURAL",    "FINAL",    "SAMPLE",
    "RECURSIVE", "NULLS", "OVER",   "PARTITION", "FILTER",   "TOP",       "POSITIONAL",
};

constexpr std::string_view kJoinModifiers[] = {"LEFT",  "RIGHT",   "FULL",       "INNER", "CROSS",
                                               "OUTER", "ANY",     "ALL",        "ASOF",  "SEMI",
                                               "ANTI",  "NATURAL", "POSITIONAL", "GLOBAL"};

struct ClausePhrase
{
    Clause clause;
    std::string_view text;
};

constexpr ClausePhrase kClausePhrases[] = {
    {Clause::From, "FROM"},         {Clause::ArrayJoin, "ARRAY JOIN"}, {Clause::ArrayJoin, "LEFT ARRAY JOIN"},
    {Clause::Prewhere, "PREWHERE"}, {Clause::Where, "WHERE"},          {Clause::GroupBy, "GROUP BY"},
    {Clause::Having, "HAVING"},     {Clause::Qualify, "QUALIFY"},      {Clause::Window, "WINDOW"},
    {Clause::OrderBy, "ORDER BY"},  {Clause::Limit, "LIMIT"},          {Clause::Offset, "OFFSET"},
    {Clause::Settings, "SETTINGS"}, {Clause::SetOp, "UNION ALL"},      {Clause::SetOp, "UNION DISTINCT"},
    {Clause::SetOp, "INTERSECT"},   {Clause::SetOp, "EXCEPT"},
};

} // namespace

Completer::Completer(std::string_view script, const Schema& schema, CompletionContext& ctx,
                     std::vector<Token> tokens, size_t cursorToken, std::string match)
    : m_schema(schema)
    , m_ctx(ctx)
    , m_st(script, schema, std::move(tokens))
    , m_c(cursorToken)
    , m_match(std::move(match))
{}

// ---- scope and token predicates ----------------------------------------------------------------

void Completer::buildScope()
{
    m_enc = m_st.enclosing(m_c);
    std::vector<CteDef> visible;
    size_t lb = 0;
    size_t le = m_st.size();
    for (const size_t o : m_enc) {
        if (!m_st.startsSubquery(o))
            continue;
        addOuterCtes(lb, le, o, visible);
        lb = o + 1;
        le = std::min(m_st.match(o), m_st.size());
    }
    m_part = m_st.partAround(lb, le, m_c);
    const Part first = m_st.partAround(lb, le, lb);
    if (first.begin != m_part.begin)
        visible.insert(visible.end(), first.ctes.begin(), first.ctes.end());
    m_scope = m_st.scopeOf(m_part, visible, 0);
    const std::vector<std::string> aliases = m_st.selectAliases(m_part, m_ctx.offset);
    m_scope.aliases.insert(m_scope.aliases.end(), aliases.begin(), aliases.end());
    for (const Source& s : m_scope.sources)
        m_ctx.scope.push_back(ScopeEntry{s.alias, s.table, s.kind});
}

void Completer::addOuterCtes(size_t lb, size_t le, size_t at, std::vector<CteDef>& visible)
{
    const Part outer = m_st.partAround(lb, le, at);
    const Part first = m_st.partAround(lb, le, lb);
    if (first.begin != outer.begin)
        visible.insert(visible.end(), first.ctes.begin(), first.ctes.end());
    visible.insert(visible.end(), outer.ctes.begin(), outer.ctes.end());
}

Clause Completer::clauseBefore(size_t c, size_t* at) const
{
    Clause clause = Clause::None;
    for (const auto& [i, cl] : m_part.clauses) {
        if (i >= c)
            break;
        clause = cl;
        if (at)
            *at = i;
    }
    return clause;
}

bool Completer::inFromRegion(size_t i) const
{
    return m_part.fromAt != npos && i > m_part.fromAt && i < m_part.fromEnd;
}

bool Completer::isSetOp(size_t i) const
{
    return m_st.isKw(i, "UNION") || m_st.isKw(i, "INTERSECT") || m_st.isKw(i, "EXCEPT");
}

bool Completer::templateBrace(size_t i) const
{
    const auto& t = m_st.tokens();
    return i > 0 && t[i - 1].kind == TokenKind::TemplateString && t[i - 1].end == t[i].begin;
}

bool Completer::structural(size_t i) const
{
    if (i >= m_st.size() || m_st.tokens()[i].kind != TokenKind::Keyword)
        return false;
    for (const std::string_view k : kStructural) {
        if (m_st.isKw(i, k))
            return true;
    }
    return false;
}

bool Completer::joinModifier(size_t i) const
{
    for (const std::string_view k : kJoinModifiers) {
        if (m_st.isKw(i, k))
            return true;
    }
    return false;
}

bool Completer::endsExpression(size_t p) const
{
    const Token& t = m_st.tokens()[p];
    switch (t.kind) {
    case TokenKind::Identifier:
    case TokenKind::QuotedIdentifier:
    case TokenKind::Number:
    case TokenKind::String:
    case TokenKind::TemplateString:
        return true;
    case TokenKind::Punctuation:
        return m_st.isPunct(p, ")") || m_st.isPunct(p, "]") || m_st.isPunct(p, "}");
    case TokenKind::Operator:
        // `*` alone is a column list, not a product
        return m_st.isPunct(p, "*") &&
               (p == 0 || m_st.isKw(p - 1, "SELECT") || m_st.isKw(p - 1, "DISTINCT") ||
                m_st.isPunct(p - 1, ",") || m_st.isPunct(p - 1, ".") || m_st.isPunct(p - 1, "("));
    case TokenKind::Keyword:
        return !structural(p);
    default:
        return false;
    }
}

// The chain of names whose last element ends just before token `end`: `e.properties`, `x['k']`.
std::vector<std::string> Completer::chainBefore(size_t end, size_t* startOut) const
{
    std::vector<std::string> names;
    size_t k = end;
    while (k > 0 && names.size() < 64) {
        if (k >= 3 && m_st.isPunct(k - 1, "]") && m_st.tokens()[k - 2].kind == TokenKind::String &&
            m_st.isPunct(k - 3, "[")) {
            names.push_back(detail::unquote(m_st.text(k - 2)));
            k -= 3;
            continue;
        }
        if (m_st.identifierLike(k - 1)) { // any keyword can name a CTE or table (`top`, `key`)
            names.push_back(m_st.name(k - 1));
            --k;
            if (k > 0 && (m_st.isPunct(k - 1, ".") || m_st.isPunct(k - 1, "?."))) {
                --k;
                continue;
            }
        }
        break;
    }
    std::reverse(names.begin(), names.end());
    if (startOut)
        *startOut = k;
    return names;
}

// ---- items ------------------------------------------------------------------------------------

void Completer::allow(CompletionKind kind)
{
    if (!m_ctx.allows(kind))
        m_ctx.kinds.push_back(kind);
}

void Completer::add(CompletionKind kind, std::string_view name, std::string_view type,
                    std::string_view detail)
{
    if (name.empty() || !startsWithCi(name, m_match))
        return;
    if (kind == CompletionKind::Field || kind == CompletionKind::Alias || kind == CompletionKind::Table ||
        kind == CompletionKind::Cte) {
        if (!m_seen.insert(std::string(name)).second)
            return;
    }
    m_ctx.items.push_back(CompletionItem{kind, std::string(name), std::string(type), std::string(detail)});
}

void Completer::keywords(std::initializer_list<std::string_view> words)
{
    allow(CompletionKind::Keyword);
    for (const std::string_view w : words)
        add(CompletionKind::Keyword, w, "keyword", {});
}

void Completer::addField(const SchemaTable* owner, const SchemaField& f, int groupIndex,
                         std::string_view source)
{
    std::string type = fieldTypeName(f.type);
    std::string detail;
    if (f.type == FieldType::FieldTraverser || f.type == FieldType::LazyJoin ||
        f.type == FieldType::VirtualTable) {
        const Resolved r = m_st.fieldState(owner, &f, groupIndex, 0);
        if (r.what == Resolved::What::Table && r.table) {
            type = f.type == FieldType::VirtualTable ? "virtual_table" : "lazy_join";
            detail = "-> " + (r.table->internal ? f.name : r.table->name);
        } else if ((r.what == Resolved::What::Field || r.what == Resolved::What::Json) && r.field) {
            type = fieldTypeName(r.field->type);
        }
    }
    if (!f.description.empty())
        detail += (detail.empty() ? "" : ": ") + f.description;
    if (!source.empty())
        detail = std::string(source) + (detail.empty() ? "" : " | " + detail);
    add(CompletionKind::Field, f.name, type, detail);
}

const char* Completer::columnType(const Column& c)
{
    switch (c.origin.what) {
    case Resolved::What::Field:
        return c.origin.field ? fieldTypeName(c.origin.field->type) : "column";
    case Resolved::What::Json:
        return "json";
    case Resolved::What::Table:
        return "lazy_join";
    default:
        return "column";
    }
}

void Completer::addFieldsOf(const Resolved& r)
{
    allow(CompletionKind::Field);
    if (r.what == Resolved::What::Table && r.table) {
        for (const SchemaField& f : r.table->fields)
            addField(r.table, f, r.groupIndex, {});
    } else if (r.what == Resolved::What::Columns && r.columns) {
        for (const Column& c : *r.columns)
            add(CompletionKind::Field, c.name, columnType(c), "column");
    }
}

void Completer::addFunctions()
{
    allow(CompletionKind::Function);
    const bool underscore = !m_match.empty() && m_match[0] == '_';
    for (const FunctionInfo& f : functionCatalogue()) {
        if ((f.internal || f.deprecated) && !underscore)
            continue;
        add(CompletionKind::Function, f.name, functionKindName(f.kind), f.signature);
    }
}

void Completer::expressionStart(bool distinct)
{
    const bool many = m_scope.sources.size() > 1;
    if (!m_scope.sources.empty())
        allow(CompletionKind::Field);
    for (const Source& s : m_scope.sources) {
        const std::string_view label = many ? std::string_view(s.alias) : std::string_view();
        if (s.schemaTable) {
            for (const SchemaField& f : s.schemaTable->fields)
                addField(s.schemaTable, f, -1, label);
        } else {
            for (const Column& c : s.columns)
                add(CompletionKind::Field, c.name, columnType(c), many ? s.alias : "column");
        }
    }
    if (!m_scope.aliases.empty())
        allow(CompletionKind::Alias);
    for (const std::string& a : m_scope.aliases)
        add(CompletionKind::Alias, a, "alias", {});
    for (const Source& s : m_scope.sources) {
        if (s.alias.empty())
            continue;
        allow(CompletionKind::Table);
        add(CompletionKind::Table, s.alias, s.kind, s.table.empty() ? s.kind : s.table);
    }
    addFunctions();
    keywords({"CASE", "NOT", "NULL", "TRUE", "FALSE", "INTERVAL", "CAST"});
    if (distinct)
        add(CompletionKind::Keyword, "DISTINCT", "keyword", {});
}

void Completer::clausesAfter(Clause clause)
{
    allow(CompletionKind::Keyword);
    for (const ClausePhrase& phrase : kClausePhrases) {
        if (phrase.clause <= clause)
            continue;
        bool present = false;
        for (const auto& [at, cl] : m_part.clauses)
            present = present || (cl == phrase.clause && phrase.clause != Clause::SetOp && at >= m_c);
        if (!present)
            add(CompletionKind::Keyword, phrase.text, "keyword", {});
    }
}

void Completer::afterTable(bool offerAs, bool offerConstraint)
{
    allow(CompletionKind::Keyword);
    if (offerAs)
        add(CompletionKind::Keyword, "AS", "keyword", {});
    add(CompletionKind::Keyword, "FINAL", "keyword", {});
    add(CompletionKind::Keyword, "SAMPLE", "keyword", {});
    if (offerConstraint) {
        add(CompletionKind::Keyword, "ON", "keyword", {});
        add(CompletionKind::Keyword, "USING", "keyword", {});
    }
    for (const std::string_view j : kJoinPhrases)
        add(CompletionKind::Keyword, j, "keyword", {});
    clausesAfter(Clause::From);
}

void Completer::tableSlot()
{
    allow(CompletionKind::Table);
    for (const CteDef& d : m_scope.ctes) {
        if (!d.subquery)
            continue;
        allow(CompletionKind::Cte);
        add(CompletionKind::Cte, d.name, "cte", "WITH " + d.name);
    }
    for (const SchemaTable& t : m_schema.tables()) {
        if (t.internal)
            continue;
        add(CompletionKind::Table, t.name, t.tableFunction ? "function" : "table",
            t.tableFunction ? t.signature : t.description);
    }
}

PropertyContext Completer::propertyOf(const Resolved& r, const std::vector<std::string>& names) const
{
    PropertyContext pc;
    pc.table = r.table ? r.table->name : std::string();
    pc.propertyType = r.field ? r.field->propertyType : std::string();
    if (pc.propertyType == "group")
        pc.groupTypeIndex = r.groupIndex;
    pc.path = r.path;
    const size_t keep = names.size() >= r.path.size() ? names.size() - r.path.size() : 0;
    pc.chain.assign(names.begin(), names.begin() + static_cast<std::ptrdiff_t>(keep));
    return pc;
}

} // namespace hogscope::hogql::completion
