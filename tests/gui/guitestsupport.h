// SPDX-License-Identifier: MIT
#pragma once

#include <haul/server/httpserver.h>

#include <QString>

#include <cstdint>
#include <memory>

// Shared by the GUI test programs: one local server with a fast, a slow and a crawling file,
// and two that a test can count on to be still in progress whenever it acts.
namespace haul::guitest {

inline constexpr std::uint64_t kTwoMiB = 2u * 1024u * 1024u;
inline constexpr std::uint64_t kSeed = 0x4a11u;
inline constexpr std::uint64_t kHeldBytes = 256u * 1024u;

// /two.bin unthrottled, /slow.bin about a second, /crawl.bin several seconds (all complete).
// /held.bin sends kHeldBytes of its body, then holds at the server's gate, never released: a
// download that stays mid-body, whatever the machine's speed. /endless.bin (1 GiB at the crawl's
// rate) never completes in a test either, and its bytes and events keep flowing.
inline std::unique_ptr<server::HttpServer> startServer()
{
    auto s = std::make_unique<server::HttpServer>();
    server::Resource fast;
    fast.size = kTwoMiB;
    fast.seed = kSeed;
    s->addResource("/two.bin", fast);
    server::Resource slow = fast;
    slow.rateBytesPerSec = kTwoMiB;
    s->addResource("/slow.bin", slow);
    server::Resource crawl = fast;
    crawl.rateBytesPerSec = kTwoMiB / 8;
    s->addResource("/crawl.bin", crawl);
    server::Resource held = fast;
    held.gateAfterBytes = kHeldBytes;
    s->addResource("/held.bin", held);
    server::Resource endless = crawl;
    endless.size = std::uint64_t{1} << 30;
    s->addResource("/endless.bin", endless);
    if (!s->start()) {
        return nullptr;
    }
    return s;
}

inline QString url(const server::HttpServer& server, const char* path)
{
    return QString::fromStdString(server.url(path));
}

} // namespace haul::guitest
