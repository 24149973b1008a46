// SPDX-License-Identifier: MIT
#include "store/storestatements.h"

#include "store/storeschema.h"

#include <string>
#include <utility>

namespace haul::engine {

// The INSERT and UPDATE number their parameters as bindFields() binds them.
bool Store::Statements::prepare(sqlite3* db)
{
    const std::string cols = detail::kColumns;
    const std::pair<detail::Statement*, std::string> all[] = {
        {&begin, "BEGIN IMMEDIATE"},
        {&commit, "COMMIT"},
        {&rollback, "ROLLBACK"},
        {&savepoint, "SAVEPOINT haul_write"},
        {&release, "RELEASE haul_write"},
        {&rollbackToSavepoint, "ROLLBACK TO haul_write"},
        {&insert,
         "INSERT INTO downloads (url, directory, file_name, state, created_at, finished_at,"
         " total_size, bytes_done, etag, last_modified, error_text, connections, speed_limit,"
         " checksum, queue_pos, allow_insecure_tls, headers, allow_http_redirect, max_size)"
         " VALUES (?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,"
         " ?19, ?20)"},
        {&update,
         "UPDATE downloads SET url = ?2, directory = ?3, file_name = ?4, state = ?5,"
         " created_at = ?6, finished_at = ?7, total_size = ?8, bytes_done = ?9, etag = ?10,"
         " last_modified = ?11, error_text = ?12, connections = ?13, speed_limit = ?14,"
         " checksum = ?15, allow_insecure_tls = ?17, headers = ?18, allow_http_redirect = ?19,"
         " max_size = ?20 WHERE key = ?1"},
        {&updateSecrets, "UPDATE downloads SET url = ?2, headers = ?3 WHERE key = ?1"},
        {&updateProgress, "UPDATE downloads SET bytes_done = ?2, state = ?3, finished_at = CASE"
                          " WHEN ?3 NOT IN ('completed', 'failed', 'cancelled') THEN 0"
                          " WHEN finished_at = 0 THEN ?4 ELSE finished_at END WHERE key = ?1"},
        {&remove, "DELETE FROM downloads WHERE key = ?1"},
        {&exists, "SELECT 1 FROM downloads WHERE key = ?1"},
        {&get, cols + "WHERE key = ?1"},
        {&findByTarget, cols + "WHERE directory = ?1 AND file_name = ?2 ORDER BY key DESC LIMIT 1"},
        {&loadAll, cols + "ORDER BY queue_pos, key"},
        {&count, "SELECT count(*) FROM downloads"},
        {&lastPosition, "SELECT COALESCE(MAX(queue_pos), 0) FROM downloads"},
        {&position, "SELECT queue_pos FROM downloads WHERE key = ?1"},
        {&previous, "SELECT key, queue_pos FROM downloads WHERE (queue_pos, key) < (?1, ?2)"
                    " ORDER BY queue_pos DESC, key DESC LIMIT 1"},
        {&next, "SELECT key, queue_pos FROM downloads WHERE (queue_pos, key) > (?1, ?2)"
                " ORDER BY queue_pos, key LIMIT 1"},
        {&setPosition, "UPDATE downloads SET queue_pos = ?2 WHERE key = ?1"},
        {&deleteRanges, "DELETE FROM ranges WHERE download_key = ?1"},
        {&insertRange, "INSERT INTO ranges (download_key, start, \"end\") VALUES (?1, ?2, ?3)"},
        {&selectRanges, "SELECT start, \"end\" FROM ranges WHERE download_key = ?1 ORDER BY start"},
        {&integrityCheck, "PRAGMA integrity_check"},
        {&foreignKeyCheck, "PRAGMA foreign_key_check"},
    };
    for (const auto& [statement, sql] : all) {
        if (!statement->prepare(db, sql))
            return false;
    }
    return true;
}

} // namespace haul::engine
