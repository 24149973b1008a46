// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <vector>

namespace haul::engine {

// Which bytes of a download are there and what each of its open connections fetches, for a
// segment map in a front end. The engine thread publishes one per transfer with each of its
// Progress events and on each state change; Engine::segmentMap copies the latest out on any
// thread. A value: no pointers into the engine.
struct SegmentMap {
    struct Range {
        std::int64_t start = 0; // [start, end)
        std::int64_t end = 0;
        bool operator==(const Range&) const = default;
    };
    struct Connection {
        std::int64_t start = 0;    // it fetches [start, end)
        std::int64_t end = -1;     // -1: to the end of a file of unknown size
        std::int64_t position = 0; // it has received [start, position)
        double speed = 0;          // bytes per second, smoothed
        std::int64_t received() const { return position - start; }
    };

    std::int64_t total = -1;             // the file's size, -1 unknown
    std::vector<Range> done;             // every byte received (open connections' too): sorted,
                                         // disjoint, not adjacent
    std::vector<Connection> connections; // open now, in the order they were opened

    std::int64_t bytesDone() const
    {
        std::int64_t n = 0;
        for (const Range& r : done)
            n += r.end - r.start;
        return n;
    }
};

} // namespace haul::engine
