#include "query_runner.h"

#include "hogql_compiler.h"
#include "runners/actors_runner.h"
#include "runners/events_runner.h"
#include "runners/insight_actors_runner.h"
#include "runners/metadata_runner.h"
#include "runners/paths_runner.h"
#include "runners/result_table.h"
#include "runners/retention_runner.h"
#include "runners/runner_support.h"
#include "runners/stickiness_runner.h"
#include "runners/trends_runner.h"
#include "sqlite_connection.h"
#include "time_format.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>

#include <sqlite3.h>

#include <chrono>
#include <ctime>

namespace hogscope::local {

namespace {

int64_t monotonicMicros()
{
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

int64_t threadCpuNanos()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<int64_t>(ts.tv_sec) * 1'000'000'000 + ts.tv_nsec;
}

int64_t nowUtcMicros()
{
    return QDateTime::currentMSecsSinceEpoch() * 1000;
}

QJsonObject timing(const char* key, double seconds)
{
    return QJsonObject{{QStringLiteral("k"), QString::fromLatin1(key)}, {QStringLiteral("t"), seconds}};
}

const QStringList& supportedKinds()
{
    static const QStringList kinds = {
        QStringLiteral("HogQLQuery"),         QStringLiteral("HogQLMetadata"),
        QStringLiteral("EventsQuery"),        QStringLiteral("ActorsQuery"),
        QStringLiteral("InsightActorsQuery"), QStringLiteral("StickinessActorsQuery"),
        QStringLiteral("RetentionQuery"),     QStringLiteral("StickinessQuery"),
        QStringLiteral("PathsQuery"),         QStringLiteral("TrendsQuery"),
    };
    return kinds;
}

QueryOutcome fromError(const runners::RunError& error)
{
    QueryOutcome outcome;
    outcome.status = error.status;
    outcome.code = error.code;
    outcome.message = error.message;
    return outcome;
}

// The checks of one node, by kind (shared by validate() and run()).
void check(const QJsonObject& query)
{
    const QString kind = query.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("HogQLQuery")) {
        if (!query.value(QStringLiteral("query")).isString())
            runners::throwFieldError(kind, QStringLiteral("query"), QStringLiteral("Field required"));
    } else if (kind == QLatin1String("HogQLMetadata")) {
        runners::validateMetadataQuery(query);
    } else if (kind == QLatin1String("EventsQuery")) {
        runners::validateEventsQuery(query);
    } else if (kind == QLatin1String("ActorsQuery")) {
        runners::validateActorsQuery(query);
    } else if (kind == QLatin1String("InsightActorsQuery") ||
               kind == QLatin1String("StickinessActorsQuery")) {
        runners::validateInsightActorsQuery(query);
    } else if (kind == QLatin1String("RetentionQuery")) {
        runners::parseRetentionQuery(query);
    } else if (kind == QLatin1String("StickinessQuery")) {
        runners::parseStickinessQuery(query);
    } else if (kind == QLatin1String("PathsQuery")) {
        runners::parsePathsQuery(query);
    } else if (kind == QLatin1String("TrendsQuery")) {
        runners::parseTrendsQuery(query);
    } else {
        // Pydantic's discriminated-union error, which PostHog passes through as the detail.
        QStringList tags;
        for (const QString& k : supportedKinds())
            tags.append(QLatin1Char('\'') + k + QLatin1Char('\''));
        runners::throwInvalid(
            QStringLiteral(
                "1 validation error for QueryRequest\nquery\n  Input tag '%1' found using 'kind' does not "
                "match any of the expected tags: %2")
                .arg(kind, tags.join(QStringLiteral(", "))));
    }
}

} // namespace

// ---- QueryExecution ----

void QueryExecution::interrupt()
{
    m_interrupted.store(true);
    QMutexLocker lock(&m_mutex);
    if (m_db)
        sqlite3_interrupt(m_db);
}

