// The "other calls" against the real hogscope-server over loopback HTTP: discovery, definitions
// (paging, cache, expiry, per project, size cap), persons (search, filters, paging, detail, values),
// HogQL metadata (positions, generation guard), the AI endpoints the local server does not offer,
// error messages, and the editor's completion source on top. The streaming of query/chat is checked
// against a scripted socket, since no local server streams it.
#include "api/ai_client.h"
#include "api/api_client.h"
#include "api/definitions_cache.h"
#include "api/discovery_client.h"
#include "api/metadata_client.h"
#include "api/persons_client.h"
#include "api/query_scheduler.h"
#include "ui/api_completion_source.h"

#include <QDate>
#include <QFileInfo>
#include <QJsonDocument>
#include <QPointer>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

using namespace hogscope;
using namespace hogscope::api;
using namespace Qt::StringLiterals;

namespace {

constexpr qint64 kEvents = 4000;
const QByteArray kToken = "phx_discovery_token";

// Waits for a callback-style call: the result lands in `slot`.
template <typename T>
struct Waiter
{
    std::optional<ApiResult<T>> result;
    std::function<void(const ApiResult<T>&)> handler()
    {
        return [this](const ApiResult<T>& r) { result = r; };
    }
};

QString errorText(const std::optional<ApiError>& error)
{
    return error ? ApiError::kindName(error->kind) + u": "_s + error->message : QString();
}

} // namespace

