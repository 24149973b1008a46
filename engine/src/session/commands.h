// SPDX-License-Identifier: MIT
#pragma once

#include "io/iojob.h"
#include <haul/session.h>

#include <cstdint>
#include <string>
#include <variant>

// The commands other threads queue for the engine thread (Session::Impl::enqueue, under
// Impl::m_mutex), one type each: every field means one thing. The engine thread takes them in
// order and runs one handler per type (Session::Impl::handle, sessionloop.cpp). Values only:
// a command is made on any thread (an I/O pool thread for JobDone) and read on the engine thread.
namespace haul::engine::cmd {

struct Create { // Session::create: a new Transfer for the request
    TransferId id = 0;
    TransferRequest request;
};
struct CreateGroup {
    TransferId id = 0;
};
struct Start { // an accepted start(): queued for a free slot
    TransferId id = 0;
};
struct ForceStart { // an accepted forceStart(): begins now, past the queue's limit
    TransferId id = 0;
    bool begins = false; // the call began an operation (nothing was pending)
};
struct Pause {
    TransferId id = 0;
};
struct Cancel {
    TransferId id = 0;
};
struct Close { // a transfer or a group (its children first)
    TransferId id = 0;
};
struct SetRate { // one transfer's speed limit
    TransferId id = 0;
    std::int64_t bytesPerSecond = 0; // 0 = none
};
struct SetGlobalRate {               // all transfers together
    std::int64_t bytesPerSecond = 0; // 0 = none
};
struct SetUrl { // a new address for a transfer with nothing pending
    TransferId id = 0;
    std::string url;
};
struct SetOptions {
    SessionOptions options;
};
struct MoveInQueue {
    TransferId id = 0;
    int delta = 0; // < 0: one place earlier, else one place later
};
struct JobDone { // an I/O pool job's answer
    TransferId id = 0;
    unsigned generation = 0; // the operation the job belongs to (IoJob::generation)
    IoJobResult result;
};
struct RemovalDone { // remove(): the record is forgotten and the files are deleted: now Closed
    TransferId id = 0;
};
struct Shutdown {};

} // namespace haul::engine::cmd

namespace haul::engine {

using Command =
    std::variant<cmd::Create, cmd::CreateGroup, cmd::Start, cmd::ForceStart, cmd::Pause,
                 cmd::Cancel, cmd::Close, cmd::SetRate, cmd::SetGlobalRate, cmd::SetUrl,
                 cmd::SetOptions, cmd::MoveInQueue, cmd::JobDone, cmd::RemovalDone, cmd::Shutdown>;

} // namespace haul::engine
