// SPDX-License-Identifier: MIT
// Tests for haul_server: the generated content, the protocol (ranges, keep-alive, status codes)
// and every fault knob, seen from a real client (libcurl's easy interface or a raw socket).
#include <haul/server/democatalog.h>
#include <haul/server/httpserver.h>

#include <curl/curl.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <set>
#include <string>
#include <thread>
#include <vector>

using namespace haul::server;
using Clock = std::chrono::steady_clock;

namespace {

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = 1024 * kKiB;

struct CurlGlobal {
    CurlGlobal() { curl_global_init(CURL_GLOBAL_DEFAULT); }
    ~CurlGlobal() { curl_global_cleanup(); }
} g_curlGlobal;

double secondsSince(Clock::time_point start)
{
    return std::chrono::duration<double>(Clock::now() - start).count();
}

std::string expectedBytes(std::uint64_t seed, std::uint64_t offset, std::size_t size)
{
    std::string bytes(size, '\0');
    fillContent(seed, offset, std::as_writable_bytes(std::span(bytes.data(), bytes.size())));
    return bytes;
}

std::string sha256(const std::string& data)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned length = 0;
    EVP_Digest(data.data(), data.size(), digest.data(), &length, EVP_sha256(), nullptr);
    std::string hex;
    for (unsigned i = 0; i < length; ++i) {
        char pair[3];
        std::snprintf(pair, sizeof pair, "%02x", digest[i]);
        hex += pair;
    }
    return hex;
}

struct Reply {
    CURLcode code = CURLE_OK;
    long status = 0;
    std::string headers;
    std::string body;
    std::uint64_t bodyBytes = 0;
    double seconds = 0;
    bool keepBody = true;

    bool hasHeader(const std::string& line) const
    {
        return headers.find(line + "\r\n") != std::string::npos;
    }
};

// Built fluently (Request().range("0-9").follow()): GCC 12 warns about designated
// initializers that leave members out.
struct Request {
    std::string rangeValue;
    std::vector<std::string> headers;
    bool headOnly = false;
    bool followRedirects = false;
    bool keepBody = true;
    std::string method;

    Request& range(std::string value)
    {
        rangeValue = std::move(value);
        return *this;
    }
    Request& header(std::string line)
    {
        headers.push_back(std::move(line));
        return *this;
    }
    Request& head()
    {
        headOnly = true;
        return *this;
    }
    Request& follow()
    {
        followRedirects = true;
        return *this;
    }
    Request& discardBody()
    {
        keepBody = false;
        return *this;
    }
    Request& customMethod(std::string name)
    {
        method = std::move(name);
        return *this;
    }
};

// One easy handle reused across perform() calls, so its connection is kept alive.
class Client {
public:
    Client() : m_curl(curl_easy_init()) {}
    ~Client() { curl_easy_cleanup(m_curl); }
    Client(const Client&) = delete;
    Client& operator=(const Client&) = delete;

    Reply perform(const std::string& url, const Request& request = {})
    {
        Reply reply;
        reply.keepBody = request.keepBody;
        curl_easy_reset(m_curl);
        curl_easy_setopt(m_curl, CURLOPT_URL, url.c_str());
        curl_easy_setopt(m_curl, CURLOPT_WRITEFUNCTION, &Client::onBody);
        curl_easy_setopt(m_curl, CURLOPT_WRITEDATA, &reply);
        curl_easy_setopt(m_curl, CURLOPT_HEADERFUNCTION, &Client::onHeader);
        curl_easy_setopt(m_curl, CURLOPT_HEADERDATA, &reply);
        curl_easy_setopt(m_curl, CURLOPT_TIMEOUT_MS, 20000L);
        curl_easy_setopt(m_curl, CURLOPT_NOSIGNAL, 1L);
        if (!request.rangeValue.empty())
            curl_easy_setopt(m_curl, CURLOPT_RANGE, request.rangeValue.c_str());
        if (request.headOnly)
            curl_easy_setopt(m_curl, CURLOPT_NOBODY, 1L);
        if (request.followRedirects)
            curl_easy_setopt(m_curl, CURLOPT_FOLLOWLOCATION, 1L);
        if (!request.method.empty())
            curl_easy_setopt(m_curl, CURLOPT_CUSTOMREQUEST, request.method.c_str());
        curl_slist* list = nullptr;
        for (const std::string& header : request.headers)
            list = curl_slist_append(list, header.c_str());
        curl_easy_setopt(m_curl, CURLOPT_HTTPHEADER, list);

        const auto start = Clock::now();
        reply.code = curl_easy_perform(m_curl);
        reply.seconds = secondsSince(start);
        curl_easy_getinfo(m_curl, CURLINFO_RESPONSE_CODE, &reply.status);
        curl_slist_free_all(list);
        return reply;
    }

private:
    static size_t onBody(char* data, size_t size, size_t count, void* user)
    {
        auto* reply = static_cast<Reply*>(user);
        reply->bodyBytes += size * count;
        if (reply->keepBody)
            reply->body.append(data, size * count);
        return size * count;
    }
    static size_t onHeader(char* data, size_t size, size_t count, void* user)
    {
        static_cast<Reply*>(user)->headers.append(data, size * count);
        return size * count;
    }

