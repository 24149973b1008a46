// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace haul::ui {

// UserUrl: completes an address the user typed or dropped as text the way a browser's address
// bar does: "example.org/file.zip" (a host with a dot, "localhost", or host:port, then
// anything) becomes "https://example.org/file.zip". Text with a scheme, and anything that does
// not look like a host, is returned trimmed and otherwise unchanged, so the engine's check
// still refuses it with its own sentence. Only for what a person typed: addresses from
// programs, the store and the command line go to the engine as they are. Pure; any thread.
class UserUrl final {
public:
    static QString complete(const QString& text);
};

} // namespace haul::ui
