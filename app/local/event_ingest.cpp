#include "event_ingest.h"

#include "import_json_text.h"
#include "sqlite_connection.h"

#include <QCryptographicHash>
#include <QElapsedTimer>

#include <absl/container/flat_hash_map.h>
#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <ctime>

namespace hogscope::local {

namespace {

using jsontext::forEachMember;
using jsontext::propertyText;

constexpr size_t kHotCount = store::kHotProperties.size();

// ---- rollup keys ----

inline uint64_t mix(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

struct PersonDayKey
{
    uint32_t event;
    uint32_t person;
    int64_t day;
    bool operator==(const PersonDayKey&) const = default;
};
struct PersonDayHash
{
    size_t operator()(const PersonDayKey& k) const
    {
        return mix((uint64_t(k.event) << 48) ^ (uint64_t(k.person) << 20) ^ uint64_t(k.day));
    }
};

struct EventDayKey
{
    uint32_t event;
    int64_t day;
    bool operator==(const EventDayKey&) const = default;
};
struct EventDayHash
{
    size_t operator()(const EventDayKey& k) const { return mix((uint64_t(k.event) << 40) ^ uint64_t(k.day)); }
};

struct PropertyDayKey
{
    uint32_t event;
    uint32_t property;
    uint32_t value; // 0 = null
    int64_t day;
    bool operator==(const PropertyDayKey&) const = default;
};
struct PropertyDayHash
{
    size_t operator()(const PropertyDayKey& k) const
    {
        return mix((uint64_t(k.event) << 44) ^ (uint64_t(k.property) << 40) ^ (uint64_t(k.value) << 20) ^
                   uint64_t(k.day));
    }
};

// The in-memory rollups and lookups take a few hash probes per event on the writer's thread; open
// addressing (Abseil's flat maps: no node per entry, no pointer to chase) keeps them cheap. String
// keys are looked up by std::string_view without making a string (Debian's Abseil has a
// string_view of its own, so the hash and equality given here are std's, made transparent).
struct StringHash
{
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
};
template <typename Value>
using StringMap = absl::flat_hash_map<std::string, Value, StringHash, std::equal_to<>>;

// Strings to dense ids, remembering the last one looked up (consecutive events mostly repeat).
class Interner
{
public:
    uint32_t id(std::string_view s)
    {
        if (m_last != UINT32_MAX && m_names[m_last] == s)
            return m_last;
        auto it = m_ids.find(s);
        if (it == m_ids.end()) {
            it = m_ids.emplace(std::string(s), static_cast<uint32_t>(m_names.size())).first;
            m_names.emplace_back(s);
        }
        m_last = it->second;
        return m_last;
    }
    const std::string& name(uint32_t id) const { return m_names[id]; }
    // Each id's position in byte order of the names (SQLite's BINARY collation), so that keys made
    // of ids sort as the store's keys do with integer compares.
    std::vector<uint32_t> ranks() const
    {
        std::vector<uint32_t> order(m_names.size());
        for (uint32_t i = 0; i < order.size(); ++i)
            order[i] = i;
        std::sort(order.begin(), order.end(),
                  [this](uint32_t a, uint32_t b) { return m_names[a] < m_names[b]; });
        std::vector<uint32_t> rank(order.size());
        for (uint32_t i = 0; i < order.size(); ++i)
            rank[order[i]] = i;
        return rank;
    }
    void clear()
    {
        m_ids.clear();
        m_names.clear();
        m_last = UINT32_MAX;
    }

private:
    StringMap<uint32_t> m_ids;
    std::vector<std::string> m_names;
    uint32_t m_last = UINT32_MAX;
};

// Binds text, never NULL: an empty view (even a default one, whose data() is null) is ''.
void bindView(sqlite3_stmt* stmt, int index, std::string_view text)
{
    sqlite3_bind_text(stmt, index, text.data() ? text.data() : "", static_cast<int>(text.size()),
                      SQLITE_STATIC);
}

void bindViewOrNull(sqlite3_stmt* stmt, int index, std::string_view text)
{
    if (text.empty())
        sqlite3_bind_null(stmt, index);
    else
        bindView(stmt, index, text);
}

// A UUID in PostHog's form for a person first seen through `distinctId` (deterministic, so
// re-importing the same data gives the same person).
std::string personUuidFor(std::string_view distinctId)
{
    QByteArray hash =
        QCryptographicHash::hash(QByteArray("hogscope-person:") +
                                     QByteArray(distinctId.data(), static_cast<qsizetype>(distinctId.size())),
                                 QCryptographicHash::Sha1);
    hash[6] = static_cast<char>((hash[6] & 0x0f) | 0x50); // version 5 (name-based)
    hash[8] = static_cast<char>((hash[8] & 0x3f) | 0x80);
    const QByteArray hex = hash.left(16).toHex();
    std::string out = hex.toStdString();
    out.insert(20, "-");
    out.insert(16, "-");
    out.insert(12, "-");
    out.insert(8, "-");
    return out;
}

// A session as the events of this ingest show it, merged into `sessions` on flush.
struct SessionSummary
{
    std::string distinctId;
    std::string personId;
    int64_t start = 0;
    int64_t end = 0;
    std::optional<std::string> entryUrl;
    std::optional<std::string> entryPathname;
    std::optional<std::string> endUrl;
    std::optional<std::string> entryReferringDomain;
    int64_t entryUrlAt = 0;
    int64_t endUrlAt = 0;
    int64_t referrerAt = 0;
    int64_t pageviews = 0;
    int64_t autocaptures = 0;
};

std::optional<std::string> owned(const std::optional<std::string_view>& value)
{
    return value ? std::optional<std::string>(std::string(*value)) : std::nullopt;
}

// Sets `to` to `value`, reusing its buffer (the exit URL of a session changes with most events).
void assignOwned(std::optional<std::string>& to, std::string_view value)
{
    if (!to)
        to.emplace();
    to->assign(value);
}

// hs_prop's rendering of a raw member value, as a view into the JSON text when it needs no change
// (a string without escapes, a number, true/false), else rendered into `storage`; nullopt for null.
std::optional<std::string_view> propertyView(std::string_view raw, std::string& storage)
{
    if (!raw.empty() && raw.front() == '"' && raw.find('\\') == std::string_view::npos)
        return raw.substr(1, raw.size() - 2);
    if (!raw.empty() && raw.front() != '{' && raw.front() != '[' && raw.front() != '"')
        return raw == "null" ? std::nullopt : std::optional<std::string_view>(raw);
    std::optional<std::string> text = propertyText(raw);
    if (!text)
        return std::nullopt;
    storage = std::move(*text);
    return std::string_view(storage);
}

void bindOptional(sqlite3_stmt* stmt, int index, const std::optional<std::string>& text)
{
    if (text)
        sqlite3_bind_text(stmt, index, text->data(), static_cast<int>(text->size()), SQLITE_STATIC);
    else
        sqlite3_bind_null(stmt, index);
}

} // namespace

struct EventIngest::Impl
{
    SqliteStatement insertEvent;
    SqliteStatement insertPerson;
    SqliteStatement ensurePerson;
    SqliteStatement upsertSession;
    SqliteStatement insertDistinctId;
    SqliteStatement lookupDistinctId;
    SqliteStatement insertSession;
    SqliteStatement upsertPersonDay;
    SqliteStatement upsertEventDay;
    SqliteStatement upsertPropertyDay;

