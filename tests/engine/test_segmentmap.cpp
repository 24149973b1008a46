// SPDX-License-Identifier: MIT
// Engine::segmentMap: which bytes of a download are there and what each connection fetches, as
// the engine thread publishes it with the transfer's progress and state changes.
#include "eventrecorder.h"
#include "testsupport.h"

#include <haul/server/content.h>
#include <haul/server/httpserver.h>
#include <haul/session.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <mutex>
#include <optional>
#include <vector>

using namespace haul;
using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t kSize = 24u << 20;
constexpr std::int64_t kHeld = 256 << 10; // every response holds after this many body bytes

struct SegmentMapTest : ::testing::Test {
    SegmentMapTest()
    {
        EXPECT_TRUE(server.start()) << server.error();
        server::Resource r;
        r.size = kSize;
        r.seed = 77;
        r.gateAfterBytes = kHeld;
        server.addResource("/big.bin", r);
    }

    engine::TransferId add(int connections)
    {
        engine::TransferRequest request{server.url("/big.bin"), dir.path(), {}};
        request.connections = connections;
        engine::Refusal refusal;
        const auto id = session.create(request, &refusal);
        EXPECT_NE(id, 0u) << refusal.message;
        return id;
    }

    // Waits until the published map satisfies ready, and returns it (nullopt on timeout).
    std::optional<engine::SegmentMap>
    waitForMap(engine::TransferId id, const std::function<bool(const engine::SegmentMap&)>& ready)
    {
        std::optional<engine::SegmentMap> map;
        const bool ok = test::waitUntil([&] {
            map = session.segmentMap(id);
            return map && ready(*map);
        });
        return ok ? map : std::nullopt;
    }

    server::HttpServer server;
    test::TempDir dir;
    engine::Session session;
    test::EventRecorder recorder{session};
};

// The connections' ranges are disjoint, each one's received bytes are done, and together with
// the done ranges they cover the whole file (covering) or, with nobody fetching, stop short.
void expectConsistent(const engine::SegmentMap& map, bool covering)
{
    ASSERT_EQ(map.total, static_cast<std::int64_t>(kSize));
    std::vector<engine::SegmentMap::Connection> spans = map.connections;
    std::sort(spans.begin(), spans.end(),
              [](const auto& a, const auto& b) { return a.start < b.start; });
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const auto& c = spans[i];
        EXPECT_LE(c.start, c.position);
        EXPECT_LE(c.position, c.end);
        EXPECT_LE(c.end, map.total);
        EXPECT_GE(c.speed, 0.0);
        if (i + 1 < spans.size()) {
            EXPECT_LE(c.end, spans[i + 1].start) << "connections " << i << " and " << i + 1;
        }
        const bool received = c.position == c.start
                              || std::any_of(map.done.begin(), map.done.end(), [&](const auto& r) {
                                     return r.start <= c.start && c.position <= r.end;
                                 });
        EXPECT_TRUE(received) << "[" << c.start << ", " << c.position << ") is not done";
    }
    for (std::size_t i = 0; i + 1 < map.done.size(); ++i) {
        EXPECT_LT(map.done[i].end, map.done[i + 1].start) << "done ranges sorted and apart";
    }
    // Walk the file: every byte is done or some connection's to fetch.
    std::int64_t covered = 0;
    bool progressed = true;
    while (covered < map.total && progressed) {
        progressed = false;
        for (const auto& r : map.done)
            if (r.start <= covered && covered < r.end) {
                covered = r.end;
                progressed = true;
            }
        for (const auto& c : spans)
            if (c.start <= covered && covered < c.end) {
                covered = c.end;
                progressed = true;
            }
    }
    if (covering) {
        EXPECT_EQ(covered, map.total) << "bytes from " << covered << " on belong to nobody";
    } else {
        EXPECT_LT(covered, map.total);
    }
}

