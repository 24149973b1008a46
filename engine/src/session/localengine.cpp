// SPDX-License-Identifier: MIT
#include <haul/engine.h>
#include <haul/session.h>

namespace haul::engine {

std::unique_ptr<Engine> makeLocalEngine(const SessionOptions& options)
{
    return std::make_unique<Session>(options);
}

} // namespace haul::engine
