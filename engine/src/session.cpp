// SPDX-License-Identifier: MIT
#include <haul/session.h>

#include "callbackbridge.h"
#include "filesink.h"
#include "iopool.h"
#include "poller.h"
#include "transfer.h"
#include <haul/checksum.h>
#include <haul/store.h>
#include <haul/url.h>

#include <curl/curl.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

namespace haul::engine {

namespace {

// curl_global_init is not thread-safe in 7.88; do it once, before any engine thread exists.
struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

constexpr auto kTick = std::chrono::milliseconds(20);

enum class Command {
    Create, CreateGroup, Start, Pause, Cancel, Close, SetRate, SetGlobalRate, SetUrl, Verified,
    SetOptions, MoveInQueue, Shutdown
};

} // namespace

class Session::Impl {
public:
    explicit Impl(SessionOptions options);
    ~Impl();

    // --- any thread ---
    TransferId create(const TransferRequest& request, Refusal* refusal);
    TransferId createGroup();
    bool start(TransferId id);
    bool pause(TransferId id);
    bool cancel(TransferId id);
    bool close(TransferId id);
    bool setRateLimit(TransferId id, std::int64_t rate);
    void setGlobalRateLimit(std::int64_t rate);
    void updateOptions(const SessionOptions& options);
    bool moveInQueue(TransferId id, int delta);
    bool setUrl(TransferId id, const std::string& url, Refusal* refusal);
    SubscriptionId subscribe(std::uint32_t mask, EventCallback cb, TransferId id);
    void unsubscribe(SubscriptionId s) { m_bridge.unsubscribe(s); }
    void shutdown();
    Stats stats() const;
    std::int64_t storeKey(TransferId id) const;

private:
    // What other threads may know of a transfer, guarded by m_mutex. The engine thread updates
    // it when it emits a completion, before delivering it, so a callback reacting to a
    // completion can start the next operation at once.
    struct Handle {
        bool pending = false;
        bool completed = false;
        bool closed = false;
        bool isGroup = false;
        std::int64_t storeKey = 0;
        TransferId group = 0;
        std::vector<TransferId> children; // groups only: open children
    };
    struct Pending {
        Command command;
        TransferId id;
        TransferRequest request; // Create; SetUrl uses url, SetRate(s) use rateLimit
        std::string hex;         // Verified: the digest, or empty with error set
        std::string error;
        unsigned generation = 0;
        SessionOptions options;  // SetOptions
    };

    bool enqueue(Pending p); // m_mutex held by the caller

    // --- engine thread ---
    void run();
    void execute(Pending& p);
    void activateQueued();
    void stopPending(Transfer& t, EventType completion, bool forShutdown = false);
    void track(Transfer& t); // keeps m_running in step with t's state
    void runJob(const IoPool& pool, TransferId id, Transfer::IoJob job); // on a pool thread
    void closeTransfer(TransferId id, bool forShutdown = false);
    void closeGroup(TransferId id);
    void readDone();
    void deliverOutbox();
    void noteCompletions(std::size_t from);

    SessionOptions m_options;
    CallbackBridge m_bridge;
    std::unique_ptr<Store> m_store; // engine thread only (opened there)
    std::unique_ptr<StoreWriter> m_writer; // outlives the engine thread's last write

    mutable std::mutex m_mutex;
    std::unordered_map<TransferId, Handle> m_handles;
    std::vector<Pending> m_commands;
    TransferId m_nextId = 1;
    bool m_accepting = true;

    // Engine thread only (but Poller::wake()).
    CURLM* m_multi = nullptr;
    std::unique_ptr<Poller> m_poller;
    std::chrono::steady_clock::time_point m_nextTick{}; // next look at every running transfer
    std::unordered_map<TransferId, std::unique_ptr<Transfer>> m_transfers;
    std::unordered_map<TransferId, std::vector<TransferId>> m_groups; // group -> children
    std::deque<TransferId> m_queue; // waiting for a free slot, in order
    std::unordered_map<TransferId, Transfer*> m_running; // Transfer::isRunning()
    // The running ones that only write out: they take no place in the queue's limit, so the
    // next download starts while one is hashed or written to disk.
    std::unordered_set<TransferId> m_writingOut;
    TokenBucket m_globalLimit;
    std::vector<Event> m_outbox;
    bool m_exit = false;

