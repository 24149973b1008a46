// SPDX-License-Identifier: MIT
// Secrets go only where the user sent them. Haul follows redirects itself
// (engine/src/transfer/redirect.h): the user's extra headers and URL credentials go to the origin
// the user named and to no other, on every connection of a segmented download, and an https://
// address does not lead to an unencrypted http:// one unless allowed for that download.
#include "eventrecorder.h"
#include "testsupport.h"

#include <haul/server/content.h>
#include <haul/server/httpserver.h>
#include <haul/session.h>

#include <gtest/gtest.h>

#include <string>
#include <vector>

using namespace haul;
using namespace std::chrono_literals;

namespace {

const std::vector<std::string> kSecrets = {
    "Authorization: Bearer s3cr3t-token", "Cookie: session=s3cr3t-cookie", "X-Api-Key: s3cr3t-key"};

struct Redirects : ::testing::Test {
    Redirects()
    {
        EXPECT_TRUE(origin.start()) << origin.error();
        EXPECT_TRUE(elsewhere.start()) << elsewhere.error();
    }

    // Big and slow enough that the extra connections open while the first one still runs.
    static server::Resource file()
    {
        server::Resource r;
        r.size = 8u << 20;
        r.seed = 91;
        r.rateBytesPerSec = 4u << 20;
        return r;
    }

    static std::string withLogin(const std::string& url)
    {
        return "http://alice:pa55word@" + url.substr(std::string("http://").size());
    }

    engine::Event run(const engine::TransferRequest& request)
    {
        engine::Refusal refusal;
        const auto id = session.create(request, &refusal);
        EXPECT_NE(id, 0u) << refusal.message;
        EXPECT_TRUE(recorder.start(id));
        EXPECT_TRUE(recorder.waitSettled(id, 120s));
        engine::Event end;
        for (const auto& e : recorder.events(id))
            if (engine::isCompletion(e.type))
                end = e;
        return end;
    }

