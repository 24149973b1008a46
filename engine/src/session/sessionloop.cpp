// SPDX-License-Identifier: MIT
#include "session/sessionimpl.h"

#include <algorithm>
#include <cstdio>
#include <memory>
#include <type_traits>

namespace haul::engine {

namespace {

constexpr auto kTick = std::chrono::milliseconds(20);

} // namespace

void Session::Impl::run()
{
    m_engineThread.bindToCurrentThread();
    m_bridge.bindDeliveryThread();
    m_io = std::make_unique<IoPool>(4);
    // Here, not in the constructor: opening may wait for another process's lock, and the
    // constructor may run on a GUI thread.
    if (!m_options.storePath.empty()) {
        std::string error;
        if (Store::createParentDirectories(m_options.storePath, &error))
            m_store = Store::open(m_options.storePath, &error);
        if (m_store) {
            m_writer = std::make_unique<StoreWriter>(*m_store);
            std::lock_guard lock(m_mutex);
            m_writerOpen = true;
        } else // downloads still work; they just cannot be resumed after a crash
            std::fprintf(stderr, "haul: cannot open the download list %s: %s\n",
                         m_options.storePath.c_str(), error.c_str());
    }
    std::vector<Command> commands;
    while (!m_exit) {
        {
            std::lock_guard lock(m_mutex);
            commands.swap(m_commands);
        }
        const auto executeAll = [&] {
            for (auto& c : commands)
                execute(c);
        };
        // Many downloads added at once are recorded in one transaction, not one each. Only
        // Create writes to the store on this thread: other commands never take its write lock
        // (another process may hold it for seconds).
        const auto creates = std::count_if(commands.begin(), commands.end(), [](const Command& c) {
            return std::holds_alternative<cmd::Create>(c);
        });
        if (m_store && creates > 1)
            m_store->batch(executeAll, false);
        else
            executeAll();
        commands.clear();
        activateQueued();
        deliverOutbox();
        if (m_exit) {
            m_io.reset(); // stops and joins its threads; their late answers are not needed
            break;
        }

        // Wait for the network, libcurl's timer, a command, or the next look at the transfers.
        auto now = std::chrono::steady_clock::now();
        const auto untilTick = std::chrono::ceil<std::chrono::milliseconds>(
            std::max(m_nextTick - now, std::chrono::steady_clock::duration::zero()));
        m_poller->waitAndDrive(std::min(untilTick, std::chrono::milliseconds(100)));
        readDone();
        now = std::chrono::steady_clock::now();
        if (now >= m_nextTick) {
            // Speed limits, retries, more connections, progress: a few dozen times a second,
            // not on every packet.
            auto wake = now + std::chrono::milliseconds(100);
            std::vector<Transfer*> running;
            running.reserve(m_running.size());
            m_shares.clear();
            for (auto& [id, t] : m_running) {
                running.push_back(t);
                m_shares.push_back(&t->share());
            }
            // The session's limit, divided among the downloads before they resume connections.
            m_globalLimit.distribute(now, m_shares);
            for (Transfer* t : running) {
                t->pump(now);
                if (t->reportProgress(now))
                    publishMap(*t);
                wake = std::min(wake, t->nextWake());
            }
            m_nextTick = std::min(wake, now + kTick);
        }
        activateQueued();
        deliverOutbox();
    }
}

void Session::Impl::execute(Command& c)
{
    HAUL_CHECK_THREAD(m_engineThread);
    if (park(c))
        return;
    std::visit([this](auto& command) { handle(command); }, c);
}

void Session::Impl::handle(cmd::Create& c)
{
    if (c.request.connections <= 0)
        c.request.connections = m_options.connections;
    {
        const TransferContext context{m_options, m_outbox,      *this,         m_multi,
                                      *m_poller, m_globalLimit, m_store.get(), m_writer.get()};
        auto t = std::make_unique<Transfer>(c.id, c.request, context);
        publishMap(*t); // a restored download's ranges show before it starts
        std::lock_guard lock(m_mutex);
        if (auto h = m_handles.find(c.id); h != m_handles.end())
            h->second.storeKey = t->storeKey();
        m_transfers.emplace(c.id, std::move(t));
    }
    m_monitor.opened(c.id);
    if (c.request.group != 0)
        m_groups[c.request.group].push_back(c.id);
}

void Session::Impl::handle(const cmd::CreateGroup& c)
{
    m_groups.try_emplace(c.id);
    m_monitor.opened(c.id);
}

void Session::Impl::handle(const cmd::Start& c)
{
    if (auto it = m_transfers.find(c.id); it != m_transfers.end()) {
        m_monitor.accepted(c.id);
        it->second->setQueued(); // into m_queue (transferStateChanged)
    }
}

void Session::Impl::handle(const cmd::ForceStart& c)
{
    auto it = m_transfers.find(c.id);
    if (it == m_transfers.end())
        return;
    Transfer& t = *it->second;
    if (c.begins) {
        m_monitor.accepted(c.id);
        t.setQueued();
    }
    if (!t.isPending() || t.isWritingOut())
        return;            // its completion won the race, or every byte is here
    m_forced.insert(c.id); // before activate(): an operation that ends at once takes it out
    if (t.state() == TransferState::Queued)
        t.activate(); // out of m_queue (transferStateChanged)
}

void Session::Impl::handle(const cmd::Pause& c)
{
    stopUnlessWon(c.id, Paused);
}

void Session::Impl::handle(const cmd::Cancel& c)
{
    stopUnlessWon(c.id, Cancelled);
}

void Session::Impl::stopUnlessWon(TransferId id, EventType completion)
{
    auto it = m_transfers.find(id);
    if (it == m_transfers.end())
        return;
    Transfer& t = *it->second;
    // Nothing pending: the operation's completion already won the race (or there was none);
    // the call is accepted and silent, so every completion ends an operation. A download
    // being written out has won too: its Completed is a moment away.
    if (t.isPending() && !t.isFinalizing())
        stopPending(t, completion);
}

void Session::Impl::handle(const cmd::SetRate& c)
{
    if (auto it = m_transfers.find(c.id); it != m_transfers.end())
        it->second->setRateLimit(c.bytesPerSecond);
}

void Session::Impl::handle(const cmd::SetGlobalRate& c)
{
    m_globalLimit.setRate(c.bytesPerSecond);
}

void Session::Impl::handle(const cmd::MoveInQueue& c)
{
    const bool later = c.delta >= 0;
    auto pos = std::find(m_queue.begin(), m_queue.end(), c.id);
    if (pos != m_queue.end()) {
        if (later && pos + 1 != m_queue.end())
            std::iter_swap(pos, pos + 1);
        else if (!later && pos != m_queue.begin())
            std::iter_swap(pos, pos - 1);
    }
    if (auto t = m_transfers.find(c.id);
        m_writer && t != m_transfers.end() && t->second->storeKey())
        m_writer->post([key = t->second->storeKey(), later](Store& store) {
            later ? store.moveDown(key) : store.moveUp(key);
        });
}

void Session::Impl::handle(const cmd::SetOptions& c)
{
    // Transfers read m_options by reference, on this thread only: new values apply to what
    // they do next.
    const SessionOptions kept = m_options;
    m_options = c.options;
    m_options.storePath = kept.storePath;
    m_options.checkpointSeconds = kept.checkpointSeconds;
    m_options.maxConcurrent = std::max(1, m_options.maxConcurrent);
    m_globalLimit.setRate(m_options.rateLimit);
    requeueExcess();
}

void Session::Impl::requeueExcess()
{
    HAUL_CHECK_THREAD(m_engineThread);
    int excess = limitedRunning() - m_options.maxConcurrent;
    if (excess <= 0)
        return;
    std::vector<std::pair<std::uint64_t, Transfer*>> counted;
    for (auto& [id, t] : m_running)
        if (!m_writingOut.count(id) && !m_forced.count(id))
            counted.emplace_back(m_startedAt[id], t);
    std::sort(counted.begin(), counted.end(),
              [](const auto& a, const auto& b) { return a.first > b.first; }); // last first
    for (auto& [startedAt, t] : counted) {
        if (excess-- <= 0)
            break;
        const TransferId id = t->id();
        if (!t->requeue()) // into m_queue's back (transferStateChanged)
            continue;
        // Before the ones that never started: the front, in the order they had started.
        std::erase(m_queue, id);
        m_queue.push_front(id);
    }
}

void Session::Impl::handle(const cmd::SetUrl& c)
{
    if (auto it = m_transfers.find(c.id); it != m_transfers.end() && !it->second->isPending())
        it->second->setUrl(c.url);
}

void Session::Impl::handle(const cmd::JobDone& c)
{
    if (auto it = m_transfers.find(c.id); it != m_transfers.end()) {
        it->second->jobDone(c.generation, c.result);
    }
}

void Session::Impl::handle(const cmd::Close& c)
{
    if (m_groups.count(c.id))
        closeGroup(c.id);
    else
        closeTransfer(c.id);
}

void Session::Impl::handle(const cmd::Shutdown&)
{
    // The session is the parent of everything: children before their groups. A removal under
    // way finishes first, so its Closed still says the record is gone.
    // The creates that waited for them run then, and so on until none is left.
    do {
        waitForRemovals();
        const std::vector<TransferId> removing(m_removing.begin(), m_removing.end());
        for (TransferId id : removing)
            finishRemoval(id);
        if (m_removing.empty())
            replayParked();
    } while (!m_removing.empty() || !m_parked.empty());
    std::vector<TransferId> ids;
    for (auto& [id, t] : m_transfers)
        ids.push_back(id);
    std::sort(ids.begin(), ids.end());
    for (TransferId id : ids)
        closeTransfer(id, true);
    std::vector<TransferId> groups;
    for (auto& [id, children] : m_groups)
        groups.push_back(id);
    std::sort(groups.begin(), groups.end());
    for (TransferId id : groups)
        closeGroup(id);
    m_exit = true;
}

void Session::Impl::stopPending(Transfer& t, EventType completion, bool forShutdown)
{
    HAUL_CHECK_THREAD(m_engineThread);
    t.stop(completion, forShutdown); // out of m_queue if queued (transferStateChanged)
}

bool Session::Impl::nameHeldByAnother(const Transfer& asking, const std::string& directory,
                                      const std::string& fileName) const
{
    HAUL_CHECK_THREAD(m_engineThread);
    // Every open transfer counts, finished or not: a failed or paused one resumes its .part.
    const std::string path = FileSink::pathOf(directory, fileName);
    const std::string ownPart = path + ".part";
    return std::any_of(m_transfers.begin(), m_transfers.end(), [&](const auto& entry) {
        const Transfer& other = *entry.second;
        if (&other == &asking)
            return false;
        const std::string theirs = other.sink().finalPath();
        const std::string theirPart = other.sink().partPath();
        return path == theirs || path == theirPart || ownPart == theirs;
    });
}

bool Session::Impl::keyHeldByAnother(const Transfer& asking, StoreKey key) const
{
    HAUL_CHECK_THREAD(m_engineThread);
    if (!key)
        return false;
    return std::any_of(m_transfers.begin(), m_transfers.end(), [&](const auto& entry) {
        return entry.second.get() != &asking && entry.second->storeKey() == key;
    });
}

void Session::Impl::transferStateChanged(Transfer& t, TransferState from, TransferState to)
{
    HAUL_CHECK_THREAD(m_engineThread);
    const TransferId id = t.id();
    if (from == TransferState::Queued) {
        if (!m_queue.empty() && m_queue.front() == id)
            m_queue.pop_front(); // activateQueued's
        else
            std::erase(m_queue, id);
    }
    if (to == TransferState::Queued)
        m_queue.push_back(id);
    if (from == TransferState::Queued && to == TransferState::Active)
        m_startedAt[id] = ++m_starts;
    if (t.isRunning()) {
        m_running.emplace(id, &t);
    } else {
        m_running.erase(id);
        m_startedAt.erase(id);
    }
    if (endsOperation(to))
        m_forced.erase(id);
    if (t.isWritingOut())
        m_writingOut.insert(id);
    else
        m_writingOut.erase(id);
    publishMap(t);
    if (auto job = t.takeIoJob()) {
        // The pool outlives its jobs (its destructor joins them): a plain pointer is safe.
        IoPool* pool = m_io.get();
        auto& fence = m_jobs[id];
        if (!fence)
            fence = std::make_shared<JobFence>();
        fence->begin();
        pool->submit(
            [this, pool, id, fence, job = std::move(*job)] { runJob(*pool, id, job, *fence); });
    }
    if (endsOperation(to)) {
        // Before the completion is delivered: a callback may start the next operation at once.
        std::lock_guard lock(m_mutex);
        if (auto it = m_handles.find(id); it != m_handles.end()) {
            it->second.pending = false;
            it->second.completed = to == TransferState::Completed;
        }
    }
}

void Session::Impl::runJob(const IoPool& pool, TransferId id, const IoJob& job, JobFence& fence)
{
    cmd::JobDone answer{id, job.generation,
                        runIoJob(job, [&] { return pool.stopping() || fence.abandoned(); })};
    const auto* written = std::get_if<FileWritten>(&answer.result);
    const bool publishedFinal = job.kind == IoJob::Finalize && written && !written->asPart;
    {
        std::lock_guard lock(m_mutex);
        enqueue(std::move(answer));
    }
    fence.end(publishedFinal); // last: a removal waiting for this job deletes the files now
}

void Session::Impl::closeTransfer(TransferId id, bool forShutdown)
{
    HAUL_CHECK_THREAD(m_engineThread);
    auto it = m_transfers.find(id);
    if (it == m_transfers.end()) {
        finishRemoval(id); // one being removed: Closed once the removal is done (shutdown)
        return;
    }
    if (it->second->isPending())
        stopPending(*it->second, Cancelled, forShutdown);
    const std::optional<Removal> removal = removalOf(*it->second);
    m_jobs.erase(id); // a removal holds the fence of the jobs still running
    m_running.erase(id);
    m_writingOut.erase(id);
    m_forced.erase(id);
    m_startedAt.erase(id);
    m_transfers.erase(it); // its handles are gone: no libcurl callback of it can run any more
    {
        std::lock_guard lock(m_mapsMutex);
        m_maps.erase(id);
    }
    // After the transfer's last write was posted, so nothing it queued can bring the record
    // back; Closed waits until the record is forgotten and the files are deleted.
    if (removal && postRemoval(*removal))
        return;
    queueClosed(id);
}

void Session::Impl::closeGroup(TransferId id)
{
    HAUL_CHECK_THREAD(m_engineThread);
    auto it = m_groups.find(id);
    if (it == m_groups.end())
        return;
    const std::vector<TransferId> children = std::move(it->second);
    m_groups.erase(it);
    for (TransferId child : children)
        closeTransfer(child); // already-closed children are gone: a no-op
    queueClosed(id);
}

void Session::Impl::publishMap(const Transfer& t)
{
    HAUL_CHECK_THREAD(m_engineThread);
    SegmentMap map = t.segmentMap(); // built outside the lock: readers wait for a move only
    std::lock_guard lock(m_mapsMutex);
    m_maps.insert_or_assign(t.id(), std::move(map));
}

void Session::Impl::queueClosed(TransferId id)
{
    HAUL_CHECK_THREAD(m_engineThread);
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_handles.find(id); it != m_handles.end()) {
            if (const TransferId group = it->second.group; group != 0)
                if (auto g = m_handles.find(group); g != m_handles.end())
                    std::erase(g->second.children, id);
            m_handles.erase(it);
        }
    }
    Event closed;
    closed.id = id;
    closed.type = Closed;
    m_outbox.push_back(std::move(closed));
}

