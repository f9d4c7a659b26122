#pragma once

#include "api/api_error.h"
#include "api/call_support.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QString>
#include <QUrl>

#include <optional>

namespace hogscope::api {

class ApiClient;

// A PostHog team ("environment"): its id is what goes into /api/environments/{id}/ URLs.
struct TeamInfo
{
    QString id; // numeric in PostHog, kept as text
    QString uuid;
    QString projectId; // the project the team belongs to (equal to id for most organisations)
    QString name;
    QString timezone;
    QString organizationId;
    bool isDemo = false;
};

struct OrganizationInfo
{
    QString id;
    QString name;
    QString slug;
};

// The signed-in user as /api/users/@me/ describes them, with the current team and organisation.
struct UserInfo
{
    QString uuid;
    QString distinctId;
    QString email;
    QString firstName;
    QString lastName;
    std::optional<TeamInfo> team; // the current team, when the user has one
    std::optional<OrganizationInfo> organization;
    QList<OrganizationInfo> organizations;

    // "Jane Doe", else the e-mail address.
    QString displayName() const;
};

// One project from /api/projects/.
struct ProjectInfo
{
    QString id;
    QString uuid;
    QString name;
    QString organizationId;
    QString timezone;
    bool isDemo = false;
};

// One page of /api/projects/.
struct ProjectsPage
{
    QList<ProjectInfo> projects;
    QUrl next; // empty on the last page
    qint64 count = -1;
};

// Pure decoders (no network): nullopt and `error` set when the body is not the expected answer.
std::optional<UserInfo> decodeUser(const QByteArray& body, QString* error = nullptr);
std::optional<ProjectsPage> decodeProjectsPage(const QByteArray& body, QString* error = nullptr);

// Who am I and which projects can I see: GET /api/users/@me/ and GET /api/projects/ (every page).
// Used when connecting, to fill the project chooser and to pick the current team.
class DiscoveryClient : public QObject
{
    Q_OBJECT

public:
    enum class Request
    {
        User,
        Projects
    };
    Q_ENUM(Request)

    explicit DiscoveryClient(ApiClient& client, QObject* parent = nullptr);
    ~DiscoveryClient() override;

    // Each replaces a fetch of the same kind still in flight.
    void fetchUser();
    void fetchProjects();
    // Stops both; nothing more is emitted for them.
    void cancel();
    bool isBusy() const;

    // Pages of /api/projects/ followed before giving up (a runaway `next` chain).
    static constexpr int kMaxProjectPages = 50;

Q_SIGNALS:
    void userLoaded(const hogscope::api::UserInfo& user);
    void projectsLoaded(const QList<hogscope::api::ProjectInfo>& projects);
    void failed(hogscope::api::DiscoveryClient::Request request, const hogscope::api::ApiError& error);

private:
    void requestProjectsPage(const QUrl& url, quint64 generation);

    DirectRequests m_requests;
    DirectRequests::Handle m_userRequest;
    DirectRequests::Handle m_projectsRequest;
    quint64 m_userGeneration = 0;
    quint64 m_projectsGeneration = 0;
    QList<ProjectInfo> m_projects; // pages gathered so far
    int m_projectPages = 0;
};

} // namespace hogscope::api

Q_DECLARE_METATYPE(hogscope::api::UserInfo)
Q_DECLARE_METATYPE(hogscope::api::ProjectInfo)
