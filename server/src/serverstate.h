// SPDX-License-Identifier: MIT
#pragma once

#include <haul/server/httpserver.h>

#include <atomic>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

namespace haul::server::detail {

// A registration of a path. Shared with the connections serving it, so replacing or removing
// the path never invalidates a response in progress.
//
// The gate (Resource::gateAfterBytes) is a pipe, like the server's wake pipe: openGate() writes
// one byte that is never read, so the read end stays readable and a connection polls it along
// with its socket and the wake pipe. Without a gate, or when the pipe cannot be made, gateFd()
// is -1 and the gate counts as open. Every member is thread-safe.
struct ResourceEntry {
    explicit ResourceEntry(Resource r);
    ~ResourceEntry();
    ResourceEntry(const ResourceEntry&) = delete;
    ResourceEntry& operator=(const ResourceEntry&) = delete;

    int gateFd() const { return m_gate[0]; }
    // false when there is no gate. Idempotent.
    bool openGate();

    const Resource resource;
    std::atomic<std::uint64_t> hits{0}; // requests that found this registration
    std::atomic<int> held{0};           // responses waiting at the gate

private:
    int m_gate[2] = {-1, -1};
    std::atomic<bool> m_open{false};
};

// Everything HttpServer owns: the listening socket, the accept thread, the connection threads,
// the resource registry, the counters and the request log.
//
// Threads: start() and stop() from the owner's thread(s), serialised by m_lifecycleMutex; the
// accept loop on its own thread; each Connection on its own thread, which may call find(),
// record(), options(), wakeFd(), isStopping() and connectionEnded() concurrently. Registry, log
// and counter members are thread-safe.
//
// Stop protocol: stop() sets m_stopping and writes one byte to the wake pipe, which is never
// read, so it stays readable; every wait in the server polls it and gives up. Then stop() joins
// the accept thread (so no thread is created afterwards) and every connection thread.
class ServerState {
public:
    explicit ServerState(ServerOptions options);
    ~ServerState();
    ServerState(const ServerState&) = delete;
    ServerState& operator=(const ServerState&) = delete;

    bool start();
    void stop();
    bool isRunning() const { return m_running.load(); }
    std::string error() const;
    std::uint16_t port() const { return m_port.load(); }

    void addResource(std::string path, Resource resource);
    bool removeResource(const std::string& path);
    void clearResources();
    std::shared_ptr<ResourceEntry> find(const std::string& path) const;
    bool releaseGate(const std::string& path);
    int heldAtGate(const std::string& path) const;

    // Counts and logs one parsed request.
    void record(const RequestRecord& request);
    std::uint64_t requestCount() const { return m_requests.load(); }
    std::uint64_t requestCount(const std::string& path) const;
    std::uint64_t connectionsAccepted() const { return m_accepted.load(); }
    int openConnections() const { return m_open.load(); }
    std::vector<RequestRecord> requests() const;
    void clearRequests();
    std::optional<std::string> lastRangeHeader(const std::string& path) const;

    const ServerOptions& options() const { return m_options; }
    int wakeFd() const { return m_wakePipe[0]; }
    bool isStopping() const { return m_stopping.load(); }
    // Called by a connection thread as its very last action.
    void connectionEnded(std::uint64_t id);

private:
    bool fail(const std::string& what);
    void acceptLoop() noexcept;
    void acceptOne();
    void reapFinished();
    void closeFds();

    const ServerOptions m_options;

    mutable std::mutex m_lifecycleMutex;
    std::string m_error;
    bool m_started = false;
    int m_listenFd = -1;
    int m_wakePipe[2] = {-1, -1};
    std::atomic<bool> m_running{false};
    std::atomic<bool> m_stopping{false};
    std::atomic<std::uint16_t> m_port{0};
    std::thread m_acceptThread;

    std::mutex m_connectionsMutex;
    std::map<std::uint64_t, std::thread> m_connections;
    std::vector<std::uint64_t> m_finished;
    std::uint64_t m_nextConnectionId = 1; // accept thread only

    mutable std::mutex m_resourcesMutex;
    std::unordered_map<std::string, std::shared_ptr<ResourceEntry>> m_resources;

    mutable std::mutex m_logMutex;
    std::deque<RequestRecord> m_log;
    std::unordered_map<std::string, std::uint64_t> m_pathCounts;

    std::atomic<std::uint64_t> m_requests{0};
    std::atomic<std::uint64_t> m_accepted{0};
    std::atomic<int> m_open{0};
};

} // namespace haul::server::detail
