// SPDX-License-Identifier: MIT
// Detail tabs: trace, graph, open and close during downloads, cancel from the table and a tab.
#include "guitestsupport.h"

#include "details/detailtab.h"
#include "details/eventhistory.h"
#include "details/eventtracemodel.h"
#include "details/segmentmapwidget.h"
#include "details/speedgraph.h"
#include "details/speedhistory.h"
#include "engineclient.h"
#include "mainwindow.h"
#include "transferlist/downloadspage.h"
#include "transferlist/transferactions.h"
#include "transferlist/transferfilterproxy.h"
#include "transferlist/transferlistmodel.h"

#include <QAbstractItemModelTester>
#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QPointer>
#include <QPushButton>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>

#include <chrono>
#include <thread>

using haul::engine::Event;
using haul::engine::TransferId;
using haul::guitest::url;
using haul::ui::DetailTab;
using haul::ui::EngineClient;
using haul::ui::EventTraceModel;
using haul::ui::MainWindow;
using haul::ui::TransferListModel;
using State = TransferListModel::State;

namespace {

// With HAUL_TEST_SCREENSHOTS=FOLDER: the window at two sizes, in the palette it has and in a dark
// one, saved as NAME-light-1400x900.png and so on (a look for people, not a check). The waits
// let the tab refresh between pictures.
void takeScreenshots(QWidget* window, const QString& folder, const QString& name)
{
    const QPalette light = QApplication::palette();
    QPalette dark;
    dark.setColor(QPalette::Window, QColor(0x2b, 0x2d, 0x31));
    dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1f, 0x22));
    dark.setColor(QPalette::AlternateBase, QColor(0x27, 0x29, 0x2d));
    dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Button, QColor(0x35, 0x37, 0x3c));
    dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
    dark.setColor(QPalette::Highlight, QColor(0x3d, 0x7e, 0xd8));
    dark.setColor(QPalette::HighlightedText, Qt::white);
    dark.setColor(QPalette::Mid, QColor(0x55, 0x58, 0x5e));
    dark.setColor(QPalette::Dark, QColor(0x18, 0x19, 0x1b));
    dark.setColor(QPalette::Light, QColor(0x45, 0x48, 0x4e));
    dark.setColor(QPalette::PlaceholderText, QColor(0x9a, 0x9c, 0xa0));
    dark.setColor(QPalette::ToolTipBase, QColor(0x35, 0x37, 0x3c));
    dark.setColor(QPalette::ToolTipText, QColor(0xe6, 0xe6, 0xe6));
    for (const auto& [paletteName, palette] :
         {std::pair{QStringLiteral("light"), light}, std::pair{QStringLiteral("dark"), dark}}) {
        QApplication::setPalette(palette);
        for (const QSize size : {QSize(1400, 900), QSize(800, 600)}) {
            window->resize(size);
            QTest::qWait(1200); // a screenshot, not a test: two refreshes of the tab
            window->grab().save(QDir(folder).filePath(QStringLiteral("%1-%2-%3x%4.png")
                                                          .arg(name, paletteName)
                                                          .arg(size.width())
                                                          .arg(size.height())));
        }
    }
    QApplication::setPalette(light);
}

} // namespace

class TestDetails final : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();

    void traceModelCapsAndFilters();
    void speedHistoryKeepsTenMinutes();
    void graphScaleIsReadable();
    void tabShowsTheWholeContract();
    void enterAndDoubleClickOpenTabs();
    void openAndCloseTabsDuringDownloads();
    void closeTabInsideTheBatchThatFeedsIt();
    void cancelFromTableAndFromTab();
    void removedDownloadKeepsItsTab();
    void lateTabTellsWhatHappenedBefore();
    void segmentMapShowsConnectionsThenTheWholeFile();

private:
    std::unique_ptr<haul::server::HttpServer> m_server;
};

void TestDetails::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
    m_server = haul::guitest::startServer();
    QVERIFY(m_server);
}

void TestDetails::cleanupTestCase()
{
    m_server.reset();
}

