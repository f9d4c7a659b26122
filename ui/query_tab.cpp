#include "query_tab.h"

#include "ask_box.h"
#include "editor_completion.h"
#include "hogql_editor.h"
#include "results_view.h"
#include "theme.h"
#include "variables_panel.h"

#include "api/api_error.h"
#include "api/metadata_client.h"
#include "api/query_result.h"
#include "api/query_scheduler.h"
#include "hogql/formatter.h"
#include "hogql/statements.h"
#include "model/result_table_model.h"

#include <QEvent>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QRegularExpression>
#include <QTableView>
#include <QTimer>
#include <QUuid>
#include <QVBoxLayout>

#include <tuple>
#include <utility>

namespace hogscope::ui {

namespace {

// UTF-8 byte offset of code point `index` in `text` (PostHog reports positions in characters).
int byteOffsetOfCodePoint(const QString& text, int index)
{
    const QByteArray utf8 = text.toUtf8();
    int codePoints = 0;
    for (int i = 0; i < utf8.size(); ++i) {
        if ((uchar(utf8[i]) & 0xC0) == 0x80)
            continue; // continuation byte
        if (codePoints == index)
            return i;
        ++codePoints;
    }
    return int(utf8.size());
}

// The code point range an error names in its text when it has no start field: "(at character 21)",
// as hogscope-server and the hogql tool write it, widened to the name that starts there. {-1, -1}
// when the message names no position.
std::pair<int, int> rangeNamedInMessage(const QString& message, const QString& query)
{
    static const QRegularExpression pattern(QStringLiteral("\\(at character (\\d+)\\)"));
    const QRegularExpressionMatch match = pattern.match(message);
    if (!match.hasMatch())
        return {-1, -1};
    const QList<uint> codePoints = query.toUcs4();
    const int start = match.captured(1).toInt();
    if (start < 0 || start > int(codePoints.size()))
        return {-1, -1};
    int end = start;
    while (end < int(codePoints.size()) && (QChar::isLetterOrNumber(char32_t(codePoints[end])) ||
                                            codePoints[end] == '_' || codePoints[end] == '$'))
        ++end;
    return {start, std::max(end, start + 1)};
}

QString formatBytes(qint64 bytes)
{
    return QLocale().formattedDataSize(bytes, 1, QLocale::DataSizeTraditionalFormat);
}

} // namespace

QueryTab::QueryTab(QWidget* parent)
    : QWidget(parent)
    , m_editor(new HogqlEditor(this))
    , m_completion(new EditorCompletion(m_editor))
    , m_errorLine(new QLabel(this))
    , m_ask(new AskBox(this))
    , m_variables(new VariablesPanel(this))
    , m_placeholderTimer(new QTimer(this))
    , m_metadata(new api::MetadataClient(nullptr, this))
    , m_metadataTimer(new QTimer(this))
    , m_results(new ResultsView)
    , m_tick(new QTimer(this))
    , m_id(QUuid::createUuid().toString(QUuid::WithoutBraces))
{
    m_editor->setObjectName(QStringLiteral("hogqlEditor"));
    m_errorLine->setObjectName(QStringLiteral("queryError"));
    m_errorLine->setWordWrap(true);
    m_errorLine->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_errorLine->setStyleSheet(theme::errorLineStyle(theme::isDarkApplication()));
    m_errorLine->setSizePolicy(QSizePolicy::Preferred, QSizePolicy::Fixed);
    m_errorLine->hide();

    // The placeholder list follows the statement at the cursor, after a short typing pause.
    m_placeholderTimer->setSingleShot(true);
    m_placeholderTimer->setInterval(150);
    connect(m_placeholderTimer, &QTimer::timeout, this, &QueryTab::refreshPlaceholders);
    // The server's check (unknown tables, fields, functions) waits for a longer pause than the
    // local parse: it costs a request, and PostHog rate-limits them.
    m_metadataTimer->setSingleShot(true);
    m_metadataTimer->setInterval(900);
    connect(m_metadataTimer, &QTimer::timeout, this, &QueryTab::checkWithServer);
    connect(m_editor, &QsciScintilla::textChanged, m_metadataTimer, qOverload<>(&QTimer::start));
    connect(m_metadata, &api::MetadataClient::checked, this, &QueryTab::onMetadataChecked);
    connect(m_editor, &QsciScintilla::textChanged, m_placeholderTimer, qOverload<>(&QTimer::start));
    connect(m_editor, &QsciScintilla::cursorPositionChanged, m_placeholderTimer, qOverload<>(&QTimer::start));

    m_ask->setContextProvider([this] { return m_editor->textOfRange(m_editor->statementToRun()).trimmed(); });
    connect(m_ask, &AskBox::drafted, this, &QueryTab::insertDraft);

    // Run and cancel live in the window's toolbar and shortcuts; the live progress goes to the
    // results status line and the window's status bar (progressSummary()).
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_ask);
    layout->addWidget(m_editor, 1);
    layout->addWidget(m_variables);
    layout->addWidget(m_errorLine);

