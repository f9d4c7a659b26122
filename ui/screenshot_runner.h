#pragma once

// Unattended capture of the main window for documentation (`--screenshot FILE`).

#include <QObject>
#include <QString>

class QTimer;

namespace hogscope::ui {

class AppController;
class MainWindow;

// Once the controller has connected, types `query` into the current tab, runs it and, when the
// result (or error) is shown, saves MainWindow::grab() to `filePath` and emits done(). With a
// `view` (the object name of a window action, e.g. "personsAction" or "retentionAction"), triggers
// that action instead and captures the tab it opens once its first result is on screen; an insight
// with nothing in its default date range follows the tab's own "show the days up to the latest
// event" link first, as a user would. Kept apart from the normal flow: only created when a
// screenshot is asked for.
class ScreenshotRunner : public QObject
{
    Q_OBJECT
public:
    ScreenshotRunner(AppController& controller, MainWindow& window, QString filePath, QString query,
                     QString view = QString(), QObject* parent = nullptr);

Q_SIGNALS:
    // exitCode 0 when the image was written after a successful query.
    void done(int exitCode);

private:
    void onConnected();
    void showView();
    void captureSoon(int exitCode);
    void capture(int exitCode);

    MainWindow& m_window;
    QString m_filePath;
    QString m_query;
    QString m_view;
    bool m_followedHint = false;
    QTimer* m_deadline = nullptr;
    bool m_finished = false;
};

} // namespace hogscope::ui
