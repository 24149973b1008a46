// SPDX-License-Identifier: MIT
// Session::remove: one call closes a download, forgets its record before Closed and, when asked,
// deletes its files — never through a symbolic link, never a file another download names.
#include "eventrecorder.h"
#include "io/iojob.h"
#include "testsupport.h"

#include <haul/haul.h>
#include <haul/server/content.h>
#include <haul/server/httpserver.h>
#include <haul/session.h>
#include <haul/store.h>

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <fstream>
#include <mutex>
#include <sys/stat.h>
#include <thread>
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

// Holds the I/O pool's jobs at one stage of io/iojob.h's ioJobTestHook until release(): a
// Finalize job (a small download written out whole) at 0, before it looks whether it was
// abandoned, or at 1, after it decided (to publish the file under its final name, or to write
// a .part); a Verify job at 3, before it opens the .part, or at 4, hashed. waitEnded: a
// Finalize job reached 2 (it wrote), a Verify job 4. Each hold is its own generation, so a
// job let go by an earlier one never waits again.
class JobHold {
public:
    explicit JobHold(int stage)
    {
        std::lock_guard lock(s_mutex);
        s_stage = stage;
        ++s_generation;
        s_held = 0;
        s_ended = 0;
        engine::ioJobTestHook.store(&hook);
    }
    ~JobHold()
    {
        release();
        engine::ioJobTestHook.store(nullptr);
    }
    JobHold(const JobHold&) = delete;
    JobHold& operator=(const JobHold&) = delete;
    bool waitHeld() { return waitFor(s_held); }
    bool waitEnded() { return waitFor(s_ended); } // the held job wrote what it decided to
    void release()
    {
        std::lock_guard lock(s_mutex);
        s_released = s_generation;
        s_changed.notify_all();
    }

private:
    static bool waitFor(const int& counter)
    {
        std::unique_lock lock(s_mutex);
        return s_changed.wait_for(lock, std::chrono::seconds(60), [&] { return counter > 0; });
    }
    static void hook(int stage)
    {
        std::unique_lock lock(s_mutex);
        if (stage == 2 || (stage == 4 && s_stage >= 3)) {
            ++s_ended;
            s_changed.notify_all();
        }
        if (stage != s_stage)
            return;
        const int mine = s_generation;
        ++s_held;
        s_changed.notify_all();
        s_changed.wait(lock, [mine] { return s_released >= mine; });
    }
    static inline std::mutex s_mutex;
    static inline std::condition_variable s_changed;
    static inline int s_stage = -1;
    static inline int s_generation = 0;
    static inline int s_released = 0;
    static inline int s_held = 0;
    static inline int s_ended = 0;
};

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

