// SPDX-License-Identifier: MIT
#include "store/storeschema.h"

#include <haul/url.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <climits>
#include <iterator>

namespace haul::engine {

namespace {

constexpr const char* kStateNames[] = {"queued",    "running", "paused",
                                       "completed", "failed",  "cancelled"};

// Headers are kept one per line in one column: a header is one line (invalidReason()).
std::string joinLines(const std::vector<std::string>& lines)
{
    std::string joined;
    for (const std::string& line : lines)
        joined += (joined.empty() ? "" : "\n") + line;
    return joined;
}

std::vector<std::string> splitLines(const std::string& text)
{
    std::vector<std::string> lines;
    std::size_t from = 0;
    while (from < text.size()) {
        const std::size_t end = std::min(text.find('\n', from), text.size());
        lines.push_back(text.substr(from, end - from));
        from = end + 1;
    }
    return lines;
}

constexpr std::string_view kSecretMarker = ": <secret-service>";

bool isSecretHeader(std::string_view line)
{
    const std::string_view name = line.substr(0, line.find(':'));
    const auto is = [name](std::string_view other) {
        return name.size() == other.size()
               && std::equal(name.begin(), name.end(), other.begin(), [](char a, char b) {
                      return std::tolower(static_cast<unsigned char>(a)) == b;
                  });
    };
    return is("authorization") || is("cookie") || is("proxy-authorization");
}

// "https://***@host/...": the authority of a URL whose credentials the vault keeps.
std::size_t maskedAt(const std::string& url)
{
    const std::size_t at = url.find("://***@");
    return at != std::string::npos && at == url.find("://") ? at : std::string::npos;
}

bool isMarker(std::string_view line)
{
    return line.size() > kSecretMarker.size() && line.ends_with(kSecretMarker)
           && line.find(':') == line.size() - kSecretMarker.size() && isSecretHeader(line);
}

} // namespace

const char* toString(DownloadState state)
{
    const auto index = static_cast<std::size_t>(state);
    return index < std::size(kStateNames) ? kStateNames[index] : "paused";
}

std::optional<DownloadState> downloadStateFromString(std::string_view text)
{
    for (std::size_t i = 0; i < std::size(kStateNames); ++i) {
        if (text == kStateNames[i])
            return static_cast<DownloadState>(i);
    }
    return std::nullopt;
}

namespace detail {

// A released migration is never edited: a later schema change appends a step, so every older
// file reaches kSchemaVersion.
const char* const kMigrations[] = {
    R"sql(
    CREATE TABLE downloads (
        key           INTEGER PRIMARY KEY AUTOINCREMENT,
        url           TEXT    NOT NULL,
        directory     TEXT    NOT NULL,
        file_name     TEXT    NOT NULL,
        state         TEXT    NOT NULL CHECK (state IN ('queued', 'running', 'paused',
                                                        'completed', 'failed', 'cancelled')),
        created_at    INTEGER NOT NULL,
        finished_at   INTEGER NOT NULL DEFAULT 0,
        total_size    INTEGER NOT NULL DEFAULT -1 CHECK (total_size >= -1),
        bytes_done    INTEGER NOT NULL DEFAULT 0 CHECK (bytes_done >= 0),
        etag          TEXT    NOT NULL DEFAULT '',
        last_modified TEXT    NOT NULL DEFAULT '',
        error_text    TEXT    NOT NULL DEFAULT '',
        connections   INTEGER NOT NULL DEFAULT 1 CHECK (connections >= 1),
        speed_limit   INTEGER NOT NULL DEFAULT 0 CHECK (speed_limit >= 0),
        checksum      TEXT    NOT NULL DEFAULT '',
        queue_pos     INTEGER NOT NULL
    );
    CREATE INDEX downloads_by_queue ON downloads (queue_pos);
    CREATE INDEX downloads_by_target ON downloads (directory, file_name);
    CREATE TABLE ranges (
        download_key INTEGER NOT NULL REFERENCES downloads (key) ON DELETE CASCADE,
        start        INTEGER NOT NULL CHECK (start >= 0),
        "end"        INTEGER NOT NULL CHECK ("end" > start),
        PRIMARY KEY (download_key, start)
    ) WITHOUT ROWID;
    )sql",
    // 2: the exception for an unverifiable certificate survives a restart.
    R"sql(
    ALTER TABLE downloads ADD COLUMN allow_insecure_tls INTEGER NOT NULL DEFAULT 0
        CHECK (allow_insecure_tls IN (0, 1));
    )sql",
    // 3: so do the extra request headers (a cookie a download needs), one per line.
    R"sql(
    ALTER TABLE downloads ADD COLUMN headers TEXT NOT NULL DEFAULT '';
    )sql",
    // 4: and what else the user set for one download: a redirect to http:// allowed, a size cap.
    R"sql(
    ALTER TABLE downloads ADD COLUMN allow_http_redirect INTEGER NOT NULL DEFAULT 0
        CHECK (allow_http_redirect IN (0, 1));
    ALTER TABLE downloads ADD COLUMN max_size INTEGER NOT NULL DEFAULT 0 CHECK (max_size >= 0);
    )sql",
};
static_assert(std::size(kMigrations) == Store::kSchemaVersion);

// The column order readRecord() expects.
const char* const kColumns =
    "SELECT key, url, directory, file_name, state, created_at, finished_at, total_size, "
    "bytes_done, etag, last_modified, error_text, connections, speed_limit, checksum, queue_pos, "
    "allow_insecure_tls, headers, allow_http_redirect, max_size FROM downloads ";

