// SPDX-License-Identifier: MIT
#pragma once

#include <string>
#include <string_view>

namespace haul::engine {

// Where a redirect leads, and whether Haul goes there. Haul follows redirects itself (not
// libcurl), so that it decides at every hop what goes with the request: the user's extra
// headers and URL credentials go only to the origin the user named (scheme, host and port of
// the download's address), never to another one, and an https:// address does not lead to an
// unencrypted http:// one unless the user allowed it for that download.
//
// Pure functions, safe on any thread; they do no I/O.
struct RedirectTarget {
    std::string url;     // absolute; empty when refused
    std::string refusal; // a sentence for the user when refused
};

// Resolves `location` (absolute or relative, as a Location header has it) against `from`.
RedirectTarget resolveRedirect(std::string_view from, std::string_view location,
                               bool allowDowngrade);

// Same scheme, host (case-insensitive) and port (the scheme's default when none is given).
bool sameOrigin(std::string_view a, std::string_view b);

// `target` with the user name and password of `from` when `target` carries none (a redirect
// within the named origin keeps the login the user gave; libcurl does the same).
std::string withCredentialsOf(std::string_view target, std::string_view from);

} // namespace haul::engine
