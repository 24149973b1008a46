// SPDX-License-Identifier: MIT
#include "transfer/transfer.h"

#include "transfer/redirect.h"

#include <algorithm>

namespace haul::engine {

namespace {

// A range smaller than this is not split again: a new connection would cost more than it saves.
constexpr std::int64_t kMinSplit = 512 * 1024;
// A file smaller than this is fetched over one connection.
constexpr std::int64_t kMinSegmentedSize = 2 * 1024 * 1024;

} // namespace

long Transfer::receiveBuffer() const
{
    // Large reads for fast transfers; a slow (limited) one needs no more than a tenth of a
    // second of data at once, and 1,000 of them must stay small.
    const std::int64_t limit = m_limit.limited() ? m_limit.rate() : m_context.globalLimit.rate();
    if (limit > 0)
        return static_cast<long>(std::clamp<std::int64_t>(limit / 10, 16 * 1024, 256 * 1024));
    return m_context.options.maxConcurrent > 64 ? 16 * 1024 : 256 * 1024;
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

} // namespace haul::engine
