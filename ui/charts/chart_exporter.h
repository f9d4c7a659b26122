#pragma once

// Writes a chart (anything that can paint itself into a rectangle) to PNG at a chosen size and
// resolution, to SVG (QSvgGenerator) and PDF (QPdfWriter) with the query, project and run time in the
// file's metadata, and to the clipboard. Used by the result chart and by every insight chart.

#include <QDateTime>
#include <QSize>
#include <QString>

#include <functional>

class QPainter;
class QRectF;

namespace hogscope::ui {

struct ChartExportMetadata
{
    QString title;   // the chart's title
    QString query;   // HogQL text or the insight query JSON
    QString project; // "host / project"
    QDateTime runAt; // when the data was fetched (UTC)

    // One paragraph for the SVG <desc> and the PDF subject.
    QString description() const;
};

enum class ChartFormat
{
    Png,
    Svg,
    Pdf,
};

// The format a file name asks for (by extension); false for anything else.
bool chartFormatFromFileName(const QString& fileName, ChartFormat& format);

class ChartExporter
{
public:
    using Painter = std::function<void(QPainter&, const QRectF&)>;

    ChartExporter(Painter paint, ChartExportMetadata metadata);

    // `size` in pixels for PNG (logical size at 96 dpi for SVG/PDF); `dpi` for PNG and PDF.
    // Returns an empty string on success, else what went wrong (file and reason).
    QString exportToFile(const QString& fileName, ChartFormat format, QSize size = QSize(1200, 700),
                         int dpi = 96) const;
    // Puts a PNG image (and the SVG, for applications that take it) on the clipboard.
    void copyToClipboard(QSize size = QSize(1200, 700)) const;

private:
    QString exportPng(const QString& fileName, QSize size, int dpi) const;
    QString exportSvg(const QString& fileName, QSize size) const;
    QString exportPdf(const QString& fileName, QSize size, int dpi) const;

    Painter m_paint;
    ChartExportMetadata m_metadata;
};

} // namespace hogscope::ui
