// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include <haul/storekey.h>

struct sqlite3;
struct sqlite3_stmt;

namespace haul::engine {

// The states a download is recorded in. Stored as text ("queued", ...) so the file stays
// readable with the sqlite3 shell and a reordering of this enum cannot corrupt old files.
enum class DownloadState : int { Queued, Running, Paused, Completed, Failed, Cancelled };

const char* toString(DownloadState state);
std::optional<DownloadState> downloadStateFromString(std::string_view text);

// A byte range of the file that is safely on disk: half-open, [first, second).
using Range = std::pair<std::int64_t, std::int64_t>;

// One download as the store records it. `key` is the store's own id, stable across restarts and
// shared by every process that opens the file; it is not the engine's runtime TransferId.
struct DownloadRecord {
    std::int64_t key = 0; // assigned by Store::add (never reused); 0 = not stored yet
    std::string url;
    std::string directory;
    std::string fileName; // the final name (the bytes go to fileName + ".part" until done)
    DownloadState state = DownloadState::Queued;
    std::int64_t createdAtMs = 0;  // ms since the Unix epoch; add() fills in "now" for 0
    std::int64_t finishedAtMs = 0; // ms since the Unix epoch; 0 = not finished
    std::int64_t totalSize = -1;   // bytes; -1 = unknown
    std::int64_t bytesDone = 0;
    std::string etag;                 // validator for a resume (If-Range); empty = none
    std::string lastModified;         // the Last-Modified header as sent; empty = none
    std::string errorText;            // the sentence shown for a failed download
    int connections = 1;              // segments per download, >= 1
    std::int64_t speedLimit = 0;      // bytes/s for this download; 0 = no limit
    std::string checksum;             // "ALGO=HEX" as on the command line; empty = none
    bool allowInsecureTls = false;    // a certificate that cannot be verified is accepted (the
                                      // user allowed it for this download: a self-signed server)
    std::vector<std::string> headers; // extra request lines, as TransferRequest::headers
    bool allowHttpsToHttpRedirect = false; // as TransferRequest's: the user allowed it
    std::int64_t maxSize = 0;       // bytes the file may have (TransferRequest::maxSize); 0 = none
    std::int64_t queuePosition = 0; // order of loadAll(); owned by the store (add, moveUp/Down)

    StoreKey storeKey() const { return StoreKey{key}; } // key, as its own type
};

// Store: the durable record of downloads, one SQLite file shared by haul and haul-cli, which may
// have it open at the same time (WAL journal, a 5 s busy timeout, every multi-row change in one
// IMMEDIATE transaction, so two processes never see half a change).
//
// Threads: every function is thread-safe (one internal mutex serializes the connection). The
// engine calls it from its engine thread; the GUI calls it from a worker thread, never from the
// GUI thread for loadAll() or any other call that may wait for the disk or for another process
// (up to the busy timeout). Calls never call back.
//
// Ownership: open() returns the sole owner of the connection; destroy the Store to close it.
// Records are returned by value; nothing returned points into the Store.
//
// Durability: ordinary updates commit with synchronous=NORMAL (safe against a crash of the
// process, may lose the last few updates on power loss). setRanges() is the durability point:
// it commits with synchronous=FULL (an fsync of the WAL, so every earlier commit is made durable
// with it), and once it returns the ranges survive power loss too. That fsync is its cost: about
// 0.3-6 ms per call on the test machine's disk against ~0.02 ms for updateProgress(), so call it
// when a block was flushed, not for every write.
//
// Secrets: when the desktop's secret service runs (secretvault.h), a record's URL credentials
// and its Authorization, Cookie and Proxy-Authorization headers are kept there, not in the file:
// the row says "https://***@host/..." and "Cookie: <secret-service>", and every record read back
// has the real values again (without the service, or when it fails, they are left out rather
// than sent as placeholders). Without the service they are kept in the file, as by an older
// Haul, whose records are read as they are and moved to the service when saved again. Talking
// to the service blocks (a D-Bus round trip, an unlock prompt; each call bounded to a few
// seconds) in add, update, remove, get, findByTarget and loadAll, for records with secrets; it
// is done without holding the store's mutex, except for calls inside batch().
//
// Errors: nothing throws. A call that fails returns false / nullopt / an empty vector and leaves a
// sentence for the user in error() (with several threads calling, error() tells the most recent
// failure of any of them). A call that succeeds clears error(), so get() returning nullopt with
// an empty error() means "no such record".
class Store {
public:
    // Opens or creates the database at path (the parent folder must exist: see
    // createParentDirectories) and creates or migrates the schema. On failure returns null and
    // fills *error (if given) with a sentence, e.g. for a file that is not a database or one
    // written by a newer Haul.
    //
    // Privacy: the file is created 0600, so SQLite's -wal, -shm and -journal files, which take
    // the main file's mode, are 0600 too; an existing file (or side file) with a wider mode is
    // tightened to 0600. A file, or side file, of another user is refused, and so is a side
    // file that is a symbolic link.
    //
    // Trust: what the file says is treated like what a server says. Every record read back
    // (get, findByTarget, loadAll) has its fileName passed through sanitizeFileName (url.h), so
    // a crafted "../x" or "/etc/x" names a file inside its folder. The directory is returned as
    // stored: a caller that restores a download from it checks it (see the GUI's StoreWorker).
    static std::unique_ptr<Store> open(const std::string& path, std::string* error = nullptr);

