// SPDX-License-Identifier: MIT
#include "testsupport.h"

#include <algorithm>
#include <arpa/inet.h>
#include <cstdio>
#include <cstdlib>
#include <dirent.h>
#include <fcntl.h>
#include <filesystem>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace haul::test {

bool waitUntil(const std::function<bool()>& condition, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline)
            return condition();
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

namespace {

// One line of /proc/net/tcp (IPv4 sockets of this network namespace).
struct TcpSocket {
    std::uint16_t localPort = 0;
    std::uint16_t remotePort = 0;
    unsigned state = 0;   // 0x02 SYN-SENT, 0x0A LISTEN
    unsigned txQueue = 0; // for LISTEN: the backlog
    unsigned rxQueue = 0; // for LISTEN: connections in the accept queue
};
constexpr unsigned kSynSent = 0x02;
constexpr unsigned kListen = 0x0A;

// Empty when the table cannot be read.
std::vector<TcpSocket> tcpSockets()
{
    std::vector<TcpSocket> out;
    FILE* f = std::fopen("/proc/net/tcp", "r");
    if (!f)
        return out;
    char line[512];
    if (!std::fgets(line, sizeof line, f)) { // the column titles
        std::fclose(f);
        return out;
    }
    while (std::fgets(line, sizeof line, f)) {
        TcpSocket s;
        unsigned local = 0, remote = 0;
        if (std::sscanf(line, " %*u: %*x:%x %*x:%x %x %x:%x", &local, &remote, &s.state,
                        &s.txQueue, &s.rxQueue)
            != 5)
            continue;
        s.localPort = static_cast<std::uint16_t>(local);
        s.remotePort = static_cast<std::uint16_t>(remote);
        out.push_back(s);
    }
    std::fclose(f);
    return out;
}

std::uint16_t localPort(int fd)
{
    sockaddr_in a{};
    socklen_t len = sizeof a;
    return ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len) == 0 ? ntohs(a.sin_port) : 0;
}
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
        m_fillerPorts.push_back(localPort(fd));
    }
    // Full once it holds more than its backlog (the kernel's test); then SYNs are dropped.
    waitUntil(
        [this] {
            const auto sockets = tcpSockets();
            if (sockets.empty())
                return true; // cannot tell: the fillers' handshakes on loopback are immediate
            for (const auto& s : sockets)
                if (s.state == kListen && s.localPort == m_port)
                    return s.rxQueue > s.txQueue;
            return true;
        },
        std::chrono::seconds(10));
}

bool BlackHolePort::clientConnecting() const
{
    const auto sockets = tcpSockets();
    if (sockets.empty())
        return true;
    for (const auto& s : sockets)
        if (s.state == kSynSent && s.remotePort == m_port
            && std::find(m_fillerPorts.begin(), m_fillerPorts.end(), s.localPort)
                   == m_fillerPorts.end())
            return true;
    return false;
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
                if (c >= 0) {
                    std::lock_guard lock(m_mutex);
                    m_clients.push_back(c);
                }
            }
        }
    });
}

bool SilentServer::clientWaiting() const
{
    std::lock_guard lock(m_mutex);
    for (int c : m_clients) {
        int unread = 0;
        if (::ioctl(c, FIONREAD, &unread) == 0 && unread > 0)
            return true;
    }
    return false;
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

TlsTestServer::TlsTestServer(const std::string& script)
{
    const std::string cert = m_certs.file("cert.pem"), key = m_certs.file("key.pem");
    const std::string make = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost"
                             " -keyout " + key + " -out " + cert + " >/dev/null 2>&1";
    if (std::system(make.c_str()) != 0)
        return;
    int toChild[2], fromChild[2];
    if (::pipe(toChild) != 0)
        return;
    if (::pipe(fromChild) != 0) {
        ::close(toChild[0]);
        ::close(toChild[1]);
        return;
    }
    m_pid = ::fork();
    if (m_pid == 0) {
        ::dup2(toChild[0], 0);
        ::dup2(fromChild[1], 1);
        ::close(toChild[1]);
        ::close(fromChild[0]);
        ::execlp("python3", "python3", script.c_str(), cert.c_str(), key.c_str(),
                 static_cast<char*>(nullptr));
        ::_exit(127);
    }
    ::close(toChild[0]);
    ::close(fromChild[1]);
    m_stdin = toChild[1];
    // The port, one line; a pipe may hand it over in pieces.
    char c = 0;
    while (::read(fromChild[0], &c, 1) == 1 && c != '\n')
        m_port += c;
    ::close(fromChild[0]);
}

TlsTestServer::~TlsTestServer()
{
    if (m_stdin >= 0)
        ::close(m_stdin); // the server exits
    if (m_pid > 0)
        ::waitpid(m_pid, nullptr, 0);
}

} // namespace haul::test
