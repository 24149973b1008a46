// SPDX-License-Identifier: MIT
#include "connection.h"

#include "httprequest.h"
#include "serverstate.h"

#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>
#ifdef __linux__
#include <linux/sockios.h>
#endif

#include <algorithm>
#include <cerrno>
#include <cstdio>

namespace haul::server::detail {

namespace {

using Clock = std::chrono::steady_clock;

constexpr std::size_t kBlockSize = std::size_t{256} * 1024;
constexpr std::size_t kChunkPrefix = 16; // room for "<hex>\r\n" in front of a block
constexpr std::size_t kMaxHeadSize = std::size_t{64} * 1024;
constexpr std::size_t kReadSize = std::size_t{16} * 1024;
// Throttled bodies go out in slices of about 1/20 s, so a speed graph sees a smooth rate.
constexpr std::uint64_t kSlicesPerSecond = 20;
constexpr auto kAcknowledgeTimeout = std::chrono::seconds(2);
constexpr auto kAcknowledgePoll = std::chrono::milliseconds(2);

const char* reasonPhrase(int status)
{
    switch (status) {
    case 200: return "OK";
    case 206: return "Partial Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 303: return "See Other";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 410: return "Gone";
    case 416: return "Range Not Satisfiable";
    case 429: return "Too Many Requests";
    case 431: return "Request Header Fields Too Large";
    case 500: return "Internal Server Error";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return "Status";
    }
}

std::string statusLine(int status)
{
    return "HTTP/1.1 " + std::to_string(status) + ' ' + reasonPhrase(status) + "\r\n";
}

std::string lowered(std::string s)
{
    for (char& c : s)
        if (c >= 'A' && c <= 'Z')
            c = static_cast<char>(c - 'A' + 'a');
    return s;
}

bool wantsClose(const RequestRecord& request, const ServerOptions& options)
{
    if (!options.keepAlive)
        return true;
    const std::string connection = lowered(request.header("Connection").value_or(""));
    if (connection.find("close") != std::string::npos)
        return true;
    const std::string_view firstLine =
        std::string_view(request.headerBlock).substr(0, request.headerBlock.find_first_of("\r\n"));
    if (firstLine.ends_with("HTTP/1.0") && connection.find("keep-alive") == std::string::npos)
        return true;
    // The server never reads request bodies, so the bytes after this head are not a request.
    const auto contentLength = request.header("Content-Length");
    return (contentLength && *contentLength != "0") || request.header("Transfer-Encoding");
}

} // namespace

Connection::Connection(ServerState& server, int fd, std::uint64_t id)
    : m_server(server), m_fd(fd), m_id(id)
{
}

Connection::~Connection()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

void Connection::run() noexcept
{
    try {
        Outcome outcome = Outcome::KeepAlive;
        while (outcome == Outcome::KeepAlive && !m_server.isStopping())
            outcome = serveOne();
        finish(outcome == Outcome::KeepAlive ? Outcome::Close : outcome);
    } catch (...) {
        // Nothing may escape the thread (bad_alloc is the only candidate); the destructor closes.
    }
}

void Connection::finish(Outcome outcome)
{
    if (m_fd < 0)
        return;
    if (outcome == Outcome::Reset) {
        const linger abortive{1, 0};
        ::setsockopt(m_fd, SOL_SOCKET, SO_LINGER, &abortive, sizeof abortive);
    } else {
        ::shutdown(m_fd, SHUT_WR);
    }
    ::close(m_fd);
    m_fd = -1;
}

Connection::Outcome Connection::serveOne()
{
    std::string head;
    switch (readHead(head)) {
    case Head::Ok: break;
    case Head::Idle: return Outcome::Reset;
    case Head::TooLarge: sendSimple(431, nullptr, true, {}); return Outcome::Close;
    case Head::Closed:
    case Head::Failed: return Outcome::Close;
    }
    auto request = parseRequestHead(head);
    if (!request) {
        sendSimple(400, nullptr, true, {});
        return Outcome::Close;
    }
    request->connectionId = m_id;
    m_server.record(*request);
    return respond(*request, wantsClose(*request, m_server.options()));
}

Connection::Head Connection::readHead(std::string& head)
{
    const unsigned idleMs = m_server.options().idleResetMs;
    const auto idleDeadline = Clock::now() + std::chrono::milliseconds(idleMs);
    if (m_buffer.size() < kReadSize)
        m_buffer.resize(kReadSize);

    for (;;) {
        // RFC 9112 §2.2: empty lines before a request line are ignored.
        const auto start = m_input.find_first_not_of("\r\n");
        m_input.erase(0, start == std::string::npos ? m_input.size() : start);

        const auto crlf = m_input.find("\r\n\r\n");
        const auto lf = m_input.find("\n\n");
        if (crlf != std::string::npos || lf != std::string::npos) {
            const bool useCrlf =
                crlf != std::string::npos && (lf == std::string::npos || crlf < lf);
            const std::size_t end = useCrlf ? crlf : lf;
            head = m_input.substr(0, end);
            m_input.erase(0, end + (useCrlf ? 4 : 2));
            return Head::Ok;
        }
        if (m_input.size() > kMaxHeadSize)
            return Head::TooLarge;

        int timeoutMs = -1;
        if (idleMs > 0 && m_input.empty()) {
            const auto left =
                std::chrono::ceil<std::chrono::milliseconds>(idleDeadline - Clock::now());
            if (left.count() <= 0)
                return Head::Idle;
            timeoutMs = static_cast<int>(left.count());
        }
        switch (waitFor(POLLIN, timeoutMs)) {
        case Wait::Stopped: return Head::Failed;
        case Wait::Timeout: continue;
        case Wait::Ready: break;
        }
        const ssize_t n = ::recv(m_fd, m_buffer.data(), kReadSize, 0);
        if (n == 0)
            return Head::Closed;
        if (n < 0) {
            if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
                continue;
            return Head::Failed;
        }
        m_input.append(m_buffer.data(), static_cast<std::size_t>(n));
    }
}

Connection::Outcome Connection::respond(const RequestRecord& request, bool closeAfter)
{
    if (request.method != "GET" && request.method != "HEAD")
        return sendSimple(405, &request, closeAfter, {"Allow: GET, HEAD"});
    const auto entry = m_server.find(request.path);
    if (!entry)
        return sendSimple(404, &request, closeAfter, {});
    return respondWithResource(request, *entry, closeAfter);
}

Connection::Outcome Connection::respondWithResource(const RequestRecord& request,
                                                    ResourceEntry& entry, bool closeAfter)
{
    const Resource& resource = entry.resource;
    const std::uint64_t number = ++entry.hits;
    if (resource.headerDelayMs > 0
        && !sleepUntil(Clock::now() + std::chrono::milliseconds(resource.headerDelayMs)))
        return Outcome::Close;

    std::vector<std::string> headers = resource.extraHeaders;
    if (number <= resource.failFirstN || (resource.status != 0 && resource.redirectTo.empty())) {
        if (!resource.retryAfter.empty())
            headers.push_back("Retry-After: " + resource.retryAfter);
        const int status = number <= resource.failFirstN ? 503 : resource.status;
        return sendSimple(status, &request, closeAfter, headers);
    }
    if (!resource.redirectTo.empty()) {
        headers.push_back("Location: " + resource.redirectTo);
        const bool redirectStatus = resource.status >= 300 && resource.status < 400;
        return sendSimple(redirectStatus ? resource.status : 302, &request, closeAfter, headers);
    }

    int status = 200;
    Body body{0, resource.size};
    std::string contentRange;
    const auto rangeHeader = request.header("Range");
    if (resource.acceptRanges && !resource.ignoreRange && rangeHeader) {
        bool validatorMatches = true;
        if (const auto ifRange = request.header("If-Range"))
            validatorMatches =
                (!resource.etag.empty() && *ifRange == resource.etag)
                || (!resource.lastModified.empty() && *ifRange == resource.lastModified);
        ByteRange range;
        const RangeKind kind =
            validatorMatches ? parseRange(*rangeHeader, resource.size, range) : RangeKind::Ignore;
        if (kind == RangeKind::Unsatisfiable) {
            headers.push_back("Accept-Ranges: bytes");
            headers.push_back("Content-Range: bytes */" + std::to_string(resource.size));
            return sendSimple(416, &request, closeAfter, headers);
        }
        if (kind == RangeKind::Satisfiable) {
            status = 206;
            body = {range.first, range.last - range.first + 1};
            contentRange = "bytes " + std::to_string(range.first) + '-' + std::to_string(range.last)
                           + '/' + std::to_string(resource.size);
        }
    }

    std::string head = statusLine(status);
    head += "Server: haul-server\r\nContent-Type: " + resource.contentType + "\r\n";
    head += resource.chunked ? std::string("Transfer-Encoding: chunked\r\n")
                             : "Content-Length: " + std::to_string(body.length) + "\r\n";
    head += resource.acceptRanges ? "Accept-Ranges: bytes\r\n" : "Accept-Ranges: none\r\n";
    if (!contentRange.empty())
        head += "Content-Range: " + contentRange + "\r\n";
    if (!resource.etag.empty())
        head += "ETag: " + resource.etag + "\r\n";
    if (!resource.lastModified.empty())
        head += "Last-Modified: " + resource.lastModified + "\r\n";
    if (!resource.contentDisposition.empty())
        head += "Content-Disposition: " + resource.contentDisposition + "\r\n";
    for (const std::string& line : headers)
        head += line + "\r\n";
    head += closeAfter ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
    const bool sent = resource.headerByteIntervalMs > 0
                          ? sendTrickled(head, resource.headerByteIntervalMs)
                          : sendAll(head.data(), head.size());
    if (!sent)
        return Outcome::Close;
    if (request.method == "HEAD")
        return closeAfter ? Outcome::Close : Outcome::KeepAlive;
    return sendBody(entry, body, closeAfter);
}

Connection::Outcome Connection::sendSimple(int status, const RequestRecord* request,
                                           bool closeAfter, const std::vector<std::string>& headers)
{
    const std::string body = std::to_string(status) + ' ' + reasonPhrase(status) + '\n';
    std::string message = statusLine(status);
    message += "Server: haul-server\r\nContent-Type: text/plain\r\n";
    message += "Content-Length: " + std::to_string(body.size()) + "\r\n";
    for (const std::string& line : headers)
        message += line + "\r\n";
    message += closeAfter ? "Connection: close\r\n\r\n" : "Connection: keep-alive\r\n\r\n";
    if (!request || request->method != "HEAD")
        message += body;
    if (!sendAll(message.data(), message.size()))
        return Outcome::Close;
    return closeAfter ? Outcome::Close : Outcome::KeepAlive;
}

Connection::Outcome Connection::sendBody(ResourceEntry& entry, Body body, bool closeAfter)
{
    const Resource& resource = entry.resource;
    enum class Fault { None, Reset, Stall, Short };
    Fault fault = Fault::None;
    std::uint64_t limit = body.length;
    const auto consider = [&](const std::optional<std::uint64_t>& count, Fault kind) {
        if (count && *count < limit) {
            limit = *count;
            fault = kind;
        }
    };
    consider(resource.resetAfterBytes, Fault::Reset);
    consider(resource.stallAfterBytes, Fault::Stall);
    consider(resource.shortBodyBytes, Fault::Short);

    const std::uint64_t rate = resource.rateBytesPerSec;
    const std::size_t slice = rate == 0 ? kBlockSize
                                        : static_cast<std::size_t>(std::clamp<std::uint64_t>(
                                            rate / kSlicesPerSecond, 1, kBlockSize));
    if (m_buffer.size() < kChunkPrefix + kBlockSize + 2)
        m_buffer.resize(kChunkPrefix + kBlockSize + 2);

    const auto paced = [rate](std::uint64_t bytes) {
        return std::chrono::duration_cast<Clock::duration>(
            std::chrono::duration<double>(double(bytes) / double(rate)));
    };
    bool gated = resource.gateAfterBytes.has_value();
    const std::uint64_t gateAt = gated ? std::min(*resource.gateAfterBytes, limit) : limit;

    // Pacing by the schedule "sent bytes may leave at start + sent / rate" rather than by
    // sleeping a fixed time per slice keeps the average exact whatever the send calls cost.
    auto start = Clock::now();
    for (std::uint64_t sent = 0;;) {
        if (gated && sent == gateAt) {
            gated = false;
            if (!waitAtGate(entry))
                return Outcome::Close;
            if (rate != 0) // the wait is not credit for a burst
                start = Clock::now() - paced(sent);
        }
        if (sent >= limit)
            break;
        if (m_server.isStopping())
            return Outcome::Close;
        if (rate != 0 && sent > 0 && !sleepUntil(start + paced(sent)))
            return Outcome::Close;
        const std::uint64_t end = gated ? gateAt : limit;
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(slice, end - sent));
        char* data = m_buffer.data() + kChunkPrefix;
        fillContent(resource.seed, body.offset + sent,
                    std::span(reinterpret_cast<std::byte*>(data), n));
        const char* begin = data;
        std::size_t size = n;
        if (resource.chunked) {
            char prefix[kChunkPrefix];
            const int length = std::snprintf(prefix, sizeof prefix, "%zx\r\n", n);
            begin = data - length;
            std::copy_n(prefix, length, data - length);
            data[n] = '\r';
            data[n + 1] = '\n';
            size += static_cast<std::size_t>(length) + 2;
        }
        if (!sendAll(begin, size))
            return Outcome::Close;
        sent += n;
    }

