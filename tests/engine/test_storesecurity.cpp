// SPDX-License-Identifier: MIT
// The download list is private and untrusted. Private: the file and SQLite's side files are
// 0600 and their folder 0700, so another local user (a real second account, haul-attacker,
// when the test runs as root) can neither read the list (URLs, cookies) nor plant files beside
// it. Untrusted: a crafted file name comes back with the checks a server's name gets.
#include "attacker.h"
#include "testsupport.h"

#include <haul/store.h>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <sstream>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using haul::engine::DownloadRecord;
using haul::engine::DownloadState;
using haul::engine::Store;
using haul::test::TempDir;

namespace {

// The umask a careless environment has (files 0644, folders 0755), whatever the runner's is.
class Umask022 {
public:
    Umask022() : m_old(::umask(022)) {}
    ~Umask022() { ::umask(m_old); }

private:
    mode_t m_old;
};

mode_t modeOf(const std::string& path)
{
    struct stat info {};
    return ::lstat(path.c_str(), &info) == 0 ? info.st_mode & 07777 : 0;
}

std::string readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

void writeFile(const std::string& path, const std::string& text)
{
    std::ofstream(path, std::ios::binary) << text;
}

DownloadRecord secretRecord()
{
    DownloadRecord r;
    r.url = "https://user:hunter2@example.org/private/report.pdf";
    r.directory = "/home/victim/Downloads";
    r.fileName = "report.pdf";
    r.headers = {"Cookie: session=s3cr3t"};
    return r;
}

} // namespace

// SQLite creates a new database 0644 (less the umask) and gives its -wal and -shm the same
// mode: with the usual umask 022 every local user could read the list and its journal.
TEST(StoreSecurity, TheListAndItsSideFilesAreCreatedPrivate)
{
    const Umask022 umask;
    TempDir dir;
    const std::string path = dir.file("haul/haul.db");
    std::string error;
    ASSERT_TRUE(Store::createParentDirectories(path, &error)) << error;
    auto store = Store::open(path, &error);
    ASSERT_TRUE(store) << error;
    ASSERT_TRUE(store->add(secretRecord())) << store->error();
    // The connection is open and has written: the WAL and its index exist now.
    for (const std::string& file : {path, path + "-wal", path + "-shm"}) {
        ASSERT_TRUE(haul::test::fileExists(file)) << file;
        EXPECT_EQ(modeOf(file), 0600u) << file << " is " << std::oct << modeOf(file);
    }
    EXPECT_EQ(modeOf(dir.file("haul")), 0700u);
}

// A list an older Haul left 0644, with a WAL and index of a connection still open (another
// process, here a plain SQLite connection): opening it makes all three private.
TEST(StoreSecurity, AnOpenListOfAnOlderHaulIsTightened)
{
    const Umask022 umask;
    TempDir dir;
    const std::string path = dir.file("haul.db");
    sqlite3* old = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &old), SQLITE_OK);
    ASSERT_EQ(sqlite3_exec(old,
                           "PRAGMA journal_mode=WAL; CREATE TABLE t(x); INSERT INTO t "
                           "VALUES ('cookie');",
                           nullptr, nullptr, nullptr),
              SQLITE_OK);
    ASSERT_EQ(modeOf(path), 0644u) << "the premise: SQLite creates it 0644";
    ASSERT_EQ(modeOf(path + "-wal"), 0644u);
    std::string error;
    auto store = Store::open(path, &error);
    ASSERT_TRUE(store) << error;
    for (const std::string& file : {path, path + "-wal", path + "-shm"})
        EXPECT_EQ(modeOf(file), 0600u) << file << " is " << std::oct << modeOf(file);
    // The other connection still works.
    EXPECT_EQ(sqlite3_exec(old, "INSERT INTO t VALUES ('more')", nullptr, nullptr, nullptr),
              SQLITE_OK);
    sqlite3_close(old);
}

