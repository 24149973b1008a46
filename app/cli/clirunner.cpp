// SPDX-License-Identifier: MIT
#include "clirunner.h"

#include <haul/store.h>
#include <haul/text.h>
#include <haul/url.h>

#include <cerrno>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sys/stat.h>
#include <unistd.h>

namespace haul::app {

namespace {

std::string jsonEscape(std::string_view s)
{
    std::string out;
    out.reserve(s.size() + 2);
    for (unsigned char c : s) {
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        default:
            if (c < 0x20) {
                char buf[8];
                std::snprintf(buf, sizeof buf, "\\u%04x", c);
                out += buf;
            } else {
                out += static_cast<char>(c);
            }
        }
    }
    return out;
}

bool makeDirectories(const std::string& path)
{
    std::string partial;
    for (std::size_t i = 0; i <= path.size(); ++i) {
        if (i == path.size() || (path[i] == '/' && i > 0)) {
            partial = path.substr(0, i);
            if (::mkdir(partial.c_str(), 0777) != 0 && errno != EEXIST)
                return false;
        }
    }
    return true;
}

engine::SessionOptions sessionOptions(const CliOptions& o)
{
    engine::SessionOptions s;
    s.maxConcurrent = o.maxConcurrent;
    s.connections = o.connections;
    s.rateLimit = o.rateLimit;
    s.maxFileSize = o.maxSize;
    s.maxRetries = o.retries;
    // Shared with the GUI: a download interrupted here shows there, and the byte ranges
    // recorded here let a segmented .part resume after a crash.
    s.storePath = o.storePath.empty() ? engine::Store::defaultPath() : o.storePath;
    if (o.storePath == "none")
        s.storePath.clear();
    return s;
}

} // namespace

CliRunner::CliRunner(CliOptions options)
    : m_options(std::move(options)), m_session(sessionOptions(m_options))
{
}

int CliRunner::run(const std::atomic<bool>& interrupted)
{
    std::vector<std::string> urls = m_options.urls;
    if (!m_options.inputFile.empty()) {
        std::ifstream file;
        std::istream* in = &std::cin;
        if (m_options.inputFile != "-") {
            file.open(m_options.inputFile);
            if (!file) {
                std::cerr << "haul-cli: cannot read " << m_options.inputFile << "\n";
                return 2;
            }
            in = &file;
        }
        for (std::string line; std::getline(*in, line);) {
            while (!line.empty() && (line.back() == '\r' || line.back() == ' '))
                line.pop_back();
            const auto first = line.find_first_not_of(" \t");
            if (first != std::string::npos && line[first] != '#')
                urls.push_back(line.substr(first));
        }
    }
    if (!makeDirectories(m_options.directory)) {
        std::cerr << "haul-cli: cannot create the folder " << m_options.directory << "\n";
        return 1;
    }

    std::vector<std::string> headers = m_options.headers;
    for (const std::string& path : m_options.headerFiles) {
        std::string error;
        const auto more = readHeaderFile(path, &error);
        if (!more) {
            std::cerr << "haul-cli: " << error << "\n";
            return 2;
        }
        headers.insert(headers.end(), more->begin(), more->end());
    }

    std::error_code ec;
    const std::string absoluteDirectory =
        std::filesystem::absolute(m_options.directory, ec).lexically_normal().string();

    m_session.subscribe(engine::kAllEvents, [this](const engine::Event& e) { onEvent(e); });
    int refused = 0;
    for (const std::string& url : urls) {
        // Recorded as an absolute path: the GUI restores the download from the list, started in
        // another working directory (and refuses a relative folder from it).
        engine::TransferRequest request{url, absoluteDirectory, m_options.outputName};
        request.checksum = m_options.checksum;
        request.allowInsecureTls = m_options.insecure;
        request.headers = headers;
        request.netrcFile = m_options.netrcFile;
        request.allowHttpsToHttpRedirect = m_options.allowHttpRedirect;
        engine::Refusal refusal;
        std::unique_lock lock(m_mutex);
        const engine::TransferId id = m_session.create(request, &refusal);
        if (!id) {
            std::cerr << "haul-cli: " << refusal.message << "\n";
            ++refused;
            continue;
        }
        m_rows[id].url = url;
        ++m_open;
        lock.unlock();
        m_session.start(id);
    }

    const bool showProgress = !m_options.quiet && !m_options.json && ::isatty(STDOUT_FILENO);
    std::unique_lock lock(m_mutex);
    while (m_open > 0) {
        if (interrupted.load()) {
            m_interrupted = true;
            lock.unlock();
            // Cancels every transfer and waits for every Closed; the .part files stay.
            m_session.shutdown();
            lock.lock();
            break;
        }
        m_changed.wait_for(lock, std::chrono::milliseconds(showProgress ? 250 : 50));
        if (showProgress)
            printProgressLine();
    }
    if (m_progressShown)
        std::fputs("\n", stdout);
    if (m_interrupted) {
        if (!m_options.quiet)
            std::cerr << "haul-cli: interrupted; partial files kept, run the same command again "
                         "to resume.\n";
        return 130;
    }
    if (m_failed > 0 || refused > 0)
        return 1;
    // Stopped by the engine, not by us (the disk is full): the bytes are kept, and the same
    // command resumes them once the cause is gone. Said on stderr as it happened.
    return m_paused > 0 ? 3 : 0;
}

