#!/usr/bin/env python3
"""Writes corpus.jsonl: the conformance cases (select queries, expressions, invalid inputs).

Run from this directory; ids are stable prefixes + index so known_differences.json can name them.
"""
import json

exprs = [
    # literals
    "1", "0", "-1", "- 1", "+1", "123456789", "9223372036854775807", "12345678901234567890", "1.5", "-1.5", ".5",
    "1.", "1e3", "1.5e3", "1.e5", "1e-7", "0.1", "0x1F", "0xff", "0b101", "0123", "0x1.8p3", "inf", "-inf", "nan",
    "NULL", "null", "true", "false", "TRUE", "'a'", "''", "'a''b'", "'a\\'b'", "'a\\nb'", "'tab\\there'", "'\\\\'",
    "'\\x41'", "'é'", "'日本'", "'a\\0b'", "'\\b\\f\\r\\a\\v'",
    # identifiers and fields
    "a", "event", "$browser", "properties.$browser", "properties.$set.email", "person.properties.email",
    "events.person.properties.$initial_os", "session.$session_duration", "`a b`", "`a``b`", "\"a\"\"b\"",
    "\"quoted\".x", "`é`", "a.b.c.d.e", "group_0.properties.name", "pdi.person.id", "_a", "a_1", "x$y",
    "properties['$browser']", "properties['a']['b']", "a[1]", "a[-1]", "[1,2][1]", "t.1", "t.1.2", "a.1.b",
    "a?.b", "a?.[1]", "t?.1", "a.b[1].c", "f(x).b", "(a).b",
    # placeholders
    "{x}", "{variables.x}", "{filters}", "{a.b.c}",
    # arithmetic
    "1 + 2", "1 - 2", "1 * 2", "1 / 2", "1 % 2", "1 + 2 * 3", "(1 + 2) * 3", "1 + 2 * 3 - 4 / 5 % 6", "a - -1",
    "-a", "-(1)", "-a.b", "- - a", "a || b", "a || b || c", "1 + 2 + 3", "a * (b + c)", "-a * b", "a-1", "a -1",
    # comparison
    "a = b", "a == b", "a != b", "a <> b", "a < b", "a <= b", "a > b", "a >= b", "a ~ b", "a =~ b", "a !~ b",
    "a ~* b", "a =~* b", "a !~* b", "a like 'x%'", "a not like 'x'", "a ilike 'x'", "a not ilike 'x'",
    "a in (1, 2)", "a in (1)", "a not in (1, 2)", "a in [1, 2]", "a in (select 1)", "a not in (select 1)",
    "person_id in cohort 3", "person_id not in cohort 'name'", "a global in (1)", "a = b = c", "1 < 2 and 2 < 3",
    "a is null", "a is not null", "a is distinct from b", "a is not distinct from b", "a = b is distinct from c",
    "a is null ?? b", "a ?? b", "a ?? b ?? c",
    # logic
    "a and b", "a and b and c", "a or b", "a or b or c", "a and b or c", "a or b and c", "not a", "not not a",
    "not a = b", "not a and b", "(a or b) and c", "a and (b or c)", "NOT (a AND b)",
    # between
    "a between 1 and 2", "a not between 1 and 2", "x between 1 and 2 or y", "x between 1 and 2 and y",
    "not x between 1 and 2", "a ?? b between 0 and 2", "a between b ?? c and d",
    # ternary, case
    "a ? b : c", "a ? b : c ? d : e", "a = 1 ? 2 : 3", "a or b ? c : d",
    "CASE WHEN a THEN b END", "CASE WHEN a THEN b ELSE c END", "CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END",
    "CASE WHEN a THEN 1 WHEN b THEN 2 END", "CASE x WHEN 1 THEN 'a' END", "CASE x WHEN 1 THEN 'a' ELSE 'b' END",
    "CASE x WHEN 1 THEN 'a' WHEN 2 THEN 'b' ELSE 'c' END",
    # casts, intervals
    "CAST(x AS String)", "cast(x as Int64)", "CAST(x AS Nullable(String))", "CAST(x AS Decimal(10, 2))",
    "try_cast(x as Int)", "x::Int64", "x::String", "(a + b)::Float64", "INTERVAL 1 DAY", "INTERVAL 7 day",
    "interval x hour", "INTERVAL 1 SECOND", "INTERVAL 2 MINUTE", "INTERVAL 3 WEEK", "INTERVAL 4 MONTH",
    "INTERVAL 5 QUARTER", "INTERVAL 6 YEAR", "interval '7 days'", "interval '1 hour'", "now() - INTERVAL 1 HOUR",
    "now() - interval 7 day",
    # calls
    "f()", "f(1)", "f(1, 2)", "count()", "count(*)", "count(DISTINCT x)", "countIf(x, y)", "quantile(0.9)(x)",
    "quantiles(0.1, 0.9)(x)", "f(a)(b)", "f(x)(y)", "toDate(timestamp)", "f(a, b ORDER BY c)",
    "f(x ORDER BY y DESC)", "count() filter (where x)", "sum(x) FILTER (WHERE y > 1)", "f(x := 1)",
    "arrayMap(x -> x + 1, arr)", "arrayFilter((x, y) -> x > y, a, b)", "if(a, b, c)", "lower(event)",
    "(a)(b)", "f(g(h(1)))", "f((select 1))", "f(1,)", "concat('a', 'b', 'c')", "dateDiff('day', a, b)",
    # lambdas
    "x -> x + 1", "(x) -> x", "(x, y) -> x * y", "() -> 1", "x -> x as y",
    # arrays, tuples, dicts
    "[]", "[1]", "[1, 2, 3]", "[[1], [2]]", "ARRAY[1]", "(1, 2)", "(1, 'a', null)", "((1, 2), 3)", "(a)",
    "((a))", "tuple(1, 2)", "{}", "{'a': 1}", "{'a': 1, 'b': 2}", "[1, 2,]",
    # f-strings
    "f'a{b}c'", "f'{x}'", "f''", "f'plain'", "f'a\\{b'", "f'{a} and {b}'", "f'Hello {person.properties.name}!'",
    # aliases and misc
    "a as b", "a as 'str'", "a as `q`", "1 + 2 as three", "#1", "*", "t.*",
    # comments and whitespace
    "a // c", "a -- x", "a /* x */ + 1", "\ta\n+\n1", "a\u00a0+ 1", "\ufeff1",
    # windows
    "row_number() over (order by a)", "count() over (partition by a)", "sum(x) over w",
    "count() over (partition by a order by b rows between unbounded preceding and current row)",
    "count() over (order by b rows between 1 preceding and 1 following)",
    "count() over (order by b range between current row and unbounded following)",
    "count() over (rows unbounded preceding)", "quantile(0.9)(x) over (partition by y)",
]

