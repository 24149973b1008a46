// SPDX-License-Identifier: MIT
// sanitizeFileName with a fuzzed limit, and fileNameFromUrl: the names they return are always
// safe to create in a download folder.
#include "fuzzcheck.h"

#include <haul/url.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace haul;
    const std::string_view all(reinterpret_cast<const char*>(data), size);

    const std::string fromUrl = engine::fileNameFromUrl(all);
    // No UTF-8 check here: %-escapes may decode to any bytes.
    fuzz::checkFileName(fromUrl, 250);

    const std::string byDefault = engine::sanitizeFileName(all);
    fuzz::checkFileName(byDefault, 250);
    if (fuzz::isValidUtf8(all))
        fuzz::check(fuzz::isValidUtf8(byDefault), "sanitizeFileName cut a UTF-8 sequence");

    if (size == 0)
        return 0;
    // The first byte is the limit; the rest is the name.
    const std::size_t maxBytes = data[0];
    const std::string_view name = all.substr(1);
    const std::string limited = engine::sanitizeFileName(name, maxBytes);
    fuzz::checkFileName(limited, std::max<std::size_t>(maxBytes, 1));
    // Below ~20 bytes a kept extension leaves too little room for a multi-byte first character;
    // a cut there is allowed to break the sequence.
    if (maxBytes >= 32 && fuzz::isValidUtf8(name))
        fuzz::check(fuzz::isValidUtf8(limited), "sanitizeFileName cut a UTF-8 sequence");
    return 0;
}
