// SPDX-License-Identifier: MIT
#include "io/iojob.h"

#include "io/filesink.h"
#include <haul/checksum.h>

#include <cstdio>

namespace haul::engine {

namespace {

IoJobResult finalizeFile(const IoJob& job)
{
    FileSink file(job.partPath.substr(0, job.partPath.rfind('/')),
                  job.finalPath.substr(job.finalPath.rfind('/') + 1));
    if (auto hook = ioJobTestHook.load())
        hook(0);
    const bool abandoned = job.abandoned->load();
    if (auto hook = ioJobTestHook.load())
        hook(1);
    if (abandoned) {
        if (!file.writeAt(0, job.data.data(), job.data.size())) // closed meanwhile: a .part
            return IoJobFailed{file.error()};
        return FileWritten{true};
    }
    if (!file.writeWhole(job.data.data(), job.data.size())) {
        return IoJobFailed{file.error()};
    }
    return FileWritten{};
}

IoJobResult finalize(const IoJob& job)
{
    IoJobResult result = finalizeFile(job);
    if (auto hook = ioJobTestHook.load())
        hook(2);
    return result;
}

IoJobResult verify(const IoJob& job, const std::function<bool()>& stopping)
{
    if (auto hook = ioJobTestHook.load())
        hook(3);
    IoJobResult result;
    Hasher hasher(job.algorithm);
    std::FILE* f = std::fopen(job.partPath.c_str(), "rb");
    if (!f || !hasher.valid()) {
        result = IoJobFailed{"Cannot verify the checksum of \"" + job.partPath + "\"."};
    } else {
        std::vector<char> block(1 << 20);
        std::size_t n = 0;
        while (!stopping() && (n = std::fread(block.data(), 1, block.size(), f)) > 0)
            hasher.update(block.data(), n);
        if (std::ferror(f))
            result = IoJobFailed{"Cannot read \"" + job.partPath + "\" to verify it."};
        else
            result = HashDigest{hasher.finishHex()};
    }
    if (f)
        std::fclose(f);
    if (auto hook = ioJobTestHook.load())
        hook(4);
    return result;
}

} // namespace

IoJobResult runIoJob(const IoJob& job, const std::function<bool()>& stopping)
{
    return job.kind == IoJob::Finalize ? finalize(job) : verify(job, stopping);
}

} // namespace haul::engine
