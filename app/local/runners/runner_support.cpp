#include "runner_support.h"

#include "local/time_format.h"

#include <QDateTime>

#include <sqlite3.h>

#include <chrono>
#include <cmath>
#include <ctime>
#include <thread>

namespace hogscope::local::runners {

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

// The progress callback: SQLite calls it every kProgressOps virtual-machine instructions.
constexpr int kProgressOps = 1000;

} // namespace

// Progress bookkeeping of one run; friends with QueryExecution through RunContext.
struct ProgressState
{
    QueryExecution* execution = nullptr;
    sqlite3* db = nullptr;
    int64_t pageSize = 4096;
    int64_t deadlineMicros = 0;
    int64_t throttleMicros = 0;
    int64_t startCpuNanos = 0;
    int64_t pagesBase = 0;
    std::atomic<int64_t>* rowsRead = nullptr;
    std::atomic<int64_t>* bytesRead = nullptr;
    std::atomic<int64_t>* cpuMicros = nullptr;
    std::atomic<bool>* timedOut = nullptr;
    std::atomic<bool>* interrupted = nullptr;
    int64_t ticks = 0;
};

namespace {

int progressCallback(void* data)
{
    auto* p = static_cast<ProgressState*>(data);
    // rows_read: virtual-machine steps of the run / kProgressOps is meaningless to users, so count
    // full-scan steps of the statements (SQLite's nearest counterpart of ClickHouse's read rows);
    // bytes_read: pages touched in the page cache times the page size.
    ++p->ticks;
    int current = 0;
    int high = 0;
    int64_t pages = 0;
    sqlite3_db_status(p->db, SQLITE_DBSTATUS_CACHE_HIT, &current, &high, 0);
    pages += current;
    sqlite3_db_status(p->db, SQLITE_DBSTATUS_CACHE_MISS, &current, &high, 0);
    pages += current;
    p->bytesRead->store(pages * p->pageSize);
    p->rowsRead->store(p->ticks * kProgressOps / 8); // roughly one row per eight VM steps
    p->cpuMicros->store((threadCpuNanos() - p->startCpuNanos) / 1000);
    if (p->throttleMicros > 0)
        std::this_thread::sleep_for(std::chrono::microseconds(p->throttleMicros));
    if (monotonicMicros() > p->deadlineMicros) {
        p->timedOut->store(true);
        return 1;
    }
    return p->interrupted->load() ? 1 : 0;
}

} // namespace

void throwInvalid(const QString& message, const QString& code)
{
    throw RunError{QueryOutcome::Status::Invalid, code, message};
}

void throwUnsupported(const QString& what)
{
    throw RunError{QueryOutcome::Status::Invalid, QStringLiteral("invalid_input"),
                   QStringLiteral("%1 is outside what the local engine can run").arg(what)};
}

void throwFieldError(const QString& node, const QString& field, const QString& message)
{
    // Pydantic's message layout, which PostHog passes through as the detail.
    throwInvalid(QStringLiteral("1 validation error for %1\n%2\n  %3").arg(node, field, message));
}

