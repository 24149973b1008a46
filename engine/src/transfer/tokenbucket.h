// SPDX-License-Identifier: MIT
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>

namespace haul::engine {

// A speed limit. Tokens are bytes; they accrue at rate() per second up to a burst of a tenth of
// a second. Consuming may go into debt (libcurl hands over whole blocks): the debt is paid
// before more bytes are let through, so the average holds. Engine thread only.
class TokenBucket {
public:
    using Clock = std::chrono::steady_clock;

    void setRate(std::int64_t bytesPerSecond)
    {
        m_rate = std::max<std::int64_t>(0, bytesPerSecond);
        m_tokens = std::min(m_tokens, burst());
    }
    std::int64_t rate() const { return m_rate; }
    bool limited() const { return m_rate > 0; }

    void refill(Clock::time_point now)
    {
        if (!limited()) {
            m_last = now;
            return;
        }
        const double seconds = std::chrono::duration<double>(now - m_last).count();
        m_last = now;
        m_tokens = std::min(
            burst(), m_tokens + static_cast<std::int64_t>(seconds * static_cast<double>(m_rate)));
    }
    bool canSend() const { return !limited() || m_tokens > 0; }
    void consume(std::int64_t bytes)
    {
        if (limited())
            m_tokens -= bytes;
    }
    // How long until canSend() becomes true.
    std::chrono::milliseconds wait() const
    {
        if (canSend())
            return std::chrono::milliseconds(0);
        return std::chrono::milliseconds(1 + (-m_tokens) * 1000 / m_rate);
    }

private:
    std::int64_t burst() const
    {
        return std::max<std::int64_t>(m_rate / 10, std::int64_t{16} * 1024);
    }

    std::int64_t m_rate = 0;
    std::int64_t m_tokens = 0;
    Clock::time_point m_last = Clock::now();
};

} // namespace haul::engine
