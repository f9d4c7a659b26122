#pragma once

// Choosing where Hogscope connects: saved PostHog profiles and the local demo.

#include "messages_dock.h"

#include "workspace/connection_profiles.h"

#include <QByteArray>
#include <QDialog>
#include <QList>
#include <QPointer>
#include <QString>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QPushButton;
class QStackedWidget;

namespace hogscope::api {
class ApiClient;
class DiscoveryClient;
struct ApiError;
struct ProjectInfo;
struct UserInfo;
} // namespace hogscope::api
namespace hogscope::workspace {
class KeyStore;
class Settings;
} // namespace hogscope::workspace

namespace hogscope::ui {

// The connection dialog (non-modal: it never runs a nested event loop). Lists the saved profiles
// and "Local demo"; adds, edits and deletes profiles (name, PostHog US or EU cloud or a custom URL,
// personal API key kept by workspace::KeyStore and never written in plain text, project). "Test
// connection" asks the host who the key belongs to and which projects it can see (DiscoveryClient),
// and fills the project chooser; errors show inline. Connect asks the application to switch
// (demoRequested / profileRequested) and hides the dialog.
class ConnectionDialog : public QDialog
{
    Q_OBJECT
public:
    // Identity of the "Local demo" entry in setCurrent() and currentId().
    static QString demoId() { return QStringLiteral("demo"); }

    ConnectionDialog(workspace::Settings& settings, workspace::KeyStore& keys, QWidget* parent = nullptr);
    ~ConnectionDialog() override;

    // Marks the entry the session is connected to (demoId() or a profile name; empty = none) and
    // selects it.
    void setCurrent(const QString& id);
    // The selected entry: demoId(), a profile name, or empty for a new profile not saved yet.
    QString selectedId() const;
    void selectEntry(const QString& id);
    // Starts a new, unsaved profile.
    void addProfile();

    // The widgets, for tests and screenshots.
    QListWidget* profileList() const { return m_list; }
    QLineEdit* nameField() const { return m_name; }
    QComboBox* hostChoice() const { return m_host; }
    QLineEdit* customHostField() const { return m_customHost; }
    QLineEdit* keyField() const { return m_key; }
    QComboBox* projectChoice() const { return m_project; }
    QPushButton* testButton() const { return m_test; }
    QPushButton* saveButton() const { return m_save; }
    QPushButton* deleteButton() const { return m_delete; }
    QPushButton* connectButton() const { return m_connect; }
    QLabel* testStatus() const { return m_testStatus; }
    QLabel* formStatus() const { return m_formStatus; }
    QLabel* keyNotice() const { return m_keyNotice; }
    // True while Test connection waits for the host (or the keychain).
    bool isTesting() const;

Q_SIGNALS:
    void demoRequested();
    // `key` is the profile's personal API key (never empty).
    void profileRequested(const hogscope::workspace::ConnectionProfile& profile, const QByteArray& key);
    // For the messages panel (the keychain's session-only fallback, deletions).
    void notice(hogscope::ui::MessageSeverity severity, const QString& text);

private:
    enum class Pending
    {
        None,
        Test,
        Connect
    };

    void buildUi();
    // Rebuilds the list and selects `select`; with resetForm the form shows the selection afresh.
    void reloadList(const QString& select, bool resetForm = true);
    void onSelectionChanged();
    void showProfile(const workspace::ConnectionProfile& profile, bool saved);
    void updateHostFields();
    QString hostUrl() const;
    workspace::ConnectionProfile profileFromForm() const;
    // Validates and stores the form; false (with the reason shown) when it cannot be saved.
    bool saveForm();
    void deleteSelected();
    void testConnection();
    void connectSelected();
    // Goes on with `purpose` once the key is known: the field's, else the one read for this form,
    // else the stored one (asynchronously); else says what is missing.
    void withKey(Pending purpose);
    void onKeyRead(const QString& account, const QByteArray& key);
    void onKeyMissing(const QString& account, const QString& message);
    void onKeyWritten(const QString& account, bool persisted, const QString& message);
    void startTest(const QByteArray& key);
    void onUser(const api::UserInfo& user);
    void onProjects(const QList<api::ProjectInfo>& projects);
    void onDiscoveryFailed(const api::ApiError& error);
    void finishTest();
    void stopTest();
    void setTestStatus(const QString& text, bool error);
    void setFormStatus(const QString& text);
    void setProjectChoices(const QList<QPair<QString, QString>>& projects, const QString& select);

    workspace::Settings& m_settings;
    workspace::ConnectionProfiles m_profiles;
    workspace::KeyStore& m_keys;
    QString m_current;
    QString m_editing; // saved name of the profile in the form, empty for a new one
    bool m_loading = false;

    QListWidget* m_list = nullptr;
    QPushButton* m_add = nullptr;
    QPushButton* m_delete = nullptr;
    QStackedWidget* m_pages = nullptr;
    QWidget* m_demoPage = nullptr;
    QWidget* m_profilePage = nullptr;
    QFormLayout* m_form = nullptr;
    QLineEdit* m_name = nullptr;
    QComboBox* m_host = nullptr;
    QLineEdit* m_customHost = nullptr;
    QLineEdit* m_key = nullptr;
    QLabel* m_keyHint = nullptr;
    QLabel* m_keyNotice = nullptr;
    QComboBox* m_project = nullptr;
    QPushButton* m_test = nullptr;
    QLabel* m_testStatus = nullptr;
    QLabel* m_formStatus = nullptr;
    QPushButton* m_save = nullptr;
    QPushButton* m_connect = nullptr;

    // Test connection / Connect waiting for the keychain.
    Pending m_pending = Pending::None;
    QString m_pendingAccount;
    QString m_pendingProfile; // the profile being edited when the key was asked for
    QString m_writingAccount;
    // The key typed or read for the profile in the form, kept while the dialog shows it.
    QByteArray m_formKey;
    QString m_formKeyAccount;
    // The test in flight: a client of its own on the host being tested.
    api::ApiClient* m_testClient = nullptr;
    QPointer<api::DiscoveryClient> m_discovery;
    bool m_userDone = false;
    bool m_projectsDone = false;
    QString m_testedEmail;
    int m_testedProjects = 0;
};

} // namespace hogscope::ui
