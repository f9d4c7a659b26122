#include "demo_generator.h"

#include "event_ingest.h"
#include "hogql/json_text.h"
#include "sqlite_connection.h"
#include "store_schema.h"
#include "time_format.h"

#include <QFile>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

namespace hogscope::local {

namespace {

using hogql::appendJsonString;
using timefmt::kMicrosPerDay;
using timefmt::kMicrosPerSecond;

// xoshiro256** seeded through splitmix64: fully specified, so the same seed gives the same data on
// every platform (std:: distributions are implementation-defined and would not).
class Rng
{
public:
    explicit Rng(quint64 seed)
    {
        for (auto& word : m_state) {
            seed += 0x9e3779b97f4a7c15ULL;
            quint64 z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            word = z ^ (z >> 31);
        }
    }
    quint64 next()
    {
        const quint64 result = rotl(m_state[1] * 5, 7) * 9;
        const quint64 t = m_state[1] << 17;
        m_state[2] ^= m_state[0];
        m_state[3] ^= m_state[1];
        m_state[1] ^= m_state[2];
        m_state[0] ^= m_state[3];
        m_state[2] ^= t;
        m_state[3] = rotl(m_state[3], 45);
        return result;
    }
    double uniform() { return static_cast<double>(next() >> 11) * 0x1.0p-53; }
    qint64 range(qint64 lo, qint64 hi)
    {
        return lo + static_cast<qint64>(next() % static_cast<quint64>(hi - lo + 1));
    }
    bool chance(double p) { return uniform() < p; }
    template <typename T, size_t N>
    const T& pick(const std::array<T, N>& items)
    {
        return items[next() % N];
    }
    // Picks an index by weight (weights need not sum to 1).
    template <size_t N>
    size_t weighted(const std::array<double, N>& weights)
    {
        double total = 0;
        for (double w : weights)
            total += w;
        double x = uniform() * total;
        for (size_t i = 0; i < N; ++i) {
            if (x < weights[i])
                return i;
            x -= weights[i];
        }
        return N - 1;
    }
    // A random (version 4) UUID.
    std::string uuid()
    {
        const quint64 a = next();
        const quint64 b = next();
        char buffer[72];
        std::snprintf(buffer, sizeof buffer, "%08llx-%04llx-4%03llx-%04llx-%012llx",
                      static_cast<unsigned long long>(a >> 32),
                      static_cast<unsigned long long>((a >> 16) & 0xffff),
                      static_cast<unsigned long long>(a & 0xfff),
                      static_cast<unsigned long long>(((b >> 48) & 0x3fff) | 0x8000),
                      static_cast<unsigned long long>(b & 0xffffffffffffULL));
        return std::string(buffer, 36);
    }
    // A time-ordered (version 7) UUID for an instant, as posthog-js makes event UUIDs; it also keeps
    // the store's primary-key index append-only.
    std::string uuidV7(qint64 micros)
    {
        const quint64 ms = static_cast<quint64>(micros / 1000);
        const quint64 a = next();
        const quint64 b = next();
        char buffer[72];
        std::snprintf(buffer, sizeof buffer, "%08llx-%04llx-7%03llx-%04llx-%012llx",
                      static_cast<unsigned long long>(ms >> 16), static_cast<unsigned long long>(ms & 0xffff),
                      static_cast<unsigned long long>(a & 0xfff),
                      static_cast<unsigned long long>(((b >> 48) & 0x3fff) | 0x8000),
                      static_cast<unsigned long long>(b & 0xffffffffffffULL));
        return std::string(buffer, 36);
    }

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<quint64, 4> m_state{};
};

constexpr std::string_view kHost = "app.filedrop.io";
constexpr std::string_view kUrlPrefix = "https://app.filedrop.io";

const std::array<std::string, 8> kFirstNames = {"Ada",   "Ben",   "Chloe", "Dev",
                                                "Elena", "Farid", "Grace", "Hiro"};
const std::array<std::string, 8> kLastNames = {"Okafor", "Schmidt",  "Martin", "Patel",
                                               "Rossi",  "Nakamura", "Silva",  "Jensen"};

struct Platform
{
    std::string_view browser;
    std::string_view os;
    std::string_view deviceType;
};
constexpr std::array<Platform, 6> kPlatforms = {
    Platform{"Chrome", "Windows", "Desktop"},   Platform{"Chrome", "Mac OS X", "Desktop"},
    Platform{"Safari", "Mac OS X", "Desktop"},  Platform{"Firefox", "Linux", "Desktop"},
    Platform{"Mobile Safari", "iOS", "Mobile"}, Platform{"Chrome", "Android", "Mobile"},
};
const std::array<double, 6> kPlatformWeights = {34, 18, 14, 6, 16, 12};

constexpr std::array<std::string_view, 8> kCountries = {"US", "GB", "DE", "FR", "IN", "BR", "CA", "JP"};
const std::array<double, 8> kCountryWeights = {38, 12, 10, 7, 11, 8, 8, 6};

constexpr std::array<std::string_view, 5> kReferrers = {"$direct", "www.google.com", "news.ycombinator.com",
                                                        "twitter.com", "www.producthunt.com"};
const std::array<double, 5> kReferrerWeights = {40, 35, 10, 8, 7};

constexpr std::array<std::string_view, 6> kAppPages = {"/files",    "/files/recent", "/shared",
                                                       "/settings", "/files/folder", "/billing"};
const std::array<double, 6> kAppPageWeights = {40, 20, 18, 8, 10, 4};

constexpr std::array<std::string_view, 5> kFileTypes = {"pdf", "png", "docx", "mp4", "zip"};
constexpr std::array<std::string_view, 3> kShareMethods = {"link", "email", "team"};

// Share of days' traffic by weekday (Monday first): weekends are quieter.
constexpr std::array<double, 7> kWeekdayWeight = {1.15, 1.2, 1.2, 1.15, 1.0, 0.55, 0.5};
// Share of sessions by UTC hour: office hours in Europe and the Americas.
constexpr std::array<double, 24> kHourWeight = {2,   1.5, 1,   1,   1, 1.5, 2.5, 4,   6, 7,   7.5, 7,
                                                6.5, 7,   7.5, 7.5, 7, 6,   5,   4.5, 4, 3.5, 3,   2.5};

// Builds one JSON object text member by member (the demo knows its keys are unique).
class JsonObject
{
public:
    JsonObject& add(std::string_view key, std::string_view value)
    {
        member(key);
        appendJsonString(m_text, value);
        return *this;
    }
    JsonObject& add(std::string_view key, qint64 value)
    {
        member(key);
        m_text += std::to_string(value);
        return *this;
    }
    JsonObject& addRaw(std::string_view key, std::string_view json)
    {
        member(key);
        m_text += json;
        return *this;
    }
    std::string text() const { return m_text.empty() ? std::string("{}") : m_text + '}'; }
    bool empty() const { return m_text.empty(); }

private:
    void member(std::string_view key)
    {
        m_text += m_text.empty() ? '{' : ',';
        appendJsonString(m_text, key);
        m_text += ':';
    }
    std::string m_text;
};

struct Person
{
    std::string id;
    std::string anonId;
    std::string userId; // set once identified
    int firstDay = 0;
    int platform = 0;
    int country = 0;
    qint64 createdAt = 0;
    std::string email;
    std::string name;
    std::string plan;
    bool identified = false;
    bool willSignUp = false;
};

// An event generated for the current day, written once the day is complete and sorted by time.
struct PendingEvent
{
    qint64 timestamp = 0;
    qint64 createdAt = 0;
    std::string uuid;
    std::string_view name;
    const std::string* distinctId = nullptr;
    const Person* person = nullptr;
    size_t session = 0; // index into the day's session ids
    std::string pathname;
    std::string url;
    std::string_view referrer;
    std::string properties;
    std::string_view elementsChain;
};

// Generates sessions day by day and writes their events through EventIngest; counts stop exactly at
// the requested total.
class Generator
{
public:
    Generator(const DemoOptions& options, EventIngest& ingest)
        : m_rng(options.seed)
        , m_ingest(ingest)
    {
        const QDate end = options.endDate.isValid() ? options.endDate : defaultDemoEndDate();
        m_total = std::max<qint64>(options.events, 0);
        m_days = static_cast<int>(std::clamp<qint64>(m_total / 200, 7, 60));
        const QDate start = end.addDays(-(m_days - 1));
        m_startDay = timefmt::daysFromCivil(start.year(), static_cast<unsigned>(start.month()),
                                            static_cast<unsigned>(start.day()));
        m_startWeekday = start.dayOfWeek() - 1;
    }

