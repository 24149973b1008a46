// SPDX-License-Identifier: MIT
// fileNameFromContentDisposition on arbitrary header values: whatever a server sends, the result
// is nothing or a safe, valid UTF-8 name.
#include "fuzzcheck.h"

#include <haul/contentdisposition.h>

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace haul;
    const std::string_view header(reinterpret_cast<const char*>(data), size);
    const auto name = engine::fileNameFromContentDisposition(header);
    if (!name)
        return 0;
    fuzz::checkFileName(*name, 250);
    // filename* is checked to be UTF-8 and a plain filename that is not UTF-8 is converted from
    // ISO-8859-1, so the result is always UTF-8.
    fuzz::check(fuzz::isValidUtf8(*name), "name from Content-Disposition is not UTF-8");
    return 0;
}
