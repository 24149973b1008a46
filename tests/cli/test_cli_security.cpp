// SPDX-License-Identifier: MIT
// haul-cli --max-size as a user runs it: a real process against the loopback server, a file
// larger than the limit (its length announced, or a body with none), and a malformed size.
#include "testsupport.h"

#include <haul/server/content.h>
#include <haul/server/httpserver.h>

#include <gtest/gtest.h>

#include <fcntl.h>
#include <fstream>
#include <spawn.h>
#include <sstream>
#include <sys/wait.h>

extern char** environ;

namespace {

namespace server = haul::server;
namespace test = haul::test;

struct CliRun {
    int exitCode = -1;
    std::string err;
};

std::string slurp(const std::string& path)
{
    std::ifstream f(path);
    std::stringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

class CliMaxSize : public ::testing::Test {
protected:
    CliMaxSize() { EXPECT_TRUE(server.start()) << server.error(); }

    // Runs haul-cli to its end, with its own download list; stderr is kept.
    CliRun run(std::vector<std::string> args)
    {
        args.insert(args.begin(), {"--store", scratch.file("list.db")});
        std::string exe = HAUL_CLI_PATH;
        std::vector<char*> argv{exe.data()};
        for (auto& a : args)
            argv.push_back(a.data());
        argv.push_back(nullptr);
        const std::string errPath = scratch.file("stderr");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 2, errPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC,
                                         0644);
        pid_t pid = -1;
        EXPECT_EQ(posix_spawn(&pid, exe.c_str(), &actions, nullptr, argv.data(), environ), 0);
        posix_spawn_file_actions_destroy(&actions);
        int status = 0;
        ::waitpid(pid, &status, 0);
        CliRun r;
        r.exitCode = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
        r.err = slurp(errPath);
        return r;
    }

    server::Resource resource(std::uint64_t size, std::uint64_t seed, bool chunked = false)
    {
        server::Resource r;
        r.size = size;
        r.seed = seed;
        r.chunked = chunked;
        return r;
    }

    server::HttpServer server;
    test::TempDir dir;
    test::TempDir scratch;
};

TEST_F(CliMaxSize, AnnouncedLengthAboveItFailsAtOnceSmallerFilesPass)
{
    server.addResource("/big.iso", resource(2u << 20, 1));
    server.addResource("/small.iso", resource(300'000, 2));
    const CliRun r = run(
        {"-d", dir.path(), "--max-size", "1M", server.url("/big.iso"), server.url("/small.iso")});
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
TEST_F(CliMaxSize, BodyWithoutALengthStopsWhereItPassesIt)
{
    server.addResource("/stream", resource(64u << 20, 3, true));
    const CliRun r = run({"-d", dir.path(), "--max-size=2M", server.url("/stream")});
    EXPECT_EQ(r.exitCode, 1) << r.err;
    EXPECT_NE(r.err.find("larger than the 2 MiB maximum size"), std::string::npos) << r.err;
    EXPECT_LE(test::fileSize(dir.file("stream.part")), 2 << 20);
    EXPECT_FALSE(test::fileExists(dir.file("stream")));
}

TEST_F(CliMaxSize, NeedsASize)
{
    server.addResource("/a.bin", resource(1000, 4));
    for (const std::string bad : {"", "abc", "-1", "5X"}) {
        const CliRun r = run({"-d", dir.path(), "--max-size", bad, server.url("/a.bin")});
        EXPECT_EQ(r.exitCode, 2) << bad << ": " << r.err;
        EXPECT_NE(r.err.find("--max-size needs a size"), std::string::npos) << r.err;
    }
    EXPECT_EQ(server.requestCount("/a.bin"), 0u);
}

} // namespace
