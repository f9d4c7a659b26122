#pragma once

#include "api_reply.h"

#include <QString>
#include <QStringView>

struct sqlite3;
class QUrl;
class QUrlQuery;

// PostHog's persons endpoints over the store (posthog/api/person.py; spec/posthog-api.md §5):
//   GET persons/                  list: search, distinct_id, email, properties, limit, offset, include_total
//   GET persons/{id}/             detail by numeric id (the persons rowid) or UUID
//   GET persons/values/?key=&value=   autocomplete values of a person property
// Each function runs its statements in one read transaction on a read-only connection that has
// had registerFunctions() called on it, and returns the finished reply (errors included).
namespace hogscope::local::persons {

// The SQL functions the person filters use: hs_icontains(text, needle) (Unicode case-insensitive
// substring), hs_match(text, pattern) (regular expression search), hs_number(text) and
// hs_micros(text) (numeric and date/time readings, NULL when the text is not one).
bool registerFunctions(sqlite3* db, QString* error);

ApiReply list(sqlite3* db, const QUrl& requestUrl);
ApiReply detail(sqlite3* db, const QString& id);
ApiReply values(sqlite3* db, const QUrlQuery& query);

// PostHog's is_anonymous_id: distinct ids shaped like generated ids (five dash-separated groups of
// lower-case letters and digits, which UUIDs are) sort after the ones a user was identified by.
bool isAnonymousId(QStringView distinctId);

} // namespace hogscope::local::persons
