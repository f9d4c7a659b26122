#pragma once

// The store shared by the persons and discovery tests: 5 persons and 20 events, written with plain
// SQL, and the facts about them the tests expect, each written out by hand from these tables.

#include "local/sqlite_connection.h"
#include "local/store_schema.h"
#include "server_test_support.h"

#include <QDateTime>
#include <QJsonArray>
#include <QUrlQuery>

#include <sqlite3.h>

namespace personstest {

using namespace servertest;

inline const QByteArray kToken = "phx_persons_test_token_0123456789";

// ---- The data -------------------------------------------------------------------------------------

struct PersonData
{
    QString uuid;
    QString created;    // ISO, UTC
    QString properties; // JSON text
    bool identified;
    QStringList distinctIds;         // in the order they are stored
    QString name;                    // expected display name
    QStringList expectedDistinctIds; // expected order: identified-looking first
};

inline const QList<PersonData>& people()
{
    static const QList<PersonData> data = {
        {QStringLiteral("01900000-0000-7000-8000-000000000001"),
         QStringLiteral("2026-01-05T10:00:00Z"),
         QString::fromUtf8(
             R"({"email":"alice@example.com","name":"Alice Archer","plan":"pro","age":31,"beta":true,)"
             R"("logins":10,"signup":"2025-12-30T08:00:00Z"})"),
         true,
         {QStringLiteral("0191aaaa-1111-7000-8000-00000000aaaa"), QStringLiteral("alice")},
         QStringLiteral("alice@example.com"),
         {QStringLiteral("alice"), QStringLiteral("0191aaaa-1111-7000-8000-00000000aaaa")}},
        {QStringLiteral("01900000-0000-7000-8000-000000000002"),
         QStringLiteral("2026-01-04T09:30:00.250Z"),
         QString::fromUtf8(
             R"({"email":"bob@example.org","name":"Bob Brown","plan":"free","age":45,"beta":false,)"
             R"("logins":3,"signup":"2025-11-01"})"),
         true,
         {QStringLiteral("0191bbbb-2222-7000-8000-00000000bbbb"), QStringLiteral("bob")},
         QStringLiteral("bob@example.org"),
         {QStringLiteral("bob"), QStringLiteral("0191bbbb-2222-7000-8000-00000000bbbb")}},
        {QStringLiteral("01900000-0000-7000-8000-0000000000c3"),
         QStringLiteral("2026-01-03T00:00:00Z"),
         QString::fromUtf8(R"({"name":"Carol Chen","plan":"free","age":"27","company":"Acme Ümlaut"})"),
         true,
         {QStringLiteral("carol")},
         QStringLiteral("Carol Chen"),
         {QStringLiteral("carol")}},
        {QStringLiteral("01900000-0000-7000-8000-000000000004"),
         QStringLiteral("2026-01-02T12:00:00Z"),
         QString::fromUtf8(R"({"username":"dave_d","plan":"business","age":52.5})"),
         true,
         {QStringLiteral("dave-device-1"), QStringLiteral("dave")},
         QStringLiteral("dave_d"),
         {QStringLiteral("dave-device-1"), QStringLiteral("dave")}},
        {QStringLiteral("01900000-0000-7000-8000-000000000005"),
         QStringLiteral("2026-01-02T12:00:00Z"),
         QStringLiteral("{\"we\\\"ird\":\"yes\"}"),
         false,
         {QStringLiteral("0191eeee-5555-7000-8000-00000000eeee")},
         QStringLiteral("0191eeee-5555-7000-8000-00000000eeee"),
         {QStringLiteral("0191eeee-5555-7000-8000-00000000eeee")}},
    };
    return data;
}

// Newest first, ties by id descending: P4 and P5 were created at the same instant.
inline const QList<int> kListOrder = {0, 1, 2, 4, 3};

// Midnight UTC `daysAgo` days before today, plus `hour` hours.
inline QDateTime at(int daysAgo, int hour)
{
    return QDateTime(QDate::currentDate().addDays(-daysAgo), QTime(hour, 0), Qt::UTC);
}

inline QString iso(const QDateTime& t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz")) + QStringLiteral("000Z");
}

struct EventData
{
    int person; // index into people()
    QString distinctId;
    QString event;
    int daysAgo;
    int hour;
    QString properties;
};

inline const QList<EventData>& events()
{
    const QString pv1 =
        QString::fromUtf8(R"({"$browser":"Chrome","$current_url":"https://app.example/a","$pathname":"/a"})");
    // Ingestion internals PostHog never lists as property definitions ride on this one.
    const QString pv2 = QString::fromUtf8(
        R"({"$browser":"Chrome","$current_url":"https://app.example/b","$pathname":"/b","distinct_id":"alice",)"
        R"("$set":{"plan":"pro"},"$session_entry_url":"https://app.example/","$initial_referrer":"$direct"})");
    const QString pvFirefox = QString::fromUtf8(
        R"({"$browser":"Firefox","$current_url":"https://app.example/c","$pathname":"/c"})");
    static const QList<EventData> data = {
        {0, QStringLiteral("alice"), QStringLiteral("$pageview"), 1, 12, pv1},
        {0, QStringLiteral("alice"), QStringLiteral("$pageview"), 2, 9, pv2},
        {1, QStringLiteral("bob"), QStringLiteral("$pageview"), 1, 8, pvFirefox},
        {1, QStringLiteral("bob"), QStringLiteral("$pageview"), 5, 8, pvFirefox},
        {2, QStringLiteral("carol"), QStringLiteral("$pageview"), 10, 7, pv1},
        {3, QStringLiteral("dave"), QStringLiteral("$pageview"), 60, 7, pv1},
        {4, QStringLiteral("0191eeee-5555-7000-8000-00000000eeee"), QStringLiteral("$pageview"), 45, 11,
         pvFirefox},
        {4, QStringLiteral("0191eeee-5555-7000-8000-00000000eeee"), QStringLiteral("$pageview"), 45, 13,
         pvFirefox},
        {0, QStringLiteral("alice"), QStringLiteral("signed_up"), 1, 10,
         QString::fromUtf8(R"({"plan":"pro","trial_days":14,"referral":true})")},
        {1, QStringLiteral("bob"), QStringLiteral("signed_up"), 20, 10,
         QString::fromUtf8(R"({"plan":"free","trial_days":0,"referral":false})")},
        {2, QStringLiteral("carol"), QStringLiteral("signed_up"), 35, 10,
         QString::fromUtf8(R"({"plan":"free","trial_days":7,"referral":false})")},
        {0, QStringLiteral("alice"), QStringLiteral("file_shared"), 3, 15,
         QString::fromUtf8(R"({"recipients":3,"ratio":0.5,"shared_at":"2026-01-10T10:00:00Z"})")},
        {0, QStringLiteral("alice"), QStringLiteral("file_shared"), 4, 15,
         QString::fromUtf8(R"({"recipients":1,"ratio":1.25,"shared_at":"2026-01-11"})")},
        {1, QStringLiteral("bob"), QStringLiteral("file_shared"), 6, 15,
         QString::fromUtf8(R"({"recipients":2})")},
        {2, QStringLiteral("carol"), QStringLiteral("file_shared"), 33, 15,
         QString::fromUtf8(R"({"recipients":5})")},
        {3, QStringLiteral("dave"), QStringLiteral("file_shared"), 70, 15,
         QString::fromUtf8(R"({"recipients":4})")},
        {0, QStringLiteral("alice"), QStringLiteral("$identify"), 40, 9,
         QString::fromUtf8(R"({"$anon_distinct_id":"0191aaaa-1111-7000-8000-00000000aaaa"})")},
        {1, QStringLiteral("bob"), QStringLiteral("$identify"), 41, 9,
         QString::fromUtf8(R"({"$anon_distinct_id":"0191bbbb-2222-7000-8000-00000000bbbb"})")},
        {3, QStringLiteral("dave"), QStringLiteral("custom event"), 50, 9,
         QString::fromUtf8(R"({"mixed":1,"obj":{"a":1}})")},
        {4, QStringLiteral("0191eeee-5555-7000-8000-00000000eeee"), QStringLiteral("custom event"), 55, 9,
         QString::fromUtf8(R"({"mixed":"one"})")},
    };
    return data;
}

// Each person's last event, read off the table above.
inline const QList<QDateTime> kLastSeen = {at(1, 12), at(1, 8), at(10, 7), at(50, 9), at(45, 13)};

inline qint64 micros(const QDateTime& t)
{
    return t.toMSecsSinceEpoch() * 1000;
}

inline QStringList uuidsOf(const QList<int>& indexes)
{
    QStringList out;
    for (int i : indexes)
        out << people()[i].uuid;
    return out;
}

inline QStringList field(const QJsonArray& items, const QString& key)
{
    QStringList out;
    for (const QJsonValue& item : items)
        out << item.toObject().value(key).toString();
    return out;
}

inline QString personsPath(const QString& family, const QString& query = {})
{
    return QStringLiteral("/api/%1/1/persons/%2")
        .arg(family, query.isEmpty() ? QString() : QLatin1Char('?') + query);
}

inline QString encoded(const QString& value)
{
    return QString::fromLatin1(QUrl::toPercentEncoding(value));
}

// The event properties the store holds, as PostHog lists them (by name, internals left out).
inline const QStringList kEventProperties = {QStringLiteral("$anon_distinct_id"),
                                             QStringLiteral("$browser"),
                                             QStringLiteral("$current_url"),
                                             QStringLiteral("$pathname"),
                                             QStringLiteral("mixed"),
                                             QStringLiteral("obj"),
                                             QStringLiteral("plan"),
                                             QStringLiteral("ratio"),
                                             QStringLiteral("recipients"),
                                             QStringLiteral("referral"),
                                             QStringLiteral("shared_at"),
                                             QStringLiteral("trial_days")};

// Writes the store to `path`; returns an error message, empty on success.
inline QString writeStore(const QString& path)
{
    hogscope::local::SqliteConnection db;
    if (!db.open(path, hogscope::local::SqliteConnection::Mode::Create))
        return db.errorString();
    QString error;
    if (!hogscope::local::store::createSchema(db, &error))
        return error;
    auto run = [&](const QString& sql, const QVariantList& binds) {
        sqlite3_stmt* stmt = nullptr;
        const QByteArray text = sql.toUtf8();
        if (sqlite3_prepare_v2(db.handle(), text.constData(), -1, &stmt, nullptr) != SQLITE_OK)
            return false;
        QList<QByteArray> keep;
        for (int i = 0; i < binds.size(); ++i) {
            if (binds[i].typeId() == QMetaType::LongLong) {
                sqlite3_bind_int64(stmt, i + 1, binds[i].toLongLong());
            } else {
                keep << binds[i].toString().toUtf8();
                sqlite3_bind_text(stmt, i + 1, keep.back().constData(), -1, SQLITE_TRANSIENT);
            }
        }
        const bool ok = sqlite3_step(stmt) == SQLITE_DONE;
        sqlite3_finalize(stmt);
        return ok;
    };
    const auto failed = [&] { return QString::fromUtf8(sqlite3_errmsg(db.handle())); };
    for (const PersonData& p : people()) {
        const QDateTime created = QDateTime::fromString(p.created, Qt::ISODateWithMs);
        if (!run(QStringLiteral(
                     "INSERT INTO persons (id, created_at, properties, is_identified) VALUES (?, ?, ?, ?)"),
                 {p.uuid, micros(created), p.properties, qint64(p.identified)}))
            return failed();
        for (const QString& d : p.distinctIds) {
            if (!run(QStringLiteral("INSERT INTO person_distinct_ids (distinct_id, person_id) VALUES (?, ?)"),
                     {d, p.uuid}))
                return failed();
        }
    }
    int n = 0;
    for (const EventData& e : events()) {
        const qint64 t = micros(at(e.daysAgo, e.hour));
        if (!run(QStringLiteral(
                     "INSERT INTO events (uuid, event, distinct_id, timestamp, created_at, properties, "
                     "person_id) VALUES (?, ?, ?, ?, ?, ?, ?)"),
                 {QStringLiteral("event-%1").arg(++n), e.event, e.distinctId, t, t, e.properties,
                  people()[e.person].uuid}))
            return failed();
    }
    return {};
}

// Follows `next` from `first` to the end (at most 50 pages); returns every page, or nothing when
// one failed.
inline QList<QJsonObject> follow(QNetworkAccessManager& nam, const QUrl& base, const QString& first)
{
    QList<QJsonObject> pages;
    QUrl url = urlFor(base, first);
    while (url.isValid() && pages.size() < 50) {
        const Response r = send(nam, "GET", url, kToken);
        if (r.status != 200) {
            qWarning("page %s: %d %s", qPrintable(url.toString()), r.status, r.raw.constData());
            return {};
        }
        pages << r.body;
        const QJsonValue next = r.body.value(QStringLiteral("next"));
        url = next.isString() ? QUrl(next.toString()) : QUrl();
    }
    return pages;
}

} // namespace personstest