invalid_exprs = [
    "", "!!!", "!", "&&", "a &&b", "1 +", "(1", "1)", "[1", "f(", "a b c", "CASE END", "CASE WHEN a END",
    "a between 1", "'unterminated", "`unterminated", "\"unterminated", "é", "a @ b", "0o17",
    "interval 1 fortnight", "interval 'abc'", "a as true", "a as null", "a as team_id", "x::", "{", "{1:}",
    "f(x) filter (x)", "a is", "a is not", "1 2", "a.", "a[", "cast(x)", "CAST(x AS)", "a ? b", "a ? b :",
    "not", "-", "a ||", "a in", "a like", "((", "))", "DATE '2024-01-01'", "TIMESTAMP '2024-01-01'",
    "/* open", "'\\d'", "a ^ b", "a & b", "a | b", "select", "1 = = 2",
]

selects = [
    "SELECT 1", "select 1;", "SELECT 1, 2, 3", "select a from t", "select distinct a from t",
    "SELECT event, count() FROM events GROUP BY event", "select * from events", "select t.* from t",
    "select a b from t", "select a as b from t", "select 1 as x, 2 y", "select a, b, from t",
    "SELECT event AS e, count() FROM events e LEFT JOIN persons p ON e.person_id = p.id WHERE 1 ORDER BY 1 DESC LIMIT 10",
    "select a from t where a = 1", "select a from t where a = 1 and b = 2 or c = 3",
    "select a from t prewhere a = 1", "select a from t prewhere 1 where 2",
    "select a from t group by a", "select a from t group by a, b", "select a from t group by a having count() > 1",
    "select a from t group by a with totals having a > 1", "select a from t group by rollup(a)",
    "select a from t group by cube(a, b)", "select a from t group by a with rollup", "select a from t group by a with cube",
    "select a from t qualify a > 1", "select a from t order by a", "select a from t order by a desc",
    "select a from t order by a asc, b desc", "select a from t order by a desc, b",
    "select a from t order by a asc nulls first, b desc nulls last", "select a from t order by a collate 'en'",
    "select a from t limit 10", "select a from t limit 10 offset 5", "select a limit 2, 3", "select a offset 3",
    "select a from t limit 10 with ties", "select a from t limit 5 by a", "select a from t limit 5 by a limit 10",
    "select a from t limit 5 by a limit 10 offset 3", "select x from t limit 1 by x", "select a from t limit 1 offset 2 by a",
    "select a from t limit 1, 2 by a",
    # joins
    "select a from t1 join t2 on t1.a = t2.a", "select a from t1 inner join t2 on 1", "select a from t1 left join t2 on 1",
    "select a from t1 left outer join t2 on 1", "select a from t1 right join t2 on 1", "select a from t1 right outer join t2 on 1",
    "select a from t1 full join t2 on 1", "select a from t1 full outer join t2 on 1", "select a from t1 cross join t2",
    "select a from t1, t2", "select a from t1, t2, t3", "select a from t1 join t2 using a", "select a from t1 join t2 using (a)",
    "select a from t1 join t2 using (a, b)", "select a from t1 semi left join t2 using (a, b)",
    "select a from t1 any left join t2 on 1 inner join t3 on 2 full outer join t4 on 3",
    "select a from t1 left any join t2 on 1", "select a from t1 left semi join t2 on 1", "select a from t1 left anti join t2 on 1",
    "select a from t1 asof join t2 on 1", "select a from t1 left asof join t2 on 1", "select a from t1 all inner join t2 on 1",
    "select a from t1 any join t2 on 1", "select a from t1 inner any join t2 on 1", "select a from t1 global join t2 on 1",
    "select a from t1 as x join t2 as y on x.a = y.a", "select a from t1 x join t2 y on x.a = y.a",
    "select a from t1 join (select 1) s on 1", "select a from t1 join t2 on a = b and c = d",
    "select a from t1 join t2 on (a = b)", "select a from t1 left join t2 on t1.id = t2.id left join t3 on t2.id = t3.id",
    # sources
    "select a from (select 1) as s", "select a from (select 1) s", "select a from (select 1)", "select a from {tbl} t",
    "select a from {tbl}", "select a from numbers(10) n", "select a from numbers(10)", "select number from numbers(1, 10)",
    "select a from t as t", "select 1 from t as t", "select a from system.query_log", "select a from db.schema.table",
    "select a from `weird table`", "select a from t final", "select * from t final sample 1/10 offset 2/3",
    "select a from t sample 0.1", "select a from t sample 1/10", "select a from t sample 10", "select a from t sample 0.1 offset 0.5",
    "select a from t as x final", "select a from (select 1 union all select 2)", "select a from ((select 1))",
    # array join
    "select a from t array join arr as a", "select a from t left array join arr as a", "select a from t inner array join arr as a",
    "select a from t array join arr as a, b as c", "select a from t left array join x",
    # ctes
    "with x as (select 1) select * from x", "with 1 as x select x", "with a as (select 1), b as (select 2) select 1 from a",
    "with x as (select 1 union all select 2) select * from x", "with now() as n select n", "with 'a' as s, 2 as t select s, t",
    "WITH x AS (SELECT 1 AS a) SELECT a FROM x WHERE a = 1",
    # set ops
    "select 1 union all select 2", "select 1 union all select 2 union all select 3", "select 1 union distinct select 2",
    "select 1 union all select 2 union distinct select 3", "select 1 intersect select 2", "select 1 intersect all select 2",
    "select 1 intersect distinct select 2", "select 1 except select 2", "select 1 except all select 2",
    "select 1 union select 2", "(select 1)", "(select 1) union all (select 2)", "((select 1))",
    "select 1 union all (select 2 union all select 3)", "{q} union all select 1",
    # subqueries
    "select (select 1)", "select (select 1) as x", "select a from t where a in (select b from u)",
    "select a from t where a not in (select b from u)", "select * from (select a from (select 1 as a))",
    "select a from t where exists(select 1)",
    # windows
    "select count() over (partition by a order by b rows between unbounded preceding and current row) from t",
    "select count() over w from t window w as (partition by a)",
    "select sum(x) over w1, avg(x) over w2 from t window w1 as (order by a), w2 as (partition by b)",
    "select quantile(0.9)(x) over w from t", "select row_number() over (order by a desc) from t",
    "select lagInFrame(x) over (partition by a order by b) from t",
    # expressions in select
    "select a + 1 as b, count(distinct c), if(d, 1, 0) from t", "select properties.$browser from events",
    "select person.properties.email from events", "select {a}", "select {a} from {b}", "select f'{a}-{b}' from t",
    "select toStartOfDay(timestamp) as day, count() from events where timestamp > now() - interval 7 day group by day order by day",
    "select event, count() as c from events where event like '$%' group by event order by c desc limit 100",
    "SELECT distinct_id, properties.$current_url FROM events WHERE event = '$pageview' LIMIT 10",
    "select a from t where a between 1 and 10", "select case when a then 1 else 0 end from t",
    "select arrayMap(x -> x * 2, [1, 2, 3])", "select a from t where b is null", "select a from t where b is not null",
    "select 1 -- comment", "select 1 /* c */ from t", "select\n  a,\n  b\nfrom\n  t\nwhere\n  c = 'é'",
    "select 'é' as x, a from t", "select `é` from t", "select 'ü日本' from t where a = 'x'",
    "SELECT\ta\tFROM\tt", "select a from t where a = 'multi\nline'", "select a from t;",
    "select date from t", "select first from t", "select a first from t", "select a id from t", "select a key from t",
    "select a date from t", "select count() from t where toDate(timestamp) = today()",
]

