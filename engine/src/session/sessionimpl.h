// SPDX-License-Identifier: MIT
#pragma once

#include "io/iojob.h"
#include "io/iopool.h"
#include "io/poller.h"
#include "session/callbackbridge.h"
#include "session/commands.h"
#include "session/contractcheck.h"
#include "session/contractmonitor.h"
#include "store/storewriter.h"
#include "transfer/fairshare.h"
#include "transfer/tokenbucket.h"
#include "transfer/transfer.h"
#include <haul/session.h>
#include <haul/store.h>

#include <curl/curl.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace haul::engine {

// Session's implementation, in two halves: session.cpp holds what any thread may call (checks
// against the handle registry under m_mutex, then a command queued for the engine thread), and
// sessionloop.cpp what only the engine thread does (the loop, the commands, the transfers and
// their queue, delivering events). It observes its transfers: every state change of one updates
// the queue, the running set and the handle registry (transferStateChanged), nowhere else.
class Session::Impl final : private TransferObserver {
public:
    explicit Impl(SessionOptions options);
    ~Impl();

    // --- any thread ---
    TransferId create(const TransferRequest& request, Refusal* refusal);
    TransferId createGroup();
    bool start(TransferId id);
    bool forceStart(TransferId id);
    bool pause(TransferId id);
    bool cancel(TransferId id);
    bool close(TransferId id);
    bool remove(TransferId id, const RemoveOptions& options);
    bool forgetRecord(StoreKey key);
    bool setRateLimit(TransferId id, std::int64_t rate);
    void setGlobalRateLimit(std::int64_t rate);
    void updateOptions(const SessionOptions& options);
    bool moveInQueue(TransferId id, int delta);
    bool setUrl(TransferId id, const std::string& url, Refusal* refusal);
    SubscriptionId subscribe(std::uint32_t mask, EventCallback cb, TransferId id, const void* code);
    bool setCallback(TransferId id, std::uint32_t mask, EventCallback cb, const void* code);
    void unsubscribe(SubscriptionId s) { m_bridge.unsubscribe(s); }
    void shutdown();
    Stats stats() const;
    StoreKey recordKey(TransferId id) const;
    std::optional<SegmentMap> segmentMap(TransferId id) const;

    // Counts a public call while it runs, so that destruction waits for the calls in progress
    // (Session's forwarding functions hold one each). The decrement is the call's last touch of
    // the session.
    class CallGuard {
    public:
        explicit CallGuard(const Impl& impl) : m_calls(impl.m_calls)
        {
            m_calls.fetch_add(1, std::memory_order_acq_rel);
        }
        ~CallGuard() { m_calls.fetch_sub(1, std::memory_order_release); }
        CallGuard(const CallGuard&) = delete;
        CallGuard& operator=(const CallGuard&) = delete;

    private:
        std::atomic<int>& m_calls;
    };

private:
    // What other threads may know of a transfer, guarded by m_mutex. The engine thread updates
    // it when the transfer's operation ends (transferStateChanged) or the handle closes
    // (queueClosed), before that completion is delivered, so a callback reacting to a
    // completion can start the next operation at once.
    struct Handle {
        bool pending = false;
        bool completed = false;
        bool closed = false;
        bool isGroup = false;
        StoreKey storeKey;
        StoreKey requestedKey; // create()'s request.storeKey: the record it continues
        TransferId group = 0;
        std::vector<TransferId> children; // groups only: open children
        // remove(): the Close also forgets the record (and deletes the files); `removed` once
        // that was done off the engine thread, which then queues RemovalDone for Closed.
        bool removing = false;
        bool deleteFiles = false;
        bool removed = false;
    };
    // The I/O jobs of one transfer not yet ended (submitted: queued or running). A removal
    // deletes the files only once none is left: a Finalize job may still publish the file under
    // its final name, or write the .part. Never waited on: whenIdle() runs `then` at once, or
    // the job that ends last runs it on its pool thread. The pool never waits for anything.
    class JobFence {
    public:
        void begin();
        void end(bool publishedFinal); // a Finalize job wrote the file under its final name
        void whenIdle(std::function<void(bool publishedFinal)> then);
        void abandon() { m_abandoned.store(true); } // removed: a hash may stop at once
        bool abandoned() const { return m_abandoned.load(); }

    private:
        std::mutex m_mutex;
        int m_running = 0;
        bool m_publishedFinal = false;
        std::vector<std::function<void(bool)>> m_then;
        std::atomic<bool> m_abandoned{false};
    };
    // What remove() does once the transfer is gone (taken from it while it still exists).
    struct Removal {
        TransferId id = 0;
        StoreKey storeKey;
        bool deleteFiles = false;
        bool completed = false; // the file under its final name is this download's
        std::string directory;  // the files' folder and final name, for deleteFiles
        std::string fileName;
        std::shared_ptr<JobFence> jobs; // its I/O jobs, if it ever had one
    };
    bool enqueue(Command c); // m_mutex held by the caller

