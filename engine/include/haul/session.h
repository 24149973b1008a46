// SPDX-License-Identifier: MIT
#pragma once

#include <haul/events.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace haul::engine {

struct SessionOptions {
    int maxConcurrent = 8;               // downloads on the network at once; the rest wait queued
                                         // (one being verified or written out frees its place)
    int connections = 1;                 // default connections per transfer
    std::int64_t rateLimit = 0;          // bytes/s for all transfers together; 0 = none
    int maxRetries = 5;                  // transient failures retried per operation
    long retryBaseDelayMs = 1000;        // first retry delay; doubles, with jitter
    long lowSpeedLimit = 1;              // bytes/s; below this for lowSpeedTime seconds fails
    long lowSpeedTime = 60;              // seconds; 0 disables the low-speed timeout
    long connectTimeoutMs = 30000;       //
    std::string userAgent = "Haul/0.1";  //
    std::string proxy;                   // libcurl proxy syntax, e.g. http://host:3128
    // The SQLite file that records every download and the byte ranges safely on disk (see
    // store.h); empty = nothing is recorded and only a .part written front to back resumes.
    std::string storePath;
    int checkpointSeconds = 1;           // how often ranges are made durable (fdatasync + record)
};

struct TransferRequest {
    std::string url;
    std::string directory = "."; // where the file goes
    std::string fileName;        // empty: the server's name (Content-Disposition) or the URL's
    TransferId group = 0;        // a group from createGroup(); closing it closes this first
    int connections = 0;         // 0: the session's default
    std::int64_t rateLimit = 0;  // bytes/s for this transfer; 0 = none
    std::string checksum;        // "sha-256=HEX" (also sha-1, sha-512, md5): verified before
                                 // the file gets its name; a mismatch fails and keeps no file
    bool allowInsecureTls = false; // accept a certificate that cannot be verified (self-signed):
                                   // only when the user asked for it, for this download
    std::vector<std::string> headers; // extra request lines "Name: value" (a cookie, a referer,
                                      // a user agent) on every connection; create() refuses a
                                      // malformed one and Range / If-Range (Haul's own)
    std::int64_t storeKey = 0;   // the store's record to continue (a restored download); 0 =
                                 // find it by directory and file name, or record a new one
};

// How a request was refused synchronously. A refused call produces no event (rule 2).
struct Refusal {
    std::string message; // a sentence for the user: what is wrong and what to do
};

using SubscriptionId = std::uint64_t;
using EventCallback = std::function<void(const Event&)>;

// Session: the engine. Owns one engine thread that owns libcurl (every CURL*/CURLM* call is made
// there). Every public function is thread-safe and may be called from any thread, including from
// inside an event callback, unless its comment says otherwise. No function blocks on network or
// disk I/O; only unsubscribe() may wait, and only for a callback running on another thread.
//
// Callbacks run on the engine thread, never inside a libcurl callback, one at a time, in the
// order the events happened. A callback must return quickly and must not destroy the Session.
//
// Calls that return bool return false for a synchronous refusal (unknown or closed id, an
// operation that is not possible in the current state); a refused call produces no event.
class Session {
public:
    explicit Session(SessionOptions options = {});
    // Same as shutdown(). Must not be called from inside a callback.
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Creates a transfer in the idle state. Returns 0 and fills *refusal (if given) for a
    // malformed URL, a scheme other than http/https, a malformed checksum, or a group that is
    // closed or unknown; no event follows a refusal.
    TransferId create(const TransferRequest& request, Refusal* refusal = nullptr);

    // Creates a group: a handle with no operation of its own whose children are the transfers
    // created with request.group = this id. close(group) closes every child first (each reaches
    // Cancelled, if pending, then Closed) and delivers the group's Closed last (rule 12).
    // start/pause/cancel on a group are refused. Returns 0 when shutting down.
    TransferId createGroup();

    // Starts (or resumes, from the bytes recorded in NAME.part) an operation. Refused when
    // an operation is already pending, the transfer completed, or the id is closed/unknown.
    // Accepted: zero or more informational events, then exactly one completion.
    bool start(TransferId id);

    // Ends a pending operation with Paused, keeping the .part. Refused when nothing is pending.
    bool pause(TransferId id);

    // Any number of times, any state, never blocking. A pending operation (queued, resolving,
    // connecting, TLS, headers, body) ends with Cancelled, unless its Completed/Failed already
    // won the race. With nothing pending (idle, paused, finished) it is accepted and produces
    // no event: the last operation's completion already came. The .part file is kept.
    bool cancel(TransferId id);

    // Idempotent. A pending operation first ends with Cancelled; then exactly one Closed is
    // delivered and nothing ever after for this id. Returns false when already closed/unknown.
    bool close(TransferId id);

    // Speed limits in bytes per second (0 = none), for one transfer or for all together;
    // they apply at once, also to running transfers. false for a closed/unknown id.
    bool setRateLimit(TransferId id, std::int64_t bytesPerSecond);
    void setGlobalRateLimit(std::int64_t bytesPerSecond);

    // Changes the settings while running: downloads at once, connections and retries for
    // operations that start from now on, the global speed limit and the proxy at once for new
    // connections; connections for downloads created from now on. storePath and
    // checkpointSeconds keep the values the session started with.
    void updateOptions(const SessionOptions& options);

    // Moves a queued transfer one place earlier (delta < 0) or later in the queue (and its
    // record in the store's list). false for a closed/unknown id.
    bool moveInQueue(TransferId id, int delta);

    // Gives a transfer with nothing pending a new address (an expired link, a mirror). The
    // next start() uses it and keeps the bytes on disk when the server still has the same file
    // (If-Range), else starts over. Refused (with *refusal) for a bad URL or while pending.
    bool setUrl(TransferId id, const std::string& url, Refusal* refusal = nullptr);

    // Delivers events whose type is in mask; for every transfer when id is 0, else only for id
    // (such a subscription ends by itself after that transfer's Closed was delivered).
    // Returns 0 when id is given and already closed/unknown.
    SubscriptionId subscribe(std::uint32_t mask, EventCallback callback, TransferId id = 0);

    // Synchronizes (rule 5): when it returns, no invocation of the callback is running and none
    // will start. Called from inside that same callback, it returns at once and the current
    // invocation is the last. Idempotent.
    void unsubscribe(SubscriptionId subscription);

    // Stops accepting work, cancels every pending operation, delivers Closed for every handle,
    // joins the engine thread. .part files are kept for a later resume. Idempotent; must not be
    // called from inside a callback.
    void shutdown();

    // The store's key of a transfer's record (0 without a store or before the engine thread
    // recorded it). Engine threads own the record; other programs read it through Store.
    std::int64_t storeKey(TransferId id) const;

    // Counters for tests and the stress panel; approximate when read while events flow.
    struct Stats {
        std::uint64_t delivered = 0;  // callback invocations so far
        std::uint64_t inFlight = 0;   // callbacks running right now
        std::uint64_t openHandles = 0; // created and not yet Closed
    };
    Stats stats() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace haul::engine
