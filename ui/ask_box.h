#pragma once

// The Ask box of a query tab: a question in plain words becomes a HogQL draft.

#include <QFrame>
#include <QPointer>

#include <functional>

class QLabel;
class QLineEdit;
class QProgressBar;
class QToolButton;

namespace hogscope::api {
class AiClient;
class ApiClient;
struct ApiError;
} // namespace hogscope::api

namespace hogscope::ui {

// A line edit ("Ask in plain words…") that sends the question, with the current statement as
// context, to PostHog's query/draft_sql through api::AiClient. While it waits it shows a busy bar and a
// Cancel button; the draft is handed over with drafted() and never run. Failures, including a server
// without AI drafting, are said inline under the box, never in a dialog.
class AskBox : public QFrame
{
    Q_OBJECT
public:
    explicit AskBox(QWidget* parent = nullptr);
    ~AskBox() override;

    // The connection to ask (null = disconnected; not owned).
    void setClient(api::ApiClient* client);
    // Gives the current statement, sent as context so the draft can build on it.
    void setContextProvider(std::function<QString()> provider) { m_context = std::move(provider); }

    void ask();
    void cancel();
    bool isBusy() const { return m_busy; }
    // The inline message (empty when none is shown).
    QString messageText() const;

    QLineEdit* lineEdit() const { return m_edit; }
    QToolButton* cancelButton() const { return m_cancel; }
    QProgressBar* busyIndicator() const { return m_busyBar; }

Q_SIGNALS:
    void drafted(const QString& sql);

protected:
    bool event(QEvent* event) override;

private:
    void setBusy(bool busy);
    void showMessage(const QString& text, bool error);
    void hideMessage();
    void onFailed(const api::ApiError& error);
    void applyColors();

    QLineEdit* m_edit = nullptr;
    QToolButton* m_askButton = nullptr;
    QToolButton* m_cancel = nullptr;
    QProgressBar* m_busyBar = nullptr;
    QLabel* m_message = nullptr;
    bool m_messageIsError = false;
    QPointer<api::ApiClient> m_client;
    api::AiClient* m_ai = nullptr;
    std::function<QString()> m_context;
    bool m_busy = false;
};

} // namespace hogscope::ui
