#include "connection_banner.h"

#include "theme.h"

#include <QLabel>
#include <QLocale>
#include <QProgressBar>
#include <QVBoxLayout>

namespace hogscope::ui {

namespace {

// The banner's own frame; its labels keep the palette's text colour, which suits either scheme.
QString bannerStyle(ConnectionBanner::Kind kind, bool dark)
{
    QString colours;
    switch (kind) {
    case ConnectionBanner::Kind::Hint:
        colours = dark ? QStringLiteral("background:#1e2540; border:1px solid #3b4a8a;")
                       : QStringLiteral("background:#eef2ff; border:1px solid #c7d2fe;");
        break;
    case ConnectionBanner::Kind::Progress:
        colours = dark ? QStringLiteral("background:#10291a; border:1px solid #166534;")
                       : QStringLiteral("background:#f0fdf4; border:1px solid #bbf7d0;");
        break;
    case ConnectionBanner::Kind::Error:
        colours = dark ? QStringLiteral("background:#3b1c1f; border:1px solid #7f1d1d;")
                       : QStringLiteral("background:#fef2f2; border:1px solid #fecaca;");
        break;
    }
    return QStringLiteral("#connectionBanner{%1 border-radius:6px;} QLabel{background:transparent;}")
        .arg(colours);
}

} // namespace

ConnectionBanner::ConnectionBanner(QWidget* parent)
    : QFrame(parent)
    , m_title(new QLabel(this))
    , m_body(new QLabel(this))
    , m_progress(new QProgressBar(this))
{
    setObjectName(QStringLiteral("connectionBanner"));
    setFrameShape(QFrame::StyledPanel);
    m_title->setObjectName(QStringLiteral("bannerTitle"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.15);
    m_title->setFont(titleFont);
    m_body->setObjectName(QStringLiteral("bannerBody"));
    m_body->setWordWrap(true);
    m_body->setTextFormat(Qt::RichText);
    m_body->setOpenExternalLinks(true);
    m_body->setTextInteractionFlags(Qt::TextBrowserInteraction);
    m_progress->setTextVisible(true);
    m_progress->hide();
    theme::followScheme(this, [this](bool dark) {
        if (!styleSheet().isEmpty())
            setStyleSheet(bannerStyle(m_kind, dark));
    });

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(14, 10, 14, 12);
    layout->setSpacing(6);
    layout->addWidget(m_title);
    layout->addWidget(m_body);
    layout->addWidget(m_progress);
    hide();
}

void ConnectionBanner::showNotice(Kind kind, const QString& title, const QString& body)
{
    m_kind = kind;
    m_title->setText(title);
    m_body->setText(body);
    m_progress->setVisible(kind == Kind::Progress);
    setStyleSheet(bannerStyle(kind, theme::isDarkApplication()));
    show();
}

void ConnectionBanner::setProgress(qint64 done, qint64 total)
{
    if (total <= 0) {
        m_progress->setRange(0, 0);
        return;
    }
    // QProgressBar is int-based; scale to per-mille so large totals fit.
    m_progress->setRange(0, 1000);
    m_progress->setValue(int(std::min<qint64>(1000, done * 1000 / total)));
    m_progress->setFormat(tr("%1 of %2").arg(QLocale().toString(done), QLocale().toString(total)));
}

QString ConnectionBanner::title() const
{
    return m_title->text();
}

QString ConnectionBanner::body() const
{
    return m_body->text();
}

} // namespace hogscope::ui
