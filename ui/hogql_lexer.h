#pragma once

// Syntax highlighting of HogQL in the editor, driven by the real HogQL tokenizer.

#include "qscintilla.h"

namespace hogscope::ui {

// QScintilla lexer for HogQL: styles keywords, identifiers, functions, strings, numbers, comments
// and operators from hogql::tokenize(), restyling only the range Scintilla asks for (widened back
// to the start of a token that spans lines, such as a block comment).
class HogqlLexer : public QsciLexerCustom
{
    Q_OBJECT
public:
    enum Style
    {
        Default = 0,
        Keyword,
        Identifier,
        Function, // an identifier directly followed by '('
        QuotedIdentifier,
        String,
        Number,
        Operator,
        Comment,
        Error,
        Placeholder, // `{name}` / `{variables.x}`: filled from the Placeholders panel when run
        StyleCount,
    };

    explicit HogqlLexer(QObject* parent = nullptr);

    const char* language() const override;
    QString description(int style) const override;
    void styleText(int start, int end) override;

    QColor defaultColor(int style) const override;
    QColor defaultPaper(int style) const override;
    QFont defaultFont(int style) const override;

    // The font every style derives from (the editor's monospace font).
    void setBaseFont(const QFont& font);

    // Light or dark colours (the editor follows the application palette); restyles every style.
    void setDark(bool dark);
    bool isDark() const { return m_dark; }

private:
    int safeStart(int start) const;

    QFont m_baseFont;
    bool m_dark = false;
};

} // namespace hogscope::ui
