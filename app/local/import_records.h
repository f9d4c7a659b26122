#pragma once

#include <QString>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace hogscope::local {

// One event as an export file gives it (PostHog's export fields). Views are valid until the
// reader's next call.
struct EventRecord
{
    std::string_view uuid; // lower-case
    std::string_view event;
    std::string_view distinctId;
    int64_t timestamp = 0;       // microseconds UTC
    int64_t createdAt = 0;       // 0: not given
    std::string_view properties; // JSON object text, "{}" when missing or null
    std::string_view personId;   // empty: not given
    std::string_view elementsChain;
};

// One person as an export file gives it.
struct PersonRecord
{
    std::string_view id; // lower-case
    std::vector<std::string_view> distinctIds;
    std::string_view properties; // JSON object text, "{}" when missing or null
    int64_t createdAt = 0;
    bool identified = false;
};

// What is wrong with a line (or a whole file, when line is 0).
struct ImportError
{
    int64_t line = 0;
    QString field; // empty when the line as a whole is wrong
    QString message;

    // "events.jsonl:1234: field 'timestamp': not an ISO 8601 time: '...'".
    QString format(const QString& file) const;
};

// Reads the records of one export file, streaming. The format (JSON Lines or CSV) is told by the
// extension (.jsonl, .ndjson, .json / .csv) or else by the first byte.
class RecordReader
{
public:
    enum class Result
    {
        Record, // the record is filled in
        Bad,    // this line is wrong (the error says why); the next call goes on after it
        End,    // no more records
        Failed, // the file cannot be read further (I/O error, empty file, unusable CSV header)
    };

    virtual ~RecordReader() = default;
    virtual Result nextEvent(EventRecord& record, ImportError& error) = 0;
    virtual Result nextPerson(PersonRecord& record, ImportError& error) = 0;
    // About how many records the file holds (from the length of its first lines), before any is
    // read: importers choose how to maintain indexes by it.
    virtual int64_t estimatedRecords() = 0;

    // Opens `path`; nullptr with `error` filled in when it cannot be opened.
    static std::unique_ptr<RecordReader> open(const QString& path, ImportError& error);
};

// Field checks shared by the readers. Each returns false with a message for ImportError::message.
namespace importfield {

// A UUID in 8-4-4-4-12 hexadecimal form, returned lower-case in `out`.
bool uuid(std::string_view text, std::string& out, QString& message);
// An ISO 8601 date and time ("2026-03-01T10:00:00.123456Z", "2026-03-01 10:00:00+01:00", ...).
bool timestamp(std::string_view text, int64_t& micros, QString& message);
// `value` quoted for a message, shortened when long.
QString quoted(std::string_view value);

} // namespace importfield

} // namespace hogscope::local
