// SPDX-License-Identifier: MIT
// File names of downloads that would share one: two transfers never write one .part. A name is
// taken by a file on disk, by a record of the list, and by another open transfer of the
// session (its file, or its .part), claimed on the engine thread when the transfer is made.
#include "eventrecorder.h"
#include "testsupport.h"

#include <haul/recordmapping.h>
#include <haul/server/content.h>
#include <haul/server/httpserver.h>
#include <haul/session.h>
#include <haul/store.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace haul;
using namespace std::chrono_literals;

namespace {

constexpr std::uint64_t kSize = 3u << 20;
// Past the first block a connection gathers (1 MiB): each download has written its .part.
constexpr std::uint64_t kGate = 3u << 19;

int count(const test::EventRecorder& recorder, engine::TransferId id, engine::EventType type)
{
    const auto events = recorder.events(id);
    return static_cast<int>(std::count_if(events.begin(), events.end(),
                                          [&](const engine::Event& e) { return e.type == type; }));
}

// Two addresses that give one file name, each its own content. Both hold at their gate once
// 1.5 MiB are out, so both downloads have their file open at once before either may finish.
struct Naming : ::testing::Test {
    Naming()
    {
        EXPECT_TRUE(server.start()) << server.error();
        for (const auto& [path, seed] :
             {std::pair{"/one/endless.bin", 101u}, {"/two/endless.bin", 202u}}) {
            server::Resource r;
            r.size = kSize;
            r.seed = seed;
            r.gateAfterBytes = kGate;
            server.addResource(path, r);
        }
    }

    engine::TransferId add(engine::Session& session, const std::string& path,
                           const std::string& name = {})
    {
        engine::Refusal refusal;
        engine::TransferRequest request{server.url(path), dir.path(), name};
        request.connections = 1; // one response each, held at its gate
        const auto id = session.create(request, &refusal);
        EXPECT_NE(id, 0u) << refusal.message;
        return id;
    }

    // Starts both, lets them run into their gates, then lets them finish; returns the files.
    std::vector<std::string> runBoth(engine::Session& session, test::EventRecorder& recorder,
                                     engine::TransferId a, engine::TransferId b)
    {
        EXPECT_TRUE(recorder.start(a));
        EXPECT_TRUE(recorder.start(b));
        // Both have written (or failed) before either may finish: no order hides a shared file.
        EXPECT_TRUE(test::waitUntil([&] {
            return (server.heldAtGate("/one/endless.bin") >= 1
                    || count(recorder, a, engine::Failed) > 0)
                   && (server.heldAtGate("/two/endless.bin") >= 1
                       || count(recorder, b, engine::Failed) > 0);
        }));
        // Each has its own .part open (or the second was refused one): no order of the two
        // finishing can hide a shared file.
        EXPECT_TRUE(test::waitUntil([&] {
            return count(recorder, a, engine::Failed) > 0 || count(recorder, b, engine::Failed) > 0
                   || partFiles() == 2;
        })) << testing::PrintToString(dir.list());
        server.releaseGate("/one/endless.bin");
        server.releaseGate("/two/endless.bin");
        std::vector<std::string> files;
        for (const auto id : {a, b}) {
            EXPECT_TRUE(recorder.waitSettled(id, 120s));
            EXPECT_EQ(count(recorder, id, engine::Failed), 0)
                << testing::PrintToString(recorder.sequence(id));
            EXPECT_EQ(count(recorder, id, engine::Completed), 1);
            files.push_back(count(recorder, id, engine::Completed)
                                ? recorder.last(id, engine::Completed).file
                                : std::string());
        }
        for (const auto id : {a, b}) {
            EXPECT_TRUE(session.close(id));
            EXPECT_TRUE(recorder.waitClosed(id));
        }
        EXPECT_TRUE(recorder.violations().empty()) << testing::PrintToString(recorder.violations());
        return files;
    }

    int partFiles() const
    {
        const auto names = dir.list();
        return static_cast<int>(std::count_if(names.begin(), names.end(), [](const std::string& n) {
            return n.size() > 5 && n.compare(n.size() - 5, 5, ".part") == 0;
        }));
    }

    void expectTwoExactFiles(const std::vector<std::string>& files)
    {
        ASSERT_EQ(files.size(), 2u);
        ASSERT_FALSE(files[0].empty() || files[1].empty()) << "a download did not complete";
        EXPECT_NE(files[0], files[1]) << "two downloads saved under one name";
        EXPECT_EQ(server::sha256OfFile(files[0]), server::sha256Hex(101, kSize)) << files[0];
        EXPECT_EQ(server::sha256OfFile(files[1]), server::sha256Hex(202, kSize)) << files[1];
        // Nothing else: no .part left behind, no third file.
        std::vector<std::string> expected = {files[0].substr(dir.path().size() + 1),
                                             files[1].substr(dir.path().size() + 1)};
        std::sort(expected.begin(), expected.end());
        EXPECT_EQ(dir.list(), expected);
    }

