#include "cli/api_key_source.h"

#include "workspace/key_store.h"

namespace hogscope::cli {

ApiKeySource::ApiKeySource(QObject* parent)
    : QObject(parent)
{}

void ApiKeySource::lookUp(const QUrl& host)
{
    const QByteArray fromEnvironment = qgetenv(kEnvironmentVariable).trimmed();
    if (!fromEnvironment.isEmpty()) {
        Q_EMIT found(fromEnvironment, QString::fromLatin1(kEnvironmentVariable));
        return;
    }
    // The same store the desktop app's connection settings write to.
    auto* store = new workspace::KeyStore(this);
    const QString account = keychainKey(host);
    connect(store, &workspace::KeyStore::keyRead, this, [this, store](const QString&, const QByteArray& key) {
        store->deleteLater();
        if (!key.trimmed().isEmpty())
            Q_EMIT found(key.trimmed(), QStringLiteral("the keychain"));
        else
            Q_EMIT notFound(QStringLiteral("The keychain holds an empty key."));
    });
    connect(store, &workspace::KeyStore::keyMissing, this,
            [this, store, host](const QString&, const QString& why) {
                store->deleteLater();
                Q_EMIT notFound(
                    QStringLiteral("No API key for %1: set %2 to a personal API key (phx_…) or save "
                                   "one in Hogscope's connection settings. %3")
                        .arg(host.toString(), QString::fromLatin1(kEnvironmentVariable), why));
            });
    store->readKey(account);
}

} // namespace hogscope::cli