// Sets an environment variable for a scope (the test's process only).
struct ScopedEnv {
    ScopedEnv(const char* name, const std::string& value) : m_name(name)
    {
        if (const char* old = std::getenv(name))
            m_old = old;
        ::setenv(name, value.c_str(), 1);
    }
    ~ScopedEnv()
    {
        if (m_old)
            ::setenv(m_name, m_old->c_str(), 1);
        else
            ::unsetenv(m_name);
    }
    ScopedEnv(const ScopedEnv&) = delete;
    ScopedEnv& operator=(const ScopedEnv&) = delete;

private:
    const char* m_name;
    std::optional<std::string> m_old;
};

// The attack: another local user reads the victim's list (URLs with passwords, cookies). The
// list's folder existed already with the usual 0755 (made by hand, or by another program).
TEST(StoreSecurity, AnotherUserCannotReadTheList)
{
    const auto attacker = haul::test::attacker();
    if (!attacker)
        GTEST_SKIP() << attacker.problem;
    const Umask022 umask;
    TempDir dir;
    ASSERT_EQ(::chmod(dir.path().c_str(), 0755), 0); // the attacker may walk to the folder
    // Haul's own folder, made by hand (or another program) with the usual 0755.
    const std::string data = dir.file("share");
    ASSERT_EQ(::mkdir(data.c_str(), 0755), 0);
    const std::string folder = data + "/haul";
    ASSERT_EQ(::mkdir(folder.c_str(), 0755), 0);
    const ScopedEnv xdg("XDG_DATA_HOME", data);
    const std::string path = Store::defaultPath();
    std::string error;
    ASSERT_TRUE(Store::createParentDirectories(path, &error)) << error;
    auto store = Store::open(path, &error);
    ASSERT_TRUE(store) << error;
    ASSERT_TRUE(store->add(secretRecord())) << store->error();

    const std::string wal = path + "-wal";
    const char* files[] = {path.c_str(), wal.c_str()};
    for (const char* file : files) {
        // 0: the attacker read bytes of the list; 1: refused with EACCES; 2: something else.
        const int result = haul::test::asAttacker(attacker, [file] {
            const int fd = ::open(file, O_RDONLY);
            if (fd < 0)
                return errno == EACCES ? 1 : 2;
            char byte = 0;
            const bool read = ::read(fd, &byte, 1) == 1;
            ::close(fd);
            return read ? 0 : 2;
        });
        EXPECT_EQ(result, 1) << "haul-attacker could read " << file << " (0 = read it)";
    }
    const char* folderPath = folder.c_str();
    const int listed = haul::test::asAttacker(attacker, [folderPath] {
        DIR* d = ::opendir(folderPath);
        if (!d)
            return errno == EACCES ? 1 : 2;
        ::closedir(d);
        return 0;
    });
    EXPECT_EQ(listed, 1) << "haul-attacker could list " << folder;
    EXPECT_EQ(modeOf(folder), 0700u);
}

// The attack: another user makes the folder first (world-writable, as a shared data folder
// could be) and waits for the victim's list to appear in it, to read it or to swap it.
TEST(StoreSecurity, AFolderOfAnotherUserIsRefused)
{
    const auto attacker = haul::test::attacker();
    if (!attacker)
        GTEST_SKIP() << attacker.problem;
    TempDir dir;
    ASSERT_EQ(::chmod(dir.path().c_str(), 0777), 0); // a folder anyone may create things in
    const std::string folder = dir.file("planted");
    const int made = haul::test::asAttacker(attacker, [path = folder.c_str()] {
        return ::mkdir(path, 0777) == 0 && ::chmod(path, 0777) == 0 ? 0 : 1;
    });
    ASSERT_EQ(made, 0);
    std::string error;
    EXPECT_FALSE(Store::createParentDirectories(folder + "/haul.db", &error))
        << "a list in a folder haul-attacker owns and can write";
    EXPECT_NE(error.find(folder), std::string::npos) << error;
    EXPECT_NE(error.find("another user"), std::string::npos) << error;
    EXPECT_EQ(modeOf(folder), 0777u) << "another user's folder is refused, not changed";
    std::printf("[ message  ] %s\n", error.c_str());
}

