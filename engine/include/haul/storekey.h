// SPDX-License-Identifier: MIT
#pragma once

#include <compare>
#include <cstdint>
#include <functional>

namespace haul::engine {

// The download list's own id of a record (DownloadRecord::key): stable across restarts and
// shared by every process that opens the file. Not a TransferId, which names a transfer of one
// Session while it runs: the two do not convert into each other (construction is explicit, and
// StoreKey{transferId} narrows), so code cannot pass one for the other. 0 (the default) is "no
// record". The store's functions that take a plain std::int64_t key stay for existing code;
// `value` is that integer.
struct StoreKey {
    std::int64_t value = 0;

    constexpr StoreKey() = default;
    constexpr explicit StoreKey(std::int64_t key) : value(key) {}
    constexpr explicit operator bool() const { return value != 0; }
    friend constexpr bool operator==(StoreKey, StoreKey) = default;
    friend constexpr auto operator<=>(StoreKey, StoreKey) = default;
};

} // namespace haul::engine

template <> struct std::hash<haul::engine::StoreKey> {
    std::size_t operator()(haul::engine::StoreKey key) const noexcept
    {
        return std::hash<std::int64_t>{}(key.value);
    }
};
