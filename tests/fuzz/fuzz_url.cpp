// SPDX-License-Identifier: MIT
// checkUrl and maskCredentials. Besides "no crash", the input is also turned into
// scheme://user:pass@host/path, and then neither the masked URL nor checkUrl's message may show
// the user name or password.
#include "fuzzcheck.h"

#include <haul/url.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace {

// RFC 3986 userinfo cannot hold these unescaped; a URL with them raw ends the authority early,
// for curl and for browsers alike, so they are not "the password" of that URL.
std::string withoutDelimiters(std::string_view s, std::string_view forbidden)
{
    std::string out;
    for (char c : s)
        if (forbidden.find(c) == std::string_view::npos)
            out += c;
    return out;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    using namespace haul;
    const std::string_view all(reinterpret_cast<const char*>(data), size);

    if (const auto problem = engine::checkUrl(all))
        fuzz::check(!problem->empty(), "checkUrl returned an empty message");
    const std::string masked = engine::maskCredentials(all);
    fuzz::check(masked.size() <= all.size() + 3, "maskCredentials grew the URL");

    // Layout: scheme selector, then user, password, host and path separated by NUL bytes.
    if (size < 1)
        return 0;
    static constexpr std::string_view kSchemes[] = {"http", "https", "ftp", "HTTP", "x-y+z"};
    const std::string_view scheme = kSchemes[data[0] % std::size(kSchemes)];
    std::string_view rest = all.substr(1);
    std::string_view fields[4];
    for (int i = 0; i < 3; ++i) {
        const auto nul = rest.find('\0');
        fields[i] = rest.substr(0, nul);
        rest = nul == std::string_view::npos ? std::string_view() : rest.substr(nul + 1);
    }
    fields[3] = rest;
    const std::string user = withoutDelimiters(fields[0], "/?#");
    const std::string pass = withoutDelimiters(fields[1], "/?#");
    const std::string host = withoutDelimiters(fields[2], "@/?#");
    const std::string path = std::string(fields[3]);
    const std::string url =
        std::string(scheme) + "://" + user + ":" + pass + "@" + host + "/" + path;

    const std::string expected = std::string(scheme) + "://***@" + host + "/" + path;
    fuzz::check(engine::maskCredentials(url) == expected,
                "maskCredentials left user info in scheme://user:pass@host/path");
    if (const auto problem = engine::checkUrl(url))
        fuzz::check(problem->find(url) == std::string::npos,
                    "checkUrl's message shows the password");
    return 0;
}
