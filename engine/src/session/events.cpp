// SPDX-License-Identifier: MIT
#include <haul/events.h>

namespace haul::engine {

std::string_view eventName(EventType t)
{
    switch (t) {
    case Resolving: return "resolving";
    case Connecting: return "connecting";
    case Connected: return "connected";
    case RequestSent: return "request_sent";
    case Redirect: return "redirect";
    case HeadersReceived: return "headers_received";
    case Progress: return "progress";
    case Retrying: return "retrying";
    case Completed: return "completed";
    case Failed: return "failed";
    case Cancelled: return "cancelled";
    case Paused: return "paused";
    case Closed: return "closed";
    case Requeued: return "requeued";
    }
    return "unknown";
}

} // namespace haul::engine
