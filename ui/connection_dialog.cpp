#include "connection_dialog.h"

#include "theme.h"

#include "api/api_client.h"
#include "api/api_error.h"
#include "api/discovery_client.h"
#include "workspace/key_store.h"
#include "workspace/settings.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPushButton>
#include <QSignalBlocker>
#include <QStackedWidget>
#include <QStyle>
#include <QUrl>
#include <QVBoxLayout>

namespace hogscope::ui {

namespace {

constexpr int kIdRole = Qt::UserRole;        // demoId(), a profile name, or empty for a new profile
constexpr int kDraftRole = Qt::UserRole + 1; // the unsaved new profile

const QString kUsCloud = QStringLiteral("https://us.posthog.com");
const QString kEuCloud = QStringLiteral("https://eu.posthog.com");

// Status colours of the current scheme (computed when set: the dialog lives shorter than a flip).
QString errorStyle()
{
    const theme::Colors& c = theme::currentColors();
    return QStringLiteral(
               "QLabel{color:%1; background:%2; border:1px solid %3; border-radius:4px; padding:5px 8px;}")
        .arg(c.errorIndicator.name(), c.errorBackground.name(), c.errorBorder.name());
}
QString okStyle()
{
    return QStringLiteral("QLabel{color:%1; padding:5px 0;}").arg(theme::currentColors().success.name());
}
const QString kBusyStyle = QStringLiteral("QLabel{padding:5px 0;}");
QString warningStyle()
{
    const bool dark = theme::isDarkApplication();
    return dark ? QStringLiteral("QLabel{color:#fcd34d; background:#3a2a10; border:1px solid #92400e; "
                                 "border-radius:4px; padding:5px 8px;}")
                : QStringLiteral("QLabel{color:#b45309; background:#fffbeb; border:1px solid #fcd34d; "
                                 "border-radius:4px; padding:5px 8px;}");
}

// The keychain account of a host: its base URL without a trailing slash.
QString accountFor(const QString& host)
{
    return QUrl(host.trimmed()).adjusted(QUrl::StripTrailingSlash).toString();
}

QLabel* hintLabel(const QString& text, QWidget* parent)
{
    auto* label = new QLabel(text, parent);
    label->setWordWrap(true);
    QPalette muted = label->palette();
    muted.setColor(QPalette::WindowText, muted.color(QPalette::PlaceholderText));
    label->setPalette(muted);
    return label;
}

} // namespace

ConnectionDialog::ConnectionDialog(workspace::Settings& settings, workspace::KeyStore& keys, QWidget* parent)
    : QDialog(parent)
    , m_settings(settings)
    , m_profiles(settings)
    , m_keys(keys)
{
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("Connections"));
    setModal(false);
    buildUi();
    connect(&m_keys, &workspace::KeyStore::keyRead, this, &ConnectionDialog::onKeyRead);
    connect(&m_keys, &workspace::KeyStore::keyMissing, this, &ConnectionDialog::onKeyMissing);
    connect(&m_keys, &workspace::KeyStore::keyWritten, this, &ConnectionDialog::onKeyWritten);
    reloadList(demoId());
}

ConnectionDialog::~ConnectionDialog()
{
    stopTest();
}

