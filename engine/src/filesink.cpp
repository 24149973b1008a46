// SPDX-License-Identifier: MIT
#include "filesink.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace haul::engine {

namespace {
bool exists(const std::string& path)
{
    struct stat st {};
    return ::stat(path.c_str(), &st) == 0;
}
} // namespace

FileSink::FileSink(std::string directory, std::string fileName)
    : m_directory(std::move(directory))
    , m_fileName(std::move(fileName))
{
}

FileSink::~FileSink() { close(); }

std::string FileSink::finalPath() const
{
    if (m_directory.empty() || m_directory.back() == '/')
        return m_directory + m_fileName;
    return m_directory + "/" + m_fileName;
}

bool FileSink::outOfSpace() const
{
    return m_errno == ENOSPC || m_errno == EDQUOT || m_errno == EFBIG;
}

bool FileSink::fail(const std::string& what)
{
    const int err = errno;
    m_errno = err;
    m_error = what + " \"" + partPath() + "\": " + std::strerror(err);
    if (outOfSpace())
        m_error += ". Free some space and resume the download; nothing received so far is lost.";
    return false;
}

std::int64_t FileSink::existingSize()
{
    struct stat st {};
    if (::stat(partPath().c_str(), &st) == 0)
        return st.st_size;
    if (errno == ENOENT)
        return 0;
    fail("Cannot read");
    return -1;
}

bool FileSink::ensureOpen()
{
    if (m_fd >= 0)
        return true;
    // 0666 and the user's umask: a downloaded file is never executable.
    m_fd = ::open(partPath().c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
    if (m_fd < 0)
        return fail("Cannot create");
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
    const int rc = m_fd >= 0 ? ::ftruncate(m_fd, 0) : ::truncate(partPath().c_str(), 0);
    if (rc != 0 && errno != ENOENT)
        return fail("Cannot truncate");
    return true;
}

void FileSink::close()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

bool FileSink::commit()
{
    if (!ensureOpen()) // a 0-byte file is created here
        return false;
    close();
    if (::rename(partPath().c_str(), finalPath().c_str()) != 0)
        return fail("Cannot rename");
    return true;
}

bool FileSink::writeWhole(const char* data, std::size_t size)
{
    if (m_fd < 0 && linkUnnamed(data, size))
        return true;
    return writeAt(0, data, size) && commit();
}

bool FileSink::linkUnnamed(const char* data, std::size_t size)
{
    const std::string dir = m_directory.empty() ? std::string(".") : m_directory;
    m_fd = ::open(dir.c_str(), O_TMPFILE | O_WRONLY | O_CLOEXEC, 0666);
    if (m_fd < 0)
        return false; // no O_TMPFILE here (or no folder: writeAt says which)
    bool linked = false;
    if (size == 0 || writeAt(0, data, size)) {
        // linkat(fd, "", AT_EMPTY_PATH) needs a capability; the /proc path does not.
        const std::string self = "/proc/self/fd/" + std::to_string(m_fd);
        linked = ::linkat(AT_FDCWD, self.c_str(), AT_FDCWD, finalPath().c_str(), AT_SYMLINK_FOLLOW) == 0;
    }
    close(); // unlinked, the unnamed file is gone with its descriptor
    return linked;
}

std::string FileSink::uniqueName(const std::string& directory, const std::string& fileName)
{
    const std::string dir = directory.empty() || directory.back() == '/' ? directory : directory + "/";
    if (!exists(dir + fileName) || exists(dir + fileName + ".part"))
        return fileName;
    const auto dot = fileName.rfind('.');
    const bool hasExt = dot != std::string::npos && dot > 0;
    const std::string stem = hasExt ? fileName.substr(0, dot) : fileName;
    const std::string ext = hasExt ? fileName.substr(dot) : std::string();
    for (int i = 1; i < 10000; ++i) {
        const std::string candidate = stem + " (" + std::to_string(i) + ")" + ext;
        if (!exists(dir + candidate) || exists(dir + candidate + ".part"))
            return candidate;
    }
    return fileName + "." + std::to_string(::getpid());
}

} // namespace haul::engine
