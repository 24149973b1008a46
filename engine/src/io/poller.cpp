// SPDX-License-Identifier: MIT
#include "io/poller.h"

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <unistd.h>

namespace haul::engine {

Poller::Poller(CURLM* multi) : m_multi(multi)
{
    m_epoll = ::epoll_create1(EPOLL_CLOEXEC);
    m_event = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (m_epoll >= 0 && m_event >= 0) {
        epoll_event ev{};
        ev.events = EPOLLIN;
        ev.data.fd = m_event;
        ::epoll_ctl(m_epoll, EPOLL_CTL_ADD, m_event, &ev);
    }
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETFUNCTION, &Poller::onSocket);
    curl_multi_setopt(m_multi, CURLMOPT_SOCKETDATA, this);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERFUNCTION, &Poller::onTimer);
    curl_multi_setopt(m_multi, CURLMOPT_TIMERDATA, this);
}

Poller::~Poller()
{
    if (m_event >= 0)
        ::close(m_event);
    if (m_epoll >= 0)
        ::close(m_epoll);
}

void Poller::wake()
{
    const std::uint64_t one = 1;
    // A full counter (never in practice) still leaves the engine awake: ignoring is fine.
    (void)!::write(m_event, &one, sizeof one);
}

int Poller::onSocket(CURL*, curl_socket_t socket, int what, void* self, void*)
{
    auto* p = static_cast<Poller*>(self);
    if (what == CURL_POLL_REMOVE) {
        // After closeSocket() the socket is gone already and its number may be reused.
        if (p->m_watched.erase(socket) && p->m_open.count(socket))
            ::epoll_ctl(p->m_epoll, EPOLL_CTL_DEL, socket, nullptr);
        return 0;
    }
    if (!p->m_open.count(socket))
        return 0; // closed already, or never ours
    epoll_event ev{};
    ev.events = (what & CURL_POLL_IN ? EPOLLIN : 0u) | (what & CURL_POLL_OUT ? EPOLLOUT : 0u);
    ev.data.fd = socket;
    const bool known = !p->m_watched.insert(socket).second;
    ::epoll_ctl(p->m_epoll, known ? EPOLL_CTL_MOD : EPOLL_CTL_ADD, socket, &ev);
    return 0;
}

int Poller::closeSocket(void* self, curl_socket_t socket)
{
    auto* p = static_cast<Poller*>(self);
    if (p->m_watched.erase(socket))
        ::epoll_ctl(p->m_epoll, EPOLL_CTL_DEL, socket, nullptr);
    p->m_open.erase(socket);
    return ::close(socket);
}

int Poller::onTimer(CURLM*, long timeoutMs, void* self)
{
    auto* p = static_cast<Poller*>(self);
    p->m_timerAt = timeoutMs < 0 ? Clock::time_point::max()
                                 : Clock::now() + std::chrono::milliseconds(timeoutMs);
    return 0;
}

void Poller::waitAndDrive(std::chrono::milliseconds maxWait)
{
    const auto now = Clock::now();
    auto wait = maxWait;
    if (m_timerAt != Clock::time_point::max())
        wait = std::min(wait, std::chrono::ceil<std::chrono::milliseconds>(
                                  std::max(m_timerAt - now, Clock::duration::zero())));
    epoll_event events[256];
    const int n = ::epoll_wait(m_epoll, events, 256,
                               static_cast<int>(std::max<std::int64_t>(0, wait.count())));
    int running = 0;
    for (int i = 0; i < n; ++i) {
        const int fd = events[i].data.fd;
        if (fd == m_event) {
            std::uint64_t count = 0;
            (void)!::read(m_event, &count, sizeof count);
            continue;
        }
        int flags = 0;
        if (events[i].events & EPOLLIN)
            flags |= CURL_CSELECT_IN;
        if (events[i].events & EPOLLOUT)
            flags |= CURL_CSELECT_OUT;
        if (events[i].events & (EPOLLERR | EPOLLHUP))
            flags |= CURL_CSELECT_ERR;
        curl_multi_socket_action(m_multi, fd, flags, &running);
    }
    if (m_timerAt <= Clock::now()) {
        m_timerAt = Clock::time_point::max();
        curl_multi_socket_action(m_multi, CURL_SOCKET_TIMEOUT, 0, &running);
    }
}

} // namespace haul::engine
