#include "request_size_guard.h"

#include <QTcpSocket>
#include <QTimer>

#include <memory>

namespace hogscope::local {

namespace {

constexpr qint64 kHeaderPeekBytes = 64 * 1024;
constexpr int kDrainTimeoutMs = 30'000;
const char* const kInspectedProperty = "hogscope_size_checked";

} // namespace

RequestSizeGuard::RequestSizeGuard(qint64 maxBodyBytes, QByteArray rejection, QObject* parent)
    : QTcpServer(parent)
    , m_maxBodyBytes(maxBodyBytes)
    , m_rejection(std::move(rejection))
{}

void RequestSizeGuard::incomingConnection(qintptr handle)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    // Connected before QHttpServer connects its parser (when it takes the pending connection), so
    // this runs first on every readyRead.
    connect(socket, &QTcpSocket::readyRead, socket, [this, socket] { inspect(socket); });
    addPendingConnection(socket);
}

void RequestSizeGuard::inspect(QTcpSocket* socket)
{
    if (socket->property(kInspectedProperty).toBool())
        return;
    // Only the first request of a connection is looked at here: once the parser has consumed bytes,
    // peeking no longer shows a request's head.
    socket->setProperty(kInspectedProperty, true);
    const QByteArray head = socket->peek(kHeaderPeekBytes);
    const qsizetype end = head.indexOf("\r\n\r\n");
    if (end < 0)
        return;
    qint64 contentLength = -1;
    for (const QByteArray& line : head.left(end).split('\n')) {
        const qsizetype colon = line.indexOf(':');
        if (colon > 0 && line.left(colon).trimmed().compare("content-length", Qt::CaseInsensitive) == 0) {
            bool ok = false;
            contentLength = line.mid(colon + 1).trimmed().toLongLong(&ok);
            if (!ok)
                contentLength = -1;
        }
    }
    if (contentLength > m_maxBodyBytes)
        reject(socket, end + 4 + contentLength);
}

void RequestSizeGuard::reject(QTcpSocket* socket, qint64 requestBytes)
{
    // The parser never sees this request.
    disconnect(socket, &QTcpSocket::readyRead, nullptr, nullptr);
    socket->write(
        "HTTP/1.1 413 Request Entity Too Large\r\nContent-Type: application/json\r\nContent-Length: " +
        QByteArray::number(m_rejection.size()) + "\r\nConnection: close\r\n\r\n" + m_rejection);
    // Read the body to its end before closing: closing on unread data resets the connection, and
    // the client would lose the answer.
    auto remaining = std::make_shared<qint64>(requestBytes);
    auto drain = [socket, remaining] {
        while (socket->bytesAvailable() > 0 && *remaining > 0)
            *remaining -= socket->read(std::min<qint64>(socket->bytesAvailable(), 1 << 16)).size();
        if (*remaining <= 0)
            socket->disconnectFromHost();
    };
    connect(socket, &QTcpSocket::readyRead, socket, drain);
    QTimer::singleShot(kDrainTimeoutMs, socket, [socket] { socket->abort(); });
    drain();
}

} // namespace hogscope::local
