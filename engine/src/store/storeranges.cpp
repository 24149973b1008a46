// SPDX-License-Identifier: MIT
#include <haul/store.h>

#include "store/sqlitestatement.h"
#include "store/storefullsync.h"
#include "store/storestatements.h"
#include "store/storetransaction.h"

#include <sqlite3.h>

#include <algorithm>

namespace haul::engine {

using detail::Use;

bool Store::setRanges(std::int64_t key, const std::vector<Range>& ranges)
{
    std::vector<Range> sorted;
    sorted.reserve(ranges.size());
    for (const auto& [start, end] : ranges) {
        if (start < 0 || end < start)
            return refuse("Byte range [" + std::to_string(start) + ", " + std::to_string(end)
                          + ") is not valid.");
        if (start < end)
            sorted.emplace_back(start, end);
    }
    std::sort(sorted.begin(), sorted.end());
    std::vector<Range> merged;
    for (const auto& range : sorted) {
        if (!merged.empty() && range.first <= merged.back().second)
            merged.back().second = std::max(merged.back().second, range.second);
        else
            merged.push_back(range);
    }

    std::lock_guard lock(m_mutex);
    const std::string what = "Could not record the downloaded parts of download "
                             + std::to_string(key) + " in " + m_path;
    // FULL makes this commit fsync the WAL: the ranges then survive power loss, as the bytes
    // they describe already do. The connection goes back to NORMAL for the cheap updates.
    // Inside a batch, the batch's commit decides.
    std::optional<FullSync> fullSync;
    if (!m_inBatch && !fullSync.emplace(*this).ok())
        return fail(what);
    Transaction transaction(*this);
    if (!transaction.open())
        return fail(what);
    {
        Use exists(m_statements->exists);
        exists.bind(1, key);
        const int code = exists.step();
        if (code == SQLITE_DONE)
            return refuse("There is no download with key " + std::to_string(key) + ".");
        if (code != SQLITE_ROW)
            return fail(what);
    }
    {
        Use clear(m_statements->deleteRanges);
        clear.bind(1, key);
        if (clear.step() != SQLITE_DONE)
            return fail(what);
    }
    for (const auto& [start, end] : merged) {
        Use insertRange(m_statements->insertRange);
        insertRange.bind(1, key).bind(2, start).bind(3, end);
        if (insertRange.step() != SQLITE_DONE)
            return fail(what);
    }
    if (!transaction.commit())
        return fail(what);
    return succeed();
}

bool Store::batch(const std::function<void()>& writes, bool durable)
{
    std::lock_guard lock(m_mutex);
    if (m_inBatch) {
        writes();
        return true;
    }
    const std::string what = "Could not save the download list in " + m_path;
    std::optional<FullSync> fullSync;
    if (durable && !fullSync.emplace(*this).ok()) {
        writes();
        return fail(what);
    }
    Transaction transaction(*this);
    if (!transaction.open()) {
        writes();
        return fail(what);
    }
    struct InBatch {
        bool& flag;
        explicit InBatch(bool& f) : flag(f) { flag = true; }
        ~InBatch() { flag = false; }
    };
    {
        InBatch inBatch(m_inBatch);
        writes();
    }
    if (!transaction.commit())
        return fail(what);
    return true; // error() keeps what a write inside may have said
}

std::vector<Range> Store::ranges(std::int64_t key)
{
    std::lock_guard lock(m_mutex);
    Use use(m_statements->selectRanges);
    use.bind(1, key);
    std::vector<Range> result;
    int code;
    while ((code = use.step()) == SQLITE_ROW)
        result.emplace_back(sqlite3_column_int64(use.get(), 0), sqlite3_column_int64(use.get(), 1));
    if (code != SQLITE_DONE) {
        fail("Could not read the downloaded parts of download " + std::to_string(key) + " from "
             + m_path);
        return {};
    }
    succeed();
    return result;
}

} // namespace haul::engine
