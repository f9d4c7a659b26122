#include "cli/progress_printer.h"

#include "api/query_result.h"

#include <algorithm>

#include <sys/ioctl.h>
#include <unistd.h>

namespace hogscope::cli {

namespace {

QString humanCount(qint64 n)
{
    if (n >= 10'000'000)
        return QStringLiteral("%1M").arg(double(n) / 1e6, 0, 'f', 1);
    if (n >= 100'000)
        return QStringLiteral("%1k").arg(double(n) / 1e3, 0, 'f', 0);
    return QString::number(n);
}

} // namespace

ProgressPrinter::ProgressPrinter(std::FILE* stream, bool interactive, bool quiet, QObject* parent)
    : QObject(parent)
    , m_stream(stream)
    , m_interactive(interactive)
    , m_quiet(quiet)
{
    m_started.start();
    m_tick.setInterval(250);
    connect(&m_tick, &QTimer::timeout, this, [this] {
        ++m_spinner;
        redraw();
    });
}

ProgressPrinter::~ProgressPrinter()
{
    clear();
}

int ProgressPrinter::columns() const
{
    winsize size{};
    if (::ioctl(::fileno(m_stream), TIOCGWINSZ, &size) == 0 && size.ws_col > 10)
        return size.ws_col;
    return 80;
}

void ProgressPrinter::clear()
{
    m_tick.stop();
    m_live.clear();
    if (m_interactive && m_liveShown) {
        std::fputs("\r\033[K", m_stream);
        std::fflush(m_stream);
    }
    m_liveShown = false;
}

void ProgressPrinter::line(const QString& text, bool important)
{
    if (m_quiet && !important)
        return;
    const QString live = m_live;
    if (m_interactive && m_liveShown)
        std::fputs("\r\033[K", m_stream);
    m_liveShown = false;
    std::fprintf(m_stream, "%s\n", text.toLocal8Bit().constData());
    std::fflush(m_stream);
    if (m_interactive && !live.isEmpty())
        redraw(); // the status line comes back under the message
}

void ProgressPrinter::status(const QString& text)
{
    if (m_quiet)
        return;
    if (!m_interactive) {
        if (text != m_live)
            line(text);
        m_live = text;
        return;
    }
    m_live = text;
    if (!m_tick.isActive())
        m_tick.start();
    redraw();
}

void ProgressPrinter::progress(const QString& label, qint64 done, qint64 total, const QString& unit)
{
    if (m_quiet)
        return;
    if (!m_interactive) {
        // Plain lines: the first, then one a second, and the last.
        if (m_lastPlain.isValid() && m_lastPlain.elapsed() < 1000 && (total <= 0 || done < total))
            return;
        m_lastPlain.start();
        if (total > 0)
            line(QStringLiteral("%1: %2/%3 %4 (%5%)")
                     .arg(label)
                     .arg(done)
                     .arg(total)
                     .arg(unit)
                     .arg(done * 100 / total));
        else
            line(QStringLiteral("%1: %2 %3").arg(label).arg(done).arg(unit));
        return;
    }
    QString text = label;
    if (total > 0) {
        const int percent = int(std::clamp<qint64>(done * 100 / total, 0, 100));
        const int barWidth = 24;
        const int filled = percent * barWidth / 100;
        text += QStringLiteral(" [%1%2] %3% %4/%5 %6")
                    .arg(QString(filled, QLatin1Char('#')), QString(barWidth - filled, QLatin1Char('.')))
                    .arg(percent, 3)
                    .arg(humanCount(done), humanCount(total), unit);
    } else if (done > 0) {
        text += QStringLiteral(" %1 %2").arg(humanCount(done), unit);
    }
    m_live = text;
    if (!m_tick.isActive())
        m_tick.start();
    redraw();
}

void ProgressPrinter::queryProgress(const api::QueryProgress& progress)
{
    // PostHog's estimate can trail the rows actually read; never show more than 100 %.
    const qint64 total =
        progress.estimatedRowsTotal > 0 ? std::max(progress.estimatedRowsTotal, progress.rowsRead) : 0;
    this->progress(QStringLiteral("running"), progress.rowsRead, total, QStringLiteral("rows"));
}

void ProgressPrinter::redraw()
{
    if (!m_interactive || m_live.isEmpty())
        return;
    static const char spinner[] = "|/-\\";
    const QString elapsed = QStringLiteral("%1 s").arg(double(m_started.elapsed()) / 1000.0, 0, 'f', 1);
    QString text =
        QStringLiteral("%1 %2  %3").arg(QString(QLatin1Char(spinner[m_spinner % 4])), m_live, elapsed);
    const int width = columns() - 1;
    if (text.size() > width)
        text = text.left(width);
    std::fprintf(m_stream, "\r\033[K%s", text.toLocal8Bit().constData());
    std::fflush(m_stream);
    m_liveShown = true;
}

} // namespace hogscope::cli