    switch (fault) {
    case Fault::Reset: waitUntilAcknowledged(); return Outcome::Reset;
    case Fault::Stall: return stall();
    case Fault::Short: return Outcome::Close;
    case Fault::None: break;
    }
    if (resource.chunked && !sendAll("0\r\n\r\n", 5))
        return Outcome::Close;
    return closeAfter ? Outcome::Close : Outcome::KeepAlive;
}

bool Connection::waitAtGate(ResourceEntry& entry)
{
    if (entry.gateFd() < 0)
        return true;
    ++entry.held;
    struct Leave {
        ResourceEntry& entry;
        ~Leave() { --entry.held; }
    } leave{entry};
    // The socket is watched to notice a client that gives up; what it sends meanwhile (the
    // next pipelined request) is kept for later.
    pollfd fds[3] = {
        {m_fd, POLLIN, 0}, {m_server.wakeFd(), POLLIN, 0}, {entry.gateFd(), POLLIN, 0}};
    char scratch[4096];
    for (;;) {
        const int ready = ::poll(fds, 3, -1);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0 || fds[1].revents != 0)
            return false;
        if (fds[2].revents != 0)
            return true;
        if (fds[0].revents == 0)
            continue;
        const ssize_t n = ::recv(m_fd, scratch, sizeof scratch, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            return false;
        if (n > 0)
            m_input.append(scratch, static_cast<std::size_t>(n));
        if (m_input.size() > kMaxHeadSize)
            return false; // not a client waiting politely
    }
}

