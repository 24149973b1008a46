// SPDX-License-Identifier: MIT
// GUI tests under a real X server (run through xvfb-run; see tests/gui/CMakeLists.txt).
#include "confirmanswer.h"
#include "engineclient.h"
#include "humanformat.h"
#include "mainwindow.h"
#include "transferlist/transferlistmodel.h"

#include <haul/engine.h>
#include <haul/server/content.h>
#include <haul/server/httpserver.h>

#include <QAbstractItemModelTester>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QPointer>
#include <QSignalSpy>
#include <QSortFilterProxyModel>
#include <QStandardPaths>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>

#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

using haul::engine::TransferId;
using haul::ui::EngineClient;
using haul::ui::MainWindow;
using haul::ui::TransferListModel;
using State = TransferListModel::State;

namespace {

// The GUI thread is blocked on purpose while it polls: events from the engine queue up in
// EngineClient, undelivered. Returns whether condition came true within the deadline.
template <typename Condition>
bool blockGuiThreadUntil(Condition condition, std::chrono::milliseconds timeout)
{
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (!condition()) {
        if (std::chrono::steady_clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    return true;
}

constexpr std::uint64_t kTwoMiB = 2u * 1024u * 1024u;
constexpr std::uint64_t kSeed = 0x4a11u;

QString url(const haul::server::HttpServer& server, const char* path)
{
    return QString::fromStdString(server.url(path));
}

// An engine that is not a Session (as a remote one will be): it forwards to a local one and
// counts the calls, so a test sees that EngineClient and the window use nothing else.
class ForwardingEngine final : public haul::engine::Engine {
public:
    explicit ForwardingEngine(const haul::engine::SessionOptions& options, std::atomic<int>& calls)
        : m_local(haul::engine::makeLocalEngine(options)), m_calls(calls)
    {
    }
    using Id = haul::engine::TransferId;
    Id create(const haul::engine::TransferRequest& r, haul::engine::Refusal* refusal) override
    {
        return count(), m_local->create(r, refusal);
    }
    bool start(Id id) override { return count(), m_local->start(id); }
    bool forceStart(Id id) override { return count(), m_local->forceStart(id); }
    bool pause(Id id) override { return count(), m_local->pause(id); }
    bool cancel(Id id) override { return count(), m_local->cancel(id); }
    bool close(Id id) override { return count(), m_local->close(id); }
    bool remove(Id id, haul::engine::RemoveOptions options) override
    {
        return count(), m_local->remove(id, options);
    }
    bool forgetRecord(haul::engine::StoreKey key) override
    {
        return count(), m_local->forgetRecord(key);
    }
    bool setRateLimit(Id id, std::int64_t rate) override
    {
        return count(), m_local->setRateLimit(id, rate);
    }
    void setGlobalRateLimit(std::int64_t rate) override
    {
        count();
        m_local->setGlobalRateLimit(rate);
    }
    void updateOptions(const haul::engine::SessionOptions& options) override
    {
        count();
        m_local->updateOptions(options);
    }
    bool moveInQueue(Id id, int delta) override { return count(), m_local->moveInQueue(id, delta); }
    bool setUrl(Id id, const std::string& url, haul::engine::Refusal* refusal) override
    {
        return count(), m_local->setUrl(id, url, refusal);
    }
    haul::engine::SubscriptionId subscribe(std::uint32_t mask, haul::engine::EventCallback cb,
                                           Id id) override
    {
        return count(), m_local->subscribe(mask, std::move(cb), id);
    }
    void unsubscribe(haul::engine::SubscriptionId s) override
    {
        count();
        m_local->unsubscribe(s);
    }
    void shutdown() override
    {
        count();
        m_local->shutdown();
    }
    std::int64_t storeKey(Id id) const override { return m_local->storeKey(id); }
    Stats stats() const override { return m_local->stats(); }
    std::optional<haul::engine::SegmentMap> segmentMap(Id id) const override
    {
        return m_local->segmentMap(id);
    }

private:
    void count() { m_calls.fetch_add(1); }
    std::unique_ptr<haul::engine::Engine> m_local;
    std::atomic<int>& m_calls;
};

} // namespace

class TestGui final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void humanReadableTexts();
    void batchEmitsOneDataChanged();
    void downloadCompletesInMainWindow();
    void clientWorksWithAnyEngine();
    void modelStaysConsistentWhileEventsFlow();
    void keyboardPausesResumesAndRemoves();
    void deletedReceiverGetsNothing();
    void destroyingClientWhileTransfersRun();

private:
    std::unique_ptr<haul::server::HttpServer> m_server;
};

void TestGui::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true); // QSettings must not touch the user's config
    m_server = std::make_unique<haul::server::HttpServer>();
    haul::server::Resource fast;
    fast.size = kTwoMiB;
    fast.seed = kSeed;
    m_server->addResource("/two.bin", fast);
    // Slow enough that events flow for about a second per transfer.
    haul::server::Resource slow = fast;
    slow.rateBytesPerSec = kTwoMiB;
    m_server->addResource("/slow.bin", slow);
    haul::server::Resource crawl = fast; // several seconds
    crawl.rateBytesPerSec = kTwoMiB / 8;
    m_server->addResource("/crawl.bin", crawl);
    // Never completes in a test (1 GiB at the crawl's rate): keys, cancels and shutdowns act on
    // a download that is certainly still running, with events flowing, however slow the machine.
    haul::server::Resource endless = crawl;
    endless.size = std::uint64_t{1} << 30;
    m_server->addResource("/endless.bin", endless);
    QVERIFY2(m_server->start(), m_server->error().c_str());
}

