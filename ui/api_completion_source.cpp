#include "ui/api_completion_source.h"

#include "api/api_client.h"
#include "api/definitions_cache.h"
#include "api/persons_client.h"
#include "api/query_scheduler.h"
#include "model/result_table.h"

#include <QRegularExpression>

#include <algorithm>
#include <limits>
#include <optional>

namespace hogscope::ui {

namespace {

struct TypeAndGroup
{
    api::PropertyType type;
    int group = 0;
};

std::optional<TypeAndGroup> parseType(const QString& propertyType)
{
    static const QRegularExpression groupN(QStringLiteral("^group_([0-4])$"));
    const QRegularExpressionMatch match = groupN.match(propertyType);
    if (match.hasMatch())
        return TypeAndGroup{api::PropertyType::Group, match.captured(1).toInt()};
    if (const auto type = api::propertyTypeFromName(propertyType))
        return TypeAndGroup{*type, 0};
    return std::nullopt;
}

// A HogQL string literal: backslash escapes, as the HogQL lexer reads them.
QString hogqlString(const QString& text)
{
    QString escaped = text;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('\''), QStringLiteral("\\'"));
    return QLatin1Char('\'') + escaped + QLatin1Char('\'');
}

} // namespace

ApiCompletionSource::ApiCompletionSource(api::DefinitionsCache* definitions, api::PersonsClient* persons,
                                         api::QueryScheduler* scheduler, QObject* parent)
    : ApiCompletionSource(definitions, persons, scheduler, Options{}, parent)
{}

ApiCompletionSource::ApiCompletionSource(api::DefinitionsCache* definitions, api::PersonsClient* persons,
                                         api::QueryScheduler* scheduler, Options options, QObject* parent)
    : CompletionSource(parent)
    , m_definitions(definitions)
    , m_persons(persons)
    , m_scheduler(scheduler)
    , m_options(options)
{
    m_clock.start();
    if (definitions) {
        connect(definitions, &api::DefinitionsCache::propertiesUpdated, this, [this] { Q_EMIT updated(); });
        connect(definitions, &api::DefinitionsCache::eventsUpdated, this, [this] { Q_EMIT updated(); });
    }
}

ApiCompletionSource::~ApiCompletionSource() = default;

QStringList ApiCompletionSource::propertyKeys(const QString& propertyType)
{
    const auto parsed = parseType(propertyType);
    if (!parsed || !m_definitions)
        return {};
    return m_definitions->propertyNames(parsed->type, parsed->group);
}

QStringList ApiCompletionSource::eventNames()
{
    return m_definitions ? m_definitions->eventNames() : QStringList();
}

QString ApiCompletionSource::valuesKey(const QString& type, const QString& key) const
{
    // Per project: the persons client's connection names it.
    const api::ApiClient* client = m_persons ? m_persons->client() : nullptr;
    const QString project = client ? client->connection().baseUrl.toString(QUrl::RemoveUserInfo) +
                                         QLatin1Char('|') + client->connection().projectId
                                   : QString();
    return project + QLatin1Char('|') + type + QLatin1Char('|') + key;
}

QStringList ApiCompletionSource::propertyValues(const QString& propertyType, const QString& key)
{
    const auto parsed = parseType(propertyType);
    if (!parsed || key.isEmpty())
        return {};
    const bool person = parsed->type == api::PropertyType::Person;
    const bool event = parsed->type == api::PropertyType::Event;
    if ((person && !m_persons) || (event && !m_scheduler) || (!person && !event))
        return {};
    const QString type = person ? QStringLiteral("person") : QStringLiteral("event");
    const QString cacheKey = valuesKey(type, key);
    Values& entry = m_values[cacheKey];
    const qint64 now = m_clock.elapsed();
    entry.lastAsked = now;
    const QStringList cached = entry.values; // copied: a fetch below may rehash the table
    const bool fresh = entry.fetchedAt >= 0 && now - entry.fetchedAt < qint64(m_options.valuesMaxAge.count());
    const bool resting =
        entry.failedAt >= 0 && now - entry.failedAt < qint64(m_options.retryAfterFailure.count());
    if (!entry.loading && !fresh && !resting)
        fetchValues(cacheKey, type, key);
    return cached;
}

QString ApiCompletionSource::eventValuesQuery(const QString& key, int days, int limit)
{
    const QString property = QStringLiteral("properties[%1]").arg(hogqlString(key));
    return QStringLiteral("SELECT toString(%1) AS value, count() AS n FROM events WHERE timestamp > now() - "
                          "INTERVAL %2 DAY AND %1 IS NOT NULL GROUP BY value ORDER BY n DESC LIMIT %3")
        .arg(property)
        .arg(days)
        .arg(limit);
}

void ApiCompletionSource::fetchValues(const QString& cacheKey, const QString& type, const QString& key)
{
    m_values[cacheKey].loading = true;
    ++m_valueRequests;
    if (type == QLatin1String("person")) {
        m_persons->values(key, QString(), this,
                          [this, cacheKey](const api::ApiResult<QList<api::PropertyValue>>& result) {
                              QStringList values;
                              for (const api::PropertyValue& value : result.value)
                                  values << value.name;
                              storeValues(cacheKey, values, result.ok());
                          });
        return;
    }
    api::QueryRequest request;
    request.query = QJsonObject{{QStringLiteral("kind"), QStringLiteral("HogQLQuery")},
                                {QStringLiteral("query"), eventValuesQuery(key, m_options.eventValuesDays,
                                                                           m_options.maxValuesPerKey)}};
    request.refreshMode = QStringLiteral("blocking");
    request.deadline = std::chrono::seconds(60);
    request.label = QStringLiteral("completion values of %1").arg(key);
    api::ScheduledQuery* query = m_scheduler->submit(request, api::QueryPriority::Background, this);
    connect(query, &api::ScheduledQuery::succeeded, this,
            [this, cacheKey, query](const api::QueryResult& result) {
                QStringList values;
                if (result.table)
                    for (int row = 0; row < result.table->rowCount(); ++row)
                        values << result.table->displayText(row, 0);
                query->deleteLater();
                storeValues(cacheKey, values, true);
            });
    connect(query, &api::ScheduledQuery::failed, this, [this, cacheKey, query] {
        query->deleteLater();
        storeValues(cacheKey, {}, false);
    });
    connect(query, &api::ScheduledQuery::cancelled, this, [this, cacheKey, query] {
        query->deleteLater();
        storeValues(cacheKey, {}, false);
    });
}

void ApiCompletionSource::storeValues(const QString& cacheKey, const QStringList& values, bool ok)
{
    const auto it = m_values.find(cacheKey);
    if (it == m_values.end())
        return; // evicted meanwhile
    it->loading = false;
    if (!ok) {
        it->failedAt = m_clock.elapsed();
        return;
    }
    it->values = values.mid(0, m_options.maxValuesPerKey);
    it->values.removeAll(QString());
    it->fetchedAt = m_clock.elapsed();
    it->failedAt = -1;
    evictValues();
    Q_EMIT updated();
}

void ApiCompletionSource::evictValues()
{
    while (m_values.size() > m_options.maxValueLists) {
        auto victim = m_values.end();
        qint64 oldest = std::numeric_limits<qint64>::max();
        for (auto it = m_values.begin(); it != m_values.end(); ++it) {
            if (!it->loading && it->lastAsked < oldest) {
                oldest = it->lastAsked;
                victim = it;
            }
        }
        if (victim == m_values.end())
            return;
        m_values.erase(victim);
    }
}

} // namespace hogscope::ui