    std::unique_ptr<IoPool> m_io; // created and destroyed by the engine thread
    std::thread m_thread;
    std::once_flag m_shutdownOnce;
};

Session::Impl::Impl(SessionOptions options)
    : m_options(std::move(options))
{
    static CurlGlobal global;
    m_multi = curl_multi_init();
    m_poller = std::make_unique<Poller>(m_multi);
    // Many transfers to one host share connections; keep enough idle ones for reuse.
    curl_multi_setopt(m_multi, CURLMOPT_MAXCONNECTS, 64L);
    m_globalLimit.setRate(m_options.rateLimit);
    m_thread = std::thread([this] { run(); });
}

Session::Impl::~Impl()
{
    shutdown();
    m_writer.reset(); // every queued write done before the store closes
    m_transfers.clear(); // their easy handles leave the multi handle first
    curl_multi_cleanup(m_multi);
    m_poller.reset();
}

bool Session::Impl::enqueue(Pending p)
{
    // One wake-up per batch: the engine takes every queued command at once, so a queue that
    // was not empty has its wake-up on the way already.
    const bool first = m_commands.empty();
    m_commands.push_back(std::move(p));
    if (first)
        m_poller->wake();
    return true;
}

TransferId Session::Impl::create(const TransferRequest& request, Refusal* refusal)
{
    if (auto problem = checkUrl(request.url)) {
        if (refusal)
            refusal->message = *problem;
        return 0;
    }
    std::string checksumError;
    if (!request.checksum.empty() && !parseChecksum(request.checksum, &checksumError)) {
        if (refusal)
            refusal->message = checksumError;
        return 0;
    }
    std::lock_guard lock(m_mutex);
    if (!m_accepting) {
        if (refusal)
            refusal->message = "Haul is shutting down; no new downloads are accepted.";
        return 0;
    }
    Handle* group = nullptr;
    if (request.group != 0) {
        auto it = m_handles.find(request.group);
        if (it == m_handles.end() || !it->second.isGroup || it->second.closed) {
            if (refusal)
                refusal->message = "The group of this download is closed.";
            return 0;
        }
        group = &it->second;
    }
    const TransferId id = m_nextId++;
    Handle handle;
    handle.group = request.group;
    m_handles.emplace(id, handle);
    if (group)
        m_handles.at(request.group).children.push_back(id);
    enqueue({Command::Create, id, request});
    return id;
}

TransferId Session::Impl::createGroup()
{
    std::lock_guard lock(m_mutex);
    if (!m_accepting)
        return 0;
    const TransferId id = m_nextId++;
    Handle handle;
    handle.isGroup = true;
    m_handles.emplace(id, handle);
    enqueue({Command::CreateGroup, id, {}});
    return id;
}

bool Session::Impl::start(TransferId id)
{
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(id);
    if (!m_accepting || it == m_handles.end() || it->second.closed || it->second.pending
        || it->second.completed || it->second.isGroup)
        return false;
    it->second.pending = true;
    return enqueue({Command::Start, id, {}});
}

bool Session::Impl::pause(TransferId id)
{
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(id);
    if (it == m_handles.end() || it->second.closed || !it->second.pending || it->second.isGroup)
        return false;
    return enqueue({Command::Pause, id, {}});
}

bool Session::Impl::cancel(TransferId id)
{
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(id);
    if (it == m_handles.end() || it->second.closed || it->second.isGroup)
        return false;
    return enqueue({Command::Cancel, id, {}});
}

bool Session::Impl::close(TransferId id)
{
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(id);
    if (it == m_handles.end() || it->second.closed)
        return false;
    it->second.closed = true;
    // Children are closed with their group, at once for every other thread's calls.
    for (TransferId child : it->second.children)
        if (auto c = m_handles.find(child); c != m_handles.end())
            c->second.closed = true;
    return enqueue({Command::Close, id, {}});
}

bool Session::Impl::setRateLimit(TransferId id, std::int64_t rate)
{
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(id);
    if (it == m_handles.end() || it->second.closed || it->second.isGroup)
        return false;
    TransferRequest r;
    r.rateLimit = rate;
    return enqueue({Command::SetRate, id, r});
}

void Session::Impl::setGlobalRateLimit(std::int64_t rate)
{
    std::lock_guard lock(m_mutex);
    TransferRequest r;
    r.rateLimit = rate;
    enqueue({Command::SetGlobalRate, 0, r});
}

void Session::Impl::updateOptions(const SessionOptions& options)
{
    std::lock_guard lock(m_mutex);
    Pending p{Command::SetOptions, 0, {}};
    p.options = options;
    enqueue(std::move(p));
}

bool Session::Impl::moveInQueue(TransferId id, int delta)
{
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(id);
    if (it == m_handles.end() || it->second.closed || it->second.isGroup)
        return false;
    Pending p{Command::MoveInQueue, id, {}};
    p.generation = delta < 0 ? 0 : 1;
    return enqueue(std::move(p));
}

bool Session::Impl::setUrl(TransferId id, const std::string& url, Refusal* refusal)
{
    if (auto problem = checkUrl(url)) {
        if (refusal)
            refusal->message = *problem;
        return false;
    }
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(id);
    if (it == m_handles.end() || it->second.closed || it->second.isGroup || it->second.pending
        || it->second.completed) {
        if (refusal)
            refusal->message = "Only a paused, failed or cancelled download can get a new address.";
        return false;
    }
    TransferRequest r;
    r.url = url;
    return enqueue({Command::SetUrl, id, r});
}

SubscriptionId Session::Impl::subscribe(std::uint32_t mask, EventCallback cb, TransferId id)
{
    if (id != 0) {
        // Hold the lock across subscribing so that close() cannot slip in between the check
        // and the registration (the Closed event would then miss this subscriber).
        std::lock_guard lock(m_mutex);
        auto it = m_handles.find(id);
        if (it == m_handles.end() || it->second.closed)
            return 0;
        return m_bridge.subscribe(mask, std::move(cb), id);
    }
    return m_bridge.subscribe(mask, std::move(cb), 0);
}

void Session::Impl::shutdown()
{
    std::call_once(m_shutdownOnce, [this] {
        {
            std::lock_guard lock(m_mutex);
            m_accepting = false;
            for (auto& [id, h] : m_handles)
                h.closed = true;
            enqueue({Command::Shutdown, 0, {}});
        }
        m_thread.join();
    });
}

std::int64_t Session::Impl::storeKey(TransferId id) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(id);
    return it == m_handles.end() ? 0 : it->second.storeKey;
}

