// SPDX-License-Identifier: MIT
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace haul::engine {

// An expected digest, as the user or a web page gives it.
struct ChecksumSpec {
    std::string algorithm; // normalized: "sha-256", "sha-512", "sha-1" or "md5"
    std::string hex;       // lower-case, exactly as long as the algorithm's digest
};

// Parses "sha-256=HEX", "sha256=HEX", "SHA-256:HEX", "md5=HEX"... (algorithm names are
// case-insensitive, '-' and '_' in them optional; '=' or ':' separates; surrounding whitespace is
// ignored). Returns nullopt for an unknown algorithm, non-hex digits or a digest of the wrong
// length, and then, if error is not null, stores a sentence for the user in *error.
// Pure, safe on any thread.
std::optional<ChecksumSpec> parseChecksum(std::string_view text, std::string* error = nullptr);

// Incremental digest over OpenSSL's EVP interface. algorithm takes the names parseChecksum
// accepts. A Hasher is not shared between threads while in use; separate Hashers are
// independent. It is movable, not copyable.
class Hasher {
public:
    explicit Hasher(std::string_view algorithm);
    ~Hasher();
    Hasher(Hasher&&) noexcept;
    Hasher& operator=(Hasher&&) noexcept;
    Hasher(const Hasher&) = delete;
    Hasher& operator=(const Hasher&) = delete;

    // False for an unknown or unavailable algorithm (e.g. md5 in a FIPS-only OpenSSL), after a
    // failure inside OpenSSL, and after finishHex().
    bool valid() const;

    // Adds bytes; ignored when !valid().
    void update(const void* data, std::size_t size);

    // The digest in lower-case hex; ends the hasher (valid() is false afterwards). Returns an
    // empty string when it was not valid.
    std::string finishHex();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

// Digest of a whole file in lower-case hex, read in 1 MiB blocks. This one does blocking file
// I/O: call it from a worker thread, never the GUI or engine thread. Returns nullopt when the
// algorithm is unknown or the file cannot be opened or read to the end.
std::optional<std::string> hashFileHex(const std::string& path, std::string_view algorithm);

} // namespace haul::engine
