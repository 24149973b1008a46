// SPDX-License-Identifier: MIT
#include "io/iojob.h"

#include "io/filesink.h"
#include <haul/checksum.h>

#include <cstdio>

namespace haul::engine {

namespace {

IoJobResult finalize(const IoJob& job)
{
    FileSink file(job.partPath.substr(0, job.partPath.rfind('/')),
                  job.finalPath.substr(job.finalPath.rfind('/') + 1));
    if (job.abandoned->load()) {
        if (!file.writeAt(0, job.data.data(), job.data.size())) // closed meanwhile: a .part
            return IoJobFailed{file.error()};
    } else if (!file.writeWhole(job.data.data(), job.data.size())) {
        return IoJobFailed{file.error()};
    }
    return FileWritten{};
}

IoJobResult verify(const IoJob& job, const std::function<bool()>& stopping)
{
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
    return result;
}

} // namespace

IoJobResult runIoJob(const IoJob& job, const std::function<bool()>& stopping)
{
    return job.kind == IoJob::Finalize ? finalize(job) : verify(job, stopping);
}

} // namespace haul::engine