void TestGui::cleanupTestCase()
{
    m_server.reset();
}

void TestGui::humanReadableTexts()
{
    using namespace haul::ui::humanformat;
    QCOMPARE(size(0), QStringLiteral("0 B"));
    QCOMPARE(size(1023), QStringLiteral("1023 B"));
    QCOMPARE(size(1536), QStringLiteral("1.5 KiB"));
    QCOMPARE(size(1024 * 1024 - 1), QStringLiteral("1.0 MiB"));
    QCOMPARE(size(3355443), QStringLiteral("3.2 MiB"));
    QCOMPARE(size(5LL * 1024 * 1024 * 1024), QStringLiteral("5.0 GiB"));
    QCOMPARE(size(-1), QStringLiteral("\u2014")); // unknown
    QCOMPARE(speed(3355443.0), QStringLiteral("3.2 MiB/s"));
    QCOMPARE(speed(0), QString());
    QCOMPARE(duration(72), QStringLiteral("1 min 12 s"));
    QCOMPARE(duration(7), QStringLiteral("7 s"));
    QCOMPARE(duration(3 * 3600 + 5 * 60 + 9), QStringLiteral("3 h 5 min"));
    QCOMPARE(duration(-1), QStringLiteral("\u2014"));
}

void TestGui::batchEmitsOneDataChanged()
{
    TransferListModel model(nullptr);
    for (TransferId id = 1; id <= 4; ++id) {
        model.addTransfer(id, QStringLiteral("http://127.0.0.1/f%1.bin").arg(id), {}, {});
    }
    QSignalSpy spy(&model, &QAbstractItemModel::dataChanged);
    QList<haul::engine::Event> batch;
    auto progress = [](TransferId id, std::int64_t bytes) {
        haul::engine::Event e;
        e.id = id;
        e.type = haul::engine::Progress;
        e.bytes = bytes;
        e.total = 1000;
        e.speed = 100;
        return e;
    };
    batch << progress(2, 10) << progress(3, 20) << progress(2, 500) << progress(99, 1);
    model.handleEvents(batch);
    QCOMPARE(spy.size(), 1);
    const auto topLeft = spy.at(0).at(0).value<QModelIndex>();
    const auto bottomRight = spy.at(0).at(1).value<QModelIndex>();
    QCOMPARE(topLeft.row(), 1);
    QCOMPARE(bottomRight.row(), 2);
    QCOMPARE(bottomRight.column(), TransferListModel::ColumnCount - 1);
    QCOMPARE(model.stateOf(2), State::Downloading);
    QCOMPARE(model.index(1, TransferListModel::ProgressColumn).data().toString(),
             QStringLiteral("50%"));
    QCOMPARE(model.index(1, TransferListModel::EtaColumn).data().toString(), QStringLiteral("5 s"));

    // Events for an unknown id change nothing and emit nothing.
    spy.clear();
    model.handleEvents({progress(42, 1)});
    QCOMPARE(spy.size(), 0);
}

