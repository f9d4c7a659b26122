#include "screenshot_runner.h"

#include "app_controller.h"
#include "hogql_editor.h"
#include "main_window.h"
#include "query_tab.h"

#include <QDir>
#include <QFileInfo>
#include <QPixmap>
#include <QTimer>

namespace hogscope::ui {

namespace {
constexpr int kDeadlineMs = 120000;
constexpr int kSettleMs = 600; // lets the grid lay out and the caret blink settle before grabbing
} // namespace

ScreenshotRunner::ScreenshotRunner(AppController& controller, MainWindow& window, QString filePath,
                                   QString query, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_filePath(std::move(filePath))
    , m_query(std::move(query))
    , m_deadline(new QTimer(this))
{
    connect(&controller, &AppController::connected, this, &ScreenshotRunner::onConnected);
    connect(&controller, &AppController::connectionFailed, this,
            [this] { QTimer::singleShot(kSettleMs, this, [this] { capture(3); }); });
    m_deadline->setSingleShot(true);
    m_deadline->setInterval(kDeadlineMs);
    connect(m_deadline, &QTimer::timeout, this, [this] { capture(2); });
    m_deadline->start();
}

void ScreenshotRunner::onConnected()
{
    QueryTab* tab = m_window.currentTab();
    if (tab == nullptr || m_query.isEmpty()) {
        QTimer::singleShot(kSettleMs, this, [this] { capture(0); });
        return;
    }
    tab->editor()->setText(m_query);
    tab->editor()->checkSyntaxNow();
    tab->editor()->setCursorPosition(0, 0);
    connect(tab, &QueryTab::finished, this, [this](QueryTab::Status status) {
        const int code = status == QueryTab::Status::Succeeded ? 0 : 1;
        QTimer::singleShot(kSettleMs, this, [this, code] { capture(code); });
    });
    tab->run();
}

void ScreenshotRunner::capture(int exitCode)
{
    if (m_finished)
        return;
    m_finished = true;
    m_deadline->stop();
    QDir().mkpath(QFileInfo(m_filePath).absolutePath());
    if (!m_window.grab().save(m_filePath, "PNG")) {
        qWarning("hogscope: could not write the screenshot to %s", qPrintable(m_filePath));
        exitCode = 4;
    }
    Q_EMIT done(exitCode);
}

} // namespace hogscope::ui
