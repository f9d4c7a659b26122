#include "query_runner.h"

#include "hogql_compiler.h"
#include "sqlite_connection.h"
#include "time_format.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>

#include <sqlite3.h>

#include <chrono>
#include <ctime>
#include <thread>

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

// The progress callback: SQLite calls it every kProgressOps virtual-machine instructions.
constexpr int kProgressOps = 1000;

struct ProgressContext
{
    QueryExecution* execution;
    sqlite3* db;
    sqlite3_stmt* stmt;
    int64_t pageSize;
    int64_t deadlineMicros;
    int64_t throttleMicros;
    std::atomic<int64_t>* rowsRead;
    std::atomic<int64_t>* bytesRead;
    std::atomic<int64_t>* cpuMicros;
    std::atomic<bool>* timedOut;
    std::atomic<bool>* interrupted;
    int64_t startCpuNanos;
};

int progressCallback(void* data)
{
    auto* ctx = static_cast<ProgressContext*>(data);
    // rows_read: rows stepped through by full scans (SQLite's nearest counterpart of ClickHouse's
    // read rows); bytes_read: pages touched in the page cache times the page size.
    if (ctx->stmt)
        ctx->rowsRead->store(sqlite3_stmt_status(ctx->stmt, SQLITE_STMTSTATUS_FULLSCAN_STEP, 0));
    int current = 0;
    int high = 0;
    int64_t pages = 0;
    sqlite3_db_status(ctx->db, SQLITE_DBSTATUS_CACHE_HIT, &current, &high, 0);
    pages += current;
    sqlite3_db_status(ctx->db, SQLITE_DBSTATUS_CACHE_MISS, &current, &high, 0);
    pages += current;
    ctx->bytesRead->store(pages * ctx->pageSize);
    ctx->cpuMicros->store((threadCpuNanos() - ctx->startCpuNanos) / 1000);
    if (ctx->throttleMicros > 0)
        std::this_thread::sleep_for(std::chrono::microseconds(ctx->throttleMicros));
    if (monotonicMicros() > ctx->deadlineMicros) {
        ctx->timedOut->store(true);
        return 1;
    }
    return ctx->interrupted->load() ? 1 : 0;
}

QJsonValue cellValue(sqlite3_stmt* stmt, int column, const ValueType& type)
{
    const int storage = sqlite3_column_type(stmt, column);
    if (storage == SQLITE_NULL)
        return QJsonValue(QJsonValue::Null);
    switch (type.base) {
    case BaseType::DateTime:
        return timefmt::formatDateTime(sqlite3_column_int64(stmt, column));
    case BaseType::Date:
        return timefmt::formatDate(sqlite3_column_int64(stmt, column));
    case BaseType::Bool:
        return sqlite3_column_int64(stmt, column) != 0;
    case BaseType::UInt8:
    case BaseType::UInt64:
    case BaseType::Int64:
        if (storage == SQLITE_FLOAT)
            return sqlite3_column_double(stmt, column);
        return static_cast<qint64>(sqlite3_column_int64(stmt, column));
    case BaseType::Float64:
        return sqlite3_column_double(stmt, column);
    default:
        break;
    }
    const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, column));
    return QString::fromUtf8(text, sqlite3_column_bytes(stmt, column));
}

