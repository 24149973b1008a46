// SPDX-License-Identifier: MIT
#include "testsupport.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

namespace haul::test {

namespace {
int listenLoopback(int backlog, std::uint16_t* port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd, backlog);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    *port = ntohs(a.sin_port);
    return fd;
}
} // namespace

TempDir::TempDir()
{
    char pattern[] = "/tmp/haul-test-XXXXXX";
    m_path = ::mkdtemp(pattern);
}

TempDir::~TempDir()
{
    std::error_code ec;
    std::filesystem::remove_all(m_path, ec);
}

std::vector<std::string> TempDir::list() const
{
    std::vector<std::string> out;
    for (const auto& entry : std::filesystem::directory_iterator(m_path))
        out.push_back(entry.path().filename().string());
    std::sort(out.begin(), out.end());
    return out;
}

bool fileExists(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}

std::int64_t fileSize(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0 ? st.st_size : -1;
}

BlackHolePort::BlackHolePort()
{
    m_listener = listenLoopback(0, &m_port);
    // With backlog 0 the kernel still queues one or two connections; fill the queue so that
    // further SYNs are dropped and the client keeps waiting.
    for (int i = 0; i < 8; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        a.sin_port = htons(m_port);
        ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        m_fillers.push_back(fd);
    }
    ::usleep(50 * 1000);
}

BlackHolePort::~BlackHolePort()
{
    for (int fd : m_fillers)
        ::close(fd);
    ::close(m_listener);
}

SilentServer::SilentServer()
{
    m_listener = listenLoopback(64, &m_port);
    if (::pipe2(m_wake, O_CLOEXEC) != 0)
        std::abort();
    m_thread = std::thread([this] {
        for (;;) {
            pollfd fds[2] = {{m_listener, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
            if (::poll(fds, 2, -1) < 0)
                continue;
            if (fds[1].revents)
                return;
            if (fds[0].revents) {
                const int c = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
                if (c >= 0)
                    m_clients.push_back(c);
            }
        }
    });
}

SilentServer::~SilentServer()
{
    const char x = 1;
    (void)!::write(m_wake[1], &x, 1);
    m_thread.join();
    for (int c : m_clients)
        ::close(c);
    ::close(m_listener);
    ::close(m_wake[0]);
    ::close(m_wake[1]);
}

} // namespace haul::test
