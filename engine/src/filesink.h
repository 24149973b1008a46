// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace haul::engine {

// Where one download's bytes go: NAME.part in the download folder, renamed to NAME only by
// commit(), after every byte arrived. Writes are coalesced into large blocks (libcurl hands
// over small pieces) and written with pwrite at their offset.
//
// Threads: one thread at a time (the engine thread). Errors are returned as false with a
// sentence in error(); nothing throws.
class FileSink {
public:
    FileSink(std::string directory, std::string fileName);
    ~FileSink(); // flushes and closes, keeping the .part
    FileSink(const FileSink&) = delete;
    FileSink& operator=(const FileSink&) = delete;

    // Reads the size of an existing NAME.part: offset() is then where a resumed download
    // continues. The file itself is created by the first write (or by commit), so a request
    // that fails before any byte arrived leaves nothing behind.
    bool prepare();
    // Throws away what the .part holds (a server that cannot resume): start over from 0.
    bool restart();
    bool write(const char* data, std::size_t size);
    // Writes buffered bytes to the file, keeping it open.
    bool flush();
    // Flushes, closes and renames NAME.part to NAME.
    bool commit();
    // Flushes and closes; the .part stays for a later resume.
    bool close();

    std::int64_t offset() const { return m_offset + static_cast<std::int64_t>(m_buffer.size()); }
    const std::string& error() const { return m_error; }
    std::string finalPath() const;
    std::string partPath() const { return finalPath() + ".part"; }
    const std::string& fileName() const { return m_fileName; }

    // Picks a name in directory that clashes with no finished file: "a.iso", "a (1).iso", ...
    // A name whose .part exists is kept as it is (that download is being resumed).
    static std::string uniqueName(const std::string& directory, const std::string& fileName);

    static constexpr std::size_t kBlockSize = 1 << 20;

private:
    bool fail(const std::string& what);
    bool ensureOpen();

    std::string m_directory;
    std::string m_fileName;
    int m_fd = -1;
    std::int64_t m_offset = 0; // bytes already in the file
    std::vector<char> m_buffer;
    std::string m_error;
};

} // namespace haul::engine
