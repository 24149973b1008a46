// SPDX-License-Identifier: MIT
#include "transfer.h"

#include <haul/url.h>

#include <cctype>
#include <charconv>
#include <cstdio>
#include <sys/socket.h>

namespace haul::engine {

namespace {

constexpr long kReceiveBuffer = 256 * 1024;
constexpr auto kProgressInterval = std::chrono::milliseconds(200);

std::string_view trim(std::string_view s)
{
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t'))
        s.remove_prefix(1);
    while (!s.empty() && (s.back() == '\r' || s.back() == '\n' || s.back() == ' ' || s.back() == '\t'))
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

std::string humanBytes(std::int64_t n)
{
    const char* units[] = {"B", "KiB", "MiB", "GiB", "TiB"};
    double v = static_cast<double>(n);
    int u = 0;
    while (v >= 1024 && u < 4) {
        v /= 1024;
        ++u;
    }
    char buf[32];
    std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.1f %s", v, units[u]);
    return buf;
}

} // namespace

Transfer::Transfer(TransferId id, const TransferRequest& request, const SessionOptions& options,
                   std::vector<Event>& outbox)
    : m_id(id)
    , m_request(request)
    , m_options(options)
    , m_outbox(outbox)
{
    const std::string name = m_request.fileName.empty() ? fileNameFromUrl(m_request.url)
                                                        : sanitizeFileName(m_request.fileName);
    m_sink.emplace(m_request.directory, FileSink::uniqueName(m_request.directory, name));

    m_easy = curl_easy_init();
    if (!m_easy)
        return;
    curl_easy_setopt(m_easy, CURLOPT_URL, m_request.url.c_str());
    curl_easy_setopt(m_easy, CURLOPT_PRIVATE, this);
    curl_easy_setopt(m_easy, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(m_easy, CURLOPT_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(m_easy, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
    curl_easy_setopt(m_easy, CURLOPT_FOLLOWLOCATION, 1L);
    curl_easy_setopt(m_easy, CURLOPT_MAXREDIRS, 10L);
    curl_easy_setopt(m_easy, CURLOPT_FAILONERROR, 1L);
    curl_easy_setopt(m_easy, CURLOPT_BUFFERSIZE, kReceiveBuffer);
    curl_easy_setopt(m_easy, CURLOPT_TCP_KEEPALIVE, 1L);
    curl_easy_setopt(m_easy, CURLOPT_CONNECTTIMEOUT_MS, m_options.connectTimeoutMs);
    curl_easy_setopt(m_easy, CURLOPT_LOW_SPEED_LIMIT, m_options.lowSpeedLimit);
    curl_easy_setopt(m_easy, CURLOPT_LOW_SPEED_TIME, m_options.lowSpeedTime);
    curl_easy_setopt(m_easy, CURLOPT_USERAGENT, m_options.userAgent.c_str());
    curl_easy_setopt(m_easy, CURLOPT_WRITEFUNCTION, &Transfer::onWrite);
    curl_easy_setopt(m_easy, CURLOPT_WRITEDATA, this);
    curl_easy_setopt(m_easy, CURLOPT_HEADERFUNCTION, &Transfer::onHeader);
    curl_easy_setopt(m_easy, CURLOPT_HEADERDATA, this);
    curl_easy_setopt(m_easy, CURLOPT_OPENSOCKETFUNCTION, &Transfer::onOpenSocket);
    curl_easy_setopt(m_easy, CURLOPT_OPENSOCKETDATA, this);
    curl_easy_setopt(m_easy, CURLOPT_PREREQFUNCTION, &Transfer::onPrereq);
    curl_easy_setopt(m_easy, CURLOPT_PREREQDATA, this);
}

Transfer::~Transfer()
{
    if (m_easy)
        curl_easy_cleanup(m_easy);
}

void Transfer::emitEvent(EventType type, std::string text, int httpCode, int curlCode)
{
    Event e;
    e.id = m_id;
    e.type = type;
    e.bytes = m_sink->offset();
    e.total = m_total;
    e.speed = type == Progress ? m_speed : 0;
    e.httpCode = httpCode;
    e.curlCode = curlCode;
    e.text = std::move(text);
    m_outbox.push_back(std::move(e));
}

bool Transfer::activate()
{
    m_status = 0;
    m_location.clear();
    m_contentRangeStart = m_contentRangeTotal = -1;
    m_restarted = false;
    m_writeError.clear();
    m_speed = 0;
    m_reportedBytes = -1;
    if (!m_easy) {
        m_state = State::Failed;
        emitEvent(Failed, "Out of memory: cannot start the download.");
        return false;
    }
    if (!m_sink->prepare()) {
        m_state = State::Failed;
        emitEvent(Failed, m_sink->error());
        return false;
    }
    m_requestedFrom = m_sink->offset();
    const std::string range = std::to_string(m_requestedFrom) + "-";
    // CURLOPT_RANGE rather than CURLOPT_RESUME_FROM: we judge the answer ourselves (a 200
    // means start over), where libcurl would refuse it as an error.
    curl_easy_setopt(m_easy, CURLOPT_RANGE, m_requestedFrom > 0 ? range.c_str() : nullptr);
    m_state = State::Active;
    m_lastReport = std::chrono::steady_clock::now();
    m_speedBytes = m_requestedFrom;
    emitEvent(Resolving, maskCredentials(m_request.url));
    return true;
}

void Transfer::finish(CURLcode code)
{
    long status = 0;
    curl_easy_getinfo(m_easy, CURLINFO_RESPONSE_CODE, &status);
    // A .part that already holds the whole file: the server says there is nothing past its end.
    const bool alreadyWhole = code == CURLE_HTTP_RETURNED_ERROR && status == 416
        && m_requestedFrom > 0 && m_contentRangeTotal == m_requestedFrom;
    if (code == CURLE_OK || alreadyWhole) {
        if (alreadyWhole)
            m_total = m_requestedFrom;
        if (m_sink->commit()) {
            m_state = State::Completed;
            emitEvent(Completed, m_sink->finalPath(), static_cast<int>(status));
        } else {
            m_state = State::Failed;
            emitEvent(Failed, m_sink->error(), static_cast<int>(status));
        }
        return;
    }
    m_sink->close();
    m_state = State::Failed;
    emitEvent(Failed, describeFailure(code), static_cast<int>(status), code);
}

void Transfer::stop(EventType completion)
{
    m_sink->close();
    m_state = completion == Paused ? State::Paused : State::Cancelled;
    emitEvent(completion);
}

void Transfer::reportProgress(std::chrono::steady_clock::time_point now)
{
    if (m_state != State::Active)
        return;
    const auto elapsed = now - m_lastReport;
    if (elapsed < kProgressInterval)
        return;
    const std::int64_t bytes = m_sink->offset();
    const double seconds = std::chrono::duration<double>(elapsed).count();
    const double instant = static_cast<double>(bytes - m_speedBytes) / seconds;
    m_speed = m_speed == 0 ? instant : 0.6 * m_speed + 0.4 * instant;
    m_speedBytes = bytes;
    m_lastReport = now;
    if (bytes == m_reportedBytes && m_speed < 1)
        return;
    m_reportedBytes = bytes;
    emitEvent(Progress);
}

size_t Transfer::onWrite(char* data, size_t size, size_t n, void* self)
{
    auto* t = static_cast<Transfer*>(self);
    if (!t->m_writeError.empty())
        return 0;
    if (!t->m_sink->write(data, size * n)) {
        t->m_writeError = t->m_sink->error();
        return 0;
    }
    return size * n;
}

size_t Transfer::onHeader(char* data, size_t size, size_t n, void* self)
{
    static_cast<Transfer*>(self)->handleHeaderLine(std::string_view(data, size * n));
    return size * n;
}

void Transfer::handleHeaderLine(std::string_view raw)
{
    const std::string_view line = trim(raw);
    if (startsWithNoCase(line, "http/")) {
        const auto sp = line.find(' ');
        m_status = sp == std::string_view::npos ? 0 : static_cast<int>(toInt(line.substr(sp + 1, 3)));
        m_location.clear();
        m_contentRangeStart = m_contentRangeTotal = -1;
        m_total = -1;
        return;
    }
    if (!line.empty()) {
        const auto colon = line.find(':');
        if (colon == std::string_view::npos)
            return;
        const std::string_view value = trim(line.substr(colon + 1));
        if (startsWithNoCase(line, "location:")) {
            m_location = std::string(value);
        } else if (startsWithNoCase(line, "content-length:")) {
            m_total = toInt(value);
        } else if (startsWithNoCase(line, "content-range:")) {
            // "bytes 100-199/1000" or "bytes */1000"
            const auto space = value.find(' ');
            const auto slash = value.find('/');
            if (space != std::string_view::npos && slash != std::string_view::npos) {
                const std::string_view span = value.substr(space + 1, slash - space - 1);
                const auto dash = span.find('-');
                m_contentRangeStart = dash == std::string_view::npos ? -1 : toInt(span.substr(0, dash));
                m_contentRangeTotal = toInt(value.substr(slash + 1));
            }
        }
        return;
    }
    // End of one response's headers.
    if (m_status >= 100 && m_status < 200)
        return;
    if (m_status >= 300 && m_status < 400 && !m_location.empty()) {
        emitEvent(Redirect, maskCredentials(m_location), m_status);
        return;
    }
    std::string note;
    if (m_status >= 400)
        m_total = -1; // the length of an error page says nothing about the file
    if (m_status == 206) {
        m_total = m_contentRangeTotal;
        if (m_contentRangeStart != m_requestedFrom) {
            // Rule 14: only a 206 whose Content-Range matches the request is trusted.
            m_writeError = "The server answered the resume request with the wrong range ("
                + std::to_string(m_contentRangeStart) + " instead of "
                + std::to_string(m_requestedFrom) + "); nothing was written. Try again later.";
        }
    } else if (m_status == 200 && m_requestedFrom > 0) {
        // Rule 14: a 200 to a Range request is the whole file: start over, never append.
        if (m_sink->restart()) {
            note = "Server does not support resuming; restarted from 0 B (" + humanBytes(m_requestedFrom)
                + " discarded).";
            m_restarted = true;
            m_requestedFrom = 0;
        } else {
            m_writeError = m_sink->error();
        }
    }
    emitEvent(HeadersReceived, note, m_status);
}

curl_socket_t Transfer::onOpenSocket(void* self, curlsocktype purpose, curl_sockaddr* address)
{
    auto* t = static_cast<Transfer*>(self);
    if (purpose == CURLSOCKTYPE_IPCXN)
        t->emitEvent(Connecting);
    const int fd = ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
    return fd < 0 ? CURL_SOCKET_BAD : fd;
}

int Transfer::onPrereq(void* self, char*, char*, int, int)
{
    auto* t = static_cast<Transfer*>(self);
    t->emitEvent(Connected);
    t->emitEvent(RequestSent);
    return CURL_PREREQFUNC_OK;
}

std::string Transfer::describeFailure(CURLcode code) const
{
    const std::string have = humanBytes(m_sink->offset());
    switch (code) {
    case CURLE_WRITE_ERROR:
        return m_writeError.empty() ? "Cannot write the file." : m_writeError;
    case CURLE_HTTP_RETURNED_ERROR: {
        long status = 0;
        curl_easy_getinfo(m_easy, CURLINFO_RESPONSE_CODE, &status);
        std::string text = "The server answered HTTP " + std::to_string(status);
        if (status == 404)
            text += " (not found): check the address.";
        else if (status == 403 || status == 401)
            text += " (access denied): the link may need a login or may have expired.";
        else if (status == 416)
            text += " (range not satisfiable): the file on the server changed; restart it.";
        else if (status >= 500)
            text += " (server error): try again later.";
        else
            text += ".";
        return text;
    }
    case CURLE_UNSUPPORTED_PROTOCOL:
        return "Redirected to an address that is not http:// or https://; refused for safety.";
    case CURLE_TOO_MANY_REDIRECTS:
        return "Too many redirects (more than 10): the link loops.";
    case CURLE_COULDNT_RESOLVE_HOST:
        return "Could not find the server's name: check the address and your connection.";
    case CURLE_COULDNT_CONNECT:
        return "Could not connect to the server: it may be down or unreachable.";
    case CURLE_OPERATION_TIMEDOUT:
        return "The server stopped sending data (timed out); " + have
            + " kept, resume to continue.";
    case CURLE_PARTIAL_FILE:
        return "The connection closed before the whole file arrived; " + have
            + " kept, resume to continue.";
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
        return "The connection was lost; " + have + " kept, resume to continue.";
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CONNECT_ERROR:
        return "The secure connection failed: the server's certificate could not be verified.";
    default:
        return std::string(curl_easy_strerror(code)) + "; " + have + " kept.";
    }
}

} // namespace haul::engine
