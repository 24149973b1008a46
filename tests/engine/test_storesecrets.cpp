// SPDX-License-Identifier: MIT
// The list keeps no secret in its file when the desktop's secret service runs (secretvault.h),
// and keeps them in the file as before when it does not.
//
// WithService.* need a real service: ctest runs them through with_keyring.sh (a private
// session bus, a GNOME Keyring unlocked in a throwaway home), which sets
// HAUL_TEST_SECRET_SERVICE=1. WithoutService.* run in a process of their own whose session bus
// points nowhere: the vault decides once per process.
#include "store/secretvault.h"
#include "store/storeschema.h"
#include "testsupport.h"

#include <haul/store.h>

#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

using haul::engine::DownloadRecord;
using haul::engine::SecretVault;
using haul::engine::Store;
using haul::test::TempDir;

namespace {

constexpr const char* kPassword = "hunter2-pw-9f3a";
constexpr const char* kCookie = "c00kie-s3cret-71b2";

DownloadRecord secretRecord()
{
    DownloadRecord r;
    r.url = std::string("https://alice:") + kPassword + "@example.org/private/report.pdf";
    r.directory = "/home/alice/Downloads";
    r.fileName = "report.pdf";
    r.headers = {std::string("Cookie: session=") + kCookie, "Referer: https://example.org/"};
    return r;
}

// The list's bytes as they are on disk: the file and its WAL.
std::string listBytes(const std::string& path)
{
    std::string bytes;
    for (const std::string& file : {path, path + "-wal"}) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        bytes += text.str();
    }
    return bytes;
}

bool serviceExpected()
{
    const char* flag = std::getenv("HAUL_TEST_SECRET_SERVICE");
    return flag && std::string(flag) == "1";
}

// What the service keeps for the record, asked from outside Haul when secret-tool is there.
std::optional<std::string> keptFor(const std::string& list, std::int64_t key)
{
    if (std::system("command -v secret-tool >/dev/null 2>&1") != 0)
        return SecretVault::instance().lookup(list, key);
    const std::string command = "secret-tool lookup application haul list '" + list + "' key "
                                + std::to_string(key) + " 2>/dev/null";
    FILE* pipe = ::popen(command.c_str(), "r");
    if (!pipe)
        return std::nullopt;
    std::string out;
    char buffer[512];
    std::size_t n;
    while ((n = std::fread(buffer, 1, sizeof buffer, pipe)) > 0)
        out.append(buffer, n);
    if (::pclose(pipe) != 0 || out.empty())
        return std::nullopt;
    return out;
}

void expectSameSecrets(const DownloadRecord& got, const DownloadRecord& want)
{
    EXPECT_EQ(got.url, want.url);
    EXPECT_EQ(got.headers, want.headers);
    EXPECT_EQ(got.fileName, want.fileName);
}

#define SKIP_WITHOUT_SERVICE()                                                                     \
    if (!serviceExpected())                                                                        \
    GTEST_SKIP() << "needs a secret service: run through tests/engine/with_keyring.sh (ctest "     \
                    "does when dbus-run-session and gnome-keyring-daemon are installed: Debian "   \
                    "packages dbus, gnome-keyring)"

} // namespace

TEST(Pure, SecretsAreReplacedByMarkersAndPutBack)
{
    DownloadRecord r = secretRecord();
    const std::string secret = haul::engine::detail::takeSecrets(r.url, r.headers);
    EXPECT_EQ(r.url, "https://***@example.org/private/report.pdf");
    EXPECT_EQ(r.headers, (std::vector<std::string>{"Cookie: <secret-service>",
                                                   "Referer: https://example.org/"}));
    ASSERT_TRUE(haul::engine::detail::hasSecretMarkers(r));
    DownloadRecord restored = r;
    haul::engine::detail::restoreSecrets(restored, secret);
    expectSameSecrets(restored, secretRecord());

    // Without its secret (or with one of another version of the record) no placeholder is left
    // to be sent to the server.
    for (const std::optional<std::string>& other :
         {std::optional<std::string>(),
          std::optional<std::string>("https://x@other.org/\nCookie: a")}) {
        DownloadRecord lost = r;
        haul::engine::detail::restoreSecrets(lost, other);
        EXPECT_EQ(lost.url, "https://example.org/private/report.pdf");
        EXPECT_EQ(lost.headers, std::vector<std::string>{"Referer: https://example.org/"});
    }

    DownloadRecord plain;
    plain.url = "https://example.org/a";
    plain.headers = {"Referer: x", "X-Cookie-Name: y"};
    EXPECT_EQ(haul::engine::detail::takeSecrets(plain.url, plain.headers), "");
    EXPECT_FALSE(haul::engine::detail::hasSecretMarkers(plain));
}