    StringMap<std::string> personOf; // distinct id -> person id
    Interner events;
    Interner persons;
    std::array<Interner, kHotCount> values; // in rollup keys a value is its id + 1; 0 is null
    absl::flat_hash_map<PersonDayKey, int64_t, PersonDayHash> personDays;
    absl::flat_hash_map<EventDayKey, int64_t, EventDayHash> eventDays;
    absl::flat_hash_map<PropertyDayKey, int64_t, PropertyDayHash> propertyDays;
    StringMap<SessionSummary> sessions;
    // Name and CREATE INDEX statement of each index dropped by rebuildIndexes, to build again.
    std::vector<std::pair<std::string, std::string>> droppedIndexes;
    uint64_t uuidCounter = 0;

    size_t pending() const
    {
        return personDays.size() + eventDays.size() + propertyDays.size() + sessions.size();
    }
};

EventIngest::EventIngest(sqlite3* db)
    : EventIngest(db, Options{})
{}

EventIngest::EventIngest(sqlite3* db, Options options)
    : m_impl(std::make_unique<Impl>())
    , m_db(db)
    , m_options(options)
{}

EventIngest::~EventIngest()
{
    if (m_open)
        rollback();
}

bool EventIngest::fail()
{
    m_error = QString::fromUtf8(sqlite3_errmsg(m_db));
    return false;
}

bool EventIngest::fail(const QString& message)
{
    m_error = message;
    return false;
}

bool EventIngest::begin()
{
    auto prepare = [&](const char* sql, SqliteStatement& stmt) {
        return sqlite3_prepare_v3(m_db, sql, -1, SQLITE_PREPARE_PERSISTENT, stmt.out(), nullptr) == SQLITE_OK;
    };
    Impl& d = *m_impl;
    // The transaction first: dropped indexes must be gone before the statements are prepared.
    if (sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail();
    m_open = true;
    QString schemaError;
    if (!store::dropHotTriggers(m_db, &schemaError)) {
        rollback();
        return fail(schemaError);
    }
    if (m_options.rebuildIndexes && !dropEventIndexes()) {
        const QString error = m_error;
        rollback();
        return fail(error);
    }
    // The hot columns are plain columns (schema version 3): this writer fills them with the values
    // it reads from the JSON anyway.
    std::string insertEvent =
        "INSERT INTO events (uuid, event, distinct_id, timestamp, created_at, properties, "
        "person_id, session_id, window_id, elements_chain";
    for (const store::HotProperty& hot : store::kHotProperties)
        insertEvent += ", \"" + std::string(hot.column) + "\"";
    insertEvent += ") VALUES (?,?,?,?,?,?,?,?,?,?";
    for (size_t i = 0; i < kHotCount; ++i)
        insertEvent += ",?";
    insertEvent += ")";
    if (m_options.ignoreDuplicates)
        insertEvent += " ON CONFLICT (uuid) DO NOTHING";
    if (!prepare(insertEvent.c_str(), d.insertEvent) ||
        !prepare("INSERT INTO persons (id, created_at, properties, is_identified) VALUES (?,?,?,?) "
                 "ON CONFLICT (id) DO UPDATE SET created_at = min(created_at, excluded.created_at), "
                 "properties = excluded.properties, is_identified = excluded.is_identified",
                 d.insertPerson) ||
        !prepare("INSERT INTO persons (id, created_at, properties, is_identified) VALUES (?,?,'{}',0) "
                 "ON CONFLICT (id) DO NOTHING",
                 d.ensurePerson) ||
        !prepare("INSERT INTO person_distinct_ids (distinct_id, person_id) VALUES (?,?) "
                 "ON CONFLICT (distinct_id) DO UPDATE SET person_id = excluded.person_id",
                 d.insertDistinctId) ||
        !prepare("SELECT person_id FROM person_distinct_ids WHERE distinct_id = ?", d.lookupDistinctId) ||
        !prepare("INSERT OR REPLACE INTO sessions (session_id, distinct_id, person_id, start_timestamp, "
                 "end_timestamp, entry_current_url, entry_pathname, end_current_url, entry_referring_domain, "
                 "pageview_count, autocapture_count, duration_seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                 d.insertSession) ||
        !prepare("INSERT INTO rollup_person_days (event, day, person_id, events) VALUES (?,?,?,?) "
                 "ON CONFLICT (event, day, person_id) DO UPDATE SET events = events + excluded.events",
                 d.upsertPersonDay) ||
        !prepare("INSERT INTO rollup_event_days (event, day, events) VALUES (?,?,?) "
                 "ON CONFLICT (event, day) DO UPDATE SET events = events + excluded.events",
                 d.upsertEventDay) ||
        !prepare("INSERT INTO rollup_property_days (event, property, day, value_is_null, value, events) "
                 "VALUES (?,?,?,?,?,?) ON CONFLICT (event, property, day, value_is_null, value) "
                 "DO UPDATE SET events = events + excluded.events",
                 d.upsertPropertyDay) ||
        // A stored session takes what comes earlier (its entry) or later (its exit) from the new
        // events; the SET expressions read the stored row as it was.
        !prepare(
            "INSERT INTO sessions (session_id, distinct_id, person_id, start_timestamp, end_timestamp, "
            "entry_current_url, entry_pathname, end_current_url, entry_referring_domain, pageview_count, "
            "autocapture_count, duration_seconds) VALUES (?,?,?,?,?,?,?,?,?,?,?,?) "
            "ON CONFLICT (session_id) DO UPDATE SET "
            "distinct_id = iif(excluded.start_timestamp < start_timestamp, excluded.distinct_id, "
            "distinct_id), "
            "person_id = iif(excluded.start_timestamp < start_timestamp, excluded.person_id, person_id), "
            "entry_current_url = iif(excluded.start_timestamp < start_timestamp, "
            "coalesce(excluded.entry_current_url, entry_current_url), "
            "coalesce(entry_current_url, excluded.entry_current_url)), "
            "entry_pathname = iif(excluded.start_timestamp < start_timestamp, "
            "coalesce(excluded.entry_pathname, entry_pathname), coalesce(entry_pathname, "
            "excluded.entry_pathname)), "
            "entry_referring_domain = iif(excluded.start_timestamp < start_timestamp, "
            "coalesce(excluded.entry_referring_domain, entry_referring_domain), "
            "coalesce(entry_referring_domain, excluded.entry_referring_domain)), "
            "end_current_url = iif(excluded.end_timestamp > end_timestamp, "
            "coalesce(excluded.end_current_url, end_current_url), "
            "coalesce(end_current_url, excluded.end_current_url)), "
            "start_timestamp = min(start_timestamp, excluded.start_timestamp), "
            "end_timestamp = max(end_timestamp, excluded.end_timestamp), "
            "pageview_count = pageview_count + excluded.pageview_count, "
            "autocapture_count = autocapture_count + excluded.autocapture_count, "
            "duration_seconds = (max(end_timestamp, excluded.end_timestamp) - "
            "min(start_timestamp, excluded.start_timestamp)) / 1000000",
            d.upsertSession)) {
        const QString error = QString::fromUtf8(sqlite3_errmsg(m_db));
        rollback();
        return fail(error);
    }
    return true;
}

bool EventIngest::dropEventIndexes()
{
    // Every explicit index of `events` that is not UNIQUE, saved as its own CREATE statement so that
    // the caller rebuilds exactly what was there after the commit (droppedIndexes()).
    // The uuid key stays (the duplicate check needs it), and so does any UNIQUE index made by hand:
    // it is a constraint, which rows must meet as they come in, not after a commit.
    Impl& d = *m_impl;
    d.droppedIndexes.clear();
    std::vector<std::string> names;
    {
        SqliteStatement list;
        if (sqlite3_prepare_v2(
                m_db,
                "SELECT s.name, s.sql FROM sqlite_schema s JOIN pragma_index_list('events') l "
                "ON l.name = s.name WHERE s.type = 'index' AND s.tbl_name = 'events' AND s.sql "
                "IS NOT NULL AND l.\"unique\" = 0 ORDER BY s.name",
                -1, list.out(), nullptr) != SQLITE_OK)
            return fail();
        while (sqlite3_step(list.get()) == SQLITE_ROW) {
            names.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list.get(), 0)));
            d.droppedIndexes.emplace_back(names.back(),
                                          reinterpret_cast<const char*>(sqlite3_column_text(list.get(), 1)));
        }
    }
    for (const std::string& name : names) {
        std::string quoted = "\"";
        for (char c : name)
            quoted += c == '"' ? std::string("\"\"") : std::string(1, c);
        quoted += '"';
        if (sqlite3_exec(m_db, ("DROP INDEX " + quoted).c_str(), nullptr, nullptr, nullptr) != SQLITE_OK)
            return fail();
    }
    return true;
}

std::vector<std::pair<std::string, std::string>> EventIngest::droppedIndexes() const
{
    return m_impl->droppedIndexes;
}

bool EventIngest::addPerson(const IngestPerson& person)
{
    Impl& d = *m_impl;
    sqlite3_stmt* stmt = d.insertPerson.get();
    sqlite3_reset(stmt);
    bindView(stmt, 1, person.id);
    sqlite3_bind_int64(stmt, 2, person.createdAt);
    bindView(stmt, 3, person.properties.empty() ? std::string_view("{}") : person.properties);
    sqlite3_bind_int(stmt, 4, person.identified ? 1 : 0);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        return fail();
    for (std::string_view distinctId : person.distinctIds) {
        sqlite3_stmt* pdi = d.insertDistinctId.get();
        sqlite3_reset(pdi);
        bindView(pdi, 1, distinctId);
        bindView(pdi, 2, person.id);
        if (sqlite3_step(pdi) != SQLITE_DONE)
            return fail();
        d.personOf[std::string(distinctId)] = std::string(person.id);
    }
    return true;
}

bool EventIngest::addSession(const IngestSession& s)
{
    sqlite3_stmt* stmt = m_impl->insertSession.get();
    sqlite3_reset(stmt);
    bindView(stmt, 1, s.sessionId);
    bindView(stmt, 2, s.distinctId);
    bindViewOrNull(stmt, 3, s.personId);
    sqlite3_bind_int64(stmt, 4, s.start);
    sqlite3_bind_int64(stmt, 5, s.end);
    bindViewOrNull(stmt, 6, s.entryUrl);
    bindViewOrNull(stmt, 7, s.entryPathname);
    bindViewOrNull(stmt, 8, s.endUrl);
    bindViewOrNull(stmt, 9, s.entryReferringDomain);
    sqlite3_bind_int64(stmt, 10, s.pageviews);
    sqlite3_bind_int64(stmt, 11, s.autocaptures);
    sqlite3_bind_int64(stmt, 12, (s.end - s.start) / 1'000'000);
    if (sqlite3_step(stmt) != SQLITE_DONE)
        return fail();
    return true;
}

void EventIngest::extractHotValues(std::string_view properties, HotValues& values,
                                   std::array<std::string, kHotCount>& storage)
{
    values.fill(std::nullopt);
    std::array<bool, kHotCount> seen{};
    forEachMember(properties, [&](std::string_view key, std::string_view raw) {
        const std::optional<size_t> index = store::hotPropertyIndex(key);
        if (!index || seen[*index])
            return; // not hot, or a duplicate key (the first one wins, as in SQLite)
        seen[*index] = true;
        values[*index] = propertyView(raw, storage[*index]);
    });
}

void EventIngest::scanProperties(std::string_view properties, ScannedProperties& out)
{
    out.hot.fill(std::nullopt);
    out.sessionId.clear();
    out.windowId.clear();
    bool sessionSeen = false;
    bool windowSeen = false;
    std::array<bool, kHotCount> seen{};
    forEachMember(properties, [&](std::string_view key, std::string_view raw) {
        if (key == "$session_id") {
            if (!sessionSeen)
                out.sessionId = propertyText(raw).value_or(std::string());
            sessionSeen = true;
            return;
        }
        if (key == "$window_id") {
            if (!windowSeen)
                out.windowId = propertyText(raw).value_or(std::string());
            windowSeen = true;
            return;
        }
        const std::optional<size_t> index = store::hotPropertyIndex(key);
        if (!index || seen[*index])
            return; // not hot, or a duplicate key (the first one wins, as in SQLite)
        seen[*index] = true;
        out.hot[*index] = propertyView(raw, out.storage[*index]);
    });
}

bool EventIngest::addEvent(const IngestEvent& e, bool* inserted)
{
    Impl& d = *m_impl;
    if (!m_open)
        return fail(QStringLiteral("EventIngest::begin() was not called"));
    const std::string_view properties = e.properties.empty() ? std::string_view("{}") : e.properties;

    // The person: given, or the owner of the distinct id, or a new person (PostHog creates one for
    // every distinct id it has not seen).
    // A view into personOf: valid while the map is not changed, which is to the end of this call.
    std::string_view personId = e.personId;
    if (personId.empty()) {
        const auto known = d.personOf.find(e.distinctId);
        if (known != d.personOf.end()) {
            personId = known->second;
        } else {
            std::string resolved;
            sqlite3_stmt* lookup = d.lookupDistinctId.get();
            sqlite3_reset(lookup);
            bindView(lookup, 1, e.distinctId);
            if (sqlite3_step(lookup) == SQLITE_ROW) {
                resolved = reinterpret_cast<const char*>(sqlite3_column_text(lookup, 0));
                sqlite3_reset(lookup);
            } else {
                sqlite3_reset(lookup);
                // The hinted person, or a new one; an existing person row is left as it is.
                resolved = e.personHint.empty() ? personUuidFor(e.distinctId) : std::string(e.personHint);
                sqlite3_stmt* ensure = d.ensurePerson.get();
                sqlite3_reset(ensure);
                bindView(ensure, 1, resolved);
                sqlite3_bind_int64(ensure, 2, e.timestamp);
                if (sqlite3_step(ensure) != SQLITE_DONE)
                    return fail();
                sqlite3_stmt* pdi = d.insertDistinctId.get();
                sqlite3_reset(pdi);
                bindView(pdi, 1, e.distinctId);
                bindView(pdi, 2, resolved);
                if (sqlite3_step(pdi) != SQLITE_DONE)
                    return fail();
            }
            personId = d.personOf.emplace(std::string(e.distinctId), std::move(resolved)).first->second;
        }
    }

    // Hot values and the materialized $session_id / $window_id, from the JSON when not given (one
    // pass over it).
    const HotValues* hot = e.hot;
    std::string_view sessionId = e.sessionId;
    std::string_view windowId = e.windowId;
    std::optional<ScannedProperties> scanned;
    if (!(e.scanned && hot) && (!hot || sessionId.empty() || windowId.empty())) {
        scanned.emplace();
        scanProperties(properties, *scanned);
        if (!hot)
            hot = &scanned->hot;
        if (sessionId.empty())
            sessionId = scanned->sessionId;
        if (windowId.empty())
            windowId = scanned->windowId;
    }

    char uuidBuffer[72];
    std::string_view uuid = e.uuid;
    if (uuid.empty()) {
        // UUIDv7: 48 bits of milliseconds, then a counter where the random bits would go, so new
        // events sort by time in the primary-key index.
        const uint64_t ms = static_cast<uint64_t>(e.timestamp / 1000);
        const uint64_t r = mix(++d.uuidCounter ^ static_cast<uint64_t>(e.timestamp));
        std::snprintf(uuidBuffer, sizeof uuidBuffer, "%08llx-%04llx-7%03llx-%04llx-%012llx",
                      static_cast<unsigned long long>(ms >> 16), static_cast<unsigned long long>(ms & 0xffff),
                      static_cast<unsigned long long>(r & 0xfff),
                      static_cast<unsigned long long>(((r >> 12) & 0x3fff) | 0x8000),
                      static_cast<unsigned long long>((r >> 26) & 0xffffffffffffULL));
        uuid = std::string_view(uuidBuffer, 36);
    }

    sqlite3_stmt* stmt = d.insertEvent.get();
    sqlite3_reset(stmt);
    bindView(stmt, 1, uuid);
    bindView(stmt, 2, e.event);
    bindView(stmt, 3, e.distinctId);
    sqlite3_bind_int64(stmt, 4, e.timestamp);
    sqlite3_bind_int64(stmt, 5, e.createdAt != 0 ? e.createdAt : e.timestamp);
    bindView(stmt, 6, properties);
    bindView(stmt, 7, personId);
    bindViewOrNull(stmt, 8, sessionId);
    bindViewOrNull(stmt, 9, windowId);
    bindView(stmt, 10, e.elementsChain);
    for (size_t p = 0; p < kHotCount; ++p) {
        if (const std::optional<std::string_view>& value = (*hot)[p])
            bindView(stmt, static_cast<int>(11 + p), *value);
        else
            sqlite3_bind_null(stmt, static_cast<int>(11 + p));
    }
    if (sqlite3_step(stmt) != SQLITE_DONE)
        return fail();
    const bool added = !m_options.ignoreDuplicates || sqlite3_changes(m_db) > 0;
    if (inserted)
        *inserted = added;
    if (!added)
        return true; // a stored uuid: the rollups already count it
    ++m_eventsWritten;

    if (m_options.deriveSessions && !sessionId.empty()) {
        constexpr size_t kUrl = 3, kPathname = 4, kReferringDomain = 6; // store::kHotProperties order
        auto it = d.sessions.find(sessionId);
        const bool created = it == d.sessions.end();
        if (created)
            it = d.sessions.emplace(std::string(sessionId), SessionSummary{}).first;
        SessionSummary& s = it->second;
        if (created || e.timestamp < s.start) {
            s.start = e.timestamp;
            s.distinctId = e.distinctId;
            s.personId = personId;
        }
        s.end = created ? e.timestamp : std::max(s.end, e.timestamp);
        // Entry and exit come from the first and last events that carry them ($identify and
        // custom events usually carry no URL).
        if ((*hot)[kUrl] && (!s.entryUrl || e.timestamp < s.entryUrlAt)) {
            s.entryUrlAt = e.timestamp;
            s.entryUrl = owned((*hot)[kUrl]);
            s.entryPathname = owned((*hot)[kPathname]);
        }
        if ((*hot)[kUrl] && (!s.endUrl || e.timestamp >= s.endUrlAt)) {
            s.endUrlAt = e.timestamp;
            assignOwned(s.endUrl, *(*hot)[kUrl]);
        }
        if ((*hot)[kReferringDomain] && (!s.entryReferringDomain || e.timestamp < s.referrerAt)) {
            s.referrerAt = e.timestamp;
            s.entryReferringDomain = owned((*hot)[kReferringDomain]);
        }
        if (e.event == "$pageview")
            ++s.pageviews;
        else if (e.event == "$autocapture")
            ++s.autocaptures;
    }

    // Rollups, in memory until the next flush.
    const int64_t day = store::dayOf(e.timestamp);
    const uint32_t eventId = d.events.id(e.event);
    ++d.personDays[PersonDayKey{eventId, d.persons.id(personId), day}];
    ++d.eventDays[EventDayKey{eventId, day}];
    for (uint32_t p = 0; p < kHotCount; ++p) {
        const std::optional<std::string_view>& value = (*hot)[p];
        const uint32_t valueId = value ? d.values[p].id(*value) + 1 : 0;
        ++d.propertyDays[PropertyDayKey{eventId, p, valueId, day}];
    }
    if (d.pending() >= m_options.flushThreshold)
        return flush();
    return true;
}

bool EventIngest::flush()
{
    Impl& d = *m_impl;
    // Upserts in key order: each lands next to the previous one in the WITHOUT ROWID b-tree.
    {
        std::vector<std::pair<PersonDayKey, int64_t>> rows(d.personDays.begin(), d.personDays.end());
        const std::vector<uint32_t> eventRank = d.events.ranks();
        const std::vector<uint32_t> personRank = d.persons.ranks();
        std::sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
            const PersonDayKey& x = a.first;
            const PersonDayKey& y = b.first;
            if (x.event != y.event)
                return eventRank[x.event] < eventRank[y.event];
            if (x.day != y.day)
                return x.day < y.day;
            return personRank[x.person] < personRank[y.person];
        });
        sqlite3_stmt* stmt = d.upsertPersonDay.get();
        for (const auto& [key, count] : rows) {
            sqlite3_reset(stmt);
            bindView(stmt, 1, d.events.name(key.event));
            sqlite3_bind_int64(stmt, 2, key.day);
            bindView(stmt, 3, d.persons.name(key.person));
            sqlite3_bind_int64(stmt, 4, count);
            if (sqlite3_step(stmt) != SQLITE_DONE)
                return fail();
        }
    }
    {
        sqlite3_stmt* stmt = d.upsertEventDay.get();
        for (const auto& [key, count] : d.eventDays) {
            sqlite3_reset(stmt);
            bindView(stmt, 1, d.events.name(key.event));
            sqlite3_bind_int64(stmt, 2, key.day);
            sqlite3_bind_int64(stmt, 3, count);
            if (sqlite3_step(stmt) != SQLITE_DONE)
                return fail();
        }
    }
    {
        sqlite3_stmt* stmt = d.upsertPropertyDay.get();
        for (const auto& [key, count] : d.propertyDays) {
            sqlite3_reset(stmt);
            bindView(stmt, 1, d.events.name(key.event));
            bindView(stmt, 2, store::kHotProperties[key.property].key);
            sqlite3_bind_int64(stmt, 3, key.day);
            sqlite3_bind_int(stmt, 4, key.value == 0 ? 1 : 0);
            bindView(stmt, 5,
                     key.value == 0 ? std::string_view("") : d.values[key.property].name(key.value - 1));
            sqlite3_bind_int64(stmt, 6, count);
            if (sqlite3_step(stmt) != SQLITE_DONE)
                return fail();
        }
    }
    if (!flushSessions())
        return false;
    d.personDays.clear();
    d.eventDays.clear();
    d.propertyDays.clear();
    // The interners only grow with distinct names; reset them with the maps they serve.
    d.events.clear();
    d.persons.clear();
    for (Interner& values : d.values)
        values.clear();
    return true;
}

