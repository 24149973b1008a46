// SPDX-License-Identifier: MIT
#include <haul/server/democatalog.h>

#include <haul/server/httpserver.h>

namespace haul::server {

namespace {

constexpr std::uint64_t kKiB = 1024;
constexpr std::uint64_t kMiB = 1024 * kKiB;

} // namespace

std::vector<DemoCatalog::File> DemoCatalog::files()
{
    struct Entry {
        const char* name;
        std::uint64_t size;
        std::uint64_t rate;
        const char* contentType;
    };
    static constexpr Entry kEntries[] = {
        {"readme.txt", 12 * kKiB, 0, "text/plain; charset=utf-8"},
        {"slides.pdf", 3 * kMiB, 400 * kKiB, "application/pdf"},
        {"podcast-episode.mp3", 8 * kMiB, 700 * kKiB, "audio/mpeg"},
        {"photo-archive.zip", 24 * kMiB, 3 * kMiB / 2, "application/zip"},
        {"song.flac", 32 * kMiB, 5 * kMiB / 2, "audio/flac"},
        {"ubuntu-mini.iso", 64 * kMiB, 4 * kMiB, "application/x-iso9660-image"},
        {"conference-talk.mp4", 120 * kMiB, 6 * kMiB, "video/mp4"},
        {"dataset.csv", 200 * kMiB, 12 * kMiB, "text/csv"},
    };

    std::vector<File> files;
    std::uint64_t seed = 0x4841554CULL; // "HAUL"
    for (const Entry& entry : kEntries) {
        files.push_back({entry.name, std::string("/demo/") + entry.name, entry.size, entry.rate,
                         entry.contentType, seed++});
    }
    return files;
}

void DemoCatalog::registerOn(HttpServer& server)
{
    for (const File& file : files()) {
        Resource resource;
        resource.size = file.size;
        resource.seed = file.seed;
        resource.rateBytesPerSec = file.rateBytesPerSec;
        resource.contentType = file.contentType;
        resource.contentDisposition = "attachment; filename=\"" + file.name + "\"";
        resource.etag = "\"haul-demo-" + std::to_string(file.seed) + "\"";
        resource.lastModified = "Tue, 01 Apr 2025 12:00:00 GMT";
        server.addResource(file.path, std::move(resource));
    }
}

std::vector<std::string> DemoCatalog::urls(std::uint16_t port)
{
    std::vector<std::string> urls;
    for (const File& file : files())
        urls.push_back("http://127.0.0.1:" + std::to_string(port) + file.path);
    return urls;
}

} // namespace haul::server
