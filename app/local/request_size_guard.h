#pragma once

#include <QByteArray>
#include <QTcpServer>

class QTcpSocket;

namespace hogscope::local {

// The listening socket of the HTTP server, with a guard in front of the HTTP parser: a request
// whose Content-Length announces a body over `maxBodyBytes` is answered 413 at once and its body
// read and thrown away, so a client cannot make the server hold a huge body in memory (QHttpServer
// buffers whole requests). Bodies without a Content-Length (chunked) or on later requests of a
// kept-alive connection reach ApiServer, which checks their size again.
class RequestSizeGuard : public QTcpServer
{
    Q_OBJECT
public:
    // `rejection` is the JSON body of the 413 answer.
    RequestSizeGuard(qint64 maxBodyBytes, QByteArray rejection, QObject* parent = nullptr);

protected:
    void incomingConnection(qintptr handle) override;

private:
    void inspect(QTcpSocket* socket);
    void reject(QTcpSocket* socket, qint64 requestBytes);

    qint64 m_maxBodyBytes;
    QByteArray m_rejection;
};

} // namespace hogscope::local
