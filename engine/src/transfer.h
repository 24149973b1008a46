// SPDX-License-Identifier: MIT
#pragma once

#include "filesink.h"

#include <haul/events.h>
#include <haul/session.h>

#include <curl/curl.h>

#include <chrono>
#include <optional>
#include <string>
#include <vector>

namespace haul::engine {

// One download and its libcurl easy handle. Lives on the engine thread only: every member is
// called there, and libcurl's callbacks that it installs run there too (inside
// curl_multi_perform). Those callbacks never deliver events themselves: they append to the
// outbox, which the engine delivers after curl_multi_perform returned (rule 9).
class Transfer {
public:
    enum class State { Idle, Queued, Active, Paused, Completed, Failed, Cancelled };

    Transfer(TransferId id, const TransferRequest& request, const SessionOptions& options,
             std::vector<Event>& outbox);
    ~Transfer();
    Transfer(const Transfer&) = delete;
    Transfer& operator=(const Transfer&) = delete;

    TransferId id() const { return m_id; }
    State state() const { return m_state; }
    bool isPending() const { return m_state == State::Queued || m_state == State::Active; }
    void setState(State s) { m_state = s; }
    CURL* easy() const { return m_easy; }

    // Prepares the easy handle and the .part file for an operation. On false the transfer has
    // already emitted Failed (the error came from the disk, not from the caller's arguments).
    bool activate();
    // After CURLMSG_DONE (the handle is already out of the multi handle).
    void finish(CURLcode code);
    // Ends a pending operation with Paused or Cancelled (handle already out of the multi).
    void stop(EventType completion);
    // Emits a coalesced Progress event when bytes moved since the last one.
    void reportProgress(std::chrono::steady_clock::time_point now);

    // The completion emitted last; the engine reads it to update the thread-safe registry.
    void emitEvent(EventType type, std::string text = {}, int httpCode = 0, int curlCode = 0);

private:
    static size_t onWrite(char* data, size_t size, size_t n, void* self);
    static size_t onHeader(char* data, size_t size, size_t n, void* self);
    static curl_socket_t onOpenSocket(void* self, curlsocktype purpose, curl_sockaddr* address);
    static int onPrereq(void* self, char*, char*, int, int);

    void handleHeaderLine(std::string_view line);
    std::string describeFailure(CURLcode code) const;

    TransferId m_id;
    TransferRequest m_request;
    const SessionOptions& m_options;
    std::vector<Event>& m_outbox;
    CURL* m_easy = nullptr;
    std::optional<FileSink> m_sink;
    State m_state = State::Idle;

    // Per operation, from the response headers.
    int m_status = 0;
    std::int64_t m_requestedFrom = 0; // Range start asked for, 0 = whole file
    std::int64_t m_total = -1;
    std::string m_location;
    std::int64_t m_contentRangeStart = -1;
    std::int64_t m_contentRangeTotal = -1;
    bool m_bodyStarted = false;
    bool m_restarted = false; // the server ignored our Range: we started over from 0
    std::string m_writeError;

    // Progress coalescing and speed.
    std::int64_t m_reportedBytes = -1;
    std::chrono::steady_clock::time_point m_lastReport{};
    std::int64_t m_speedBytes = 0;
    double m_speed = 0;
};

} // namespace haul::engine
