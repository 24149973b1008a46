// SPDX-License-Identifier: MIT
// A server, a disk or a user misbehaving: every case ends in an exact file or a failure with a
// clear reason, and only transient trouble is retried.
#include "eventrecorder.h"
#include "testsupport.h"

#include <haul/server/content.h>
#include <haul/server/httpserver.h>
#include <haul/session.h>

#include <gtest/gtest.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace haul;
using namespace std::chrono_literals;

namespace {

struct Faults : ::testing::Test {
    Faults() { EXPECT_TRUE(server.start()) << server.error(); }

    static engine::SessionOptions options()
    {
        engine::SessionOptions o;
        o.retryBaseDelayMs = 50;
        o.lowSpeedTime = 2;
        return o;
    }
    engine::TransferId add(const std::string& path, const std::string& name = {})
    {
        engine::Refusal refusal;
        const auto id = session.create({server.url(path), dir.path(), name}, &refusal);
        EXPECT_NE(id, 0u) << refusal.message;
        return id;
    }
    // Starts and waits for the operation's completion.
    engine::Event run(engine::TransferId id)
    {
        EXPECT_TRUE(recorder.start(id));
        EXPECT_TRUE(recorder.waitSettled(id, 60s));
        const auto events = recorder.events(id);
        for (auto it = events.rbegin(); it != events.rend(); ++it)
            if (engine::isCompletion(it->type))
                return *it;
        return {};
    }
    int retries(engine::TransferId id)
    {
        const auto seq = recorder.sequence(id);
        return static_cast<int>(std::count(seq.begin(), seq.end(), "retrying"));
    }

    server::HttpServer server;
    test::TempDir dir;
    engine::Session session{options()};
    test::EventRecorder recorder{session};
};

TEST_F(Faults, BodyShorterThanContentLengthIsResumed)
{
    server::Resource r;
    r.size = 2'000'000;
    r.seed = 60;
    r.shortBodyBytes = 700'000;
    server.addResource("/short", r);
    const auto id = add("/short");
    const auto end = run(id);
    EXPECT_EQ(end.type, engine::Completed) << end.reason;
    EXPECT_GE(retries(id), 2);
    EXPECT_EQ(server::sha256OfFile(dir.file("short")), server::sha256Hex(60, 2'000'000));
}

TEST_F(Faults, BrokenChunkedBodyIsResumed)
{
    server::Resource r;
    r.size = 1'500'000;
    r.seed = 61;
    r.chunked = true;
    r.shortBodyBytes = 600'000;
    server.addResource("/chunks", r);
    const auto id = add("/chunks");
    const auto end = run(id);
    EXPECT_EQ(end.type, engine::Completed) << end.reason;
    EXPECT_EQ(server::sha256OfFile(dir.file("chunks")), server::sha256Hex(61, 1'500'000));
}

TEST_F(Faults, StallMidBodyTimesOutThenResumes)
{
    server::Resource r;
    r.size = 1'000'000;
    r.seed = 62;
    r.stallAfterBytes = 400'000;
    server.addResource("/stall", r);
    const auto id = add("/stall");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Retrying, 30s));
    EXPECT_NE(recorder.last(id, engine::Retrying).reason.find("stopped sending"),
              std::string::npos);
    server::Resource healthy = r;
    healthy.stallAfterBytes.reset();
    server.addResource("/stall", healthy);
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 30s));
    EXPECT_EQ(server::sha256OfFile(dir.file("stall")), server::sha256Hex(62, 1'000'000));
}