Connection::Outcome Connection::stall()
{
    char scratch[4096];
    for (;;) {
        if (waitFor(POLLIN, -1) == Wait::Stopped)
            return Outcome::Close;
        const ssize_t n = ::recv(m_fd, scratch, sizeof scratch, 0);
        if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR))
            return Outcome::Close;
    }
}

void Connection::waitUntilAcknowledged()
{
    // A reset discards whatever the kernel has not delivered yet; waiting until the peer has
    // acknowledged every byte makes "exactly N bytes, then a reset" hold for the client.
#ifdef __linux__
    const auto deadline = Clock::now() + kAcknowledgeTimeout;
    int pending = 0;
    while (::ioctl(m_fd, SIOCOUTQ, &pending) == 0 && pending > 0 && Clock::now() < deadline) {
        if (!sleepUntil(Clock::now() + kAcknowledgePoll))
            return;
    }
#endif
}

Connection::Wait Connection::waitFor(short events, int timeoutMs)
{
    pollfd fds[2] = {{m_fd, events, 0}, {m_server.wakeFd(), POLLIN, 0}};
    for (;;) {
        const int ready = ::poll(fds, 2, timeoutMs);
        if (ready < 0 && errno == EINTR)
            continue;
        if (ready < 0 || fds[1].revents != 0)
            return Wait::Stopped;
        return ready == 0 ? Wait::Timeout : Wait::Ready;
    }
}

bool Connection::sleepUntil(Clock::time_point deadline)
{
    pollfd wake{m_server.wakeFd(), POLLIN, 0};
    for (;;) {
        const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now());
        if (left.count() <= 0)
            return true;
        const int ready = ::poll(&wake, 1, static_cast<int>(left.count()));
        if (ready > 0)
            return false;
        if (ready < 0 && errno != EINTR)
            return false;
    }
}

bool Connection::sendTrickled(const std::string& data, unsigned intervalMs)
{
    for (const char& c : data) {
        if (!sendAll(&c, 1) || !sleepUntil(Clock::now() + std::chrono::milliseconds(intervalMs)))
            return false;
    }
    return true;
}

bool Connection::sendAll(const char* data, std::size_t size)
{
    while (size > 0) {
        const ssize_t n = ::send(m_fd, data, size, MSG_NOSIGNAL);
        if (n > 0) {
            data += n;
            size -= static_cast<std::size_t>(n);
            continue;
        }
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
            if (waitFor(POLLOUT, -1) != Wait::Ready)
                return false;
            continue;
        }
        return false;
    }
    return true;
}

} // namespace haul::server::detail
