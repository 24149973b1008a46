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

bool FileSink::fail(const std::string& what)
{
    const int err = errno;
    m_error = what + " \"" + partPath() + "\": " + std::strerror(err);
    if (err == ENOSPC)
        m_error += ". Free some space and resume the download.";
    return false;
}

bool FileSink::prepare()
{
    if (m_fd >= 0)
        return true;
    m_buffer.clear();
    struct stat st {};
    if (::stat(partPath().c_str(), &st) == 0) {
        m_offset = st.st_size;
        return true;
    }
    m_offset = 0;
    if (errno != ENOENT)
        return fail("Cannot read");
    return true;
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

bool FileSink::restart()
{
    m_buffer.clear();
    m_offset = 0;
    const int rc = m_fd >= 0 ? ::ftruncate(m_fd, 0) : ::truncate(partPath().c_str(), 0);
    if (rc != 0 && errno != ENOENT)
        return fail("Cannot truncate");
    return true;
}

bool FileSink::write(const char* data, std::size_t size)
{
    if (!ensureOpen())
        return false;
    if (m_buffer.capacity() < kBlockSize)
        m_buffer.reserve(kBlockSize);
    // A piece at least a block long goes straight to disk after what is buffered.
    if (m_buffer.size() + size > kBlockSize) {
        if (!flush())
            return false;
        if (size >= kBlockSize) {
            while (size > 0) {
                const ssize_t n = ::pwrite(m_fd, data, size, m_offset);
                if (n < 0) {
                    if (errno == EINTR)
                        continue;
                    return fail("Cannot write to");
                }
                m_offset += n;
                data += n;
                size -= static_cast<std::size_t>(n);
            }
            return true;
        }
    }
    m_buffer.insert(m_buffer.end(), data, data + size);
    return true;
}

bool FileSink::flush()
{
    std::size_t done = 0;
    while (done < m_buffer.size()) {
        const ssize_t n = ::pwrite(m_fd, m_buffer.data() + done, m_buffer.size() - done, m_offset);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            // Keep what was not written so that a retry after freeing space loses nothing.
            m_buffer.erase(m_buffer.begin(), m_buffer.begin() + static_cast<std::ptrdiff_t>(done));
            return fail("Cannot write to");
        }
        done += static_cast<std::size_t>(n);
        m_offset += n;
    }
    m_buffer.clear();
    return true;
}

bool FileSink::close()
{
    if (m_fd < 0)
        return true;
    const bool ok = flush();
    ::close(m_fd);
    m_fd = -1;
    // Give the memory back: a paused or queued download should cost next to nothing.
    if (ok)
        std::vector<char>().swap(m_buffer);
    return ok;
}

bool FileSink::commit()
{
    if (!ensureOpen() || !close())
        return false;
    if (::rename(partPath().c_str(), finalPath().c_str()) != 0)
        return fail("Cannot rename");
    return true;
}

std::string FileSink::uniqueName(const std::string& directory, const std::string& fileName)
{
    const std::string dir = directory.empty() || directory.back() == '/' ? directory : directory + "/";
    if (exists(dir + fileName + ".part") || !exists(dir + fileName))
        return fileName;
    const auto dot = fileName.rfind('.');
    const bool hasExt = dot != std::string::npos && dot > 0;
    const std::string stem = hasExt ? fileName.substr(0, dot) : fileName;
    const std::string ext = hasExt ? fileName.substr(dot) : std::string();
    for (int i = 1; i < 10000; ++i) {
        const std::string candidate = stem + " (" + std::to_string(i) + ")" + ext;
        if (exists(dir + candidate + ".part") || !exists(dir + candidate))
            return candidate;
    }
    return fileName + "." + std::to_string(::getpid());
}

} // namespace haul::engine
