// SPDX-License-Identifier: MIT
// The callback contract (docs/ARCHITECTURE.md): one named test per rule, each against a real local
// server, asserting the exact event sequence.
#include "eventrecorder.h"
#include "testsupport.h"

#include <haul/server/content.h>
#include <haul/server/httpserver.h>
#include <haul/session.h>

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

using namespace haul;
using namespace std::chrono_literals;
using Seq = std::vector<std::string>;

namespace {

const Seq kFreshDownload = {"resolving",        "connecting", "connected", "request_sent",
                            "headers_received", "completed",  "closed"};

struct Contract : ::testing::Test {
    Contract() { EXPECT_TRUE(server.start()) << server.error(); }

    engine::TransferId add(const std::string& url)
    {
        engine::Refusal refusal;
        const auto id = session.create({url, dir.path(), {}}, &refusal);
        EXPECT_NE(id, 0u) << refusal.message;
        return id;
    }
    // Closes at once, whatever is pending, and checks the invariants.
    void closeNowAndCheck(engine::TransferId id)
    {
        session.close(id);
        ASSERT_TRUE(recorder.waitClosed(id));
        EXPECT_TRUE(recorder.violations().empty()) << testing::PrintToString(recorder.violations());
    }

    engine::TransferId addPath(const std::string& path) { return add(server.url(path)); }

    void serve(const std::string& path, std::uint64_t size, std::uint64_t rate = 0)
    {
        server::Resource r;
        r.size = size;
        r.seed = size;
        r.rateBytesPerSec = rate;
        server.addResource(path, r);
    }
    // Every response sends kHeld body bytes, then holds at the server's gate until the test
    // releases it: a download still in progress whenever the test acts, however slow the
    // machine (a throttled one could finish first).
    static constexpr std::int64_t kHeld = 64 * 1024;
    void serveHeld(const std::string& path, std::uint64_t size)
    {
        server::Resource r;
        r.size = size;
        r.seed = size;
        r.gateAfterBytes = kHeld;
        server.addResource(path, r);
    }
    // Waits until a Progress event says the bytes before the gate arrived.
    bool waitHeldBytes(test::EventRecorder& rec, engine::TransferId id)
    {
        return test::waitUntil([&] { return rec.last(id, engine::Progress).bytes >= kHeld; });
    }

    // Waits for the pending operation's completion, closes, and checks the contract's
    // invariants for everything recorded.
    void closeAndCheck(engine::TransferId id)
    {
        ASSERT_TRUE(recorder.waitSettled(id));
        session.close(id);
        ASSERT_TRUE(recorder.waitClosed(id));
        EXPECT_TRUE(recorder.violations().empty()) << testing::PrintToString(recorder.violations());
    }

    // Retries are off here: a transient failure ends the operation with Failed at once, so
    // the sequences below are exact. test_features covers retries.
    static engine::SessionOptions noRetries()
    {
        engine::SessionOptions o;
        o.maxRetries = 0;
        return o;
    }