    CURL* m_curl;
};

Reply get(const std::string& url, const Request& request = {})
{
    Client client;
    return client.perform(url, request);
}

// A raw client for what curl would hide: pipelining, resets, stalls, half-read bodies.
class RawSocket {
public:
    explicit RawSocket(std::uint16_t port) : m_fd(::socket(AF_INET, SOCK_STREAM, 0))
    {
        sockaddr_in address{};
        address.sin_family = AF_INET;
        address.sin_port = htons(port);
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        m_connected = ::connect(m_fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0;
    }
    ~RawSocket() { ::close(m_fd); }
    RawSocket(const RawSocket&) = delete;
    RawSocket& operator=(const RawSocket&) = delete;

    bool connected() const { return m_connected; }
    int fd() const { return m_fd; }

    bool send(const std::string& data)
    {
        return ::send(m_fd, data.data(), data.size(), MSG_NOSIGNAL)
               == static_cast<ssize_t>(data.size());
    }

    // Reads until predicate(received) holds, the peer closes or resets (result in lastResult),
    // or timeoutMs passes.
    template <typename Predicate>
    std::string receiveUntil(Predicate predicate, int timeoutMs = 5000)
    {
        const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
        while (!predicate(m_received)) {
            const auto left =
                std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
            pollfd pfd{m_fd, POLLIN, 0};
            if (left.count() <= 0 || ::poll(&pfd, 1, static_cast<int>(left.count())) <= 0) {
                lastResult = 1;
                break;
            }
            char buffer[65536];
            const ssize_t n = ::recv(m_fd, buffer, sizeof buffer, 0);
            if (n <= 0) {
                lastResult = n;
                lastErrno = errno;
                break;
            }
            m_received.append(buffer, static_cast<std::size_t>(n));
        }
        return m_received;
    }
    std::string receiveAll(int timeoutMs = 5000)
    {
        return receiveUntil([](const std::string&) { return false; }, timeoutMs);
    }
    std::string& received() { return m_received; }

    ssize_t lastResult = 1; // 0 = orderly close, -1 = error (see lastErrno), 1 = timeout
    int lastErrno = 0;

private:
    int m_fd;
    bool m_connected = false;
    std::string m_received;
};

auto hasBytesAfterHead(std::size_t bodyBytes)
{
    return [bodyBytes](const std::string& s) {
        const auto end = s.find("\r\n\r\n");
        return end != std::string::npos && s.size() - end - 4 >= bodyBytes;
    };
}

std::size_t countOf(const std::string& haystack, const std::string& needle)
{
    std::size_t count = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos;
         pos = haystack.find(needle, pos + 1))
        ++count;
    return count;
}

Resource plain(std::uint64_t size, std::uint64_t seed)
{
    Resource resource;
    resource.size = size;
    resource.seed = seed;
    return resource;
}

// Polls a predicate about the server (no event to wait on) until it holds or timeoutMs pass.
template <typename Predicate> bool waitUntil(Predicate predicate, int timeoutMs = 30000)
{
    const auto deadline = Clock::now() + std::chrono::milliseconds(timeoutMs);
    while (!predicate()) {
        if (Clock::now() >= deadline)
            return false;
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    return true;
}

class ServerTest : public ::testing::Test {
protected:
    void SetUp() override { ASSERT_TRUE(server.start()) << server.error(); }

    HttpServer server;
};

} // namespace