void ConnectionDialog::buildUi()
{
    resize(780, 480);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(12, 12, 12, 12);
    layout->setSpacing(10);
    auto* body = new QHBoxLayout;
    body->setSpacing(14);
    layout->addLayout(body, 1);

    // Left: the entries.
    auto* left = new QVBoxLayout;
    left->setSpacing(6);
    auto* listTitle = new QLabel(tr("Connections"), this);
    QFont titleFont = listTitle->font();
    titleFont.setBold(true);
    listTitle->setFont(titleFont);
    left->addWidget(listTitle);
    m_list = new QListWidget(this);
    m_list->setObjectName(QStringLiteral("connectionList"));
    m_list->setFixedWidth(230);
    m_list->setIconSize(QSize(20, 20));
    m_list->setSpacing(2);
    left->addWidget(m_list, 1);
    auto* listButtons = new QHBoxLayout;
    m_add = new QPushButton(tr("&Add"), this);
    m_add->setObjectName(QStringLiteral("addConnection"));
    m_add->setToolTip(tr("A new PostHog connection"));
    m_delete = new QPushButton(tr("&Delete"), this);
    m_delete->setObjectName(QStringLiteral("deleteConnection"));
    m_delete->setToolTip(tr("Delete the selected profile and its stored key"));
    listButtons->addWidget(m_add);
    listButtons->addWidget(m_delete);
    listButtons->addStretch(1);
    left->addLayout(listButtons);
    body->addLayout(left);

    // Right: the selected entry.
    m_pages = new QStackedWidget(this);
    body->addWidget(m_pages, 1);

    m_demoPage = new QWidget(m_pages);
    auto* demoLayout = new QVBoxLayout(m_demoPage);
    demoLayout->setContentsMargins(0, 0, 0, 0);
    auto* demoTitle = new QLabel(tr("Local demo"), m_demoPage);
    QFont bigFont = demoTitle->font();
    bigFont.setBold(true);
    bigFont.setPointSizeF(bigFont.pointSizeF() * 1.25);
    demoTitle->setFont(bigFont);
    demoLayout->addWidget(demoTitle);
    auto* demoText = new QLabel(
        tr("<p>Runs Hogscope's built-in backend on this computer with a generated demo project: "
           "events, persons and sessions of a fictional product, ready to query with HogQL.</p>"
           "<p>No account and no network are needed; nothing leaves your machine. The demo data is "
           "generated once and kept for the next start.</p>"),
        m_demoPage);
    demoText->setWordWrap(true);
    demoText->setTextFormat(Qt::RichText);
    demoLayout->addWidget(demoText);
    demoLayout->addStretch(1);
    m_pages->addWidget(m_demoPage);

    m_profilePage = new QWidget(m_pages);
    auto* profileLayout = new QVBoxLayout(m_profilePage);
    profileLayout->setContentsMargins(0, 0, 0, 0);
    profileLayout->setSpacing(8);
    auto* profileTitle = new QLabel(tr("PostHog connection"), m_profilePage);
    profileTitle->setFont(bigFont);
    profileLayout->addWidget(profileTitle);
    auto* form = new QFormLayout;
    m_form = form;
    form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    form->setLabelAlignment(Qt::AlignRight | Qt::AlignVCenter);
    form->setHorizontalSpacing(10);
    form->setVerticalSpacing(8);

    m_name = new QLineEdit(m_profilePage);
    m_name->setObjectName(QStringLiteral("profileName"));
    m_name->setPlaceholderText(tr("e.g. EU production"));
    form->addRow(tr("&Name:"), m_name);

    m_host = new QComboBox(m_profilePage);
    m_host->setObjectName(QStringLiteral("profileHost"));
    m_host->addItem(tr("PostHog US Cloud — us.posthog.com"), kUsCloud);
    m_host->addItem(tr("PostHog EU Cloud — eu.posthog.com"), kEuCloud);
    m_host->addItem(tr("Self-hosted or custom URL…"), QString());
    form->addRow(tr("&Host:"), m_host);
    m_customHost = new QLineEdit(m_profilePage);
    m_customHost->setObjectName(QStringLiteral("profileCustomHost"));
    m_customHost->setPlaceholderText(tr("https://posthog.example.com"));
    form->addRow(tr("&URL:"), m_customHost);

    m_key = new QLineEdit(m_profilePage);
    m_key->setObjectName(QStringLiteral("profileKey"));
    m_key->setEchoMode(QLineEdit::Password);
    m_key->setClearButtonEnabled(true);
    auto* keyBox = new QVBoxLayout;
    keyBox->setSpacing(4);
    keyBox->addWidget(m_key);
    m_keyHint = hintLabel(QString(), m_profilePage);
    keyBox->addWidget(m_keyHint);
    m_keyNotice = new QLabel(m_profilePage);
    m_keyNotice->setObjectName(QStringLiteral("keyNotice"));
    m_keyNotice->setWordWrap(true);
    m_keyNotice->setStyleSheet(warningStyle());
    m_keyNotice->hide();
    keyBox->addWidget(m_keyNotice);
    auto* keyLabel = new QLabel(tr("Personal API &key:"), m_profilePage);
    keyLabel->setBuddy(m_key);
    form->addRow(keyLabel, keyBox);

    auto* testRow = new QHBoxLayout;
    m_test = new QPushButton(tr("&Test connection"), m_profilePage);
    m_test->setObjectName(QStringLiteral("testConnection"));
    m_test->setToolTip(tr("Check the key and list the projects it can see"));
    m_testStatus = new QLabel(m_profilePage);
    m_testStatus->setObjectName(QStringLiteral("testStatus"));
    m_testStatus->setWordWrap(true);
    m_testStatus->setTextInteractionFlags(Qt::TextSelectableByMouse);
    testRow->addWidget(m_test, 0, Qt::AlignTop);
    testRow->addWidget(m_testStatus, 1); // always there, empty or not, so the button keeps its size
    form->addRow(QString(), testRow);

    m_project = new QComboBox(m_profilePage);
    m_project->setObjectName(QStringLiteral("profileProject"));
    m_project->setEditable(true);
    m_project->setInsertPolicy(QComboBox::NoInsert);
    m_project->lineEdit()->setPlaceholderText(tr("Test the connection to list projects, or type an id"));
    form->addRow(tr("&Project:"), m_project);
    profileLayout->addLayout(form);

    m_formStatus = new QLabel(m_profilePage);
    m_formStatus->setObjectName(QStringLiteral("formStatus"));
    m_formStatus->setWordWrap(true);
    m_formStatus->setStyleSheet(errorStyle());
    m_formStatus->hide();
    profileLayout->addWidget(m_formStatus);
    profileLayout->addStretch(1);
    m_pages->addWidget(m_profilePage);

    // Bottom: what to do with it, in the order it is done.
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    m_save = new QPushButton(tr("&Save"), this);
    m_save->setObjectName(QStringLiteral("saveConnection"));
    m_save->setToolTip(tr("Store the connection (its key goes to the keychain)"));
    m_connect = new QPushButton(tr("&Connect"), this);
    m_connect->setObjectName(QStringLiteral("connectButton"));
    m_connect->setToolTip(tr("Save and switch the window to this connection; open tabs stay"));
    m_connect->setDefault(true);
    auto* close = new QPushButton(tr("Close"), this);
    buttons->addWidget(m_save);
    buttons->addWidget(m_connect);
    buttons->addWidget(close);
    layout->addLayout(buttons);

    connect(m_host, &QComboBox::currentIndexChanged, this, &ConnectionDialog::updateHostFields);
    connect(m_list, &QListWidget::currentItemChanged, this, &ConnectionDialog::onSelectionChanged);
    connect(m_add, &QPushButton::clicked, this, &ConnectionDialog::addProfile);
    connect(m_delete, &QPushButton::clicked, this, &ConnectionDialog::deleteSelected);
    connect(m_test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(m_save, &QPushButton::clicked, this, [this] { saveForm(); });
    connect(m_connect, &QPushButton::clicked, this, &ConnectionDialog::connectSelected);
    connect(close, &QPushButton::clicked, this, &QDialog::hide);
    connect(m_list, &QListWidget::itemActivated, this, [this] { connectSelected(); });
    updateHostFields();
}

void ConnectionDialog::reloadList(const QString& select, bool resetForm)
{
    m_loading = true;
    m_list->clear();
    auto* demo =
        new QListWidgetItem(style()->standardIcon(QStyle::SP_ComputerIcon), tr("Local demo"), m_list);
    demo->setData(kIdRole, demoId());
    demo->setToolTip(tr("The built-in backend with generated demo data"));
    QListWidgetItem* selected = demo;
    for (const workspace::ConnectionProfile& profile : m_profiles.all()) {
        auto* item =
            new QListWidgetItem(style()->standardIcon(QStyle::SP_DriveNetIcon), profile.name, m_list);
        item->setData(kIdRole, profile.name);
        item->setToolTip(tr("%1 · project %2").arg(profile.host, profile.project));
        if (profile.name == select)
            selected = item;
    }
    for (int i = 0; i < m_list->count(); ++i) {
        QListWidgetItem* item = m_list->item(i);
        const bool current = !m_current.isEmpty() && item->data(kIdRole).toString() == m_current;
        QFont font = item->font();
        font.setBold(current);
        item->setFont(font);
        if (current) {
            item->setText(tr("%1 — connected").arg(item->text()));
            item->setIcon(style()->standardIcon(QStyle::SP_DialogApplyButton));
        }
    }
    m_list->setCurrentItem(selected);
    m_loading = false;
    if (resetForm) {
        onSelectionChanged();
    } else {
        m_delete->setEnabled(selectedId() != demoId());
        m_editing = selectedId() == demoId() ? QString() : selectedId();
    }
}

void ConnectionDialog::setCurrent(const QString& id)
{
    m_current = id;
    reloadList(id.isEmpty() ? selectedId() : id);
}

QString ConnectionDialog::selectedId() const
{
    QListWidgetItem* item = m_list->currentItem();
    return item != nullptr ? item->data(kIdRole).toString() : QString();
}

void ConnectionDialog::selectEntry(const QString& id)
{
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->data(kIdRole).toString() == id && !m_list->item(i)->data(kDraftRole).toBool()) {
            m_list->setCurrentRow(i);
            return;
        }
    }
}