    server::HttpServer server;
    test::TempDir dir;
    engine::Session session{noRetries()};
    test::EventRecorder recorder{session};
};

// A short look for tests that prove that no event comes: there is nothing to wait for, so it is
// a fixed time. Never used to wait for something to happen.
void settle()
{
    std::this_thread::sleep_for(300ms);
}

TEST_F(Contract, Rule01_ExactlyOneCompletionPerOperation)
{
    serve("/ok", 200'000);
    server::Resource reset;
    reset.size = 1'000'000;
    reset.resetAfterBytes = 100'000;
    server.addResource("/reset", reset);

    const auto ok = addPath("/ok");
    const auto missing = addPath("/missing");
    const auto broken = addPath("/reset");
    for (auto id : {ok, missing, broken})
        ASSERT_TRUE(recorder.start(id));
    for (auto id : {ok, missing, broken})
        closeAndCheck(id);
    EXPECT_EQ(recorder.sequence(ok), kFreshDownload);
    EXPECT_EQ(recorder.completions(missing), 1);
    EXPECT_EQ(recorder.last(missing, engine::Failed).httpCode, 404);
    EXPECT_EQ(recorder.completions(broken), 1);
    EXPECT_EQ(recorder.sequence(broken).back(), "closed");
    EXPECT_EQ(recorder.sequence(broken).at(recorder.sequence(broken).size() - 2), "failed");
}

TEST_F(Contract, Rule02_SynchronousFailureIsSilent)
{
    engine::Refusal refusal;
    for (const char* bad : {"", "not a url", "file:///etc/passwd", "ftp://127.0.0.1/x", "http://",
                            "gopher://x/", "http://exa mple.com/\x01"}) {
        refusal.message.clear();
        EXPECT_EQ(session.create({bad, dir.path(), {}}, &refusal), 0u) << bad;
        EXPECT_FALSE(refusal.message.empty()) << bad;
    }
    EXPECT_FALSE(session.start(424242)); // unknown handle
    EXPECT_FALSE(session.pause(424242));
    EXPECT_FALSE(session.cancel(424242));
    EXPECT_FALSE(session.close(424242));

    serve("/a", 10);
    const auto id = addPath("/a");
    EXPECT_FALSE(session.pause(id)); // nothing pending: refused, silent
    closeAndCheck(id);
    EXPECT_EQ(recorder.sequence(id), Seq{"closed"});
    const auto before = recorder.total();
    EXPECT_FALSE(session.start(id)); // closed handle
    EXPECT_FALSE(session.cancel(id));
    EXPECT_FALSE(session.close(id));
    EXPECT_EQ(session.subscribe(
                  engine::kAllEvents, [](const engine::Event&) {}, id),
              0u);
    settle();
    EXPECT_EQ(recorder.total(), before);
    EXPECT_TRUE(dir.list().empty());
}

TEST_F(Contract, Rule02_StartWhilePendingIsRefused)
{
    serveHeld("/slow", 4u << 20);
    const auto id = addPath("/slow");
    ASSERT_TRUE(recorder.start(id));
    EXPECT_FALSE(session.start(id));
    closeNowAndCheck(id);
    EXPECT_EQ(recorder.completions(id), 1);
}

TEST_F(Contract, Rule03_IdleKeepAliveResetProducesNoEvent)
{
    server::HttpServer resetting({.idleResetMs = 100});
    ASSERT_TRUE(resetting.start());
    server::Resource r;
    r.size = 1000;
    resetting.addResource("/a", r);
    resetting.addResource("/b", r);

    const auto first = add(resetting.url("/a"));
    ASSERT_TRUE(recorder.start(first));
    ASSERT_TRUE(recorder.waitFor(first, engine::Completed));
    const auto before = recorder.total();
    // The pooled connection is reset by the server while no operation is pending...
    ASSERT_TRUE(test::waitUntil([&] { return resetting.openConnections() == 0; }));
    settle(); // ...and the engine, which may notice a moment later, says nothing
    EXPECT_EQ(recorder.total(), before);

    // The next download on the same host succeeds. libcurl may first try the dead pooled
    // connection (connected, request_sent) before it opens a new one: those events belong to
    // this pending operation, which is what rule 3 allows.
    const auto second = add(resetting.url("/b"));
    ASSERT_TRUE(recorder.start(second));
    closeAndCheck(second);
    const Seq seq = recorder.sequence(second);
    EXPECT_EQ(seq.front(), "resolving");
    EXPECT_EQ(Seq(seq.end() - 3, seq.end()), (Seq{"headers_received", "completed", "closed"}));
    EXPECT_EQ(recorder.completions(second), 1);
    closeAndCheck(first);
}

TEST_F(Contract, Rule04_ClosedIsLastAndCloseIsIdempotent)
{
    serveHeld("/slow", 20u << 20);
    const auto id = addPath("/slow");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::HeadersReceived));
    EXPECT_TRUE(session.close(id));
    EXPECT_FALSE(session.close(id));
    ASSERT_TRUE(recorder.waitClosed(id));
    settle();
    const Seq seq = recorder.sequence(id);
    ASSERT_GE(seq.size(), 2u);
    EXPECT_EQ(seq[seq.size() - 2], "cancelled");
    EXPECT_EQ(seq.back(), "closed");
    EXPECT_TRUE(recorder.violations().empty()) << testing::PrintToString(recorder.violations());
}

