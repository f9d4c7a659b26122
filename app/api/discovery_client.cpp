#include "api/discovery_client.h"

#include "api/api_client.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace hogscope::api {

namespace {

// PostHog ids are integers, organisation ids UUIDs; both are kept as text.
QString idText(const QJsonValue& value)
{
    if (value.isDouble())
        return QString::number(qint64(value.toDouble()));
    return value.toString();
}

QString text(const QJsonObject& object, QLatin1StringView key)
{
    return object.value(key).toString();
}

std::optional<QJsonObject> objectBody(const QByteArray& body, QString* error)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = parseError.errorString();
        return std::nullopt;
    }
    if (!document.isObject()) {
        if (error)
            *error = QStringLiteral("expected a JSON object");
        return std::nullopt;
    }
    return document.object();
}

TeamInfo teamFrom(const QJsonObject& object)
{
    TeamInfo team;
    team.id = idText(object.value(QLatin1StringView("id")));
    team.uuid = text(object, QLatin1StringView("uuid"));
    team.projectId = idText(object.value(QLatin1StringView("project_id")));
    if (team.projectId.isEmpty())
        team.projectId = team.id;
    team.name = text(object, QLatin1StringView("name"));
    team.timezone = text(object, QLatin1StringView("timezone"));
    // "organization" is an id here (a basic team), an object in fuller shapes.
    const QJsonValue organization = object.value(QLatin1StringView("organization"));
    team.organizationId = organization.isObject()
                              ? idText(organization.toObject().value(QLatin1StringView("id")))
                              : idText(organization);
    team.isDemo = object.value(QLatin1StringView("is_demo")).toBool();
    return team;
}

OrganizationInfo organizationFrom(const QJsonObject& object)
{
    return OrganizationInfo{idText(object.value(QLatin1StringView("id"))),
                            text(object, QLatin1StringView("name")), text(object, QLatin1StringView("slug"))};
}

ProjectInfo projectFrom(const QJsonObject& object)
{
    ProjectInfo project;
    project.id = idText(object.value(QLatin1StringView("id")));
    project.uuid = text(object, QLatin1StringView("uuid"));
    project.name = text(object, QLatin1StringView("name"));
    const QJsonValue organization = object.value(QLatin1StringView("organization"));
    project.organizationId = organization.isObject()
                                 ? idText(organization.toObject().value(QLatin1StringView("id")))
                                 : idText(organization);
    project.timezone = text(object, QLatin1StringView("timezone"));
    project.isDemo = object.value(QLatin1StringView("is_demo")).toBool();
    return project;
}

} // namespace

QString UserInfo::displayName() const
{
    const QString full = QStringLiteral("%1 %2").arg(firstName, lastName).trimmed();
    return full.isEmpty() ? email : full;
}

std::optional<UserInfo> decodeUser(const QByteArray& body, QString* error)
{
    const auto object = objectBody(body, error);
    if (!object)
        return std::nullopt;
    UserInfo user;
    user.uuid = text(*object, QLatin1StringView("uuid"));
    user.distinctId = text(*object, QLatin1StringView("distinct_id"));
    user.email = text(*object, QLatin1StringView("email"));
    user.firstName = text(*object, QLatin1StringView("first_name"));
    user.lastName = text(*object, QLatin1StringView("last_name"));
    if (user.uuid.isEmpty() && user.email.isEmpty() && user.distinctId.isEmpty()) {
        if (error)
            *error = QStringLiteral("no uuid, email or distinct_id: this is not a user");
        return std::nullopt;
    }
    const QJsonValue team = object->value(QLatin1StringView("team"));
    if (team.isObject() && !team.toObject().value(QLatin1StringView("id")).isNull())
        user.team = teamFrom(team.toObject());
    const QJsonValue organization = object->value(QLatin1StringView("organization"));
    if (organization.isObject())
        user.organization = organizationFrom(organization.toObject());
    for (const QJsonValue& item : object->value(QLatin1StringView("organizations")).toArray())
        if (item.isObject())
            user.organizations << organizationFrom(item.toObject());
    if (user.team && user.team->organizationId.isEmpty() && user.organization)
        user.team->organizationId = user.organization->id;
    return user;
}

