// SPDX-License-Identifier: MIT
#include "transfer/redirect.h"

#include <haul/url.h>

#include <curl/curl.h>

#include <algorithm>
#include <cctype>
#include <memory>

namespace haul::engine {

namespace {

struct UrlFree {
    void operator()(CURLU* u) const { curl_url_cleanup(u); }
};
using Url = std::unique_ptr<CURLU, UrlFree>;

Url parse(std::string_view url)
{
    Url u(curl_url());
    const std::string s(url);
    if (!u
        || curl_url_set(u.get(), CURLUPART_URL, s.c_str(), CURLU_NON_SUPPORT_SCHEME) != CURLUE_OK)
        return nullptr;
    return u;
}

std::string part(CURLU* u, CURLUPart which, unsigned flags = 0)
{
    char* value = nullptr;
    if (curl_url_get(u, which, &value, flags) != CURLUE_OK || !value)
        return {};
    std::string out(value);
    curl_free(value);
    return out;
}

std::string lower(std::string s)
{
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s;
}

} // namespace

RedirectTarget resolveRedirect(std::string_view from, std::string_view location,
                               bool allowDowngrade)
{
    Url u = parse(from);
    const std::string loc(location);
    // Setting a relative URL on a parsed one resolves it against it (RFC 3986, section 5).
    if (!u
        || curl_url_set(u.get(), CURLUPART_URL, loc.c_str(),
                        CURLU_NON_SUPPORT_SCHEME | CURLU_URLENCODE)
               != CURLUE_OK)
        return {{},
                "The server redirected to an address that is not valid (\""
                    + maskCredentials(location) + "\")."};
    const std::string scheme = lower(part(u.get(), CURLUPART_SCHEME));
    if (scheme != "http" && scheme != "https")
        return {{},
                "Redirected to an address that is not http:// or https://; refused for safety."};
    Url origin = parse(from);
    if (scheme == "http" && origin && lower(part(origin.get(), CURLUPART_SCHEME)) == "https"
        && !allowDowngrade)
        return {{},
                "The server redirected from https:// to the unencrypted address "
                    + maskCredentials(part(u.get(), CURLUPART_URL))
                    + "; refused, because what goes with the request could be read on the way. "
                      "Allow it for this download only if you trust the network."};
    return {part(u.get(), CURLUPART_URL), {}};
}

bool sameOrigin(std::string_view a, std::string_view b)
{
    Url x = parse(a);
    Url y = parse(b);
    if (!x || !y)
        return false;
    return lower(part(x.get(), CURLUPART_SCHEME)) == lower(part(y.get(), CURLUPART_SCHEME))
           && lower(part(x.get(), CURLUPART_HOST)) == lower(part(y.get(), CURLUPART_HOST))
           && part(x.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT)
                  == part(y.get(), CURLUPART_PORT, CURLU_DEFAULT_PORT);
}

std::string withCredentialsOf(std::string_view target, std::string_view from)
{
    Url t = parse(target);
    Url f = parse(from);
    if (!t || !f || !part(t.get(), CURLUPART_USER).empty())
        return std::string(target);
    const std::string user = part(f.get(), CURLUPART_USER);
    if (user.empty())
        return std::string(target);
    // Both parts as they are in `from`, still %-encoded.
    curl_url_set(t.get(), CURLUPART_USER, user.c_str(), 0);
    const std::string password = part(f.get(), CURLUPART_PASSWORD);
    if (!password.empty())
        curl_url_set(t.get(), CURLUPART_PASSWORD, password.c_str(), 0);
    return part(t.get(), CURLUPART_URL);
}

} // namespace haul::engine