invalid_selects = [
    "", "select", "select from t", "select a from", "select a from t where", "select a from t group a",
    "select a from t order a", "select a from t limit", "from t", "selec 1", "select 1 2 3 from", "select a from t join u",
    "select a from t join u on", "select a from (select 1", "select a from t where (a = 1", "select a,, b from t",
    "select a from t where a = 1 where b = 2", "select * from t settings a = 1", "select top 10 a from t",
    "select a from t as true", "select a as null from t", "select a team_id from t", "select !a from t",
    "select a from t where a && b", "select 1 union select 2", "select a from t left array join x",
    "select a from t1 join t2 on a, b", "select 1 except distinct select 2", "select a from t limit 10 offset",
    "select a from t order by a nulls", "select a from t window w", "select a from t window w as",
    "select a from t sample", "select a from t final final", "with x as select 1", "with as (select 1) select 1",
    "select a from t where 'unterminated", "select a from t /* unterminated", "select 1; select 2",
    "select a from t t2 t3", "select DATE '2024-01-01'", "select 0o17", "select a from t group by", "select é",
    "select a from t having", "select a from t qualify", "select (1, from t", "select [1, 2 from t",
    "select a from t array join", "select a from t using sample 0.1",
]

lines = []
for i, q in enumerate(exprs):
    lines.append({"id": f"expr-{i:03d}", "kind": "expr", "query": q})
