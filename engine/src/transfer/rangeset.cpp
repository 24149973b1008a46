// SPDX-License-Identifier: MIT
#include "transfer/rangeset.h"

#include <algorithm>

namespace haul::engine {

void RangeSet::add(std::int64_t begin, std::int64_t end)
{
    if (end <= begin)
        return;
    std::vector<Range> out;
    out.reserve(m_ranges.size() + 1);
    bool placed = false;
    for (const Range& r : m_ranges) {
        if (r.second < begin) {
            out.push_back(r);
        } else if (end < r.first) {
            if (!placed) {
                out.emplace_back(begin, end);
                placed = true;
            }
            out.push_back(r);
        } else {
            begin = std::min(begin, r.first);
            end = std::max(end, r.second);
        }
    }
    if (!placed)
        out.emplace_back(begin, end);
    m_ranges = std::move(out);
}

std::int64_t RangeSet::bytes() const
{
    std::int64_t n = 0;
    for (const Range& r : m_ranges)
        n += r.second - r.first;
    return n;
}

bool RangeSet::covers(std::int64_t begin, std::int64_t end) const
{
    for (const Range& r : m_ranges)
        if (r.first <= begin && end <= r.second)
            return true;
    return end <= begin;
}

std::vector<RangeSet::Range> RangeSet::missing(std::int64_t total) const
{
    std::vector<Range> out;
    std::int64_t at = 0;
    for (const Range& r : m_ranges) {
        if (r.first >= total)
            break;
        if (r.first > at)
            out.emplace_back(at, r.first);
        at = std::max(at, r.second);
    }
    if (at < total)
        out.emplace_back(at, total);
    return out;
}

std::int64_t RangeSet::prefix() const
{
    return !m_ranges.empty() && m_ranges.front().first == 0 ? m_ranges.front().second : 0;
}

} // namespace haul::engine
