#pragma once

// Copying a block of cells as text: tab-separated (what spreadsheets paste), CSV (RFC 4180) or a
// Markdown table (for tickets and docs). Pure functions over strings, QtCore only.

#include <QList>
#include <QString>
#include <QStringList>

namespace hogscope::exporting {

enum class CopyFormat
{
    Tsv,
    Csv,
    Markdown,
};

// `header` may be empty (no header row). Rows shorter than the widest are padded with empty cells.
QString formatCells(const QStringList& header, const QList<QStringList>& rows, CopyFormat format);

} // namespace hogscope::exporting
