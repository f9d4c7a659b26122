#include "demo_generator.h"

#include "sqlite_connection.h"
#include "store_schema.h"
#include "time_format.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>

#include <sqlite3.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace hogscope::local {

namespace {

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
    QString uuid()
    {
        const quint64 a = next();
        const quint64 b = next();
        char buffer[40];
        std::snprintf(buffer, sizeof buffer, "%08llx-%04llx-4%03llx-%04llx-%012llx",
                      static_cast<unsigned long long>(a >> 32),
                      static_cast<unsigned long long>((a >> 16) & 0xffff),
                      static_cast<unsigned long long>(a & 0xfff),
                      static_cast<unsigned long long>(((b >> 48) & 0x3fff) | 0x8000),
                      static_cast<unsigned long long>(b & 0xffffffffffffULL));
        return QString::fromLatin1(buffer);
    }

private:
    static quint64 rotl(quint64 x, int k) { return (x << k) | (x >> (64 - k)); }
    std::array<quint64, 4> m_state{};
};

constexpr const char* kHost = "app.filedrop.io";

const std::array<QString, 8> kFirstNames = {
    QStringLiteral("Ada"),   QStringLiteral("Ben"),   QStringLiteral("Chloe"), QStringLiteral("Dev"),
    QStringLiteral("Elena"), QStringLiteral("Farid"), QStringLiteral("Grace"), QStringLiteral("Hiro")};
const std::array<QString, 8> kLastNames = {
    QStringLiteral("Okafor"), QStringLiteral("Schmidt"),  QStringLiteral("Martin"), QStringLiteral("Patel"),
    QStringLiteral("Rossi"),  QStringLiteral("Nakamura"), QStringLiteral("Silva"),  QStringLiteral("Jensen")};

struct Platform
{
    QString browser;
    QString os;
    QString deviceType;
};
const std::array<Platform, 6> kPlatforms = {
    Platform{QStringLiteral("Chrome"), QStringLiteral("Windows"), QStringLiteral("Desktop")},
    Platform{QStringLiteral("Chrome"), QStringLiteral("Mac OS X"), QStringLiteral("Desktop")},
    Platform{QStringLiteral("Safari"), QStringLiteral("Mac OS X"), QStringLiteral("Desktop")},
    Platform{QStringLiteral("Firefox"), QStringLiteral("Linux"), QStringLiteral("Desktop")},
    Platform{QStringLiteral("Mobile Safari"), QStringLiteral("iOS"), QStringLiteral("Mobile")},
    Platform{QStringLiteral("Chrome"), QStringLiteral("Android"), QStringLiteral("Mobile")},
};
const std::array<double, 6> kPlatformWeights = {34, 18, 14, 6, 16, 12};

const std::array<QString, 8> kCountries = {QStringLiteral("US"), QStringLiteral("GB"), QStringLiteral("DE"),
                                           QStringLiteral("FR"), QStringLiteral("IN"), QStringLiteral("BR"),
                                           QStringLiteral("CA"), QStringLiteral("JP")};
const std::array<double, 8> kCountryWeights = {38, 12, 10, 7, 11, 8, 8, 6};

const std::array<QString, 5> kReferrers = {
    QStringLiteral("$direct"), QStringLiteral("www.google.com"), QStringLiteral("news.ycombinator.com"),
    QStringLiteral("twitter.com"), QStringLiteral("www.producthunt.com")};
const std::array<double, 5> kReferrerWeights = {40, 35, 10, 8, 7};

const std::array<QString, 6> kAppPages = {QStringLiteral("/files"),        QStringLiteral("/files/recent"),
                                          QStringLiteral("/shared"),       QStringLiteral("/settings"),
                                          QStringLiteral("/files/folder"), QStringLiteral("/billing")};
const std::array<double, 6> kAppPageWeights = {40, 20, 18, 8, 10, 4};

const std::array<QString, 5> kFileTypes = {QStringLiteral("pdf"), QStringLiteral("png"),
                                           QStringLiteral("docx"), QStringLiteral("mp4"),
                                           QStringLiteral("zip")};
const std::array<QString, 3> kShareMethods = {QStringLiteral("link"), QStringLiteral("email"),
                                              QStringLiteral("team")};

// Share of days' traffic by weekday (Monday first): weekends are quieter.
constexpr std::array<double, 7> kWeekdayWeight = {1.15, 1.2, 1.2, 1.15, 1.0, 0.55, 0.5};
// Share of sessions by UTC hour: office hours in Europe and the Americas.
constexpr std::array<double, 24> kHourWeight = {2,   1.5, 1,   1,   1, 1.5, 2.5, 4,   6, 7,   7.5, 7,
                                                6.5, 7,   7.5, 7.5, 7, 6,   5,   4.5, 4, 3.5, 3,   2.5};

