#include "fake_http_server.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

FakeHttpServer::FakeHttpServer(QObject* parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeHttpServer::onNewConnection);
    m_clock.start();
}

bool FakeHttpServer::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QUrl FakeHttpServer::baseUrl() const
{
    QUrl url;
    url.setScheme(QStringLiteral("http"));
    url.setHost(QStringLiteral("127.0.0.1"));
    url.setPort(m_server.serverPort());
    return url;
}

QList<FakeHttpServer::Request> FakeHttpServer::requests(const QByteArray& method) const
{
    QList<Request> out;
    for (const Request& request : m_requests)
        if (request.method == method)
            out << request;
    return out;
}

void FakeHttpServer::onNewConnection()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
        connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
            m_buffers.remove(socket);
            socket->deleteLater();
        });
    }
}

void FakeHttpServer::onReadyRead(QTcpSocket* socket)
{
    QByteArray& buffer = m_buffers[socket];
    buffer += socket->readAll();
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return;
    Request request;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    request.method = requestLine.value(0);
    request.target = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray line = lines[i].trimmed();
        const qsizetype colon = line.indexOf(':');
        if (colon > 0)
            request.headers.insert(line.left(colon).trimmed().toLower(), line.mid(colon + 1).trimmed());
    }
    const qsizetype length = request.headers.value("content-length", "0").toLongLong();
    if (buffer.size() < headerEnd + 4 + length)
        return;
    request.body = buffer.mid(headerEnd + 4, length);
    request.atMs = m_clock.elapsed();
    buffer.clear();
    m_requests << request;

    const Response response = m_handler ? m_handler(request) : Response{404, QByteArray("{}"), {}, 0, false};
    QPointer<QTcpSocket> guarded(socket);
    auto answer = [guarded, response] {
        if (!guarded)
            return;
        if (response.drop) {
            guarded->abort();
            return;
        }
        QByteArray out = "HTTP/1.1 " + QByteArray::number(response.status) + " X\r\n";
        out += "Content-Type: application/json\r\nConnection: close\r\nContent-Length: " +
               QByteArray::number(response.body.size()) + "\r\n";
        for (const auto& header : response.headers)
            out += header.first + ": " + header.second + "\r\n";
        out += "\r\n" + response.body;
        guarded->write(out);
        guarded->disconnectFromHost();
    };
    if (response.delayMs > 0)
        QTimer::singleShot(response.delayMs, socket, answer);
    else
        answer();
}
