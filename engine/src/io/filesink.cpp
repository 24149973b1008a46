// SPDX-License-Identifier: MIT
#include "io/filesink.h"

#include <haul/text.h>

#include <cerrno>
#include <cstdio> // renameat2
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace haul::engine {

namespace {

// lstat: a dangling symbolic link is something at that name too.
bool exists(const std::string& path)
{
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0;
}

// "a (n).iso" for "a.iso", cut so that its .part still fits in a 255-byte name.
std::string numbered(const std::string& fileName, int n)
{
    const auto dot = fileName.rfind('.');
    const bool hasExt = dot != std::string::npos && dot > 0;
    std::string stem = hasExt ? fileName.substr(0, dot) : fileName;
    const std::string ext = hasExt ? fileName.substr(dot) : std::string();
    const std::string suffix = " (" + std::to_string(n) + ")";
    constexpr std::size_t kMaxName = 255 - 5; // room for ".part"
    if (stem.size() + suffix.size() + ext.size() > kMaxName) {
        std::size_t keep =
            kMaxName > suffix.size() + ext.size() ? kMaxName - suffix.size() - ext.size() : 1;
        while (keep > 1 && isUtf8Continuation(static_cast<unsigned char>(stem[keep])))
            --keep; // not inside a UTF-8 sequence
        stem.resize(keep);
    }
    return stem + suffix + ext;
}

const char* const kDoNotFollow = "is a symbolic link, and writing to it could change another "
                                 "file; Haul did not open it. Remove it and start the download "
                                 "again.";
const char* const kNotOurs = "already exists and is not this download's (another program or "
                             "download made it); Haul did not open it. Remove it or choose "
                             "another folder, then start the download again.";

} // namespace

FileSink::FileSink(std::string directory, std::string fileName)
    : m_directory(std::move(directory)), m_fileName(std::move(fileName))
{
}

FileSink::~FileSink()
{
    close();
}

void FileSink::setFileName(std::string fileName, bool ours)
{
    m_fileName = std::move(fileName);
    m_ours = ours;
    m_partFound = false;
}

std::string FileSink::pathOf(const std::string& directory, const std::string& fileName)
{
    if (directory.empty() || directory.back() == '/')
        return directory + fileName;
    return directory + "/" + fileName;
}

bool FileSink::finalNameTaken() const
{
    return exists(finalPath());
}

bool FileSink::removeRegularFile(const std::string& path)
{
    // Should a link replace the file between the two calls, unlink() removes the link itself:
    // it never follows one in the last component.
    struct stat st {};
    return ::lstat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::unlink(path.c_str()) == 0;
}

bool FileSink::outOfSpace() const
{
    return m_errno == ENOSPC || m_errno == EDQUOT || m_errno == EFBIG;
}

bool FileSink::fail(const std::string& what)
{
    const int err = errno;
    m_errno = err;
    m_error = what + " \"" + partPath() + "\": " + errorText(err);
    if (outOfSpace())
        m_error += ". Free some space and resume the download; nothing received so far is lost.";
    return false;
}

bool FileSink::refuse(const std::string& why)
{
    m_errno = 0; // not the disk: freeing space would not help
    m_error = "\"" + partPath() + "\" " + why;
    return false;
}

bool FileSink::checkPart(int fd)
{
    struct stat st {};
    if (::fstat(fd, &st) != 0)
        return fail("Cannot read");
    if (S_ISLNK(st.st_mode))
        return refuse(kDoNotFollow);
    if (!S_ISREG(st.st_mode))
        return refuse("is not a regular file; Haul did not open it. Remove it and start the "
                      "download again.");
    if (st.st_nlink > 1)
        return refuse("has another hard link (the same file under another name), so writing to "
                      "it would change that file too; Haul did not open it. Remove it and start "
                      "the download again.");
    if (st.st_uid != ::geteuid())
        return refuse("belongs to another user; Haul did not open it. Remove it or choose "
                      "another folder, then start the download again.");
    return true;
}

int FileSink::openPart(int flags)
{
    // O_NONBLOCK: a FIFO planted there does not hang the engine thread (then fstat refuses it).
    // 0666 and the user's umask: a downloaded file is never executable.
    const int fd =
        ::open(partPath().c_str(), flags | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY | O_NONBLOCK, 0666);
    if (fd < 0) {
        const int err = errno;
        struct stat st {};
        if (err == ELOOP && ::lstat(partPath().c_str(), &st) == 0 && S_ISLNK(st.st_mode))
            refuse(kDoNotFollow);
        else if (err == EEXIST)
            refuse(kNotOurs);
        else
            fail((flags & O_CREAT) ? "Cannot create" : "Cannot open");
        m_errno = err;
        return -1;
    }
    bool ok = checkPart(fd);
    // Two downloads writing one file would corrupt both: the second is refused.
    if (ok && ::flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK)
        ok = refuse("is being written by another download right now; Haul did not open it. Let "
                    "that one finish, or choose another folder.");
    if (!ok) {
        ::close(fd);
        return -1;
    }
    return fd;
}

std::int64_t FileSink::existingSize()
{
    struct stat st {};
    if (m_fd >= 0)
        return ::fstat(m_fd, &st) == 0 ? st.st_size : 0;
    // O_PATH opens nothing (a FIFO cannot block, a device does nothing): it only names what is
    // there, so that what is checked is what is measured.
    const int fd = ::open(partPath().c_str(), O_PATH | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT) {
            m_partFound = false;
            return 0;
        }
        fail("Cannot read");
        return -1;
    }
    const bool safe = checkPart(fd) && ::fstat(fd, &st) == 0;
    ::close(fd);
    if (!safe)
        return -1;
    if (!m_ours) {
        refuse(kNotOurs);
        return -1;
    }
    m_partFound = true;
    return st.st_size;
}

