// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

namespace haul::engine {

// A set of byte offsets kept as sorted, disjoint, non-adjacent half-open ranges [first, second).
// A value type; no threads involved.
class RangeSet {
public:
    using Range = std::pair<std::int64_t, std::int64_t>;

    void add(std::int64_t begin, std::int64_t end);
    void clear() { m_ranges.clear(); }
    bool empty() const { return m_ranges.empty(); }
    std::int64_t bytes() const;
    bool covers(std::int64_t begin, std::int64_t end) const;
    // Ranges of [0, total) not in the set, in order.
    std::vector<Range> missing(std::int64_t total) const;
    // Bytes from 0 that are contiguous ([0, n) in the set), 0 if none.
    std::int64_t prefix() const;
    const std::vector<Range>& ranges() const { return m_ranges; }
    bool operator==(const RangeSet&) const = default;

private:
    std::vector<Range> m_ranges;
};

} // namespace haul::engine
