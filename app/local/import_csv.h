#pragma once

#include "import_records.h"

#include <memory>

namespace hogscope::local {

class ImportLines;

// CSV export files (RFC 4180: comma separated, fields optionally in double quotes with "" for a
// quote, a quoted field may span lines). The first row names the columns; unknown columns are
// ignored. JSON-valued fields (properties, distinct_ids) are JSON text in their cell.
class CsvReader final : public RecordReader
{
public:
    explicit CsvReader(std::unique_ptr<ImportLines> lines);
    ~CsvReader() override;

    Result nextEvent(EventRecord& record, ImportError& error) override;
    Result nextPerson(PersonRecord& record, ImportError& error) override;
    int64_t estimatedRecords() override;

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace hogscope::local
