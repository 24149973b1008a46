// SPDX-License-Identifier: MIT
#include <haul/store.h>
#include <haul/text.h>

#include "store/secretvault.h"
#include "store/sqlitestatement.h"
#include "store/storefullsync.h"
#include "store/storeschema.h"
#include "store/storestatements.h"
#include "store/storetransaction.h"

#include <sqlite3.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <pwd.h>
#include <sys/stat.h>
#include <thread>
#include <unistd.h>

namespace haul::engine {

using detail::adviceFor;
using detail::bindFields;
using detail::columnText;
using detail::hasSecretMarkers;
using detail::invalidReason;
using detail::kMigrations;
using detail::nowMs;
using detail::readRecord;
using detail::Use;

namespace {

// "0644", for the sentences that say why a file or folder is refused.
std::string octal(mode_t mode)
{
    char text[8];
    std::snprintf(text, sizeof text, "%04o", static_cast<unsigned>(mode & 07777));
    return text;
}

// An fd closed when it goes out of scope.
struct Fd {
    int fd = -1;
    explicit Fd(int f) : fd(f) {}
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
};

// The download list says what the user downloads, from where, with which cookies: only its
// owner may read or change it. SQLite would create a new file 0644 (less the umask) and gives
// its -wal, -shm and -journal the main file's mode when it creates them, so the main file is
// made here, 0600, before SQLite opens it; a file of an older Haul is tightened to 0600, and a
// file of another user is refused (its owner could change it under us at any time).
// Side files that exist already (a crash leaves them) are checked the same way, and one that is
// a symbolic link is refused (SQLite would refuse it too, with a less helpful sentence).
//
// No descriptor of an existing file is opened here: closing one would drop the POSIX locks
// another connection of this process (the GUI has two) holds on that file, and SQLite relies on
// them. Hence stat() and chmod() by name; the folder is private (createParentDirectories), so
// nobody else can swap a name between the check and the change.
bool makeListPrivate(const std::string& path, std::string& error)
{
    struct stat info {};
    if (::lstat(path.c_str(), &info) != 0) {
        if (errno != ENOENT) {
            error = "Could not check the download list " + path + ": " + errorText(errno) + ".";
            return false;
        }
        // A new inode: no connection of this process holds a lock on it.
        const int fd =
            ::open(path.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd >= 0)
            ::close(fd);
        else if (errno != EEXIST) { // EEXIST: another process made it meanwhile; checked below
            error = "Could not create the download list " + path + ": " + errorText(errno)
                    + ". Check that its folder exists and is writable.";
            return false;
        }
    }
    // stat, not lstat: the list itself may be a link the user made to a file of their own.
    if (::stat(path.c_str(), &info) == 0 && S_ISREG(info.st_mode)) {
        if (info.st_uid != ::geteuid()) {
            error = "The download list " + path + " belongs to another user (uid "
                    + std::to_string(info.st_uid)
                    + "), who could change it at any time; Haul opens only a list of your own.";
            return false;
        }
        if ((info.st_mode & 077) != 0 && ::chmod(path.c_str(), 0600) != 0) {
            error = "The download list " + path + " can be read by other users (mode "
                    + octal(info.st_mode) + ") and could not be made private: " + errorText(errno)
                    + ".";
            return false;
        }
    } // anything else (a folder, a missing link target): SQLite says what is wrong with it
    for (const char* suffix : {"-wal", "-shm", "-journal"}) {
        const std::string side = path + suffix;
        if (::lstat(side.c_str(), &info) != 0)
            continue; // none yet: SQLite creates it with the main file's 0600
        if (S_ISLNK(info.st_mode)) {
            error = side
                    + " is a symbolic link; SQLite would not write through it. Remove it "
                      "(Haul makes a new one).";
            return false;
        }
        if (!S_ISREG(info.st_mode) || info.st_uid != ::geteuid()) {
            error = side + " is not a file of your own; remove it (Haul makes a new one).";
            return false;
        }
        if ((info.st_mode & 077) != 0 && ::chmod(side.c_str(), 0600) != 0) {
            error = side + " can be read by other users (mode " + octal(info.st_mode)
                    + ") and could not be made private: " + errorText(errno) + ".";
            return false;
        }
    }
    return true;
}

} // namespace

namespace {

std::string absolutePath(const std::string& path)
{
    std::error_code error;
    const auto absolute = std::filesystem::absolute(path, error);
    return error ? path : absolute.lexically_normal().string();
}

} // namespace

Store::Store(std::string path) : m_path(std::move(path)), m_listId(absolutePath(m_path)) {}

Store::~Store()
{
    // Statements first: sqlite3_close refuses a connection with unfinalized statements.
    m_statements.reset();
    if (m_db)
        sqlite3_close_v2(m_db);
}

std::unique_ptr<Store> Store::open(const std::string& path, std::string* error)
{
    std::unique_ptr<Store> store(new Store(path));
    std::lock_guard lock(store->m_mutex);
    if (!store->openLocked()) {
        if (error)
            *error = store->m_error;
        return nullptr;
    }
    return store;
}

bool Store::openLocked()
{
    if (std::string error; !makeListPrivate(m_path, error))
        return refuse(std::move(error));
    // NOMUTEX: m_mutex already serializes every use of the connection.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(m_path.c_str(), &m_db, flags, nullptr) != SQLITE_OK)
        return fail("Could not open the download list " + m_path);
    sqlite3_extended_result_codes(m_db, 1);
    sqlite3_busy_timeout(m_db, kBusyTimeoutMs);

    // WAL lets one process read while the other writes. The mode is stored in the file, so this
    // is also the first read of the file: a file that is not a database fails here.
    // While another process creates the file or switches it to WAL, SQLite answers SQLITE_BUSY
    // at once, without calling the busy handler (seen with four simultaneous first opens), so
    // this step waits by itself, as long as the busy timeout.
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(kBusyTimeoutMs);
    int code = SQLITE_BUSY;
    std::string mode;
    while (true) {
        sqlite3_stmt* statement = nullptr;
        code = sqlite3_prepare_v2(m_db, "PRAGMA journal_mode=WAL", -1, &statement, nullptr);
        if (code == SQLITE_OK) {
            code = sqlite3_step(statement);
            if (code == SQLITE_ROW)
                mode = columnText(statement, 0);
        }
        // Finalizing returns the step's error again; the error message survives it.
        sqlite3_finalize(statement);
        if ((code & 0xff) != SQLITE_BUSY || std::chrono::steady_clock::now() >= deadline)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    if (code != SQLITE_ROW)
        return fail("Could not open the download list " + m_path);
    if (mode != "wal")
        return refuse("Could not open the download list " + m_path
                      + " in WAL mode (the file system may not support it); "
                      + "move it to a local disk.");

    // secure_delete: what a record no longer says (a cookie moved to the secret service) is
    // overwritten, not left in the file's free space.
    if (!exec("PRAGMA synchronous=NORMAL") || !exec("PRAGMA foreign_keys=ON")
        || !exec("PRAGMA secure_delete=ON"))
        return fail("Could not set up the download list " + m_path);
    return migrate() && prepareStatements() && succeed();
}

bool Store::migrate()
{
    auto userVersion = [this]() -> std::optional<int> {
        sqlite3_stmt* statement = nullptr;
        if (sqlite3_prepare_v2(m_db, "PRAGMA user_version", -1, &statement, nullptr) != SQLITE_OK)
            return std::nullopt;
        std::optional<int> version;
        if (sqlite3_step(statement) == SQLITE_ROW)
            version = sqlite3_column_int(statement, 0);
        sqlite3_finalize(statement);
        return version;
    };
    const std::string what = "Could not prepare the download list " + m_path;

    // The common case (schema current) takes no write lock, so opening never waits for the other
    // process.
    auto version = userVersion();
    if (!version)
        return fail(what);
    if (*version == kSchemaVersion)
        return true;

    // Read again under the write lock: the other process may have migrated in between.
    if (!exec("BEGIN IMMEDIATE"))
        return fail(what);
    version = userVersion();
    bool ok = version.has_value();
    if (ok && *version > kSchemaVersion) {
        exec("ROLLBACK");
        return refuse("The download list " + m_path
                      + " was written by a newer version of Haul (schema "
                      + std::to_string(*version) + ", this one knows up to "
                      + std::to_string(kSchemaVersion) + "); update Haul to open it.");
    }
    for (int v = ok ? *version : kSchemaVersion; ok && v < kSchemaVersion; ++v)
        ok = exec(kMigrations[v]);
    // PRAGMA takes no bound parameters; the value is our own constant.
    ok = ok && exec(("PRAGMA user_version=" + std::to_string(kSchemaVersion)).c_str());
    ok = ok && exec("COMMIT");
    if (!ok) {
        fail(what);
        if (!sqlite3_get_autocommit(m_db))
            exec("ROLLBACK");
        return false;
    }
    return true;
}

bool Store::prepareStatements()
{
    auto s = std::make_unique<Statements>();
    if (!s->prepare(m_db))
        return fail("Could not prepare the download list " + m_path);
    m_statements = std::move(s);
    return true;
}

bool Store::exec(const char* sql)
{
    return sqlite3_exec(m_db, sql, nullptr, nullptr, nullptr) == SQLITE_OK;
}

bool Store::fail(const std::string& what)
{
    const int code = m_db ? sqlite3_extended_errcode(m_db) : SQLITE_CANTOPEN;
    const char* message = m_db ? sqlite3_errmsg(m_db) : sqlite3_errstr(code);
    m_error = what + ": " + message + "." + adviceFor(code);
    return false;
}

bool Store::refuse(std::string sentence)
{
    m_error = std::move(sentence);
    return false;
}

bool Store::succeed()
{
    m_error.clear();
    return true;
}

std::string Store::error() const
{
    std::lock_guard lock(m_mutex);
    return m_error;
}

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

bool Store::integrityCheck(std::string* report)
{
    std::lock_guard lock(m_mutex);
    std::string text;
    bool clean = true;
    {
        Use use(m_statements->integrityCheck);
        int code;
        while ((code = use.step()) == SQLITE_ROW) {
            const std::string line = columnText(use.get(), 0);
            if (line != "ok")
                clean = false;
            text += (text.empty() ? "" : "\n") + line;
        }
        if (code != SQLITE_DONE) {
            fail("Could not check the download list " + m_path);
            if (report)
                *report = m_error;
            return false;
        }
    }
    {
        Use use(m_statements->foreignKeyCheck);
        int code;
        while ((code = use.step()) == SQLITE_ROW) {
            clean = false;
            text += "\nrow " + std::to_string(sqlite3_column_int64(use.get(), 1)) + " of "
                    + columnText(use.get(), 0) + " refers to a missing " + columnText(use.get(), 2);
        }
        if (code != SQLITE_DONE) {
            fail("Could not check the download list " + m_path);
            if (report)
                *report = m_error;
            return false;
        }
    }
    if (report)
        *report = text;
    if (!clean)
        return refuse("The download list " + m_path + " is damaged: " + text);
    return succeed();
}

std::string Store::defaultPath()
{
    // The XDG spec says a relative XDG_DATA_HOME is invalid and must be ignored.
    std::string base;
    if (const char* xdg = std::getenv("XDG_DATA_HOME"); xdg && xdg[0] == '/') {
        base = xdg;
    } else {
        std::string home;
        if (const char* env = std::getenv("HOME"); env && env[0] != '\0') {
            home = env;
        } else {
            // getpwuid_r: getpwuid's static buffer is not thread-safe.
            passwd entry{};
            passwd* found = nullptr;
            char buffer[4096];
            if (getpwuid_r(getuid(), &entry, buffer, sizeof buffer, &found) == 0 && found)
                home = found->pw_dir;
        }
        base = home + "/.local/share";
    }
    return base + "/haul/haul.db";
}

bool Store::createParentDirectories(const std::string& path, std::string* error)
{
    const std::filesystem::path parent = std::filesystem::path(path).parent_path();
    std::filesystem::path current;
    bool created = false; // the list's own folder was made here (0700)
    for (const auto& part : parent) {
        current /= part;
        if (::mkdir(current.c_str(), 0700) == 0) {
            created = current == parent;
            continue;
        }
        if (errno == EEXIST)
            continue;
        if (error)
            *error = "Could not create the folder " + current.string() + ": " + errorText(errno)
                     + ". Check that its parent folder is writable.";
        return false;
    }
    // Whoever else can write to the folder the list lives in can replace the list (or plant its
    // -wal as a link to another file); whoever can read it sees the names of the files in it.
    // Haul's own folder (the default one, or one made here) is made private. A folder the user
    // chose (--store ~/lists/a.db) that others can get into is refused with a sentence, not
    // re-moded: it may be a home folder. Another user's folder, or a shared one like /tmp (its
    // sticky bit says so), is refused too.
    const std::filesystem::path folder = parent.empty() ? std::filesystem::path(".") : parent;
    const auto refuseFolder = [&](const std::string& sentence) {
        if (error)
            *error = sentence;
        return false;
    };
    Fd fd(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    struct stat info {};
    if (fd.fd < 0 || ::fstat(fd.fd, &info) != 0 || !S_ISDIR(info.st_mode))
        return refuseFolder(folder.string() + " exists but is not a folder; move it away.");
    if (info.st_uid != ::geteuid())
        return refuseFolder("The folder " + folder.string()
                            + " of the download list belongs to "
                              "another user (uid "
                            + std::to_string(info.st_uid)
                            + "), who could read or replace the list; keep it in a folder of "
                              "your own.");
    if ((info.st_mode & 077) == 0)
        return true;
    const bool own = created
                     || std::filesystem::weakly_canonical(folder)
                            == std::filesystem::weakly_canonical(
                                std::filesystem::path(defaultPath()).parent_path());
    if ((info.st_mode & S_ISVTX) != 0)
        return refuseFolder("The folder " + folder.string()
                            + " of the download list is shared "
                              "with other users (mode "
                            + octal(info.st_mode)
                            + "), who could read it or plant files in it; keep the list in a "
                              "folder of your own.");
    if (!own)
        return refuseFolder("The folder " + folder.string()
                            + " of the download list is open to other users (mode "
                            + octal(info.st_mode)
                            + "), who could see or replace the list; make it yours alone "
                              "(chmod 700) or keep the list in another folder.");
    if (::fchmod(fd.fd, 0700) != 0)
        return refuseFolder("The folder " + folder.string()
                            + " of the download list is open to "
                              "other users (mode "
                            + octal(info.st_mode)
                            + ") and could not be made private: " + errorText(errno) + ".");
    return true;
}

} // namespace haul::engine