RunContext::RunContext(sqlite3* db, QueryExecution& execution, int64_t nowMicros)
    : m_db(db)
    , m_execution(execution)
    , m_now(nowMicros)
{
    execution.attach(db);
    m_progress = std::make_unique<ProgressState>();
    ProgressState* state = m_progress.get();
    state->execution = &execution;
    state->db = db;
    {
        sqlite3_stmt* stmt = nullptr;
        if (sqlite3_prepare_v2(db, "PRAGMA page_size", -1, &stmt, nullptr) == SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW)
            state->pageSize = sqlite3_column_int64(stmt, 0);
        sqlite3_finalize(stmt);
        if (sqlite3_prepare_v2(db, "SELECT coalesce(max(rowid), 0) FROM events", -1, &stmt, nullptr) ==
                SQLITE_OK &&
            sqlite3_step(stmt) == SQLITE_ROW)
            execution.m_estimatedRows.store(sqlite3_column_int64(stmt, 0));
        sqlite3_finalize(stmt);
    }
    int current = 0;
    int high = 0;
    sqlite3_db_status(db, SQLITE_DBSTATUS_CACHE_HIT, &current, &high, 1); // reset the counters
    sqlite3_db_status(db, SQLITE_DBSTATUS_CACHE_MISS, &current, &high, 1);
    state->deadlineMicros = monotonicMicros() + static_cast<int64_t>(execution.m_timeLimitSeconds * 1e6);
    state->throttleMicros = execution.m_throttleMicros;
    state->startCpuNanos = execution.m_startCpuNanos;
    state->rowsRead = &execution.m_rowsRead;
    state->bytesRead = &execution.m_bytesRead;
    state->cpuMicros = &execution.m_cpuMicros;
    state->timedOut = &execution.m_timedOut;
    state->interrupted = &execution.m_interrupted;
    sqlite3_progress_handler(db, kProgressOps, progressCallback, state);
    m_lastMark = monotonicMicros();
}

RunContext::~RunContext()
{
    progressCallback(m_progress.get()); // final counters
    sqlite3_progress_handler(m_db, 0, nullptr, nullptr);
    m_execution.detach();
}

void RunContext::check()
{
    if (m_execution.m_interrupted.load())
        throw RunError{QueryOutcome::Status::Cancelled, QStringLiteral("query_cancelled"),
                       QStringLiteral("Query was cancelled")};
    const int64_t start = m_execution.m_startMicros.load();
    if (start != 0 &&
        monotonicMicros() - start > static_cast<int64_t>(m_execution.m_timeLimitSeconds * 1e6)) {
        m_execution.m_timedOut.store(true);
        fail(SQLITE_INTERRUPT);
    }
}

void RunContext::fail(int rc)
{
    if (m_execution.m_timedOut.load())
        throw RunError{QueryOutcome::Status::TimedOut, QStringLiteral("timeout"),
                       QStringLiteral("Query exceeded the maximum execution time of %1 seconds")
                           .arg(m_execution.m_timeLimitSeconds)};
    if (m_execution.m_interrupted.load() || (rc & 0xff) == SQLITE_INTERRUPT)
        throw RunError{QueryOutcome::Status::Cancelled, QStringLiteral("query_cancelled"),
                       QStringLiteral("Query was cancelled")};
    if ((rc & 0xff) == SQLITE_ERROR)
        throw RunError{QueryOutcome::Status::Invalid, QStringLiteral("hogql_query_error"),
                       QString::fromUtf8(sqlite3_errmsg(m_db))};
    throw RunError{
        QueryOutcome::Status::Failed, QStringLiteral("error"),
        QStringLiteral("Store error while executing query: %1").arg(QString::fromUtf8(sqlite3_errmsg(m_db)))};
}

void RunContext::mark(const char* key)
{
    const int64_t now = monotonicMicros();
    m_timings.append(QJsonObject{{QStringLiteral("k"), QString::fromLatin1(key)},
                                 {QStringLiteral("t"), static_cast<double>(now - m_lastMark) / 1e6}});
    m_lastMark = now;
}

int64_t RunContext::earliestTimestamp()
{
    if (!m_earliest) {
        Statement stmt(*this, "SELECT min(timestamp) FROM events");
        m_earliest = (stmt.step() && !stmt.isNull(0)) ? stmt.integer(0) : m_now;
    }
    return *m_earliest;
}

