// SPDX-License-Identifier: MIT
// The session's speed limit is shared per download, max-min fair: every running download gets
// an equal part whatever its number of connections, and what one cannot use (it is slower, or
// held by its own limit) goes to the others. A connection whose range is done never waits.
#include "eventrecorder.h"
#include "testsupport.h"
#include "transfer/fairshare.h"

#include <haul/server/content.h>
#include <haul/server/httpserver.h>
#include <haul/session.h>

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

using namespace haul;
using namespace std::chrono_literals;

namespace {

TEST(MaxMinFair, EqualPartsWhenEveryoneWantsMore)
{
    std::vector<std::int64_t> shares;
    engine::maxMinFair(900, {1000, 5000, 100000}, shares);
    EXPECT_EQ(shares, (std::vector<std::int64_t>{300, 300, 300}));
}

TEST(MaxMinFair, WhatOneCannotTakeGoesToTheOthers)
{
    std::vector<std::int64_t> shares;
    engine::maxMinFair(1000, {100, 0, 5000, 5000}, shares);
    EXPECT_EQ(shares, (std::vector<std::int64_t>{100, 0, 450, 450}));
    // Settled in a later pass: 50 frees room for the 200 to be below the level.
    engine::maxMinFair(1000, {50, 300, 5000, 5000}, shares);
    EXPECT_EQ(shares, (std::vector<std::int64_t>{50, 300, 325, 325}));
}

TEST(MaxMinFair, NeverMoreThanTheBudgetNorTheRooms)
{
    std::vector<std::int64_t> shares;
    engine::maxMinFair(10, {1, 1, 1}, shares);
    EXPECT_EQ(shares, (std::vector<std::int64_t>{1, 1, 1}));
    engine::maxMinFair(10, {100, 100, 100}, shares);
    std::int64_t sum = 0;
    for (auto s : shares)
        sum += s;
    EXPECT_EQ(sum, 10); // the odd bytes go to someone, in turn
    engine::maxMinFair(0, {100}, shares);
    EXPECT_EQ(shares, (std::vector<std::int64_t>{0}));
}

TEST(GlobalLimit, ADownloadThatSpendsNothingGetsNoMoreThanABurst)
{
    engine::GlobalLimit limit;
    limit.setRate(1 << 20);
    engine::RateShare busy;
    engine::RateShare idle;
    const std::vector<engine::RateShare*> shares{&busy, &idle};
    auto now = std::chrono::steady_clock::now();
    limit.distribute(now, shares);
    std::int64_t spent = 0;
    for (int i = 0; i < 50; ++i) { // a second, in ticks of 20 ms
        now += 20ms;
        while (busy.canSend()) { // spends all it was given, in blocks as libcurl hands them
            busy.consume(16 * 1024);
            spent += 16 * 1024;
        }
        limit.distribute(now, shares);
    }
    // The idle one was given one burst (a fifth of a second of half the rate) and holds it; the
    // busy one the rest of the second's worth (an equal split would have given it half).
    EXPECT_EQ(idle.room(), 0);
    EXPECT_TRUE(idle.canSend());
    EXPECT_GT(spent, (1 << 20) * 8 / 10) << spent;
    EXPECT_LE(spent, (1 << 20) + 16 * 1024);
}

struct RateLimit : ::testing::Test {
    RateLimit() { EXPECT_TRUE(server.start()) << server.error(); }

    static server::Resource resource(std::uint64_t size, std::uint64_t seed)
    {
        server::Resource r;
        r.size = size;
        r.seed = seed;
        return r;
    }

    engine::TransferId add(engine::Session& s, const std::string& path, const std::string& name,
                           int connections, std::int64_t rate = 0)
    {
        engine::TransferRequest request{server.url(path), dir.path(), name};
        request.connections = connections;
        request.rateLimit = rate;
        engine::Refusal refusal;
        const auto id = s.create(request, &refusal);
        EXPECT_NE(id, 0u) << refusal.message;
        return id;
    }

