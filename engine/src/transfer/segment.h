// SPDX-License-Identifier: MIT
#pragma once

#include "transfer/speedmeter.h"

#include <haul/session.h>

#include <curl/curl.h>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace haul::engine {

class Transfer;

// What one HTTP response said, as far as a download cares.
struct ResponseInfo {
    int status = 0;
    std::int64_t contentLength = -1;
    std::int64_t rangeStart = -1; // Content-Range: bytes START-END/TOTAL
    std::int64_t rangeTotal = -1; // TOTAL, or the size in "bytes */SIZE" of a 416
    bool acceptRanges = false;
    std::string location;
    std::string etag;
    std::string lastModified;
    std::string contentDisposition;
    std::string retryAfter;
};

// One connection of a download: a libcurl easy handle fetching the byte range [start, end)
// (end -1: to the end of the file) and writing it at its offset. Received bytes are coalesced
// in a buffer and written in large blocks.
//
// Engine thread only. Its libcurl callbacks run inside curl_multi_perform and hand everything
// to the owning Transfer, which never delivers events from there (it queues them).
class Segment {
public:
    Segment(Transfer& owner, std::int64_t start, std::int64_t end, long receiveBuffer);
    ~Segment();
    Segment(const Segment&) = delete;
    Segment& operator=(const Segment&) = delete;

    CURL* easy() const { return m_easy; }
    Transfer& owner() const { return m_owner; }
    // Request headers that must live as long as the handle; the segment frees them.
    void setHeaders(curl_slist* headers) { m_headers = headers; }
    // The address this connection asks, and how many redirects led to it.
    void setUrl(std::string url, int redirects)
    {
        m_url = std::move(url);
        m_redirects = redirects;
    }
    const std::string& url() const { return m_url; }
    int redirects() const { return m_redirects; }
    // The response is a redirect (3xx with a Location): its body is not the file's.
    bool isRedirect() const
    {
        return m_response.status >= 300 && m_response.status < 400 && !m_response.location.empty();
    }
    std::int64_t start() const { return m_start; }
    std::int64_t end() const { return m_end; }
    std::int64_t position() const { return m_position; }
    // Shrinks the range (another segment takes the rest). Never below what was received.
    void setEnd(std::int64_t end) { m_end = std::max(end, m_position); }
    bool reachedEnd() const { return m_end >= 0 && m_position >= m_end; }

    // Bytes received but not yet written: [flushedTo(), position()).
    std::int64_t flushedTo() const { return m_flushedTo; }
    // Writes buffered bytes at their offset. false with the sink's error.
    bool flush();
    // Hands over the buffered bytes (counted as written: the caller writes them).
    std::vector<char> takeBuffer()
    {
        m_flushedTo = m_position;
        return std::move(m_buffer);
    }

    const ResponseInfo& response() const { return m_response; }
    bool headersDone() const { return m_headersDone; }
    bool pausedForRate() const { return m_pausedForRate; }
    // This connection's speed (its received bytes), sampled with its transfer's progress.
    SpeedMeter& meter() { return m_meter; }
    const SpeedMeter& meter() const { return m_meter; }
    void setPausedForRate(bool paused) { m_pausedForRate = paused; }

    // Bytes gathered before a write: large blocks for a few fast downloads, small ones when
    // hundreds run at once and memory per download matters more than syscalls.
    static std::size_t blockSize(const SessionOptions& options)
    {
        return manyAtOnce(options) ? 16 * 1024 : 1 << 20;
    }
    // Hundreds at once: once its file exists a download writes what it receives as it comes,
    // so that a slow one does not hold a block of memory for seconds. (The first block is
    // still gathered: a small file whole in memory is written out off the engine thread.)
    static bool manyAtOnce(const SessionOptions& options) { return options.maxConcurrent > 64; }

private:
    static size_t onWrite(char* data, size_t size, size_t n, void* self);
    static size_t onHeader(char* data, size_t size, size_t n, void* self);
    static curl_socket_t onOpenSocket(void* self, curlsocktype purpose, curl_sockaddr* address);
    static int onPrereq(void* self, char*, char*, int, int);
    void handleHeaderLine(std::string_view line);
    size_t handleData(const char* data, size_t size);

    Transfer& m_owner;
    CURL* m_easy = nullptr;
    curl_slist* m_headers = nullptr;
    std::string m_url;
    int m_redirects = 0;
    std::int64_t m_start;
    std::int64_t m_end;
    std::int64_t m_askedEnd; // the end of the range requested (-1: to the end of the file)
    std::int64_t m_position;
    std::int64_t m_flushedTo;
    std::vector<char> m_buffer;
    std::size_t m_blockSize;
    bool m_writeThrough; // manyAtOnce()
    ResponseInfo m_response;
    bool m_headersDone = false;
    bool m_pausedForRate = false;
    SpeedMeter m_meter;
};

} // namespace haul::engine
