// SPDX-License-Identifier: MIT
// What makes Haul a download manager: segmented downloads, retries, speed limits, resuming
// only what the server still has, a new address for a download.
#include "eventrecorder.h"
#include "testsupport.h"

#include <haul/server/content.h>
#include <haul/server/httpserver.h>
#include <haul/session.h>
#include <haul/store.h>

#include <gtest/gtest.h>

#include <mutex>
#include <set>
#include <thread>
#include <vector>

using namespace haul;
using namespace std::chrono_literals;

namespace {

struct Features : ::testing::Test {
    Features() { EXPECT_TRUE(server.start()) << server.error(); }

    static engine::SessionOptions fastRetries()
    {
        engine::SessionOptions o;
        o.retryBaseDelayMs = 50;
        return o;
    }

    server::Resource resource(std::uint64_t size, std::uint64_t seed)
    {
        server::Resource r;
        r.size = size;
        r.seed = seed;
        return r;
    }

    engine::TransferId add(const std::string& path, int connections = 1, std::int64_t rate = 0)
    {
        engine::TransferRequest request{server.url(path), dir.path(), {}};
        request.connections = connections;
        request.rateLimit = rate;
        engine::Refusal refusal;
        const auto id = session.create(request, &refusal);
        EXPECT_NE(id, 0u) << refusal.message;
        return id;
    }

    // A response that sends `held` body bytes, then waits at the server's gate until the test
    // releases it (or replaces the resource): certainly in progress whenever the test acts.
    server::Resource heldResource(std::uint64_t size, std::uint64_t seed, std::uint64_t held)
    {
        auto r = resource(size, seed);
        r.gateAfterBytes = held;
        return r;
    }
    // Waits until a Progress event reports at least bytes.
    static bool waitBytes(test::EventRecorder& rec, engine::TransferId id, std::int64_t bytes)
    {
        return test::waitUntil([&] { return rec.last(id, engine::Progress).bytes >= bytes; });
    }

    std::set<std::string> rangesAsked(const std::string& path)
    {
        std::set<std::string> out;
        for (const auto& r : server.requests())
            if (r.path == path)
                out.insert(r.header("Range").value_or("none"));
        return out;
    }

    server::HttpServer server;
    test::TempDir dir;
    engine::Session session{fastRetries()};
    test::EventRecorder recorder{session};
};

TEST_F(Features, SegmentedDownloadUsesSeveralConnectionsAndIsExact)
{
    // Every response holds after 256 KiB: the first cannot end before the others join.
    server.addResource("/big.bin", heldResource(24u << 20, 41, 256 << 10));
    const auto id = add("/big.bin", 4);
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/big.bin") == 4; }))
        << server.heldAtGate("/big.bin") << " connections at once";
    ASSERT_TRUE(server.releaseGate("/big.bin"));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 60s));
    EXPECT_EQ(server::sha256OfFile(dir.file("big.bin")), server::sha256Hex(41, 24u << 20));
    const auto ranges = rangesAsked("/big.bin");
    EXPECT_GE(ranges.size(), 4u) << testing::PrintToString(ranges);
    EXPECT_TRUE(ranges.count("bytes=0-")) << "the first connection probes for range support";
    EXPECT_GE(server.connectionsAccepted(), 4u);
    EXPECT_TRUE(recorder.violations().empty()) << testing::PrintToString(recorder.violations());
}

TEST_F(Features, SegmentedFallsBackToOneConnectionWithoutRanges)
{
    auto r = resource(6u << 20, 42);
    r.acceptRanges = false;
    server.addResource("/plain.bin", r);
    const auto id = add("/plain.bin", 4);
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 60s));
    EXPECT_EQ(server::sha256OfFile(dir.file("plain.bin")), server::sha256Hex(42, 6u << 20));
    EXPECT_EQ(server.requestCount("/plain.bin"), 1u);
}

