// Unit tests of the HogQL formatter: over the whole conformance corpus (as written, and with comments of
// every style between all tokens) the result parses back to the same AST, keeps every comment in order
// and formats to itself; golden layouts; errors leave the text alone; `hogql format --check` exit codes.

#include "hogql/ast_compare.h"
#include "hogql/formatter.h"
#include "hogql/json_writer.h"
#include "hogql/lexer.h"
#include "hogql/parser.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using namespace hogscope::hogql;
using namespace Qt::StringLiterals;

namespace {

struct CorpusCase
{
    QString id;
    bool expr = false;
    std::string query;
};

std::vector<CorpusCase> readCorpus()
{
    std::vector<CorpusCase> out;
    QFile file(QStringLiteral(HOGQL_CORPUS));
    if (!file.open(QIODevice::ReadOnly))
        return out;
    while (!file.atEnd()) {
        const QJsonObject o = QJsonDocument::fromJson(file.readLine()).object();
        if (!o.contains(u"query"_s))
            continue;
        out.push_back(CorpusCase{o.value(u"id"_s).toString(), o.value(u"kind"_s).toString() == u"expr"_s,
                                 o.value(u"query"_s).toString().toStdString()});
    }
    return out;
}

ParseResult parseAs(bool expr, std::string_view text)
{
    return expr ? parseExpr(text) : parseSelect(text);
}

FormatResult formatAs(bool expr, std::string_view text, const FormatOptions& options = {})
{
    return expr ? formatExpr(text, options) : formatScript(text, options);
}

std::vector<std::string> commentsOf(std::string_view text)
{
    std::vector<std::string> out;
    for (const Token& t : tokenize(text)) {
        if (t.kind == TokenKind::Comment)
            out.emplace_back(t.text(text));
    }
    return out;
}

// Whether comments can go between any two tokens of `q`: not inside f-strings or HogQLX text (which
// are not token streams), not where there are comments already, not inside `#1`.
bool commentable(const std::string& q)
{
    const std::vector<Token> tokens = tokenize(q);
    for (size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.kind == TokenKind::Comment || t.kind == TokenKind::TemplateString || t.kind == TokenKind::Error)
            return false;
        if (t.text(q) == "<" && i + 1 < tokens.size() &&
            (tokens[i + 1].kind == TokenKind::Identifier || tokens[i + 1].kind == TokenKind::Keyword))
            return false; // maybe a HogQLX tag
    }
    return true;
}

// `q` with a comment after every token. Style 0 rotates block, end-of-line, own-line line and own-line
// block comments; style 1 uses only end-of-line comments.
std::string withComments(const std::string& q, int style)
{
    static const char* const kForms[] = {" /* c%1 */ ", " -- c%1\n", "\n-- c%1\n", "\n/* c%1 */\n"};
    const std::vector<Token> tokens = tokenize(q);
    std::string out;
    uint32_t pos = 0;
    for (size_t i = 0; i < tokens.size(); ++i) {
        const Token& t = tokens[i];
        if (t.kind == TokenKind::End)
            break;
        out += q.substr(pos, t.end - pos);
        pos = t.end;
        if (t.text(q) == "#")
            continue;
        const char* form = kForms[style == 0 ? i % 4 : 1];
        out += QString::fromLatin1(form).arg(i).toStdString();
    }
    return out + q.substr(pos);
}

// Empty when `text` formats to a text that parses to the same AST, keeps its comments in order and
// formats to itself; else what went wrong.
QString roundTripProblem(bool expr, const std::string& text)
{
    const ParseResult original = parseAs(expr, text);
    if (!original.ok())
        return u"the input does not parse"_s;
    const FormatResult once = formatAs(expr, text);
    if (!once.ok())
        return u"formatting failed: "_s + QString::fromStdString(once.errors.front().message);
    const ParseResult again = parseAs(expr, once.text);
    if (!again.ok())
        return u"the result does not parse: "_s + QString::fromStdString(once.text);
    std::string difference;
    if (!astEqual(original.root.get(), again.root.get(), difference))
        return u"the AST changed ("_s + QString::fromStdString(difference) + u"): "_s +
               QString::fromStdString(once.text);
    if (commentsOf(once.text) != commentsOf(text))
        return u"the comments changed: "_s + QString::fromStdString(once.text);
    const FormatResult twice = formatAs(expr, once.text);
    if (!twice.ok() || twice.text != once.text)
        return u"not idempotent:\n"_s + QString::fromStdString(once.text) + u"\n---\n"_s +
               QString::fromStdString(twice.text);
    return {};
}

