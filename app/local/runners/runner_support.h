#pragma once

// What every query runner shares: the run context (store connection, cancellation, timings), a
// statement wrapper that honours cancellation, errors in PostHog's terms, and JSON helpers.

#include "local/query_runner.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace hogscope::local::runners {

// Thrown inside a runner; QueryRunner::run turns it into a QueryOutcome.
struct RunError
{
    QueryOutcome::Status status = QueryOutcome::Status::Invalid;
    QString code;
    QString message;
};

// 400 with PostHog's code for an invalid request field (pydantic/DRF validation).
[[noreturn]] void throwInvalid(const QString& message, const QString& code = QStringLiteral("invalid_input"));
// 400 for an input the local engine cannot run faithfully (never a different answer).
[[noreturn]] void throwUnsupported(const QString& what);

struct ProgressState;

// One run of one query on one store connection.
class RunContext
{
public:
    RunContext(sqlite3* db, QueryExecution& execution, int64_t nowMicros);
    ~RunContext();
    RunContext(const RunContext&) = delete;
    RunContext& operator=(const RunContext&) = delete;

    sqlite3* db() const { return m_db; }
    int64_t now() const { return m_now; }
    QueryExecution& execution() const { return m_execution; }

    // Throws RunError when the run was cancelled or ran out of time; runners call it in long C++
    // loops (SQLite work is stopped by the progress handler).
    void check();
    // Turns a failed sqlite3 call into a RunError (cancelled, timed out, or a store failure).
    [[noreturn]] void fail(int rc);

    // Records the seconds since the previous mark under `key` ("./retention/load" ...).
    void mark(const char* key);
    QJsonArray timings() const { return m_timings; }

    // min(events.timestamp), for date_from "all"; now when there are no events.
    int64_t earliestTimestamp();

private:
    sqlite3* m_db;
    QueryExecution& m_execution;
    int64_t m_now;
    int64_t m_lastMark = 0;
    QJsonArray m_timings;
    std::optional<int64_t> m_earliest;
    std::unique_ptr<ProgressState> m_progress;
};

// A prepared statement of one run. step() throws RunError on failure or cancellation.
class Statement
{
public:
    Statement(RunContext& context, std::string_view sql);
    ~Statement();
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;

    Statement& bind(int index, int64_t value);
    Statement& bind(int index, std::string_view text); // the text must outlive the step
    Statement& bindText(int index, const std::string& text) { return bind(index, std::string_view(text)); }
    Statement& bindNull(int index);
    bool step();
    void reset();

    bool isNull(int column) const;
    int64_t integer(int column) const;
    double real(int column) const;
    std::string_view text(int column) const;
    QString qtext(int column) const;
    sqlite3_stmt* get() const { return m_stmt; }

private:
    RunContext& m_context;
    sqlite3_stmt* m_stmt = nullptr;
};

// ---- request fields ----

// The string at `key`, nullopt when absent or null; throws invalid_input when of another type.
std::optional<QString> optionalString(const QJsonObject& object, const QString& key, const QString& where);
// The integer at `key` (JSON number with no fraction), nullopt when absent/null.
std::optional<int64_t> optionalInteger(const QJsonObject& object, const QString& key, const QString& where);
// A pydantic-like "Input should be ..." error naming the node and the field.
[[noreturn]] void throwFieldError(const QString& node, const QString& field, const QString& message);

// SQL string literal.
std::string sqlQuote(std::string_view text);

// ---- response shells ----

// The fields every analytics response carries besides `results` (timings, hogql, caching, ...).
void addResponseMetadata(QJsonObject& response, const RunContext& context, const QString& hogql);

// "2026-03-01T00:00:00Z": a datetime as PostHog's JSON renders a whole-second UTC datetime.
QString isoSeconds(int64_t micros);

} // namespace hogscope::local::runners