    bool run(const std::function<bool(qint64, qint64)>& progress)
    {
        m_progress = progress;
        createPersons();
        const std::vector<qint64> quotas = dayQuotas();
        for (int day = 0; day < m_days && m_written < m_total; ++day) {
            m_dayEnd = m_written + quotas[static_cast<size_t>(day)];
            // Everyone who first arrives today gets a first session (the signup funnel) ...
            for (Person& person : m_persons) {
                if (person.firstDay == day && m_written < m_dayEnd && !firstSession(person, day))
                    return false;
            }
            // ... and the rest of the day's traffic comes from returning persons, weighted by how
            // recently they arrived, which is what makes retention decay.
            std::vector<double> cumulative;
            cumulative.reserve(m_persons.size());
            double sum = 0;
            for (const Person& person : m_persons) {
                if (person.firstDay < day) {
                    const double age = day - person.firstDay;
                    sum += (person.identified ? 1.0 : 0.25) * (0.12 + 0.88 * std::exp(-age / 6.0));
                }
                cumulative.push_back(sum);
            }
            while (m_written < m_dayEnd) {
                Person* person = nullptr;
                if (sum > 0) {
                    const double x = m_rng.uniform() * sum;
                    const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), x);
                    person = &m_persons[static_cast<size_t>(std::min<ptrdiff_t>(
                        it - cumulative.begin(), static_cast<ptrdiff_t>(m_persons.size()) - 1))];
                } else {
                    person = &m_persons[m_rng.next() % m_persons.size()];
                }
                if (!returningSession(*person, day))
                    return false;
            }
            if (!writeDay())
                return false;
        }
        return writeDay();
    }

