#pragma once

#include <QByteArray>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QObject>
#include <QTcpServer>
#include <QUrl>

#include <functional>

// A tiny scripted HTTP/1.1 server on loopback for client tests: every request is logged and
// answered by a handler, optionally late, or dropped to simulate a network failure.
class FakeHttpServer : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QByteArray target;                     // path plus query, as sent
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
        qint64 atMs = 0; // since the server started
        QByteArray path() const { return target.split('?').first(); }
    };
    struct Response
    {
        Response(int status = 200, QByteArray body = QByteArray(),
                 QList<QPair<QByteArray, QByteArray>> headers = {}, int delayMs = 0, bool drop = false)
            : status(status)
            , body(std::move(body))
            , headers(std::move(headers))
            , delayMs(delayMs)
            , drop(drop)
        {}
        int status = 200;
        QByteArray body;
        QList<QPair<QByteArray, QByteArray>> headers;
        int delayMs = 0;
        bool drop = false; // close the connection without answering
    };
    using Handler = std::function<Response(const Request&)>;

    explicit FakeHttpServer(QObject* parent = nullptr);
    bool listen();
    QUrl baseUrl() const;
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    const QList<Request>& requests() const { return m_requests; }
    QList<Request> requests(const QByteArray& method) const;

private:
    void onNewConnection();
    void onReadyRead(QTcpSocket* socket);

    Handler m_handler;
    QList<Request> m_requests;
    QHash<QTcpSocket*, QByteArray> m_buffers;
    QElapsedTimer m_clock;
    // Last, so it is destroyed first: closing its sockets emits disconnected(), whose handler
    // still needs m_buffers alive.
    QTcpServer m_server;
};
