// SPDX-License-Identifier: MIT
#include "serverstate.h"

#include "connection.h"
#include "httprequest.h"

#include <array>
#include <cstring>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace haul::server::detail {

namespace {

// Bounds the per-path counters against a client that requests endless distinct paths.
constexpr std::size_t kMaxCountedPaths = 100000;
// The accept thread wakes this often even when idle, to join finished connection threads.
constexpr int kReapIntervalMs = 500;

bool setNonBlockingCloexec(int fd)
{
    const int flags = fcntl(fd, F_GETFL);
    return flags >= 0 && fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0
           && fcntl(fd, F_SETFD, FD_CLOEXEC) == 0;
}

void closeFd(int& fd)
{
    if (fd >= 0)
        ::close(fd);
    fd = -1;
}

} // namespace

ResourceEntry::ResourceEntry(Resource r) : resource(std::move(r))
{
    if (!resource.gateAfterBytes)
        return;
    if (::pipe(m_gate) != 0 || !setNonBlockingCloexec(m_gate[0])
        || !setNonBlockingCloexec(m_gate[1])) {
        closeFd(m_gate[0]);
        closeFd(m_gate[1]);
    }
}

ResourceEntry::~ResourceEntry()
{
    closeFd(m_gate[0]);
    closeFd(m_gate[1]);
}

bool ResourceEntry::openGate()
{
    if (m_gate[1] < 0)
        return false;
    if (!m_open.exchange(true)) {
        const char byte = 1;
        [[maybe_unused]] const auto written = ::write(m_gate[1], &byte, 1);
    }
    return true;
}

ServerState::ServerState(ServerOptions options) : m_options(options) {}

ServerState::~ServerState()
{
    stop();
}

bool ServerState::fail(const std::string& what)
{
    std::array<char, 256> text{};
    m_error = what + ": " + ::strerror_r(errno, text.data(), text.size()); // GNU: the text
    closeFds();
    return false;
}

void ServerState::closeFds()
{
    closeFd(m_listenFd);
    closeFd(m_wakePipe[0]);
    closeFd(m_wakePipe[1]);
}

bool ServerState::start()
{
    std::lock_guard lock(m_lifecycleMutex);
    if (m_started) {
        m_error = "The server was already started once; create a new HttpServer to serve again.";
        return false;
    }
    m_started = true;
    m_error.clear();

    if (::pipe(m_wakePipe) != 0)
        return fail("Cannot create the wake pipe");
    if (!setNonBlockingCloexec(m_wakePipe[0]) || !setNonBlockingCloexec(m_wakePipe[1]))
        return fail("Cannot configure the wake pipe");

    m_listenFd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (m_listenFd < 0)
        return fail("Cannot create a socket");
    // A test that restarts a server on the port of a stopped one must not wait for TIME_WAIT.
    const int one = 1;
    ::setsockopt(m_listenFd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    if (!setNonBlockingCloexec(m_listenFd))
        return fail("Cannot configure the listening socket");

    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(m_options.port);
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::bind(m_listenFd, reinterpret_cast<const sockaddr*>(&address), sizeof address) != 0)
        return fail("Cannot listen on 127.0.0.1:" + std::to_string(m_options.port));
    if (::listen(m_listenFd, 512) != 0)
        return fail("Cannot listen on 127.0.0.1:" + std::to_string(m_options.port));
    socklen_t length = sizeof address;
    if (::getsockname(m_listenFd, reinterpret_cast<sockaddr*>(&address), &length) != 0)
        return fail("Cannot read the listening port");
    m_port = ntohs(address.sin_port);

    try {
        m_acceptThread = std::thread([this] { acceptLoop(); });
    } catch (const std::exception& e) {
        m_error = std::string("Cannot start the accept thread: ") + e.what();
        closeFds();
        m_port = 0;
        return false;
    }
    m_running = true;
    return true;
}

void ServerState::stop()
{
    std::lock_guard lock(m_lifecycleMutex);
    if (!m_running)
        return;
    m_stopping = true;
    const char byte = 1;
    [[maybe_unused]] const auto written = ::write(m_wakePipe[1], &byte, 1);
    m_acceptThread.join();

    std::map<std::uint64_t, std::thread> connections;
    {
        std::lock_guard connectionsLock(m_connectionsMutex);
        connections.swap(m_connections);
        m_finished.clear();
    }
    for (auto& [id, thread] : connections)
        thread.join();
    closeFds();
    m_running = false;
}

std::string ServerState::error() const
{
    std::lock_guard lock(m_lifecycleMutex);
    return m_error;
}

