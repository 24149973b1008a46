// SPDX-License-Identifier: MIT
#pragma once

#include "session/contractcheck.h"
#include "session/modulepins.h"
#include <haul/events.h>
#include <haul/session.h>

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace haul::engine {

// Tracks every subscription and every callback in flight, so that unsubscribing synchronizes
// with delivery and a module may be unloaded at any moment after it asked to stop (rules 5, 6
// and 15 in docs/ARCHITECTURE.md).
//
// Threads: deliver() and revokeFor() are called by the engine thread only (bound with
// bindDeliveryThread()). subscribe() and unsubscribe() may be called from any thread, also from
// inside a callback being delivered.
//
// A subscription lives through four steps, all under m_mutex:
//   live     -> delivered to;
//   revoked  -> no invocation starts any more (unsubscribe, or its transfer's Closed was
//               delivered); invocations already running finish;
//   claimed  -> none is running, and one thread (whichever saw it idle first) destroys the
//               callback object with no lock held, then releases the module pins;
//   gone     -> erased; every unsubscribe() waiting for it returns.
// An unsubscribe() made outside the callback waits for "gone", however many threads call it
// and in whatever order, so when it returns nothing of the callback runs or exists. Made from
// inside the callback (or from the destructor of what it captured) it returns at once, and the
// engine thread destroys the callback after the current invocation returned; the pins keep the
// module's code mapped until then.
//
// No user code (callback, captured destructor) ever runs with m_mutex held. An exception thrown
// by a callback is caught here, counted and logged; delivery goes on to the other subscribers.
class CallbackBridge {
public:
    void bindDeliveryThread() { m_deliveryThread.bindToCurrentThread(); }

    SubscriptionId subscribe(std::uint32_t mask, EventCallback callback, TransferId filter,
                             ModulePins pins);
    // The transfer's one replaceable callback (Session::setCallback): registers `callback`
    // (when not empty) and revokes the one the slot held before, in one step, so every event
    // goes to exactly one of them. Returns the slot's subscriptions that are not gone yet, for
    // the caller to unsubscribe() (to wait for) outside every lock.
    std::vector<SubscriptionId> setSlot(TransferId transfer, std::uint32_t mask,
                                        EventCallback callback, ModulePins pins);
    // true: nothing of the callback runs or exists any more (also for an id that is gone or
    // unknown). false: called from inside the callback (or its destruction); it ends by itself.
    bool unsubscribe(SubscriptionId id);
    // Revokes every subscription bound to this transfer and destroys those not running: after
    // its Closed was delivered.
    void revokeFor(TransferId transfer);
    // Calls every live subscription whose mask and filter match, in the order they subscribed.
    void deliver(const Event& event);

    std::uint64_t delivered() const { return m_delivered.load(std::memory_order_relaxed); }
    std::uint64_t inFlight() const { return m_inFlight.load(std::memory_order_relaxed); }
    std::uint64_t exceptions() const { return m_exceptions.load(std::memory_order_relaxed); }
    std::size_t subscriptions() const; // not yet gone
    std::size_t slots() const;         // transfers with a replaceable callback, or one retiring

private:
    struct Subscription {
        SubscriptionId id = 0;
        std::uint32_t mask = 0;
        TransferId filter = 0;
        ModulePins pins;        // released right after the callback (declared first, so that
                                // a plain destruction too ends the callback before the pins)
        EventCallback callback; // destroyed by the claiming thread, outside the lock
        // Guarded by m_mutex:
        bool inSlot = false; // its transfer's replaceable callback (setSlot)
        bool revoked = false;
        bool claimed = false;
        int running = 0;
    };
    // A transfer's replaceable callback: the one installed now and those replaced or removed
    // that are not gone yet. Erased once both are empty (bounded by the open transfers).
    struct Slot {
        SubscriptionId current = 0;
        std::vector<SubscriptionId> retiring;
    };
    using Ptr = std::shared_ptr<Subscription>;

    Ptr registerLocked(std::uint32_t mask, EventCallback callback, TransferId filter,
                       ModulePins pins);
    void revokeLocked(const Ptr& sub);
    // Claims sub for destruction if it is revoked, idle and unclaimed.
    bool claimLocked(const Ptr& sub);
    // Destroys the callback and releases its pins (no lock held), then erases it.
    void destroyClaimed(const Ptr& sub);
    void invoke(Subscription& sub, const Event& event);

    mutable std::mutex m_mutex;
    std::condition_variable m_changed;             // an invocation ended, or a subscription is gone
    std::unordered_map<SubscriptionId, Ptr> m_all; // until gone
    std::vector<Ptr> m_global;                     // live, filter 0, in id order
    std::unordered_map<TransferId, std::vector<Ptr>> m_byTransfer; // live, in id order
    std::unordered_map<TransferId, Slot> m_slots;
    SubscriptionId m_nextId = 1;
    ThreadChecker m_deliveryThread;
    std::atomic<std::uint64_t> m_delivered{0};
    std::atomic<std::uint64_t> m_inFlight{0};
    std::atomic<std::uint64_t> m_exceptions{0};
};

} // namespace haul::engine
