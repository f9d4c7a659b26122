#pragma once

// Personal API keys in the operating system's keychain (QtKeychain: Secret Service, KWallet, macOS
// Keychain, Windows Credential Store). Never in a plain file: where no keychain is available the key
// is kept in memory for this session only, and the caller is told so in words it can show the user.
// Every call is asynchronous (the keychain may prompt); answers arrive as signals.

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QString>

namespace hogscope::workspace {

class KeyStore : public QObject
{
    Q_OBJECT
public:
    // The service name under which keys are filed; the account is the PostHog host name.
    static QString serviceName() { return QStringLiteral("Hogscope"); }

    explicit KeyStore(QObject* parent = nullptr);

    // Emits keyRead() or keyMissing().
    void readKey(const QString& account);
    // Emits keyWritten(); `persisted` is false when the key is kept for this session only.
    void writeKey(const QString& account, const QByteArray& key);
    // Emits keyDeleted().
    void deleteKey(const QString& account);

    // False once the keychain has been found missing; keys then live in memory only.
    bool keychainAvailable() const { return m_keychainAvailable; }
    // For tests and for environments known to have no keychain: skip it entirely.
    void setKeychainEnabled(bool enabled) { m_keychainAvailable = enabled; }

Q_SIGNALS:
    void keyRead(const QString& account, const QByteArray& key);
    void keyMissing(const QString& account, const QString& message);
    void keyWritten(const QString& account, bool persisted, const QString& message);
    void keyDeleted(const QString& account);

private:
    void noKeychain(const QString& reason);

    bool m_keychainAvailable = true;
    QString m_unavailableReason;
    QHash<QString, QByteArray> m_sessionKeys; // only when the keychain is unavailable
};

} // namespace hogscope::workspace
