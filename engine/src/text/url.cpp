// SPDX-License-Identifier: MIT
#include <haul/url.h>

#include <haul/text.h>

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <utility>

namespace haul::engine {

namespace {

struct UrlDeleter {
    void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using UrlPtr = std::unique_ptr<CURLU, UrlDeleter>;

// CURLU is libcurl's standalone URL parser: it has no shared state and no connection to an
// easy or multi handle, so using it outside the engine thread keeps rule 9.
std::string part(CURLU* u, CURLUPart which)
{
    char* out = nullptr;
    if (curl_url_get(u, which, &out, 0) != CURLUE_OK || !out)
        return {};
    std::string s(out);
    curl_free(out);
    return s;
}

// The length of the UTF-8 sequence at s[i] when it encodes a character that makes a name
// deceive (see url.h), else 0. Only well-formed sequences count: anything else is not shown
// as such a character.
std::size_t deceptiveAt(std::string_view s, std::size_t i)
{
    char32_t cp = 0;
    const std::size_t length = decodeUtf8At(s, i, &cp);
    if (length == 0)
        return 0;
    constexpr std::pair<char32_t, char32_t> kDeceptive[] = {
        {0x0080, 0x009F},   // C1 controls
        {0x00AD, 0x00AD},   // soft hyphen (invisible)
        {0x061C, 0x061C},   // Arabic letter mark (bidirectional)
        {0x180E, 0x180E},   // Mongolian vowel separator (invisible)
        {0x200B, 0x200F},   // zero-width space, non-joiner, joiner; LRM, RLM
        {0x2028, 0x202E},   // line and paragraph separators; LRE, RLE, PDF, LRO, RLO
        {0x2060, 0x206F},   // word joiner, invisible operators; LRI, RLI, FSI, PDI; deprecated
        {0xFEFF, 0xFEFF},   // zero-width no-break space (byte order mark)
        {0xFFF9, 0xFFFB},   // interlinear annotation
        {0xE0000, 0xE007F}, // tags (invisible)
    };
    for (const auto& [first, last] : kDeceptive)
        if (cp >= first && cp <= last)
            return length;
    return 0;
}

} // namespace

std::optional<std::string> checkUrl(std::string_view url)
{
    if (url.empty())
        return "The address is empty.";
    if (url.size() > 8192)
        return "The address is longer than 8192 characters.";
    // Checked before control characters so a pasted "\t" or " " gets the helpful message; curl
    // would refuse a leading one as invalid and silently send a trailing one as %20.
    if (url.front() == ' ' || url.front() == '\t' || url.back() == ' ' || url.back() == '\t')
        return "The address starts or ends with a space; remove it and try again.";
    for (unsigned char c : url)
        if (c < 0x20 || c == 0x7F)
            return "The address contains control characters.";
    UrlPtr u(curl_url());
    if (!u)
        return "Out of memory while reading the address.";
    const std::string s(url);
    if (curl_url_set(u.get(), CURLUPART_URL, s.c_str(), CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE)
        != CURLUE_OK)
        return "\"" + maskCredentials(url) + "\" is not a valid address.";
    const std::string scheme = part(u.get(), CURLUPART_SCHEME);
    if (scheme != "http" && scheme != "https")
        return "Only http:// and https:// addresses can be downloaded, not " + scheme + "://.";
    if (part(u.get(), CURLUPART_HOST).empty())
        return "The address has no host name.";
    return std::nullopt;
}

std::string maskCredentials(std::string_view url)
{
    const auto schemeEnd = url.find("://");
    if (schemeEnd == std::string_view::npos)
        return std::string(url);
    const auto authorityStart = schemeEnd + 3;
    const auto authorityEnd = url.find_first_of("/?#", authorityStart);
    const auto at =
        url.rfind('@', authorityEnd == std::string_view::npos ? url.size() : authorityEnd);
    if (at == std::string_view::npos || at < authorityStart)
        return std::string(url);
    std::string out(url.substr(0, authorityStart));
    out += "***";
    out += url.substr(at);
    return out;
}

std::string percentDecode(std::string_view s)
{
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            const int hi = hexDigitValue(s[i + 1]), lo = hexDigitValue(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                out += static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

std::string fileNameFromUrl(std::string_view url)
{
    std::string path;
    UrlPtr u(curl_url());
    const std::string s(url);
    if (u
        && curl_url_set(u.get(), CURLUPART_URL, s.c_str(),
                        CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE)
               == CURLUE_OK)
        path = part(u.get(), CURLUPART_PATH);
    const auto slash = path.rfind('/');
    std::string last = slash == std::string::npos ? path : path.substr(slash + 1);
    if (last.empty())
        return "index.html";
    return sanitizeFileName(percentDecode(last));
}

std::string sanitizeFileName(std::string_view name, std::size_t maxBytes)
{
    std::string out;
    out.reserve(name.size());
    for (std::size_t i = 0; i < name.size(); ++i) {
        const auto c = static_cast<unsigned char>(name[i]);
        if (const std::size_t length = deceptiveAt(name, i)) {
            out += '_'; // one for the whole character: it shows that something was there
            i += length - 1;
        } else if (c < 0x20 || c == 0x7F || c == '/' || c == '\\') {
            out += '_';
        } else {
            out += static_cast<char>(c);
        }
    }
    // No hidden files, no "." or "..", no names that start with a space.
    std::size_t first = out.find_first_not_of(". ");
    out = first == std::string::npos ? std::string() : out.substr(first);
    while (!out.empty() && (out.back() == ' ' || out.back() == '.'))
        out.pop_back();
    if (out.empty())
        out = "download";
    if (out.front() == '-')
        out.front() = '_'; // passed to a command ("rm *"), it would be read as an option
    maxBytes = std::max<std::size_t>(maxBytes, 1); // "never empty" wins over a limit of 0
    if (out.size() > maxBytes) {
        std::string ext;
        const auto dot = out.rfind('.');
        // The stem keeps at least one byte, or the result would be a hidden ".ext".
        if (dot != std::string::npos && out.size() - dot <= 16 && out.size() - dot < maxBytes)
            ext = out.substr(dot);
        const std::size_t limit = maxBytes - ext.size();
        std::size_t keep = limit;
        while (keep > 0 && isUtf8Continuation(static_cast<unsigned char>(out[keep])))
            --keep;
        if (keep == 0) // not UTF-8 at all: there is no boundary to respect
            keep = limit;
        out = out.substr(0, keep) + ext;
    }
    return out;
}

std::optional<std::string> checkRequestHeader(std::string_view line)
{
    const auto colon = line.find(':');
    const std::string_view name = line.substr(0, colon);
    if (colon == std::string_view::npos || colon == 0
        || line.find_first_of(std::string_view("\r\n\0", 3)) != std::string_view::npos
        || name.find_first_of(" \t") != std::string_view::npos)
        return "A request header must read \"Name: value\", on one line.";
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    if (lower == "range" || lower == "if-range")
        return "Haul sets the Range and If-Range headers itself to resume; leave them out.";
    return std::nullopt;
}

} // namespace haul::engine
