// SPDX-License-Identifier: MIT
// parseChecksum on arbitrary text; an accepted spec is always well formed and matches what the
// Hasher for its algorithm produces in length and alphabet.
#include "fuzzcheck.h"

#include <haul/checksum.h>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace haul;
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    std::string error;
    const auto spec = engine::parseChecksum(text, &error);
    if (!spec) {
        fuzz::check(!error.empty(), "parseChecksum refused without a message");
        fuzz::check(!fuzz::hasControlChar(error), "error message contains a control character");
        fuzz::check(error.size() < 200, "error message echoes too much of the input");
        return 0;
    }
    const std::string& a = spec->algorithm;
    fuzz::check(a == "sha-256" || a == "sha-512" || a == "sha-1" || a == "md5",
                "algorithm not normalized");
    for (char c : spec->hex)
        fuzz::check((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'), "hex not lower-case hex");

    engine::Hasher hasher(a);
    fuzz::check(hasher.valid(), "Hasher refuses an algorithm parseChecksum accepted");
    hasher.update(data, size);
    fuzz::check(hasher.finishHex().size() == spec->hex.size(),
                "digest length differs from the accepted checksum length");
    return 0;
}