// A shared folder with the sticky bit (/tmp) is refused and left as it is, even when this user
// owns it (root owns /tmp): tightening it would break every other program.
TEST(StoreSecurity, ASharedStickyFolderIsRefusedNotTightened)
{
    TempDir dir;
    const std::string folder = dir.file("tmp-like");
    ASSERT_EQ(::mkdir(folder.c_str(), 0700), 0);
    ASSERT_EQ(::chmod(folder.c_str(), 01777), 0);
    std::string error;
    EXPECT_FALSE(Store::createParentDirectories(folder + "/haul.db", &error));
    EXPECT_NE(error.find(folder), std::string::npos) << error;
    EXPECT_NE(error.find("shared"), std::string::npos) << error;
    EXPECT_EQ(modeOf(folder), 01777u);
    std::printf("[ message  ] %s\n", error.c_str());
}

// A folder of the user's own that others may read or write is made 0700.
// Haul's own folder (XDG_DATA_HOME/haul) is made private; a folder the user chose for a list
// is not re-moded (it may be a home folder): when others can get into it, it is refused.
TEST(StoreSecurity, HaulsOwnFolderIsTightenedAChosenOpenOneIsRefused)
{
    TempDir dir;
    const std::string data = dir.file("data");
    ASSERT_EQ(::mkdir(data.c_str(), 0700), 0);
    const std::string own = data + "/haul";
    ASSERT_EQ(::mkdir(own.c_str(), 0700), 0);
    ASSERT_EQ(::chmod(own.c_str(), 0777), 0);
    std::string error;
    {
        const ScopedEnv xdg("XDG_DATA_HOME", data);
        EXPECT_TRUE(Store::createParentDirectories(Store::defaultPath(), &error)) << error;
    }
    EXPECT_EQ(modeOf(own), 0700u);

    const std::string readable = dir.file("readable");
    ASSERT_EQ(::mkdir(readable.c_str(), 0700), 0);
    ASSERT_EQ(::chmod(readable.c_str(), 0755), 0);
    error.clear();
    EXPECT_FALSE(Store::createParentDirectories(readable + "/list.db", &error));
    EXPECT_NE(error.find("open to other users"), std::string::npos) << error;
    EXPECT_EQ(modeOf(readable), 0755u) << "a folder of the user's choice was re-moded";

    const std::string mine = dir.file("mine");
    ASSERT_EQ(::mkdir(mine.c_str(), 0700), 0);
    EXPECT_TRUE(Store::createParentDirectories(mine + "/list.db", &error)) << error;
}

// The attack: a WAL file planted as a symbolic link to a file of the victim. SQLite follows it,
// takes the file for an empty WAL and writes its frames over it.
TEST(StoreSecurity, ASideFileThatIsASymlinkIsRefused)
{
    TempDir dir;
    const std::string victim = dir.file("thesis.tex");
    writeFile(victim, "\\documentclass{article} months of work");
    const std::string path = dir.file("haul.db");
    {
        auto store = Store::open(path);
        ASSERT_TRUE(store);
    } // the last close removes the WAL
    ASSERT_FALSE(haul::test::fileExists(path + "-wal"));
    ASSERT_EQ(::symlink(victim.c_str(), (path + "-wal").c_str()), 0);
    std::string error;
    auto store = Store::open(path, &error);
    if (store) {
        store->add(secretRecord());
        store.reset();
    }
    EXPECT_FALSE(store) << "opened a list whose WAL is a link to another file";
    EXPECT_EQ(readAll(victim), "\\documentclass{article} months of work");
    EXPECT_NE(error.find(path + "-wal"), std::string::npos) << error;
    std::printf("[ message  ] %s\n", error.c_str());
}

