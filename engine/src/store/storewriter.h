// SPDX-License-Identifier: MIT
#pragma once

#include <haul/store.h>

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace haul::engine {

// Writes to the store from a thread of its own, in the order they were posted, so the engine
// thread never waits for SQLite (another process holding the lock can make a write wait for
// seconds) nor for the disk. What queued up while the previous writes ran is written as one
// batch (one transaction, one durable commit: Store::batch), so many small downloads do not cost
// an fsync each.
//
// Durability order: postAfterSync() flushes a file to the device (fdatasync) before it writes
// the record that says its bytes are there; every flush of a batch comes before every write of
// it. The caller writes the bytes (pwrite) before posting.
//
// Threads: post() and postAfterSync() from any thread. The destructor performs every write and
// flush still queued, then joins.
class StoreWriter {
public:
    explicit StoreWriter(Store& store);
    ~StoreWriter();
    StoreWriter(const StoreWriter&) = delete;
    StoreWriter& operator=(const StoreWriter&) = delete;

    void post(std::function<void(Store&)> write);
    // fd: a descriptor of the file (a dup()) that the writer flushes and then closes. When the
    // flush fails the write is dropped: those bytes stay unrecorded and are fetched again.
    // done (may be empty) runs on the writer thread afterwards, whatever the outcome.
    void postAfterSync(int fd, std::function<void(Store&)> write, std::function<void()> done);

private:
    struct Write {
        std::function<void(Store&)> apply;
        int syncFd = -1;
        std::function<void()> done;
    };
    void push(Write write);
    void run();

    Store& m_store;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<Write> m_writes;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace haul::engine
