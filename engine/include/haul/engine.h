// SPDX-License-Identifier: MIT
#pragma once

#include <haul/events.h>
#include <haul/segmentmap.h>
#include <haul/storekey.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace haul::engine {

struct SessionOptions {
    int maxConcurrent = 8;              // downloads on the network at once; the rest wait queued
                                        // (one being verified or written out frees its place)
    int connections = 1;                // default connections per transfer
    std::int64_t rateLimit = 0;         // bytes/s for all transfers together; 0 = none
    int maxRetries = 5;                 // transient failures retried per operation
    long retryBaseDelayMs = 1000;       // first retry delay; doubles, with jitter
    long lowSpeedLimit = 1;             // bytes/s; below this for lowSpeedTime seconds fails
    long lowSpeedTime = 60;             // seconds; 0 disables the low-speed timeout
    long connectTimeoutMs = 30000;      //
    std::string userAgent = "Haul/0.1"; //
    std::string proxy;                  // libcurl proxy syntax, e.g. http://host:3128
    // The SQLite file that records every download and the byte ranges safely on disk (see
    // store.h); empty = nothing is recorded and only a .part written front to back resumes.
    std::string storePath;
    int checkpointSeconds = 1; // how often ranges are made durable (fdatasync + record)
    // Bytes a download may have, for those whose request sets none; 0 = no limit. A length
    // announced above it fails at once, a body without one fails when it grows past it.
    std::int64_t maxFileSize = 0;
};

struct TransferRequest {
    std::string url;
    std::string directory = ".";   // where the file goes
    std::string fileName;          // empty: the server's name (Content-Disposition) or the URL's
    TransferId group = 0;          // a group from createGroup(); closing it closes this first
    int connections = 0;           // 0: the session's default
    std::int64_t rateLimit = 0;    // bytes/s for this transfer; 0 = none
    std::int64_t maxSize = 0;      // bytes the file may have; 0 = the session's maxFileSize
    std::string checksum;          // "sha-256=HEX" (also sha-1, sha-512, md5): verified before
                                   // the file gets its name; a mismatch fails and keeps no file
    bool allowInsecureTls = false; // accept a certificate that cannot be verified (self-signed):
                                   // only when the user asked for it, for this download
    bool allowHttpsToHttpRedirect = false; // follow a redirect from https:// to http://
                                           // (refused by default: it would send the request,
                                           // and what comes back, in clear text)
    std::vector<std::string> headers; // extra request lines "Name: value" (a cookie, a referer,
                                      // a user agent) on every connection to the origin of url
                                      // (never to another one a redirect leads to); create()
                                      // refuses a malformed one and Range / If-Range (Haul's own)
    std::string netrcFile;            // a .netrc file to take the login for each server from
                                      // (curl's --netrc-file); empty = none. A login in url wins.
    std::int64_t storeKey = 0;        // the store's record to continue (a restored download); 0 =
                                      // find it by directory and file name, or record a new one

    StoreKey recordKey() const { return StoreKey{storeKey}; } // storeKey, as its own type
    void setRecordKey(StoreKey key) { storeKey = key.value; }
};

// How a request was refused synchronously. A refused call produces no event (rule 2).
struct Refusal {
    std::string message; // a sentence for the user: what is wrong and what to do
};

// What remove() does besides closing the download and forgetting its record.
struct RemoveOptions {
    bool deleteFiles = false; // also its NAME.part and, once finished, the file itself
};

using SubscriptionId = std::uint64_t;
using EventCallback = std::function<void(const Event&)>;

// Engine: what a front end (the GUI's EngineClient) needs of a download engine, so that it does
// not care whether the engine runs in this process (Session, session.h) or elsewhere (a remote
// engine behind an RPC client). The contract is Session's: session.h states it in full (threads,
// callbacks, the event rules of docs/ARCHITECTURE.md section 4); the comments here are its
// summary, and every implementation keeps all of it. In short:
//   - every function is thread-safe, may be called from inside an event callback, and never
//     blocks on network or disk I/O (only unsubscribe() may wait, for a callback running on
//     another thread);
//   - a call that returns false or 0 was refused synchronously, and no event follows it;
//   - callbacks run one at a time, in the order the events happened, never under a lock of the
//     engine's; every accepted operation ends in exactly one completion; Closed is last.
// Destroying an engine shuts it down (shutdown()) and must not happen inside a callback.
class Engine {
public:
    virtual ~Engine() = default;
    Engine(const Engine&) = delete;
    Engine& operator=(const Engine&) = delete;