void ConnectionDialog::addProfile()
{
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->data(kDraftRole).toBool()) {
            m_list->setCurrentRow(i);
            m_name->setFocus();
            return;
        }
    }
    auto* draft = new QListWidgetItem(style()->standardIcon(QStyle::SP_FileDialogNewFolder),
                                      tr("New connection"), m_list);
    draft->setData(kIdRole, QString());
    draft->setData(kDraftRole, true);
    QFont italic = draft->font();
    italic.setItalic(true);
    draft->setFont(italic);
    m_list->setCurrentItem(draft);
    m_name->setFocus();
}

void ConnectionDialog::onSelectionChanged()
{
    if (m_loading)
        return;
    QListWidgetItem* item = m_list->currentItem();
    // An unsaved new profile goes away when another entry is chosen.
    for (int i = m_list->count() - 1; i >= 0; --i) {
        QListWidgetItem* other = m_list->item(i);
        if (other != item && other->data(kDraftRole).toBool()) {
            m_loading = true;
            delete m_list->takeItem(i);
            m_loading = false;
        }
    }
    stopTest();
    setTestStatus(QString(), false);
    setFormStatus(QString());
    m_keyNotice->hide();
    const QString id = item != nullptr ? item->data(kIdRole).toString() : QString();
    if (item == nullptr || id == demoId()) {
        m_pages->setCurrentWidget(m_demoPage);
        m_save->setEnabled(false);
        m_delete->setEnabled(false);
        m_editing.clear();
        return;
    }
    m_pages->setCurrentWidget(m_profilePage);
    m_save->setEnabled(true);
    if (item->data(kDraftRole).toBool()) {
        m_delete->setEnabled(false);
        showProfile({QString(), kUsCloud, QString()}, false);
        return;
    }
    m_delete->setEnabled(true);
    showProfile(m_profiles.find(id).value_or(workspace::ConnectionProfile{id, kUsCloud, QString()}), true);
}

