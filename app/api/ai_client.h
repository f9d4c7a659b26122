#pragma once

#include "api/api_client.h"
#include "api/api_error.h"
#include "api/call_support.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QString>

namespace hogscope::api {

// One turn of an AI conversation.
struct ChatMessage
{
    QString role; // "user" or "assistant"
    QString content;
};

// Cuts a stream of JSON documents written back to back (no framing, as PostHog's query/chat sends
// them; "data:" lines and separators between documents are skipped) into whole documents.
class JsonStreamSplitter
{
public:
    // Appends bytes and returns the documents they completed.
    QList<QByteArray> feed(QByteArrayView bytes);
    // Bytes of a document begun but not finished.
    bool hasPartial() const { return m_depth > 0; }

private:
    QByteArray m_current;
    int m_depth = 0;
    bool m_inString = false;
    bool m_escaped = false;
};

// The error for an AI endpoint the server does not have (404, 405, 501) or does not allow (403),
// in plain words naming the feature ("AI SQL drafting").
ApiError aiUnavailableError(const QString& feature, int httpStatus, const QByteArray& body);

// The AI ask box: natural language to HogQL (GET query/draft_sql/) and the historical streaming
// chat (POST query/chat/). Both are optional on a server: where one is missing the failure says so
// plainly instead of showing a bare 404. One request at a time; a new one replaces the previous.
class AiClient : public QObject
{
    Q_OBJECT

public:
    // PostHog refuses longer prompts (400); checked here so the user is told before a round trip.
    static constexpr int kMaxPromptLength = 400;
    static constexpr int kMaxChatMessageLength = 2500;
    static constexpr int kMaxChatMessages = 20;

    explicit AiClient(ApiClient& client, QObject* parent = nullptr);
    ~AiClient() override;

    // GET query/draft_sql/?prompt=&current_query= : sqlDrafted() or failed().
    void draftSql(const QString& prompt, const QString& currentQuery = QString());
    // POST query/chat/ : chatUpdated() for every document as it streams in, then chatFinished() with
    // the last one, or failed().
    void chat(const QList<ChatMessage>& messages, const QString& sessionId = QString());
    // Stops what runs; nothing more is emitted for it.
    void cancel();
    bool isBusy() const { return m_busy; }

Q_SIGNALS:
    void sqlDrafted(const QString& sql);
    void chatUpdated(const QJsonObject& partial);
    void chatFinished(const QJsonObject& answer);
    void failed(const hogscope::api::ApiError& error);

private:
    void sendChat(const QByteArray& body, ApiClient::UrlFamily family, quint64 generation);
    void fail(quint64 generation, const ApiError& error);

    QPointer<ApiClient> m_client;
    DirectRequests m_direct;
    quint64 m_generation = 0;
    bool m_busy = false;
    RequestHandle m_draftRequest;
    DirectRequests::Handle m_chatRequest;
    JsonStreamSplitter m_splitter;
    QJsonObject m_lastChatDocument;
    int m_chatDocuments = 0;
};

} // namespace hogscope::api
