#include "key_store.h"

#include <qt6keychain/keychain.h>

namespace hogscope::workspace {

namespace {

// Errors that mean "there is no usable keychain here", as opposed to "this entry does not exist".
bool meansNoKeychain(QKeychain::Error error)
{
    return error == QKeychain::NoBackendAvailable || error == QKeychain::NotImplemented ||
           error == QKeychain::OtherError || error == QKeychain::AccessDenied;
}

QString sessionOnlyMessage(const QString& reason)
{
    return QStringLiteral(
               "No system keychain is available (%1). The API key is kept for this session only and "
               "is not written to disk; you will be asked for it again next time.")
        .arg(reason);
}

} // namespace

KeyStore::KeyStore(QObject* parent)
    : QObject(parent)
{}

void KeyStore::noKeychain(const QString& reason)
{
    m_keychainAvailable = false;
    m_unavailableReason = reason.isEmpty() ? QStringLiteral("the keychain service did not answer") : reason;
}

void KeyStore::readKey(const QString& account)
{
    if (!m_keychainAvailable) {
        const auto it = m_sessionKeys.constFind(account);
        if (it != m_sessionKeys.constEnd())
            Q_EMIT keyRead(account, it.value());
        else
            Q_EMIT keyMissing(account, QStringLiteral("No API key is stored for %1.").arg(account));
        return;
    }
    auto* job = new QKeychain::ReadPasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(account);
    connect(job, &QKeychain::Job::finished, this, [this, account](QKeychain::Job* finished) {
        auto* read = static_cast<QKeychain::ReadPasswordJob*>(finished);
        if (read->error() == QKeychain::NoError) {
            Q_EMIT keyRead(account, read->binaryData());
            return;
        }
        if (read->error() == QKeychain::EntryNotFound) {
            Q_EMIT keyMissing(account, QStringLiteral("No API key is stored for %1.").arg(account));
            return;
        }
        if (meansNoKeychain(read->error())) {
            noKeychain(read->errorString());
            readKey(account); // answer from the session store
            return;
        }
        Q_EMIT keyMissing(account,
                          QStringLiteral("The keychain could not be read: %1").arg(read->errorString()));
    });
    job->start();
}

void KeyStore::writeKey(const QString& account, const QByteArray& key)
{
    if (!m_keychainAvailable) {
        m_sessionKeys.insert(account, key);
        Q_EMIT keyWritten(account, false, sessionOnlyMessage(m_unavailableReason));
        return;
    }
    auto* job = new QKeychain::WritePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false); // never the plain-text QSettings fallback
    job->setKey(account);
    job->setBinaryData(key);
    connect(job, &QKeychain::Job::finished, this, [this, account, key](QKeychain::Job* finished) {
        if (finished->error() == QKeychain::NoError) {
            Q_EMIT keyWritten(account, true, QString());
            return;
        }
        noKeychain(finished->errorString());
        m_sessionKeys.insert(account, key);
        Q_EMIT keyWritten(account, false, sessionOnlyMessage(m_unavailableReason));
    });
    job->start();
}

void KeyStore::deleteKey(const QString& account)
{
    m_sessionKeys.remove(account);
    if (!m_keychainAvailable) {
        Q_EMIT keyDeleted(account);
        return;
    }
    auto* job = new QKeychain::DeletePasswordJob(serviceName(), this);
    job->setAutoDelete(true);
    job->setInsecureFallback(false);
    job->setKey(account);
    connect(job, &QKeychain::Job::finished, this,
            [this, account](QKeychain::Job*) { Q_EMIT keyDeleted(account); });
    job->start();
}

} // namespace hogscope::workspace
