// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>

namespace haul::engine {

// The file one download writes: NAME.part in the download folder, renamed to NAME only by
// commit(), after every byte arrived. Connections write their blocks at their own offsets
// (pwrite); the file is created by the first write, so a request that fails before any byte
// arrived leaves nothing behind.
//
// Threads: one thread at a time (the engine thread). Errors are returned as false with a
// sentence in error(); nothing throws.
class FileSink {
public:
    FileSink(std::string directory, std::string fileName);
    ~FileSink();
    FileSink(const FileSink&) = delete;
    FileSink& operator=(const FileSink&) = delete;

    // Only before the file exists: the server may name the file (Content-Disposition).
    void setFileName(std::string fileName) { m_fileName = std::move(fileName); }

    // Size of an existing NAME.part, 0 when there is none, -1 (and error()) when unreadable.
    std::int64_t existingSize();
    bool writeAt(std::int64_t offset, const char* data, std::size_t size);
    // Reserves the whole size on disk where the file system can, so a full disk shows at once
    // and the file is not fragmented. Not an error where unsupported.
    bool preallocate(std::int64_t size);
    // Flushes written data to the device (fdatasync): what is recorded as done after this
    // survives a crash or a power cut.
    bool sync();
    // A second descriptor of the open file (the caller closes it), so another thread can flush
    // it (fdatasync) while this one goes on or closes; -1 when the file is not open.
    int duplicate() const;
    // Throws away what the .part holds (a server that cannot resume): start over from 0.
    bool truncate();
    // Closes and renames NAME.part to NAME.
    bool commit();
    // A whole small file in one go, for a sink with no file yet: the bytes go into an unnamed
    // file (O_TMPFILE) that is then linked as NAME, so NAME appears complete or not at all and
    // the folder is changed once instead of twice (create .part, rename). Falls back to
    // writeAt() + commit() where the file system has no O_TMPFILE or NAME appeared meanwhile.
    bool writeWhole(const char* data, std::size_t size);
    // Closes; the .part stays for a later resume.
    void close();

    bool isOpen() const { return m_fd >= 0; }
    const std::string& error() const { return m_error; }
    // The last failure was a full disk or quota (or a file size limit): freeing space helps.
    bool outOfSpace() const;
    const std::string& fileName() const { return m_fileName; }
    std::string finalPath() const;
    std::string partPath() const { return finalPath() + ".part"; }

    // Picks a name in directory that clashes with no finished file: "a.iso", "a (1).iso", ...
    // A name whose .part exists is kept as it is (that download is being resumed).
    static std::string uniqueName(const std::string& directory, const std::string& fileName);

private:
    bool fail(const std::string& what);
    bool ensureOpen();
    bool linkUnnamed(const char* data, std::size_t size);

    std::string m_directory;
    std::string m_fileName;
    int m_fd = -1;
    int m_errno = 0;
    std::string m_error;
};

} // namespace haul::engine
