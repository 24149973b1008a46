// SPDX-License-Identifier: MIT
#include "transfer/transferrecord.h"

#include <chrono>

namespace haul::engine {

TransferRecord::TransferRecord(Store* store, StoreWriter* writer) : m_store(store), m_writer(writer)
{
}

FileSink::Claim TransferRecord::claimOf(const TransferRequest& request,
                                        const std::string& fileName) const
{
    // Without a list a .part is resumed as it is; a key names the record, and with it the name.
    if (!m_store || request.recordKey())
        return FileSink::Claim::Ours;
    const auto record = m_store->findByTarget(request.directory, fileName);
    if (!record || record->state == DownloadState::Completed)
        return FileSink::Claim::None;
    // Found by folder and name: the same command run again (haul-cli) continues its download.
    // Another address that gives the same name is another download, whose record, ranges and
    // .part are not this one's.
    return record->url == request.url ? FileSink::Claim::Ours : FileSink::Claim::Another;
}

std::optional<DownloadRecord> TransferRecord::find(const TransferRequest& request,
                                                   const std::string& fileName)
{
    if (!m_store)
        return std::nullopt;
    std::optional<DownloadRecord> record;
    if (const StoreKey key = request.recordKey()) {
        record = m_store->get(key);
        m_removed = !record; // removed from the list meanwhile: keep it that way
    } else if (claimOf(request, fileName) == FileSink::Claim::Ours) {
        // Not done, and of this address (not another download of the same name): this one's.
        record = m_store->findByTarget(request.directory, fileName);
    }
    if (record) {
        m_record = *record;
        m_key = record->storeKey();
    }
    return record;
}

std::vector<Range> TransferRecord::ranges() const
{
    return exists() ? m_store->ranges(m_key) : std::vector<Range>{};
}

void TransferRecord::add(const DownloadRecord& fresh)
{
    if (!m_store)
        return;
    if (const auto key = m_store->addRecord(fresh)) {
        m_key = *key;
        m_record = fresh;
        m_record.key = key->value;
    }
}

void TransferRecord::write(DownloadRecord current)
{
    if (!exists())
        return;
    m_stale = false;
    // The store's own fields stay as the store made them.
    current.key = m_key.value;
    current.createdAtMs = m_record.createdAtMs;
    current.finishedAtMs = m_record.finishedAtMs;
    // As Store::updateProgress keeps it: the moment an operation ended, once; 0 again when
    // it runs anew. A full write must not put back the 0 it started with.
    const bool ended = current.state == DownloadState::Completed
                       || current.state == DownloadState::Failed
                       || current.state == DownloadState::Cancelled;
    if (!ended) {
        current.finishedAtMs = 0;
    } else if (current.finishedAtMs == 0) {
        current.finishedAtMs = std::chrono::duration_cast<std::chrono::milliseconds>(
                                   std::chrono::system_clock::now().time_since_epoch())
                                   .count();
    }
    current.queuePosition = m_record.queuePosition;
    m_record = std::move(current);
    m_writer->post([r = m_record](Store& store) { store.update(r); });
}

void TransferRecord::writeProgress(std::int64_t bytes, DownloadState state)
{
    if (!exists())
        return;
    m_writer->post(
        [key = m_key, bytes, state](Store& store) { store.updateProgress(key, bytes, state); });
}

bool TransferRecord::checkpointDue(Clock::time_point now, bool force, std::int64_t bytesDone,
                                   int checkpointSeconds)
{
    if (!exists())
        return false;
    // fdatasync costs in proportion to what is not on the device yet: a slow download is made
    // durable every checkpointSeconds, a very fast one (more than 64 MiB since the last
    // checkpoint) every 5 × checkpointSeconds, so the disk is not kept busy flushing. Either
    // way a crash loses at most those last seconds, never correctness.
    const std::int64_t unsynced = bytesDone - m_checkpointedBytes;
    const auto interval =
        std::chrono::seconds(checkpointSeconds) * (unsynced > (std::int64_t{64} << 20) ? 5 : 1);
    if (!force && (now - m_lastCheckpoint < interval || m_syncInFlight->load()))
        return false; // a disk slower than the checkpoints gets fewer of them, not a growing queue
    m_lastCheckpoint = now;
    return true;
}

void TransferRecord::checkpoint(const RangeSet& onDisk, std::int64_t bytesDone, DownloadState state,
                                FileSink& sink, bool force)
{
    if (!exists() || (!force && onDisk.bytes() == m_checkpointedBytes))
        return;
    // The order is the point: bytes reach the device before the record says they are there.
    // The writer thread does both, in that order, so this thread never waits for the disk.
    // A file not open now had nothing written since its last flush.
    const int fd = sink.duplicate();
    if (fd < 0 && sink.isOpen() && !sink.sync()) // no descriptor to spare: flush here
        return;
    auto record = [key = m_key, ranges = onDisk.ranges(), bytesDone, state](Store& store) {
        store.setRanges(key, ranges);
        store.updateProgress(key, bytesDone, state);
    };
    if (fd >= 0) {
        m_syncInFlight->store(true);
        m_writer->postAfterSync(fd, std::move(record),
                                [flag = m_syncInFlight] { flag->store(false); });
    } else {
        m_writer->post(std::move(record));
    }
    m_checkpointedBytes = onDisk.bytes();
}

} // namespace haul::engine
