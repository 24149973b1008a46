// SPDX-License-Identifier: MIT
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace haul::engine {

// A few threads for file work that must not hold up the engine thread: hashing a finished file,
// creating and writing many small files (creating a file can take a millisecond). Jobs report
// back by queueing a command to the engine; they never touch a Transfer.
//
// Threads: submit() from any thread. The destructor asks running jobs to stop (stopping()),
// drops jobs not yet started, and joins every thread.
class IoPool {
public:
    explicit IoPool(int threads);
    ~IoPool();
    IoPool(const IoPool&) = delete;
    IoPool& operator=(const IoPool&) = delete;

    void submit(std::function<void()> job);
    bool stopping() const;

private:
    void run();

    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::deque<std::function<void()>> m_jobs;
    bool m_stop = false;
    std::vector<std::thread> m_threads;
};

} // namespace haul::engine
