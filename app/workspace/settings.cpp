#include "settings.h"

#include <QSettings>
#include <QStandardPaths>

namespace hogscope::workspace {

Settings::Settings(const QString& filePath, QObject* parent)
    : QObject(parent)
    , m_settings(std::make_unique<QSettings>(filePath.isEmpty() ? defaultFilePath() : filePath,
                                             QSettings::IniFormat))
{}

Settings::~Settings() = default;

QString Settings::defaultFilePath()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppConfigLocation) +
           QStringLiteral("/hogscope.ini");
}

QString Settings::filePath() const
{
    return m_settings->fileName();
}

void Settings::sync()
{
    m_settings->sync();
}

QVariant Settings::rawValue(QLatin1StringView name) const
{
    return m_settings->value(name);
}

void Settings::setRawValue(QLatin1StringView name, const QVariant& value)
{
    if (m_settings->value(name) == value)
        return;
    m_settings->setValue(name, value);
    Q_EMIT changed(QString(name));
}

void Settings::removeRaw(QLatin1StringView name)
{
    if (!m_settings->contains(name))
        return;
    m_settings->remove(name);
    Q_EMIT changed(QString(name));
}

} // namespace hogscope::workspace