TEST_F(Contract, Rule04_CloseFromInsideACallback)
{
    serveHeld("/slow", 20u << 20);
    const auto id = addPath("/slow");
    session.subscribe(
        engine::Progress, [&](const engine::Event& e) { session.close(e.id); }, id);
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitClosed(id));
    settle();
    const Seq seq = recorder.sequence(id);
    EXPECT_EQ(seq[seq.size() - 2], "cancelled");
    EXPECT_EQ(seq.back(), "closed");
    EXPECT_TRUE(recorder.violations().empty()) << testing::PrintToString(recorder.violations());
}

TEST_F(Contract, Rule05_UnsubscribeWaitsForACallbackRunningOnTheEngineThread)
{
    serveHeld("/slow", 20u << 20);
    std::atomic<bool> inside{false};
    std::atomic<int> calls{0};
    std::atomic<bool> entered{false};
    const auto sub = session.subscribe(engine::kAllEvents, [&](const engine::Event&) {
        inside = true;
        entered = true;
        ++calls;
        std::this_thread::sleep_for(30ms); // a slow listener
        inside = false;
    });
    const auto id = addPath("/slow");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(test::waitUntil([&] { return entered.load(); }));
    session.unsubscribe(sub);
    EXPECT_FALSE(inside.load()); // no invocation is running...
    const int after = calls.load();
    settle();
    EXPECT_EQ(calls.load(), after); // ...and none starts
    closeNowAndCheck(id);
    EXPECT_EQ(calls.load(), after);
}

TEST_F(Contract, Rule05_UnsubscribeFromInsideItsOwnCallback)
{
    serveHeld("/slow", 20u << 20);
    std::atomic<int> calls{0};
    engine::SubscriptionId sub = 0;
    std::atomic<bool> ready{false};
    sub = session.subscribe(engine::kAllEvents, [&](const engine::Event&) {
        while (!ready)
            std::this_thread::yield();
        ++calls;
        session.unsubscribe(sub); // must neither deadlock nor be called again
    });
    ready = true;
    const auto id = addPath("/slow");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Progress));
    closeNowAndCheck(id);
    EXPECT_EQ(calls.load(), 1);
}

TEST_F(Contract, Rule07_MasksAreExactForEveryCombination)
{
    server::Resource r;
    r.size = 3u << 20;
    r.seed = 3u << 20;
    r.gateAfterBytes = 1u << 20; // held until a progress event came, then released
    server.addResource("/a", r);
    const auto id = addPath("/a");
    constexpr std::uint32_t kCombinations = engine::kAllEvents + 1; // 14 bits: 16384 masks
    std::vector<std::vector<engine::EventType>> got(kCombinations);
    std::atomic<std::uint32_t> closedDelivered{0};
    std::vector<engine::SubscriptionId> subs;
    for (std::uint32_t mask = 0; mask < kCombinations; ++mask)
        subs.push_back(session.subscribe(
            mask,
            [&got, &closedDelivered, mask](const engine::Event& e) {
                got[mask].push_back(e.type);
                closedDelivered += e.type == engine::Closed ? 1 : 0;
            },
            id));
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Progress, 60s));
    ASSERT_TRUE(server.releaseGate("/a"));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 60s));
    closeAndCheck(id);
    // The recorder, subscribed first, has the Closed; the engine thread may still be handing it
    // to these 16384 subscriptions. Half of the masks have the Closed bit.
    ASSERT_TRUE(test::waitUntil([&] { return closedDelivered.load() == kCombinations / 2; }))
        << closedDelivered.load();
    // Unsubscribing synchronizes with the engine thread: after it, got[] may be read here.
    for (auto sub : subs)
        session.unsubscribe(sub);
    std::vector<engine::EventType> all;
    for (const auto& e : recorder.events(id))
        all.push_back(e.type);
    ASSERT_GT(std::count(all.begin(), all.end(), engine::Progress), 0);
    for (std::uint32_t mask = 0; mask < kCombinations; ++mask) {
        std::vector<engine::EventType> expected;
        for (auto t : all)
            if (t & mask)
                expected.push_back(t);
        ASSERT_EQ(got[mask], expected) << "mask " << mask;
    }
    // Subscribing to informational events never suppresses a completion.
    EXPECT_EQ(got[engine::kInformationalMask | engine::Completed].back(), engine::Completed);
}

