#pragma once

// Unattended capture of the main window for documentation (`--screenshot FILE`).

#include <QObject>
#include <QString>

class QTimer;

namespace hogscope::ui {

class AppController;
class MainWindow;

// Once the controller has connected, types `query` into the current tab, runs it and, when the
// result (or error) is shown, saves MainWindow::grab() to `filePath` and emits done(). Kept apart
// from the normal flow: only created when a screenshot is asked for.
class ScreenshotRunner : public QObject
{
    Q_OBJECT
public:
    ScreenshotRunner(AppController& controller, MainWindow& window, QString filePath, QString query,
                     QObject* parent = nullptr);

Q_SIGNALS:
    // exitCode 0 when the image was written after a successful query.
    void done(int exitCode);

private:
    void onConnected();
    void capture(int exitCode);

    MainWindow& m_window;
    QString m_filePath;
    QString m_query;
    QTimer* m_deadline = nullptr;
    bool m_finished = false;
};

} // namespace hogscope::ui
