// SPDX-License-Identifier: MIT
// Rule 6: after unsubscribe returns, the module that holds the callback may be unloaded at once.
// Thousands of cycles of dlopen, start downloads with callbacks into the module, end them at a
// random moment in one of four ways, dlclose at once.
#include "testsupport.h"

#include <haul/haul.h>
#include <haul/server/httpserver.h>

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <dlfcn.h>
#include <random>
#include <thread>

namespace {

using Begin = int (*)(haul_session*, const char*, const char*, int);
using End = void (*)(haul_session*, int);
using Events = long (*)();

int cycles()
{
    const char* env = std::getenv("HAUL_MODULE_CYCLES");
    return env ? std::atoi(env) : 2000;
}

TEST(Module, LoadStartCancelUnsubscribeUnloadThousandsOfTimes)
{
    haul::server::HttpServer server;
    ASSERT_TRUE(server.start());
    haul::server::Resource r;
    r.size = 8u << 20;
    r.rateBytesPerSec = 16u << 20;
    server.addResource("/f", r);
    haul::test::TempDir dir;
    haul_session* session = haul_session_new(32);
    ASSERT_NE(session, nullptr);

    const unsigned seed = std::random_device{}();
    std::printf("seed %u (replay with HAUL_MODULE_SEED)\n", seed);
    const char* seedEnv = std::getenv("HAUL_MODULE_SEED");
    std::mt19937 rng(seedEnv ? static_cast<unsigned>(std::atoll(seedEnv)) : seed);

    long eventsSeen = 0;
    const int n = cycles();
    for (int cycle = 0; cycle < n; ++cycle) {
        void* module = dlopen(HAUL_TEST_MODULE_PATH, RTLD_NOW | RTLD_LOCAL);
        ASSERT_NE(module, nullptr) << dlerror();
        auto begin = reinterpret_cast<Begin>(dlsym(module, "module_begin"));
        auto end = reinterpret_cast<End>(dlsym(module, "module_end"));
        auto events = reinterpret_cast<Events>(dlsym(module, "module_events"));
        ASSERT_TRUE(begin && end && events);

        ASSERT_GT(begin(session, server.url("/f").c_str(), dir.path().c_str(), 1 + cycle % 4), 0);
        // A random moment: at once, while connecting, or mid-body.
        const int wait = static_cast<int>(rng() % 4000);
        if (wait > 500)
            std::this_thread::sleep_for(std::chrono::microseconds(wait));
        end(session, static_cast<int>(rng() % 4));
        eventsSeen += events();
        ASSERT_EQ(dlclose(module), 0);
    }
    haul_session_free(session);
    std::printf("%d cycles, %ld events delivered into the module before it was unloaded\n", n,
                eventsSeen);
    EXPECT_GT(eventsSeen, 0);
}

TEST(CApi, RefusalsAreSynchronousAndSilent)
{
    haul_session* session = haul_session_new(0);
    char error[256] = {};
    EXPECT_EQ(
        haul_transfer_new(session, "file:///etc/passwd", "/tmp", nullptr, error, sizeof error), 0u);
    EXPECT_NE(std::string(error).find("http"), std::string::npos) << error;
    EXPECT_EQ(haul_start(session, 999), 0);
    EXPECT_EQ(haul_close(session, 999), 0);
    EXPECT_EQ(haul_set_callback(
                  session, 999, [](const haul_event*, void*) {}, nullptr, HAUL_EVENTS_ALL),
              0);
    EXPECT_STREQ(haul_event_name(HAUL_EVENT_HEADERS_RECEIVED), "headers_received");
    EXPECT_STREQ(haul_event_name(HAUL_EVENT_REQUEUED), "requeued");
    EXPECT_EQ(haul_force_start(session, 999), 0);
    haul_session_free(session);
}

TEST(CApi, ForceStartRunsPastTheLimit)
{
    haul::server::HttpServer server;
    ASSERT_TRUE(server.start());
    haul::server::Resource held;
    held.size = 1u << 20;
    held.gateAfterBytes = 1024; // the one slot stays taken until the test releases it
    server.addResource("/held", held);
    haul::server::Resource small;
    small.size = 4096;
    server.addResource("/small", small);
    haul::test::TempDir dir;
    haul_session* session = haul_session_new(1);
    const haul_transfer_id first = haul_transfer_new(session, server.url("/held").c_str(),
                                                     dir.path().c_str(), nullptr, nullptr, 0);
    ASSERT_NE(first, 0u);
    ASSERT_NE(haul_start(session, first), 0);
    ASSERT_TRUE(haul::test::waitUntil([&] { return server.heldAtGate("/held") == 1; }));
    const haul_transfer_id second = haul_transfer_new(session, server.url("/small").c_str(),
                                                      dir.path().c_str(), nullptr, nullptr, 0);
    ASSERT_NE(second, 0u);
    std::atomic<int> completed{0};
    ASSERT_NE(haul_set_callback(
                  session, second,
                  [](const haul_event* e, void* context) {
                      if (e->type == HAUL_EVENT_COMPLETED)
                          static_cast<std::atomic<int>*>(context)->fetch_add(1);
                  },
                  &completed, HAUL_EVENTS_ALL),
              0);
    ASSERT_NE(haul_force_start(session, second), 0);
    EXPECT_TRUE(haul::test::waitUntil([&] { return completed.load() == 1; }));
    EXPECT_EQ(server.heldAtGate("/held"), 1); // the first still has its slot
    EXPECT_TRUE(server.releaseGate("/held"));
    haul_session_free(session);
}

} // namespace