TEST_F(Features, SegmentedPauseAndResumeKeepsEveryByte)
{
    constexpr std::int64_t kHeld = 256 << 10; // per connection
    server.addResource("/seg.bin", heldResource(16u << 20, 43, kHeld));
    const auto id = add("/seg.bin", 4);
    ASSERT_TRUE(recorder.start(id));
    // Paused with all four connections mid-body, each holding its first bytes.
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/seg.bin") == 4; }));
    ASSERT_TRUE(waitBytes(recorder, id, 4 * kHeld));
    ASSERT_TRUE(session.pause(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Paused));
    const auto paused = recorder.last(id, engine::Paused).bytes;
    EXPECT_GT(paused, 0);
    server.addResource("/seg.bin", resource(16u << 20, 43)); // no gate now
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 60s));
    EXPECT_EQ(server::sha256OfFile(dir.file("seg.bin")), server::sha256Hex(43, 16u << 20));
}

TEST_F(Features, ConnectionResetIsRetriedAndResumed)
{
    auto r = resource(3'000'000, 44);
    r.resetAfterBytes = 1'000'000; // every response breaks after 1 MB
    server.addResource("/flaky.bin", r);
    const auto id = add("/flaky.bin");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 60s))
        << testing::PrintToString(recorder.sequence(id));
    const auto seq = recorder.sequence(id);
    EXPECT_GE(std::count(seq.begin(), seq.end(), "retrying"), 2);
    EXPECT_EQ(server::sha256OfFile(dir.file("flaky.bin")), server::sha256Hex(44, 3'000'000));
    EXPECT_TRUE(rangesAsked("/flaky.bin").count("bytes=1000000-"));
}

TEST_F(Features, ServiceUnavailableHonoursRetryAfter)
{
    auto r = resource(10'000, 45);
    r.failFirstN = 2;
    r.retryAfter = "1";
    server.addResource("/busy", r);
    const auto id = add("/busy");
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 30s));
    EXPECT_GE(std::chrono::steady_clock::now() - t0, 1900ms); // two waits of Retry-After: 1
    const auto retry = recorder.last(id, engine::Retrying);
    EXPECT_NE(retry.reason.find("503"), std::string::npos) << retry.reason;
    EXPECT_EQ(server.requestCount("/busy"), 3u);
}

TEST_F(Features, PermanentErrorsFailAtOnceWithoutRetrying)
{
    server.addResource("/gone", {.status = 404});
    server.addResource("/forbidden", {.status = 403});
    for (const char* path : {"/gone", "/forbidden"}) {
        const auto id = add(path);
        ASSERT_TRUE(recorder.start(id));
        ASSERT_TRUE(recorder.waitFor(id, engine::Failed));
        const auto seq = recorder.sequence(id);
        EXPECT_EQ(std::count(seq.begin(), seq.end(), "retrying"), 0) << path;
        EXPECT_EQ(server.requestCount(path), 1u);
    }
}

TEST_F(Features, GivesUpAfterTheRetryBudget)
{
    server.addResource("/down", {.status = 503});
    const auto id = add("/down");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Failed, 60s));
    const auto seq = recorder.sequence(id);
    EXPECT_EQ(std::count(seq.begin(), seq.end(), "retrying"), 5);
    EXPECT_EQ(server.requestCount("/down"), 6u);
}

TEST_F(Features, CancelWhileWaitingToRetry)
{
    engine::SessionOptions slow;
    slow.retryBaseDelayMs = 5000;
    engine::Session s(slow);
    test::EventRecorder rec(s);
    server.addResource("/down", {.status = 503});
    const auto id = s.create({server.url("/down"), dir.path(), {}});
    ASSERT_TRUE(rec.start(id));
    ASSERT_TRUE(rec.waitFor(id, engine::Retrying));
    const auto t0 = std::chrono::steady_clock::now();
    EXPECT_TRUE(s.cancel(id));
    ASSERT_TRUE(rec.waitFor(id, engine::Cancelled));
    EXPECT_LT(std::chrono::steady_clock::now() - t0, 4500ms); // not after the 5 s wait
    EXPECT_EQ(rec.completions(id), 1);
}

