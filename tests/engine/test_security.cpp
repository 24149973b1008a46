// SPDX-License-Identifier: MIT
// Attacks on the files Haul writes and on its patience, each performed for real: a NAME.part
// that is a symbolic or a hard link to another file (in a temporary folder), a file that
// appears under the final name while the download runs, a server that names its file after
// another download's, a server whose file changes on every request or never ends, names that
// hide what they are, response headers too large to hold. Each test checks that no byte
// outside the download changed and that the user is told what happened.
#include "eventrecorder.h"
#include "testsupport.h"

#include <haul/server/content.h>
#include <haul/server/httpserver.h>
#include <haul/session.h>

#include <gtest/gtest.h>

#include <arpa/inet.h>
#include <atomic>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <mutex>
#include <netinet/in.h>
#include <poll.h>
#include <set>
#include <span>
#include <sstream>
#include <sys/socket.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>
#include <vector>

using namespace haul;
using namespace std::chrono_literals;

namespace {

std::string readAll(const std::string& path)
{
    std::ifstream f(path, std::ios::binary);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

void writeAll(const std::string& path, const std::string& bytes)
{
    std::ofstream(path, std::ios::binary) << bytes;
}

// Something is at path, a dangling symbolic link included (test::fileExists follows links).
bool present(const std::string& path)
{
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

bool isSymlink(const std::string& path)
{
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISLNK(st.st_mode);
}

nlink_t linkCount(const std::string& path)
{
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 ? st.st_nlink : 0;
}

// The first bytes the loopback server sends for a resource of this seed.
std::string servedPrefix(std::uint64_t seed, std::size_t size)
{
    std::string bytes(size, '\0');
    server::fillContent(seed, 0, std::as_writable_bytes(std::span(bytes.data(), bytes.size())));
    return bytes;
}

bool contains(const std::string& text, const std::string& part)
{
    return text.find(part) != std::string::npos;
}

// The file holds exactly these bytes; says only the sizes when not (the bytes are binary).
::testing::AssertionResult holds(const std::string& path, const std::string& expected)
{
    const std::string actual = readAll(path);
    if (actual == expected)
        return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << path << " holds other bytes (" << actual.size()
                                         << " instead of " << expected.size() << ")";
}

// A server whose file is a different one on every request, which the loopback server cannot
// be (what it answers for a path is fixed): a new ETag, or a new size in Content-Range, each
// time. A request from byte 0 gets its head and then nothing, so the download splits into
// more connections meanwhile; the others get their range. NoLength sends a body with neither
// Content-Length nor chunks, ended by closing the connection. One request per connection.
class ShapeShiftingServer {
public:
    enum class Mode { NewETag, NewSize, NoLength };

    ShapeShiftingServer(Mode mode, std::int64_t size) : m_mode(mode), m_size(size)
    {
        m_listener = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        if (m_listener < 0 || ::bind(m_listener, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0
            || ::listen(m_listener, 64) != 0
            || ::getsockname(m_listener, reinterpret_cast<sockaddr*>(&a), &len) != 0
            || ::pipe2(m_wake, O_CLOEXEC) != 0) {
            ADD_FAILURE() << "cannot listen on 127.0.0.1: " << std::strerror(errno);
            return;
        }
        m_port = ntohs(a.sin_port);
        m_acceptor = std::thread([this] { acceptLoop(); });
    }

    ~ShapeShiftingServer()
    {
        if (m_acceptor.joinable()) {
            [[maybe_unused]] const auto n = ::write(m_wake[1], "x", 1);
            m_acceptor.join();
        }
        {
            std::lock_guard lock(m_mutex);
            for (int fd : m_open)
                ::shutdown(fd, SHUT_RDWR); // wakes a connection wherever it waits
        }
        for (auto& t : m_threads)
            t.join();
        for (int fd : {m_listener, m_wake[0], m_wake[1]})
            if (fd >= 0)
                ::close(fd);
    }

    std::string url(const std::string& path) const
    {
        return "http://127.0.0.1:" + std::to_string(m_port) + path;
    }
    int requests() const { return m_requests.load(); }

private:
    void acceptLoop()
    {
        for (;;) {
            pollfd fds[2] = {{m_listener, POLLIN, 0}, {m_wake[0], POLLIN, 0}};
            if (::poll(fds, 2, -1) < 0) {
                if (errno == EINTR)
                    continue;
                return;
            }
            if (fds[1].revents != 0)
                return;
            const int fd = ::accept4(m_listener, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd < 0)
                continue;
            std::lock_guard lock(m_mutex);
            m_open.insert(fd);
            m_threads.emplace_back([this, fd] {
                serve(fd);
                std::lock_guard done(m_mutex);
                m_open.erase(fd);
                ::close(fd);
            });
        }
    }

    static bool sendAll(int fd, const char* data, std::size_t size)
    {
        while (size > 0) {
            const ssize_t n = ::send(fd, data, size, MSG_NOSIGNAL);
            if (n < 0 && errno == EINTR)
                continue;
            if (n <= 0)
                return false;
            data += n;
            size -= static_cast<std::size_t>(n);
        }
        return true;
    }

    static bool sendBody(int fd, std::int64_t length)
    {
        const std::string block(64 * 1024, 'x');
        for (std::int64_t sent = 0; sent < length;) {
            const auto n = static_cast<std::size_t>(
                std::min<std::int64_t>(length - sent, static_cast<std::int64_t>(block.size())));
            if (!sendAll(fd, block.data(), n))
                return false;
            sent += static_cast<std::int64_t>(n);
        }
        return true;
    }

    void serve(int fd)
    {
        std::string head;
        char buffer[4096];
        while (head.find("\r\n\r\n") == std::string::npos) {
            const ssize_t n = ::recv(fd, buffer, sizeof buffer, 0);
            if (n <= 0 || head.size() > 65536)
                return;
            head.append(buffer, static_cast<std::size_t>(n));
        }
        const int number = ++m_requests;
        if (m_mode == Mode::NoLength) {
            const std::string response = "HTTP/1.1 200 OK\r\nContent-Type: application/"
                                         "octet-stream\r\nConnection: close\r\n\r\n";
            if (sendAll(fd, response.data(), response.size()))
                sendBody(fd, m_size);
            return;
        }
        std::int64_t from = -1, to = -1;
        if (const auto at = head.find("\r\nRange: bytes="); at != std::string::npos) {
            long long a = -1, b = -1;
            const int got = std::sscanf(head.c_str() + at, "\r\nRange: bytes=%lld-%lld", &a, &b);
            from = got >= 1 ? a : -1;
            to = got == 2 ? b : -1;
        }
        const std::int64_t total = m_mode == Mode::NewSize ? m_size + number * 65536 : m_size;
        const std::string etag = m_mode == Mode::NewETag ? "\"v" + std::to_string(number) + "\""
                                                         : std::string("\"same\"");
        std::string response;
        std::int64_t length = total;
        if (from >= 0) {
            if (to < 0 || to >= total)
                to = total - 1;
            length = to - from + 1;
            response = "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes "
                       + std::to_string(from) + "-" + std::to_string(to) + "/"
                       + std::to_string(total) + "\r\n";
        } else {
            response = "HTTP/1.1 200 OK\r\n";
        }
        response += "Content-Length: " + std::to_string(length)
                    + "\r\nAccept-Ranges: bytes\r\nETag: " + etag + "\r\nConnection: close\r\n\r\n";
        if (!sendAll(fd, response.data(), response.size()))
            return;
        if (from <= 0) {
            char c;
            while (::recv(fd, &c, 1, 0) > 0) {
            } // until the client gives up on it (or the server stops)
            return;
        }
        sendBody(fd, length);
    }

    Mode m_mode;
    std::int64_t m_size;
    int m_listener = -1;
    int m_wake[2] = {-1, -1};
    std::uint16_t m_port = 0;
    std::atomic<int> m_requests{0};
    std::thread m_acceptor;
    std::mutex m_mutex; // guards m_open and m_threads
    std::set<int> m_open;
    std::vector<std::thread> m_threads;
};

struct Security : ::testing::Test {
    Security() { EXPECT_TRUE(server.start()) << server.error(); }

    static engine::SessionOptions options(const std::string& storePath = {})
    {
        engine::SessionOptions o;
        o.retryBaseDelayMs = 50;
        o.storePath = storePath;
        return o;
    }

    static server::Resource resource(std::uint64_t size, std::uint64_t seed)
    {
        server::Resource r;
        r.size = size;
        r.seed = seed;
        return r;
    }

    engine::TransferId add(engine::Session& s, const std::string& url, const std::string& name = {})
    {
        engine::Refusal refusal;
        const auto id = s.create({url, dir.path(), name}, &refusal);
        EXPECT_NE(id, 0u) << refusal.message;
        return id;
    }

    // Starts one operation and waits for its completion, which it returns.
    static engine::Event run(test::EventRecorder& rec, engine::TransferId id,
                             std::chrono::milliseconds timeout = 60s)
    {
        const int before = rec.completions(id);
        EXPECT_TRUE(rec.start(id));
        EXPECT_TRUE(rec.waitSettled(id, timeout)) << testing::PrintToString(rec.sequence(id));
        const auto events = rec.events(id);
        int seen = 0;
        for (const auto& e : events)
            if (engine::isCompletion(e.type) && ++seen > before)
                return e;
        return {};
    }

    // Pauses a download once at least `bytes` are on disk; returns what its .part holds.
    static std::string pauseAfter(engine::Session& s, test::EventRecorder& rec,
                                  engine::TransferId id, std::int64_t bytes,
                                  const std::string& part)
    {
        EXPECT_TRUE(test::waitUntil([&] { return rec.last(id, engine::Progress).bytes >= bytes; }));
        EXPECT_TRUE(s.pause(id));
        EXPECT_TRUE(rec.waitFor(id, engine::Paused));
        return readAll(part);
    }

    server::HttpServer server;
    test::TempDir dir;       // the download folder
    test::TempDir elsewhere; // other people's files: nothing here may change
    test::TempDir lists;     // download lists, out of the download folder
    engine::Session session{options()};
    test::EventRecorder recorder{session};
};

// --- 1. A .part is never followed, never shared, never adopted from someone else ---

// NAME.part is a symbolic link to someone's file. Following it would append the download to
// that file (a server that resumes) or cut it to nothing and overwrite it (one that does not).
void expectSymlinkedPartRefused(Security& t, bool serverResumes)
{
    const std::string victim = t.elsewhere.file("notes.txt");
    const std::string precious(1000, 'V');
    writeAll(victim, precious);
    auto r = Security::resource(300'000, 7);
    r.acceptRanges = serverResumes;
    t.server.addResource("/file.bin", r);
    ASSERT_EQ(::symlink(victim.c_str(), t.dir.file("file.bin.part").c_str()), 0);

    const auto end = Security::run(t.recorder, t.add(t.session, t.server.url("/file.bin")));
    EXPECT_EQ(end.type, engine::Failed) << end.reason;
    EXPECT_TRUE(contains(end.reason, t.dir.file("file.bin.part"))) << end.reason;
    EXPECT_TRUE(contains(end.reason, "symbolic link")) << end.reason;
    EXPECT_TRUE(holds(victim, precious)) << "the file the link points to was written";
    EXPECT_TRUE(isSymlink(t.dir.file("file.bin.part")));
    EXPECT_FALSE(present(t.dir.file("file.bin")));
    EXPECT_EQ(t.server.requestCount("/file.bin"), 0u) << "refused before asking the server";
}

TEST_F(Security, SymlinkedPartIsNotAppendedThrough)
{
    expectSymlinkedPartRefused(*this, true);
}

TEST_F(Security, SymlinkedPartIsNotTruncatedThrough)
{
    expectSymlinkedPartRefused(*this, false);
}

// A dangling link: opening it with O_CREAT would create the file it names, anywhere.
TEST_F(Security, DanglingSymlinkedPartCreatesNothing)
{
    const std::string target = elsewhere.file("planted");
    server.addResource("/big.bin", resource(3u << 20, 8));
    ASSERT_EQ(::symlink(target.c_str(), dir.file("big.bin.part").c_str()), 0);
    const auto end = run(recorder, add(session, server.url("/big.bin")));
    EXPECT_EQ(end.type, engine::Failed) << end.reason;
    EXPECT_TRUE(contains(end.reason, "symbolic link")) << end.reason;
    EXPECT_FALSE(present(target)) << "the link's target was created";
}

// A hard link is the same file under a second name: writing the .part writes the victim.
TEST_F(Security, HardLinkedPartIsRefused)
{
    const std::string victim = elsewhere.file("ledger.db");
    const std::string precious(1000, 'L');
    writeAll(victim, precious);
    server.addResource("/file.bin", resource(300'000, 9));
    ASSERT_EQ(::link(victim.c_str(), dir.file("file.bin.part").c_str()), 0)
        << "both folders are under /tmp: " << std::strerror(errno);

    const auto end = run(recorder, add(session, server.url("/file.bin")));
    EXPECT_EQ(end.type, engine::Failed) << end.reason;
    EXPECT_TRUE(contains(end.reason, dir.file("file.bin.part"))) << end.reason;
    EXPECT_TRUE(contains(end.reason, "hard link")) << end.reason;
    EXPECT_TRUE(holds(victim, precious));
    EXPECT_EQ(linkCount(victim), 2u);
    EXPECT_EQ(server.requestCount("/file.bin"), 0u);
}

// In a shared folder (/tmp) another user plants NAME.part for someone who runs Haul as root,
// or for anyone: its bytes would become part of their download.
TEST_F(Security, PartOfAnotherUserIsRefused)
{
    if (::geteuid() != 0)
        GTEST_SKIP() << "needs root to give a file to another user";
    const std::string part = dir.file("file.bin.part");
    const std::string planted(1000, 'P');
    writeAll(part, planted);
    ASSERT_EQ(::chown(part.c_str(), 65534, 65534), 0) << std::strerror(errno);
    server.addResource("/file.bin", resource(300'000, 10));

    const auto end = run(recorder, add(session, server.url("/file.bin")));
    EXPECT_EQ(end.type, engine::Failed) << end.reason;
    EXPECT_TRUE(contains(end.reason, part)) << end.reason;
    EXPECT_TRUE(contains(end.reason, "another user")) << end.reason;
    EXPECT_TRUE(holds(part, planted));
    EXPECT_FALSE(present(dir.file("file.bin")));
}

// NAME is taken, so the download goes to "NAME (1)" — whose .part is a link to a victim.
TEST_F(Security, NumberedPartThatIsASymlinkIsRefused)
{
    const std::string victim = elsewhere.file("notes.txt");
    const std::string precious(1000, 'V');
    writeAll(victim, precious);
    writeAll(dir.file("file.bin"), "finished before");
    ASSERT_EQ(::symlink(victim.c_str(), dir.file("file (1).bin.part").c_str()), 0);
    server.addResource("/file.bin", resource(300'000, 11));

    const auto end = run(recorder, add(session, server.url("/file.bin")));
    EXPECT_EQ(end.type, engine::Failed) << end.reason;
    EXPECT_TRUE(contains(end.reason, dir.file("file (1).bin.part"))) << end.reason;
    EXPECT_TRUE(contains(end.reason, "symbolic link")) << end.reason;
    EXPECT_TRUE(holds(victim, precious));
    EXPECT_TRUE(holds(dir.file("file.bin"), "finished before"));
}

// A finished NAME with a stale NAME.part that nothing vouches for next to it: resuming that
// .part would end by renaming it over the finished file.
void expectFinishedFileKept(Security& t, engine::Session& s, test::EventRecorder& rec)
{
    const std::string stale = servedPrefix(12, 1000);
    writeAll(t.dir.file("file.bin"), "finished before");
    writeAll(t.dir.file("file.bin.part"), stale);
    t.server.addResource("/file.bin", Security::resource(300'000, 12));

    const auto end = Security::run(rec, t.add(s, t.server.url("/file.bin")));
    ASSERT_EQ(end.type, engine::Completed) << end.reason;
    EXPECT_EQ(end.file, t.dir.file("file (1).bin"));
    EXPECT_EQ(server::sha256OfFile(t.dir.file("file (1).bin")), server::sha256Hex(12, 300'000));
    EXPECT_TRUE(holds(t.dir.file("file.bin"), "finished before"))
        << "the finished file was replaced";
    EXPECT_TRUE(holds(t.dir.file("file.bin.part"), stale));
}

TEST_F(Security, FinishedFileIsNotReplacedByAStalePart)
{
    expectFinishedFileKept(*this, session, recorder);
}

TEST_F(Security, FinishedFileIsNotReplacedByAStalePartWithAList)
{
    engine::Session withList{options(lists.file("haul.db"))};
    test::EventRecorder rec{withList};
    expectFinishedFileKept(*this, withList, rec);
}

// Something appears under the final name while the download runs (another program saved a
// file, an attacker planted a link): the download must not be renamed over it. Small files
// are written out in one go by the I/O pool, large ones renamed from their .part: both ways.
struct AppearingName {
    std::uint64_t size;
    bool link; // a symbolic link to a victim, else a plain file
};

class NameAppearsWhileDownloading : public Security,
                                    public ::testing::WithParamInterface<AppearingName> {};

TEST_P(NameAppearsWhileDownloading, IsNeverReplaced)
{
    const auto [size, link] = GetParam();
    auto r = resource(size, 13);
    r.gateAfterBytes = size / 2; // held until the name is taken
    server.addResource("/late.bin", r);
    const auto id = add(session, server.url("/late.bin"));
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/late.bin") == 1; }));

    const std::string victim = elsewhere.file("victim");
    writeAll(victim, "victim");
    if (link)
        ASSERT_EQ(::symlink(victim.c_str(), dir.file("late.bin").c_str()), 0);
    else
        writeAll(dir.file("late.bin"), "saved meanwhile");
    ASSERT_TRUE(server.releaseGate("/late.bin"));
    ASSERT_TRUE(recorder.waitSettled(id, 60s));

    const auto end = recorder.last(id, engine::Completed);
    ASSERT_EQ(recorder.countOf(id, engine::Completed), 1)
        << recorder.last(id, engine::Failed).reason;
    EXPECT_EQ(end.file, dir.file("late (1).bin"));
    EXPECT_EQ(server::sha256OfFile(dir.file("late (1).bin")), server::sha256Hex(13, size));
    EXPECT_TRUE(holds(victim, "victim"));
    if (link) {
        EXPECT_TRUE(isSymlink(dir.file("late.bin"))) << "the planted link was replaced";
    } else {
        EXPECT_TRUE(holds(dir.file("late.bin"), "saved meanwhile"));
    }
}

INSTANTIATE_TEST_SUITE_P(Security, NameAppearsWhileDownloading,
                         ::testing::Values(AppearingName{100'000, false},
                                           AppearingName{100'000, true},
                                           AppearingName{4u << 20, false},
                                           AppearingName{4u << 20, true}),
                         [](const auto& info) {
                             return std::string(info.param.size < (1u << 20) ? "Small" : "Large")
                                    + (info.param.link ? "Link" : "File");
                         });

// NAME.part did not exist when the download started; something creates it before the first
// byte is written. It is not the download's: it is never opened (created exclusively).
TEST_F(Security, PartThatAppearsBeforeTheFirstWriteIsNotAdopted)
{
    auto r = resource(4u << 20, 14);
    r.gateAfterBytes = 0; // the head, then nothing until released
    server.addResource("/race.bin", r);
    const auto id = add(session, server.url("/race.bin"));
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(test::waitUntil([&] { return server.heldAtGate("/race.bin") == 1; }));
    ASSERT_TRUE(recorder.waitFor(id, engine::HeadersReceived));
    const std::string part = dir.file("race.bin.part");
    ASSERT_FALSE(present(part));
    writeAll(part, "another program's data");
    ASSERT_TRUE(server.releaseGate("/race.bin"));
    ASSERT_TRUE(recorder.waitSettled(id, 60s));

    const auto end = recorder.last(id, engine::Failed);
    EXPECT_EQ(recorder.countOf(id, engine::Completed), 0);
    EXPECT_TRUE(contains(end.reason, part)) << end.reason;
    EXPECT_TRUE(contains(end.reason, "already exists")) << end.reason;
    EXPECT_TRUE(holds(part, "another program's data"));
    EXPECT_FALSE(present(dir.file("race.bin")));
}

// Download A is paused with half of report.pdf in report.pdf.part. Another server names its
// file "report.pdf" too (Content-Disposition): it must get a name of its own, never write
// into A's .part (and A must still complete exactly).
void expectServerNamedFileGetsItsOwnName(Security& t, engine::Session& s, test::EventRecorder& rec)
{
    auto a = Security::resource(8u << 20, 15);
    a.etag = "\"a\"";
    a.gateAfterBytes = 1u << 20;
    t.server.addResource("/a/report.pdf", a);
    const auto first = t.add(s, t.server.url("/a/report.pdf"));
    ASSERT_TRUE(rec.start(first));
    const std::string part = t.dir.file("report.pdf.part");
    const std::string kept = Security::pauseAfter(s, rec, first, 1u << 20, part);
    ASSERT_GE(kept.size(), 1u << 20);

    auto b = Security::resource(3u << 20, 16);
    b.contentDisposition = "attachment; filename=\"report.pdf\"";
    t.server.addResource("/b/download", b);
    const auto end = Security::run(rec, t.add(s, t.server.url("/b/download")));
    ASSERT_EQ(end.type, engine::Completed) << end.reason;
    EXPECT_EQ(end.file, t.dir.file("report (1).pdf"));
    EXPECT_EQ(server::sha256OfFile(t.dir.file("report (1).pdf")), server::sha256Hex(16, 3u << 20));
    EXPECT_TRUE(holds(part, kept)) << "the other download's .part was written";

    a.gateAfterBytes.reset();
    t.server.addResource("/a/report.pdf", a);
    const auto resumed = Security::run(rec, first);
    ASSERT_EQ(resumed.type, engine::Completed) << resumed.reason;
    EXPECT_EQ(resumed.file, t.dir.file("report.pdf"));
    EXPECT_EQ(server::sha256OfFile(t.dir.file("report.pdf")), server::sha256Hex(15, 8u << 20));
}

TEST_F(Security, ServerNamingItsFileLikeAnotherDownloadGetsItsOwnName)
{
    expectServerNamedFileGetsItsOwnName(*this, session, recorder);
}

TEST_F(Security, ServerNamingItsFileLikeAnotherDownloadGetsItsOwnNameWithAList)
{
    engine::Session withList{options(lists.file("haul.db"))};
    test::EventRecorder rec{withList};
    expectServerNamedFileGetsItsOwnName(*this, withList, rec);
}

// The download list finds a download's record by folder and name (haul-cli resuming what the
// same command started). A download of another address that happens to have the same name
// is not that download: it must not take over its record, its ranges or its .part.
TEST_F(Security, SameNameFromAnotherAddressDoesNotTakeOverTheRecord)
{
    const std::string list = lists.file("haul.db");
    auto one = resource(8u << 20, 17);
    one.etag = "\"one\"";
    one.gateAfterBytes = 1u << 20;
    server.addResource("/one/file.bin", one);
    const std::string part = dir.file("file.bin.part");
    std::string kept;
    {
        engine::Session s{options(list)};
        test::EventRecorder rec{s};
        const auto id = add(s, server.url("/one/file.bin"));
        ASSERT_TRUE(rec.start(id));
        kept = pauseAfter(s, rec, id, 1u << 20, part);
        s.shutdown();
    }
    ASSERT_GE(kept.size(), 1u << 20);

    auto two = resource(3u << 20, 18);
    two.etag = "\"two\"";
    server.addResource("/two/file.bin", two);
    {
        engine::Session s{options(list)};
        test::EventRecorder rec{s};
        const auto end = run(rec, add(s, server.url("/two/file.bin")));
        ASSERT_EQ(end.type, engine::Completed) << end.reason;
        EXPECT_EQ(end.file, dir.file("file (1).bin"));
        EXPECT_EQ(server::sha256OfFile(dir.file("file (1).bin")), server::sha256Hex(18, 3u << 20));
        EXPECT_TRUE(holds(part, kept)) << "the other download's .part was written";
        for (const auto& request : server.requests()) {
            const bool ranged = request.path == "/two/file.bin" && request.header("Range");
            EXPECT_FALSE(ranged) << "resumed from another download's bytes";
        }
    }

    // The same address again (the same haul-cli command) still resumes its own record.
    one.gateAfterBytes.reset();
    server.addResource("/one/file.bin", one);
    {
        engine::Session s{options(list)};
        test::EventRecorder rec{s};
        const auto end = run(rec, add(s, server.url("/one/file.bin")));
        ASSERT_EQ(end.type, engine::Completed) << end.reason;
        EXPECT_EQ(end.file, dir.file("file.bin"));
        EXPECT_EQ(server.lastRangeHeader("/one/file.bin").value_or(""),
                  "bytes=" + std::to_string(kept.size()) + "-");
        EXPECT_EQ(server::sha256OfFile(dir.file("file.bin")), server::sha256Hex(17, 8u << 20));
    }
}

// --- 2. No endless work ---

class ShapeShifting : public Security,
                      public ::testing::WithParamInterface<ShapeShiftingServer::Mode> {};

// Every extra connection finds another file than the first one did, so the download starts
// over, and over: hundreds of requests a second, for ever. It must give up after a few.
TEST_P(ShapeShifting, ServerWhoseFileChangesOnEveryRequestIsGivenUpOn)
{
    ShapeShiftingServer evil(GetParam(), 8u << 20);
    engine::TransferRequest request{evil.url("/moving.bin"), dir.path(), {}};
    request.connections = 4;
    const auto id = session.create(request);
    ASSERT_NE(id, 0u);
    ASSERT_TRUE(recorder.start(id));
    ASSERT_TRUE(recorder.waitSettled(id, 30s))
        << "still restarting after " << evil.requests() << " requests";
    const auto end = recorder.last(id, engine::Failed);
    EXPECT_EQ(end.reason, "The file changed on the server on every attempt (3 restarts); try "
                          "again later.");
    EXPECT_LE(evil.requests(), 20);
}

INSTANTIATE_TEST_SUITE_P(Security, ShapeShifting,
                         ::testing::Values(ShapeShiftingServer::Mode::NewETag,
                                           ShapeShiftingServer::Mode::NewSize),
                         [](const auto& info) {
                             return std::string(info.param == ShapeShiftingServer::Mode::NewETag
                                                    ? "NewETag"
                                                    : "NewSize");
                         });

TEST_F(Security, LengthAboveTheMaximumFailsAtOnce)
{
    server.addResource("/big.iso", resource(20u << 20, 19));
    engine::TransferRequest request{server.url("/big.iso"), dir.path(), {}};
    request.maxSize = 10u << 20;
    const auto end = run(recorder, session.create(request));
    EXPECT_EQ(end.type, engine::Failed);
    EXPECT_EQ(end.reason, "The file is larger than the 10 MiB maximum size set for this download.");
    EXPECT_EQ(server.requestCount("/big.iso"), 1u) << "a size limit is not retried";
    EXPECT_LE(test::fileSize(dir.file("big.iso.part")), 0);

    // The session's limit holds for a download that sets none; a smaller file passes.
    engine::SessionOptions o = options();
    o.maxFileSize = 1u << 20;
    engine::Session limited{o};
    test::EventRecorder rec{limited};
    server.addResource("/two.bin", resource(2u << 20, 20));
    server.addResource("/half.bin", resource(512u << 10, 21));
    const auto two = run(rec, add(limited, server.url("/two.bin")));
    EXPECT_EQ(two.type, engine::Failed);
    EXPECT_EQ(two.reason, "The file is larger than the 1 MiB maximum size set for this download.");
    const auto half = run(rec, add(limited, server.url("/half.bin")));
    EXPECT_EQ(half.type, engine::Completed) << half.reason;
}

// Chunked, or ended by closing the connection: no length to check in advance. The body is cut
// where it passes the limit, so a server cannot fill the disk with an endless file.
TEST_F(Security, BodyWithoutALengthStopsAtTheMaximum)
{
    constexpr std::int64_t kMax = 10u << 20;
    auto endless = resource(40u << 20, 22);
    endless.chunked = true;
    server.addResource("/stream", endless);
    ShapeShiftingServer closing(ShapeShiftingServer::Mode::NoLength, 40u << 20);
    for (const std::string& url : {server.url("/stream"), closing.url("/closed")}) {
        engine::TransferRequest request{url, dir.path(), {}};
        request.maxSize = kMax;
        const auto end = run(recorder, session.create(request));
        EXPECT_EQ(end.type, engine::Failed) << url;
        EXPECT_EQ(end.reason, "The file is larger than the 10 MiB maximum size set for this "
                              "download.")
            << url;
        EXPECT_LE(end.bytes, kMax) << url;
        const std::string name = url == server.url("/stream") ? "stream" : "closed";
        EXPECT_LE(test::fileSize(dir.file(name + ".part")), kMax) << url;
        EXPECT_FALSE(present(dir.file(name))) << url;
    }

    auto small = resource(5u << 20, 23);
    small.chunked = true;
    server.addResource("/small", small);
    engine::TransferRequest request{server.url("/small"), dir.path(), {}};
    request.maxSize = kMax;
    const auto end = run(recorder, session.create(request));
    EXPECT_EQ(end.type, engine::Completed) << end.reason;
    EXPECT_EQ(server::sha256OfFile(dir.file("small")), server::sha256Hex(23, 5u << 20));
}

// --- 3. Names that deceive ---

// "invoice\u202Efdp.exe" shows as "invoiceexe.pdf": the right-to-left override hides what the
// file is. Invisible characters and a leading '-' (an option to the next command) likewise.
TEST_F(Security, NamesDoNotHideWhatTheyAre)
{
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"attachment; filename*=UTF-8''invoice%E2%80%AEfdp.exe", "invoice_fdp.exe"},
        {"attachment; filename=\"order\xE2\x81\xA7"
         "fdp.exe\"",
         "order_fdp.exe"},
        {"attachment; filename*=UTF-8''zero%E2%80%8Bwidth%EF%BB%BF.txt", "zero_width_.txt"},
        {"attachment; filename*=UTF-8''%C2%85next%C2%9Fline.txt", "_next_line.txt"},
        {"attachment; filename=\"-rf\"", "_rf"},
    };
    int n = 0;
    for (const auto& [disposition, expected] : cases) {
        auto r = resource(1000, 24);
        r.contentDisposition = disposition;
        const std::string path = "/named" + std::to_string(++n);
        server.addResource(path, r);
        const auto end = run(recorder, add(session, server.url(path)));
        EXPECT_EQ(end.type, engine::Completed) << disposition << ": " << end.reason;
        EXPECT_EQ(end.file, dir.file(expected)) << disposition;
    }
    server.addResource("/--help", resource(1000, 25));
    const auto end = run(recorder, add(session, server.url("/--help")));
    EXPECT_EQ(end.file, dir.file("_-help"));
}

// --- 4. Headers too large ---

// libcurl refuses a header line over 100 KiB and a head over 300 KiB in all; it says "Out of
// memory" or "connection lost", which sends the user looking in the wrong place (and the
// second was retried as if the network had failed).
TEST_F(Security, HeadersTooLargeAreSaidSoAndNotRetried)
{
    auto oneLine = resource(1000, 26);
    oneLine.extraHeaders = {"X-Padding: " + std::string(10u << 20, 'a')};
    server.addResource("/one-line", oneLine);
    auto many = resource(1000, 27);
    for (int i = 0; i < 400; ++i)
        many.extraHeaders.push_back("X-Padding-" + std::to_string(i) + ": "
                                    + std::string(1024, 'b'));
    server.addResource("/many-lines", many);

    for (const std::string path : {"/one-line", "/many-lines"}) {
        const auto id = add(session, server.url(path));
        const auto end = run(recorder, id);
        EXPECT_EQ(end.type, engine::Failed) << path;
        EXPECT_TRUE(contains(end.reason, "headers")) << path << ": " << end.reason;
        EXPECT_TRUE(contains(end.reason, "too large")) << path << ": " << end.reason;
        EXPECT_EQ(recorder.countOf(id, engine::Retrying), 0) << path << ": " << end.reason;
        EXPECT_EQ(server.requestCount(path), 1u) << path;
    }
}

} // namespace
