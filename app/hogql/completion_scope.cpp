#include "completion_scope.h"

#include "parser.h"
#include "parser_impl.h"

#include <algorithm>
#include <cctype>

namespace hogscope::hogql::completion {

namespace {

constexpr int kMaxDepth = 6;

bool equalsCi(std::string_view a, std::string_view b)
{
    if (a.size() != b.size())
        return false;
    for (size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    }
    return true;
}

const SelectQuery* firstSelect(const Node* node)
{
    for (int guard = 0; node && guard < 64; ++guard) {
        if (const auto* q = node->as<SelectQuery>())
            return q;
        const auto* set = node->as<SelectSetQuery>();
        if (!set)
            return nullptr;
        node = set->initialSelectQuery.get();
    }
    return nullptr;
}

std::vector<std::string> splitDots(std::string_view s)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (start <= s.size()) {
        const size_t dot = s.find('.', start);
        out.emplace_back(
            s.substr(start, dot == std::string_view::npos ? std::string_view::npos : dot - start));
        if (dot == std::string_view::npos)
            break;
        start = dot + 1;
    }
    return out;
}

} // namespace

Statement::Statement(std::string_view script, const Schema& schema, std::vector<Token> tokens)
    : m_script(script)
    , m_schema(schema)
    , m_toks(std::move(tokens))
{
    const size_t n = m_toks.size();
    m_match.assign(n, n);
    std::vector<size_t> stack;
    for (size_t i = 0; i < n; ++i) {
        if (m_toks[i].kind != TokenKind::Punctuation)
            continue;
        const std::string_view t = text(i);
        if (t == "(" || t == "[" || t == "{") {
            stack.push_back(i);
        } else if (t == ")" || t == "]" || t == "}") {
            const char open = t == ")" ? '(' : t == "]" ? '[' : '{';
            if (!stack.empty() && text(stack.back())[0] == open) {
                m_match[stack.back()] = i;
                stack.pop_back();
            }
        }
    }
}

bool Statement::isKw(size_t i, std::string_view kw) const
{
    return i < m_toks.size() && m_toks[i].kind == TokenKind::Keyword && equalsCi(text(i), kw);
}

bool Statement::isPunct(size_t i, std::string_view p) const
{
    return i < m_toks.size() &&
           (m_toks[i].kind == TokenKind::Punctuation || m_toks[i].kind == TokenKind::Operator) &&
           text(i) == p;
}

bool Statement::isOpener(size_t i) const
{
    return i < m_toks.size() && m_toks[i].kind == TokenKind::Punctuation &&
           (text(i) == "(" || text(i) == "[" || text(i) == "{");
}

bool Statement::identifierLike(size_t i) const
{
    if (i >= m_toks.size())
        return false;
    const Token& t = m_toks[i];
    if (t.kind == TokenKind::Identifier || t.kind == TokenKind::QuotedIdentifier)
        return true;
    if (t.kind != TokenKind::Keyword)
        return false;
    const std::string_view w = text(i);
    return !(equalsCi(w, "NULL") || equalsCi(w, "TRUE") || equalsCi(w, "FALSE") || equalsCi(w, "INF") ||
             equalsCi(w, "NAN"));
}

std::string Statement::name(size_t i) const
{
    if (i >= m_toks.size())
        return {};
    if (m_toks[i].kind == TokenKind::QuotedIdentifier)
        return detail::unquote(text(i));
    return std::string(text(i));
}

size_t Statement::match(size_t i) const
{
    return i < m_match.size() ? m_match[i] : m_toks.size();
}

bool Statement::startsSubquery(size_t opener) const
{
    return isPunct(opener, "(") && (isKw(opener + 1, "SELECT") || isKw(opener + 1, "WITH") ||
                                    (isPunct(opener + 1, "(") && startsSubqueryShallow(opener + 1)));
}

bool Statement::startsSubqueryShallow(size_t opener) const
{
    return isPunct(opener, "(") && (isKw(opener + 1, "SELECT") || isKw(opener + 1, "WITH"));
}

std::vector<size_t> Statement::enclosing(size_t c) const
{
    std::vector<size_t> out;
    for (size_t i = 0; i < c && i < m_toks.size(); ++i) {
        if (isOpener(i) && m_match[i] >= c)
            out.push_back(i);
    }
    return out;
}

