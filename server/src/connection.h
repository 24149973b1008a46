// SPDX-License-Identifier: MIT
#pragma once

#include <haul/server/httpserver.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace haul::server::detail {

class ServerState;
struct ResourceEntry;

// Serves the requests of one accepted socket, in order, until the client closes it, a response
// ends it (Connection: close, a fault) or the server stops.
//
// Threads: created and run() on the connection's own thread; touches the ServerState only
// through its thread-safe members. Owns fd and closes it before run() returns. Every wait polls
// the server's wake pipe too, so stop() is never held up by a slow or silent client.
class Connection {
public:
    Connection(ServerState& server, int fd, std::uint64_t id);
    ~Connection();
    Connection(const Connection&) = delete;
    Connection& operator=(const Connection&) = delete;

    void run() noexcept;

private:
    enum class Outcome {
        KeepAlive, // ready for the next request
        Close,     // orderly close (FIN)
        Reset,     // abortive close (RST)
    };
    enum class Wait { Ready, Timeout, Stopped };
    enum class Head { Ok, Closed, Idle, TooLarge, Failed };

    struct Body {
        std::uint64_t offset = 0;
        std::uint64_t length = 0;
    };

    Outcome serveOne();
    Head readHead(std::string& head);
    Outcome respond(const RequestRecord& request, bool closeAfter);
    Outcome respondWithResource(const RequestRecord& request, ResourceEntry& entry,
                                bool closeAfter);
    Outcome sendSimple(int status, const RequestRecord* request, bool closeAfter,
                       const std::vector<std::string>& headers);
    Outcome sendBody(ResourceEntry& entry, Body body, bool closeAfter);
    bool waitAtGate(ResourceEntry& entry);
    Outcome stall();
    void waitUntilAcknowledged();

    Wait waitFor(short events, int timeoutMs);
    bool sleepUntil(std::chrono::steady_clock::time_point deadline);
    bool sendAll(const char* data, std::size_t size);
    bool sendTrickled(const std::string& data, unsigned intervalMs);
    void finish(Outcome outcome);

    ServerState& m_server;
    int m_fd;
    const std::uint64_t m_id;
    std::string m_input; // bytes received and not yet consumed (pipelined requests)
    std::vector<char> m_buffer;
};

} // namespace haul::server::detail