bool FileSink::ensureOpen()
{
    if (m_fd >= 0)
        return true;
    // A .part of this download found earlier is continued. Otherwise it is created here, and
    // whatever is at its name by now is someone else's.
    const bool continuing = m_ours && m_partFound;
    m_fd = openPart(O_WRONLY | O_CREAT | (continuing ? 0 : O_EXCL));
    if (m_fd < 0)
        return false;
    m_ours = m_partFound = true; // this download's from now on
    return true;
}

bool FileSink::writeAt(std::int64_t offset, const char* data, std::size_t size)
{
    if (!ensureOpen())
        return false;
    while (size > 0) {
        const ssize_t n = ::pwrite(m_fd, data, size, offset);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return fail("Cannot write to");
        }
        offset += n;
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool FileSink::preallocate(std::int64_t size)
{
    if (size <= 0 || !ensureOpen())
        return m_fd >= 0 || size <= 0;
    const int rc = ::posix_fallocate(m_fd, 0, size);
    if (rc == 0 || rc == EOPNOTSUPP || rc == EINVAL)
        return true;
    errno = rc;
    return fail("Cannot reserve space for");
}

bool FileSink::sync()
{
    if (m_fd >= 0 && ::fdatasync(m_fd) != 0)
        return fail("Cannot flush");
    return true;
}

int FileSink::duplicate() const
{
    return m_fd >= 0 ? ::fcntl(m_fd, F_DUPFD_CLOEXEC, 0) : -1;
}

bool FileSink::truncate()
{
    if (m_fd >= 0)
        return ::ftruncate(m_fd, 0) == 0 || fail("Cannot truncate");
    // Through a checked descriptor, never by path: a link planted at the name is not followed.
    const int fd = openPart(O_WRONLY);
    if (fd < 0)
        return m_errno == ENOENT; // nothing to throw away
    const bool ok =
        m_ours ? (::ftruncate(fd, 0) == 0 || fail("Cannot truncate")) : refuse(kNotOurs);
    ::close(fd);
    return ok;
}

void FileSink::close()
{
    if (m_fd >= 0) {
        // Now, not when the writer thread closes the descriptor it flushes (duplicate()): the
        // next operation of this download opens the .part again at once.
        ::flock(m_fd, LOCK_UN);
        ::close(m_fd);
    }
    m_fd = -1;
}

bool FileSink::moveTo(const std::string& fileName)
{
    const std::string from = partPath();
    const std::string to =
        (m_directory.empty() || m_directory.back() == '/' ? m_directory : m_directory + "/")
        + fileName;
    // rename() would replace whatever is at the name, a file saved meanwhile or a planted link.
    if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0)
        return true;
    if (errno != EINVAL && errno != ENOSYS && errno != EOPNOTSUPP)
        return false;
    // No RENAME_NOREPLACE on this file system: a hard link fails on an existing name as well.
    if (::link(from.c_str(), to.c_str()) == 0) {
        ::unlink(from.c_str());
        return true;
    }
    if (errno != EPERM && errno != ENOSYS && errno != EOPNOTSUPP)
        return false;
    // Neither (vfat, some FUSE file systems): a look, then a rename — the best they allow.
    if (exists(to)) {
        errno = EEXIST;
        return false;
    }
    return ::rename(from.c_str(), to.c_str()) == 0;
}