std::pair<size_t, size_t> Statement::levelAround(size_t, const std::vector<size_t>& enc) const
{
    for (size_t k = enc.size(); k-- > 0;) {
        const size_t o = enc[k];
        if (startsSubquery(o))
            return {o + 1, std::min(match(o), m_toks.size())};
    }
    return {0, m_toks.size()};
}

Part Statement::partAround(size_t begin, size_t end, size_t c) const
{
    size_t partBegin = begin;
    size_t partEnd = end;
    bool found = false;
    forTopLevel(begin, end, [&](size_t i) {
        if (isKw(i, "UNION") || isKw(i, "INTERSECT") || isKw(i, "EXCEPT")) {
            if (c <= i) {
                partEnd = i;
                found = true;
                return false;
            }
            size_t next = i + 1;
            if (isKw(next, "ALL") || isKw(next, "DISTINCT"))
                ++next;
            if (isKw(next, "BY") && isKw(next + 1, "NAME"))
                next += 2;
            if (next <= c)
                partBegin = next;
        }
        return true;
    });
    (void)found;
    return analyzePart(partBegin, std::max(partBegin, partEnd));
}

Part Statement::analyzePart(size_t begin, size_t end) const
{
    Part p;
    p.begin = begin;
    p.end = end;
    size_t from = begin;
    if (isKw(begin, "WITH")) {
        forTopLevel(begin + 1, end, [&](size_t i) {
            if (isKw(i, "SELECT")) {
                p.selectAt = i;
                return false;
            }
            return true;
        });
        p.ctes = readWith(begin + 1, p.selectAt == SIZE_MAX ? end : p.selectAt);
        if (p.selectAt == SIZE_MAX)
            return p;
        from = p.selectAt;
    } else if (isKw(begin, "SELECT")) {
        p.selectAt = begin;
    } else {
        return p; // a parenthesised operand or broken text: no clauses
    }
    p.clauses.emplace_back(p.selectAt, Clause::Select);
    forTopLevel(from + 1, end, [&](size_t i) {
        if (m_toks[i].kind != TokenKind::Keyword)
            return true;
        Clause c = Clause::None;
        if (isKw(i, "FROM")) {
            // `IS [NOT] DISTINCT FROM` is an operator, not the clause
            if (!(i >= 2 && isKw(i - 1, "DISTINCT") && (isKw(i - 2, "IS") || isKw(i - 2, "NOT"))))
                c = p.fromAt == SIZE_MAX ? Clause::From : Clause::None;
        } else if (isKw(i, "ARRAY") && isKw(i + 1, "JOIN")) {
            if (!(i > 0 && (isKw(i - 1, "LEFT") || isKw(i - 1, "INNER"))))
                c = Clause::ArrayJoin;
        } else if ((isKw(i, "LEFT") || isKw(i, "INNER")) && isKw(i + 1, "ARRAY") && isKw(i + 2, "JOIN")) {
            c = Clause::ArrayJoin;
        } else if (isKw(i, "PREWHERE")) {
            c = Clause::Prewhere;
        } else if (isKw(i, "WHERE")) {
            c = Clause::Where;
        } else if (isKw(i, "GROUP") && isKw(i + 1, "BY")) {
            c = Clause::GroupBy;
        } else if (isKw(i, "HAVING")) {
            c = Clause::Having;
        } else if (isKw(i, "QUALIFY")) {
            c = Clause::Qualify;
        } else if (isKw(i, "WINDOW")) {
            c = Clause::Window;
        } else if (isKw(i, "ORDER") && isKw(i + 1, "BY")) {
            c = Clause::OrderBy;
        } else if (isKw(i, "LIMIT")) {
            c = Clause::Limit;
        } else if (isKw(i, "OFFSET")) {
            c = Clause::Offset;
        } else if (isKw(i, "SETTINGS")) {
            c = Clause::Settings;
        }
        if (c == Clause::From)
            p.fromAt = i;
        if (c != Clause::None)
            p.clauses.emplace_back(i, c);
        return true;
    });
    if (p.fromAt != SIZE_MAX) {
        p.fromEnd = end;
        for (const auto& [at, clause] : p.clauses) {
            if (at > p.fromAt) {
                p.fromEnd = at;
                break;
            }
        }
    }
    return p;
}

