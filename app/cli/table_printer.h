#pragma once

#include <QString>

class QIODevice;

namespace hogscope::model {
class ResultTable;
}

namespace hogscope::cli {

struct TablePrinterOptions
{
    int maxColumnWidth = 40; // terminal columns a cell may take; longer text is cut with "…"
    QString nullText = QStringLiteral("NULL");
};

// Prints a ResultTable as an aligned text table, psql style:
//    event     | n
//   -----------+------
//    $pageview | 1523
// Numbers align right; line breaks and tabs in cells show as \n and \t; widths count terminal
// columns (wide characters take two).
class TablePrinter
{
public:
    explicit TablePrinter(TablePrinterOptions options = TablePrinterOptions());

    bool write(const model::ResultTable& table, QIODevice* device);
    QString errorString() const { return m_error; }

    // "(3 rows, 0.12 s)"
    static QString footer(int rows, double elapsedSeconds);
    // Terminal columns `text` takes (wcwidth per code point; unknown = 1).
    static int displayWidth(const QString& text);
    // One line for a cell: escapes control characters, cuts to maxWidth columns with "…".
    static QString cellText(const QString& text, int maxWidth);

private:
    TablePrinterOptions m_options;
    QString m_error;
};

} // namespace hogscope::cli