TEST_F(Contract, Rule08_CancelInEveryState)
{
    // Queued: one slot, taken by a stalled download.
    engine::SessionOptions one;
    one.maxConcurrent = 1;
    engine::Session narrow(one);
    test::EventRecorder rec(narrow);
    server::Resource stall;
    stall.size = 1'000'000;
    stall.stallAfterBytes = 1000;
    server.addResource("/stall", stall);
    engine::Refusal refusal;
    const auto blocker = narrow.create({server.url("/stall"), dir.path(), "blocker"}, &refusal);
    const auto queued = narrow.create({server.url("/stall"), dir.path(), "queued"}, &refusal);
    ASSERT_TRUE(rec.start(blocker));
    ASSERT_TRUE(rec.start(queued));
    ASSERT_TRUE(rec.waitFor(blocker, engine::Progress));
    EXPECT_TRUE(narrow.cancel(queued));
    ASSERT_TRUE(rec.waitFor(queued, engine::Cancelled));
    EXPECT_EQ(rec.sequence(queued), Seq{"cancelled"}); // never reached the network
    EXPECT_TRUE(narrow.cancel(blocker));               // mid-body, on a stalled server
    ASSERT_TRUE(rec.waitFor(blocker, engine::Cancelled));
    for (auto id : {blocker, queued}) {
        narrow.close(id);
        ASSERT_TRUE(rec.waitClosed(id));
    }
    EXPECT_TRUE(rec.violations().empty()) << testing::PrintToString(rec.violations());
}

TEST_F(Contract, Rule08_CancelWhileConnectingToAPortThatNeverAnswers)
{
    test::BlackHolePort hole;
    const auto id = add("http://127.0.0.1:" + std::to_string(hole.port()) + "/x");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Connecting));
    ASSERT_TRUE(test::waitUntil([&] { return hole.clientConnecting(); })); // in connect()
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(session.cancel(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Cancelled));
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 20s); // not the 30 s connect timeout
    EXPECT_EQ(recorder.sequence(id), (Seq{"resolving", "connecting", "cancelled"}));
    closeAndCheck(id);
}

TEST_F(Contract, Rule08_CancelDuringTlsHandshake)
{
    // The server holds the handshake it was asked for: between its "hello" and a release the
    // client is in the TLS handshake, past connect() and before the server's first answer.
    test::TlsTestServer tls(HAUL_TEST_SERVERS_DIR "/https_server.py");
    ASSERT_TRUE(tls.running()) << "the TLS test server did not start";
    const auto id = add(tls.heldUrl("/file"));
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(tls.waitFor("hello")); // the ClientHello is at the server, unanswered
    EXPECT_TRUE(session.cancel(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Cancelled));
    // Never "connected" (the handshake had not ended), and the client hung up on the held
    // handshake: the cancel ended it there, it did not just come after it.
    EXPECT_EQ(recorder.sequence(id), (Seq{"resolving", "connecting", "cancelled"}));
    EXPECT_TRUE(tls.waitFor("gone"));
    EXPECT_FALSE(tls.waitFor("handshake done", 0ms));
    EXPECT_EQ(recorder.completions(id), 1);
    closeAndCheck(id);
}

// The other half of the proof above: the hold is a live handshake, which goes on when the
// server answers, and only then is the download "connected".
TEST_F(Contract, Rule08_HeldTlsHandshakeGoesOnWhenReleased)
{
    test::TlsTestServer tls(HAUL_TEST_SERVERS_DIR "/https_server.py");
    ASSERT_TRUE(tls.running()) << "the TLS test server did not start";
    engine::TransferRequest request{tls.heldUrl("/file"), dir.path(), {}};
    request.allowInsecureTls = true; // the certificate is self-signed
    const auto id = session.create(request);
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(tls.waitFor("hello"));
    ASSERT_TRUE(recorder.waitFor(id, engine::Connecting));
    EXPECT_EQ(recorder.sequence(id), (Seq{"resolving", "connecting"}));
    tls.release();
    ASSERT_TRUE(tls.waitFor("handshake done"));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed));
    closeAndCheck(id);
    EXPECT_EQ(recorder.sequence(id), kFreshDownload);
}

