// SPDX-License-Identifier: MIT
#pragma once

#include <haul/events.h>
#include <haul/session.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace haul::engine {

// Tracks every subscription and every callback in flight, so that unsubscribing synchronizes
// with delivery (DESIGN.md rules 5 and 6).
//
// Threads: deliver() is called by the engine thread only. subscribe(), unsubscribe() and
// revokeFor() may be called from any thread, including from inside a callback being delivered.
//
// unsubscribe() marks the subscription revoked under the lock, so no new invocation starts;
// then, unless the calling thread is itself inside that subscription's callback (a thread-local
// list of active deliveries tells), it waits until the in-flight count drops to zero.
class CallbackBridge {
public:
    SubscriptionId subscribe(std::uint32_t mask, EventCallback callback, TransferId filter);
    void unsubscribe(SubscriptionId id);
    // Revokes (without waiting) every subscription bound to this transfer: used after Closed.
    void revokeFor(TransferId transfer);
    // Calls every live subscription whose mask and filter match, one after another.
    void deliver(const Event& event);

    std::uint64_t delivered() const { return m_delivered.load(std::memory_order_relaxed); }
    std::uint64_t inFlight() const { return m_inFlight.load(std::memory_order_relaxed); }

private:
    struct Subscription {
        SubscriptionId id = 0;
        std::uint32_t mask = 0;
        TransferId filter = 0;
        EventCallback callback;
        bool revoked = false; // guarded by m_mutex
        int running = 0;      // invocations in progress, guarded by m_mutex
    };

    void removeLocked(SubscriptionId id);

    mutable std::mutex m_mutex;
    std::condition_variable m_idle;
    std::vector<std::shared_ptr<Subscription>> m_subscriptions;
    SubscriptionId m_nextId = 1;
    std::atomic<std::uint64_t> m_delivered{0};
    std::atomic<std::uint64_t> m_inFlight{0};
};

} // namespace haul::engine
