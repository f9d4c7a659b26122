// Build-time tool: renders the SVG app icon to the PNG sizes of the hicolor icon theme.
// Qt's own SVG renderer is used so that the PNGs look exactly like the icon the app draws from
// the same file, and the build needs no image tool beyond the Qt it already has.
//   hogscope_render_icon ICON.svg SIZE OUT.png [SIZE OUT.png]...
// No QGuiApplication: painting shapes on a QImage needs no platform plugin, so the build stays
// silent without a display. (An icon with <text> would need one, for the fonts.)

#include <QImage>
#include <QPainter>
#include <QString>
#include <QSvgRenderer>

#include <cstdio>

int main(int argc, char* argv[])
{
    if (argc < 4 || argc % 2 != 0) {
        std::fprintf(stderr, "usage: hogscope_render_icon ICON.svg SIZE OUT.png [SIZE OUT.png]...\n");
        return 2;
    }
    QSvgRenderer renderer(QString::fromLocal8Bit(argv[1]));
    if (!renderer.isValid()) {
        std::fprintf(stderr, "hogscope_render_icon: cannot read %s\n", argv[1]);
        return 1;
    }
    for (int i = 2; i + 1 < argc; i += 2) {
        bool ok = false;
        const int size = QString::fromLocal8Bit(argv[i]).toInt(&ok);
        if (!ok || size <= 0 || size > 4096) {
            std::fprintf(stderr, "hogscope_render_icon: bad size %s\n", argv[i]);
            return 2;
        }
        QImage image(size, size, QImage::Format_ARGB32_Premultiplied);
        image.fill(Qt::transparent);
        {
            QPainter painter(&image);
            painter.setRenderHint(QPainter::Antialiasing);
            renderer.render(&painter, QRectF(0, 0, size, size));
        }
        // Straight alpha in the file: PNG has no premultiplied form.
        if (!image.convertToFormat(QImage::Format_ARGB32).save(QString::fromLocal8Bit(argv[i + 1]), "PNG")) {
            std::fprintf(stderr, "hogscope_render_icon: cannot write %s\n", argv[i + 1]);
            return 1;
        }
    }
    return 0;
}
