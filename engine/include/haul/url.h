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
//
// Nor can the name deceive: characters that change how it is shown without being seen are
// replaced by '_' (one for each character, as separators and controls are: replaced, not
// removed, so the name shows that something was there) — C1 controls (U+0080–U+009F),
// bidirectional controls (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069), zero-width
// and other invisible characters (U+00AD, U+180E, U+200B–U+200D, U+2060–U+2065, U+206A–U+206F,
// U+FEFF, U+FFF9–U+FFFB, tags U+E0000–U+E007F) and the line and paragraph separators (U+2028,
// U+2029). So "invoice\u202Efdp.exe", shown as "invoiceexe.pdf", becomes "invoice_fdp.exe". A
// leading '-' becomes '_' too, so that the name is never taken for an option of a command it
// is passed to ("-rf" becomes "_rf").
std::string sanitizeFileName(std::string_view name, std::size_t maxBytes = 250);

// %XX-decodes; malformed escapes are kept as they are.
std::string percentDecode(std::string_view s);

} // namespace haul::engine