for i, q in enumerate(invalid_exprs):
    lines.append({"id": f"expr-bad-{i:03d}", "kind": "expr", "query": q})
for i, q in enumerate(selects):
    lines.append({"id": f"select-{i:03d}", "kind": "select", "query": q})
for i, q in enumerate(invalid_selects):
    lines.append({"id": f"select-bad-{i:03d}", "kind": "select", "query": q})

# The newest grammar (columns modifiers, VALUES, HogQLX, prefix aliases, BY NAME, GROUPING SETS, CTE options,
# PIVOT/UNPIVOT, NATURAL/POSITIONAL joins, WITHIN GROUP, lambda keyword, TRIM forms). Own id prefix so the
# ids above stay stable.
newest = [
    "select * exclude (a, b) from t", "select t.* exclude (a) from t", "select * EXCLUDE (`a b`) from t",
    "select a from (values (1,2), (3, 4)) v", "select * from (values (1, 'a')) as v(x, y)",
    "select * from (values (1)) v final", "select <Foo a='1' b={x} />", "select <Foo a='1'><Bar /></Foo>",
    "select <Foo>  hello   {x}  </Foo>", "select <Foo> <Bar/> </Foo>", "select <Foo>it's</Foo>",
    "select <Foo>{'x'}{y}</Foo>", "select * from <Foo /> as f", "select a from t where x = <Foo />",
    "select <Foo a='x' b={1+2} c={<Bar/>}></Foo>", "select <Foo>a -- b</Foo>", "select tuple(<Foo/>)",
    "select <Foo children='x' />", "select <Foo><Bar><Baz/></Bar></Foo>", "select <Foo>\n  text\n</Foo>",
    "select x:y from t", "select 1 as a, b: 2", "select `x`: y from t", "select a: b + 1, c: (select 1) from t",
    "select 1 union all by name select 2", "select 1 union by name select 2", "select 1 intersect by name select 2",
    "select 1 except all by name select 2", "select 1 intersect distinct by name select 2",
    "select 1 union all by name select 2 union all select 3",
    "select a from t group by grouping sets ((a),(b), ())", "select a from t group by grouping sets ((a), ()) with totals",
    "select a from t group by grouping sets ((a, b), (c))", "select a from t group by all",
    "select a from t group by all having count() > 1",
    "with a as materialized (select 1) select * from a", "with a as not materialized (select 1) select * from a",
    "with recursive a as materialized (select 1) select 1", "with a (x) using key (x) as materialized (select 1) select 1",
    "with a using key (x) as (select 1) select * from a", "with a(x, y) as (select 1, 2) select * from a",
    "with a as (select 1) (select * from a)", "with a as (select 1), b as materialized (select 2) select 1",
    "select a from t pivot (sum(x) for y in (1,2))",
    "select a from t pivot (sum(x) as s, avg(y) for y in (1 as one, 2) group by z)",
    "select a from t as q pivot (sum(x) for y in (1, 2))", "select a from t unpivot (v for k in (a, b))",
    "select a from t unpivot include nulls (v for k in (a, b))",
    "select a from t unpivot ((v1, v2) for k in ((a, b) as ab, c))",
    "select a from (t pivot (sum(x) for y in (1))) join u on 1", "select a from (t as q) join u on 1",
    "select a from (t) join u on 1", "select COLUMNS('a.*'), COLUMNS(a, b) from t", "select * COLUMNS('a') from t",
    "select COLUMNS(* EXCLUDE (a, b) REPLACE (b+1 AS b, c AS d)) from t", "select columns(* exclude (a)) from t",
    "select columns('x') as c from t", "select COLUMNS(* REPLACE (1 AS a)) from t",
    "select a from t natural join u", "select a from t natural left join u", "select a from t positional join u",
    "select percentile_cont(0.5) within group (order by x) from t",
    "select percentile_disc(0.9) within group (order by x desc) from t", "select lambda x: x + 1",
    "select lambda x, y: x + 1", "select arrayMap(lambda x: x * 2, [1, 2])", "select sum(x ignore nulls) from t",
    "select trim(leading 'x' from s)", "select trim(trailing 'x' from s)", "select trim(both 'x' from s)",
    "select a from t as x(b)", "select a from numbers(3) as n(x)", "select count() filter (where a) over () from t",
    "select count() filter (where a) over w from t window w as (order by b)", "select count() over () from t",
    "select count(x) filter (where a) over () from t", "select sum(x) over (partition by y) from t",
    "select a from t window w as ()", "SELECT 1 AS a b", "SELECT 1 AS a AS b",
]
newest_invalid = [
    "select <Foo></Bar>", "select <Foo>", "select <Foo a=1 />", "select <Foo a=\"x\" />", "select <a.b />",
    "select 'x': y from t", "select a from t group by grouping sets (a, (b, c))", "select * exclude a from t",
    "select * except (a) from t", "select * replace (a+1 as a) from t", "select columns('a') exclude (b) from t",
    "select a from t pivot (sum(x) for y in (1, 2) for z in ('a')) as p", "select * from (values 1, 2)",
    "select trim(both from s)", "select a from (t final) as x", "select 1 union all by select 2",
    "with a as materialized select 1 select 1", "select a from t natural u", "SELECT e. FROM events e",
    "SELECT 1 a b", "SELECT 1 a AS b",
]
for i, q in enumerate(newest):
    lines.append({"id": f"newest-{i:03d}", "kind": "select", "query": q})
for i, q in enumerate(newest_invalid):
    lines.append({"id": f"newest-bad-{i:03d}", "kind": "select", "query": q})

# Generated combinations: every binary operator against every other, to pin precedence and associativity.
ops = ["+", "-", "*", "/", "%", "||", "=", "!=", "<", ">=", "like", "in", "and", "or", "??", "=~"]
n = 0
for a in ops:
    for b in ops:
        lines.append({"id": f"prec-{n:03d}", "kind": "expr", "query": f"x {a} y {b} z"})
        n += 1
unary = ["not", "-"]
for u in unary:
    for b in ops:
        lines.append({"id": f"prec-{n:03d}", "kind": "expr", "query": f"{u} x {b} y"})
        n += 1

with open("corpus.jsonl", "w", encoding="utf-8") as f:
    for line in lines:
        f.write(json.dumps(line, ensure_ascii=False) + "\n")
print(len(lines), "cases")
