// SPDX-License-Identifier: MIT
#pragma once

#include <haul/engine.h>
#include <haul/events.h>
#include <haul/storekey.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace haul::engine {

// Session: the engine that runs in this process (the local implementation of Engine, engine.h;
// the value types SessionOptions, TransferRequest, Refusal and the callback types are there
// too). Owns one engine thread that owns libcurl (every CURL*/CURLM* call is made there). Every
// public function is thread-safe and may be called from any thread, including from inside an
// event callback, unless its comment says otherwise. No function blocks on network or
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
class Session final : public Engine {
public:
    explicit Session(SessionOptions options = {});
    // shutdown(), then waits for calls in progress on other threads to return. Must not be called
    // from inside a callback (a contract violation: it aborts in test builds).
    ~Session() override;
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Creates a transfer in the idle state. Returns 0 and fills *refusal (if given) for a
    // malformed URL, a scheme other than http/https, a malformed checksum, or a group that is
    // closed or unknown; no event follows a refusal.
    TransferId create(const TransferRequest& request, Refusal* refusal = nullptr) override;

    // Creates a group: a handle with no operation of its own whose children are the transfers
    // created with request.group = this id. close(group) closes every child first (each reaches
    // Cancelled, if pending, then Closed) and delivers the group's Closed last (rule 12).
    // start/pause/cancel on a group are refused. Returns 0 when shutting down.
    TransferId createGroup();

    // Starts (or resumes, from the bytes recorded in NAME.part) an operation. Refused when
    // an operation is already pending, the transfer completed, or the id is closed/unknown.
    // Accepted: zero or more informational events, then exactly one completion.
    bool start(TransferId id) override;

    // Starts a download now, past the queue's limit (maxConcurrent): a queued one leaves the
    // queue at once; one with nothing pending begins an operation (as start()) and does not
    // wait in the queue. Until that operation ends (its completion) the download does not count
    // against the limit, so the others queue as if it were not there, and lowering the limit
    // never requeues it; a later start() is an ordinary one. Accepted for a running download
    // (it only stops counting). Refused when the transfer completed, for a group, or for a
    // closed/unknown id. Accepted for a pending one whose completion then wins the race: no
    // event (its completion already came).
    bool forceStart(TransferId id) override;

    // Ends a pending operation with Paused, keeping the .part. Refused when nothing is pending.
    bool pause(TransferId id) override;

    // Any number of times, any state, never blocking. A pending operation (queued, resolving,
    // connecting, TLS, headers, body) ends with Cancelled, unless its Completed/Failed already
    // won the race. With nothing pending (idle, paused, finished) it is accepted and produces
    // no event: the last operation's completion already came. The .part file is kept.
    bool cancel(TransferId id) override;

    // Idempotent. A pending operation first ends with Cancelled; then exactly one Closed is
    // delivered and nothing ever after for this id. Returns false when already closed/unknown.
    bool close(TransferId id) override;

