// SPDX-License-Identifier: MIT
// Benchmark 6, the GUI: with N active transfers in a shown MainWindow, how late a 16 ms
// heartbeat timer on the GUI thread fires and how many batches EngineClient delivers a second;
// and how long a list of 100,000 downloads takes to open. Prints a Markdown table. Needs a real
// X server (xvfb-run -a), like the GUI tests.
//   haul-gui-bench [--smoke] [--transfers N] [--seconds S] [--records N]
// Exit status: non-zero only when something failed to run (not for a missed target).
#include "engineclient.h"
#include "mainwindow.h"
#include "transferlist/transferlistmodel.h"

#include <haul/server/httpserver.h>
#include <haul/store.h>

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QStandardPaths>
#include <QStringList>
#include <QTemporaryDir>
#include <QTimer>

#include <sys/resource.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <memory>
#include <string>
#include <unordered_set>
#include <vector>

using namespace haul;

namespace {

constexpr qint64 kHeartbeatMs = 16;
constexpr std::uint64_t kRate = 20 * 1024; // bytes/s per transfer: they stay active for minutes

struct Options {
    int transfers = 1000;
    int seconds = 10;
    int records = 100000;
};

double percentile(std::vector<double> v, double p)
{
    if (v.empty()) {
        return 0;
    }
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// Runs the event loop until pred() holds or timeoutMs pass; returns pred().
bool waitUntil(const std::function<bool()>& pred, int timeoutMs)
{
    if (pred()) {
        return true;
    }
    QEventLoop loop;
    QTimer poll;
    poll.setInterval(10);
    QObject::connect(&poll, &QTimer::timeout, &loop, [&] {
        if (pred()) {
            loop.quit();
        }
    });
    QTimer::singleShot(timeoutMs, &loop, [&] { loop.quit(); });
    poll.start();
    loop.exec();
    return pred();
}

// A 16 ms precise timer on the GUI thread; records how much later than 16 ms after the previous
// tick each tick came (clamped at 0: Qt schedules the next tick from the previous target, so a
// late tick is followed by an early one, which is not "negative lateness").
class Heartbeat {
public:
    Heartbeat()
    {
        m_timer.setTimerType(Qt::PreciseTimer);
        m_timer.setInterval(static_cast<int>(kHeartbeatMs));
        QObject::connect(&m_timer, &QTimer::timeout, &m_timer, [this] {
            const qint64 now = m_clock.nsecsElapsed();
            const double late = static_cast<double>(now - m_last) / 1e6 - kHeartbeatMs;
            m_lateMs.push_back(std::max(0.0, late));
            m_last = now;
        });
    }
    void start()
    {
        m_lateMs.clear();
        m_clock.start();
        m_last = 0;
        m_timer.start();
    }
    void stop() { m_timer.stop(); }
    const std::vector<double>& lateMs() const { return m_lateMs; }
    double max() const
    {
        return m_lateMs.empty() ? 0 : *std::max_element(m_lateMs.begin(), m_lateMs.end());
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_last = 0;
    std::vector<double> m_lateMs;
};

// The same mix of finished and stopped records as tst_persistence: none of them starts a
// transfer, so the measurement is the hand-over to the model and the painting.
bool writeRecords(const QString& path, const QString& directory, int count)
{
    std::string error;
    auto store = engine::Store::open(path.toStdString(), &error);
    if (!store) {
        std::fprintf(stderr, "cannot open %s: %s\n", qPrintable(path), error.c_str());
        return false;
    }
    const engine::DownloadState states[] = {
        engine::DownloadState::Completed, engine::DownloadState::Failed,
        engine::DownloadState::Cancelled, engine::DownloadState::Paused};
    std::vector<engine::DownloadRecord> records(static_cast<std::size_t>(count));
    for (int i = 0; i < count; ++i) {
        engine::DownloadRecord& r = records[static_cast<std::size_t>(i)];
        r.url = "http://127.0.0.1:9/file-" + std::to_string(i) + ".bin";
        r.directory = directory.toStdString();
        r.fileName = "file-" + std::to_string(i) + ".bin";
        r.state = states[i % 4];
        r.totalSize = 1000 + i;
        r.bytesDone = r.state == engine::DownloadState::Completed ? r.totalSize : i % 1000;
        if (r.state == engine::DownloadState::Failed) {
            r.errorText = "Server answered 404 Not Found.";
        }
    }
    const auto keys = store->addBatch(records);
    if (!keys || static_cast<int>(keys->size()) != count) {
        std::fprintf(stderr, "cannot write %d records to %s\n", count, qPrintable(path));
        return false;
    }
    return true;
}

struct OpenResult {
    bool ok = false;
    int rows = 0;
    double ms = 0;
    double maxLateMs = 0;
};

OpenResult measureOpen(const QString& tmp, int records)
{
    OpenResult result;
    const QString path = QDir(tmp).filePath(QStringLiteral("open.db"));
    if (!writeRecords(path, tmp, records)) {
        return result;
    }
    Heartbeat heartbeat;
    QElapsedTimer clock;
    clock.start();
    heartbeat.start();
    engine::SessionOptions options;
    options.storePath = path.toStdString();
    ui::EngineClient client(options);
    ui::MainWindow window(&client);
    window.show();
    const bool restored = waitUntil([&] { return window.isRestored(); }, 120000);
    result.ms = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    heartbeat.stop();
    result.rows = window.model()->rowCount();
    result.maxLateMs = heartbeat.max();
    result.ok = restored && result.rows == records;
    if (!result.ok) {
        std::fprintf(stderr, "open: restored %d, %d rows of %d\n", int(restored), result.rows,
                     records);
    }
    return result;
}

struct ActiveResult {
    bool ok = false;
    int active = 0; // rows active (connecting, retrying, downloading) at the end of the window
    double rampMs = 0;
    double rampMaxLateMs = 0;
    std::vector<double> lateMs;
    double deliveriesPerSec = 0;
    int maxDeliveriesInASecond = 0;
    double eventsPerDelivery = 0;
    double windowSec = 0;
};

ActiveResult measureActive(const QString& tmp, int transfers, int seconds)
{
    ActiveResult result;
    server::HttpServer srv(server::ServerOptions{.maxConnections = transfers + 100});
    if (!srv.start()) {
        std::fprintf(stderr, "cannot start the local server: %s\n", srv.error().c_str());
        return result;
    }
    QStringList urls;
    for (int i = 0; i < transfers; ++i) {
        server::Resource r;
        r.size = 1ull << 30; // at 20 KiB/s it never finishes within the run
        r.seed = static_cast<std::uint64_t>(i + 1);
        r.rateBytesPerSec = kRate;
        const std::string p = "/t/" + std::to_string(i) + ".bin";
        srv.addResource(p, r);
        urls << QString::fromStdString(srv.url(p));
    }
    const QString downloads = QDir(tmp).filePath(QStringLiteral("downloads"));
    engine::SessionOptions options;
    options.maxConcurrent = transfers + 16;
    options.storePath = QDir(tmp).filePath(QStringLiteral("active.db")).toStdString();
    ui::EngineClient client(options);
    ui::MainWindow window(&client);
    window.show();
    if (!waitUntil([&] { return window.isRestored(); }, 30000)) {
        std::fprintf(stderr, "active: the empty list did not restore\n");
        return result;
    }

    std::unordered_set<engine::TransferId> progressed;
    QElapsedTimer clock;
    clock.start();
    bool counting = false;
    std::vector<qint64> deliveryNs; // when each batch arrived, during the measured window
    qint64 eventsInWindow = 0;
    QObject::connect(&client, &ui::EngineClient::eventsArrived, &window,
                     [&](const QList<engine::Event>& events) {
                         for (const engine::Event& e : events) {
                             if (e.type == engine::Progress && e.bytes > 0) {
                                 progressed.insert(e.id);
                             }
                         }
                         if (counting) {
                             deliveryNs.push_back(clock.nsecsElapsed());
                             eventsInWindow += events.size();
                         }
                     });

    Heartbeat ramp;
    ramp.start();
    const QList<engine::TransferId> ids = window.addDownloads(urls, downloads);
    if (ids.size() != transfers) {
        std::fprintf(stderr, "active: %lld of %d downloads added\n",
                     static_cast<long long>(ids.size()), transfers);
        return result;
    }
    const bool allActive =
        waitUntil([&] { return static_cast<int>(progressed.size()) >= transfers; }, 120000);
    result.rampMs = static_cast<double>(clock.nsecsElapsed()) / 1e6;
    ramp.stop();
    result.rampMaxLateMs = ramp.max();
    result.active = static_cast<int>(progressed.size());
    if (!allActive) {
        std::fprintf(stderr, "active: only %d of %d transfers delivered progress\n", result.active,
                     transfers);
        return result;
    }

    Heartbeat heartbeat;
    const qint64 t0 = clock.nsecsElapsed();
    counting = true;
    heartbeat.start();
    QEventLoop loop;
    QTimer::singleShot(seconds * 1000, &loop, [&] { loop.quit(); });
    loop.exec();
    heartbeat.stop();
    counting = false;
    const qint64 t1 = clock.nsecsElapsed();
    result.windowSec = static_cast<double>(t1 - t0) / 1e9;
    result.lateMs = heartbeat.lateMs();
    result.deliveriesPerSec = static_cast<double>(deliveryNs.size()) / result.windowSec;
    // Sliding one-second window over the batch times: the worst second, wherever it starts.
    std::size_t lo = 0;
    for (std::size_t hi = 0; hi < deliveryNs.size(); ++hi) {
        while (deliveryNs[hi] - deliveryNs[lo] >= 1000000000) {
            ++lo;
        }
        result.maxDeliveriesInASecond =
            std::max(result.maxDeliveriesInASecond, static_cast<int>(hi - lo + 1));
    }
    result.eventsPerDelivery = deliveryNs.empty() ? 0
                                                  : static_cast<double>(eventsInWindow)
                                                        / static_cast<double>(deliveryNs.size());
    const int stillActive = window.model()->counts().active;
    if (stillActive < transfers) {
        std::fprintf(stderr, "active: only %d of %d rows active at the end of the window\n",
                     stillActive, transfers);
    }
    result.active = stillActive;
    result.ok = !result.lateMs.empty();
    return result;
}

void raiseFileLimit()
{
    rlimit lim{};
    if (getrlimit(RLIMIT_NOFILE, &lim) == 0 && lim.rlim_cur < lim.rlim_max) {
        lim.rlim_cur = lim.rlim_max;
        setrlimit(RLIMIT_NOFILE, &lim);
    }
}

} // namespace

int main(int argc, char** argv)
{
    Options o;
    for (int i = 1; i < argc; ++i) {
        if (!std::strcmp(argv[i], "--smoke")) {
            o.transfers = 100;
            o.seconds = 2;
            o.records = 5000;
        } else if (!std::strcmp(argv[i], "--transfers") && i + 1 < argc) {
            o.transfers = std::max(1, std::atoi(argv[++i]));
        } else if (!std::strcmp(argv[i], "--seconds") && i + 1 < argc) {
            o.seconds = std::max(1, std::atoi(argv[++i]));
        } else if (!std::strcmp(argv[i], "--records") && i + 1 < argc) {
            o.records = std::max(1, std::atoi(argv[++i]));
        } else if (std::strcmp(argv[i], "-platform") && std::strcmp(argv[i], "-display")) {
            std::fprintf(stderr,
                         "usage: %s [--smoke] [--transfers N] [--seconds S] [--records N]\n",
                         argv[0]);
            return 2;
        } else {
            ++i; // a Qt option and its value, for QApplication
        }
    }
    raiseFileLimit(); // N transfers: N sockets each side of the loopback and N files
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true); // never the user's settings or window geometry
    QTemporaryDir tmp;
    if (!tmp.isValid()) {
        std::fprintf(stderr, "cannot create a temporary folder\n");
        return 1;
    }

    const OpenResult open = measureOpen(tmp.path(), o.records);
    const ActiveResult active = measureActive(tmp.path(), o.transfers, o.seconds);

    std::printf("| measure | value | target |\n|---|---|---|\n");
    if (active.ok) {
        std::printf("| heartbeat lateness p50 (16 ms timer, %zu ticks over %.1f s, %d active "
                    "transfers at %llu KiB/s each, window shown) | %.2f ms | |\n",
                    active.lateMs.size(), active.windowSec, active.active,
                    static_cast<unsigned long long>(kRate / 1024), percentile(active.lateMs, 0.50));
        std::printf("| heartbeat lateness p99 | %.2f ms | ≤ 16 ms |\n",
                    percentile(active.lateMs, 0.99));
        std::printf("| heartbeat lateness max | %.2f ms | |\n",
                    active.lateMs.empty()
                        ? 0.0
                        : *std::max_element(active.lateMs.begin(), active.lateMs.end()));
        std::printf("| engine deliveries to the GUI (eventsArrived batches), mean | %.1f /s | "
                    "≤ 30 /s |\n",
                    active.deliveriesPerSec);
        std::printf("| engine deliveries, most in any 1 s | %d | ≤ 30 |\n",
                    active.maxDeliveriesInASecond);
        std::printf("| events per delivery, mean (after coalescing) | %.0f | |\n",
                    active.eventsPerDelivery);
        std::printf("| ramp: add + start %d downloads until each delivered progress | %.0f ms "
                    "(GUI thread late by up to %.0f ms) | |\n",
                    o.transfers, active.rampMs, active.rampMaxLateMs);
    } else {
        std::printf("| heartbeat / deliveries with %d transfers | FAILED (see stderr) | |\n",
                    o.transfers);
    }
    if (open.ok) {
        std::printf("| open a list of %d downloads (window + client constructed → every row in "
                    "the model) | %.0f ms | ≤ 1500 ms |\n",
                    o.records, open.ms);
        std::printf("| GUI thread's longest stall while opening it (heartbeat lateness max) | "
                    "%.0f ms | |\n",
                    open.maxLateMs);
    } else {
        std::printf("| open a list of %d downloads | FAILED (%d rows; see stderr) | ≤ 1500 ms |\n",
                    o.records, open.rows);
    }
    std::fflush(stdout);
    return open.ok && active.ok ? 0 : 1;
}
