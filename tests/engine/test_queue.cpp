// SPDX-License-Identifier: MIT
// The queue's limit ("downloads at once") while downloads run: lowering it sends the ones
// started last back to the queue with their bytes, raising it starts them again; forceStart
// runs one past the limit. Every response is held at the server's gate while the test acts.
#include "eventrecorder.h"
#include "testsupport.h"

#include <haul/server/content.h>
#include <haul/server/httpserver.h>
#include <haul/session.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

using namespace haul;
using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t kSize = 4u << 20;
constexpr std::uint64_t kHeld = 1u << 20;

struct Queue : ::testing::Test {
    Queue() { EXPECT_TRUE(server.start()) << server.error(); }

    static engine::SessionOptions limit(int maxConcurrent)
    {
        engine::SessionOptions o;
        o.maxConcurrent = maxConcurrent;
        return o;
    }

    // path holds after `held` bytes of each response (0: not held) until releaseGate(path).
    void serve(const std::string& path, std::uint64_t seed, std::uint64_t held = kHeld)
    {
        server::Resource r;
        r.size = kSize;
        r.seed = seed;
        if (held != 0)
            r.gateAfterBytes = held;
        server.addResource(path, r);
    }

    engine::TransferId add(engine::Session& s, const std::string& name)
    {
        engine::TransferRequest request{server.url("/" + name), dir.path(), name};
        request.connections = 1; // one response per download: one gate each
        engine::Refusal refusal;
        const auto id = s.create(request, &refusal);
        EXPECT_NE(id, 0u) << refusal.message;
        return id;
    }

    // Resolving events of id after its last Requeued: it left the queue again.
    static int startsAfterRequeue(const test::EventRecorder& rec, engine::TransferId id)
    {
        int starts = 0;
        for (const auto& e : rec.events(id)) {
            if (e.type == engine::Requeued)
                starts = 0;
            else if (e.type == engine::Resolving)
                ++starts;
        }
        return starts;
    }

    // A short look, proving that nothing comes (no event announces "still queued").
    static void settle() { std::this_thread::sleep_for(300ms); }

    server::HttpServer server;
    test::TempDir dir;
};

TEST_F(Queue, LoweringTheLimitRequeuesTheLastStartedKeepingTheirBytes)
{
    engine::SessionOptions options = limit(4);
    options.storePath = dir.file("list.db"); // checkpoints: the resumed ranges are the recorded
    engine::Session s(options);
    test::EventRecorder rec(s);
    std::vector<engine::TransferId> ids;
    std::vector<std::string> names;
    for (int i = 0; i < 4; ++i) {
        names.push_back("q" + std::to_string(i));
        serve("/" + names.back(), 70 + i);
        ids.push_back(add(s, names.back()));
    }
    // One after the other, so the order they started in is known: q0 first.
    for (std::size_t i = 0; i < ids.size(); ++i) {
        ASSERT_TRUE(rec.start(ids[i]));
        ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/" + names[i]) == 1; }));
    }
    for (auto id : ids) // every held byte arrived
        ASSERT_TRUE(test::waitUntil(
            [&] { return rec.last(id, engine::Progress).bytes >= std::int64_t{kHeld}; }));

    s.updateOptions(limit(1));
    // The three started last go back to the queue, each with one Requeued, keeping its bytes.
    for (std::size_t i = 1; i < ids.size(); ++i) {
        ASSERT_TRUE(rec.waitFor(ids[i], engine::Requeued)) << names[i];
        EXPECT_EQ(rec.last(ids[i], engine::Requeued).bytes, static_cast<std::int64_t>(kHeld));
        ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/" + names[i]) == 0; }));
        EXPECT_GE(test::fileSize(dir.file(names[i] + ".part")), static_cast<std::int64_t>(kHeld));
    }
    settle();
    // Exactly one runs: the first, untouched; the others wait and ask the server nothing.
    EXPECT_EQ(rec.countOf(ids[0], engine::Requeued), 0);
    EXPECT_EQ(server.heldAtGate("/q0"), 1);
    for (std::size_t i = 1; i < ids.size(); ++i) {
        EXPECT_EQ(startsAfterRequeue(rec, ids[i]), 0) << names[i];
        EXPECT_EQ(server.requestCount("/" + names[i]), 1u) << names[i];
        EXPECT_EQ(rec.completions(ids[i]), 0) << names[i];
    }

    // A download started now queues behind the requeued ones.
    serve("/late", 79, 0);
    const auto late = add(s, "late");
    ASSERT_TRUE(rec.start(late));
    // One more slot: the first requeued one (q1) resumes where it stopped, not the late one.
    s.updateOptions(limit(2));
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/q1") == 1; }));
    EXPECT_EQ(server.lastRangeHeader("/q1").value_or(""), "bytes=" + std::to_string(kHeld) + "-");
    settle();
    EXPECT_TRUE(rec.sequence(late).empty());
    EXPECT_EQ(startsAfterRequeue(rec, ids[2]), 0);
    EXPECT_EQ(startsAfterRequeue(rec, ids[3]), 0);

    // Raised again: they all start, resume, and complete with the right bytes.
    s.updateOptions(limit(8));
    for (std::size_t i = 2; i < ids.size(); ++i)
        ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/" + names[i]) == 1; }))
            << names[i];
    for (const auto& name : names)
        ASSERT_TRUE(server.releaseGate("/" + name));
    for (std::size_t i = 0; i < ids.size(); ++i) {
        ASSERT_TRUE(rec.waitFor(ids[i], engine::Completed)) << names[i];
        EXPECT_EQ(rec.completions(ids[i]), 1) << names[i];
        EXPECT_EQ(server.requestCount("/" + names[i]), i == 0 ? 1u : 2u) << names[i];
        EXPECT_EQ(server::sha256OfFile(dir.file(names[i])), server::sha256Hex(70 + i, kSize))
            << names[i];
    }
    ASSERT_TRUE(rec.waitFor(late, engine::Completed));
    for (std::size_t i = 1; i < ids.size(); ++i) // informational, inside the one operation
        EXPECT_EQ(rec.sequence(ids[i]).front(), "resolving") << names[i];
    EXPECT_TRUE(rec.violations().empty()) << rec.violations().front();
}