    // $XDG_DATA_HOME/haul/haul.db, or ~/.local/share/haul/haul.db.
    static std::string defaultPath();
    // Creates the folders above path (mode 0700, as the XDG spec asks). True when the folder
    // that holds the file exists and is private: one of the user's own that others may read or
    // write is tightened to 0700; one of another user, or a shared one with the sticky bit
    // (/tmp), is refused with a sentence in *error saying which folder and why. Folders
    // further up are left as they are.
    static bool createParentDirectories(const std::string& path, std::string* error = nullptr);

    ~Store();
    Store(const Store&) = delete;
    Store& operator=(const Store&) = delete;

    // Adds a record at the end of the queue; record.key and record.queuePosition are ignored.
    // Returns the new key.
    std::optional<std::int64_t> add(const DownloadRecord& record);
    // Adds many records in one transaction (all or none), in order, at the end of the queue.
    // Returns their keys in the same order.
    std::optional<std::vector<std::int64_t>> addBatch(const std::vector<DownloadRecord>& records);
    // Rewrites every field of the record with this key except queuePosition. False if no such
    // record.
    bool update(const DownloadRecord& record);
    // The cheap call for the progress path: bytes done and state only. Entering a finished state
    // (completed, failed, cancelled) stamps finishedAtMs if it was 0; any other state clears it.
    bool updateProgress(std::int64_t key, std::int64_t bytesDone, DownloadState state);
    // Replaces the set of ranges that are on disk for this download, in one transaction. The
    // store sorts them and joins overlapping or adjacent ones; empty ranges are dropped; a range
    // with a negative start or an end before its start is refused. Commits with
    // synchronous=FULL. The CALLER MUST fdatasync the file BEFORE calling: a range is recorded
    // only after its bytes are on disk, so a crash at any instant loses at most the unflushed
    // tail, never records bytes that are not there.
    bool setRanges(std::int64_t key, const std::vector<Range>& ranges);
    // The recorded ranges, sorted and normalized. Empty for no ranges or an unknown key.
    std::vector<Range> ranges(std::int64_t key);
    // Deletes the record and its ranges. Removing a key that is not there succeeds (the record is
    // gone either way), so two processes may remove the same download.
    bool remove(std::int64_t key);

    std::optional<DownloadRecord> get(std::int64_t key);
    // The newest record (highest key) whose target is directory/fileName; haul-cli uses it to
    // find the record of a .part it resumes. Paths are compared as given (not normalized).
    std::optional<DownloadRecord> findByTarget(const std::string& directory,
                                               const std::string& fileName);
    // Every record, in queue order, as one consistent snapshot. 100,000 records take about
    // 0.1 s of CPU in an optimized build (see test_store).
    std::vector<DownloadRecord> loadAll();