TEST_F(Contract, Rule08_CancelBetweenHeadersAndBody)
{
    server::Resource r;
    r.size = 1'000'000;
    r.stallAfterBytes = 0;
    server.addResource("/headers-only", r);
    const auto id = addPath("/headers-only");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::HeadersReceived));
    EXPECT_TRUE(session.cancel(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Cancelled));
    EXPECT_EQ(recorder.sequence(id), (Seq{"resolving", "connecting", "connected", "request_sent",
                                          "headers_received", "cancelled"}));
    closeAndCheck(id);
}

TEST_F(Contract, Rule08_CancelBeforeStartTwiceAndAfterFinish)
{
    serve("/a", 1000);
    const auto idle = addPath("/a");
    EXPECT_TRUE(session.cancel(idle)); // accepted, and silent: no operation is pending
    EXPECT_TRUE(session.cancel(idle));
    settle();
    EXPECT_TRUE(recorder.sequence(idle).empty());
    closeAndCheck(idle);
    EXPECT_EQ(recorder.sequence(idle), Seq{"closed"});
    EXPECT_TRUE(dir.list().empty());

    const auto done = addPath("/a");
    ASSERT_TRUE(recorder.start(done));
    ASSERT_TRUE(recorder.waitFor(done, engine::Completed));
    EXPECT_TRUE(session.cancel(done)); // the completion already won: nothing more
    EXPECT_TRUE(session.cancel(done));
    closeAndCheck(done);
    EXPECT_EQ(recorder.sequence(done), kFreshDownload);
}

TEST_F(Contract, Rule08_CancelConcurrentlyFromManyThreads)
{
    serveHeld("/slow", 50u << 20);
    for (int round = 0; round < 20; ++round) {
        const auto id = addPath("/slow");
        ASSERT_TRUE(recorder.start(id));
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t)
            threads.emplace_back([&, t] {
                std::this_thread::sleep_for(std::chrono::microseconds(round * 500 + t * 50));
                for (int i = 0; i < 10; ++i)
                    session.cancel(id);
            });
        for (auto& t : threads)
            t.join();
        ASSERT_TRUE(recorder.waitFor(id, engine::Cancelled));
        closeAndCheck(id);
        EXPECT_EQ(recorder.completions(id), 1);
    }
}

TEST_F(Contract, Rule08_PauseThenCancelWhilePaused)
{
    serveHeld("/slow", 20u << 20);
    const auto id = addPath("/slow");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(waitHeldBytes(recorder, id));
    EXPECT_TRUE(session.pause(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Paused));
    const auto kept = test::fileSize(dir.file("slow.part"));
    EXPECT_EQ(kept, kHeld);
    EXPECT_EQ(recorder.last(id, engine::Paused).bytes, kept);
    EXPECT_TRUE(session.cancel(id)); // the Paused completion already came: nothing more
    EXPECT_TRUE(session.cancel(id));
    closeAndCheck(id);
    const Seq seq = recorder.sequence(id);
    EXPECT_EQ(Seq(seq.end() - 2, seq.end()), (Seq{"paused", "closed"}));
    EXPECT_EQ(test::fileSize(dir.file("slow.part")), kept); // no byte lost
}

TEST_F(Contract, Rule08_CancelFromInsideProgressCallback)
{
    serveHeld("/slow", 20u << 20);
    const auto id = addPath("/slow");
    session.subscribe(
        engine::Progress, [&](const engine::Event& e) { session.cancel(e.id); }, id);
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Cancelled));
    closeAndCheck(id);
    EXPECT_EQ(recorder.completions(id), 1);
}