    // Counters for tests and the stress panel; approximate when read while events flow.
    struct Stats {
        std::uint64_t delivered = 0;          // callback invocations so far
        std::uint64_t inFlight = 0;           // callbacks running right now
        std::uint64_t openHandles = 0;        // created and not yet Closed
        std::uint64_t subscriptions = 0;      // subscribed and not yet destroyed
        std::uint64_t callbackExceptions = 0; // exceptions thrown by callbacks, caught
        std::uint64_t contractViolations = 0; // engine bugs caught by its own checks (all sessions)
    };

    // A new transfer, idle; 0 and *refusal (a sentence for the user) when refused.
    virtual TransferId create(const TransferRequest& request, Refusal* refusal = nullptr) = 0;
    // Starts or resumes an operation: informational events, then exactly one completion.
    // Refused while one is pending, once completed, for a closed/unknown id.
    virtual bool start(TransferId id) = 0;
    // start(), past the queue's limit: a queued, paused, failed or cancelled download begins
    // now, however many run. Until its operation ends it does not count against "downloads at
    // once" and lowering that never sends it back to the queue. Refused once completed, for a
    // closed/unknown id.
    virtual bool forceStart(TransferId id) = 0;
    // Ends a pending operation with Paused, keeping the bytes. Refused when nothing is pending.
    virtual bool pause(TransferId id) = 0;
    // Any state, idempotent: a pending operation ends with Cancelled (unless its completion
    // already won); with nothing pending, no event. The bytes are kept.
    virtual bool cancel(TransferId id) = 0;
    // Idempotent: a pending operation ends with Cancelled, then exactly one Closed, and nothing
    // after it for this id. false when already closed/unknown.
    virtual bool close(TransferId id) = 0;
    // close(), and the download leaves the download list for good: its record is forgotten
    // (and with options.deleteFiles its files are deleted) before its Closed is delivered.
    // false as for close(), and for a group or a group's child.
    virtual bool remove(TransferId id, RemoveOptions options = {}) = 0;
    // Forgets a record of the download list that no transfer holds (a restored download that
    // never got one). false without a list, for 0, or when a transfer holds it (remove() that).
    virtual bool forgetRecord(StoreKey key) = 0;
    // Bytes per second (0 = none), for one transfer or for all; at once, also while running.
    virtual bool setRateLimit(TransferId id, std::int64_t bytesPerSecond) = 0;
    virtual void setGlobalRateLimit(std::int64_t bytesPerSecond) = 0;
    // The settings that can change while running (session.h says which take effect when).
    virtual void updateOptions(const SessionOptions& options) = 0;
    // One place earlier (delta < 0) or later in the queue, and in the download list.
    virtual bool moveInQueue(TransferId id, int delta) = 0;
    // A new address for a transfer with nothing pending; *refusal for a bad URL or while pending.
    virtual bool setUrl(TransferId id, const std::string& url, Refusal* refusal = nullptr) = 0;
    // Events whose type is in mask, for every transfer (id 0) or for one (ending by itself after
    // its Closed); 0 for a closed/unknown id (the callback then destroyed before it returns).
    virtual SubscriptionId subscribe(std::uint32_t mask, EventCallback callback,
                                     TransferId id = 0) = 0;
    // From outside the callback: when it returns the callback neither runs nor exists. From
    // inside it: returns at once, the current invocation is the last. Idempotent.
    virtual void unsubscribe(SubscriptionId subscription) = 0;
    // Stops accepting work, cancels what is pending, Closed for every handle, then returns;
    // the bytes are kept for a later resume. Idempotent.
    virtual void shutdown() = 0;
    // The download list's key of the transfer's record; 0 without a list or until recorded.
    virtual std::int64_t storeKey(TransferId id) const = 0;
    // The same, as its own type (storekey.h).
    StoreKey recordKey(TransferId id) const { return StoreKey{storeKey(id)}; }
    virtual Stats stats() const = 0;
    // Which bytes of the transfer are there and what each connection fetches (segmentmap.h), as
    // of its last Progress or state change; nullopt for an unknown id or a group, until the
    // engine thread made the transfer, and from close() on. Any thread, a callback too: a copy.
    virtual std::optional<SegmentMap> segmentMap(TransferId id) const = 0;

protected:
    Engine() = default;
};

// The engine that runs in this process (a Session, session.h), for a front end that wants one
// without naming Session: EngineClient's default.
std::unique_ptr<Engine> makeLocalEngine(const SessionOptions& options);

} // namespace haul::engine
