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
// Callbacks run on the engine thread, never inside libcurl, one at a time, in the order the
// events happened, and never while the engine holds a lock of its own: a callback (and the
// destructor of anything it captured) may call any function here but ~Session.
// A callback must return quickly.
//
// Exceptions: an exception thrown by a callback is caught by the engine, counted
// (Stats::callbackExceptions) and logged to stderr; the event is still delivered to every other
// subscriber, the subscription stays, and the contract's bookkeeping (in-flight counts, "inside
// this callback") stays exact. Do not rely on it: an exception means the callback did not do its
// work for that event.
//
// A callback object's life (rule 6): the EventCallback given to subscribe() is destroyed exactly
// once, with no engine lock held,
//   - by unsubscribe(), on the calling thread, before it returns, when called from outside the
//     callback (and no invocation runs then);
//   - on the engine thread, right after the invocation in progress returned, when unsubscribe()
//     was called from inside the callback, or when the subscription ended by itself after its
//     transfer's Closed was delivered;
//   - by ~Session, on the destroying thread, for subscriptions still live then.
// The shared object (a dlopen'ed module) that holds the callback's code stays loaded until then:
// the engine pins it (dladdr + dlopen(RTLD_NOLOAD)) when subscribing and drops the pin itself
// after the object was destroyed. A module may therefore be dlclose'd at any moment after it
// called unsubscribe(), or after it saw its transfer's Closed, with nothing for it to time. The
// pin is found from the callable's type and representation (a lambda, a functor or a function
// pointer made in the module); a callable made elsewhere that calls into the module should name
// the module's code with subscribe()'s `code` argument.
//
// Calls that return bool return false for a synchronous refusal (unknown or closed id, an
// operation that is not possible in the current state); a refused call produces no event.
//
// Destruction: ~Session waits until calls in progress on other threads have returned (a thread
// still coming back from unsubscribe(), say). A call that begins after ~Session began is a use
// of a destroyed object: the caller must not start one.
class Session {
public:
    explicit Session(SessionOptions options = {});
    // shutdown(), then waits for calls in progress on other threads to return. Must not be called
    // from inside a callback (a contract violation: it aborts in test builds).
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
    // The callback object is destroyed as the class comment says; the module holding its code
    // stays loaded until then. On a refusal (0) it is destroyed before subscribe() returns.
    SubscriptionId subscribe(std::uint32_t mask, EventCallback callback, TransferId id = 0);
    // The same, and `code` (a function's address, e.g. a C callback that `callback` calls) names
    // one more shared object to keep loaded while the callback exists.
    SubscriptionId subscribe(std::uint32_t mask, EventCallback callback, TransferId id,
                             const void* code);

    // The transfer's one replaceable callback (what the C API's haul_set_callback is): installs
    // `callback` for the events in mask, or with an empty callback removes it. The callback it
    // replaces is revoked in the same step, so each event goes to exactly one of them. Then it
    // synchronizes as unsubscribe() does, for every callback this transfer's slot held before:
    // from outside those callbacks, when it returns none of them runs or exists, also when
    // other threads set or clear the slot at the same time. false (and the callback destroyed
    // before it returns) when a callback is given for a closed or unknown transfer. The slot
    // ends with the transfer's Closed. `code` as for subscribe().
    bool setCallback(TransferId id, std::uint32_t mask, EventCallback callback,
                     const void* code = nullptr);

    // Synchronizes (rules 5 and 6): called from outside the callback, when it returns no
    // invocation of the callback is running, none will start, and the callback object has been
    // destroyed — however many threads call it, in whatever order, also when the callback
    // already unsubscribed itself or its transfer closed. Called from inside that same callback
    // (or from the destructor of what it captured) it returns at once: the current invocation
    // is the last, and the engine thread destroys the callback after it returned. Idempotent;
    // an unknown or finished id returns at once.
    void unsubscribe(SubscriptionId subscription);

    // Stops accepting work, cancels every pending operation, delivers Closed for every handle,
    // joins the engine thread. .part files are kept for a later resume. Idempotent; concurrent
    // callers all return once it is done. Called from inside a callback it cannot join the
    // thread it runs on: it stops accepting work, starts the shutdown and returns at once;
    // ~Session (never from a callback) joins.
    void shutdown();

    // The store's key of a transfer's record (0 without a store or before the engine thread
    // recorded it). Engine threads own the record; other programs read it through Store.
    std::int64_t storeKey(TransferId id) const;

    // Counters for tests and the stress panel; approximate when read while events flow.
    struct Stats {
        std::uint64_t delivered = 0;          // callback invocations so far
        std::uint64_t inFlight = 0;           // callbacks running right now
        std::uint64_t openHandles = 0;        // created and not yet Closed
        std::uint64_t subscriptions = 0;      // subscribed and not yet destroyed
        std::uint64_t callbackExceptions = 0; // exceptions thrown by callbacks, caught
        std::uint64_t contractViolations = 0; // engine bugs caught by its own checks (all sessions)
    };
    Stats stats() const;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace haul::engine
