#pragma once

#include <QString>

#include <cstdint>
#include <cstdio>
#include <memory>
#include <string_view>

namespace hogscope::local {

// Reads a file line by line through a fixed window, so that a file of any size costs the memory of
// its longest line. Each line comes without its "\n" / "\r\n", and at least kLinePadding readable
// bytes follow it in memory, which lets simdjson parse it in place.
class ImportLines
{
public:
    static constexpr size_t kLinePadding = 64;

    ImportLines();
    ~ImportLines();
    ImportLines(const ImportLines&) = delete;
    ImportLines& operator=(const ImportLines&) = delete;

    // False with errorString() when the file cannot be opened.
    bool open(const QString& path);
    // The next line and its 1-based number; false at the end of the file or on a read error
    // (failed() tells which). The view is valid until the next call. A UTF-8 byte order mark at the
    // start of the file is dropped.
    bool next(std::string_view& line, int64_t& number);
    bool failed() const { return !m_error.isEmpty(); }
    QString errorString() const { return m_error; }
    int64_t fileSize() const { return m_fileSize; }
    int64_t bytesRead() const { return m_bytesRead; }
    // The first non-blank byte of the file (after a byte order mark), or 0 when there is none.
    // Reads ahead without consuming lines.
    char firstByte();
    // About how many lines the file has, from the line lengths in the first window read.
    int64_t estimatedLines();

private:
    bool fill();

    std::FILE* m_file = nullptr;
    std::unique_ptr<char[]> m_buffer;
    size_t m_capacity = 0; // usable bytes of m_buffer (kLinePadding more are allocated)
    size_t m_begin = 0;    // first byte not yet returned
    size_t m_end = 0;      // end of the bytes read
    int64_t m_line = 0;
    int64_t m_fileSize = 0;
    int64_t m_bytesRead = 0;
    bool m_eof = false;
    bool m_bomChecked = false;
    QString m_error;
};

} // namespace hogscope::local