TEST_F(Contract, Rule09_CallbacksMayStartNextOperationOnCompletion)
{
    // Commands issued from a callback are queued to the engine thread, never run inside
    // libcurl; a restart from the Cancelled callback is accepted at once.
    serveHeld("/slow", 20u << 20);
    const auto id = addPath("/slow");
    std::atomic<int> restarts{0};
    session.subscribe(
        engine::Cancelled,
        [&](const engine::Event& e) {
            if (restarts++ == 0) {
                recorder.expectOperation(e.id);
                EXPECT_TRUE(session.start(e.id));
            }
        },
        id);
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Progress));
    session.cancel(id);
    // The restarted operation is under way (and held by the server, so still pending).
    ASSERT_TRUE(recorder.waitForCount(id, engine::Resolving, 2));
    closeNowAndCheck(id);
    EXPECT_EQ(restarts.load(), 2);
    EXPECT_EQ(recorder.completions(id), 2);
}

TEST_F(Contract, Rule10_EventsAreValues)
{
    static_assert(std::is_copy_constructible_v<engine::Event>);
    static_assert(std::is_nothrow_move_constructible_v<engine::Event>);
    serve("/a", 1000);
    const auto id = addPath("/a");
    engine::Event copy;
    std::mutex m;
    session.subscribe(
        engine::Completed,
        [&](const engine::Event& e) {
            std::lock_guard lock(m);
            copy = e;
        },
        id);
    ASSERT_TRUE(recorder.start(id));
    closeAndCheck(id);
    std::lock_guard lock(m);
    EXPECT_EQ(copy.id, id);
    EXPECT_EQ(copy.file, dir.file("a"));
}

TEST_F(Contract, Rule11_ProgressIsCoalesced)
{
    // 1 GiB at 1 MiB/s: still running when closed, however long the wait below takes.
    serve("/slow", 1u << 30, 1u << 20);
    std::vector<engine::TransferId> ids;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 8; ++i) { // the default number running at once
        ids.push_back(addPath("/slow"));
        ASSERT_TRUE(recorder.start(ids.back()));
    }
    for (auto id : ids)
        ASSERT_TRUE(recorder.waitForCount(id, engine::Progress, 3, 60s));
    for (auto id : ids)
        session.close(id);
    for (auto id : ids)
        ASSERT_TRUE(recorder.waitClosed(id));
    // Each transfer's Progress events all came between t0 and now, and coalesced ones come at
    // least 200 ms apart: at most 1 + 5 a second (plus one for slack) over the time measured,
    // whatever it was. Uncoalesced, a megabyte a second would give dozens a second.
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    const int bound = 2 + static_cast<int>(seconds * 5);
    for (auto id : ids) {
        const int progress = recorder.countOf(id, engine::Progress);
        EXPECT_GE(progress, 3);
        EXPECT_LE(progress, bound) << "in " << seconds << " s";
    }
}

TEST_F(Contract, Rule12_ClosingAGroupClosesItsChildrenFirst)
{
    serveHeld("/slow", 20u << 20);
    const auto group = session.createGroup();
    ASSERT_NE(group, 0u);
    EXPECT_FALSE(session.start(group)); // a group has no operation of its own
    std::vector<engine::TransferId> children;
    for (int i = 0; i < 5; ++i) {
        children.push_back(
            session.create({server.url("/slow"), dir.path(), "c" + std::to_string(i), group}));
        ASSERT_NE(children.back(), 0u);
    }
    for (int i = 0; i < 4; ++i) // the last child stays idle
        ASSERT_TRUE(recorder.start(children[static_cast<std::size_t>(i)]));
    for (int i = 0; i < 4; ++i)
        ASSERT_TRUE(recorder.waitFor(children[static_cast<std::size_t>(i)], engine::Progress));

    // One global order of events: record it across transfers.
    std::mutex m;
    std::vector<std::pair<engine::TransferId, engine::EventType>> order;
    const auto sub =
        session.subscribe(engine::kCompletionMask | engine::Closed, [&](const engine::Event& e) {
            std::lock_guard lock(m);
            order.emplace_back(e.id, e.type);
        });
    ASSERT_TRUE(session.close(group));
    EXPECT_FALSE(session.start(children[4])); // closed with its group, at once
    EXPECT_EQ(session.create({server.url("/slow"), dir.path(), {}, group}), 0u);
    ASSERT_TRUE(recorder.waitClosed(group));
    // The recorder saw the group's Closed; this subscription gets it right after.
    EXPECT_TRUE(test::waitUntil([&] {
        std::lock_guard lock(m);
        return !order.empty() && order.back() == std::make_pair(group, engine::Closed);
    }));
    session.unsubscribe(sub);

    std::lock_guard lock(m);
    ASSERT_FALSE(order.empty());
    EXPECT_EQ(order.back(), std::make_pair(group, engine::Closed));
    for (std::size_t i = 0; i < children.size(); ++i) {
        const Seq seq = recorder.sequence(children[i]);
        EXPECT_EQ(seq.back(), "closed");
        if (i < 4) {
            EXPECT_EQ(seq[seq.size() - 2], "cancelled");
        }
    }
    EXPECT_EQ(order.size(), 4u + 5u + 1u); // 4 cancelled, 5 closed, the group's closed
    EXPECT_TRUE(recorder.violations().empty()) << testing::PrintToString(recorder.violations());
}

