// SPDX-License-Identifier: MIT
#include "transfer/segmentplanner.h"

namespace haul::engine {

SegmentPlanner::Plan SegmentPlanner::next(const RangeSet& done,
                                          const std::vector<Span>& spans) const
{
    if (m_total < 0 || (!m_rangesSupported && !spans.empty()))
        return {};
    // Bytes nobody has and nobody fetches: the first such hole gets a connection.
    RangeSet covered = done;
    for (const Span& s : spans)
        covered.add(s.start, s.end < 0 ? m_total : s.end);
    const auto holes = covered.missing(m_total);
    if (!holes.empty()) {
        const bool toEnd = holes.front().second == m_total && !m_rangesSupported;
        return {Plan::Kind::Open, 0, holes.front().first, toEnd ? -1 : holes.front().second};
    }
    if (!m_rangesSupported || m_total < kMinSegmentedSize)
        return {};
    // Everything is taken: split the connection with the most left to fetch.
    const Span* largest = nullptr;
    std::size_t index = 0;
    std::int64_t most = 0;
    for (std::size_t i = 0; i < spans.size(); ++i) {
        const std::int64_t left = (spans[i].end < 0 ? m_total : spans[i].end) - spans[i].position;
        if (left > most) {
            most = left;
            largest = &spans[i];
            index = i;
        }
    }
    if (!largest || most < 2 * kMinSplit)
        return {};
    const std::int64_t end = largest->end < 0 ? m_total : largest->end;
    const std::int64_t middle = (largest->position + most / 2) & ~static_cast<std::int64_t>(0xFFFF);
    if (middle <= largest->position || middle >= end)
        return {};
    return {Plan::Kind::Split, index, middle, end};
}

} // namespace haul::engine
