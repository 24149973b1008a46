// SPDX-License-Identifier: MIT
#include "store/storetransaction.h"

#include "store/sqlitestatement.h"
#include "store/storestatements.h"

#include <sqlite3.h>

namespace haul::engine {

using detail::Use;

// BEGIN IMMEDIATE takes the write lock at once (waiting up to the busy timeout). A deferred
// transaction that reads first and writes later can fail with SQLITE_BUSY at once, without
// waiting, when the other process wrote in between; IMMEDIATE avoids that.
Store::Transaction::Transaction(Store& store) : m_store(store), m_nested(store.m_inBatch)
{
    Use use(m_nested ? m_store.m_statements->savepoint : m_store.m_statements->begin);
    m_open = use.step() == SQLITE_DONE;
}

Store::Transaction::~Transaction()
{
    // Some errors (disk full, I/O) already rolled back; a second ROLLBACK would only fail.
    if (!m_open || sqlite3_get_autocommit(m_store.m_db))
        return;
    if (m_nested) {
        Use undo(m_store.m_statements->rollbackToSavepoint);
        undo.step();
    }
    Use use(m_nested ? m_store.m_statements->release : m_store.m_statements->rollback);
    use.step();
}

bool Store::Transaction::commit()
{
    Use use(m_nested ? m_store.m_statements->release : m_store.m_statements->commit);
    if (use.step() != SQLITE_DONE)
        return false;
    m_open = false;
    return true;
}

} // namespace haul::engine
