#pragma once

// Test support for tst_ui_persons: the store read directly with SQLite (the expected answers), and
// an HTTP proxy that plays a server without InsightActorsQuery.

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QPointer>
#include <QSet>
#include <QString>
#include <QStringList>
#include <QTcpServer>
#include <QTcpSocket>
#include <QUrl>

#include <sqlite3.h>

namespace personstest {

using namespace Qt::Literals::StringLiterals;

// The store read directly: what the persons views must show.
class Store
{
public:
    ~Store() { sqlite3_close(m_db); }
    bool open(const QString& path)
    {
        if (sqlite3_open_v2(path.toUtf8().constData(), &m_db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
            return false;
        // The server opens the store at the same time; a WAL store can be busy for a moment while
        // its connections set up the shared memory. Wait as the product's connections do.
        sqlite3_busy_timeout(m_db, 5000);
        return true;
    }
    // The first column of every row, as text.
    QStringList column(const char* sql, const QStringList& binds = {}) const
    {
        sqlite3_stmt* stmt = nullptr;
        QStringList out;
        if (sqlite3_prepare_v2(m_db, sql, -1, &stmt, nullptr) != SQLITE_OK) {
            qWarning("SQL error: %s", sqlite3_errmsg(m_db));
            return out;
        }
        for (int i = 0; i < binds.size(); ++i) {
            const QByteArray bytes = binds[i].toUtf8();
            sqlite3_bind_text(stmt, i + 1, bytes.constData(), int(bytes.size()), SQLITE_TRANSIENT);
        }
        while (sqlite3_step(stmt) == SQLITE_ROW) {
            const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
            out.push_back(text ? QString::fromUtf8(text) : QString());
        }
        sqlite3_finalize(stmt);
        return out;
    }
    QSet<QString> set(const char* sql, const QStringList& binds = {}) const
    {
        const QStringList rows = column(sql, binds);
        return QSet<QString>(rows.begin(), rows.end());
    }

private:
    sqlite3* m_db = nullptr;
};

// A server of the older kind in front of the real one: it refuses ActorsQuery with a source (400, as a
// server without InsightActorsQuery does) and forwards every other request.
class RefusingProxy : public QObject
{
public:
    explicit RefusingProxy(QUrl target)
        : m_target(std::move(target))
    {
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = m_server.nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadable(socket); });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    bool listen() { return m_server.listen(QHostAddress::LocalHost, 0); }
    QUrl url() const { return QUrl(u"http://127.0.0.1:%1"_s.arg(m_server.serverPort())); }
    int refused = 0;

private:
    void onReadable(QTcpSocket* socket)
    {
        QByteArray& buffer = m_buffers[socket];
        buffer += socket->readAll();
        const qsizetype end = buffer.indexOf("\r\n\r\n");
        if (end < 0)
            return;
        const QList<QByteArray> lines = buffer.left(end).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        qsizetype length = 0;
        QList<QPair<QByteArray, QByteArray>> headers;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines[i].indexOf(':');
            const QByteArray name = lines[i].left(colon).trimmed().toLower();
            const QByteArray value = lines[i].mid(colon + 1).trimmed();
            if (name == "content-length")
                length = value.toLongLong();
            headers.append({name, value});
        }
        if (buffer.size() < end + 4 + length)
            return;
        const QByteArray body = buffer.mid(end + 4, length);
        m_buffers.remove(socket);
        const QByteArray method = requestLine.value(0);
        const QJsonObject query = QJsonDocument::fromJson(body).object().value(u"query"_s).toObject();
        if (method == "POST" && query.value(u"kind"_s).toString() == u"ActorsQuery"_s &&
            query.contains(u"source"_s)) {
            ++refused;
            respond(
                socket, 400,
                R"({"type":"validation_error","code":"invalid_input","detail":"Unknown source for ActorsQuery","attr":"source"})");
            return;
        }
        QNetworkRequest request(m_target.resolved(QUrl::fromEncoded(requestLine.value(1))));
        for (const auto& [name, value] : headers) {
            if (name == "authorization" || name == "content-type" || name == "accept")
                request.setRawHeader(name, value);
        }
        QNetworkReply* reply = m_manager.sendCustomRequest(request, method, body);
        QPointer<QTcpSocket> guard(socket);
        connect(reply, &QNetworkReply::finished, this, [this, reply, guard] {
            reply->deleteLater();
            if (guard)
                respond(guard, reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(),
                        reply->readAll());
        });
    }
    void respond(QTcpSocket* socket, int status, const QByteArray& body)
    {
        socket->write("HTTP/1.1 " + QByteArray::number(status) +
                      " X\r\nContent-Type: application/json\r\nContent-Length: " +
                      QByteArray::number(body.size()) + "\r\nConnection: close\r\n\r\n" + body);
        socket->disconnectFromHost();
    }

    QUrl m_target;
    QTcpServer m_server;
    QNetworkAccessManager m_manager;
    QHash<QTcpSocket*, QByteArray> m_buffers;
};

} // namespace personstest