void TestDetails::traceModelCapsAndFilters()
{
    EventTraceModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<Event> batch;
    for (int i = 0; i < 2500; ++i) {
        Event e;
        e.id = 7;
        e.type = i % 5 == 0 ? haul::engine::Connected : haul::engine::Progress;
        e.bytes = i;
        batch.append(e);
        if (batch.size() == 300) {
            model.append(batch);
            batch.clear();
        }
    }
    model.append(batch);
    QCOMPARE(model.rowCount(), EventTraceModel::kCapacity);
    QCOMPARE(model.totalReceived(), 2500);
    // The oldest fell off: the first shown is event 500 (a connected), then progress 501.
    QCOMPARE(model.index(0, EventTraceModel::EventColumn).data().toString(),
             QStringLiteral("connected"));
    QVERIFY(model.index(1, EventTraceModel::DetailsColumn)
                .data()
                .toString()
                .startsWith(QStringLiteral("501 B")));
    model.setShowProgress(false);
    QCOMPARE(model.rowCount(), EventTraceModel::kCapacity / 5);
    QCOMPARE(model.index(0, EventTraceModel::EventColumn).data().toString(),
             QStringLiteral("connected"));
    QVERIFY(QTime::fromString(model.index(0, 0).data().toString(), QStringLiteral("hh:mm:ss.zzz"))
                .isValid());
    model.setShowProgress(true);
    QCOMPARE(model.rowCount(), EventTraceModel::kCapacity);

    Event redirect;
    redirect.type = haul::engine::Redirect;
    redirect.url = "http://user:secret@example.org/x";
    QVERIFY(!EventTraceModel::details(redirect).contains(QStringLiteral("secret")));
}

void TestDetails::speedHistoryKeepsTenMinutes()
{
    TransferListModel model(nullptr);
    haul::ui::SpeedHistory history(&model);
    model.addTransfer(1, QStringLiteral("http://127.0.0.1/a"), {}, {});
    Event e;
    e.id = 1;
    e.type = haul::engine::Progress;
    e.total = 1000000;
    for (int i = 0; i < haul::ui::SpeedHistory::kCapacity + 50; ++i) {
        e.speed = i;
        model.handleEvents({e});
        history.sample();
    }
    const QList<double> all = history.samples(1);
    QCOMPARE(all.size(), haul::ui::SpeedHistory::kCapacity);
    QCOMPARE(all.first(), 50.0);
    QCOMPARE(all.last(), double(haul::ui::SpeedHistory::kCapacity + 49));
    const QList<double> minute = history.samples(1, 60);
    QCOMPARE(minute.size(), 60);
    QCOMPARE(minute.last(), all.last());
    model.removeTransfer(1);
    history.sample();
    QVERIFY(history.samples(1).isEmpty());
}

void TestDetails::graphScaleIsReadable()
{
    using haul::ui::SpeedGraph;
    QCOMPARE(SpeedGraph::niceCeiling(0), 1024.0);
    QCOMPARE(SpeedGraph::niceCeiling(700), 1000.0);
    QCOMPARE(SpeedGraph::niceCeiling(1500.0 * 1024), 2.0 * 1024 * 1024);
    QCOMPARE(SpeedGraph::niceCeiling(3.0 * 1024 * 1024), 5.0 * 1024 * 1024);
    // Every grid label is a round number: 1, 2, 3, 4, 5 MiB/s, not 1.2, 2.5, 3.8.
    QCOMPARE(SpeedGraph::gridSteps(5.0 * 1024 * 1024), 5);
    QCOMPARE(SpeedGraph::gridSteps(50.0 * 1024), 5);
    QCOMPARE(SpeedGraph::gridSteps(500.0), 5);
    QCOMPARE(SpeedGraph::gridSteps(2.0 * 1024 * 1024), 4);
    QCOMPARE(SpeedGraph::gridSteps(1024.0 * 1024), 4);
    QCOMPARE(SpeedGraph::gridSteps(1000.0), 4);
}