bool EventIngest::flushSessions()
{
    Impl& d = *m_impl;
    std::vector<const std::pair<const std::string, SessionSummary>*> rows;
    rows.reserve(d.sessions.size());
    for (const auto& entry : d.sessions)
        rows.push_back(&entry);
    std::sort(rows.begin(), rows.end(), [](const auto* a, const auto* b) { return a->first < b->first; });
    sqlite3_stmt* stmt = d.upsertSession.get();
    for (const auto* row : rows) {
        const SessionSummary& s = row->second;
        sqlite3_reset(stmt);
        bindView(stmt, 1, row->first);
        bindView(stmt, 2, s.distinctId);
        bindViewOrNull(stmt, 3, s.personId);
        sqlite3_bind_int64(stmt, 4, s.start);
        sqlite3_bind_int64(stmt, 5, s.end);
        bindOptional(stmt, 6, s.entryUrl);
        bindOptional(stmt, 7, s.entryPathname);
        bindOptional(stmt, 8, s.endUrl);
        bindOptional(stmt, 9, s.entryReferringDomain);
        sqlite3_bind_int64(stmt, 10, s.pageviews);
        sqlite3_bind_int64(stmt, 11, s.autocaptures);
        sqlite3_bind_int64(stmt, 12, (s.end - s.start) / 1'000'000);
        if (sqlite3_step(stmt) != SQLITE_DONE)
            return fail();
    }
    d.sessions.clear();
    return true;
}

