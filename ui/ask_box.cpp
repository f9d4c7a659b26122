#include "ask_box.h"

#include "theme.h"

#include "api/ai_client.h"
#include "api/api_client.h"
#include "api/api_error.h"

#include <QEvent>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QStyle>
#include <QToolButton>
#include <QVBoxLayout>

namespace hogscope::ui {

AskBox::AskBox(QWidget* parent)
    : QFrame(parent)
    , m_edit(new QLineEdit(this))
    , m_askButton(new QToolButton(this))
    , m_cancel(new QToolButton(this))
    , m_busyBar(new QProgressBar(this))
    , m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("askBox"));
    m_edit->setObjectName(QStringLiteral("askEdit"));
    m_edit->setPlaceholderText(tr("Ask in plain words… e.g. “daily pageviews by browser last week”"));
    m_edit->setClearButtonEnabled(true);
    m_edit->setMaxLength(api::AiClient::kMaxPromptLength);
    m_edit->setToolTip(tr("Drafts HogQL from a question with PostHog AI; the draft goes into the editor for "
                          "review and is never run by itself (Ctrl+Shift+A)"));

    m_askButton->setObjectName(QStringLiteral("askButton"));
    m_askButton->setText(tr("Draft"));
    m_askButton->setToolButtonStyle(Qt::ToolButtonTextOnly);
    m_askButton->setToolTip(tr("Draft HogQL for the question (Enter)"));

    m_cancel->setObjectName(QStringLiteral("askCancel"));
    m_cancel->setText(tr("Cancel"));
    m_cancel->setIcon(style()->standardIcon(QStyle::SP_DialogCancelButton));
    m_cancel->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_cancel->setToolTip(tr("Stop waiting for the draft"));
    m_cancel->hide();

    m_busyBar->setObjectName(QStringLiteral("askBusy"));
    m_busyBar->setRange(0, 0); // indeterminate: the server gives no progress for a draft
    m_busyBar->setTextVisible(false);
    m_busyBar->setFixedWidth(90);
    m_busyBar->setMaximumHeight(8);
    m_busyBar->hide();

    m_message->setObjectName(QStringLiteral("askMessage"));
    m_message->setWordWrap(true);
    m_message->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message->hide();

    auto* row = new QHBoxLayout;
    row->setContentsMargins(8, 6, 8, 6);
    row->setSpacing(6);
    auto* icon = new QLabel(QStringLiteral("✦"), this);
    icon->setForegroundRole(QPalette::Link);
    icon->setToolTip(m_edit->toolTip());
    row->addWidget(icon);
    row->addWidget(m_edit, 1);
    row->addWidget(m_busyBar);
    row->addWidget(m_askButton);
    row->addWidget(m_cancel);

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(row);
    layout->addWidget(m_message);

    connect(m_edit, &QLineEdit::returnPressed, this, &AskBox::ask);
    connect(m_askButton, &QToolButton::clicked, this, &AskBox::ask);
    connect(m_cancel, &QToolButton::clicked, this, &AskBox::cancel);
    connect(m_edit, &QLineEdit::textEdited, this, [this] {
        if (!m_busy)
            hideMessage();
    });
    setClient(nullptr);
}

AskBox::~AskBox() = default;

void AskBox::setClient(api::ApiClient* client)
{
    if (client == m_client && (m_ai != nullptr) == (client != nullptr))
        return;
    if (m_busy)
        cancel();
    delete m_ai;
    m_ai = nullptr;
    m_client = client;
    if (client != nullptr) {
        m_ai = new api::AiClient(*client, this);
        // The connection may go before this box does (a switch of connection): drop the AI client
        // with it so nothing is sent through a dead one.
        connect(client, &QObject::destroyed, m_ai, [this] {
            m_ai->deleteLater();
            m_ai = nullptr;
            m_client = nullptr;
            setBusy(false);
            m_askButton->setEnabled(false);
        });
        connect(m_ai, &api::AiClient::sqlDrafted, this, [this](const QString& sql) {
            setBusy(false);
            showMessage(tr("Draft inserted into the editor for review; it has not been run."), false);
            Q_EMIT drafted(sql);
        });
        connect(m_ai, &api::AiClient::failed, this, &AskBox::onFailed);
    }
    m_askButton->setEnabled(client != nullptr);
}

void AskBox::ask()
{
    if (m_busy)
        return;
    const QString question = m_edit->text().trimmed();
    if (question.isEmpty()) {
        showMessage(tr("Type a question first, e.g. “top 10 events this week”."), true);
        return;
    }
    if (m_ai == nullptr) {
        showMessage(tr("Not connected: AI drafting needs a PostHog connection."), true);
        return;
    }
    hideMessage();
    setBusy(true);
    m_ai->draftSql(question, m_context ? m_context() : QString());
}

void AskBox::cancel()
{
    if (!m_busy)
        return;
    if (m_ai != nullptr)
        m_ai->cancel();
    setBusy(false);
    showMessage(tr("Cancelled."), false);
}

void AskBox::onFailed(const api::ApiError& error)
{
    setBusy(false);
    // AiClient already words an absent feature plainly ("This PostHog server does not offer AI SQL
    // drafting (HTTP 501: <the server's detail>)").
    showMessage(error.message, true);
}

QString AskBox::messageText() const
{
    return m_message->isHidden() ? QString() : m_message->text();
}

void AskBox::setBusy(bool busy)
{
    m_busy = busy;
    m_busyBar->setVisible(busy);
    m_cancel->setVisible(busy);
    m_askButton->setVisible(!busy);
    m_edit->setReadOnly(busy);
}

void AskBox::showMessage(const QString& text, bool error)
{
    m_messageIsError = error;
    m_message->setText(text);
    applyColors();
    m_message->show();
}

void AskBox::hideMessage()
{
    m_message->hide();
    m_message->clear();
}

void AskBox::applyColors()
{
    const bool dark = theme::isDarkApplication();
    m_message->setStyleSheet(m_messageIsError ? theme::errorLineStyle(dark) : theme::noticeLineStyle(dark));
}

bool AskBox::event(QEvent* event)
{
    if (event->type() == QEvent::ApplicationPaletteChange || event->type() == QEvent::ThemeChange)
        applyColors();
    return QFrame::event(event);
}

} // namespace hogscope::ui
