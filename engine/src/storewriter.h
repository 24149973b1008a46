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
// seconds). What queued up while the previous writes ran is written as one batch (one
// transaction, one durable commit: Store::batch), so many small downloads do not cost an fsync
// each. Durability order is kept by the caller: it makes the bytes durable (fdatasync) before it
// posts the write that records them.
//
// Threads: post() from any thread. The destructor performs every write still queued, then
// joins.
class StoreWriter {
public:
    explicit StoreWriter(Store& store);
    ~StoreWriter();
    StoreWriter(const StoreWriter&) = delete;
    StoreWriter& operator=(const StoreWriter&) = delete;

    void post(std::function<void(Store&)> write);

private:
    void run();

    Store& m_store;
    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void(Store&)>> m_writes;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace haul::engine
