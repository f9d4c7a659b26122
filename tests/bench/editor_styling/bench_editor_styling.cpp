// Cost of styling HogQL as the user types in a 5,000-line script: the time from a keystroke to the
// styled screen, for the HogQL editor (our QsciLexerCustom over the HogQL lexer) and, as the
// baseline in the same run, QScintilla's own SQL lexer on the same text. Also the full-document
// styling and the debounced syntax check (all statements parsed) that follows a pause in typing.
// Prints figures and the ratios to the baseline; never fails on speed. The target is at most 16 ms
// per keystroke.

#include "ui/hogql_editor.h"

// QScintilla spells `signals` and `slots`, which QT_NO_KEYWORDS removes (see ui/qscintilla.h).
#define signals Q_SIGNALS
#define slots Q_SLOTS
#include <Qsci/qscilexersql.h>
#undef signals
#undef slots

#include <QApplication>
#include <QElapsedTimer>
#include <QString>

#include <algorithm>
#include <cstdio>
#include <vector>

namespace {

QString makeScript(int lines)
{
    // Realistic statements, with the multi-line tokens that make restyling expensive.
    const QStringList statements = {
        QStringLiteral("SELECT event, count() AS n\nFROM events\nWHERE timestamp > now() - INTERVAL 7 DAY\n"
                       "GROUP BY event\nORDER BY n DESC\nLIMIT 100;"),
        QStringLiteral("/* daily active users,\n   by browser */\nSELECT toStartOfDay(timestamp) AS day,\n"
                       "       properties.$browser AS browser,\n       uniq(person_id) AS users\n"
                       "FROM events\nGROUP BY day, browser;"),
        QStringLiteral("SELECT person.properties.email, 'it''s a string', f'{event} at {timestamp}'\n"
                       "FROM events -- trailing comment\nWHERE event IN ('$pageview', '$autocapture');"),
        QStringLiteral("WITH signups AS (\n    SELECT distinct_id FROM events WHERE event = 'signed_up'\n)\n"
                       "SELECT count() FROM signups;"),
    };
    QString script;
    int count = 0;
    for (int i = 0; count < lines; ++i) {
        const QString& s = statements[size_t(i) % statements.size()];
        script += s;
        script += QLatin1Char('\n');
        count += int(s.count(QLatin1Char('\n'))) + 1;
    }
    return script;
}

struct Figures
{
    double fullMs = 0;
    double medianMs = 0;
    double p95Ms = 0;
    double maxMs = 0;
    double commentMs = 0; // opening a block comment near the top
};

double msSince(const QElapsedTimer& t)
{
    return double(t.nsecsElapsed()) / 1e6;
}

// Styles what is on screen around `line`, as a repaint after the keystroke would.
void styleScreenAround(QsciScintilla& editor, int line)
{
    const int first = std::max(0, line - 30);
    const int last = std::min(editor.lines() - 1, line + 30);
    const long from = editor.SendScintilla(QsciScintilla::SCI_POSITIONFROMLINE, first);
    const long to = editor.SendScintilla(QsciScintilla::SCI_GETLINEENDPOSITION, last);
    editor.SendScintilla(QsciScintilla::SCI_COLOURISE, from, to);
}

Figures measure(QsciScintilla& editor, const QString& script)
{
    Figures f;
    editor.setText(script);
    QElapsedTimer t;
    t.start();
    editor.SendScintilla(QsciScintilla::SCI_COLOURISE, 0L, -1L);
    f.fullMs = msSince(t);

    std::vector<double> samples;
    const int lines = editor.lines();
    for (int k = 0; k < 400; ++k) {
        const int line = int((long(k) * 7919) % lines);
        editor.setCursorPosition(line, 0);
        t.restart();
        editor.insert(k % 2 ? QStringLiteral("x") : QStringLiteral("'"));
        styleScreenAround(editor, line);
        QCoreApplication::processEvents(); // the editor's own reactions to the change
        samples.push_back(msSince(t));
    }
    std::sort(samples.begin(), samples.end());
    f.medianMs = samples[samples.size() / 2];
    f.p95Ms = samples[samples.size() * 95 / 100];
    f.maxMs = samples.back();

    // The worst single keystroke: `/*` at the top turns everything after it into a comment.
    editor.setCursorPosition(5, 0);
    t.restart();
    editor.insert(QStringLiteral("/*"));
    styleScreenAround(editor, 5);
    QCoreApplication::processEvents();
    f.commentMs = msSince(t);
    return f;
}

void print(const char* name, const Figures& f)
{
    std::printf("%s_full_document: %.2f ms\n", name, f.fullMs);
    std::printf("%s_keystroke_median: %.3f ms\n", name, f.medianMs);
    std::printf("%s_keystroke_p95: %.3f ms\n", name, f.p95Ms);
    std::printf("%s_keystroke_max: %.3f ms\n", name, f.maxMs);
    std::printf("%s_open_block_comment: %.3f ms\n", name, f.commentMs);
}

} // namespace

int main(int argc, char** argv)
{
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    const QString script = makeScript(5000);

    hogscope::ui::HogqlEditor hogql;
    hogql.resize(1000, 800);
    hogql.show();
    const Figures ours = measure(hogql, script);

    // The debounced check once typing pauses: every statement parsed, errors underlined.
    hogql.setText(script);
    QElapsedTimer t;
    t.start();
    hogql.checkSyntaxNow();
    const double checkMs = msSince(t);

    QsciScintilla sql;
    QsciLexerSQL lexer;
    sql.setLexer(&lexer);
    sql.resize(1000, 800);
    sql.show();
    const Figures base = measure(sql, script);

    std::printf("script_lines: %d lines\n", hogql.lines());
    std::printf("script_bytes: %lld bytes\n", static_cast<long long>(script.toUtf8().size()));
    print("hogql", ours);
    print("qscintilla_sql", base);
    std::printf("hogql_syntax_check: %.2f ms\n", checkMs);
    std::printf("ratio hogql_keystroke_median_vs_sql_lexer: %.2f\n", ours.medianMs / base.medianMs);
    std::printf("ratio hogql_keystroke_p95_vs_sql_lexer: %.2f\n", ours.p95Ms / base.p95Ms);
    std::printf("ratio hogql_full_document_vs_sql_lexer: %.2f\n", ours.fullMs / base.fullMs);
    return 0;
}
