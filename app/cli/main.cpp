// SPDX-License-Identifier: MIT
#include "clioptions.h"
#include "clirunner.h"

#include <curl/curl.h>

#include <atomic>
#include <csignal>
#include <cstdio>

namespace {
std::atomic<bool> g_interrupted{false};
extern "C" void handleInterrupt(int)
{
    g_interrupted.store(true);
}
} // namespace

int main(int argc, char** argv)
{
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string error;
    const auto options = haul::app::parseCliOptions(args, &error);
    if (!options) {
        std::fprintf(stderr, "haul-cli: %s\n%s", error.c_str(), haul::app::cliUsage());
        return 2;
    }
    if (options->help) {
        std::fputs(haul::app::cliUsage(), stdout);
        return 0;
    }
    if (options->version) {
        std::printf("haul-cli %s (libcurl %s)\n", HAUL_VERSION,
                    curl_version_info(CURLVERSION_NOW)->version);
        return 0;
    }
    struct sigaction sa {};
    sa.sa_handler = handleInterrupt;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGINT, &sa, nullptr);
    sigaction(SIGTERM, &sa, nullptr);
    std::signal(SIGPIPE, SIG_IGN);

    haul::app::CliRunner runner(*options);
    return runner.run(g_interrupted);
}