TEST_F(Queue, LoweringTheLimitRequeuesADownloadWaitingToRetry)
{
    engine::SessionOptions options = limit(2);
    options.retryBaseDelayMs = 60'000; // it waits for its retry for the whole test
    engine::Session s(options);
    test::EventRecorder rec(s);
    serve("/first", 81);
    server::Resource flaky;
    flaky.size = kSize;
    flaky.seed = 82;
    flaky.failFirstN = 1; // a 503 first: it waits to retry
    server.addResource("/second", flaky);
    const auto first = add(s, "first");
    const auto second = add(s, "second");
    ASSERT_TRUE(rec.start(first));
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/first") == 1; }));
    ASSERT_TRUE(rec.start(second));
    ASSERT_TRUE(rec.waitFor(second, engine::Retrying));
    s.updateOptions(limit(1));
    ASSERT_TRUE(rec.waitFor(second, engine::Requeued));
    EXPECT_EQ(rec.countOf(first, engine::Requeued), 0);
    ASSERT_TRUE(server.releaseGate("/first"));
    ASSERT_TRUE(rec.waitFor(first, engine::Completed));
    // The slot frees: it starts at once (a new operation step, not the minute-long backoff).
    ASSERT_TRUE(rec.waitFor(second, engine::Completed));
    EXPECT_EQ(server::sha256OfFile(dir.file("second")), server::sha256Hex(82, kSize));
    EXPECT_TRUE(rec.violations().empty()) << rec.violations().front();
}

TEST_F(Queue, ForceStartRunsPastTheLimitAndDoesNotCountAgainstIt)
{
    engine::Session s(limit(1));
    test::EventRecorder rec(s);
    serve("/a", 91);
    serve("/b", 92);
    serve("/c", 93, 0);
    serve("/d", 94, 0);
    const auto a = add(s, "a");
    const auto b = add(s, "b");
    const auto c = add(s, "c");
    const auto d = add(s, "d");
    ASSERT_TRUE(rec.start(a));
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/a") == 1; }));
    ASSERT_TRUE(rec.start(b));
    settle();
    EXPECT_TRUE(rec.sequence(b).empty()); // queued behind a

    EXPECT_TRUE(s.forceStart(b)); // queued: leaves the queue now, the same operation
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/b") == 1; }));
    EXPECT_EQ(server.heldAtGate("/a"), 1);

    // b does not count: c waits for a's slot, as with b not there.
    ASSERT_TRUE(rec.start(c));
    // Nothing pending: forceStart begins an operation, past the limit.
    rec.expectOperation(d);
    ASSERT_TRUE(s.forceStart(d));
    ASSERT_TRUE(rec.waitFor(d, engine::Completed));
    // Setting the limit again requeues neither the forced one nor the one it counts.
    s.updateOptions(limit(1));
    settle();
    EXPECT_TRUE(rec.sequence(c).empty());
    EXPECT_EQ(rec.countOf(b, engine::Requeued), 0);
    EXPECT_EQ(rec.countOf(a, engine::Requeued), 0);

    ASSERT_TRUE(server.releaseGate("/b"));
    ASSERT_TRUE(rec.waitFor(b, engine::Completed));
    settle();
    EXPECT_TRUE(rec.sequence(c).empty()); // a still has the one slot
    ASSERT_TRUE(server.releaseGate("/a"));
    ASSERT_TRUE(rec.waitFor(a, engine::Completed));
    ASSERT_TRUE(rec.waitFor(c, engine::Completed));
    for (const auto& [name, seed] : {std::pair{"a", 91}, {"b", 92}, {"c", 93}, {"d", 94}})
        EXPECT_EQ(server::sha256OfFile(dir.file(name)), server::sha256Hex(seed, kSize)) << name;

    // Refused: completed, unknown.
    EXPECT_FALSE(s.forceStart(b));
    EXPECT_FALSE(s.forceStart(9999));
    EXPECT_TRUE(rec.violations().empty()) << rec.violations().front();
}

TEST_F(Queue, AForcedDownloadIsCountedAgainAfterItsOperationEnds)
{
    engine::Session s(limit(1));
    test::EventRecorder rec(s);
    serve("/a", 95);
    serve("/b", 96);
    const auto a = add(s, "a");
    const auto b = add(s, "b");
    ASSERT_TRUE(rec.start(a));
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/a") == 1; }));
    rec.expectOperation(b);
    ASSERT_TRUE(s.forceStart(b));
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/b") == 1; }));
    ASSERT_TRUE(s.pause(b));
    ASSERT_TRUE(rec.waitFor(b, engine::Paused));
    // An ordinary start now: it waits for a.
    ASSERT_TRUE(rec.start(b));
    settle();
    EXPECT_EQ(rec.countOf(b, engine::Resolving), 1);
    ASSERT_TRUE(server.releaseGate("/a"));
    ASSERT_TRUE(server.releaseGate("/b"));
    ASSERT_TRUE(rec.waitFor(a, engine::Completed));
    ASSERT_TRUE(rec.waitFor(b, engine::Completed));
    EXPECT_EQ(server::sha256OfFile(dir.file("b")), server::sha256Hex(96, kSize));
    EXPECT_TRUE(rec.violations().empty()) << rec.violations().front();
}

} // namespace