    // Each download's rate over a window of `seconds` worth of the limit, measured on the times
    // its own Progress events arrived, after a warm-up of one second's worth.
    static std::map<engine::TransferId, double> rates(test::EventRecorder& rec,
                                                      const std::vector<engine::TransferId>& ids,
                                                      std::int64_t limit, int seconds)
    {
        const auto sum = [&] {
            std::int64_t bytes = 0;
            for (auto id : ids)
                bytes += rec.last(id, engine::Progress).bytes;
            return bytes;
        };
        EXPECT_TRUE(test::waitUntil([&] { return sum() >= limit; }, 120s));
        std::map<engine::TransferId, test::EventRecorder::Timed> first;
        for (auto id : ids)
            first[id] = rec.lastTimed(id, engine::Progress);
        const std::int64_t from = sum();
        EXPECT_TRUE(test::waitUntil([&] { return sum() >= from + seconds * limit; }, 120s));
        std::map<engine::TransferId, double> out;
        for (auto id : ids) {
            const auto last = rec.lastTimed(id, engine::Progress);
            const double span = std::chrono::duration<double>(last.at - first[id].at).count();
            out[id] = span > 0
                          ? static_cast<double>(last.event.bytes - first[id].event.bytes) / span
                          : 0.0;
        }
        return out;
    }

