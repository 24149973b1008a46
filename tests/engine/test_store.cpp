// SPDX-License-Identifier: MIT
// The store against a real SQLite file: round trips, ordering, two connections (as haul and
// haul-cli), a real crash (SIGKILL at a random instant), damaged files, timings.
#include "testsupport.h"

#include <haul/events.h>
#include <haul/store.h>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <thread>
#include <time.h>
#include <type_traits>
#include <unistd.h>

using haul::engine::DownloadRecord;
using haul::engine::DownloadState;
using haul::engine::Range;
using haul::engine::Store;
using haul::test::TempDir;

namespace {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
constexpr bool kSanitized = true;
#else
constexpr bool kSanitized = false;
#endif
#if defined(__SANITIZE_THREAD__)
constexpr bool kThreadSanitized = true;
#else
constexpr bool kThreadSanitized = false;
#endif

DownloadRecord sample(int i)
{
    DownloadRecord r;
    r.url = "https://example.org/files/file-" + std::to_string(i) + ".iso";
    r.directory = "/home/user/Downloads";
    r.fileName = "file-" + std::to_string(i) + ".iso";
    r.state = DownloadState::Queued;
    r.totalSize = 1'000'000 + i;
    r.etag = "\"etag-" + std::to_string(i) + "\"";
    r.lastModified = "Wed, 21 Oct 2015 07:28:00 GMT";
    r.connections = 4;
    r.speedLimit = 0;
    r.checksum = "sha-256=" + std::string(64, 'a');
    return r;
}

std::unique_ptr<Store> openOrFail(const std::string& path)
{
    std::string error;
    auto store = Store::open(path, &error);
    EXPECT_TRUE(store) << error;
    return store;
}

double msSince(std::chrono::steady_clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
        .count();
}

double threadCpuMs()
{
    timespec now{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
    return static_cast<double>(now.tv_sec) * 1e3 + static_cast<double>(now.tv_nsec) / 1e6;
}

std::vector<std::int64_t> keysOf(const std::vector<DownloadRecord>& records)
{
    std::vector<std::int64_t> keys;
    for (const auto& r : records)
        keys.push_back(r.key);
    return keys;
}

bool normalized(const std::vector<Range>& ranges)
{
    for (std::size_t i = 0; i < ranges.size(); ++i) {
        if (ranges[i].first < 0 || ranges[i].first >= ranges[i].second)
            return false;
        if (i > 0 && ranges[i - 1].second >= ranges[i].first)
            return false;
    }
    return true;
}

void writeFile(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

// A transfer id and a store key name one download in two ways; neither becomes the other
// without saying so.
static_assert(!std::is_convertible_v<haul::engine::TransferId, haul::engine::StoreKey>);
static_assert(!std::is_convertible_v<std::int64_t, haul::engine::StoreKey>);
static_assert(!std::is_convertible_v<haul::engine::StoreKey, std::int64_t>);
static_assert(!std::is_convertible_v<haul::engine::StoreKey, haul::engine::TransferId>);

} // namespace

TEST(Store, StoreKeyCallsMatchTheIntegerOnes)
{
    TempDir dir;
    auto store = openOrFail(dir.file("haul.db"));
    ASSERT_TRUE(store);
    DownloadRecord record;
    record.url = "http://127.0.0.1/a";
    record.directory = dir.path();
    record.fileName = "a";
    const auto key = store->addRecord(record);
    ASSERT_TRUE(key);
    EXPECT_TRUE(*key);
    EXPECT_TRUE(store->setRanges(*key, {{0, 10}}));
    EXPECT_EQ(store->ranges(key->value), store->ranges(*key));
    const auto back = store->get(*key);
    ASSERT_TRUE(back);
    EXPECT_EQ(back->storeKey(), *key);
    EXPECT_TRUE(store->remove(*key));
    EXPECT_FALSE(store->get(key->value));
}

TEST(Store, AddGetUpdateRemove)
{
    TempDir dir;
    auto store = openOrFail(dir.file("haul.db"));
    ASSERT_TRUE(store);

    DownloadRecord record = sample(1);
    record.createdAtMs = 1'700'000'000'000;
    auto key = store->add(record);
    ASSERT_TRUE(key) << store->error();
    EXPECT_GT(*key, 0);

    auto got = store->get(*key);
    ASSERT_TRUE(got) << store->error();
    EXPECT_EQ(got->key, *key);
    EXPECT_EQ(got->url, record.url);
    EXPECT_EQ(got->directory, record.directory);
    EXPECT_EQ(got->fileName, record.fileName);
    EXPECT_EQ(got->state, DownloadState::Queued);
    EXPECT_EQ(got->createdAtMs, 1'700'000'000'000);
    EXPECT_EQ(got->finishedAtMs, 0);
    EXPECT_EQ(got->totalSize, record.totalSize);
    EXPECT_EQ(got->bytesDone, 0);
    EXPECT_EQ(got->etag, record.etag);
    EXPECT_EQ(got->lastModified, record.lastModified);
    EXPECT_EQ(got->connections, 4);
    EXPECT_EQ(got->checksum, record.checksum);

    // A record without a creation time gets "now".
    auto second = store->add(sample(2));
    ASSERT_TRUE(second);
    EXPECT_GT(store->get(*second)->createdAtMs, 1'700'000'000'000);

    DownloadRecord changed = *got;
    changed.state = DownloadState::Failed;
    changed.errorText = "Server does not support resuming; restarted from 0 B";
    changed.bytesDone = 4096;
    changed.totalSize = -1;
    changed.speedLimit = 500'000;
    changed.url = "https://example.org/ünïcödé/\xF0\x9F\x93\xA6";
    changed.etag.clear();
    ASSERT_TRUE(store->update(changed)) << store->error();
    got = store->get(*key);
    ASSERT_TRUE(got);
    EXPECT_EQ(got->state, DownloadState::Failed);
    EXPECT_EQ(got->errorText, changed.errorText);
    EXPECT_EQ(got->bytesDone, 4096);
    EXPECT_EQ(got->totalSize, -1);
    EXPECT_EQ(got->speedLimit, 500'000);
    EXPECT_EQ(got->url, changed.url);
    EXPECT_EQ(got->etag, "");

    ASSERT_TRUE(store->updateProgress(*key, 8192, DownloadState::Running));
    got = store->get(*key);
    EXPECT_EQ(got->bytesDone, 8192);
    EXPECT_EQ(got->state, DownloadState::Running);

    ASSERT_TRUE(store->remove(*key)) << store->error();
    EXPECT_FALSE(store->get(*key));
    EXPECT_EQ(store->error(), ""); // not found is not a failure
    EXPECT_TRUE(store->remove(*key)) << "removing twice succeeds";

    // Keys are never reused, so a stale key cannot hit a newer record.
    auto third = store->add(sample(3));
    ASSERT_TRUE(third);
    EXPECT_GT(*third, *second);

    changed.key = *key;
    EXPECT_FALSE(store->update(changed));
    EXPECT_NE(store->error().find("no download with key"), std::string::npos) << store->error();
    EXPECT_FALSE(store->updateProgress(*key, 1, DownloadState::Running));
}

TEST(Store, RefusesInvalidRecordsWithASentence)
{
    TempDir dir;
    auto store = openOrFail(dir.file("haul.db"));
    ASSERT_TRUE(store);
    DownloadRecord record = sample(1);
    record.connections = 0;
    EXPECT_FALSE(store->add(record));
    EXPECT_EQ(store->error(), "A download needs at least one connection.");
    record = sample(1);
    record.url.clear();
    EXPECT_FALSE(store->add(record));
    EXPECT_FALSE(store->error().empty());
    EXPECT_FALSE(store->addBatch({sample(1), record})) << "a batch is all or nothing";
    EXPECT_TRUE(store->loadAll().empty());
    auto key = store->add(sample(1));
    ASSERT_TRUE(key);
    EXPECT_FALSE(store->updateProgress(*key, -5, DownloadState::Running));
}

TEST(Store, UpdateProgressStampsFinishedTime)
{
    TempDir dir;
    auto store = openOrFail(dir.file("haul.db"));
    ASSERT_TRUE(store);
    auto key = store->add(sample(1));
    ASSERT_TRUE(key);
    ASSERT_TRUE(store->updateProgress(*key, 10, DownloadState::Running));
    EXPECT_EQ(store->get(*key)->finishedAtMs, 0);
    ASSERT_TRUE(store->updateProgress(*key, 20, DownloadState::Completed));
    const auto finished = store->get(*key)->finishedAtMs;
    EXPECT_GT(finished, 0);
    ASSERT_TRUE(store->updateProgress(*key, 20, DownloadState::Completed));
    EXPECT_EQ(store->get(*key)->finishedAtMs, finished) << "the first finish time stays";
    ASSERT_TRUE(store->updateProgress(*key, 20, DownloadState::Queued));
    EXPECT_EQ(store->get(*key)->finishedAtMs, 0) << "a restarted download is not finished";
}

TEST(Store, RangesAreNormalizedAndReplacedAsASet)
{
    TempDir dir;
    auto store = openOrFail(dir.file("haul.db"));
    ASSERT_TRUE(store);
    auto key = store->add(sample(1));
    auto other = store->add(sample(2));
    ASSERT_TRUE(key && other);

    EXPECT_TRUE(store->ranges(*key).empty());
    // Unsorted, overlapping, adjacent, contained and empty ranges.
    ASSERT_TRUE(store->setRanges(
        *key, {{500, 600}, {0, 100}, {100, 200}, {150, 180}, {590, 700}, {800, 800}, {900, 1000}}))
        << store->error();
    EXPECT_EQ(store->ranges(*key), (std::vector<Range>{{0, 200}, {500, 700}, {900, 1000}}));

    ASSERT_TRUE(store->setRanges(*other, {{0, 10}}));
    ASSERT_TRUE(store->setRanges(*key, {{0, 4096}}));
    EXPECT_EQ(store->ranges(*key), (std::vector<Range>{{0, 4096}})) << "replaced, not added";
    EXPECT_EQ(store->ranges(*other), (std::vector<Range>{{0, 10}}));

    // A refused set leaves the recorded one untouched.
    EXPECT_FALSE(store->setRanges(*key, {{0, 10}, {20, 10}}));
    EXPECT_FALSE(store->setRanges(*key, {{-1, 10}}));
    EXPECT_FALSE(store->error().empty());
    EXPECT_EQ(store->ranges(*key), (std::vector<Range>{{0, 4096}}));

    EXPECT_FALSE(store->setRanges(999'999, {{0, 1}}));
    EXPECT_FALSE(store->setRanges(999'999, {})) << "an unknown key is refused even when empty";

    ASSERT_TRUE(store->setRanges(*key, {}));
    EXPECT_TRUE(store->ranges(*key).empty());

    // Removing a download removes its ranges (foreign key cascade).
    ASSERT_TRUE(store->remove(*other));
    EXPECT_TRUE(store->ranges(*other).empty());
    std::string report;
    EXPECT_TRUE(store->integrityCheck(&report)) << report;
    EXPECT_EQ(report, "ok");
}

TEST(Store, MoveUpAndDownSwapQueuePositions)
{
    TempDir dir;
    auto store = openOrFail(dir.file("haul.db"));
    ASSERT_TRUE(store);
    auto keys = store->addBatch({sample(0), sample(1), sample(2), sample(3)});
    ASSERT_TRUE(keys) << store->error();
    const auto k = *keys;
    EXPECT_EQ(keysOf(store->loadAll()), k);

    ASSERT_TRUE(store->moveUp(k[2]));
    EXPECT_EQ(keysOf(store->loadAll()), (std::vector{k[0], k[2], k[1], k[3]}));
    ASSERT_TRUE(store->moveUp(k[2]));
    EXPECT_EQ(keysOf(store->loadAll()), (std::vector{k[2], k[0], k[1], k[3]}));
    ASSERT_TRUE(store->moveUp(k[2])) << "at the top nothing moves";
    EXPECT_EQ(keysOf(store->loadAll()), (std::vector{k[2], k[0], k[1], k[3]}));
    ASSERT_TRUE(store->moveDown(k[0]));
    EXPECT_EQ(keysOf(store->loadAll()), (std::vector{k[2], k[1], k[0], k[3]}));
    ASSERT_TRUE(store->moveDown(k[3])) << "at the bottom nothing moves";
    ASSERT_TRUE(store->moveDown(k[2]));
    EXPECT_EQ(keysOf(store->loadAll()), (std::vector{k[1], k[2], k[0], k[3]}));
    EXPECT_FALSE(store->moveUp(12345));

    // A new download goes to the end; a removed one leaves a gap that moves step over.
    auto added = store->add(sample(4));
    ASSERT_TRUE(added);
    ASSERT_TRUE(store->remove(k[0]));
    ASSERT_TRUE(store->moveUp(*added));
    EXPECT_EQ(keysOf(store->loadAll()), (std::vector{k[1], k[2], *added, k[3]}));

    // update() does not change the order, whatever queuePosition the caller holds.
    auto record = *store->get(k[3]);
    record.queuePosition = -100;
    ASSERT_TRUE(store->update(record));
    EXPECT_EQ(keysOf(store->loadAll()).back(), k[3]);
}

TEST(Store, FindByTargetReturnsTheNewestRecordOfAFile)
{
    TempDir dir;
    auto store = openOrFail(dir.file("haul.db"));
    ASSERT_TRUE(store);
    auto first = store->add(sample(7));
    auto unrelated = store->add(sample(8));
    auto second = store->add(sample(7));
    ASSERT_TRUE(first && unrelated && second);
    auto found = store->findByTarget("/home/user/Downloads", "file-7.iso");
    ASSERT_TRUE(found);
    EXPECT_EQ(found->key, *second);
    EXPECT_FALSE(store->findByTarget("/home/user/Downloads", "nothing.iso"));
    EXPECT_FALSE(store->findByTarget("/elsewhere", "file-7.iso"));
    EXPECT_EQ(store->error(), "");
}

TEST(Store, ReopenKeepsEverything)
{
    TempDir dir;
    const auto path = dir.file("haul.db");
    std::vector<DownloadRecord> before;
    {
        auto store = openOrFail(path);
        ASSERT_TRUE(store);
        for (int i = 0; i < 5; ++i)
            ASSERT_TRUE(store->add(sample(i)));
        const auto k = keysOf(store->loadAll());
        ASSERT_TRUE(store->setRanges(k[1], {{0, 10}, {20, 30}}));
        ASSERT_TRUE(store->updateProgress(k[1], 20, DownloadState::Paused));
        ASSERT_TRUE(store->moveUp(k[4]));
        before = store->loadAll();
    }
    auto store = openOrFail(path);
    ASSERT_TRUE(store);
    const auto after = store->loadAll();
    ASSERT_EQ(after.size(), before.size());
    for (std::size_t i = 0; i < after.size(); ++i) {
        EXPECT_EQ(after[i].key, before[i].key);
        EXPECT_EQ(after[i].url, before[i].url);
        EXPECT_EQ(after[i].state, before[i].state);
        EXPECT_EQ(after[i].bytesDone, before[i].bytesDone);
        EXPECT_EQ(after[i].queuePosition, before[i].queuePosition);
        EXPECT_EQ(after[i].createdAtMs, before[i].createdAtMs);
    }
    EXPECT_EQ(store->ranges(before[1].key), (std::vector<Range>{{0, 10}, {20, 30}}));
}

// Two Store objects on one file behave as haul and haul-cli do: two connections with their own
// locks. Both write at once from two threads, which exercises the busy timeout and WAL.
TEST(Store, TwoConnectionsSeeEachOthersWrites)
{
    TempDir dir;
    const auto path = dir.file("haul.db");
    auto a = openOrFail(path);
    auto b = openOrFail(path);
    ASSERT_TRUE(a && b);

    auto key = a->add(sample(1));
    ASSERT_TRUE(key);
    auto seen = b->get(*key);
    ASSERT_TRUE(seen) << "b sees a's insert: " << b->error();
    ASSERT_TRUE(b->setRanges(*key, {{0, 100}}));
    ASSERT_TRUE(b->updateProgress(*key, 100, DownloadState::Paused));
    EXPECT_EQ(a->ranges(*key), (std::vector<Range>{{0, 100}}));
    EXPECT_EQ(a->get(*key)->state, DownloadState::Paused);
    ASSERT_TRUE(a->remove(*key));
    EXPECT_FALSE(b->get(*key));

    constexpr int kEach = 150;
    std::atomic<int> failures{0};
    auto writer = [&](Store& store, int base) {
        for (int i = 0; i < kEach; ++i) {
            auto k = store.add(sample(base + i));
            if (!k || !store.updateProgress(*k, i, DownloadState::Running)
                || !store.setRanges(*k, {{0, i + 1}}) || store.loadAll().empty())
                ++failures;
        }
    };
    std::thread ta(writer, std::ref(*a), 0);
    std::thread tb(writer, std::ref(*b), 10'000);
    ta.join();
    tb.join();
    EXPECT_EQ(failures.load(), 0) << a->error() << " / " << b->error();
    EXPECT_EQ(a->loadAll().size(), 2u * kEach);
    EXPECT_EQ(b->loadAll().size(), 2u * kEach);
    std::string report;
    EXPECT_TRUE(a->integrityCheck(&report)) << report;
}

// The store writer's group commit: many writes, one transaction. Another connection sees none
// of them until the batch commits, then all; a write refused inside undoes only itself.
TEST(Store, BatchCommitsItsWritesTogether)
{
    for (const bool durable : {true, false}) {
        TempDir dir;
        const auto path = dir.file("haul.db");
        auto a = openOrFail(path);
        auto b = openOrFail(path);
        ASSERT_TRUE(a && b);
        const auto first = a->add(sample(1));
        ASSERT_TRUE(first);
        std::optional<std::int64_t> second;
        const bool committed = a->batch(
            [&] {
                second = a->add(sample(2));
                EXPECT_TRUE(second);
                EXPECT_TRUE(a->updateProgress(*first, 50, DownloadState::Running));
                EXPECT_TRUE(a->setRanges(*first, {{0, 50}}));
                EXPECT_FALSE(a->setRanges(*first, {{0, 10}, {30, 5}})); // refused: a bad range
                EXPECT_FALSE(a->setRanges(*first + 1000, {{0, 1}}));    // refused: no such key
                EXPECT_TRUE(a->batch([&] { EXPECT_TRUE(a->moveUp(*second)); })); // nested: joins
                // Inside, this connection sees its own writes; the other one nothing yet.
                EXPECT_EQ(a->ranges(*first), (std::vector<Range>{{0, 50}}));
                EXPECT_FALSE(b->get(*second));
                EXPECT_TRUE(b->ranges(*first).empty());
                EXPECT_EQ(b->get(*first)->bytesDone, 0);
            },
            durable);
        ASSERT_TRUE(committed) << a->error();
        ASSERT_TRUE(second);
        EXPECT_TRUE(b->get(*second)) << "durable " << durable;
        EXPECT_EQ(b->ranges(*first), (std::vector<Range>{{0, 50}}));
        EXPECT_EQ(b->get(*first)->bytesDone, 50);
        EXPECT_EQ(keysOf(b->loadAll()), (std::vector<std::int64_t>{*second, *first}));
        std::string report;
        EXPECT_TRUE(b->integrityCheck(&report)) << report;
    }
}

// What the user set for one download beyond its address survives: a redirect to http:// that
// was allowed, a size cap (schema 4); a record of an older schema reads them as "not set".
TEST(Store, PerDownloadAllowancesAreKept)
{
    TempDir dir;
    auto store = openOrFail(dir.file("haul.db"));
    ASSERT_TRUE(store);
    DownloadRecord record = sample(1);
    record.allowHttpsToHttpRedirect = true;
    record.maxSize = 10 << 20;
    const auto key = store->add(record);
    ASSERT_TRUE(key) << store->error();
    auto got = store->get(*key);
    ASSERT_TRUE(got);
    EXPECT_TRUE(got->allowHttpsToHttpRedirect);
    EXPECT_EQ(got->maxSize, 10 << 20);
    got->allowHttpsToHttpRedirect = false;
    got->maxSize = 0;
    ASSERT_TRUE(store->update(*got)) << store->error();
    got = store->get(*key);
    ASSERT_TRUE(got);
    EXPECT_FALSE(got->allowHttpsToHttpRedirect);
    EXPECT_EQ(got->maxSize, 0);
}

// A list written by the first Haul (schema 1) opens in this one: migrated in place, every
// record kept, the new field at its default and writable.
TEST(Store, SchemaOneFilesAreMigrated)
{
    TempDir dir;
    const auto path = dir.file("haul.db");
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        const char* v1 = R"sql(
            PRAGMA journal_mode=WAL;
            CREATE TABLE downloads (
                key INTEGER PRIMARY KEY AUTOINCREMENT, url TEXT NOT NULL, directory TEXT NOT NULL,
                file_name TEXT NOT NULL, state TEXT NOT NULL CHECK (state IN ('queued', 'running',
                'paused', 'completed', 'failed', 'cancelled')), created_at INTEGER NOT NULL,
                finished_at INTEGER NOT NULL DEFAULT 0,
                total_size INTEGER NOT NULL DEFAULT -1 CHECK (total_size >= -1),
                bytes_done INTEGER NOT NULL DEFAULT 0 CHECK (bytes_done >= 0),
                etag TEXT NOT NULL DEFAULT '', last_modified TEXT NOT NULL DEFAULT '',
                error_text TEXT NOT NULL DEFAULT '',
                connections INTEGER NOT NULL DEFAULT 1 CHECK (connections >= 1),
                speed_limit INTEGER NOT NULL DEFAULT 0 CHECK (speed_limit >= 0),
                checksum TEXT NOT NULL DEFAULT '', queue_pos INTEGER NOT NULL);
            CREATE INDEX downloads_by_queue ON downloads (queue_pos);
            CREATE INDEX downloads_by_target ON downloads (directory, file_name);
            CREATE TABLE ranges (
                download_key INTEGER NOT NULL REFERENCES downloads (key) ON DELETE CASCADE,
                start INTEGER NOT NULL CHECK (start >= 0), "end" INTEGER NOT NULL CHECK ("end" > start),
                PRIMARY KEY (download_key, start)) WITHOUT ROWID;
            INSERT INTO downloads (url, directory, file_name, state, created_at, bytes_done, queue_pos)
                VALUES ('https://example.org/a.iso', '/tmp', 'a.iso', 'paused', 1, 500, 1);
            INSERT INTO ranges VALUES (1, 0, 500);
            PRAGMA user_version=1;
        )sql";
        ASSERT_EQ(sqlite3_exec(db, v1, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
        sqlite3_close(db);
    }
    auto store = openOrFail(path);
    ASSERT_TRUE(store);
    auto old = store->get(1);
    ASSERT_TRUE(old) << store->error();
    EXPECT_EQ(old->url, "https://example.org/a.iso");
    EXPECT_EQ(old->bytesDone, 500);
    EXPECT_FALSE(old->allowInsecureTls);
    EXPECT_EQ(store->ranges(1), (std::vector<Range>{{0, 500}}));
    old->allowInsecureTls = true;
    ASSERT_TRUE(store->update(*old)) << store->error();
    EXPECT_TRUE(store->get(1)->allowInsecureTls);
    EXPECT_TRUE(old->headers.empty());
    DownloadRecord fresh = sample(2);
    fresh.allowInsecureTls = true;
    fresh.headers = {"Cookie: a=b; c=d", "Referer: https://example.org/page"};
    const auto key = store->add(fresh);
    ASSERT_TRUE(key);
    EXPECT_TRUE(store->get(*key)->allowInsecureTls);
    EXPECT_EQ(store->get(*key)->headers, fresh.headers);
    DownloadRecord injected = fresh;
    injected.headers = {"X-A: 1\nX-B: 2"};
    EXPECT_FALSE(store->add(injected)) << "a header is one line";
    EXPECT_FALSE(store->error().empty());
    store.reset();
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* version = nullptr;
    ASSERT_EQ(sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &version, nullptr), SQLITE_OK);
    ASSERT_EQ(sqlite3_step(version), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int(version, 0), Store::kSchemaVersion);
    sqlite3_finalize(version);
    sqlite3_close(db);
}

// haul and haul-cli started at the same moment on a file that does not exist yet: one creates
// the schema, the others wait for it (busy timeout) and find it done.
TEST(Store, SimultaneousFirstOpens)
{
    TempDir dir;
    const auto path = dir.file("haul.db");
    std::mutex errorsMutex;
    std::string errors;
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            std::string error;
            auto store = Store::open(path, &error);
            if (!store || !store->add(sample(t))) {
                std::lock_guard lock(errorsMutex);
                errors += (store ? store->error() : error) + "\n";
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(errors, "");
    auto store = openOrFail(path);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->loadAll().size(), 4u);
}

// One Store shared by several threads (engine thread + GUI worker): its mutex serializes them.
TEST(Store, OneStoreManyThreads)
{
    TempDir dir;
    auto store = openOrFail(dir.file("haul.db"));
    ASSERT_TRUE(store);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            for (int i = 0; i < 50; ++i) {
                auto k = store->add(sample(t * 1000 + i));
                if (!k || !store->updateProgress(*k, 1, DownloadState::Running)
                    || !store->moveUp(*k) || !store->get(*k))
                    ++failures;
                if (i % 10 == 0)
                    (void)store->loadAll();
                (void)store->error();
            }
        });
    }
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(failures.load(), 0) << store->error();
    EXPECT_EQ(store->loadAll().size(), 200u);
}

TEST(Store, Loads100kRecordsQuickly)
{
    TempDir dir;
    const auto path = dir.file("haul.db");
    // ThreadSanitizer checks every memcpy/memset SQLite makes (a third of the time goes to
    // __tsan::MemoryAccessRange), so inserting 100,000 rows alone takes 10-15 s there; what TSan
    // is run for here, the locking, is the same with fewer rows.
    constexpr int kCount = kThreadSanitized ? 20'000 : 100'000;
    {
        auto store = openOrFail(path);
        ASSERT_TRUE(store);
        std::vector<DownloadRecord> records;
        records.reserve(kCount);
        for (int i = 0; i < kCount; ++i)
            records.push_back(sample(i));
        const auto start = std::chrono::steady_clock::now();
        auto keys = store->addBatch(records);
        ASSERT_TRUE(keys) << store->error();
        std::printf("[ timing   ] addBatch of %d records: %.0f ms\n", kCount, msSince(start));
    }
    // A fresh connection, as at program start: SQLite's page cache is empty.
    auto store = openOrFail(path);
    ASSERT_TRUE(store);
    const auto start = std::chrono::steady_clock::now();
    const double cpuStart = threadCpuMs();
    const auto all = store->loadAll();
    const double cpuMs = threadCpuMs() - cpuStart;
    const double ms = msSince(start);
    std::printf("[ timing   ] loadAll of %zu records: %.0f ms (%.0f ms of CPU)\n", all.size(), ms,
                cpuMs);
    ASSERT_EQ(all.size(), static_cast<std::size_t>(kCount)) << store->error();
    EXPECT_EQ(all.front().fileName, "file-0.iso");
    EXPECT_EQ(all.back().fileName, "file-" + std::to_string(kCount - 1) + ".iso");
    // CPU time, not wall time: on a CI machine running other builds, wall time measures them.
    EXPECT_LT(cpuMs, kSanitized ? 5000.0 : 1000.0);

    const auto moveStart = std::chrono::steady_clock::now();
    ASSERT_TRUE(store->moveUp(all.back().key));
    ASSERT_TRUE(store->moveDown(all.front().key));
    std::printf("[ timing   ] moveUp + moveDown among %d records: %.2f ms\n", kCount,
                msSince(moveStart));
}

// Reports what the durability point costs: setRanges commits with synchronous=FULL (an fsync
// of the WAL), updateProgress with NORMAL (no fsync).
TEST(Store, SetRangesCost)
{
    TempDir dir;
    auto store = openOrFail(dir.file("haul.db"));
    ASSERT_TRUE(store);
    auto key = store->add(sample(1));
    ASSERT_TRUE(key);
    constexpr int kCalls = 200;
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kCalls; ++i) {
        const std::int64_t mb = 1 << 20;
        ASSERT_TRUE(store->setRanges(*key, {{0, i + 1},
                                            {100 * mb, 100 * mb + i + 1},
                                            {200 * mb, 200 * mb + i + 1},
                                            {300 * mb, 300 * mb + 1}}))
            << store->error();
    }
    const double rangesMs = msSince(start) / kCalls;
    start = std::chrono::steady_clock::now();
    for (int i = 0; i < kCalls; ++i)
        ASSERT_TRUE(store->updateProgress(*key, i, DownloadState::Running));
    const double progressMs = msSince(start) / kCalls;
    std::printf("[ timing   ] setRanges (4 ranges, synchronous=FULL): %.3f ms per call; "
                "updateProgress (NORMAL): %.3f ms per call\n",
                rangesMs, progressMs);
    EXPECT_EQ(store->ranges(*key).size(), 4u);
}

// A real crash: a child process writes as fast as it can and is killed with SIGKILL at a random
// instant, 20 times. After each kill the file must be sound, every record readable, and nothing
// committed may be lost.
TEST(Store, SurvivesSigkillAtAnyInstant)
{
    TempDir dir;
    const auto path = dir.file("haul.db");
    const unsigned seed = std::random_device{}();
    std::printf("[ seed     ] %u\n", seed);
    std::mt19937 random(seed);
    std::uniform_int_distribution<int> delayMs(50, 300);

    std::size_t lastCount = 0;
    std::int64_t lastMaxKey = 0;
    for (int round = 0; round < 20; ++round) {
        SCOPED_TRACE("round " + std::to_string(round));
        // No connection may be open across fork(): SQLite's POSIX locks are per process, and the
        // child would inherit the parent's lock bookkeeping without the locks.
        const pid_t child = fork();
        ASSERT_GE(child, 0);
        if (child == 0) {
            alarm(30); // never outlive a parent that died
            auto store = Store::open(path);
            if (!store)
                _exit(2);
            std::mt19937 childRandom(seed + static_cast<unsigned>(round));
            for (int i = 0;; ++i) {
                auto key = store->add(sample(i));
                if (!key)
                    _exit(3);
                // The order a download uses: ranges (after fdatasync), then progress.
                for (std::int64_t part = 1; part <= 3; ++part) {
                    if (!store->setRanges(*key, {{0, part * 4096}, {part * 8192, part * 9000}})
                        || !store->updateProgress(*key, part * 4096, DownloadState::Running))
                        _exit(4);
                }
                if (i % 5 == 0 && !store->moveUp(*key))
                    _exit(5);
            }
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(delayMs(random)));
        ASSERT_EQ(kill(child, SIGKILL), 0);
        int status = 0;
        ASSERT_EQ(waitpid(child, &status, 0), child);
        ASSERT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL)
            << "the child stopped by itself with status " << status;

        auto store = openOrFail(path);
        ASSERT_TRUE(store);
        std::string report;
        ASSERT_TRUE(store->integrityCheck(&report)) << report;
        const auto all = store->loadAll();
        ASSERT_EQ(store->error(), "");
        ASSERT_GE(all.size(), lastCount) << "committed records were lost";
        std::int64_t maxKey = 0;
        for (const auto& record : all) {
            auto got = store->get(record.key);
            ASSERT_TRUE(got) << store->error();
            ASSERT_EQ(got->url, record.url);
            const auto ranges = store->ranges(record.key);
            ASSERT_TRUE(normalized(ranges));
            // Progress is written after the ranges that hold it, so it never runs ahead of them.
            if (record.bytesDone > 0) {
                ASSERT_FALSE(ranges.empty());
                ASSERT_LE(record.bytesDone, ranges.front().second);
            }
            maxKey = std::max(maxKey, record.key);
        }
        ASSERT_GE(maxKey, lastMaxKey);
        lastCount = all.size();
        lastMaxKey = maxKey;
    }
    std::printf("[ crash    ] 20 SIGKILLs: %zu records survived, file sound after each\n",
                lastCount);
    EXPECT_GT(lastCount, 20u) << "the child hardly wrote anything; the test proved little";
}

TEST(Store, GarbageFileFailsCleanly)
{
    TempDir dir;
    const auto path = dir.file("haul.db");
    std::string garbage(64 * 1024, '\0');
    std::mt19937 random(42);
    for (auto& c : garbage)
        c = static_cast<char>(random());
    writeFile(path, garbage);
    std::string error;
    EXPECT_FALSE(Store::open(path, &error));
    EXPECT_NE(error.find(path), std::string::npos) << error;
    EXPECT_NE(error.find("move it away"), std::string::npos) << error;
    std::printf("[ message  ] %s\n", error.c_str());

    // A real SQLite header followed by garbage: fails when the schema is read.
    writeFile(path, std::string("SQLite format 3", 16) + garbage.substr(16));
    error.clear();
    EXPECT_FALSE(Store::open(path, &error));
    EXPECT_FALSE(error.empty());
    std::printf("[ message  ] %s\n", error.c_str());

    // A folder where the file should be.
    const auto folder = dir.file("folder.db");
    ASSERT_EQ(::mkdir(folder.c_str(), 0700), 0);
    error.clear();
    EXPECT_FALSE(Store::open(folder, &error));
    EXPECT_FALSE(error.empty());

    error.clear();
    EXPECT_FALSE(Store::open(dir.file("missing/haul.db"), &error)) << "folders are not created";
    EXPECT_FALSE(error.empty());
}

TEST(Store, DamagedPagesAreReportedByIntegrityCheck)
{
    TempDir dir;
    const auto path = dir.file("haul.db");
    {
        auto store = openOrFail(path);
        ASSERT_TRUE(store);
        std::vector<DownloadRecord> records;
        for (int i = 0; i < 2000; ++i)
            records.push_back(sample(i));
        ASSERT_TRUE(store->addBatch(records));
    } // closing the last connection checkpoints the WAL into the main file
    {
        // Overwrite the page headers of pages 3 to 10 (SQLite's default page size is 4096);
        // page 1, which holds the schema, stays intact so the file still opens.
        std::fstream file(path, std::ios::in | std::ios::out | std::ios::binary);
        const std::string junk(16, '\x7f');
        for (int page = 3; page <= 10; ++page) {
            file.seekp((page - 1) * 4096);
            file.write(junk.data(), static_cast<std::streamsize>(junk.size()));
        }
    }
    std::string error;
    auto store = Store::open(path, &error);
    if (!store) {
        SUCCEED() << "refused at open: " << error;
        return;
    }
    std::string report;
    EXPECT_FALSE(store->integrityCheck(&report));
    EXPECT_NE(report, "ok");
    std::printf("[ report   ] %s\n", report.substr(0, report.find('\n')).c_str());
    EXPECT_FALSE(store->error().empty());
}

TEST(Store, RefusesAFileFromANewerVersion)
{
    TempDir dir;
    const auto path = dir.file("haul.db");
    ASSERT_TRUE(openOrFail(path));
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(db, "PRAGMA user_version=99", nullptr, nullptr, nullptr), SQLITE_OK);
    sqlite3_close(db);
    std::string error;
    EXPECT_FALSE(Store::open(path, &error));
    EXPECT_NE(error.find("newer version of Haul"), std::string::npos) << error;
}

TEST(Store, EmptyFileGetsTheSchema)
{
    TempDir dir;
    const auto path = dir.file("haul.db");
    writeFile(path, "");
    auto store = openOrFail(path);
    ASSERT_TRUE(store);
    EXPECT_TRUE(store->add(sample(1)));
}

TEST(Store, DefaultPathFollowsXdg)
{
    const char* oldXdg = std::getenv("XDG_DATA_HOME");
    const std::string savedXdg = oldXdg ? oldXdg : "";
    const char* oldHome = std::getenv("HOME");
    const std::string savedHome = oldHome ? oldHome : "";

    setenv("XDG_DATA_HOME", "/xdg/data", 1);
    EXPECT_EQ(Store::defaultPath(), "/xdg/data/haul/haul.db");
    setenv("XDG_DATA_HOME", "relative/ignored", 1);
    setenv("HOME", "/home/someone", 1);
    EXPECT_EQ(Store::defaultPath(), "/home/someone/.local/share/haul/haul.db");
    unsetenv("XDG_DATA_HOME");
    EXPECT_EQ(Store::defaultPath(), "/home/someone/.local/share/haul/haul.db");

    if (oldXdg)
        setenv("XDG_DATA_HOME", savedXdg.c_str(), 1);
    if (oldHome)
        setenv("HOME", savedHome.c_str(), 1);
    else
        unsetenv("HOME");
}

TEST(Store, CreateParentDirectories)
{
    TempDir dir;
    const auto path = dir.file("a/b/c/haul.db");
    std::string error;
    ASSERT_TRUE(Store::createParentDirectories(path, &error)) << error;
    ASSERT_TRUE(Store::createParentDirectories(path, &error)) << "existing folders are fine";
    struct stat info {};
    ASSERT_EQ(::stat(dir.file("a/b/c").c_str(), &info), 0);
    EXPECT_TRUE(S_ISDIR(info.st_mode));
    EXPECT_EQ(info.st_mode & 0777, 0700u);
    EXPECT_TRUE(openOrFail(path));

    writeFile(dir.file("plain"), "x");
    EXPECT_FALSE(Store::createParentDirectories(dir.file("plain/haul.db"), &error));
    EXPECT_FALSE(error.empty());
}