void CliRunner::onEvent(const engine::Event& e)
{
    std::lock_guard lock(m_mutex);
    if (m_options.json)
        printEventJson(e);
    auto it = m_rows.find(e.id);
    if (it == m_rows.end())
        return;
    Row& row = it->second;
    row.bytes = e.bytes;
    if (e.total >= 0)
        row.total = e.total;
    if (e.type == engine::Progress)
        row.speed = e.speed;
    const bool quietText = m_options.quiet || m_options.json;
    switch (e.type) {
    case engine::Completed:
        ++m_completed;
        if (!quietText)
            std::fprintf(stderr, "%sSaved %s (%s)\n", m_progressShown ? "\r\033[K" : "",
                         e.file.c_str(), engine::formatBytes(static_cast<double>(e.bytes)).c_str());
        m_session.close(e.id);
        break;
    case engine::Failed:
        ++m_failed;
        std::fprintf(stderr, "%shaul-cli: %s: %s\n", m_progressShown ? "\r\033[K" : "",
                     engine::maskCredentials(row.url).c_str(), e.reason.c_str());
        m_session.close(e.id);
        break;
    case engine::Paused:
        ++m_paused;
        std::fprintf(stderr, "%shaul-cli: %s: stopped, partial file kept: %s\n",
                     m_progressShown ? "\r\033[K" : "", engine::maskCredentials(row.url).c_str(),
                     e.reason.empty() ? "paused by the engine" : e.reason.c_str());
        m_session.close(e.id);
        break;
    case engine::Cancelled: m_session.close(e.id); break;
    case engine::Closed:
        row.done = true;
        if (--m_open == 0) // the progress line has its own timer
            m_changed.notify_all();
        break;
    default: break;
    }
}

void CliRunner::printEventJson(const engine::Event& e)
{
    std::string line = "{\"id\":" + std::to_string(e.id) + ",\"event\":\""
                       + std::string(engine::eventName(e.type)) + "\"";
    if (e.type != engine::Closed) {
        line += ",\"bytes\":" + std::to_string(e.bytes) + ",\"total\":" + std::to_string(e.total);
    }
    if (e.type == engine::Progress)
        line += ",\"speed\":" + std::to_string(static_cast<std::int64_t>(e.speed));
    if (e.httpCode)
        line += ",\"http\":" + std::to_string(e.httpCode);
    switch (e.type) {
    case engine::Resolving: line += ",\"url\":\"" + jsonEscape(e.url) + "\""; break;
    case engine::Redirect: line += ",\"location\":\"" + jsonEscape(e.url) + "\""; break;
    case engine::Completed: line += ",\"file\":\"" + jsonEscape(e.file) + "\""; break;
    case engine::Failed: line += ",\"reason\":\"" + jsonEscape(e.reason) + "\""; break;
    case engine::HeadersReceived:
        if (!e.reason.empty())
            line += ",\"note\":\"" + jsonEscape(e.reason) + "\"";
        break;
    default: break;
    }
    line += "}\n";
    std::fwrite(line.data(), 1, line.size(), stdout);
    std::fflush(stdout);
}

void CliRunner::printProgressLine()
{
    std::int64_t bytes = 0, total = 0;
    double speed = 0;
    int active = 0;
    bool totalKnown = true;
    for (const auto& [id, row] : m_rows) {
        bytes += row.bytes;
        if (row.total < 0)
            totalKnown = false;
        else
            total += row.total;
        if (!row.done) {
            speed += row.speed;
            ++active;
        }
    }
    std::string text = "\r\033[K[" + std::to_string(m_completed) + "/"
                       + std::to_string(m_rows.size()) + "] "
                       + engine::formatBytes(static_cast<double>(bytes));
    if (totalKnown && total > 0)
        text += " / " + engine::formatBytes(static_cast<double>(total)) + " ("
                + std::to_string(static_cast<int>(100.0 * static_cast<double>(bytes)
                                                  / static_cast<double>(total)))
                + "%)";
    if (active > 0)
        text += "  " + engine::formatBytes(speed) + "/s";
    std::fputs(text.c_str(), stdout);
    std::fflush(stdout);
    m_progressShown = true;
}

} // namespace haul::app
