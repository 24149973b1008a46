// SPDX-License-Identifier: MIT
#include "session/contractcheck.h"

#include <cstdio>
#include <cstdlib>

namespace haul::engine {

namespace {
std::atomic<std::uint64_t> g_violations{0};
} // namespace

void contractViolated(const char* what, const char* file, int line)
{
    const std::uint64_t n = g_violations.fetch_add(1, std::memory_order_relaxed) + 1;
    // A release build that hit a bug keeps going; a flood of the same line helps nobody.
    if (n <= 20)
        std::fprintf(stderr, "haul: contract violation: %s (%s:%d)\n", what, file, line);
#ifdef HAUL_CONTRACT_FATAL
    std::abort();
#endif
}

std::uint64_t contractViolations()
{
    return g_violations.load(std::memory_order_relaxed);
}

bool contractViolationsAreFatal()
{
#ifdef HAUL_CONTRACT_FATAL
    return true;
#else
    return false;
#endif
}

} // namespace haul::engine
