// SPDX-License-Identifier: MIT
// Crash safety of the real `haul` executable: SIGKILL at random moments while it downloads, again
// and again. Every restart resumes from the download list alone (no URL on its command line), the
// list is never lost or corrupt, and the final file is byte-identical.
#include <haul/server/content.h>
#include <haul/server/httpserver.h>
#include <haul/store.h>

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QProcess>
#include <QProcessEnvironment>
#include <QTemporaryDir>
#include <QTest>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <vector>

using haul::engine::DownloadRecord;
using haul::engine::DownloadState;
using haul::engine::Store;

namespace {

constexpr char kPath[] = "/crash.bin";
constexpr char kName[] = "crash.bin";
constexpr char kEtag[] = "\"crash-v1\"";
constexpr std::uint64_t kSeed = 0xc4a5u;
constexpr std::uint64_t kRate = 3u * 1024u * 1024u; // per connection
// A killed run keeps what its last checkpoint recorded: one a second, so at most one per run of
// at most kMaxKillMs, ~3.3 MiB at kRate. kPerCycle a kill keeps the file from completing before
// the last, fast run, whatever the kill moments.
// A run that waits for a checkpoint (every other one) may be killed just after a second one:
// twice that.
constexpr std::uint64_t kPerCycle = 8u * 1024u * 1024u;
constexpr std::uint64_t kMinSize = 16u * 1024u * 1024u;
constexpr int kDefaultCycles = 10;
constexpr int kMinKillMs = 300;
constexpr int kMaxKillMs = 1500;
constexpr int kFinishMs = 120000; // generous: a loaded machine is slow
constexpr int kCheckpointWaitMs = 60000;

// What the download list says after a kill, read the way the next start reads it.
struct ListState {
    QString failure; // empty: opened, intact, and exactly one record for the URL
    std::optional<DownloadRecord> record;
    std::int64_t recorded = 0; // sum of the record's ranges
};

ListState readList(const QString& storePath, const std::string& url)
{
    ListState state;
    std::string error;
    auto store = Store::open(storePath.toStdString(), &error);
    if (!store) {
        state.failure = QStringLiteral("the list does not open: %1").arg(error.c_str());
        return state;
    }
    std::string report;
    if (!store->integrityCheck(&report)) {
        state.failure = QStringLiteral("integrity_check: %1").arg(report.c_str());
        return state;
    }
    int matching = 0;
    for (const DownloadRecord& record : store->loadAll()) {
        if (record.url == url) {
            ++matching;
            state.record = record;
        }
    }
    if (matching > 1) {
        state.failure = QStringLiteral("%1 records for one URL").arg(matching);
        return state;
    }
    if (state.record) {
        for (const auto& [begin, end] : store->ranges(state.record->key)) {
            state.recorded += end - begin;
        }
    }
    return state;
}

} // namespace

class TestCrash final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void killNineAtRandomMomentsThenResume();

private:
    void startHaul(QProcess& haul, bool withUrl);
    QString filePath() const { return QDir(m_dir.path()).filePath(QLatin1String(kName)); }
    QString storePath() const { return QDir(m_dir.path()).filePath(QStringLiteral("list.db")); }

    std::unique_ptr<haul::server::HttpServer> m_server;
    QTemporaryDir m_dir;
};

void TestCrash::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_server = std::make_unique<haul::server::HttpServer>();
    QVERIFY2(m_server->start(), m_server->error().c_str());
}

void TestCrash::cleanupTestCase()
{
    m_server.reset();
}

void TestCrash::startHaul(QProcess& haul, bool withUrl)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HAUL_STORE_PATH"), storePath());
    // Its settings (QSettings) in the temp folder too, never the user's: one connection, no limit.
    env.insert(QStringLiteral("XDG_CONFIG_HOME"),
               QDir(m_dir.path()).filePath(QStringLiteral("config")));
    haul.setProcessEnvironment(env);
    haul.setProcessChannelMode(QProcess::MergedChannels);
    QStringList args{QStringLiteral("--new-instance"), QStringLiteral("--dir"), m_dir.path()};
    if (withUrl) {
        args << QString::fromStdString(m_server->url(kPath));
    }
    haul.start(QStringLiteral(HAUL_GUI_BINARY), args);
}