struct Person
{
    QString id;
    QString anonId;
    QString userId; // set once identified
    int firstDay = 0;
    int platform = 0;
    int country = 0;
    qint64 createdAt = 0;
    QString email;
    QString name;
    QString plan;
    bool identified = false;
    bool willSignUp = false;
};

struct Writer
{
    sqlite3* db = nullptr;
    SqliteStatement insertEvent;
    SqliteStatement insertSession;
    QString error;

    bool prepare()
    {
        return prepareOne("INSERT INTO events (uuid, event, distinct_id, timestamp, created_at, properties, "
                          "person_id, session_id, window_id, elements_chain) VALUES (?,?,?,?,?,?,?,?,?,?)",
                          insertEvent) &&
               prepareOne("INSERT INTO sessions (session_id, distinct_id, person_id, start_timestamp, "
                          "end_timestamp, entry_current_url, entry_pathname, end_current_url, "
                          "entry_referring_domain, pageview_count, autocapture_count, duration_seconds) "
                          "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                          insertSession);
    }
    bool prepareOne(const char* sql, SqliteStatement& stmt)
    {
        if (sqlite3_prepare_v2(db, sql, -1, stmt.out(), nullptr) != SQLITE_OK) {
            error = QString::fromUtf8(sqlite3_errmsg(db));
            return false;
        }
        return true;
    }
    bool fail()
    {
        error = QString::fromUtf8(sqlite3_errmsg(db));
        return false;
    }
};

void bindText(sqlite3_stmt* stmt, int index, const QString& text)
{
    if (text.isNull()) {
        sqlite3_bind_null(stmt, index);
        return;
    }
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text(stmt, index, utf8.constData(), static_cast<int>(utf8.size()), SQLITE_TRANSIENT);
}

// Generates sessions and writes their events; counts stop exactly at the requested total.
class Generator
{
public:
    Generator(const DemoOptions& options, Writer& writer)
        : m_rng(options.seed)
        , m_writer(writer)
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
        }
        return true;
    }

    bool writePersons(sqlite3* db, QString* error)
    {
        SqliteStatement person;
        SqliteStatement distinct;
        if (sqlite3_prepare_v2(
                db, "INSERT INTO persons (id, created_at, properties, is_identified) VALUES (?,?,?,?)", -1,
                person.out(), nullptr) != SQLITE_OK ||
            sqlite3_prepare_v2(db, "INSERT INTO person_distinct_ids (distinct_id, person_id) VALUES (?,?)",
                               -1, distinct.out(), nullptr) != SQLITE_OK) {
            *error = QString::fromUtf8(sqlite3_errmsg(db));
            return false;
        }
        for (const Person& p : m_persons) {
            if (p.createdAt == 0)
                continue; // never seen: no events, no person (as in PostHog)
            QJsonObject props;
            props.insert(QStringLiteral("$initial_browser"),
                         kPlatforms[static_cast<size_t>(p.platform)].browser);
            props.insert(QStringLiteral("$initial_os"), kPlatforms[static_cast<size_t>(p.platform)].os);
            props.insert(QStringLiteral("$initial_geoip_country_code"),
                         kCountries[static_cast<size_t>(p.country)]);
            if (p.identified) {
                props.insert(QStringLiteral("email"), p.email);
                props.insert(QStringLiteral("name"), p.name);
                props.insert(QStringLiteral("plan"), p.plan);
            }
            sqlite3_reset(person.get());
            bindText(person.get(), 1, p.id);
            sqlite3_bind_int64(person.get(), 2, p.createdAt);
            bindText(person.get(), 3, QString::fromUtf8(QJsonDocument(props).toJson(QJsonDocument::Compact)));
            sqlite3_bind_int(person.get(), 4, p.identified ? 1 : 0);
            if (sqlite3_step(person.get()) != SQLITE_DONE) {
                *error = QString::fromUtf8(sqlite3_errmsg(db));
                return false;
            }
            for (const QString& id : {p.anonId, p.userId}) {
                if (id.isEmpty())
                    continue;
                sqlite3_reset(distinct.get());
                bindText(distinct.get(), 1, id);
                bindText(distinct.get(), 2, p.id);
                if (sqlite3_step(distinct.get()) != SQLITE_DONE) {
                    *error = QString::fromUtf8(sqlite3_errmsg(db));
                    return false;
                }
            }
        }
        return true;
    }

    bool cancelled() const { return m_cancelled; }

