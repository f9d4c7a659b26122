#include "event_read_ahead.h"

namespace hogscope::local {

namespace {

// A batch also ends at this much text, so a file of huge lines keeps memory bounded.
constexpr size_t kBatchBytes = 8u << 20;

std::pair<size_t, size_t> append(std::string& text, std::string_view field)
{
    const size_t at = text.size();
    text.append(field);
    return {at, field.size()};
}

} // namespace

EventReadAhead::EventReadAhead(RecordReader& reader)
    : m_reader(reader)
{
    m_thread = std::thread([this] { run(); });
}

EventReadAhead::~EventReadAhead()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_changed.notify_all();
    m_thread.join();
}

const EventReadAhead::Batch& EventReadAhead::next()
{
    std::unique_lock lock(m_mutex);
    if (m_current)
        m_free.push_back(std::move(m_current));
    m_changed.notify_all();
    m_changed.wait(lock, [this] { return !m_ready.empty(); });
    m_current = std::move(m_ready.front());
    m_ready.pop_front();
    m_changed.notify_all();
    return *m_current;
}

void EventReadAhead::run()
{
    for (;;) {
        std::unique_ptr<Batch> batch;
        {
            std::unique_lock lock(m_mutex);
            m_changed.wait(lock, [this] { return m_stop || m_ready.size() < kBatchesAhead; });
            if (m_stop)
                return;
            if (!m_free.empty()) {
                batch = std::move(m_free.back());
                m_free.pop_back();
            }
        }
        if (!batch)
            batch = std::make_unique<Batch>();
        fill(*batch);
        const bool last = batch->end != RecordReader::Result::Record;
        {
            std::lock_guard lock(m_mutex);
            m_ready.push_back(std::move(batch));
        }
        m_changed.notify_all();
        if (last)
            return;
    }
}

void EventReadAhead::fill(Batch& batch)
{
    // Items are reused with their strings (the scanned session ids keep their capacity).
    size_t count = 0;
    batch.text.clear();
    batch.end = RecordReader::Result::Record;
    while (count < kBatchEvents && batch.text.size() < kBatchBytes) {
        if (batch.items.size() <= count)
            batch.items.emplace_back();
        Item& item = batch.items[count];
        const RecordReader::Result result = m_reader.nextEvent(item.record, item.error);
        if (result == RecordReader::Result::End || result == RecordReader::Result::Failed) {
            batch.end = result;
            batch.error = item.error;
            break;
        }
        item.bad = result == RecordReader::Result::Bad;
        ++count;
        if (item.bad)
            continue;
        const EventRecord& r = item.record;
        item.at = {append(batch.text, r.uuid),       append(batch.text, r.event),
                   append(batch.text, r.distinctId), append(batch.text, r.properties),
                   append(batch.text, r.personId),   append(batch.text, r.elementsChain)};
    }
    batch.items.resize(count);
    // The text is whole now: point the records at it and read their properties.
    const std::string_view text(batch.text);
    for (Item& item : batch.items) {
        if (item.bad)
            continue;
        auto field = [&](size_t i) { return text.substr(item.at[i].first, item.at[i].second); };
        EventRecord& r = item.record;
        r.uuid = field(0);
        r.event = field(1);
        r.distinctId = field(2);
        r.properties = field(3);
        r.personId = field(4);
        r.elementsChain = field(5);
        EventIngest::scanProperties(r.properties.empty() ? std::string_view("{}") : r.properties,
                                    item.scanned);
    }
}

} // namespace hogscope::local
