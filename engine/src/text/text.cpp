// SPDX-License-Identifier: MIT
#include <haul/text.h>

#include <array>
#include <charconv>
#include <cmath>
#include <cstring>

namespace haul::engine {

std::string_view unknownText()
{
    return "\u2014";
}

std::string formatBytes(double bytes)
{
    if (std::isnan(bytes) || bytes < 0)
        return std::string(unknownText());
    // std::to_chars, not printf: the GUI process runs under the user's locale (QApplication
    // calls setlocale), which would make it "1,5 KiB" in some languages and "1.5 KiB" in others.
    std::array<char, 64> text{};
    if (bytes < 1023.5) { // rounds to at most 1023 B
        auto [end, ec] = std::to_chars(text.data(), text.data() + text.size(), std::round(bytes),
                                       std::chars_format::fixed, 0);
        return ec == std::errc() ? std::string(text.data(), end) + " B" : std::string("? B");
    }
    static constexpr std::array<const char*, 6> kUnits = {"KiB", "MiB", "GiB", "TiB", "PiB", "EiB"};
    double value = bytes / 1024.0;
    std::size_t unit = 0;
    // Switch units before rounding to one decimal would print "1024.0 KiB".
    while (value >= 1023.95 && unit + 1 < kUnits.size()) {
        value /= 1024.0;
        ++unit;
    }
    auto [end, ec] =
        std::to_chars(text.data(), text.data() + text.size(), value, std::chars_format::fixed, 1);
    std::string out = ec == std::errc() ? std::string(text.data(), end) : std::string("?");
    out += ' ';
    out += kUnits[unit];
    return out;
}

std::size_t decodeUtf8At(std::string_view s, std::size_t i, char32_t* codePoint)
{
    if (i >= s.size())
        return 0;
    const auto c = static_cast<unsigned char>(s[i]);
    std::size_t length = 0;
    char32_t cp = 0;
    if (c >= 0xC2 && c <= 0xDF) {
        length = 2;
        cp = c & 0x1Fu;
    } else if (c >= 0xE0 && c <= 0xEF) {
        length = 3;
        cp = c & 0x0Fu;
    } else if (c >= 0xF0 && c <= 0xF4) {
        length = 4;
        cp = c & 0x07u;
    } else {
        return 0; // ASCII, a continuation byte, C0/C1 (overlong) or F5..FF (past U+10FFFF)
    }
    if (s.size() - i < length)
        return 0;
    for (std::size_t k = 1; k < length; ++k) {
        const auto cc = static_cast<unsigned char>(s[i + k]);
        if (!isUtf8Continuation(cc))
            return 0;
        cp = (cp << 6) | (cc & 0x3Fu);
    }
    if ((length == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF)))
        || (length == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    if (codePoint)
        *codePoint = cp;
    return length;
}

bool isValidUtf8(std::string_view s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        if (static_cast<unsigned char>(s[i]) < 0x80) {
            ++i;
            continue;
        }
        const std::size_t length = decodeUtf8At(s, i, nullptr);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

std::string errorText(int errnum)
{
    std::array<char, 256> buffer{};
    // The GNU strerror_r: returns the text, in buffer or a static string of the library.
    return ::strerror_r(errnum, buffer.data(), buffer.size());
}

int hexDigitValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

} // namespace haul::engine
