// SPDX-License-Identifier: MIT
#include "transfer/transfer.h"

#include "transfer/failure.h"
#include "transfer/redirect.h"

#include <haul/contentdisposition.h>
#include <haul/text.h>
#include <haul/url.h>

namespace haul::engine {

Transfer::Admit Transfer::admitData(Segment& segment, std::size_t size)
{
    if (!m_fatal.empty() || m_restart || !segment.headersDone())
        return Admit::Abort;
    // A body of unknown length (chunked, or ended by closing) stops where it passes the limit.
    if (exceedsMaxSize(segment.position() + static_cast<std::int64_t>(size)))
        return Admit::Abort;
    if (m_share.limited() != m_context.globalLimit.limited()) {
        // The session's limit was set (or lifted) since the last tick, or this download began
        // since: its share holds nothing until the next tick grants its part.
        m_share.setLimit(m_context.globalLimit.limited(), std::int64_t{16} * 1024);
    }
    if (!m_limit.canSend() || !m_share.canSend())
        return Admit::Pause;
    m_limit.consume(static_cast<std::int64_t>(size));
    m_share.consume(static_cast<std::int64_t>(size));
    return Admit::Accept;
}

bool Transfer::exceedsMaxSize(std::int64_t size)
{
    const std::int64_t limit =
        m_request.maxSize > 0 ? m_request.maxSize : m_context.options.maxFileSize;
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
        emitEvent(Redirect, maskCredentials(segment.response().location),
                  segment.response().status);
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
                      + " instead of " + std::to_string(segment.start())
                      + "); nothing was written. " + "Try again later.";
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
            m_sink->setFileName(
                FileSink::uniqueName(m_request.directory, *name,
                                     [this](const std::string& n) { return othersClaim(n); }));
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
        fail("Too many redirects (more than " + std::to_string(kMaxRedirects)
                 + "): the link loops.",
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
        const std::string note =
            m_note.empty() ? "The server sent a different file; restarted from 0 B." : m_note;
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
        if (transient
            && retryLater(describeFailure(code, response.status, bytesDone(), m_fatal), response))
            return;
        fail(describeFailure(code, response.status, bytesDone(), m_fatal), static_cast<int>(status),
             code);
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
                 + " kept, resume to continue.",
             static_cast<int>(status), code);
}

} // namespace haul::engine