TEST_F(Features, SpeedLimitHoldsAcrossSegments)
{
    server.addResource("/limited.bin", resource(64u << 20, 46));
    const std::int64_t rate = 2 << 20;
    const auto id = add("/limited.bin", 4, rate);
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Progress));
    const auto first = recorder.lastTimed(id, engine::Progress);
    // Three seconds' worth at the limit, however long it takes; measured on the times the
    // events arrived, so a test thread that wakes late does not shorten the interval.
    ASSERT_TRUE(waitBytes(recorder, id, first.event.bytes + 3 * rate));
    ASSERT_TRUE(session.pause(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Paused));
    const auto paused = recorder.lastTimed(id, engine::Paused);
    const double seconds = std::chrono::duration<double>(paused.at - first.at).count();
    const double measured = static_cast<double>(paused.event.bytes - first.event.bytes) / seconds;
    // Never faster than the limit (plus one burst), and not starved.
    EXPECT_LT(measured, rate * 1.10) << measured;
    EXPECT_GT(measured, rate * 0.25) << measured;
}

TEST_F(Features, SpeedLimitChangesWhileRunning)
{
    server.addResource("/limited.bin", resource(64u << 20, 47));
    const std::int64_t rate = 512 * 1024;
    const auto id = add("/limited.bin", 1, rate);
    const auto t0 = std::chrono::steady_clock::now();
    ASSERT_TRUE(recorder.start(id));
    // A few reports into the download: no more than the limit allows since the start (with a
    // second's worth of slack for a burst); unlimited, it would be tens of MiB by then.
    ASSERT_TRUE(recorder.waitForCount(id, engine::Progress, 3));
    const auto before = recorder.lastTimed(id, engine::Progress);
    const double seconds = std::chrono::duration<double>(before.at - t0).count();
    EXPECT_GT(before.event.bytes, 0);
    EXPECT_LT(static_cast<double>(before.event.bytes), rate * (seconds + 1)) << seconds << " s";
    ASSERT_TRUE(session.setRateLimit(id, 0)); // lifted: the rest comes at full speed
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 60s));
    EXPECT_EQ(server::sha256OfFile(dir.file("limited.bin")), server::sha256Hex(47, 64u << 20));
}

TEST_F(Features, GlobalLimitHoldsTheTotal)
{
    engine::SessionOptions o;
    o.rateLimit = 2 << 20;
    engine::Session s(o);
    test::EventRecorder rec(s);
    server.addResource("/g.bin", resource(64u << 20, 48));
    std::vector<engine::TransferId> ids;
    // Before the starts: every byte counted below came after t0, so the rate is not overstated.
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < 4; ++i) {
        ids.push_back(s.create({server.url("/g.bin"), dir.path(), "g" + std::to_string(i)}));
        ASSERT_TRUE(rec.start(ids.back()));
    }
    // Three seconds' worth at the limit, however long it takes.
    ASSERT_TRUE(test::waitUntil([&] {
        std::int64_t sum = 0;
        for (auto id : ids)
            sum += rec.last(id, engine::Progress).bytes;
        return sum >= 3 * (2 << 20);
    }));
    for (auto id : ids)
        s.pause(id);
    std::int64_t total = 0;
    for (auto id : ids) {
        ASSERT_TRUE(rec.waitFor(id, engine::Paused));
        total += rec.last(id, engine::Paused).bytes;
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    EXPECT_LT(static_cast<double>(total) / seconds, (2 << 20) * 1.15);
}

TEST_F(Features, ChangedFileOnServerRestartsFromZero)
{
    auto v1 = heldResource(4u << 20, 49, 1u << 20);
    v1.etag = "\"v1\"";
    server.addResource("/doc.bin", v1);
    const auto id = add("/doc.bin");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(waitBytes(recorder, id, 1u << 20)); // paused with bytes to resume from
    ASSERT_TRUE(session.pause(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Paused));

    auto v2 = resource(5u << 20, 50); // new content, new ETag
    v2.etag = "\"v2\"";
    server.addResource("/doc.bin", v2);
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 30s));
    const auto headers = recorder.last(id, engine::HeadersReceived);
    EXPECT_NE(headers.reason.find("restarted from 0"), std::string::npos) << headers.reason;
    EXPECT_EQ(server::sha256OfFile(dir.file("doc.bin")), server::sha256Hex(50, 5u << 20));
    // The resume asked "only if still v1"; the server's 200 with v2 made Haul start over.
    bool askedIfRange = false;
    for (const auto& request : server.requests())
        askedIfRange |= request.header("If-Range").value_or("") == "\"v1\"";
    EXPECT_TRUE(askedIfRange);
}