QByteArray bytes(const std::string& s)
{
    return QByteArray(s.data(), static_cast<qsizetype>(s.size()));
}

} // namespace

class TestHogqlFormat : public QObject
{
    Q_OBJECT

private:
    std::vector<CorpusCase> m_corpus;

    struct ToolRun
    {
        int exitCode = -1;
        QString out;
        QString err;
    };

    static ToolRun runTool(const QStringList& args, const QByteArray& input = {})
    {
        QProcess p;
        p.start(qEnvironmentVariable("HOGQL_TOOL"), QStringList{u"format"_s} + args);
        if (!p.waitForStarted())
            return {};
        p.write(input);
        p.closeWriteChannel();
        p.waitForFinished(30000);
        return ToolRun{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                       QString::fromUtf8(p.readAllStandardError())};
    }

private Q_SLOTS:
    void initTestCase()
    {
        m_corpus = readCorpus();
        QVERIFY2(m_corpus.size() > 800, HOGQL_CORPUS);
    }

    // ---- the corpus -----------------------------------------------------------------------------

    void corpusRoundTrip_data()
    {
        QTest::addColumn<bool>("expr");
        QTest::addColumn<QByteArray>("query");
        for (const CorpusCase& c : readCorpus()) {
            if (parseAs(c.expr, c.query).ok())
                QTest::newRow(qPrintable(c.id)) << c.expr << bytes(c.query);
        }
    }