void QueryExecution::attach(sqlite3* db)
{
    QMutexLocker lock(&m_mutex);
    m_db = db;
    m_startCpuNanos = threadCpuNanos();
    if (m_startMicros.load() == 0)
        m_startMicros.store(monotonicMicros());
    if (m_interrupted.load())
        sqlite3_interrupt(db);
}

void QueryExecution::detach()
{
    QMutexLocker lock(&m_mutex);
    m_db = nullptr;
}

QJsonObject QueryExecution::progressJson() const
{
    const int64_t start = m_startMicros.load();
    const double elapsed = start == 0 ? 0.0 : static_cast<double>(monotonicMicros() - start) / 1e6;
    return QJsonObject{
        {QStringLiteral("rows_read"), static_cast<qint64>(m_rowsRead.load())},
        {QStringLiteral("bytes_read"), static_cast<qint64>(m_bytesRead.load())},
        {QStringLiteral("estimated_rows_total"), static_cast<qint64>(m_estimatedRows.load())},
        {QStringLiteral("time_elapsed"), elapsed},
        {QStringLiteral("active_cpu_time"), static_cast<qint64>(m_cpuMicros.load())},
    };
}

// ---- QueryOutcome ----

QByteArray QueryOutcome::responseJson() const
{
    const QByteArray rest = QJsonDocument(response).toJson(QJsonDocument::Compact);
    if (!table)
        return rest;
    std::string out = "{\"results\":";
    table->writeJson(out);
    if (rest.size() > 2) {
        out += ',';
        out.append(rest.constData() + 1, static_cast<size_t>(rest.size() - 1));
    } else {
        out += '}';
    }
    return QByteArray(out.data(), static_cast<qsizetype>(out.size()));
}

QJsonObject QueryOutcome::responseObject() const
{
    if (!table)
        return response;
    return QJsonDocument::fromJson(responseJson()).object();
}

// ---- QueryRunner ----

bool QueryRunner::isSupportedKind(const QString& kind)
{
    return supportedKinds().contains(kind);
}

std::optional<QueryOutcome> QueryRunner::validate(const QJsonObject& query)
{
    try {
        check(query);
        return std::nullopt;
    } catch (const runners::RunError& error) {
        return fromError(error);
    }
}

QueryOutcome QueryRunner::run(sqlite3* db, const QJsonObject& query, QueryExecution& execution)
{
    const QString kind = query.value(QStringLiteral("kind")).toString();
    if (kind == QLatin1String("HogQLQuery"))
        return runHogQL(db, query, execution);
    QueryOutcome outcome;
    try {
        check(query);
        if (kind == QLatin1String("HogQLMetadata")) {
            // Needs no store; errors of the checked query are the answer, not a failure.
            outcome.response = runners::runMetadata(query, nowUtcMicros());
            return outcome;
        }
        runners::RunContext context(db, execution, nowUtcMicros());
        if (kind == QLatin1String("EventsQuery"))
            runners::runEvents(context, query, outcome);
        else if (kind == QLatin1String("ActorsQuery"))
            runners::runActors(context, query, outcome);
        else if (kind == QLatin1String("InsightActorsQuery") ||
                 kind == QLatin1String("StickinessActorsQuery"))
            outcome.response = runners::runInsightActors(context, query);
        else if (kind == QLatin1String("RetentionQuery"))
            outcome.response = runners::runRetention(context, runners::parseRetentionQuery(query));
        else if (kind == QLatin1String("StickinessQuery"))
            outcome.response = runners::runStickiness(context, runners::parseStickinessQuery(query));
        else if (kind == QLatin1String("PathsQuery"))
            outcome.response = runners::runPaths(context, runners::parsePathsQuery(query));
        else if (kind == QLatin1String("TrendsQuery"))
            outcome.response = runners::runTrends(context, runners::parseTrendsQuery(query));
        return outcome;
    } catch (const runners::RunError& error) {
        return fromError(error);
    }
}

