#include "import_lines.h"

#include <QFile>

#include <cerrno>
#include <cstring>

namespace hogscope::local {

namespace {

constexpr size_t kWindow = 4 << 20; // read size; lines longer than this grow the window

} // namespace

ImportLines::ImportLines() = default;

ImportLines::~ImportLines()
{
    if (m_file)
        std::fclose(m_file);
}

bool ImportLines::open(const QString& path)
{
    m_file = std::fopen(QFile::encodeName(path).constData(), "rb");
    if (!m_file) {
        m_error = QStringLiteral("cannot open: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        return false;
    }
    if (std::fseek(m_file, 0, SEEK_END) == 0) {
        m_fileSize = std::ftell(m_file);
        std::fseek(m_file, 0, SEEK_SET);
    }
    m_capacity = kWindow;
    m_buffer = std::make_unique<char[]>(m_capacity + kLinePadding);
    return true;
}

// Moves the unread bytes to the front (growing the window when they fill it) and reads more.
bool ImportLines::fill()
{
    if (m_eof || !m_file)
        return false;
    const size_t pending = m_end - m_begin;
    if (pending == m_capacity) {
        auto grown = std::make_unique<char[]>(m_capacity * 2 + kLinePadding);
        std::memcpy(grown.get(), m_buffer.get() + m_begin, pending);
        m_buffer = std::move(grown);
        m_capacity *= 2;
    } else if (m_begin > 0) {
        std::memmove(m_buffer.get(), m_buffer.get() + m_begin, pending);
    }
    m_begin = 0;
    m_end = pending;
    const size_t got = std::fread(m_buffer.get() + m_end, 1, m_capacity - m_end, m_file);
    if (got == 0) {
        if (std::ferror(m_file))
            m_error = QStringLiteral("read error: %1").arg(QString::fromLocal8Bit(std::strerror(errno)));
        m_eof = true;
        return false;
    }
    m_end += got;
    m_bytesRead += static_cast<int64_t>(got);
    if (!m_bomChecked && m_end >= 3) {
        m_bomChecked = true;
        if (std::memcmp(m_buffer.get(), "\xEF\xBB\xBF", 3) == 0)
            m_begin = 3;
    }
    return true;
}

char ImportLines::firstByte()
{
    for (;;) {
        for (size_t i = m_begin; i < m_end; ++i) {
            const char c = m_buffer[i];
            if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
                return c;
        }
        // Only blanks so far: keep them (they are lines) and read further.
        if (m_end - m_begin == m_capacity) {
            // A window of blanks: drop the blank lines' bytes but count them as lines.
            for (size_t i = m_begin; i < m_end; ++i) {
                if (m_buffer[i] == '\n')
                    ++m_line;
            }
            const size_t lastNewline =
                std::string_view(m_buffer.get() + m_begin, m_end - m_begin).rfind('\n');
            m_begin += lastNewline == std::string_view::npos ? 0 : lastNewline + 1;
        }
        if (!fill())
            return 0;
    }
}

int64_t ImportLines::estimatedLines()
{
    if (m_end == m_begin)
        fill();
    const std::string_view window(m_buffer.get() + m_begin, m_end - m_begin);
    if (window.empty())
        return 0;
    int64_t newlines = 0;
    for (char c : window)
        newlines += c == '\n';
    if (m_eof)
        return newlines + (window.back() != '\n');
    return newlines == 0 ? 1 : m_fileSize * newlines / static_cast<int64_t>(window.size());
}

bool ImportLines::next(std::string_view& line, int64_t& number)
{
    for (;;) {
        const char* start = m_buffer ? m_buffer.get() + m_begin : nullptr;
        const size_t available = m_end - m_begin;
        const void* newline = available ? std::memchr(start, '\n', available) : nullptr;
        if (newline || (m_eof && available > 0)) {
            size_t length =
                newline ? static_cast<size_t>(static_cast<const char*>(newline) - start) : available;
            m_begin += newline ? length + 1 : length;
            if (length > 0 && start[length - 1] == '\r')
                --length;
            line = std::string_view(start, length);
            number = ++m_line;
            return true;
        }
        if (m_eof || !fill()) {
            if (m_end > m_begin)
                continue; // the last line has no newline
            return false;
        }
    }
}

} // namespace hogscope::local
