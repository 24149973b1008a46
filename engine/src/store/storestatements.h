// SPDX-License-Identifier: MIT
#pragma once

#include "store/sqlitestatement.h"

#include <haul/store.h>

namespace haul::engine {

// Every statement Store runs more than once, prepared once when the file is opened (the SQL is in
// storestatements.cpp). Internal to the engine.
//
// Threads: not thread-safe; Store's mutex serializes every use. Destroy it before closing the
// connection.
struct Store::Statements {
    // False as soon as one fails to prepare; sqlite3_errmsg(db) then says why.
    bool prepare(sqlite3* db);

    detail::Statement begin;
    detail::Statement commit;
    detail::Statement rollback;
    detail::Statement savepoint;
    detail::Statement release;
    detail::Statement rollbackToSavepoint;
    detail::Statement insert;
    detail::Statement update;
    detail::Statement updateSecrets;
    detail::Statement updateProgress;
    detail::Statement remove;
    detail::Statement exists;
    detail::Statement get;
    detail::Statement findByTarget;
    detail::Statement loadAll;
    detail::Statement count;
    detail::Statement lastPosition;
    detail::Statement position;
    detail::Statement previous;
    detail::Statement next;
    detail::Statement setPosition;
    detail::Statement deleteRanges;
    detail::Statement insertRange;
    detail::Statement selectRanges;
    detail::Statement integrityCheck;
    detail::Statement foreignKeyCheck;
};

} // namespace haul::engine
