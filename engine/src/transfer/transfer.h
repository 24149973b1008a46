// SPDX-License-Identifier: MIT
#pragma once

#include "io/filesink.h"
#include "io/iojob.h"
#include "io/poller.h"
#include "store/storewriter.h"
#include "transfer/fairshare.h"
#include "transfer/rangeset.h"
#include "transfer/retrypolicy.h"
#include "transfer/segment.h"
#include "transfer/speedmeter.h"
#include "transfer/tokenbucket.h"
#include "transfer/transferobserver.h"
#include "transfer/transferrecord.h"

#include <haul/checksum.h>
#include <haul/events.h>
#include <haul/segmentmap.h>
#include <haul/session.h>
#include <haul/store.h>

#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace haul::engine {

// What every transfer of a session shares, all owned by the session and living as long as it:
// handed to each Transfer at construction. Engine thread only (the writer posts to its thread).
struct TransferContext {
    const SessionOptions& options; // read on each use: updateOptions applies to what comes next
    std::vector<Event>& outbox;    // events wait here until the session delivers them
    TransferObserver& observer;    // told of every state change
    CURLM* multi;
    Poller& poller;
    const GlobalLimit& globalLimit; // its rate; its bytes come through share()
    Store* store;                   // null: no download list
    StoreWriter* writer;            // non-null when store is
};

// One download: its file, the byte ranges already on disk, and the connections (segments) that
// fetch the rest. A large file from a server that supports ranges is split across up to
// `connections` segments; when one finishes, the largest remaining one is split again so every
// connection stays busy to the end.
//
// Engine thread only. Methods named handle* are called by its segments from inside libcurl
// callbacks: they only record and queue events (the outbox), never call libcurl. Every other
// method is called by the engine loop outside libcurl callbacks and may add or remove easy
// handles. Completion events are emitted only by activate(), pump(), segmentDone(), stop() and
// jobDone().
//
// State: changed only by setState(), which refuses a transition not in this table (a contract
// violation: HAUL_CHECK) and tells the TransferObserver (the session) of each one, so its
// queue, its running set and what other threads know follow from that one notification.
// An I/O job (takeIoJob) is ready when Verifying or Finalizing is entered.
//
//   from                        to                      by
//   Idle                        Queued                  setQueued (start)
//   Queued                      Active                  activate
//                               Failed                  activate (the .part cannot be read)
//                               Paused, Cancelled       stop
//   Active                      WaitingRetry            retryLater
//                               Verifying, Finalizing   complete, segmentDone
//                               Completed               commit
//                               Failed                  fail
//                               Paused                  failOnDisk (a full disk), stop
//                               Cancelled               stop
//                               Queued                  requeue (downloads at once lowered)
//   WaitingRetry                Active                  pump (the retry is due)
//                               Paused, Cancelled       stop
//                               Queued                  requeue
//   Verifying                   Completed               jobDone → commit
//                               Failed                  jobDone (mismatch, read error)
//                               Paused, Cancelled       stop
//   Finalizing                  Completed               jobDone
//                               Failed, Paused          jobDone → failOnDisk
//                               Cancelled               stop (close, shutdown)
//   Paused, Failed, Cancelled   Queued                  setQueued (start again)
//   Completed                   (none: a completed download is never started again)
//
// Paused, Completed, Failed and Cancelled end an operation (endsOperation): each is entered
// with its completion event.
//
// Its parts of their own: the record in the download list and its checkpoints (TransferRecord,
// what survives a crash), the retry budget and backoff (RetryPolicy), the speed and progress
// reports (SpeedMeter) and where the next connection goes (SegmentPlanner).
//
// Implemented in three files: transfer.cpp (the operation: states, record, completion, I/O jobs,
// retries), transfersegments.cpp (its connections: opening, removing, and opening more where
// SegmentPlanner says) and transferresponse.cpp (what the connections answer: the handle*
// callbacks, the body admitted, redirects followed, segmentDone).
class Transfer {
public:
    using Clock = std::chrono::steady_clock;
    using State = TransferState;
    enum class Admit { Accept, Pause, Abort };

    Transfer(TransferId id, const TransferRequest& request, const TransferContext& context);
    ~Transfer();
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;

    TransferId id() const { return m_id; }
    State state() const { return m_state; }
    bool isPending() const;
    void setQueued() { setState(State::Queued); }        // an accepted start()
    static bool isLegalTransition(State from, State to); // the table above
    bool isRunning() const
    {
        return m_state == State::Active || m_state == State::WaitingRetry
               || m_state == State::Verifying || m_state == State::Finalizing;
    }
    // Once per job; the answer comes back through jobDone() (a digest for Verify, the file
    // written for Finalize, or either one's failure).
    std::optional<IoJob> takeIoJob();
    void jobDone(unsigned generation, const IoJobResult& result);
    // Pause and cancel wait for nothing here: a download that is being written out has won.
    bool isFinalizing() const { return m_state == State::Finalizing; }
    // Every byte is here; the file is being hashed or written out: no connection left.
    bool isWritingOut() const
    {
        return m_state == State::Verifying || m_state == State::Finalizing;
    }

