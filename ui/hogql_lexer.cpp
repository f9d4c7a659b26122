#include "hogql_lexer.h"

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
    default:
        return QString();
    }
}

QColor HogqlLexer::defaultColor(int style) const
{
    switch (style) {
    case Keyword:
        return QColor(0x1d, 0x4a, 0xd6);
    case Function:
        return QColor(0x7c, 0x3a, 0xed);
    case QuotedIdentifier:
        return QColor(0x0e, 0x74, 0x90);
    case String:
        return QColor(0xb4, 0x53, 0x09);
    case Number:
        return QColor(0x04, 0x78, 0x57);
    case Operator:
        return QColor(0x4b, 0x55, 0x63);
    case Comment:
        return QColor(0x6b, 0x72, 0x80);
    case Error:
        return QColor(0xdc, 0x26, 0x26);
    default:
        return QColor(0x1f, 0x29, 0x37);
    }
}

QColor HogqlLexer::defaultPaper(int style) const
{
    Q_UNUSED(style)
    return QColor(Qt::white);
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
