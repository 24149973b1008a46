// SPDX-License-Identifier: MIT
#include "storewriter.h"

namespace haul::engine {

StoreWriter::StoreWriter(Store& store)
    : m_store(store)
    , m_thread([this] { run(); })
{
}

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
        std::deque<std::function<void(Store&)>> batch;
        batch.swap(m_writes);
        lock.unlock();
        m_store.batch([&] {
            for (auto& write : batch)
                write(m_store);
        });
        lock.lock();
    }
}

} // namespace haul::engine
