// SPDX-License-Identifier: MIT
#include "transfer/segment.h"

#include "transfer/transfer.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <sys/socket.h>

namespace haul::engine {

namespace {

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty()
           && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ' || s.back() == '\t'))
        s.remove_suffix(1);
    return s;
}

bool startsWithNoCase(std::string_view s, std::string_view prefix)
{
    if (s.size() < prefix.size())
        return false;
    for (std::size_t i = 0; i < prefix.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(s[i])) != prefix[i])
            return false;
    return true;
}

std::int64_t toInt(std::string_view s)
{
    std::int64_t v = -1;
    s = trim(s);
    if (std::from_chars(s.data(), s.data() + s.size(), v).ec != std::errc())
        return -1;
    return v;
}

} // namespace

Segment::Segment(Transfer& owner, std::int64_t start, std::int64_t end, long receiveBuffer)
    : m_owner(owner), m_start(start), m_end(end), m_askedEnd(end), m_position(start),
      m_flushedTo(start), m_blockSize(blockSize(owner.options())),
      m_writeThrough(manyAtOnce(owner.options()))
{
    m_easy = curl_easy_init();
    if (!m_easy)
        return;
    const SessionOptions& o = owner.options();
    curl_easy_setopt(m_easy, CURLOPT_PRIVATE, this);
    curl_easy_setopt(m_easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(m_easy, CURLOPT_PROTOCOLS_STR, "http,https");
    // Redirects are followed by Transfer, hop by hop (redirect.h): it decides what goes along.
    curl_easy_setopt(m_easy, CURLOPT_FOLLOWLOCATION, 0L);
    curl_easy_setopt(m_easy, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(m_easy, CURLOPT_BUFFERSIZE, receiveBuffer);
    curl_easy_setopt(m_easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(m_easy, CURLOPT_CONNECTTIMEOUT_MS, o.connectTimeoutMs);
    curl_easy_setopt(m_easy, CURLOPT_LOW_SPEED_LIMIT, o.lowSpeedLimit);
    curl_easy_setopt(m_easy, CURLOPT_LOW_SPEED_TIME, o.lowSpeedTime);
    curl_easy_setopt(m_easy, CURLOPT_USERAGENT, o.userAgent.c_str());
    if (!o.proxy.empty())
        curl_easy_setopt(m_easy, CURLOPT_PROXY, o.proxy.c_str());
    curl_easy_setopt(m_easy, CURLOPT_WRITEFUNCTION, &Segment::onWrite);
    curl_easy_setopt(m_easy, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(m_easy, CURLOPT_HEADERFUNCTION, &Segment::onHeader);
    curl_easy_setopt(m_easy, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(m_easy, CURLOPT_OPENSOCKETFUNCTION, &Segment::onOpenSocket);
    curl_easy_setopt(m_easy, CURLOPT_OPENSOCKETDATA, this);
    curl_easy_setopt(m_easy, CURLOPT_PREREQFUNCTION, &Segment::onPrereq);
    curl_easy_setopt(m_easy, CURLOPT_PREREQDATA, this);
    curl_easy_setopt(m_easy, CURLOPT_CLOSESOCKETFUNCTION, &Poller::closeSocket);
    curl_easy_setopt(m_easy, CURLOPT_CLOSESOCKETDATA, &owner.poller());
}

Segment::~Segment()
{
    if (m_easy)
        curl_easy_cleanup(m_easy);
    curl_slist_free_all(m_headers);
}

bool Segment::flush()
{
    if (m_buffer.empty())
        return true;
    if (!m_owner.sink().writeAt(m_flushedTo, m_buffer.data(), m_buffer.size())) {
        // Keep the bytes: a later flush (after space was freed) can still write them.
        return false;
    }
    m_flushedTo += static_cast<std::int64_t>(m_buffer.size());
    m_buffer.clear();
    if (m_writeThrough || m_buffer.capacity() > m_blockSize)
        std::vector<char>().swap(m_buffer);
    return true;
}

size_t Segment::onWrite(char* data, size_t size, size_t n, void* self)
{
    return static_cast<Segment*>(self)->handleData(data, size * n);
}

size_t Segment::handleData(const char* data, size_t size)
{
    if (isRedirect())
        return size; // a redirect's own body ("Moved here"): not the file, not counted
    // Past the end of a range another connection took over: stop here, before the limits are
    // asked (bytes nobody keeps are never waited for). The engine counts it as a success.
    if (reachedEnd())
        return 0;
    std::size_t take = size;
    if (m_end >= 0)
        take = static_cast<std::size_t>(
            std::min<std::int64_t>(static_cast<std::int64_t>(size), m_end - m_position));
    switch (m_owner.admitData(*this, take)) {
    case Transfer::Admit::Abort: return 0;
    case Transfer::Admit::Pause: m_pausedForRate = true; return CURL_WRITEFUNC_PAUSE;
    case Transfer::Admit::Accept: break;
    }
    // A block at least as large as the buffer goes straight to disk.
    const bool direct = take >= m_blockSize || (m_writeThrough && m_owner.sink().isOpen());
    if (m_buffer.empty() && direct) {
        if (!m_owner.sink().writeAt(m_position, data, take)) {
            m_owner.noteWriteError();
            return 0;
        }
        m_position += static_cast<std::int64_t>(take);
        m_flushedTo = m_position;
    } else {
        m_buffer.insert(m_buffer.end(), data, data + take);
        m_position += static_cast<std::int64_t>(take);
        if (m_buffer.size() >= m_blockSize && !flush()) {
            m_owner.noteWriteError();
            return 0;
        }
    }
    // At the end of a range another connection took over: stop this one now. Its response
    // goes on, and the server may send the rest late or never (a stalled connection would then
    // hold a finished download, and under a limit its next block would be held back).
    if (take < size || (reachedEnd() && m_end != m_askedEnd))
        return 0;
    return size;
}

size_t Segment::onHeader(char* data, size_t size, size_t n, void* self)
{
    static_cast<Segment*>(self)->handleHeaderLine(std::string_view(data, size * n));
    return size * n;
}

void Segment::handleHeaderLine(std::string_view raw)
{
    const std::string_view line = trim(raw);
    if (startsWithNoCase(line, "http/")) {
        const auto sp = line.find(' ');
        m_response = {};
        m_response.status =
            sp == std::string_view::npos ? 0 : static_cast<int>(toInt(line.substr(sp + 1, 3)));
        return;
    }
    if (!line.empty()) {
        const auto colon = line.find(':');
        if (colon == std::string_view::npos)
            return;
        const std::string_view value = trim(line.substr(colon + 1));
        ResponseInfo& r = m_response;
        if (startsWithNoCase(line, "location:")) {
            r.location = std::string(value);
        } else if (startsWithNoCase(line, "content-length:")) {
            r.contentLength = toInt(value);
        } else if (startsWithNoCase(line, "content-range:")) {
            // "bytes 100-199/1000" or "bytes */1000"
            const auto space = value.find(' ');
            const auto slash = value.find('/');
            if (space != std::string_view::npos && slash != std::string_view::npos) {
                const std::string_view span = value.substr(space + 1, slash - space - 1);
                const auto dash = span.find('-');
                r.rangeStart = dash == std::string_view::npos ? -1 : toInt(span.substr(0, dash));
                r.rangeTotal = toInt(value.substr(slash + 1));
            }
        } else if (startsWithNoCase(line, "accept-ranges:")) {
            r.acceptRanges = value.find("bytes") != std::string_view::npos;
        } else if (startsWithNoCase(line, "etag:")) {
            r.etag = std::string(value);
        } else if (startsWithNoCase(line, "last-modified:")) {
            r.lastModified = std::string(value);
        } else if (startsWithNoCase(line, "content-disposition:")) {
            r.contentDisposition = std::string(value);
        } else if (startsWithNoCase(line, "retry-after:")) {
            r.retryAfter = std::string(value);
        }
        return;
    }
    // The blank line that ends one response's headers.
    if (m_response.status >= 100 && m_response.status < 200)
        return;
    if (m_response.status >= 300 && m_response.status < 400 && !m_response.location.empty()) {
        m_owner.handleRedirect(*this);
        return;
    }
    m_headersDone = true;
    m_owner.handleHeaders(*this);
}

curl_socket_t Segment::onOpenSocket(void* self, curlsocktype purpose, curl_sockaddr* address)
{
    auto* s = static_cast<Segment*>(self);
    if (purpose == CURLSOCKTYPE_IPCXN)
        s->m_owner.handleConnecting();
    const int fd = ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
    if (fd < 0)
        return CURL_SOCKET_BAD;
    s->m_owner.poller().openedSocket(fd);
    return fd;
}

int Segment::onPrereq(void* self, char*, char*, int, int)
{
    auto* s = static_cast<Segment*>(self);
    s->m_owner.handleConnected();
    return CURL_PREREQFUNC_OK;
}

} // namespace haul::engine
