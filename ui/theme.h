#pragma once

// Light and dark appearance: which one the system asks for, and the few colours the app draws itself.

#include <QColor>
#include <QIcon>

#include <functional>

class QPalette;
class QWidget;

namespace hogscope::ui::theme {

// Qt 6.4 has no QStyleHints::colorScheme: a palette whose window colour is dark asks for dark.
bool isDark(const QPalette& palette);
// The application's palette decides (what the platform theme or the user set).
bool isDarkApplication();

// Colours of our own surfaces that have to read well on both (editor chrome, inline messages).
struct Colors
{
    QColor editorPaper;
    QColor editorText;
    QColor marginBackground;
    QColor marginText;
    QColor caretLine;
    QColor caret;
    QColor selection;
    QColor matchedBrace;
    QColor errorIndicator;
    QColor errorBackground; // inline error line
    QColor errorText;
    QColor errorBorder;
    QColor noticeBackground; // inline notices (the Ask box)
    QColor noticeText;
    QColor noticeBorder;
    QColor mutedText;
    QColor success;
};
const Colors& colors(bool dark);
const Colors& currentColors();

// `icon` for the current scheme: on dark, its dark glyphs (the style's black media icons) are
// repainted in `color` so they keep their contrast; on light it is returned as it is.
QIcon iconForScheme(const QIcon& icon, bool dark, const QColor& color);

// Style sheet of an inline message line (error or notice) in the current scheme.
QString errorLineStyle(bool dark);
QString noticeLineStyle(bool dark);

// Calls `apply(dark)` now and again whenever the scheme flips (an application or widget palette
// change that turns light into dark or back), for widgets whose colours are style sheets or fixed
// brushes. Lives as long as `widget`; repeated palette events with the same scheme do nothing, so
// `apply` may itself set style sheets (which send PaletteChange) without looping.
void followScheme(QWidget* widget, std::function<void(bool dark)> apply);

// A style sheet fragment for short error text (`color:...;`) in the current scheme.
QString errorTextStyle(bool dark);

} // namespace hogscope::ui::theme
