// SPDX-License-Identifier: MIT
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <unordered_set>

namespace haul::engine {

// The engine thread's wait: epoll over exactly the sockets libcurl asks about, libcurl's timer,
// and an eventfd that other threads use to wake it. With hundreds of transfers this costs per
// event, not per socket (curl_multi_poll would pass every socket to poll() on every turn).
//
// Threads: wake() from any thread. Everything else on the engine thread; the libcurl
// callbacks it installs (socket, timer) run inside curl_multi_socket_action there and only
// update epoll and the timer, never call libcurl.
class Poller {
public:
    using Clock = std::chrono::steady_clock;

    explicit Poller(CURLM* multi);
    ~Poller();
    Poller(const Poller&) = delete;
    Poller& operator=(const Poller&) = delete;

    bool valid() const { return m_epoll >= 0 && m_event >= 0; }
    void wake();
    // Waits until a socket is ready, libcurl's timer is due, wake() was called or maxWait
    // passed, then lets libcurl act on what happened (curl_multi_socket_action).
    void waitAndDrive(std::chrono::milliseconds maxWait);

    // Every socket libcurl uses is opened through openedSocket() (the open-socket callback) and
    // closed through closeSocket() (CURLOPT_CLOSESOCKETFUNCTION, data: the Poller). epoll is
    // only ever told about sockets that are open and ours: libcurl 7.88 may name a socket it
    // already closed, whose number another thread may have reused for its own file.
    void openedSocket(curl_socket_t socket) { m_open.insert(socket); }
    static int closeSocket(void* self, curl_socket_t socket);

private:
    static int onSocket(CURL* easy, curl_socket_t socket, int what, void* self, void* socketData);
    static int onTimer(CURLM* multi, long timeoutMs, void* self);

    CURLM* m_multi;
    int m_epoll = -1;
    int m_event = -1;
    Clock::time_point m_timerAt = Clock::time_point::max();
    std::unordered_set<int> m_open;    // sockets opened for libcurl and not closed yet
    std::unordered_set<int> m_watched; // those of them in epoll
};

} // namespace haul::engine