void TestGui::downloadCompletesInMainWindow()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineClient client;
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    QElapsedTimer clock;
    clock.start();
    const auto ids = window.addDownloads({url(*m_server, "/two.bin")}, dir.path());
    QCOMPARE(ids.size(), 1);
    const TransferId id = ids.first();
    TransferListModel* model = window.model();
    QCOMPARE(model->rowCount(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(id), State::Completed, 20000);

    const QModelIndex row = model->index(model->rowOf(id), 0);
    QCOMPARE(model->index(row.row(), TransferListModel::StateColumn).data().toString(),
             QStringLiteral("Completed"));
    QCOMPARE(model->index(row.row(), TransferListModel::ProgressColumn).data().toString(),
             QStringLiteral("100%"));
    QCOMPARE(model->index(row.row(), TransferListModel::SizeColumn).data().toString(),
             QStringLiteral("2.0 MiB"));
    const QString path = row.data(TransferListModel::PathRole).toString();
    QVERIFY2(!path.isEmpty(), "Completed carries the final path");
    QCOMPARE(QString::fromStdString(haul::server::sha256OfFile(path.toStdString())),
             QString::fromStdString(haul::server::sha256Hex(kSeed, kTwoMiB)));

    // The view shows it too (through the proxy).
    QCOMPARE(window.view()->model()->rowCount(), 1);
    // Rule 11: deliveries are bounded (about 25 per second, plus one for slack).
    const double seconds = static_cast<double>(clock.elapsed()) / 1000.0;
    QVERIFY2(
        client.flushCount() <= 1 + static_cast<int>(seconds * 26.0),
        qPrintable(QStringLiteral("%1 flushes in %2 s").arg(client.flushCount()).arg(seconds)));
}

void TestGui::clientWorksWithAnyEngine()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    std::atomic<int> calls{0};
    {
        const EngineClient::EngineFactory factory =
            [&calls](const haul::engine::SessionOptions& options) {
                return std::make_unique<ForwardingEngine>(options, calls);
            };
        EngineClient client(haul::engine::SessionOptions{}, factory);
        QCOMPARE(calls.load(), 1); // the subscription
        MainWindow window(&client);
        const auto ids = window.addDownloads({url(*m_server, "/two.bin")}, dir.path());
        QCOMPARE(ids.size(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(window.model()->stateOf(ids.first()), State::Completed, 20000);
        QVERIFY(calls.load() >= 3); // + create, start
    }
    QVERIFY(calls.load() >= 5); // + unsubscribe, shutdown
    QVERIFY(QFile::exists(QDir(dir.path()).filePath(QStringLiteral("two.bin"))));
}

void TestGui::modelStaysConsistentWhileEventsFlow()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineClient client;
    TransferListModel model(&client);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSortFilterProxyModel proxy;
    proxy.setSourceModel(&model);
    proxy.setSortRole(TransferListModel::SortRole);
    proxy.setDynamicSortFilter(true);
    proxy.sort(TransferListModel::ProgressColumn, Qt::DescendingOrder);
    QAbstractItemModelTester proxyTester(&proxy,
                                         QAbstractItemModelTester::FailureReportingMode::QtTest);

    QList<TransferId> ids;
    for (int i = 0; i < 6; ++i) {
        // The two removed below are still running then, however slow the machine.
        const char* path = i == 2 || i == 4 ? "/endless.bin" : "/slow.bin";
        QString error;
        const TransferId id = client.add(url(*m_server, path), dir.path(),
                                         QStringLiteral("slow-%1.bin").arg(i), &error);
        QVERIFY2(id != 0, qPrintable(error));
        QVERIFY(client.start(id));
        ids.append(id);
    }
    QCOMPARE(model.rowCount(), 6);

    // Remove two rows while their events are still flowing, one in the middle.
    QTRY_VERIFY_WITH_TIMEOUT(model.stateOf(ids[2]) == State::Downloading, 30000);
    QVERIFY(client.close(ids[2]));
    QVERIFY(model.removeTransfer(ids[2]));
    QVERIFY(client.cancel(ids[4]));
    QVERIFY(client.close(ids[4]));
    QVERIFY(model.removeTransfer(ids[4]));
    QVERIFY(!model.removeTransfer(ids[4]));
    QCOMPARE(model.rowCount(), 4);

    QTRY_VERIFY_WITH_TIMEOUT(model.counts().completed == 4, 60000);
    QCOMPARE(model.counts().active, 0);
    for (const TransferId id : {ids[0], ids[1], ids[3], ids[5]}) {
        QCOMPARE(model.stateOf(id), State::Completed);
    }
}

