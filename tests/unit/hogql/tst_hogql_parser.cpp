// Unit tests of the HogQL lexer, parser (shapes, precedence, errors, recovery) and JSON writer.

#include "hogql/json_writer.h"
#include "hogql/lexer.h"
#include "hogql/parser.h"
#include "hogql/statements.h"

#include <QtTest>

using namespace hogscope::hogql;

namespace {

QString kindName(TokenKind k)
{
    switch (k) {
    case TokenKind::Keyword:
        return QStringLiteral("kw");
    case TokenKind::Identifier:
        return QStringLiteral("id");
    case TokenKind::QuotedIdentifier:
        return QStringLiteral("qid");
    case TokenKind::String:
        return QStringLiteral("str");
    case TokenKind::TemplateString:
        return QStringLiteral("tpl");
    case TokenKind::Number:
        return QStringLiteral("num");
    case TokenKind::Operator:
        return QStringLiteral("op");
    case TokenKind::Punctuation:
        return QStringLiteral("p");
    case TokenKind::Comment:
        return QStringLiteral("cmt");
    case TokenKind::Error:
        return QStringLiteral("err");
    case TokenKind::End:
        return QStringLiteral("end");
    }
    return {};
}

// "kind:text kind:text ..." without the End token
QString lexed(const std::string& text)
{
    QStringList parts;
    for (const Token& t : tokenize(text)) {
        if (t.kind == TokenKind::End)
            break;
        parts << kindName(t.kind) + u':' + QString::fromStdString(std::string(t.text(text)));
    }
    return parts.join(u' ');
}

// A compact prefix rendering of an expression tree, to check structure and precedence.
std::string sexpr(const Node* n)
{
    if (!n)
        return "nil";
    switch (n->kind) {
    case NodeKind::Constant: {
        const auto& c = static_cast<const Constant&>(*n);
        if (c.numberText)
            return *c.numberText;
        if (std::holds_alternative<std::monostate>(c.value))
            return "null";
        if (const auto* b = std::get_if<bool>(&c.value))
            return *b ? "true" : "false";
        if (const auto* i = std::get_if<int64_t>(&c.value))
            return std::to_string(*i);
        if (const auto* d = std::get_if<double>(&c.value)) {
            char buf[32];
            std::snprintf(buf, sizeof buf, "%g", *d);
            return buf;
        }
        return "'" + std::get<std::string>(c.value) + "'";
    }
    case NodeKind::Field: {
        std::string s;
        for (const auto& part : static_cast<const Field&>(*n).chain)
            s += (s.empty() ? "" : ".") + part;
        return s;
    }
    case NodeKind::ArithmeticOperation: {
        const auto& a = static_cast<const ArithmeticOperation&>(*n);
        return std::string("(") + arithmeticOpText(a.op) + " " + sexpr(a.left.get()) + " " +
               sexpr(a.right.get()) + ")";
    }
    case NodeKind::CompareOperation: {
        const auto& a = static_cast<const CompareOperation&>(*n);
        return std::string("(") + compareOpText(a.op) + " " + sexpr(a.left.get()) + " " +
               sexpr(a.right.get()) + ")";
    }
    case NodeKind::And:
    case NodeKind::Or: {
        const auto& list =
            n->kind == NodeKind::And ? static_cast<const And&>(*n).exprs : static_cast<const Or&>(*n).exprs;
        std::string s = n->kind == NodeKind::And ? "(and" : "(or";
        for (const auto& e : list)
            s += " " + sexpr(e.get());
        return s + ")";
    }
    case NodeKind::Not:
        return "(not " + sexpr(static_cast<const Not&>(*n).expr.get()) + ")";
    case NodeKind::BetweenExpr: {
        const auto& b = static_cast<const BetweenExpr&>(*n);
        return "(between " + sexpr(b.expr.get()) + " " + sexpr(b.low.get()) + " " + sexpr(b.high.get()) + ")";
    }
    case NodeKind::Call: {
        const auto& c = static_cast<const Call&>(*n);
        std::string s = "(" + c.name;
        for (const auto& e : c.args)
            s += " " + sexpr(e.get());
        return s + ")";
    }
    case NodeKind::Alias: {
        const auto& a = static_cast<const Alias&>(*n);
        return "(as " + sexpr(a.expr.get()) + " " + a.alias + ")";
    }
    case NodeKind::ArrayAccess: {
        const auto& a = static_cast<const ArrayAccess&>(*n);
        return "([] " + sexpr(a.array.get()) + " " + sexpr(a.property.get()) + ")";
    }
    case NodeKind::TupleAccess: {
        const auto& a = static_cast<const TupleAccess&>(*n);
        return "(. " + sexpr(a.tuple.get()) + " " + std::to_string(a.index) + ")";
    }
    case NodeKind::Lambda: {
        const auto& l = static_cast<const Lambda&>(*n);
        std::string s = "(lambda";
        for (const auto& a : l.args)
            s += " " + a;
        return s + " " + sexpr(l.expr.get()) + ")";
    }
    case NodeKind::TypeCast: {
        const auto& c = static_cast<const TypeCast&>(*n);
        return "(cast " + sexpr(c.expr.get()) + " " + c.typeName + ")";
    }
    case NodeKind::Placeholder:
        return "{" + sexpr(static_cast<const Placeholder&>(*n).expr.get()) + "}";
    default:
        return nodeKindName(n->kind);
    }
}

} // namespace

