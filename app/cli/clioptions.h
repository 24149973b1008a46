// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
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
    std::int64_t rateLimit = 0; // bytes per second, all downloads together
    int retries = 5;
    std::string checksum;       // ALGO=HEX, one URL only
    bool insecure = false;      // accept unverifiable TLS certificates
    std::vector<std::string> headers; // -H "Name: value", for every download
    std::string storePath;      // empty: the default download list; "none": keep no record
    bool json = false;
    bool quiet = false;
    bool help = false;
    bool version = false;
};

// Returns the options, or nothing with a message in *error (a usage error: exit code 2).
std::optional<CliOptions> parseCliOptions(const std::vector<std::string>& args, std::string* error);

const char* cliUsage();

// "500K", "2M", "1.5G", "300000": bytes per second (K = 1024). Nothing when malformed.
std::optional<std::int64_t> parseRate(const std::string& text);

} // namespace haul::app
