#include "chart_exporter.h"

#include <QBuffer>
#include <QClipboard>
#include <QFileInfo>
#include <QGuiApplication>
#include <QImage>
#include <QImageWriter>
#include <QMimeData>
#include <QPageSize>
#include <QPainter>
#include <QPdfWriter>
#include <QSaveFile>
#include <QSvgGenerator>

namespace hogscope::ui {

namespace {

QString xmlEscaped(const QString& text)
{
    return text.toHtmlEscaped();
}

// XMP packet with Dublin Core title/description and the Hogscope fields, for the PDF.
QByteArray xmpMetadata(const ChartExportMetadata& m)
{
    const QString xmp =
        QStringLiteral(
            "<?xpacket begin=\"\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>"
            "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
            "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">"
            "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
            "xmlns:hogscope=\"https://hogscope.invalid/ns/1.0/\">"
            "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%1</rdf:li></rdf:Alt></dc:title>"
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%2</rdf:li></rdf:Alt></dc:description>"
            "<hogscope:query>%3</hogscope:query><hogscope:project>%4</hogscope:project>"
            "<hogscope:runAt>%5</hogscope:runAt>"
            "</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end=\"w\"?>")
            .arg(xmlEscaped(m.title), xmlEscaped(m.description()), xmlEscaped(m.query), xmlEscaped(m.project),
                 m.runAt.toUTC().toString(Qt::ISODate));
    return xmp.toUtf8();
}

} // namespace

QString ChartExportMetadata::description() const
{
    return QStringLiteral("Project: %1\nRun at: %2\nQuery:\n%3")
        .arg(project, runAt.toUTC().toString(Qt::ISODate), query);
}

bool chartFormatFromFileName(const QString& fileName, ChartFormat& format)
{
    const QString suffix = QFileInfo(fileName).suffix().toLower();
    if (suffix == QLatin1String("png"))
        format = ChartFormat::Png;
    else if (suffix == QLatin1String("svg"))
        format = ChartFormat::Svg;
    else if (suffix == QLatin1String("pdf"))
        format = ChartFormat::Pdf;
    else
        return false;
    return true;
}

ChartExporter::ChartExporter(Painter paint, ChartExportMetadata metadata)
    : m_paint(std::move(paint))
    , m_metadata(std::move(metadata))
{}

QString ChartExporter::exportToFile(const QString& fileName, ChartFormat format, QSize size, int dpi) const
{
    if (size.width() < 16 || size.height() < 16 || size.width() > 20000 || size.height() > 20000)
        return QStringLiteral("The size %1×%2 is out of range (16 to 20000 pixels a side).")
            .arg(size.width())
            .arg(size.height());
    if (dpi < 36 || dpi > 1200)
        return QStringLiteral("The resolution %1 dpi is out of range (36 to 1200).").arg(dpi);
    switch (format) {
    case ChartFormat::Png:
        return exportPng(fileName, size, dpi);
    case ChartFormat::Svg:
        return exportSvg(fileName, size);
    case ChartFormat::Pdf:
        return exportPdf(fileName, size, dpi);
    }
    return QString();
}

QString ChartExporter::exportPng(const QString& fileName, QSize size, int dpi) const
{
    // `size` is the image in pixels; the chart is laid out at size / scale so a 192-dpi export is the
    // same chart with twice the detail, not a chart with smaller text
    const qreal scale = dpi / 96.0;
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    image.setDotsPerMeterX(qRound(dpi / 0.0254));
    image.setDotsPerMeterY(qRound(dpi / 0.0254));
    image.setText(QStringLiteral("Title"), m_metadata.title);
    image.setText(QStringLiteral("Description"), m_metadata.description());
    image.setText(QStringLiteral("Software"), QStringLiteral("Hogscope"));
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        painter.scale(scale, scale);
        m_paint(painter, QRectF(0, 0, size.width() / scale, size.height() / scale));
    }
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("Cannot write %1: %2").arg(fileName, file.errorString());
    QImageWriter writer(&file, "png");
    if (!writer.write(image))
        return QStringLiteral("Cannot write %1: %2").arg(fileName, writer.errorString());
    if (!file.commit())
        return QStringLiteral("Cannot write %1: %2").arg(fileName, file.errorString());
    return QString();
}

QString ChartExporter::exportSvg(const QString& fileName, QSize size) const
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("Cannot write %1: %2").arg(fileName, file.errorString());
    {
        QSvgGenerator svg;
        svg.setOutputDevice(&file);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(m_metadata.title);
        svg.setDescription(m_metadata.description());
        QPainter painter;
        if (!painter.begin(&svg))
            return QStringLiteral("Cannot write %1: the SVG generator did not start").arg(fileName);
        m_paint(painter, QRectF(QPointF(0, 0), size));
        painter.end();
    }
    if (!file.commit())
        return QStringLiteral("Cannot write %1: %2").arg(fileName, file.errorString());
    return QString();
}

QString ChartExporter::exportPdf(const QString& fileName, QSize size, int dpi) const
{
    QSaveFile file(fileName);
    if (!file.open(QIODevice::WriteOnly))
        return QStringLiteral("Cannot write %1: %2").arg(fileName, file.errorString());
    {
        QPdfWriter pdf(&file);
        pdf.setResolution(dpi);
        // one page exactly the chart's size (in points: 72 per inch, the size being at 96 dpi)
        pdf.setPageSize(QPageSize(QSizeF(size.width() * 72.0 / 96.0, size.height() * 72.0 / 96.0),
                                  QPageSize::Point, m_metadata.title, QPageSize::ExactMatch));
        pdf.setPageMargins(QMarginsF(0, 0, 0, 0));
        pdf.setTitle(m_metadata.title);
        pdf.setCreator(QStringLiteral("Hogscope"));
        pdf.setDocumentXmpMetadata(xmpMetadata(m_metadata));
        QPainter painter;
        if (!painter.begin(&pdf))
            return QStringLiteral("Cannot write %1: the PDF writer did not start").arg(fileName);
        const qreal scale = dpi / 96.0;
        painter.scale(scale, scale);
        m_paint(painter, QRectF(QPointF(0, 0), size));
        painter.end();
    }
    if (!file.commit())
        return QStringLiteral("Cannot write %1: %2").arg(fileName, file.errorString());
    return QString();
}

void ChartExporter::copyToClipboard(QSize size) const
{
    QImage image(size, QImage::Format_ARGB32_Premultiplied);
    image.fill(Qt::white);
    {
        QPainter painter(&image);
        painter.setRenderHint(QPainter::Antialiasing);
        m_paint(painter, QRectF(QPointF(0, 0), size));
    }
    QByteArray svgBytes;
    {
        QBuffer buffer(&svgBytes);
        buffer.open(QIODevice::WriteOnly);
        QSvgGenerator svg;
        svg.setOutputDevice(&buffer);
        svg.setSize(size);
        svg.setViewBox(QRect(QPoint(0, 0), size));
        svg.setTitle(m_metadata.title);
        svg.setDescription(m_metadata.description());
        QPainter painter(&svg);
        m_paint(painter, QRectF(QPointF(0, 0), size));
    }
    auto* mime = new QMimeData;
    mime->setImageData(image);
    mime->setData(QStringLiteral("image/svg+xml"), svgBytes);
    QGuiApplication::clipboard()->setMimeData(mime);
}

} // namespace hogscope::ui
