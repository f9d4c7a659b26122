#include "hogql_editor.h"

#include "hogql/lexer.h"
#include "hogql/parser.h"
#include "hogql/statements.h"
#include "hogql_lexer.h"
#include "theme.h"

#include <QFontDatabase>
#include <QFontMetrics>
#include <QKeyEvent>
#include <QTimer>
#include <QToolTip>

#include <string_view>

namespace hogscope::ui {

namespace {

constexpr int kErrorIndicatorNumber = 8; // indicators 0-7 are reserved for lexers

} // namespace

HogqlEditor::HogqlEditor(QWidget* parent)
    : QsciScintilla(parent)
    , m_lexer(new HogqlLexer(this))
    , m_syntaxTimer(new QTimer(this))
{
    setUtf8(true);
    setLexer(m_lexer);
    QFont font = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    font.setPointSizeF(std::max(font.pointSizeF(), 10.5));
    setEditorFont(font);

    setMarginType(0, NumberMargin);
    setMarginLineNumbers(0, true);
    setMarginWidth(1, 0);
    setCaretLineVisible(true);
    setCaretWidth(2);
    setIndentationsUseTabs(false);
    setTabWidth(4);
    setAutoIndent(true);
    setBraceMatching(SloppyBraceMatch);
    setWrapMode(WrapNone);
    setScrollWidthTracking(true);
    setScrollWidth(1);

    m_errorIndicator = indicatorDefine(SquiggleLowIndicator, kErrorIndicatorNumber);
    setIndicatorDrawUnder(true, m_errorIndicator);
    applyColorScheme(theme::isDarkApplication());
    SendScintilla(SCI_SETMOUSEDWELLTIME, 400);

    m_syntaxTimer->setSingleShot(true);
    m_syntaxTimer->setInterval(250);
    connect(m_syntaxTimer, &QTimer::timeout, this, &HogqlEditor::checkSyntaxNow);
    connect(this, &QsciScintilla::textChanged, this, &HogqlEditor::onTextChanged);
    connect(this, &QsciScintillaBase::SCN_DWELLSTART, this, &HogqlEditor::showDiagnosticTip);
    connect(this, &QsciScintillaBase::SCN_DWELLEND, this, [](int, int, int) { QToolTip::hideText(); });
    updateMarginWidth();
}

HogqlEditor::~HogqlEditor() = default;

void HogqlEditor::setEditorFont(const QFont& font)
{
    setFont(font);
    m_lexer->setBaseFont(font);
    setMarginsFont(font);
    m_marginDigits = 0;
    updateMarginWidth();
}

void HogqlEditor::setSyntaxCheckDelay(int milliseconds)
{
    m_syntaxTimer->setInterval(milliseconds);
}

void HogqlEditor::reserveShortcut(const QKeySequence& sequence)
{
    if (!sequence.isEmpty() && !m_reservedShortcuts.contains(sequence))
        m_reservedShortcuts.append(sequence);
}

void HogqlEditor::applyColorScheme(bool dark)
{
    m_dark = dark; // first: a palette event raised while restyling must not recurse
    const theme::Colors& c = theme::colors(dark);
    m_lexer->setDark(dark);
    setPaper(c.editorPaper);
    setColor(c.editorText);
    setMarginsBackgroundColor(c.marginBackground);
    setMarginsForegroundColor(c.marginText);
    setCaretLineBackgroundColor(c.caretLine);
    setCaretForegroundColor(c.caret);
    setSelectionBackgroundColor(c.selection);
    resetSelectionForegroundColor(); // selected text keeps its syntax colours
    setMatchedBraceBackgroundColor(c.matchedBrace);
    setMatchedBraceForegroundColor(c.editorText);
    setIndicatorForegroundColor(c.errorIndicator, m_errorIndicator);
}

bool HogqlEditor::event(QEvent* event)
{
    // Qt 6.4 has no colour-scheme signal: a system switch arrives as a new application palette.
    if (event->type() == QEvent::ApplicationPaletteChange || event->type() == QEvent::PaletteChange ||
        event->type() == QEvent::ThemeChange || event->type() == QEvent::StyleChange) {
        const bool dark = theme::isDarkApplication();
        if (dark != m_dark)
            applyColorScheme(dark);
    }
    // Let the window's shortcuts win over Scintilla's own key bindings; Esc is only given away
    // while no completion list or call tip needs it.
    if (event->type() == QEvent::ShortcutOverride) {
        auto* key = static_cast<QKeyEvent*>(event);
        const QKeySequence pressed(key->keyCombination());
        const bool escape = key->key() == Qt::Key_Escape && key->modifiers() == Qt::NoModifier;
        if ((escape && !isListActive() && !isCallTipActive()) || m_reservedShortcuts.contains(pressed)) {
            event->ignore();
            return true;
        }
    }
    return QsciScintilla::event(event);
}

void HogqlEditor::onTextChanged()
{
    updateMarginWidth();
    if (!m_serverErrors.isEmpty()) {
        m_serverErrors.clear();
        repaintIndicators();
        Q_EMIT diagnosticsChanged();
    }
    m_syntaxTimer->start();
}

void HogqlEditor::updateMarginWidth()
{
    int digits = 2;
    for (int n = lines(); n >= 100; n /= 10)
        ++digits;
    if (digits == m_marginDigits)
        return;
    m_marginDigits = digits;
    setMarginWidth(0, QString(digits + 1, QLatin1Char('9')));
}

void HogqlEditor::checkSyntaxNow()
{
    m_syntaxTimer->stop();
    const QByteArray bytes = text().toUtf8();
    const std::string_view text(bytes.constData(), size_t(bytes.size()));
    QList<EditorDiagnostic> errors;
    for (const hogql::StatementRange& statement : hogql::splitStatements(text)) {
        // Parse from the statement start so offsets only need shifting by `begin`.
        const auto result = hogql::parseSelect(text.substr(statement.begin, statement.end - statement.begin));
        for (const hogql::SyntaxError& error : result.errors) {
            EditorDiagnostic diagnostic;
            diagnostic.begin = int(statement.begin + error.begin);
            diagnostic.end = int(statement.begin + std::max(error.end, error.begin + 1));
            diagnostic.end = std::min(diagnostic.end, int(bytes.size()));
            diagnostic.begin = std::min(diagnostic.begin, diagnostic.end);
            if (diagnostic.begin == diagnostic.end && diagnostic.begin > 0)
                --diagnostic.begin; // an error at the very end still gets a visible mark
            diagnostic.message = QString::fromStdString(error.message);
            errors.append(diagnostic);
        }
    }
    m_syntaxErrors = errors;
    repaintIndicators();
    Q_EMIT diagnosticsChanged();
}

void HogqlEditor::setServerError(const EditorDiagnostic& diagnostic)
{
    m_serverErrors = {diagnostic};
    repaintIndicators();
    Q_EMIT diagnosticsChanged();
}

void HogqlEditor::setServerErrors(const QList<EditorDiagnostic>& diagnostics)
{
    m_serverErrors = diagnostics;
    repaintIndicators();
    Q_EMIT diagnosticsChanged();
}

void HogqlEditor::clearServerError()
{
    if (m_serverErrors.isEmpty())
        return;
    m_serverErrors.clear();
    repaintIndicators();
    Q_EMIT diagnosticsChanged();
}

void HogqlEditor::repaintIndicators()
{
    const int length = int(SendScintilla(SCI_GETLENGTH));
    SendScintilla(SCI_SETINDICATORCURRENT, m_errorIndicator);
    SendScintilla(SCI_INDICATORCLEARRANGE, 0, length);
    for (const QList<EditorDiagnostic>* list : {&m_syntaxErrors, &m_serverErrors}) {
        for (const EditorDiagnostic& diagnostic : *list) {
            const int begin = std::clamp(diagnostic.begin, 0, length);
            const int end = std::clamp(diagnostic.end, begin, length);
            if (end > begin)
                SendScintilla(SCI_INDICATORFILLRANGE, begin, end - begin);
        }
    }
}

QString HogqlEditor::diagnosticAt(int position) const
{
    for (const QList<EditorDiagnostic>* list : {&m_serverErrors, &m_syntaxErrors}) {
        for (const EditorDiagnostic& diagnostic : *list) {
            if (position >= diagnostic.begin && position < std::max(diagnostic.end, diagnostic.begin + 1))
                return diagnostic.message;
        }
    }
    return QString();
}

bool HogqlEditor::hasErrorIndicatorAt(int position) const
{
    return SendScintilla(SCI_INDICATORVALUEAT, m_errorIndicator, position) != 0;
}

void HogqlEditor::showDiagnosticTip(int position, int x, int y)
{
    if (position < 0)
        return;
    const QString message = diagnosticAt(position);
    if (message.isEmpty())
        return;
    QToolTip::showText(viewport()->mapToGlobal(QPoint(x, y)), message, viewport());
}

HogqlEditor::Range HogqlEditor::statementToRun() const
{
    if (hasSelectedText()) {
        const int a = int(SendScintilla(SCI_GETSELECTIONSTART));
        const int b = int(SendScintilla(SCI_GETSELECTIONEND));
        return {std::min(a, b), std::max(a, b)};
    }
    const QByteArray bytes = text().toUtf8();
    const std::string_view text(bytes.constData(), size_t(bytes.size()));
    const auto cursor = uint32_t(SendScintilla(SCI_GETCURRENTPOS));
    const std::vector<hogql::StatementRange> statements = hogql::splitStatements(text);
    if (statements.empty())
        return {};
    // The cursor belongs to a statement from the end of the previous one through its own `;` (a
    // cursor right after a `;` still means the statement it closes); past the last, to the last.
    const hogql::StatementRange* chosen = &statements.back();
    for (const hogql::StatementRange& statement : statements) {
        const uint32_t last =
            statement.terminator == hogql::StatementRange::npos ? statement.end : statement.terminator + 1;
        if (cursor <= last) {
            chosen = &statement;
            break;
        }
    }
    return {int(chosen->begin), int(chosen->end)};
}

QList<HogqlEditor::Range> HogqlEditor::allStatements() const
{
    const QByteArray bytes = text().toUtf8();
    QList<Range> ranges;
    for (const hogql::StatementRange& statement :
         hogql::splitStatements(std::string_view(bytes.constData(), size_t(bytes.size()))))
        ranges.push_back({int(statement.begin), int(statement.end)});
    return ranges;
}

QString HogqlEditor::textOfRange(Range range) const
{
    if (range.isEmpty())
        return QString();
    return QString::fromUtf8(bytes(range.begin, range.end).chopped(1));
}

} // namespace hogscope::ui
