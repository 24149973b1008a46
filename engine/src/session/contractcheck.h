// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <cstdint>
#include <thread>

namespace haul::engine {

// Reports a broken invariant of the engine: prints "haul: contract violation: WHAT (FILE:LINE)"
// to stderr and counts it. Builds made for testing (HAUL_CONTRACT_FATAL: debug, sanitizer and ci
// builds) then abort, so a test fails loudly where it broke; a user's release build recovers
// (the caller's recovery statement runs) and the session goes on. Any thread.
void contractViolated(const char* what, const char* file, int line);
std::uint64_t contractViolations();
bool contractViolationsAreFatal(); // this build aborts on one (tests use it to expect that)

// Qt Creator's QTC_ASSERT: check, and recover instead of crashing the user's session.
//   HAUL_CHECK(transfer != nullptr, return);
#define HAUL_CHECK(cond, recover)                                                                  \
    do {                                                                                           \
        if (!(cond)) [[unlikely]] {                                                                \
            ::haul::engine::contractViolated(#cond, __FILE__, __LINE__);                           \
            recover;                                                                               \
        }                                                                                          \
    } while (false)

// Chromium's THREAD_CHECKER: remembers one thread (bound once, by that thread) and tells whether
// the caller is on it. Used by every engine-thread-only function (HAUL_CHECK_THREAD).
class ThreadChecker {
public:
    void bindToCurrentThread()
    {
        m_owner.store(std::this_thread::get_id(), std::memory_order_release);
    }
    bool calledOnValidThread() const
    {
        return m_owner.load(std::memory_order_acquire) == std::this_thread::get_id();
    }

private:
    std::atomic<std::thread::id> m_owner{};
};

#define HAUL_CHECK_THREAD(checker) HAUL_CHECK((checker).calledOnValidThread(), (void)0)

} // namespace haul::engine
