#include "event_ingest.h"

#include "sqlite_connection.h"

#include <QCryptographicHash>

#include <sqlite3.h>

#include <algorithm>
#include <charconv>
#include <cstring>
#include <unordered_map>

namespace hogscope::local {

namespace {

constexpr size_t kHotCount = store::kHotProperties.size();

// ---- JSON helpers (the slow path: callers that did not pass the hot values) ----

void appendUtf8(std::string& out, uint32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

// The text of a JSON string literal (with its quotes), unescaped.
std::string unescapeJsonString(std::string_view raw)
{
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 1; i + 1 < raw.size(); ++i) {
        const char c = raw[i];
        if (c != '\\' || i + 2 >= raw.size()) {
            out += c;
            continue;
        }
        const char e = raw[++i];
        switch (e) {
        case 'n':
            out += '\n';
            break;
        case 't':
            out += '\t';
            break;
        case 'r':
            out += '\r';
            break;
        case 'b':
            out += '\b';
            break;
        case 'f':
            out += '\f';
            break;
        case 'u': {
            auto hex = [&](size_t at, uint32_t& v) {
                return at + 4 <= raw.size() &&
                       std::from_chars(raw.data() + at, raw.data() + at + 4, v, 16).ptr ==
                           raw.data() + at + 4;
            };
            uint32_t cp = 0;
            if (!hex(i + 1, cp)) {
                out += e;
                break;
            }
            i += 4;
            uint32_t low = 0;
            if (cp >= 0xD800 && cp < 0xDC00 && i + 6 < raw.size() && raw[i + 1] == '\\' &&
                raw[i + 2] == 'u' && hex(i + 3, low) && low >= 0xDC00 && low < 0xE000) {
                cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
                i += 6;
            }
            appendUtf8(out, cp);
            break;
        }
        default:
            out += e; // \" \\ \/
            break;
        }
    }
    return out;
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

// End (exclusive) of the JSON value starting at `i`, or npos when malformed.
size_t skipValue(std::string_view s, size_t i)
{
    if (i >= s.size())
        return std::string_view::npos;
    if (s[i] == '"') {
        for (++i; i < s.size(); ++i) {
            if (s[i] == '\\')
                ++i;
            else if (s[i] == '"')
                return i + 1;
        }
        return std::string_view::npos;
    }
    if (s[i] == '{' || s[i] == '[') {
        int depth = 0;
        for (; i < s.size(); ++i) {
            const char c = s[i];
            if (c == '"') {
                const size_t end = skipValue(s, i);
                if (end == std::string_view::npos)
                    return end;
                i = end - 1;
            } else if (c == '{' || c == '[') {
                ++depth;
            } else if (c == '}' || c == ']') {
                if (--depth == 0)
                    return i + 1;
            }
        }
        return std::string_view::npos;
    }
    while (i < s.size() && s[i] != ',' && s[i] != '}' && s[i] != ']' && !isSpace(s[i]))
        ++i;
    return i;
}

// Calls `visit(key, rawValue)` for every member of a top-level JSON object; false when malformed.
template <typename Visit>
bool forEachMember(std::string_view s, Visit&& visit)
{
    size_t i = 0;
    auto ws = [&] {
        while (i < s.size() && isSpace(s[i]))
            ++i;
    };
    ws();
    if (i >= s.size() || s[i] != '{')
        return false;
    ++i;
    ws();
    if (i < s.size() && s[i] == '}')
        return true;
    while (i < s.size()) {
        ws();
        const size_t keyEnd = skipValue(s, i);
        if (keyEnd == std::string_view::npos || s[i] != '"')
            return false;
        const std::string_view rawKey = s.substr(i, keyEnd - i);
        i = keyEnd;
        ws();
        if (i >= s.size() || s[i] != ':')
            return false;
        ++i;
        ws();
        const size_t valueEnd = skipValue(s, i);
        if (valueEnd == std::string_view::npos)
            return false;
        const std::string_view value = s.substr(i, valueEnd - i);
        if (rawKey.find('\\') == std::string_view::npos)
            visit(rawKey.substr(1, rawKey.size() - 2), value);
        else
            visit(std::string_view(unescapeJsonString(rawKey)), value);
        i = valueEnd;
        ws();
        if (i < s.size() && s[i] == ',') {
            ++i;
            continue;
        }
        return i < s.size() && s[i] == '}';
    }
    return false;
}

// JSON text without insignificant whitespace, as SQLite's `->` renders objects and arrays.
std::string minified(std::string_view raw)
{
    std::string out;
    out.reserve(raw.size());
    for (size_t i = 0; i < raw.size(); ++i) {
        if (raw[i] == '"') {
            const size_t end = skipValue(raw, i);
            const size_t stop = end == std::string_view::npos ? raw.size() : end;
            out.append(raw.substr(i, stop - i));
            i = stop - 1;
        } else if (!isSpace(raw[i])) {
            out += raw[i];
        }
    }
    return out;
}

// hs_prop's rendering of a raw JSON member value; nullopt for null.
std::optional<std::string> propertyText(std::string_view raw)
{
    if (raw == "null")
        return std::nullopt;
    if (!raw.empty() && raw.front() == '"')
        return unescapeJsonString(raw);
    if (!raw.empty() && (raw.front() == '{' || raw.front() == '['))
        return minified(raw);
    return std::string(raw);
}

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

// Strings to dense ids, remembering the last one looked up (consecutive events mostly repeat).
class Interner
{
public:
    uint32_t id(std::string_view s)
    {
        if (m_last != UINT32_MAX && m_names[m_last] == s)
            return m_last;
        auto it = m_ids.find(std::string(s));
        if (it == m_ids.end()) {
            it = m_ids.emplace(std::string(s), static_cast<uint32_t>(m_names.size())).first;
            m_names.emplace_back(s);
        }
        m_last = it->second;
        return m_last;
    }
    const std::string& name(uint32_t id) const { return m_names[id]; }
    void clear()
    {
        m_ids.clear();
        m_names.clear();
        m_last = UINT32_MAX;
    }

private:
    std::unordered_map<std::string, uint32_t> m_ids;
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

} // namespace

struct EventIngest::Impl
{
    SqliteStatement insertEvent;
    SqliteStatement insertPerson;
    SqliteStatement insertDistinctId;
    SqliteStatement lookupDistinctId;
    SqliteStatement insertSession;
    SqliteStatement upsertPersonDay;
    SqliteStatement upsertEventDay;
    SqliteStatement upsertPropertyDay;

    std::unordered_map<std::string, std::string> personOf; // distinct id -> person id
    Interner events;
    Interner persons;
    std::array<Interner, kHotCount> values; // in rollup keys a value is its id + 1; 0 is null
    std::unordered_map<PersonDayKey, int64_t, PersonDayHash> personDays;
    std::unordered_map<EventDayKey, int64_t, EventDayHash> eventDays;
    std::unordered_map<PropertyDayKey, int64_t, PropertyDayHash> propertyDays;
    uint64_t uuidCounter = 0;

    size_t pending() const { return personDays.size() + eventDays.size() + propertyDays.size(); }
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
    if (!prepare(
            "INSERT INTO events (uuid, event, distinct_id, timestamp, created_at, properties, person_id, "
            "session_id, window_id, elements_chain) VALUES (?,?,?,?,?,?,?,?,?,?)",
            d.insertEvent) ||
        !prepare("INSERT INTO persons (id, created_at, properties, is_identified) VALUES (?,?,?,?) "
                 "ON CONFLICT (id) DO UPDATE SET created_at = min(created_at, excluded.created_at), "
                 "properties = excluded.properties, is_identified = excluded.is_identified",
                 d.insertPerson) ||
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
                 d.upsertPropertyDay))
        return fail();
    if (sqlite3_exec(m_db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr) != SQLITE_OK)
        return fail();
    m_open = true;
    return true;
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
    forEachMember(properties, [&](std::string_view key, std::string_view raw) {
        const std::optional<size_t> index = store::hotPropertyIndex(key);
        if (!index || values[*index])
            return; // not hot, or a duplicate key (the first one wins, as in SQLite)
        if (std::optional<std::string> text = propertyText(raw)) {
            storage[*index] = std::move(*text);
            values[*index] = storage[*index];
        }
    });
}

bool EventIngest::addEvent(const IngestEvent& e)
{
    Impl& d = *m_impl;
    if (!m_open)
        return fail(QStringLiteral("EventIngest::begin() was not called"));
    const std::string_view properties = e.properties.empty() ? std::string_view("{}") : e.properties;

    // The person: given, or the owner of the distinct id, or a new person (PostHog creates one for
    // every distinct id it has not seen).
    std::string resolved;
    std::string_view personId = e.personId;
    if (personId.empty()) {
        const auto known = d.personOf.find(std::string(e.distinctId));
        if (known != d.personOf.end()) {
            resolved = known->second;
        } else {
            sqlite3_stmt* lookup = d.lookupDistinctId.get();
            sqlite3_reset(lookup);
            bindView(lookup, 1, e.distinctId);
            if (sqlite3_step(lookup) == SQLITE_ROW) {
                resolved = reinterpret_cast<const char*>(sqlite3_column_text(lookup, 0));
            } else {
                resolved = personUuidFor(e.distinctId);
                IngestPerson person;
                person.id = resolved;
                person.createdAt = e.timestamp;
                person.distinctIds = {e.distinctId};
                if (!addPerson(person))
                    return false;
            }
            sqlite3_reset(lookup);
            d.personOf.emplace(std::string(e.distinctId), resolved);
        }
        personId = resolved;
    }

    // Hot values and the materialized $session_id / $window_id, from the JSON when not given.
    HotValues scanned;
    std::array<std::string, kHotCount> storage;
    const HotValues* hot = e.hot;
    std::string_view sessionId = e.sessionId;
    std::string_view windowId = e.windowId;
    std::string sessionText;
    std::string windowText;
    if (!hot) {
        extractHotValues(properties, scanned, storage);
        hot = &scanned;
    }
    if (sessionId.empty() || windowId.empty()) {
        forEachMember(properties, [&](std::string_view key, std::string_view raw) {
            if (key == "$session_id" && sessionId.empty() && sessionText.empty())
                sessionText = propertyText(raw).value_or(std::string());
            else if (key == "$window_id" && windowId.empty() && windowText.empty())
                windowText = propertyText(raw).value_or(std::string());
        });
        if (sessionId.empty())
            sessionId = sessionText;
        if (windowId.empty())
            windowId = windowText;
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
    if (sqlite3_step(stmt) != SQLITE_DONE)
        return fail();
    ++m_eventsWritten;

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
        std::sort(rows.begin(), rows.end(), [&](const auto& a, const auto& b) {
            if (a.first.event != b.first.event)
                return d.events.name(a.first.event) < d.events.name(b.first.event);
            if (a.first.day != b.first.day)
                return a.first.day < b.first.day;
            return d.persons.name(a.first.person) < d.persons.name(b.first.person);
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

bool EventIngest::commit()
{
    if (!m_open)
        return fail(QStringLiteral("EventIngest::begin() was not called"));
    if (!flush())
        return false;
    QString error;
    if (m_options.deferIndexes && !store::createIndexes(m_db, &error))
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
}

} // namespace hogscope::local