    m_tick->setInterval(200);
    connect(m_tick, &QTimer::timeout, this, &QueryTab::updateRunningSummary);
    setSummary(tr("Ready"));
}

QueryTab::~QueryTab()
{
    releaseJob();
    // The results view lives in the main window's results dock, not in this widget's tree.
    delete m_results.data();
}

void QueryTab::setScheduler(api::QueryScheduler* scheduler)
{
    m_scheduler = scheduler;
    m_ask->setClient(scheduler != nullptr ? &scheduler->client() : nullptr);
    m_metadata->cancel();
    m_metadata->setClient(scheduler != nullptr ? &scheduler->client() : nullptr);
}

void QueryTab::checkWithServer()
{
    m_editor->checkSyntaxNow();
    if (!m_editor->syntaxErrors().isEmpty()) {
        // The local parse has the answer; the server would only repeat it.
        m_metadata->cancel();
        postDiagnostics(m_editor->syntaxErrors(), tr("Syntax"));
        return;
    }
    const HogqlEditor::Range range = m_editor->statementToRun();
    const QString text = m_editor->textOfRange(range);
    if (m_scheduler == nullptr || text.trimmed().isEmpty()) {
        postDiagnostics({}, QString());
        return;
    }
    m_metadataBegin = range.begin;
    m_metadataText = text;
    m_metadata->check(text);
}

void QueryTab::onMetadataChecked(const api::MetadataResult& result)
{
    // Only for the text as it still is: an answer for what has since been edited is dropped.
    const int length = int(m_metadataText.toUtf8().size());
    if (result.query != m_metadataText ||
        m_editor->textOfRange({m_metadataBegin, m_metadataBegin + length}) != m_metadataText)
        return;
    QList<EditorDiagnostic> diagnostics;
    for (const api::MetadataNotice& notice : result.errors) {
        EditorDiagnostic diagnostic;
        diagnostic.message = notice.message;
        if (notice.hasRange()) {
            diagnostic.begin = m_metadataBegin + notice.utf8Start;
            diagnostic.end = m_metadataBegin + std::max(notice.utf8End, notice.utf8Start + 1);
        } else {
            diagnostic.begin = m_metadataBegin;
            diagnostic.end = m_metadataBegin + length;
        }
        diagnostics.push_back(diagnostic);
    }
    m_editor->setServerErrors(diagnostics);
    postDiagnostics(diagnostics, tr("Check"));
}

void QueryTab::postDiagnostics(const QList<EditorDiagnostic>& diagnostics, const QString& source)
{
    // Told once per change, not per keystroke: the panel lists what the pause found.
    QStringList keys;
    for (const EditorDiagnostic& diagnostic : diagnostics)
        keys << QStringLiteral("%1:%2").arg(diagnostic.begin).arg(diagnostic.message);
    if (keys == m_postedDiagnostics)
        return;
    m_postedDiagnostics = keys;
    for (const EditorDiagnostic& diagnostic : diagnostics)
        Q_EMIT message(MessageSeverity::Error, tr("%1: %2").arg(source, diagnostic.message),
                       positionOf(diagnostic.begin, diagnostic.end));
}

void QueryTab::refreshPlaceholders()
{
    m_placeholderTimer->stop();
    m_variables->setStatement(m_editor->textOfRange(m_editor->statementToRun()));
}

void QueryTab::focusAsk()
{
    m_ask->lineEdit()->setFocus(Qt::ShortcutFocusReason);
    m_ask->lineEdit()->selectAll();
}