TEST_F(SegmentMapTest, FourConnectionsMidFlightCoverTheFileThenOneDoneRangeThenNothing)
{
    const auto id = add(4);
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/big.bin") == 4; }));
    // Every connection holds at the gate: the map settles on four with their first bytes in,
    // each with a speed measured while they came.
    const auto map = waitForMap(id, [](const engine::SegmentMap& m) {
        return m.connections.size() == 4 && m.bytesDone() == 4 * kHeld
               && std::all_of(m.connections.begin(), m.connections.end(),
                              [](const auto& c) { return c.speed > 0; });
    });
    ASSERT_TRUE(map) << "last: "
                     << session.segmentMap(id).value_or(engine::SegmentMap{}).bytesDone();
    expectConsistent(*map, true);
    for (const auto& c : map->connections) {
        EXPECT_EQ(c.received(), kHeld);
    }
    EXPECT_EQ(map->done.size(), 4u) << "four holes between them";

    ASSERT_TRUE(server.releaseGate("/big.bin"));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 60s));
    // Published with the state change, before the completion was delivered.
    const auto done = session.segmentMap(id);
    ASSERT_TRUE(done);
    EXPECT_TRUE(done->connections.empty());
    ASSERT_EQ(done->done.size(), 1u);
    EXPECT_EQ(done->done.front(), (engine::SegmentMap::Range{0, static_cast<std::int64_t>(kSize)}));
    EXPECT_EQ(server::sha256OfFile(dir.file("big.bin")), server::sha256Hex(77, kSize));

    ASSERT_TRUE(session.close(id));
    EXPECT_FALSE(session.segmentMap(id)) << "nothing from close() on";
    ASSERT_TRUE(recorder.waitClosed(id));
    EXPECT_FALSE(session.segmentMap(id));
    EXPECT_TRUE(recorder.violations().empty()) << testing::PrintToString(recorder.violations());
}

TEST_F(SegmentMapTest, PausedDownloadKeepsItsDoneRangesAndNoConnection)
{
    const auto id = add(4);
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/big.bin") == 4; }));
    ASSERT_TRUE(waitForMap(id, [](const engine::SegmentMap& m) {
        return m.connections.size() == 4 && m.bytesDone() == 4 * kHeld;
    }));
    ASSERT_TRUE(session.pause(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Paused, 60s));
    const auto map = session.segmentMap(id);
    ASSERT_TRUE(map);
    EXPECT_TRUE(map->connections.empty());
    EXPECT_EQ(map->bytesDone(), recorder.last(id, engine::Paused).bytes);
    EXPECT_EQ(map->bytesDone(), 4 * kHeld);
    expectConsistent(*map, false); // nobody fetches what is missing
}

// A callback may ask too (no engine lock is held while it runs), and the map it gets with the
// completion is already the final one.
TEST_F(SegmentMapTest, ACallbackGetsTheFinalMapWithTheCompletion)
{
    std::mutex mutex;
    std::optional<engine::SegmentMap> seen;
    bool called = false;
    const auto id = add(4);
    ASSERT_NE(session.subscribe(
                  engine::Completed,
                  [&](const engine::Event& e) {
                      auto map = session.segmentMap(e.id);
                      std::lock_guard lock(mutex);
                      seen = std::move(map);
                      called = true;
                  },
                  id),
              0u);
    ASSERT_TRUE(server.releaseGate("/big.bin")); // not held: straight through
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 60s));
    ASSERT_TRUE(test::waitUntil([&] {
        std::lock_guard lock(mutex);
        return called;
    }));
    std::lock_guard lock(mutex);
    ASSERT_TRUE(seen);
    EXPECT_TRUE(seen->connections.empty());
    EXPECT_EQ(seen->done,
              (std::vector<engine::SegmentMap::Range>{{0, static_cast<std::int64_t>(kSize)}}));
}

TEST_F(SegmentMapTest, UnknownIdsAndGroupsHaveNoneAnIdleTransferAnEmptyOne)
{
    EXPECT_FALSE(session.segmentMap(0));
    EXPECT_FALSE(session.segmentMap(12345));
    const auto group = session.createGroup();
    ASSERT_NE(group, 0u);
    EXPECT_FALSE(session.segmentMap(group));
    const auto id = add(4);
    const auto map = waitForMap(id, [](const engine::SegmentMap&) { return true; });
    ASSERT_TRUE(map) << "published once the engine thread made the transfer";
    EXPECT_TRUE(map->connections.empty());
    EXPECT_TRUE(map->done.empty());
    EXPECT_EQ(map->total, -1) << "nothing asked yet";
}

} // namespace
