// SPDX-License-Identifier: MIT
// Benchmark 5: how long from cancel() to the Cancelled event with 500 transfers active, and
// from "cancel all" (close every handle) to the last Closed. Prints a Markdown table.
//   haul-cancel-bench [--smoke] [--transfers N] [--trials N] [--url URL]
// Without --url the files come from an in-process server (one thread per connection); with it,
// from URL (e.g. nginx with limit_rate, as tests/bench/run.sh does), so the server's 500
// connections cost little CPU next to the engine's and the numbers are the engine's.
#include <haul/server/httpserver.h>
#include <haul/session.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <unordered_map>
#include <vector>

using namespace haul;
using Clock = std::chrono::steady_clock;

namespace {

double percentile(std::vector<double> v, double p)
{
    if (v.empty())
        return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

} // namespace

int main(int argc, char** argv)
{
    int transfers = 500;
    int trials = 1000;
    std::string url;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--smoke")) {
            transfers = 50;
            trials = 40;
        } else if (!std::strcmp(argv[i], "--transfers") && i + 1 < argc) {
            transfers = std::atoi(argv[++i]);
        } else if (!std::strcmp(argv[i], "--trials") && i + 1 < argc) {
            trials = std::atoi(argv[++i]);
        } else if (!std::strcmp(argv[i], "--url") && i + 1 < argc) {
            url = argv[++i];
        }
    }
    server::HttpServer server;
    if (url.empty()) {
        if (!server.start()) {
            std::fprintf(stderr, "cannot start the local server: %s\n", server.error().c_str());
            return 1;
        }
        server::Resource slow;
        slow.size = 1ull << 30;
        slow.rateBytesPerSec = 64 * 1024; // long-running, so they stay active
        server.addResource("/slow", slow);
        url = server.url("/slow");
    }
    const auto dir = std::filesystem::temp_directory_path()
                     / ("haul-cancel-bench-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir);

    engine::SessionOptions options;
    options.maxConcurrent = transfers + 16;
    engine::Session session(options);
    std::mutex m;
    std::condition_variable cv;
    std::unordered_map<engine::TransferId, Clock::time_point> cancelledAt, closedAt;
    std::unordered_map<engine::TransferId, bool> active;
    engine::TransferId awaited = 0; // the trial's transfer
    session.subscribe(engine::Progress | engine::Cancelled | engine::Closed,
                      [&](const engine::Event& e) {
                          const auto now = Clock::now();
                          std::lock_guard lock(m);
                          // The waiting thread is woken only for what it waits for: waking it for
                          // each of the thousands of progress events a second would make this
                          // callback, and so the engine thread, queue for the lock behind it, and
                          // measure that instead of the engine.
                          if (e.type == engine::Progress) {
                              active[e.id] = true;
                              if (static_cast<int>(active.size()) == transfers)
                                  cv.notify_all();
                              return;
                          }
                          if (e.type == engine::Cancelled) {
                              cancelledAt[e.id] = now;
                              if (e.id == awaited)
                                  cv.notify_all();
                          } else {
                              closedAt[e.id] = now;
                              if (closedAt.size() == static_cast<std::size_t>(transfers))
                                  cv.notify_all();
                          }
                      });
    std::vector<engine::TransferId> ids;
    for (int i = 0; i < transfers; ++i) {
        ids.push_back(session.create({url, dir.string(), "f" + std::to_string(i)}));
        session.start(ids.back());
    }
    {
        std::unique_lock lock(m);
        cv.wait_for(lock, std::chrono::seconds(60),
                    [&] { return static_cast<int>(active.size()) >= transfers; });
    }
    // One at a time: cancel a random active transfer, time it, start it again.
    std::mt19937 rng(42);
    std::vector<double> latencies;
    for (int t = 0; t < trials; ++t) {
        const auto id = ids[rng() % ids.size()];
        {
            std::lock_guard lock(m);
            cancelledAt.erase(id);
            awaited = id;
        }
        const auto t0 = Clock::now();
        session.cancel(id);
        std::unique_lock lock(m);
        if (!cv.wait_for(lock, std::chrono::seconds(5), [&] { return cancelledAt.count(id) > 0; }))
            continue;
        latencies.push_back(
            std::chrono::duration<double, std::milli>(cancelledAt[id] - t0).count());
        lock.unlock();
        session.start(id);
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    // Cancel all: close every handle at once, wait for the last Closed.
    const auto t0 = Clock::now();
    for (auto id : ids)
        session.close(id);
    double all = -1;
    {
        std::unique_lock lock(m);
        if (cv.wait_for(lock, std::chrono::seconds(30),
                        [&] { return closedAt.size() >= ids.size(); })) {
            Clock::time_point last = t0;
            for (auto& [id, when] : closedAt)
                last = std::max(last, when);
            all = std::chrono::duration<double, std::milli>(last - t0).count();
        }
    }
    session.shutdown();
    std::filesystem::remove_all(dir);
    std::printf("| measure | value | target |\n|---|---|---|\n");
    std::printf("| cancel() → cancelled, p50 (%zu trials, %d active) | %.3f ms | |\n",
                latencies.size(), transfers, percentile(latencies, 0.50));
    std::printf("| cancel() → cancelled, p90 | %.3f ms | |\n", percentile(latencies, 0.90));
    std::printf("| cancel() → cancelled, p99 | %.3f ms | ≤ 2 ms |\n", percentile(latencies, 0.99));
    std::printf("| cancel() → cancelled, max | %.3f ms | |\n", percentile(latencies, 1.0));
    std::printf("| cancel all (%d handles) → last closed | %.1f ms | ≤ 50 ms |\n", transfers, all);
    return all < 0 || latencies.empty() ? 1 : 0;
}
