// SPDX-License-Identifier: MIT
#pragma once

#include <curl/curl.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

namespace haul::engine {

// What went wrong with a request: whether trying again may help, and a sentence for the user.
// Pure functions (curl_easy_strerror and curl_getdate are pure too); any thread.

// Reset, timeout, short body, 408/429/5xx: worth a retry. 404, 403, bad certificate: not.
bool isTransient(CURLcode code, int httpStatus);

// Retry-After: delay-seconds or an HTTP date, capped at an hour; nothing when malformed.
std::optional<std::chrono::milliseconds> parseRetryAfter(const std::string& value);

// When libcurl refused the response's head as too large — a header line over 100 KiB (libcurl
// 7.x says CURLE_OUT_OF_MEMORY, 8.6+ CURLE_TOO_LARGE) or over 300 KiB of header lines in all
// (CURLE_RECV_ERROR, "Too large response headers") — the sentence that says so; nothing for any
// other failure. headerBytes is CURLINFO_HEADER_SIZE; a head that ended is never too large.
std::optional<std::string> headersTooLarge(CURLcode code, bool headersDone, long headerBytes,
                                           std::int64_t bytesKept);

// What happened and what to do, e.g. "The connection was lost; 3.2 MiB kept." writeError is the
// file's own message when the failure was writing it.
std::string describeFailure(CURLcode code, int httpStatus, std::int64_t bytesKept,
                            const std::string& writeError);

} // namespace haul::engine
