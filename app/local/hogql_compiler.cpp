#include "hogql_compiler.h"

#include "hogql_compiler_p.h"

#include "hogql/parser.h"

#include <algorithm>

namespace hogscope::local {

QString ValueType::clickhouseName() const
{
    QString name;
    switch (base) {
    case BaseType::Nothing:
        return QStringLiteral("Nullable(Nothing)");
    case BaseType::String:
        name = QStringLiteral("String");
        break;
    case BaseType::Uuid:
        name = QStringLiteral("UUID");
        break;
    case BaseType::Bool:
        name = QStringLiteral("Bool");
        break;
    case BaseType::UInt8:
        name = QStringLiteral("UInt8");
        break;
    case BaseType::UInt64:
        name = QStringLiteral("UInt64");
        break;
    case BaseType::Int64:
        name = QStringLiteral("Int64");
        break;
    case BaseType::Float64:
        name = QStringLiteral("Float64");
        break;
    case BaseType::DateTime:
        name = QStringLiteral("DateTime64(6, 'UTC')");
        break;
    case BaseType::Date:
        name = QStringLiteral("Date");
        break;
    case BaseType::Interval:
        name = QStringLiteral("Interval");
        break;
    }
    return nullable ? QStringLiteral("Nullable(%1)").arg(name) : name;
}

bool ValueType::isNumeric() const
{
    switch (base) {
    case BaseType::Bool:
    case BaseType::UInt8:
    case BaseType::UInt64:
    case BaseType::Int64:
    case BaseType::Float64:
        return true;
    default:
        return false;
    }
}

namespace detail {

using namespace hogql;

namespace {

// `SELECT *` from events lists these, in PostHog's order, leaving out internal fields.
const char* const kStarColumns[] = {"uuid",           "event",      "properties",  "timestamp", "distinct_id",
                                    "elements_chain", "created_at", "$session_id", "$window_id"};

} // namespace

void Compiler::checkUnsupportedClauses(const SelectQuery& q) const
{
    auto reject = [&](const Node* at, const char* what) {
        fail(at ? at : &q,
             QStringLiteral("%1 is outside what the local engine can run").arg(QString::fromLatin1(what)));
    };
    if (q.ctes)
        reject(&q, "WITH (common table expressions)");
    if (q.arrayJoinOp)
        reject(&q, "ARRAY JOIN");
    if (q.windowExprs)
        reject(&q, "WINDOW");
    if (q.prewhere)
        reject(q.prewhere.get(), "PREWHERE");
    if (q.qualify)
        reject(q.qualify.get(), "QUALIFY");
    if (q.limitBy)
        reject(q.limitBy.get(), "LIMIT BY");
    if (q.limitWithTies && *q.limitWithTies)
        reject(q.limit.get(), "LIMIT WITH TIES");
    if (q.settings)
        reject(&q, "SETTINGS");
}

void Compiler::resolveFrom(const SelectQuery& q)
{
    const auto* join = q.selectFrom ? q.selectFrom->as<JoinExpr>() : nullptr;
    if (!join) {
        if (q.selectFrom)
            fail(q.selectFrom.get(), QStringLiteral("Unexpected FROM clause"));
        return; // SELECT without FROM evaluates once, as ClickHouse does over system.one
    }
    if (join->nextJoin)
        fail(join->nextJoin.get(),
             QStringLiteral("JOIN is outside what the local engine can run; it queries events alone"));
    if (join->sample)
        fail(join->sample.get(), QStringLiteral("SAMPLE is outside what the local engine can run"));
    const auto* table = join->table ? join->table->as<Field>() : nullptr;
    if (!table) {
        fail(join->table ? join->table.get() : join,
             QStringLiteral(
                 "Only the events table can be queried locally (subqueries and table functions are outside "
                 "what the local engine can run)"));
    }
    if (table->chain.size() != 1 || table->chain[0] != "events") {
        std::string name;
        for (const std::string& part : table->chain)
            name += (name.empty() ? "" : ".") + part;
        fail(table,
             QStringLiteral("Table '%1' is not available locally; the local engine queries the events table")
                 .arg(QString::fromStdString(name)));
    }
    m_hasFrom = true;
    if (join->alias)
        m_tableAlias = *join->alias;
}

int64_t Compiler::integerClause(const Node* node, const char* clause)
{
    const Expr e = expr(node, Context{});
    const int64_t* value = e.literal ? std::get_if<int64_t>(&*e.literal) : nullptr;
    if (!value || *value < 0)
        fail(node,
             QStringLiteral("%1 must be a non-negative integer constant").arg(QString::fromLatin1(clause)));
    return *value;
}

CompiledQuery Compiler::compileQuery(const Node* root)
{
    if (root->kind == NodeKind::SelectSetQuery) {
        const auto* set = root->as<SelectSetQuery>();
        const Node* at = set->subsequentSelectQueries.empty()
                             ? root
                             : set->subsequentSelectQueries.front().selectQuery.get();
        const char* op = set->subsequentSelectQueries.empty()
                             ? "UNION"
                             : setOperatorText(set->subsequentSelectQueries.front().setOperator);
        fail(at, QStringLiteral("%1 is outside what the local engine can run").arg(QString::fromLatin1(op)));
    }
    const auto* q = root->as<SelectQuery>();
    if (!q)
        fail(root, QStringLiteral("Expected a SELECT query"));
    checkUnsupportedClauses(*q);
    resolveFrom(*q);

    // Select items, with * expanded, and their names as PostHog reports them.
    struct Item
    {
        const Node* node;
        QString name;
        std::unique_ptr<Field> synthetic; // for * columns
    };
    std::vector<Item> items;
    for (const NodePtr& node : q->select) {
        if (const auto* f = node->as<Field>(); f && !f->chain.empty() && f->chain.back() == "*") {
            if (!m_hasFrom)
                fail(f, QStringLiteral("SELECT * needs FROM events"));
            for (const char* column : kStarColumns) {
                auto synthetic = std::make_unique<Field>();
                synthetic->chain = {column};
                synthetic->begin = f->begin;
                synthetic->end = f->end;
                items.push_back({synthetic.get(), QString::fromLatin1(column), std::move(synthetic)});
            }
            continue;
        }
        if (node->kind == NodeKind::ColumnsExpr || node->kind == NodeKind::SpreadExpr)
            fail(node.get(), QStringLiteral("COLUMNS(...) is outside what the local engine can run"));
        QString name;
        const Node* value = node.get();
        if (const auto* alias = node->as<Alias>()) {
            name = QString::fromStdString(alias->alias);
            value = alias->expr.get();
            m_aliases.emplace(alias->alias, value);
        } else if (const auto* f = node->as<Field>()) {
            // Rule: PostHog names an unaliased field column by its last chain element.
            name = QString::fromStdString(f->chain.back());
        } else {
            name = sourceText(node.get()).trimmed();
        }
        items.push_back({value, name, nullptr});
    }

    const Context selectCtx{true, false};
    // Pass 1: types and whether the query aggregates at all.
    bool aggregating = q->groupBy.has_value();
    for (const Item& item : items)
        aggregating = aggregating || expr(item.node, selectCtx).aggregate;
    if (q->having && !aggregating)
        aggregating = true;

    std::vector<std::string> groupSql;
    if (q->groupBy) {
        for (const NodePtr& g : *q->groupBy) {
            Expr e = expr(g.get(), Context{});
            if (e.type.base == BaseType::Interval)
                fail(g.get(), QStringLiteral("Cannot group by an INTERVAL"));
            m_groupSet.insert(e.sql);
            groupSql.push_back(e.sql);
        }
    }
    m_checkGrouping = aggregating;
    auto checkCovered = [&](const Expr& e) {
        if (aggregating && !e.ungrouped.empty()) {
            const Node* column = e.ungrouped.front();
            fail(column, QStringLiteral("Column '%1' is neither inside an aggregate function nor in GROUP BY")
                             .arg(sourceText(column)));
        }
    };

    CompiledQuery out;
    std::string sql = "SELECT ";
    if (q->distinct && *q->distinct)
        sql += "DISTINCT ";
    for (size_t i = 0; i < items.size(); ++i) {
        const Expr e = expr(items[i].node, selectCtx);
        checkCovered(e);
        if (e.type.base == BaseType::Interval)
            fail(items[i].node, QStringLiteral("An INTERVAL alone is not a value; add it to a date"));
        sql += (i ? ", " : "") + e.sql;
        ValueType t = e.type;
        if (t.base == BaseType::Nothing)
            t.nullable = true;
        out.columns.push_back({items[i].name, t});
    }
    if (m_hasFrom)
        sql += " FROM events AS e";
    if (q->where) {
        const Expr w = expr(q->where.get(), Context{});
        if (!w.type.isNumeric() && w.type.base != BaseType::Nothing)
            fail(q->where.get(),
                 QStringLiteral("WHERE needs a boolean condition, not %1").arg(w.type.clickhouseName()));
        sql += " WHERE " + w.sql;
    }
    if (!m_options.extraWhereSql.empty() && m_hasFrom)
        sql += std::string(q->where ? " AND (" : " WHERE (") + m_options.extraWhereSql + ")";
    if (!groupSql.empty()) {
        sql += " GROUP BY ";
        for (size_t i = 0; i < groupSql.size(); ++i)
            sql += (i ? ", " : "") + groupSql[i];
    }
    if (q->having) {
        const Expr h = expr(q->having.get(), selectCtx);
        checkCovered(h);
        if (!h.type.isNumeric())
            fail(q->having.get(),
                 QStringLiteral("HAVING needs a boolean condition, not %1").arg(h.type.clickhouseName()));
        sql += " HAVING " + h.sql;
    }
    if (q->orderBy) {
        sql += " ORDER BY ";
        bool first = true;
        for (const NodePtr& node : *q->orderBy) {
            const auto* order = node->as<OrderExpr>();
            if (!order)
                fail(node.get(), QStringLiteral("Expected an ORDER BY expression"));
            if (order->collate)
                fail(order, QStringLiteral("COLLATE is outside what the local engine can run"));
            const Expr e = expr(order->expr.get(), selectCtx);
            checkCovered(e);
            const bool desc = order->order == "DESC";
            // Rule: ClickHouse puts NULLs last in both directions unless told otherwise; SQLite
            // treats NULL as the smallest value, so the NULLS clause is always written out.
            const std::string nulls =
                order->nulls && *order->nulls == "FIRST" ? " NULLS FIRST" : " NULLS LAST";
            sql += (first ? "" : ", ") + e.sql + (desc ? " DESC" : " ASC") + nulls;
            first = false;
        }
    }
    if (q->limit) {
        out.limit = std::min(integerClause(q->limit.get(), "LIMIT"), m_options.limitCap);
        out.paginated = false;
    } else {
        out.limit = kDefaultReturnedRows;
        out.paginated = true;
    }
    out.offset = q->offset ? integerClause(q->offset.get(), "OFFSET") : 0;
    sql += " LIMIT " + std::to_string(out.paginated ? out.limit + 1 : out.limit);
    if (out.offset > 0)
        sql += " OFFSET " + std::to_string(out.offset);
    out.sql = sql;
    return out;
}

} // namespace detail

CompileResult compileHogQL(const QString& query, const CompileOptions& options)
{
    const std::string text = query.toStdString();
    hogql::ParseResult parsed = hogql::parseSelect(text);
    detail::Compiler compiler(text, options);
    if (!parsed.errors.empty() || !parsed.root) {
        CompileError error;
        error.code = QStringLiteral("hogql_syntax_error");
        if (parsed.errors.empty()) {
            error.message = QStringLiteral("Empty query");
            return error;
        }
        const hogql::SyntaxError& first = parsed.errors.front();
        error.begin = compiler.charOffset(first.begin);
        error.end = compiler.charOffset(first.end);
        error.message = QStringLiteral("%1 (at character %2)")
                            .arg(QString::fromStdString(first.message))
                            .arg(error.begin);
        return error;
    }
    try {
        CompiledQuery compiled = compiler.compileQuery(parsed.root.get());
        compiled.hogql = query.trimmed();
        if (compiled.paginated)
            compiled.hogql += QStringLiteral("\nLIMIT %1").arg(compiled.limit + 1);
        return compiled;
    } catch (const detail::Failure& failure) {
        return failure.error;
    }
}

ExpressionResult compileHogQLExpression(const QString& expression, const CompileOptions& options)
{
    const std::string text = expression.toStdString();
    hogql::ParseResult parsed = hogql::parseExpr(text);
    detail::Compiler compiler(text, options);
    if (!parsed.errors.empty() || !parsed.root) {
        CompileError error;
        error.code = QStringLiteral("hogql_syntax_error");
        if (parsed.errors.empty()) {
            error.message = QStringLiteral("Empty expression");
            return error;
        }
        const hogql::SyntaxError& first = parsed.errors.front();
        error.begin = compiler.charOffset(first.begin);
        error.end = compiler.charOffset(first.end);
        error.message = QStringLiteral("%1 (at character %2)")
                            .arg(QString::fromStdString(first.message))
                            .arg(error.begin);
        return error;
    }
    try {
        compiler.assumeEventsTable();
        const detail::Expr e = compiler.expr(parsed.root.get(), detail::Context{true, false});
        if (e.type.base == BaseType::Interval)
            compiler.fail(parsed.root.get(),
                          QStringLiteral("An INTERVAL alone is not a value; add it to a date"));
        CompiledExpression out;
        out.sql = e.sql;
        out.type = e.type;
        if (out.type.base == BaseType::Nothing)
            out.type.nullable = true;
        out.aggregate = e.aggregate;
        return out;
    } catch (const detail::Failure& failure) {
        return failure.error;
    }
}

} // namespace hogscope::local
