#include "api/ai_client.h"

#include "api/response_decoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

namespace hogscope::api {

namespace {

const QString kDraftFeature = QStringLiteral("AI SQL drafting");
const QString kChatFeature = QStringLiteral("the AI chat");

bool isUnavailableStatus(int status)
{
    return status == 404 || status == 405 || status == 501 || status == 403;
}

// The server's own words from an error body, when it has any.
QString detailOf(const QByteArray& body)
{
    const QJsonObject object = QJsonDocument::fromJson(body).object();
    for (const auto key :
         {QLatin1StringView("detail"), QLatin1StringView("error"), QLatin1StringView("message")}) {
        const QString text = unpackErrorDetail(object.value(key).toString()).trimmed();
        if (!text.isEmpty())
            return text;
    }
    return QString();
}

ApiError invalidInput(const QString& message)
{
    ApiError error;
    error.kind = ApiError::Kind::Query;
    error.code = QStringLiteral("invalid_input");
    error.message = message;
    return error;
}

} // namespace

QList<QByteArray> JsonStreamSplitter::feed(QByteArrayView bytes)
{
    QList<QByteArray> documents;
    for (const char c : bytes) {
        if (m_depth == 0) {
            // Between documents: whitespace, "data:" prefixes, separators. Only an object opens one.
            if (c != '{')
                continue;
            m_current.clear();
            m_inString = false;
            m_escaped = false;
        }
        m_current.append(c);
        if (m_inString) {
            if (m_escaped)
                m_escaped = false;
            else if (c == '\\')
                m_escaped = true;
            else if (c == '"')
                m_inString = false;
            continue;
        }
        switch (c) {
        case '"':
            m_inString = true;
            break;
        case '{':
        case '[':
            ++m_depth;
            break;
        case '}':
        case ']':
            if (--m_depth == 0)
                documents << std::exchange(m_current, {});
            break;
        default:
            break;
        }
    }
    return documents;
}

ApiError aiUnavailableError(const QString& feature, int httpStatus, const QByteArray& body)
{
    ApiError error;
    error.kind = httpStatus == 403 ? ApiError::Kind::Auth : ApiError::Kind::Server;
    error.httpStatus = httpStatus;
    error.code = QStringLiteral("ai_unavailable");
    QString detail = detailOf(body);
    // The detail is a sentence of its own; inside the parentheses its full stop would double up.
    while (detail.endsWith(QLatin1Char('.')))
        detail.chop(1);
    const QString why = detail.isEmpty() ? QStringLiteral("HTTP %1").arg(httpStatus)
                                         : QStringLiteral("HTTP %1: %2").arg(httpStatus).arg(detail);
    error.message = QStringLiteral("This PostHog server does not offer %1 (%2).").arg(feature, why);
    if (httpStatus == 403)
        error.message +=
            QStringLiteral(" Your organisation may need to approve AI data processing, or the key "
                           "may lack the query:read scope.");
    return error;
}

AiClient::AiClient(ApiClient& client, QObject* parent)
    : QObject(parent)
    , m_client(&client)
    , m_direct(client)
{
    qRegisterMetaType<ApiError>();
}

AiClient::~AiClient()
{
    cancel();
}

void AiClient::cancel()
{
    ++m_generation;
    m_busy = false;
    m_draftRequest.abort();
    m_chatRequest.abort();
}

void AiClient::fail(quint64 generation, const ApiError& error)
{
    if (generation != m_generation)
        return;
    m_busy = false;
    Q_EMIT failed(error);
}

void AiClient::draftSql(const QString& prompt, const QString& currentQuery)
{
    cancel();
    const quint64 generation = m_generation;
    const QString trimmed = prompt.trimmed();
    auto failLater = [this, generation](const ApiError& error) {
        m_busy = true;
        QMetaObject::invokeMethod(
            this, [this, generation, error] { fail(generation, error); }, Qt::QueuedConnection);
    };
    if (trimmed.isEmpty()) {
        failLater(invalidInput(QStringLiteral("Describe the query you want first.")));
        return;
    }
    if (trimmed.size() > kMaxPromptLength) {
        failLater(invalidInput(QStringLiteral("The prompt is %1 characters long; PostHog accepts at most %2.")
                                   .arg(trimmed.size())
                                   .arg(kMaxPromptLength)));
        return;
    }
    if (!m_client) {
        failLater(invalidInput(QStringLiteral("Not connected to a PostHog server.")));
        return;
    }
    QUrlQuery query;
    addQueryValue(query, QStringLiteral("prompt"), trimmed);
    if (!currentQuery.trimmed().isEmpty())
        addQueryValue(query, QStringLiteral("current_query"), currentQuery);
    m_busy = true;
    m_draftRequest = m_client->get(
        QStringLiteral("query/draft_sql/"), query, this, [this, generation](const HttpResponse& response) {
            if (generation != m_generation || response.aborted)
                return;
            if (!response.networkFailed && isUnavailableStatus(response.status)) {
                fail(generation, aiUnavailableError(kDraftFeature, response.status, response.body));
                return;
            }
            if (response.networkFailed || response.status != 200) {
                ApiError error = errorFromResponse(response, QStringLiteral("query:read"));
                if (error.code == QLatin1String("unclear"))
                    error.message =
                        QStringLiteral("The AI did not understand the request: %1 Try describing the "
                                       "result you want in other words.")
                            .arg(error.message);
                fail(generation, error);
                return;
            }
            const QJsonObject object = QJsonDocument::fromJson(response.body).object();
            const QString sql = object.value(QLatin1StringView("sql")).toString();
            if (sql.trimmed().isEmpty()) {
                fail(generation, decodeError(kDraftFeature, QStringLiteral("no \"sql\" in the answer")));
                return;
            }
            m_busy = false;
            Q_EMIT sqlDrafted(sql);
        });
}

void AiClient::chat(const QList<ChatMessage>& messages, const QString& sessionId)
{
    cancel();
    const quint64 generation = m_generation;
    QString problem;
    if (messages.isEmpty())
        problem = QStringLiteral("Ask a question first.");
    else if (messages.size() > kMaxChatMessages)
        problem = QStringLiteral("A conversation holds at most %1 messages; start a new one.")
                      .arg(kMaxChatMessages);
    QJsonArray array;
    for (const ChatMessage& message : messages) {
        if (message.content.size() > kMaxChatMessageLength)
            problem = QStringLiteral("A message is %1 characters long; PostHog accepts at most %2.")
                          .arg(message.content.size())
                          .arg(kMaxChatMessageLength);
        array.append(QJsonObject{{QStringLiteral("role"), message.role},
                                 {QStringLiteral("content"), message.content}});
    }
    if (problem.isEmpty() && !m_client)
        problem = QStringLiteral("Not connected to a PostHog server.");
    m_busy = true;
    if (!problem.isEmpty()) {
        const ApiError error = invalidInput(problem);
        QMetaObject::invokeMethod(
            this, [this, generation, error] { fail(generation, error); }, Qt::QueuedConnection);
        return;
    }
    const QJsonObject body{
        {QStringLiteral("messages"), array},
        {QStringLiteral("session_id"),
         sessionId.isEmpty() ? QUuid::createUuid().toString(QUuid::WithoutBraces) : sessionId}};
    m_splitter = JsonStreamSplitter();
    m_lastChatDocument = QJsonObject();
    m_chatDocuments = 0;
    sendChat(QJsonDocument(body).toJson(QJsonDocument::Compact), m_client->urlFamily(), generation);
}

void AiClient::sendChat(const QByteArray& body, ApiClient::UrlFamily family, quint64 generation)
{
    const QUrl url = m_client->projectUrl(QStringLiteral("query/chat/"), family);
    auto onChunk = [this, generation](const QByteArray& chunk) {
        if (generation != m_generation)
            return;
        // Each document is the answer so far, more complete than the one before.
        for (const QByteArray& document : m_splitter.feed(chunk)) {
            const QJsonDocument parsed = QJsonDocument::fromJson(document);
            if (!parsed.isObject())
                continue;
            m_lastChatDocument = parsed.object();
            ++m_chatDocuments;
            Q_EMIT chatUpdated(m_lastChatDocument);
        }
    };
    m_chatRequest = m_direct.post(
        url, body, this,
        [this, body, family, generation, onChunk](const HttpResponse& response) {
            if (generation != m_generation || response.aborted)
                return;
            if (!response.networkFailed && response.status == 404 &&
                family == ApiClient::UrlFamily::Environments) {
                // Older servers route it under projects/ only.
                sendChat(body, ApiClient::UrlFamily::Projects, generation);
                return;
            }
            if (!response.networkFailed && isUnavailableStatus(response.status)) {
                fail(generation, aiUnavailableError(kChatFeature, response.status, response.body));
                return;
            }
            if (response.networkFailed || response.status < 200 || response.status >= 300) {
                fail(generation, errorFromResponse(response, QStringLiteral("query:read")));
                return;
            }
            onChunk(response.body); // whatever had not been handed over yet
            if (m_chatDocuments == 0) {
                fail(generation,
                     decodeError(kChatFeature, m_splitter.hasPartial()
                                                   ? QStringLiteral("the stream ended inside an answer")
                                                   : QStringLiteral("the answer was empty")));
                return;
            }
            if (!m_lastChatDocument.value(QLatin1StringView("answer")).isObject()) {
                const QJsonArray steps =
                    m_lastChatDocument.value(QLatin1StringView("reasoning_steps")).toArray();
                const QString last = steps.isEmpty() ? QString() : steps.last().toString();
                ApiError error;
                error.kind = ApiError::Kind::Query;
                error.code = QStringLiteral("ai_no_answer");
                error.message = last.isEmpty()
                                    ? QStringLiteral("The AI did not produce an answer.")
                                    : QStringLiteral("The AI did not produce an answer: %1").arg(last);
                fail(generation, error);
                return;
            }
            m_busy = false;
            Q_EMIT chatFinished(m_lastChatDocument);
        },
        onChunk);
}

} // namespace hogscope::api