    // --- engine thread ---
    void run();
    void execute(Command& c); // the command's handler (or parked, below)
    bool park(Command& c);    // true: c waits in m_parked for the removals under way
    void replayParked();      // no removal under way any more: the parked commands, in order
    // One handler per command (commands.h).
    void handle(cmd::Create& c);
    void handle(const cmd::CreateGroup& c);
    void handle(const cmd::Start& c);
    void handle(const cmd::ForceStart& c);
    void handle(const cmd::Pause& c);
    void handle(const cmd::Cancel& c);
    void handle(const cmd::Close& c);
    void handle(const cmd::SetRate& c);
    void handle(const cmd::SetGlobalRate& c);
    void handle(const cmd::SetUrl& c);
    void handle(const cmd::SetOptions& c);
    void handle(const cmd::MoveInQueue& c);
    void handle(const cmd::JobDone& c);
    void handle(const cmd::RemovalDone& c);
    void handle(const cmd::Shutdown& c);
    void stopUnlessWon(TransferId id, EventType completion); // Pause, Cancel
    void activateQueued();
    // The running ones the limit counts: neither writing out nor forced.
    int limitedRunning() const;
    // More of those than maxConcurrent (it was lowered): the ones started last go back to the
    // front of the queue, in their order, keeping their bytes.
    void requeueExcess();
    void stopPending(Transfer& t, EventType completion, bool forShutdown = false);
    // TransferObserver: keeps m_queue, m_running, m_writingOut and the Handle in step with the
    // transfer's state, and submits its I/O job.
    void transferStateChanged(Transfer& t, TransferState from, TransferState to) override;
    bool nameHeldByAnother(const Transfer& asking, const std::string& directory,
                           const std::string& fileName) const override;
    bool keyHeldByAnother(const Transfer& asking, StoreKey key) const override;
    void runJob(const IoPool& pool, TransferId id, const IoJob& job, JobFence& fence); // pool
    void closeTransfer(TransferId id, bool forShutdown = false);
    std::optional<Removal> removalOf(Transfer& t); // t closed by remove(): what to do after
    bool postRemoval(const Removal& r); // false: nothing to do off the thread, Closed at once
    void removalDone(TransferId id);    // writer or pool thread: queues RemovalDone
    void finishRemoval(TransferId id);  // RemovalDone: delivers Closed
    void waitForRemovals();             // shutdown: every removal done
    void closeGroup(TransferId id);
    void queueClosed(TransferId id); // the handle's last event; the Handle goes at once
    // Copies the transfer's segment map into m_maps: with each of its Progress events and
    // state changes only, so an idle transfer costs nothing.
    void publishMap(const Transfer& t);
    void readDone();
    void deliverOutbox();

    void waitForCallsInProgress();
    void beginShutdown(); // stop accepting, queue the Shutdown command; idempotent

    SessionOptions m_options;
    mutable std::atomic<int> m_calls{0}; // public calls in progress (CallGuard)
    ThreadChecker m_engineThread;        // bound by run()
    ContractMonitor m_monitor;           // engine thread only
    CallbackBridge m_bridge;
    std::unique_ptr<Store> m_store;        // engine thread only (opened there)
    std::unique_ptr<StoreWriter> m_writer; // outlives the engine thread's last write

    mutable std::mutex m_mutex;
    std::unordered_map<TransferId, Handle> m_handles;
    std::vector<Command> m_commands;
    TransferId m_nextId = 1;
    bool m_accepting = true;
    bool m_writerOpen = false;  // m_writer exists (it lives until ~Impl): forgetRecord()
    int m_removalsInFlight = 0; // posted by postRemoval(), not yet removalDone()
    // Keys given to forgetRecord(): create() refuses to continue one (its row is going away).
    std::unordered_set<std::int64_t> m_forgotten;
    std::condition_variable m_removalsDone;

    // Each open transfer's segment map as last published (publishMap; erased by closeTransfer),
    // read by segmentMap() on any thread. A leaf lock: nothing is taken or called under it.
    mutable std::mutex m_mapsMutex;
    std::unordered_map<TransferId, SegmentMap> m_maps;

    // Engine thread only (but Poller::wake()).
    CURLM* m_multi = nullptr;
    std::unique_ptr<Poller> m_poller;
    std::chrono::steady_clock::time_point m_nextTick{}; // next look at every running transfer
    std::unordered_map<TransferId, std::unique_ptr<Transfer>> m_transfers;
    std::unordered_map<TransferId, std::vector<TransferId>> m_groups; // group -> children
    std::deque<TransferId> m_queue; // waiting for a free slot, in order: State::Queued
    std::unordered_map<TransferId, Transfer*> m_running; // Transfer::isRunning()
    // The running ones that only write out: they take no place in the queue's limit, so the
    // next download starts while one is hashed or written to disk.
    std::unordered_set<TransferId> m_writingOut;
    // forceStart(): pending operations past the limit; they leave when the operation ends.
    std::unordered_set<TransferId> m_forced;
    // When each running one left the queue (a growing number): the last started are requeued
    // first when the limit is lowered.
    std::unordered_map<TransferId, std::uint64_t> m_startedAt;
    std::uint64_t m_starts = 0;
    // Closed by remove() and gone, waiting for their record and files: Closed comes after.
    std::unordered_set<TransferId> m_removing;
    // Each open transfer's I/O jobs (removal: its files go only after they ended).
    std::unordered_map<TransferId, std::shared_ptr<JobFence>> m_jobs;
    // A Create that comes while a removal is under way waits until none is (a download of the
    // same address and folder would adopt the record being forgotten and lose it, and its
    // files, with it), and so do the later commands of its id, in order. Not a group's child.
    std::vector<Command> m_parked;
    std::unordered_set<TransferId> m_parkedIds;
    GlobalLimit m_globalLimit;
    std::vector<RateShare*> m_shares; // of the running transfers, each tick
    std::vector<Event> m_outbox;
    bool m_exit = false;

    std::unique_ptr<IoPool> m_io; // created and destroyed by the engine thread
    std::thread m_thread;
    std::once_flag m_shutdownOnce;
};

} // namespace haul::engine
