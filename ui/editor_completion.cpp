#include "editor_completion.h"

#include "completion_source.h"
#include "hogql_editor.h"

#include "hogql/completion.h"
#include "hogql/functions.h"

#include <QGuiApplication>
#include <QScreen>
#include <QSet>

#include <cctype>

namespace hogscope::ui {

namespace {

constexpr int kListId = 7; // userListActivated() id of our lists
constexpr int kMaxItems = 400;

QString fromStd(const std::string& s)
{
    return QString::fromUtf8(s.data(), qsizetype(s.size()));
}

// Whether a server-provided name matches what was typed (case-insensitive prefix).
bool matches(const QString& candidate, const QString& prefix)
{
    return prefix.isEmpty() || candidate.startsWith(prefix, Qt::CaseInsensitive);
}

// A property key as HogQL needs it after `properties.`: plain when it is an identifier ($browser),
// backquoted otherwise (`Plan type`).
QString propertyKeyText(const QString& key)
{
    bool plain = !key.isEmpty() && !key.front().isDigit();
    for (const QChar c : key)
        plain = plain && (c.isLetterOrNumber() || c == QLatin1Char('_') || c == QLatin1Char('$'));
    if (plain)
        return key;
    QString escaped = key;
    escaped.replace(QLatin1Char('`'), QLatin1String("``"));
    return QLatin1Char('`') + escaped + QLatin1Char('`');
}

QString quoteString(const QString& value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    escaped.replace(QLatin1Char('\''), QLatin1String("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

// Whether QScintilla can place a popup (list or call tip) anchored at byte `position`. It asks
// QGuiApplication::screenAt() for the anchor's global point and dereferences the result without a
// check (Window::GetMonitorRect), so an anchor outside every screen (a window larger than its screen,
// the caret scrolled past the screen edge) would crash inside QScintilla: such popups are skipped.
bool popupAnchorOnScreen(HogqlEditor* editor, int position)
{
    const int x = int(editor->SendScintilla(QsciScintillaBase::SCI_POINTXFROMPOSITION, 0, position));
    const int y = int(editor->SendScintilla(QsciScintillaBase::SCI_POINTYFROMPOSITION, 0, position));
    const QPoint global = editor->viewport()->mapToGlobal(QPoint(x, y));
    return QGuiApplication::screenAt(global) != nullptr;
}

} // namespace

EditorCompletion::EditorCompletion(HogqlEditor* editor)
    : QObject(editor)
    , m_editor(editor)
{
    connect(editor, &QsciScintilla::userListActivated, this, &EditorCompletion::onChosen);
    connect(editor, &QsciScintilla::SCN_CHARADDED, this, &EditorCompletion::onCharAdded);
}

void EditorCompletion::setSource(CompletionSource* source)
{
    if (m_source)
        m_source->disconnect(this);
    m_source = source;
    if (m_source) {
        // fresh keys while the list is open: show the longer list
        connect(m_source, &CompletionSource::updated, this, [this] {
            if (m_editor->isListActive())
                trigger();
        });
    }
}

QStringList EditorCompletion::trigger()
{
    const QByteArray utf8 = m_editor->text().toUtf8();
    const int offset = int(m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS));
    const hogql::CompletionContext context =
        hogql::complete(std::string_view(utf8.constData(), size_t(utf8.size())), uint32_t(offset));
    m_candidates.clear();
    m_quoteValue = false;
    if (context.inComment || (context.kinds.empty() && context.items.empty())) {
        m_editor->cancelList();
        return m_candidates;
    }
    m_replaceBegin = int(context.prefixBegin);
    m_replaceEnd = int(context.wordEnd);
    const QString prefix = fromStd(context.prefix);
    QSet<QString> seen;
    auto add = [&](const QString& text) {
        if (!text.isEmpty() && !seen.contains(text) && m_candidates.size() < kMaxItems) {
            seen.insert(text);
            m_candidates.push_back(text);
        }
    };
    // what the server knows goes first where it is what the user is after
    if (m_source) {
        if (context.allows(hogql::CompletionKind::PropertyKey) && context.property) {
            for (const QString& key : m_source->propertyKeys(fromStd(context.property->propertyType))) {
                if (matches(key, prefix) || matches(propertyKeyText(key), prefix))
                    add(propertyKeyText(key));
            }
        }
        if (context.allows(hogql::CompletionKind::PropertyValue) && context.property) {
            m_quoteValue = !context.inString;
            const QString bare = prefix.startsWith(QLatin1Char('\'')) ? prefix.mid(1) : prefix;
            for (const QString& value : m_source->propertyValues(fromStd(context.property->propertyType),
                                                                 fromStd(context.property->key))) {
                if (matches(value, bare))
                    add(m_quoteValue ? quoteString(value) : value);
            }
        }
        if (context.allows(hogql::CompletionKind::EventName)) {
            for (const QString& name : m_source->eventNames()) {
                if (matches(name, prefix))
                    add(name);
            }
        }
    }
    for (const hogql::CompletionItem& item : context.items)
        add(fromStd(item.name));
    if (m_candidates.isEmpty()) {
        m_editor->cancelList();
        return m_candidates;
    }
    // the list is anchored at the cursor (a user list starts with nothing entered)
    const int cursor = int(m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS));
    if (!popupAnchorOnScreen(m_editor, cursor) || !popupAnchorOnScreen(m_editor, m_replaceBegin)) {
        m_editor->cancelList();
        m_candidates.clear();
        return m_candidates;
    }
    m_editor->showUserList(kListId, m_candidates);
    return m_candidates;
}

void EditorCompletion::onChosen(int id, const QString& text)
{
    if (id != kListId)
        return;
    // replace the whole word under the cursor with the choice, as one undo step
    m_editor->SendScintilla(QsciScintillaBase::SCI_SETSEL, m_replaceBegin, m_replaceEnd);
    m_editor->replaceSelectedText(text);
    const hogql::FunctionInfo* function = hogql::findFunction(text.toStdString());
    if (function != nullptr && function->maxArgs != 0) {
        m_editor->insert(QStringLiteral("()"));
        const int pos = int(m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS));
        m_editor->SendScintilla(QsciScintillaBase::SCI_GOTOPOS, pos + 1);
        showCallTip();
    }
}

void EditorCompletion::onCharAdded(int ch)
{
    if (ch == '.' || ch == '{')
        trigger();
    else if (ch == '(')
        showCallTip();
    else if (ch == ')')
        m_editor->SendScintilla(QsciScintillaBase::SCI_CALLTIPCANCEL);
}

QString EditorCompletion::showCallTip()
{
    // the identifier before the innermost unclosed `(` left of the cursor
    const QByteArray utf8 = m_editor->text().toUtf8();
    int pos = int(m_editor->SendScintilla(QsciScintillaBase::SCI_GETCURRENTPOS));
    int depth = 0;
    int open = -1;
    for (int i = std::min(pos, int(utf8.size())) - 1; i >= 0 && pos - i < 2000; --i) {
        const char c = utf8[i];
        if (c == ')')
            ++depth;
        else if (c == '(') {
            if (depth == 0) {
                open = i;
                break;
            }
            --depth;
        }
    }
    if (open <= 0)
        return QString();
    int end = open;
    while (end > 0 && utf8[end - 1] == ' ')
        --end;
    int begin = end;
    while (begin > 0 && (std::isalnum(uchar(utf8[begin - 1])) || utf8[begin - 1] == '_'))
        --begin;
    const std::string name(utf8.constData() + begin, size_t(end - begin));
    const hogql::FunctionInfo* function = hogql::findFunction(name);
    if (function == nullptr)
        return QString();
    QString signature = fromStd(function->signature);
    if (signature.isEmpty()) {
        signature = fromStd(function->name) + QLatin1Char('(');
        if (function->maxArgs == hogql::FunctionInfo::kUnlimited)
            signature += tr("%n or more argument(s)", nullptr, function->minArgs);
        else
            signature += tr("%n argument(s)", nullptr, function->maxArgs);
        signature += QLatin1Char(')');
    }
    if (function->isAggregate())
        signature += tr("  · aggregate");
    if (!function->notes.empty())
        signature += QLatin1Char('\n') + fromStd(function->notes);
    if (!popupAnchorOnScreen(m_editor, open))
        return QString(); // see popupAnchorOnScreen: QScintilla would crash placing it
    m_editor->SendScintilla(QsciScintillaBase::SCI_CALLTIPSHOW, open, signature.toUtf8().constData());
    return signature;
}

} // namespace hogscope::ui
