// SPDX-License-Identifier: MIT
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace haul::engine {

// The file one download writes: NAME.part in the download folder, renamed to NAME only by
// commit(), after every byte arrived. Connections write their blocks at their own offsets
// (pwrite); the file is created by the first write, so a request that fails before any byte
// arrived leaves nothing behind.
//
// What is in the folder is not trusted: a NAME.part that is a symbolic link, has other hard
// links, belongs to another user or is not a regular file is never written (nor truncated),
// and is refused with a sentence naming it. A .part that existed before is opened only when it
// is this download's (setFileName's `ours`); otherwise it is created exclusively (O_EXCL), so
// one that appears meanwhile is refused too. While open, the .part is locked (flock), so two
// downloads — in this process or another — never write one file. commit() never replaces
// anything at NAME: it picks "NAME (1)"... instead.
//
// Threads: one thread at a time (the engine thread). Errors are returned as false with a
// sentence in error(); nothing throws.
class FileSink {
public:
    // Who has a name's .part: nobody known, this download (resuming it), or another one.
    enum class Claim { None, Ours, Another };

    FileSink(std::string directory, std::string fileName);
    ~FileSink();
    FileSink(const FileSink&) = delete;
    FileSink& operator=(const FileSink&) = delete;

    // Only before the file exists: the server may name the file (Content-Disposition), a
    // record may name it. ours: an existing NAME.part of that name is this download's to
    // continue (its record vouches for it; without a download list, a .part written front to
    // back is taken as the download's own); otherwise an existing one is refused.
    void setFileName(std::string fileName, bool ours = false);
    void setOurs(bool ours) { m_ours = ours; }

    // Size of an existing NAME.part, 0 when there is none, -1 (and error()) when it cannot be
    // read or must not be written (see the class comment).
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
    // Closes and renames NAME.part to NAME, or to "NAME (1)"... when something is at NAME
    // (fileName() then says which; claim as for uniqueName, never saying Ours: an existing .part
    // of another name is never this download's).
    bool commit(const std::function<Claim(const std::string&)>& claim = {});
    // A whole small file in one go, for a sink with no file yet: the bytes go into an unnamed
    // file (O_TMPFILE) that is then linked as NAME, so NAME appears complete or not at all and
    // the folder is changed once instead of twice (create .part, rename). Falls back to
    // writeAt() + rename where the file system has no O_TMPFILE. Fails, keeping NAME.part,
    // when something is at NAME: it never takes another name (the caller announced this one).
    bool writeWhole(const char* data, std::size_t size);
    // Closes; the .part stays for a later resume.
    void close();

    bool isOpen() const { return m_fd >= 0; }
    const std::string& error() const { return m_error; }
    // The last failure was a full disk or quota (or a file size limit): freeing space helps.
    bool outOfSpace() const;
    const std::string& fileName() const { return m_fileName; }
    const std::string& directory() const { return m_directory; }
    std::string finalPath() const { return pathOf(m_directory, m_fileName); }
    // fileName in directory, as finalPath() spells it.
    static std::string pathOf(const std::string& directory, const std::string& fileName);
    std::string partPath() const { return finalPath() + ".part"; }
    // Something (a file, a link, anything) is at the final name already.
    bool finalNameTaken() const;

    // Deletes path when it is a regular file: a symbolic link (and what it points to), a folder
    // or anything else there stays. Any thread. false when nothing was deleted.
    static bool removeRegularFile(const std::string& path);

    // Picks a name in directory that clashes with nothing: "a.iso", "a (1).iso", ... A name is
    // taken when anything (a file, a symbolic link) has it, when claim() says another download
    // has it, or when its .part exists and claim() does not say it is this download's (without
    // claim, any existing .part takes its name).
    static std::string uniqueName(const std::string& directory, const std::string& fileName,
                                  const std::function<Claim(const std::string&)>& claim = {});

private:
    bool fail(const std::string& what);
    bool refuse(const std::string& why); // a .part that must not be written
    bool checkPart(int fd);              // fstat: what the descriptor is may be written
    int openPart(int flags);             // O_NOFOLLOW, checked and locked; -1 and error()
    bool ensureOpen();
    bool linkUnnamed(const char* data, std::size_t size);
    bool moveTo(const std::string& fileName); // never replacing what is there (errno EEXIST)

    std::string m_directory;
    std::string m_fileName;
    int m_fd = -1;
    int m_errno = 0;
    std::string m_error;
    bool m_ours = false;      // an existing .part is this download's (see setFileName)
    bool m_partFound = false; // the last look found NAME.part (or this sink created it)
};

} // namespace haul::engine