Session::Stats Session::Impl::stats() const
{
    Stats s;
    s.delivered = m_bridge.delivered();
    s.inFlight = m_bridge.inFlight();
    std::lock_guard lock(m_mutex);
    s.openHandles = m_handles.size();
    return s;
}

void Session::Impl::run()
{
    m_io = std::make_unique<IoPool>(4);
    // Here, not in the constructor: opening may wait for another process's lock, and the
    // constructor may run on a GUI thread.
    if (!m_options.storePath.empty()) {
        std::string error;
        if (Store::createParentDirectories(m_options.storePath, &error))
            m_store = Store::open(m_options.storePath, &error);
        if (m_store)
            m_writer = std::make_unique<StoreWriter>(*m_store);
        else // downloads still work; they just cannot be resumed after a crash
            std::fprintf(stderr, "haul: cannot open the download list %s: %s\n",
                         m_options.storePath.c_str(), error.c_str());
    }
    std::vector<Pending> commands;
    while (!m_exit) {
        {
            std::lock_guard lock(m_mutex);
            commands.swap(m_commands);
        }
        const auto executeAll = [&] {
            for (auto& c : commands)
                execute(c);
        };
        // Many downloads added at once are recorded in one transaction, not one each.
        if (m_store && commands.size() > 1)
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
            m_globalLimit.refill(now);
            auto wake = now + std::chrono::milliseconds(100);
            const std::size_t mark = m_outbox.size();
            std::vector<Transfer*> running;
            running.reserve(m_running.size());
            for (auto& [id, t] : m_running)
                running.push_back(t);
            for (Transfer* t : running) {
                t->pump(now);
                t->reportProgress(now);
                wake = std::min(wake, t->nextWake());
                track(*t);
            }
            noteCompletions(mark);
            m_nextTick = std::min(wake, now + kTick);
        }
        activateQueued();
        deliverOutbox();
    }
}

