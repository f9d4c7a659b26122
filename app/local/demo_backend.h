#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>

#include <atomic>

class QThread;
class QTimer;

namespace hogscope::local {

class EmbeddedServer;

// What the demo backend needs: where its store lives and how big a new one is.
struct DemoBackendOptions
{
    QString storePath;     // e.g. workspace::AppPaths::demoStorePath()
    qint64 events = 50000; // size of a newly generated store
    quint64 seed = 1;
};

// `--demo` without a window: makes sure the demo store exists (generating it on a worker thread the
// first time, with progress) and starts the EmbeddedServer on it with a random token. Shared by the
// desktop window and the command line; knows nothing of either.
class DemoBackend : public QObject
{
    Q_OBJECT
public:
    explicit DemoBackend(DemoBackendOptions options, QObject* parent = nullptr);
    // Stops a generation in progress (the partial file is discarded) and the server.
    ~DemoBackend() override;

    // Returns at once; emits generating()/generationProgress()/generated() when the store is
    // missing, then starting(), then ready() or failed().
    void start();

    const DemoBackendOptions& options() const { return m_options; }
    QUrl baseUrl() const { return m_baseUrl; }   // valid after ready()
    QByteArray token() const { return m_token; } // the bearer token of this run
    QString projectId() const { return QStringLiteral("1"); }

    // 32 random bytes from the OS, hex encoded.
    static QByteArray randomToken();

Q_SIGNALS:
    void generating(const QString& path, qint64 events);
    void generationProgress(qint64 done, qint64 total); // about ten times a second
    void generated(const QString& path, qint64 events);
    void starting(const QString& path);
    void ready(const QUrl& baseUrl, const QByteArray& token);
    void failed(const QString& title, const QString& message);

private:
    void generate();
    void onGenerated();
    void startServer();

    DemoBackendOptions m_options;
    EmbeddedServer* m_server = nullptr;
    QThread* m_generator = nullptr;
    QTimer* m_progressTimer = nullptr;
    QUrl m_baseUrl;
    QByteArray m_token;
    QString m_generationError; // written by the generator thread before it finishes
    bool m_generationOk = false;
    // Written by the generator thread, read by this object's thread.
    std::atomic<qint64> m_done{0};
    std::atomic<qint64> m_total{0};
    std::atomic<bool> m_cancel{false};
};

} // namespace hogscope::local
