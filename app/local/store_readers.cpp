#include "store_readers.h"

#include "sqlite_connection.h"

#include <QMutexLocker>

#include <algorithm>

namespace hogscope::local {

StoreReaders::StoreReaders(Options options)
    : m_options(std::move(options))
{
    m_pool.setMaxThreadCount(std::max(1, m_options.threads));
    m_pool.setObjectName(QStringLiteral("hogscope-readers"));
}

StoreReaders::~StoreReaders()
{
    m_pool.waitForDone();
}

void StoreReaders::run(Work work)
{
    m_pool.start([this, work = std::move(work)] {
        QString error;
        std::unique_ptr<SqliteConnection> connection = acquire(&error);
        work(connection ? connection->handle() : nullptr, error);
        if (connection)
            release(std::move(connection));
    });
}

std::unique_ptr<SqliteConnection> StoreReaders::acquire(QString* error)
{
    {
        QMutexLocker lock(&m_mutex);
        if (!m_idle.empty()) {
            auto connection = std::move(m_idle.back());
            m_idle.pop_back();
            return connection;
        }
    }
    auto connection = std::make_unique<SqliteConnection>();
    if (!connection->open(m_options.databasePath, SqliteConnection::Mode::ReadOnly)) {
        *error = connection->errorString();
        return nullptr;
    }
    if (m_options.prepare && !m_options.prepare(connection->handle(), error))
        return nullptr;
    return connection;
}

void StoreReaders::release(std::unique_ptr<SqliteConnection> connection)
{
    QMutexLocker lock(&m_mutex);
    m_idle.push_back(std::move(connection));
}

} // namespace hogscope::local
