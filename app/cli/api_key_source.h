#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QUrl>

namespace hogscope::cli {

// Finds the personal API key for a host: POSTHOG_PERSONAL_API_KEY first, else the system keychain
// through workspace::KeyStore (service "Hogscope", the host name as account — where the desktop
// app's connection settings keep it). The keychain is asynchronous: the answer comes as a signal.
class ApiKeySource : public QObject
{
    Q_OBJECT
public:
    static constexpr const char* kEnvironmentVariable = "POSTHOG_PERSONAL_API_KEY";
    static QString keychainKey(const QUrl& host) { return host.host(); }

    explicit ApiKeySource(QObject* parent = nullptr);

    // Emits found() or notFound(), possibly before returning (environment variable).
    void lookUp(const QUrl& host);

Q_SIGNALS:
    void found(const QByteArray& key, const QString& source);
    void notFound(const QString& message);
};

} // namespace hogscope::cli