    void corpusRoundTrip()
    {
        QFETCH(bool, expr);
        QFETCH(QByteArray, query);
        const QString problem = roundTripProblem(expr, query.toStdString());
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void corpusWithComments_data()
    {
        QTest::addColumn<bool>("expr");
        QTest::addColumn<QByteArray>("query");
        for (const CorpusCase& c : readCorpus()) {
            if (!parseAs(c.expr, c.query).ok() || !commentable(c.query))
                continue;
            QTest::newRow(qPrintable(c.id + u"/mixed"_s)) << c.expr << bytes(withComments(c.query, 0));
            QTest::newRow(qPrintable(c.id + u"/end-of-line"_s)) << c.expr << bytes(withComments(c.query, 1));
        }
    }

    void corpusWithComments()
    {
        QFETCH(bool, expr);
        QFETCH(QByteArray, query);
        const QString problem = roundTripProblem(expr, query.toStdString());
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
    }

    void corpusSummary()
    {
        int cases = 0;
        int parsed = 0;
        int roundTrips = 0;
        int withComment = 0;
        int withCommentOk = 0;
        QStringList failures;
        for (const CorpusCase& c : m_corpus) {
            ++cases;
            if (!parseAs(c.expr, c.query).ok())
                continue;
            ++parsed;
            const QString problem = roundTripProblem(c.expr, c.query);
            if (problem.isEmpty())
                ++roundTrips;
            else
                failures << c.id;
            if (!commentable(c.query))
                continue;
            for (int style = 0; style < 2; ++style) {
                ++withComment;
                if (roundTripProblem(c.expr, withComments(c.query, style)).isEmpty())
                    ++withCommentOk;
                else
                    failures << c.id + u" with comments"_s;
            }
        }
        qInfo(
            "corpus: %d cases, %d parse; %d round-trip and are idempotent; with comments injected: %d of %d",
            cases, parsed, roundTrips, withCommentOk, withComment);
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u", "_s)));
        QVERIFY(parsed > 700);
        QVERIFY(withComment > 1000);
    }

    // ---- golden layouts -------------------------------------------------------------------------

    void golden_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");

        QTest::newRow("clauses on their own lines")
            << QByteArray("select event, count() from events where timestamp > now() - interval 7 day group "
                          "by event "
                          "order by count() desc limit 10")
            << QByteArray("SELECT event, count()\n"
                          "FROM events\n"
                          "WHERE timestamp > now() - INTERVAL 7 DAY\n"
                          "GROUP BY event\n"
                          "ORDER BY count() DESC\n"
                          "LIMIT 10\n");
        QTest::newRow("long select list, one item a line")
            << QByteArray("select event, person_id, properties.$browser as browser, properties.$os as os, "
                          "properties.$current_url as url, timestamp from events")
            << QByteArray("SELECT\n"
                          "    event,\n"
                          "    person_id,\n"
                          "    properties.$browser AS browser,\n"
                          "    properties.$os AS os,\n"
                          "    properties.$current_url AS url,\n"
                          "    timestamp\n"
                          "FROM events\n");
        QTest::newRow("subquery indented")
            << QByteArray(
                   "select * from (select person_id, count() as c from events where event = '$pageview' and "
                   "timestamp >= toStartOfMonth(now()) group by person_id) as s where c > 10")
            << QByteArray("SELECT *\n"
                          "FROM (\n"
                          "    SELECT person_id, count() AS c\n"
                          "    FROM events\n"
                          "    WHERE event = '$pageview' AND timestamp >= toStartOfMonth(now())\n"
                          "    GROUP BY person_id\n"
                          ") AS s\n"
                          "WHERE c > 10\n");
        QTest::newRow("nested subqueries")
            << QByteArray(
                   "select a from (select a, b from (select number as a, number * 2 as b, number * number "
                   "as c, toString(number) as d from numbers(100)) where b > 10 and c < 1000) where a % 2 = "
                   "0")
            << QByteArray("SELECT a\n"
                          "FROM (\n"
                          "    SELECT a, b\n"
                          "    FROM (\n"
                          "        SELECT number AS a, number * 2 AS b, number * number AS c, "
                          "toString(number) AS d\n"
                          "        FROM numbers(100)\n"
                          "    )\n"
                          "    WHERE b > 10 AND c < 1000\n"
                          ")\n"
                          "WHERE a % 2 = 0\n");
        QTest::newRow("joins")
            << QByteArray(
                   "select e.event, p.properties.email from events e left join persons p on e.person_id = "
                   "p.id inner join sessions s on e.$session_id = s.session_id and s.$session_duration > 60 "
                   "where e.timestamp > today() - 1")
            << QByteArray(
                   "SELECT e.event, p.properties.email\n"
                   "FROM events AS e\n"
                   "LEFT JOIN persons AS p ON e.person_id = p.id\n"
                   "INNER JOIN sessions AS s ON e.$session_id = s.session_id AND s.$session_duration > 60\n"
                   "WHERE e.timestamp > today() - 1\n");
        QTest::newRow("CTEs")
            << QByteArray(
                   "with recent as (select distinct_id, max(timestamp) as last_seen from events group by "
                   "distinct_id), 100 as cutoff select count() from recent where dateDiff('day', last_seen, "
                   "now()) < cutoff")
            << QByteArray(
                   "WITH\n"
                   "    recent AS (SELECT distinct_id, max(timestamp) AS last_seen FROM events GROUP BY "
                   "distinct_id),\n"
                   "    100 AS cutoff\n"
                   "SELECT count()\n"
                   "FROM recent\n"
                   "WHERE dateDiff('day', last_seen, now()) < cutoff\n");
        QTest::newRow("UNION ALL")
            << QByteArray(
                   "select 'web' as source, count() from events where properties.$lib = 'web' union all "
                   "select 'mobile', count() from events where properties.$lib in ('ios', 'android')")
            << QByteArray("SELECT 'web' AS source, count()\n"
                          "FROM events\n"
                          "WHERE properties.$lib = 'web'\n"
                          "UNION ALL\n"
                          "SELECT 'mobile', count()\n"
                          "FROM events\n"
                          "WHERE properties.$lib IN ('ios', 'android')\n");
        QTest::newRow("nested set keeps its parentheses")
            << QByteArray("select 1 union all (select 2 union distinct select 3) union all by name select 4")
            << QByteArray("SELECT 1\n"
                          "UNION ALL\n"
                          "(SELECT 2 UNION DISTINCT SELECT 3)\n"
                          "UNION ALL BY NAME\n"
                          "SELECT 4\n");
        QTest::newRow("window functions")
            << QByteArray(
                   "select person_id, timestamp, row_number() over (partition by person_id order by "
                   "timestamp) as n, lagInFrame(timestamp) over w as previous from events window w as "
                   "(partition by person_id order by timestamp rows between 1 preceding and current row)")
            << QByteArray(
                   "SELECT\n"
                   "    person_id,\n"
                   "    timestamp,\n"
                   "    row_number() OVER (PARTITION BY person_id ORDER BY timestamp) AS n,\n"
                   "    lagInFrame(timestamp) OVER w AS previous\n"
                   "FROM events\n"
                   "WINDOW w AS (PARTITION BY person_id ORDER BY timestamp ROWS BETWEEN 1 PRECEDING AND "
                   "CURRENT ROW)\n");
        QTest::newRow("comments of all three styles")
            << QByteArray("-- daily pageviews\n"
                          "select /* the day */ toDate(timestamp) as day, // pageviews per day\n"
                          "  count() as views -- total\n"
                          "from events\n"
                          "where event = '$pageview' -- only pageviews\n"
                          "group by day")
            << QByteArray("-- daily pageviews\n"
                          "SELECT\n"
                          "    /* the day */ toDate(timestamp) AS day, // pageviews per day\n"
                          "    count() AS views -- total\n"
                          "FROM events\n"
                          "WHERE event = '$pageview' -- only pageviews\n"
                          "GROUP BY day\n");
        QTest::newRow("CASE broken over lines")
            << QByteArray(
                   "select case when properties.$browser = 'Chrome' then 'chrome' when properties.$browser "
                   "in ('Firefox', 'Safari') then 'other major' else 'rest' end as family, count() from "
                   "events group by family")
            << QByteArray("SELECT\n"
                          "    CASE\n"
                          "        WHEN properties.$browser = 'Chrome' THEN 'chrome'\n"
                          "        WHEN properties.$browser IN ('Firefox', 'Safari') THEN 'other major'\n"
                          "        ELSE 'rest'\n"
                          "    END AS family,\n"
                          "    count()\n"
                          "FROM events\n"
                          "GROUP BY family\n");
        QTest::newRow("conditions break before AND")
            << QByteArray(
                   "select event from events where (event = 'a' or event = 'b' or event = 'c') and "
                   "timestamp > '2024-01-01' and properties.$browser is not null and not properties.is_test "
                   "and person_id in (select id from persons where properties.email like '%@posthog.com')")
            << QByteArray("SELECT event\n"
                          "FROM events\n"
                          "WHERE\n"
                          "    (event = 'a' OR event = 'b' OR event = 'c')\n"
                          "    AND timestamp > '2024-01-01'\n"
                          "    AND properties.$browser IS NOT NULL\n"
                          "    AND NOT properties.is_test\n"
                          "    AND person_id IN (SELECT id FROM persons WHERE properties.email LIKE "
                          "'%@posthog.com')\n");
        QTest::newRow("long argument list")
            << QByteArray("select multiIf(properties.$browser = 'Chrome', 'chrome', properties.$browser = "
                          "'Firefox', "
                          "'firefox', properties.$browser = 'Safari', 'safari', 'other') as b from events")
            << QByteArray("SELECT\n"
                          "    multiIf(\n"
                          "        properties.$browser = 'Chrome',\n"
                          "        'chrome',\n"
                          "        properties.$browser = 'Firefox',\n"
                          "        'firefox',\n"
                          "        properties.$browser = 'Safari',\n"
                          "        'safari',\n"
                          "        'other'\n"
                          "    ) AS b\n"
                          "FROM events\n");
        QTest::newRow("script of two statements")
            << QByteArray("select 1; -- first\n/* second */ select 2 from t")
            << QByteArray("SELECT 1; -- first\n"
                          "\n"
                          "/* second */ SELECT 2\n"
                          "FROM t\n");
        QTest::newRow("limits, grouping sets, sample")
            << QByteArray("select a from t sample 1/10 group by grouping sets ((a), ()) limit 5 by a limit "
                          "10 offset 20")
            << QByteArray("SELECT a\n"
                          "FROM t SAMPLE 1/10\n"
                          "GROUP BY GROUPING SETS ((a), ())\n"
                          "LIMIT 5 BY a\n"
                          "LIMIT 10\n"
                          "OFFSET 20\n");
        QTest::newRow("names and strings quoted where needed")
            << QByteArray(
                   "select `from`, `a b`.`c`, `select`.x, \"case\", 'it''s', 'a\\nb', f(`x`) as `my col` "
                   "from `weird table`")
            << QByteArray("SELECT `from`, `a b`.c, `select`.x, `case`, 'it\\'s', 'a\\nb', f(x) AS `my col`\n"
                          "FROM `weird table`\n");
    }

    void golden()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        const FormatResult result = formatScript(input.toStdString());
        QVERIFY2(result.ok(), result.errors.empty() ? "" : result.errors.front().message.c_str());
        QCOMPARE(QString::fromStdString(result.text), QString::fromUtf8(expected));
        QCOMPARE(QString::fromStdString(formatScript(result.text).text), QString::fromUtf8(expected));
    }

    void goldenExpressions_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        // syntax sugar prints in one canonical spelling of the same AST
        QTest::newRow("ternary") << QByteArray("a ? b : c") << QByteArray("CASE WHEN a THEN b ELSE c END");
        QTest::newRow("f-string") << QByteArray("f'{a}-{b}'") << QByteArray("a || '-' || b");
        QTest::newRow("interval string") << QByteArray("interval '7 days'") << QByteArray("INTERVAL 7 DAY");
        QTest::newRow("null tests") << QByteArray("a is null or b is not null ?? c")
                                    << QByteArray("a IS NULL OR b IS NOT NULL ?? c");
        QTest::newRow("casts keep their form") << QByteArray("x::Int64 + cast(y as Nullable(String))")
                                               << QByteArray("x::Int64 + CAST(y AS Nullable(String))");
        // parentheses exactly where the tree needs them
        QTest::newRow("nested AND keeps parens")
            << QByteArray("(a and b) and c or not (d)") << QByteArray("(a AND b) AND c OR not(d)");
        QTest::newRow("arithmetic") << QByteArray("(a - (b - c)) * -(1) / - -x")
                                    << QByteArray("(a - (b - c)) * -(1) / - -x");
        QTest::newRow("access") << QByteArray("(a).b.c + t.1 + x?.y + f(x)['k'] + (f)(1)")
                                << QByteArray("(a).b.c + t.1 + x?.y + f(x)['k'] + (f)(1)");
        QTest::newRow("numbers") << QByteArray("0x1F + 1. + .5e3 - inf + 123456789012345678901")
                                 << QByteArray("31 + 1.0 + 500.0 - inf + 123456789012345678901");
    }

    void goldenExpressions()
    {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        const FormatResult result = formatExpr(input.toStdString());
        QVERIFY2(result.ok(), result.errors.empty() ? "" : result.errors.front().message.c_str());
        QCOMPARE(QString::fromStdString(result.text), QString::fromUtf8(expected));
    }

    void narrowWidth()
    {
        FormatOptions narrow;
        narrow.maxWidth = 30;
        narrow.indent = 2;
        const FormatResult result =
            formatScript("select a, b, c from t where a = 1 and b = 2 and c = 3", narrow);
        QVERIFY(result.ok());
        QCOMPARE(QString::fromStdString(result.text), u"SELECT a, b, c\n"
                                                      "FROM t\n"
                                                      "WHERE\n"
                                                      "  a = 1 AND b = 2 AND c = 3\n"_s);
    }

    // ---- errors ---------------------------------------------------------------------------------

    void errorsLeaveTheTextAlone_data()
    {
        QTest::addColumn<bool>("expr");
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<int>("errorAfter"); // the first error lies at or after this offset
        QTest::newRow("expression") << true << QByteArray("1 +") << 0;
        QTest::newRow("empty expression") << true << QByteArray("") << 0;
        QTest::newRow("query") << false << QByteArray("select a from t where") << 0;
        QTest::newRow("unterminated string") << false << QByteArray("select 'abc") << 0;
        QTest::newRow("second statement")
            << false << QByteArray("select 1;\n-- keep me\nselect from t") << 10;
    }

    void errorsLeaveTheTextAlone()
    {
        QFETCH(bool, expr);
        QFETCH(QByteArray, input);
        QFETCH(int, errorAfter);
        const FormatResult result = formatAs(expr, input.toStdString());
        QVERIFY(!result.ok());
        QVERIFY(!result.errors.empty());
        QCOMPARE(QByteArray::fromStdString(result.text), input);
        QVERIFY(result.errors.front().begin >= static_cast<uint32_t>(errorAfter));
    }

    void deepTreesAreRefusedNotCrashed()
    {
        // operator chains nest the tree one level per operator: the parser refuses more than 1,000
        // levels (what every recursive walker of the tree handles, sanitizers included), and says so
        const auto chainOf = [](int terms) {
            std::string chain = "a";
            for (int i = 1; i < terms; ++i)
                chain += " + a";
            return chain;
        };
        const std::string tooLong = chainOf(5000);
        const ParseResult refused = parseExpr(tooLong);
        QVERIFY(!refused.errors.empty());
        QVERIFY(QString::fromStdString(refused.errors.front().message).contains(u"nested too deeply"_s));
        const FormatResult deep = formatExpr(tooLong);
        QVERIFY(!deep.ok());
        QCOMPARE(deep.text, tooLong);
        QVERIFY(!parseExpr(chainOf(1001)).errors.empty());

        // the deepest chain the parser takes prints, formats and turns into JSON
        const std::string deepest = chainOf(990);
        const ParseResult parsed = parseExpr(deepest);
        QVERIFY(parsed.errors.empty());
        QVERIFY(parsed.root != nullptr);
        QCOMPARE(printNode(*parsed.root), deepest);
        QVERIFY(formatExpr(deepest).ok());
        QVERIFY(toJson(*parsed.root, deepest).size() > 990 * 20);

        // a flat AND of many terms is one node, not a deep tree
        std::string wide = "a = 1";
        for (int i = 0; i < 5000; ++i)
            wide += " and a = 1";
        const FormatResult flat = formatScript("select 1 from t where " + wide);
        QVERIFY(flat.ok());
        QCOMPARE(std::count(flat.text.begin(), flat.text.end(), '\n'), 5000 + 4);
    }

    void emptyScript()
    {
        QVERIFY(formatScript("").ok());
        QCOMPARE(formatScript("").text, std::string());
        QCOMPARE(formatScript("  -- only a comment\n").text, std::string("-- only a comment\n"));
    }

    // ---- printNode and astEqual -----------------------------------------------------------------

    void printNodeMatchesTheFormatter()
    {
        const std::string query =
            "select a, count() from t where x in (1, 2) and not y group by a order by 2 desc";
        const ParseResult parsed = parseSelect(query);
        QVERIFY(parsed.ok());
        std::string expected = formatScript(query).text;
        expected.pop_back(); // printNode adds no final newline
        QCOMPARE(printNode(*parsed.root), expected);
    }

    void printNodeOfABuiltTree()
    {
        // ((a AND b) AND c): a nested And must keep its parentheses to stay nested
        auto field = [](const char* name) {
            auto f = std::make_unique<Field>();
            f->chain.push_back(name);
            return f;
        };
        auto inner = std::make_unique<And>();
        inner->exprs.push_back(field("a"));
        inner->exprs.push_back(field("b"));
        auto outer = std::make_unique<And>();
        outer->exprs.push_back(std::move(inner));
        outer->exprs.push_back(field("c"));
        const std::string printed = printNode(*outer);
        QCOMPARE(printed, std::string("(a AND b) AND c"));
        const ParseResult back = parseExpr(printed);
        QVERIFY(back.ok());
        QVERIFY(astEqual(outer.get(), back.root.get()));

        auto order = std::make_unique<OrderExpr>();
        order->expr = field("ts");
        order->order = "DESC";
        order->nulls = "LAST";
        QCOMPARE(printNode(*order), std::string("ts DESC NULLS LAST"));
    }

    void astEqualIgnoresPositionsOnly()
    {
        const ParseResult a = parseSelect("select a+1 from t");
        const ParseResult b = parseSelect("SELECT   a +   1\nFROM t");
        const ParseResult c = parseSelect("select a+2 from t");
        const ParseResult d = parseSelect("select a+1 from u");
        QVERIFY(astEqual(a.root.get(), b.root.get()));
        std::string difference;
        QVERIFY(!astEqual(a.root.get(), c.root.get(), difference));
        QVERIFY2(difference.find("value 1 != 2") != std::string::npos, difference.c_str());
        QVERIFY(!astEqual(a.root.get(), d.root.get(), difference));
        QVERIFY2(difference.find("chain t != u") != std::string::npos, difference.c_str());
        QVERIFY(!astEqual(a.root.get(), nullptr));
        QVERIFY(astEqual(nullptr, nullptr));
        // sugar and flattening are part of the tree
        QVERIFY(!astEqual(parseExpr("a || b").root.get(), parseExpr("concat(a, b)").root.get()));
        QVERIFY(!astEqual(parseExpr("a and b and c").root.get(), parseExpr("(a and b) and c").root.get()));
    }

    // ---- the command ----------------------------------------------------------------------------

    void tool()
    {
        if (qEnvironmentVariableIsEmpty("HOGQL_TOOL"))
            QSKIP("HOGQL_TOOL is not set (run through ctest)");
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        auto write = [&](const QString& name, const QByteArray& content) {
            QFile f(dir.filePath(name));
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write(content);
        };
        const QByteArray ugly = "select a,b from t where x=1";
        const QByteArray pretty = "SELECT a, b\nFROM t\nWHERE x = 1\n";
        write(u"pretty.sql"_s, pretty);
        write(u"ugly.sql"_s, ugly);
        write(u"broken.sql"_s, "select 1;\nselect (1");
        const QString prettyPath = dir.filePath(u"pretty.sql"_s);
        const QString uglyPath = dir.filePath(u"ugly.sql"_s);
        const QString brokenPath = dir.filePath(u"broken.sql"_s);

        ToolRun r = runTool({u"--check"_s, prettyPath});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.err, QString());

        r = runTool({u"--check"_s, prettyPath, uglyPath});
        QCOMPARE(r.exitCode, 1);
        QCOMPARE(r.err, uglyPath + u": not formatted\n"_s);
        QCOMPARE(r.out, QString());

        r = runTool({uglyPath});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, QString::fromUtf8(pretty));

        r = runTool({u"--check"_s, brokenPath});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(QRegularExpression(u"^"_s + QRegularExpression::escape(brokenPath) + u":2:\\d+: \\S"_s)
                     .match(r.err)
                     .hasMatch(),
                 qPrintable(r.err));

        r = runTool({u"--expr"_s, u"-"_s}, "1+2*x");
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out, u"1 + 2 * x\n"_s);

        r = runTool({u"--check"_s, u"--expr"_s, u"-"_s}, "1 + 2 * x\n");
        QCOMPARE(r.exitCode, 0);

        r = runTool({u"--help"_s});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(u"format"_s));

        r = runTool({u"--bogus"_s});
        QCOMPARE(r.exitCode, 2);

        r = runTool({dir.filePath(u"missing.sql"_s)});
        QCOMPARE(r.exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(TestHogqlFormat)
#include "tst_hogql_format.moc"
