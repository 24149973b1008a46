// SPDX-License-Identifier: MIT
#include <haul/server/content.h>

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <bit>
#include <cstdio>
#include <cstring>
#include <memory>
#include <vector>

namespace haul::server {

namespace {

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ULL;
constexpr std::size_t kHashBlock = std::size_t{256} * 1024;

constexpr std::uint64_t mix(std::uint64_t z)
{
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

// Mixing the seed first keeps the streams of neighbouring seeds from being shifted copies of
// each other, which a test reading at the wrong offset could mistake for success.
constexpr std::uint64_t wordAt(std::uint64_t key, std::uint64_t index)
{
    return mix(key + (index + 1) * kGolden);
}

void storeLittleEndian(std::uint64_t word, std::byte* out)
{
    if constexpr (std::endian::native != std::endian::little)
        word = ((word & 0x00000000000000FFULL) << 56) | ((word & 0x000000000000FF00ULL) << 40)
               | ((word & 0x0000000000FF0000ULL) << 24) | ((word & 0x00000000FF000000ULL) << 8)
               | ((word & 0x000000FF00000000ULL) >> 8) | ((word & 0x0000FF0000000000ULL) >> 24)
               | ((word & 0x00FF000000000000ULL) >> 40) | ((word & 0xFF00000000000000ULL) >> 56);
    std::memcpy(out, &word, sizeof word);
}

struct MdCtxDeleter {
    void operator()(EVP_MD_CTX* ctx) const { EVP_MD_CTX_free(ctx); }
};
using MdCtx = std::unique_ptr<EVP_MD_CTX, MdCtxDeleter>;

std::string toHex(const unsigned char* digest, unsigned length)
{
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(std::size_t{length} * 2);
    for (unsigned i = 0; i < length; ++i) {
        hex.push_back(kDigits[digest[i] >> 4]);
        hex.push_back(kDigits[digest[i] & 0x0F]);
    }
    return hex;
}

std::string finish(EVP_MD_CTX* ctx)
{
    std::array<unsigned char, EVP_MAX_MD_SIZE> digest{};
    unsigned length = 0;
    if (EVP_DigestFinal_ex(ctx, digest.data(), &length) != 1)
        return {};
    return toHex(digest.data(), length);
}

} // namespace

void fillContent(std::uint64_t seed, std::uint64_t offset, std::span<std::byte> out)
{
    const std::uint64_t key = mix(seed ^ 0x6A09E667F3BCC908ULL);
    std::byte* dst = out.data();
    std::size_t left = out.size();
    std::uint64_t index = offset / 8;

    if (const auto skip = static_cast<std::size_t>(offset % 8); skip != 0 && left > 0) {
        std::byte word[8];
        storeLittleEndian(wordAt(key, index++), word);
        const std::size_t n = std::min(left, 8 - skip);
        std::memcpy(dst, word + skip, n);
        dst += n;
        left -= n;
    }
    for (; left >= 8; left -= 8, dst += 8)
        storeLittleEndian(wordAt(key, index++), dst);
    if (left > 0) {
        std::byte word[8];
        storeLittleEndian(wordAt(key, index), word);
        std::memcpy(dst, word, left);
    }
}

std::string sha256Hex(std::uint64_t seed, std::uint64_t size)
{
    MdCtx ctx(EVP_MD_CTX_new());
    if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
        return {};
    std::vector<std::byte> block(
        static_cast<std::size_t>(std::min<std::uint64_t>(size, kHashBlock)));
    for (std::uint64_t done = 0; done < size;) {
        const auto n = static_cast<std::size_t>(std::min<std::uint64_t>(block.size(), size - done));
        fillContent(seed, done, std::span(block.data(), n));
        if (EVP_DigestUpdate(ctx.get(), block.data(), n) != 1)
            return {};
        done += n;
    }
    return finish(ctx.get());
}

std::string sha256OfFile(const std::string& path)
{
    std::unique_ptr<std::FILE, int (*)(std::FILE*)> file(std::fopen(path.c_str(), "rb"),
                                                         &std::fclose);
    MdCtx ctx(EVP_MD_CTX_new());
    if (!file || !ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1)
        return {};
    std::vector<unsigned char> block(kHashBlock);
    for (;;) {
        const std::size_t n = std::fread(block.data(), 1, block.size(), file.get());
        if (n > 0 && EVP_DigestUpdate(ctx.get(), block.data(), n) != 1)
            return {};
        if (n < block.size())
            break;
    }
    if (std::ferror(file.get()))
        return {};
    return finish(ctx.get());
}

} // namespace haul::server