TEST(Content, AnyOffsetMatchesTheWholeStream)
{
    const std::string whole = expectedBytes(7, 0, 1000);
    for (std::uint64_t offset = 0; offset < 20; ++offset)
        for (std::size_t length : {0, 1, 3, 8, 9, 17, 100})
            EXPECT_EQ(expectedBytes(7, offset, length), whole.substr(offset, length))
                << offset << '+' << length;
    EXPECT_NE(expectedBytes(8, 0, 64), whole.substr(0, 64));
    EXPECT_NE(expectedBytes(8, 0, 64), whole.substr(8, 64)); // not a shifted copy either
    EXPECT_EQ(sha256Hex(7, 1000), sha256(whole));
    EXPECT_EQ(sha256Hex(1, 0), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(Content, Sha256OfFileMatchesGeneratedContent)
{
    char path[] = "/tmp/haul-server-test-XXXXXX";
    const int fd = ::mkstemp(path);
    ASSERT_GE(fd, 0);
    const std::string data = expectedBytes(99, 0, 1 * kMiB + 7);
    ASSERT_EQ(::write(fd, data.data(), data.size()), static_cast<ssize_t>(data.size()));
    ::close(fd);
    EXPECT_EQ(sha256OfFile(path), sha256Hex(99, data.size()));
    ::unlink(path);
    EXPECT_EQ(sha256OfFile(path), "");
}

TEST(Lifecycle, BindsLoopbackOnAFreePortAndStartsOnce)
{
    HttpServer server;
    EXPECT_EQ(server.port(), 0);
    server.stop(); // harmless before start
    ASSERT_TRUE(server.start()) << server.error();
    EXPECT_NE(server.port(), 0);
    EXPECT_TRUE(server.isRunning());
    EXPECT_EQ(server.baseUrl(), "http://127.0.0.1:" + std::to_string(server.port()));
    EXPECT_FALSE(server.start());
    EXPECT_FALSE(server.error().empty());

    ServerOptions options;
    options.port = server.port();
    HttpServer clash(options);
    EXPECT_FALSE(clash.start());
    EXPECT_NE(clash.error().find("127.0.0.1"), std::string::npos) << clash.error();

    server.stop();
    server.stop();
    EXPECT_FALSE(server.isRunning());
}

TEST_F(ServerTest, FullGetMatchesSha256)
{
    Resource resource = plain(3 * kMiB + 123, 42);
    resource.etag = "\"v1\"";
    server.addResource("/file.bin", resource);
    const Reply reply = get(server.url("/file.bin"));
    ASSERT_EQ(reply.code, CURLE_OK);
    EXPECT_EQ(reply.status, 200);
    EXPECT_TRUE(reply.hasHeader("Content-Length: " + std::to_string(resource.size)));
    EXPECT_TRUE(reply.hasHeader("Accept-Ranges: bytes"));
    EXPECT_TRUE(reply.hasHeader("ETag: \"v1\""));
    EXPECT_EQ(reply.body.size(), resource.size);
    EXPECT_EQ(sha256(reply.body), sha256Hex(42, resource.size));
}

TEST_F(ServerTest, RangeRequestsGive206WithTheRightBytes)
{
    const std::uint64_t size = 100000;
    server.addResource("/r.bin", plain(size, 5));

    Reply reply = get(server.url("/r.bin"), Request().range("1000-1999"));
    ASSERT_EQ(reply.code, CURLE_OK);
    EXPECT_EQ(reply.status, 206);
    EXPECT_TRUE(reply.hasHeader("Content-Range: bytes 1000-1999/100000")) << reply.headers;
    EXPECT_EQ(reply.body, expectedBytes(5, 1000, 1000));
    EXPECT_EQ(server.lastRangeHeader("/r.bin"), "bytes=1000-1999");

    reply = get(server.url("/r.bin"), Request().range("99990-"));
    EXPECT_EQ(reply.status, 206);
    EXPECT_TRUE(reply.hasHeader("Content-Range: bytes 99990-99999/100000"));
    EXPECT_EQ(reply.body, expectedBytes(5, 99990, 10));

    reply = get(server.url("/r.bin"), Request().range("-7"));
    EXPECT_EQ(reply.status, 206);
    EXPECT_EQ(reply.body, expectedBytes(5, size - 7, 7));

    reply =
        get(server.url("/r.bin"), Request().range("99999-500000")); // last byte clamps to the end
    EXPECT_EQ(reply.status, 206);
    EXPECT_TRUE(reply.hasHeader("Content-Range: bytes 99999-99999/100000"));
    EXPECT_EQ(reply.body, expectedBytes(5, 99999, 1));

    reply = get(server.url("/r.bin"), Request().range("0-1,5-6")); // several ranges: whole body
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body.size(), size);
    EXPECT_EQ(server.lastRangeHeader("/r.bin"), "bytes=0-1,5-6");
    EXPECT_EQ(server.lastRangeHeader("/other"), std::nullopt);
}

TEST_F(ServerTest, UnsatisfiableRangeGives416)
{
    server.addResource("/r.bin", plain(5000, 5));
    for (const char* range : {"5000-", "6000-7000"}) {
        const Reply reply = get(server.url("/r.bin"), Request().range(range));
        ASSERT_EQ(reply.code, CURLE_OK);
        EXPECT_EQ(reply.status, 416) << range;
        EXPECT_TRUE(reply.hasHeader("Content-Range: bytes */5000")) << reply.headers;
    }
}

TEST_F(ServerTest, IgnoreRangeAndNoRangesAnswer200)
{
    Resource ignoring = plain(20000, 3);
    ignoring.ignoreRange = true;
    server.addResource("/ignore", ignoring);
    Resource noRanges = plain(20000, 3);
    noRanges.acceptRanges = false;
    server.addResource("/none", noRanges);

    Reply reply = get(server.url("/ignore"), Request().range("100-"));
    ASSERT_EQ(reply.code, CURLE_OK);
    EXPECT_EQ(reply.status, 200);
    EXPECT_TRUE(reply.hasHeader("Accept-Ranges: bytes"));
    EXPECT_EQ(reply.body, expectedBytes(3, 0, 20000));

    reply = get(server.url("/none"), Request().range("100-"));
    EXPECT_EQ(reply.status, 200);
    EXPECT_TRUE(reply.hasHeader("Accept-Ranges: none"));
    EXPECT_EQ(reply.body.size(), 20000u);
}

TEST_F(ServerTest, IfRangeWithAStaleValidatorGetsTheWholeBody)
{
    Resource resource = plain(10000, 1);
    resource.etag = "\"new\"";
    server.addResource("/f", resource);
    Reply reply = get(server.url("/f"), Request().range("10-").header("If-Range: \"old\""));
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body.size(), 10000u);
    reply = get(server.url("/f"), Request().range("10-").header("If-Range: \"new\""));
    EXPECT_EQ(reply.status, 206);
    EXPECT_EQ(reply.body, expectedBytes(1, 10, 9990));
}