TEST_F(Contract, Rule13_CleanShutdownWithHundredActiveTransfers)
{
    serveHeld("/slow", 20u << 20); // never released: none can finish before the shutdown
    test::TempDir folder;
    std::vector<engine::TransferId> ids;
    std::optional<test::EventRecorder> rec;
    {
        engine::SessionOptions options;
        options.maxConcurrent = 100;
        engine::Session s(options);
        rec.emplace(s);
        for (int i = 0; i < 100; ++i) {
            ids.push_back(s.create({server.url("/slow"), folder.path(), "f" + std::to_string(i)}));
            ASSERT_TRUE(rec->start(ids.back()));
        }
        // Every one is active, mid-body: its first bytes arrived and the server holds the rest.
        for (auto id : ids)
            ASSERT_TRUE(waitHeldBytes(*rec, id)) << "transfer " << id;
        ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/slow") == 100; }))
            << server.heldAtGate("/slow");
        s.shutdown(); // joins the engine thread
        for (auto id : ids) {
            const Seq seq = rec->sequence(id);
            ASSERT_GE(seq.size(), 2u);
            EXPECT_EQ(seq[seq.size() - 2], "cancelled");
            EXPECT_EQ(seq.back(), "closed");
        }
        EXPECT_TRUE(rec->violations().empty());
        EXPECT_EQ(s.create({server.url("/slow"), folder.path(), {}}), 0u); // stopped accepting
        rec.reset();
    }
    // Partial files stay, and the next session resumes them.
    for (int i = 0; i < 100; ++i)
        EXPECT_EQ(test::fileSize(folder.file("f" + std::to_string(i) + ".part")), kHeld) << i;
    engine::Session next;
    test::EventRecorder rec2(next);
    server.addResource("/fast", {.size = 20u << 20, .seed = 20u << 20});
    const auto again = next.create({server.url("/fast"), folder.path(), "f0"});
    const auto before = test::fileSize(folder.file("f0.part"));
    ASSERT_TRUE(rec2.start(again));
    ASSERT_TRUE(rec2.waitFor(again, engine::Completed));
    EXPECT_EQ(server.lastRangeHeader("/fast").value_or(""),
              "bytes=" + std::to_string(before) + "-");
    EXPECT_EQ(server::sha256OfFile(folder.file("f0")), server::sha256Hex(20u << 20, 20u << 20));
}

TEST_F(Contract, Rule14_ResumeAnsweredWith200StartsOver)
{
    server::Resource r;
    r.size = 2'000'000;
    r.seed = 77;
    r.ignoreRange = true;
    server.addResource("/noresume", r);
    // A .part holding wrong bytes: appending to it would corrupt the file.
    {
        FILE* f = std::fopen(dir.file("noresume.part").c_str(), "wb");
        std::string junk(500'000, 'x');
        std::fwrite(junk.data(), 1, junk.size(), f);
        std::fclose(f);
    }
    const auto id = addPath("/noresume");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed));
    const auto headers = recorder.last(id, engine::HeadersReceived);
    EXPECT_EQ(headers.httpCode, 200);
    EXPECT_NE(headers.reason.find("restarted from 0"), std::string::npos) << headers.reason;
    EXPECT_EQ(server::sha256OfFile(dir.file("noresume")), server::sha256Hex(77, 2'000'000));
    closeAndCheck(id);
}

