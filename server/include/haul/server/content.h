// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace haul::server {

// The bytes a Resource serves are generated, never stored: byte i of a resource with seed s is
// a fixed function of (s, i). Word k (bytes 8k..8k+7, little-endian) is a splitmix64 mix of the
// seed and k, so any offset can be produced at once and a test can compute what a download
// must contain without a server. Different seeds give unrelated streams. The function is fixed:
// changing it would invalidate checksums recorded anywhere.
//
// All functions are pure and may be called from any thread.

// Writes bytes [offset, offset + out.size()) of the stream for seed into out.
void fillContent(std::uint64_t seed, std::uint64_t offset, std::span<std::byte> out);

// Lower-case hex SHA-256 of the first size bytes of the stream for seed (OpenSSL EVP).
std::string sha256Hex(std::uint64_t seed, std::uint64_t size);

// Lower-case hex SHA-256 of a file's content; empty when the file cannot be read.
std::string sha256OfFile(const std::string& path);

} // namespace haul::server