void ConnectionDialog::showProfile(const workspace::ConnectionProfile& profile, bool saved)
{
    m_editing = saved ? profile.name : QString();
    m_name->setText(profile.name);
    const QString host = accountFor(profile.host);
    const int preset = m_host->findData(host);
    {
        const QSignalBlocker blocker(m_host);
        m_host->setCurrentIndex(preset >= 0 ? preset : m_host->count() - 1);
    }
    m_customHost->setText(preset >= 0 ? QString() : host);
    m_key->clear();
    m_formKey.clear();
    m_formKeyAccount.clear();
    setProjectChoices({}, profile.project);
    updateHostFields();
}

void ConnectionDialog::updateHostFields()
{
    m_form->setRowVisible(m_customHost, m_host->currentData().toString().isEmpty());
    const bool stored = !m_editing.isEmpty();
    m_key->setPlaceholderText(stored ? tr("Leave empty to use the stored key") : tr("phx_…"));
    m_keyHint->setText(m_keys.keychainAvailable()
                           ? tr("Kept in the system keychain, never in a file. Create one in PostHog under "
                                "Settings → Personal API keys, with query and project read access.")
                           : tr("No system keychain is available: the key is kept for this session only."));
}

QString ConnectionDialog::hostUrl() const
{
    const QString preset = m_host->currentData().toString();
    if (!preset.isEmpty())
        return preset;
    // Accept "posthog.example.com" as https://posthog.example.com.
    QString text = m_customHost->text().trimmed();
    if (!text.isEmpty() && !text.contains(QLatin1String("://")))
        text.prepend(QLatin1String("https://"));
    return accountFor(text);
}

workspace::ConnectionProfile ConnectionDialog::profileFromForm() const
{
    workspace::ConnectionProfile profile;
    profile.name = m_name->text().trimmed();
    profile.host = hostUrl();
    const QString text = m_project->currentText().trimmed();
    const int index = m_project->findText(text);
    profile.project = index >= 0 ? m_project->itemData(index).toString() : text;
    return profile;
}

