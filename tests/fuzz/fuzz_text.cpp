// SPDX-License-Identifier: MIT
// text.h against independent oracles: isValidUtf8 and decodeUtf8At agree with glibc's iconv
// on every input, and formatBytes always gives a number and a unit.
#include "fuzzcheck.h"

#include <haul/text.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace haul;
    const std::string_view all(reinterpret_cast<const char*>(data), size);

    fuzz::check(engine::isValidUtf8(all) == fuzz::isValidUtf8(all),
                "isValidUtf8 disagrees with iconv");
    for (std::size_t i = 0; i < all.size(); ++i) {
        char32_t mine = 0, theirs = 0;
        const std::size_t length = engine::decodeUtf8At(all, i, &mine);
        fuzz::check(length == fuzz::decodeUtf8At(all, i, &theirs),
                    "decodeUtf8At's length disagrees with iconv");
        fuzz::check(length == 0 || mine == theirs,
                    "decodeUtf8At's code point disagrees with iconv");
    }

    if (size >= sizeof(double)) {
        double bytes = 0;
        std::memcpy(&bytes, data, sizeof bytes);
        const std::string text = engine::formatBytes(bytes);
        if (std::isnan(bytes) || bytes < 0) {
            fuzz::check(text == engine::unknownText(), "an unknown size is not shown as such");
        } else {
            const auto space = text.find(' ');
            fuzz::check(space != std::string::npos && space > 0, "no number before the unit");
            const std::string unit = text.substr(space + 1);
            fuzz::check(unit == "B" || unit == "KiB" || unit == "MiB" || unit == "GiB"
                            || unit == "TiB" || unit == "PiB" || unit == "EiB",
                        "an unknown unit");
            // Below the largest unit the number never reaches 1024 (no "1024.0 KiB").
            if (unit != "EiB" && std::isfinite(bytes))
                fuzz::check(std::stod(text.substr(0, space)) < 1024, "the unit switched too late");
        }
    }
    return 0;
}
