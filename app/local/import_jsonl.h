#pragma once

#include "import_records.h"

#include <memory>

namespace hogscope::local {

class ImportLines;

// JSON Lines export files: one JSON object per line, parsed in place with simdjson (every line is
// fully validated, UTF-8 included). Blank lines are skipped; a file without any record is an error.
class JsonLinesReader final : public RecordReader
{
public:
    explicit JsonLinesReader(std::unique_ptr<ImportLines> lines);
    ~JsonLinesReader() override;

    Result nextEvent(EventRecord& record, ImportError& error) override;
    Result nextPerson(PersonRecord& record, ImportError& error) override;
    int64_t estimatedRecords() override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace hogscope::local