void Session::Impl::execute(Pending& p)
{
    const std::size_t mark = m_outbox.size();
    switch (p.command) {
    case Command::Create:
        if (p.request.connections <= 0)
            p.request.connections = m_options.connections;
        {
            auto t = std::make_unique<Transfer>(p.id, p.request, m_options, m_outbox, m_multi,
                                                *m_poller, m_globalLimit, m_store.get(),
                                                m_writer.get());
            std::lock_guard lock(m_mutex);
            if (auto h = m_handles.find(p.id); h != m_handles.end())
                h->second.storeKey = t->storeKey();
            m_transfers.emplace(p.id, std::move(t));
        }
        if (p.request.group != 0)
            m_groups[p.request.group].push_back(p.id);
        break;
    case Command::CreateGroup:
        m_groups.try_emplace(p.id);
        break;
    case Command::Start:
        if (auto it = m_transfers.find(p.id); it != m_transfers.end()) {
            it->second->setQueued();
            m_queue.push_back(p.id);
        }
        break;
    case Command::Pause:
    case Command::Cancel: {
        auto it = m_transfers.find(p.id);
        if (it == m_transfers.end())
            break;
        Transfer& t = *it->second;
        const EventType completion = p.command == Command::Pause ? Paused : Cancelled;
        // Nothing pending: the operation's completion already won the race (or there was
        // none); the call is accepted and silent, so every completion ends an operation.
        // A download being written out has won too: its Completed is a moment away.
        if (t.isPending() && !t.isFinalizing())
            stopPending(t, completion);
        break;
    }
    case Command::SetRate:
        if (auto it = m_transfers.find(p.id); it != m_transfers.end())
            it->second->setRateLimit(p.request.rateLimit);
        break;
    case Command::SetGlobalRate:
        m_globalLimit.setRate(p.request.rateLimit);
        break;
    case Command::MoveInQueue: {
        const bool later = p.generation == 1;
        auto pos = std::find(m_queue.begin(), m_queue.end(), p.id);
        if (pos != m_queue.end()) {
            if (later && pos + 1 != m_queue.end())
                std::iter_swap(pos, pos + 1);
            else if (!later && pos != m_queue.begin())
                std::iter_swap(pos, pos - 1);
        }
        if (auto t = m_transfers.find(p.id); m_writer && t != m_transfers.end() && t->second->storeKey())
            m_writer->post([key = t->second->storeKey(), later](Store& store) {
                later ? store.moveDown(key) : store.moveUp(key);
            });
        break;
    }
    case Command::SetOptions: {
        // Transfers read m_options by reference, on this thread only: new values apply to
        // what they do next.
        const SessionOptions kept = m_options;
        m_options = p.options;
        m_options.storePath = kept.storePath;
        m_options.checkpointSeconds = kept.checkpointSeconds;
        m_options.maxConcurrent = std::max(1, m_options.maxConcurrent);
        m_globalLimit.setRate(m_options.rateLimit);
        break;
    }
    case Command::SetUrl:
        if (auto it = m_transfers.find(p.id); it != m_transfers.end() && !it->second->isPending())
            it->second->setUrl(p.request.url);
        break;
    case Command::Verified:
        if (auto it = m_transfers.find(p.id); it != m_transfers.end()) {
            it->second->jobDone(p.generation, p.hex, p.error);
            track(*it->second);
        }
        break;
    case Command::Close:
        if (m_groups.count(p.id))
            closeGroup(p.id);
        else
            closeTransfer(p.id);
        break;
    case Command::Shutdown: {
        // The session is the parent of everything: children before their groups.
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
        break;
    }
    }
    noteCompletions(mark);
}

