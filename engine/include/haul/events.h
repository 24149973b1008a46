// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace haul::engine {

// A transfer's id. 0 is never a valid id; it is what a synchronously refused call returns.
using TransferId = std::uint64_t;

// Event kinds are bits so that a subscription mask is a plain bit set.
// Informational events come only while an operation is pending (between an accepted
// start/resume and its completion). Completion events end an operation; exactly one per
// accepted operation. Closed is the last event of a handle; nothing follows it.
enum EventType : std::uint32_t {
    Resolving = 1u << 0,       // operation accepted and handed to the network layer; url
    Connecting = 1u << 1,      // a new connection is being opened (absent when one is reused)
    Connected = 1u << 2,       // connection ready (new or reused), request about to go out
    RequestSent = 1u << 3,     // request handed to the connection
    Redirect = 1u << 4,        // 3xx followed; url = the new location, httpCode
    HeadersReceived = 1u << 5, // final response; httpCode, total (-1 unknown), file; reason =
                               // a note when resuming was impossible ("restarted from 0 B")
    Progress = 1u << 6,        // bytes / total / speed; coalesced (a few per second)
    Retrying = 1u << 7,        // a transient failure; reason (with the delay and attempt)

    Completed = 1u << 8, // every byte on disk under the final name; file = its path
    Failed = 1u << 9,    // reason = a sentence for the user; httpCode / curlCode when known
    Cancelled = 1u << 10,
    Paused = 1u << 11, // the .part and its bytes are kept; start() resumes; reason when the
                       // engine paused it itself (a full disk), else empty

    Closed = 1u << 12,

    // Informational, while pending: a running operation went back to the queue because
    // "downloads at once" was lowered (SessionOptions::maxConcurrent). Its bytes are kept (the
    // .part and its recorded ranges); the operation goes on: when a slot frees it starts again
    // (Resolving, ...) and resumes, and still ends with exactly one completion. A consumer that
    // shows a state shows "queued" until the next Resolving.
    Requeued = 1u << 13,
};

inline constexpr std::uint32_t kInformationalMask = 0xFFu | Requeued;
inline constexpr std::uint32_t kCompletionMask = Completed | Failed | Cancelled | Paused;
inline constexpr std::uint32_t kAllEvents = kInformationalMask | kCompletionMask | Closed;

constexpr bool isCompletion(EventType t)
{
    return (t & kCompletionMask) != 0;
}
constexpr bool isInformational(EventType t)
{
    return (t & kInformationalMask) != 0;
}

// Lower-case name used in logs and haul-cli --json ("headers_received", "closed", ...).
std::string_view eventName(EventType t);

// An event is a value: it may be copied to any thread. It never carries engine pointers.
struct Event {
    TransferId id = 0;
    EventType type = Closed;
    std::int64_t bytes = 0;  // bytes of the file on disk or in flight to it
    std::int64_t total = -1; // expected file size, -1 when unknown
    double speed = 0;        // bytes per second, smoothed (Progress only)
    int httpCode = 0;
    int curlCode = 0;
    std::string url;    // Resolving: the address asked for (credentials masked); Redirect: the
                        // new location (masked); else empty
    std::string reason; // Failed, Retrying, Paused: a sentence for the user; HeadersReceived:
                        // a note when resuming was impossible; else empty
    std::string file;   // where the file goes (HeadersReceived, Completed), else empty
    // Deprecated: read url, reason or file instead. Still filled as before: Resolving and
    // Redirect's url, Completed's file, the reason of the others.
    std::string text;
};

} // namespace haul::engine