bool FileSink::commit(const std::function<Claim(const std::string&)>& claim)
{
    if (!ensureOpen()) // a 0-byte file is created here; an open one was checked when opened
        return false;
    close();
    // Something at NAME (saved there meanwhile, a planted link) is never replaced: the download
    // takes the next free name instead.
    std::string name = m_fileName;
    for (int attempt = 0; attempt < 100; ++attempt) {
        if (moveTo(name)) {
            m_fileName = name;
            return true;
        }
        if (errno != EEXIST)
            break;
        name = uniqueName(m_directory, m_fileName, claim);
    }
    return fail("Cannot rename");
}

bool FileSink::writeWhole(const char* data, std::size_t size)
{
    bool taken = false;
    if (m_fd < 0) {
        if (linkUnnamed(data, size))
            return true;
        taken = errno == EEXIST;
    }
    if (!taken) {
        // No O_TMPFILE here: the .part, then a rename that replaces nothing.
        if (!writeAt(0, data, size))
            return false;
        close();
        if (moveTo(m_fileName))
            return true;
        if (errno != EEXIST)
            return fail("Cannot rename");
        ::unlink(partPath().c_str()); // created exclusively above: this download's own
    }
    m_errno = 0;
    m_error =
        "\"" + finalPath()
        + "\" appeared while the download was being saved, and Haul does not replace it; start "
          "the download again to save it under another name.";
    return false;
}

bool FileSink::linkUnnamed(const char* data, std::size_t size)
{
    const std::string dir = m_directory.empty() ? std::string(".") : m_directory;
    m_fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (m_fd < 0)
        return false; // no O_TMPFILE here (or no folder: writeAt says which)
    bool linked = false;
    int err = 0;
    if (size == 0 || writeAt(0, data, size)) {
        // linkat(fd, "", AT_EMPTY_PATH) needs a capability; the /proc path does not. The link
        // fails (EEXIST) when anything is at NAME: it never replaces it.
        const std::string self = "/proc/self/fd/" + std::to_string(m_fd);
        linked =
            ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, finalPath().c_str(), AT_SYMLINK_FOLLOW) == 0;
        err = linked ? 0 : errno;
    }
    close(); // unlinked, the unnamed file is gone with its descriptor
    errno = err;
    return linked;
}

std::string FileSink::uniqueName(const std::string& directory, const std::string& fileName,
                                 const std::function<Claim(const std::string&)>& claim)
{
    const std::string dir =
        directory.empty() || directory.back() == '/' ? directory : directory + "/";
    const auto isFree = [&](const std::string& name) {
        if (exists(dir + name))
            return false;
        const Claim who = claim ? claim(name) : Claim::None;
        return who == Claim::Ours || (who == Claim::None && !exists(dir + name + ".part"));
    };
    if (isFree(fileName))
        return fileName;
    for (int i = 1; i < 10000; ++i) {
        std::string candidate = numbered(fileName, i);
        if (isFree(candidate))
            return candidate;
    }
    return fileName + "." + std::to_string(::getpid());
}

} // namespace haul::engine
