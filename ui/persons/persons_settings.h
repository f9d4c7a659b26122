#pragma once

// The persons views' settings, declared once with their defaults as workspace/settings.h does.

#include "workspace/settings.h"

#include <QByteArray>
#include <QJsonArray>
#include <QJsonDocument>
#include <QStringList>

namespace hogscope::ui::persons {

namespace keys {
// The person property columns of the persons list, in order, as a JSON array of keys. JSON rather
// than a QStringList: QSettings' INI format cannot tell an empty list from a missing one. The
// default shows what PostHog records for every person beside the name column (email, else an id).
inline const workspace::SettingKey<QByteArray> columns{
    QLatin1StringView("persons/columns"),
    QByteArrayLiteral("[\"name\",\"$initial_browser\",\"$initial_geoip_country_code\"]")};
} // namespace keys

inline QStringList loadColumns(const workspace::Settings& settings)
{
    QStringList columns;
    QJsonDocument document = QJsonDocument::fromJson(settings.value(keys::columns));
    if (!document.isArray())
        document = QJsonDocument::fromJson(keys::columns.defaultValue);
    for (const QJsonValue& value : document.array()) {
        if (value.isString() && !value.toString().isEmpty())
            columns.push_back(value.toString());
    }
    return columns;
}

inline void saveColumns(workspace::Settings& settings, const QStringList& columns)
{
    settings.setValue(keys::columns,
                      QJsonDocument(QJsonArray::fromStringList(columns)).toJson(QJsonDocument::Compact));
}

} // namespace hogscope::ui::persons