void TestDetails::tabShowsTheWholeContract()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const auto ids = window.addDownloads({url(*m_server, "/slow.bin")}, dir.path());
    QCOMPARE(ids.size(), 1);
    // Opened in the same turn as the start: no event has been delivered yet.
    DetailTab* tab = window.openDetails(ids[0]);
    QVERIFY(tab);
    QCOMPARE(window.tabs()->currentWidget(), tab);
    QCOMPARE(window.tabs()->tabText(window.tabs()->indexOf(tab)), QStringLiteral("slow.bin"));
    QTRY_COMPARE_WITH_TIMEOUT(window.model()->stateOf(ids[0]), State::Completed, 20000);

    EventTraceModel* trace = tab->trace();
    QCOMPARE(trace->index(0, EventTraceModel::EventColumn).data().toString(),
             QStringLiteral("resolving"));
    int completions = 0;
    for (int row = 0; row < trace->rowCount(); ++row) {
        completions += haul::engine::isCompletion(trace->typeAt(row)) ? 1 : 0;
    }
    QCOMPARE(completions, 1);
    QCOMPARE(trace->typeAt(trace->rowCount() - 1), haul::engine::Completed);
    // The info fields follow the model's countsChanged, one turn of the event loop later.
    QTRY_COMPARE_WITH_TIMEOUT(tab->findChild<QLabel*>(QStringLiteral("stateLabel"))->text(),
                              QStringLiteral("Completed"), 20000);
    QVERIFY(tab->findChild<QLabel*>(QStringLiteral("urlLabel"))
                ->text()
                .startsWith(QStringLiteral("http://127.0.0.1:")));

    // The graph has the samples of the last seconds; switching to ten minutes keeps them.
    QTRY_VERIFY_WITH_TIMEOUT(!tab->graph()->samples().isEmpty(), 20000);
    auto* window10 = tab->findChild<QComboBox*>(QStringLiteral("graphWindow"));
    window10->setCurrentIndex(1);
    QCOMPARE(tab->graph()->windowSeconds(), haul::ui::SpeedHistory::kCapacity);
    QVERIFY(!tab->graph()->samples().isEmpty());

    // Remove: Closed is the last event the tab shows, and nothing follows it.
    window.removeTransfer(ids[0]);
    QTRY_COMPARE_WITH_TIMEOUT(trace->typeAt(trace->rowCount() - 1), haul::engine::Closed, 5000);
    const int rows = trace->rowCount();
    QTest::qWait(200); // nothing may follow Closed: a short look, there is nothing to wait for
    QCOMPARE(trace->rowCount(), rows);
    QCOMPARE(client.eventsAfterClosed(), 0);
}

void TestDetails::enterAndDoubleClickOpenTabs()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.addDownloads({url(*m_server, "/crawl.bin")}, dir.path());
    QTableView* view = window.view();
    view->setFocus();
    view->selectRow(0);
    QTest::keyClick(view, Qt::Key_Return);
    QCOMPARE(window.detailTabs().size(), 1);
    window.tabs()->setCurrentIndex(0);
    // The view lays itself out again once visible, through posted events and zero timers: run
    // what is pending, so the cell's place below is where the click lands.
    QVERIFY(view->isVisible());
    QCoreApplication::sendPostedEvents();
    QCoreApplication::processEvents();
    const QRect cell = view->visualRect(view->model()->index(0, 0));
    // A real double-click: press, release, then the double-click event and its release.
    QTest::mouseClick(view->viewport(), Qt::LeftButton, {}, cell.center());
    QTest::mouseDClick(view->viewport(), Qt::LeftButton, {}, cell.center());
    // One tab per download: the open one is shown again.
    QCOMPARE(window.detailTabs().size(), 1);
    QCOMPARE(window.tabs()->currentWidget(), window.detailTabs().first());
    window.tabs()->setCurrentIndex(0);
    window.actions()->details()->trigger(); // the context menu's "Details"
    QCOMPARE(window.detailTabs().size(), 1);
    QCOMPARE(window.tabs()->currentWidget(), window.detailTabs().first());
    // The Downloads tab cannot be closed.
    QVERIFY(!window.closeTab(window.page()));
    QCOMPARE(window.tabs()->count(), 2);
}