std::optional<ProjectsPage> decodeProjectsPage(const QByteArray& body, QString* error)
{
    QJsonParseError parseError{};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        if (error)
            *error = parseError.errorString();
        return std::nullopt;
    }
    ProjectsPage page;
    QJsonArray results;
    if (document.isArray()) {
        results = document.array(); // an unpaginated list
    } else if (document.isObject() && document.object().value(QLatin1StringView("results")).isArray()) {
        const QJsonObject object = document.object();
        results = object.value(QLatin1StringView("results")).toArray();
        page.next = QUrl(object.value(QLatin1StringView("next")).toString());
        const QJsonValue count = object.value(QLatin1StringView("count"));
        if (count.isDouble())
            page.count = qint64(count.toDouble());
    } else {
        if (error)
            *error = QStringLiteral("expected a list of projects");
        return std::nullopt;
    }
    for (const QJsonValue& item : results)
        if (item.isObject())
            page.projects << projectFrom(item.toObject());
    return page;
}

DiscoveryClient::DiscoveryClient(ApiClient& client, QObject* parent)
    : QObject(parent)
    , m_requests(client)
{
    qRegisterMetaType<UserInfo>();
    qRegisterMetaType<ProjectInfo>();
    qRegisterMetaType<ApiError>();
}

DiscoveryClient::~DiscoveryClient()
{
    cancel();
}

void DiscoveryClient::fetchUser()
{
    m_userRequest.abort();
    const quint64 generation = ++m_userGeneration;
    m_userRequest = m_requests.get(
        m_requests.rootUrl(QStringLiteral("users/@me/")), this,
        [this, generation](const HttpResponse& response) {
            if (generation != m_userGeneration || response.aborted)
                return;
            if (response.networkFailed || response.status != 200) {
                Q_EMIT failed(Request::User, errorFromResponse(response, QStringLiteral("user:read")));
                return;
            }
            QString problem;
            const auto user = decodeUser(response.body, &problem);
            if (!user) {
                Q_EMIT failed(Request::User, decodeError(QStringLiteral("/api/users/@me/"), problem));
                return;
            }
            Q_EMIT userLoaded(*user);
        });
}

void DiscoveryClient::fetchProjects()
{
    m_projectsRequest.abort();
    m_projects.clear();
    m_projectPages = 0;
    requestProjectsPage(m_requests.rootUrl(QStringLiteral("projects/")), ++m_projectsGeneration);
}

void DiscoveryClient::requestProjectsPage(const QUrl& url, quint64 generation)
{
    ++m_projectPages;
    m_projectsRequest = m_requests.get(url, this, [this, generation](const HttpResponse& response) {
        if (generation != m_projectsGeneration || response.aborted)
            return;
        if (response.networkFailed || response.status != 200) {
            Q_EMIT failed(Request::Projects, errorFromResponse(response, QStringLiteral("project:read")));
            return;
        }
        QString problem;
        const auto page = decodeProjectsPage(response.body, &problem);
        if (!page) {
            Q_EMIT failed(Request::Projects, decodeError(QStringLiteral("/api/projects/"), problem));
            return;
        }
        m_projects += page->projects;
        if (!page->next.isEmpty() && !page->projects.isEmpty() && m_projectPages < kMaxProjectPages) {
            requestProjectsPage(page->next, generation);
            return;
        }
        const QList<ProjectInfo> projects = std::exchange(m_projects, {});
        Q_EMIT projectsLoaded(projects);
    });
}

void DiscoveryClient::cancel()
{
    ++m_userGeneration;
    ++m_projectsGeneration;
    m_userRequest.abort();
    m_projectsRequest.abort();
    m_projects.clear();
}

bool DiscoveryClient::isBusy() const
{
    return m_userRequest.isRunning() || m_projectsRequest.isRunning();
}

} // namespace hogscope::api