Statement::Statement(RunContext& context, std::string_view sql)
    : m_context(context)
{
    const int rc =
        sqlite3_prepare_v2(context.db(), sql.data(), static_cast<int>(sql.size()), &m_stmt, nullptr);
    if (rc != SQLITE_OK) {
        const QString message = QString::fromUtf8(sqlite3_errmsg(context.db()));
        sqlite3_finalize(m_stmt);
        m_stmt = nullptr;
        if ((rc & 0xff) == SQLITE_INTERRUPT)
            context.fail(rc);
        // SQLite's own limits on nesting (its parser stack, SQLITE_MAX_EXPR_DEPTH) are hit by the
        // query's shape, not by a fault of the store: a 400 the user can act on.
        if (message.contains(QLatin1StringView("parser stack overflow")) ||
            message.contains(QLatin1StringView("Expression tree is too large"))) {
            throw RunError{
                QueryOutcome::Status::Invalid, QStringLiteral("hogql_query_error"),
                QStringLiteral("The query nests expressions deeper than the local engine can evaluate "
                               "(SQLite: %1). Split long chains of operators or nested calls.")
                    .arg(message)};
        }
        throw RunError{QueryOutcome::Status::Failed, QStringLiteral("error"),
                       QStringLiteral("The local engine produced SQL that SQLite rejected: %1").arg(message)};
    }
}

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement& Statement::bind(int index, int64_t value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement& Statement::bind(int index, std::string_view text)
{
    sqlite3_bind_text(m_stmt, index, text.data() ? text.data() : "", static_cast<int>(text.size()),
                      SQLITE_STATIC);
    return *this;
}

Statement& Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    m_context.fail(rc);
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

int64_t Statement::integer(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

std::string_view Statement::text(int column) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(m_stmt, column));
    return data ? std::string_view(data, static_cast<size_t>(sqlite3_column_bytes(m_stmt, column)))
                : std::string_view();
}

QString Statement::qtext(int column) const
{
    const std::string_view t = text(column);
    return QString::fromUtf8(t.data(), static_cast<qsizetype>(t.size()));
}

std::optional<QString> optionalString(const QJsonObject& object, const QString& key, const QString& where)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    if (!value.isString())
        throwFieldError(where, key, QStringLiteral("Input should be a valid string"));
    return value.toString();
}

std::optional<int64_t> optionalInteger(const QJsonObject& object, const QString& key, const QString& where)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return std::nullopt;
    const double d = value.toDouble(std::nan(""));
    if (!value.isDouble() || std::floor(d) != d || std::fabs(d) > 9.0e15)
        throwFieldError(where, key, QStringLiteral("Input should be a valid integer"));
    return static_cast<int64_t>(d);
}

std::string sqlQuote(std::string_view text)
{
    std::string out = "'";
    for (char c : text) {
        if (c == '\'')
            out += '\'';
        out += c;
    }
    out += '\'';
    return out;
}

void addResponseMetadata(QJsonObject& response, const RunContext& context, const QString& hogql)
{
    response.insert(QStringLiteral("timings"), context.timings());
    response.insert(QStringLiteral("hogql"), hogql);
    response.insert(QStringLiteral("modifiers"), QJsonObject{});
    response.insert(QStringLiteral("error"), QJsonValue(QJsonValue::Null));
    response.insert(QStringLiteral("is_cached"), false);
    response.insert(QStringLiteral("last_refresh"), timefmt::formatDateTime(context.now()));
    response.insert(QStringLiteral("timezone"), QStringLiteral("UTC"));
    response.insert(QStringLiteral("query_status"), QJsonValue(QJsonValue::Null));
}

QString isoSeconds(int64_t micros)
{
    int64_t year = 0;
    unsigned month = 0;
    unsigned day = 0;
    const int64_t days = timefmt::floorDiv(micros, timefmt::kMicrosPerDay);
    timefmt::civilFromDays(days, year, month, day);
    const int64_t secondOfDay = (micros - days * timefmt::kMicrosPerDay) / timefmt::kMicrosPerSecond;
    char buffer[48];
    std::snprintf(buffer, sizeof buffer, "%04lld-%02u-%02uT%02lld:%02lld:%02lldZ",
                  static_cast<long long>(year), month, day, static_cast<long long>(secondOfDay / 3600),
                  static_cast<long long>(secondOfDay / 60 % 60), static_cast<long long>(secondOfDay % 60));
    return QString::fromLatin1(buffer);
}

} // namespace hogscope::local::runners