    // Swap queue position with the previous / next record. At the top / bottom nothing moves
    // and the call succeeds. False for an unknown key.
    bool moveUp(std::int64_t key);
    bool moveDown(std::int64_t key);

    // The same calls by StoreKey (storekey.h): what new code uses, so that a TransferId cannot
    // be passed for a key.
    std::optional<StoreKey> addRecord(const DownloadRecord& record)
    {
        const auto key = add(record);
        return key ? std::optional<StoreKey>(StoreKey{*key}) : std::nullopt;
    }
    bool updateProgress(StoreKey key, std::int64_t bytesDone, DownloadState state)
    {
        return updateProgress(key.value, bytesDone, state);
    }
    bool setRanges(StoreKey key, const std::vector<Range>& ranges)
    {
        return setRanges(key.value, ranges);
    }
    std::vector<Range> ranges(StoreKey key) { return ranges(key.value); }
    bool remove(StoreKey key) { return remove(key.value); }
    std::optional<DownloadRecord> get(StoreKey key) { return get(key.value); }
    bool moveUp(StoreKey key) { return moveUp(key.value); }
    bool moveDown(StoreKey key) { return moveDown(key.value); }

    // Runs writes (calls of this Store's methods, made from inside writes, on this thread) as
    // one transaction with one commit: a group commit, so a thousand small downloads cost a few
    // commits instead of thousands. durable: the commit is made durable like setRanges()'s;
    // otherwise it is an ordinary one, and a setRanges() inside is no more durable than that
    // (still never ahead of the bytes: a lost record only means fetching them again). Each call
    // inside keeps its own all-or-nothing (a savepoint) and its own return value; other
    // threads' calls wait until the batch has committed. When the batch cannot begin (another
    // process holds the lock past the busy timeout) the writes still run, each on its own.
    // False if the batch could not begin or commit; error() then says why.
    bool batch(const std::function<void()>& writes, bool durable = true);

    // PRAGMA integrity_check plus a foreign key check. True if both are clean; *report (if
    // given) receives what they said ("ok" when clean).
    bool integrityCheck(std::string* report = nullptr);

    std::string error() const;
    const std::string& path() const { return m_path; }

    static constexpr int kSchemaVersion = 4;
    static constexpr int kBusyTimeoutMs = 5000;

private:
    struct Statements;
    class Transaction;
    class FullSync;

    explicit Store(std::string path);
    bool openLocked();
    bool migrate();
    bool prepareStatements();
    bool exec(const char* sql);
    bool fail(const std::string& what);
    bool refuse(std::string sentence);
    bool succeed();
    std::optional<std::int64_t> nextQueuePosition();
    std::optional<std::int64_t> insert(const DownloadRecord& record, std::int64_t position);
    bool swapWithNeighbour(std::int64_t key, bool up);
    std::optional<DownloadRecord> readOne(sqlite3_stmt* statement);
    std::optional<std::vector<std::int64_t>> insertAll(const std::vector<DownloadRecord>& records,
                                                       const std::vector<DownloadRecord>& rows);
    std::vector<DownloadRecord> loadRows();
    bool keepSecret(std::int64_t key, const std::string& secret);
    void putBackSecrets(DownloadRecord& record);

    const std::string m_path;
    const std::string m_listId; // the absolute path: the vault's "list" attribute
    // Guards everything below, and every use of m_db. Recursive: a batch holds it while the
    // writes inside take it again.
    mutable std::recursive_mutex m_mutex;
    sqlite3* m_db = nullptr;
    bool m_inBatch = false; // a batch's transaction is open: writes nest as savepoints
    std::unique_ptr<Statements> m_statements;
    std::string m_error;
    // What the secret service holds for each key, as far as this Store knows; spares update()
    // a round trip when nothing changed. Guarded by its own mutex, never held while waiting.
    std::mutex m_secretsMutex;
    std::unordered_map<std::int64_t, std::string> m_secrets;
};

} // namespace haul::engine
