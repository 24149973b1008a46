// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace haul::app {

// haul-cli's command line (docs/ARCHITECTURE.md), parsed without side effects.
struct CliOptions {
    std::vector<std::string> urls;
    std::string directory = ".";
    std::string outputName;
    std::string inputFile; // "-" = standard input
    int maxConcurrent = 4;
    int connections = 1;
    std::int64_t rateLimit = 0; // bytes per second, all downloads together
    std::int64_t maxSize = 0;   // --max-size: bytes a file may have; 0 = no limit
    int retries = 5;
    std::string checksum;                 // ALGO=HEX, one URL only
    bool insecure = false;                // accept unverifiable TLS certificates
    std::vector<std::string> headers;     // -H "Name: value", for every download
    std::vector<std::string> headerFiles; // --header-file / -H @FILE: read by the runner
    std::string netrcFile;                // --netrc (~/.netrc) or --netrc-file FILE; empty = none
    bool allowHttpRedirect = false;       // follow a redirect from https:// to http://
    std::string storePath; // empty: the default download list; "none": keep no record
    bool json = false;
    bool quiet = false;
    bool help = false;
    bool version = false;
};

// Returns the options, or nothing with a message in *error (a usage error: exit code 2).
std::optional<CliOptions> parseCliOptions(const std::vector<std::string>& args, std::string* error);

const char* cliUsage();

// The headers of a --header-file: one "Name: value" a line; blank lines and lines starting with
// '#' are skipped, a trailing CR is dropped. Nothing, with a sentence in *error, when the file
// cannot be read.
std::optional<std::vector<std::string>> readHeaderFile(const std::string& path, std::string* error);

// "500K", "2M", "1.5G", "300000": bytes per second (K = 1024), or bytes (--max-size). Nothing
// when malformed.
std::optional<std::int64_t> parseRate(const std::string& text);

} // namespace haul::app
