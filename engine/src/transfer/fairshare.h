// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <vector>

namespace haul::engine {

// One download's part of the session's speed limit: the bytes it may still take (tokens), which
// the session grants a few dozen times a second and its connections spend. It may go into debt
// (libcurl hands over whole blocks); the debt is paid before more bytes are let through.
// Unlimited while the session has no limit. Engine thread only.
class RateShare {
public:
    bool limited() const { return m_limited; }
    bool canSend() const { return !m_limited || m_tokens > 0; }
    void consume(std::int64_t bytes)
    {
        if (m_limited)
            m_tokens -= bytes;
    }
    // How many tokens it can take before it holds a full burst: 0 when it did not spend what
    // it was given (a download slower than its share, or held by its own limit).
    std::int64_t room() const { return m_limited && m_tokens < m_burst ? m_burst - m_tokens : 0; }
    void grant(std::int64_t bytes) { m_tokens += bytes; }
    // limited false: every byte passes and no debt is kept. burst: the most it may save up.
    void setLimit(bool limited, std::int64_t burst)
    {
        m_limited = limited;
        m_burst = burst;
        if (!limited || m_tokens > burst)
            m_tokens = limited ? burst : 0;
    }

private:
    bool m_limited = false;
    std::int64_t m_burst = 0;
    std::int64_t m_tokens = 0;
};

// Max-min fair division of budget among demands (rooms): every share is at most its room, and
// what one cannot take is split among the others, so no share is below an equal part unless its
// room is. What nobody can take is left over (not returned). O(n) per pass, at most a few
// passes: a room is settled in the pass that finds it below the level.
void maxMinFair(std::int64_t budget, const std::vector<std::int64_t>& rooms,
                std::vector<std::int64_t>& shares);

// The session's speed limit for all downloads together. Each tick it turns the time since the
// last one into bytes and divides them max-min fair among the running downloads' RateShares, per
// download and not per connection: a download with four connections gets what one with one gets,
// and what a slow or separately limited download leaves goes to the others. Engine thread only.
class GlobalLimit {
public:
    using Clock = std::chrono::steady_clock;

    void setRate(std::int64_t bytesPerSecond);
    std::int64_t rate() const { return m_rate; }
    bool limited() const { return m_rate > 0; }
    void distribute(Clock::time_point now, const std::vector<RateShare*>& shares);

private:
    std::int64_t m_rate = 0;
    Clock::time_point m_last = Clock::now();
    double m_fraction = 0; // of a byte, carried to the next tick
    std::vector<std::int64_t> m_rooms;
    std::vector<std::int64_t> m_grants;
};

} // namespace haul::engine