    // Begins an operation: opens the first connection. false when it already completed
    // (Failed: a disk error).
    bool activate();
    // The engine loop's look, between turns of libcurl: resumes connections held back by a
    // speed limit, opens more connections, starts a due retry.
    void pump(Clock::time_point now);
    // A connection ended (CURLMSG_DONE); its handle is still in the multi handle.
    void segmentDone(Segment* segment, CURLcode code);
    // Ends a pending operation with Paused or Cancelled, keeping every byte received. When the
    // session shuts down, the record keeps saying running (or queued), so the next start
    // resumes it.
    void stop(EventType completion, bool forShutdown = false);
    // Active or WaitingRetry back to Queued, the operation still pending (no completion):
    // the connections close, every byte received is kept and checkpointed, and Requeued is
    // emitted; the next activate() resumes from there. false in any other state.
    bool requeue();
    // true when it queued a Progress (then the segment map is worth publishing again).
    bool reportProgress(Clock::time_point now);
    // What is there and what each connection fetches, now: O(connections + ranges).
    SegmentMap segmentMap() const;
    // Makes what was received durable: buffered bytes written, fdatasync, then the ranges
    // recorded in the store. Every checkpointSeconds while running, and when an operation ends.
    void checkpoint(Clock::time_point now, bool force);
    StoreKey storeKey() const { return m_record.key(); }
    // When the engine should look at this transfer again (speed limit, retry), or max().
    Clock::time_point nextWake() const;

    void setRateLimit(std::int64_t bytesPerSecond);
    // Its part of the session's limit, granted by the session each tick (GlobalLimit).
    RateShare& share() { return m_share; }
    void setUrl(const std::string& url);
    std::int64_t bytesDone() const;
    std::int64_t total() const { return m_total; }

    // --- for segments (inside libcurl callbacks) ---
    const SessionOptions& options() const { return m_context.options; }
    Poller& poller() const { return m_context.poller; }
    FileSink& sink() { return *m_sink; }
    const FileSink& sink() const { return *m_sink; }
    Admit admitData(Segment& segment, std::size_t size);
    void noteWriteError();
    void handleConnecting();
    void handleConnected();
    void handleRedirect(Segment& segment);
    void handleHeaders(Segment& segment);

    void emitEvent(EventType type, std::string text = {}, int httpCode = 0, int curlCode = 0);

private:
    // The only place m_state changes: false (and nothing changed) for an illegal transition.
    bool setState(State next);

    // A connection for [start, end) to url (empty: the user's address, or where its redirects
    // led for the connections after the first), `redirects` hops from the user's address.
    Segment* addSegment(std::int64_t start, std::int64_t end, std::string url = {},
                        int redirects = 0);
    void followRedirect(Segment* segment); // a connection answered 3xx: the next hop, or fail
    static constexpr int kMaxRedirects = 10;
    void removeSegment(Segment* segment); // flushes and records what it fetched
    void removeAllSegments();
    bool openMoreSegments();
    void complete();
    void commit();
    void fail(std::string reason, int httpCode, int curlCode);
    // A disk error: a full disk pauses (resume after freeing space), anything else fails.
    void failOnDisk(const std::string& reason);
    bool retryLater(const std::string& reason, const ResponseInfo& response);
    void restartFromZero(const std::string& why); // fails after RetryPolicy::kMaxRestarts
    // Over the download's maximum size: sets the failure (m_fatal).
    bool exceedsMaxSize(std::int64_t size);
    long receiveBuffer() const;
    void adoptRecord(); // finds or creates this download's record in the store
    // Another open transfer of the session writes fileName (in this one's folder).
    bool heldByAnother(const std::string& fileName) const;
    // Another, or None: for a name picked afresh (nothing to resume under it).
    FileSink::Claim othersClaim(const std::string& fileName) const;
    void persist(); // writes the record (state, sizes, validators, error)
    DownloadState recordState() const;

    TransferId m_id;
    TransferRequest m_request;
    TransferContext m_context;
    TransferRecord m_record;
    std::string m_error;          // the last failure, as recorded
    TokenBucket m_limit;          // its own limit
    RateShare m_share;            // its part of the session's
    std::size_t m_resumeFrom = 0; // the connection resumed first next time: each gets its turn
    std::optional<FileSink> m_sink;
    State m_state = State::Idle;

    RangeSet m_done;           // bytes written by connections that ended
    std::int64_t m_total = -1; // file size, -1 unknown
    std::string m_etag;
    std::string m_lastModified;
    bool m_rangesSupported = false;
    bool m_validated = false; // this operation's first response was checked
    bool m_nameFixed = false; // the file name can no longer change
    bool m_wantPreallocate = false;
    std::string m_effectiveUrl; // after redirects, for the extra connections
    std::string m_note;         // said with HeadersReceived (a restart, say)
    std::vector<std::unique_ptr<Segment>> m_segments;
    std::optional<ChecksumSpec> m_checksum;
    unsigned m_generation = 0;  // a job's answer for an older operation is ignored
    std::optional<IoJob> m_job; // waiting to be taken by the engine
    std::shared_ptr<std::atomic<bool>> m_abandoned;

    std::string m_fatal;    // set inside a callback: the operation fails with this reason
    bool m_restart = false; // set inside a callback: start over from byte 0
    RetryPolicy m_retry;
    SpeedMeter m_meter;
};

} // namespace haul::engine