TEST_F(Contract, Rule14_ResumeWith206AppendsAtTheRightOffset)
{
    server::Resource r;
    r.size = 3'000'000;
    r.seed = 78;
    server.addResource("/resume", r);
    // The first million bytes are already on disk, exactly as served.
    {
        std::vector<std::byte> head(1'000'000);
        server::fillContent(78, 0, head);
        FILE* f = std::fopen(dir.file("resume.part").c_str(), "wb");
        std::fwrite(head.data(), 1, head.size(), f);
        std::fclose(f);
    }
    const auto id = addPath("/resume");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed));
    EXPECT_EQ(recorder.last(id, engine::HeadersReceived).httpCode, 206);
    EXPECT_EQ(server.lastRangeHeader("/resume").value_or(""), "bytes=1000000-");
    EXPECT_EQ(server::sha256OfFile(dir.file("resume")), server::sha256Hex(78, 3'000'000));
    closeAndCheck(id);
}

TEST_F(Contract, Rule14_WholeFileInPartIsCompletedOn416)
{
    server::Resource r;
    r.size = 5000;
    r.seed = 79;
    server.addResource("/whole", r);
    {
        std::vector<std::byte> all(5000);
        server::fillContent(79, 0, all);
        FILE* f = std::fopen(dir.file("whole.part").c_str(), "wb");
        std::fwrite(all.data(), 1, all.size(), f);
        std::fclose(f);
    }
    const auto id = addPath("/whole");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed));
    EXPECT_EQ(server::sha256OfFile(dir.file("whole")), server::sha256Hex(79, 5000));
    closeAndCheck(id);
}

TEST_F(Contract, Scenario_LowSpeedTimeout)
{
    engine::SessionOptions options = noRetries();
    options.lowSpeedTime = 1;
    options.lowSpeedLimit = 1000;
    engine::Session s(options);
    test::EventRecorder rec(s);
    server::Resource r;
    r.size = 1'000'000;
    r.stallAfterBytes = 10'000;
    server.addResource("/stall", r);
    const auto id = s.create({server.url("/stall"), dir.path(), {}});
    ASSERT_TRUE(rec.start(id));
    ASSERT_TRUE(rec.waitFor(id, engine::Failed, 20s));
    const auto failed = rec.last(id, engine::Failed);
    EXPECT_NE(failed.reason.find("stopped sending"), std::string::npos) << failed.reason;
    EXPECT_EQ(test::fileSize(dir.file("stall.part")), 10'000);
}

TEST_F(Contract, Scenario_RedirectToForbiddenScheme)
{
    for (const char* target : {"file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://127.0.0.1/"}) {
        server::Resource r;
        r.redirectTo = target;
        server.addResource("/evil", r);
        const auto id = addPath("/evil");
        ASSERT_TRUE(recorder.start(id));
        ASSERT_TRUE(recorder.waitFor(id, engine::Failed));
        EXPECT_NE(recorder.last(id, engine::Failed).reason.find("not http"), std::string::npos);
        closeAndCheck(id);
    }
    EXPECT_TRUE(dir.list().empty());
}

TEST_F(Contract, Scenario_RemoveTheSameHandleTwiceFromTwoThreads)
{
    serve("/slow", 20u << 20, 4u << 20);
    for (int round = 0; round < 20; ++round) {
        const auto id = addPath("/slow");
        ASSERT_TRUE(recorder.start(id));
        std::atomic<int> accepted{0};
        std::thread a([&] { accepted += session.close(id) ? 1 : 0; });
        std::thread b([&] { accepted += session.close(id) ? 1 : 0; });
        a.join();
        b.join();
        EXPECT_EQ(accepted.load(), 1);
        ASSERT_TRUE(recorder.waitClosed(id));
    }
    settle();
    EXPECT_TRUE(recorder.violations().empty()) << testing::PrintToString(recorder.violations());
}

} // namespace