    bool writePersons()
    {
        for (const Person& p : m_persons) {
            if (p.createdAt == 0)
                continue; // never seen: no events, no person (as in PostHog)
            const Platform& platform = kPlatforms[static_cast<size_t>(p.platform)];
            JsonObject props;
            props.add("$initial_browser", platform.browser)
                .add("$initial_os", platform.os)
                .add("$initial_geoip_country_code", kCountries[static_cast<size_t>(p.country)]);
            if (p.identified)
                props.add("email", p.email).add("name", p.name).add("plan", p.plan);
            const std::string text = props.text();
            IngestPerson person;
            person.id = p.id;
            person.createdAt = p.createdAt;
            person.properties = text;
            person.identified = p.identified;
            person.distinctIds.push_back(p.anonId);
            if (!p.userId.empty())
                person.distinctIds.push_back(p.userId);
            if (!m_ingest.addPerson(person))
                return false;
        }
        return true;
    }

    bool cancelled() const { return m_cancelled; }

private:
    struct Session
    {
        size_t index = 0; // into m_sessionIds
        const std::string* distinctId = nullptr;
        std::string_view referrer;
        std::string entryUrl;
        std::string entryPath;
        std::string lastUrl;
        std::string lastPath;
        qint64 start = 0;
        qint64 clock = 0;
        qint64 pageviews = 0;
        qint64 autocaptures = 0;
        Person* person = nullptr;
    };

    void createPersons()
    {
        const qint64 count = std::max<qint64>(10, m_total / 35);
        m_persons.resize(static_cast<size_t>(count));
        // Arrivals follow the weekday pattern and grow slowly over the period.
        std::vector<double> cumulative;
        double sum = 0;
        for (int day = 0; day < m_days; ++day) {
            sum += dayWeight(day) * (1.0 + 0.5 * day / m_days);
            cumulative.push_back(sum);
        }
        for (Person& p : m_persons) {
            p.id = m_rng.uuid();
            p.anonId = m_rng.uuid();
            const double x = m_rng.uniform() * sum;
            p.firstDay = static_cast<int>(std::upper_bound(cumulative.begin(), cumulative.end(), x) -
                                          cumulative.begin());
            p.firstDay = std::min(p.firstDay, m_days - 1);
            p.platform = static_cast<int>(m_rng.weighted(kPlatformWeights));
            p.country = static_cast<int>(m_rng.weighted(kCountryWeights));
            p.willSignUp = m_rng.chance(0.55);
            const std::string& first = m_rng.pick(kFirstNames);
            const std::string& last = m_rng.pick(kLastNames);
            p.name = first + ' ' + last;
            auto lower = [](std::string s) {
                for (char& c : s)
                    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                return s;
            };
            p.email = lower(first) + '.' + lower(last) + '.' + std::to_string(m_rng.range(1, 9999)) +
                      "@example.com";
            const std::array<double, 3> planWeights = {70, 24, 6};
            static const std::array<std::string, 3> plans = {"free", "pro", "business"};
            p.plan = plans[m_rng.weighted(planWeights)];
        }
        std::stable_sort(m_persons.begin(), m_persons.end(),
                         [](const Person& a, const Person& b) { return a.firstDay < b.firstDay; });
    }