    server::HttpServer server;
    test::TempDir dir;
};

TEST_F(RateLimit, EveryDownloadGetsItsShareWhateverItsConnections)
{
    constexpr std::int64_t kLimit = 2 << 20;
    engine::SessionOptions o;
    o.rateLimit = kLimit;
    engine::Session s(o);
    test::EventRecorder rec(s);
    server.addResource("/f.bin", resource(256u << 20, 61));
    std::vector<engine::TransferId> ids;
    for (int i = 0; i < 4; ++i) {
        ids.push_back(add(s, "/f.bin", "f" + std::to_string(i), i % 2 == 0 ? 1 : 4));
        ASSERT_TRUE(rec.start(ids.back()));
    }
    const auto r = rates(rec, ids, kLimit, 3);
    double total = 0;
    for (auto id : ids) {
        total += r.at(id);
        // An equal part is a quarter; none is starved, none takes several parts.
        EXPECT_GT(r.at(id), 0.5 * kLimit / 4) << "download " << id << " of " << ids.size();
        EXPECT_LT(r.at(id), 1.6 * kLimit / 4) << "download " << id;
    }
    EXPECT_LT(total, 1.2 * kLimit);
    for (auto id : ids)
        s.cancel(id);
    EXPECT_TRUE(rec.violations().empty()) << testing::PrintToString(rec.violations());
}

TEST_F(RateLimit, WhatALimitedDownloadLeavesGoesToTheOthers)
{
    constexpr std::int64_t kLimit = 2 << 20;
    constexpr std::int64_t kOwn = 64 << 10;
    engine::SessionOptions o;
    o.rateLimit = kLimit;
    engine::Session s(o);
    test::EventRecorder rec(s);
    server.addResource("/f.bin", resource(256u << 20, 62));
    std::vector<engine::TransferId> ids;
    // Three held to 64 KiB/s each by their own limit, two free: an equal split would give each
    // free one a fifth (410 KiB/s); max-min gives them what the others leave, halved (928 KiB/s).
    for (int i = 0; i < 5; ++i) {
        ids.push_back(add(s, "/f.bin", "f" + std::to_string(i), 2, i < 2 ? 0 : kOwn));
        ASSERT_TRUE(rec.start(ids.back()));
    }
    const auto r = rates(rec, ids, kLimit, 3);
    for (std::size_t i = 0; i < ids.size(); ++i) {
        if (i < 2) {
            EXPECT_GT(r.at(ids[i]), 0.32 * kLimit) << "free download " << ids[i];
            EXPECT_LT(r.at(ids[i]), 0.7 * kLimit) << "free download " << ids[i];
        } else {
            EXPECT_LT(r.at(ids[i]), 1.5 * kOwn) << "limited download " << ids[i];
            EXPECT_GT(r.at(ids[i]), 0.25 * kOwn) << "limited download " << ids[i];
        }
    }
    for (auto id : ids)
        s.cancel(id);
}

// A limit set on a running session holds from a download's first byte: a new download's share
// starts empty, not unlimited until the next tick (2 MiB from 127.0.0.1 pass in milliseconds).
TEST_F(RateLimit, ALimitSetLiveHoldsFromTheFirstByte)
{
    constexpr std::int64_t kLimit = 1 << 20;
    engine::Session s;
    test::EventRecorder rec(s);
    s.setGlobalRateLimit(kLimit);
    server.addResource("/two.bin", resource(2u << 20, 64));
    const auto id = add(s, "/two.bin", "two.bin", 1);
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(rec.start(id));
    ASSERT_TRUE(rec.waitFor(id, engine::Completed, 60s));
    const double seconds =
        std::chrono::duration<double>(rec.lastTimed(id, engine::Completed).at - t0).count();
    // Less a second for a burst and slack.
    EXPECT_LE(static_cast<double>(2u << 20), static_cast<double>(kLimit) * (seconds + 1.0))
        << seconds << " s";
}

// A connection whose range was cut short (another took the second half) stops at its end: the
// server holds the rest of its response forever here, so a connection waiting for one more
// block, as it did, would keep the download from completing (under a limit that block was
// also held back for want of tokens); and a stop decided when a limit resumes the connection
// ends it then, not at the low-speed timeout.
TEST_F(RateLimit, AConnectionThatReachedItsEndNeverHoldsTheDownload)
{
    engine::SessionOptions o;
    // A limit (not one that holds these 8 MiB for long): blocks wait for tokens, the last one
    // of the cut range among them, so the stop can come out of curl_easy_pause.
    o.rateLimit = 32 << 20;
    engine::Session s(o);
    test::EventRecorder rec(s);
    auto r = resource(8u << 20, 63);
    r.gateAfterBytes = 0;         // both connections' heads are out before any body byte: the first
                                  // one's range is cut at exactly 4 MiB
    r.stallAfterBytes = 4u << 20; // the whole file's response stops there, open; the second
                                  // half (4 MiB, not longer) is sent whole
    server.addResource("/cut.bin", r);
    const auto id = add(s, "/cut.bin", "cut.bin", 2);
    ASSERT_TRUE(rec.start(id));
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/cut.bin") == 2; }))
        << server.heldAtGate("/cut.bin");
    ASSERT_TRUE(server.releaseGate("/cut.bin"));
    ASSERT_TRUE(rec.waitFor(id, engine::Completed, 30s))
        << testing::PrintToString(rec.sequence(id));
    EXPECT_EQ(server::sha256OfFile(dir.file("cut.bin")), server::sha256Hex(63, 8u << 20));
    EXPECT_TRUE(rec.violations().empty()) << testing::PrintToString(rec.violations());
}

// The same cut range under the download's own limit, which holds nearly every block (each one
// it lets through leaves it in debt): the last block of the first half comes through
// curl_easy_pause, and the stop it causes there ends the connection at once.
TEST_F(RateLimit, AConnectionStoppedWhenALimitResumesItEndsAtOnce)
{
    engine::Session s;
    test::EventRecorder rec(s);
    auto r = resource(4u << 20, 65);
    r.gateAfterBytes = 0;
    r.stallAfterBytes = 2u << 20;
    server.addResource("/held.bin", r);
    const auto id = add(s, "/held.bin", "held.bin", 2, 2 << 20);
    ASSERT_TRUE(rec.start(id));
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/held.bin") == 2; }))
        << server.heldAtGate("/held.bin");
    ASSERT_TRUE(server.releaseGate("/held.bin"));
    ASSERT_TRUE(rec.waitFor(id, engine::Completed, 30s))
        << testing::PrintToString(rec.sequence(id));
    EXPECT_EQ(server::sha256OfFile(dir.file("held.bin")), server::sha256Hex(65, 4u << 20));
}

} // namespace
