#include "clipboard_formats.h"

#include <algorithm>

namespace hogscope::exporting {

namespace {

QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) &&
        !text.contains(QLatin1Char('\n')) && !text.contains(QLatin1Char('\r')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// A tab or line break inside a TSV cell would shift every cell after it: they become spaces.
QString tsvField(const QString& text)
{
    QString out = text;
    for (QChar& c : out) {
        if (c == QLatin1Char('\t') || c == QLatin1Char('\n') || c == QLatin1Char('\r'))
            c = QLatin1Char(' ');
    }
    return out;
}

// Pipes are escaped, line breaks become <br> so a cell stays on its row.
QString markdownField(const QString& text)
{
    QString out = text;
    out.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    out.replace(QLatin1Char('|'), QLatin1String("\\|"));
    out.replace(QLatin1String("\r\n"), QLatin1String("<br>"));
    out.replace(QLatin1Char('\n'), QLatin1String("<br>"));
    return out;
}

} // namespace

QString formatCells(const QStringList& header, const QList<QStringList>& rows, CopyFormat format)
{
    qsizetype width = header.size();
    for (const QStringList& row : rows)
        width = std::max(width, row.size());
    auto cells = [width](QStringList row) {
        while (row.size() < width)
            row.push_back(QString());
        return row;
    };
    QString out;
    switch (format) {
    case CopyFormat::Tsv:
    case CopyFormat::Csv: {
        const bool tsv = format == CopyFormat::Tsv;
        const QString separator = tsv ? QStringLiteral("\t") : QStringLiteral(",");
        const QString lineEnd = tsv ? QStringLiteral("\n") : QStringLiteral("\r\n");
        auto line = [&](const QStringList& row) {
            QStringList fields;
            for (const QString& f : cells(row))
                fields.push_back(tsv ? tsvField(f) : csvField(f));
            out += fields.join(separator) + lineEnd;
        };
        if (!header.isEmpty())
            line(header);
        for (const QStringList& row : rows)
            line(row);
        break;
    }
    case CopyFormat::Markdown: {
        QStringList head = header;
        if (head.isEmpty()) {
            for (qsizetype i = 0; i < width; ++i)
                head.push_back(QStringLiteral("%1").arg(i + 1));
        }
        auto line = [&](const QStringList& row) {
            QStringList fields;
            for (const QString& f : cells(row))
                fields.push_back(markdownField(f));
            out += QStringLiteral("| ") + fields.join(QStringLiteral(" | ")) + QStringLiteral(" |\n");
        };
        line(head);
        out += QStringLiteral("|") + QStringLiteral(" --- |").repeated(width) + QLatin1Char('\n');
        for (const QStringList& row : rows)
            line(row);
        break;
    }
    }
    return out;
}

} // namespace hogscope::exporting