// The attack: a row written into the list by someone else (or by a tool that trusted a server)
// names "../../x" or "/etc/x". Every reader gets a name inside its folder, made by the same
// sanitizeFileName a server's Content-Disposition name goes through.
TEST(StoreSecurity, CraftedNamesAreSanitizedWhenRead)
{
    TempDir dir;
    const std::string path = dir.file("haul.db");
    auto store = Store::open(path);
    ASSERT_TRUE(store);
    const std::string longName = std::string(245, 'n') + " (1).iso"; // 253 bytes, Haul's own
    const std::vector<std::string> crafted = {
        "../../escaped", "/etc/cron.d/evil", "a/../../b", "..", ".hidden", "ok\nline"};
    const std::vector<std::string> kept = {"file.iso", "file (1).iso", "Ünïcödé.txt", longName};
    std::vector<std::int64_t> craftedKeys, keptKeys;
    for (const auto& name : crafted) {
        DownloadRecord r = secretRecord();
        r.fileName = name;
        craftedKeys.push_back(*store->add(r));
    }
    for (const auto& name : kept) {
        DownloadRecord r = secretRecord();
        r.fileName = name;
        keptKeys.push_back(*store->add(r));
    }
    const auto check = [](const std::string& name, const std::string& source) {
        EXPECT_EQ(name.find('/'), std::string::npos) << source << " -> " << name;
        EXPECT_FALSE(name.empty()) << source;
        EXPECT_NE(name.front(), '.') << source << " -> " << name;
        for (unsigned char c : name)
            EXPECT_GE(c, 0x20) << source;
    };
    for (std::size_t i = 0; i < crafted.size(); ++i) {
        const auto record = store->get(craftedKeys[i]);
        ASSERT_TRUE(record);
        check(record->fileName, crafted[i]);
    }
    for (const DownloadRecord& record : store->loadAll())
        check(record.fileName, "loadAll");
    const auto found = store->findByTarget(secretRecord().directory, "/etc/cron.d/evil");
    if (found)
        check(found->fileName, "findByTarget");
    for (std::size_t i = 0; i < kept.size(); ++i)
        EXPECT_EQ(store->get(keptKeys[i])->fileName, kept[i]) << "a name Haul made is kept";
}

// The checks above look at files SQLite may already have open in this process (the GUI opens the
// list twice: the engine's connection and the store worker's). Closing a descriptor of such a
// file would drop every POSIX lock this process holds on it, and SQLite's locks with them: the
// dead-man switch on the -shm would vanish and another process would rebuild the WAL index under
// the first connection. So a second open must leave the first connection's locks in place.
TEST(StoreSecurity, ASecondOpenKeepsTheFirstConnectionsLocks)
{
    TempDir dir;
    const std::string path = dir.file("haul.db");
    auto first = Store::open(path);
    ASSERT_TRUE(first);
    ASSERT_TRUE(first->add(secretRecord()));
    const std::string shm = path + "-shm";
    // Whether another process sees a lock on the -shm's dead-man-switch byte (SQLite's
    // UNIX_SHM_DMS, offset 128), which every open connection holds shared.
    const auto lockedFromOutside = [&shm] {
        std::fflush(nullptr);
        const pid_t child = ::fork();
        if (child == 0) {
            const int fd = ::open(shm.c_str(), O_RDWR);
            struct flock lock {};
            lock.l_type = F_WRLCK;
            lock.l_whence = SEEK_SET;
            lock.l_start = 128;
            lock.l_len = 1;
            const bool held = fd >= 0 && ::fcntl(fd, F_GETLK, &lock) == 0 && lock.l_type != F_UNLCK;
            ::_exit(held ? 0 : 1);
        }
        int status = 0;
        ::waitpid(child, &status, 0);
        return WIFEXITED(status) && WEXITSTATUS(status) == 0;
    };
    ASSERT_TRUE(lockedFromOutside()) << "the premise: an open connection holds the lock";
    auto second = Store::open(path);
    ASSERT_TRUE(second);
    EXPECT_TRUE(lockedFromOutside()) << "opening a second connection dropped the first's locks";
    ASSERT_TRUE(second->add(secretRecord()));
    EXPECT_EQ(first->loadAll().size(), 2u);
}
