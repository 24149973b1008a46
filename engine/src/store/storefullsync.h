// SPDX-License-Identifier: MIT
#pragma once

#include <haul/store.h>

namespace haul::engine {

// For the scope, the next commit of a Store fsyncs the WAL (synchronous=FULL); then back to
// NORMAL. Create it outside any transaction: synchronous cannot change inside one. Internal to
// the engine.
//
// Threads: not thread-safe; the caller holds Store's mutex for the whole scope.
class Store::FullSync {
public:
    explicit FullSync(Store& store);
    ~FullSync();
    FullSync(const FullSync&) = delete;
    FullSync& operator=(const FullSync&) = delete;
    bool ok() const { return m_ok; }

private:
    Store& m_store;
    const bool m_ok;
};

} // namespace haul::engine
