// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace haul::server {

class HttpServer;

// The files `haul --demo` offers: realistic names, sizes from kilobytes to hundreds of
// megabytes and per-connection speeds from a few hundred KiB/s to unthrottled, so a newcomer
// sees a table of downloads that move at different paces without any network. Every file
// resumes (ranges, ETag, Last-Modified) and none misbehaves.
//
// Stateless; all members may be called from any thread.
class DemoCatalog {
public:
    struct File {
        std::string name;                  // "ubuntu-mini.iso"
        std::string path;                  // "/demo/ubuntu-mini.iso"
        std::uint64_t size = 0;            // bytes
        std::uint64_t rateBytesPerSec = 0; // 0 = unthrottled
        std::string contentType;
        std::uint64_t seed = 0; // sha256Hex(seed, size) is the file's checksum
    };

    static std::vector<File> files();
    // Registers every file on server (before or after it started).
    static void registerOn(HttpServer& server);
    // "http://127.0.0.1:PORT/demo/NAME" for every file, in files() order.
    static std::vector<std::string> urls(std::uint16_t port);
};

} // namespace haul::server