bool ConnectionDialog::saveForm()
{
    const workspace::ConnectionProfile profile = profileFromForm();
    QString problem = workspace::ConnectionProfiles::validate(profile);
    if (problem.isEmpty() && profile.name == demoId())
        problem = tr("“%1” is reserved for the local demo; choose another name.").arg(profile.name);
    if (problem.isEmpty() && profile.name != m_editing && m_profiles.find(profile.name).has_value())
        problem = tr("A connection named “%1” exists already.").arg(profile.name);
    const QString account = accountFor(profile.host);
    const bool haveKey =
        !m_key->text().trimmed().isEmpty() || (m_formKeyAccount == account && !m_formKey.isEmpty());
    if (problem.isEmpty() && m_editing.isEmpty() && !haveKey)
        problem = tr("Enter the personal API key of this connection.");
    if (!problem.isEmpty()) {
        setFormStatus(problem);
        return false;
    }
    setFormStatus(QString());
    if (!m_editing.isEmpty() && m_editing != profile.name)
        m_profiles.remove(m_editing);
    m_profiles.upsert(profile);
    m_settings.sync();
    const QByteArray typed = m_key->text().trimmed().toUtf8();
    if (!typed.isEmpty()) {
        m_formKey = typed;
        m_formKeyAccount = account;
        m_writingAccount = account;
        m_keys.writeKey(account, typed);
        m_key->clear();
    }
    // The list shows the new name; the form keeps what it learned (tested projects, the key).
    reloadList(profile.name, false);
    return true;
}

void ConnectionDialog::deleteSelected()
{
    const QString id = selectedId();
    if (id.isEmpty() || id == demoId())
        return;
    const std::optional<workspace::ConnectionProfile> profile = m_profiles.find(id);
    m_profiles.remove(id);
    m_settings.sync();
    // The key goes too unless another profile still uses the same host.
    if (profile) {
        const QString account = accountFor(profile->host);
        bool shared = false;
        for (const workspace::ConnectionProfile& other : m_profiles.all())
            shared = shared || accountFor(other.host) == account;
        if (!shared)
            m_keys.deleteKey(account);
    }
    Q_EMIT notice(MessageSeverity::Info, tr("Deleted the connection “%1”.").arg(id));
    reloadList(demoId());
}

void ConnectionDialog::testConnection()
{
    setFormStatus(QString());
    if (hostUrl().isEmpty() || !QUrl(hostUrl()).isValid()) {
        setTestStatus(tr("Enter the address of your PostHog instance."), true);
        return;
    }
    withKey(Pending::Test);
}

void ConnectionDialog::connectSelected()
{
    if (m_pages->currentWidget() == m_demoPage) {
        Q_EMIT demoRequested();
        hide();
        return;
    }
    if (!saveForm())
        return;
    withKey(Pending::Connect);
}

void ConnectionDialog::withKey(Pending purpose)
{
    const QString account = hostUrl();
    QByteArray key = m_key->text().trimmed().toUtf8();
    if (key.isEmpty() && m_formKeyAccount == account)
        key = m_formKey;
    if (!key.isEmpty()) {
        m_formKey = key;
        m_formKeyAccount = account;
        if (purpose == Pending::Test) {
            startTest(key);
        } else {
            Q_EMIT profileRequested(profileFromForm(), key);
            hide();
        }
        return;
    }
    if (m_editing.isEmpty() ||
        accountFor(m_profiles.find(m_editing).value_or(workspace::ConnectionProfile{}).host) != account) {
        setTestStatus(tr("Enter the personal API key first."), true);
        m_key->setFocus();
        return;
    }
    m_pending = purpose;
    m_pendingAccount = account;
    m_pendingProfile = m_editing;
    setTestStatus(tr("Reading the key from the keychain…"), false);
    m_keys.readKey(account);
}

void ConnectionDialog::onKeyRead(const QString& account, const QByteArray& key)
{
    if (m_pending == Pending::None || account != m_pendingAccount)
        return;
    const Pending purpose = m_pending;
    m_pending = Pending::None;
    // The keychain answers later: if the form now shows another profile or host, this key must not
    // go there (it belongs to the host it was filed under).
    if (hostUrl() != account || m_editing != m_pendingProfile) {
        setTestStatus(tr("The connection changed while its key was being read; try again."), true);
        return;
    }
    m_formKey = key;
    m_formKeyAccount = account;
    setTestStatus(QString(), false);
    if (purpose == Pending::Test) {
        startTest(key);
    } else {
        Q_EMIT profileRequested(profileFromForm(), key);
        hide();
    }
}

