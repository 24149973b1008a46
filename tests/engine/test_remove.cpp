// SPDX-License-Identifier: MIT
// Session::remove: one call closes a download, forgets its record before Closed and, when asked,
// deletes its files — never through a symbolic link, never a file another download names.
#include "eventrecorder.h"
#include "testsupport.h"

#include <haul/haul.h>
#include <haul/server/content.h>
#include <haul/server/httpserver.h>
#include <haul/session.h>
#include <haul/store.h>

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <sys/stat.h>
#include <unistd.h>

using namespace haul;
using namespace std::chrono_literals;

namespace {

bool isThere(const std::string& path) // the name itself, a dangling link included
{
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

void writeFile(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string readFile(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

struct Remove : ::testing::Test {
    Remove()
    {
        EXPECT_TRUE(server.start()) << server.error();
        options.storePath = dir.file("list.db");
    }
    server::Resource resource(std::uint64_t size, std::uint64_t seed, bool held = false)
    {
        server::Resource r;
        r.size = size;
        r.seed = seed;
        if (held)
            r.gateAfterBytes = 64 << 10; // in progress whenever the test acts
        return r;
    }
    engine::TransferRequest request(const std::string& path) const
    {
        return {server.url(path), dir.path(), {}};
    }
    // A record as another program (or the previous run) left it.
    std::optional<engine::DownloadRecord> recordOf(std::int64_t key) const
    {
        auto list = engine::Store::open(options.storePath);
        EXPECT_TRUE(list);
        return list ? list->get(key) : std::nullopt;
    }
    static void expectContractHeld(const engine::Session& s, const test::EventRecorder& rec)
    {
        EXPECT_TRUE(rec.violations().empty()) << rec.violations().front();
        EXPECT_EQ(s.stats().contractViolations, 0u);
    }

    server::HttpServer server;
    test::TempDir dir;
    engine::SessionOptions options;
};

} // namespace

TEST_F(Remove, RecordIsGoneBeforeClosedAndAfterARestart)
{
    server.addResource("/kept.bin", resource(200'000, 1));
    server.addResource("/gone.bin", resource(200'000, 2));
    std::int64_t kept = 0;
    std::int64_t gone = 0;
    {
        engine::Session s(options);
        test::EventRecorder rec(s);
        const auto keep = s.create(request("/kept.bin"));
        const auto drop = s.create(request("/gone.bin"));
        ASSERT_TRUE(rec.start(keep));
        ASSERT_TRUE(rec.start(drop));
        ASSERT_TRUE(rec.waitFor(keep, engine::Completed));
        ASSERT_TRUE(rec.waitFor(drop, engine::Completed));
        kept = s.storeKey(keep);
        gone = s.storeKey(drop);
        ASSERT_NE(gone, 0);
        ASSERT_TRUE(s.remove(drop));
        EXPECT_FALSE(s.remove(drop)) << "closed at once for every caller";
        EXPECT_FALSE(s.close(drop));
        ASSERT_TRUE(rec.waitClosed(drop));
        // Forgotten before Closed was delivered: another connection sees it gone already.
        EXPECT_FALSE(recordOf(gone));
        EXPECT_EQ(rec.sequence(drop).back(), "closed");
        s.shutdown();
        expectContractHeld(s, rec);
    }
    EXPECT_TRUE(recordOf(kept));
    EXPECT_FALSE(recordOf(gone));
    auto list = engine::Store::open(options.storePath);
    ASSERT_TRUE(list);
    EXPECT_EQ(list->loadAll().size(), 1u);
    // Without deleteFiles the finished file stays.
    EXPECT_TRUE(test::fileExists(dir.file("gone.bin")));
}

TEST_F(Remove, PendingDownloadEndsCancelledThenClosedAndItsPartIsDeleted)
{
    server.addResource("/held.bin", resource(4u << 20, 3, true));
    engine::Session s(options);
    test::EventRecorder rec(s);
    const auto id = s.create(request("/held.bin"));
    ASSERT_TRUE(rec.start(id));
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/held.bin") == 1; }));
    ASSERT_TRUE(test::waitUntil([&] { return test::fileSize(dir.file("held.bin.part")) > 0; }));
    ASSERT_TRUE(test::waitUntil([&] { return s.storeKey(id) != 0; }));
    const auto key = s.storeKey(id);
    ASSERT_TRUE(s.remove(id, {.deleteFiles = true}));
    ASSERT_TRUE(rec.waitClosed(id));
    const auto seq = rec.sequence(id);
    ASSERT_GE(seq.size(), 2u);
    EXPECT_EQ(seq[seq.size() - 2], "cancelled");
    EXPECT_EQ(seq.back(), "closed");
    EXPECT_EQ(rec.countOf(id, engine::Cancelled), 1);
    // Both done before Closed.
    EXPECT_FALSE(isThere(dir.file("held.bin.part")));
    EXPECT_FALSE(isThere(dir.file("held.bin")));
    EXPECT_FALSE(recordOf(key));
    server.releaseGate("/held.bin");
    s.shutdown();
    expectContractHeld(s, rec);
}

TEST_F(Remove, DeleteFilesDeletesTheFinishedFile)
{
    server.addResource("/done.bin", resource(300'000, 4));
    engine::Session s(options);
    test::EventRecorder rec(s);
    const auto id = s.create(request("/done.bin"));
    ASSERT_TRUE(rec.start(id));
    ASSERT_TRUE(rec.waitFor(id, engine::Completed));
    ASSERT_TRUE(test::fileExists(dir.file("done.bin")));
    ASSERT_TRUE(s.remove(id, {.deleteFiles = true}));
    ASSERT_TRUE(rec.waitClosed(id));
    EXPECT_FALSE(isThere(dir.file("done.bin")));
    s.shutdown();
    expectContractHeld(s, rec);
}

TEST_F(Remove, WithoutAListTheFilesAreDeletedToo)
{
    options.storePath.clear();
    server.addResource("/free.bin", resource(300'000, 5));
    engine::Session s(options);
    test::EventRecorder rec(s);
    const auto id = s.create(request("/free.bin"));
    ASSERT_TRUE(rec.start(id));
    ASSERT_TRUE(rec.waitFor(id, engine::Completed));
    ASSERT_TRUE(s.remove(id, {.deleteFiles = true}));
    ASSERT_TRUE(rec.waitClosed(id));
    EXPECT_FALSE(isThere(dir.file("free.bin")));
    // And a plain remove without a list is a close.
    const auto other = s.create(request("/free.bin"));
    ASSERT_TRUE(s.remove(other));
    ASSERT_TRUE(rec.waitClosed(other));
    EXPECT_EQ(rec.sequence(other), std::vector<std::string>{"closed"});
    s.shutdown();
    expectContractHeld(s, rec);
}

TEST_F(Remove, NeverFollowsASymbolicLink)
{
    test::TempDir elsewhere;
    const std::string secret = elsewhere.file("secret.txt");
    writeFile(secret, "not Haul's");
    server.addResource("/done.bin", resource(100'000, 5));
    engine::Session s(options);
    test::EventRecorder rec(s);
    const auto done = s.create(request("/done.bin"));
    ASSERT_TRUE(rec.start(done));
    ASSERT_TRUE(rec.waitFor(done, engine::Completed));
    // The finished file was replaced by a link to a file elsewhere.
    ASSERT_EQ(::unlink(dir.file("done.bin").c_str()), 0);
    ASSERT_EQ(::symlink(secret.c_str(), dir.file("done.bin").c_str()), 0);
    ASSERT_TRUE(s.remove(done, {.deleteFiles = true}));
    ASSERT_TRUE(rec.waitClosed(done));
    EXPECT_EQ(readFile(secret), "not Haul's");
    EXPECT_TRUE(isThere(dir.file("done.bin"))) << "not a regular file: not Haul's to delete";
    s.shutdown();
    expectContractHeld(s, rec);
}

TEST_F(Remove, NeverFollowsASymbolicLinkAtThePart)
{
    test::TempDir elsewhere;
    const std::string secret = elsewhere.file("secret.txt");
    writeFile(secret, "not Haul's");
    // Without a list a .part is taken as the download's own (with one, its record decides).
    options.storePath.clear();
    ASSERT_EQ(::symlink(secret.c_str(), dir.file("link.bin.part").c_str()), 0);
    engine::Session s(options);
    test::EventRecorder rec(s);
    auto r = request("/link.bin");
    r.fileName = "link.bin";
    const auto id = s.create(r);
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(s.remove(id, {.deleteFiles = true}));
    ASSERT_TRUE(rec.waitClosed(id));
    EXPECT_EQ(readFile(secret), "not Haul's");
    EXPECT_TRUE(isThere(dir.file("link.bin.part")));
    s.shutdown();
    expectContractHeld(s, rec);
}

TEST_F(Remove, KeepsAFileAnotherRecordNames)
{
    // A list with two records of one folder and name (another program, a crafted list): the
    // .part is not the removed one's alone.
    engine::DownloadRecord record;
    record.url = server.url("/twice.bin");
    record.directory = dir.path();
    record.fileName = "twice.bin";
    record.state = engine::DownloadState::Paused;
    std::int64_t first = 0;
    std::int64_t second = 0;
    {
        auto list = engine::Store::open(options.storePath);
        ASSERT_TRUE(list);
        first = list->add(record).value_or(0);
        second = list->add(record).value_or(0);
    }
    ASSERT_NE(first, 0);
    ASSERT_NE(second, 0);
    writeFile(dir.file("twice.bin.part"), "bytes of a download");
    engine::Session s(options);
    test::EventRecorder rec(s);
    auto restored = request("/twice.bin");
    restored.storeKey = second; // what the GUI does for a row of the list
    const auto id = s.create(restored);
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(s.remove(id, {.deleteFiles = true}));
    ASSERT_TRUE(rec.waitClosed(id));
    EXPECT_TRUE(isThere(dir.file("twice.bin.part")));
    EXPECT_FALSE(recordOf(second));
    EXPECT_TRUE(recordOf(first));
    // The last record of that name takes its .part with it.
    restored.storeKey = first;
    const auto last = s.create(restored);
    ASSERT_TRUE(s.remove(last, {.deleteFiles = true}));
    ASSERT_TRUE(rec.waitClosed(last));
    EXPECT_FALSE(isThere(dir.file("twice.bin.part")));
    EXPECT_FALSE(recordOf(first));
    s.shutdown();
    expectContractHeld(s, rec);
}

TEST_F(Remove, KeepsAFileAnotherOpenDownloadHasWithoutAList)
{
    options.storePath.clear();
    engine::Session s(options);
    test::EventRecorder rec(s);
    // Without a list an existing .part is taken as each one's own: both are named same.bin.
    writeFile(dir.file("same.bin.part"), "b's bytes, say");
    auto r = request("/same.bin");
    r.fileName = "same.bin";
    const auto a = s.create(r);
    const auto b = s.create(r);
    ASSERT_NE(a, 0u);
    ASSERT_NE(b, 0u);
    ASSERT_TRUE(s.remove(a, {.deleteFiles = true}));
    ASSERT_TRUE(rec.waitClosed(a));
    EXPECT_TRUE(isThere(dir.file("same.bin.part")));
    // Once nobody else has the name, removing the other one deletes it: it was theirs.
    ASSERT_TRUE(s.remove(b, {.deleteFiles = true}));
    ASSERT_TRUE(rec.waitClosed(b));
    EXPECT_FALSE(isThere(dir.file("same.bin.part")));
    s.shutdown();
    expectContractHeld(s, rec);
}

TEST_F(Remove, ARestoredDownloadNeverStartedIsRemovedWithItsPart)
{
    server.addResource("/later.bin", resource(4u << 20, 6, true));
    std::int64_t key = 0;
    {
        engine::Session s(options);
        test::EventRecorder rec(s);
        const auto id = s.create(request("/later.bin"));
        ASSERT_TRUE(rec.start(id));
        ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/later.bin") == 1; }));
        ASSERT_TRUE(s.pause(id));
        ASSERT_TRUE(rec.waitFor(id, engine::Paused));
        key = s.storeKey(id);
        s.shutdown();
    }
    ASSERT_NE(key, 0);
    ASSERT_TRUE(test::fileExists(dir.file("later.bin.part")));
    server.releaseGate("/later.bin");

    // The next run: the list's row gets its transfer (idle) and is removed at once.
    engine::Session s(options);
    test::EventRecorder rec(s);
    auto restored = request("/later.bin");
    restored.storeKey = key;
    const auto id = s.create(restored);
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(s.remove(id, {.deleteFiles = true}));
    ASSERT_TRUE(rec.waitClosed(id));
    EXPECT_EQ(rec.sequence(id), std::vector<std::string>{"closed"});
    EXPECT_FALSE(isThere(dir.file("later.bin.part")));
    EXPECT_FALSE(recordOf(key));
    s.shutdown();
    expectContractHeld(s, rec);
}

TEST_F(Remove, ShutdownRightAfterARemoveStillForgetsTheRecord)
{
    server.addResource("/quit.bin", resource(4u << 20, 7, true));
    std::int64_t key = 0;
    engine::TransferId id = 0;
    {
        engine::Session s(options);
        test::EventRecorder rec(s);
        id = s.create(request("/quit.bin"));
        ASSERT_TRUE(rec.start(id));
        ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/quit.bin") == 1; }));
        ASSERT_TRUE(test::waitUntil([&] { return s.storeKey(id) != 0; }));
        key = s.storeKey(id);
        ASSERT_TRUE(s.remove(id, {.deleteFiles = true}));
        s.shutdown();
        EXPECT_TRUE(rec.waitClosed(id, 1s)) << "delivered before shutdown() returned";
        EXPECT_EQ(rec.countOf(id, engine::Closed), 1);
        expectContractHeld(s, rec);
    }
    server.releaseGate("/quit.bin");
    EXPECT_FALSE(recordOf(key));
    EXPECT_FALSE(isThere(dir.file("quit.bin.part")));
}

TEST_F(Remove, RefusalsAreSynchronousAndSilent)
{
    engine::Session s(options);
    test::EventRecorder rec(s);
    EXPECT_FALSE(s.remove(0));
    EXPECT_FALSE(s.remove(12345));
    const auto group = s.createGroup();
    auto child = request("/child.bin");
    child.group = group;
    const auto id = s.create(child);
    ASSERT_NE(id, 0u);
    EXPECT_FALSE(s.remove(group)) << "a group has no record: close() it";
    EXPECT_FALSE(s.remove(id)) << "a child closes before its group's Closed";
    ASSERT_TRUE(s.close(group));
    ASSERT_TRUE(rec.waitClosed(group));
    EXPECT_FALSE(s.remove(id));
    s.shutdown();
    expectContractHeld(s, rec);
}

TEST_F(Remove, ForgetRecordForgetsARecordNoTransferHolds)
{
    engine::DownloadRecord record;
    record.url = server.url("/refused.bin");
    record.directory = "relative/folder";
    record.fileName = "refused.bin";
    std::int64_t key = 0;
    {
        auto list = engine::Store::open(options.storePath);
        ASSERT_TRUE(list);
        key = list->add(record).value_or(0);
    }
    ASSERT_NE(key, 0);
    engine::Session s(options);
    EXPECT_FALSE(s.forgetRecord(engine::StoreKey{}));
    // The store opens on the engine thread: until then there is nothing to forget through.
    ASSERT_TRUE(test::waitUntil([&] { return s.forgetRecord(engine::StoreKey{key}); }));
    EXPECT_TRUE(test::waitUntil([&] { return !recordOf(key); }));

    test::EventRecorder rec(s);
    server.addResource("/held.bin", resource(1u << 20, 8));
    const auto id = s.create(request("/held.bin"));
    ASSERT_TRUE(test::waitUntil([&] { return s.storeKey(id) != 0; }));
    EXPECT_FALSE(s.forgetRecord(s.recordKey(id))) << "a transfer's record goes with remove()";
    s.shutdown();
    expectContractHeld(s, rec);
}

TEST(RemoveCApi, HaulRemoveClosesAndIsRefusedTwice)
{
    test::TempDir dir;
    writeFile(dir.file("c.bin.part"), "partial"); // without a list: the download's own
    haul_session* s = haul_session_new(0);
    ASSERT_NE(s, nullptr);
    const haul_transfer_id id =
        haul_transfer_new(s, "http://127.0.0.1:9/c.bin", dir.path().c_str(), "c.bin", nullptr, 0);
    ASSERT_NE(id, 0u);
    std::atomic<int> closed{0};
    ASSERT_EQ(haul_set_callback(
                  s, id,
                  [](const haul_event* e, void* context) {
                      if (e->type == HAUL_EVENT_CLOSED)
                          static_cast<std::atomic<int>*>(context)->fetch_add(1);
                  },
                  &closed, HAUL_EVENTS_ALL),
              1);
    EXPECT_EQ(haul_remove(s, id, HAUL_REMOVE_DELETE_FILES), 1);
    EXPECT_EQ(haul_remove(s, id, 0), 0);
    EXPECT_TRUE(test::waitUntil([&] { return closed.load() == 1; }));
    EXPECT_FALSE(isThere(dir.file("c.bin.part")));
    haul_session_free(s);
    EXPECT_EQ(closed.load(), 1);
}