TEST_F(Features, NewAddressForAPausedDownloadResumesIt)
{
    auto r = heldResource(8u << 20, 51, 1u << 20);
    r.etag = "\"same\"";
    server.addResource("/expiring", r);
    const auto id = add("/expiring");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(waitBytes(recorder, id, 1u << 20));
    engine::Refusal refusal;
    EXPECT_FALSE(session.setUrl(id, server.url("/mirror"), &refusal)); // pending: refused
    ASSERT_TRUE(session.pause(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Paused));
    const auto kept = recorder.last(id, engine::Paused).bytes;
    server.removeResource("/expiring"); // the old link expired
    auto mirror = r;
    mirror.gateAfterBytes.reset();
    server.addResource("/mirror", mirror);
    EXPECT_FALSE(session.setUrl(id, "ftp://elsewhere/x", &refusal));
    EXPECT_TRUE(session.setUrl(id, server.url("/mirror"), &refusal)) << refusal.message;
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 30s));
    EXPECT_EQ(server.lastRangeHeader("/mirror").value_or(""),
              "bytes=" + std::to_string(kept) + "-");
    EXPECT_EQ(server::sha256OfFile(dir.file("expiring")), server::sha256Hex(51, 8u << 20));
}

TEST_F(Features, QueueOrderCanChangeAndTheLimitRisesWhileRunning)
{
    engine::SessionOptions one;
    one.maxConcurrent = 1;
    engine::Session s(one);
    test::EventRecorder rec(s);
    auto stall = resource(1'000'000, 56);
    stall.stallAfterBytes = 1000;
    server.addResource("/stall", stall);
    server.addResource("/small", resource(1000, 57));
    const auto blocker = s.create({server.url("/stall"), dir.path(), "blocker"});
    ASSERT_TRUE(rec.start(blocker));
    ASSERT_TRUE(rec.waitFor(blocker, engine::Progress));
    std::vector<engine::TransferId> queued;
    for (int i = 0; i < 3; ++i) {
        queued.push_back(s.create({server.url("/small"), dir.path(), "q" + std::to_string(i)}));
        ASSERT_TRUE(rec.start(queued.back()));
    }
    std::mutex m;
    std::vector<engine::TransferId> startOrder;
    const auto sub = s.subscribe(engine::Resolving, [&](const engine::Event& e) {
        std::lock_guard lock(m);
        startOrder.push_back(e.id);
    });
    EXPECT_TRUE(s.moveInQueue(queued[2], -1));
    EXPECT_TRUE(s.moveInQueue(queued[2], -1)); // now first in line
    EXPECT_TRUE(s.moveInQueue(queued[0], +1));
    // Moving starts nothing: a short look, as there is no event to wait for.
    std::this_thread::sleep_for(100ms);
    EXPECT_TRUE(rec.sequence(queued[2]).empty()); // still waiting for the one slot
    engine::SessionOptions three = one;
    three.maxConcurrent = 3;
    s.updateOptions(three); // two more slots: they go in the new order
    for (auto id : queued)
        ASSERT_TRUE(rec.waitFor(id, engine::Completed));
    s.unsubscribe(sub);
    EXPECT_EQ(startOrder, (std::vector<engine::TransferId>{queued[2], queued[1], queued[0]}));
    s.cancel(blocker);
}

