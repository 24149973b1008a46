// SPDX-License-Identifier: MIT
#include "transfer/transfer.h"

namespace haul::engine {

void Transfer::adoptRecord()
{
    std::optional<DownloadRecord> record;
    if (m_request.storeKey != 0) {
        record = m_store->get(m_request.storeKey);
        if (!record) {
            m_sink->setOurs(true); // the caller restores this download, even with no record
            return; // removed from the list meanwhile: keep it that way, record nothing
        }
    } else if (claimOf(m_sink->fileName()) == FileSink::Claim::Ours) {
        // Not done, and of this address (not another download of the same name): this one's.
        record = m_store->findByTarget(m_request.directory, m_sink->fileName());
    }
    if (record) {
        m_record = *record;
        m_key = record->key;
        // Restored from the list: what the user asked for this download still holds (the
        // certificate exception, its headers). haul-cli finding its .part goes by its own
        // options instead.
        if (m_request.storeKey != 0) {
            m_request.allowInsecureTls = m_request.allowInsecureTls || record->allowInsecureTls;
            m_request.allowHttpsToHttpRedirect
                = m_request.allowHttpsToHttpRedirect || record->allowHttpsToHttpRedirect;
            if (m_request.maxSize == 0)
                m_request.maxSize = record->maxSize;
            if (m_request.headers.empty())
                m_request.headers = record->headers;
        }
        m_sink->setFileName(record->fileName, true); // its .part is this download's
        m_nameFixed = true;
        m_total = record->totalSize;
        m_etag = record->etag;
        m_lastModified = record->lastModified;
        // Only ranges recorded after an fdatasync are trusted, and only while the .part holds
        // them (a .part removed or cut behind our back is worth nothing).
        const std::int64_t onDisk = m_sink->existingSize();
        for (const auto& [begin, end] : m_store->ranges(m_key))
            if (end <= onDisk)
                m_done.add(begin, end);
        if (m_done.empty() && onDisk > 0)
            m_sink->truncate(); // bytes nobody vouches for
        m_checkpointedBytes = m_done.bytes();
        return;
    }
    DownloadRecord fresh;
    fresh.url = m_request.url;
    fresh.directory = m_request.directory;
    fresh.fileName = m_sink->fileName();
    fresh.state = DownloadState::Paused;
    fresh.connections = std::max(1, m_request.connections);
    fresh.speedLimit = m_request.rateLimit;
    fresh.checksum = m_request.checksum;
    fresh.allowInsecureTls = m_request.allowInsecureTls;
    fresh.headers = m_request.headers;
    fresh.allowHttpsToHttpRedirect = m_request.allowHttpsToHttpRedirect;
    fresh.maxSize = m_request.maxSize;
    if (auto key = m_store->add(fresh)) {
        m_key = *key;
        m_record = fresh;
        m_record.key = *key;
    }
}

FileSink::Claim Transfer::claimOf(const std::string& fileName)
{
    // Without a list a .part is resumed as it is; a key names the record, and with it the name.
    if (!m_store || m_request.storeKey != 0)
        return FileSink::Claim::Ours;
    const auto record = m_store->findByTarget(m_request.directory, fileName);
    if (!record || record->state == DownloadState::Completed)
        return FileSink::Claim::None;
    // Found by folder and name: the same command run again (haul-cli) continues its download.
    // Another address that gives the same name is another download, whose record, ranges and
    // .part are not this one's.
    return record->url == m_request.url ? FileSink::Claim::Ours : FileSink::Claim::Another;
}

DownloadState Transfer::recordState() const
{
    if (m_recordStateOverride)
        return *m_recordStateOverride;
    switch (m_state) {
    case State::Idle:
    case State::Paused: return DownloadState::Paused;
    case State::Queued: return DownloadState::Queued;
    case State::Active:
    case State::WaitingRetry:
    case State::Verifying:
    case State::Finalizing: return DownloadState::Running;
    case State::Completed: return DownloadState::Completed;
    case State::Failed: return DownloadState::Failed;
    case State::Cancelled: return DownloadState::Cancelled;
    }
    return DownloadState::Paused;
}

void Transfer::persist()
{
    if (!m_store || m_key == 0)
        return;
    m_wantPersist = false;
    DownloadRecord& r = m_record;
    r.url = m_request.url;
    r.fileName = m_sink->fileName();
    r.state = recordState();
    r.totalSize = m_total;
    r.bytesDone = bytesDone();
    r.etag = m_etag;
    r.lastModified = m_lastModified;
    r.errorText = m_state == State::Failed ? m_error : std::string();
    r.speedLimit = m_limit.rate();
    r.allowInsecureTls = m_request.allowInsecureTls;
    r.headers = m_request.headers;
    r.allowHttpsToHttpRedirect = m_request.allowHttpsToHttpRedirect;
    r.maxSize = m_request.maxSize;
    m_writer->post([r](Store& store) { store.update(r); });
}

void Transfer::checkpoint(Clock::time_point now, bool force)
{
    if (!m_store || m_key == 0)
        return;
    // fdatasync costs in proportion to what is not on the device yet: a slow download is made
    // durable every checkpointSeconds, a very fast one (more than 64 MiB since the last
    // checkpoint) every 5 × checkpointSeconds, so the disk is not kept busy flushing. Either
    // way a crash loses at most those last seconds, never correctness.
    const std::int64_t unsynced = bytesDone() - m_checkpointedBytes;
    const auto interval = std::chrono::seconds(m_options.checkpointSeconds)
        * (unsynced > (std::int64_t{64} << 20) ? 5 : 1);
    if (!force && (now - m_lastCheckpoint < interval || m_syncInFlight->load()))
        return; // a disk slower than the checkpoints gets fewer of them, not a growing queue
    m_lastCheckpoint = now;
    if (m_wantPersist)
        persist(); // what the headers said (size, validators, name), with the first ranges
    RangeSet onDisk = m_done;
    for (auto& s : m_segments) {
        if (!s->flush() && m_fatal.empty())
            m_fatal = m_sink->error();
        onDisk.add(s->start(), s->flushedTo());
    }
    if (!force && onDisk.bytes() == m_checkpointedBytes)
        return;
    // The order is the point: bytes reach the device before the record says they are there.
    // The writer thread does both, in that order, so this thread never waits for the disk.
    // A file not open now had nothing written since its last flush.
    const int fd = m_sink->duplicate();
    if (fd < 0 && m_sink->isOpen() && !m_sink->sync()) // no descriptor to spare: flush here
        return;
    auto record = [key = m_key, ranges = onDisk.ranges(), bytes = bytesDone(),
                   state = recordState()](Store& store) {
        store.setRanges(key, ranges);
        store.updateProgress(key, bytes, state);
    };
    if (fd >= 0) {
        m_syncInFlight->store(true);
        m_writer->postAfterSync(fd, std::move(record), [flag = m_syncInFlight] { flag->store(false); });
    } else {
        m_writer->post(std::move(record));
    }
    m_checkpointedBytes = onDisk.bytes();
}

} // namespace haul::engine
