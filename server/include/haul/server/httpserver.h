// SPDX-License-Identifier: MIT
#pragma once

#include <haul/server/content.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace haul::server {

namespace detail {
class ServerState;
}

// What the server answers for one path. Content is generated from seed (see content.h), so a
// resource of several GiB costs no memory. The fault knobs make the server misbehave on purpose
// for tests; the defaults describe a well-behaved server.
//
// Order of decisions for a GET or HEAD of a registered path:
//   1. headerDelayMs elapses;
//   2. request number n (1-based, counted per registration of the path) with n <= failFirstN
//      gets 503 (+ Retry-After when retryAfter is set);
//   3. redirectTo set: 302 (or status, when status is a 3xx) with Location;
//   4. status set: that status with a short text body (+ Retry-After when retryAfter is set);
//   5. otherwise the content: 200, 206 for a satisfiable Range or 416 for an unsatisfiable one;
//      the body of a 200 or 206 to a GET holds at the gate, when gateAfterBytes is set.
// extraHeaders are added to every response of steps 2-5.
struct Resource {
    std::uint64_t size = 0;
    std::uint64_t seed = 0;
    // Bytes per second per connection; 0 = as fast as the socket takes them.
    std::uint64_t rateBytesPerSec = 0;
    // true: "Accept-Ranges: bytes" and single ranges (a-, a-b, -n) are honoured. A Range with
    // several ranges, or a malformed one, is ignored (200), as RFC 9110 allows. If-Range is
    // honoured against etag or lastModified (exact match), else the full body is sent.
    // false: "Accept-Ranges: none" and Range is ignored.
    bool acceptRanges = true;
    std::string contentType = "application/octet-stream";
    std::string contentDisposition; // header value, e.g. attachment; filename="a.iso"; empty = none
    std::string etag;               // header value including quotes, e.g. "\"v1\""; empty = none
    std::string lastModified;       // header value (IMF-fixdate); empty = none

    // Faults. The body faults count bytes of one response's body and fire only when that body
    // is longer than the given count; the smallest configured count wins.
    bool ignoreRange = false; // advertise ranges but answer 200 with the full body anyway
    // Sends N body bytes, waits (up to 2 s) until the client has acknowledged them, then resets
    // the connection (SO_LINGER 0 + close): the client sees exactly N bytes, then ECONNRESET.
    std::optional<std::uint64_t> resetAfterBytes;
    // Sends N body bytes, then nothing until the client disconnects or the server stops.
    std::optional<std::uint64_t> stallAfterBytes;
    // Announces the full length but sends only N body bytes, then closes normally (FIN).
    std::optional<std::uint64_t> shortBodyBytes;
    int status = 0;         // 0 = normal; e.g. 503, 429, 403 (see step 4 above)
    std::string retryAfter; // Retry-After value for steps 2 and 4, e.g. "1"; empty = none
    std::string redirectTo; // Location value (absolute URL or path); empty = no redirect
    std::uint64_t failFirstN = 0;
    unsigned headerDelayMs = 0;
    // > 0: the head of a content response (step 5) goes out one byte at a time, this many ms
    // apart: a server that trickles its headers and never gets to the body in time.
    unsigned headerByteIntervalMs = 0;
    bool chunked = false;                  // Transfer-Encoding: chunked instead of Content-Length
    std::vector<std::string> extraHeaders; // raw lines without CRLF, e.g. "X-Test: 1"

    // A gate, for tests that must act while a response is in progress (on a slow machine it
    // could otherwise end first). The body holds once this many bytes are out (0 = right after
    // the head; a shorter body holds after its last byte, a body fault's count is the limit)
    // until HttpServer::releaseGate(path), until this registration is replaced or removed, the
    // client disconnects or the server stops. An open gate stays open, so a release that comes
    // before a response got there is not lost. A throttled body resumes at its rate, no burst.
    // Per registration, like failFirstN: registering the path again gives it a new, closed gate.
    std::optional<std::uint64_t> gateAfterBytes;
};

