// SPDX-License-Identifier: MIT
#include "clioptions.h"

#include <charconv>
#include <cstdlib>
#include <fstream>

namespace haul::app {

namespace {
bool toPositiveInt(const std::string& s, int* out)
{
    int v = 0;
    const auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size() || v < 1 || v > 10000)
        return false;
    *out = v;
    return true;
}
} // namespace

std::optional<std::int64_t> parseRate(const std::string& text)
{
    if (text.empty())
        return std::nullopt;
    std::size_t used = 0;
    double value = 0;
    try {
        value = std::stod(text, &used);
    } catch (...) {
        return std::nullopt;
    }
    double unit = 1;
    const std::string suffix = text.substr(used);
    if (suffix == "k" || suffix == "K")
        unit = 1024;
    else if (suffix == "m" || suffix == "M")
        unit = 1024 * 1024;
    else if (suffix == "g" || suffix == "G")
        unit = 1024.0 * 1024 * 1024;
    else if (!suffix.empty())
        return std::nullopt;
    if (value < 0 || value * unit > 1e15)
        return std::nullopt;
    return static_cast<std::int64_t>(value * unit);
}

const char* cliUsage()
{
    return "Usage: haul-cli [options] URL...\n"
           "  -d, --dir DIR            where files go (default: current directory)\n"
           "  -o, --output NAME        file name (one URL only)\n"
           "  -i, --input-file FILE    URLs, one per line ('-' = stdin)\n"
           "  -j, --max-concurrent N   downloads at once (default 4)\n"
           "  -x, --connections N      connections per download (default 1, at most 16)\n"
           "      --limit-rate RATE    e.g. 500K, 2M: all downloads together\n"
           "      --max-size SIZE      e.g. 500M, 2G: a larger file fails (its announced\n"
           "                           length at once, an endless body where it passes it)\n"
           "      --checksum ALGO=HEX  sha-256, sha-1, sha-512 or md5; a mismatch fails\n"
           "      --retries N          retries of transient failures (default 5)\n"
           "  -k, --insecure           accept a server certificate that cannot be verified\n"
           "  -H, --header 'N: V'      send this request header too (repeatable), e.g. a\n"
           "                           cookie the server asks for; kept with the download;\n"
           "                           sent only to the server of the download's address\n"
           "      --header-file FILE   headers from a file, one a line (also -H @FILE), so a\n"
           "                           secret is not on the command line\n"
           "      --netrc              logins from ~/.netrc, by server (--netrc-file FILE)\n"
           "      --allow-http-redirect  follow a redirect from https:// to http://\n"
           "      --store FILE         the download list (default ~/.local/share/haul/haul.db;\n"
           "                           'none' keeps no record)\n"
           "      --json               one JSON event per line on stdout\n"
           "  -q, --quiet              no progress, no messages except errors\n"
           "  -V, --version            versions of haul-cli and libcurl\n"
           "  -h, --help               this text\n"
           "Exit: 0 all done, 1 some failed, 2 usage error, 3 some stopped and were kept\n"
           "(the disk is full, say: fix it and run the same command again), 130 interrupted\n"
           "(partial files are kept; running the same command again resumes them).\n";
}