    server::HttpServer origin;
    server::HttpServer elsewhere; // another port: another origin
    test::TempDir dir;
    engine::Session session;
    test::EventRecorder recorder{session};
};

TEST_F(Redirects, NoHeaderOrLoginReachesAnotherOriginOnAnyConnection)
{
    elsewhere.addResource("/file.bin", file());
    server::Resource hop;
    hop.redirectTo = elsewhere.url("/file.bin");
    origin.addResource("/hop", hop);

    engine::TransferRequest request{withLogin(origin.url("/hop")), dir.path(), "file.bin"};
    request.headers = kSecrets;
    request.connections = 4;
    const auto end = run(request);
    ASSERT_EQ(end.type, engine::Completed) << end.reason;
    EXPECT_EQ(server::sha256OfFile(dir.file("file.bin")), server::sha256Hex(91, 8u << 20));

    // The user's origin saw what the user sent...
    ASSERT_FALSE(origin.requests().empty());
    EXPECT_EQ(origin.requests().front().header("X-Api-Key").value_or(""), "s3cr3t-key");
    EXPECT_TRUE(origin.requests().front().header("Authorization").has_value());
    // ...the other origin, asked by several connections, saw none of it.
    const auto seen = elsewhere.requests();
    EXPECT_GT(seen.size(), 1u) << "the extra connections did not run: nothing was tested";
    for (const auto& r : seen) {
        EXPECT_EQ(r.headerBlock.find("s3cr3t"), std::string::npos) << r.headerBlock;
        EXPECT_FALSE(r.header("Authorization").has_value()) << r.headerBlock;
        EXPECT_FALSE(r.header("Cookie").has_value()) << r.headerBlock;
        EXPECT_EQ(r.target.find("alice"), std::string::npos);
    }
    EXPECT_TRUE(recorder.violations().empty());
}

TEST_F(Redirects, WithinTheNamedOriginEveryConnectionKeepsHeadersAndLogin)
{
    origin.addResource("/file.bin", file());
    server::Resource hop;
    hop.redirectTo = "/file.bin"; // relative, as servers often send it
    origin.addResource("/hop", hop);

    engine::TransferRequest request{withLogin(origin.url("/hop")), dir.path(), "file.bin"};
    request.headers = kSecrets;
    request.connections = 4;
    const auto end = run(request);
    ASSERT_EQ(end.type, engine::Completed) << end.reason;
    int fileRequests = 0;
    for (const auto& r : origin.requests()) {
        EXPECT_EQ(r.header("Cookie").value_or(""), "session=s3cr3t-cookie") << r.headerBlock;
        EXPECT_EQ(r.header("X-Api-Key").value_or(""), "s3cr3t-key") << r.headerBlock;
        // The user's own Authorization header wins over the URL's login, as with curl.
        EXPECT_TRUE(r.header("Authorization").has_value()) << r.headerBlock;
        fileRequests += r.path == "/file.bin" ? 1 : 0;
    }
    EXPECT_GT(fileRequests, 1) << "the extra connections did not run: nothing was tested";
}

TEST_F(Redirects, ALoginInTheAddressIsSentOnlyToItsOrigin)
{
    origin.addResource("/file.bin", file());
    elsewhere.addResource("/file.bin", file());
    server::Resource inside, outside;
    inside.redirectTo = "/file.bin";
    outside.redirectTo = elsewhere.url("/file.bin");
    origin.addResource("/inside", inside);
    origin.addResource("/outside", outside);

    engine::TransferRequest a{withLogin(origin.url("/inside")), dir.path(), "a.bin"};
    a.connections = 4;
    ASSERT_EQ(run(a).type, engine::Completed);
    for (const auto& r : origin.requests())
        EXPECT_EQ(r.header("Authorization").value_or("").rfind("Basic ", 0), 0u) << r.headerBlock;

    engine::TransferRequest b{withLogin(origin.url("/outside")), dir.path(), "b.bin"};
    b.connections = 4;
    ASSERT_EQ(run(b).type, engine::Completed);
    ASSERT_FALSE(elsewhere.requests().empty());
    for (const auto& r : elsewhere.requests())
        EXPECT_FALSE(r.header("Authorization").has_value()) << r.headerBlock;
}

TEST_F(Redirects, ARedirectChainIsFollowedHopByHopAndALoopEnds)
{
    elsewhere.addResource("/file.bin", file());
    server::Resource second, first, loop;
    second.redirectTo = elsewhere.url("/file.bin");
    first.redirectTo = "/second";
    loop.redirectTo = "/loop";
    origin.addResource("/first", first);
    origin.addResource("/second", second);
    origin.addResource("/loop", loop);

    engine::TransferRequest chained{origin.url("/first"), dir.path(), "chained.bin"};
    chained.headers = kSecrets;
    ASSERT_EQ(run(chained).type, engine::Completed);
    for (const auto& r : origin.requests()) // both hops are on the named origin
        EXPECT_EQ(r.header("X-Api-Key").value_or(""), "s3cr3t-key") << r.target;
    for (const auto& r : elsewhere.requests())
        EXPECT_EQ(r.headerBlock.find("s3cr3t"), std::string::npos);

    const auto looped = run({origin.url("/loop"), dir.path(), "loop.bin"});
    EXPECT_EQ(looped.type, engine::Failed);
    EXPECT_NE(looped.reason.find("loops"), std::string::npos) << looped.reason;
    EXPECT_FALSE(test::fileExists(dir.file("loop.bin")));
}

TEST_F(Redirects, HttpsToHttpIsRefusedUnlessAllowedForThatDownload)
{
    test::TlsTestServer tls(HAUL_TEST_SERVERS_DIR "/https_server.py");
    ASSERT_TRUE(tls.running()) << "the TLS test server did not start";
    elsewhere.addResource("/file.bin", file());
    const std::string downgrade = tls.url("/redirect?to=" + elsewhere.url("/file.bin"));

    engine::TransferRequest refused{downgrade, dir.path(), "refused.bin"};
    refused.allowInsecureTls = true; // the test server's certificate is self-signed
    refused.headers = kSecrets;
    const auto end = run(refused);
    EXPECT_EQ(end.type, engine::Failed);
    EXPECT_NE(end.reason.find("unencrypted"), std::string::npos) << end.reason;
    EXPECT_EQ(elsewhere.requestCount(), 0u) << "the clear-text address was asked";
    EXPECT_FALSE(test::fileExists(dir.file("refused.bin")));

    engine::TransferRequest allowed = refused;
    allowed.fileName = "allowed.bin";
    allowed.allowHttpsToHttpRedirect = true;
    ASSERT_EQ(run(allowed).type, engine::Completed);
    ASSERT_FALSE(elsewhere.requests().empty());
    for (const auto& r : elsewhere.requests()) // another origin all the same: nothing goes along
        EXPECT_EQ(r.headerBlock.find("s3cr3t"), std::string::npos) << r.headerBlock;
}

// The allowance is part of the download's record: restored by its key after a restart (as the
// GUI does), the download still follows the redirect, although the new request does not say so.
TEST_F(Redirects, TheHttpsToHttpAllowanceSurvivesARestart)
{
    test::TlsTestServer tls(HAUL_TEST_SERVERS_DIR "/https_server.py");
    ASSERT_TRUE(tls.running()) << "the TLS test server did not start";
    elsewhere.addResource("/file.bin", file());
    engine::SessionOptions withList;
    withList.storePath = dir.file("haul.db");
    engine::TransferRequest request{tls.url("/redirect?to=" + elsewhere.url("/file.bin")),
                                    dir.path(), "kept.bin"};
    request.allowInsecureTls = true;
    request.allowHttpsToHttpRedirect = true;
    std::int64_t key = 0;
    {
        engine::Session before{withList};
        const auto id = before.create(request);
        ASSERT_NE(id, 0u);
        ASSERT_TRUE(test::waitUntil([&] { return before.storeKey(id) != 0; }));
        key = before.storeKey(id);
    }
    engine::Session after{withList};
    test::EventRecorder events{after};
    engine::TransferRequest restored{request.url, dir.path(), "kept.bin"};
    restored.storeKey = key; // neither allowance repeated: both come from the record
    const auto id = after.create(restored);
    ASSERT_TRUE(events.start(id));
    ASSERT_TRUE(events.waitSettled(id, 60s));
    EXPECT_EQ(events.last(id, engine::Completed).type, engine::Completed)
        << events.last(id, engine::Failed).reason;
    EXPECT_EQ(test::fileSize(dir.file("kept.bin")), 8 << 20);
}

} // namespace