TEST_F(Remove, TwoOpenDownloadsOfOneNameWithoutAListEachRemoveOnlyTheirOwn)
{
    options.storePath.clear();
    engine::Session s(options);
    test::EventRecorder rec(s);
    // Without a list an existing .part is taken as the download's own: the first one made
    // has same.bin; the second never shares it (tests/engine/test_naming.cpp), it is numbered.
    writeFile(dir.file("same.bin.part"), "a's bytes, say");
    auto r = request("/same.bin");
    r.fileName = "same.bin";
    const auto a = s.create(r);
    const auto b = s.create(r);
    ASSERT_NE(a, 0u);
    ASSERT_NE(b, 0u);
    ASSERT_TRUE(s.remove(b, {.deleteFiles = true}));
    ASSERT_TRUE(rec.waitClosed(b));
    EXPECT_TRUE(isThere(dir.file("same.bin.part"))) << "a's file went with b";
    ASSERT_TRUE(s.remove(a, {.deleteFiles = true}));
    ASSERT_TRUE(rec.waitClosed(a));
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

// The known race: a small download is written out whole on the I/O pool (Finalizing: an
// O_TMPFILE linked under its name, or, once abandoned, its .part). The removal closes it and
// forgets the record at once; the job goes on only then. Its file must still be deleted: the
// removal deletes after the transfer's last job ended, not before. Held at both points the job
// can be at (before it sees the removal, and after it decided to publish), every time.
TEST_F(Remove, AFileBeingWrittenOutWholeIsDeletedAfterItsJobEnded)
{
    engine::Session s(options);
    test::EventRecorder rec(s);
    for (int stage : {0, 1}) {
        for (int round = 0; round < 10; ++round) {
            SCOPED_TRACE("stage " + std::to_string(stage) + ", round " + std::to_string(round));
            const std::string name =
                "small" + std::to_string(stage) + "-" + std::to_string(round) + ".bin";
            server.addResource("/" + name, resource(20'000, 100 + round));
            JobHold hold(stage);
            const auto id = s.create(request("/" + name));
            ASSERT_NE(id, 0u);
            ASSERT_TRUE(rec.start(id));
            ASSERT_TRUE(hold.waitHeld()) << "the body is whole in memory, being written out";
            ASSERT_TRUE(test::waitUntil([&] { return s.storeKey(id) != 0; }));
            const auto key = s.storeKey(id);
            ASSERT_TRUE(s.remove(id, {.deleteFiles = true}));
            // The transfer is closed and its record forgotten; only now does the job go on.
            ASSERT_TRUE(test::waitUntil([&] { return !recordOf(key); }));
            hold.release();
            ASSERT_TRUE(hold.waitEnded());
            ASSERT_TRUE(rec.waitClosed(id));
            EXPECT_EQ(rec.countOf(id, engine::Cancelled), 1);
            EXPECT_EQ(rec.countOf(id, engine::Completed), 0);
            EXPECT_EQ(rec.sequence(id).back(), "closed");
            EXPECT_FALSE(isThere(dir.file(name))) << "published by the job after the removal";
            EXPECT_FALSE(isThere(dir.file(name + ".part"))) << "written by the abandoned job";
            EXPECT_FALSE(recordOf(key));
        }
    }
    s.shutdown();
    expectContractHeld(s, rec);
    EXPECT_EQ(engine::Store::open(options.storePath)->loadAll().size(), 0u);
}

// A download being hashed (Verifying: the checksum job reads the .part, and its answer would
// rename it) when it is removed, held before the job opens the .part and after it hashed it:
// the answer is ignored, nothing appears under the final name, and the .part is deleted once
// the job ended.
TEST_F(Remove, ADownloadBeingHashedIsNeitherRenamedNorLeftBehind)
{
    engine::Session s(options);
    test::EventRecorder rec(s);
    for (int stage : {3, 4}) {
        for (int round = 0; round < 5; ++round) {
            SCOPED_TRACE("stage " + std::to_string(stage) + ", round " + std::to_string(round));
            const std::string name =
                "hashed" + std::to_string(stage) + "-" + std::to_string(round) + ".bin";
            const std::uint64_t seed = 400 + round;
            server.addResource("/" + name, resource(300'000, seed));
            JobHold hold(stage);
            auto r = request("/" + name);
            r.checksum = "sha-256=" + server::sha256Hex(seed, 300'000);
            const auto id = s.create(r);
            ASSERT_NE(id, 0u);
            ASSERT_TRUE(rec.start(id));
            ASSERT_TRUE(hold.waitHeld()) << "every byte is in the .part, being hashed";
            ASSERT_TRUE(test::waitUntil([&] { return s.storeKey(id) != 0; }));
            const auto key = s.storeKey(id);
            ASSERT_TRUE(s.remove(id, {.deleteFiles = true}));
            ASSERT_TRUE(test::waitUntil([&] { return !recordOf(key); }));
            hold.release();
            ASSERT_TRUE(hold.waitEnded());
            ASSERT_TRUE(rec.waitClosed(id));
            EXPECT_EQ(rec.countOf(id, engine::Cancelled), 1);
            EXPECT_EQ(rec.countOf(id, engine::Completed), 0);
            EXPECT_FALSE(isThere(dir.file(name)));
            EXPECT_FALSE(isThere(dir.file(name + ".part")));
        }
    }
    s.shutdown();
    expectContractHeld(s, rec);
}

// The same without a list: the removal runs on the I/O pool itself, next to the job it waits
// for, and must neither wait there (the pool never waits) nor leave the file behind.
TEST_F(Remove, AFileBeingWrittenOutWholeIsDeletedWithoutAListToo)
{
    options.storePath.clear();
    engine::Session s(options);
    test::EventRecorder rec(s);
    for (int stage : {0, 1}) {
        for (int round = 0; round < 5; ++round) {
            SCOPED_TRACE("stage " + std::to_string(stage) + ", round " + std::to_string(round));
            const std::string name =
                "free" + std::to_string(stage) + "-" + std::to_string(round) + ".bin";
            server.addResource("/" + name, resource(20'000, 200 + round));
            JobHold hold(stage);
            const auto id = s.create(request("/" + name));
            ASSERT_TRUE(rec.start(id));
            ASSERT_TRUE(hold.waitHeld());
            ASSERT_TRUE(s.remove(id, {.deleteFiles = true}));
            hold.release();
            ASSERT_TRUE(rec.waitClosed(id));
            EXPECT_TRUE(hold.waitEnded()) << "Closed comes after the job";
            EXPECT_FALSE(isThere(dir.file(name)));
            EXPECT_FALSE(isThere(dir.file(name + ".part")));
        }
    }
    s.shutdown();
    expectContractHeld(s, rec);
}

// Between the transfer's close and the deletion, the names are replaced: a FIFO at the .part
// (deleting must not open it, nor block), a link to a file elsewhere at the final name (the job
// must not publish through it, the removal must not delete its target), a directory.
TEST_F(Remove, NamesReplacedBetweenTheCloseAndTheDeletionAreLeftAlone)
{
    test::TempDir elsewhere;
    const std::string secret = elsewhere.file("secret.txt");
    writeFile(secret, "not Haul's");
    engine::Session s(options);
    test::EventRecorder rec(s);
    for (int stage : {0, 1}) {
        SCOPED_TRACE("stage " + std::to_string(stage));
        const std::string name = "planted" + std::to_string(stage) + ".bin";
        server.addResource("/" + name, resource(20'000, 300 + stage));
        JobHold hold(stage);
        const auto id = s.create(request("/" + name));
        ASSERT_TRUE(rec.start(id));
        ASSERT_TRUE(hold.waitHeld());
        ASSERT_TRUE(test::waitUntil([&] { return s.storeKey(id) != 0; }));
        const auto key = s.storeKey(id);
        ASSERT_TRUE(s.remove(id, {.deleteFiles = true}));
        ASSERT_TRUE(test::waitUntil([&] { return !recordOf(key); }));
        ASSERT_EQ(::mkfifo(dir.file(name + ".part").c_str(), 0600), 0);
        ASSERT_EQ(::symlink(secret.c_str(), dir.file(name).c_str()), 0);
        hold.release();
        ASSERT_TRUE(hold.waitEnded());
        ASSERT_TRUE(rec.waitClosed(id)) << "a FIFO must not block the deletion";
        EXPECT_EQ(readFile(secret), "not Haul's");
        struct stat st {};
        ASSERT_EQ(::lstat(dir.file(name + ".part").c_str(), &st), 0);
        EXPECT_TRUE(S_ISFIFO(st.st_mode));
        ASSERT_EQ(::lstat(dir.file(name).c_str(), &st), 0);
        EXPECT_TRUE(S_ISLNK(st.st_mode));
    }
    // A finished download whose file became a directory (with a file inside) and whose .part
    // name is a FIFO: neither is deleted, nor opened.
    server.addResource("/dir.bin", resource(100'000, 310));
    const auto done = s.create(request("/dir.bin"));
    ASSERT_TRUE(rec.start(done));
    ASSERT_TRUE(rec.waitFor(done, engine::Completed));
    ASSERT_EQ(::unlink(dir.file("dir.bin").c_str()), 0);
    ASSERT_EQ(::mkdir(dir.file("dir.bin").c_str(), 0700), 0);
    writeFile(dir.file("dir.bin") + "/inside", "kept");
    ASSERT_EQ(::mkfifo(dir.file("dir.bin.part").c_str(), 0600), 0);
    ASSERT_TRUE(s.remove(done, {.deleteFiles = true}));
    ASSERT_TRUE(rec.waitClosed(done));
    EXPECT_EQ(readFile(dir.file("dir.bin") + "/inside"), "kept");
    EXPECT_TRUE(isThere(dir.file("dir.bin.part")));
    s.shutdown();
    expectContractHeld(s, rec);
}

// remove() from inside the transfer's own callback, and from another transfer's callback, for
// downloads in the middle of their bodies.
TEST_F(Remove, FromItsOwnCallbackAndFromAnotherTransfersCallback)
{
    server.addResource("/own.bin", resource(4u << 20, 11, true));
    server.addResource("/other.bin", resource(4u << 20, 12, true));
    engine::Session s(options);
    test::EventRecorder rec(s);
    const auto own = s.create(request("/own.bin"));
    const auto other = s.create(request("/other.bin"));
    ASSERT_TRUE(test::waitUntil([&] { return s.storeKey(own) != 0 && s.storeKey(other) != 0; }));
    const auto ownKey = s.storeKey(own);
    const auto otherKey = s.storeKey(other);
    std::atomic<int> ownRemoved{0};
    std::atomic<int> otherRemoved{0};
    const auto sub = s.subscribe(
        engine::HeadersReceived,
        [&](const engine::Event& e) {
            if (e.id != own)
                return;
            // Each at most once: a second remove() is refused from anywhere.
            if (s.remove(own, {.deleteFiles = true}))
                ownRemoved.fetch_add(1);
            if (s.remove(other, {.deleteFiles = true}))
                otherRemoved.fetch_add(1);
        },
        own);
    ASSERT_NE(sub, 0u);
    ASSERT_TRUE(rec.start(other));
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/other.bin") == 1; }));
    ASSERT_TRUE(rec.start(own)); // its headers remove both
    ASSERT_TRUE(rec.waitClosed(own));
    ASSERT_TRUE(rec.waitClosed(other));
    EXPECT_EQ(ownRemoved.load(), 1);
    EXPECT_EQ(otherRemoved.load(), 1);
    for (auto id : {own, other}) {
        EXPECT_EQ(rec.countOf(id, engine::Cancelled), 1);
        EXPECT_EQ(rec.countOf(id, engine::Closed), 1);
        EXPECT_EQ(rec.sequence(id).back(), "closed");
    }
    EXPECT_FALSE(isThere(dir.file("own.bin.part")));
    EXPECT_FALSE(isThere(dir.file("other.bin.part")));
    EXPECT_FALSE(recordOf(ownKey));
    EXPECT_FALSE(recordOf(otherKey));
    server.releaseGate("/own.bin");
    server.releaseGate("/other.bin");
    s.shutdown();
    expectContractHeld(s, rec);
    s.unsubscribe(sub);
}

// remove() against close(), cancel(), pause(), start() and setUrl() from several threads at once,
// on downloads in their bodies: one of remove/close wins, one Closed, nothing after it, and the
// record is gone after a restart exactly when remove() won.
TEST_F(Remove, RacesCloseCancelPauseStartAndSetUrlFromSeveralThreads)
{
    constexpr int kDownloads = 8;
    std::vector<engine::TransferId> ids;
    std::vector<std::int64_t> keys;
    std::vector<int> removedBy(kDownloads, 0);
    std::vector<int> closedBy(kDownloads, 0);
    {
        engine::Session s(options);
        test::EventRecorder rec(s);
        for (int i = 0; i < kDownloads; ++i) {
            const std::string path = "/race" + std::to_string(i) + ".bin";
            server.addResource(path, resource(4u << 20, 20 + i, true));
            ids.push_back(s.create(request(path)));
            ASSERT_TRUE(rec.start(ids.back()));
        }
        for (int i = 0; i < kDownloads; ++i) {
            const std::string path = "/race" + std::to_string(i) + ".bin";
            ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate(path) == 1; }));
            ASSERT_TRUE(test::waitUntil([&] { return s.storeKey(ids[i]) != 0; }));
            keys.push_back(s.storeKey(ids[i]));
        }
        std::atomic<bool> go{false};
        std::vector<std::thread> threads;
        for (int i = 0; i < kDownloads; ++i) {
            const auto id = ids[i];
            threads.emplace_back([&, i, id] {
                while (!go.load())
                    std::this_thread::yield();
                if (s.remove(id, {.deleteFiles = i % 2 == 0}))
                    ++removedBy[i];
            });
            threads.emplace_back([&, i, id] {
                while (!go.load())
                    std::this_thread::yield();
                s.cancel(id);
                if (s.close(id))
                    ++closedBy[i];
            });
            threads.emplace_back([&, id] {
                while (!go.load())
                    std::this_thread::yield();
                s.pause(id);
                s.setUrl(id, server.url("/elsewhere.bin"));
                rec.start(id); // the recorder knows of an operation it may begin
                s.cancel(id);
            });
        }
        go = true;
        for (auto& t : threads)
            t.join();
        for (int i = 0; i < kDownloads; ++i) {
            EXPECT_EQ(removedBy[i] + closedBy[i], 1) << "exactly one of remove/close wins";
            ASSERT_TRUE(rec.waitClosed(ids[i]));
            EXPECT_EQ(rec.countOf(ids[i], engine::Closed), 1);
            EXPECT_EQ(rec.sequence(ids[i]).back(), "closed");
        }
        for (int i = 0; i < kDownloads; ++i)
            server.releaseGate("/race" + std::to_string(i) + ".bin");
        s.shutdown();
        expectContractHeld(s, rec);
    }
    // Reopened: nothing late brought a removed record back, and a closed one stayed.
    for (int i = 0; i < kDownloads; ++i) {
        EXPECT_EQ(recordOf(keys[i]).has_value(), closedBy[i] == 1) << "download " << i;
        if (removedBy[i] && i % 2 == 0) {
            EXPECT_FALSE(isThere(dir.file("race" + std::to_string(i) + ".bin.part")));
        }
    }
}

// remove() right before ~Session (no shutdown() of its own), and remove() racing shutdown()
// from another thread: one Closed each, nothing after it, ~Session returns, the record of every
// accepted removal stays gone.
TEST_F(Remove, RightBeforeDestructionAndRacingShutdown)
{
    for (int round = 0; round < 6; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        const std::string path = "/last" + std::to_string(round) + ".bin";
        server.addResource(path, resource(4u << 20, 40 + round, true));
        std::mutex mutex;
        std::vector<engine::EventType> seen;
        bool accepted = false;
        std::int64_t key = 0;
        {
            auto s = std::make_unique<engine::Session>(options);
            const auto id = s->create(request(path));
            s->subscribe(
                engine::kAllEvents,
                [&](const engine::Event& e) {
                    std::lock_guard lock(mutex);
                    seen.push_back(e.type);
                },
                id);
            ASSERT_TRUE(s->start(id));
            ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate(path) == 1; }));
            ASSERT_TRUE(test::waitUntil([&] { return s->storeKey(id) != 0; }));
            key = s->storeKey(id);
            if (round % 2 == 0) {
                accepted = s->remove(id, {.deleteFiles = true});
                EXPECT_TRUE(accepted);
            } else {
                std::atomic<bool> go{false};
                std::thread quitter([&] {
                    while (!go.load())
                        std::this_thread::yield();
                    s->shutdown();
                });
                go = true;
                accepted = s->remove(id, {.deleteFiles = true});
                quitter.join();
            }
            EXPECT_EQ(s->stats().contractViolations, 0u);
            s.reset(); // must not hang
        }
        server.releaseGate(path);
        std::lock_guard lock(mutex);
        ASSERT_FALSE(seen.empty());
        EXPECT_EQ(std::count(seen.begin(), seen.end(), engine::Closed), 1);
        EXPECT_EQ(seen.back(), engine::Closed);
        if (accepted) {
            EXPECT_FALSE(recordOf(key));
            EXPECT_FALSE(isThere(dir.file(path.substr(1) + ".part")));
        } else {
            EXPECT_TRUE(recordOf(key)) << "shutdown won: the record stays, to resume";
        }
    }
}

// forgetRecord() racing create() of a transfer that continues the same record, and remove()
// of it: never both accepted, and the record is gone after a restart whoever won.
TEST_F(Remove, ForgetRecordRacingCreateAndRemoveOfTheSameRecord)
{
    constexpr int kRounds = 20;
    std::vector<std::int64_t> keys;
    {
        auto list = engine::Store::open(options.storePath);
        ASSERT_TRUE(list);
        for (int i = 0; i < kRounds; ++i) {
            engine::DownloadRecord record;
            record.url = server.url("/kept" + std::to_string(i) + ".bin");
            record.directory = dir.path();
            record.fileName = "kept" + std::to_string(i) + ".bin";
            record.state = engine::DownloadState::Paused;
            keys.push_back(list->add(record).value_or(0));
            ASSERT_NE(keys.back(), 0);
        }
    }
    {
        engine::Session s(options);
        test::EventRecorder rec(s);
        // forgetRecord() works once the engine thread opened the list.
        ASSERT_TRUE(test::waitUntil([&] { return s.forgetRecord(engine::StoreKey{1'000'000}); }));
        for (int i = 0; i < kRounds; ++i) {
            std::atomic<bool> go{false};
            std::atomic<bool> forgot{false};
            engine::TransferId id = 0;
            std::thread forgetter([&] {
                while (!go.load())
                    std::this_thread::yield();
                forgot = s.forgetRecord(engine::StoreKey{keys[i]});
            });
            auto restored = request("/kept" + std::to_string(i) + ".bin");
            restored.storeKey = keys[i];
            go = true;
            id = s.create(restored);
            forgetter.join();
            EXPECT_NE(forgot.load(), id != 0) << "exactly one of them holds the record";
            if (id != 0) {
                EXPECT_FALSE(s.forgetRecord(engine::StoreKey{keys[i]}));
                ASSERT_TRUE(s.remove(id, {.deleteFiles = true}));
                // Racing the removal: refused while the transfer still holds the key.
                s.forgetRecord(engine::StoreKey{keys[i]});
                engine::Refusal refusal;
                EXPECT_EQ(s.create(restored, &refusal), 0u) << "its record is being removed";
                EXPECT_FALSE(refusal.message.empty());
                ASSERT_TRUE(rec.waitClosed(id));
            }
        }
        s.shutdown();
        expectContractHeld(s, rec);
    }
    auto list = engine::Store::open(options.storePath);
    ASSERT_TRUE(list);
    EXPECT_EQ(list->loadAll().size(), 0u) << "a forgotten or removed record came back";
}

TEST(RemoveCApi, NullSessionUnknownAndZeroIdsAreRefused)
{
    EXPECT_EQ(haul_remove(nullptr, 1, HAUL_REMOVE_DELETE_FILES), 0);
    EXPECT_EQ(haul_remove(nullptr, 0, 0), 0);
    haul_session* s = haul_session_new(0);
    ASSERT_NE(s, nullptr);
    EXPECT_EQ(haul_remove(s, 0, HAUL_REMOVE_DELETE_FILES), 0);
    EXPECT_EQ(haul_remove(s, 424242, 0), 0);
    EXPECT_EQ(haul_remove(s, ~haul_transfer_id{0}, HAUL_REMOVE_DELETE_FILES), 0);
    haul_session_free(s);
}

// The user removes a paused download and adds the same address at once: the new download must
// not adopt the record being forgotten (it would lose it, and with deleteFiles its .part),
// nor have its files deleted by the removal. Its record is there after a restart, its file
// whole.
TEST_F(Remove, TheSameDownloadAddedRightAfterItsRemovalKeepsItsRecordAndFile)
{
    for (int round = 0; round < 10; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        const bool deleteFiles = round % 2 == 0;
        const std::string name = "again" + std::to_string(round) + ".bin";
        server.addResource("/" + name, resource(1u << 20, 500 + round, true));
        engine::Session s(options);
        test::EventRecorder rec(s);
        const auto a = s.create(request("/" + name));
        ASSERT_TRUE(rec.start(a));
        ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/" + name) == 1; }));
        ASSERT_TRUE(s.pause(a));
        ASSERT_TRUE(rec.waitFor(a, engine::Paused));
        ASSERT_TRUE(test::waitUntil([&] { return s.storeKey(a) != 0; }));
        const auto gone = s.storeKey(a);
        server.releaseGate("/" + name);
        server.addResource("/" + name, resource(1u << 20, 500 + round)); // no gate now
        ASSERT_TRUE(s.remove(a, {.deleteFiles = deleteFiles}));
        const auto b = s.create(request("/" + name));
        ASSERT_NE(b, 0u);
        ASSERT_TRUE(rec.start(b));
        ASSERT_TRUE(rec.waitFor(b, engine::Completed));
        ASSERT_TRUE(rec.waitClosed(a));
        ASSERT_TRUE(test::waitUntil([&] { return s.storeKey(b) != 0; }));
        const auto kept = s.storeKey(b);
        EXPECT_NE(kept, gone);
        std::string file;
        for (const auto& e : rec.events(b))
            if (e.type == engine::Completed)
                file = e.file;
        s.shutdown();
        expectContractHeld(s, rec);
        EXPECT_FALSE(recordOf(gone));
        EXPECT_TRUE(recordOf(kept)) << "the new download's record";
        EXPECT_EQ(test::fileSize(file), 1 << 20) << file;
    }
}