    double dayWeight(int day) const
    {
        return kWeekdayWeight[static_cast<size_t>((m_startWeekday + day) % 7)];
    }

    std::vector<qint64> dayQuotas() const
    {
        std::vector<double> weights;
        double sum = 0;
        for (int day = 0; day < m_days; ++day) {
            weights.push_back(dayWeight(day) * (1.0 + 0.8 * day / m_days));
            sum += weights.back();
        }
        std::vector<qint64> quotas;
        qint64 assigned = 0;
        for (int day = 0; day < m_days; ++day) {
            const qint64 q =
                static_cast<qint64>(std::floor(m_total * weights[static_cast<size_t>(day)] / sum));
            quotas.push_back(q);
            assigned += q;
        }
        quotas.back() += m_total - assigned; // rounding remainder, so the total is exact
        return quotas;
    }

    Session startSession(Person& person, int day)
    {
        Session s;
        s.index = m_sessionIds.size();
        m_sessionIds.push_back(m_rng.uuid());
        s.person = &person;
        s.distinctId = person.identified ? &person.userId : &person.anonId;
        s.referrer = kReferrers[m_rng.weighted(kReferrerWeights)];
        const qint64 hour = static_cast<qint64>(m_rng.weighted(kHourWeight));
        s.start = (m_startDay + day) * kMicrosPerDay + hour * 3600 * kMicrosPerSecond +
                  m_rng.range(0, 3599) * kMicrosPerSecond + m_rng.range(0, 999) * 1000;
        s.clock = s.start;
        if (person.createdAt == 0)
            person.createdAt = s.start;
        return s;
    }

    bool firstSession(Person& person, int day)
    {
        Session s = startSession(person, day);
        if (!pageview(s, "/"))
            return false;
        if (m_rng.chance(0.5) && !pageview(s, "/pricing"))
            return false;
        if (!person.willSignUp)
            return endSession(s);
        if (!pageview(s, "/signup") || !event(s, "signup_started", {}))
            return false;
        if (!m_rng.chance(0.75))
            return endSession(s);
        JsonObject signup;
        signup.add("plan", person.plan);
        if (!event(s, "signup_completed", signup))
            return false;
        person.userId = "user_" + person.id.substr(0, 8);
        person.identified = true;
        JsonObject set;
        set.add("email", person.email).add("name", person.name).add("plan", person.plan);
        JsonObject identify;
        identify.add("$anon_distinct_id", person.anonId).addRaw("$set", set.text());
        s.distinctId = &person.userId;
        if (!event(s, "$identify", identify))
            return false;
        if (m_rng.chance(0.6) && !uploadFile(s))
            return false;
        return endSession(s);
    }

    bool returningSession(Person& person, int day)
    {
        Session s = startSession(person, day);
        const qint64 actions = m_rng.range(1, 6);
        if (!pageview(s, kAppPages[0]))
            return false;
        for (qint64 i = 0; i < actions && m_written < m_dayEnd; ++i) {
            const double x = m_rng.uniform();
            bool ok = true;
            if (x < 0.35)
                ok = pageview(s, kAppPages[m_rng.weighted(kAppPageWeights)]);
            else if (x < 0.55)
                ok = uploadFile(s);
            else if (x < 0.67)
                ok = shareFile(s);
            else if (x < 0.77)
                ok = event(s, "file_downloaded", fileProps());
            else if (x < 0.82)
                ok = event(s, "folder_created", {});
            else if (x < 0.83 && person.identified && person.plan == "free")
                ok = event(s, "upgrade_plan", JsonObject().add("to_plan", "pro"));
            else
                ok = autocapture(s);
            if (!ok)
                return false;
        }
        return endSession(s);
    }

