// SPDX-License-Identifier: MIT
#include <haul/session.h>

#include "session/sessionimpl.h"
#include <haul/checksum.h>
#include <haul/url.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

namespace haul::engine {

namespace {

// curl_global_init is not thread-safe in 7.88; do it once, before any engine thread exists.
struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
};

} // namespace

Session::Impl::Impl(SessionOptions options) : m_options(std::move(options))
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
    // Joining the engine thread from itself cannot work, and the session would be freed under
    // the callback that is running: nothing to recover, say so plainly.
    HAUL_CHECK(!m_engineThread.calledOnValidThread(), std::abort());
    shutdown();
    waitForCallsInProgress();
    m_writer.reset();    // every queued write done before the store closes
    m_transfers.clear(); // their easy handles leave the multi handle first
    curl_multi_cleanup(m_multi);
    m_poller.reset();
}

void Session::Impl::waitForCallsInProgress()
{
    // Only calls that began before destruction are counted, and each is a few steps from its
    // end once the engine thread is joined (an unsubscribe coming back from its wait, say).
    for (int spins = 0; m_calls.load(std::memory_order_acquire) != 0; ++spins) {
        if (spins < 100)
            std::this_thread::yield();
        else
            std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
}

bool Session::Impl::enqueue(Command c)
{
    // One wake-up per batch: the engine takes every queued command at once, so a queue that
    // was not empty has its wake-up on the way already.
    const bool first = m_commands.empty();
    m_commands.push_back(std::move(c));
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
    for (const std::string& header : request.headers) {
        if (auto problem = checkRequestHeader(header)) {
            if (refusal)
                refusal->message = *problem;
            return 0;
        }
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
    if (request.storeKey != 0 && m_forgotten.count(request.storeKey)) {
        if (refusal)
            refusal->message = "This download was removed from the list.";
        return 0;
    }
    const TransferId id = m_nextId++;
    Handle handle;
    handle.group = request.group;
    // Claimed from now on, not only once the engine thread adopted it: forgetRecord() sees it.
    handle.requestedKey = request.recordKey();
    m_handles.emplace(id, handle);
    if (group)
        m_handles.at(request.group).children.push_back(id);
    enqueue(cmd::Create{id, request});
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
    enqueue(cmd::CreateGroup{id});
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
    return enqueue(cmd::Start{id});
}

bool Session::Impl::forceStart(TransferId id)
{
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(id);
    if (!m_accepting || it == m_handles.end() || it->second.closed || it->second.completed
        || it->second.isGroup)
        return false;
    const bool begins = !it->second.pending;
    it->second.pending = true;
    return enqueue(cmd::ForceStart{id, begins});
}

bool Session::Impl::pause(TransferId id)
{
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(id);
    if (it == m_handles.end() || it->second.closed || !it->second.pending || it->second.isGroup)
        return false;
    return enqueue(cmd::Pause{id});
}

bool Session::Impl::cancel(TransferId id)
{
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(id);
    if (it == m_handles.end() || it->second.closed || it->second.isGroup)
        return false;
    return enqueue(cmd::Cancel{id});
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
    return enqueue(cmd::Close{id});
}

bool Session::Impl::remove(TransferId id, const RemoveOptions& options)
{
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(id);
    // A group has no record, and a group's child must close before its group's Closed.
    if (it == m_handles.end() || it->second.closed || it->second.isGroup || it->second.group)
        return false;
    // The wish rides on the close path: closeTransfer() finds it in the handle.
    it->second.closed = true;
    it->second.removing = true;
    it->second.deleteFiles = options.deleteFiles;
    // Its record is going: no create() continues it from now on.
    for (StoreKey key : {it->second.storeKey, it->second.requestedKey})
        if (key.value > 0)
            m_forgotten.insert(key.value);
    return enqueue(cmd::Close{id});
}

bool Session::Impl::forgetRecord(StoreKey key)
{
    std::lock_guard lock(m_mutex);
    if (key.value <= 0 || !m_writerOpen || !m_accepting)
        return false;
    for (const auto& [id, h] : m_handles)
        if (h.storeKey == key || h.requestedKey == key)
            return false;          // that transfer's own writes would race this one: remove() it
    m_forgotten.insert(key.value); // and no create() continues it from now on
    m_writer->post([key](Store& store) { store.remove(key); });
    return true;
}

bool Session::Impl::setRateLimit(TransferId id, std::int64_t rate)
{
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(id);
    if (it == m_handles.end() || it->second.closed || it->second.isGroup)
        return false;
    return enqueue(cmd::SetRate{id, rate});
}

void Session::Impl::setGlobalRateLimit(std::int64_t rate)
{
    std::lock_guard lock(m_mutex);
    enqueue(cmd::SetGlobalRate{rate});
}

void Session::Impl::updateOptions(const SessionOptions& options)
{
    std::lock_guard lock(m_mutex);
    enqueue(cmd::SetOptions{options});
}

bool Session::Impl::moveInQueue(TransferId id, int delta)
{
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(id);
    if (it == m_handles.end() || it->second.closed || it->second.isGroup)
        return false;
    return enqueue(cmd::MoveInQueue{id, delta});
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
    return enqueue(cmd::SetUrl{id, url});
}

SubscriptionId Session::Impl::subscribe(std::uint32_t mask, EventCallback cb, TransferId id,
                                        const void* code)
{
    // Found before any lock is taken: dladdr and dlopen take the dynamic loader's lock.
    ModulePins pins = ModulePins::forCallable(cb, code);
    if (id != 0) {
        // Hold the lock across subscribing so that close() cannot slip in between the check
        // and the registration (the Closed event would then miss this subscriber).
        std::unique_lock lock(m_mutex);
        auto it = m_handles.find(id);
        if (it == m_handles.end() || it->second.closed) {
            lock.unlock();
            // Refused: the callback (user code) and its pins go now, with no lock held.
            cb = nullptr;
            return 0;
        }
        return m_bridge.subscribe(mask, std::move(cb), id, std::move(pins));
    }
    return m_bridge.subscribe(mask, std::move(cb), 0, std::move(pins));
}

bool Session::Impl::setCallback(TransferId id, std::uint32_t mask, EventCallback cb,
                                const void* code)
{
    ModulePins pins = cb ? ModulePins::forCallable(cb, code) : ModulePins{};
    std::vector<SubscriptionId> earlier;
    if (cb) {
        std::unique_lock lock(m_mutex); // as in subscribe(): close() cannot slip in between
        auto it = m_handles.find(id);
        if (it == m_handles.end() || it->second.closed) {
            lock.unlock();
            cb = nullptr;
            return false;
        }
        earlier = m_bridge.setSlot(id, mask, std::move(cb), std::move(pins));
    } else {
        earlier = m_bridge.setSlot(id, 0, {}, {});
    }
    // Outside every lock: this may wait for an invocation on the engine thread.
    for (SubscriptionId s : earlier)
        m_bridge.unsubscribe(s);
    return true;
}

void Session::Impl::beginShutdown()
{
    std::lock_guard lock(m_mutex);
    if (!m_accepting)
        return;
    m_accepting = false;
    for (auto& [id, h] : m_handles)
        h.closed = true;
    enqueue(cmd::Shutdown{});
}

void Session::Impl::shutdown()
{
    if (m_engineThread.calledOnValidThread()) {
        // From inside a callback: the thread to join is this one. The engine stops after the
        // current round of deliveries; ~Session joins it.
        beginShutdown();
        return;
    }
    std::call_once(m_shutdownOnce, [this] {
        beginShutdown();
        m_thread.join();
    });
}

StoreKey Session::Impl::recordKey(TransferId id) const
{
    std::lock_guard lock(m_mutex);
    auto it = m_handles.find(id);
    return it == m_handles.end() ? StoreKey{} : it->second.storeKey;
}

std::optional<SegmentMap> Session::Impl::segmentMap(TransferId id) const
{
    {
        std::lock_guard lock(m_mutex);
        auto it = m_handles.find(id);
        if (it == m_handles.end() || it->second.closed || it->second.isGroup)
            return std::nullopt;
    }
    // Not nested in m_mutex: a close() between the two looks is a close() after this call.
    std::lock_guard lock(m_mapsMutex);
    auto it = m_maps.find(id);
    if (it == m_maps.end())
        return std::nullopt;
    return it->second;
}

Session::Stats Session::Impl::stats() const
{
    Stats s;
    s.delivered = m_bridge.delivered();
    s.inFlight = m_bridge.inFlight();
    s.subscriptions = m_bridge.subscriptions();
    s.callbackExceptions = m_bridge.exceptions();
    s.contractViolations = contractViolations();
    std::lock_guard lock(m_mutex);
    s.openHandles = m_handles.size();
    return s;
}

Session::Session(SessionOptions options) : m_impl(std::make_unique<Impl>(std::move(options))) {}
Session::~Session() = default; // ~Impl shuts down, then waits for the calls in progress

// Every call is counted while it runs (Impl::CallGuard), so that ~Session waits for it.

TransferId Session::create(const TransferRequest& r, Refusal* refusal)
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->create(r, refusal);
}
TransferId Session::createGroup()
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->createGroup();
}
bool Session::start(TransferId id)
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->start(id);
}
bool Session::forceStart(TransferId id)
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->forceStart(id);
}
bool Session::pause(TransferId id)
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->pause(id);
}
bool Session::cancel(TransferId id)
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->cancel(id);
}
bool Session::close(TransferId id)
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->close(id);
}
bool Session::remove(TransferId id, RemoveOptions options)
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->remove(id, options);
}
bool Session::forgetRecord(StoreKey key)
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->forgetRecord(key);
}
bool Session::setRateLimit(TransferId id, std::int64_t rate)
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->setRateLimit(id, rate);
}
void Session::setGlobalRateLimit(std::int64_t rate)
{
    const Impl::CallGuard guard(*m_impl);
    m_impl->setGlobalRateLimit(rate);
}
void Session::updateOptions(const SessionOptions& options)
{
    const Impl::CallGuard guard(*m_impl);
    m_impl->updateOptions(options);
}
bool Session::moveInQueue(TransferId id, int delta)
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->moveInQueue(id, delta);
}
bool Session::setUrl(TransferId id, const std::string& url, Refusal* refusal)
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->setUrl(id, url, refusal);
}
SubscriptionId Session::subscribe(std::uint32_t mask, EventCallback cb, TransferId id)
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->subscribe(mask, std::move(cb), id, nullptr);
}
SubscriptionId Session::subscribe(std::uint32_t mask, EventCallback cb, TransferId id,
                                  const void* code)
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->subscribe(mask, std::move(cb), id, code);
}
bool Session::setCallback(TransferId id, std::uint32_t mask, EventCallback cb, const void* code)
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->setCallback(id, mask, std::move(cb), code);
}
void Session::unsubscribe(SubscriptionId s)
{
    const Impl::CallGuard guard(*m_impl);
    m_impl->unsubscribe(s);
}
void Session::shutdown()
{
    const Impl::CallGuard guard(*m_impl);
    m_impl->shutdown();
}
Session::Stats Session::stats() const
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->stats();
}

std::optional<SegmentMap> Session::segmentMap(TransferId id) const
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->segmentMap(id);
}

std::int64_t Session::storeKey(TransferId id) const
{
    const Impl::CallGuard guard(*m_impl);
    return m_impl->recordKey(id).value;
}

} // namespace haul::engine
