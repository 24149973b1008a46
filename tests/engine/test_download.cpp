// SPDX-License-Identifier: MIT
// Downloads through the engine against the loopback server, verified byte for byte.
#include "eventrecorder.h"
#include "io/filesink.h"
#include "testsupport.h"

#include <haul/server/content.h>
#include <haul/server/httpserver.h>
#include <haul/session.h>

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

using namespace haul;
using namespace std::chrono_literals;

namespace {

struct DownloadFixture : ::testing::Test {
    DownloadFixture() { EXPECT_TRUE(server.start()) << server.error(); }

    engine::TransferId add(const std::string& path, const std::string& name = {})
    {
        engine::Refusal refusal;
        const auto id = session.create({server.url(path), dir.path(), name}, &refusal);
        EXPECT_NE(id, 0u) << refusal.message;
        return id;
    }

    server::HttpServer server;
    test::TempDir dir;
    engine::Session session;
    test::EventRecorder recorder{session};
};

class SizeTest : public DownloadFixture, public ::testing::WithParamInterface<std::uint64_t> {};

TEST_P(SizeTest, FileOnDiskMatchesWhatWasServed)
{
    const std::uint64_t size = GetParam();
    server::Resource r;
    r.size = size;
    r.seed = size * 31 + 7;
    server.addResource("/file.bin", r);

    const auto id = add("/file.bin");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed, 120s))
        << testing::PrintToString(recorder.sequence(id));
    const auto done = recorder.last(id, engine::Completed);
    EXPECT_EQ(done.file, dir.file("file.bin"));
    EXPECT_EQ(done.text, done.file); // the deprecated field still says what it said
    const auto resolving = recorder.last(id, engine::Resolving);
    EXPECT_FALSE(resolving.url.empty());
    EXPECT_EQ(resolving.text, resolving.url);
    EXPECT_EQ(done.bytes, static_cast<std::int64_t>(size));
    EXPECT_EQ(server::sha256OfFile(dir.file("file.bin")), server::sha256Hex(r.seed, size));
    EXPECT_FALSE(test::fileExists(dir.file("file.bin.part")));
    EXPECT_TRUE(session.close(id));
    EXPECT_TRUE(recorder.waitClosed(id));
    EXPECT_TRUE(recorder.violations().empty()) << testing::PrintToString(recorder.violations());
}

INSTANTIATE_TEST_SUITE_P(Sizes, SizeTest,
                         ::testing::Values(0, 1, 16 * 1024, (1u << 20) + 7, 64u << 20, 256u << 20));

// With hundreds of downloads allowed at once, blocks are small and a download writes what it
// receives as it comes once its file exists: every size around the block and the receive
// buffer, fast and held back by the server, still lands exactly.
TEST_F(DownloadFixture, ManyAtOnceWritesThroughAndIsExact)
{
    engine::SessionOptions options;
    options.maxConcurrent = 200;
    engine::Session many{options};
    test::EventRecorder events{many};
    const std::uint64_t sizes[] = {0, 1, 16383, 16384, 16385, 32768, 100'000, (3u << 20) + 13};
    std::vector<std::pair<engine::TransferId, server::Resource>> started;
    for (std::size_t i = 0; i < std::size(sizes); ++i) {
        for (const bool slow : {false, true}) {
            server::Resource r;
            r.size = sizes[i];
            r.seed = 900 + i * 2 + (slow ? 1 : 0);
            r.rateBytesPerSec = slow ? 1'500'000 : 0; // trickles in small reads
            const std::string name = "f" + std::to_string(i) + (slow ? "-slow" : "") + ".bin";
            server.addResource("/" + name, r);
            const auto id = many.create({server.url("/" + name), dir.path(), {}});
            ASSERT_NE(id, 0u);
            ASSERT_TRUE(events.start(id));
            started.emplace_back(id, r);
        }
    }
    for (const auto& [id, r] : started) {
        ASSERT_TRUE(events.waitFor(id, engine::Completed, 60s))
            << testing::PrintToString(events.sequence(id));
        const std::string file = events.last(id, engine::Completed).file;
        EXPECT_EQ(server::sha256OfFile(file), server::sha256Hex(r.seed, r.size)) << file;
    }
    EXPECT_EQ(dir.list().size(), started.size()) << "no .part left behind";
    EXPECT_TRUE(events.violations().empty()) << testing::PrintToString(events.violations());
}

TEST_F(DownloadFixture, ChunkedBodyWithoutLength)
{
    server::Resource r;
    r.size = 3'000'000;
    r.seed = 5;
    r.chunked = true;
    server.addResource("/chunked", r);
    const auto id = add("/chunked", "chunked.bin");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed));
    EXPECT_EQ(server::sha256OfFile(dir.file("chunked.bin")), server::sha256Hex(5, 3'000'000));
}

