#pragma once

#include "event_ingest.h"
#include "import_records.h"

#include <array>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace hogscope::local {

// Reads the events of an export file on a thread of its own, ahead of the writer: parsing a line,
// checking its fields and finding its hot properties and session in the JSON take about as long as
// SQLite takes to store it, so on two cores the import runs both at once. Events come in batches, in
// file order, with bad lines in their place; the writer stays the one thread that touches the
// store.
class EventReadAhead
{
public:
    // One line of the file: an event (fields viewing the batch's text), or a bad line.
    struct Item
    {
        bool bad = false;
        ImportError error; // when bad
        EventRecord record;
        EventIngest::ScannedProperties scanned; // the hot values and session of record.properties
        // Where the record's fields are in Batch::text (it grows while the batch fills).
        std::array<std::pair<size_t, size_t>, 6> at{};
    };

    struct Batch
    {
        std::vector<Item> items;
        // After the items: End, or Failed with `error` (the file cannot be read further).
        RecordReader::Result end = RecordReader::Result::Record;
        ImportError error;
        std::string text; // what the items view
    };

    explicit EventReadAhead(RecordReader& reader);
    ~EventReadAhead(); // stops the reader thread (mid-file when the writer gave up) and joins it
    EventReadAhead(const EventReadAhead&) = delete;
    EventReadAhead& operator=(const EventReadAhead&) = delete;

    // The next batch, waiting for it; valid until the next call. Its `end` says whether more follow:
    // after a batch that ends the file, do not call again.
    const Batch& next();

    static constexpr size_t kBatchEvents = 4096;
    static constexpr size_t kBatchesAhead = 4;

private:
    void run();
    void fill(Batch& batch);

    RecordReader& m_reader;
    std::mutex m_mutex;
    std::condition_variable m_changed;
    std::deque<std::unique_ptr<Batch>> m_ready; // read, in file order
    std::vector<std::unique_ptr<Batch>> m_free; // given back by the writer, to reuse
    std::unique_ptr<Batch> m_current;           // the writer's
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace hogscope::local