std::vector<CteDef> Statement::readWith(size_t begin, size_t end) const
{
    std::vector<CteDef> out;
    size_t i = begin;
    if (isKw(i, "RECURSIVE"))
        ++i;
    while (i < end) {
        const size_t start = i;
        CteDef d;
        if (identifierLike(i) && isKw(i + 1, "AS") && startsSubquery(i + 2)) {
            d.name = name(i);
            d.subquery = true;
            d.bodyBegin = i + 3;
            d.bodyEnd = std::min(match(i + 2), end);
            i = d.bodyEnd + 1;
        } else if (identifierLike(i) && isPunct(i + 1, "(") && !startsSubquery(i + 1)) {
            // `name (a, b) AS (SELECT ...)`
            const size_t close = std::min(match(i + 1), end);
            d.name = name(i);
            forTopLevel(i + 2, close, [&](size_t k) {
                if (identifierLike(k))
                    d.columnNames.push_back(name(k));
                return true;
            });
            size_t k = close + 1;
            if (isKw(k, "AS"))
                ++k;
            if (startsSubquery(k)) {
                d.subquery = true;
                d.bodyBegin = k + 1;
                d.bodyEnd = std::min(match(k), end);
                i = d.bodyEnd + 1;
            } else {
                i = k;
            }
        } else {
            // `expr AS name`: the name follows the last top-level AS before the next comma
            size_t stop = end;
            forTopLevel(i, end, [&](size_t k) {
                if (isPunct(k, ",")) {
                    stop = k;
                    return false;
                }
                if (isKw(k, "AS") && identifierLike(k + 1) && k + 1 < end)
                    d.name = name(k + 1);
                return true;
            });
            i = stop;
        }
        if (!d.name.empty())
            out.push_back(std::move(d));
        // continue after the next top-level comma
        while (i < end && !isPunct(i, ","))
            i = isOpener(i) ? std::min(match(i), end - 1) + 1 : i + 1;
        if (i < end)
            ++i;
        if (i <= start)
            i = start + 1;
    }
    return out;
}

size_t Statement::joinEnd(size_t i, size_t end) const
{
    static constexpr std::string_view kModifiers[] = {"LEFT",  "RIGHT",   "FULL",       "INNER", "CROSS",
                                                      "OUTER", "ANY",     "ALL",        "ASOF",  "SEMI",
                                                      "ANTI",  "NATURAL", "POSITIONAL", "GLOBAL"};
    size_t k = i;
    for (int n = 0; k < end && n < 5; ++n) {
        bool modifier = false;
        for (const std::string_view m : kModifiers)
            modifier = modifier || isKw(k, m);
        if (!modifier)
            break;
        ++k;
    }
    return k < end && isKw(k, "JOIN") ? k + 1 : 0;
}

std::vector<Source> Statement::readFrom(size_t begin, size_t end, const std::vector<CteDef>& ctes, int depth)
{
    std::vector<Source> out;
    size_t i = begin;
    while (i < end) {
        const size_t start = i;
        Source s;
        bool have = false;
        if (isPunct(i, "(") || isPunct(i, "{")) {
            const size_t close = std::min(match(i), end);
            if (startsSubquery(i)) {
                s.kind = "subquery";
                s.columns = columnsOf(i + 1, close, ctes, depth + 1);
            } else {
                s.kind = "unknown";
            }
            have = true;
            i = close < end ? close + 1 : end;
        } else if (identifierLike(i) && !isKw(i, "JOIN") && !isKw(i, "ON") && !isKw(i, "USING") &&
                   joinEnd(i, end) == 0) {
            std::string tableName = name(i);
            ++i;
            while (i + 1 < end && isPunct(i, ".") && identifierLike(i + 1)) {
                tableName += '.';
                tableName += name(i + 1);
                i += 2;
            }
            const bool call = i < end && isPunct(i, "(");
            if (call) {
                const size_t close = std::min(match(i), end);
                i = close < end ? close + 1 : end;
            }
            s.table = tableName;
            const CteDef* cte = nullptr;
            for (size_t k = ctes.size(); !call && k-- > 0;) {
                if (ctes[k].name == tableName) {
                    cte = &ctes[k];
                    break;
                }
            }
            if (cte) {
                s.kind = "cte";
                if (cte->subquery)
                    s.columns = columnsOf(cte->bodyBegin, cte->bodyEnd, ctes, depth + 1);
                for (size_t k = 0; k < cte->columnNames.size(); ++k) {
                    if (k < s.columns.size())
                        s.columns[k].name = cte->columnNames[k];
                    else
                        s.columns.push_back(Column{cte->columnNames[k], {}});
                }
            } else if (const SchemaTable* t = m_schema.table(tableName)) {
                s.schemaTable = t;
                s.kind = call ? "function" : "table";
            } else {
                s.kind = call ? "function" : "unknown";
            }
            have = true;
        }
        if (have) {
            if (isKw(i, "AS") && i < end) {
                if (i + 1 < end && identifierLike(i + 1)) {
                    s.alias = name(i + 1);
                    i += 2;
                } else {
                    ++i;
                }
            } else if (i < end && (m_toks[i].kind == TokenKind::Identifier ||
                                   m_toks[i].kind == TokenKind::QuotedIdentifier || isKw(i, "DATE") ||
                                   isKw(i, "FIRST") || isKw(i, "ID") || isKw(i, "KEY"))) {
                s.alias = name(i);
                ++i;
            }
            if (s.alias.empty())
                s.alias = s.table;
            out.push_back(std::move(s));
        }
        // skip modifiers and the join constraint up to the next source
        bool next = false;
        while (i < end) {
            if (isPunct(i, ",")) {
                ++i;
                next = true;
                break;
            }
            if (const size_t j = joinEnd(i, end)) {
                i = j;
                next = true;
                break;
            }
            i = isOpener(i) ? (match(i) >= end ? end : match(i) + 1) : i + 1;
        }
        if (!next || out.size() > 64)
            break;
        if (i <= start)
            i = start + 1;
    }
    return out;
}

