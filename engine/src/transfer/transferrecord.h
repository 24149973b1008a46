// SPDX-License-Identifier: MIT
#pragma once

#include "io/filesink.h"
#include "store/storewriter.h"
#include "transfer/rangeset.h"

#include <haul/session.h>
#include <haul/store.h>

#include <atomic>
#include <chrono>
#include <memory>
#include <optional>
#include <string>

namespace haul::engine {

// One download's record in the download list and its checkpoints: what survives a crash.
// It finds the record a download continues (by its key, or by folder and name), adds a new
// one, rewrites it, and makes received ranges durable: bytes flushed and fdatasync'ed by the
// StoreWriter thread before the ranges are recorded. Without a store (or before a record
// exists) every call does nothing.
//
// Owned by one Transfer, engine thread only. It reads the store on the engine thread (finding
// the record, its ranges) and writes only a new record there; every other write is posted to
// the StoreWriter thread. It knows nothing of connections or events: the Transfer hands it the
// values to record.
class TransferRecord {
public:
    using Clock = std::chrono::steady_clock;

    TransferRecord(Store* store, StoreWriter* writer);

    bool hasStore() const { return m_store != nullptr; }
    bool exists() const { return m_store && m_key; } // a record to write to
    StoreKey key() const { return m_key; }

    // Whose the name's record is: without a store, or for a request naming its record, ours.
    FileSink::Claim claimOf(const TransferRequest& request, const std::string& fileName) const;
    // The record this download continues: request.storeKey's, or (unkeyed) the one of its
    // folder and name when claimOf says it is ours. nullopt: none, or a keyed one removed from
    // the list meanwhile (removed() then says so). A found one becomes this download's record.
    std::optional<DownloadRecord> find(const TransferRequest& request, const std::string& fileName);
    bool removed() const { return m_removed; }
    // The found record is not this download's after all (another open transfer continues
    // it): nothing is recorded for this one.
    void letGo()
    {
        m_key = StoreKey{};
        m_record = DownloadRecord{};
    }
    // The ranges recorded for it (only those made durable after an fdatasync).
    std::vector<Range> ranges() const;
    // Records a new download; `fresh` is recordFor(request) with the file's name and state.
    void add(const DownloadRecord& fresh);

    // Rewrites the record: `current` is recordFor(request) with the download's state, name,
    // sizes, validators and error; the store's own fields (key, times, position) are kept.
    void write(DownloadRecord current);
    // The cheap update: bytes and state only.
    void writeProgress(std::int64_t bytes, DownloadState state);
    // The recorded state while shutting down: what it was, so the next start resumes it.
    void keepState(DownloadState state) { m_keptState = state; }
    DownloadState recordedState(DownloadState live) const { return m_keptState.value_or(live); }
    // Headers changed the record inside a libcurl callback: written at the next checkpoint.
    void markStale() { m_stale = true; }
    bool stale() const { return m_stale; }

    // Checkpoints: due every checkpointSeconds (every 5 × when more than 64 MiB are unsynced),
    // never while the previous one is still flushing; always when forced.
    bool checkpointDue(Clock::time_point now, bool force, std::int64_t bytesDone,
                       int checkpointSeconds);
    // Makes `onDisk` durable: the sink's descriptor fdatasync'ed by the writer thread, then
    // the ranges, bytes and state recorded. Nothing when nothing changed (unless forced).
    void checkpoint(const RangeSet& onDisk, std::int64_t bytesDone, DownloadState state,
                    FileSink& sink, bool force);
    void noteDurable(std::int64_t bytes) { m_checkpointedBytes = bytes; } // adopted ranges
    void restartClock(Clock::time_point now) { m_lastCheckpoint = now; }  // an operation begins

private:
    Store* m_store;        // may be null; read here, written through m_writer
    StoreWriter* m_writer; // non-null when m_store is
    StoreKey m_key;
    DownloadRecord m_record; // as last written
    bool m_removed = false;
    bool m_stale = false;
    std::optional<DownloadState> m_keptState; // set while shutting down
    Clock::time_point m_lastCheckpoint{};
    std::int64_t m_checkpointedBytes = 0;
    // The writer thread is still flushing the last checkpoint (shared: it outlives us there).
    std::shared_ptr<std::atomic<bool>> m_syncInFlight = std::make_shared<std::atomic<bool>>(false);
};

} // namespace haul::engine
