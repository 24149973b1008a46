// SPDX-License-Identifier: MIT
// Adversarial tests of the callback contract (docs/ARCHITECTURE.md, rules 4, 5, 12, 13, 15) through
// the C++ API: callbacks that unsubscribe themselves and keep running, several threads
// unsubscribing one subscription, captured objects whose destructors call back into the session,
// callbacks that throw, a session destroyed while a call into it is still on its way out, and
// shutdown or a group's close racing with calls from other threads.
//
// Each test attacks one promise and says which in its failure message. A broken promise shows
// as a failed expectation, a sanitizer report, a crash, or, for a deadlock, as "HANG: ..." from
// the watchdog (the process exits at once instead of sitting until CTest's timeout).
// The random parts print their seed; HAUL_ADVERSARIAL_SEED replays one, HAUL_ADVERSARIAL_CYCLES
// makes them longer.
#include "adversarialsupport.h"
#include "eventrecorder.h"
#include "testsupport.h"

#include <haul/server/httpserver.h>
#include <haul/session.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <stdexcept>
#include <thread>
#include <utility>
#include <vector>

using namespace haul;
using namespace std::chrono_literals;

namespace {

void serveTestFiles(server::HttpServer& server)
{
    // Throttled so that a transfer is mid-body for as long as a test needs it to be.
    server::Resource slow;
    slow.size = 256u << 20;
    slow.rateBytesPerSec = 2u << 20;
    server.addResource("/slow", slow);
    // Done in about a third of a second, with a progress event or two on the way.
    server::Resource small;
    small.size = 300'000;
    small.rateBytesPerSec = 1u << 20;
    server.addResource("/small", small);
}

engine::SessionOptions testOptions()
{
    engine::SessionOptions o;
    o.maxRetries = 0;
    o.maxConcurrent = 16;
    return o;
}

// Every Completion and Closed of a session in one global order, for "children before parent".
class Order {
public:
    explicit Order(engine::Session& session) : m_session(session)
    {
        m_subscription = session.subscribe(engine::kCompletionMask | engine::Closed,
                                           [this](const engine::Event& e) {
                                               std::lock_guard lock(m_mutex);
                                               m_events.emplace_back(e.id, e.type);
                                           });
    }
    ~Order() { m_session.unsubscribe(m_subscription); }
    Order(const Order&) = delete;
    Order& operator=(const Order&) = delete;

    // Position of the first (id, type), or -1.
    long indexOf(engine::TransferId id, engine::EventType type) const
    {
        std::lock_guard lock(m_mutex);
        const auto it = std::find(m_events.begin(), m_events.end(), std::make_pair(id, type));
        return it == m_events.end() ? -1 : static_cast<long>(it - m_events.begin());
    }
    long count(engine::TransferId id, engine::EventType type) const
    {
        std::lock_guard lock(m_mutex);
        return std::count(m_events.begin(), m_events.end(), std::make_pair(id, type));
    }

private:
    engine::Session& m_session;
    engine::SubscriptionId m_subscription = 0;
    mutable std::mutex m_mutex;
    std::vector<std::pair<engine::TransferId, engine::EventType>> m_events;
};

// Event types one subscription received, any thread may read them.
class Collected {
public:
    void add(engine::EventType type)
    {
        std::lock_guard lock(m_mutex);
        m_types.push_back(type);
    }
    std::vector<engine::EventType> types() const
    {
        std::lock_guard lock(m_mutex);
        return m_types;
    }
    bool has(engine::EventType type) const
    {
        const auto t = types();
        return std::find(t.begin(), t.end(), type) != t.end();
    }

private:
    mutable std::mutex m_mutex;
    std::vector<engine::EventType> m_types;
};

// Sets a flag when the last copy of what a callback captured is destroyed.
struct Canary {
    explicit Canary(std::shared_ptr<std::atomic<bool>> gone) : m_gone(std::move(gone)) {}
    ~Canary() { *m_gone = true; }
    std::shared_ptr<std::atomic<bool>> m_gone;
};

// Captured by a callback: its destructor is user code that calls back into the session
// (rule 15: the destructors of what callbacks captured run with no engine lock held).
struct CallsBackWhenDestroyed {
    CallsBackWhenDestroyed(std::function<void()> action, std::shared_ptr<test::Flag> done)
        : m_action(std::move(action)), m_done(std::move(done))
    {
    }
    ~CallsBackWhenDestroyed()
    {
        m_action();
        m_done->set();
    }
    std::function<void()> m_action;
    std::shared_ptr<test::Flag> m_done;
};

struct Attack : ::testing::Test {
    Attack()
    {
        EXPECT_TRUE(server.start()) << server.error();
        serveTestFiles(server);
        session.emplace(testOptions());
        recorder.emplace(*session);
    }
    ~Attack() override
    {
        watchdog.stage("tear-down: ~EventRecorder (unsubscribe) and ~Session");
        recorder.reset();
        session.reset();
    }

