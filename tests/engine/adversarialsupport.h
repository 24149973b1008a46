// SPDX-License-Identifier: MIT
// Helpers shared by the adversarial suites (test_adversarial*.cpp): a watchdog that turns a
// deadlock into a quick, named failure, a one-shot flag with timed waits, a way to know that a
// thread reached a blocking wait, and the seed/cycle knobs.
#pragma once

#include "testsupport.h"

#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <unistd.h>

namespace haul::test {

// A test that deadlocks would otherwise sit until CTest's timeout and say nothing about where.
// Declared as a test's (or fixture's) first object, the watchdog outlives everything else in
// it, so a hang in a destructor (~Session joining a stuck engine thread) is caught too.
class Watchdog {
public:
    explicit Watchdog(std::chrono::seconds limit) : m_limit(limit)
    {
        if (const auto* info = ::testing::UnitTest::GetInstance()->current_test_info())
            m_test = std::string(info->test_suite_name()) + "." + info->name();
        m_thread = std::thread([this] { watch(); });
    }
    ~Watchdog()
    {
        {
            std::lock_guard lock(m_mutex);
            m_done = true;
        }
        m_changed.notify_all();
        m_thread.join();
    }
    Watchdog(const Watchdog&) = delete;
    Watchdog& operator=(const Watchdog&) = delete;

    // What the test is waiting for right now: printed when the limit passes.
    void stage(std::string what)
    {
        std::lock_guard lock(m_mutex);
        m_stage = std::move(what);
    }

private:
    void watch()
    {
        std::unique_lock lock(m_mutex);
        if (m_changed.wait_for(lock, m_limit, [this] { return m_done; }))
            return;
        // _Exit: a deadlocked engine thread would also block exit handlers and ~Session.
        std::fprintf(stderr, "\nHANG: %s did not finish within %lld s; stuck at: %s\n",
                     m_test.c_str(), static_cast<long long>(m_limit.count()), m_stage.c_str());
        std::fflush(stderr);
        std::_Exit(1);
    }

    std::chrono::seconds m_limit;
    std::string m_test = "a test";
    std::string m_stage = "(no stage named)";
    std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_done = false;
    std::thread m_thread;
};

// A one-shot event any thread may set and any thread may wait for, with a deadline.
class Flag {
public:
    void set()
    {
        {
            std::lock_guard lock(m_mutex);
            m_set = true;
        }
        m_changed.notify_all();
    }
    bool isSet() const
    {
        std::lock_guard lock(m_mutex);
        return m_set;
    }
    bool waitFor(std::chrono::milliseconds timeout) const
    {
        std::unique_lock lock(m_mutex);
        return m_changed.wait_for(lock, timeout, [this] { return m_set; });
    }

private:
    mutable std::mutex m_mutex;
    mutable std::condition_variable m_changed;
    bool m_set = false;
};

// Whether a thread of this process is asleep (state S or D). The engine's waits are not
// observable through its API, so a test that needs "thread T is now blocked inside
// unsubscribe" before provoking the next step asks the kernel.
inline bool isAsleep(pid_t tid)
{
    std::ifstream stat("/proc/self/task/" + std::to_string(tid) + "/stat");
    std::string line;
    std::getline(stat, line);
    const auto paren = line.rfind(')'); // the command name may contain spaces and parentheses
    if (paren == std::string::npos || paren + 2 >= line.size())
        return false;
    const char state = line[paren + 2];
    return state == 'S' || state == 'D';
}

// Waits until *tid names a thread that stays asleep for a few consecutive looks (a thread
// that merely passed a contended lock wakes up again at once), or the deadline passes.
template <typename AtomicTid>
bool waitAsleep(const AtomicTid& tid, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    int asleep = 0;
    while (std::chrono::steady_clock::now() < deadline) {
        const pid_t t = tid.load();
        asleep = t != 0 && isAsleep(t) ? asleep + 1 : 0;
        if (asleep >= 5)
            return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return false;
}

// Waits until pred() holds or the deadline passes; for state the engine changes without
// telling anyone (stats()). The polling is testsupport's waitUntil.
template <typename Pred> bool eventually(Pred pred, std::chrono::milliseconds timeout)
{
    return waitUntil(pred, timeout);
}

// HAUL_ADVERSARIAL_SEED replays a run; the seed is printed either way.
inline unsigned adversarialSeed()
{
    const char* env = std::getenv("HAUL_ADVERSARIAL_SEED");
    const unsigned seed =
        env ? static_cast<unsigned>(std::strtoul(env, nullptr, 10)) : std::random_device{}();
    std::printf("seed %u (replay with HAUL_ADVERSARIAL_SEED=%u)\n", seed, seed);
    std::fflush(stdout);
    return seed;
}

// How many module load/unload cycles the random-interleaving stress runs: 2000 by default (and
// never fewer), more with HAUL_ADVERSARIAL_CYCLES. The other repeated attacks scale from it.
inline int adversarialCycles()
{
    const char* env = std::getenv("HAUL_ADVERSARIAL_CYCLES");
    const int n = env ? std::atoi(env) : 2000;
    return n < 2000 ? 2000 : n;
}

} // namespace haul::test
