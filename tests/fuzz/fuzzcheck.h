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

// Decodes the well-formed UTF-8 sequence of several bytes at s[i] into *cp and returns its
// length; 0 for an ASCII byte or anything malformed (overlong, a surrogate, past U+10FFFF).
inline std::size_t decodeUtf8At(std::string_view s, std::size_t i, unsigned int* cp)
{
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t extra;
    if (c >= 0xC2 && c <= 0xDF) {
        extra = 1;
        *cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        extra = 2;
        *cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
        extra = 3;
        *cp = c & 0x07u;
    } else {
        return 0;
    }
    if (s.size() - i <= extra)
        return 0;
    for (std::size_t k = 1; k <= extra; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if ((cc & 0xC0) != 0x80)
            return 0;
        *cp = (*cp << 6) | (cc & 0x3Fu);
    }
    if ((extra == 2 && (*cp < 0x800 || (*cp >= 0xD800 && *cp <= 0xDFFF)))
        || (extra == 3 && (*cp < 0x10000 || *cp > 0x10FFFF)))
        return 0;
    return extra + 1;
}

// A character that changes how a name is shown without being seen (the list in url.h): C1
// and bidirectional controls, zero-width and other invisible characters, line separators.
inline bool hasDeceptiveChar(std::string_view s)
{
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned int cp = 0;
        if (decodeUtf8At(s, i, &cp) == 0)
            continue;
        if ((cp >= 0x80 && cp <= 0x9F) || cp == 0xAD || cp == 0x61C || cp == 0x180E
            || (cp >= 0x200B && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202E)
            || (cp >= 0x2060 && cp <= 0x206F) || cp == 0xFEFF || (cp >= 0xFFF9 && cp <= 0xFFFB)
            || (cp >= 0xE0000 && cp <= 0xE007F))
            return true;
    }
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
    check(name.front() != '-', "file name starts with '-'");
    check(!hasDeceptiveChar(name), "file name contains a bidirectional, invisible or C1 character");
}

} // namespace haul::fuzz