    engine::TransferId add(const std::string& path)
    {
        engine::Refusal refusal;
        const auto id = session->create(
            {server.url(path), dir.path(), "f" + std::to_string(++files)}, &refusal);
        EXPECT_NE(id, 0u) << refusal.message;
        return id;
    }

    void closeAndCheck(engine::TransferId id)
    {
        session->close(id);
        ASSERT_TRUE(recorder->waitClosed(id)) << "transfer " << id << " never reached Closed";
        EXPECT_EQ(recorder->sequence(id).back(), "closed");
        EXPECT_TRUE(recorder->violations().empty())
            << testing::PrintToString(recorder->violations());
    }

    // After an attack the engine must still deliver: a small download runs to its end.
    void sessionStillWorks()
    {
        watchdog.stage("a download after the attack (is the engine thread still alive?)");
        const auto id = add("/small");
        ASSERT_TRUE(recorder->start(id));
        ASSERT_TRUE(recorder->waitSettled(id, 20s)) << "the engine stopped delivering";
        EXPECT_EQ(recorder->completions(id), 1);
        EXPECT_EQ(recorder->last(id, engine::Completed).type, engine::Completed);
        closeAndCheck(id);
    }

    // The engine destroys a per-transfer callback by itself after the transfer's Closed; the
    // destructor of what it captured runs `action`, which calls into the session.
    void engineDestroysACallbackThatCallsBack(std::function<void()> action, engine::TransferId id)
    {
        auto done = std::make_shared<test::Flag>();
        auto hook = std::make_shared<CallsBackWhenDestroyed>(std::move(action), done);
        ASSERT_NE(session->subscribe(
                      engine::kAllEvents, [hook](const engine::Event&) {}, id),
                  0u);
        hook.reset(); // the callback holds the only reference now
        ASSERT_TRUE(recorder->start(id));
        ASSERT_TRUE(recorder->waitFor(id, engine::HeadersReceived));
        ASSERT_TRUE(session->close(id));
        ASSERT_TRUE(recorder->waitClosed(id));
        watchdog.stage("the engine destroying a closed transfer's callback whose captured "
                       "destructor calls into the session (user code under the bridge's lock?)");
        ASSERT_TRUE(done->waitFor(10s))
            << "10 s after Closed the callback's captured object was still not destroyed: its "
               "destructor called into the session and the engine thread deadlocked (rule 15)";
        sessionStillWorks();
    }

