#pragma once

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QTimer>

#include <cstdio>

namespace hogscope::api {
struct QueryProgress;
}

namespace hogscope::cli {

// Progress of a command-line run on stderr: on a terminal one redrawn status line with a bar; to
// a file or pipe plain lines, at most one progress line a second so logs stay readable.
class ProgressPrinter : public QObject
{
    Q_OBJECT
public:
    // `interactive`: draw the bar (stderr is a terminal); `quiet`: print errors only.
    ProgressPrinter(std::FILE* stream, bool interactive, bool quiet, QObject* parent = nullptr);
    ~ProgressPrinter() override;

    bool isInteractive() const { return m_interactive; }

    // A line that stays (clears the bar first); shown even when quiet if `important`.
    void line(const QString& text, bool important = false);
    // Replaces the live status: "queued", "running", ... (no bar).
    void status(const QString& text);
    // Work with a known or unknown total: bar when the total is known, else a count.
    void progress(const QString& label, qint64 done, qint64 total, const QString& unit);
    void queryProgress(const api::QueryProgress& progress);
    // Removes the live line (before output goes to the same terminal, and at the end).
    void clear();

    // Terminal columns of the stream, 80 when unknown.
    int columns() const;

private:
    void redraw();

    std::FILE* m_stream;
    bool m_interactive;
    bool m_quiet;
    QString m_live; // the text of the live line, without the elapsed time
    bool m_liveShown = false;
    QElapsedTimer m_started;
    QElapsedTimer m_lastPlain;
    QTimer m_tick; // keeps the elapsed time moving on a terminal
    int m_spinner = 0;
};

} // namespace hogscope::cli