TEST_F(ServerTest, ThrottleIsHonoured)
{
    Resource resource = plain(1 * kMiB, 11);
    resource.rateBytesPerSec = 2 * kMiB;
    server.addResource("/slow", resource);
    const Reply reply = get(server.url("/slow"));
    ASSERT_EQ(reply.code, CURLE_OK);
    EXPECT_EQ(sha256(reply.body), sha256Hex(11, resource.size));
    EXPECT_GE(reply.seconds, 0.4); // only a lower bound: a loaded machine may be slower
}

TEST_F(ServerTest, ResetAfterBytesDeliversExactlyThoseBytesThenAnError)
{
    Resource resource = plain(4 * kMiB, 12);
    resource.resetAfterBytes = 300000;
    server.addResource("/reset", resource);
    const Reply reply = get(server.url("/reset"));
    EXPECT_NE(reply.code, CURLE_OK);
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, expectedBytes(12, 0, 300000));

    // A resume gets the next 300000 bytes: the fault counts per response.
    const Reply resumed = get(server.url("/reset"), Request().range("300000-"));
    EXPECT_NE(resumed.code, CURLE_OK);
    EXPECT_EQ(resumed.status, 206);
    EXPECT_EQ(resumed.body, expectedBytes(12, 300000, 300000));
}

TEST_F(ServerTest, ShortBodyEndsEarlyWithAnOrderlyClose)
{
    Resource resource = plain(1 * kMiB, 13);
    resource.shortBodyBytes = 1000;
    server.addResource("/short", resource);
    const Reply reply = get(server.url("/short"));
    EXPECT_EQ(reply.code, CURLE_PARTIAL_FILE);
    EXPECT_EQ(reply.body, expectedBytes(13, 0, 1000));
}

TEST_F(ServerTest, StopReturnsPromptlyWithAStalledClient)
{
    Resource resource = plain(1 * kMiB, 14);
    resource.stallAfterBytes = 5000;
    server.addResource("/stall", resource);
    RawSocket client(server.port());
    ASSERT_TRUE(client.connected());
    ASSERT_TRUE(client.send("GET /stall HTTP/1.1\r\nHost: x\r\n\r\n"));
    client.receiveUntil(hasBytesAfterHead(5000));
    ASSERT_TRUE(hasBytesAfterHead(5000)(client.received()));

    // Nothing more arrives while stalled.
    const std::size_t before = client.received().size();
    client.receiveAll(200);
    EXPECT_EQ(client.received().size(), before);
    EXPECT_EQ(server.openConnections(), 1);

    const auto start = Clock::now();
    server.stop();
    EXPECT_LT(secondsSince(start), 1.0);
    EXPECT_EQ(server.openConnections(), 0);
    client.receiveAll(2000);
    EXPECT_EQ(client.lastResult, 0); // the server closed the connection
}

TEST_F(ServerTest, StopReturnsPromptlyWithIdleAndBlockedClients)
{
    server.addResource("/big", plain(512 * kMiB, 15));
    std::vector<std::unique_ptr<RawSocket>> clients;
    for (int i = 0; i < 20; ++i)
        clients.push_back(std::make_unique<RawSocket>(server.port()));
    // This one asks for a big body and never reads it, so its server thread blocks on a full
    // socket buffer.
    RawSocket blocked(server.port());
    ASSERT_TRUE(blocked.send("GET /big HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_TRUE(waitUntil([&] {
        return server.openConnections() == 21 && server.requestCount() == 1;
    })) << server.openConnections();
    // Body bytes pile up unread on the client's side: the server thread is sending into a
    // socket that nobody drains, so it is blocked on it or about to be.
    EXPECT_TRUE(waitUntil([&] {
        int queued = 0;
        return ::ioctl(blocked.fd(), FIONREAD, &queued) == 0 && queued >= int(16 * kKiB);
    }));

    const auto start = Clock::now();
    server.stop();
    EXPECT_LT(secondsSince(start), 1.0);
    EXPECT_EQ(server.openConnections(), 0);
}

