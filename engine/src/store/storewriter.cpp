// SPDX-License-Identifier: MIT
#include "store/storewriter.h"

#include <algorithm>
#include <unistd.h>

namespace haul::engine {

StoreWriter::StoreWriter(Store& store) : m_store(store), m_thread([this] { run(); }) {}

StoreWriter::~StoreWriter()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
}

void StoreWriter::post(std::function<void(Store&)> write)
{
    push({std::move(write), -1, {}});
}

void StoreWriter::postAfterSync(int fd, std::function<void(Store&)> write,
                                std::function<void()> done)
{
    push({std::move(write), fd, std::move(done)});
}

void StoreWriter::push(Write write)
{
    bool first = false;
    {
        std::lock_guard lock(m_mutex);
        first = m_writes.empty();
        m_writes.push_back(std::move(write));
    }
    if (first) // else the writer was woken already and takes this one with the others
        m_wake.notify_one();
}

void StoreWriter::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || !m_writes.empty(); });
        if (m_writes.empty())
            return; // stopping, and everything was written
        std::deque<Write> batch;
        batch.swap(m_writes);
        lock.unlock();
        for (auto& write : batch) {
            if (write.syncFd < 0)
                continue;
            if (::fdatasync(write.syncFd) != 0)
                write.apply = nullptr; // not on the device: not recorded either
            ::close(write.syncFd);
        }
        // Durable only when it records flushed bytes: other writes (a new state, a finished
        // download) need no fsync of their own.
        const bool durable =
            std::any_of(batch.begin(), batch.end(), [](const Write& w) { return w.syncFd >= 0; });
        m_store.batch(
            [&] {
                for (auto& write : batch)
                    if (write.apply)
                        write.apply(m_store);
            },
            durable);
        for (auto& write : batch)
            if (write.done)
                write.done();
        lock.lock();
    }
}

} // namespace haul::engine
