#include "screenshot_runner.h"

#include "app_controller.h"
#include "hogql_editor.h"
#include "insights/insight_tab.h"
#include "main_window.h"
#include "query_tab.h"

#include <QAction>
#include <QDir>
#include <QFileInfo>
#include <QLabel>
#include <QPixmap>
#include <QTabWidget>
#include <QTimer>

namespace hogscope::ui {

namespace {
constexpr int kDeadlineMs = 120000;
constexpr int kSettleMs = 600; // lets the grid lay out and the caret blink settle before grabbing
} // namespace

ScreenshotRunner::ScreenshotRunner(AppController& controller, MainWindow& window, QString filePath,
                                   QString query, QString view, QObject* parent)
    : QObject(parent)
    , m_window(window)
    , m_filePath(std::move(filePath))
    , m_query(std::move(query))
    , m_view(std::move(view))
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
    if (!m_view.isEmpty()) {
        showView();
        return;
    }
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

void ScreenshotRunner::showView()
{
    auto* action = m_window.findChild<QAction*>(m_view);
    auto* tabs = m_window.findChild<QTabWidget*>(QStringLiteral("queryTabs"));
    if (action == nullptr || tabs == nullptr) {
        qWarning("hogscope: no window action named %s", qPrintable(m_view));
        captureSoon(5);
        return;
    }
    action->trigger();
    QWidget* view = tabs->currentWidget();
    if (auto* insight = qobject_cast<InsightTab*>(view)) {
        connect(insight, &InsightTab::resultShown, this, [this] {
            // Give the latest-event look-up its moment; follow its link once if it offers one.
            QTimer::singleShot(1500, this, [this] {
                auto* hint = m_window.findChild<QLabel*>(QStringLiteral("insightHint"));
                if (!m_followedHint && hint != nullptr && hint->isVisible() &&
                    hint->text().contains(QLatin1StringView("href"))) {
                    m_followedHint = true;
                    Q_EMIT hint->linkActivated(QStringLiteral("latest"));
                    return; // the next resultShown captures
                }
                captureSoon(0);
            });
        });
        connect(insight, &InsightTab::statusChanged, this, [this](InsightTab::Status status) {
            if (status == InsightTab::Status::Failed)
                captureSoon(1);
        });
        return;
    }
    // Tabs that list as they load (persons): let the first page arrive.
    QTimer::singleShot(3000, this, [this] { captureSoon(0); });
}

void ScreenshotRunner::captureSoon(int exitCode)
{
    QTimer::singleShot(kSettleMs, this, [this, exitCode] { capture(exitCode); });
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