std::int64_t nowMs()
{
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

const char* adviceFor(int code)
{
    switch (code & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        return " Another Haul program kept the download list busy for more than 5 s; try again.";
    case SQLITE_FULL: return " Free some disk space and try again.";
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        return " The file is damaged or is not a Haul download list; move it away and Haul will"
               " start a new list.";
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_CANTOPEN:
    case SQLITE_AUTH: return " Check that the file and its folder exist and are writable.";
    case SQLITE_IOERR: return " The disk reported an error; check it and try again.";
    default: return "";
    }
}

// Fills r in place: loadAll() builds 100,000 of these, and moving them costs as much as reading.
void readRecord(sqlite3_stmt* s, DownloadRecord& r)
{
    r.key = sqlite3_column_int64(s, 0);
    r.url = columnText(s, 1);
    r.directory = columnText(s, 2);
    // The list is not trusted more than a server: a name someone wrote into the file ("../x",
    // "/etc/x") gets the checks a Content-Disposition name gets, so every reader (the GUI
    // restoring a row, the engine adopting the record) sees a name inside its folder. A name
    // Haul wrote passes unchanged: it was made by sanitizeFileName, and up to NAME_MAX bytes
    // (not the 250 of a new name) are kept, so a " (1)" suffix is not cut off.
    r.fileName = columnText(s, 3);
    if (!r.fileName.empty())
        r.fileName = sanitizeFileName(r.fileName, NAME_MAX);
    // The CHECK constraint keeps unknown names out; a file edited by hand still loads.
    r.state = downloadStateFromString(columnText(s, 4)).value_or(DownloadState::Paused);
    r.createdAtMs = sqlite3_column_int64(s, 5);
    r.finishedAtMs = sqlite3_column_int64(s, 6);
    r.totalSize = sqlite3_column_int64(s, 7);
    r.bytesDone = sqlite3_column_int64(s, 8);
    r.etag = columnText(s, 9);
    r.lastModified = columnText(s, 10);
    r.errorText = columnText(s, 11);
    r.connections = sqlite3_column_int(s, 12);
    r.speedLimit = sqlite3_column_int64(s, 13);
    r.checksum = columnText(s, 14);
    r.queuePosition = sqlite3_column_int64(s, 15);
    r.allowInsecureTls = sqlite3_column_int(s, 16) != 0;
    r.headers = splitLines(columnText(s, 17));
    r.allowHttpsToHttpRedirect = sqlite3_column_int(s, 18) != 0;
    r.maxSize = std::max<std::int64_t>(0, sqlite3_column_int64(s, 19));
}

void bindFields(Use& use, const DownloadRecord& r, std::int64_t createdAtMs)
{
    use.bind(2, r.url)
        .bind(3, r.directory)
        .bind(4, r.fileName)
        .bind(5, toString(r.state))
        .bind(6, createdAtMs)
        .bind(7, r.finishedAtMs)
        .bind(8, r.totalSize)
        .bind(9, r.bytesDone)
        .bind(10, r.etag)
        .bind(11, r.lastModified)
        .bind(12, r.errorText)
        .bind(13, static_cast<std::int64_t>(r.connections))
        .bind(14, r.speedLimit)
        .bind(15, r.checksum)
        .bind(17, static_cast<std::int64_t>(r.allowInsecureTls ? 1 : 0))
        .bindCopy(18, joinLines(r.headers))
        .bind(19, static_cast<std::int64_t>(r.allowHttpsToHttpRedirect ? 1 : 0))
        .bind(20, std::max<std::int64_t>(0, r.maxSize));
}

std::string joinHeaders(const std::vector<std::string>& headers)
{
    return joinLines(headers);
}

std::string takeSecrets(std::string& url, std::vector<std::string>& headers)
{
    std::string masked = maskCredentials(url);
    bool secret = masked != url;
    std::vector<std::string> kept = headers;
    for (std::string& line : kept) {
        if (isSecretHeader(line)) {
            line = line.substr(0, line.find(':')) + std::string(kSecretMarker);
            secret = true;
        }
    }
    if (!secret)
        return {};
    std::string original = url + "\n" + joinLines(headers);
    url = std::move(masked);
    headers = std::move(kept);
    return original;
}

bool hasSecretMarkers(const DownloadRecord& r)
{
    return maskedAt(r.url) != std::string::npos
           || std::any_of(r.headers.begin(), r.headers.end(), isMarker);
}

void restoreSecrets(DownloadRecord& r, const std::optional<std::string>& secret)
{
    if (secret) {
        const std::size_t end = std::min(secret->find('\n'), secret->size());
        std::string url = secret->substr(0, end);
        std::vector<std::string> headers =
            splitLines(secret->substr(std::min(end + 1, secret->size())));
        std::string strippedUrl = url;
        std::vector<std::string> stripped = headers;
        if (!takeSecrets(strippedUrl, stripped).empty() && strippedUrl == r.url
            && stripped == r.headers) {
            r.url = std::move(url);
            r.headers = std::move(headers);
            return;
        }
    }
    // "https://***@host/": the credentials are lost; ask without any.
    if (const auto at = maskedAt(r.url); at != std::string::npos)
        r.url.erase(at + 3, 4);
    std::erase_if(r.headers, isMarker);
}

// A sentence rather than "CHECK constraint failed", so the user reads which field is wrong.
std::string invalidReason(const DownloadRecord& r)
{
    if (r.url.empty())
        return "The download has no URL.";
    if (r.totalSize < -1)
        return "The download's total size is negative.";
    if (r.bytesDone < 0)
        return "The download's byte count is negative.";
    if (r.connections < 1)
        return "A download needs at least one connection.";
    if (r.speedLimit < 0)
        return "A speed limit cannot be negative; use 0 for no limit.";
    for (const std::string& header : r.headers)
        if (header.empty() || header.find_first_of("\r\n") != std::string::npos)
            return "A request header must be one non-empty line.";
    return {};
}

} // namespace detail

} // namespace haul::engine
