// Function calls (plain, parametric, aggregate with DISTINCT / ORDER BY / FILTER / WITHIN GROUP, window
// functions), parenthesised expressions, lambdas, ORDER BY items and window specifications.

#include "parser_impl.h"

namespace hogscope::hogql::detail {

void Parser::parseStarModifiers(ColumnsExpr& columns)
{
    if (acceptKw("EXCLUDE")) {
        expectOp("(");
        do {
            columns.exclude.push_back(parseIdentifier("a column name in EXCLUDE"));
        } while (acceptOp(","));
        expectOp(")");
    }
    columns.end = prevEnd();
}

NodePtr Parser::parseColumnsExpr(uint32_t begin)
{
    advance(); // COLUMNS
    expectOp("(");
    auto columns = makeNode<ColumnsExpr>(begin, 0);
    if (cur().kind == TokenKind::String && isOp(at(1), ")")) {
        columns->regex = unquote(text(advance()));
    } else {
        columns->columns = parseExprList();
        const bool replace = (cur().kind == TokenKind::Identifier || cur().kind == TokenKind::Keyword) &&
                             iequals(text(cur()), "REPLACE") && isOp(at(1), "(");
        if (replace && columns->columns.size() == 1) {
            // COLUMNS(* [EXCLUDE (...)] REPLACE (expr AS name, ...)) flattens into one ColumnsExpr
            Node& inner = *columns->columns.front();
            if (auto* star = inner.as<ColumnsExpr>(); star && star->all) {
                columns->exclude = std::move(star->exclude);
            } else if (auto* field = inner.as<Field>();
                       !field || field->chain.size() != 1 || field->chain.front() != "*") {
                fail("REPLACE in COLUMNS() needs `*` before it");
            }
            columns->columns.clear();
            columns->all = true;
            advance();
            expectOp("(");
            do {
                NodePtr expr = parseExpr(LTernary);
                expectKw("AS");
                std::string name = parseIdentifier("a column name after AS in REPLACE");
                columns->replace.emplace_back(std::move(expr), std::move(name));
            } while (acceptOp(","));
            expectOp(")");
        }
    }
    expectOp(")");
    columns->end = prevEnd();
    return columns;
}

NodePtr Parser::parseCall(std::string name, uint32_t begin)
{
    // at '('
    if (iequals(name, "trim") && (isKw(at(1), "LEADING") || isKw(at(1), "TRAILING") || isKw(at(1), "BOTH")))
        return parseTrim(begin);
    bool selectArgument = false;
    // `IGNORE NULLS` is accepted in an aggregate's arguments and, as in PostHog, not recorded
    auto acceptIgnoreNulls = [this] {
        if ((cur().kind == TokenKind::Identifier || cur().kind == TokenKind::Keyword) &&
            iequals(text(cur()), "IGNORE") && isKw(at(1), "NULLS")) {
            advance();
            advance();
        }
    };
    auto parseArgs = [&](bool& distinct, std::optional<NodeList>& orderBy) {
        NodeList args;
        expectOp("(");
        if (acceptKw("DISTINCT"))
            distinct = true;
        if (!isOp(")")) {
            do {
                if (isOp(")"))
                    break; // trailing comma
                if (identifierLike(cur()) && isOp(at(1), ":=")) {
                    const uint32_t argBegin = curBegin();
                    auto named = makeNode<NamedArgument>(argBegin, 0);
                    named->name = identifierText(advance());
                    advance();
                    named->value = parseExpr();
                    named->end = named->value->end;
                    named->positioned = false;
                    args.push_back(std::move(named));
                } else if (startsSelect() && !isOp("(")) {
                    args.push_back(parseSelectSet());
                    selectArgument = true;
                } else {
                    args.push_back(parseExpr());
                }
            } while (acceptOp(","));
            acceptIgnoreNulls();
            if (isKw("ORDER") && isKw(at(1), "BY")) {
                advance();
                advance();
                orderBy = parseOrderList();
            }
            acceptIgnoreNulls();
        }
        expectOp(")");
        return args;
    };

    bool distinct = false;
    std::optional<NodeList> orderBy;
    NodeList first = parseArgs(distinct, orderBy);
    std::optional<NodeList> params;
    NodeList args;
    bool secondDistinct = false;
    if (isOp("(")) {
        std::optional<NodeList> secondOrder;
        args = parseArgs(secondDistinct, secondOrder);
        params = std::move(first);
        if (secondOrder)
            orderBy = std::move(secondOrder);
    } else {
        args = std::move(first);
    }

    NodePtr filter;
    if (isKw("FILTER") && isOp(at(1), "(")) {
        advance();
        advance();
        expectKw("WHERE");
        filter = parseExpr();
        expectOp(")");
    }
    std::optional<NodeList> withinGroup;
    if (isKw("WITHIN") && isKw(at(1), "GROUP") && isOp(at(2), "(")) {
        advance();
        advance();
        advance();
        expectKw("ORDER");
        expectKw("BY");
        withinGroup = parseOrderList();
        expectOp(")");
        if (!params) { // percentile_cont(0.5) WITHIN GROUP (...): the arguments are parameters
            params = std::move(args);
            args = NodeList{};
        }
    }

    if (isKw("OVER")) { // a FILTER before OVER is accepted and, as in PostHog, not recorded
        advance();
        auto wf = makeNode<WindowFunction>(begin, 0);
        wf->name = std::move(name);
        if (params) {
            wf->exprs = std::move(params);
            wf->args = std::move(args);
        } else {
            wf->exprs = std::move(args);
            wf->args = NodeList{};
        }
        if (isOp("(")) {
            const uint32_t wBegin = curBegin();
            advance();
            wf->overExpr = parseWindowExpr(wBegin);
            expectOp(")");
        } else {
            wf->overIdentifier = parseIdentifier("a window name after OVER");
        }
        wf->end = prevEnd();
        return wf;
    }

    auto call = makeNode<Call>(begin, prevEnd());
    call->name = std::move(name);
    call->sugar = !params && args.size() == 1 && !distinct && !orderBy && selectArgument;
    call->args = std::move(args);
    call->params = std::move(params);
    call->distinct = distinct || secondDistinct;
    call->orderBy = std::move(orderBy);
    call->filterExpr = std::move(filter);
    call->withinGroup = std::move(withinGroup);
    call->end = prevEnd();
    return call;
}

NodePtr Parser::parseTrim(uint32_t begin)
{
    // TRIM(LEADING|TRAILING|BOTH 'chars' FROM s) -> trimLeft / trimRight / trimBoth(s, 'chars')
    advance(); // (
    const std::string mode = lower(text(advance()));
    if (isKw("FROM"))
        fail("Expected the characters to trim before FROM, e.g. TRIM(" + lower(mode) + " ' ' FROM s)");
    NodePtr chars = parseExpr(LTernary);
    expectKw("FROM");
    NodePtr subject = parseExpr();
    expectOp(")");
    auto call = sugarCall(mode == "leading"    ? "trimLeft"
                          : mode == "trailing" ? "trimRight"
                                               : "trim",
                          begin, prevEnd());
    call->args.push_back(std::move(subject));
    call->args.push_back(std::move(chars));
    return call;
}

NodePtr Parser::parseParenExpr()
{
    const uint32_t begin = curBegin();
    // lambda `(a, b) -> ...` / `() -> ...`
    {
        size_t i = 1;
        bool lambda = false;
        if (isOp(at(1), ")")) {
            lambda = isOp(at(2), "->");
        } else {
            while (identifierLike(at(i)) && isOp(at(i + 1), ","))
                i += 2;
            lambda = identifierLike(at(i)) && isOp(at(i + 1), ")") && isOp(at(i + 2), "->");
        }
        if (lambda) {
            advance();
            std::vector<std::string> args;
            while (!isOp(")")) {
                args.push_back(identifierText(advance()));
                acceptOp(",");
            }
            advance(); // )
            advance(); // ->
            return parseLambdaBody(std::move(args), begin);
        }
    }
    if (startsSelect(1)) {
        advance();
        NodePtr query = parseSelectSet();
        expectOp(")");
        return query;
    }
    advance();
    NodePtr first = parseExpr();
    if (acceptOp(")")) {
        return first; // parenthesised expression keeps its inner span
    }
    auto tuple = makeNode<Tuple>(begin, 0);
    tuple->exprs.push_back(std::move(first));
    while (acceptOp(",")) {
        if (isOp(")"))
            break;
        tuple->exprs.push_back(parseExpr());
    }
    expectOp(")");
    tuple->end = prevEnd();
    return tuple;
}

NodePtr Parser::parseLambdaBody(std::vector<std::string> args, uint32_t begin)
{
    auto lambda = makeNode<Lambda>(begin, 0);
    lambda->args = std::move(args);
    lambda->expr = parseExpr();
    lambda->end = lambda->expr->end;
    return lambda;
}

NodePtr Parser::parseOrderExpr()
{
    NodePtr expr = parseExpr();
    auto order = makeNode<OrderExpr>(expr->begin, expr->end);
    if (acceptKw("DESC") || acceptKw("DESCENDING")) {
        order->order = "DESC";
    } else if (acceptKw("ASC") || acceptKw("ASCENDING")) {
        order->order = "ASC";
    }
    if (acceptKw("NULLS")) {
        if (acceptKw("FIRST"))
            order->nulls = "FIRST";
        else if (acceptKw("LAST"))
            order->nulls = "LAST";
        else
            fail("Expected FIRST or LAST after NULLS, got " + describeCurrent());
    }
    if (acceptKw("COLLATE")) {
        if (cur().kind != TokenKind::String)
            fail("Expected a string after COLLATE, got " + describeCurrent());
        order->collate = unquote(text(advance()));
    }
    order->end = prevEnd();
    order->expr = std::move(expr);
    return order;
}

NodeList Parser::parseOrderList()
{
    NodeList list;
    list.push_back(parseOrderExpr());
    while (acceptOp(","))
        list.push_back(parseOrderExpr());
    return list;
}

NodePtr Parser::parseWindowExpr(uint32_t begin)
{
    auto w = makeNode<WindowExpr>(curBegin(), 0);
    (void)begin;
    if (isKw("PARTITION") && isKw(at(1), "BY")) {
        advance();
        advance();
        w->partitionBy = parseExprList();
    }
    if (isKw("ORDER") && isKw(at(1), "BY")) {
        advance();
        advance();
        w->orderBy = parseOrderList();
    }
    if (isKw("ROWS") || isKw("RANGE")) {
        w->frameMethod = isKw("ROWS") ? "ROWS" : "RANGE";
        advance();
        auto bound = [&]() -> NodePtr {
            const uint32_t b = curBegin();
            auto f = makeNode<WindowFrameExpr>(b, 0);
            if (acceptKw("CURRENT")) {
                expectKw("ROW");
                f->frameType = "CURRENT ROW";
            } else {
                if (!acceptKw("UNBOUNDED"))
                    f->frameValue = parseNumber(false, b);
                if (acceptKw("PRECEDING"))
                    f->frameType = "PRECEDING";
                else if (acceptKw("FOLLOWING"))
                    f->frameType = "FOLLOWING";
                else
                    fail("Expected PRECEDING or FOLLOWING, got " + describeCurrent());
            }
            f->end = prevEnd();
            return f;
        };
        if (acceptKw("BETWEEN")) {
            w->frameStart = bound();
            expectKw("AND");
            w->frameEnd = bound();
        } else {
            w->frameStart = bound();
        }
    }
    w->end = prevEnd();
    return w;
}

} // namespace hogscope::hogql::detail
