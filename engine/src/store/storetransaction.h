// SPDX-License-Identifier: MIT
#pragma once

#include <haul/store.h>

namespace haul::engine {

// One write transaction of a Store, for the scope: BEGIN IMMEDIATE, or inside a batch a
// savepoint of the batch's transaction. Not committed by the end of the scope: rolled back.
// Internal to the engine.
//
// Threads: not thread-safe; the caller holds Store's mutex for the whole scope.
class Store::Transaction {
public:
    explicit Transaction(Store& store);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;

    bool open() const { return m_open; }
    bool commit();

private:
    Store& m_store;
    const bool m_nested;
    bool m_open = false;
};

} // namespace haul::engine