class TstHogqlParser : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void lexer_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("tokens");
        QTest::newRow("keywords any case") << u"select From"_qs << u"kw:select kw:From"_qs;
        QTest::newRow("identifiers") << u"$browser _x a1"_qs << u"id:$browser id:_x id:a1"_qs;
        QTest::newRow("quoted identifiers") << u"`a b` \"c\"\"d\""_qs << u"qid:`a b` qid:\"c\"\"d\""_qs;
        QTest::newRow("string escapes")
            << u"'a\\'b' 'c''d' '\\n\\t\\x41'"_qs << u"str:'a\\'b' str:'c''d' str:'\\n\\t\\x41'"_qs;
        QTest::newRow("numbers") << u"1 0x1F 0b101 1.5e3 1e-7"_qs
                                 << u"num:1 num:0x1F num:0b101 num:1.5e3 num:1e-7"_qs;
        QTest::newRow("decimal point is its own token") << u"1.5"_qs << u"num:1 p:. num:5"_qs;
        QTest::newRow("comments") << u"a -- x\nb // y\n/* z */c"_qs
                                  << u"id:a cmt:-- x id:b cmt:// y cmt:/* z */ id:c"_qs;
        QTest::newRow("operators longest match")
            << u"a=~*b!~c::d->e:=f??g?.h"_qs
            << u"id:a op:=~* id:b op:!~ id:c op::: id:d op:-> id:e op::= id:f op:?? id:g op:?. id:h"_qs;
        QTest::newRow("comparison operators")
            << u"<> != <= >= == ||"_qs << u"op:<> op:!= op:<= op:>= op:== op:||"_qs;
        QTest::newRow("template string") << u"f'a{b}c'"_qs << u"tpl:f'a p:{ id:b p:} tpl:c'"_qs;
        QTest::newRow("unknown characters are errors") << u"a ! & b"_qs << u"id:a err:! err:& id:b"_qs;
        QTest::newRow("unterminated string") << u"'abc"_qs << u"err:'abc"_qs;
        QTest::newRow("unterminated comment") << u"a /* b"_qs << u"id:a err:/* b"_qs;
        QTest::newRow("unicode whitespace") << u"a\u00a0b"_qs << u"id:a id:b"_qs;
        QTest::newRow("non-ascii outside quotes") << u"é"_qs << u"err:é"_qs;
    }
    void lexer()
    {
        QFETCH(QString, input);
        QFETCH(QString, tokens);
        QCOMPARE(lexed(input.toStdString()), tokens);
    }

    void byteOffsets()
    {
        const std::string text = "'é' x";
        const auto tokens = tokenize(text);
        QCOMPARE(tokens.size(), size_t(3));
        QCOMPARE(tokens[0].begin, 0u);
        QCOMPARE(tokens[0].end, 4u); // é is two bytes
        QCOMPARE(tokens[1].begin, 5u);
        QCOMPARE(tokens[2].kind, TokenKind::End);
        QVERIFY(isKeyword("select"));
        QVERIFY(isKeyword("Cohort"));
        QVERIFY(!isKeyword("events"));
    }

    void precedence_data()
    {
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("tree");
        QTest::newRow("mul over add") << u"1 + 2 * 3"_qs << u"(+ 1 (* 2 3))"_qs;
        QTest::newRow("left assoc") << u"1 - 2 - 3"_qs << u"(- (- 1 2) 3)"_qs;
        QTest::newRow("parens") << u"(1 + 2) * 3"_qs << u"(* (+ 1 2) 3)"_qs;
        QTest::newRow("unary minus literal") << u"-1 * a"_qs << u"(* -1 a)"_qs;
        QTest::newRow("unary minus expr") << u"-a.b"_qs << u"(- 0 a.b)"_qs;
        QTest::newRow("concat flattens") << u"a || b || c"_qs << u"(concat a b c)"_qs;
        QTest::newRow("compare over and") << u"a = 1 and b < 2"_qs << u"(and (== a 1) (< b 2))"_qs;
        QTest::newRow("and over or") << u"a or b and c"_qs << u"(or a (and b c))"_qs;
        QTest::newRow("and flattens") << u"a and b and c"_qs << u"(and a b c)"_qs;
        QTest::newRow("not over compare") << u"not a = b"_qs << u"(not (== a b))"_qs;
        QTest::newRow("not under and") << u"not a and b"_qs << u"(and (not a) b)"_qs;
        QTest::newRow("between under and") << u"x between 1 and 2 and y"_qs << u"(and (between x 1 2) y)"_qs;
        QTest::newRow("not between") << u"not x between 1 and 2"_qs << u"(not (between x 1 2))"_qs;
        QTest::newRow("nullish") << u"a ?? b ?? c"_qs << u"(ifNull (ifNull a b) c)"_qs;
        QTest::newRow("ternary right assoc") << u"a ? b : c ? d : e"_qs << u"(if a b (if c d e))"_qs;
        QTest::newRow("is null") << u"a is not null"_qs << u"(!= a null)"_qs;
        QTest::newRow("in cohort") << u"person_id not in cohort 3"_qs << u"(not in cohort person_id 3)"_qs;
        QTest::newRow("regex") << u"a ~* 'x'"_qs << u"(=~* a 'x')"_qs;
        QTest::newRow("property chain")
            << u"person.properties.$browser"_qs << u"person.properties.$browser"_qs;
        QTest::newRow("array access") << u"properties['a'][1]"_qs << u"([] ([] properties 'a') 1)"_qs;
        QTest::newRow("tuple access") << u"t.1.2"_qs << u"(. (. t 1) 2)"_qs;
        QTest::newRow("cast") << u"x::Int64 + 1"_qs << u"(+ (cast x int64) 1)"_qs;
        QTest::newRow("alias lowest") << u"a + 1 as b"_qs << u"(as (+ a 1) b)"_qs;
        QTest::newRow("lambda") << u"(x, y) -> x * y"_qs << u"(lambda x y (* x y))"_qs;
        QTest::newRow("interval") << u"now() - interval 7 day"_qs << u"(- (now) (toIntervalDay 7))"_qs;
        QTest::newRow("case") << u"case when a then 1 when b then 2 else 3 end"_qs
                              << u"(multiIf a 1 b 2 3)"_qs;
        QTest::newRow("f-string") << u"f'a{b}'"_qs << u"(concat 'a' b)"_qs;
        QTest::newRow("placeholder") << u"{variables.x} = 1"_qs << u"(== {variables.x} 1)"_qs;
        QTest::newRow("float assembled") << u"1.5 + .5"_qs << u"(+ 1.5 0.5)"_qs;
        QTest::newRow("huge integer") << u"12345678901234567890"_qs << u"12345678901234567890"_qs;
    }
    void precedence()
    {
        QFETCH(QString, input);
        QFETCH(QString, tree);
        const std::string text = input.toStdString();
        const ParseResult r = parseExpr(text);
        QVERIFY2(r.ok(), r.errors.empty() ? "no root" : r.errors.front().message.c_str());
        QCOMPARE(QString::fromStdString(sexpr(r.root.get())), tree);
    }

    void selectShape()
    {
        const std::string text =
            "WITH x AS (SELECT 1) SELECT DISTINCT e.event AS name, count() FROM events e "
            "LEFT JOIN persons p ON e.person_id = p.id ARRAY JOIN arr AS a WHERE 1 "
            "GROUP BY name HAVING count() > 1 ORDER BY 2 DESC LIMIT 10 OFFSET 5";
        const ParseResult r = parseSelect(text);
        QVERIFY(r.ok());
        const auto* q = r.root->as<SelectQuery>();
        QVERIFY(q);
        QVERIFY(q->ctes && q->ctes->size() == 1);
        QCOMPARE(q->distinct.value_or(false), true);
        QCOMPARE(q->select.size(), size_t(2));
        const auto* from = q->selectFrom->as<JoinExpr>();
        QVERIFY(from);
        QCOMPARE(from->alias.value_or(""), std::string("e"));
        const auto* joined = from->nextJoin->as<JoinExpr>();
        QVERIFY(joined);
        QCOMPARE(joined->joinType.value_or(""), std::string("LEFT JOIN"));
        QVERIFY(joined->constraint->as<JoinConstraint>());
        QCOMPARE(q->arrayJoinOp.value_or(""), std::string("ARRAY JOIN"));
        QVERIFY(q->where && q->having && q->groupBy && q->orderBy && q->limit && q->offset);
        QCOMPARE(static_cast<const OrderExpr&>(*(*q->orderBy)[0]).order, std::string("DESC"));
        // byte offsets of a node
        QCOMPARE(text.substr(q->select[0]->begin, q->select[0]->end - q->select[0]->begin),
                 std::string("e.event AS name"));
    }

    void setOperations()
    {
        const ParseResult r = parseSelect("select 1 union all select 2 intersect select 3");
        QVERIFY(r.ok());
        const auto* s = r.root->as<SelectSetQuery>();
        QVERIFY(s);
        QCOMPARE(s->subsequentSelectQueries.size(), size_t(2));
        QCOMPARE(s->subsequentSelectQueries[0].setOperator, SetOperator::UnionAll);
        QCOMPARE(s->subsequentSelectQueries[1].setOperator, SetOperator::Intersect);
    }

    void errors_data()
    {
        QTest::addColumn<bool>("expr");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("messagePart");
        QTest::addColumn<int>("begin");
        QTest::newRow("missing operand") << true << u"1 +"_qs << u"end of input"_qs << 3;
        QTest::newRow("unknown char") << true << u"a ! b"_qs << u"'!'"_qs << 2;
        QTest::newRow("unclosed paren") << true << u"(1"_qs << u"')'"_qs << 2;
        QTest::newRow("then expected") << true << u"case when a end"_qs << u"THEN"_qs << 12;
        QTest::newRow("reserved alias") << true << u"a as team_id"_qs << u"reserved keyword"_qs << 0;
        QTest::newRow("octal") << true << u"0o17"_qs << u"0o"_qs << 0;
        QTest::newRow("from without table") << false << u"select a from"_qs << u"table name"_qs << 13;
        QTest::newRow("trailing garbage") << false << u"select a from t t2 t3"_qs << u"'t3'"_qs << 19;
        QTest::newRow("array join alias") << false << u"select a from t array join x"_qs << u"alias"_qs << 27;
        QTest::newRow("unterminated string") << false << u"select 'abc"_qs << u"unterminated"_qs << 7;
        QTest::newRow("settings") << false << u"select 1 settings a = 1"_qs << u"settings"_qs << 9;
    }
    void errors()
    {
        QFETCH(bool, expr);
        QFETCH(QString, input);
        QFETCH(QString, messagePart);
        QFETCH(int, begin);
        const std::string text = input.toStdString();
        const ParseResult r = expr ? parseExpr(text) : parseSelect(text);
        QVERIFY(!r.ok());
        QVERIFY(!r.errors.empty());
        const QString message = QString::fromStdString(r.errors.front().message);
        QVERIFY2(message.contains(messagePart, Qt::CaseInsensitive), qPrintable(message));
        QCOMPARE(int(r.errors.front().begin), begin);
        QVERIFY(r.errors.front().end >= r.errors.front().begin);
    }

    void recovery()
    {
        // two broken clauses: both reported, the rest of the query still parsed
        const ParseResult r = parseSelect("select a +, b from t where 1 = = 2 order by c limit 3");
        QCOMPARE(r.errors.size(), size_t(2));
        QVERIFY(r.root);
        const auto* q = r.root->as<SelectQuery>();
        QVERIFY(q);
        QVERIFY(q->selectFrom);
        QVERIFY(q->orderBy);
        QVERIFY(q->limit);
        QCOMPARE(q->select.size(), size_t(1)); // `b`
    }

    void json()
    {
        const std::string text = "select 'é', a from t";
        const ParseResult r = parseSelect(text);
        QVERIFY(r.ok());
        const QString out = QString::fromStdString(toJson(*r.root, text));
        // offsets count code points (`a` is at byte 13, code point 12); an end column is the stop token's
        // start column plus its length in bytes, as ANTLR computes it
        QVERIFY2(
            out.contains(
                u"{\"chain\":[\"a\"],\"end\":{\"column\":13,\"line\":1,\"offset\":13},\"node\":\"Field\","
                "\"start\":{\"column\":12,\"line\":1,\"offset\":12}}"_qs),
            qPrintable(out));
        QVERIFY(out.contains(u"{\"end\":{\"column\":11,\"line\":1,\"offset\":10},\"node\":\"Constant\""_qs));
        QVERIFY(out.startsWith(u"{\"ctes\":null,\"distinct\":null,"_qs));
        const ParseResult bad = parseExpr("1 +");
        const QString err = QString::fromStdString(errorToJson(bad.errors.front(), "1 +"));
        QVERIFY(err.startsWith(u"{\"end\":"_qs));
        QVERIFY(err.contains(u"\"error\":true"_qs));
        QVERIFY(err.contains(u"\"type\":\"SyntaxError\""_qs));
    }

    void deepNestingIsRejected()
    {
        const std::string text = std::string(5000, '(') + "1" + std::string(5000, ')');
        const ParseResult r = parseExpr(text);
        QVERIFY(!r.ok());
        QVERIFY(QString::fromStdString(r.errors.front().message).contains(u"nested"_qs));
    }

    void tool()
    {
        const QString toolPath = qEnvironmentVariable("HOGQL_TOOL");
        if (toolPath.isEmpty() || !QFileInfo::exists(toolPath))
            QSKIP("HOGQL_TOOL not set");
        QProcess p;
        p.start(toolPath, {u"parse"_qs, u"--batch"_qs});
        QVERIFY(p.waitForStarted());
        p.write("{\"id\":1,\"kind\":\"expr\",\"query\":\"1 + "
                "2\"}\n{\"id\":\"b\",\"kind\":\"select\",\"query\":\"select\"}\n");
        p.closeWriteChannel();
        QVERIFY(p.waitForFinished(10000));
        const QList<QByteArray> lines = p.readAllStandardOutput().trimmed().split('\n');
        QCOMPARE(lines.size(), 2);
        QVERIFY(lines[0].startsWith("{\"id\":1,\"ast\":{"));
        QVERIFY(lines[1].startsWith("{\"id\":\"b\",\"error\":{"));

        QProcess single;
        single.start(toolPath, {u"parse"_qs, u"--expr"_qs, u"-"_qs});
        QVERIFY(single.waitForStarted());
        single.write("a +");
        single.closeWriteChannel();
        QVERIFY(single.waitForFinished(10000));
        QCOMPARE(single.exitCode(), 1);
        QVERIFY(single.readAllStandardOutput().contains("\"error\":true"));
    }

    // The statements of a script: their texts (without `;`), as the editor runs and formats them.
    void splitsStatements_data()
    {
        QTest::addColumn<QString>("script");
        QTest::addColumn<QStringList>("statements");
        QTest::newRow("two") << u"SELECT 1; SELECT 2"_qs << QStringList{u"SELECT 1"_qs, u"SELECT 2"_qs};
        QTest::newRow("blank and comments") << u"-- lead\nSELECT 1 -- one\n;\n\n;/* c */ SELECT 2;"_qs
                                            << QStringList{u"SELECT 1"_qs, u"SELECT 2"_qs};
        QTest::newRow("semicolon in string")
            << u"SELECT ';' ; SELECT 2"_qs << QStringList{u"SELECT ';'"_qs, u"SELECT 2"_qs};
        QTest::newRow("semicolon in comment")
            << u"SELECT 1 /* ; */ + 1"_qs << QStringList{u"SELECT 1 /* ; */ + 1"_qs};
        QTest::newRow("tag text") << u"SELECT <a>it's -- not a comment; nor a split</a>; SELECT 2"_qs
                                  << QStringList{u"SELECT <a>it's -- not a comment; nor a split</a>"_qs,
                                                 u"SELECT 2"_qs};
        QTest::newRow("tag attributes")
            << u"SELECT <Spark data={[1, 2]} label='a;b' />; SELECT 3"_qs
            << QStringList{u"SELECT <Spark data={[1, 2]} label='a;b' />"_qs, u"SELECT 3"_qs};
        QTest::newRow("nested tags") << u"SELECT <a><b>x;</b>{1 + 1};</a> AS t; SELECT 4"_qs
                                     << QStringList{u"SELECT <a><b>x;</b>{1 + 1};</a> AS t"_qs,
                                                    u"SELECT 4"_qs};
        QTest::newRow("comparison, not a tag")
            << u"SELECT a <b; SELECT 5"_qs << QStringList{u"SELECT a <b"_qs, u"SELECT 5"_qs};
        QTest::newRow("call compared")
            << u"SELECT 1 WHERE x = 1 AND y <today(); SELECT 6"_qs
            << QStringList{u"SELECT 1 WHERE x = 1 AND y <today()"_qs, u"SELECT 6"_qs};
        QTest::newRow("unclosed tag runs to the end")
            << u"SELECT <a>x; SELECT 7"_qs << QStringList{u"SELECT <a>x; SELECT 7"_qs};
    }

    void splitsStatements()
    {
        QFETCH(QString, script);
        QFETCH(QStringList, statements);
        const QByteArray utf8 = script.toUtf8();
        const std::string_view text(utf8.constData(), size_t(utf8.size()));
        QStringList found;
        for (const StatementRange& r : splitStatements(text))
            found << QString::fromUtf8(text.substr(r.begin, r.end - r.begin));
        QCOMPARE(found, statements);
        // and each one parses as PostHog's parser would take it on its own
        for (const QString& statement : statements) {
            const QByteArray s = statement.toUtf8();
            const ParseResult parsed = parseSelect(std::string_view(s.constData(), size_t(s.size())));
            if (!statement.contains(u"<a>x"_qs))
                QVERIFY2(parsed.errors.empty(), qPrintable(statement));
        }
    }
};

QTEST_GUILESS_MAIN(TstHogqlParser)
#include "tst_hogql_parser.moc"
