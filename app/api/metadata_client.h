#pragma once

#include "api/api_client.h"
#include "api/api_error.h"

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <optional>

namespace hogscope::api {

// One error, warning or notice of a HogQLMetadata answer, with its place in the checked text.
struct MetadataNotice
{
    enum class Severity
    {
        Error,
        Warning,
        Notice
    };
    Severity severity = Severity::Error;
    QString message;
    // Where it applies, as QString (UTF-16) indices into the checked query; -1 when the server gave
    // none. PostHog counts characters (code points); these are converted, so they index the QString.
    int start = -1;
    int end = -1;
    // The same range in UTF-8 bytes, as QScintilla positions count.
    int utf8Start = -1;
    int utf8End = -1;
    QString fix; // a suggested replacement for the range, when the server offers one

    bool hasRange() const { return start >= 0 && end >= start; }
};

// A HogQLMetadata answer for one version of the editor's text.
struct MetadataResult
{
    quint64 generation = 0; // the check() call it answers
    QString query;          // the text that was checked
    bool isValid = false;
    QList<MetadataNotice> errors;
    QList<MetadataNotice> warnings;
    QList<MetadataNotice> notices;
    QStringList tableNames;

    // Errors, then warnings, then notices.
    QList<MetadataNotice> all() const { return errors + warnings + notices; }
};

// Pure decoder of a HogQLMetadataResponse body for `query` (no network). Offsets are converted as
// described on MetadataNotice and clamped to the text.
std::optional<MetadataResult> decodeMetadataResponse(const QByteArray& body, const QString& query,
                                                     QString* error = nullptr);
// A character (code point) offset into `text` as a QString index (clamped to the text).
int codePointToUtf16(const QString& text, int codePoints);

// Checks HogQL as the user types, for squiggles under errors: POST /query/ with a HogQLMetadata
// node. The caller debounces; each check() replaces the previous one (its request is aborted) and
// only the newest generation's answer is ever emitted, so a late answer never paints stale marks.
class MetadataClient : public QObject
{
    Q_OBJECT

public:
    explicit MetadataClient(ApiClient* client, QObject* parent = nullptr);

    void setClient(ApiClient* client);
    // Sends the text for checking and returns its generation (what checked()/failed() will carry).
    quint64 check(const QString& hogql);
    // Drops the check in flight; nothing is emitted for it.
    void cancel();
    quint64 generation() const { return m_generation; }
    bool isChecking() const { return m_request.isRunning(); }

Q_SIGNALS:
    void checked(const hogscope::api::MetadataResult& result);
    void failed(quint64 generation, const hogscope::api::ApiError& error);

private:
    QPointer<ApiClient> m_client;
    quint64 m_generation = 0;
    RequestHandle m_request;
};

} // namespace hogscope::api

Q_DECLARE_METATYPE(hogscope::api::MetadataNotice)
Q_DECLARE_METATYPE(hogscope::api::MetadataResult)