    // Removes a download: the engine owns the download list, and this is the one call that
    // takes a download out of it. As close(): the handle is closed at once for every caller, a
    // pending operation first ends with Cancelled, then exactly one Closed, nothing after it.
    // Before that Closed is delivered (so a callback reacting to it, or a restart, sees it
    // done):
    //   - the record is forgotten in the store (storePath), by the store writer after every
    //     write the transfer queued, so no late checkpoint brings it back;
    //   - with options.deleteFiles, its files are deleted, off the engine thread (the store
    //     writer; the I/O pool without a store): NAME.part, and the file under its final name
    //     when the download finished (also in an earlier run, as its record says). Only
    //     regular files: a symbolic link is never followed, nor deleted. A name another record
    //     of the list or another open transfer of this session names is that one's: its files
    //     stay. A failure to delete is silent (nothing to report it to after Closed).
    //     The files are deleted only after every I/O job of the transfer ended (a small
    //     download being written out whole, a hash): a job that goes on after the close (and
    //     publishes the file, or writes the .part) is waited for by no thread; the one that
    //     ends it does the deletion, so Closed comes after the job, never before.
    // Without deleteFiles the files stay (the .part for a later download of the same name).
    // A download created while a removal is under way (the same address added again at once)
    // begins once the removal is done, so it never adopts the record being forgotten, nor
    // loses its files to it; its calls are accepted meanwhile and take effect in order.
    // A download restored from the list and never started is removed the same way once it
    // has a transfer (create() with its storeKey). Refused (false, no event) for a closed or
    // unknown id, a group (it has no record: close() it) and a group's child (it closes with
    // its group, before the group's Closed).
    bool remove(TransferId id, RemoveOptions options = {}) override;
    // Forgets the record storeKey of the download list when no transfer of this session holds
    // it: for a record the caller never gives to the engine (the GUI's row whose folder was
    // refused). Through the store writer, in order with its other writes; no event. false
    // without a store (also before the engine thread opened it), for 0, when shutting down, or
    // when a transfer holds the key, from the moment create() with that storeKey returned
    // (remove() that one). Once accepted (and once remove() of the transfer holding it was),
    // create() with that storeKey is refused (its record is going): nothing continues it.
    bool forgetRecord(StoreKey key) override;

    // Speed limits in bytes per second (0 = none), for one transfer or for all together;
    // they apply at once, also to running transfers. false for a closed/unknown id.
    bool setRateLimit(TransferId id, std::int64_t bytesPerSecond) override;
    void setGlobalRateLimit(std::int64_t bytesPerSecond) override;

    // Changes the settings while running: downloads at once at once (lowered: the running
    // downloads started last go back to the front of the queue, each with Requeued, keeping
    // their bytes, until no more than the limit run; forced ones stay), connections and
    // retries for operations that start from now on, the global speed limit and the proxy at once
    // for new connections; connections for downloads created from now on. storePath and
    // checkpointSeconds keep the values the session started with.
    void updateOptions(const SessionOptions& options) override;

    // Moves a queued transfer one place earlier (delta < 0) or later in the queue (and its
    // record in the store's list). false for a closed/unknown id.
    bool moveInQueue(TransferId id, int delta) override;

    // Gives a transfer with nothing pending a new address (an expired link, a mirror). The
    // next start() uses it and keeps the bytes on disk when the server still has the same file
    // (If-Range), else starts over. Refused (with *refusal) for a bad URL or while pending.
    bool setUrl(TransferId id, const std::string& url, Refusal* refusal = nullptr) override;

    // Delivers events whose type is in mask; for every transfer when id is 0, else only for id
    // (such a subscription ends by itself after that transfer's Closed was delivered).
    // Returns 0 when id is given and already closed/unknown.
    // The callback object is destroyed as the class comment says; the module holding its code
    // stays loaded until then. On a refusal (0) it is destroyed before subscribe() returns.
    SubscriptionId subscribe(std::uint32_t mask, EventCallback callback,
                             TransferId id = 0) override;
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
    void unsubscribe(SubscriptionId subscription) override;

    // Stops accepting work, cancels every pending operation, delivers Closed for every handle,
    // joins the engine thread. .part files are kept for a later resume. Idempotent; concurrent
    // callers all return once it is done. Called from inside a callback it cannot join the
    // thread it runs on: it stops accepting work, starts the shutdown and returns at once;
    // ~Session (never from a callback) joins.
    void shutdown() override;

    // The store's key of a transfer's record (0 without a store or before the engine thread
    // recorded it). Engine threads own the record; other programs read it through Store.
    std::int64_t storeKey(TransferId id) const override;

    // Counters for tests and the stress panel (Engine::Stats; Session::Stats names it too).
    Stats stats() const override;

    // The transfer's segment map (Engine::segmentMap): published by the engine thread with each
    // of the transfer's Progress events and state changes, copied out under a leaf mutex.
    std::optional<SegmentMap> segmentMap(TransferId id) const override;

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace haul::engine