bool EventIngest::commit()
{
    if (!m_open)
        return fail(QStringLiteral("EventIngest::begin() was not called"));
    QElapsedTimer timer;
    timer.start();
    const std::clock_t cpu = std::clock();
    m_timings = {};
    if (!flush())
        return false;
    QString error;
    if (!store::createHotTriggers(m_db, &error))
        return fail(error);
    m_timings.rollups = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    m_timings.rollupsCpu = static_cast<double>(std::clock() - cpu) / CLOCKS_PER_SEC;
    if (m_options.deferIndexes && !m_options.indexesAfterCommit && !store::createIndexes(m_db, &error))
        return fail(error);
    // Planner statistics; the limit keeps ANALYZE to a sample, so it costs milliseconds.
    if (m_options.analyze &&
        sqlite3_exec(m_db, "PRAGMA analysis_limit = 400; ANALYZE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail();
    if (sqlite3_exec(m_db, "COMMIT", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail();
    m_open = false;
    return true;
}

void EventIngest::rollback()
{
    if (m_open)
        sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr);
    m_open = false;
    Impl& d = *m_impl;
    d.personDays.clear();
    d.eventDays.clear();
    d.propertyDays.clear();
    d.sessions.clear();
    d.personOf.clear();
    d.droppedIndexes.clear();
}

} // namespace hogscope::local
