// SPDX-License-Identifier: MIT
#include <haul/store.h>
#include <haul/text.h>

#include "store/sqlitestatement.h"
#include "store/storeschema.h"
#include "store/storestatements.h"

#include <sqlite3.h>

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
using detail::columnText;
using detail::kMigrations;
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
