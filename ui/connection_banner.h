#pragma once

// Inline notice above the query tabs about the connection.

#include <QFrame>

class QLabel;
class QProgressBar;

namespace hogscope::ui {

// Banner over the tab area saying how to connect, what is being prepared (with progress) or why
// connecting failed; hidden once connected.
class ConnectionBanner : public QFrame
{
    Q_OBJECT
public:
    enum class Kind
    {
        Hint,
        Progress,
        Error
    };

    explicit ConnectionBanner(QWidget* parent = nullptr);

    // `body` is rich text; links open in the browser.
    void showNotice(Kind kind, const QString& title, const QString& body);
    // Progress; total <= 0 shows a busy indicator.
    void setProgress(qint64 done, qint64 total);

    QString title() const;
    QString body() const;
    Kind kind() const { return m_kind; }

private:
    QLabel* m_title = nullptr;
    QLabel* m_body = nullptr;
    QProgressBar* m_progress = nullptr;
    Kind m_kind = Kind::Hint;
};

} // namespace hogscope::ui