void QueryTab::insertDraft(const QString& draft)
{
    const QString sql = draft.trimmed();
    if (sql.isEmpty())
        return;
    m_editor->beginUndoAction();
    if (m_editor->hasSelectedText() || m_editor->text().trimmed().isEmpty()) {
        if (!m_editor->hasSelectedText())
            m_editor->selectAll();
        const int from = int(std::min(m_editor->SendScintilla(QsciScintilla::SCI_GETSELECTIONSTART),
                                      m_editor->SendScintilla(QsciScintilla::SCI_GETSELECTIONEND)));
        m_editor->replaceSelectedText(sql);
        m_editor->SendScintilla(QsciScintilla::SCI_SETSEL, from, from + int(sql.toUtf8().size()));
    } else {
        // A new statement after the script: the last one gets its `;` so the draft stays separate.
        const QString text = m_editor->text();
        const QByteArray bytes = text.toUtf8();
        const auto statements =
            hogql::splitStatements(std::string_view(bytes.constData(), size_t(bytes.size())));
        QString prefix;
        if (!statements.empty() && statements.back().terminator == hogql::StatementRange::npos)
            prefix = QStringLiteral(";");
        int trailing = int(text.size());
        while (trailing > 0 && text.at(trailing - 1).isSpace())
            --trailing;
        // Trailing blank space is replaced so the gap before the draft is always one blank line.
        const int from = int(text.left(trailing).toUtf8().size());
        const QString lead = prefix + QStringLiteral("\n\n");
        m_editor->SendScintilla(QsciScintilla::SCI_SETSEL, from,
                                m_editor->SendScintilla(QsciScintilla::SCI_GETLENGTH));
        m_editor->replaceSelectedText(lead + sql + QStringLiteral("\n"));
        const int draftBegin = from + int(lead.toUtf8().size());
        m_editor->SendScintilla(QsciScintilla::SCI_SETSEL, draftBegin, draftBegin + int(sql.toUtf8().size()));
    }
    m_editor->endUndoAction();
    m_editor->setFocus(Qt::OtherFocusReason);
    refreshPlaceholders();
}

bool QueryTab::event(QEvent* event)
{
    if (event->type() == QEvent::ApplicationPaletteChange || event->type() == QEvent::ThemeChange)
        m_errorLine->setStyleSheet(theme::errorLineStyle(theme::isDarkApplication()));
    return QWidget::event(event);
}

QString QueryTab::errorText() const
{
    return m_errorLine->isHidden() ? QString() : m_errorLine->text();
}

QString QueryTab::queryId() const
{
    return m_query ? m_query->queryId() : QString();
}

void QueryTab::run()
{
    m_batch.clear();
    m_batchTotal = 0;
    const HogqlEditor::Range range = m_editor->statementToRun();
    if (m_editor->textOfRange(range).trimmed().isEmpty()) {
        setSummary(tr("Nothing to run: the cursor is not on a statement"));
        return;
    }
    runStatement(range.begin, m_editor->textOfRange(range));
}

void QueryTab::runAll()
{
    // The statements are taken now: text typed while they run changes what runs next no more than
    // it changes a single run.
    m_batch.clear();
    for (const HogqlEditor::Range& range : m_editor->allStatements()) {
        const QString text = m_editor->textOfRange(range);
        if (!text.trimmed().isEmpty())
            m_batch.push_back({range.begin, text});
    }
    m_batchTotal = int(m_batch.size());
    if (m_batch.isEmpty()) {
        m_batchTotal = 0;
        setSummary(tr("Nothing to run: the script has no statement"));
        return;
    }
    runNextInBatch();
}

void QueryTab::runNextInBatch()
{
    const QPair<int, QString> next = m_batch.takeFirst();
    runStatement(next.first, next.second);
}

void QueryTab::stopBatch(const QString& why)
{
    if (m_batchTotal > 1 && !m_batch.isEmpty())
        Q_EMIT message(
            MessageSeverity::Warning,
            tr("Run All stopped at statement %1 of %2: %3").arg(batchPosition()).arg(m_batchTotal).arg(why));
    m_batch.clear();
    m_batchTotal = 0;
}

