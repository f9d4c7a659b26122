#include "cli/table_printer.h"

#include "model/result_table.h"

#include <QIODevice>
#include <QStringList>

#include <algorithm>
#include <cwchar>
#include <vector>

namespace hogscope::cli {

namespace {

int charWidth(char32_t c)
{
    const int width = ::wcwidth(wchar_t(c));
    return width < 0 ? 1 : width;
}

} // namespace

TablePrinter::TablePrinter(TablePrinterOptions options)
    : m_options(std::move(options))
{}

QString TablePrinter::footer(int rows, double elapsedSeconds)
{
    return QStringLiteral("(%1 %2, %3 s)")
        .arg(rows)
        .arg(rows == 1 ? QStringLiteral("row") : QStringLiteral("rows"))
        .arg(elapsedSeconds, 0, 'f', elapsedSeconds < 10 ? 2 : 1);
}

int TablePrinter::displayWidth(const QString& text)
{
    int width = 0;
    for (const char32_t c : text.toUcs4())
        width += charWidth(c);
    return width;
}

QString TablePrinter::cellText(const QString& text, int maxWidth)
{
    struct Piece
    {
        QString text;
        int width;
    };
    std::vector<Piece> pieces;
    int total = 0;
    for (const char32_t c : text.toUcs4()) {
        Piece piece;
        if (c == '\n')
            piece = {QStringLiteral("\\n"), 2};
        else if (c == '\r')
            piece = {QStringLiteral("\\r"), 2};
        else if (c == '\t')
            piece = {QStringLiteral("\\t"), 2};
        else if (c < 0x20 || c == 0x7F)
            piece = {QStringLiteral("\\x%1").arg(uint(c), 2, 16, QLatin1Char('0')), 4};
        else
            piece = {QString::fromUcs4(&c, 1), charWidth(c)};
        total += piece.width;
        pieces.push_back(std::move(piece));
    }
    QString out;
    if (total <= maxWidth) {
        for (const Piece& piece : pieces)
            out += piece.text;
        return out;
    }
    // Too wide: as much as fits before one column for the ellipsis.
    int width = 0;
    for (const Piece& piece : pieces) {
        if (width + piece.width > maxWidth - 1)
            break;
        out += piece.text;
        width += piece.width;
    }
    out += QChar(0x2026);
    return out;
}

bool TablePrinter::write(const model::ResultTable& table, QIODevice* device)
{
    m_error.clear();
    const int columns = table.columnCount();
    const int rows = table.rowCount();
    const int maxWidth = std::max(3, m_options.maxColumnWidth);
    std::vector<bool> right(static_cast<size_t>(columns));
    std::vector<int> widths(static_cast<size_t>(columns));
    QStringList headers;
    for (int c = 0; c < columns; ++c) {
        right[size_t(c)] = model::isNumeric(table.columnType(c));
        headers << cellText(table.columnName(c), maxWidth);
        widths[size_t(c)] = displayWidth(headers.back());
    }
    // Cells are formatted twice (measure, then print) rather than kept: a result may be large.
    const auto cell = [&](int r, int c) {
        return table.isNull(r, c) ? m_options.nullText : cellText(table.displayText(r, c), maxWidth);
    };
    for (int r = 0; r < rows; ++r)
        for (int c = 0; c < columns; ++c)
            widths[size_t(c)] = std::max(widths[size_t(c)], displayWidth(cell(r, c)));

    QString line;
    const auto pad = [&](const QString& text, int c, bool alignRight) {
        const int fill = widths[size_t(c)] - displayWidth(text);
        line += QLatin1Char(' ');
        if (alignRight)
            line += QString(fill, QLatin1Char(' '));
        line += text;
        if (!alignRight)
            line += QString(fill, QLatin1Char(' '));
        line += QLatin1Char(' ');
    };
    QByteArray out;
    const auto emitLine = [&] {
        // Trailing blanks are noise in a terminal and in diffs.
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        out += line.toUtf8();
        out += '\n';
        line.clear();
        if (out.size() >= (1 << 16)) {
            if (device->write(out) != out.size())
                return false;
            out.clear();
        }
        return true;
    };
    for (int c = 0; c < columns; ++c) {
        if (c > 0)
            line += QLatin1Char('|');
        pad(headers[c], c, false);
    }
    bool ok = emitLine();
    for (int c = 0; c < columns && ok; ++c) {
        if (c > 0)
            line += QLatin1Char('+');
        line += QString(widths[size_t(c)] + 2, QLatin1Char('-'));
    }
    ok = ok && emitLine();
    for (int r = 0; r < rows && ok; ++r) {
        for (int c = 0; c < columns; ++c) {
            if (c > 0)
                line += QLatin1Char('|');
            pad(cell(r, c), c, right[size_t(c)] && !table.isNull(r, c));
        }
        ok = emitLine();
    }
    if (ok && !out.isEmpty())
        ok = device->write(out) == out.size();
    if (!ok)
        m_error = QStringLiteral("Could not write the table: %1").arg(device->errorString());
    return ok;
}

} // namespace hogscope::cli