TEST_F(ServerTest, GateHoldsABodyUntilReleased)
{
    Resource resource = plain(1 * kMiB, 31);
    resource.gateAfterBytes = 5000;
    server.addResource("/gated", resource);
    EXPECT_EQ(server.heldAtGate("/gated"), 0);
    RawSocket client(server.port());
    ASSERT_TRUE(client.send("GET /gated HTTP/1.1\r\nHost: x\r\n\r\n"));
    client.receiveUntil(hasBytesAfterHead(5000));
    ASSERT_TRUE(hasBytesAfterHead(5000)(client.received()));
    ASSERT_TRUE(waitUntil([&] { return server.heldAtGate("/gated") == 1; }));

    // Held: nothing more arrives (a short look, as nothing is expected).
    const std::size_t before = client.received().size();
    client.receiveAll(200);
    EXPECT_EQ(client.received().size(), before);
    EXPECT_FALSE(hasBytesAfterHead(5001)(client.received()));

    EXPECT_TRUE(server.releaseGate("/gated"));
    EXPECT_TRUE(server.releaseGate("/gated")); // idempotent
    client.receiveUntil(hasBytesAfterHead(kMiB), 20000);
    const std::string& all = client.received();
    ASSERT_TRUE(hasBytesAfterHead(kMiB)(all));
    EXPECT_EQ(all.substr(all.find("\r\n\r\n") + 4), expectedBytes(31, 0, kMiB));
    EXPECT_TRUE(waitUntil([&] { return server.heldAtGate("/gated") == 0; }));

    // An open gate stays open: the next responses pass, on this connection and on a new one.
    ASSERT_TRUE(client.send("GET /gated HTTP/1.1\r\nHost: x\r\nRange: bytes=0-9\r\n\r\n"));
    const std::string tail = "HTTP/1.1 206 Partial Content\r\n";
    client.receiveUntil([&](const std::string& s) {
        return s.find(tail) != std::string::npos && s.ends_with(expectedBytes(31, 0, 10));
    });
    EXPECT_NE(client.received().find(tail), std::string::npos);
    const Reply again = get(server.url("/gated"));
    ASSERT_EQ(again.code, CURLE_OK);
    EXPECT_EQ(sha256(again.body), sha256Hex(31, kMiB));

    EXPECT_FALSE(server.releaseGate("/unknown"));
    server.addResource("/open", plain(10, 1));
    EXPECT_FALSE(server.releaseGate("/open")); // no gate
    EXPECT_EQ(server.heldAtGate("/unknown"), 0);
}

TEST_F(ServerTest, GateAtZeroHoldsAfterTheHeadAndAReleaseIsNeverLost)
{
    Resource resource = plain(100000, 32);
    resource.gateAfterBytes = 0;
    resource.rateBytesPerSec = 200000;
    server.addResource("/head", resource);
    RawSocket client(server.port());
    ASSERT_TRUE(client.send("GET /head HTTP/1.1\r\nHost: x\r\n\r\n"));
    client.receiveUntil(hasBytesAfterHead(0));
    ASSERT_TRUE(waitUntil([&] { return server.heldAtGate("/head") == 1; }));
    client.receiveAll(200); // nothing expected
    EXPECT_EQ(client.received().size(), client.received().find("\r\n\r\n") + 4);
    EXPECT_NE(client.received().find("Content-Length: 100000\r\n"), std::string::npos);

    // Throttled: the body keeps its rate after the wait instead of catching up in a burst.
    const auto released = Clock::now();
    ASSERT_TRUE(server.releaseGate("/head"));
    client.receiveUntil(hasBytesAfterHead(100000), 20000);
    ASSERT_TRUE(hasBytesAfterHead(100000)(client.received()));
    EXPECT_GE(secondsSince(released), 0.4); // 0.5 s at the rate; a lower bound only

    // A HEAD has no body to hold; a gate released before the request holds nothing.
    resource.rateBytesPerSec = 0;
    server.addResource("/head", resource);
    EXPECT_EQ(get(server.url("/head"), Request().head()).status, 200);
    ASSERT_TRUE(server.releaseGate("/head"));
    const Reply reply = get(server.url("/head"));
    ASSERT_EQ(reply.code, CURLE_OK);
    EXPECT_EQ(reply.body, expectedBytes(32, 0, 100000));
}

