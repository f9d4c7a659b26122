#include "formatter.h"

#include "ast_compare.h"
#include "formatter_impl.h"
#include "lexer.h"
#include "statements.h"

namespace hogscope::hogql {

namespace {

using fmt::Comment;
using fmt::Printer;
using fmt::Rendered;

struct Statement
{
    StatementRange range;
    ParseResult parsed;
};

// The statements of a script with their ASTs; errors are offsets into the script. The splitter reads
// tokens, which is wrong inside HogQLX text (`<Foo>a -- b</Foo>` holds no comment), so when a statement
// fails, the script is also tried as one statement.
std::vector<Statement> parseStatements(std::string_view script, std::vector<SyntaxError>& errors)
{
    std::vector<Statement> statements;
    std::vector<SyntaxError> found;
    for (const StatementRange& r : splitStatements(script)) {
        Statement s{r, parseSelect(script.substr(r.begin, r.end - r.begin))};
        if (!s.parsed.ok()) {
            for (SyntaxError e : s.parsed.errors) {
                e.begin += r.begin;
                e.end += r.begin;
                found.push_back(std::move(e));
            }
            if (s.parsed.errors.empty())
                found.push_back(SyntaxError{"Empty statement", r.begin, r.end});
        }
        statements.push_back(std::move(s));
    }
    if (found.empty()) {
        errors.clear();
        return statements;
    }
    ParseResult whole = parseSelect(script);
    if (whole.ok()) {
        errors.clear();
        std::vector<Statement> one;
        StatementRange r{0, static_cast<uint32_t>(script.size()), StatementRange::npos};
        for (const Token& t : tokenize(script)) {
            if (t.kind != TokenKind::Comment && t.kind != TokenKind::End)
                r.terminator = t.text(script) == ";" ? t.begin : StatementRange::npos;
        }
        one.push_back(Statement{r, std::move(whole)});
        return one;
    }
    errors = std::move(found);
    return statements;
}

std::vector<std::string> commentTexts(std::string_view text)
{
    std::vector<std::string> out;
    for (const Token& t : tokenize(text)) {
        if (t.kind == TokenKind::Comment)
            out.emplace_back(t.text(text));
    }
    return out;
}

std::string layoutScript(std::string_view script, const std::vector<Token>& tokens,
                         const std::vector<Statement>& statements, const FormatOptions& options)
{
    const std::vector<Token> code = fmt::codeTokens(tokens);
    std::string out;
    const auto size = static_cast<uint32_t>(script.size());
    uint32_t regionStart = 0; // comments from here on belong to the next statement
    for (size_t i = 0; i < statements.size(); ++i) {
        const StatementRange& r = statements[i].range;
        const bool terminated = r.terminator != StatementRange::npos;
        const uint32_t regionEnd = terminated ? r.terminator : size;
        Printer printer(options, script, r.begin, code,
                        fmt::collectComments(script, tokens, regionStart, regionEnd));
        const Rendered rendered =
            fmt::render(printer.root(*statements[i].parsed.root, true), options.maxWidth);
        if (i)
            out += "\n\n";
        out += rendered.text;
        if (!terminated) {
            regionStart = size; // the statement took every comment to the end
            continue;
        }
        // a `;` after an end-of-line comment would be part of the comment
        out += rendered.endsInLineComment ? "\n;" : ";";
        regionStart = r.terminator + 1;
        // comments after the `;` on its line stay there
        const uint32_t nextBegin = i + 1 < statements.size() ? statements[i + 1].range.begin : size;
        for (const Comment& c : fmt::collectComments(script, tokens, regionStart, nextBegin)) {
            if (!c.trailing())
                break;
            out += " " + c.text;
            regionStart = c.end;
            if (c.lineComment)
                break;
        }
    }
    // comments after the last `;`, one a line
    for (const Comment& c : fmt::collectComments(script, tokens, regionStart, size)) {
        if (!out.empty())
            out += "\n";
        out += c.text;
    }
    if (!out.empty())
        out += "\n";
    return out;
}

// The formatted text must hold the same statements, as ASTs, and the same comments in the same order.
bool sameScript(std::string_view original, const std::vector<Statement>& statements,
                std::string_view formatted, std::string& difference)
{
    std::vector<SyntaxError> errors;
    const std::vector<Statement> again = parseStatements(formatted, errors);
    if (!errors.empty()) {
        difference = "the result no longer parses: " + errors.front().message;
        return false;
    }
    if (again.size() != statements.size()) {
        difference = "the number of statements changed";
        return false;
    }
    for (size_t i = 0; i < again.size(); ++i) {
        if (!astEqual(statements[i].parsed.root.get(), again[i].parsed.root.get(), difference)) {
            difference = "statement " + std::to_string(i + 1) + ": " + difference;
            return false;
        }
    }
    if (commentTexts(original) != commentTexts(formatted)) {
        difference = "the comments changed";
        return false;
    }
    return true;
}

constexpr const char* kTooDeep = "The query is nested too deeply to format";

SyntaxError internalError(const std::string& difference)
{
    return SyntaxError{"Internal formatter error (the text was left unchanged): " + difference, 0, 0};
}

} // namespace

FormatResult formatScript(std::string_view script, const FormatOptions& options)
{
    FormatResult result;
    const std::vector<Statement> statements = parseStatements(script, result.errors);
    if (!result.errors.empty()) {
        result.text = std::string(script);
        return result;
    }
    const std::vector<Token> tokens = tokenize(script);
    std::string formatted;
    try {
        formatted = layoutScript(script, tokens, statements, options);
    } catch (const fmt::TooDeep&) {
        result.text = std::string(script);
        result.errors.push_back(SyntaxError{kTooDeep, 0, 0});
        return result;
    }
    std::string difference;
    if (!sameScript(script, statements, formatted, difference)) {
        result.text = std::string(script);
        result.errors.push_back(internalError(difference));
        return result;
    }
    result.text = std::move(formatted);
    return result;
}

FormatResult formatExpr(std::string_view expression, const FormatOptions& options)
{
    FormatResult result;
    const ParseResult parsed = parseExpr(expression);
    if (!parsed.ok()) {
        result.text = std::string(expression);
        result.errors = parsed.errors;
        if (result.errors.empty())
            result.errors.push_back(SyntaxError{"Empty input", 0, 0});
        return result;
    }
    const std::vector<Token> tokens = tokenize(expression);
    const std::vector<Token> code = fmt::codeTokens(tokens);
    Printer printer(options, expression, 0, code,
                    fmt::collectComments(expression, tokens, 0, static_cast<uint32_t>(expression.size())));
    std::string formatted;
    try {
        formatted = fmt::render(printer.root(*parsed.root, false), options.maxWidth).text;
    } catch (const fmt::TooDeep&) {
        result.text = std::string(expression);
        result.errors.push_back(SyntaxError{kTooDeep, 0, 0});
        return result;
    }

    const ParseResult again = parseExpr(formatted);
    std::string difference;
    if (!again.ok())
        difference = "the result no longer parses" +
                     (again.errors.empty() ? std::string() : ": " + again.errors.front().message);
    else if (astEqual(parsed.root.get(), again.root.get(), difference) &&
             commentTexts(expression) != commentTexts(formatted))
        difference = "the comments changed";
    if (!difference.empty()) {
        result.text = std::string(expression);
        result.errors.push_back(internalError(difference));
        return result;
    }
    result.text = std::move(formatted);
    return result;
}

std::string printNode(const Node& node, const FormatOptions& options)
{
    Printer printer(options);
    const bool isQuery = node.kind == NodeKind::SelectQuery || node.kind == NodeKind::SelectSetQuery;
    try {
        return fmt::render(isQuery ? printer.query(node, true) : printer.node(node), options.maxWidth).text;
    } catch (const fmt::TooDeep&) {
        return {};
    }
}

} // namespace hogscope::hogql