    test::Watchdog watchdog{120s}; // first: it outlives the session's destruction
    server::HttpServer server;
    test::TempDir dir;
    std::optional<engine::Session> session;
    std::optional<test::EventRecorder> recorder;
    int files = 0;
};

// --- Rule 5: unsubscribe synchronizes, however many callers there are ---------------------

// Two threads unsubscribe one subscription while its callback runs on the engine thread. The
// first waits; the second must wait too, not return because the first already removed it.
TEST_F(Attack, Rule05_SecondUnsubscribeOnAnotherThreadWaitsToo)
{
    const auto id = add("/slow");
    std::atomic<bool> first{true};
    std::atomic<bool> running{false};
    test::Flag entered;
    test::Flag secondReturned;
    const auto sub = session->subscribe(engine::kAllEvents, [&](const engine::Event&) {
        if (!first.exchange(false))
            return;
        running = true;
        entered.set();
        // Inside until the second unsubscribe returns (it must not), or long enough that one
        // which does wait has visibly waited.
        secondReturned.waitFor(1500ms);
        running = false;
    });
    ASSERT_TRUE(recorder->start(id));
    ASSERT_TRUE(entered.waitFor(10s));

    std::atomic<pid_t> firstTid{0};
    std::atomic<bool> firstReturnedEarly{false};
    std::atomic<bool> secondReturnedEarly{false};
    {
        std::jthread a([&] {
            firstTid = gettid();
            session->unsubscribe(sub);
            firstReturnedEarly = running.load();
        });
        ASSERT_TRUE(test::waitAsleep(firstTid, 10s)) << "the first unsubscribe never blocked";
        std::jthread b([&] {
            session->unsubscribe(sub);
            secondReturnedEarly = running.load();
            secondReturned.set();
        });
    }
    EXPECT_FALSE(firstReturnedEarly) << "unsubscribe returned while its callback still ran";
    EXPECT_FALSE(secondReturnedEarly)
        << "the second unsubscribe of the same subscription returned while its callback was "
           "still running on the engine thread (rules 5 and 6: every unsubscribe made outside "
           "the callback waits)";
    closeAndCheck(id);
}

// A callback removes itself from inside (returns at once: fine) and keeps running. Another
// thread's unsubscribe of the same id must not return until that invocation returned, and by
// then nothing of the callback may exist any more: a module could be unloaded right after.
TEST_F(Attack, Rule05_UnsubscribeWaitsForACallbackThatRemovedItselfAndKeepsRunning)
{
    const auto id = add("/slow");
    auto canaryGone = std::make_shared<std::atomic<bool>>(false);
    auto canary = std::make_shared<Canary>(canaryGone);
    std::atomic<bool> first{true};
    std::atomic<bool> running{false};
    std::atomic<engine::SubscriptionId> self{0};
    test::Flag removedItself;
    test::Flag outsideReturned;
    const auto sub = session->subscribe(engine::kAllEvents, [&, canary](const engine::Event&) {
        if (!first.exchange(false))
            return;
        running = true;
        session->unsubscribe(self.load()); // from inside: at once; this invocation is the last
        removedItself.set();
        outsideReturned.waitFor(1500ms);
        running = false;
    });
    canary.reset();
    self = sub;
    ASSERT_TRUE(recorder->start(id));
    ASSERT_TRUE(removedItself.waitFor(10s));

    session->unsubscribe(sub);
    const bool returnedEarly = running.load();
    const bool callbackStillExisted = !canaryGone->load();
    outsideReturned.set();
    EXPECT_FALSE(returnedEarly)
        << "unsubscribe on another thread returned while the callback that had removed itself "
           "was still running (rules 5 and 6)";
    EXPECT_FALSE(callbackStillExisted)
        << "unsubscribe returned while the callback object (and what it captured) still "
           "existed; the engine destroys it later, after its module may be gone (rule 6)";
    closeAndCheck(id);
}

// Unsubscribing another subscription from inside a callback: it must not be invoked again,
// not even for the event being delivered right now, and it must be gone on return.
TEST_F(Attack, Sibling_UnsubscribeAnotherSubscriptionFromInsideACallback)
{
    const auto id = add("/slow");
    std::atomic<int> otherCalls{0};
    std::atomic<int> otherCallsAtReturn{-1};
    std::atomic<bool> otherGoneAtReturn{false};
    std::atomic<engine::SubscriptionId> other{0};
    std::atomic<bool> done{false};
    auto gone = std::make_shared<std::atomic<bool>>(false);
    // Subscribed first, delivered first: for the same event the other one comes after it.
    const auto killer = session->subscribe(engine::Progress, [&](const engine::Event& e) {
        if (e.id != id || done.exchange(true))
            return;
        session->unsubscribe(other.load());
        otherCallsAtReturn = otherCalls.load();
        otherGoneAtReturn = gone->load();
    });
    other = session->subscribe(engine::kAllEvents,
                               [&otherCalls, canary = std::make_shared<Canary>(gone)](
                                   const engine::Event&) { ++otherCalls; });
    ASSERT_TRUE(recorder->start(id));
    ASSERT_TRUE(recorder->waitFor(id, engine::Progress));
    ASSERT_TRUE(test::eventually([&] { return otherCallsAtReturn.load() >= 0; }, 10s));
    closeAndCheck(id);
    session->unsubscribe(killer);
    EXPECT_EQ(otherCalls.load(), otherCallsAtReturn.load())
        << "a subscription was invoked after another callback's unsubscribe of it returned";
    EXPECT_TRUE(otherGoneAtReturn.load())
        << "its callback object still existed when unsubscribe returned";
}

// Subscribing from inside a callback: the new subscriptions get what follows (a per-transfer
// one its transfer's Cancelled and Closed, then ends by itself); subscribing to a transfer
// from inside its own Closed is refused.
TEST_F(Attack, Sibling_SubscribeFromInsideACallback)
{
    const auto id = add("/slow");
    Collected global;
    Collected perTransfer;
    std::atomic<engine::SubscriptionId> globalSub{0};
    std::atomic<engine::SubscriptionId> perTransferSub{0};
    std::atomic<int> subscribeInsideClosed{-1};
    const auto spawner = session->subscribe(engine::kAllEvents, [&](const engine::Event& e) {
        if (e.id != id)
            return;
        if (e.type == engine::Progress && globalSub == 0) {
            globalSub = session->subscribe(engine::kAllEvents, [&](const engine::Event& g) {
                if (g.id == id)
                    global.add(g.type);
            });
            perTransferSub = session->subscribe(
                engine::kAllEvents, [&](const engine::Event& p) { perTransfer.add(p.type); }, id);
        }
        if (e.type == engine::Closed)
            subscribeInsideClosed = session->subscribe(
                                        engine::kAllEvents, [](const engine::Event&) {}, id)
                                    != 0;
    });
    ASSERT_TRUE(recorder->start(id));
    ASSERT_TRUE(recorder->waitFor(id, engine::Progress));
    ASSERT_TRUE(test::eventually([&] { return perTransferSub.load() != 0; }, 10s));
    closeAndCheck(id);
    ASSERT_TRUE(test::eventually([&] { return global.has(engine::Closed); }, 10s));
    ASSERT_TRUE(test::eventually([&] { return perTransfer.has(engine::Closed); }, 10s));
    ASSERT_TRUE(test::eventually([&] { return subscribeInsideClosed.load() >= 0; }, 10s));
    EXPECT_EQ(subscribeInsideClosed.load(), 0)
        << "subscribing to a transfer from inside its own Closed was accepted";
    for (const Collected* c : {&global, &perTransfer}) {
        const auto types = c->types();
        ASSERT_GE(types.size(), 2u);
        EXPECT_EQ(types.back(), engine::Closed);
        EXPECT_EQ(types[types.size() - 2], engine::Cancelled);
    }
    session->unsubscribe(perTransferSub); // ended by itself; must return at once
    session->unsubscribe(globalSub);
    session->unsubscribe(spawner);
}

// A per-transfer subscribe racing with close() of that transfer: either refused, or it gets
// exactly one Closed and then ends by itself.
TEST_F(Attack, Sibling_PerTransferSubscribeRacesWithClose)
{
    watchdog.stage("per-transfer subscribe racing with close");
    const unsigned seed = test::adversarialSeed();
    std::mt19937 rng(seed);
    for (int round = 0; round < 30; ++round) {
        const auto id = add("/slow");
        ASSERT_TRUE(recorder->start(id));
        std::vector<std::pair<engine::SubscriptionId, std::shared_ptr<std::atomic<int>>>> subs;
        {
            std::jthread subscriber([&] {
                for (int i = 0; i < 200; ++i) {
                    auto closed = std::make_shared<std::atomic<int>>(0);
                    const auto s = session->subscribe(
                        engine::Closed, [closed](const engine::Event&) { ++*closed; }, id);
                    if (!s)
                        break;
                    subs.emplace_back(s, closed);
                }
            });
            std::this_thread::sleep_for(std::chrono::microseconds(rng() % 2000));
            session->close(id);
        }
        ASSERT_TRUE(recorder->waitClosed(id));
        for (const auto& [s, closed] : subs) {
            EXPECT_TRUE(test::eventually([&] { return closed->load() >= 1; }, 10s))
                << "an accepted per-transfer subscription never got its transfer's Closed";
            EXPECT_EQ(closed->load(), 1);
            session->unsubscribe(s);
        }
    }
    EXPECT_TRUE(recorder->violations().empty()) << testing::PrintToString(recorder->violations());
}

// Closing, cancelling and starting other transfers from inside a callback.
TEST_F(Attack, Sibling_CloseCancelAndStartOtherTransfersFromInsideACallback)
{
    const auto x = add("/slow");
    const auto y = add("/slow");
    const auto z = add("/slow");
    const auto w = add("/small");
    std::atomic<bool> done{false};
    const auto sub = session->subscribe(engine::Progress, [&](const engine::Event& e) {
        if (e.id != x || done.exchange(true))
            return;
        session->close(y);
        session->cancel(z);
        recorder->start(w);
    });
    for (auto id : {x, y, z})
        ASSERT_TRUE(recorder->start(id));
    ASSERT_TRUE(recorder->waitClosed(y));
    ASSERT_TRUE(recorder->waitSettled(z));
    ASSERT_TRUE(recorder->waitSettled(w, 20s));
    session->unsubscribe(sub);
    const auto ySeq = recorder->sequence(y);
    ASSERT_GE(ySeq.size(), 2u);
    EXPECT_EQ(ySeq[ySeq.size() - 2], "cancelled");
    EXPECT_EQ(recorder->last(z, engine::Cancelled).type, engine::Cancelled);
    EXPECT_EQ(recorder->last(w, engine::Completed).type, engine::Completed);
    for (auto id : {x, z, w})
        closeAndCheck(id);
    for (auto id : {x, y, z, w})
        EXPECT_EQ(recorder->completions(id), 1) << "transfer " << id;
}

// Rule 12 from inside: a child's callback closes its own group.
TEST_F(Attack, Sibling_ChildClosesItsGroupFromInsideACallback)
{
    Order order(*session);
    const auto group = session->createGroup();
    ASSERT_NE(group, 0u);
    std::vector<engine::TransferId> children;
    for (int i = 0; i < 3; ++i) {
        children.push_back(
            session->create({server.url("/slow"), dir.path(), "child" + std::to_string(i), group}));
        ASSERT_NE(children.back(), 0u);
        ASSERT_TRUE(recorder->start(children.back()));
    }
    std::atomic<bool> done{false};
    const auto sub = session->subscribe(engine::Progress, [&](const engine::Event& e) {
        if (e.id == children[0] && !done.exchange(true))
            session->close(group);
    });
    ASSERT_TRUE(recorder->waitClosed(group));
    session->unsubscribe(sub);
    ASSERT_TRUE(test::eventually([&] { return order.indexOf(group, engine::Closed) >= 0; }, 10s));
    const long groupClosed = order.indexOf(group, engine::Closed);
    for (auto c : children) {
        EXPECT_TRUE(recorder->waitClosed(c, 0ms)) << "child " << c << " not closed with its group";
        EXPECT_GE(order.indexOf(c, engine::Cancelled), 0);
        EXPECT_LT(order.indexOf(c, engine::Cancelled), order.indexOf(c, engine::Closed));
        EXPECT_LT(order.indexOf(c, engine::Closed), groupClosed)
            << "a child closed after its group";
    }
    EXPECT_EQ(order.count(group, engine::Closed), 1);
    EXPECT_TRUE(recorder->violations().empty()) << testing::PrintToString(recorder->violations());
}

// --- Rule 15: no user code under engine locks ------------------------------------------------

TEST_F(Attack, Rule15_CapturedDestructorUnsubscribesAnotherSubscription)
{
    const auto companion = session->subscribe(engine::kAllEvents, [](const engine::Event&) {});
    engineDestroysACallbackThatCallsBack([this, companion] { session->unsubscribe(companion); },
                                         add("/slow"));
}

TEST_F(Attack, Rule15_CapturedDestructorUnsubscribesItsOwnSubscription)
{
    // The id is known only after subscribe(): the destructor reads it through the holder.
    auto own = std::make_shared<std::atomic<engine::SubscriptionId>>(0);
    const auto id = add("/slow");
    auto done = std::make_shared<test::Flag>();
    auto hook = std::make_shared<CallsBackWhenDestroyed>(
        [this, own] { session->unsubscribe(own->load()); }, done);
    *own = session->subscribe(
        engine::kAllEvents, [hook](const engine::Event&) {}, id);
    ASSERT_NE(own->load(), 0u);
    hook.reset();
    ASSERT_TRUE(recorder->start(id));
    ASSERT_TRUE(recorder->waitFor(id, engine::HeadersReceived));
    ASSERT_TRUE(session->close(id));
    ASSERT_TRUE(recorder->waitClosed(id));
    watchdog.stage("the engine destroying a callback whose captured destructor unsubscribes it");
    ASSERT_TRUE(done->waitFor(10s))
        << "the callback's captured destructor unsubscribed its own subscription and the engine "
           "thread deadlocked (rule 15)";
    sessionStillWorks();
}

TEST_F(Attack, Rule15_CapturedDestructorSubscribes)
{
    auto made = std::make_shared<std::atomic<engine::SubscriptionId>>(0);
    engineDestroysACallbackThatCallsBack(
        [this, made] {
            *made = session->subscribe(engine::kAllEvents, [](const engine::Event&) {});
        },
        add("/slow"));
    EXPECT_NE(made->load(), 0u);
    session->unsubscribe(made->load());
}

TEST_F(Attack, Rule15_CapturedDestructorClosesAnotherTransfer)
{
    const auto other = add("/slow");
    ASSERT_TRUE(recorder->start(other));
    engineDestroysACallbackThatCallsBack([this, other] { session->close(other); }, add("/slow"));
    ASSERT_TRUE(recorder->waitClosed(other));
    EXPECT_EQ(recorder->completions(other), 1);
}

TEST_F(Attack, Rule15_CapturedDestructorCancelsOneTransferAndStartsAnother)
{
    const auto running = add("/slow");
    const auto idle = add("/small");
    ASSERT_TRUE(recorder->start(running));
    recorder->expectOperation(idle); // started by the destructor below
    engineDestroysACallbackThatCallsBack(
        [this, running, idle] {
            session->cancel(running);
            session->start(idle);
        },
        add("/slow"));
    ASSERT_TRUE(recorder->waitSettled(running));
    ASSERT_TRUE(recorder->waitSettled(idle, 20s));
    EXPECT_EQ(recorder->last(running, engine::Cancelled).type, engine::Cancelled);
    EXPECT_EQ(recorder->last(idle, engine::Completed).type, engine::Completed);
    closeAndCheck(running);
    closeAndCheck(idle);
}

// An exception thrown by a callback is caught at the bridge, counted, and delivery goes on:
// every other subscriber, before and after the thrower, still sees exactly one completion per
// operation and Closed last; nothing stays "in flight"; the thrower can be unsubscribed.
// (Today the exception leaves the engine thread and std::terminate ends the process.)
TEST_F(Attack, Rule15_ExceptionFromACallbackIsCaughtAndDeliveryGoesOn)
{
    std::atomic<long> thrown{0};
    const auto thrower = session->subscribe(engine::kAllEvents, [&](const engine::Event& e) {
        ++thrown;
        if (e.type == engine::Closed)
            throw 42; // not even a std::exception
        throw std::runtime_error("a callback that throws");
    });
    // The fixture's recorder is delivered before the thrower, this one after it.
    std::optional<test::EventRecorder> afterThrower(std::in_place, *session);
    test::EventRecorder& after = *afterThrower;
    const auto completes = add("/small");
    const auto closedMidBody = add("/slow");
    const auto paused = add("/slow");
    // A per-transfer one too: it must still end after its Closed, and be unsubscribable.
    std::atomic<long> thrownPerTransfer{0};
    const auto perTransfer = session->subscribe(
        engine::kAllEvents,
        [&](const engine::Event&) {
            ++thrownPerTransfer;
            throw std::logic_error("per transfer");
        },
        closedMidBody);
    ASSERT_NE(perTransfer, 0u);
    for (auto id : {completes, closedMidBody, paused}) {
        recorder->expectOperation(id);
        ASSERT_TRUE(after.start(id));
    }
    ASSERT_TRUE(after.waitFor(closedMidBody, engine::Progress));
    session->close(closedMidBody);
    ASSERT_TRUE(after.waitFor(paused, engine::Progress));
    session->pause(paused);
    ASSERT_TRUE(after.waitSettled(completes, 20s));
    ASSERT_TRUE(after.waitSettled(paused));
    session->close(completes);
    session->close(paused);
    for (auto id : {completes, closedMidBody, paused}) {
        for (test::EventRecorder* r : {&*recorder, &after}) {
            ASSERT_TRUE(r->waitClosed(id)) << "transfer " << id << ": no Closed after a throw";
            EXPECT_EQ(r->completions(id), 1) << "transfer " << id;
            EXPECT_EQ(r->sequence(id).back(), "closed");
        }
    }
    EXPECT_EQ(after.last(completes, engine::Completed).type, engine::Completed);
    EXPECT_EQ(after.last(paused, engine::Paused).type, engine::Paused);
    EXPECT_GT(thrown.load(), 0);
    EXPECT_TRUE(test::eventually([&] { return session->stats().inFlight == 0; }, 5s))
        << "in flight after every callback returned: " << session->stats().inFlight;
    // Every throw was caught and counted, none lost, none twice (both threw on every event).
    watchdog.stage("unsubscribe of subscriptions whose callbacks threw");
    session->unsubscribe(perTransfer);
    session->unsubscribe(thrower);
    EXPECT_EQ(session->stats().callbackExceptions,
              static_cast<std::uint64_t>(thrown.load() + thrownPerTransfer.load()));
    EXPECT_TRUE(after.violations().empty()) << testing::PrintToString(after.violations());
    afterThrower.reset(); // it is not told of the next operation
    sessionStillWorks();
}

// --- Lifetime: the session's destruction waits for calls in progress -------------------------

// A thread blocks in unsubscribe() because the callback runs; the callback is released and
// the session destroyed at once. The unsubscribe wakes as the callback returns and still has
// to leave through the bridge's mutex and condition variable: the destructor must wait for it,
// not free them under it (heap-use-after-free under ASan, a race under TSan).
TEST(AttackLifetime, DestroyingTheSessionWaitsForAnUnsubscribeThatIsStillReturning)
{
    test::Watchdog watchdog(240s);
    server::HttpServer server;
    ASSERT_TRUE(server.start());
    serveTestFiles(server);
    test::TempDir dir;
    const int rounds = std::max(40, test::adversarialCycles() / 50);
    for (int round = 0; round < rounds; ++round) {
        // Held by pointer: the unsubscriber gets the Session's address when it starts, so the
        // only thing it shares with the destruction is the Session itself.
        auto owner = std::make_unique<engine::Session>(testOptions());
        engine::Session* session = owner.get();
        const auto id = session->create({server.url("/slow"), dir.path(), "r"});
        ASSERT_NE(id, 0u);
        std::atomic<bool> first{true};
        test::Flag entered;
        test::Flag release;
        const auto sub = session->subscribe(engine::kAllEvents, [&](const engine::Event&) {
            if (!first.exchange(false))
                return;
            entered.set();
            release.waitFor(5s);
        });
        ASSERT_TRUE(session->start(id));
        ASSERT_TRUE(entered.waitFor(10s));
        std::atomic<pid_t> tid{0};
        std::jthread unsubscriber([&tid, session, sub] {
            tid = gettid();
            session->unsubscribe(sub);
        });
        ASSERT_TRUE(test::waitAsleep(tid, 10s));
        watchdog.stage("~Session right after releasing a callback an unsubscribe waits for");
        release.set();
        owner.reset();
        unsubscriber.join();
    }
}

// --- Shutdown and groups racing with other threads -------------------------------------------

// shutdown() while four threads subscribe, unsubscribe, create, start, cancel and close (and
// keep doing so after it): no deadlock, no crash, and every handle ever created reaches Closed.
TEST(AttackShutdown, ShutdownRacesWithCallsFromFourThreads)
{
    test::Watchdog watchdog(240s);
    server::HttpServer server;
    ASSERT_TRUE(server.start());
    serveTestFiles(server);
    test::TempDir dir;
    const unsigned seed = test::adversarialSeed();
    std::mt19937 rng(seed);
    std::atomic<int> names{0};
    const int rounds = std::max(12, test::adversarialCycles() / 150);
    for (int round = 0; round < rounds; ++round) {
        std::optional<engine::Session> session(std::in_place, testOptions());
        std::optional<test::EventRecorder> recorder(std::in_place, *session);
        std::mutex createdMutex;
        std::vector<engine::TransferId> created;
        std::atomic<bool> shutDown{false};
        const auto worker = [&](unsigned workerSeed) {
            std::mt19937 r(workerSeed);
            std::vector<engine::SubscriptionId> subs;
            std::vector<engine::TransferId> mine;
            auto calls = std::make_shared<std::atomic<long>>(0);
            const auto pick = [&] { return mine[r() % mine.size()]; };
            const auto made = [&](engine::TransferId id) {
                if (!id)
                    return;
                mine.push_back(id);
                std::lock_guard lock(createdMutex);
                created.push_back(id);
            };
            for (int after = 0; after < 40;) {
                if (shutDown)
                    ++after;
                switch (r() % 9) {
                case 0:
                    subs.push_back(
                        session->subscribe(static_cast<std::uint32_t>(r()) & engine::kAllEvents,
                                           [calls](const engine::Event&) { ++*calls; }));
                    break;
                case 1:
                    if (!mine.empty())
                        if (const auto s = session->subscribe(
                                engine::kAllEvents, [calls](const engine::Event&) { ++*calls; },
                                pick()))
                            subs.push_back(s);
                    break;
                case 2:
                    if (!subs.empty()) {
                        const auto at = subs.begin() + static_cast<long>(r() % subs.size());
                        session->unsubscribe(*at);
                        subs.erase(at);
                    }
                    break;
                case 3:
                    made(session->create(
                        {server.url("/slow"), dir.path(), "s" + std::to_string(++names)}));
                    break;
                case 4:
                    if (!mine.empty())
                        recorder->start(pick());
                    break;
                case 5:
                    if (!mine.empty())
                        session->close(pick());
                    break;
                case 6:
                    if (!mine.empty())
                        session->cancel(pick());
                    break;
                case 7:
                    if (!mine.empty())
                        session->pause(pick());
                    break;
                default:
                    if (const auto g = session->createGroup()) {
                        made(g);
                        made(session->create(
                            {server.url("/slow"), dir.path(), "g" + std::to_string(++names), g}));
                    }
                    break;
                }
            }
            for (auto s : subs)
                session->unsubscribe(s);
        };
        {
            std::vector<std::jthread> workers;
            for (unsigned w = 0; w < 4; ++w)
                workers.emplace_back(worker, seed + static_cast<unsigned>(round) * 4 + w);
            std::this_thread::sleep_for(std::chrono::microseconds(rng() % 30'000));
            watchdog.stage("shutdown() racing with four threads, round " + std::to_string(round));
            session->shutdown();
            shutDown = true;
        }
        for (auto id : created)
            EXPECT_TRUE(recorder->waitClosed(id, 0ms))
                << "handle " << id << " was created but never got Closed (rule 13)";
        EXPECT_TRUE(recorder->violations().empty())
            << testing::PrintToString(recorder->violations());
        watchdog.stage("~Session after shutdown, round " + std::to_string(round));
        recorder.reset();
        session.reset();
        if (::testing::Test::HasFailure())
            break;
    }
}

// A group is closed while another thread creates children in it and starts them: each child
// that was created reaches Closed before the group's Closed (rule 12), none is created after,
// and the group is closed exactly once.
TEST(AttackGroups, GroupClosedWhileChildrenAreCreatedAndStarted)
{
    test::Watchdog watchdog(180s);
    server::HttpServer server;
    ASSERT_TRUE(server.start());
    serveTestFiles(server);
    test::TempDir dir;
    const unsigned seed = test::adversarialSeed();
    std::mt19937 rng(seed);
    for (int round = 0; round < 20; ++round) {
        engine::Session session(testOptions());
        test::EventRecorder recorder(session);
        Order order(session);
        const auto group = session.createGroup();
        ASSERT_NE(group, 0u);
        std::vector<engine::TransferId> children;
        {
            std::jthread creator([&, creatorSeed = rng()] {
                std::mt19937 r(creatorSeed);
                for (int n = 0; n < 300; ++n) {
                    const auto c = session.create(
                        {server.url("/slow"), dir.path(),
                         "r" + std::to_string(round) + "c" + std::to_string(n), group});
                    if (!c)
                        break;
                    children.push_back(c);
                    if (r() % 2)
                        recorder.start(c);
                }
            });
            std::this_thread::sleep_for(std::chrono::microseconds(rng() % 5000));
            watchdog.stage("closing a group while its children are created");
            ASSERT_TRUE(session.close(group));
        }
        EXPECT_EQ(session.create({server.url("/slow"), dir.path(), "late", group}), 0u);
        ASSERT_TRUE(recorder.waitClosed(group));
        ASSERT_TRUE(
            test::eventually([&] { return order.indexOf(group, engine::Closed) >= 0; }, 10s));
        const long groupClosed = order.indexOf(group, engine::Closed);
        for (auto c : children) {
            EXPECT_TRUE(recorder.waitClosed(c, 0ms)) << "child " << c << " never closed";
            EXPECT_LT(order.indexOf(c, engine::Closed), groupClosed)
                << "child " << c << " closed after its group";
            EXPECT_FALSE(session.start(c));
        }
        EXPECT_EQ(order.count(group, engine::Closed), 1);
        EXPECT_TRUE(recorder.violations().empty()) << testing::PrintToString(recorder.violations());
        if (::testing::Test::HasFailure())
            break;
    }
}

} // namespace
