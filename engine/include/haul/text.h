// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

// Small text helpers the engine, haul-cli and the UI share, so that each exists once. Pure
// functions: no I/O, any thread; only errorText follows the locale (LC_MESSAGES).
namespace haul::engine {

// "0 B", "1023 B", "1.5 KiB", "3.2 GiB": sizes in the words users read (engine messages,
// haul-cli, the UI). Binary units with one decimal; the unit switches before rounding would
// print "1024.0 KiB" (1,048,575 B is "1.0 MiB"). A negative or NaN size is unknown: "—"
// (U+2014). The decimal point is always '.', whatever the process's locale.
std::string formatBytes(double bytes);

// The text formatBytes gives for an unknown size: "—" (U+2014, in UTF-8).
std::string_view unknownText();

// A byte that continues a UTF-8 sequence (10xxxxxx): a text is never cut in front of one.
constexpr bool isUtf8Continuation(unsigned char c)
{
    return (c & 0xC0) == 0x80;
}

// The length (2 to 4) of the well-formed multi-byte UTF-8 sequence at s[i], with its code point
// in *codePoint; 0 for an ASCII byte, a byte past the end, or anything malformed. Strict: overlong
// forms, surrogates (U+D800..U+DFFF) and code points above U+10FFFF are malformed, so a text that
// passes cannot smuggle a '/' or '.' past a check in a disguised encoding.
std::size_t decodeUtf8At(std::string_view s, std::size_t i, char32_t* codePoint);

// Is all of s well-formed UTF-8, in the strict sense of decodeUtf8At?
bool isValidUtf8(std::string_view s);

// What an errno value means, in the words of the C library ("No space left on device"), like
// std::strerror but safe on any thread (strerror_r).
std::string errorText(int errnum);

// The value of one hex digit (0-9, a-f, A-F), or -1 for any other character.
int hexDigitValue(char c);

} // namespace haul::engine