void TestDetails::openAndCloseTabsDuringDownloads()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QStringList urls;
    for (int i = 0; i < 6; ++i) { // events flow all through the rounds, however long they take
        urls << url(*m_server, "/endless.bin") + QStringLiteral("?%1").arg(i);
    }
    const auto ids = window.addDownloads(urls, dir.path());
    QCOMPARE(ids.size(), 6);
    QTRY_VERIFY_WITH_TIMEOUT(window.model()->counts().active > 0, 30000);

    QRandomGenerator rng(1234);
    QList<QPointer<DetailTab>> closed;
    for (int round = 0; round < 60; ++round) {
        DetailTab* tab = window.openDetails(ids[static_cast<int>(rng.bounded(6u))]);
        QVERIFY(tab);
        if (round % 3 == 0) {
            // Keep the GUI thread busy so events pile up in EngineClient, then close at once:
            // the batch that flushes next must not reach the closed tab.
            std::this_thread::sleep_for(std::chrono::milliseconds(40));
            QVERIFY(window.closeTab(tab));
        } else {
            QTest::qWait(static_cast<int>(rng.bounded(60u)));
            QVERIFY(window.closeTab(tab));
        }
        closed.append(tab);
        if (round % 10 == 0) {
            window.pauseAll();
            QTest::qWait(20); // a moment, not a state: resume lands wherever the pause got to
            window.resumeAll();
        }
    }
    // Batches keep coming for the downloads: none may reach a closed tab. A short look, as
    // nothing is expected.
    QTest::qWait(300);
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
    for (const auto& tab : closed) {
        QVERIFY(tab.isNull());
    }
    QCOMPARE(window.detailTabs().size(), 0);
    QCOMPARE(DetailTab::deliveriesAfterClose(), 0);
    QCOMPARE(client.eventsAfterClosed(), 0);
}

void TestDetails::closeTabInsideTheBatchThatFeedsIt()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    // Batches keep coming for as long as the loop below takes.
    const auto ids = window.addDownloads({url(*m_server, "/endless.bin")}, dir.path());
    QVERIFY(!ids.isEmpty());
    // This receiver was connected before the tabs: it runs first in each emission and closes
    // a tab the same emission would deliver to next.
    QObject closer;
    int closedInside = 0;
    connect(&client, &EngineClient::eventsArrived, &closer, [&](const QList<Event>&) {
        const auto tabs = window.detailTabs();
        if (!tabs.isEmpty()) {
            window.closeTab(tabs.last());
            ++closedInside;
        }
    });
    for (int i = 0; i < 20; ++i) {
        const DetailTab* tab = window.openDetails(ids[0]);
        QVERIFY(tab);
        QTRY_VERIFY_WITH_TIMEOUT(window.detailTabs().isEmpty(), 20000);
    }
    QCOMPARE(closedInside, 20);
    QCOMPARE(DetailTab::deliveriesAfterClose(), 0);
}