TEST_F(DownloadFixture, FollowsRedirects)
{
    server::Resource target;
    target.size = 100'000;
    target.seed = 9;
    server.addResource("/real.bin", target);
    server::Resource hop;
    hop.redirectTo = "/real.bin";
    server.addResource("/moved", hop);
    const auto id = add("/moved", "moved.bin");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed));
    const auto seq = recorder.sequence(id);
    EXPECT_NE(std::find(seq.begin(), seq.end(), "redirect"), seq.end());
    EXPECT_EQ(server::sha256OfFile(dir.file("moved.bin")), server::sha256Hex(9, 100'000));
}

TEST_F(DownloadFixture, CancelMidBodyKeepsPartAndNoFinalFile)
{
    server::Resource r;
    r.size = 50u << 20;
    r.seed = 3;
    r.rateBytesPerSec = 4u << 20;
    server.addResource("/slow.bin", r);
    const auto id = add("/slow.bin");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Progress));
    ASSERT_TRUE(session.cancel(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Cancelled));
    EXPECT_FALSE(test::fileExists(dir.file("slow.bin")));
    const std::int64_t kept = test::fileSize(dir.file("slow.bin.part"));
    EXPECT_GT(kept, 0);
    EXPECT_EQ(recorder.last(id, engine::Cancelled).bytes, kept);

    // Resuming continues from what is on disk and ends with the exact file.
    server::Resource fast = r;
    fast.rateBytesPerSec = 0;
    server.addResource("/slow.bin", fast);
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Completed));
    EXPECT_EQ(server.lastRangeHeader("/slow.bin").value_or(""),
              "bytes=" + std::to_string(kept) + "-");
    EXPECT_EQ(server::sha256OfFile(dir.file("slow.bin")), server::sha256Hex(3, 50u << 20));
}

TEST_F(DownloadFixture, NameClashGetsANumberNeverOverwrites)
{
    server::Resource r;
    r.size = 1000;
    r.seed = 1;
    server.addResource("/a.txt", r);
    for (int i = 0; i < 3; ++i) {
        const auto id = add("/a.txt");
        ASSERT_TRUE(recorder.start(id));
        ASSERT_TRUE(recorder.waitFor(id, engine::Completed));
    }
    EXPECT_EQ(dir.list(), (std::vector<std::string>{"a (1).txt", "a (2).txt", "a.txt"}));
}

TEST_F(DownloadFixture, HttpErrorFailsWithReasonAndLeavesNoFile)
{
    const auto id = add("/missing.bin");
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitFor(id, engine::Failed));
    const auto failed = recorder.last(id, engine::Failed);
    EXPECT_EQ(failed.httpCode, 404);
    EXPECT_NE(failed.reason.find("404"), std::string::npos) << failed.reason;
    EXPECT_TRUE(dir.list().empty());
}

} // namespace

// A small download whole in memory is written to an unnamed file and linked under its name:
// the name appears complete or not at all, and no .part is ever seen.
TEST(FileSink, WholeSmallFileAppearsUnderItsNameAtOnce)
{
    test::TempDir dir;
    std::string bytes(20'000, '\0');
    for (std::size_t i = 0; i < bytes.size(); ++i)
        bytes[i] = static_cast<char>(i * 7 + 3);
    engine::FileSink sink(dir.path(), "a.bin");
    ASSERT_TRUE(sink.writeWhole(bytes.data(), bytes.size())) << sink.error();
    std::ifstream in(dir.file("a.bin"), std::ios::binary);
    const std::string back((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_EQ(back, bytes);

    engine::FileSink empty(dir.path(), "empty.bin");
    ASSERT_TRUE(empty.writeWhole(nullptr, 0)) << empty.error();
    EXPECT_EQ(test::fileSize(dir.file("empty.bin")), 0);
    EXPECT_EQ(dir.list(), (std::vector<std::string>{"a.bin", "empty.bin"}));

    // A folder that is not there: refused with a sentence, nothing created.
    engine::FileSink missing(dir.file("gone"), "x.bin");
    EXPECT_FALSE(missing.writeWhole("abc", 3));
    EXPECT_NE(missing.error().find("Cannot create"), std::string::npos) << missing.error();
    EXPECT_EQ(dir.list().size(), 2u);
}
