// SPDX-License-Identifier: MIT
// Benchmark 7, Haul's side: downloads under one session speed limit, each download's rate over
// a window. fair_bench.py runs it against nginx and aria2c against the same files.
//   haul-fair-bench --limit BYTES_PER_S [--seconds S] [--warmup S] --dir DIR URL=CONNECTIONS...
// Prints one line per download, "CONNECTIONS BYTES_PER_S", measured on the times of its own
// Progress events (bytes accepted by the engine), then cancels them all.
#include <haul/session.h>

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

using namespace haul;
using Clock = std::chrono::steady_clock;

namespace {

struct Sample {
    std::int64_t bytes = 0;
    Clock::time_point at{};
};

} // namespace

int main(int argc, char** argv)
{
    engine::SessionOptions options;
    options.maxConcurrent = 64;
    double seconds = 20;
    double warmup = 3;
    std::string dir;
    std::vector<std::pair<std::string, int>> downloads;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--limit") && i + 1 < argc) {
            options.rateLimit = std::atoll(argv[++i]);
        } else if (!std::strcmp(argv[i], "--seconds") && i + 1 < argc) {
            seconds = std::atof(argv[++i]);
        } else if (!std::strcmp(argv[i], "--warmup") && i + 1 < argc) {
            warmup = std::atof(argv[++i]);
        } else if (!std::strcmp(argv[i], "--dir") && i + 1 < argc) {
            dir = argv[++i];
        } else {
            const std::string arg = argv[i];
            const auto eq = arg.rfind('=');
            if (eq == std::string::npos) {
                std::fprintf(stderr, "haul-fair-bench: URL=CONNECTIONS expected, got %s\n",
                             argv[i]);
                return 2;
            }
            downloads.emplace_back(arg.substr(0, eq), std::atoi(arg.c_str() + eq + 1));
        }
    }
    if (dir.empty() || downloads.empty() || options.rateLimit <= 0) {
        std::fprintf(stderr, "usage: haul-fair-bench --limit B/S [--seconds S] [--warmup S] "
                             "--dir DIR URL=CONNECTIONS...\n");
        return 2;
    }
    engine::Session session(options);
    std::mutex mutex;
    std::condition_variable changed;
    std::map<engine::TransferId, Sample> last;
    int failed = 0;
    session.subscribe(engine::kAllEvents, [&](const engine::Event& e) {
        std::lock_guard lock(mutex);
        if (e.type == engine::Progress)
            last[e.id] = {e.bytes, Clock::now()};
        else if (e.type == engine::Failed || e.type == engine::Completed)
            ++failed; // a file that ends inside the window spoils it
        changed.notify_all();
    });
    std::vector<engine::TransferId> ids;
    for (std::size_t i = 0; i < downloads.size(); ++i) {
        engine::TransferRequest request{downloads[i].first, dir, "f" + std::to_string(i) + ".bin"};
        request.connections = downloads[i].second;
        engine::Refusal refusal;
        const auto id = session.create(request, &refusal);
        if (id == 0 || !session.start(id)) {
            std::fprintf(stderr, "haul-fair-bench: %s\n", refusal.message.c_str());
            return 1;
        }
        ids.push_back(id);
    }
    const auto snapshot = [&] {
        std::lock_guard lock(mutex);
        return last;
    };
    std::this_thread::sleep_for(std::chrono::duration<double>(warmup));
    const auto first = snapshot();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    const auto second = snapshot();
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto a = first.find(ids[i]);
        const auto b = second.find(ids[i]);
        double rate = 0;
        if (a != first.end() && b != second.end() && b->second.at > a->second.at)
            rate = static_cast<double>(b->second.bytes - a->second.bytes)
                   / std::chrono::duration<double>(b->second.at - a->second.at).count();
        std::printf("%d %.0f\n", downloads[i].second, rate);
    }
    for (auto id : ids)
        session.cancel(id);
    session.shutdown();
    std::lock_guard lock(mutex);
    return failed > 0 ? 1 : 0;
}
