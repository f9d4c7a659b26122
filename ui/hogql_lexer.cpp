#include "hogql_lexer.h"

#include "theme.h"

#include "hogql/lexer.h"

#include "qscintilla.h"

#include <QColor>
#include <QFont>
#include <QFontDatabase>

#include <string_view>

namespace hogscope::ui {

namespace {

using hogql::TokenKind;

// Styles whose tokens may span lines; styling must restart at such a token's beginning.
bool isMultiLineStyle(int style)
{
    return style == HogqlLexer::Comment || style == HogqlLexer::String ||
           style == HogqlLexer::QuotedIdentifier || style == HogqlLexer::Error;
}

// An unterminated token at the end of the requested range may just be cut by the range end; style
// it by what it opens with instead of as an error (the rest is styled when Scintilla gets there).
bool isPunct(const hogql::Token& token, std::string_view text, char c)
{
    return token.kind == TokenKind::Punctuation && token.end == token.begin + 1 && text[token.begin] == c;
}

// The index of the `}` closing a placeholder that opens at tokens[i] (`{` name (`.` name)* `}`),
// or 0 when none does. Keywords count as names (`{second}`), as in the Placeholders panel.
size_t placeholderEnd(const std::vector<hogql::Token>& tokens, size_t i, std::string_view text)
{
    const auto isName = [&](size_t k) {
        return k < tokens.size() &&
               (tokens[k].kind == TokenKind::Identifier || tokens[k].kind == TokenKind::Keyword);
    };
    if (!isPunct(tokens[i], text, '{') || !isName(i + 1))
        return 0;
    size_t j = i + 2;
    while (j + 1 < tokens.size() && isPunct(tokens[j], text, '.') && isName(j + 1))
        j += 2;
    return j < tokens.size() && isPunct(tokens[j], text, '}') ? j : 0;
}

int styleOfOpenToken(std::string_view text)
{
    if (text.starts_with("/*") || text.starts_with("--") || text.starts_with("//"))
        return HogqlLexer::Comment;
    if (text.starts_with('\'') || text.starts_with("f'"))
        return HogqlLexer::String;
    if (text.starts_with('`') || text.starts_with('"'))
        return HogqlLexer::QuotedIdentifier;
    return HogqlLexer::Error;
}

} // namespace

HogqlLexer::HogqlLexer(QObject* parent)
    : QsciLexerCustom(parent)
    , m_baseFont(QFontDatabase::systemFont(QFontDatabase::FixedFont))
{}

const char* HogqlLexer::language() const
{
    return "HogQL";
}

QString HogqlLexer::description(int style) const
{
    switch (style) {
    case Default:
        return QStringLiteral("Default");
    case Keyword:
        return QStringLiteral("Keyword");
    case Identifier:
        return QStringLiteral("Identifier");
    case Function:
        return QStringLiteral("Function");
    case QuotedIdentifier:
        return QStringLiteral("Quoted identifier");
    case String:
        return QStringLiteral("String");
    case Number:
        return QStringLiteral("Number");
    case Operator:
        return QStringLiteral("Operator");
    case Comment:
        return QStringLiteral("Comment");
    case Error:
        return QStringLiteral("Error");
    case Placeholder:
        return QStringLiteral("Placeholder");
    default:
        return QString();
    }
}

QColor HogqlLexer::defaultColor(int style) const
{
    // Dark colours are the light hues lifted (Tailwind 300 tones) so they keep their meaning and
    // reach about 7:1 contrast on the dark paper.
    switch (style) {
    case Keyword:
        return m_dark ? QColor(0x93, 0xc5, 0xfd) : QColor(0x1d, 0x4a, 0xd6);
    case Function:
        return m_dark ? QColor(0xc4, 0xb5, 0xfd) : QColor(0x7c, 0x3a, 0xed);
    case QuotedIdentifier:
        return m_dark ? QColor(0x67, 0xe8, 0xf9) : QColor(0x0e, 0x74, 0x90);
    case String:
        return m_dark ? QColor(0xfd, 0xba, 0x74) : QColor(0xb4, 0x53, 0x09);
    case Number:
        return m_dark ? QColor(0x6e, 0xe7, 0xb7) : QColor(0x04, 0x78, 0x57);
    case Operator:
        return m_dark ? QColor(0xa1, 0xa8, 0xb3) : QColor(0x4b, 0x55, 0x63);
    case Comment:
        return m_dark ? QColor(0x8b, 0x93, 0xa1) : QColor(0x6b, 0x72, 0x80);
    case Error:
        return m_dark ? QColor(0xf8, 0x71, 0x71) : QColor(0xdc, 0x26, 0x26);
    case Placeholder:
        return m_dark ? QColor(0x5e, 0xea, 0xd4) : QColor(0x0f, 0x76, 0x6e);
    default:
        return theme::colors(m_dark).editorText;
    }
}

QColor HogqlLexer::defaultPaper(int style) const
{
    // A placeholder gets a tint so the parts the run fills in stand out from the SQL around them.
    if (style == Placeholder)
        return m_dark ? QColor(0x16, 0x33, 0x30) : QColor(0xe6, 0xfa, 0xf6);
    return theme::colors(m_dark).editorPaper;
}

void HogqlLexer::setDark(bool dark)
{
    if (dark == m_dark)
        return;
    m_dark = dark;
    setDefaultColor(defaultColor(Default));
    setDefaultPaper(defaultPaper(Default));
    for (int style = 0; style < StyleCount; ++style) {
        setColor(defaultColor(style), style);
        setPaper(defaultPaper(style), style);
    }
}

QFont HogqlLexer::defaultFont(int style) const
{
    QFont font = m_baseFont;
    if (style == Keyword)
        font.setBold(true);
    if (style == Comment)
        font.setItalic(true);
    return font;
}

void HogqlLexer::setBaseFont(const QFont& font)
{
    m_baseFont = font;
    for (int style = 0; style < StyleCount; ++style)
        setFont(defaultFont(style), style);
}

int HogqlLexer::safeStart(int start) const
{
    // Scintilla starts at a line beginning; if the previous line ends inside a multi-line token
    // (block comment, string), walk back to where that token begins so it is re-tokenized whole.
    QsciScintilla* ed = editor();
    int pos = start;
    while (pos > 0) {
        const int style = int(ed->SendScintilla(QsciScintilla::SCI_GETSTYLEAT, pos - 1));
        if (!isMultiLineStyle(style))
            break;
        --pos;
    }
    if (pos == start)
        return start;
    const int line = int(ed->SendScintilla(QsciScintilla::SCI_LINEFROMPOSITION, pos));
    return int(ed->SendScintilla(QsciScintilla::SCI_POSITIONFROMLINE, line));
}

void HogqlLexer::styleText(int start, int end)
{
    QsciScintilla* ed = editor();
    if (ed == nullptr || end <= start)
        return;
    const int from = safeStart(start);
    const QByteArray bytes = ed->bytes(from, end);
    // bytes() appends a terminating NUL; it is not part of the text.
    const std::string_view text(bytes.constData(), size_t(end - from));
    const std::vector<hogql::Token> tokens = hogql::tokenize(text);

    startStyling(from);
    uint32_t styled = 0;
    for (size_t i = 0; i < tokens.size(); ++i) {
        const hogql::Token& token = tokens[i];
        if (token.kind == TokenKind::End)
            break;
        if (token.begin > styled)
            setStyling(int(token.begin - styled), Default); // whitespace
        const bool afterTemplate = i > 0 && tokens[i - 1].kind == TokenKind::TemplateString;
        if (const size_t close = afterTemplate ? 0 : placeholderEnd(tokens, i, text); close != 0) {
            setStyling(int(tokens[close].end - token.begin), Placeholder);
            styled = tokens[close].end;
            i = close;
            continue;
        }
        int style = Default;
        switch (token.kind) {
        case TokenKind::Keyword:
            style = Keyword;
            break;
        case TokenKind::Identifier: {
            const bool call = i + 1 < tokens.size() && tokens[i + 1].kind == TokenKind::Punctuation &&
                              tokens[i + 1].begin == token.end && text[token.end] == '(';
            style = call ? Function : Identifier;
            break;
        }
        case TokenKind::QuotedIdentifier:
            style = QuotedIdentifier;
            break;
        case TokenKind::String:
        case TokenKind::TemplateString:
            style = String;
            break;
        case TokenKind::Number:
            style = Number;
            break;
        case TokenKind::Operator:
        case TokenKind::Punctuation:
            style = Operator;
            break;
        case TokenKind::Comment:
            style = Comment;
            break;
        case TokenKind::Error:
            style = token.end == text.size() ? styleOfOpenToken(token.text(text)) : Error;
            break;
        case TokenKind::End:
            break;
        }
        setStyling(int(token.end - token.begin), style);
        styled = token.end;
    }
    if (styled < text.size())
        setStyling(int(text.size() - styled), Default);
}

} // namespace hogscope::ui
