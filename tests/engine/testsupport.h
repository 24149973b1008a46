// SPDX-License-Identifier: MIT
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <sys/types.h>
#include <thread>
#include <vector>

namespace haul::test {

// Polls condition every few milliseconds until it holds or timeout passes, and says whether it
// holds: for a state that no event announces (a file's size, a server's counter). The default
// is generous on purpose: a loaded machine is slow, and a condition that holds ends the wait.
bool waitUntil(const std::function<bool()>& condition,
               std::chrono::milliseconds timeout = std::chrono::seconds(60));

// A fresh folder under /tmp, removed with its contents at destruction.
class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return m_path; }
    std::string file(const std::string& name) const { return m_path + "/" + name; }
    std::vector<std::string> list() const; // file names, sorted

private:
    std::string m_path;
};

bool fileExists(const std::string& path);
std::int64_t fileSize(const std::string& path); // -1 when missing

// A TCP listener on 127.0.0.1 that never completes a handshake for new clients: its backlog is
// filled at construction, so a connect() to port() stays in SYN-SENT ("a port that never
// answers"), without sending a packet off this machine.
class BlackHolePort {
public:
    BlackHolePort();
    ~BlackHolePort();
    std::uint16_t port() const { return m_port; }
    // A client other than the fillers is in SYN-SENT towards port(): its connect() is under
    // way and stays so. Read from /proc/net/tcp; true when that cannot be read.
    bool clientConnecting() const;

private:
    int m_listener = -1;
    std::vector<int> m_fillers;
    std::vector<std::uint16_t> m_fillerPorts; // their local ports
    std::uint16_t m_port = 0;
};

// A TLS server on 127.0.0.1 with a self-signed certificate made for it (openssl), run as a
// child: tests/engine/servers/https_server.py (GET /file, GET /redirect?to=URL). It stops when
// this object closes the child's stdin.
//
// heldUrl()'s port holds every TLS handshake: the server reads the client's ClientHello, says
// "hello" and answers nothing until release(); then the handshake goes on ("handshake done" or
// "handshake failed"). A client that hangs up while held makes it say "gone". waitFor() waits
// until the server has said a line (at any time since it started).
class TlsTestServer {
public:
    explicit TlsTestServer(const std::string& script);
    ~TlsTestServer();
    TlsTestServer(const TlsTestServer&) = delete;
    TlsTestServer& operator=(const TlsTestServer&) = delete;
    bool running() const { return !m_port.empty(); }
    std::string url(const std::string& path) const { return "https://127.0.0.1:" + m_port + path; }
    std::string heldUrl(const std::string& path) const
    {
        return "https://127.0.0.1:" + m_heldPort + path;
    }
    bool waitFor(const std::string& line,
                 std::chrono::milliseconds timeout = std::chrono::seconds(60));
    // Lets every held handshake, and every later one on heldUrl()'s port, go on.
    void release();

private:
    TempDir m_certs;
    pid_t m_pid = -1;
    int m_stdin = -1;
    int m_stdout = -1;
    std::string m_port;
    std::string m_heldPort;
    std::string m_partial;           // the child's output after its last complete line
    std::vector<std::string> m_said; // its complete lines
};

} // namespace haul::test
