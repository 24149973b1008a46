// SPDX-License-Identifier: MIT
// The callback bridge's life cycle, driven directly: the test thread (or a thread it starts)
// plays the engine thread and calls deliver(), so every interleaving below is made on purpose
// with latches, not hoped for with sleeps. Rules 5, 6 and 15 of docs/ARCHITECTURE.md.
#include "adversarialsupport.h"
#include "session/callbackbridge.h"
#include "session/contractcheck.h"
#include "session/contractmonitor.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <future>
#include <mutex>
#include <stdexcept>
#include <thread>

namespace {

using namespace haul::engine;
using namespace std::chrono_literals;

// A one-shot gate (adversarialsupport.h): waitFor() blocks until set() or the deadline.
using Latch = haul::test::Flag;
constexpr auto kDeadline = std::chrono::milliseconds(30'000);

Event event(TransferId id, EventType type)
{
    Event e;
    e.id = id;
    e.type = type;
    return e;
}

// Runs deliver() on a thread of its own, as the engine thread would.
class EngineThread {
public:
    explicit EngineThread(CallbackBridge& bridge) : m_bridge(bridge) {}
    ~EngineThread() { join(); }
    void deliver(Event e)
    {
        join();
        m_thread = std::thread([this, e] {
            m_bridge.bindDeliveryThread();
            m_bridge.deliver(e);
            if (e.type == Closed)
                m_bridge.revokeFor(e.id);
        });
    }
    void join()
    {
        if (m_thread.joinable())
            m_thread.join();
    }

private:
    CallbackBridge& m_bridge;
    std::thread m_thread;
};

// Returns true when f() finished within the deadline. A call that hangs fails the test instead
// of hanging the suite (the thread is left behind; the process ends soon after anyway).
template <class F> bool finishesWithin(std::chrono::seconds deadline, F f)
{
    auto done = std::make_shared<std::promise<void>>();
    auto future = done->get_future();
    std::thread([f = std::move(f), done]() mutable {
        f();
        done->set_value();
    }).detach();
    return future.wait_for(deadline) == std::future_status::ready;
}

TEST(Bridge, EveryUnsubscribeFromOutsideWaitsForTheRunningCallback)
{
    CallbackBridge bridge;
    Latch entered, release;
    std::atomic<bool> running{false};
    const auto id = bridge.subscribe(kAllEvents,
                                     [&](const Event&) {
                                         running = true;
                                         entered.set();
                                         release.waitFor(kDeadline);
                                         running = false;
                                     },
                                     7, {});
    EngineThread engine(bridge);
    engine.deliver(event(7, Progress));
    ASSERT_TRUE(entered.waitFor(kDeadline));

    // Two threads at once, and a third after the first two: none may return while it runs.
    std::atomic<int> returnedWhileRunning{0}, returned{0};
    auto unsubscribe = [&] {
        bridge.unsubscribe(id);
        if (running)
            ++returnedWhileRunning;
        ++returned;
    };
    std::thread a(unsubscribe), b(unsubscribe), c(unsubscribe);
    // They are blocked (not merely late): the subscription is revoked but still there.
    EXPECT_EQ(bridge.subscriptions(), 1u);
    EXPECT_EQ(returned.load(), 0);
    release.set();
    a.join();
    b.join();
    c.join();
    engine.join();
    EXPECT_EQ(returnedWhileRunning.load(), 0);
    EXPECT_EQ(returned.load(), 3);
    EXPECT_EQ(bridge.subscriptions(), 0u);
    EXPECT_EQ(bridge.inFlight(), 0u);
}

TEST(Bridge, UnsubscribeAfterTheCallbackUnsubscribedItselfStillWaits)
{
    CallbackBridge bridge;
    Latch unsubscribedItself, release;
    std::atomic<bool> running{false};
    SubscriptionId id = 0;
    std::atomic<bool> innerReturnedAtOnce{false};
    id = bridge.subscribe(
        kAllEvents,
        [&](const Event&) {
            running = true;
            innerReturnedAtOnce = !bridge.unsubscribe(id); // from inside: no wait, false
            unsubscribedItself.set();
            release.waitFor(kDeadline); // module code still running after it unsubscribed itself
            running = false;
        },
        0, {});
    EngineThread engine(bridge);
    engine.deliver(event(3, Progress));
    ASSERT_TRUE(unsubscribedItself.waitFor(kDeadline));
    EXPECT_TRUE(innerReturnedAtOnce);

    std::atomic<bool> outerReturned{false};
    std::thread outer([&] {
        EXPECT_TRUE(bridge.unsubscribe(id));
        EXPECT_FALSE(running) << "unsubscribe returned while the callback still ran";
        outerReturned = true;
    });
    EXPECT_FALSE(outerReturned);
    release.set();
    outer.join();
    engine.join();
    EXPECT_TRUE(outerReturned);
    EXPECT_EQ(bridge.subscriptions(), 0u);
}

// What a module's captured object would do: note its destruction in memory the test owns.
// Held by shared_ptr in the capture, so it dies with the last copy of the callback.
struct Witness {
    std::atomic<int>* destroyed;
    std::thread::id* where;
    Witness(std::atomic<int>* d, std::thread::id* w) : destroyed(d), where(w) {}
    Witness(const Witness&) = delete;
    Witness& operator=(const Witness&) = delete;
    ~Witness()
    {
        *where = std::this_thread::get_id();
        ++*destroyed;
    }
};

TEST(Bridge, TheCallbackObjectIsGoneWhenUnsubscribeReturns)
{
    CallbackBridge bridge;
    std::atomic<int> destroyed{0};
    std::thread::id where;
    const auto id = bridge.subscribe(
        kAllEvents, [w = std::make_shared<Witness>(&destroyed, &where)](const Event&) {}, 0, {});
    EXPECT_EQ(destroyed.load(), 0);
    EXPECT_TRUE(bridge.unsubscribe(id));
    EXPECT_EQ(destroyed.load(), 1);
    EXPECT_EQ(where, std::this_thread::get_id());
    EXPECT_TRUE(bridge.unsubscribe(id)); // idempotent, and nothing destroyed twice
    EXPECT_EQ(destroyed.load(), 1);
}

TEST(Bridge, AfterClosedTheEngineDestroysTheCallbackOnItsThreadWithNoLockHeld)
{
    CallbackBridge bridge;
    std::atomic<int> destroyed{0};
    std::thread::id where;
    // The captured object's destructor calls back into the bridge: under a bridge lock this
    // would deadlock (rule 15).
    const SubscriptionId companion = bridge.subscribe(kAllEvents, [](const Event&) {}, 0, {});
    struct UnsubscribesCompanion {
        CallbackBridge* bridge;
        SubscriptionId companion;
        Witness witness;
        UnsubscribesCompanion(CallbackBridge* b, SubscriptionId c, std::atomic<int>* d,
                              std::thread::id* w)
            : bridge(b), companion(c), witness(d, w)
        {
        }
        ~UnsubscribesCompanion() { bridge->unsubscribe(companion); }
    };
    bridge.subscribe(kAllEvents,
                     [u = std::make_shared<UnsubscribesCompanion>(&bridge, companion, &destroyed,
                                                                  &where)](const Event&) {},
                     9, {});
    EXPECT_EQ(bridge.subscriptions(), 2u);
    std::thread::id engineId;
    ASSERT_TRUE(finishesWithin(20s, [&] {
        std::thread engine([&] {
            engineId = std::this_thread::get_id();
            bridge.bindDeliveryThread();
            bridge.deliver(event(9, Closed));
            bridge.revokeFor(9);
        });
        engine.join();
    })) << "the engine thread deadlocked destroying a callback";
    EXPECT_EQ(destroyed.load(), 1);
    EXPECT_EQ(where, engineId);
    EXPECT_EQ(bridge.subscriptions(), 0u) << "the companion was not unsubscribed";
}

TEST(Bridge, AThrowingCallbackIsCountedAndEveryoneElseStillHearsIt)
{
    CallbackBridge bridge;
    bridge.bindDeliveryThread();
    int before = 0, after = 0, throws = 0;
    SubscriptionId thrower = 0;
    bridge.subscribe(kAllEvents, [&](const Event&) { ++before; }, 0, {});
    thrower = bridge.subscribe(kAllEvents,
                               [&](const Event& e) {
                                   ++throws;
                                   if (e.type == Progress)
                                       throw std::runtime_error("module bug");
                                   throw 42; // not even an exception type
                               },
                               0, {});
    bridge.subscribe(kAllEvents, [&](const Event&) { ++after; }, 0, {});
    bridge.deliver(event(1, Progress));
    bridge.deliver(event(1, Completed));
    EXPECT_EQ(throws, 2);
    EXPECT_EQ(before, 2);
    EXPECT_EQ(after, 2);
    EXPECT_EQ(bridge.exceptions(), 2u);
    EXPECT_EQ(bridge.inFlight(), 0u);
    EXPECT_EQ(bridge.delivered(), 6u);
    // "Inside this callback" was unwound with the exception: from here (outside) unsubscribe
    // is a normal one and reports that it is over.
    EXPECT_TRUE(bridge.unsubscribe(thrower));
}

TEST(Bridge, ASlotReplacesAtomicallyAndClearingWaitsForEveryEarlierCallback)
{
    CallbackBridge bridge;
    Latch entered, release;
    std::atomic<bool> oldRunning{false};
    std::atomic<int> oldCalls{0}, newCalls{0};
    auto waitFor = [&](const std::vector<SubscriptionId>& ids) {
        for (auto id : ids)
            bridge.unsubscribe(id);
    };
    waitFor(bridge.setSlot(5, kAllEvents,
                           [&](const Event&) {
                               ++oldCalls;
                               oldRunning = true;
                               entered.set();
                               release.waitFor(kDeadline);
                               oldRunning = false;
                           },
                           {}));
    EngineThread engine(bridge);
    engine.deliver(event(5, Progress));
    ASSERT_TRUE(entered.waitFor(kDeadline));

    // Thread A installs a replacement (it waits for the old one); thread B clears the slot
    // meanwhile: B must not return while the old callback runs, although A took it out.
    std::atomic<bool> aReturnedEarly{false}, bReturnedEarly{false};
    std::thread a([&] {
        waitFor(bridge.setSlot(5, kAllEvents, [&](const Event&) { ++newCalls; }, {}));
        aReturnedEarly = oldRunning.load();
    });
    std::thread b([&] {
        waitFor(bridge.setSlot(5, 0, {}, {}));
        bReturnedEarly = oldRunning.load();
    });
    release.set();
    a.join();
    b.join();
    engine.join();
    EXPECT_FALSE(aReturnedEarly);
    EXPECT_FALSE(bReturnedEarly);
    EXPECT_EQ(oldCalls.load(), 1);

    // Whatever order A and B ran in, at most one callback is installed and each event reaches
    // exactly as many callbacks as are installed.
    bridge.bindDeliveryThread();
    bridge.deliver(event(5, Progress));
    EXPECT_LE(newCalls.load(), 1);
    // The transfer's Closed ends the slot: nothing is kept for it.
    bridge.deliver(event(5, Closed));
    bridge.revokeFor(5);
    EXPECT_EQ(bridge.subscriptions(), 0u);
    EXPECT_EQ(bridge.slots(), 0u);
}

TEST(Bridge, ClearingASlotFromInsideItsCallbackLeavesTheWaitToTheNextCaller)
{
    CallbackBridge bridge;
    Latch cleared, release;
    std::atomic<bool> running{false};
    auto clear = [&] {
        bool waited = true;
        for (auto id : bridge.setSlot(4, 0, {}, {}))
            waited = bridge.unsubscribe(id) && waited;
        return waited;
    };
    for (auto id : bridge.setSlot(4, kAllEvents,
                                  [&](const Event&) {
                                      running = true;
                                      EXPECT_FALSE(clear()); // from inside: returns at once
                                      cleared.set();
                                      release.waitFor(kDeadline);
                                      running = false;
                                  },
                                  {}))
        bridge.unsubscribe(id);
    EngineThread engine(bridge);
    engine.deliver(event(4, Progress));
    ASSERT_TRUE(cleared.waitFor(kDeadline));
    // The module's unload path clears it again: this one waits.
    std::thread unload([&] {
        EXPECT_TRUE(clear());
        EXPECT_FALSE(running) << "cleared while the callback still ran";
    });
    release.set();
    unload.join();
    engine.join();
    EXPECT_EQ(bridge.slots(), 0u);
    EXPECT_EQ(bridge.subscriptions(), 0u);
}

TEST(ContractMonitor, AcceptsTheContractsSequences)
{
    ContractMonitor m;
    m.opened(1);
    m.accepted(1);
    EXPECT_TRUE(m.check(event(1, Resolving)));
    EXPECT_TRUE(m.check(event(1, Progress)));
    EXPECT_TRUE(m.check(event(1, Paused)));
    m.accepted(1);
    EXPECT_TRUE(m.check(event(1, Cancelled)));
    EXPECT_TRUE(m.check(event(1, Closed)));
    EXPECT_EQ(m.tracked(), 0u); // nothing kept after Closed
    m.opened(2);                // a group, or a transfer never started
    EXPECT_TRUE(m.check(event(2, Closed)));
}

// Each case breaks one rule. In test builds a violation aborts, loudly; in a release build it
// is counted and the event is to be dropped.
void expectViolation(const std::function<bool(ContractMonitor&)>& breakIt)
{
    ContractMonitor m;
    if (contractViolationsAreFatal()) {
        EXPECT_DEATH(breakIt(m), "contract violation");
    } else {
        const auto before = contractViolations();
        EXPECT_FALSE(breakIt(m));
        EXPECT_EQ(contractViolations(), before + 1);
    }
}

TEST(ContractMonitorDeathTest, CatchesEachBrokenRule)
{
    GTEST_FLAG_SET(death_test_style, "threadsafe");
    expectViolation([](ContractMonitor& m) { // rule 3: informational with nothing pending
        m.opened(1);
        return m.check(event(1, Progress));
    });
    expectViolation([](ContractMonitor& m) { // rule 1: a second completion
        m.opened(1);
        m.accepted(1);
        m.check(event(1, Completed));
        return m.check(event(1, Failed));
    });
    expectViolation([](ContractMonitor& m) { // rule 4: anything after Closed
        m.opened(1);
        m.check(event(1, Closed));
        return m.check(event(1, Closed));
    });
    expectViolation([](ContractMonitor& m) { // rule 4: Closed before the completion
        m.opened(1);
        m.accepted(1);
        return m.check(event(1, Closed));
    });
}

} // namespace
