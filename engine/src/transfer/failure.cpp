// SPDX-License-Identifier: MIT
#include "transfer/failure.h"

#include <haul/text.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

namespace haul::engine {

namespace {

bool transientHttp(int status)
{
    return status == 408 || status == 429 || status == 500 || status == 502 || status == 503
           || status == 504;
}

bool transientCurl(CURLcode code)
{
    switch (code) {
    case CURLE_COULDNT_CONNECT:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_PARTIAL_FILE:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_HTTP2:
    case CURLE_HTTP2_STREAM: return true;
    default: return false;
    }
}

} // namespace

bool isTransient(CURLcode code, int httpStatus)
{
    return transientCurl(code) || (code == CURLE_HTTP_RETURNED_ERROR && transientHttp(httpStatus));
}

std::optional<std::chrono::milliseconds> parseRetryAfter(const std::string& value)
{
    if (value.empty())
        return std::nullopt;
    char* end = nullptr;
    const long seconds = std::strtol(value.c_str(), &end, 10);
    if (end != value.c_str() && *end == '\0' && seconds >= 0)
        return std::chrono::seconds(std::min(seconds, 3600L));
    const time_t when = curl_getdate(value.c_str(), nullptr); // a pure parser
    if (when < 0)
        return std::nullopt;
    const auto delta = when - std::time(nullptr);
    return std::chrono::seconds(std::clamp<long>(static_cast<long>(delta), 0, 3600));
}

std::optional<std::string> headersTooLarge(CURLcode code, bool headersDone, long headerBytes,
                                           std::int64_t bytesKept)
{
    // libcurl's own limits (CURL_MAX_HTTP_HEADER, MAX_HTTP_RESP_HEADER_SIZE).
    constexpr long kMaxHead = 300L * 1024;
    if (headersDone)
        return std::nullopt;
    // 7.x has no other name for a line its buffer would not take; memory truly running out
    // before the head ended is far less likely than a server sending one.
    bool tooLarge =
        code == CURLE_OUT_OF_MEMORY || (code == CURLE_RECV_ERROR && headerBytes > kMaxHead);
#if LIBCURL_VERSION_NUM >= 0x080600
    tooLarge = tooLarge || code == CURLE_TOO_LARGE;
#endif
    if (!tooLarge)
        return std::nullopt;
    return "The server's response headers were too large (a line over 100 KiB, or over 300 KiB "
           "in all), so its answer was refused; "
           + formatBytes(static_cast<double>(bytesKept))
           + " kept. The server is misbehaving: try again later or use another address.";
}

std::string describeFailure(CURLcode code, int status, std::int64_t bytesKept,
                            const std::string& writeError)
{
    const std::string have = formatBytes(static_cast<double>(bytesKept));
    switch (code) {
    case CURLE_WRITE_ERROR: return writeError.empty() ? "Cannot write the file." : writeError;
    case CURLE_HTTP_RETURNED_ERROR: {
        std::string text = "The server answered HTTP " + std::to_string(status);
        if (status == 404 || status == 410)
            text += " (not found): check the address.";
        else if (status == 403 || status == 401)
            text += " (access denied): the link may need a login or may have expired.";
        else if (status == 416)
            text += " (range not satisfiable): the file on the server changed; restart it.";
        else if (status == 429)
            text += " (too many requests).";
        else if (status >= 500)
            text += " (server error).";
        else
            text += ".";
        return text;
    }
    case CURLE_UNSUPPORTED_PROTOCOL:
        return "Redirected to an address that is not http:// or https://; refused for safety.";
    case CURLE_TOO_MANY_REDIRECTS: return "Too many redirects (more than 10): the link loops.";
    case CURLE_COULDNT_RESOLVE_HOST:
        return "Could not find the server's name: check the address and your connection.";
    case CURLE_COULDNT_CONNECT:
        return "Could not connect to the server: it may be down or unreachable.";
    case CURLE_OPERATION_TIMEDOUT:
        return "The server stopped sending data (timed out); " + have + " kept.";
    case CURLE_PARTIAL_FILE:
        return "The connection closed before the whole file arrived; " + have + " kept.";
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
    case CURLE_GOT_NOTHING: return "The connection was lost; " + have + " kept.";
    case CURLE_PEER_FAILED_VERIFICATION:
        return "The server's certificate could not be verified (self-signed, expired or for "
               "another name). Allow it for this download only if you trust the server.";
    case CURLE_SSL_CONNECT_ERROR:
        return "The secure connection (TLS) could not be set up with the server.";
    default: return std::string(curl_easy_strerror(code)) + "; " + have + " kept.";
    }
}

} // namespace haul::engine
