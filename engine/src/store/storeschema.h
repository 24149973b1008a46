// SPDX-License-Identifier: MIT
#pragma once

#include "store/sqlitestatement.h"

#include <haul/store.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace haul::engine::detail {

// The download list's schema and the mapping between a DownloadRecord and a row of it, kept
// apart from Store's locking and transactions. Internal to the engine; Store is its only user.
//
// Threads: the functions that take a statement are no more thread-safe than the statement
// (Store's mutex serializes every use); the others are pure, any thread.

// Index i migrates a file from user_version i to i + 1; there are Store::kSchemaVersion steps.
extern const char* const kMigrations[];

// "SELECT <every column> FROM downloads ", in the column order readRecord() expects; a statement
// appends its WHERE / ORDER BY.
extern const char* const kColumns;

std::int64_t nowMs();

// What the user can do about a failure, by SQLite's (extended or primary) result code: a
// sentence starting with a space, or "".
const char* adviceFor(int code);

// Fills r from the current row of a statement built on kColumns.
void readRecord(sqlite3_stmt* s, DownloadRecord& r);

// Binds ?2..?15 and ?17 (every field but the key, ?1, and the queue position, ?16) in the order
// of the INSERT and UPDATE statements in Store::Statements.
void bindFields(Use& use, const DownloadRecord& r, std::int64_t createdAtMs);

// The secret service's share of a record (see secretvault.h). In the file, a URL with
// credentials reads "https://***@host/..." (maskCredentials) and an Authorization, Cookie or
// Proxy-Authorization header reads "Cookie: <secret-service>"; the vault keeps the real URL and
// headers. Pure, any thread.
//
// Replaces the secrets in url and headers by those markers and returns what the vault keeps
// (the original URL and headers, one per line), or "" when there is nothing secret in them.
std::string takeSecrets(std::string& url, std::vector<std::string>& headers);
// True when r (as read from the file) has markers that restoreSecrets() replaces.
bool hasSecretMarkers(const DownloadRecord& r);
// Puts back into r what takeSecrets() returned for it. With no secret, or one that does not
// belong to r (another process changed the record since), r is left without the secrets: the
// markers are dropped, so that no placeholder is ever sent to a server.
void restoreSecrets(DownloadRecord& r, const std::optional<std::string>& secret);

// The headers column's text: one header per line.
std::string joinHeaders(const std::vector<std::string>& headers);

// Why the schema would refuse r, as a sentence for the user; "" if it would not.
std::string invalidReason(const DownloadRecord& r);

} // namespace haul::engine::detail
