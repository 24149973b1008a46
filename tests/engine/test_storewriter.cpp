// SPDX-License-Identifier: MIT
// The store writer against a real SQLite file and real descriptors: flush first, then record.
#include "store/storewriter.h"
#include "testsupport.h"

#include <haul/store.h>

#include <gtest/gtest.h>

#include <atomic>
#include <fcntl.h>
#include <fstream>
#include <unistd.h>

using haul::engine::DownloadRecord;
using haul::engine::DownloadState;
using haul::engine::Range;
using haul::engine::Store;
using haul::test::TempDir;

// A checkpoint's record is written on the writer thread after the file was flushed there; a
// flush that fails drops the record (those bytes are fetched again), and the writer closes the
// descriptor it was given either way.
TEST(StoreWriter, RecordsAfterTheFlushAndDropsWhatCouldNotBeFlushed)
{
    TempDir dir;
    std::string error;
    auto store = Store::open(dir.file("haul.db"), &error);
    ASSERT_TRUE(store) << error;
    DownloadRecord record;
    record.url = "https://example.org/data";
    record.directory = dir.path();
    record.fileName = "data";
    const auto key = store->add(record);
    ASSERT_TRUE(key);
    std::ofstream(dir.file("data.part"), std::ios::binary) << std::string(4096, 'd');
    const int file = ::open(dir.file("data.part").c_str(), O_RDWR | O_CLOEXEC);
    int pipeFds[2];
    ASSERT_GE(file, 0);
    ASSERT_EQ(::pipe(pipeFds), 0); // fdatasync on a pipe fails (EINVAL)
    ::close(pipeFds[1]);
    std::atomic<int> done{0};
    {
        haul::engine::StoreWriter writer(*store);
        writer.postAfterSync(
            file,
            [&](Store& s) {
                s.setRanges(*key, {{0, 4096}});
            },
            [&] { ++done; });
        // Later, so it would replace the ranges above if it were not dropped.
        writer.postAfterSync(
            pipeFds[0],
            [&](Store& s) {
                s.setRanges(*key, {{0, 999}});
            },
            [&] { ++done; });
        writer.post([&](Store& s) { s.updateProgress(*key, 4096, DownloadState::Paused); });
    } // the destructor performs everything queued
    EXPECT_EQ(done.load(), 2);
    EXPECT_EQ(store->ranges(*key), (std::vector<Range>{{0, 4096}}));
    EXPECT_EQ(store->get(*key)->bytesDone, 4096);
    EXPECT_EQ(::fcntl(file, F_GETFD), -1) << "closed by the writer";
    EXPECT_EQ(::fcntl(pipeFds[0], F_GETFD), -1) << "closed by the writer";
}
