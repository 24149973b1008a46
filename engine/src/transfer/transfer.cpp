// SPDX-License-Identifier: MIT
#include "transfer/transfer.h"

#include "session/contractcheck.h"
#include "transfer/failure.h"

#include <haul/recordmapping.h>
#include <haul/url.h>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace haul::engine {

Transfer::Transfer(TransferId id, const TransferRequest& request, const TransferContext& context)
    : m_id(id), m_request(request), m_context(context), m_record(context.store, context.writer)
{
    m_nameFixed = !m_request.fileName.empty();
    const std::string name =
        m_nameFixed ? sanitizeFileName(m_request.fileName) : fileNameFromUrl(m_request.url);
    // Picked and claimed in one step on the engine thread: the name is this transfer's as soon
    // as it is in the session, so a download made right after it never picks it too.
    m_sink.emplace(m_request.directory,
                   FileSink::uniqueName(m_request.directory, name, [this](const std::string& n) {
                       if (heldByAnother(n))
                           return FileSink::Claim::Another;
                       return m_record.claimOf(m_request, n);
                   }));
    // Without a download list a .part written front to back is taken as this download's (that
    // is how it resumes); with one, only its record vouches for it (adoptRecord).
    m_sink->setOurs(!m_record.hasStore());
    m_limit.setRate(m_request.rateLimit);
    if (!m_request.checksum.empty())
        m_checksum = parseChecksum(m_request.checksum);
    if (m_record.hasStore())
        adoptRecord();
}

Transfer::~Transfer()
{
    removeAllSegments();
}

