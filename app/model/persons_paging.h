#pragma once

#include <QString>
#include <QtGlobal>

namespace hogscope::model {

// Where a paged list stands. The persons list and the event timeline page the same way: the view asks
// through canFetchMore/fetchMore, the model emits a request carrying a generation, and whoever talks
// to the server answers with the page or the error for that generation. A new search, sort or source
// bumps the generation, so the replies of an older one are dropped.
enum class PagingState
{
    Inactive,    // no source yet (not connected, nothing asked)
    Loading,     // the first page is on its way
    LoadingMore, // rows are shown and the next page is on its way
    Ready,       // rows are shown; more may be fetched on scroll
    Complete,    // every row is loaded
    Empty,       // the source has no rows
    Failed,      // the last request failed; retry() asks again
};

// The bookkeeping shared by the paged models: one instance per model.
class PagingCursor
{
public:
    // Starts over (new source, search or order); returns the new generation.
    quint64 restart()
    {
        ++m_generation;
        m_active = true;
        m_hasMore = true;
        m_fetching = false;
        m_failed = false;
        m_error.clear();
        return m_generation;
    }
    // Back to "no source".
    void deactivate()
    {
        ++m_generation;
        m_active = false;
        m_hasMore = false;
        m_fetching = false;
        m_failed = false;
        m_error.clear();
    }
    bool canFetch() const { return m_active && m_hasMore && !m_fetching && !m_failed; }
    void beginFetch() { m_fetching = true; }
    // True when `generation` is the current one and a fetch waits for it.
    bool accepts(quint64 generation) const { return m_active && generation == m_generation && m_fetching; }
    void pageArrived(bool hasMore)
    {
        m_fetching = false;
        m_hasMore = hasMore;
    }
    void fail(const QString& error)
    {
        m_fetching = false;
        m_failed = true;
        m_error = error;
    }
    void clearFailure()
    {
        m_failed = false;
        m_error.clear();
    }

    quint64 generation() const { return m_generation; }
    bool isActive() const { return m_active; }
    bool isFetching() const { return m_fetching; }
    bool hasMore() const { return m_hasMore; }
    bool hasFailed() const { return m_failed; }
    QString error() const { return m_error; }

    PagingState state(int rows) const
    {
        if (!m_active)
            return PagingState::Inactive;
        if (m_failed)
            return PagingState::Failed;
        if (m_fetching)
            return rows == 0 ? PagingState::Loading : PagingState::LoadingMore;
        if (m_hasMore)
            return rows == 0 ? PagingState::Loading : PagingState::Ready;
        return rows == 0 ? PagingState::Empty : PagingState::Complete;
    }

private:
    quint64 m_generation = 0;
    bool m_active = false;
    bool m_hasMore = false;
    bool m_fetching = false;
    bool m_failed = false;
    QString m_error;
};

// Sets a flag for the lifetime of a model change (begin...end pair).
class ChangeGuard
{
public:
    explicit ChangeGuard(bool& flag)
        : m_flag(flag)
        , m_previous(flag)
    {
        m_flag = true;
    }
    ~ChangeGuard() { m_flag = m_previous; }
    ChangeGuard(const ChangeGuard&) = delete;
    ChangeGuard& operator=(const ChangeGuard&) = delete;

private:
    bool& m_flag;
    bool m_previous;
};

} // namespace hogscope::model
