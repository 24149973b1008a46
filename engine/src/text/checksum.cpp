// SPDX-License-Identifier: MIT
#include <haul/checksum.h>

#include <haul/text.h>

#include <openssl/evp.h>

#include <cstdio>
#include <vector>

namespace haul::engine {

namespace {

struct Algorithm {
    std::string_view name;    // normalized
    std::string_view compact; // lower case, without '-' or '_'
    std::size_t digestBytes;
    const EVP_MD* (*md)();
};

constexpr Algorithm kAlgorithms[] = {
    {"sha-256", "sha256", 32, &EVP_sha256},
    {"sha-512", "sha512", 64, &EVP_sha512},
    {"sha-1", "sha1", 20, &EVP_sha1},
    {"md5", "md5", 16, &EVP_md5},
};

const Algorithm* findAlgorithm(std::string_view name)
{
    std::string compact;
    for (char c : name) {
        if (c == '-' || c == '_')
            continue;
        compact += c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    for (const Algorithm& a : kAlgorithms)
        if (a.compact == compact)
            return &a;
    return nullptr;
}

std::string_view trim(std::string_view s)
{
    while (!s.empty()
           && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n'))
        s.remove_prefix(1);
    while (!s.empty()
           && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n'))
        s.remove_suffix(1);
    return s;
}

std::optional<ChecksumSpec> fail(std::string* error, std::string message)
{
    if (error)
        *error = std::move(message);
    return std::nullopt;
}

struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};

} // namespace

std::optional<ChecksumSpec> parseChecksum(std::string_view text, std::string* error)
{
    text = trim(text);
    const auto sep = text.find_first_of("=:");
    if (sep == std::string_view::npos)
        return fail(error, "A checksum looks like \"sha-256=<hex digits>\"; the algorithm is "
                           "missing.");
    const std::string_view name = trim(text.substr(0, sep));
    const std::string_view digits = trim(text.substr(sep + 1));
    const Algorithm* algorithm = findAlgorithm(name);
    if (!algorithm) {
        // Echo at most a short, printable prefix: the text may be any garbage.
        std::string shown;
        for (char c : name.substr(0, 32))
            shown += static_cast<unsigned char>(c) < 0x20 || c == 0x7F ? '?' : c;
        return fail(error, "Unknown checksum algorithm \"" + shown
                               + "\"; use sha-256, sha-512, sha-1 or md5.");
    }
    const std::size_t wanted = algorithm->digestBytes * 2;
    std::string hex;
    hex.reserve(digits.size());
    for (char c : digits) {
        if (hexDigitValue(c) < 0)
            return fail(error, "The " + std::string(algorithm->name)
                                   + " checksum may contain only the hex digits 0-9 and a-f.");
        hex += c >= 'A' && c <= 'F' ? static_cast<char>(c - 'A' + 'a') : c;
    }
    if (hex.size() != wanted)
        return fail(error, "A " + std::string(algorithm->name) + " checksum has "
                               + std::to_string(wanted) + " hex digits; this one has "
                               + std::to_string(hex.size()) + ".");
    return ChecksumSpec{std::string(algorithm->name), std::move(hex)};
}

struct Hasher::Impl {
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx;
    bool ok = false;
};

Hasher::Hasher(std::string_view algorithm) : m_impl(std::make_unique<Impl>())
{
    const Algorithm* a = findAlgorithm(algorithm);
    if (!a)
        return;
    m_impl->ctx.reset(EVP_MD_CTX_new());
    m_impl->ok = m_impl->ctx && EVP_DigestInit_ex(m_impl->ctx.get(), a->md(), nullptr) == 1;
}

Hasher::~Hasher() = default;
Hasher::Hasher(Hasher&&) noexcept = default;
Hasher& Hasher::operator=(Hasher&&) noexcept = default;

bool Hasher::valid() const
{
    return m_impl && m_impl->ok;
}

void Hasher::update(const void* data, std::size_t size)
{
    if (!valid() || size == 0)
        return;
    if (EVP_DigestUpdate(m_impl->ctx.get(), data, size) != 1)
        m_impl->ok = false;
}

std::string Hasher::finishHex()
{
    if (!valid())
        return {};
    m_impl->ok = false;
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (EVP_DigestFinal_ex(m_impl->ctx.get(), digest, &length) != 1)
        return {};
    static constexpr char kHex[] = "0123456789abcdef";
    std::string out;
    out.reserve(std::size_t{length} * 2);
    for (unsigned int i = 0; i < length; ++i) {
        out += kHex[digest[i] >> 4];
        out += kHex[digest[i] & 0x0F];
    }
    return out;
}

std::optional<std::string> hashFileHex(const std::string& path, std::string_view algorithm)
{
    Hasher hasher(algorithm);
    if (!hasher.valid())
        return std::nullopt;
    struct FileCloser {
        void operator()(std::FILE* f) const { std::fclose(f); }
    };
    std::unique_ptr<std::FILE, FileCloser> file(std::fopen(path.c_str(), "rb"));
    if (!file)
        return std::nullopt;
    std::vector<unsigned char> block(std::size_t{1} << 20);
    for (;;) {
        const std::size_t n = std::fread(block.data(), 1, block.size(), file.get());
        hasher.update(block.data(), n);
        if (n < block.size())
            break;
    }
    if (std::ferror(file.get()))
        return std::nullopt;
    std::string hex = hasher.finishHex();
    if (hex.empty())
        return std::nullopt;
    return hex;
}

} // namespace haul::engine
