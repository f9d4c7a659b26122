#pragma once

// Shared by the HTTP tests of hogscope-server: start `serve` on a store, send requests through
// QNetworkAccessManager, and speak raw HTTP over a socket where a test must see exactly what
// arrives on the wire (dropped connections, cut bodies).

#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QUrl>

namespace servertest {

struct Response
{
    int status = 0;
    QJsonObject body;
    QByteArray raw;
    QNetworkReply::NetworkError error = QNetworkReply::NoError;
    QList<QNetworkReply::RawHeaderPair> headers;

    QByteArray header(const QByteArray& name) const
    {
        for (const auto& [key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
};

// `hogscope-server serve` on a store, stopped when this object goes.
class ServerProcess
{
public:
    ~ServerProcess() { stop(); }

    // Starts the server and waits for its "listening on" line; returns the base URL (invalid on
    // failure, with the reason in lastError).
    QUrl start(const QString& db, const QByteArray& token, const QStringList& extra = {})
    {
        QStringList args{QStringLiteral("serve"), QStringLiteral("--db"), db, QStringLiteral("--port"),
                         QStringLiteral("0")};
        if (!token.isEmpty())
            args << QStringLiteral("--token") << QString::fromLatin1(token);
        process.setProgram(qEnvironmentVariable("HOGSCOPE_SERVER"));
        process.setArguments(args + extra);
        process.start();
        if (!process.waitForStarted(10000)) {
            lastError = QStringLiteral("not started");
            return {};
        }
        QElapsedTimer timer;
        timer.start();
        while (!process.canReadLine() && process.state() == QProcess::Running && timer.elapsed() < 15000)
            process.waitForReadyRead(200);
        const QString line = QString::fromUtf8(process.readLine()).trimmed();
        static const QRegularExpression pattern(
            QStringLiteral("^listening on (http://127\\.0\\.0\\.1:\\d+)$"));
        const auto match = pattern.match(line);
        if (!match.hasMatch()) {
            lastError = QStringLiteral("first line '%1', stderr: %2")
                            .arg(line, QString::fromUtf8(process.readAllStandardError()));
            return {};
        }
        return QUrl(match.captured(1));
    }

    void stop()
    {
        if (process.state() == QProcess::NotRunning)
            return;
        process.terminate();
        if (!process.waitForFinished(5000))
            process.kill();
        process.waitForFinished(2000);
    }

    QProcess process;
    QString lastError;
};

inline QUrl urlFor(const QUrl& base, const QString& pathAndQuery)
{
    QUrl url = base;
    const qsizetype question = pathAndQuery.indexOf(QLatin1Char('?'));
    url.setPath(question < 0 ? pathAndQuery : pathAndQuery.left(question));
    if (question >= 0)
        url.setQuery(pathAndQuery.mid(question + 1));
    return url;
}

inline Response finished(QNetworkReply* reply, int timeoutMs = 30000)
{
    Response response;
    if (!reply->isFinished()) {
        QSignalSpy done(reply, &QNetworkReply::finished);
        if (!done.wait(timeoutMs) && !reply->isFinished()) {
            reply->abort();
            reply->deleteLater();
            response.error = QNetworkReply::TimeoutError;
            return response;
        }
    }
    response.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    response.raw = reply->readAll();
    response.body = QJsonDocument::fromJson(response.raw).object();
    response.error = reply->error();
    response.headers = reply->rawHeaderPairs();
    reply->deleteLater();
    return response;
}

inline QNetworkReply* sendAsync(QNetworkAccessManager& nam, const QByteArray& method, const QUrl& url,
                                const QByteArray& token, const QByteArray& body = {})
{
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    if (!token.isEmpty())
        request.setRawHeader("Authorization", "Bearer " + token);
    return nam.sendCustomRequest(request, method, body);
}

inline Response send(QNetworkAccessManager& nam, const QByteArray& method, const QUrl& url,
                     const QByteArray& token, const QByteArray& body = {})
{
    return finished(sendAsync(nam, method, url, token, body));
}

// What came back over a raw connection: every byte until the server closed it (or the wait ran out).
struct RawResponse
{
    QByteArray bytes;
    bool closedByServer = false;

    int status() const
    {
        const QList<QByteArray> parts = bytes.left(bytes.indexOf("\r\n")).split(' ');
        return parts.size() >= 2 ? parts[1].toInt() : 0;
    }
    QByteArray header(const QByteArray& name) const
    {
        const qsizetype end = bytes.indexOf("\r\n\r\n");
        for (const QByteArray& line : bytes.left(end).split('\n')) {
            const qsizetype colon = line.indexOf(':');
            if (colon > 0 && line.left(colon).trimmed().compare(name, Qt::CaseInsensitive) == 0)
                return line.mid(colon + 1).trimmed();
        }
        return {};
    }
    // The head has arrived and as many body bytes as its Content-Length announces.
    bool complete() const
    {
        const qsizetype end = bytes.indexOf("\r\n\r\n");
        bool ok = false;
        const qint64 length = header("Content-Length").toLongLong(&ok);
        return end >= 0 && ok && bytes.size() - end - 4 >= length;
    }
    QByteArray body() const
    {
        const qsizetype end = bytes.indexOf("\r\n\r\n");
        return end < 0 ? QByteArray() : bytes.mid(end + 4);
    }
};

// Sends `request` as is and reads until a whole answer has arrived (unless `stopWhenComplete` is
// false), the server closes the connection, or `timeoutMs` passes; closedByServer says whether the
// server closed it.
inline RawResponse rawExchange(const QUrl& base, const QByteArray& request, int timeoutMs = 5000,
                               bool stopWhenComplete = true)
{
    RawResponse response;
    QTcpSocket socket;
    socket.connectToHost(base.host(), static_cast<quint16>(base.port()));
    if (!socket.waitForConnected(5000))
        return response;
    socket.write(request);
    socket.flush();
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < timeoutMs) {
        if (socket.state() != QAbstractSocket::ConnectedState) {
            response.closedByServer = true;
            break;
        }
        if (socket.waitForReadyRead(100))
            response.bytes += socket.readAll();
        if (stopWhenComplete && response.complete())
            break;
    }
    response.bytes += socket.readAll();
    return response;
}

inline QByteArray rawGet(const QUrl& base, const QByteArray& path, const QByteArray& token)
{
    return "GET " + path + " HTTP/1.1\r\nHost: " + base.authority().toLatin1() +
           "\r\nAuthorization: Bearer " + token + "\r\nConnection: close\r\n\r\n";
}

} // namespace servertest
