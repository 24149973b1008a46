// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace haul::app {

// haul-cli's command line (DESIGN.md), parsed without side effects.
struct CliOptions {
    std::vector<std::string> urls;
    std::string directory = ".";
    std::string outputName;
    std::string inputFile; // "-" = standard input
    int maxConcurrent = 4;
    int connections = 1;
    bool json = false;
    bool quiet = false;
    bool help = false;
};

// Returns the options, or nothing with a message in *error (a usage error: exit code 2).
std::optional<CliOptions> parseCliOptions(const std::vector<std::string>& args, std::string* error);

const char* cliUsage();

} // namespace haul::app
