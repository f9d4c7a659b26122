#pragma once

#include "ui/completion_source.h"

#include <QElapsedTimer>
#include <QHash>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <chrono>

namespace hogscope::api {
class DefinitionsCache;
class PersonsClient;
class QueryScheduler;
} // namespace hogscope::api

namespace hogscope::ui {

// The editor's completion source over a PostHog server: property keys and event names from the
// DefinitionsCache, person property values from persons/values/, and (when a scheduler is given)
// event property values from a small background HogQL query. Every answer is what is cached now;
// fetches run in the background and updated() says when something arrived.
class ApiCompletionSource : public CompletionSource
{
    Q_OBJECT

public:
    struct Options
    {
        std::chrono::milliseconds valuesMaxAge{std::chrono::minutes(5)};
        std::chrono::milliseconds retryAfterFailure{std::chrono::seconds(30)};
        int maxValueLists = 200; // keys whose values are kept; the least recently asked go first
        int maxValuesPerKey = 100;
        int eventValuesDays = 30; // event property values look this far back (a full scan is costly)
    };

    ApiCompletionSource(api::DefinitionsCache* definitions, api::PersonsClient* persons,
                        api::QueryScheduler* scheduler = nullptr, QObject* parent = nullptr);
    ApiCompletionSource(api::DefinitionsCache* definitions, api::PersonsClient* persons,
                        api::QueryScheduler* scheduler, Options options, QObject* parent = nullptr);
    ~ApiCompletionSource() override;

    // "event", "person", "session", "group" (group type 0) or "group_N" (N = 0..4).
    QStringList propertyKeys(const QString& propertyType) override;
    // Person values come from persons/values/; event values need the scheduler; others are empty.
    QStringList propertyValues(const QString& propertyType, const QString& key) override;
    QStringList eventNames() override;

    // Value look-ups sent so far (diagnostics and tests).
    int valueRequestsSent() const { return m_valueRequests; }

    // The HogQL that fetches an event property's most common values (exposed for tests).
    static QString eventValuesQuery(const QString& key, int days, int limit);

private:
    struct Values
    {
        QStringList values;
        qint64 fetchedAt = -1;
        qint64 failedAt = -1;
        qint64 lastAsked = 0;
        bool loading = false;
    };

    QString valuesKey(const QString& type, const QString& key) const;
    void fetchValues(const QString& cacheKey, const QString& type, const QString& key);
    void storeValues(const QString& cacheKey, const QStringList& values, bool ok);
    void evictValues();

    QPointer<api::DefinitionsCache> m_definitions;
    QPointer<api::PersonsClient> m_persons;
    QPointer<api::QueryScheduler> m_scheduler;
    Options m_options;
    QElapsedTimer m_clock;
    QHash<QString, Values> m_values;
    int m_valueRequests = 0;
};

} // namespace hogscope::ui