    JsonObject fileProps()
    {
        JsonObject props;
        props.add("file_type", m_rng.pick(kFileTypes));
        props.add("file_size_bytes", m_rng.range(2'000, 80'000'000));
        return props;
    }

    bool uploadFile(Session& s) { return event(s, "file_uploaded", fileProps()); }

    bool shareFile(Session& s)
    {
        JsonObject props = fileProps();
        props.add("share_method", m_rng.pick(kShareMethods));
        props.add("recipients", m_rng.range(1, 5));
        return event(s, "file_shared", props);
    }

    bool autocapture(Session& s)
    {
        ++s.autocaptures;
        JsonObject props;
        props.add("$event_type", "click");
        m_elementsChain = m_rng.chance(0.5) ? "button.btn.btn-primary:nth-child=\"1\"text=\"New folder\""
                                            : "button.btn.btn-primary:nth-child=\"1\"text=\"Upload\"";
        const bool ok = event(s, "$autocapture", props);
        m_elementsChain = {};
        return ok;
    }

    bool pageview(Session& s, std::string_view path)
    {
        const std::string url = std::string(kUrlPrefix) + std::string(path);
        if (s.entryUrl.empty()) {
            s.entryUrl = url;
            s.entryPath = path;
        }
        s.lastUrl = url;
        s.lastPath = path;
        ++s.pageviews;
        return event(s, "$pageview", {}, path);
    }

    bool event(Session& s, std::string_view name, const JsonObject& custom, std::string_view path = {})
    {
        if (m_written >= m_dayEnd)
            return true; // today's quota is full: the session just ends early
        PendingEvent e;
        e.pathname = !path.empty() ? std::string(path) : (s.lastPath.empty() ? std::string("/") : s.lastPath);
        e.url = std::string(kUrlPrefix) + e.pathname;
        e.referrer = s.referrer;
        e.person = s.person;
        e.session = s.index;
        e.distinctId = s.distinctId;
        e.name = name;
        e.elementsChain = m_elementsChain;
        const Platform& platform = kPlatforms[static_cast<size_t>(s.person->platform)];
        // The custom properties, then PostHog's standard ones.
        JsonObject props = custom;
        props.add("$current_url", e.url)
            .add("$pathname", e.pathname)
            .add("$host", kHost)
            .add("$browser", platform.browser)
            .add("$os", platform.os)
            .add("$device_type", platform.deviceType)
            .add("$geoip_country_code", kCountries[static_cast<size_t>(s.person->country)])
            .add("$referring_domain", s.referrer)
            .add("$session_id", m_sessionIds[s.index])
            .add("$lib", "web");
        e.properties = props.text();
        s.clock += m_rng.range(3, 90) * kMicrosPerSecond + m_rng.range(0, 999) * 1000;
        e.timestamp = s.clock;
        e.uuid = m_rng.uuidV7(e.timestamp);
        e.createdAt = s.clock + m_rng.range(50, 4000) * 1000;
        m_pending.push_back(std::move(e));
        ++m_written;
        return true;
    }

    bool endSession(Session& s)
    {
        if (s.pageviews == 0 && s.autocaptures == 0 && s.clock == s.start)
            return true; // nothing was written (quota full)
        IngestSession session;
        session.sessionId = m_sessionIds[s.index];
        session.distinctId = *s.distinctId;
        session.personId = s.person->id;
        session.start = s.start;
        session.end = s.clock;
        session.entryUrl = s.entryUrl;
        session.entryPathname = s.entryPath;
        session.endUrl = s.lastUrl;
        session.entryReferringDomain = s.referrer;
        session.pageviews = s.pageviews;
        session.autocaptures = s.autocaptures;
        return m_ingest.addSession(session);
    }

    // Writes the day's events in time order (sessions overlap), so the store's time-keyed indexes
    // grow at their ends.
    bool writeDay()
    {
        std::stable_sort(
            m_pending.begin(), m_pending.end(),
            [](const PendingEvent& a, const PendingEvent& b) { return a.timestamp < b.timestamp; });
        HotValues hot;
        for (const PendingEvent& p : m_pending) {
            const Platform& platform = kPlatforms[static_cast<size_t>(p.person->platform)];
            // Same order as store::kHotProperties.
            hot = {platform.browser,    platform.os,
                   platform.deviceType, p.url,
                   p.pathname,          kHost,
                   p.referrer,          kCountries[static_cast<size_t>(p.person->country)]};
            IngestEvent e;
            e.uuid = p.uuid;
            e.event = p.name;
            e.distinctId = *p.distinctId;
            e.timestamp = p.timestamp;
            e.createdAt = p.createdAt;
            e.properties = p.properties;
            e.personId = p.person->id;
            e.sessionId = m_sessionIds[p.session];
            e.windowId = std::string_view(m_sessionIds[p.session]).substr(0, 18);
            e.elementsChain = p.elementsChain;
            e.hot = &hot;
            if (!m_ingest.addEvent(e))
                return false;
            if (m_progress && m_ingest.eventsWritten() % 2000 == 0 &&
                !m_progress(m_ingest.eventsWritten(), m_total)) {
                m_cancelled = true;
                return false;
            }
        }
        m_pending.clear();
        m_sessionIds.clear(); // every session of the day has ended
        return true;
    }

    Rng m_rng;
    EventIngest& m_ingest;
    std::function<bool(qint64, qint64)> m_progress;
    std::vector<Person> m_persons;
    std::vector<PendingEvent> m_pending;
    std::vector<std::string> m_sessionIds;
    std::string_view m_elementsChain;
    qint64 m_total = 0;
    qint64 m_written = 0;
    qint64 m_dayEnd = 0;
    qint64 m_startDay = 0;
    int m_startWeekday = 0;
    int m_days = 0;
    bool m_cancelled = false;
};

void removeStoreFiles(const QString& path)
{
    for (const QString& file : {path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm"),
                                path + QStringLiteral("-journal")})
        QFile::remove(file);
}

} // namespace

DemoResult generateDemoStore(const QString& path, const DemoOptions& options,
                             const std::function<bool(qint64 done, qint64 total)>& progress)
{
    DemoResult result;
    const QString partial = path + QStringLiteral(".partial");
    removeStoreFiles(partial);
    {
        SqliteConnection db;
        if (!db.open(partial, SqliteConnection::Mode::Create)) {
            result.error = db.errorString();
            return result;
        }
        // The partial file is thrown away on any failure, so neither durability nor a rollback
        // journal is needed while writing. The cache stays small (2 MB): with no journal, pages
        // leave it as they fill, and measured, a bigger cache only cost allocations and page faults.
        db.exec("PRAGMA journal_mode = OFF; PRAGMA synchronous = OFF; PRAGMA cache_size = -2000; "
                "PRAGMA temp_store = MEMORY");
        store::SchemaOptions schema;
        schema.indexes = false; // built once at the end: sorting beats row-by-row upkeep
        schema.wal = false;
        if (!store::createSchema(db, &result.error, schema)) {
            db.close();
            removeStoreFiles(partial);
            return result;
        }
        EventIngest::Options ingestOptions;
        ingestOptions.deferIndexes = true;
        EventIngest ingest(db.handle(), ingestOptions);
        Generator generator(options, ingest);
        const bool ok = ingest.begin() && generator.run(progress) && generator.writePersons() &&
                        ingest.commit() && db.exec("PRAGMA journal_mode = WAL");
        if (!ok) {
            result.error = generator.cancelled()
                               ? QStringLiteral("cancelled")
                               : (ingest.errorString().isEmpty() ? db.errorString() : ingest.errorString());
            ingest.rollback();
            db.close();
            removeStoreFiles(partial);
            return result;
        }
        if (progress)
            progress(std::max<qint64>(options.events, 0), std::max<qint64>(options.events, 0));
    }
    QFile::remove(partial + QStringLiteral("-wal"));
    QFile::remove(partial + QStringLiteral("-shm"));
    for (const QString& old : {path + QStringLiteral("-wal"), path + QStringLiteral("-shm")})
        QFile::remove(old);
    if (QFile::exists(path) && !QFile::remove(path)) {
        result.error = QStringLiteral("cannot replace %1").arg(path);
        return result;
    }
    if (!QFile::rename(partial, path)) {
        result.error = QStringLiteral("cannot rename %1 to %2").arg(partial, path);
        return result;
    }
    result.ok = true;
    return result;
}

} // namespace hogscope::local