QJsonObject timing(const char* key, double seconds)
{
    return QJsonObject{{QStringLiteral("k"), QString::fromLatin1(key)}, {QStringLiteral("t"), seconds}};
}

} // namespace

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

    execution.attach(db);
    struct Detach
    {
        QueryExecution& e;
        sqlite3* db;
        ~Detach()
        {
            sqlite3_progress_handler(db, 0, nullptr, nullptr);
            e.detach();
        }
    } detachGuard{execution, db};

    {
        SqliteStatement count;
        if (sqlite3_prepare_v2(db, "SELECT coalesce(max(rowid), 0) FROM events", -1, count.out(), nullptr) ==
                SQLITE_OK &&
            sqlite3_step(count.get()) == SQLITE_ROW)
            execution.m_estimatedRows.store(sqlite3_column_int64(count.get(), 0));
    }
    int current = 0;
    int high = 0;
    sqlite3_db_status(db, SQLITE_DBSTATUS_CACHE_HIT, &current, &high, 1); // reset the counters
    sqlite3_db_status(db, SQLITE_DBSTATUS_CACHE_MISS, &current, &high, 1);

    SqliteStatement stmt;
    if (sqlite3_prepare_v2(db, plan.sql.c_str(), static_cast<int>(plan.sql.size()), stmt.out(), nullptr) !=
        SQLITE_OK) {
        outcome.status = QueryOutcome::Status::Failed;
        outcome.code = QStringLiteral("error");
        outcome.message = QStringLiteral("The local engine produced SQL that SQLite rejected: %1")
                              .arg(QString::fromUtf8(sqlite3_errmsg(db)));
        return outcome;
    }
    SqliteStatement pageSize;
    int64_t pageBytes = 4096;
    if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, pageSize.out(), nullptr) == SQLITE_OK &&
        sqlite3_step(pageSize.get()) == SQLITE_ROW)
        pageBytes = sqlite3_column_int64(pageSize.get(), 0);

    ProgressContext progress{&execution,
                             db,
                             stmt.get(),
                             pageBytes,
                             monotonicMicros() + static_cast<int64_t>(execution.m_timeLimitSeconds * 1e6),
                             execution.m_throttleMicros,
                             &execution.m_rowsRead,
                             &execution.m_bytesRead,
                             &execution.m_cpuMicros,
                             &execution.m_timedOut,
                             &execution.m_interrupted,
                             execution.m_startCpuNanos};
    sqlite3_progress_handler(db, kProgressOps, progressCallback, &progress);

    QJsonArray rows;
    const int columnCount = static_cast<int>(plan.columns.size());
    int rc = SQLITE_OK;
    while ((rc = sqlite3_step(stmt.get())) == SQLITE_ROW) {
        QJsonArray row;
        for (int c = 0; c < columnCount; ++c)
            row.append(cellValue(stmt.get(), c, plan.columns[static_cast<size_t>(c)].type));
        rows.append(row);
    }
    if (rc != SQLITE_DONE) {
        const QString message = QString::fromUtf8(sqlite3_errmsg(db));
        if (execution.m_timedOut.load()) {
            outcome.status = QueryOutcome::Status::TimedOut;
            outcome.code = QStringLiteral("timeout");
            outcome.message = QStringLiteral("Query exceeded the maximum execution time of %1 seconds")
                                  .arg(execution.m_timeLimitSeconds);
        } else if (execution.interrupted() || (rc & 0xff) == SQLITE_INTERRUPT) {
            outcome.status = QueryOutcome::Status::Cancelled;
            outcome.code = QStringLiteral("query_cancelled");
            outcome.message = QStringLiteral("Query was cancelled");
        } else if ((rc & 0xff) == SQLITE_ERROR) {
            // Errors raised by the query itself (e.g. integer modulo by zero) are the user's to fix.
            outcome.status = QueryOutcome::Status::Invalid;
            outcome.code = QStringLiteral("hogql_query_error");
            outcome.message = message;
        } else {
            outcome.status = QueryOutcome::Status::Failed;
            outcome.code = QStringLiteral("error");
            outcome.message = QStringLiteral("Store error while executing query: %1").arg(message);
        }
        return outcome;
    }
    progressCallback(&progress); // final counters
    const double executeSeconds = static_cast<double>(clock.nsecsElapsed()) / 1e9 - compileSeconds;

    bool hasMore = false;
    if (plan.paginated && rows.size() > plan.limit) {
        hasMore = true;
        while (rows.size() > plan.limit)
            rows.removeLast();
    }
    QJsonArray columns;
    QJsonArray types;
    for (const CompiledColumn& column : plan.columns) {
        columns.append(column.name);
        types.append(QJsonArray{column.name, column.type.clickhouseName()});
    }
    QJsonObject& r = outcome.response;
    r.insert(QStringLiteral("results"), rows);
    r.insert(QStringLiteral("columns"), columns);
    r.insert(QStringLiteral("types"), types);
    // Rule (PostHog paginator): hasMore/limit/offset are reported only when the server chose the
    // limit; a query with its own LIMIT gets nulls.
    r.insert(QStringLiteral("hasMore"), plan.paginated ? QJsonValue(hasMore) : QJsonValue(QJsonValue::Null));
    r.insert(QStringLiteral("limit"),
             plan.paginated ? QJsonValue(static_cast<qint64>(plan.limit)) : QJsonValue(QJsonValue::Null));
    r.insert(QStringLiteral("offset"),
             plan.paginated ? QJsonValue(static_cast<qint64>(plan.offset)) : QJsonValue(QJsonValue::Null));
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
    return outcome;
}

} // namespace hogscope::local