TEST_F(Features, QuittingKeepsRunningDownloadsRecordedAsRunning)
{
    auto r = heldResource(16u << 20, 58, 1u << 20); // still running when the session quits
    r.etag = "\"q\"";
    server.addResource("/quit.bin", r);
    engine::SessionOptions o;
    o.storePath = dir.file("list.db");
    std::int64_t key = 0;
    std::int64_t kept = 0;
    {
        engine::Session s(o);
        test::EventRecorder rec(s);
        const auto id = s.create({server.url("/quit.bin"), dir.path(), {}});
        ASSERT_TRUE(rec.start(id));
        ASSERT_TRUE(waitBytes(rec, id, 1u << 20));
        ASSERT_TRUE(test::waitUntil([&] { return s.storeKey(id) != 0; }));
        key = s.storeKey(id);
        s.shutdown(); // Quit: Cancelled then Closed for the listeners, "running" on record
        kept = rec.last(id, engine::Cancelled).bytes;
    }
    ASSERT_NE(key, 0);
    auto list = engine::Store::open(o.storePath);
    ASSERT_TRUE(list);
    const auto record = list->get(key);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->state, engine::DownloadState::Running);
    list.reset();

    // The next start picks it up from its record and continues where it stopped.
    auto open = r;
    open.gateAfterBytes.reset();
    server.addResource("/quit.bin", open);
    engine::Session next(o);
    test::EventRecorder rec(next);
    engine::TransferRequest again{server.url("/quit.bin"), dir.path(), {}};
    again.storeKey = key;
    const auto id = next.create(again);
    ASSERT_TRUE(rec.start(id));
    ASSERT_TRUE(rec.waitFor(id, engine::Completed, 30s));
    EXPECT_GT(kept, 0);
    EXPECT_NE(server.lastRangeHeader("/quit.bin").value_or("none"), "none");
    EXPECT_EQ(server::sha256OfFile(dir.file("quit.bin")), server::sha256Hex(58, 16u << 20));
}

TEST_F(Features, ChecksumVerifiedBeforeTheFileGetsItsName)
{
    server.addResource("/ok.iso", resource(5'000'000, 52));
    engine::TransferRequest good{server.url("/ok.iso"), dir.path(), {}};
    good.checksum = "sha-256=" + server::sha256Hex(52, 5'000'000);
    const auto id = session.create(good);
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 30s));
    EXPECT_EQ(recorder.last(id, engine::Completed).file, dir.file("ok.iso"));

    engine::TransferRequest bad{server.url("/ok.iso"), dir.path(), "bad.iso"};
    bad.checksum = "sha-256=" + std::string(64, '0');
    const auto badId = session.create(bad);
    ASSERT_TRUE(recorder.start(badId));
    ASSERT_TRUE(recorder.waitFor(badId, engine::Failed, 30s));
    EXPECT_NE(recorder.last(badId, engine::Failed).reason.find("Checksum mismatch"),
              std::string::npos);
    EXPECT_FALSE(test::fileExists(dir.file("bad.iso")));
    EXPECT_FALSE(test::fileExists(dir.file("bad.iso.part")));

    engine::Refusal refusal;
    engine::TransferRequest malformed{server.url("/ok.iso"), dir.path(), {}};
    malformed.checksum = "sha-256=xyz";
    EXPECT_EQ(session.create(malformed, &refusal), 0u);
    EXPECT_FALSE(refusal.message.empty());
}

