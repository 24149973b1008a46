// SPDX-License-Identifier: MIT
#pragma once

#include <iconv.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

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

// The UTF-8 oracle is glibc's iconv, not a copy of the engine's decoder (text.h): a bug
// shared by two copies of one loop would never show. glibc's UTF-8 converter is strict in the
// same sense as RFC 3629: overlong forms, surrogates and code points above U+10FFFF are errors.
class Utf8Oracle {
public:
    Utf8Oracle() : m_cd(iconv_open("UTF-32LE", "UTF-8"))
    {
        check(m_cd != reinterpret_cast<iconv_t>(-1), "iconv cannot convert UTF-8 to UTF-32LE");
    }
    ~Utf8Oracle() { iconv_close(m_cd); }
    Utf8Oracle(const Utf8Oracle&) = delete;
    Utf8Oracle& operator=(const Utf8Oracle&) = delete;

    // Converts at most maxChars characters from the front of s; returns the bytes they took
    // (0 when the first one is malformed or cut short) and the last one's code point in *cp.
    std::size_t decodeFront(std::string_view s, std::size_t maxChars, char32_t* cp)
    {
        iconv(m_cd, nullptr, nullptr, nullptr, nullptr); // the initial state
        std::string in(s);
        char* inPtr = in.data();
        std::size_t inLeft = in.size();
        std::vector<char32_t> out(std::max<std::size_t>(maxChars, 1));
        char* outPtr = reinterpret_cast<char*>(out.data());
        std::size_t outLeft = maxChars * sizeof(char32_t);
        iconv(m_cd, &inPtr, &inLeft, &outPtr, &outLeft); // stops at an error or a full buffer
        const std::size_t chars = maxChars - outLeft / sizeof(char32_t);
        if (chars > 0 && cp)
            std::memcpy(cp, out.data() + (chars - 1), sizeof(char32_t)); // UTF-32LE on x86
        return in.size() - inLeft;
    }

    bool isValid(std::string_view s) { return decodeFront(s, s.size(), nullptr) == s.size(); }

private:
    iconv_t m_cd;
};

inline Utf8Oracle& utf8Oracle()
{
    static Utf8Oracle oracle; // a fuzzer runs on one thread
    return oracle;
}

inline bool isValidUtf8(std::string_view s)
{
    return utf8Oracle().isValid(s);
}

// The well-formed UTF-8 character of several bytes at s[i]: its length and, in *cp, its code
// point; 0 for an ASCII byte or anything malformed.
inline std::size_t decodeUtf8At(std::string_view s, std::size_t i, char32_t* cp)
{
    if (static_cast<unsigned char>(s[i]) < 0x80)
        return 0;
    const std::size_t length = utf8Oracle().decodeFront(s.substr(i, 4), 1, cp);
    return length >= 2 ? length : 0;
}

// A character that changes how a name is shown without being seen (the list in url.h): C1
// and bidirectional controls, zero-width and other invisible characters, line separators.
inline bool hasDeceptiveChar(std::string_view s)
{
    for (std::size_t i = 0; i < s.size(); ++i) {
        char32_t cp = 0;
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