class TestClientDiscovery : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QProcess m_server;
    QByteArray m_serverOutput;
    QUrl m_baseUrl;
    std::unique_ptr<ApiClient> m_client;

    // The server's own page 1 of a definitions list: its `count`.
    qint64 serverCount(const QString& path, const QUrlQuery& query)
    {
        qint64 count = -1;
        bool answered = false;
        m_client->get(path, query, this, [&](const HttpResponse& response) {
            answered = true;
            count = QJsonDocument::fromJson(response.body).object().value(u"count"_s).toInteger(-1);
        });
        [&] { QTRY_VERIFY_WITH_TIMEOUT(answered, 30000); }();
        return count;
    }

    template <typename T>
    static bool waitFor(Waiter<T>& waiter)
    {
        return QTest::qWaitFor([&] { return waiter.result.has_value(); }, 30000);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QString server = qEnvironmentVariable("HOGSCOPE_SERVER");
        QVERIFY2(QFileInfo(server).isExecutable(),
                 qPrintable(u"HOGSCOPE_SERVER is not an executable: "_s + server));
        QVERIFY(m_dir.isValid());
        const QString db = m_dir.filePath(u"demo.sqlite"_s);

        // Data up to today, so "the last 30 days" (event property values) finds some.
        QProcess demo;
        demo.setProcessChannelMode(QProcess::MergedChannels);
        demo.start(server, {u"demo"_s, u"--db"_s, db, u"--events"_s, QString::number(kEvents), u"--seed"_s,
                            u"11"_s, u"--end-date"_s, QDate::currentDate().toString(Qt::ISODate)});
        QVERIFY2(demo.waitForStarted(10000), qPrintable(demo.errorString()));
        QTRY_COMPARE_WITH_TIMEOUT(demo.state(), QProcess::NotRunning, 180000);
        QVERIFY2(demo.exitStatus() == QProcess::NormalExit && demo.exitCode() == 0,
                 demo.readAll().constData());

        m_server.setProcessChannelMode(QProcess::SeparateChannels);
        connect(&m_server, &QProcess::readyReadStandardOutput, this, [this] {
            m_serverOutput += m_server.readAllStandardOutput();
            static const QRegularExpression listening(u"listening on (http://127\\.0\\.0\\.1:\\d+)"_s);
            const auto match = listening.match(QString::fromUtf8(m_serverOutput));
            if (match.hasMatch() && m_baseUrl.isEmpty())
                m_baseUrl = QUrl(match.captured(1));
        });
        m_server.start(server, {u"serve"_s, u"--db"_s, db, u"--port"_s, u"0"_s, u"--token"_s,
                                QString::fromLatin1(kToken)});
        QVERIFY2(m_server.waitForStarted(10000), qPrintable(m_server.errorString()));
        QTRY_VERIFY2_WITH_TIMEOUT(!m_baseUrl.isEmpty(), m_serverOutput.constData(), 30000);
        m_client = std::make_unique<ApiClient>(Connection{m_baseUrl, kToken, u"1"_s});
    }

    void cleanupTestCase()
    {
        m_client.reset();
        if (m_server.state() != QProcess::NotRunning) {
            m_server.terminate();
            QTRY_COMPARE_WITH_TIMEOUT(m_server.state(), QProcess::NotRunning, 10000);
        }
    }

    // --- discovery -------------------------------------------------------------------------------

    void userAndCurrentTeam()
    {
        DiscoveryClient discovery(*m_client);
        QSignalSpy loaded(&discovery, &DiscoveryClient::userLoaded);
        QSignalSpy failed(&discovery, &DiscoveryClient::failed);
        discovery.fetchUser();
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + failed.count() > 0, 30000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().at(1).value<ApiError>().message));
        const UserInfo user = loaded.first().first().value<UserInfo>();
        QVERIFY(!user.uuid.isEmpty() || !user.email.isEmpty());
        QVERIFY(!user.displayName().isEmpty());
        QVERIFY(user.team.has_value());
        QCOMPARE(user.team->id, u"1"_s);
        QCOMPARE(user.team->projectId, u"1"_s);
        QVERIFY(!user.team->name.isEmpty());
        QVERIFY(user.organization.has_value());
        QVERIFY(!user.organization->id.isEmpty());
        QCOMPARE(user.team->organizationId, user.organization->id);
    }

    void projectsList()
    {
        DiscoveryClient discovery(*m_client);
        QSignalSpy loaded(&discovery, &DiscoveryClient::projectsLoaded);
        QSignalSpy failed(&discovery, &DiscoveryClient::failed);
        discovery.fetchProjects();
        QTRY_VERIFY_WITH_TIMEOUT(loaded.count() + failed.count() > 0, 30000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().at(1).value<ApiError>().message));
        const auto projects = loaded.first().first().value<QList<ProjectInfo>>();
        QCOMPARE(projects.size(), 1);
        QCOMPARE(projects.first().id, u"1"_s);
        QVERIFY(!projects.first().name.isEmpty());
        QVERIFY(!discovery.isBusy());
    }

    void discoveryWrongKey()
    {
        ApiClient wrong(Connection{m_baseUrl, "phx_wrong", u"1"_s});
        DiscoveryClient discovery(wrong);
        QSignalSpy failed(&discovery, &DiscoveryClient::failed);
        discovery.fetchUser();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        QCOMPARE(failed.first().at(0).value<DiscoveryClient::Request>(), DiscoveryClient::Request::User);
        const ApiError error = failed.first().at(1).value<ApiError>();
        QCOMPARE(error.kind, ApiError::Kind::Auth);
        QCOMPARE(error.httpStatus, 401);
        QVERIFY2(error.message.contains(u"did not accept the API key"_s), qPrintable(error.message));
    }

    void discoveryServerDown()
    {
        // A port nothing listens on: a network error with words, not a hang.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        const quint16 port = probe.serverPort();
        probe.close();
        ApiClient down(Connection{QUrl(u"http://127.0.0.1:%1"_s.arg(port)), kToken, u"1"_s});
        DiscoveryClient discovery(down);
        QSignalSpy failed(&discovery, &DiscoveryClient::failed);
        discovery.fetchProjects();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        const ApiError error = failed.first().at(1).value<ApiError>();
        QCOMPARE(error.kind, ApiError::Kind::Network);
        QVERIFY2(error.message.contains(u"refused"_s), qPrintable(error.message));
    }

    // --- definitions -----------------------------------------------------------------------------

    void propertyDefinitionsPageAndCache()
    {
        const qint64 expected = serverCount(u"property_definitions/"_s, QUrlQuery(u"type=event&limit=1"_s));
        QVERIFY2(expected > 12, qPrintable(u"the demo store has %1 event properties"_s.arg(expected)));

        DefinitionsCache::Options options;
        options.pageSize = 5; // several pages
        DefinitionsCache cache(m_client.get(), options);
        QSignalSpy updated(&cache, &DefinitionsCache::propertiesUpdated);
        QSignalSpy failed(&cache, &DefinitionsCache::fetchFailed);

        // Nothing cached yet: empty at once, and a fetch starts in the background.
        QVERIFY(cache.propertyNames(PropertyType::Event).isEmpty());
        QVERIFY(cache.isLoadingProperties(PropertyType::Event));
        QTRY_VERIFY_WITH_TIMEOUT(cache.hasProperties(PropertyType::Event) || !failed.isEmpty(), 30000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().value<ApiError>().message));
        const int pages = int((expected + options.pageSize - 1) / options.pageSize);
        QCOMPARE(cache.requestsSent(), pages);
        QVERIFY(updated.count() >= 2); // a first load shows pages as they come
        QCOMPARE(updated.last().at(0).value<PropertyType>(), PropertyType::Event);

        const QStringList names = cache.propertyNames(PropertyType::Event);
        QCOMPARE(names.size(), int(expected));
        QCOMPARE(QSet<QString>(names.begin(), names.end()).size(), names.size()); // no page twice
        QVERIFY2(names.contains(u"$browser"_s), qPrintable(names.join(u", "_s)));
        const QList<PropertyDefinition> definitions = cache.propertyDefinitions(PropertyType::Event);
        QCOMPARE(definitions.size(), names.size());

        // Cached: the second read sends nothing and announces nothing.
        const int sent = cache.requestsSent();
        const int announced = int(updated.count());
        QCOMPARE(cache.propertyNames(PropertyType::Event), names);
        QTest::qWait(200);
        QCOMPARE(cache.requestsSent(), sent);
        QCOMPARE(int(updated.count()), announced);
        QVERIFY(!cache.isLoadingProperties(PropertyType::Event));

        // Local search: prefix matches first, then substrings, case-insensitively.
        const QStringList browser = cache.searchPropertyNames(PropertyType::Event, u"BROW"_s, 10);
        QVERIFY(browser.contains(u"$browser"_s));
        for (const QString& name : browser)
            QVERIFY(name.contains(u"brow"_s, Qt::CaseInsensitive));
        QCOMPARE(cache.requestsSent(), sent);

        // Person properties are another list: one more fetch.
        QVERIFY(cache.propertyNames(PropertyType::Person).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(cache.hasProperties(PropertyType::Person), 30000);
        const QStringList personKeys = cache.propertyNames(PropertyType::Person);
        QVERIFY2(personKeys.contains(u"email"_s) && personKeys.contains(u"plan"_s),
                 qPrintable(personKeys.join(u", "_s)));
        QVERIFY(cache.requestsSent() > sent);
    }

    void propertyDefinitionTypes()
    {
        DefinitionsCache cache(m_client.get());
        cache.propertyDefinitions(PropertyType::Event);
        QTRY_VERIFY_WITH_TIMEOUT(cache.hasProperties(PropertyType::Event), 30000);
        QCOMPARE(cache.requestsSent(), 1); // the default page size holds the demo's list
        for (const PropertyDefinition& definition : cache.propertyDefinitions(PropertyType::Event)) {
            QVERIFY(!definition.name.isEmpty());
            if (definition.isNumerical)
                QCOMPARE(definition.propertyType, u"Numeric"_s);
            if (definition.name == u"$browser"_s)
                QCOMPARE(definition.propertyType, u"String"_s);
        }
    }

    void eventDefinitions()
    {
        DefinitionsCache::Options options;
        options.pageSize = 3;
        DefinitionsCache cache(m_client.get(), options);
        QSignalSpy updated(&cache, &DefinitionsCache::eventsUpdated);
        QVERIFY(cache.eventNames().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(cache.hasEvents(), 30000);
        const qint64 expected = serverCount(u"event_definitions/"_s, QUrlQuery(u"limit=1"_s));
        const QStringList names = cache.eventNames();
        QCOMPARE(names.size(), int(expected));
        QVERIFY(names.contains(u"$pageview"_s));
        QVERIFY(names.contains(u"signup_started"_s));
        QVERIFY(cache.requestsSent() >= 2);
        QVERIFY(updated.count() >= 1);
        const auto definitions = cache.eventDefinitions();
        QCOMPARE(definitions.size(), names.size());
        for (const EventDefinition& definition : definitions) {
            QVERIFY2(definition.lastSeenAt.isValid(), qPrintable(definition.name));
            QVERIFY2(definition.volume30Day >= 0, qPrintable(definition.name)); // the server counts them
        }
        // volume_30_day is null on PostHog plans without it: unknown, not zero.
        QString error;
        const auto page = decodeEventDefinitionsPage(
            R"({"count":2,"next":null,"previous":null,"results":[{"name":"a","volume_30_day":null},)"
            R"({"name":"b","volume_30_day":12}]})",
            &error);
        QVERIFY2(page, qPrintable(error));
        QCOMPARE(page->items.size(), 2);
        QCOMPARE(page->items[0].volume30Day, qint64(-1));
        QCOMPARE(page->items[1].volume30Day, qint64(12));
        QCOMPARE(cache.searchEventNames(u"sign"_s, 5).value(0).left(4), u"sign"_s);
    }

    void definitionsExpire()
    {
        qint64 clock = 1'000'000;
        DefinitionsCache::Options options;
        options.maxAge = std::chrono::minutes(10);
        DefinitionsCache cache(m_client.get(), options);
        cache.setClock([&clock] { return clock; });
        cache.eventNames();
        QTRY_VERIFY_WITH_TIMEOUT(cache.hasEvents(), 30000);
        const QStringList names = cache.eventNames();
        const int sent = cache.requestsSent();

        clock += 9 * 60 * 1000; // still fresh
        QCOMPARE(cache.eventNames(), names);
        QCOMPARE(cache.requestsSent(), sent);

        clock += 2 * 60 * 1000; // 11 minutes: stale
        QSignalSpy updated(&cache, &DefinitionsCache::eventsUpdated);
        QCOMPARE(cache.eventNames(), names); // the stale list stays readable while it refreshes
        QCOMPARE(cache.requestsSent(), sent + 1);
        QVERIFY(cache.isLoadingEvents());
        QCOMPARE(cache.eventNames(), names); // a read during the refresh does not start another
        QCOMPARE(cache.requestsSent(), sent + 1);
        QTRY_VERIFY_WITH_TIMEOUT(!cache.isLoadingEvents(), 30000);
        QCOMPARE(updated.count(), 1); // a refresh announces once, at its end
        QCOMPARE(cache.eventNames(), names);
        QCOMPARE(cache.requestsSent(), sent + 1);

        // An explicit refresh ignores the age.
        cache.refreshEvents();
        QCOMPARE(cache.requestsSent(), sent + 2);
        QTRY_VERIFY_WITH_TIMEOUT(!cache.isLoadingEvents(), 30000);
    }

    void definitionsPerProjectAndCapped()
    {
        // "@current" is another project key on the client's side (the local server maps it to 1).
        ApiClient other(Connection{m_baseUrl, kToken, u"@current"_s});
        DefinitionsCache::Options options;
        options.pageSize = 4;
        options.maxPerList = 6; // stops after two pages
        DefinitionsCache cache(m_client.get(), options);
        cache.propertyNames(PropertyType::Event);
        QTRY_VERIFY_WITH_TIMEOUT(cache.hasProperties(PropertyType::Event), 30000);
        QCOMPARE(cache.propertyNames(PropertyType::Event).size(), 6);
        QCOMPARE(cache.requestsSent(), 2);

        cache.setClient(&other);
        QVERIFY(cache.propertyNames(PropertyType::Event).isEmpty()); // nothing cached for that project
        QCOMPARE(cache.requestsSent(), 3);
        QTRY_VERIFY_WITH_TIMEOUT(cache.hasProperties(PropertyType::Event), 30000);
        QCOMPARE(cache.propertyNames(PropertyType::Event).size(), 6);
        const int sent = cache.requestsSent();

        cache.setClient(m_client.get()); // back: still cached
        QCOMPARE(cache.propertyNames(PropertyType::Event).size(), 6);
        QCOMPARE(cache.requestsSent(), sent);
        QCOMPARE(cache.totalCached(), 12);
    }

    void definitionsTotalCapEvictsLeastRecent()
    {
        DefinitionsCache::Options options;
        options.maxTotal = 1; // only the newest list survives
        DefinitionsCache cache(m_client.get(), options);
        cache.eventNames();
        QTRY_VERIFY_WITH_TIMEOUT(cache.hasEvents(), 30000);
        cache.propertyNames(PropertyType::Person);
        QTRY_VERIFY_WITH_TIMEOUT(cache.hasProperties(PropertyType::Person), 30000);
        QVERIFY(!cache.hasEvents()); // dropped for the newer list
        QCOMPARE(cache.totalCached(), cache.propertyNames(PropertyType::Person).size());
    }

    void definitionsFailureIsReportedAndNotHammered()
    {
        ApiClient wrong(Connection{m_baseUrl, "phx_wrong", u"1"_s});
        DefinitionsCache cache(&wrong);
        QSignalSpy failed(&cache, &DefinitionsCache::fetchFailed);
        cache.eventNames();
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        const ApiError error = failed.first().first().value<ApiError>();
        QCOMPARE(error.httpStatus, 401);
        QVERIFY2(error.message.contains(u"API key"_s), qPrintable(error.message));
        const int sent = cache.requestsSent();
        cache.eventNames(); // within the retry pause: no new request
        QCOMPARE(cache.requestsSent(), sent);
        QVERIFY(!cache.isLoadingEvents());
    }

    // --- persons ---------------------------------------------------------------------------------

    void personsPagingSearchAndFilter()
    {
        PersonsClient persons(m_client.get());
        Waiter<PersonsPage> first;
        PersonsQuery query;
        query.limit = 10;
        persons.list(query, this, first.handler());
        QVERIFY(waitFor(first));
        QVERIFY2(first.result->ok(), qPrintable(errorText(first.result->error)));
        const PersonsPage page1 = first.result->value;
        QCOMPARE(page1.persons.size(), 10);
        QVERIFY(page1.hasNext());

        Waiter<PersonsPage> second;
        persons.listNext(page1.next, this, second.handler());
        QVERIFY(waitFor(second));
        QVERIFY2(second.result->ok(), qPrintable(errorText(second.result->error)));
        const PersonsPage page2 = second.result->value;
        QCOMPARE(page2.persons.size(), 10);
        QSet<QString> ids;
        for (const Person& person : page1.persons + page2.persons) {
            QVERIFY(!person.uuid.isEmpty());
            QVERIFY(!person.distinctIds.isEmpty());
            QVERIFY(person.createdAt.isValid());
            ids.insert(person.uuid);
        }
        QCOMPARE(ids.size(), 20); // two different pages

        // An identified person found by e-mail search and by an exact property filter.
        Person identified;
        for (const Person& person : page1.persons + page2.persons)
            if (!person.properties.value(u"email"_s).toString().isEmpty()) {
                identified = person;
                break;
            }
        QVERIFY2(!identified.uuid.isEmpty(), "no identified person among the first 20");
        const QString email = identified.properties.value(u"email"_s).toString();
        QCOMPARE(identified.name, email); // PostHog's display name: email first

        Waiter<PersonsPage> searched;
        PersonsQuery search;
        search.search = email;
        persons.list(search, this, searched.handler());
        QVERIFY(waitFor(searched));
        QVERIFY2(searched.result->ok(), qPrintable(errorText(searched.result->error)));
        bool found = false;
        for (const Person& person : searched.result->value.persons)
            found = found || person.uuid == identified.uuid;
        QVERIFY(found);

        Waiter<PersonsPage> filtered;
        PersonsQuery filter;
        filter.properties = QJsonArray{QJsonObject{{u"key"_s, u"email"_s},
                                                   {u"value"_s, email},
                                                   {u"operator"_s, u"exact"_s},
                                                   {u"type"_s, u"person"_s}}};
        filter.includeTotal = true;
        persons.list(filter, this, filtered.handler());
        QVERIFY(waitFor(filtered));
        QVERIFY2(filtered.result->ok(), qPrintable(errorText(filtered.result->error)));
        QCOMPARE(filtered.result->value.persons.size(), 1);
        QCOMPARE(filtered.result->value.persons.first().uuid, identified.uuid);
        QCOMPARE(filtered.result->value.count, 1);
        QVERIFY(!filtered.result->value.hasNext());

        // Detail by UUID: the same person, with the numeric id of the detail shape.
        Waiter<Person> detail;
        persons.person(identified.uuid, this, detail.handler());
        QVERIFY(waitFor(detail));
        QVERIFY2(detail.result->ok(), qPrintable(errorText(detail.result->error)));
        QCOMPARE(detail.result->value.uuid, identified.uuid);
        QCOMPARE(
            QSet<QString>(detail.result->value.distinctIds.begin(), detail.result->value.distinctIds.end()),
            QSet<QString>(identified.distinctIds.begin(), identified.distinctIds.end()));
        QCOMPARE(detail.result->value.properties.value(u"email"_s).toString(), email);
    }

    void personsQueryEncoding()
    {
        // Characters with a meaning in a query string reach the server as typed; '+' above all,
        // which Django reads as a space unless it is sent as %2B (think "jane+test@example.com").
        PersonsQuery query;
        query.search = u"a+b&c=d %"_s;
        query.properties = QJsonArray{QJsonObject{{u"key"_s, u"email"_s}, {u"value"_s, u"x+y"_s}}};
        QUrl url(u"http://h/"_s);
        url.setQuery(PersonsClient::listQuery(query));
        const QByteArray wire = url.toEncoded();
        QVERIFY2(wire.contains("search=a%2Bb%26c%3Dd%20%25"), wire.constData());
        QVERIFY2(wire.contains("%22x%2By%22"), wire.constData());
        QVERIFY2(!wire.contains('+'), wire.constData());
        const QUrlQuery back(url);
        QCOMPARE(back.queryItemValue(u"search"_s, QUrl::FullyDecoded), query.search);

        PersonsClient persons(m_client.get());
        Waiter<PersonsPage> result;
        persons.list(query, this, result.handler());
        QVERIFY(waitFor(result));
        QVERIFY2(result.result->ok(), qPrintable(errorText(result.result->error)));
        QVERIFY(result.result->value.persons.isEmpty());
    }

    void personValues()
    {
        PersonsClient persons(m_client.get());
        Waiter<QList<PropertyValue>> all;
        persons.values(u"plan"_s, QString(), this, all.handler());
        QVERIFY(waitFor(all));
        QVERIFY2(all.result->ok(), qPrintable(errorText(all.result->error)));
        const QList<PropertyValue> plans = all.result->value;
        QVERIFY(!plans.isEmpty());
        for (int i = 0; i < plans.size(); ++i) {
            QVERIFY(!plans[i].name.isEmpty());
            QVERIFY(plans[i].count > 0);
            if (i > 0)
                QVERIFY(plans[i - 1].count >= plans[i].count); // most common first
        }

        const QString needle = plans.first().name.mid(1, 2).toUpper();
        Waiter<QList<PropertyValue>> some;
        persons.values(u"plan"_s, needle, this, some.handler());
        QVERIFY(waitFor(some));
        QVERIFY2(some.result->ok(), qPrintable(errorText(some.result->error)));
        QVERIFY(!some.result->value.isEmpty());
        for (const PropertyValue& value : some.result->value)
            QVERIFY2(value.name.contains(needle, Qt::CaseInsensitive), qPrintable(value.name));
    }

    void unknownPerson()
    {
        PersonsClient persons(m_client.get());
        Waiter<Person> detail;
        const QString uuid = u"00000000-0000-4000-8000-000000000000"_s;
        persons.person(uuid, this, detail.handler());
        QVERIFY(waitFor(detail));
        QVERIFY(!detail.result->ok());
        QCOMPARE(detail.result->error->httpStatus, 404);
        QVERIFY2(detail.result->error->message.contains(u"There is no person "_s + uuid),
                 qPrintable(detail.result->error->message));
    }

    void personsWrongKeyAndCancel()
    {
        ApiClient wrong(Connection{m_baseUrl, "phx_wrong", u"1"_s});
        PersonsClient persons(&wrong);
        Waiter<PersonsPage> page;
        persons.list(PersonsQuery{}, this, page.handler());
        QVERIFY(waitFor(page));
        QVERIFY(!page.result->ok());
        QCOMPARE(page.result->error->kind, ApiError::Kind::Auth);
        QVERIFY2(page.result->error->message.contains(u"HTTP 401"_s),
                 qPrintable(page.result->error->message));

        // A cancelled call never calls back.
        PersonsClient good(m_client.get());
        bool called = false;
        RequestHandle handle =
            good.list(PersonsQuery{}, this, [&](const ApiResult<PersonsPage>&) { called = true; });
        handle.abort();
        QTest::qWait(500);
        QVERIFY(!called);
    }

    // --- HogQL metadata --------------------------------------------------------------------------

    void metadataErrorsWithPositions_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("marked"); // the text the first error's range covers, "" = any
        QTest::newRow("unknown field") << u"SELECT evnt FROM events"_s << u"evnt"_s;
        QTest::newRow("after non-ASCII") << u"SELECT 'héllo 😀', evnt FROM events"_s << u"evnt"_s;
        QTest::newRow("syntax") << u"SELECT event FROM events WHERE"_s << QString();
    }

    void metadataErrorsWithPositions()
    {
        QFETCH(QString, query);
        QFETCH(QString, marked);
        MetadataClient metadata(m_client.get());
        QSignalSpy checked(&metadata, &MetadataClient::checked);
        QSignalSpy failed(&metadata, &MetadataClient::failed);
        const quint64 generation = metadata.check(query);
        QTRY_VERIFY_WITH_TIMEOUT(checked.count() + failed.count() > 0, 30000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().at(1).value<ApiError>().message));
        const MetadataResult result = checked.first().first().value<MetadataResult>();
        QCOMPARE(result.generation, generation);
        QCOMPARE(result.query, query);
        QVERIFY(!result.isValid);
        QVERIFY(!result.errors.isEmpty());
        const MetadataNotice error = result.errors.first();
        QCOMPARE(error.severity, MetadataNotice::Severity::Error);
        QVERIFY(!error.message.isEmpty());
        QVERIFY2(error.hasRange(), qPrintable(error.message));
        QVERIFY(error.end <= query.size());
        if (!marked.isEmpty())
            QCOMPARE(query.mid(error.start, error.end - error.start), marked);
        // The same range in UTF-8 bytes (what QScintilla positions count).
        const QByteArray utf8 = query.toUtf8();
        QCOMPARE(QString::fromUtf8(utf8.mid(error.utf8Start, error.utf8End - error.utf8Start)),
                 query.mid(error.start, error.end - error.start));
    }

    void metadataValidQuery()
    {
        MetadataClient metadata(m_client.get());
        QSignalSpy checked(&metadata, &MetadataClient::checked);
        QSignalSpy failed(&metadata, &MetadataClient::failed);
        metadata.check(u"SELECT event, count() FROM events GROUP BY event"_s);
        QTRY_VERIFY_WITH_TIMEOUT(checked.count() + failed.count() > 0, 30000);
        QVERIFY(failed.isEmpty());
        const MetadataResult result = checked.first().first().value<MetadataResult>();
        QVERIFY(result.isValid);
        QVERIFY(result.errors.isEmpty());
        QVERIFY(result.all().isEmpty());
        QVERIFY(result.tableNames.contains(u"events"_s));
    }

    void metadataGenerationGuard()
    {
        MetadataClient metadata(m_client.get());
        QSignalSpy checked(&metadata, &MetadataClient::checked);
        QSignalSpy failed(&metadata, &MetadataClient::failed);
        // The user keeps typing: three versions, only the last one's answer may arrive.
        const quint64 first = metadata.check(u"SELECT evnt FROM events"_s);
        const quint64 second = metadata.check(u"SELECT even FROM events"_s);
        const quint64 third = metadata.check(u"SELECT event FROM events"_s);
        QVERIFY(first < second && second < third);
        QCOMPARE(metadata.generation(), third);
        QTRY_COMPARE_WITH_TIMEOUT(checked.count(), 1, 30000);
        QTest::qWait(500); // nothing late trickles in
        QCOMPARE(checked.count(), 1);
        QVERIFY(failed.isEmpty());
        const MetadataResult result = checked.first().first().value<MetadataResult>();
        QCOMPARE(result.generation, third);
        QVERIFY(result.isValid);

        // Cancelled: nothing at all.
        metadata.check(u"SELECT evnt FROM events"_s);
        metadata.cancel();
        QTest::qWait(500);
        QCOMPARE(checked.count(), 1);
        QVERIFY(failed.isEmpty());
    }

    // --- AI --------------------------------------------------------------------------------------

    void aiDraftSqlUnavailable()
    {
        AiClient ai(*m_client);
        QSignalSpy drafted(&ai, &AiClient::sqlDrafted);
        QSignalSpy failed(&ai, &AiClient::failed);
        ai.draftSql(u"daily active users last week"_s, u"SELECT 1"_s);
        QVERIFY(ai.isBusy());
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        QVERIFY(drafted.isEmpty());
        QVERIFY(!ai.isBusy());
        const ApiError error = failed.first().first().value<ApiError>();
        QCOMPARE(error.httpStatus, 501);
        QCOMPARE(error.code, u"ai_unavailable"_s);
        QVERIFY2(error.message.startsWith(u"This PostHog server does not offer AI SQL drafting (HTTP 501"_s),
                 qPrintable(error.message));
        QVERIFY2(error.message.endsWith(u"local server)."_s), qPrintable(error.message)); // one full stop
    }

    void aiChatUnavailable()
    {
        AiClient ai(*m_client);
        QSignalSpy updates(&ai, &AiClient::chatUpdated);
        QSignalSpy failed(&ai, &AiClient::failed);
        ai.chat({ChatMessage{u"user"_s, u"How many signups per day?"_s}});
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        QVERIFY(updates.isEmpty());
        const ApiError error = failed.first().first().value<ApiError>();
        QVERIFY2(error.message.startsWith(u"This PostHog server does not offer the AI chat (HTTP 501"_s),
                 qPrintable(error.message));
    }

    void aiPromptChecks()
    {
        AiClient ai(*m_client);
        QSignalSpy failed(&ai, &AiClient::failed);
        ai.draftSql(QString(AiClient::kMaxPromptLength + 1, u'x'));
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 5000);
        QVERIFY2(failed.first().first().value<ApiError>().message.contains(u"at most 400"_s),
                 qPrintable(failed.first().first().value<ApiError>().message));
    }

    void aiWrongKey()
    {
        ApiClient wrong(Connection{m_baseUrl, "phx_wrong", u"1"_s});
        AiClient ai(wrong);
        QSignalSpy failed(&ai, &AiClient::failed);
        ai.draftSql(u"count events"_s);
        QTRY_COMPARE_WITH_TIMEOUT(failed.count(), 1, 30000);
        const ApiError error = failed.first().first().value<ApiError>();
        QCOMPARE(error.kind, ApiError::Kind::Auth);
        QCOMPARE(error.httpStatus, 401);
        QVERIFY2(error.message.contains(u"did not accept the API key"_s), qPrintable(error.message));
    }

    void aiChatStreams()
    {
        // A server that streams three documents (one split across writes) over half a second.
        QTcpServer fake;
        QVERIFY(fake.listen(QHostAddress::LocalHost));
        QByteArray request;
        QPointer<QTcpSocket> connection;
        bool sawEnd = false;
        bool finalWritten = false;
        const QByteArray doc1 = R"({"reasoning_steps":["Looking at signups"]})";
        const QByteArray doc2 = R"({"reasoning_steps":["Looking at signups","Counting {per} day"]})";
        const QByteArray doc3 =
            R"({"reasoning_steps":["done"],"answer":{"kind":"TrendsQuery","series":[{"event":"signup_completed"}]}})";
        connect(&fake, &QTcpServer::newConnection, this, [&] {
            connection = fake.nextPendingConnection();
            connect(connection, &QTcpSocket::readyRead, this, [&] {
                request += connection->readAll();
                if (!request.contains("\r\n\r\n") || sawEnd)
                    return;
                sawEnd = true;
                connection->write(
                    "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n");
                connection->write(doc1);
                connection->flush();
                QTimer::singleShot(250, connection, [&, doc2, doc3] {
                    connection->write(doc2 + doc3.left(20));
                    connection->flush();
                    QTimer::singleShot(250, connection, [&, doc3] {
                        finalWritten = true;
                        connection->write(doc3.mid(20));
                        connection->disconnectFromHost();
                    });
                });
            });
        });
        ApiClient client(Connection{QUrl(u"http://127.0.0.1:%1"_s.arg(fake.serverPort())), kToken, u"1"_s});
        AiClient ai(client);
        QSignalSpy updates(&ai, &AiClient::chatUpdated);
        QSignalSpy finished(&ai, &AiClient::chatFinished);
        QSignalSpy failed(&ai, &AiClient::failed);
        ai.chat({ChatMessage{u"user"_s, u"signups per day"_s}});
        // The first document is handed over while the answer is still being written.
        bool firstBeforeEnd = false;
        connect(&ai, &AiClient::chatUpdated, this, [&] {
            if (updates.count() == 1)
                firstBeforeEnd = !finalWritten;
        });
        QTRY_COMPARE_WITH_TIMEOUT(finished.count() + failed.count(), 1, 10000);
        QVERIFY2(failed.isEmpty(),
                 failed.isEmpty() ? "" : qPrintable(failed.first().first().value<ApiError>().message));
        QCOMPARE(updates.count(), 3);
        QVERIFY2(firstBeforeEnd, "the answer was not read as it streamed in");
        QCOMPARE(updates.at(1).first().toJsonObject().value(u"reasoning_steps"_s).toArray().last().toString(),
                 u"Counting {per} day"_s);
        const QJsonObject answer = finished.first().first().toJsonObject();
        QCOMPARE(answer.value(u"answer"_s).toObject().value(u"kind"_s).toString(), u"TrendsQuery"_s);
        QVERIFY(request.startsWith("POST /api/environments/1/query/chat/ "));
        QVERIFY(request.contains("Authorization: Bearer " + kToken));
        QVERIFY(request.contains(R"("content":"signups per day")"));
    }

    void jsonStreamSplitter()
    {
        JsonStreamSplitter splitter;
        QCOMPARE(splitter.feed("data: {\"a\":\"}\\\"{\"").size(), 0);
        QVERIFY(splitter.hasPartial());
        const QList<QByteArray> docs = splitter.feed(",\"b\":[1,{\"c\":2}]}\n\ndata: {\"d\":1}{\"e\"");
        QCOMPARE(docs.size(), 2);
        QCOMPARE(docs[0], QByteArray("{\"a\":\"}\\\"{\",\"b\":[1,{\"c\":2}]}"));
        QCOMPARE(docs[1], QByteArray(R"({"d":1})"));
        QCOMPARE(splitter.feed(":2}"), QList<QByteArray>{QByteArray(R"({"e":2})")});
        QVERIFY(!splitter.hasPartial());
    }

    // --- the editor's completion source ----------------------------------------------------------

    void completionSource()
    {
        DefinitionsCache definitions(m_client.get());
        PersonsClient persons(m_client.get());
        QueryScheduler scheduler(*m_client, SchedulerLimits::unthrottled());
        ui::ApiCompletionSource source(&definitions, &persons, &scheduler);
        QSignalSpy updated(&source, &ui::CompletionSource::updated);

        // Keys: empty at first, then updated() and the keys.
        QVERIFY(source.propertyKeys(u"event"_s).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() >= 1, 30000);
        QTRY_VERIFY_WITH_TIMEOUT(source.propertyKeys(u"event"_s).contains(u"$browser"_s), 30000);
        const int sent = definitions.requestsSent();
        QVERIFY(source.propertyKeys(u"event"_s).contains(u"$pathname"_s) ||
                source.propertyKeys(u"event"_s).contains(u"$current_url"_s));
        QCOMPARE(definitions.requestsSent(), sent); // cached

        QVERIFY(source.propertyKeys(u"no such type"_s).isEmpty());

        // Event names.
        updated.clear();
        QVERIFY(source.eventNames().isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(source.eventNames().contains(u"$pageview"_s), 30000);
        QVERIFY(updated.count() >= 1);

        // Person property values from persons/values/.
        updated.clear();
        QVERIFY(source.propertyValues(u"person"_s, u"plan"_s).isEmpty());
        QCOMPARE(source.valueRequestsSent(), 1);
        QVERIFY(source.propertyValues(u"person"_s, u"plan"_s).isEmpty()); // in flight: no second request
        QCOMPARE(source.valueRequestsSent(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() >= 1, 30000);
        const QStringList plans = source.propertyValues(u"person"_s, u"plan"_s);
        QVERIFY(!plans.isEmpty());
        QCOMPARE(source.valueRequestsSent(), 1);

        // Event property values through a background HogQL query.
        updated.clear();
        QVERIFY(source.propertyValues(u"event"_s, u"$browser"_s).isEmpty());
        QTRY_VERIFY_WITH_TIMEOUT(updated.count() >= 1, 60000);
        const QStringList browsers = source.propertyValues(u"event"_s, u"$browser"_s);
        QVERIFY2(browsers.contains(u"Chrome"_s), qPrintable(browsers.join(u", "_s)));
        QCOMPARE(source.valueRequestsSent(), 2);
    }

    void completionEventValuesQuery()
    {
        QCOMPARE(
            ui::ApiCompletionSource::eventValuesQuery(u"it's\\x"_s, 7, 20),
            u"SELECT toString(properties['it\\'s\\\\x']) AS value, count() AS n FROM events WHERE timestamp "
            u"> "
            "now() - INTERVAL 7 DAY AND properties['it\\'s\\\\x'] IS NOT NULL GROUP BY value ORDER BY n DESC "
            "LIMIT 20"_s);
    }
};

QTEST_GUILESS_MAIN(TestClientDiscovery)
#include "tst_client_discovery.moc"
