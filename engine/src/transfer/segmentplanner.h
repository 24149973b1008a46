// SPDX-License-Identifier: MIT
#pragma once

#include "transfer/rangeset.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace haul::engine {

// Where a download's next connection goes, from the bytes on disk and what its connections
// fetch: the first range nobody has and nobody fetches or, once every byte is taken, the second
// half of the connection with the most left to fetch (only from a server that answers Range
// requests, and only when a new connection pays off). Transfer::openMoreSegments opens what it
// says (transfersegments.cpp).
//
// A value type: no threads, no I/O, no libcurl.
class SegmentPlanner {
public:
    // A range smaller than this is not split again: a new connection would cost more than it saves.
    static constexpr std::int64_t kMinSplit = std::int64_t{512} * 1024;
    // A file smaller than this is fetched over one connection.
    static constexpr std::int64_t kMinSegmentedSize = std::int64_t{2} * 1024 * 1024;

    // A connection: it fetches [start, end) (end -1: to the end of the file) and has received
    // the bytes before position.
    struct Span {
        std::int64_t start = 0;
        std::int64_t end = -1;
        std::int64_t position = 0;
    };
    struct Plan {
        enum class Kind { None, Open, Split };
        Kind kind = Kind::None;
        // Split: spans[segment] is to end at start, where the new connection begins.
        std::size_t segment = 0;
        // The new connection's range [start, end); end -1: to the end of the file.
        std::int64_t start = 0;
        std::int64_t end = -1;
    };

    // total: the file's size, -1 unknown (nothing is planned then); rangesSupported: the server
    // answers a Range request with that range.
    SegmentPlanner(std::int64_t total, bool rangesSupported)
        : m_total(total), m_rangesSupported(rangesSupported)
    {
    }

    // The next connection to open, given what connections that ended wrote (done) and the
    // connections open now (spans, in the order the transfer keeps them).
    Plan next(const RangeSet& done, const std::vector<Span>& spans) const;

private:
    std::int64_t m_total;
    bool m_rangesSupported;
};

} // namespace haul::engine
