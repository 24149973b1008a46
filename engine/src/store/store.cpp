// SPDX-License-Identifier: MIT
#include <haul/store.h>
#include <haul/text.h>

#include "store/secretvault.h"
#include "store/sqlitestatement.h"
#include "store/storeschema.h"
#include "store/storestatements.h"
#include "store/storetransaction.h"

#include <sqlite3.h>

namespace haul::engine {

using detail::bindFields;
using detail::hasSecretMarkers;
using detail::invalidReason;
using detail::nowMs;
using detail::readRecord;
using detail::Use;

std::optional<std::int64_t> Store::nextQueuePosition()
{
    Use use(m_statements->lastPosition);
    if (use.step() != SQLITE_ROW)
        return std::nullopt;
    return sqlite3_column_int64(use.get(), 0) + 1;
}

std::optional<std::int64_t> Store::insert(const DownloadRecord& record, std::int64_t position)
{
    Use use(m_statements->insert);
    bindFields(use, record, record.createdAtMs != 0 ? record.createdAtMs : nowMs());
    use.bind(16, position);
    if (use.step() != SQLITE_DONE)
        return std::nullopt;
    return sqlite3_last_insert_rowid(m_db);
}

std::optional<std::int64_t> Store::add(const DownloadRecord& record)
{
    auto keys = addBatch({record});
    if (!keys)
        return std::nullopt;
    return keys->front();
}

std::optional<std::vector<std::int64_t>> Store::addBatch(const std::vector<DownloadRecord>& records)
{
    // The rows are written without their secrets, which the vault keeps once the keys are known.
    std::vector<DownloadRecord> rows = records;
    std::vector<std::string> secrets(records.size());
    if (SecretVault::instance().available()) {
        for (std::size_t i = 0; i < rows.size(); ++i)
            secrets[i] = detail::takeSecrets(rows[i].url, rows[i].headers);
    }
    auto keys = insertAll(records, rows);
    if (!keys)
        return std::nullopt;
    for (std::size_t i = 0; i < rows.size(); ++i) {
        if (secrets[i].empty() || keepSecret((*keys)[i], secrets[i]))
            continue;
        // The vault failed (and is off now): the file keeps them, as without one.
        std::lock_guard lock(m_mutex);
        Use use(m_statements->updateSecrets);
        use.bind(1, (*keys)[i])
            .bind(2, records[i].url)
            .bindCopy(3, detail::joinHeaders(records[i].headers));
        if (use.step() != SQLITE_DONE) {
            fail("Could not add a download to " + m_path);
            return std::nullopt;
        }
    }
    return keys;
}

std::optional<std::vector<std::int64_t>>
Store::insertAll(const std::vector<DownloadRecord>& records,
                 const std::vector<DownloadRecord>& rows)
{
    std::lock_guard lock(m_mutex);
    for (const auto& record : records) {
        if (auto reason = invalidReason(record); !reason.empty()) {
            refuse(reason);
            return std::nullopt;
        }
    }
    const std::string what = "Could not add a download to " + m_path;
    Transaction transaction(*this);
    if (!transaction.open()) {
        fail(what);
        return std::nullopt;
    }
    auto position = nextQueuePosition();
    if (!position) {
        fail(what);
        return std::nullopt;
    }
    std::vector<std::int64_t> keys;
    keys.reserve(records.size());
    for (const auto& record : rows) {
        auto key = insert(record, (*position)++);
        if (!key) {
            fail(what);
            return std::nullopt;
        }
        keys.push_back(*key);
    }
    if (!transaction.commit()) {
        fail(what);
        return std::nullopt;
    }
    succeed();
    return keys;
}

bool Store::update(const DownloadRecord& record)
{
    if (auto reason = invalidReason(record); !reason.empty()) {
        std::lock_guard lock(m_mutex);
        return refuse(reason);
    }
    // The vault first: the row never says the vault has what it could not take.
    DownloadRecord row = record;
    if (SecretVault::instance().available()
        && !keepSecret(record.key, detail::takeSecrets(row.url, row.headers)))
        row = record; // the vault failed: the file keeps them
    std::lock_guard lock(m_mutex);
    Use use(m_statements->update);
    use.bind(1, row.key);
    bindFields(use, row, row.createdAtMs);
    if (use.step() != SQLITE_DONE)
        return fail("Could not save download " + std::to_string(record.key) + " to " + m_path);
    if (sqlite3_changes(m_db) == 0)
        return refuse("There is no download with key " + std::to_string(record.key) + ".");
    return succeed();
}

bool Store::updateProgress(std::int64_t key, std::int64_t bytesDone, DownloadState state)
{
    std::lock_guard lock(m_mutex);
    if (bytesDone < 0)
        return refuse("The download's byte count is negative.");
    Use use(m_statements->updateProgress);
    use.bind(1, key).bind(2, bytesDone).bind(3, toString(state)).bind(4, nowMs());
    if (use.step() != SQLITE_DONE)
        return fail("Could not save the progress of download " + std::to_string(key) + " to "
                    + m_path);
    if (sqlite3_changes(m_db) == 0)
        return refuse("There is no download with key " + std::to_string(key) + ".");
    return succeed();
}

bool Store::remove(std::int64_t key)
{
    {
        std::lock_guard lock(m_mutex);
        // ON DELETE CASCADE removes the ranges in the same statement, hence the same transaction.
        Use use(m_statements->remove);
        use.bind(1, key);
        if (use.step() != SQLITE_DONE)
            return fail("Could not remove download " + std::to_string(key) + " from " + m_path);
        succeed();
    }
    if (SecretVault::instance().available())
        SecretVault::instance().clear(m_listId, key);
    std::lock_guard secretsLock(m_secretsMutex);
    m_secrets.erase(key);
    return true;
}

bool Store::keepSecret(std::int64_t key, const std::string& secret)
{
    {
        std::lock_guard lock(m_secretsMutex);
        if (auto known = m_secrets.find(key); known != m_secrets.end() && known->second == secret)
            return true;
    }
    auto& vault = SecretVault::instance();
    // Nothing secret any more: what the vault kept for this key (if anything) goes.
    if (secret.empty() ? !vault.clear(m_listId, key) : !vault.store(m_listId, key, secret))
        return secret.empty();
    std::lock_guard lock(m_secretsMutex);
    m_secrets[key] = secret;
    return true;
}

void Store::putBackSecrets(DownloadRecord& record)
{
    if (!hasSecretMarkers(record))
        return;
    const auto secret = SecretVault::instance().lookup(m_listId, record.key);
    detail::restoreSecrets(record, secret);
    if (secret) {
        std::lock_guard lock(m_secretsMutex);
        m_secrets[record.key] = *secret;
    }
}

std::optional<DownloadRecord> Store::readOne(sqlite3_stmt* statement)
{
    const int code = sqlite3_step(statement);
    if (code == SQLITE_ROW) {
        succeed();
        DownloadRecord record;
        readRecord(statement, record);
        return record;
    }
    if (code != SQLITE_DONE)
        fail("Could not read the download list " + m_path);
    else
        succeed();
    return std::nullopt;
}

std::optional<DownloadRecord> Store::get(std::int64_t key)
{
    std::optional<DownloadRecord> record;
    {
        std::lock_guard lock(m_mutex);
        Use use(m_statements->get);
        use.bind(1, key);
        record = readOne(use.get());
    }
    if (record)
        putBackSecrets(*record);
    return record;
}

std::optional<DownloadRecord> Store::findByTarget(const std::string& directory,
                                                  const std::string& fileName)
{
    std::optional<DownloadRecord> record;
    {
        std::lock_guard lock(m_mutex);
        Use use(m_statements->findByTarget);
        use.bind(1, directory).bind(2, fileName);
        record = readOne(use.get());
    }
    if (record)
        putBackSecrets(*record);
    return record;
}

std::vector<DownloadRecord> Store::loadAll()
{
    std::vector<DownloadRecord> records = loadRows();
    for (DownloadRecord& record : records)
        putBackSecrets(record);
    return records;
}

std::vector<DownloadRecord> Store::loadRows()
{
    std::lock_guard lock(m_mutex);
    std::vector<DownloadRecord> records;
    {
        // Only a hint (the count may change before the next statement), but it spares the
        // vector's regrowth from moving every record several times.
        Use count(m_statements->count);
        if (count.step() == SQLITE_ROW)
            records.reserve(static_cast<std::size_t>(sqlite3_column_int64(count.get(), 0)));
    }
    // One statement is one read transaction: the list is a consistent snapshot even while the
    // other process writes.
    Use use(m_statements->loadAll);
    int code;
    while ((code = use.step()) == SQLITE_ROW)
        readRecord(use.get(), records.emplace_back());
    if (code != SQLITE_DONE) {
        fail("Could not read the download list " + m_path);
        return {};
    }
    succeed();
    return records;
}

bool Store::swapWithNeighbour(std::int64_t key, bool up)
{
    std::lock_guard lock(m_mutex);
    const std::string what = "Could not move download " + std::to_string(key) + " in " + m_path;
    Transaction transaction(*this);
    if (!transaction.open())
        return fail(what);

    std::int64_t position = 0;
    {
        Use use(m_statements->position);
        use.bind(1, key);
        const int code = use.step();
        if (code == SQLITE_DONE)
            return refuse("There is no download with key " + std::to_string(key) + ".");
        if (code != SQLITE_ROW)
            return fail(what);
        position = sqlite3_column_int64(use.get(), 0);
    }
    std::int64_t otherKey = 0;
    std::int64_t otherPosition = 0;
    {
        Use use(up ? m_statements->previous : m_statements->next);
        use.bind(1, position).bind(2, key);
        const int code = use.step();
        if (code == SQLITE_DONE)
            return succeed(); // already first / last
        if (code != SQLITE_ROW)
            return fail(what);
        otherKey = sqlite3_column_int64(use.get(), 0);
        otherPosition = sqlite3_column_int64(use.get(), 1);
    }
    for (const auto& [k, p] : {std::pair{key, otherPosition}, std::pair{otherKey, position}}) {
        Use use(m_statements->setPosition);
        use.bind(1, k).bind(2, p);
        if (use.step() != SQLITE_DONE)
            return fail(what);
    }
    if (!transaction.commit())
        return fail(what);
    return succeed();
}

bool Store::moveUp(std::int64_t key)
{
    return swapWithNeighbour(key, true);
}

bool Store::moveDown(std::int64_t key)
{
    return swapWithNeighbour(key, false);
}

} // namespace haul::engine