void Session::Impl::activateQueued()
{
    HAUL_CHECK_THREAD(m_engineThread);
    while (limitedRunning() < m_options.maxConcurrent && !m_queue.empty()) {
        const TransferId id = m_queue.front();
        auto it = m_transfers.find(id);
        if (it != m_transfers.end())
            it->second->activate(); // leaves Queued: out of m_queue (transferStateChanged)
        if (!m_queue.empty() && m_queue.front() == id)
            m_queue.pop_front(); // not a transfer, or one that refused to leave Queued
    }
}

int Session::Impl::limitedRunning() const
{
    int n = 0;
    for (const auto& [id, t] : m_running)
        n += m_writingOut.count(id) || m_forced.count(id) ? 0 : 1;
    return n;
}

void Session::Impl::readDone()
{
    HAUL_CHECK_THREAD(m_engineThread);
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(m_multi, &left)) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        const CURLcode code = msg->data.result;
        Segment* segment = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &segment);
        if (!segment)
            continue;
        segment->owner().segmentDone(segment, code); // removes the handle: msg is invalid now
    }
}

void Session::Impl::deliverOutbox()
{
    HAUL_CHECK_THREAD(m_engineThread);
    // Callbacks may call back into the session (cancel, close, start): those only enqueue, so
    // delivering from a local copy keeps the outbox free for the next round.
    std::vector<Event> events;
    events.swap(m_outbox);
    for (const Event& e : events) {
        if (!m_monitor.check(e))
            continue; // a bug of the engine's, reported; the contract is kept by dropping it
        m_bridge.deliver(e);
        if (e.type == Closed)
            m_bridge.revokeFor(e.id);
    }
}

} // namespace haul::engine
