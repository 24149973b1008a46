// SPDX-License-Identifier: MIT
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace haul::engine {

// File work for one download that must not hold up the engine thread, run on an IoPool
// thread: hashing a finished .part (Verify), or writing a small download that is whole in
// memory straight to its final name (Finalize, FileSink::writeWhole). A job owns copies of
// everything it needs and never touches the Transfer that made it: its result goes back to the
// engine thread as a command, tagged with the operation's generation.
struct IoJob {
    enum Kind { Verify, Finalize } kind = Verify;
    std::string partPath;
    std::string finalPath;
    std::string algorithm;   // Verify
    std::vector<char> data;  // Finalize
    unsigned generation = 0; // the operation it belongs to: a later one ignores the result
    std::shared_ptr<std::atomic<bool>> abandoned; // Finalize: closed meanwhile, leave a .part
};

// What a job found, one of three things: a Verify job's digest of the .part, a Finalize job's
// file written, or either kind's failure (a sentence for the user).
struct HashDigest {
    std::string hex;
};
struct FileWritten {
    bool asPart = false; // closed meanwhile: written as the .part, nothing under the final name
};
struct IoJobFailed {
    std::string reason;
};
using IoJobResult = std::variant<HashDigest, FileWritten, IoJobFailed>;

// Runs the job on the calling thread. stopping is polled while hashing, so that quitting does
// not wait for a large file.
IoJobResult runIoJob(const IoJob& job, const std::function<bool()>& stopping);

// Tests only: when set, a job calls it on its pool thread at these stages, so that a test can
// hold it at one while it removes the download, and see it end (tests/engine/test_remove.cpp).
// Finalize: 0 before it reads `abandoned`, 1 right after (before it writes anything), 2 when
// it wrote. Verify: 3 before it opens the .part, 4 when it hashed it.
inline std::atomic<void (*)(int stage)> ioJobTestHook{nullptr};

} // namespace haul::engine