TEST_F(ServerTest, GateHoldsOnlyItsRegistrationAndGivesWayToTheClientAndToStop)
{
    Resource resource = plain(1 * kMiB, 33);
    resource.gateAfterBytes = 1000;
    server.addResource("/g", resource);
    const auto request = std::string("GET /g HTTP/1.1\r\nHost: x\r\n\r\n");

    // Registering the path again opens the old gate: a response held there goes on.
    RawSocket replaced(server.port());
    ASSERT_TRUE(replaced.send(request));
    ASSERT_TRUE(waitUntil([&] { return server.heldAtGate("/g") == 1; }));
    server.addResource("/g", resource);
    EXPECT_EQ(server.heldAtGate("/g"), 0); // the new registration holds nobody yet
    replaced.receiveUntil(hasBytesAfterHead(kMiB), 20000);
    EXPECT_TRUE(hasBytesAfterHead(kMiB)(replaced.received()));

    // A client that gives up while held frees its connection.
    {
        RawSocket leaving(server.port());
        ASSERT_TRUE(leaving.send(request));
        ASSERT_TRUE(waitUntil([&] { return server.heldAtGate("/g") == 1; }));
    }
    EXPECT_TRUE(waitUntil([&] { return server.heldAtGate("/g") == 0; }));

    // stop() ends every held response at once; nothing past the gate is sent.
    std::vector<std::unique_ptr<RawSocket>> clients;
    for (int i = 0; i < 5; ++i) {
        clients.push_back(std::make_unique<RawSocket>(server.port()));
        ASSERT_TRUE(clients.back()->send(request));
    }
    ASSERT_TRUE(waitUntil([&] { return server.heldAtGate("/g") == 5; }));
    const auto start = Clock::now();
    server.stop();
    EXPECT_LT(secondsSince(start), 1.0);
    EXPECT_EQ(server.openConnections(), 0);
    for (auto& client : clients) {
        client->receiveAll(2000);
        EXPECT_EQ(client->lastResult, 0); // closed by the server
        EXPECT_TRUE(hasBytesAfterHead(1000)(client->received()));
        EXPECT_FALSE(hasBytesAfterHead(1001)(client->received()));
    }
}