void TestCrash::killNineAtRandomMomentsThenResume()
{
    const int cycles = qEnvironmentVariableIsSet("HAUL_GUI_CRASH_CYCLES")
                           ? qEnvironmentVariableIntValue("HAUL_GUI_CRASH_CYCLES")
                           : kDefaultCycles;
    QVERIFY2(cycles >= 1, "HAUL_GUI_CRASH_CYCLES must be a positive number");
    const unsigned seed =
        qEnvironmentVariableIsSet("HAUL_GUI_CRASH_SEED")
            ? static_cast<unsigned>(qEnvironmentVariableIntValue("HAUL_GUI_CRASH_SEED"))
            : std::random_device{}();
    // Stratified: cycle i is killed at a random moment of its own slice of the window, in a
    // shuffled order. Each moment is still uniform over the window, but every run covers the whole
    // window, its late end included, where a checkpoint (one a second) has had time to happen.
    std::mt19937 random(seed);
    std::uniform_real_distribution<double> within(0.0, 1.0);
    std::vector<int> killMoments;
    for (int i = 0; i < cycles; ++i) {
        killMoments.push_back(
            kMinKillMs
            + static_cast<int>((i + within(random)) * (kMaxKillMs - kMinKillMs) / cycles));
    }
    std::shuffle(killMoments.begin(), killMoments.end(), random);
    qInfo("%d cycles, seed %u (HAUL_GUI_CRASH_SEED repeats the kill moments)", cycles, seed);

    const std::uint64_t size = std::max(kMinSize, kPerCycle * static_cast<std::uint64_t>(cycles));
    haul::server::Resource slow;
    slow.size = size;
    slow.seed = kSeed;
    slow.rateBytesPerSec = kRate;
    slow.etag = kEtag;
    m_server->addResource(kPath, slow);
    const std::string url = m_server->url(kPath);

    int kills = 0;
    int launchesWithUrl = 0;
    int resumedLaunches = 0; // runs without a URL that asked the server for the file
    int grew = 0;
    std::int64_t recorded = 0;
    for (int cycle = 1; cycle <= cycles; ++cycle) {
        // The URL goes on the command line only until the list has the download. A kill may come
        // before haul recorded it, but then also before it asked the server (checked below).
        const bool withUrl = !readList(storePath(), url).record;
        launchesWithUrl += withUrl ? 1 : 0;
        m_server->clearRequests();
        QProcess haul;
        startHaul(haul, withUrl);
        QVERIFY2(haul.waitForStarted(10000), qPrintable(haul.errorString()));
        const int killAt = killMoments[static_cast<std::size_t>(cycle - 1)];
        QElapsedTimer clock;
        clock.start();
        qint64 firstRequestMs = -1;
        while (clock.elapsed() < killAt && !haul.waitForFinished(10)) {
            if (firstRequestMs < 0 && !m_server->requests().empty()) {
                firstRequestMs = clock.elapsed();
            }
        }
        // Every other cycle, whatever the machine's load (haul may take longer than the window
        // to start): the kill comes only once this run recorded more than the last one did, so
        // a checkpoint is there to survive it.
        std::int64_t seen = recorded;
        const bool waitsForCheckpoint = cycle % 2 == 0;
        if (waitsForCheckpoint) {
            QElapsedTimer waited;
            waited.start();
            while (haul.state() == QProcess::Running && waited.elapsed() < kCheckpointWaitMs) {
                const ListState now = readList(storePath(), url);
                if (now.record && now.recorded > recorded) {
                    seen = now.recorded;
                    break;
                }
                haul.waitForFinished(20);
            }
            QVERIFY2(seen > recorded || haul.state() != QProcess::Running,
                     qPrintable(QStringLiteral("cycle %1: no checkpoint within %2 ms")
                                    .arg(cycle)
                                    .arg(kCheckpointWaitMs)));
        }
        const QString early = QString::fromUtf8(haul.readAll());
        QVERIFY2(haul.state() == QProcess::Running,
                 qPrintable(QStringLiteral("cycle %1: haul exited on its own after %2 ms: %3")
                                .arg(cycle)
                                .arg(clock.elapsed())
                                .arg(early)));
        haul.kill(); // SIGKILL: no handler, no cleanup, no flush
        QVERIFY(haul.waitForFinished(10000));
        QCOMPARE(haul.exitStatus(), QProcess::CrashExit);
        ++kills;

        const ListState list = readList(storePath(), url);
        QVERIFY2(list.failure.isEmpty(),
                 qPrintable(QStringLiteral("cycle %1: %2").arg(cycle).arg(list.failure)));
        const auto requests = m_server->requests();
        qInfo("cycle %d: %s URL, killed after %d ms, first request at %d ms, %d requests, "
              "record %s, %lld bytes recorded",
              cycle, withUrl ? "with" : "without", killAt, static_cast<int>(firstRequestMs),
              static_cast<int>(requests.size()),
              list.record ? haul::engine::toString(list.record->state) : "missing",
              static_cast<long long>(list.recorded));
        QVERIFY2(!QFileInfo::exists(filePath()),
                 qPrintable(QStringLiteral("cycle %1: %2 appeared before the download completed")
                                .arg(cycle)
                                .arg(filePath())));
        if (!withUrl) {
            QVERIFY2(
                list.record,
                qPrintable(QStringLiteral("cycle %1: the download's record is gone").arg(cycle)));
        }
        if (!list.record) {
            // Only a kill before haul asked for the file may leave no record.
            QVERIFY2(requests.empty(),
                     qPrintable(QStringLiteral("cycle %1: haul requested the file but its list has "
                                               "no record of it after the kill")
                                    .arg(cycle)));
            continue;
        }
        QVERIFY2(list.record->state == DownloadState::Running
                     || list.record->state == DownloadState::Queued,
                 qPrintable(QStringLiteral("cycle %1: recorded as %2, not running")
                                .arg(cycle)
                                .arg(haul::engine::toString(list.record->state))));
        if (!withUrl && !requests.empty()) {
            ++resumedLaunches;
            // It continued where the list said, with the validator it recorded.
            for (const auto& request : requests) {
                if (recorded == 0) {
                    break;
                }
                const auto range = request.header("Range");
                QVERIFY2(range && range->rfind("bytes=", 0) == 0,
                         qPrintable(QStringLiteral("cycle %1: no Range after %2 bytes recorded: %3")
                                        .arg(cycle)
                                        .arg(recorded)
                                        .arg(request.headerBlock.c_str())));
                QVERIFY2(std::stoll(range->substr(6)) >= recorded,
                         qPrintable(QStringLiteral("cycle %1: asked again for bytes before %2: %3")
                                        .arg(cycle)
                                        .arg(recorded)
                                        .arg(range->c_str())));
                QCOMPARE(request.header("If-Range").value_or(""), std::string(kEtag));
            }
        }
        // What was recorded never shrinks: each run resumed from the last one's ranges.
        QVERIFY2(list.recorded >= recorded,
                 qPrintable(QStringLiteral("cycle %1: recorded bytes shrank from %2 to %3")
                                .arg(cycle)
                                .arg(recorded)
                                .arg(list.recorded)));
        QVERIFY2(list.recorded >= seen,
                 qPrintable(QStringLiteral("cycle %1: %2 bytes were recorded before the kill, %3 "
                                           "after it")
                                .arg(cycle)
                                .arg(seen)
                                .arg(list.recorded)));
        grew += list.recorded > recorded ? 1 : 0;
        recorded = list.recorded;
    }
    qInfo("%d kills (%d launches with the URL, %d resumed without it), recorded bytes grew %d "
          "times to %lld of %llu",
          kills, launchesWithUrl, resumedLaunches, grew, static_cast<long long>(recorded),
          static_cast<unsigned long long>(size));
    QVERIFY2(readList(storePath(), url).record, "no kill left a record of the download");
    if (cycles >= 2) {
        QVERIFY2(resumedLaunches > 0,
                 "haul started without a URL never asked the server for the recorded download: "
                 "it does not resume interrupted downloads from its list");
    }
    // From 2 cycles on, one run was killed only after a checkpoint.
    if (cycles >= 2) {
        QVERIFY2(grew > 0, "no checkpoint survived a kill");
    }

    // The rest, fast, in one more run started without the URL; then a normal close.
    haul::server::Resource fast = slow;
    fast.rateBytesPerSec = 0;
    m_server->addResource(kPath, fast);
    QProcess haul;
    startHaul(haul, false);
    QVERIFY2(haul.waitForStarted(10000), qPrintable(haul.errorString()));
    QElapsedTimer clock;
    clock.start();
    std::optional<DownloadRecord> done;
    while (clock.elapsed() < kFinishMs && haul.state() == QProcess::Running) {
        haul.waitForFinished(50);
        if (QFileInfo::exists(filePath())) {
            // The file is renamed before its record says so: wait for the list to catch up.
            const ListState list = readList(storePath(), url);
            QVERIFY2(list.failure.isEmpty(), qPrintable(list.failure));
            if (list.record && list.record->state == DownloadState::Completed) {
                done = list.record;
                break;
            }
        }
    }
    const QString output = QString::fromUtf8(haul.readAll());
    if (!done) {
        const ListState list = readList(storePath(), url);
        QFAIL(qPrintable(
            QStringLiteral("haul started without a URL did not finish the recorded download within "
                           "%1 ms (record %2, %3 requests, %4 exists: %5, haul %6): %7")
                .arg(kFinishMs)
                .arg(list.record ? haul::engine::toString(list.record->state) : "missing")
                .arg(m_server->requests().size())
                .arg(filePath())
                .arg(QFileInfo::exists(filePath()))
                .arg(haul.state() == QProcess::Running ? "running" : "exited")
                .arg(output)));
    }
    qInfo("finished %lld ms after the last start", static_cast<long long>(clock.elapsed()));
    haul.terminate();
    if (!haul.waitForFinished(10000)) {
        haul.kill();
        haul.waitForFinished(10000);
        QFAIL("haul did not quit within 10 s of SIGTERM");
    }
    // haul installs no SIGTERM handler (haul-cli does): the default action ends it like a kill,
    // which the list must survive just the same.
    qInfo("SIGTERM: %s, exit code %d",
          haul.exitStatus() == QProcess::NormalExit ? "normal exit" : "ended by the signal",
          haul.exitCode());

    QCOMPARE(done->totalSize, static_cast<std::int64_t>(size));
    QVERIFY(!QFileInfo::exists(filePath() + QStringLiteral(".part")));
    QCOMPARE(QString::fromStdString(haul::server::sha256OfFile(filePath().toStdString())),
             QString::fromStdString(haul::server::sha256Hex(kSeed, size)));
    const ListState last = readList(storePath(), url);
    QVERIFY2(last.failure.isEmpty(), qPrintable(last.failure));
    QVERIFY(last.record);
    QCOMPARE(last.record->state, DownloadState::Completed);
    std::printf("%d kills of haul, then resumed to an identical file\n", kills);
}

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
