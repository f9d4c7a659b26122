#include "statements.h"

#include "lexer.h"

namespace hogscope::hogql {

std::vector<StatementRange> splitStatements(std::string_view script)
{
    std::vector<StatementRange> out;
    const std::vector<Token> tokens = tokenize(script);
    int depth = 0;
    bool open = false;
    StatementRange current;
    for (const Token& tok : tokens) {
        if (tok.kind == TokenKind::Comment)
            continue;
        if (tok.kind == TokenKind::End)
            break;
        const std::string_view text = tok.text(script);
        if (tok.kind == TokenKind::Punctuation && text == ";" && depth <= 0) {
            if (open) {
                current.terminator = tok.begin;
                out.push_back(current);
            }
            open = false;
            depth = 0;
            continue;
        }
        if (tok.kind == TokenKind::Punctuation) {
            if (text == "(" || text == "[" || text == "{")
                ++depth;
            else if (text == ")" || text == "]" || text == "}")
                --depth;
        }
        if (!open) {
            current = StatementRange{tok.begin, tok.end, StatementRange::npos};
            open = true;
        }
        current.end = tok.end;
    }
    if (open)
        out.push_back(current);
    return out;
}

int statementAt(const std::vector<StatementRange>& statements, uint32_t offset)
{
    int best = -1;
    for (size_t i = 0; i < statements.size(); ++i) {
        const StatementRange& s = statements[i];
        const uint32_t last = s.terminator == StatementRange::npos ? s.end : s.terminator + 1;
        if (offset >= s.begin && offset <= last)
            return static_cast<int>(i);
        if (s.begin <= offset)
            best = static_cast<int>(i);
    }
    return best;
}

} // namespace hogscope::hogql
