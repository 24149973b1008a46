// SPDX-License-Identifier: MIT
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace haul::engine {

// Pure function, safe on any thread; it does no I/O.

// The file name a server suggests in a Content-Disposition header value (RFC 6266), e.g.
// `attachment; filename="report.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf`.
//
// * Any disposition type is accepted (inline, attachment, extensions); a value that does not
//   start with a token is ignored as a whole.
// * `filename*` (RFC 8187 ext-value, charset UTF-8 or ISO-8859-1, the latter converted to UTF-8)
//   wins over `filename`; an ext-value with another charset, bad %-escapes or invalid UTF-8 is
//   ignored and `filename` is used instead. Only `filename*` is %-decoded.
// * A parameter given twice is ambiguous and ignored. Parameter names are case-insensitive.
// * Only the last path component is kept (anything up to the last '/' or '\\' is dropped), and
//   the result is passed through sanitizeFileName() (see url.h), so it is safe to create in a
//   download folder and at most 250 bytes.
//
// Returns nullopt when the header holds no usable name (no filename parameter, broken syntax,
// or a name made only of dots, spaces, control characters or separators).
std::optional<std::string> fileNameFromContentDisposition(std::string_view headerValue);

} // namespace haul::engine
