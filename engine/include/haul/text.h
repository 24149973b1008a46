// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace haul::engine {

// "0 B", "512 B", "1.5 KiB", "3.2 GiB": sizes in the words users read (engine messages,
// haul-cli). Pure; any thread.
std::string formatBytes(double bytes);

} // namespace haul::engine