QueryScope Statement::scopeOf(const Part& part, const std::vector<CteDef>& visible, int depth)
{
    QueryScope s;
    s.ctes = visible;
    s.ctes.insert(s.ctes.end(), part.ctes.begin(), part.ctes.end());
    for (const CteDef& d : part.ctes) {
        if (!d.subquery)
            s.aliases.push_back(d.name);
    }
    if (part.fromAt != SIZE_MAX && depth <= kMaxDepth)
        s.sources = readFrom(part.fromAt + 1, part.fromEnd, s.ctes, depth);
    return s;
}

std::vector<Column> Statement::columnsOf(size_t begin, size_t end, const std::vector<CteDef>& visible,
                                         int depth)
{
    std::vector<Column> out;
    if (depth > kMaxDepth || m_budget <= 0 || begin >= end || end > m_toks.size())
        return out;
    --m_budget;
    const uint32_t textBegin = m_toks[begin].begin;
    const std::string_view body = m_script.substr(textBegin, m_toks[end - 1].end - textBegin);
    const ParseResult parsed = parseSelect(body);
    const SelectQuery* q = firstSelect(parsed.root.get());
    if (!q)
        return out;

    const Part part = partAround(begin, end, begin);
    const QueryScope inner = scopeOf(part, visible, depth);
    auto expand = [&](const Source& src) {
        if (src.schemaTable) {
            for (const SchemaField& f : src.schemaTable->fields) {
                if (f.hidden || f.type == FieldType::LazyJoin || f.type == FieldType::FieldTraverser ||
                    f.type == FieldType::VirtualTable)
                    continue;
                out.push_back(Column{f.name, fieldState(src.schemaTable, &f, -1, 0)});
            }
        } else {
            out.insert(out.end(), src.columns.begin(), src.columns.end());
        }
    };
    for (const NodePtr& item : q->select) {
        const Node* node = item.get();
        std::string columnName;
        if (const auto* alias = node->as<Alias>()) {
            columnName = alias->alias;
            node = alias->expr.get();
        }
        if (!node)
            continue;
        Column column;
        if (const auto* field = node->as<Field>(); field && !field->chain.empty()) {
            if (field->chain.back() == "*" && columnName.empty()) {
                for (const Source& src : inner.sources) {
                    if (field->chain.size() == 1 || src.alias == field->chain.front())
                        expand(src);
                }
                continue;
            }
            column.origin = resolve(inner, field->chain);
            if (column.origin.what == Resolved::What::Columns)
                column.origin = {};
            column.name = columnName.empty() ? field->chain.back() : columnName;
        } else if (!columnName.empty()) {
            column.name = columnName;
        } else if (node->positioned && node->end <= body.size() && node->begin < node->end) {
            column.name = "`" + std::string(body.substr(node->begin, node->end - node->begin)) + "`";
        } else {
            continue;
        }
        out.push_back(std::move(column));
        if (out.size() > 2000)
            break;
    }
    return out;
}

