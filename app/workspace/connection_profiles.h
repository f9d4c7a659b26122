#pragma once

// Saved connections: a name, a PostHog host and a project. The API key of a profile is never here:
// it lives in the keychain (KeyStore) under the host name.

#include <QList>
#include <QString>

#include <optional>

namespace hogscope::workspace {

class Settings;

struct ConnectionProfile
{
    QString name;    // what the user calls it ("EU production")
    QString host;    // base URL, e.g. https://eu.posthog.com
    QString project; // environment / project id

    bool operator==(const ConnectionProfile&) const = default;
};

class ConnectionProfiles
{
public:
    explicit ConnectionProfiles(Settings& settings);

    // PostHog's two clouds, offered when adding a profile.
    static QList<ConnectionProfile> presets();

    QList<ConnectionProfile> all() const;
    std::optional<ConnectionProfile> find(const QString& name) const;
    // Adds the profile, or replaces the one with the same name.
    void upsert(const ConnectionProfile& profile);
    void remove(const QString& name);

    // Checks a profile before it is saved; an empty string when it is fine, else what is wrong.
    static QString validate(const ConnectionProfile& profile);

private:
    void store(const QList<ConnectionProfile>& profiles);

    Settings& m_settings;
};

} // namespace hogscope::workspace
