// SPDX-License-Identifier: MIT
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string_view>

namespace haul::fuzz {

// libFuzzer reports an abort() as a crash and saves the input; the message says which invariant.
inline void check(bool ok, const char* what)
{
    if (!ok) {
        std::fprintf(stderr, "broken invariant: %s\n", what);
        std::abort();
    }
}

inline bool hasControlChar(std::string_view s)
{
    for (unsigned char c : s)
        if (c < 0x20 || c == 0x7F)
            return true;
    return false;
}

// Strict UTF-8: no overlongs, surrogates or code points above U+10FFFF.
inline bool isValidUtf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t extra;
        unsigned int cp;
        if (c < 0x80) {
            ++i;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            extra = 1;
            cp = c & 0x1Fu;
        } else if (c >= 0xE0 && c <= 0xEF) {
            extra = 2;
            cp = c & 0x0Fu;
        } else if (c >= 0xF0 && c <= 0xF4) {
            extra = 3;
            cp = c & 0x07u;
        } else {
            return false;
        }
        if (s.size() - i <= extra)
            return false;
        for (std::size_t k = 1; k <= extra; ++k) {
            const auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (cc & 0x3Fu);
        }
        if ((extra == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))
            || (extra == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return false;
        i += extra + 1;
    }
    return true;
}

// What every name handed to the file system must satisfy.
inline void checkFileName(std::string_view name, std::size_t maxBytes)
{
    check(!name.empty(), "file name is empty");
    check(name.size() <= maxBytes, "file name is longer than the limit");
    check(name.find('/') == std::string_view::npos, "file name contains '/'");
    check(name.find('\\') == std::string_view::npos, "file name contains '\\'");
    check(!hasControlChar(name), "file name contains a control character");
    check(name.front() != '.', "file name starts with '.'");
    check(name.front() != ' ', "file name starts with a space");
}

} // namespace haul::fuzz
