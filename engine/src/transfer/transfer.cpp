// SPDX-License-Identifier: MIT
#include "transfer/transfer.h"

#include "session/contractcheck.h"
#include "transfer/failure.h"
#include "transfer/redirect.h"

#include <haul/contentdisposition.h>
#include <haul/recordmapping.h>
#include <haul/text.h>
#include <haul/url.h>

#include <algorithm>
#include <cstdio>
#include <unistd.h>

namespace haul::engine {

namespace {

// A range smaller than this is not split again: a new connection would cost more than it saves.
constexpr std::int64_t kMinSplit = 512 * 1024;
// A file smaller than this is fetched over one connection.
constexpr std::int64_t kMinSegmentedSize = 2 * 1024 * 1024;

} // namespace

Transfer::Transfer(TransferId id, const TransferRequest& request, const TransferContext& context)
    : m_id(id)
    , m_request(request)
    , m_context(context)
    , m_record(context.store, context.writer)
{
    m_nameFixed = !m_request.fileName.empty();
    const std::string name = m_nameFixed ? sanitizeFileName(m_request.fileName)
                                         : fileNameFromUrl(m_request.url);
    m_sink.emplace(m_request.directory,
                   FileSink::uniqueName(m_request.directory, name, [this](const std::string& n) {
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

Transfer::~Transfer() { removeAllSegments(); }

void Transfer::adoptRecord()
{
    const std::optional<DownloadRecord> record = m_record.find(m_request, m_sink->fileName());
    if (m_record.removed()) {
        m_sink->setOurs(true); // the caller restores this download, even with no record
        return; // removed from the list meanwhile: keep it that way, record nothing
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
    case State::Active: return to != State::Idle && to != State::Queued && to != State::Active;
    case State::WaitingRetry:
        return to == State::Active || to == State::Paused || to == State::Cancelled;
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

long Transfer::receiveBuffer() const
{
    // Large reads for fast transfers; a slow (limited) one needs no more than a tenth of a
    // second of data at once, and 1,000 of them must stay small.
    const std::int64_t limit = m_limit.limited() ? m_limit.rate() : m_context.globalLimit.rate();
    if (limit > 0)
        return static_cast<long>(std::clamp<std::int64_t>(limit / 10, 16 * 1024, 256 * 1024));
    return m_context.options.maxConcurrent > 64 ? 16 * 1024 : 256 * 1024;
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
    const std::int64_t to = (m_total >= 0 && holes.front().second < m_total) ? holes.front().second : -1;
    if (!addSegment(from, to)) {
        fail("Out of memory: cannot start the download.", 0, 0);
        return false;
    }
    return true;
}

Segment* Transfer::addSegment(std::int64_t start, std::int64_t end, std::string url, int redirects)
{
    auto segment = std::make_unique<Segment>(*this, start, end, receiveBuffer());
    CURL* easy = segment->easy();
    if (!easy)
        return nullptr;
    const bool primary = !m_validated;
    // The first connection starts from the user's address (and follows its redirects); the
    // others ask where those led, once they are known.
    if (url.empty())
        url = !primary && !m_effectiveUrl.empty() ? m_effectiveUrl : m_request.url;
    // The user's headers and login are for the origin the user named, and for no other.
    const bool namedOrigin = sameOrigin(url, m_request.url);
    if (namedOrigin)
        url = withCredentialsOf(url, m_request.url);
    curl_easy_setopt(easy, CURLOPT_URL, url.c_str());
    if (!m_request.netrcFile.empty()) {
        // Looked up by the host each connection goes to: the file says which server gets which
        // login, so a redirect to another host gets that host's (or none).
        curl_easy_setopt(easy, CURLOPT_NETRC, static_cast<long>(CURL_NETRC_OPTIONAL));
        curl_easy_setopt(easy, CURLOPT_NETRC_FILE, m_request.netrcFile.c_str());
    }
    segment->setUrl(std::move(url), redirects);
    const bool probe = start == 0 && end < 0 && m_request.connections > 1 && primary;
    std::string range;
    if (start > 0 || end >= 0 || probe)
        range = std::to_string(start) + "-" + (end >= 0 ? std::to_string(end - 1) : std::string());
    // CURLOPT_RANGE rather than CURLOPT_RESUME_FROM: we judge the answer ourselves (a 200
    // means start over), where libcurl would refuse it as an error.
    curl_easy_setopt(easy, CURLOPT_RANGE, range.empty() ? nullptr : range.c_str());
    if (m_request.allowInsecureTls) {
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYPEER, 0L);
        curl_easy_setopt(easy, CURLOPT_SSL_VERIFYHOST, 0L);
    }
    // If-Range: a server whose file changed answers 200 with the new file instead of a
    // range of it (rule 14).
    struct curl_slist* headers = nullptr;
    if (!range.empty() && (!m_etag.empty() || !m_lastModified.empty()))
        headers = curl_slist_append(nullptr, ("If-Range: " + (!m_etag.empty() ? m_etag : m_lastModified)).c_str());
    if (namedOrigin)
        for (const std::string& line : m_request.headers)
            headers = curl_slist_append(headers, line.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    m_segments.push_back(std::move(segment));
    m_segments.back()->setHeaders(headers);
    curl_multi_add_handle(m_context.multi, easy);
    return m_segments.back().get();
}

void Transfer::removeSegment(Segment* segment)
{
    curl_multi_remove_handle(m_context.multi, segment->easy());
    if (!segment->flush() && m_fatal.empty())
        m_fatal = m_sink->error();
    m_done.add(segment->start(), segment->flushedTo());
    std::erase_if(m_segments, [segment](const auto& s) { return s.get() == segment; });
}

void Transfer::removeAllSegments()
{
    while (!m_segments.empty())
        removeSegment(m_segments.back().get());
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
    HAUL_CHECK(digest != nullptr, fail("The checksum could not be computed.", 0, 0); return);
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

void Transfer::commit()
{
    if (!m_sink->commit()) {
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

Transfer::Admit Transfer::admitData(Segment& segment, std::size_t size)
{
    if (!m_fatal.empty() || m_restart || !segment.headersDone())
        return Admit::Abort;
    // A body of unknown length (chunked, or ended by closing) stops where it passes the limit.
    if (exceedsMaxSize(segment.position() + static_cast<std::int64_t>(size)))
        return Admit::Abort;
    if (!m_limit.canSend() || !m_context.globalLimit.canSend())
        return Admit::Pause;
    m_limit.consume(static_cast<std::int64_t>(size));
    m_context.globalLimit.consume(static_cast<std::int64_t>(size));
    return Admit::Accept;
}

bool Transfer::exceedsMaxSize(std::int64_t size)
{
    const std::int64_t limit
        = m_request.maxSize > 0 ? m_request.maxSize : m_context.options.maxFileSize;
    if (limit <= 0 || size <= limit)
        return false;
    if (m_fatal.empty()) {
        std::string text = formatBytes(static_cast<double>(limit));
        if (const auto zero = text.find(".0 "); zero != std::string::npos)
            text.erase(zero, 2); // "10 MiB", as the user wrote it
        m_fatal = "The file is larger than the " + text + " maximum size set for this download.";
    }
    return true;
}

void Transfer::noteWriteError()
{
    if (m_fatal.empty())
        m_fatal = m_sink->error();
}

void Transfer::handleConnecting()
{
    if (!m_validated)
        emitEvent(Connecting);
}

void Transfer::handleConnected()
{
    if (!m_validated) {
        emitEvent(Connected);
        emitEvent(RequestSent);
    }
}

void Transfer::handleRedirect(Segment& segment)
{
    if (!m_validated)
        emitEvent(Redirect, maskCredentials(segment.response().location), segment.response().status);
}

void Transfer::handleHeaders(Segment& segment)
{
    const ResponseInfo& r = segment.response();
    if (r.status >= 400)
        return; // libcurl fails the request (FAILONERROR); segmentDone() tells why
    const bool askedRange = segment.start() > 0 || segment.end() >= 0
        || (segment.start() == 0 && m_request.connections > 1);
    if (m_validated) {
        // An extra connection: it must get exactly its range of the same file.
        if (r.status != 206 || r.rangeStart != segment.start() || r.rangeTotal != m_total
            || (!m_etag.empty() && !r.etag.empty() && r.etag != m_etag)) {
            m_restart = true;
        }
        return;
    }
    m_validated = true;
    m_effectiveUrl = segment.url(); // where the redirects led: the other connections go there
    std::int64_t total = -1;
    if (r.status == 206) {
        total = r.rangeTotal;
        if (r.rangeStart != segment.start()) {
            // Rule 14: only a 206 whose Content-Range matches the request is trusted.
            m_fatal = "The server answered with the wrong range (" + std::to_string(r.rangeStart)
                + " instead of " + std::to_string(segment.start()) + "); nothing was written. "
                + "Try again later.";
            return;
        }
        const bool changed = (m_total >= 0 && total != m_total)
            || (!m_etag.empty() && !r.etag.empty() && r.etag != m_etag);
        if (changed) {
            m_restart = true;
            m_note = "The file changed on the server; restarted from 0 B ("
                + formatBytes(static_cast<double>(m_done.bytes())) + " discarded).";
            return;
        }
        m_rangesSupported = true;
    } else {
        if (segment.start() > 0) {
            // Rule 14: a 200 to a Range request is the whole file: start over, never append.
            m_restart = true;
            m_note = "Server does not support resuming; restarted from 0 B ("
                + formatBytes(static_cast<double>(m_done.bytes())) + " discarded).";
            return;
        }
        total = r.contentLength;
        m_rangesSupported = !askedRange && r.acceptRanges;
        if (askedRange || !m_done.empty()) {
            m_done.clear(); // a 200: whatever we had is replaced from byte 0
            if (!m_sink->truncate()) {
                m_fatal = m_sink->error(); // stale bytes would stay past the new end
                return;
            }
        }
    }
    if (exceedsMaxSize(total))
        return; // fails before a byte is written
    m_total = total;
    m_etag = r.etag;
    m_lastModified = r.lastModified;
    if (!m_nameFixed && m_done.empty()) {
        // A fresh download: the server may name the file (RFC 6266), sanitized, never
        // overwriting a finished file nor taking a name whose .part exists (another
        // download's, whatever the server says): this one has nothing to resume.
        const auto name = fileNameFromContentDisposition(r.contentDisposition);
        if (name && *name != m_sink->fileName())
            m_sink->setFileName(FileSink::uniqueName(m_request.directory, *name));
    }
    m_nameFixed = true;
    // Recorded outside this libcurl callback (the store may wait for its lock): with the
    // first checkpoint, or when the operation ends, whichever comes first.
    m_record.markStale();
    m_wantPreallocate = true;
    emitEvent(HeadersReceived, m_note, r.status);
    m_context.outbox.back().file = m_sink->finalPath();
}

void Transfer::followRedirect(Segment* segment)
{
    const int hops = segment->redirects() + 1;
    const RedirectTarget target = resolveRedirect(segment->url(), segment->response().location,
                                                  m_request.allowHttpsToHttpRedirect);
    const int status = segment->response().status;
    const std::int64_t start = segment->start();
    const std::int64_t end = segment->end();
    removeSegment(segment); // it wrote nothing: a redirect's body is not the file
    if (!target.refusal.empty()) {
        fail(target.refusal, status, 0);
    } else if (hops > kMaxRedirects) {
        fail("Too many redirects (more than " + std::to_string(kMaxRedirects) + "): the link loops.",
             status, CURLE_TOO_MANY_REDIRECTS);
    } else if (!addSegment(start, end, target.url, hops)) {
        fail("Out of memory: cannot follow the redirect.", 0, 0);
    }
}

void Transfer::segmentDone(Segment* segment, CURLcode code)
{
    if (code == CURLE_OK && segment->isRedirect() && !segment->headersDone()) {
        followRedirect(segment);
        return;
    }
    long status = 0;
    curl_easy_getinfo(segment->easy(), CURLINFO_RESPONSE_CODE, &status);
    const ResponseInfo response = segment->response();
    const bool reachedEnd = segment->reachedEnd();
    const bool headersDone = segment->headersDone();
    long headerBytes = 0;
    curl_easy_getinfo(segment->easy(), CURLINFO_HEADER_SIZE, &headerBytes);
    // A small download that is whole in memory and has no file yet (activate() found no .part,
    // or m_done would hold it): writing it out goes to the I/O pool, so many small files are
    // created in parallel, not one by one here.
    if (code == CURLE_OK && m_restart == false && m_fatal.empty() && m_segments.size() == 1
        && !m_checksum && m_done.empty() && segment->start() == 0 && !m_sink->isOpen()
        && !m_sink->finalNameTaken()) { // else commit() picks another name
        IoJob job;
        job.kind = IoJob::Finalize;
        job.data = segment->takeBuffer();
        job.partPath = m_sink->partPath();
        job.finalPath = m_sink->finalPath();
        job.generation = ++m_generation;
        m_abandoned = std::make_shared<std::atomic<bool>>(false);
        job.abandoned = m_abandoned;
        m_done.add(0, segment->position());
        if (m_total < 0)
            m_total = segment->position();
        curl_multi_remove_handle(m_context.multi, segment->easy());
        m_segments.clear();
        m_job = std::move(job); // taken by the observer as Finalizing begins
        setState(State::Finalizing);
        return;
    }
    removeSegment(segment);

    if (m_restart) {
        m_restart = false;
        const std::string note = m_note.empty() ? "The server sent a different file; restarted from 0 B." : m_note;
        restartFromZero(note);
        return;
    }
    if (!m_fatal.empty()) {
        if (code == CURLE_WRITE_ERROR || m_sink->outOfSpace())
            failOnDisk(m_fatal);
        else
            fail(m_fatal, static_cast<int>(status), code);
        return;
    }
    const bool ok = code == CURLE_OK || (code == CURLE_WRITE_ERROR && reachedEnd);
    // A .part that already holds the whole file: the server says there is nothing past its end.
    const bool alreadyWhole = code == CURLE_HTTP_RETURNED_ERROR && status == 416
        && response.rangeTotal >= 0 && response.rangeTotal == m_done.bytes()
        && m_done.prefix() == m_done.bytes();
    const bool pastTheEnd = code == CURLE_HTTP_RETURNED_ERROR && status == 416
        && response.rangeTotal >= 0 && response.rangeTotal < m_done.bytes();
    if (pastTheEnd) {
        // We hold more than the server's whole file: it changed. Never keep invented bytes.
        restartFromZero("The file on the server is now smaller than what was downloaded; "
                        "restarted from 0 B.");
        return;
    }
    if (alreadyWhole) {
        m_total = response.rangeTotal;
    } else if (!ok) {
        if (const auto tooLarge = headersTooLarge(code, headersDone, headerBytes, bytesDone())) {
            fail(*tooLarge, static_cast<int>(status), code); // the next answer is no smaller
            return;
        }
        const bool transient = isTransient(code, static_cast<int>(status));
        if (transient && !m_segments.empty()
            && m_retry.retryConnection(m_context.options.maxRetries)) {
            // The other connections keep going; the lost range goes back to the pool.
            openMoreSegments();
            return;
        }
        if (transient && retryLater(describeFailure(code, response.status, bytesDone(), m_fatal), response))
            return;
        fail(describeFailure(code, response.status, bytesDone(), m_fatal), static_cast<int>(status), code);
        return;
    }
    if (m_total < 0 && m_segments.empty())
        m_total = m_done.prefix(); // no length announced: the end of the body is the end
    if (m_segments.empty() && m_done.covers(0, m_total)) {
        complete();
        return;
    }
    openMoreSegments();
    if (m_segments.empty()) // nothing left to fetch, yet not complete: a server that lied
        fail("The server ended the file early; " + formatBytes(static_cast<double>(m_done.bytes()))
                 + " kept, resume to continue.", static_cast<int>(status), code);
}

bool Transfer::retryLater(const std::string& reason, const ResponseInfo& response)
{
    const int maxRetries = m_context.options.maxRetries;
    const auto delay = m_retry.scheduleRetry(bytesDone(), maxRetries,
                                             m_context.options.retryBaseDelayMs,
                                             parseRetryAfter(response.retryAfter));
    if (!delay)
        return false;
    removeAllSegments();
    setState(State::WaitingRetry);
    char when[32];
    std::snprintf(when, sizeof when, "%.1f s", static_cast<double>(delay->count()) / 1000.0);
    emitEvent(Retrying, reason + " Retrying in " + when + " (attempt "
                  + std::to_string(m_retry.attempts()) + " of " + std::to_string(maxRetries)
                  + ").");
    return true;
}

bool Transfer::openMoreSegments()
{
    if (m_state != State::Active || !m_validated)
        return false;
    const int wanted = std::max(1, m_request.connections);
    bool opened = false;
    while (static_cast<int>(m_segments.size()) < wanted) {
        if (m_total < 0 || (!m_rangesSupported && !m_segments.empty()))
            break;
        // Bytes nobody has and nobody fetches: the first such hole gets a connection.
        RangeSet covered = m_done;
        for (const auto& s : m_segments)
            covered.add(s->start(), s->end() < 0 ? m_total : s->end());
        const auto holes = covered.missing(m_total);
        if (!holes.empty()) {
            const bool toEnd = holes.front().second == m_total && !m_rangesSupported;
            if (!addSegment(holes.front().first, toEnd ? -1 : holes.front().second))
                break;
            opened = true;
            continue;
        }
        if (!m_rangesSupported || m_total < kMinSegmentedSize)
            break;
        // Everything is taken: split the connection with the most left to fetch.
        Segment* largest = nullptr;
        std::int64_t most = 0;
        for (const auto& s : m_segments) {
            const std::int64_t left = (s->end() < 0 ? m_total : s->end()) - s->position();
            if (left > most) {
                most = left;
                largest = s.get();
            }
        }
        if (!largest || most < 2 * kMinSplit)
            break;
        const std::int64_t end = largest->end() < 0 ? m_total : largest->end();
        const std::int64_t middle = (largest->position() + most / 2) & ~static_cast<std::int64_t>(0xFFFF);
        if (middle <= largest->position() || middle >= end)
            break;
        largest->setEnd(middle);
        if (!addSegment(middle, end))
            break;
        opened = true;
    }
    return opened;
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
        const std::int64_t from = m_total >= 0 && !holes.empty() ? holes.front().first : m_done.prefix();
        const std::int64_t to = (m_total >= 0 && !holes.empty() && holes.front().second < m_total) ? holes.front().second : -1;
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
    for (auto& s : m_segments) {
        if (s->pausedForRate() && m_limit.canSend() && m_context.globalLimit.canSend()) {
            s->setPausedForRate(false);
            // May call the write callback at once with the data libcurl held back.
            curl_easy_pause(s->easy(), CURLPAUSE_CONT);
        }
    }
    openMoreSegments();
}

Transfer::Clock::time_point Transfer::nextWake() const
{
    if (m_state == State::WaitingRetry)
        return m_retry.retryAt();
    for (const auto& s : m_segments)
        if (s->pausedForRate())
            return Clock::now() + std::max(m_limit.wait(), m_context.globalLimit.wait());
    return Clock::time_point::max();
}

void Transfer::reportProgress(Clock::time_point now)
{
    if (m_state == State::Active && m_meter.sample(now, bytesDone()))
        emitEvent(Progress);
}

} // namespace haul::engine