TEST_F(ServerTest, KeepAliveReusesOneConnection)
{
    server.addResource("/a", plain(1000, 1));
    server.addResource("/b", plain(2000, 2));
    Client client;
    EXPECT_EQ(client.perform(server.url("/a")).body, expectedBytes(1, 0, 1000));
    EXPECT_EQ(client.perform(server.url("/b")).body, expectedBytes(2, 0, 2000));
    const Reply head = client.perform(server.url("/a"), Request().head());
    EXPECT_EQ(head.status, 200);
    EXPECT_TRUE(head.hasHeader("Content-Length: 1000"));
    EXPECT_EQ(head.bodyBytes, 0u);
    EXPECT_EQ(client.perform(server.url("/a"), Request().range("0-9")).status, 206);
    EXPECT_EQ(server.connectionsAccepted(), 1u);
    EXPECT_EQ(server.requestCount(), 4u);
    EXPECT_EQ(server.requestCount("/a"), 3u);

    const auto log = server.requests();
    ASSERT_EQ(log.size(), 4u);
    EXPECT_EQ(log[2].method, "HEAD");
    EXPECT_EQ(log[3].header("range"), "bytes=0-9");
    EXPECT_EQ(log[3].connectionId, log[0].connectionId);
    EXPECT_EQ(log[0].headerBlock.rfind("GET /a HTTP/1.1\r\n", 0), 0u) << log[0].headerBlock;
    server.clearRequests();
    EXPECT_TRUE(server.requests().empty());
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder)
{
    server.addResource("/p", plain(10, 3));
    RawSocket client(server.port());
    ASSERT_TRUE(client.send("GET /p HTTP/1.1\r\nHost: x\r\n\r\nHEAD /p HTTP/1.1\r\nHost: x\r\n\r\n"
                            "GET /missing?x=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
    const std::string all = client.receiveAll();
    EXPECT_EQ(client.lastResult, 0);
    EXPECT_EQ(countOf(all, "HTTP/1.1 200 OK\r\n"), 2u);
    EXPECT_EQ(countOf(all, expectedBytes(3, 0, 10)), 1u);
    EXPECT_NE(all.find("HTTP/1.1 404 Not Found\r\n"), std::string::npos);
    EXPECT_NE(all.rfind("Connection: close\r\n"), std::string::npos);
    EXPECT_EQ(server.requests().back().path, "/missing");
    EXPECT_EQ(server.requests().back().target, "/missing?x=1");
}

TEST_F(ServerTest, UnknownPathsMethodsAndGarbage)
{
    server.addResource("/f", plain(10, 3));
    EXPECT_EQ(get(server.url("/nope")).status, 404);
    const Reply post = get(server.url("/f"), Request().customMethod("DELETE"));
    EXPECT_EQ(post.status, 405);
    EXPECT_TRUE(post.hasHeader("Allow: GET, HEAD"));

    RawSocket garbage(server.port());
    ASSERT_TRUE(garbage.send("HELLO\r\n\r\n"));
    EXPECT_EQ(garbage.receiveAll().rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u);
    EXPECT_EQ(garbage.lastResult, 0);

    RawSocket old(server.port());
    ASSERT_TRUE(old.send("GET /f HTTP/1.0\r\n\r\n"));
    const std::string reply = old.receiveAll();
    EXPECT_NE(reply.find("Connection: close\r\n"), std::string::npos);
    EXPECT_EQ(old.lastResult, 0); // HTTP/1.0 without keep-alive: closed after the response
}

TEST_F(ServerTest, FailFirstNThenSucceed)
{
    Resource resource = plain(100, 4);
    resource.failFirstN = 2;
    resource.retryAfter = "1";
    server.addResource("/flaky", resource);
    Client client;
    for (int i = 0; i < 2; ++i) {
        const Reply reply = client.perform(server.url("/flaky"));
        EXPECT_EQ(reply.status, 503);
        EXPECT_TRUE(reply.hasHeader("Retry-After: 1"));
    }
    EXPECT_EQ(client.perform(server.url("/flaky")).status, 200);
    EXPECT_EQ(client.perform(server.url("/flaky")).status, 200);
    EXPECT_EQ(server.requestCount("/flaky"), 4u);

    server.addResource("/flaky", resource); // re-registering restarts the count
    EXPECT_EQ(client.perform(server.url("/flaky")).status, 503);
}

TEST_F(ServerTest, FailFirstNIsCountedAcrossConcurrentClients)
{
    Resource resource = plain(100, 4);
    resource.failFirstN = 5;
    server.addResource("/flaky", resource);
    std::atomic<int> failures{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t)
        threads.emplace_back([&] {
            for (int i = 0; i < 5; ++i)
                if (get(server.url("/flaky")).status == 503)
                    ++failures;
        });
    for (auto& thread : threads)
        thread.join();
    EXPECT_EQ(failures.load(), 5);
}

TEST_F(ServerTest, StatusOverrideAndRedirect)
{
    Resource busy;
    busy.status = 429;
    busy.retryAfter = "2";
    busy.extraHeaders = {"X-Reason: quota"};
    server.addResource("/busy", busy);
    Reply reply = get(server.url("/busy"));
    EXPECT_EQ(reply.status, 429);
    EXPECT_TRUE(reply.hasHeader("Retry-After: 2"));
    EXPECT_TRUE(reply.hasHeader("X-Reason: quota"));

    server.addResource("/target", plain(3000, 8));
    Resource moved;
    moved.redirectTo = "/target";
    server.addResource("/moved", moved);
    reply = get(server.url("/moved"));
    EXPECT_EQ(reply.status, 302);
    EXPECT_TRUE(reply.hasHeader("Location: /target"));
    reply = get(server.url("/moved"), Request().follow());
    EXPECT_EQ(reply.status, 200);
    EXPECT_EQ(reply.body, expectedBytes(8, 0, 3000));

    moved.status = 308;
    server.addResource("/moved", moved);
    EXPECT_EQ(get(server.url("/moved")).status, 308);
}

TEST_F(ServerTest, ChunkedBodies)
{
    Resource resource = plain(600 * kKiB + 5, 21);
    resource.chunked = true;
    server.addResource("/chunked", resource);
    Reply reply = get(server.url("/chunked"));
    ASSERT_EQ(reply.code, CURLE_OK);
    EXPECT_TRUE(reply.hasHeader("Transfer-Encoding: chunked"));
    EXPECT_EQ(reply.headers.find("Content-Length"), std::string::npos);
    EXPECT_EQ(sha256(reply.body), sha256Hex(21, resource.size));

    reply = get(server.url("/chunked"), Request().range("100-199"));
    EXPECT_EQ(reply.status, 206);
    EXPECT_EQ(reply.body, expectedBytes(21, 100, 100));

    resource.shortBodyBytes = 1000; // ends without the terminating chunk
    server.addResource("/chunked", resource);
    reply = get(server.url("/chunked"));
    EXPECT_NE(reply.code, CURLE_OK);
    EXPECT_EQ(reply.body, expectedBytes(21, 0, 1000));
}

TEST_F(ServerTest, HeaderDelayAndDescriptiveHeaders)
{
    Resource resource = plain(10, 1);
    resource.headerDelayMs = 300;
    resource.contentType = "text/csv";
    resource.contentDisposition = "attachment; filename=\"data.csv\"";
    resource.lastModified = "Tue, 01 Apr 2025 12:00:00 GMT";
    server.addResource("/slowhead", resource);
    const Reply reply = get(server.url("/slowhead"));
    EXPECT_EQ(reply.status, 200);
    EXPECT_GE(reply.seconds, 0.3);
    EXPECT_TRUE(reply.hasHeader("Content-Type: text/csv"));
    EXPECT_TRUE(reply.hasHeader("Content-Disposition: attachment; filename=\"data.csv\""));
    EXPECT_TRUE(reply.hasHeader("Last-Modified: Tue, 01 Apr 2025 12:00:00 GMT"));
}

TEST(IdleReset, AnIdleKeepAliveConnectionIsReset)
{
    ServerOptions options;
    options.idleResetMs = 150;
    HttpServer server(options);
    ASSERT_TRUE(server.start()) << server.error();
    server.addResource("/f", plain(10, 1));
    RawSocket client(server.port());
    ASSERT_TRUE(client.send("GET /f HTTP/1.1\r\nHost: x\r\n\r\n"));
    client.receiveUntil(hasBytesAfterHead(10));
    ASSERT_TRUE(hasBytesAfterHead(10)(client.received()));
    client.receiveAll(3000);
    EXPECT_EQ(client.lastResult, -1);
    EXPECT_EQ(client.lastErrno, ECONNRESET);
    EXPECT_EQ(server.requestCount(), 1u);
}

TEST(Options, KeepAliveOffClosesEveryConnection)
{
    ServerOptions options;
    options.keepAlive = false;
    HttpServer server(options);
    ASSERT_TRUE(server.start()) << server.error();
    server.addResource("/f", plain(10, 1));
    Client client;
    EXPECT_TRUE(client.perform(server.url("/f")).hasHeader("Connection: close"));
    client.perform(server.url("/f"));
    EXPECT_EQ(server.connectionsAccepted(), 2u);
}

TEST(Options, ConnectionsBeyondTheCapAreClosed)
{
    ServerOptions options;
    options.maxConnections = 2;
    HttpServer server(options);
    ASSERT_TRUE(server.start()) << server.error();
    server.addResource("/f", plain(10, 1));
    RawSocket first(server.port());
    RawSocket second(server.port());
    EXPECT_TRUE(waitUntil([&] { return server.openConnections() == 2; }));
    RawSocket third(server.port());
    third.receiveAll(3000);
    EXPECT_EQ(third.lastResult, 0);
    EXPECT_EQ(server.connectionsAccepted(), 2u);
    ASSERT_TRUE(first.send("GET /f HTTP/1.1\r\nHost: x\r\n\r\n"));
    EXPECT_TRUE(hasBytesAfterHead(10)(first.receiveUntil(hasBytesAfterHead(10))));
}

TEST_F(ServerTest, ResourcesCanChangeWhileRunning)
{
    EXPECT_EQ(get(server.url("/late")).status, 404);
    server.addResource("/late", plain(10, 1));
    EXPECT_EQ(get(server.url("/late")).status, 200);
    EXPECT_TRUE(server.removeResource("/late"));
    EXPECT_FALSE(server.removeResource("/late"));
    EXPECT_EQ(get(server.url("/late")).status, 404);
    server.addResource("/x", plain(10, 1));
    server.clearResources();
    EXPECT_EQ(get(server.url("/x")).status, 404);
}

TEST_F(ServerTest, ConcurrentClientsGetTheirOwnBytes)
{
    constexpr int kClients = 8;
    for (int i = 0; i < kClients; ++i)
        server.addResource("/c" + std::to_string(i), plain(2 * kMiB + i, 100 + i));
    std::vector<std::string> digests(kClients);
    std::vector<std::thread> threads;
    for (int i = 0; i < kClients; ++i)
        threads.emplace_back(
            [&, i] { digests[i] = sha256(get(server.url("/c" + std::to_string(i))).body); });
    for (auto& thread : threads)
        thread.join();
    for (int i = 0; i < kClients; ++i)
        EXPECT_EQ(digests[i], sha256Hex(100 + i, 2 * kMiB + i)) << i;
    EXPECT_EQ(server.connectionsAccepted(), std::uint64_t(kClients));
}

TEST_F(ServerTest, LargeUnthrottledTransfer)
{
    const std::uint64_t size = 256 * kMiB;
    server.addResource("/large", plain(size, 77));
    Client client;
    const Reply reply = client.perform(server.url("/large"), Request().discardBody());
    ASSERT_EQ(reply.code, CURLE_OK);
    EXPECT_EQ(reply.bodyBytes, size);
    std::printf("256 MiB in %.3f s (%.0f MiB/s)\n", reply.seconds,
                double(size) / double(kMiB) / reply.seconds);
}

TEST(Demo, CatalogRegistersRealisticFiles)
{
    HttpServer server;
    ASSERT_TRUE(server.start()) << server.error();
    DemoCatalog::registerOn(server);
    const auto files = DemoCatalog::files();
    const auto urls = DemoCatalog::urls(server.port());
    ASSERT_GE(files.size(), 6u);
    ASSERT_EQ(urls.size(), files.size());
    std::set<std::string> names;
    std::set<std::uint64_t> rates;
    Client client;
    for (std::size_t i = 0; i < files.size(); ++i) {
        names.insert(files[i].name);
        rates.insert(files[i].rateBytesPerSec);
        EXPECT_EQ(urls[i], server.url(files[i].path));
        const Reply head = client.perform(urls[i], Request().head());
        EXPECT_EQ(head.status, 200) << urls[i];
        EXPECT_TRUE(head.hasHeader("Content-Length: " + std::to_string(files[i].size)));
        EXPECT_TRUE(head.hasHeader("Content-Type: " + files[i].contentType));
    }
    EXPECT_EQ(names.size(), files.size());
    EXPECT_GE(rates.size(), 4u);
    const Reply readme = client.perform(server.url("/demo/readme.txt"), Request().range("0-99"));
    EXPECT_EQ(readme.status, 206);
}
