#include "app_paths.h"

#include <QDir>
#include <QStandardPaths>

namespace hogscope::workspace {

QString AppPaths::dataDir()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString AppPaths::demoStorePath()
{
    return dataDir() + QStringLiteral("/demo.sqlite");
}

bool AppPaths::ensureDataDir()
{
    return QDir().mkpath(dataDir());
}

} // namespace hogscope::workspace