void TestGui::keyboardPausesResumesAndRemoves()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineClient client;
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // Shortcuts act only in the active window; Xvfb has no window manager to activate it.
    window.activateWindow();
    QVERIFY(QTest::qWaitForWindowActive(&window));
    const auto ids = window.addDownloads({url(*m_server, "/endless.bin")}, dir.path());
    QCOMPARE(ids.size(), 1);
    TransferListModel* model = window.model();
    QTableView* view = window.view();
    view->setFocus();
    view->selectRow(0);
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[0]), State::Downloading, 30000);
    // Connected after the window's model: sees each batch once the model has handled it.
    bool closedArrived = false;
    connect(&client, &EngineClient::eventsArrived, &window,
            [&](const QList<haul::engine::Event>& events) {
                for (const auto& e : events) {
                    closedArrived |= e.id == ids[0] && e.type == haul::engine::Closed;
                }
            });

    QTest::keyClick(view, Qt::Key_Space); // pause
    QTRY_COMPARE_WITH_TIMEOUT(model->stateOf(ids[0]), State::Paused, 20000);
    QTest::keyClick(view, Qt::Key_Space); // resume
    QTRY_VERIFY_WITH_TIMEOUT(model->stateOf(ids[0]) != State::Paused, 20000);
    // Remove asks first; accepted, the row goes at once.
    const auto answer = haul::guitest::answerNextQuestion(&window, /*accept=*/true);
    QTest::keyClick(view, Qt::Key_Delete);
    QVERIFY(answer->seen);
    QCOMPARE(model->rowCount(), 0);
    QCOMPARE(view->model()->rowCount(), 0);
    // The engine's Cancelled and Closed for the removed id come, and change nothing.
    QTRY_VERIFY_WITH_TIMEOUT(closedArrived, 20000);
    QCOMPARE(model->rowCount(), 0);
}

void TestGui::deletedReceiverGetsNothing()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    EngineClient client;
    auto* receiver = new QObject;
    int deliveredToDeleted = 0;
    int deliveredToControl = 0;
    bool cancelledArrived = false;
    QObject control;
    connect(&client, &EngineClient::eventsArrived, receiver,
            [&deliveredToDeleted](const QList<haul::engine::Event>&) { ++deliveredToDeleted; });
    connect(&client, &EngineClient::eventsArrived, &control,
            [&](const QList<haul::engine::Event>& events) {
                deliveredToControl += static_cast<int>(events.size());
                for (const auto& e : events) {
                    cancelledArrived |= e.type == haul::engine::Cancelled;
                }
            });

    const TransferId id = client.add(url(*m_server, "/endless.bin"), dir.path(), {}, nullptr);
    QVERIFY(id != 0);
    const std::uint64_t before = client.stats().delivered;
    QVERIFY(client.start(id));
    // Block the GUI thread until the engine thread has queued events that cannot be delivered
    // yet (each one went through EngineClient's callback).
    QVERIFY(blockGuiThreadUntil([&] { return client.stats().delivered >= before + 2; },
                                std::chrono::seconds(30)));
    delete receiver;
    QTRY_VERIFY_WITH_TIMEOUT(deliveredToControl > 0, 20000);
    QVERIFY(client.cancel(id));
    // More deliveries after the delete, up to the completion: none reached the deleted one.
    QTRY_VERIFY_WITH_TIMEOUT(cancelledArrived, 20000);
    QCOMPARE(deliveredToDeleted, 0);
}

void TestGui::destroyingClientWhileTransfersRun()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    auto client = std::make_unique<EngineClient>();
    QPointer<TransferListModel> model = new TransferListModel(client.get());
    for (int i = 0; i < 4; ++i) {
        const TransferId id = client->add(url(*m_server, "/endless.bin"), dir.path(),
                                          QStringLiteral("quit-%1.bin").arg(i), nullptr);
        QVERIFY(id != 0);
        QVERIFY(client->start(id));
    }
    QTRY_VERIFY_WITH_TIMEOUT(model->counts().active > 0, 30000);
    // Leave events queued: block the GUI thread until the engine has handed over more.
    const std::uint64_t before = client->stats().delivered;
    QVERIFY(blockGuiThreadUntil([&] { return client->stats().delivered > before; },
                                std::chrono::seconds(30)));
    client.reset(); // unsubscribes, shuts down, joins: queued events are dropped
    // Whatever was posted before the reset would be delivered now; nothing is.
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    QVERIFY(model);
    QCOMPARE(model->rowCount(), 4);
    delete model;
}

QTEST_MAIN(TestGui)
#include "tst_gui.moc"
