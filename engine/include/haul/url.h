// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace haul::engine {

// Pure functions, safe on any thread; they do no I/O.

// Returns a sentence for the user when the URL cannot be downloaded (malformed, a scheme other
// than http/https, no host, credentials-only...), nothing when it may be tried.
std::optional<std::string> checkUrl(std::string_view url);

// Returns a sentence for the user when an extra request header cannot be sent as it is (not
// "Name: value" on one line, or Range / If-Range, which Haul sets itself to resume), nothing
// when it can. The sentence does not repeat the header: it may hold a secret (a cookie).
std::optional<std::string> checkRequestHeader(std::string_view line);

// The URL with any user:password replaced by "***", for logs, the GUI and --json.
std::string maskCredentials(std::string_view url);

// The last path segment, %-decoded and sanitized; "index.html" when the path ends in '/'.
std::string fileNameFromUrl(std::string_view url);

// A name that is safe to create in a download folder: no path separators, no "..", no control
// characters, no leading dots or spaces, at most maxBytes bytes (cut on a UTF-8 boundary, the
// extension kept). Never empty: falls back to "download".
std::string sanitizeFileName(std::string_view name, std::size_t maxBytes = 250);

// %XX-decodes; malformed escapes are kept as they are.
std::string percentDecode(std::string_view s);

} // namespace haul::engine