void TestDetails::cancelFromTableAndFromTab()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    // Both still downloading when they are cancelled, however slow the machine.
    const auto ids = window.addDownloads(
        {url(*m_server, "/endless.bin"), url(*m_server, "/held.bin")}, dir.path());
    QCOMPARE(ids.size(), 2);
    TransferListModel* model = window.model();
    QTRY_VERIFY_WITH_TIMEOUT(model->stateOf(ids[0]) == State::Downloading
                                 && model->stateOf(ids[1]) == State::Downloading,
                             30000);
    const int first = model->rowOf(ids[0]);
    const int second = model->rowOf(ids[1]);
    const QString part0 = QDir(dir.path()).filePath(QStringLiteral("endless.bin.part"));
    QTRY_VERIFY_WITH_TIMEOUT(QFile::exists(part0), 20000);
    // From the table: select the first row, press the toolbar's Cancel. The row stays,
    // Cancelled, without its transfer; its partial file goes.
    window.view()->selectRow(window.proxy()->mapFromSource(model->index(first, 0)).row());
    QVERIFY(window.actions()->cancel()->isEnabled());
    QVERIFY(!window.actions()->cancel()->shortcut().isEmpty());
    window.actions()->cancel()->trigger();
    QCOMPARE(model->stateAt(first), State::Cancelled);
    QCOMPARE(model->idAt(first), TransferId{0});
    QVERIFY(!model->contains(ids[0]));
    QTRY_VERIFY2_WITH_TIMEOUT(
        !QFile::exists(part0),
        qPrintable(QDir(dir.path()).entryList(QDir::Files).join(u' ') + u' '
                   + model->index(second, 0).data(TransferListModel::NameRole).toString()),
        20000);
    // Not a second Pause: Resume becomes Restart, and Start All leaves it alone.
    QTRY_COMPARE(window.actions()->start()->text(), QStringLiteral("Restart"));
    window.actions()->startAllAction()->trigger();
    QCOMPARE(model->stateAt(first), State::Cancelled);

    // From a tab: its Cancel button; the tab closes, its download being gone.
    QPointer<DetailTab> tab = window.openDetails(ids[1]);
    auto* cancel = tab->findChild<QPushButton*>(QStringLiteral("cancelButton"));
    QTRY_VERIFY_WITH_TIMEOUT(cancel->isEnabled(), 20000);
    QTest::mouseClick(cancel, Qt::LeftButton);
    QCOMPARE(model->stateAt(second), State::Cancelled);
    QTRY_VERIFY_WITH_TIMEOUT(tab.isNull(), 20000);

    // Restart: a new download from zero in the same row.
    window.view()->selectRow(window.proxy()->mapFromSource(model->index(first, 0)).row());
    window.actions()->start()->trigger();
    QTRY_VERIFY_WITH_TIMEOUT(model->idAt(first) != 0, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(model->stateAt(first), State::Downloading, 20000);
    QCOMPARE(model->rowCount(), 2);
}

void TestDetails::removedDownloadKeepsItsTab()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    const auto ids = window.addDownloads({url(*m_server, "/endless.bin")}, dir.path());
    DetailTab* tab = window.openDetails(ids[0]);
    QTRY_VERIFY_WITH_TIMEOUT(tab->eventsReceived() > 0, 20000);
    window.removeTransfer(ids[0]);
    QTRY_COMPARE_WITH_TIMEOUT(tab->findChild<QLabel*>(QStringLiteral("stateLabel"))->text(),
                              QStringLiteral("Removed from the list"), 20000);
    QVERIFY(!tab->findChild<QPushButton*>(QStringLiteral("cancelButton"))->isEnabled());
    QVERIFY(window.openDetails(ids[0]) == nullptr);
    QVERIFY(window.closeTab(tab));
}

