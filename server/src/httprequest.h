// SPDX-License-Identifier: MIT
#pragma once

#include <haul/server/httpserver.h>

#include <cstdint>
#include <optional>
#include <string_view>

namespace haul::server::detail {

// Parses a request head (request line + header lines, without the blank line that ends it).
// Accepts CRLF or bare LF line ends. nullopt when the request line is malformed or a header line
// has no colon. connectionId is left at 0.
std::optional<RequestRecord> parseRequestHead(std::string_view head);

bool equalsIgnoreCase(std::string_view a, std::string_view b);

struct ByteRange {
    std::uint64_t first = 0;
    std::uint64_t last = 0; // inclusive
};

enum class RangeKind {
    Ignore,        // malformed, several ranges or not "bytes": serve the whole body (200)
    Satisfiable,   // serve range (206)
    Unsatisfiable, // 416
};

// Interprets a Range header value against a body of size bytes (RFC 9110 §14.1.2).
RangeKind parseRange(std::string_view value, std::uint64_t size, ByteRange& range);

} // namespace haul::server::detail
