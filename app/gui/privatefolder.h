// SPDX-License-Identifier: MIT
#pragma once

#include <QString>

namespace haul::app {

// The folder where Haul keeps what no other local user may see or plant while it runs: the
// single-instance socket and the demo's files. $XDG_RUNTIME_DIR when it is set and private (a
// real folder of this user, mode 0700, as the XDG spec promises); otherwise "haul" in the
// user's cache folder ($XDG_CACHE_HOME or ~/.cache), created 0700 and checked: a folder of the
// user's own with a wider mode is tightened to 0700, one of another user (or a symbolic link)
// is refused. Never the shared temporary folder.
//
// Threads: any thread (it reads the environment and the disk, and holds no state).
namespace privatefolder {

// The folder's absolute path, or an empty string with a sentence in *error (if given).
QString base(QString* error = nullptr);

// Whether path is a folder, not a symbolic link, owned by this process's effective user, that
// nobody else may read or write (no group or other bits). False with a sentence in *why.
bool isPrivate(const QString& path, QString* why = nullptr);

} // namespace privatefolder

} // namespace haul::app