    server::HttpServer server;
    test::TempDir dir;
    test::TempDir scratch; // the download list, away from the download folder
};

// Without a download list the open transfers are the only claim there is.
TEST_F(Naming, TwoAtOnceWithOneNameGetTwoFilesWithoutAList)
{
    engine::Session session;
    test::EventRecorder recorder{session};
    const auto a = add(session, "/one/endless.bin");
    const auto b = add(session, "/two/endless.bin");
    const auto files = runBoth(session, recorder, a, b);
    expectTwoExactFiles(files);
    EXPECT_EQ(files[0], dir.file("endless.bin"));
    EXPECT_EQ(files[1], dir.file("endless (1).bin"));
}

TEST_F(Naming, TwoAtOnceWithOneNameGetTwoFilesWithAList)
{
    engine::SessionOptions options;
    options.storePath = scratch.file("list.db");
    engine::Session session{options};
    test::EventRecorder recorder{session};
    const auto a = add(session, "/one/endless.bin");
    const auto b = add(session, "/two/endless.bin");
    const auto files = runBoth(session, recorder, a, b);
    expectTwoExactFiles(files);
    EXPECT_EQ(files[0], dir.file("endless.bin"));
    EXPECT_EQ(files[1], dir.file("endless (1).bin"));
}

// The same name asked for explicitly is no different from one taken from the address.
TEST_F(Naming, AFixedNameAnOpenTransferHasIsNumberedToo)
{
    engine::Session session;
    test::EventRecorder recorder{session};
    const auto a = add(session, "/one/endless.bin");
    const auto b = add(session, "/two/endless.bin", "endless.bin");
    expectTwoExactFiles(runBoth(session, recorder, a, b));
}

// A name that is another open transfer's .part is that transfer's file, not a free name.
TEST_F(Naming, ANameThatIsAnOpenTransfersPartIsNotTaken)
{
    engine::Session session;
    test::EventRecorder recorder{session};
    const auto a = add(session, "/one/endless.bin");
    const auto b = add(session, "/two/endless.bin", "endless.bin.part");
    const auto files = runBoth(session, recorder, a, b);
    expectTwoExactFiles(files);
    EXPECT_EQ(files[0], dir.file("endless.bin"));
    EXPECT_NE(files[1], dir.file("endless.bin.part"));
}

// A download of the list, restored after a new download already took its name: each keeps
// its own file; the restored one continues its own .part.
TEST_F(Naming, ARestoredRecordAndANewDownloadOfItsNameKeepTheirOwnFiles)
{
    engine::SessionOptions options;
    options.storePath = scratch.file("list.db");
    engine::StoreKey key;
    {
        engine::Session first{options};
        test::EventRecorder recorder{first};
        const auto id = add(first, "/one/endless.bin");
        ASSERT_TRUE(recorder.start(id));
        ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/one/endless.bin") >= 1; }));
        ASSERT_TRUE(first.pause(id));
        ASSERT_TRUE(recorder.waitSettled(id));
        key = first.recordKey(id);
        ASSERT_TRUE(first.close(id));
        ASSERT_TRUE(recorder.waitClosed(id));
    }
    ASSERT_TRUE(test::fileExists(dir.file("endless.bin.part")));
    std::optional<engine::DownloadRecord> record;
    {
        auto list = engine::Store::open(options.storePath);
        ASSERT_TRUE(list);
        record = list->get(key);
        ASSERT_TRUE(record);
    }
    server::Resource again;
    again.size = kSize;
    again.seed = 101;
    again.gateAfterBytes = 0; // its .part is there already: held right after the head
    server.addResource("/one/endless.bin", again); // a new, closed gate

    engine::Session session{options};
    test::EventRecorder recorder{session};
    const auto fresh = add(session, "/two/endless.bin"); // before the list's download is back
    engine::Refusal refusal;
    const auto restored = session.create(engine::requestFor(*record), &refusal);
    ASSERT_NE(restored, 0u) << refusal.message;
    const auto files = runBoth(session, recorder, restored, fresh);
    expectTwoExactFiles(files);
    EXPECT_EQ(files[0], dir.file("endless.bin")) << "the restored download keeps its name";
}

// The server names both files (Content-Disposition) once they are under way: the second
// name is numbered as well, with a list too.
TEST_F(Naming, TwoThatTheServerNamesAlikeGetTwoFiles)
{
    for (const auto& [path, seed] : {std::pair{"/one/a", 101u}, {"/two/b", 202u}}) {
        server::Resource r;
        r.size = kSize;
        r.seed = seed;
        r.gateAfterBytes = 0; // both named before either has a .part on disk
        r.extraHeaders = {"Content-Disposition: attachment; filename=\"endless.bin\""};
        server.addResource(path, r);
    }
    engine::SessionOptions options;
    options.storePath = scratch.file("list.db");
    engine::Session session{options};
    test::EventRecorder recorder{session};
    const auto a = add(session, "/one/a");
    const auto b = add(session, "/two/b");
    ASSERT_TRUE(recorder.start(a));
    ASSERT_TRUE(recorder.start(b));
    ASSERT_TRUE(test::waitUntil([&] {
        return (server.heldAtGate("/one/a") >= 1 || count(recorder, a, engine::Failed) > 0)
               && (server.heldAtGate("/two/b") >= 1 || count(recorder, b, engine::Failed) > 0);
    }));
    server.releaseGate("/one/a");
    server.releaseGate("/two/b");
    std::vector<std::string> files;
    for (const auto id : {a, b}) {
        ASSERT_TRUE(recorder.waitSettled(id, 120s));
        ASSERT_EQ(count(recorder, id, engine::Completed), 1)
            << testing::PrintToString(recorder.sequence(id));
        files.push_back(recorder.last(id, engine::Completed).file);
    }
    expectTwoExactFiles(files);
    // Named in the order their heads arrive: either may be the first.
    EXPECT_EQ(std::set<std::string>(files.begin(), files.end()),
              (std::set<std::string>{dir.file("endless.bin"), dir.file("endless (1).bin")}));
}

// The same address added again before the list's download of it was restored continues that
// download (its record, its .part); the restored one, coming second, must not write them too:
// it takes the next free name and starts afresh. Both files are whole and exact.
TEST_F(Naming, TheSameAddressAddedBeforeItsRecordIsRestoredNeverSharesTheFile)
{
    engine::SessionOptions options;
    options.storePath = scratch.file("list.db");
    engine::StoreKey key;
    {
        engine::Session first{options};
        test::EventRecorder recorder{first};
        const auto id = add(first, "/one/endless.bin");
        ASSERT_TRUE(recorder.start(id));
        ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/one/endless.bin") >= 1; }));
        ASSERT_TRUE(first.pause(id));
        ASSERT_TRUE(recorder.waitSettled(id));
        key = first.recordKey(id);
        ASSERT_TRUE(first.close(id));
        ASSERT_TRUE(recorder.waitClosed(id));
    }
    std::optional<engine::DownloadRecord> record;
    {
        auto list = engine::Store::open(options.storePath);
        ASSERT_TRUE(list);
        record = list->get(key);
        ASSERT_TRUE(record);
    }
    server::Resource again;
    again.size = kSize;
    again.seed = 101;
    again.gateAfterBytes = kGate;
    server.addResource("/one/endless.bin", again); // a new, closed gate

    engine::Session session{options};
    test::EventRecorder recorder{session};
    const auto added = add(session, "/one/endless.bin");
    engine::Refusal refusal;
    const auto restored = session.create(engine::requestFor(*record), &refusal);
    ASSERT_NE(restored, 0u) << refusal.message;
    ASSERT_TRUE(recorder.start(added));
    ASSERT_TRUE(recorder.start(restored));
    ASSERT_TRUE(test::waitUntil([&] {
        return server.heldAtGate("/one/endless.bin") + count(recorder, added, engine::Failed)
                   + count(recorder, restored, engine::Failed)
               >= 2;
    }));
    server.releaseGate("/one/endless.bin");
    std::set<std::string> files;
    for (const auto id : {added, restored}) {
        ASSERT_TRUE(recorder.waitSettled(id, 120s));
        ASSERT_EQ(count(recorder, id, engine::Completed), 1)
            << testing::PrintToString(recorder.sequence(id));
        files.insert(recorder.last(id, engine::Completed).file);
    }
    ASSERT_EQ(files.size(), 2u) << "two downloads saved under one name";
    for (const std::string& file : files)
        EXPECT_EQ(server::sha256OfFile(file), server::sha256Hex(101, kSize)) << file;
    EXPECT_EQ(dir.list().size(), 2u) << testing::PrintToString(dir.list());
    EXPECT_TRUE(recorder.violations().empty()) << testing::PrintToString(recorder.violations());
}

} // namespace
