// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

#include <cstdint>

// Human-readable texts for sizes, speeds and durations, shared by the model, the status bar
// and the detail views. Pure functions; callable from any thread.
namespace haul::ui::humanformat {

// engine::formatBytes (text.h) as a QString: "512 B", "1.5 KiB", "1.0 MiB" for 1,048,575 B,
// "1.0 GiB". Negative: "—".
QString size(std::int64_t bytes);

// "3.2 MiB/s"; an empty string for a speed that is not positive.
QString speed(double bytesPerSecond);

// "12 s", "1 min 12 s", "2 h 5 min", "3 d 4 h"; negative (unknown): "—".
QString duration(std::int64_t seconds);

// The dash used wherever a value is unknown.
QString unknown();

} // namespace haul::ui::humanformat
