#pragma once

// The HogQL text editor widget.

#include "qscintilla.h"

#include <QKeySequence>
#include <QList>
#include <QString>

class QTimer;

namespace hogscope::ui {

class HogqlLexer;

// A problem to underline in the editor; [begin, end) are byte offsets into the document.
struct EditorDiagnostic
{
    int begin = 0;
    int end = 0;
    QString message;
};

// QScintilla editor with the app-wide behaviour for HogQL: monospace font, line numbers, current
// line highlight, syntax errors underlined (checked with hogql::parseSelect, debounced after
// typing) and server errors underlined at their position, each with its message on hover.
class HogqlEditor : public QsciScintilla
{
    Q_OBJECT
public:
    explicit HogqlEditor(QWidget* parent = nullptr);
    ~HogqlEditor() override;

    // Byte range [begin, end) of the statement to run: the selection if any, otherwise the
    // `;`-separated statement under the cursor (comments and blank space trimmed away).
    struct Range
    {
        int begin = 0;
        int end = 0;
        bool isEmpty() const { return end <= begin; }
    };
    Range statementToRun() const;
    // Every statement of the document, in order (what "Run All" runs).
    QList<Range> allStatements() const;
    // UTF-8 text of a byte range of the document.
    QString textOfRange(Range range) const;

    // Shortcuts the editor lets through to the window's actions instead of consuming them
    // (Scintilla binds e.g. Ctrl+T to "transpose lines").
    void reserveShortcut(const QKeySequence& sequence);

    // Underlines a server-reported error (cleared on the next edit or run).
    void setServerError(const EditorDiagnostic& diagnostic);
    // Underlines what the server's HogQLMetadata check found (replacing earlier server marks; cleared
    // on the next edit like them).
    void setServerErrors(const QList<EditorDiagnostic>& diagnostics);
    void clearServerError();
    QList<EditorDiagnostic> serverErrors() const { return m_serverErrors; }

    QList<EditorDiagnostic> syntaxErrors() const { return m_syntaxErrors; }
    // The message of the diagnostic covering byte `position`, or an empty string.
    QString diagnosticAt(int position) const;
    // True when the error indicator is set at byte `position`.
    bool hasErrorIndicatorAt(int position) const;

    // Runs the syntax check now instead of waiting for the debounce (also used by tests).
    void checkSyntaxNow();
    void setSyntaxCheckDelay(int milliseconds);
    void setEditorFont(const QFont& font);

    // Light or dark editor colours (lexer, margins, caret line, selection, error marks). Called on
    // construction and whenever the application palette turns from light to dark or back.
    void applyColorScheme(bool dark);
    bool isDarkScheme() const { return m_dark; }
    HogqlLexer* hogqlLexer() const { return m_lexer; }

Q_SIGNALS:
    void diagnosticsChanged();

protected:
    bool event(QEvent* event) override;

private:
    void onTextChanged();
    void updateMarginWidth();
    void repaintIndicators();
    void showDiagnosticTip(int position, int x, int y);

    HogqlLexer* m_lexer = nullptr;
    QTimer* m_syntaxTimer = nullptr;
    int m_errorIndicator = -1;
    QList<EditorDiagnostic> m_syntaxErrors;
    QList<EditorDiagnostic> m_serverErrors;
    QList<QKeySequence> m_reservedShortcuts;
    int m_marginDigits = 0;
    bool m_dark = false;
};

} // namespace hogscope::ui