// A server that trickles its headers a byte at a time never reaches the body: the low-speed
// timeout counts body bytes, so it ends the attempt (a retry, then the server is healthy again);
// a cancel meanwhile is answered at once, with the connection half-way through a header line.
TEST_F(Faults, HeadersTrickledByteByByteTimeOut)
{
    server::Resource r;
    r.size = 50'000;
    r.seed = 63;
    r.headerByteIntervalMs = 200; // the head is ~150 bytes: half a minute
    server.addResource("/trickle", r);
    const auto id = add("/trickle");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Retrying, 30s));
    EXPECT_NE(recorder.last(id, engine::Retrying).reason.find("stopped sending"), std::string::npos)
        << recorder.last(id, engine::Retrying).reason;
    server::Resource healthy = r;
    healthy.headerByteIntervalMs = 0;
    server.addResource("/trickle", healthy);
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 30s));
    EXPECT_EQ(server::sha256OfFile(dir.file("trickle")), server::sha256Hex(63, 50'000));

    server.addResource("/trickle-cancel", r);
    const auto cancelled = add("/trickle-cancel");
    ASSERT_TRUE(recorder.start(cancelled));
    ASSERT_TRUE(recorder.waitFor(cancelled, engine::RequestSent, 10s));
    // The server has the request, so its head is on its way, a byte every 200 ms.
    ASSERT_TRUE(test::waitUntil([&] { return server.requestCount("/trickle-cancel") > 0; }));
    ASSERT_TRUE(session.cancel(cancelled));
    ASSERT_TRUE(recorder.waitFor(cancelled, engine::Cancelled, 5s));
    EXPECT_EQ(recorder.completions(cancelled), 1);
    EXPECT_FALSE(test::fileExists(dir.file("trickle-cancel")));
    EXPECT_TRUE(recorder.violations().empty()) << testing::PrintToString(recorder.violations());
}

TEST_F(Faults, RedirectLoopFailsWithoutRetrying)
{
    server::Resource loop;
    loop.redirectTo = "/loop";
    server.addResource("/loop", loop);
    const auto id = add("/loop");
    const auto end = run(id);
    EXPECT_EQ(end.type, engine::Failed);
    EXPECT_NE(end.reason.find("loops"), std::string::npos) << end.reason;
    EXPECT_EQ(retries(id), 0);
}

TEST_F(Faults, HundredKilobytesOfHeaders)
{
    server::Resource r;
    r.size = 10'000;
    r.seed = 63;
    for (int i = 0; i < 110; ++i)
        r.extraHeaders.push_back("X-Filler-" + std::to_string(i) + ": " + std::string(1000, 'h'));
    server.addResource("/fat", r);
    const auto id = add("/fat");
    const auto end = run(id);
    // libcurl refuses headers past 100 KiB: a clear failure, not a crash, not a retry loop.
    if (end.type == engine::Completed)
        EXPECT_EQ(server::sha256OfFile(dir.file("fat")), server::sha256Hex(63, 10'000));
    else
        EXPECT_FALSE(end.reason.empty());
    EXPECT_EQ(recorder.completions(id), 1);
    EXPECT_EQ(retries(id), 0);
}

TEST_F(Faults, GzipEncodedBodyIsSavedAsSent)
{
    server::Resource r;
    r.size = 50'000;
    r.seed = 64;
    r.extraHeaders = {"Content-Encoding: gzip"};
    server.addResource("/data.gz", r);
    const auto id = add("/data.gz");
    EXPECT_EQ(run(id).type, engine::Completed);
    EXPECT_EQ(server::sha256OfFile(dir.file("data.gz")), server::sha256Hex(64, 50'000));
}

TEST_F(Faults, PartLongerThanTheFileStartsOver)
{
    server::Resource r;
    r.size = 5000;
    r.seed = 65;
    server.addResource("/shrunk", r);
    {
        FILE* f = std::fopen(dir.file("shrunk.part").c_str(), "wb");
        const std::string junk(9000, 'j');
        std::fwrite(junk.data(), 1, junk.size(), f);
        std::fclose(f);
    }
    const auto id = add("/shrunk");
    const auto end = run(id);
    EXPECT_EQ(end.type, engine::Completed) << end.reason;
    EXPECT_EQ(server::sha256OfFile(dir.file("shrunk")), server::sha256Hex(65, 5000));
}

TEST_F(Faults, HostileFileNamesStayInTheFolder)
{
    const std::vector<std::string> dispositions = {
        "attachment; filename=\"/etc/cron.d/evil\"",
        "attachment; filename=\"..\\\\..\\\\win.ini\"",
        "attachment; filename=\"a\x01"
        "b\x1f"
        "c.txt\"",
        "attachment; filename=\"" + std::string(1000, 'n') + ".bin\"",
        "attachment; filename=\"..\"",
    };
    for (std::size_t i = 0; i < dispositions.size(); ++i) {
        server::Resource r;
        r.size = 100;
        r.seed = 70 + i;
        r.contentDisposition = dispositions[i];
        server.addResource("/h" + std::to_string(i), r);
        const auto id = add("/h" + std::to_string(i));
        EXPECT_EQ(run(id).type, engine::Completed);
    }
    const auto files = dir.list();
    EXPECT_EQ(files.size(), dispositions.size());
    for (const auto& name : files) {
        EXPECT_EQ(name.find('/'), std::string::npos);
        EXPECT_LE(name.size() + 5, 255u) << name; // room for ".part"
        EXPECT_NE(name.front(), '.');
        for (unsigned char c : name)
            EXPECT_GE(c, 0x20) << name;
    }
    EXPECT_FALSE(test::fileExists("/etc/cron.d/evil"));
}

TEST_F(Faults, FilesAreNeverExecutable)
{
    server::Resource r;
    r.size = 100;
    server.addResource("/tool.sh", r);
    const mode_t old = ::umask(0);
    const auto id = add("/tool.sh");
    const auto end = run(id);
    ::umask(old);
    ASSERT_EQ(end.type, engine::Completed);
    struct stat st {};
    ASSERT_EQ(::stat(dir.file("tool.sh").c_str(), &st), 0);
    EXPECT_EQ(st.st_mode & 0111, 0u);
}

TEST_F(Faults, FullDiskPausesKeepsWhatWasWrittenAndCompletesLater)
{
    test::TempDir mountPoint;
    if (::mount("tmpfs", mountPoint.path().c_str(), "tmpfs", 0, "size=4m") != 0)
        GTEST_SKIP() << "cannot mount a small tmpfs here (needs root): " << std::strerror(errno);
    server::Resource r;
    r.size = 8u << 20;
    r.seed = 66;
    server.addResource("/big.bin", r);
    const auto id = session.create({server.url("/big.bin"), mountPoint.path(), {}});
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitSettled(id, 30s));
    const auto paused = recorder.last(id, engine::Paused);
    EXPECT_NE(paused.reason.find("Free some space"), std::string::npos) << paused.reason;
    const auto kept = test::fileSize(mountPoint.path() + "/big.bin.part");
    EXPECT_GT(kept, 0);

    // Space is freed: the download resumes from what is on disk and completes.
    ASSERT_EQ(::mount("tmpfs", mountPoint.path().c_str(), "tmpfs", MS_REMOUNT, "size=16m"), 0);
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 30s));
    EXPECT_EQ(server::sha256OfFile(mountPoint.path() + "/big.bin"),
              server::sha256Hex(66, 8u << 20));
    session.close(id);
    ASSERT_TRUE(recorder.waitClosed(id));
    ::umount(mountPoint.path().c_str());
}

TEST_F(Faults, SelfSignedCertificateIsRefusedUnlessAllowed)
{
    test::TlsTestServer tls(HAUL_TEST_SERVERS_DIR "/https_server.py");
    ASSERT_TRUE(tls.running()) << "the TLS test server did not start";
    const std::string url = tls.url("/file");

    const auto refused = session.create({url, dir.path(), "refused"});
    const auto end = run(refused);
    EXPECT_EQ(end.type, engine::Failed);
    EXPECT_NE(end.reason.find("certificate"), std::string::npos) << end.reason;
    EXPECT_EQ(retries(refused), 0);
    EXPECT_FALSE(test::fileExists(dir.file("refused")));

    engine::TransferRequest allowed{url, dir.path(), "allowed"};
    allowed.allowInsecureTls = true;
    const auto ok = session.create(allowed);
    EXPECT_EQ(run(ok).type, engine::Completed);
    EXPECT_EQ(test::fileSize(dir.file("allowed")), 100000);

    // The exception is part of the download's record: restored after a restart (by its key,
    // as the GUI does) it still holds, although the new request does not repeat it.
    engine::SessionOptions withList = options();
    withList.storePath = dir.file("haul.db");
    std::int64_t storeKey = 0;
    {
        engine::Session before{withList};
        engine::TransferRequest remembered{url, dir.path(), "restored"};
        remembered.allowInsecureTls = true;
        const auto id = before.create(remembered);
        ASSERT_NE(id, 0u);
        // Recorded by the engine thread, a moment later.
        ASSERT_TRUE(test::waitUntil([&] { return (storeKey = before.storeKey(id)) != 0; }));
        before.shutdown(); // quit before it was started
    }
    ASSERT_NE(storeKey, 0);
    {
        engine::Session after{withList};
        test::EventRecorder events{after};
        engine::TransferRequest restored{url, dir.path(), "restored"};
        restored.storeKey = storeKey;
        const auto id = after.create(restored);
        ASSERT_TRUE(events.start(id));
        ASSERT_TRUE(events.waitSettled(id, 60s));
        const auto sequence = events.sequence(id);
        EXPECT_EQ(std::count(sequence.begin(), sequence.end(), "completed"), 1)
            << testing::PrintToString(sequence);
        EXPECT_EQ(test::fileSize(dir.file("restored")), 100000);
        after.shutdown();
    }
}

} // namespace