void ServerState::acceptLoop() noexcept
{
    try {
        while (!m_stopping) {
            pollfd fds[2] = {{m_listenFd, POLLIN, 0}, {m_wakePipe[0], POLLIN, 0}};
            const int ready = ::poll(fds, 2, kReapIntervalMs);
            if (ready < 0 && errno != EINTR)
                break;
            if (fds[1].revents != 0)
                break;
            reapFinished();
            if (ready > 0 && fds[0].revents != 0)
                acceptOne();
        }
    } catch (...) {
        // Nothing may escape a thread; stop() still joins whatever connection threads exist.
    }
}

void ServerState::acceptOne()
{
    // Drain the backlog: one readiness report may stand for many pending connections.
    for (;;) {
        const int fd = ::accept(m_listenFd, nullptr, nullptr);
        if (fd < 0)
            return; // EAGAIN, or an error such as EMFILE that the next poll will retry
        if (!setNonBlockingCloexec(fd) || m_open.load() >= m_options.maxConnections) {
            ::close(fd);
            continue;
        }
        const int one = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);

        const std::uint64_t id = m_nextConnectionId++;
        ++m_open;
        ++m_accepted;
        std::lock_guard lock(m_connectionsMutex);
        try {
            m_connections.emplace(id, std::thread([this, fd, id] {
                                      Connection(*this, fd, id).run();
                                      connectionEnded(id);
                                  }));
        } catch (...) {
            ::close(fd);
            --m_open;
        }
    }
}

void ServerState::connectionEnded(std::uint64_t id)
{
    --m_open;
    std::lock_guard lock(m_connectionsMutex);
    m_finished.push_back(id);
}

void ServerState::reapFinished()
{
    std::vector<std::thread> done;
    {
        std::lock_guard lock(m_connectionsMutex);
        for (const std::uint64_t id : m_finished) {
            const auto it = m_connections.find(id);
            if (it != m_connections.end()) {
                done.push_back(std::move(it->second));
                m_connections.erase(it);
            }
        }
        m_finished.clear();
    }
    for (auto& thread : done)
        thread.join();
}

// A replaced or removed registration opens its gate: nobody could release it by path any more.
void ServerState::addResource(std::string path, Resource resource)
{
    auto entry = std::make_shared<ResourceEntry>(std::move(resource));
    std::lock_guard lock(m_resourcesMutex);
    auto& slot = m_resources[std::move(path)];
    if (slot)
        slot->openGate();
    slot = std::move(entry);
}

bool ServerState::removeResource(const std::string& path)
{
    std::lock_guard lock(m_resourcesMutex);
    const auto it = m_resources.find(path);
    if (it == m_resources.end())
        return false;
    it->second->openGate();
    m_resources.erase(it);
    return true;
}

void ServerState::clearResources()
{
    std::lock_guard lock(m_resourcesMutex);
    for (auto& [path, entry] : m_resources)
        entry->openGate();
    m_resources.clear();
}

bool ServerState::releaseGate(const std::string& path)
{
    const auto entry = find(path);
    return entry && entry->openGate();
}

int ServerState::heldAtGate(const std::string& path) const
{
    const auto entry = find(path);
    return entry ? entry->held.load() : 0;
}

std::shared_ptr<ResourceEntry> ServerState::find(const std::string& path) const
{
    std::lock_guard lock(m_resourcesMutex);
    const auto it = m_resources.find(path);
    return it == m_resources.end() ? nullptr : it->second;
}

void ServerState::record(const RequestRecord& request)
{
    ++m_requests;
    std::lock_guard lock(m_logMutex);
    if (auto it = m_pathCounts.find(request.path); it != m_pathCounts.end())
        ++it->second;
    else if (m_pathCounts.size() < kMaxCountedPaths)
        m_pathCounts.emplace(request.path, 1);
    if (m_options.maxLoggedRequests == 0)
        return;
    while (m_log.size() >= m_options.maxLoggedRequests)
        m_log.pop_front();
    m_log.push_back(request);
}

std::uint64_t ServerState::requestCount(const std::string& path) const
{
    std::lock_guard lock(m_logMutex);
    const auto it = m_pathCounts.find(path);
    return it == m_pathCounts.end() ? 0 : it->second;
}

std::vector<RequestRecord> ServerState::requests() const
{
    std::lock_guard lock(m_logMutex);
    return {m_log.begin(), m_log.end()};
}

void ServerState::clearRequests()
{
    std::lock_guard lock(m_logMutex);
    m_log.clear();
}

std::optional<std::string> ServerState::lastRangeHeader(const std::string& path) const
{
    std::lock_guard lock(m_logMutex);
    for (auto it = m_log.rbegin(); it != m_log.rend(); ++it) {
        if (it->path != path)
            continue;
        if (auto range = it->header("Range"))
            return range;
    }
    return std::nullopt;
}

} // namespace haul::server::detail