TEST(WithService, SecretsRoundTripThroughTheServiceNotTheFile)
{
    SKIP_WITHOUT_SERVICE();
    ASSERT_TRUE(SecretVault::instance().available()) << "the wrapper started a keyring";
    TempDir dir;
    const std::string path = dir.file("haul.db");
    std::string error;
    auto store = Store::open(path, &error);
    ASSERT_TRUE(store) << error;
    const auto key = store->add(secretRecord());
    ASSERT_TRUE(key) << store->error();

    auto got = store->get(*key);
    ASSERT_TRUE(got) << store->error();
    expectSameSecrets(*got, secretRecord());
    const auto all = store->loadAll();
    ASSERT_EQ(all.size(), 1u);
    expectSameSecrets(all[0], secretRecord());
    const auto found = store->findByTarget("/home/alice/Downloads", "report.pdf");
    ASSERT_TRUE(found);
    expectSameSecrets(*found, secretRecord());
    // Another connection (haul-cli, the GUI's worker) reads them back too.
    auto other = Store::open(path, &error);
    ASSERT_TRUE(other) << error;
    expectSameSecrets(*other->get(*key), secretRecord());

    std::string bytes = listBytes(path);
    EXPECT_EQ(bytes.find(kPassword), std::string::npos) << "the password is in the file";
    EXPECT_EQ(bytes.find(kCookie), std::string::npos) << "the cookie is in the file";
    EXPECT_NE(bytes.find("<secret-service>"), std::string::npos);

    // Kept under {application: haul, list: <absolute path>, key: <key>}.
    const auto kept = keptFor(path, *key);
    ASSERT_TRUE(kept) << "secret-tool finds nothing for key " << *key;
    EXPECT_NE(kept->find(kPassword), std::string::npos);
    EXPECT_NE(kept->find(kCookie), std::string::npos);

    // A new cookie replaces the old one, in the service only.
    DownloadRecord changed = *got;
    changed.headers[0] = "Cookie: session=second-c00kie-55";
    ASSERT_TRUE(store->update(changed)) << store->error();
    expectSameSecrets(*other->get(*key), changed);
    bytes = listBytes(path);
    EXPECT_EQ(bytes.find("second-c00kie-55"), std::string::npos);

    ASSERT_TRUE(store->remove(*key)) << store->error();
    EXPECT_FALSE(keptFor(path, *key)) << "the record is gone, its secrets must go too";
    EXPECT_FALSE(SecretVault::instance().lookup(path, *key));
}

// A record an older Haul wrote (secrets in the file) reads as it is; saving it again moves them.
TEST(WithService, PlainSecretsOfAnOlderHaulMoveWhenSaved)
{
    SKIP_WITHOUT_SERVICE();
    ASSERT_TRUE(SecretVault::instance().available());
    TempDir dir;
    const std::string path = dir.file("haul.db");
    std::string error;
    auto store = Store::open(path, &error);
    ASSERT_TRUE(store) << error;
    DownloadRecord harmless = secretRecord();
    harmless.url = "https://example.org/private/report.pdf";
    harmless.headers = {};
    const auto key = store->add(harmless);
    ASSERT_TRUE(key);
    {
        sqlite3* db = nullptr;
        ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
        sqlite3_stmt* s = nullptr;
        ASSERT_EQ(
            sqlite3_prepare_v2(db, "UPDATE downloads SET url = ?1, headers = ?2", -1, &s, nullptr),
            SQLITE_OK);
        const DownloadRecord old = secretRecord();
        const std::string headers = old.headers[0] + "\n" + old.headers[1];
        sqlite3_bind_text(s, 1, old.url.c_str(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(s, 2, headers.c_str(), -1, SQLITE_TRANSIENT);
        ASSERT_EQ(sqlite3_step(s), SQLITE_DONE);
        sqlite3_finalize(s);
        sqlite3_close(db);
    }
    auto old = store->get(*key);
    ASSERT_TRUE(old);
    expectSameSecrets(*old, secretRecord());
    ASSERT_TRUE(store->update(*old)) << store->error();
    expectSameSecrets(*store->get(*key), secretRecord());
    store.reset(); // the last connection checkpoints the WAL into the file and removes it
    const std::string bytes = listBytes(path);
    EXPECT_EQ(bytes.find(kPassword), std::string::npos) << "the old password stayed in the file";
    EXPECT_EQ(bytes.find(kCookie), std::string::npos) << "the old cookie stayed in the file";
    store = Store::open(path, &error);
    ASSERT_TRUE(store) << error;
    expectSameSecrets(*store->get(*key), secretRecord());
    EXPECT_TRUE(store->remove(*key));
}

TEST(WithoutService, SecretsRoundTripThroughTheFile)
{
    if (serviceExpected())
        GTEST_SKIP() << "runs in a process without a session bus (ctest: "
                        "engine.test_storesecrets.noservice)";
    // Before the vault's one probe: a bus that is not there.
    ::setenv("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent/haul-test-bus", 1);
    ::unsetenv("XDG_RUNTIME_DIR");
    EXPECT_FALSE(SecretVault::instance().available());
    TempDir dir;
    const std::string path = dir.file("haul.db");
    std::string error;
    auto store = Store::open(path, &error);
    ASSERT_TRUE(store) << error;
    const auto key = store->add(secretRecord());
    ASSERT_TRUE(key) << store->error();
    expectSameSecrets(*store->get(*key), secretRecord());
    expectSameSecrets(store->loadAll().at(0), secretRecord());
    DownloadRecord changed = *store->get(*key);
    changed.headers[0] = "Cookie: session=second-c00kie-55";
    ASSERT_TRUE(store->update(changed));
    expectSameSecrets(*store->get(*key), changed);
    const std::string bytes = listBytes(path);
    EXPECT_NE(bytes.find(kPassword), std::string::npos) << "kept in the file, as before";
    EXPECT_EQ(bytes.find("<secret-service>"), std::string::npos);
    EXPECT_TRUE(store->remove(*key));
    EXPECT_FALSE(store->get(*key));
}