void ConnectionDialog::onKeyMissing(const QString& account, const QString& message)
{
    if (m_pending == Pending::None || account != m_pendingAccount)
        return;
    m_pending = Pending::None;
    setTestStatus(tr("%1 Enter the personal API key.").arg(message), true);
    m_key->setFocus();
}

void ConnectionDialog::onKeyWritten(const QString& account, bool persisted, const QString& message)
{
    if (account != m_writingAccount)
        return;
    m_writingAccount.clear();
    updateHostFields();
    if (persisted) {
        m_keyNotice->hide();
        return;
    }
    m_keyNotice->setText(message);
    m_keyNotice->show();
    Q_EMIT notice(MessageSeverity::Warning, message);
}

void ConnectionDialog::startTest(const QByteArray& key)
{
    stopTest();
    api::Connection connection;
    connection.baseUrl = QUrl(hostUrl());
    connection.apiKey = key;
    m_testClient = new api::ApiClient(connection, this);
    m_discovery = new api::DiscoveryClient(*m_testClient, m_testClient);
    connect(m_discovery, &api::DiscoveryClient::userLoaded, this, &ConnectionDialog::onUser);
    connect(m_discovery, &api::DiscoveryClient::projectsLoaded, this, &ConnectionDialog::onProjects);
    connect(m_discovery, &api::DiscoveryClient::failed, this,
            [this](api::DiscoveryClient::Request, const api::ApiError& error) { onDiscoveryFailed(error); });
    m_userDone = false;
    m_projectsDone = false;
    m_testedEmail.clear();
    m_test->setEnabled(false);
    setTestStatus(tr("Connecting to %1…").arg(QUrl(hostUrl()).host()), false);
    m_discovery->fetchUser();
    m_discovery->fetchProjects();
}

void ConnectionDialog::onUser(const api::UserInfo& user)
{
    m_userDone = true;
    m_testedEmail = user.email.isEmpty() ? user.displayName() : user.email;
    finishTest();
}

void ConnectionDialog::onProjects(const QList<api::ProjectInfo>& projects)
{
    m_projectsDone = true;
    m_testedProjects = int(projects.size());
    QList<QPair<QString, QString>> choices;
    for (const api::ProjectInfo& project : projects)
        choices.append({project.id, project.name});
    QString select = profileFromForm().project;
    if (select.isEmpty() && !projects.isEmpty())
        select = projects.first().id;
    setProjectChoices(choices, select);
    finishTest();
}

void ConnectionDialog::finishTest()
{
    if (!m_userDone || !m_projectsDone)
        return;
    stopTest();
    const int projects = m_testedProjects;
    setTestStatus(QStringLiteral("✓ ") +
                      (projects == 1 ? tr("Signed in as %1 · 1 project").arg(m_testedEmail)
                                     : tr("Signed in as %1 · %2 projects").arg(m_testedEmail).arg(projects)),
                  false);
    m_testStatus->setStyleSheet(okStyle());
}

void ConnectionDialog::onDiscoveryFailed(const api::ApiError& error)
{
    stopTest();
    setTestStatus(error.message, true);
}

void ConnectionDialog::stopTest()
{
    m_test->setEnabled(true);
    if (m_discovery)
        m_discovery->cancel();
    if (m_testClient != nullptr) {
        // Possibly inside one of its signals: it goes once that has returned.
        m_testClient->deleteLater();
        m_testClient = nullptr;
        m_discovery = nullptr;
    }
}

bool ConnectionDialog::isTesting() const
{
    return m_testClient != nullptr || m_pending == Pending::Test;
}

void ConnectionDialog::setTestStatus(const QString& text, bool error)
{
    m_testStatus->setText(text);
    m_testStatus->setStyleSheet(error ? errorStyle() : kBusyStyle);
}

void ConnectionDialog::setFormStatus(const QString& text)
{
    m_formStatus->setText(text);
    m_formStatus->setVisible(!text.isEmpty());
}

void ConnectionDialog::setProjectChoices(const QList<QPair<QString, QString>>& projects,
                                         const QString& select)
{
    m_project->clear();
    for (const auto& [id, name] : projects)
        m_project->addItem(name.isEmpty() ? tr("Project %1").arg(id) : tr("%1 (%2)").arg(name, id), id);
    if (!select.isEmpty() && m_project->findData(select) < 0)
        m_project->addItem(tr("Project %1").arg(select), select); // saved, not listed (yet)
    const int index = m_project->findData(select);
    if (index >= 0)
        m_project->setCurrentIndex(index);
    else
        m_project->setEditText(select);
}

} // namespace hogscope::ui
