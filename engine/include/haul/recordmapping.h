// SPDX-License-Identifier: MIT
#pragma once

#include <haul/session.h>
#include <haul/store.h>

#include <algorithm>

namespace haul::engine {

// The one mapping between a download as asked for (TransferRequest) and as the download list
// records it (DownloadRecord), used by the engine (a new record, every rewrite of one) and by
// the UI (restoring a download from its record). A field both of them have is mapped here and
// nowhere else. Pure functions, any thread.

// What a record says of the request: address, folder and name, connections (at least 1), speed
// limit, checksum, the user's allowances, headers, size cap, and request.storeKey as its key.
// The state, sizes, validators and queue position are the download's, not the request's: the
// record keeps its defaults for them.
inline DownloadRecord recordFor(const TransferRequest& request)
{
    DownloadRecord record;
    record.key = request.recordKey().value;
    record.url = request.url;
    record.directory = request.directory;
    record.fileName = request.fileName;
    record.connections = std::max(1, request.connections);
    record.speedLimit = request.rateLimit;
    record.checksum = request.checksum;
    record.allowInsecureTls = request.allowInsecureTls;
    record.headers = request.headers;
    record.allowHttpsToHttpRedirect = request.allowHttpsToHttpRedirect;
    record.maxSize = request.maxSize;
    return record;
}

// The request that continues a recorded download (storeKey = record.key). netrcFile and group
// are not recorded: they stay empty.
inline TransferRequest requestFor(const DownloadRecord& record)
{
    TransferRequest request;
    request.url = record.url;
    request.directory = record.directory;
    request.fileName = record.fileName;
    request.connections = record.connections;
    request.rateLimit = record.speedLimit;
    request.checksum = record.checksum;
    request.allowInsecureTls = record.allowInsecureTls;
    request.headers = record.headers;
    request.allowHttpsToHttpRedirect = record.allowHttpsToHttpRedirect;
    request.maxSize = record.maxSize;
    request.setRecordKey(record.storeKey());
    return request;
}

} // namespace haul::engine