struct ServerOptions {
    std::uint16_t port = 0;    // 0 = a free port chosen by the system; see HttpServer::port()
    int maxConnections = 2000; // connections beyond this are accepted and closed at once
    // A connection that waits this long for the next request is reset (RST), like a server that
    // drops idle pooled connections. 0 = idle connections stay open until the client closes
    // them or the server stops.
    unsigned idleResetMs = 0;
    bool keepAlive = true; // false: every response says "Connection: close" and closes
    std::size_t maxLoggedRequests = 10000; // the oldest records are dropped beyond this
};

// One request head as received, for tests that assert what the client asked for.
struct RequestRecord {
    std::uint64_t connectionId = 0; // 1-based, in accept order
    std::string method;
    std::string target;      // as sent, query included
    std::string path;        // target without the query: the key resources are looked up by
    std::string headerBlock; // request line and header lines, CRLF-separated, no final CRLF
    std::vector<std::pair<std::string, std::string>> headers; // in order, values trimmed

    // Value of the first header with this name (case-insensitive), if any.
    std::optional<std::string> header(std::string_view name) const;
};

// A small HTTP/1.1 server on 127.0.0.1 only, for the demo mode and for tests: GET and HEAD of
// registered resources, persistent connections and pipelining, 404 for unknown paths and 405
// for other methods. One thread accepts; each connection has its own thread.
//
// Threads: every member may be called from any thread, concurrently, except that start() and
// stop() serialise with each other. Resources may be added, replaced or removed before or after
// start(); a request uses the registration it found when its head arrived.
// Lifetime: stop() (also run by the destructor) closes the listening socket, wakes every
// connection thread wherever it waits (reading, throttling, stalled, held at a gate, blocked on
// a full socket) and joins them all; it returns within a few milliseconds of the last thread
// noticing. A response held at a gate ends there: its connection is closed. After stop() the
// counters and the request log stay readable. A server starts at most once.
// Nothing throws out of the server's threads; a connection that hits an error is closed.
class HttpServer {
public:
    explicit HttpServer(ServerOptions options = {});
    ~HttpServer();
    HttpServer(const HttpServer&) = delete;
    HttpServer& operator=(const HttpServer&) = delete;

    // Binds 127.0.0.1:options.port and starts accepting. false with a sentence in error() when
    // binding fails or when called a second time.
    bool start();
    // Idempotent; safe before start().
    void stop();
    bool isRunning() const;
    std::string error() const;

    std::uint16_t port() const;                   // 0 before a successful start()
    std::string baseUrl() const;                  // "http://127.0.0.1:PORT"
    std::string url(std::string_view path) const; // baseUrl() + path

    // path is compared byte for byte with the request target minus its query ("/a.bin").
    // Registering a path again replaces its resource and restarts its failFirstN count.
    void addResource(std::string path, Resource resource);
    bool removeResource(const std::string& path);
    void clearResources();

    // Opens the gate of path's registration (see Resource::gateAfterBytes): the responses held
    // there go on, and later ones pass. false when path is not registered or has no gate.
    bool releaseGate(const std::string& path);
    // Responses of path's registration holding at its gate right now (their head and first
    // bytes handed to the socket); 0 for an unknown path. Tests wait for a count before acting.
    int heldAtGate(const std::string& path) const;

    // Requests whose head was parsed (any method, any path).
    std::uint64_t requestCount() const;
    // Requests for one path since the server was created (survives re-registration).
    std::uint64_t requestCount(const std::string& path) const;
    std::uint64_t connectionsAccepted() const;
    int openConnections() const;

    std::vector<RequestRecord> requests() const;
    void clearRequests();
    // The Range header of the latest request for path that had one; nullopt if none did (or
    // its record was dropped from the log).
    std::optional<std::string> lastRangeHeader(const std::string& path) const;

private:
    std::unique_ptr<detail::ServerState> m_state;
};

} // namespace haul::server
