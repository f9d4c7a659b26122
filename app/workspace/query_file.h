#pragma once

// Saved queries: a .hogql file holds a script's text in UTF-8. Written whole or not at all (a
// failed or interrupted save leaves the old file as it was); read with a clear message for what
// cannot be a script.

#include <QString>

namespace hogscope::workspace {

struct QueryFileRead
{
    QString text;
    QString error; // empty when the file was read
    bool ok() const { return error.isEmpty(); }
};

// Larger than this is not a hand-written script (and would not be pleasant to edit).
constexpr qint64 kMaxQueryFileBytes = 16 * 1024 * 1024;

// The file's text; an error naming the file (missing, unreadable, too large, or not UTF-8 with the
// byte offset of the first bad sequence).
QueryFileRead readQueryFile(const QString& path);

// Writes `text` as UTF-8 through a temporary file renamed over `path`; an error naming the file, or
// an empty string.
QString writeQueryFile(const QString& path, const QString& text);

} // namespace hogscope::workspace