std::optional<CliOptions> parseCliOptions(const std::vector<std::string>& args, std::string* error)
{
    CliOptions o;
    auto fail = [error](std::string text) -> std::optional<CliOptions> {
        *error = std::move(text);
        return std::nullopt;
    };
    for (std::size_t i = 0; i < args.size(); ++i) {
        std::string arg = args[i];
        std::string value;
        bool hasInlineValue = false;
        if (arg.rfind("--", 0) == 0 && arg.find('=') != std::string::npos) {
            value = arg.substr(arg.find('=') + 1);
            arg = arg.substr(0, arg.find('='));
            hasInlineValue = true;
        }
        auto needValue = [&](std::string* out) -> bool {
            if (hasInlineValue) {
                *out = value;
                return true;
            }
            if (i + 1 >= args.size())
                return false;
            *out = args[++i];
            return true;
        };
        std::string v;
        if (arg == "-h" || arg == "--help") {
            o.help = true;
        } else if (arg == "-V" || arg == "--version") {
            o.version = true;
        } else if (arg == "-q" || arg == "--quiet") {
            o.quiet = true;
        } else if (arg == "-k" || arg == "--insecure") {
            o.insecure = true;
        } else if (arg == "--json") {
            o.json = true;
        } else if (arg == "-d" || arg == "--dir") {
            if (!needValue(&o.directory) || o.directory.empty())
                return fail(arg + " needs a folder");
        } else if (arg == "-o" || arg == "--output") {
            if (!needValue(&o.outputName) || o.outputName.empty())
                return fail(arg + " needs a file name");
        } else if (arg == "-i" || arg == "--input-file") {
            if (!needValue(&o.inputFile) || o.inputFile.empty())
                return fail(arg + " needs a file ('-' for standard input)");
        } else if (arg == "-j" || arg == "--max-concurrent") {
            if (!needValue(&v) || !toPositiveInt(v, &o.maxConcurrent))
                return fail(arg + " needs a number from 1 to 10000");
        } else if (arg == "-x" || arg == "--connections") {
            if (!needValue(&v) || !toPositiveInt(v, &o.connections) || o.connections > 16)
                return fail(arg + " needs a number from 1 to 16");
        } else if (arg == "--limit-rate") {
            std::optional<std::int64_t> rate;
            if (!needValue(&v) || !(rate = parseRate(v)))
                return fail(arg + " needs a rate such as 500K or 2M");
            o.rateLimit = *rate;
        } else if (arg == "--max-size") {
            std::optional<std::int64_t> size;
            if (!needValue(&v) || !(size = parseRate(v)))
                return fail(arg + " needs a size such as 500M or 2G");
            o.maxSize = *size;
        } else if (arg == "--retries") {
            if (!needValue(&v) || (v != "0" && !toPositiveInt(v, &o.retries)))
                return fail(arg + " needs a number from 0 to 10000");
            if (v == "0")
                o.retries = 0;
        } else if (arg == "--store") {
            if (!needValue(&o.storePath) || o.storePath.empty())
                return fail(arg + " needs a file (or 'none')");
        } else if (arg == "-H" || arg == "--header") {
            if (!needValue(&v) || v.empty())
                return fail(arg + " needs a header, e.g. -H 'Cookie: session=…'");
            if (v.size() > 1 && v[0] == '@')
                o.headerFiles.push_back(v.substr(1)); // curl's -H @FILE
            else
                o.headers.push_back(v);
        } else if (arg == "--header-file") {
            if (!needValue(&v) || v.empty())
                return fail(arg + " needs a file of headers, one a line");
            o.headerFiles.push_back(v);
        } else if (arg == "--netrc") {
            const char* home = std::getenv("HOME");
            o.netrcFile = std::string(home ? home : "") + "/.netrc";
        } else if (arg == "--netrc-file") {
            if (!needValue(&o.netrcFile) || o.netrcFile.empty())
                return fail(arg + " needs a file");
        } else if (arg == "--allow-http-redirect") {
            o.allowHttpRedirect = true;
        } else if (arg == "--checksum") {
            if (!needValue(&o.checksum) || o.checksum.find('=') == std::string::npos)
                return fail(arg + " needs ALGO=HEX, e.g. sha-256=…");
        } else if (arg == "--") {
            o.urls.insert(o.urls.end(), args.begin() + static_cast<std::ptrdiff_t>(i) + 1,
                          args.end());
            break;
        } else if (arg.size() > 1 && arg[0] == '-') {
            return fail("unknown option " + arg);
        } else {
            o.urls.push_back(args[i]);
        }
    }
    if (o.help || o.version)
        return o;
    if (o.urls.empty() && o.inputFile.empty())
        return fail("no URL given");
    if (!o.outputName.empty() && (o.urls.size() != 1 || !o.inputFile.empty()))
        return fail("-o/--output takes exactly one URL");
    if (!o.checksum.empty() && (o.urls.size() != 1 || !o.inputFile.empty()))
        return fail("--checksum takes exactly one URL");
    return o;
}

std::optional<std::vector<std::string>> readHeaderFile(const std::string& path, std::string* error)
{
    std::ifstream in(path);
    if (!in) {
        *error = "cannot read the header file " + path;
        return std::nullopt;
    }
    std::vector<std::string> headers;
    for (std::string line; std::getline(in, line);) {
        if (!line.empty() && line.back() == '\r')
            line.pop_back();
        const auto first = line.find_first_not_of(" \t");
        if (first == std::string::npos || line[first] == '#')
            continue;
        headers.push_back(line.substr(first));
    }
    return headers;
}

} // namespace haul::app