// The queue's limit counts connections: a download whose bytes are all here and that is being
// hashed holds no place, so the next one starts before the first has completed.
TEST_F(Features, ADownloadBeingVerifiedFreesItsPlaceInTheQueue)
{
    server.addResource("/hashed.iso", resource(8u << 20, 54));
    server.addResource("/next.bin", resource(1000, 55));
    engine::SessionOptions options;
    options.maxConcurrent = 1;
    engine::Session one{options};
    std::mutex mutex;
    std::vector<std::pair<engine::TransferId, engine::EventType>> order;
    one.subscribe(engine::kAllEvents, [&](const engine::Event& e) {
        std::lock_guard lock(mutex);
        order.emplace_back(e.id, e.type);
    });
    engine::TransferRequest hashed{server.url("/hashed.iso"), dir.path(), {}};
    hashed.checksum = "sha-512=" + std::string(128, '0'); // a mismatch, found after hashing
    const auto first = one.create(hashed);
    const auto second = one.create({server.url("/next.bin"), dir.path(), {}});
    ASSERT_TRUE(one.start(first));
    ASSERT_TRUE(one.start(second));
    const auto position = [&](engine::TransferId id, engine::EventType type) {
        std::lock_guard lock(mutex);
        for (std::size_t i = 0; i < order.size(); ++i)
            if (order[i] == std::pair{id, type})
                return static_cast<long>(i);
        return -1L;
    };
    EXPECT_TRUE(test::waitUntil([&] {
        return position(first, engine::Failed) >= 0 && position(second, engine::Completed) >= 0;
    }));
    ASSERT_GE(position(first, engine::Failed), 0);
    ASSERT_GE(position(second, engine::Completed), 0);
    // One at a time on the network: the second asks only once the first has every byte...
    EXPECT_GT(position(second, engine::Resolving), position(first, engine::HeadersReceived));
    // ...and does not wait for the hash.
    EXPECT_LT(position(second, engine::Resolving), position(first, engine::Failed));
    EXPECT_EQ(test::fileSize(dir.file("next.bin")), 1000);
    one.shutdown();
}

// Extra request headers (a cookie a server wants) go on every connection of a segmented
// download and stay in its record; malformed ones, or Haul's own Range, are refused at once.
TEST_F(Features, RequestHeadersGoOnEveryConnectionAndStayRecorded)
{
    // Each response holds after 256 KiB until all four connections are open.
    server.addResource("/members.iso", heldResource(6u << 20, 56, 256 << 10));
    engine::SessionOptions options;
    options.storePath = dir.file("list.db");
    engine::TransferId id = 0;
    std::int64_t key = 0;
    {
        engine::Session withList{options};
        test::EventRecorder events{withList};
        engine::TransferRequest request{server.url("/members.iso"), dir.path(), {}};
        request.connections = 4;
        request.headers = {"Cookie: session=s3cr3t", "Referer: http://127.0.0.1/list"};
        id = withList.create(request);
        ASSERT_NE(id, 0u);
        ASSERT_TRUE(events.start(id));
        ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/members.iso") == 4; }));
        ASSERT_TRUE(server.releaseGate("/members.iso"));
        ASSERT_TRUE(events.waitFor(id, engine::Completed, 30s));
        key = withList.storeKey(id);
        withList.shutdown();
    }
    EXPECT_EQ(server::sha256OfFile(dir.file("members.iso")), server::sha256Hex(56, 6u << 20));
    int asked = 0;
    for (const auto& r : server.requests()) {
        if (r.path != "/members.iso")
            continue;
        ++asked;
        EXPECT_EQ(r.header("Cookie").value_or("none"), "session=s3cr3t");
        EXPECT_EQ(r.header("Referer").value_or("none"), "http://127.0.0.1/list");
    }
    EXPECT_GE(asked, 4) << "one request per connection at least";
    auto list = engine::Store::open(options.storePath);
    ASSERT_TRUE(list);
    ASSERT_NE(key, 0);
    EXPECT_EQ(
        list->get(key)->headers,
        (std::vector<std::string>{"Cookie: session=s3cr3t", "Referer: http://127.0.0.1/list"}));

    for (const std::string bad : {"no colon", ": no name", "Two words: x", "Range: bytes=0-",
                                  "if-range: \"x\"", "X-Split: a\r\nInjected: 1"}) {
        engine::TransferRequest request{server.url("/members.iso"), dir.path(), "refused"};
        request.headers = {bad};
        engine::Refusal refusal;
        EXPECT_EQ(session.create(request, &refusal), 0u) << bad;
        EXPECT_FALSE(refusal.message.empty()) << bad;
        EXPECT_EQ(refusal.message.find("s3cr3t"), std::string::npos);
    }
}

