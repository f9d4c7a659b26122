#pragma once

// PostHog property filters ({key, value, operator, type}, or a property group {type: AND|OR,
// values}) as SQLite conditions, following posthog/hogql/property.py: a missing property never
// matches a positive operator and always matches a negative one (HogQL wraps comparisons of
// nullable values in ifNull(..., 0) / ifNull(..., 1)).

#include <QJsonValue>
#include <QString>

#include <string>

namespace hogscope::local::runners {

enum class FilterScope
{
    Events,  // rows of `events e`: event properties directly, person properties of e.person_id
    Persons, // rows of `persons p`: person properties
};

// The condition for `filters` (a list ANDed, a group, or null/empty: ""). Throws RunError for an
// operator or filter type the local engine cannot evaluate exactly.
std::string propertyFiltersSql(const QJsonValue& filters, FilterScope scope);

// The SQL of one event property of `events e` as HogQL reads it (hs_prop rules; the generated
// column for a hot property).
std::string eventPropertySql(const QString& key);
// The SQL of one person property of `persons p`.
std::string personPropertySql(const QString& key);

} // namespace hogscope::local::runners