void Session::Impl::stopPending(Transfer& t, EventType completion, bool forShutdown)
{
    if (t.state() == Transfer::State::Queued)
        std::erase(m_queue, t.id());
    t.stop(completion, forShutdown);
    track(t);
}

void Session::Impl::track(Transfer& t)
{
    if (t.isRunning())
        m_running.emplace(t.id(), &t);
    else
        m_running.erase(t.id());
    if (t.isWritingOut())
        m_writingOut.insert(t.id());
    else
        m_writingOut.erase(t.id());
    if (auto job = t.takeIoJob()) {
        const TransferId id = t.id();
        // The pool outlives its jobs (its destructor joins them): a plain pointer is safe.
        IoPool* pool = m_io.get();
        pool->submit([this, pool, id, job = std::move(*job)]() mutable {
            runJob(*pool, id, std::move(job));
        });
    }
}

void Session::Impl::runJob(const IoPool& pool, TransferId id, Transfer::IoJob job)
{
    Pending answer{Command::Verified, id, {}};
    answer.generation = job.generation;
    if (job.kind == Transfer::IoJob::Finalize) {
        FileSink file(job.partPath.substr(0, job.partPath.rfind('/')),
                      job.finalPath.substr(job.finalPath.rfind('/') + 1));
        if (job.abandoned->load()) {
            if (!file.writeAt(0, job.data.data(), job.data.size())) // closed meanwhile: a .part
                answer.error = file.error();
        } else if (!file.writeWhole(job.data.data(), job.data.size())) {
            answer.error = file.error();
        }
    } else {
        Hasher hasher(job.algorithm);
        std::FILE* f = std::fopen(job.partPath.c_str(), "rb");
        if (!f || !hasher.valid()) {
            answer.error = "Cannot verify the checksum of \"" + job.partPath + "\".";
        } else {
            std::vector<char> block(1 << 20);
            std::size_t n = 0;
            while (!pool.stopping() && (n = std::fread(block.data(), 1, block.size(), f)) > 0)
                hasher.update(block.data(), n);
            if (std::ferror(f))
                answer.error = "Cannot read \"" + job.partPath + "\" to verify it.";
            answer.hex = hasher.finishHex();
        }
        if (f)
            std::fclose(f);
    }
    std::lock_guard lock(m_mutex);
    enqueue(std::move(answer));
}

void Session::Impl::closeTransfer(TransferId id, bool forShutdown)
{
    auto it = m_transfers.find(id);
    if (it == m_transfers.end())
        return;
    if (it->second->isPending())
        stopPending(*it->second, Cancelled, forShutdown);
    m_running.erase(id);
    m_writingOut.erase(id);
    m_transfers.erase(it); // its handles are gone: no libcurl callback of it can run any more
    Event closed;
    closed.id = id;
    closed.type = Closed;
    m_outbox.push_back(std::move(closed));
}

void Session::Impl::closeGroup(TransferId id)
{
    auto it = m_groups.find(id);
    if (it == m_groups.end())
        return;
    const std::vector<TransferId> children = std::move(it->second);
    m_groups.erase(it);
    for (TransferId child : children)
        closeTransfer(child); // already-closed children are gone: a no-op
    Event closed;
    closed.id = id;
    closed.type = Closed;
    m_outbox.push_back(std::move(closed));
}