QueryOutcome QueryRunner::runHogQL(sqlite3* db, const QJsonObject& query, QueryExecution& execution)
{
    QueryOutcome outcome;
    QElapsedTimer clock;
    clock.start();
    const QJsonValue text = query.value(QStringLiteral("query"));
    if (!text.isString()) {
        outcome.status = QueryOutcome::Status::Invalid;
        outcome.code = QStringLiteral("invalid_input");
        outcome.message = QStringLiteral("HogQLQuery needs a \"query\" string");
        return outcome;
    }
    CompileOptions options;
    options.values = query.value(QStringLiteral("values")).toObject();
    options.nowMicros = nowUtcMicros();
    CompileResult compiled = compileHogQL(text.toString(), options);
    if (const auto* error = std::get_if<CompileError>(&compiled)) {
        outcome.status = QueryOutcome::Status::Invalid;
        outcome.code = error->code;
        outcome.message = error->message;
        return outcome;
    }
    const CompiledQuery& plan = std::get<CompiledQuery>(compiled);
    const double compileSeconds = static_cast<double>(clock.nsecsElapsed()) / 1e9;

    try {
        runners::RunContext context(db, execution, options.nowMicros);
        runners::Statement stmt(context, plan.sql);
        const int columnCount = static_cast<int>(plan.columns.size());
        auto table = std::make_shared<runners::ResultTable>(columnCount);
        // Rows go straight into the packed table, which writes the JSON later.
        while (stmt.step()) {
            for (int c = 0; c < columnCount; ++c)
                runners::addSqliteCell(*table, stmt.get(), c, plan.columns[static_cast<size_t>(c)].type);
        }
        const double executeSeconds = static_cast<double>(clock.nsecsElapsed()) / 1e9 - compileSeconds;

        bool hasMore = false;
        if (plan.paginated && table->rows() > static_cast<size_t>(plan.limit)) {
            hasMore = true;
            table->truncate(static_cast<size_t>(plan.limit));
        }
        QJsonArray columns;
        QJsonArray types;
        for (const CompiledColumn& column : plan.columns) {
            columns.append(column.name);
            types.append(QJsonArray{column.name, column.type.clickhouseName()});
        }
        QJsonObject& r = outcome.response;
        r.insert(QStringLiteral("columns"), columns);
        r.insert(QStringLiteral("types"), types);
        // Rule (PostHog paginator): hasMore/limit/offset are reported only when the server chose the
        // limit; a query with its own LIMIT gets nulls.
        r.insert(QStringLiteral("hasMore"),
                 plan.paginated ? QJsonValue(hasMore) : QJsonValue(QJsonValue::Null));
        r.insert(QStringLiteral("limit"),
                 plan.paginated ? QJsonValue(static_cast<qint64>(plan.limit)) : QJsonValue(QJsonValue::Null));
        r.insert(QStringLiteral("offset"), plan.paginated ? QJsonValue(static_cast<qint64>(plan.offset))
                                                          : QJsonValue(QJsonValue::Null));
        r.insert(QStringLiteral("query"), text.toString());
        r.insert(QStringLiteral("hogql"), plan.hogql);
        r.insert(QStringLiteral("clickhouse"),
                 QString::fromStdString(plan.sql)); // what actually ran (SQLite SQL)
        r.insert(QStringLiteral("timings"), QJsonArray{timing("./parse_and_compile", compileSeconds),
                                                       timing("./sqlite_execute", executeSeconds)});
        r.insert(QStringLiteral("modifiers"), QJsonObject{});
        r.insert(QStringLiteral("error"), QJsonValue(QJsonValue::Null));
        r.insert(QStringLiteral("explain"), QJsonValue(QJsonValue::Null));
        r.insert(QStringLiteral("metadata"), QJsonValue(QJsonValue::Null));
        r.insert(QStringLiteral("is_cached"), false);
        r.insert(QStringLiteral("last_refresh"), timefmt::formatDateTime(nowUtcMicros()));
        r.insert(QStringLiteral("timezone"), QStringLiteral("UTC"));
        r.insert(QStringLiteral("query_status"), QJsonValue(QJsonValue::Null));
        outcome.table = std::move(table);
    } catch (const runners::RunError& error) {
        return fromError(error);
    }
    return outcome;
}

} // namespace hogscope::local
