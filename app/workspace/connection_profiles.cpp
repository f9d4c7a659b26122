#include "connection_profiles.h"

#include "settings.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QUrl>

namespace hogscope::workspace {

ConnectionProfiles::ConnectionProfiles(Settings& settings)
    : m_settings(settings)
{}

QList<ConnectionProfile> ConnectionProfiles::presets()
{
    return {
        {QStringLiteral("PostHog US Cloud"), QStringLiteral("https://us.posthog.com"), QString()},
        {QStringLiteral("PostHog EU Cloud"), QStringLiteral("https://eu.posthog.com"), QString()},
    };
}

QList<ConnectionProfile> ConnectionProfiles::all() const
{
    QList<ConnectionProfile> out;
    const QJsonArray array = QJsonDocument::fromJson(m_settings.value(keys::connectionProfiles)).array();
    for (const QJsonValue& v : array) {
        const QJsonObject o = v.toObject();
        ConnectionProfile p{o.value(QLatin1String("name")).toString(),
                            o.value(QLatin1String("host")).toString(),
                            o.value(QLatin1String("project")).toString()};
        if (!p.name.isEmpty() && !p.host.isEmpty())
            out.push_back(p);
    }
    return out;
}

std::optional<ConnectionProfile> ConnectionProfiles::find(const QString& name) const
{
    for (const ConnectionProfile& p : all()) {
        if (p.name == name)
            return p;
    }
    return std::nullopt;
}

void ConnectionProfiles::upsert(const ConnectionProfile& profile)
{
    QList<ConnectionProfile> profiles = all();
    bool replaced = false;
    for (ConnectionProfile& p : profiles) {
        if (p.name == profile.name) {
            p = profile;
            replaced = true;
        }
    }
    if (!replaced)
        profiles.push_back(profile);
    store(profiles);
}

void ConnectionProfiles::remove(const QString& name)
{
    QList<ConnectionProfile> profiles = all();
    profiles.removeIf([&](const ConnectionProfile& p) { return p.name == name; });
    store(profiles);
}

QString ConnectionProfiles::validate(const ConnectionProfile& profile)
{
    if (profile.name.trimmed().isEmpty())
        return QStringLiteral("The profile needs a name.");
    const QUrl url(profile.host, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("\"%1\" is not a valid address; expected e.g. https://eu.posthog.com")
            .arg(profile.host);
    if (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http"))
        return QStringLiteral("The address must start with https:// (or http:// for a local server).");
    if (url.scheme() == QLatin1String("http") && url.host() != QLatin1String("localhost") &&
        url.host() != QLatin1String("127.0.0.1") && url.host() != QLatin1String("::1"))
        return QStringLiteral("Plain http:// would send your API key unencrypted; use https:// for %1.")
            .arg(url.host());
    if (profile.project.trimmed().isEmpty())
        return QStringLiteral("The profile needs a project (environment) id.");
    return QString();
}

void ConnectionProfiles::store(const QList<ConnectionProfile>& profiles)
{
    QJsonArray array;
    for (const ConnectionProfile& p : profiles) {
        array.push_back(QJsonObject{{QStringLiteral("name"), p.name},
                                    {QStringLiteral("host"), p.host},
                                    {QStringLiteral("project"), p.project}});
    }
    m_settings.setValue(keys::connectionProfiles, QJsonDocument(array).toJson(QJsonDocument::Compact));
}

} // namespace hogscope::workspace