void QueryTab::runStatement(int begin, const QString& rawText)
{
    const QString text = rawText.trimmed();
    if (m_scheduler == nullptr) {
        stopBatch(tr("not connected"));
        showError(tr("Not connected. Start Hogscope with --demo, or with --host and --project and "
                     "POSTHOG_PERSONAL_API_KEY set."));
        finish(Status::Failed, tr("Not connected"));
        Q_EMIT message(MessageSeverity::Error, tr("Cannot run: not connected"));
        return;
    }
    // Placeholders are checked before anything is sent: PostHog would only answer with an error.
    const PlaceholderValues placeholders = m_variables->collect(text);
    if (!placeholders.problems.isEmpty()) {
        refreshPlaceholders();
        showError(placeholders.problems.join(QLatin1Char('\n')));
        m_variables->focusValue(placeholders.firstProblemName);
        setSummary(tr("Not run: a placeholder has no value"));
        Q_EMIT message(MessageSeverity::Warning, placeholders.problems.front());
        stopBatch(tr("a placeholder has no value"));
        return;
    }
    releaseJob(); // a new run replaces the old one; its late signals must not land here

    m_runBegin = begin;
    m_runText = rawText;
    m_editor->clearServerError();
    m_errorLine->hide();
    m_errorLine->clear();
    m_rowsRead = 0;
    m_bytesRead = 0;

    api::QueryRequest request;
    request.query.insert(QStringLiteral("kind"), QStringLiteral("HogQLQuery"));
    request.query.insert(QStringLiteral("query"), m_runText);
    if (!placeholders.values.isEmpty())
        request.query.insert(QStringLiteral("values"), placeholders.values);
    if (!placeholders.variables.isEmpty())
        request.query.insert(QStringLiteral("variables"), placeholders.variables);
    m_lastQueryNode = request.query;
    request.label = tr("Query tab");

    m_status = Status::Running;
    m_runStartedAt = QDateTime::currentDateTimeUtc();
    m_lastRowCount = -1;
    m_lastError.clear();
    m_elapsed.start();
    m_tick->start();
    Q_EMIT statusChanged(m_status);
    Q_EMIT runStarted(m_runText);

    // It may start (or fail) before submit() returns, so connect through the handle's signals
    // only after it exists; a state it reached during submit() is read just below.
    api::ScheduledQuery* query = m_scheduler->submit(std::move(request), api::QueryPriority::User, this);
    m_query = query;
    connect(query, &api::ScheduledQuery::stateChanged, this, [this](api::ScheduledQuery::State state) {
        m_queued = state == api::ScheduledQuery::State::Queued;
        updateRunningSummary();
    });
    connect(query, &api::ScheduledQuery::throttled, this,
            [this](const api::ApiError& error, std::chrono::milliseconds wait) {
                Q_EMIT message(
                    MessageSeverity::Warning,
                    tr("%1 Retrying in %2 s.").arg(error.message).arg((wait.count() + 999) / 1000));
            });
    connect(query, &api::ScheduledQuery::progressChanged, this, &QueryTab::onProgress);
    connect(query, &api::ScheduledQuery::succeeded, this, &QueryTab::onSucceeded);
    connect(query, &api::ScheduledQuery::failed, this, &QueryTab::onFailed);
    connect(query, &api::ScheduledQuery::cancelled, this, &QueryTab::onCancelled);
    m_queued = query->state() == api::ScheduledQuery::State::Queued;
    updateRunningSummary();
}

void QueryTab::cancel()
{
    if (!m_query || m_status != Status::Running)
        return;
    setSummary(tr("Cancelling…"));
    m_query->cancel();
}

QString QueryTab::format()
{
    const QByteArray utf8 = m_editor->text().toUtf8();
    const hogql::FormatResult result =
        hogql::formatScript(std::string_view(utf8.constData(), size_t(utf8.size())));
    if (!result.ok()) {
        const hogql::SyntaxError& error = result.errors.front();
        int line = 0, index = 0;
        m_editor->lineIndexFromPosition(int(error.begin), &line, &index);
        const QString text =
            tr("Cannot format: line %1, column %2: %3")
                .arg(line + 1)
                .arg(index + 1)
                .arg(QString::fromUtf8(error.message.data(), qsizetype(error.message.size())));
        Q_EMIT message(MessageSeverity::Warning, text, positionOf(int(error.begin), int(error.end)));
        return text;
    }
    const QString formatted = QString::fromUtf8(result.text.data(), qsizetype(result.text.size()));
    if (formatted == m_editor->text())
        return QString();
    int line = 0, index = 0;
    m_editor->getCursorPosition(&line, &index);
    m_editor->beginUndoAction();
    m_editor->selectAll();
    m_editor->replaceSelectedText(formatted);
    m_editor->endUndoAction();
    m_editor->setCursorPosition(std::min(line, m_editor->lines() - 1), 0);
    return QString();
}

void QueryTab::onProgress(const api::QueryProgress& progress)
{
    m_rowsRead = progress.rowsRead;
    m_bytesRead = progress.bytesRead;
    updateRunningSummary();
}

