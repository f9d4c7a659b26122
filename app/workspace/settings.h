#pragma once

// Typed settings facade: each key is declared once, with its type and default, in `keys` below
// (as Tiled's Preference<T>); QSettings (INI format) stores the values underneath.

#include <QByteArray>
#include <QObject>
#include <QString>
#include <QVariant>

#include <memory>

class QSettings;

namespace hogscope::workspace {

// One setting: its storage key and the value returned when nothing is stored.
template <typename T>
struct SettingKey
{
    QLatin1StringView name;
    T defaultValue;
};

namespace keys {
// Base URL of the last PostHog instance connected to (e.g. https://eu.posthog.com).
inline const SettingKey<QString> lastHost{QLatin1StringView("connection/lastHost"), QString()};
// Project (environment) id used with lastHost.
inline const SettingKey<QString> lastProject{QLatin1StringView("connection/lastProject"),
                                             QStringLiteral("1")};
// QWidget::saveGeometry() of the main window.
inline const SettingKey<QByteArray> windowGeometry{QLatin1StringView("window/geometry"), QByteArray()};
// QMainWindow::saveState() (docks and toolbars) of the main window.
inline const SettingKey<QByteArray> windowState{QLatin1StringView("window/state"), QByteArray()};
// Saved connection profiles as a JSON array of {name, host, project}; keys live in the keychain.
inline const SettingKey<QByteArray> connectionProfiles{QLatin1StringView("connection/profiles"),
                                                       QByteArray()};
// Debounce delay before the editor re-checks the syntax after typing.
inline const SettingKey<int> syntaxCheckDelayMs{QLatin1StringView("editor/syntaxCheckDelayMs"), 250};
// Point size of the editor's monospace font (0 = the system fixed font's size).
inline const SettingKey<int> editorFontSize{QLatin1StringView("editor/fontSize"), 0};
} // namespace keys

// The application's settings. Passed to whoever needs it (no global instance); changed() lets
// views update live.
class Settings : public QObject
{
    Q_OBJECT
public:
    // Settings stored in the INI file at `filePath`; an empty path means defaultFilePath().
    explicit Settings(const QString& filePath = QString(), QObject* parent = nullptr);
    ~Settings() override;

    // <AppConfigLocation>/hogscope.ini; under QStandardPaths test mode this is a test location.
    static QString defaultFilePath();
    QString filePath() const;

    template <typename T>
    T value(const SettingKey<T>& key) const
    {
        const QVariant stored = rawValue(key.name);
        if (!stored.isValid() || !stored.canConvert<T>())
            return key.defaultValue;
        return stored.value<T>();
    }

    template <typename T>
    void setValue(const SettingKey<T>& key, const T& value)
    {
        setRawValue(key.name, QVariant::fromValue(value));
    }

    template <typename T>
    void reset(const SettingKey<T>& key)
    {
        removeRaw(key.name);
    }

    // Writes pending changes to disk (QSettings also does it lazily and on destruction).
    void sync();

Q_SIGNALS:
    // Emitted after a stored value changed; `name` is SettingKey::name.
    void changed(const QString& name);

private:
    QVariant rawValue(QLatin1StringView name) const;
    void setRawValue(QLatin1StringView name, const QVariant& value);
    void removeRaw(QLatin1StringView name);

    std::unique_ptr<QSettings> m_settings;
};

} // namespace hogscope::workspace