void Transfer::adoptRecord()
{
    std::optional<DownloadRecord> record = m_record.find(m_request, m_sink->fileName());
    if (m_record.removed()) {
        m_sink->setOurs(true); // the caller restores this download, even with no record
        return;                // removed from the list meanwhile: keep it that way, record nothing
    }
    if (record
        && (m_context.observer.keyHeldByAnother(*this, record->storeKey())
            || heldByAnother(record->fileName))) {
        // Another open transfer continues this record, or writes its file (a new download of
        // its name, made before the list's download was restored): its .part and ranges are
        // that one's. Never two writers of one file: this one keeps the free name it picked.
        m_record.letGo();
        if (m_request.recordKey())
            return; // the record is the other's to write: this one records nothing
        record.reset();
    }
    if (!record) {
        DownloadRecord fresh = recordFor(m_request);
        fresh.fileName = m_sink->fileName();
        fresh.state = DownloadState::Paused;
        m_record.add(fresh);
        return;
    }
    // Restored from the list: what the user asked for this download still holds (the
    // certificate exception, its headers). haul-cli finding its .part goes by its own options
    // instead.
    if (m_request.recordKey()) {
        m_request.allowInsecureTls = m_request.allowInsecureTls || record->allowInsecureTls;
        m_request.allowHttpsToHttpRedirect =
            m_request.allowHttpsToHttpRedirect || record->allowHttpsToHttpRedirect;
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
    // Only ranges recorded after an fdatasync are trusted, and only while the .part holds them
    // (a .part removed or cut behind our back is worth nothing).
    const std::int64_t onDisk = m_sink->existingSize();
    for (const auto& [begin, end] : m_record.ranges())
        if (end <= onDisk)
            m_done.add(begin, end);
    if (m_done.empty() && onDisk > 0)
        m_sink->truncate(); // bytes nobody vouches for
    m_record.noteDurable(m_done.bytes());
}

DownloadState Transfer::recordState() const
{
    DownloadState live = DownloadState::Paused;
    switch (m_state) {
    case State::Idle:
    case State::Paused: live = DownloadState::Paused; break;
    case State::Queued: live = DownloadState::Queued; break;
    case State::Active:
    case State::WaitingRetry:
    case State::Verifying:
    case State::Finalizing: live = DownloadState::Running; break;
    case State::Completed: live = DownloadState::Completed; break;
    case State::Failed: live = DownloadState::Failed; break;
    case State::Cancelled: live = DownloadState::Cancelled; break;
    }
    return m_record.recordedState(live);
}

void Transfer::persist()
{
    if (!m_record.exists())
        return;
    DownloadRecord r = recordFor(m_request);
    r.fileName = m_sink->fileName();
    r.state = recordState();
    r.totalSize = m_total;
    r.bytesDone = bytesDone();
    r.etag = m_etag;
    r.lastModified = m_lastModified;
    r.errorText = m_state == State::Failed ? m_error : std::string();
    r.speedLimit = m_limit.rate();
    m_record.write(std::move(r));
}

void Transfer::checkpoint(Clock::time_point now, bool force)
{
    if (!m_record.checkpointDue(now, force, bytesDone(), m_context.options.checkpointSeconds))
        return;
    if (m_record.stale())
        persist(); // what the headers said (size, validators, name), with the first ranges
    RangeSet onDisk = m_done;
    for (auto& s : m_segments) {
        if (!s->flush() && m_fatal.empty())
            m_fatal = m_sink->error();
        onDisk.add(s->start(), s->flushedTo());
    }
    m_record.checkpoint(onDisk, bytesDone(), recordState(), *m_sink, force);
}

bool Transfer::isLegalTransition(State from, State to)
{
    switch (from) {
    case State::Idle: return to == State::Queued;
    case State::Queued:
        return to == State::Active || to == State::Failed || to == State::Paused
               || to == State::Cancelled;
    case State::Active: return to != State::Idle && to != State::Active;
    case State::WaitingRetry:
        return to == State::Active || to == State::Queued || to == State::Paused
               || to == State::Cancelled;
    case State::Verifying:
    case State::Finalizing: return endsOperation(to);
    case State::Paused:
    case State::Failed:
    case State::Cancelled: return to == State::Queued;
    case State::Completed: return false;
    }
    return false;
}

bool Transfer::setState(State next)
{
    HAUL_CHECK(isLegalTransition(m_state, next), return false);
    const State from = m_state;
    m_state = next;
    m_context.observer.transferStateChanged(*this, from, next);
    return true;
}

bool Transfer::isPending() const
{
    return m_state == State::Queued || isRunning();
}

std::int64_t Transfer::bytesDone() const
{
    std::int64_t n = m_done.bytes();
    for (const auto& s : m_segments)
        n += s->position() - s->start();
    return n;
}

void Transfer::emitEvent(EventType type, std::string text, int httpCode, int curlCode)
{
    Event e;
    e.id = m_id;
    e.type = type;
    e.bytes = bytesDone();
    e.total = m_total;
    e.speed = type == Progress ? m_meter.speed() : 0;
    e.httpCode = httpCode;
    e.curlCode = curlCode;
    // Each type's text goes to its own field; the deprecated text keeps its copy.
    if (type == Resolving || type == Redirect)
        e.url = text;
    else if (type == Completed)
        e.file = text;
    else
        e.reason = text;
    e.text = std::move(text);
    m_context.outbox.push_back(std::move(e));
}

bool Transfer::activate()
{
    m_validated = false;
    m_fatal.clear();
    m_restart = false;
    m_note.clear();
    m_retry.reset();
    // What is on disk: the ranges this session recorded, or a .part written front to back.
    const std::int64_t onDisk = m_sink->existingSize();
    if (onDisk < 0) {
        setState(State::Failed);
        emitEvent(Failed, m_sink->error());
        return false;
    }
    if (!m_done.empty() && m_done.ranges().back().second > onDisk)
        m_done.clear(); // the .part was removed or cut behind our back: trust nothing
    if (m_done.empty() && onDisk > 0)
        m_done.add(0, onDisk);
    if (m_done.prefix() > 0 || onDisk > 0)
        m_nameFixed = true; // resuming: the name is the .part's
    setState(State::Active);
    const auto now = Clock::now();
    m_meter.start(now, bytesDone());
    m_record.restartClock(now);
    m_record.writeProgress(bytesDone(), DownloadState::Running);
    emitEvent(Resolving, maskCredentials(m_request.url));

    // The first connection checks that the server still has the same file: it asks for the
    // first missing range (or the whole file), the rest follows once its answer is known.
    const auto holes = m_total >= 0 ? m_done.missing(m_total) : std::vector<RangeSet::Range>{};
    if (m_total >= 0 && holes.empty()) {
        complete();
        return m_state == State::Completed;
    }
    const std::int64_t from = m_total >= 0 ? holes.front().first : m_done.prefix();
    const std::int64_t to =
        (m_total >= 0 && holes.front().second < m_total) ? holes.front().second : -1;
    if (!addSegment(from, to)) {
        fail("Out of memory: cannot start the download.", 0, 0);
        return false;
    }
    return true;
}

void Transfer::setRateLimit(std::int64_t bytesPerSecond)
{
    m_limit.setRate(bytesPerSecond);
    persist();
}

void Transfer::setUrl(const std::string& url)
{
    m_request.url = url;
    m_effectiveUrl.clear();
    persist();
}

void Transfer::stop(EventType completion, bool forShutdown)
{
    if (forShutdown)
        m_record.keepState(recordState());
    ++m_generation;
    m_job.reset();
    if (m_abandoned)
        m_abandoned->store(true);
    removeAllSegments();
    setState(completion == Paused ? State::Paused : State::Cancelled);
    checkpoint(Clock::now(), true);
    m_sink->close();
    persist();
    emitEvent(completion);
}

bool Transfer::requeue()
{
    if (m_state != State::Active && m_state != State::WaitingRetry)
        return false;
    removeAllSegments(); // flushed: their bytes are in m_done
    setState(State::Queued);
    checkpoint(Clock::now(), true);
    m_sink->close();
    persist(); // recorded as queued: a restart queues it again
    emitEvent(Requeued);
    return true;
}

void Transfer::fail(std::string reason, int httpCode, int curlCode)
{
    removeAllSegments();
    m_error = reason;
    setState(State::Failed);
    checkpoint(Clock::now(), true);
    m_sink->close();
    persist();
    emitEvent(Failed, std::move(reason), httpCode, curlCode);
}

void Transfer::failOnDisk(const std::string& reason)
{
    if (!m_sink->outOfSpace()) {
        fail(reason, 0, 0);
        return;
    }
    ++m_generation;
    removeAllSegments();
    setState(State::Paused);
    checkpoint(Clock::now(), true);
    m_sink->close();
    persist();
    emitEvent(Paused, reason);
}

void Transfer::complete()
{
    if (!m_checksum) {
        commit();
        return;
    }
    m_sink->close();
    IoJob job;
    job.partPath = m_sink->partPath();
    job.algorithm = m_checksum->algorithm;
    job.generation = ++m_generation;
    m_job = std::move(job); // taken by the observer as Verifying begins
    setState(State::Verifying);
}

std::optional<IoJob> Transfer::takeIoJob()
{
    std::optional<IoJob> job;
    job.swap(m_job);
    return job;
}

void Transfer::jobDone(unsigned generation, const IoJobResult& result)
{
    if (generation != m_generation)
        return; // cancelled or paused meanwhile
    const auto* failed = std::get_if<IoJobFailed>(&result);
    if (m_state == State::Finalizing) {
        m_abandoned.reset();
        if (failed) {
            failOnDisk(failed->reason);
            return;
        }
        setState(State::Completed);
        persist();
        emitEvent(Completed, m_sink->finalPath());
        return;
    }
    if (m_state != State::Verifying)
        return;
    if (failed) {
        fail(failed->reason, 0, 0);
        return;
    }
    const auto* digest = std::get_if<HashDigest>(&result);
    HAUL_CHECK(digest != nullptr, fail("The checksum could not be computed.", 0, 0); return );
    if (digest->hex == m_checksum->hex) {
        commit();
        return;
    }
    // The bytes are wrong: keep nothing under the final name, and nothing to resume from.
    m_done.clear();
    m_sink->truncate();
    ::unlink(m_sink->partPath().c_str());
    fail("Checksum mismatch: expected " + m_checksum->algorithm + " " + m_checksum->hex + ", got "
             + digest->hex + ". The file was deleted; start the download again.",
         0, 0);
}

bool Transfer::heldByAnother(const std::string& fileName) const
{
    return m_context.observer.nameHeldByAnother(*this, m_request.directory, fileName);
}

FileSink::Claim Transfer::othersClaim(const std::string& fileName) const
{
    return heldByAnother(fileName) ? FileSink::Claim::Another : FileSink::Claim::None;
}

void Transfer::commit()
{
    if (!m_sink->commit([this](const std::string& n) { return othersClaim(n); })) {
        fail(m_sink->error(), 0, 0);
        return;
    }
    setState(State::Completed);
    persist(); // the ranges of a completed download are not read again: no need to clear them
    emitEvent(Completed, m_sink->finalPath());
}

void Transfer::restartFromZero(const std::string& why)
{
    // A server whose file is another one on every request (a new ETag or size each time) would
    // have this start over for ever, hundreds of requests a second.
    if (!m_retry.startOver()) {
        fail("The file changed on the server on every attempt ("
                 + std::to_string(m_retry.restarts()) + " restarts); try again later.",
             0, 0);
        return;
    }
    removeAllSegments();
    m_done.clear();
    m_total = -1;
    m_etag.clear();
    m_lastModified.clear();
    if (!m_sink->truncate()) {
        fail(m_sink->error(), 0, 0);
        return;
    }
    m_validated = false;
    m_note = why;
    if (!addSegment(0, -1))
        fail("Out of memory: cannot start the download.", 0, 0);
}

bool Transfer::retryLater(const std::string& reason, const ResponseInfo& response)
{
    const int maxRetries = m_context.options.maxRetries;
    const auto delay =
        m_retry.scheduleRetry(bytesDone(), maxRetries, m_context.options.retryBaseDelayMs,
                              parseRetryAfter(response.retryAfter));
    if (!delay)
        return false;
    removeAllSegments();
    setState(State::WaitingRetry);
    char when[32];
    std::snprintf(when, sizeof when, "%.1f s", static_cast<double>(delay->count()) / 1000.0);
    emitEvent(Retrying, reason + " Retrying in " + when + " (attempt "
                            + std::to_string(m_retry.attempts()) + " of "
                            + std::to_string(maxRetries) + ").");
    return true;
}

void Transfer::pump(Clock::time_point now)
{
    m_limit.refill(now);
    if (m_state == State::WaitingRetry) {
        if (now < m_retry.retryAt())
            return;
        setState(State::Active);
        m_validated = false;
        const auto holes = m_total >= 0 ? m_done.missing(m_total) : std::vector<RangeSet::Range>{};
        const std::int64_t from =
            m_total >= 0 && !holes.empty() ? holes.front().first : m_done.prefix();
        const std::int64_t to = (m_total >= 0 && !holes.empty() && holes.front().second < m_total)
                                    ? holes.front().second
                                    : -1;
        if (!addSegment(from, to))
            fail("Out of memory: cannot restart the download.", 0, 0);
        return;
    }
    if (m_state != State::Active)
        return;
    if (m_wantPreallocate) {
        m_wantPreallocate = false;
        // With the ranges on record, the whole file can be reserved at once; without a
        // record a preallocated .part could not be told from a finished one.
        if (m_record.hasStore() && m_request.connections > 1 && m_total > 0 && m_done.empty()
            && !m_sink->preallocate(m_total)) {
            failOnDisk(m_sink->error()); // a full disk shows at once
            return;
        }
    }
    checkpoint(now, false);
    // Connections held back by a limit resume in turn, each pump starting one further on, until
    // the tokens are spent: the same one first every time would take them all.
    const std::size_t n = m_segments.size();
    std::vector<std::pair<Segment*, CURLcode>> ended;
    for (std::size_t k = 0; k < n && m_limit.canSend() && m_share.canSend(); ++k) {
        Segment& s = *m_segments[(m_resumeFrom + k) % n];
        if (s.pausedForRate()) {
            s.setPausedForRate(false);
            // May call the write callback at once with the data libcurl held back. When that
            // call stops the connection (its range is done, a write failed), libcurl says so
            // here and nowhere else: the connection ends now, not at a timeout.
            if (const CURLcode code = curl_easy_pause(s.easy(), CURLPAUSE_CONT); code != CURLE_OK)
                ended.emplace_back(&s, code);
        }
    }
    if (n > 0)
        m_resumeFrom = (m_resumeFrom + 1) % n;
    for (const auto& [segment, code] : ended) {
        if (m_state != State::Active)
            return;
        segmentDone(segment, code);
    }
    if (m_state != State::Active)
        return;
    openMoreSegments();
}

Transfer::Clock::time_point Transfer::nextWake() const
{
    if (m_state == State::WaitingRetry)
        return m_retry.retryAt();
    // Its share of the session's limit comes with the session's next tick; its own limit's
    // tokens when they accrue.
    for (const auto& s : m_segments)
        if (s->pausedForRate() && !m_limit.canSend())
            return Clock::now() + m_limit.wait();
    return Clock::time_point::max();
}

bool Transfer::reportProgress(Clock::time_point now)
{
    if (m_state != State::Active || !m_meter.sample(now, bytesDone()))
        return false;
    for (const auto& s : m_segments)
        s->meter().sample(now, s->position() - s->start());
    emitEvent(Progress);
    return true;
}

SegmentMap Transfer::segmentMap() const
{
    SegmentMap map;
    map.total = m_total;
    RangeSet done = m_done;
    map.connections.reserve(m_segments.size());
    for (const auto& s : m_segments) {
        done.add(s->start(), s->position());
        const std::int64_t end = s->end() >= 0 ? s->end() : m_total;
        map.connections.push_back({s->start(), end, s->position(), s->meter().speed()});
    }
    map.done.reserve(done.ranges().size());
    for (const auto& [begin, end] : done.ranges())
        map.done.push_back({begin, end});
    return map;
}

} // namespace haul::engine