std::vector<std::string> Statement::selectAliases(const Part& part, uint32_t exceptAt) const
{
    std::vector<std::string> out;
    if (part.selectAt == SIZE_MAX || part.end <= part.selectAt || part.end > m_toks.size())
        return out;
    const uint32_t textBegin = m_toks[part.selectAt].begin;
    const std::string_view body = m_script.substr(textBegin, m_toks[part.end - 1].end - textBegin);
    const ParseResult parsed = parseSelect(body);
    const auto* q = parsed.root ? parsed.root->as<SelectQuery>() : nullptr;
    if (!q)
        return out;
    auto take = [&](const NodeList& list) {
        for (const NodePtr& item : list) {
            const auto* alias = item ? item->as<Alias>() : nullptr;
            if (!alias || alias->hidden)
                continue;
            if (textBegin + alias->begin <= exceptAt && exceptAt <= textBegin + alias->end)
                continue;
            out.push_back(alias->alias);
        }
    };
    take(q->select);
    if (q->arrayJoinList)
        take(*q->arrayJoinList);
    return out;
}

Resolved Statement::resolve(const QueryScope& scope, const std::vector<std::string>& chain) const
{
    Resolved r;
    if (chain.empty())
        return r;
    bool found = false;
    for (const Source& src : scope.sources) {
        if (!src.alias.empty() && src.alias == chain.front()) {
            if (src.schemaTable) {
                r.what = Resolved::What::Table;
                r.table = src.schemaTable;
            } else if (src.kind == "subquery" || src.kind == "cte") {
                r.what = Resolved::What::Columns;
                r.columns = &src.columns;
            }
            found = true;
            break;
        }
    }
    for (size_t k = 0; !found && k < scope.sources.size(); ++k) {
        const Source& src = scope.sources[k];
        if (src.schemaTable) {
            if (const SchemaField* f = src.schemaTable->field(chain.front())) {
                r = fieldState(src.schemaTable, f, -1, 0);
                found = true;
            }
        } else {
            for (const Column& col : src.columns) {
                if (col.name == chain.front()) {
                    r = col.origin;
                    found = true;
                    break;
                }
            }
        }
    }
    for (size_t i = 1; found && i < chain.size() && r.what != Resolved::What::Nothing; ++i)
        r = step(r, chain[i]);
    return r;
}

Resolved Statement::step(const Resolved& from, const std::string& fieldName, int depth) const
{
    switch (from.what) {
    case Resolved::What::Table:
        if (const SchemaField* f = from.table ? from.table->field(fieldName) : nullptr)
            return fieldState(from.table, f, from.groupIndex, depth);
        return {};
    case Resolved::What::Columns:
        for (const Column& col : *from.columns) {
            if (col.name == fieldName)
                return col.origin;
        }
        return {};
    case Resolved::What::Json: {
        Resolved r = from;
        if (r.path.size() < 64)
            r.path.push_back(fieldName);
        return r;
    }
    case Resolved::What::Field:
    case Resolved::What::Nothing:
        break;
    }
    return {};
}

Resolved Statement::fieldState(const SchemaTable* owner, const SchemaField* field, int groupIndex,
                               int depth) const
{
    Resolved r;
    const int group = field->groupIndex >= 0 ? field->groupIndex : groupIndex;
    switch (field->type) {
    case FieldType::Json:
        r.what = Resolved::What::Json;
        r.table = owner;
        r.field = field;
        r.groupIndex = group;
        return r;
    case FieldType::LazyJoin:
    case FieldType::VirtualTable:
        if (const SchemaTable* t = m_schema.table(field->target)) {
            r.what = Resolved::What::Table;
            r.table = t;
            r.groupIndex = group;
        }
        return r;
    case FieldType::FieldTraverser: {
        if (depth > 8)
            return r;
        Resolved cur;
        cur.what = Resolved::What::Table;
        cur.table = owner;
        cur.groupIndex = group;
        for (const std::string& segment : splitDots(field->target)) {
            cur = step(cur, segment, depth + 1);
            if (cur.what == Resolved::What::Nothing)
                break;
        }
        return cur;
    }
    default:
        r.what = Resolved::What::Field;
        r.table = owner;
        r.field = field;
        r.groupIndex = group;
        return r;
    }
}

} // namespace hogscope::hogql::completion
