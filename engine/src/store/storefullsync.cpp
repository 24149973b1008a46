// SPDX-License-Identifier: MIT
#include "store/storefullsync.h"

namespace haul::engine {

// Not a prepared statement: SQLite applies "PRAGMA synchronous=..." while preparing it, so
// stepping a kept statement again would change nothing.
Store::FullSync::FullSync(Store& store)
    : m_store(store), m_ok(store.exec("PRAGMA synchronous=FULL"))
{
}

Store::FullSync::~FullSync()
{
    m_store.exec("PRAGMA synchronous=NORMAL");
}

} // namespace haul::engine
