// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>

namespace haul::engine {

// A download's speed and when it is worth a Progress event (rule 11): at least kInterval
// apart, smoothed (0.6 of the last value, 0.4 of the latest interval's), and only when the
// bytes moved or the speed is still above 1 B/s. Numbers only; a value owned by one Transfer,
// engine thread only.
class SpeedMeter {
public:
    using Clock = std::chrono::steady_clock;
    static constexpr auto kInterval = std::chrono::milliseconds(200);

    // An operation begins with `bytes` already there: no speed yet, nothing reported.
    void start(Clock::time_point now, std::int64_t bytes)
    {
        m_speed = 0;
        m_reportedBytes = -1;
        m_lastSample = now;
        m_sampledBytes = bytes;
    }
    // Looks at the download with `bytes` there now: true when a Progress is due.
    bool sample(Clock::time_point now, std::int64_t bytes)
    {
        const auto elapsed = now - m_lastSample;
        if (elapsed < kInterval)
            return false;
        const double seconds = std::chrono::duration<double>(elapsed).count();
        const double instant = static_cast<double>(bytes - m_sampledBytes) / seconds;
        m_speed = m_speed == 0 ? instant : 0.6 * m_speed + 0.4 * instant;
        m_sampledBytes = bytes;
        m_lastSample = now;
        if (bytes == m_reportedBytes && m_speed < 1)
            return false;
        m_reportedBytes = bytes;
        return true;
    }
    double speed() const { return m_speed; } // bytes per second

private:
    std::int64_t m_reportedBytes = -1; // what the last Progress said
    Clock::time_point m_lastSample{};
    std::int64_t m_sampledBytes = 0;
    double m_speed = 0;
};

} // namespace haul::engine
