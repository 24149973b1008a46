// SPDX-License-Identifier: MIT
#include "transfer/fairshare.h"

#include <algorithm>

namespace haul::engine {

void maxMinFair(std::int64_t budget, const std::vector<std::int64_t>& rooms,
                std::vector<std::int64_t>& shares)
{
    const std::size_t n = rooms.size();
    shares.assign(n, -1); // -1: not settled yet
    std::int64_t left = std::max<std::int64_t>(0, budget);
    std::size_t open = n;
    // Water-filling: each pass settles every room below the current level at its room. A pass
    // that settles none ends it; after a few passes the rest is split evenly, capped by room.
    constexpr int kPasses = 6;
    for (int pass = 0; pass < kPasses && open > 0; ++pass) {
        const std::int64_t level = left / static_cast<std::int64_t>(open);
        bool settled = false;
        for (std::size_t i = 0; i < n; ++i) {
            if (shares[i] < 0 && rooms[i] <= level) {
                shares[i] = std::max<std::int64_t>(0, rooms[i]);
                left -= shares[i];
                --open;
                settled = true;
            }
        }
        if (!settled)
            break;
    }
    if (open == 0)
        return;
    const std::int64_t level = left / static_cast<std::int64_t>(open);
    std::int64_t extra = left - level * static_cast<std::int64_t>(open); // a few bytes: in turn
    for (std::size_t i = 0; i < n; ++i) {
        if (shares[i] >= 0)
            continue;
        shares[i] = std::min(rooms[i], level + (extra > 0 ? 1 : 0));
        if (extra > 0)
            --extra;
    }
}

void GlobalLimit::setRate(std::int64_t bytesPerSecond)
{
    m_rate = std::max<std::int64_t>(0, bytesPerSecond);
}

void GlobalLimit::distribute(Clock::time_point now, const std::vector<RateShare*>& shares)
{
    // At most a fifth of a second at once: a loop that was held up does not release a burst.
    const double seconds =
        std::min(0.2, std::max(0.0, std::chrono::duration<double>(now - m_last).count()));
    m_last = now;
    if (!limited() || shares.empty()) {
        for (RateShare* s : shares)
            s->setLimit(false, 0);
        m_fraction = 0;
        return;
    }
    // Each may save up a fifth of a second of its equal part (16 KiB at least, a block): as
    // much as the longest tick brings, so a tick is never too large to be taken.
    const auto n = static_cast<std::int64_t>(shares.size());
    const std::int64_t burst = std::max<std::int64_t>(m_rate / 5 / n, std::int64_t{16} * 1024);
    m_rooms.clear();
    for (RateShare* s : shares) {
        s->setLimit(true, burst);
        m_rooms.push_back(s->room());
    }
    const double accrued = seconds * static_cast<double>(m_rate) + m_fraction;
    const auto budget = static_cast<std::int64_t>(accrued);
    m_fraction = accrued - static_cast<double>(budget);
    maxMinFair(budget, m_rooms, m_grants);
    for (std::size_t i = 0; i < shares.size(); ++i)
        shares[i]->grant(m_grants[i]);
}

} // namespace haul::engine
