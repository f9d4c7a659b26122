#pragma once

// Completion and call tips for a HogqlEditor: Ctrl+Space (and typing `.` or `{`) asks the language
// library what may stand at the cursor, merges what the server knows (property keys and values, event
// names, from a CompletionSource) and shows one list; choosing an item replaces the word at the cursor.
// Typing `(` after a function shows its signature.

#include <QObject>
#include <QPointer>
#include <QStringList>

#include <string>
#include <vector>

namespace hogscope::ui {

class CompletionSource;
class HogqlEditor;

class EditorCompletion : public QObject
{
    Q_OBJECT
public:
    explicit EditorCompletion(HogqlEditor* editor);

    // Server-side candidates (not owned; null = library candidates only).
    void setSource(CompletionSource* source);

    // Shows the list for the cursor position; returns the candidates shown (empty: nothing shown).
    QStringList trigger();
    // The signature of the function whose argument list the cursor is in, shown as a call tip.
    QString showCallTip();

    QStringList lastCandidates() const { return m_candidates; }

private:
    void onCharAdded(int ch);
    void onChosen(int id, const QString& text);

    HogqlEditor* m_editor = nullptr;
    QPointer<CompletionSource> m_source;
    QStringList m_candidates;
    int m_replaceBegin = 0; // byte range the chosen item replaces
    int m_replaceEnd = 0;
    bool m_quoteValue = false; // a property value typed without its opening quote
};

} // namespace hogscope::ui
