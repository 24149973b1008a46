// SPDX-License-Identifier: MIT
// haul-cli as a user runs it: a real process against the loopback server, its exit codes,
// its --json stream and Ctrl+C.
#include "testsupport.h"

#include <haul/server/content.h>
#include <haul/server/httpserver.h>
#include <haul/store.h>

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <spawn.h>
#include <sstream>
#include <sys/mount.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace {

namespace server = haul::server;
namespace engine = haul::engine;
namespace test = haul::test;

using namespace std::chrono_literals;

struct CliRun {
    int exitCode = -1;
    std::string out;
    std::string err;
};

std::string slurp(const std::string& path)
{
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

class Cli : public ::testing::Test {
protected:
    Cli()
    {
        EXPECT_TRUE(server.start());
        for (auto [path, size] : {std::pair{"/a.bin", 300'000u}, {"/b.bin", 2'000'000u}}) {
            server::Resource r;
            r.size = size;
            r.seed = size;
            server.addResource(path, r);
        }
    }

    // Starts haul-cli; stdout and stderr go to files in the scratch folder.
    pid_t spawn(const std::vector<std::string>& args, const std::string& stdinPath = "/dev/null")
    {
        std::vector<char*> argv;
        std::string exe = HAUL_CLI_PATH;
        argv.push_back(exe.data());
        std::vector<std::string> copy = args;
        for (auto& a : copy)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath.c_str(), O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, outPath().c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, errPath().c_str(),
                                         O_WRONLY | O_CREAT | O_TRUNC, 0644);
        pid_t pid = -1;
        EXPECT_EQ(posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ), 0);
        posix_spawn_file_actions_destroy(&actions);
        return pid;
    }

    CliRun wait(pid_t pid)
    {
        int status = 0;
        waitpid(pid, &status, 0);
        CliRun r;
        r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        r.out = slurp(outPath());
        r.err = slurp(errPath());
        return r;
    }

    CliRun run(const std::vector<std::string>& args, const std::string& stdinPath = "/dev/null")
    {
        return wait(spawn(args, stdinPath));
    }

    std::string outPath() const { return scratch.file("stdout"); }
    std::string errPath() const { return scratch.file("stderr"); }

    server::HttpServer server;
    test::TempDir dir;
    test::TempDir scratch;
};

// Parses haul-cli --json lines just enough to check the stream's invariants.
struct JsonEvent {
    std::uint64_t id = 0;
    std::string event;
};

std::vector<JsonEvent> parseJson(const std::string& out)
{
    std::vector<JsonEvent> events;
    std::istringstream in(out);
    for (std::string line; std::getline(in, line);) {
        JsonEvent e;
        const auto idPos = line.find("\"id\":");
        const auto evPos = line.find("\"event\":\"");
        if (line.front() != '{' || line.back() != '}' || idPos == std::string::npos
            || evPos == std::string::npos) {
            ADD_FAILURE() << "not an event line: " << line;
            continue;
        }
        e.id = std::stoull(line.substr(idPos + 5));
        e.event = line.substr(evPos + 9, line.find('"', evPos + 9) - evPos - 9);
        events.push_back(e);
    }
    return events;
}

void expectWellFormedStream(const std::vector<JsonEvent>& events, std::size_t transfers)
{
    std::map<std::uint64_t, std::vector<std::string>> byId;
    for (const auto& e : events)
        byId[e.id].push_back(e.event);
    EXPECT_EQ(byId.size(), transfers);
    for (const auto& [id, seq] : byId) {
        ASSERT_GE(seq.size(), 2u);
        EXPECT_EQ(seq.back(), "closed") << "transfer " << id;
        int completions = 0;
        for (const auto& name : seq)
            completions += (name == "completed" || name == "failed" || name == "cancelled"
                            || name == "paused");
        EXPECT_EQ(completions, 1) << "transfer " << id;
        EXPECT_EQ(std::count(seq.begin(), seq.end(), "closed"), 1);
    }
}

TEST_F(Cli, DownloadsEveryUrlAndExitsZero)
{
    const CliRun r = run({"-q", "-d", dir.path(), server.url("/a.bin"), server.url("/b.bin")});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_EQ(server::sha256OfFile(dir.file("a.bin")), server::sha256Hex(300'000, 300'000));
    EXPECT_EQ(server::sha256OfFile(dir.file("b.bin")), server::sha256Hex(2'000'000, 2'000'000));
}

TEST_F(Cli, OutputNameAndInputFile)
{
    CliRun r = run({"-q", "-d", dir.path(), "-o", "renamed.bin", server.url("/a.bin")});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_TRUE(test::fileExists(dir.file("renamed.bin")));

    const std::string list = scratch.file("urls.txt");
    std::ofstream(list) << "# a comment\n"
                        << server.url("/a.bin") << "\n\n"
                        << server.url("/b.bin") << "\n";
    test::TempDir second;
    r = run({"-q", "-d", second.path(), "-i", list});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(second.list(), (std::vector<std::string>{"a.bin", "b.bin"}));

    test::TempDir third;
    r = run({"-q", "-d", third.path(), "-i", "-"}, list); // '-' = standard input
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(third.list(), (std::vector<std::string>{"a.bin", "b.bin"}));
}

TEST_F(Cli, HeaderOptionGoesWithTheRequest)
{
    CliRun r = run({"-q", "-d", dir.path(), "-H", "Cookie: session=abc", "--header",
                    "Referer: http://127.0.0.1/", server.url("/a.bin")});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    bool seen = false;
    for (const auto& request : server.requests()) {
        if (request.path == "/a.bin") {
            seen = true;
            EXPECT_EQ(request.header("Cookie").value_or("none"), "session=abc");
            EXPECT_EQ(request.header("Referer").value_or("none"), "http://127.0.0.1/");
        }
    }
    EXPECT_TRUE(seen);
    // A malformed header is refused before anything is asked: exit 1 with the reason.
    r = run(
        {"-q", "-d", dir.path(), "-o", "never.bin", "-H", "no colon here", server.url("/a.bin")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("Name: value"), std::string::npos) << r.err;
    EXPECT_FALSE(test::fileExists(dir.file("never.bin")));
}

TEST_F(Cli, SomeFailedExitsOne)
{
    const CliRun r = run({"-q", "-d", dir.path(), server.url("/a.bin"), server.url("/missing")});
    EXPECT_EQ(r.exitCode, 1);
    EXPECT_NE(r.err.find("404"), std::string::npos) << r.err;
    EXPECT_TRUE(test::fileExists(dir.file("a.bin")));
}

TEST_F(Cli, UsageErrorsExitTwo)
{
    EXPECT_EQ(run({}).exitCode, 2);
    EXPECT_EQ(run({"--no-such-option", server.url("/a.bin")}).exitCode, 2);
    EXPECT_EQ(run({"-o", "x", server.url("/a.bin"), server.url("/b.bin")}).exitCode, 2);
    EXPECT_EQ(run({"-j", "0", server.url("/a.bin")}).exitCode, 2);
    const CliRun help = run({"--help"});
    EXPECT_EQ(help.exitCode, 0);
    EXPECT_NE(help.out.find("Usage: haul-cli"), std::string::npos);
}

TEST_F(Cli, JsonStreamHasOneCompletionThenClosedPerTransfer)
{
    const CliRun r = run({"--json", "-d", dir.path(), server.url("/a.bin"), server.url("/b.bin"),
                          server.url("/missing")});
    EXPECT_EQ(r.exitCode, 1);
    const auto events = parseJson(r.out);
    expectWellFormedStream(events, 3);
    EXPECT_NE(r.out.find("\"event\":\"completed\""), std::string::npos);
    EXPECT_NE(r.out.find("\"reason\":\""), std::string::npos);
}

TEST_F(Cli, RefusedUrlIsAnErrorWithNoEvent)
{
    const CliRun r = run({"--json", "-d", dir.path(), "file:///etc/passwd", server.url("/a.bin")});
    EXPECT_NE(r.exitCode, 0);
    EXPECT_NE(r.err.find("http://"), std::string::npos) << r.err;
    const auto events = parseJson(r.out);
    expectWellFormedStream(events, 1); // only the good URL has events
    EXPECT_TRUE(test::fileExists(dir.file("a.bin")));
    EXPECT_FALSE(test::fileExists(dir.file("passwd")));
}

TEST_F(Cli, CredentialsAreMaskedInJson)
{
    const std::string url =
        "http://user:secret@127.0.0.1:" + std::to_string(server.port()) + "/a.bin";
    const CliRun r = run({"--json", "-d", dir.path(), url});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(r.out.find("secret"), std::string::npos) << r.out;
}

TEST_F(Cli, InterruptKeepsPartAndExits130ThenTheSameCommandResumes)
{
    server::Resource slow;
    slow.size = 40u << 20;
    slow.seed = 11;
    slow.gateAfterBytes = 1u << 20; // then held: the download cannot finish before the Ctrl+C
    server.addResource("/big.iso", slow);
    const std::vector<std::string> args = {"--json", "-d", dir.path(), server.url("/big.iso")};
    const pid_t pid = spawn(args);
    // Interrupt once bytes are on disk.
    EXPECT_TRUE(test::waitUntil([&] { return test::fileSize(dir.file("big.iso.part")) > 0; }));
    ::kill(pid, SIGINT);
    const CliRun interrupted = wait(pid);
    EXPECT_EQ(interrupted.exitCode, 130) << interrupted.err;
    const auto kept = test::fileSize(dir.file("big.iso.part"));
    EXPECT_GT(kept, 0);
    EXPECT_FALSE(test::fileExists(dir.file("big.iso")));
    const auto events = parseJson(interrupted.out);
    expectWellFormedStream(events, 1);
    EXPECT_EQ(events[events.size() - 2].event, "cancelled");

    server::Resource fast = slow;
    fast.gateAfterBytes.reset();
    server.addResource("/big.iso", fast);
    const CliRun resumed = run(args);
    EXPECT_EQ(resumed.exitCode, 0) << resumed.err;
    EXPECT_EQ(server.lastRangeHeader("/big.iso").value_or(""),
              "bytes=" + std::to_string(kept) + "-");
    EXPECT_EQ(server::sha256OfFile(dir.file("big.iso")), server::sha256Hex(11, 40u << 20));
}

TEST_F(Cli, KillNineAtRandomMomentsThenResumeByteIdentical)
{
    // Segmented, throttled, killed without warning again and again: every restart resumes
    // from the ranges recorded after an fdatasync, and the final file is exact.
    const char* env = std::getenv("HAUL_CRASH_CYCLES");
    const int cycles = env ? std::atoi(env) : 12;
    server::Resource r;
    // Large enough that every cycle is killed before the end (a run gets ~4 MiB/s, up to 1.5 s).
    r.size = std::max<std::uint64_t>(24, 6ull * static_cast<std::uint64_t>(cycles)) << 20;
    r.seed = 12;
    r.rateBytesPerSec = 1u << 20; // per connection
    r.etag = "\"stable\"";
    server.addResource("/crash.iso", r);
    const std::string store = scratch.file("list.db");
    const std::vector<std::string> args = {"-q",  "-x", "4",        "--store",
                                           store, "-d", dir.path(), server.url("/crash.iso")};
    std::srand(static_cast<unsigned>(std::time(nullptr)));
    // The ranges the list holds now (0 while it has none, or cannot be read yet).
    const auto recordedNow = [&store] {
        std::int64_t sum = 0;
        if (auto list = engine::Store::open(store))
            for (const auto& record : list->loadAll())
                for (const auto& [begin, end] : list->ranges(record.key))
                    sum += end - begin;
        return sum;
    };
    int killed = 0;
    int afterCheckpoint = 0;
    std::int64_t recorded = 0;
    for (int i = 0; i < cycles; ++i) {
        const pid_t pid = spawn(args);
        // A random moment: before the first checkpoint of the run, or after some.
        std::this_thread::sleep_for(std::chrono::milliseconds(300 + std::rand() % 1200));
        // Every other cycle, whatever the machine's load: the kill comes only once this run
        // recorded more than the last one did, so a checkpoint is there to survive it.
        std::int64_t seen = recorded;
        if (i % 2 == 1) {
            EXPECT_TRUE(test::waitUntil([&] {
                seen = recordedNow();
                siginfo_t ended{}; // WNOWAIT: wait() below still reaps it
                const bool gone =
                    ::waitid(P_PID, static_cast<id_t>(pid), &ended, WEXITED | WNOHANG | WNOWAIT)
                        == 0
                    && ended.si_pid == pid;
                return seen > recorded || gone;
            })) << "cycle "
                << i << ": no checkpoint within 60 s";
            afterCheckpoint += seen > recorded ? 1 : 0;
        }
        if (::kill(pid, SIGKILL) == 0)
            ++killed;
        const CliRun run = wait(pid);
        if (run.exitCode == 0)
            break; // it finished before the kill
        EXPECT_EQ(run.exitCode, 128 + SIGKILL);
        EXPECT_FALSE(test::fileExists(dir.file("crash.iso"))) << "renamed before complete";
        auto list = engine::Store::open(store);
        ASSERT_TRUE(list) << "the download list must open after every kill";
        std::string report;
        EXPECT_TRUE(list->integrityCheck(&report)) << report;
        // What was recorded never shrinks: each run resumed from the last one's ranges, and
        // what a checkpoint recorded before the kill is there after it.
        const std::int64_t now = recordedNow();
        EXPECT_GE(now, recorded) << "cycle " << i;
        EXPECT_GE(now, seen) << "cycle " << i << ": a checkpoint seen before the kill was lost";
        recorded = now;
    }
    EXPECT_GT(afterCheckpoint, 0) << "no run was killed after a checkpoint";
    EXPECT_GT(recorded, 0) << "no checkpoint survived a kill";
    server::Resource fast = r;
    fast.rateBytesPerSec = 0;
    server.addResource("/crash.iso", fast);
    const CliRun last = run(args);
    EXPECT_EQ(last.exitCode, 0) << last.err;
    EXPECT_EQ(server::sha256OfFile(dir.file("crash.iso")), server::sha256Hex(12, r.size));
    std::printf(
        "%d kills of %d cycles (%d after a checkpoint), then resumed to an identical file\n",
        killed, cycles, afterCheckpoint);
}

} // namespace

namespace {

// Secrets off the command line: whatever haul-cli was given as an argument is readable by every
// local user in /proc/PID/cmdline, so a header or a login can come from a file instead.
TEST_F(Cli, HeadersFromAFileAndLoginsFromNetrcStayOffTheCommandLine)
{
    {
        std::ofstream headers(scratch.file("headers"));
        headers << "# a comment, then a blank line\n\nCookie: session=from-file\r\n"
                << "X-Api-Key: k3y\n";
        std::ofstream netrc(scratch.file("netrc"));
        netrc << "machine 127.0.0.1 login alice password s3cr3t\n";
    }
    CliRun r = run({"-q", "-d", dir.path(), "--header-file", scratch.file("headers"),
                    "--netrc-file", scratch.file("netrc"), server.url("/a.bin")});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    r = run({"-q", "-d", dir.path(), "-o", "again.bin", "-H", "@" + scratch.file("headers"),
             server.url("/a.bin")});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    int seen = 0;
    for (const auto& request : server.requests()) {
        if (request.path != "/a.bin")
            continue;
        ++seen;
        EXPECT_EQ(request.header("Cookie").value_or("none"), "session=from-file");
        EXPECT_EQ(request.header("X-Api-Key").value_or("none"), "k3y");
    }
    EXPECT_EQ(seen, 2);
    // The netrc login went with the first run ("alice:s3cr3t" in Basic), not with the second.
    EXPECT_EQ(server.requests().front().header("Authorization").value_or("none"),
              "Basic YWxpY2U6czNjcjN0");

    r = run(
        {"-q", "-d", dir.path(), "--header-file", scratch.file("missing"), server.url("/a.bin")});
    EXPECT_EQ(r.exitCode, 2);
    EXPECT_NE(r.err.find("cannot read the header file"), std::string::npos) << r.err;
}

// A download that the engine stopped (a full disk) is not a success: it is said on stderr, with
// the reason, and the exit code is 3 — the same command resumes it once there is space.
TEST_F(Cli, ADownloadStoppedByAFullDiskExitsThreeAndSaysWhy)
{
    test::TempDir mountPoint;
    if (::mount("tmpfs", mountPoint.path().c_str(), "tmpfs", 0, "size=1m") != 0)
        GTEST_SKIP() << "cannot mount a small tmpfs here (needs root): " << std::strerror(errno);
    CliRun r = run({"-d", mountPoint.path(), "--store", "none", server.url("/b.bin")});
    EXPECT_EQ(r.exitCode, 3) << r.err;
    EXPECT_NE(r.err.find("Free some space"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("partial file kept"), std::string::npos) << r.err;
    EXPECT_GT(test::fileSize(mountPoint.path() + "/b.bin.part"), 0);

    ASSERT_EQ(::mount("tmpfs", mountPoint.path().c_str(), "tmpfs", MS_REMOUNT, "size=8m"), 0);
    r = run({"-q", "-d", mountPoint.path(), "--store", "none", server.url("/b.bin")});
    EXPECT_EQ(r.exitCode, 0) << r.err;
    EXPECT_EQ(server::sha256OfFile(mountPoint.path() + "/b.bin"),
              server::sha256Hex(2'000'000, 2'000'000));
    ::umount(mountPoint.path().c_str());
}

// --max-size: a larger file fails with the sentence, whether its length is announced or not.
server::Resource sized(std::uint64_t size, std::uint64_t seed, bool chunked = false)
{
    server::Resource r;
    r.size = size;
    r.seed = seed;
    r.chunked = chunked;
    return r;
}

TEST_F(Cli, MaxSizeAnnouncedLengthAboveItFailsAtOnceSmallerFilesPass)
{
    server.addResource("/big.iso", sized(2u << 20, 1));
    server.addResource("/small.iso", sized(300'000, 2));
    const CliRun r = run({"--store", scratch.file("list.db"), "-d", dir.path(), "--max-size", "1M",
                          server.url("/big.iso"), server.url("/small.iso")});
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_NE(r.err.find("The file is larger than the 1 MiB maximum size set for this download."),
              std::string::npos)
        << r.err;
    EXPECT_EQ(server.requestCount("/big.iso"), 1u) << "a size limit is not retried";
    EXPECT_FALSE(test::fileExists(dir.file("big.iso")));
    EXPECT_EQ(server::sha256OfFile(dir.file("small.iso")), server::sha256Hex(2, 300'000));
}

// Chunked: nothing to check in advance. The download stops where it passes the limit, so an
// endless body cannot fill the disk.
TEST_F(Cli, MaxSizeBodyWithoutALengthStopsWhereItPassesIt)
{
    server.addResource("/stream", sized(64u << 20, 3, true));
    const CliRun r = run({"--store", scratch.file("list.db"), "-d", dir.path(), "--max-size=2M",
                          server.url("/stream")});
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_NE(r.err.find("larger than the 2 MiB maximum size"), std::string::npos) << r.err;
    EXPECT_LE(test::fileSize(dir.file("stream.part")), 2 << 20);
    EXPECT_FALSE(test::fileExists(dir.file("stream")));
}

TEST_F(Cli, MaxSizeNeedsASize)
{
    server.addResource("/a.bin", sized(1000, 4));
    for (const std::string bad : {"", "abc", "-1", "5X"}) {
        const CliRun r = run({"--store", scratch.file("list.db"), "-d", dir.path(), "--max-size",
                              bad, server.url("/a.bin")});
        EXPECT_EQ(r.exitCode, 2) << bad << ": " << r.err;
        EXPECT_NE(r.err.find("--max-size needs a size"), std::string::npos) << r.err;
    }
    EXPECT_EQ(server.requestCount("/a.bin"), 0u);
}

} // namespace
