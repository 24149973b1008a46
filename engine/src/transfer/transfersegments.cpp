// SPDX-License-Identifier: MIT
#include "transfer/transfer.h"

#include "transfer/redirect.h"
#include "transfer/segmentplanner.h"

#include <algorithm>

namespace haul::engine {

long Transfer::receiveBuffer() const
{
    // Large reads for fast transfers; a slow (limited) one needs no more than a tenth of a
    // second of data at once, and 1,000 of them must stay small.
    const std::int64_t limit = m_limit.limited() ? m_limit.rate() : m_context.globalLimit.rate();
    if (limit > 0)
        return static_cast<long>(std::clamp<std::int64_t>(limit / 10, std::int64_t{16} * 1024,
                                                          std::int64_t{256} * 1024));
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
        headers = curl_slist_append(
            nullptr, ("If-Range: " + (!m_etag.empty() ? m_etag : m_lastModified)).c_str());
    if (namedOrigin)
        for (const std::string& line : m_request.headers)
            headers = curl_slist_append(headers, line.c_str());
    curl_easy_setopt(easy, CURLOPT_HTTPHEADER, headers);
    segment->meter().start(Clock::now(), 0);
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
    const SegmentPlanner planner(m_total, m_rangesSupported);
    bool opened = false;
    while (static_cast<int>(m_segments.size()) < wanted) {
        std::vector<SegmentPlanner::Span> spans;
        spans.reserve(m_segments.size());
        for (const auto& s : m_segments)
            spans.push_back({s->start(), s->end(), s->position()});
        const SegmentPlanner::Plan plan = planner.next(m_done, spans);
        if (plan.kind == SegmentPlanner::Plan::Kind::None)
            break;
        if (plan.kind == SegmentPlanner::Plan::Kind::Split)
            m_segments[plan.segment]->setEnd(plan.start);
        if (!addSegment(plan.start, plan.end))
            break;
        opened = true;
    }
    return opened;
}

} // namespace haul::engine