void TestDetails::lateTabTellsWhatHappenedBefore()
{
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    const auto ids = window.addDownloads(
        {url(*m_server, "/slow.bin"), url(*m_server, "/missing.bin")}, dir.path());
    QCOMPARE(ids.size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(window.model()->stateOf(ids[0]), State::Completed, 20000);
    QTRY_COMPARE_WITH_TIMEOUT(window.model()->stateOf(ids[1]), State::Failed, 20000);

    // Opened after the fact: the trace still starts at the beginning and ends with the
    // completion, progress left out.
    for (const auto id : ids) {
        DetailTab* tab = window.openDetails(id);
        QVERIFY(tab);
        EventTraceModel* trace = tab->trace();
        QVERIFY(trace->rowCount() >= 3);
        QCOMPARE(trace->typeAt(0), haul::engine::Resolving);
        QCOMPARE(trace->typeAt(trace->rowCount() - 1),
                 id == ids[0] ? haul::engine::Completed : haul::engine::Failed);
        for (int row = 0; row < trace->rowCount(); ++row) {
            QVERIFY(trace->typeAt(row) != haul::engine::Progress);
        }
        QCOMPARE(tab->eventsReceived(), 0); // nothing live yet
    }
    QCOMPARE(window.eventHistory()->of(ids[1]).back().event.httpCode, 404);

    // Removed: its story goes with it.
    QCOMPARE(window.eventHistory()->transfers(), std::size_t{2});
    window.removeTransfer(ids[1]);
    QTRY_COMPARE_WITH_TIMEOUT(window.eventHistory()->transfers(), std::size_t{1}, 5000);
    QVERIFY(window.eventHistory()->of(ids[1]).empty());
}

void TestDetails::segmentMapShowsConnectionsThenTheWholeFile()
{
    // Every response holds after its first bytes until released: four connections mid-body.
    constexpr std::uint64_t kSize = 24u << 20;
    haul::server::Resource r;
    r.size = kSize;
    r.seed = 5;
    r.gateAfterBytes = haul::guitest::kHeldBytes;
    const QString shots = qEnvironmentVariable("HAUL_TEST_SCREENSHOTS");
    if (!shots.isEmpty()) {
        r.rateBytesPerSec = 512 * 1024; // per connection: still moving while pictures are taken
    }
    m_server->addResource("/segments.bin", r);
    QTemporaryDir dir;
    EngineClient client;
    MainWindow window(&client);
    window.resize(1000, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    MainWindow::AddOptions options;
    options.connections = 4;
    const auto ids = window.addDownloads({url(*m_server, "/segments.bin")}, dir.path(), options);
    QCOMPARE(ids.size(), 1);
    DetailTab* tab = window.openDetails(ids[0]);
    QVERIFY(tab);
    QCOMPARE(window.tabs()->currentWidget(), tab);
    QVERIFY(tab->segmentMapRefreshing());
    haul::ui::SegmentMapWidget* bar = tab->segmentMap();
    auto* table = tab->findChild<QTableWidget*>(QStringLiteral("connectionsTable"));
    QVERIFY(table);

    const auto held = static_cast<std::int64_t>(4 * haul::guitest::kHeldBytes);
    QTRY_VERIFY_WITH_TIMEOUT(bar->map() && bar->map()->connections.size() == 4
                                 && bar->map()->bytesDone() == held,
                             30000);
    QCOMPARE(bar->map()->total, static_cast<std::int64_t>(kSize));
    QCOMPARE(table->rowCount(), 4);
    for (int row = 0; row < 4; ++row) {
        QCOMPARE(table->item(row, 0)->text(), QString::number(row + 1));
        QVERIFY2(table->item(row, 2)->text().startsWith(QStringLiteral("256.0 KiB of ")),
                 qPrintable(table->item(row, 2)->text()));
    }
    QVERIFY(bar->doneFraction() > 0 && bar->doneFraction() < 0.1);
    QVERIFY(tab->findChild<QLabel*>(QStringLiteral("segmentSummary"))
                ->text()
                .contains(QStringLiteral("4 connections open")));

    // Hidden behind the Downloads tab it reads nothing; shown again it reads at once.
    window.tabs()->setCurrentIndex(0);
    QVERIFY(!tab->segmentMapRefreshing());
    window.tabs()->setCurrentWidget(tab);
    QVERIFY(tab->segmentMapRefreshing());
    auto* pages = tab->findChild<QTabWidget*>(QStringLiteral("detailPages"));
    QVERIFY(pages);
    pages->setCurrentIndex(1); // the event trace
    QVERIFY(!tab->segmentMapRefreshing());
    pages->setCurrentIndex(0);
    QVERIFY(tab->segmentMapRefreshing());

    QVERIFY(m_server->releaseGate("/segments.bin"));
    if (!shots.isEmpty()) {
        takeScreenshots(&window, shots, QStringLiteral("segments"));
    }
    QTRY_COMPARE_WITH_TIMEOUT(window.model()->stateOf(ids[0]), State::Completed, 60000);
    // The tab reads the map on its timer: the one published with Completed comes at the latest
    // on the next refresh (a read before it may show every byte with the connections still open).
    QTRY_VERIFY_WITH_TIMEOUT(bar->doneFraction() == 1.0 && bar->map()->connections.empty(), 5000);
    QCOMPARE(bar->map()->done.size(), std::size_t{1});
    QCOMPARE(table->rowCount(), 0);
    QVERIFY(tab->findChild<QLabel*>(QStringLiteral("segmentSummary"))
                ->text()
                .contains(QStringLiteral("no connection open")));
}

QTEST_MAIN(TestDetails)
#include "tst_details.moc"