// A redirect to another server (here: another port) takes none of the user's headers along:
// they are for the origin the user named (engine/src/transfer/redirect.h).
TEST_F(Features, RequestHeadersDoNotFollowARedirectToAnotherServer)
{
    server::HttpServer other;
    ASSERT_TRUE(other.start()) << other.error();
    other.addResource("/file.bin", resource(100'000, 57));
    server::Resource hop;
    hop.redirectTo = other.url("/file.bin");
    server.addResource("/hop", hop);
    engine::TransferRequest request{server.url("/hop"), dir.path(), "file.bin"};
    request.headers = {"Cookie: session=s3cr3t", "Referer: http://127.0.0.1/list"};
    const auto id = session.create(request);
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 30s));
    EXPECT_EQ(server::sha256OfFile(dir.file("file.bin")), server::sha256Hex(57, 100'000));
    ASSERT_FALSE(server.requests().empty());
    EXPECT_EQ(server.requests().front().header("Cookie").value_or("none"), "session=s3cr3t");
    ASSERT_FALSE(other.requests().empty());
    for (const auto& r : other.requests()) {
        EXPECT_FALSE(r.header("Cookie").has_value()) << "the cookie followed the redirect";
        EXPECT_FALSE(r.header("Referer").has_value()) << "a header followed the redirect";
    }
}

TEST_F(Features, CancelDuringVerification)
{
    server.addResource("/big.iso", resource(64u << 20, 53));
    engine::TransferRequest request{server.url("/big.iso"), dir.path(), {}};
    request.checksum = "md5=" + std::string(32, 'a');
    const auto id = session.create(request);
    ASSERT_TRUE(recorder.start(id));
    // Cancel at a random point: during the body or while hashing; exactly one completion.
    std::this_thread::sleep_for(std::chrono::milliseconds(150 + std::rand() % 200));
    session.cancel(id);
    session.close(id);
    ASSERT_TRUE(recorder.waitClosed(id));
    EXPECT_EQ(recorder.completions(id), 1);
    EXPECT_FALSE(test::fileExists(dir.file("big.iso")));
    EXPECT_TRUE(recorder.violations().empty()) << testing::PrintToString(recorder.violations());
}

TEST_F(Features, ServerNamesTheFileSafely)
{
    auto named = resource(1000, 54);
    named.contentDisposition =
        "attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf; filename=\"resume.pdf\"";
    server.addResource("/download?id=1", named);
    server.addResource("/download", named);
    auto evil = resource(1000, 55);
    evil.contentDisposition = "attachment; filename=\"../../etc/passwd\"";
    server.addResource("/evil", evil);
    for (const char* path : {"/download", "/evil"}) {
        const auto id = add(path);
        ASSERT_TRUE(recorder.start(id));
        ASSERT_TRUE(recorder.waitFor(id, engine::Completed));
    }
    EXPECT_EQ(dir.list(), (std::vector<std::string>{"passwd", "résumé.pdf"}));
    EXPECT_EQ(recorder.last(2, engine::HeadersReceived).file, dir.file("passwd"));
}

} // namespace

TEST_F(Features, CompletedRecordKeepsTheTimeItFinished)
{
    server.addResource("/done.bin", resource(300'000, 61));
    engine::SessionOptions options;
    options.storePath = dir.file("finished.db");
    const auto msNow = [] {
        return std::chrono::duration_cast<std::chrono::milliseconds>(
                   std::chrono::system_clock::now().time_since_epoch())
            .count();
    };
    const std::int64_t before = msNow();
    std::int64_t key = 0;
    {
        engine::Session withList{options};
        test::EventRecorder events{withList};
        const auto id = withList.create({server.url("/done.bin"), dir.path(), {}});
        ASSERT_TRUE(events.start(id));
        ASSERT_TRUE(events.waitFor(id, engine::Completed, 30s));
        key = withList.storeKey(id);
        withList.shutdown(); // every queued write done
    }
    const std::int64_t after = msNow();
    auto list = engine::Store::open(options.storePath);
    ASSERT_TRUE(list);
    const auto record = list->get(key);
    ASSERT_TRUE(record);
    EXPECT_EQ(record->state, engine::DownloadState::Completed);
    EXPECT_GE(record->finishedAtMs, before) << "the list's Finished column reads this";
    EXPECT_LE(record->finishedAtMs, after);
    EXPECT_GE(record->finishedAtMs, record->createdAtMs);
}
