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
        if (std::sscanf(line, " %*u: %*x:%x %*x:%x %x %x:%x", &local, &remote, &s.state, &s.txQueue,
                        &s.rxQueue)
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

TlsTestServer::TlsTestServer(const std::string& script)
{
    const std::string cert = m_certs.file("cert.pem"), key = m_certs.file("key.pem");
    const std::string make = "openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost"
                             " -keyout "
                             + key + " -out " + cert + " >/dev/null 2>&1";
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
    m_stdout = fromChild[0];
    // "PORT HELD_PORT", one line; a pipe may hand it over in pieces.
    std::string first;
    char c = 0;
    while (::read(m_stdout, &c, 1) == 1 && c != '\n')
        first += c;
    const auto space = first.find(' ');
    if (space == std::string::npos)
        return; // not running()
    m_port = first.substr(0, space);
    m_heldPort = first.substr(space + 1);
}

bool TlsTestServer::waitFor(const std::string& line, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    for (;;) {
        if (std::find(m_said.begin(), m_said.end(), line) != m_said.end())
            return true;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (m_stdout < 0 || left.count() <= 0)
            return false;
        pollfd fd{m_stdout, POLLIN, 0};
        if (::poll(&fd, 1, static_cast<int>(left.count())) <= 0)
            continue;
        char buffer[256];
        const ssize_t n = ::read(m_stdout, buffer, sizeof buffer);
        if (n <= 0) { // the child ended: nothing more will be said
            ::close(m_stdout);
            m_stdout = -1;
            continue;
        }
        m_partial.append(buffer, static_cast<std::size_t>(n));
        for (auto end = m_partial.find('\n'); end != std::string::npos;
             end = m_partial.find('\n')) {
            m_said.push_back(m_partial.substr(0, end));
            m_partial.erase(0, end + 1);
        }
    }
}

void TlsTestServer::release()
{
    static constexpr char kRelease[] = "release\n";
    if (m_stdin >= 0)
        (void)!::write(m_stdin, kRelease, sizeof kRelease - 1);
}

TlsTestServer::~TlsTestServer()
{
    if (m_stdin >= 0)
        ::close(m_stdin); // the server exits
    if (m_pid > 0)
        ::waitpid(m_pid, nullptr, 0);
    if (m_stdout >= 0)
        ::close(m_stdout);
}

} // namespace haul::test