void Session::Impl::activateQueued()
{
    const std::size_t mark = m_outbox.size();
    while (static_cast<int>(m_running.size() - m_writingOut.size()) < m_options.maxConcurrent
           && !m_queue.empty()) {
        const TransferId id = m_queue.front();
        m_queue.pop_front();
        auto it = m_transfers.find(id);
        if (it == m_transfers.end())
            continue;
        it->second->activate();
        track(*it->second);
    }
    noteCompletions(mark);
}

void Session::Impl::readDone()
{
    const std::size_t mark = m_outbox.size();
    int left = 0;
    while (CURLMsg* msg = curl_multi_info_read(m_multi, &left)) {
        if (msg->msg != CURLMSG_DONE)
            continue;
        const CURLcode code = msg->data.result;
        Segment* segment = nullptr;
        curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &segment);
        if (!segment)
            continue;
        Transfer& t = segment->owner();
        t.segmentDone(segment, code); // removes the handle: msg is invalid from here
        track(t);
    }
    noteCompletions(mark);
}

void Session::Impl::noteCompletions(std::size_t from)
{
    std::lock_guard lock(m_mutex);
    for (std::size_t i = from; i < m_outbox.size(); ++i) {
        const Event& e = m_outbox[i];
        auto it = m_handles.find(e.id);
        if (it == m_handles.end())
            continue;
        if (isCompletion(e.type)) {
            it->second.pending = false;
            it->second.completed = e.type == Completed;
        } else if (e.type == Closed) {
            if (const TransferId group = it->second.group; group != 0)
                if (auto g = m_handles.find(group); g != m_handles.end())
                    std::erase(g->second.children, e.id);
            m_handles.erase(it);
        }
    }
}

void Session::Impl::deliverOutbox()
{
    // Callbacks may call back into the session (cancel, close, start): those only enqueue, so
    // delivering from a local copy keeps the outbox free for the next round.
    std::vector<Event> events;
    events.swap(m_outbox);
    for (const Event& e : events) {
        m_bridge.deliver(e);
        if (e.type == Closed)
            m_bridge.revokeFor(e.id);
    }
}

Session::Session(SessionOptions options)
    : m_impl(std::make_unique<Impl>(std::move(options)))
{
}
Session::~Session() = default;
TransferId Session::create(const TransferRequest& r, Refusal* refusal) { return m_impl->create(r, refusal); }
TransferId Session::createGroup() { return m_impl->createGroup(); }
bool Session::start(TransferId id) { return m_impl->start(id); }
bool Session::pause(TransferId id) { return m_impl->pause(id); }
bool Session::cancel(TransferId id) { return m_impl->cancel(id); }
bool Session::close(TransferId id) { return m_impl->close(id); }
bool Session::setRateLimit(TransferId id, std::int64_t rate) { return m_impl->setRateLimit(id, rate); }
void Session::setGlobalRateLimit(std::int64_t rate) { m_impl->setGlobalRateLimit(rate); }
void Session::updateOptions(const SessionOptions& options) { m_impl->updateOptions(options); }
bool Session::moveInQueue(TransferId id, int delta) { return m_impl->moveInQueue(id, delta); }
bool Session::setUrl(TransferId id, const std::string& url, Refusal* refusal)
{
    return m_impl->setUrl(id, url, refusal);
}
SubscriptionId Session::subscribe(std::uint32_t mask, EventCallback cb, TransferId id)
{
    return m_impl->subscribe(mask, std::move(cb), id);
}
void Session::unsubscribe(SubscriptionId s) { m_impl->unsubscribe(s); }
void Session::shutdown() { m_impl->shutdown(); }
Session::Stats Session::stats() const { return m_impl->stats(); }
std::int64_t Session::storeKey(TransferId id) const { return m_impl->storeKey(id); }

} // namespace haul::engine
