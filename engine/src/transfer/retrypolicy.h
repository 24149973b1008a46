// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>

namespace haul::engine {

// How often one operation of a download tries again: transient failures (retried after an
// exponential backoff with jitter, at least what the server's Retry-After asked; the budget
// starts afresh after progress) and starts from byte 0 (a server whose file changes on every
// request is given up on after kMaxRestarts). Numbers only: it neither emits events nor touches
// the network; Transfer acts on its answers. A value owned by one Transfer, engine thread only.
class RetryPolicy {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr int kMaxRestarts = 3;

    // A new operation: a fresh budget.
    void reset()
    {
        m_attempts = 0;
        m_restarts = 0;
        m_bytesAtLastFailure = -1;
    }

    // One connection of several failed transiently while the others go on: true (and counted)
    // while the budget lasts.
    bool retryConnection(int maxRetries)
    {
        if (m_attempts >= maxRetries)
            return false;
        ++m_attempts;
        return true;
    }

    // The whole download failed transiently with bytesNow on disk: the delay before the next
    // attempt (retryAt() is then when it is due), or nothing when the budget is spent.
    std::optional<std::chrono::milliseconds>
    scheduleRetry(std::int64_t bytesNow, int maxRetries, long baseDelayMs,
                  std::optional<std::chrono::milliseconds> serverDelay)
    {
        if (bytesNow > m_bytesAtLastFailure)
            m_attempts = 0; // progress since the last failure: a fresh budget
        m_bytesAtLastFailure = bytesNow;
        if (m_attempts >= maxRetries)
            return std::nullopt;
        ++m_attempts;
        static thread_local std::mt19937 rng{std::random_device{}()};
        auto delay = std::chrono::milliseconds(
            std::min<std::int64_t>(std::int64_t{baseDelayMs} << (m_attempts - 1), 60'000));
        // Jitter, so that many downloads failing at once do not return at once.
        delay = std::chrono::milliseconds(
            static_cast<std::int64_t>(static_cast<double>(delay.count())
                                      * std::uniform_real_distribution<double>(0.8, 1.2)(rng)));
        if (serverDelay)
            delay = std::max(delay, *serverDelay);
        m_retryAt = Clock::now() + delay;
        return delay;
    }
    int attempts() const { return m_attempts; }
    Clock::time_point retryAt() const { return m_retryAt; }

    // The file changed on the server: true (and counted) when one more start from 0 is allowed.
    bool startOver()
    {
        if (m_restarts >= kMaxRestarts)
            return false;
        ++m_restarts;
        return true;
    }
    int restarts() const { return m_restarts; }

private:
    int m_attempts = 0;
    int m_restarts = 0; // this operation's starts from 0 (the file changed)
    std::int64_t m_bytesAtLastFailure = -1;
    Clock::time_point m_retryAt{};
};

} // namespace haul::engine