void QueryTab::updateRunningSummary()
{
    if (m_status != Status::Running)
        return;
    const QLocale locale;
    const QString seconds = locale.toString(double(m_elapsed.elapsed()) / 1000.0, 'f', 1);
    if (m_queued) {
        setSummary(tr("Queued… %1 s (waiting for a free slot or PostHog's rate limit)").arg(seconds));
        return;
    }
    QString text = tr("Running… %1 s").arg(seconds);
    if (m_batchTotal > 1)
        text = tr("Statement %1 of %2 · %3").arg(batchPosition()).arg(m_batchTotal).arg(text);
    if (m_rowsRead > 0 || m_bytesRead > 0)
        text += tr(" · %1 rows read · %2").arg(locale.toString(m_rowsRead), formatBytes(m_bytesRead));
    setSummary(text);
}

void QueryTab::onSucceeded(const api::QueryResult& result)
{
    api::QueryProgress read; // the result does not carry rows/bytes read; the last progress did
    read.rowsRead = m_rowsRead;
    read.bytesRead = m_bytesRead;
    m_results->setResult(result, read);
    m_lastRowCount = m_results->model()->shownRowCount();
    finish(Status::Succeeded, tr("Finished · %1").arg(m_results->statusText()));
    if (!m_batch.isEmpty())
        runNextInBatch();
    else
        m_batchTotal = 0;
}

void QueryTab::onFailed(const api::ApiError& error)
{
    QString text = error.message;
    if (!error.code.isEmpty())
        text = tr("%1 [%2]").arg(error.message, error.code);
    showError(text);
    m_lastError = text;
    MessagePosition position;
    int start = error.start;
    int end = error.end > error.start ? error.end : error.start + 1;
    if (start < 0)
        std::tie(start, end) = rangeNamedInMessage(error.message, m_runText);
    if (start >= 0) {
        // Map character offsets in the query to document bytes.
        EditorDiagnostic diagnostic;
        diagnostic.begin = m_runBegin + byteOffsetOfCodePoint(m_runText, start);
        diagnostic.end = m_runBegin + byteOffsetOfCodePoint(m_runText, end);
        diagnostic.message = error.message;
        m_editor->setServerError(diagnostic);
        position = positionOf(diagnostic.begin, diagnostic.end);
    }
    m_results->setStatusText(tr("Query failed: %1").arg(error.message));
    Q_EMIT message(MessageSeverity::Error, text, position);
    stopBatch(tr("it failed"));
    finish(Status::Failed, tr("Failed: %1").arg(error.message));
}

void QueryTab::onCancelled()
{
    m_results->setStatusText(tr("Cancelled"));
    stopBatch(tr("it was cancelled"));
    finish(Status::Cancelled,
           tr("Cancelled after %1 s").arg(QLocale().toString(double(m_elapsed.elapsed()) / 1000.0, 'f', 1)));
}

void QueryTab::finish(Status status, const QString& summary)
{
    m_tick->stop();
    m_lastDurationMs = m_elapsed.isValid() ? m_elapsed.elapsed() : 0;
    if (m_query) {
        m_query->disconnect(this);
        m_query->deleteLater(); // finished: nothing left to cancel
        m_query = nullptr;
    }
    m_queued = false;
    m_status = status;
    setSummary(summary);
    Q_EMIT statusChanged(status);
    Q_EMIT finished(status);
}

void QueryTab::releaseJob()
{
    m_tick->stop();
    m_queued = false;
    if (!m_query)
        return;
    // Deleting the handle takes it out of the queue or cancels it on the server; its late signals
    // cannot reach this tab any more.
    api::ScheduledQuery* query = m_query;
    m_query = nullptr;
    query->disconnect(this);
    delete query;
}

void QueryTab::setSummary(const QString& summary)
{
    m_summary = summary;
    if (m_status == Status::Running)
        m_results->setStatusText(summary);
    Q_EMIT summaryChanged(summary);
}

MessagePosition QueryTab::positionOf(int begin, int end) const
{
    MessagePosition position;
    position.tabId = m_id;
    position.begin = begin;
    position.end = std::max(begin, end);
    int line = 0, index = 0;
    m_editor->lineIndexFromPosition(begin, &line, &index);
    position.line = line + 1;
    position.column = index + 1;
    return position;
}

void QueryTab::showError(const QString& text)
{
    m_errorLine->setText(text);
    m_errorLine->show();
}

ResultsView* QueryTab::resultsView() const
{
    return m_results;
}

} // namespace hogscope::ui
