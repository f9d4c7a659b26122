#include "theme.h"

#include <QApplication>
#include <QEvent>
#include <QPainter>
#include <QPalette>
#include <QPixmap>
#include <QWidget>

namespace hogscope::ui::theme {

bool isDark(const QPalette& palette)
{
    // Text lighter than the window is the other half of the signal: a grey window with white text
    // (some dark themes use a mid grey) is still dark.
    const QColor window = palette.color(QPalette::Window);
    const QColor text = palette.color(QPalette::WindowText);
    return window.lightness() < 128 || (window.lightness() < 160 && text.lightness() > window.lightness());
}

bool isDarkApplication()
{
    return isDark(QApplication::palette());
}

const Colors& colors(bool dark)
{
    static const Colors light{
        QColor(0xff, 0xff, 0xff), // editorPaper
        QColor(0x1f, 0x29, 0x37), // editorText
        QColor(0xf3, 0xf4, 0xf6), // marginBackground
        QColor(0x9c, 0xa3, 0xaf), // marginText
        QColor(0xee, 0xf2, 0xff), // caretLine
        QColor(0x11, 0x18, 0x27), // caret
        QColor(0xbf, 0xdb, 0xfe), // selection
        QColor(0xdb, 0xea, 0xfe), // matchedBrace
        QColor(0xdc, 0x26, 0x26), // errorIndicator
        QColor(0xfe, 0xf2, 0xf2), // errorBackground
        QColor(0x99, 0x1b, 0x1b), // errorText
        QColor(0xfe, 0xca, 0xca), // errorBorder
        QColor(0xef, 0xf6, 0xff), // noticeBackground
        QColor(0x1e, 0x3a, 0x8a), // noticeText
        QColor(0xbf, 0xdb, 0xfe), // noticeBorder
        QColor(0x6b, 0x72, 0x80), // mutedText
        QColor(0x15, 0x80, 0x3d), // success
    };
    static const Colors darkColors{
        QColor(0x1e, 0x1f, 0x24), // editorPaper
        QColor(0xe5, 0xe7, 0xeb), // editorText
        QColor(0x26, 0x28, 0x2e), // marginBackground
        QColor(0x6b, 0x72, 0x80), // marginText
        QColor(0x2a, 0x2d, 0x3a), // caretLine
        QColor(0xf3, 0xf4, 0xf6), // caret
        QColor(0x26, 0x4f, 0x78), // selection
        QColor(0x3b, 0x41, 0x5a), // matchedBrace
        QColor(0xf8, 0x71, 0x71), // errorIndicator
        QColor(0x3b, 0x1c, 0x1f), // errorBackground
        QColor(0xfc, 0xa5, 0xa5), // errorText
        QColor(0x7f, 0x1d, 0x1d), // errorBorder
        QColor(0x1c, 0x27, 0x3d), // noticeBackground
        QColor(0xbf, 0xdb, 0xfe), // noticeText
        QColor(0x1e, 0x3a, 0x8a), // noticeBorder
        QColor(0x9c, 0xa3, 0xaf), // mutedText
        QColor(0x4a, 0xde, 0x80), // success
    };
    return dark ? darkColors : light;
}

const Colors& currentColors()
{
    return colors(isDarkApplication());
}

namespace {

QString lineStyle(const QColor& background, const QColor& text, const QColor& border)
{
    return QStringLiteral("QLabel{background:%1; color:%2; border-top:1px solid %3; padding:6px 8px;}")
        .arg(background.name(), text.name(), border.name());
}

} // namespace

namespace {

// Watches one widget's palette events; re-applies its colours only when dark and light swap.
class SchemeFollower : public QObject
{
public:
    SchemeFollower(QWidget* widget, std::function<void(bool)> apply)
        : QObject(widget)
        , m_apply(std::move(apply))
        , m_dark(isDarkApplication())
    {
        widget->installEventFilter(this);
        m_apply(m_dark);
    }

protected:
    bool eventFilter(QObject* watched, QEvent* event) override
    {
        const QEvent::Type type = event->type();
        if (type == QEvent::ApplicationPaletteChange || type == QEvent::PaletteChange ||
            type == QEvent::StyleChange || type == QEvent::Show) { // a hidden widget may miss the change
            const bool dark = isDarkApplication();
            if (dark != m_dark) {
                m_dark = dark;
                m_apply(dark);
            }
        }
        return QObject::eventFilter(watched, event);
    }

private:
    std::function<void(bool)> m_apply;
    bool m_dark;
};

} // namespace

void followScheme(QWidget* widget, std::function<void(bool dark)> apply)
{
    new SchemeFollower(widget, std::move(apply));
}

QString errorTextStyle(bool dark)
{
    return QStringLiteral("color:%1;").arg(colors(dark).errorText.name());
}

QIcon iconForScheme(const QIcon& icon, bool dark, const QColor& color)
{
    if (!dark || icon.isNull())
        return icon;
    QIcon out;
    QList<QSize> sizes = icon.availableSizes();
    if (sizes.isEmpty())
        sizes = {QSize(16, 16), QSize(24, 24), QSize(32, 32)};
    for (const QSize& size : sizes) {
        for (const QIcon::Mode mode : {QIcon::Normal, QIcon::Disabled}) {
            QPixmap pixmap = icon.pixmap(size, mode);
            QPainter painter(&pixmap);
            painter.setCompositionMode(QPainter::CompositionMode_SourceIn); // keep the shape, new colour
            QColor fill = color;
            if (mode == QIcon::Disabled)
                fill.setAlphaF(0.4f);
            painter.fillRect(pixmap.rect(), fill);
            painter.end();
            out.addPixmap(pixmap, mode);
        }
    }
    return out;
}

QString errorLineStyle(bool dark)
{
    const Colors& c = colors(dark);
    return lineStyle(c.errorBackground, c.errorText, c.errorBorder);
}

QString noticeLineStyle(bool dark)
{
    const Colors& c = colors(dark);
    return lineStyle(c.noticeBackground, c.noticeText, c.noticeBorder);
}

} // namespace hogscope::ui::theme