private:
    struct Session
    {
        QString id;
        QString distinctId;
        QString referrer;
        QString entryUrl;
        QString entryPath;
        QString lastUrl;
        QString lastPath;
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
            const QString& first = m_rng.pick(kFirstNames);
            const QString& last = m_rng.pick(kLastNames);
            p.name = first + QLatin1Char(' ') + last;
            p.email = QStringLiteral("%1.%2.%3@example.com")
                          .arg(first.toLower(), last.toLower())
                          .arg(m_rng.range(1, 9999));
            const std::array<double, 3> planWeights = {70, 24, 6};
            static const std::array<QString, 3> plans = {QStringLiteral("free"), QStringLiteral("pro"),
                                                         QStringLiteral("business")};
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
        s.id = m_rng.uuid();
        s.person = &person;
        s.distinctId = person.identified ? person.userId : person.anonId;
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
        if (!pageview(s, QStringLiteral("/")))
            return false;
        if (m_rng.chance(0.5) && !pageview(s, QStringLiteral("/pricing")))
            return false;
        if (!person.willSignUp)
            return endSession(s);
        if (!pageview(s, QStringLiteral("/signup")) || !event(s, QStringLiteral("signup_started"), {}))
            return false;
        if (!m_rng.chance(0.75))
            return endSession(s);
        QJsonObject signup;
        signup.insert(QStringLiteral("plan"), person.plan);
        if (!event(s, QStringLiteral("signup_completed"), signup))
            return false;
        person.userId = QStringLiteral("user_%1").arg(person.id.left(8));
        person.identified = true;
        QJsonObject identify;
        identify.insert(QStringLiteral("$anon_distinct_id"), person.anonId);
        QJsonObject set;
        set.insert(QStringLiteral("email"), person.email);
        set.insert(QStringLiteral("name"), person.name);
        set.insert(QStringLiteral("plan"), person.plan);
        identify.insert(QStringLiteral("$set"), set);
        s.distinctId = person.userId;
        if (!event(s, QStringLiteral("$identify"), identify))
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
                ok = event(s, QStringLiteral("file_downloaded"), fileProps());
            else if (x < 0.82)
                ok = event(s, QStringLiteral("folder_created"), {});
            else if (x < 0.83 && person.identified && person.plan == QLatin1String("free"))
                ok = event(s, QStringLiteral("upgrade_plan"),
                           QJsonObject{{QStringLiteral("to_plan"), QStringLiteral("pro")}});
            else
                ok = autocapture(s);
            if (!ok)
                return false;
        }
        return endSession(s);
    }

    QJsonObject fileProps()
    {
        QJsonObject props;
        props.insert(QStringLiteral("file_type"), m_rng.pick(kFileTypes));
        props.insert(QStringLiteral("file_size_bytes"), static_cast<double>(m_rng.range(2'000, 80'000'000)));
        return props;
    }

    bool uploadFile(Session& s) { return event(s, QStringLiteral("file_uploaded"), fileProps()); }

    bool shareFile(Session& s)
    {
        QJsonObject props = fileProps();
        props.insert(QStringLiteral("share_method"), m_rng.pick(kShareMethods));
        props.insert(QStringLiteral("recipients"), static_cast<double>(m_rng.range(1, 5)));
        return event(s, QStringLiteral("file_shared"), props);
    }

    bool autocapture(Session& s)
    {
        ++s.autocaptures;
        QJsonObject props;
        props.insert(QStringLiteral("$event_type"), QStringLiteral("click"));
        m_elementsChain =
            QStringLiteral("button.btn.btn-primary:nth-child=\"1\"text=\"%1\"")
                .arg(m_rng.chance(0.5) ? QStringLiteral("New folder") : QStringLiteral("Upload"));
        const bool ok = event(s, QStringLiteral("$autocapture"), props);
        m_elementsChain.clear();
        return ok;
    }

    bool pageview(Session& s, const QString& path)
    {
        const QString url = QStringLiteral("https://%1%2").arg(QLatin1String(kHost), path);
        if (s.entryUrl.isEmpty()) {
            s.entryUrl = url;
            s.entryPath = path;
        }
        s.lastUrl = url;
        s.lastPath = path;
        ++s.pageviews;
        return event(s, QStringLiteral("$pageview"), {}, path);
    }

    bool event(Session& s, const QString& name, QJsonObject props, const QString& path = QString())
    {
        if (m_written >= m_dayEnd)
            return true; // today's quota is full: the session just ends early
        const QString pathname =
            !path.isEmpty() ? path : (s.lastPath.isEmpty() ? QStringLiteral("/") : s.lastPath);
        const Platform& platform = kPlatforms[static_cast<size_t>(s.person->platform)];
        props.insert(QStringLiteral("$current_url"),
                     QStringLiteral("https://%1%2").arg(QLatin1String(kHost), pathname));
        props.insert(QStringLiteral("$pathname"), pathname);
        props.insert(QStringLiteral("$host"), QLatin1String(kHost));
        props.insert(QStringLiteral("$browser"), platform.browser);
        props.insert(QStringLiteral("$os"), platform.os);
        props.insert(QStringLiteral("$device_type"), platform.deviceType);
        props.insert(QStringLiteral("$geoip_country_code"),
                     kCountries[static_cast<size_t>(s.person->country)]);
        props.insert(QStringLiteral("$referring_domain"), s.referrer);
        props.insert(QStringLiteral("$session_id"), s.id);
        props.insert(QStringLiteral("$lib"), QStringLiteral("web"));
        s.clock += m_rng.range(3, 90) * kMicrosPerSecond + m_rng.range(0, 999) * 1000;
        sqlite3_stmt* stmt = m_writer.insertEvent.get();
        sqlite3_reset(stmt);
        bindText(stmt, 1, m_rng.uuid());
        bindText(stmt, 2, name);
        bindText(stmt, 3, s.distinctId);
        sqlite3_bind_int64(stmt, 4, s.clock);
        sqlite3_bind_int64(stmt, 5, s.clock + m_rng.range(50, 4000) * 1000);
        bindText(stmt, 6, QString::fromUtf8(QJsonDocument(props).toJson(QJsonDocument::Compact)));
        bindText(stmt, 7, s.person->id);
        bindText(stmt, 8, s.id);
        bindText(stmt, 9, s.id.left(18));
        bindText(stmt, 10, m_elementsChain.isNull() ? QStringLiteral("") : m_elementsChain);
        if (sqlite3_step(stmt) != SQLITE_DONE)
            return m_writer.fail();
        ++m_written;
        if (m_progress && m_written % 2000 == 0 && !m_progress(m_written, m_total)) {
            m_cancelled = true;
            return false;
        }
        return true;
    }

    bool endSession(Session& s)
    {
        if (s.pageviews == 0 && s.autocaptures == 0 && s.clock == s.start)
            return true; // nothing was written (quota full)
        sqlite3_stmt* stmt = m_writer.insertSession.get();
        sqlite3_reset(stmt);
        bindText(stmt, 1, s.id);
        bindText(stmt, 2, s.distinctId);
        bindText(stmt, 3, s.person->id);
        sqlite3_bind_int64(stmt, 4, s.start);
        sqlite3_bind_int64(stmt, 5, s.clock);
        bindText(stmt, 6, s.entryUrl);
        bindText(stmt, 7, s.entryPath);
        bindText(stmt, 8, s.lastUrl);
        bindText(stmt, 9, s.referrer);
        sqlite3_bind_int64(stmt, 10, s.pageviews);
        sqlite3_bind_int64(stmt, 11, s.autocaptures);
        sqlite3_bind_int64(stmt, 12, (s.clock - s.start) / kMicrosPerSecond);
        if (sqlite3_step(stmt) != SQLITE_DONE)
            return m_writer.fail();
        return true;
    }

    Rng m_rng;
    Writer& m_writer;
    std::function<bool(qint64, qint64)> m_progress;
    std::vector<Person> m_persons;
    QString m_elementsChain;
    qint64 m_total = 0;
    qint64 m_written = 0;
    qint64 m_dayEnd = 0;
    qint64 m_startDay = 0;
    int m_startWeekday = 0;
    int m_days = 0;
    bool m_cancelled = false;
};

} // namespace

DemoResult generateDemoStore(const QString& path, const DemoOptions& options,
                             const std::function<bool(qint64 done, qint64 total)>& progress)
{
    DemoResult result;
    const QString partial = path + QStringLiteral(".partial");
    for (const QString& stale : {partial, partial + QStringLiteral("-wal"), partial + QStringLiteral("-shm")})
        QFile::remove(stale);
    {
        SqliteConnection db;
        if (!db.open(partial, SqliteConnection::Mode::Create)) {
            result.error = db.errorString();
            return result;
        }
        // The partial file is thrown away on any failure, so durability is not needed while writing.
        db.exec("PRAGMA synchronous = OFF");
        if (!store::createSchema(db, &result.error) || !db.exec("BEGIN")) {
            if (result.error.isEmpty())
                result.error = db.errorString();
            db.close();
            QFile::remove(partial);
            return result;
        }
        Writer writer;
        writer.db = db.handle();
        Generator generator(options, writer);
        bool ok =
            writer.prepare() && generator.run(progress) && generator.writePersons(db.handle(), &writer.error);
        if (ok)
            ok = db.exec("COMMIT") && db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        if (!ok) {
            result.error = generator.cancelled() ? QStringLiteral("cancelled")
                                                 : (writer.error.isEmpty() ? db.errorString() : writer.error);
            db.close();
            for (const QString& stale :
                 {partial, partial + QStringLiteral("-wal"), partial + QStringLiteral("-shm")})
                QFile::remove(stale);
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
